"""Resolve phase: a found time expression + a reference date (+ the sentence's tense, + the last date
mentioned before it) -> TimeML value, day range and precision. Pure functions: nothing reads the clock."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import lru_cache

from events.base.records import quick_init
from events.timex import periods
from events.timex.lexicon import Lexicon, lexicon
from events.timex.periods import Period

PAST, FUTURE, PRESENT = "past", "future", "present"


@quick_init
@dataclass(frozen=True)
class Span:
    """A time expression found in a text, not yet resolved."""

    start: int
    end: int
    text: str
    type: str
    rule: str
    resolver: str
    groups: tuple[tuple[str, str], ...]  # the rule's named groups that matched
    params: tuple[tuple[str, object], ...] = ()

    def group(self, name: str) -> str | None:
        for key, value in self.groups:
            if key == name:
                return value
        return None

    def param(self, name: str):
        for key, value in self.params:
            if key == name:
                return value
        return None


# What a value was counted from (TimeMention.basis): nothing (the text states it), the reference (the
# publication date), the time told just before it ("three days later", "the same month a year ago"), or
# the story's own time where the text set one in another year ("meet him Friday evening" in a 2013 story
# of July 2012).
STATED, PUBLICATION, PREVIOUS, NARRATIVE = "text", "publication", "previous", "narrative"


@quick_init
@dataclass(frozen=True)
class Resolution:
    value: str
    start: date | None
    end: date | None
    precision: str
    type: str
    mod: str | None = None
    basis: str | None = None  # STATED | PUBLICATION | PREVIOUS | NARRATIVE; None for durations and sets
    parts: tuple[str, ...] = ()  # a range written as two dates ("between April 15 and Oct. 20"): their values


class Unresolvable(ValueError):
    """The expression's fields do not make a date (February 30, year 0 ...)."""


def resolve(span: Span, reference: date | None, tense: str | None = None, anchor: "Resolution | None" = None,
            narrative: "Resolution | None" = None) -> Resolution:
    """Value of ``span`` against ``reference`` (publication date). ``anchor`` is the last dated period the
    text mentioned before the span, for "three days later" or "a year earlier"; without it the reference
    is used. ``narrative``: the story's own time, where the text set one in another year than the
    reference's (the finder decides that); a bare weekday then keeps its week unknown in that year.
    With no reference, a relative expression keeps X placeholders (XXXX-09)."""
    lex = lexicon()
    if narrative is not None and span.resolver == "weekday" and not span.group("shift"):
        return _weekday_in_narrative(span, narrative, lex)
    fn = RESOLVERS[span.resolver]
    result = fn(span, reference, tense or PRESENT, anchor, lex)
    type_ = span.type if isinstance(result, Period) else result.type
    mod = result.mod if result.mod is not None else _approximator_mod(span, lex)
    basis = result.basis
    if basis is None and type_ in ("DATE", "TIME") and reference is not None:
        basis = STATED if _stated(span) else PUBLICATION
    if isinstance(result, Period) or mod is not result.mod or basis is not result.basis:
        # one object for the answer, however many of its fields the resolver left to this function
        result = Resolution(result.value, result.start, result.end, result.precision, type_, mod, basis, getattr(result, "parts", ()))
    return result


def _approximator_mod(span: Span, lex: Lexicon) -> str | None:
    """The TimeML mod an approximator inside the extent gives ("more than a decade": MORE_THAN), or "or so"."""
    if span.group("or_so"):
        return lex.approximator_mods.get("or so")
    word = span.group("approx")
    if not word or not span.group("unit"):
        return None
    return lex.approximator_mods.get(" ".join(word.lower().split()))


# Resolvers whose value never depends on the reference: the text states it whole.
ALWAYS_STATED = frozenset({"century", "named_event"})


def _stated(span: Span) -> bool:
    """Whether the text states the value whole (a year written out), so that no reference was counted from."""
    if span.resolver in ALWAYS_STATED:
        return True
    if span.resolver == "decade":
        return span.group("decade") is not None
    if span.resolver == "named_day" and span.group("head"):
        return True  # the event's own day, or a plain date: either way it was not counted (close enough)
    return any(span.group(g) is not None for g in ("year", "year1", "year_pre", "y2k", "century_word"))


def _weekday_in_narrative(span: Span, narrative: "Resolution", lex: Lexicon) -> Resolution:
    """A bare weekday in a story told of another year: its year is the story's, its week unknown
    (2012-WXX-5, "Friday evening" 2012-WXX-5TEV). A specific day counted from the publication would be a
    wrong day; this is an honest unknown one. Its range is the story's year."""
    weekday = lex.weekday(span.group("weekday"))
    part = lex.day_parts.get((span.group("part") or "").lower())
    y = narrative.start.year
    value = f"{y:04d}-WXX-{weekday}" + (f"T{part}" if part else "")
    year = periods.year(y)
    return Resolution(value, year.start, year.end, "year", "TIME" if part else span.type, None, NARRATIVE)


# ---------------------------------------------------------------------------------------------- helpers
def _mod(span: Span, period: Period, lex: Lexicon) -> Period:
    word = span.group("mod")
    if not word:
        return period
    key = " ".join(word.lower().replace("-", " ").split())
    spec = lex.part_modifiers.get(key)
    if spec is None:
        return period
    return period.narrowed(spec["from"], spec["to"], spec["mod"])


def _shift_value(word: str | None, lex: Lexicon) -> int | None:
    if not word:
        return None
    key = " ".join(word.lower().split())
    if key.startswith("the "):
        key = key[4:]
    if key in ("this past", "past"):
        return -1
    if key in ("this coming",):
        return 1
    return lex.shifts.get(key, lex.shifts.get("the " + key))


def _relyear(span: Span, ref: date | None, lex: Lexicon) -> int | None:
    """Year given by "last year"/"next year"/"this year" after a month or day."""
    shift = _shift_value(span.group("relyear"), lex)
    if shift is None or ref is None:
        return None
    return ref.year + shift


def _year_of(span: Span, ref: date | None, lex: Lexicon) -> int | None:
    y = span.group("year")
    if y:
        return int(y)
    return _relyear(span, ref, lex)


def _month_of(span: Span, lex: Lexicon) -> int:
    if span.group("month_num"):
        return int(span.group("month_num"))
    return lex.month(span.group("month"))


def _day_of(text: str) -> int:
    return int(text.lower().rstrip("stndrh"))


# How far back (or ahead) a tense may send a day of the month written without its year, into another year.
TENSE_REACH_DAYS = 270


def _nearest_year(ref: date, month: int, day: int | None, tense: str) -> int:
    """Year of a month (and day) given without one: past tense -> on or before the reference, future ->
    on or after, otherwise the closest such date. A tense reaches into another year only TENSE_REACH_DAYS
    far; beyond, the closest such date wins."""
    d = day or 1
    candidates = []
    for y in (ref.year - 1, ref.year, ref.year + 1):
        try:
            candidates.append(date(y, month, min(d, 28) if day is None else d))
        except ValueError:  # February 29 outside a leap year
            continue
    if not candidates:
        raise Unresolvable(f"no year has {month}-{day}")
    if day is None:
        ref_key = date(ref.year, ref.month, 1)
    else:
        ref_key = ref
    chosen = _by_tense(candidates, ref_key, ref.year, tense)
    return chosen.year if chosen is not None else ref.year


def _by_tense(candidates: list[date], ref_key: date, ref_year: int, tense: str) -> date | None:
    """The candidate the tense points to (past: the latest on or before ``ref_key``, future: the first on or
    after), or with no tense the closest (the earlier one on a tie); None if the tense finds none.
    News leaves the year out for a day of the story's own year (AP style) and writes it for a day of
    another year unless that day is close: a tense pointing to a day of another year far off ("March 12"
    in February 1999 read as 1998) more likely misread the clause, and the closest day wins."""
    closest = min(candidates, key=lambda c: (abs((c - ref_key).days), c > ref_key))
    if tense not in (PAST, FUTURE):
        return closest
    side = [c for c in candidates if (c <= ref_key if tense == PAST else c >= ref_key)]
    if not side:
        return None
    chosen = max(side) if tense == PAST else min(side)
    if chosen.year != ref_year and abs((chosen - ref_key).days) > TENSE_REACH_DAYS:
        return closest
    return chosen




@lru_cache(maxsize=4096)
def _dateparser_day(text: str) -> date | None:
    import dateparser  # only for a date in a form of its own (PLAIN_DAY_FORMS): a third of a second to import

    parsed = dateparser.parse(
        text,
        languages=["en"],
        settings={"REQUIRE_PARTS": ["day", "month", "year"], "PREFER_DAY_OF_MONTH": "first", "STRICT_PARSING": True},
    )
    return parsed.date() if parsed else None


# "March 4, 2016", "March 4th 2016", "4 March 2016", "4 March, 2016", "2016-03-04": the month and day as the
# rule found them, one space apart, the day in digits with a lower-case ordinal ending or none
PLAIN_DAY_FORMS = ("{m} {d}, {y}", "{m} {d} {y}", "{d} {m} {y}", "{d} {m}, {y}", "{y}-{m}-{d}")


def _plain_day(body: str, span: Span, year: int) -> bool:
    """Is ``body`` an absolute day in one of PLAIN_DAY_FORMS?"""
    month, day = span.group("month") or span.group("month_num"), span.group("day")
    if not month or not day or not day.rstrip("stndrh").isdigit() or day != day.lower():
        return False
    return body in {form.format(m=month, d=day, y=year) for form in PLAIN_DAY_FORMS}


def _placeholder(span_type: str) -> Resolution:
    return Resolution("XXXX-XX-XX", None, None, "none", span_type)


# ---------------------------------------------------------------------------------------------- resolvers
def resolve_date(span, ref, tense, anchor, lex):
    """A day, or with the rule's ``grain: week`` the week around it ("the week of March 6")."""
    resolved = _resolve_day(span, ref, tense, lex, anchor)
    if span.param("grain") == "week" and isinstance(resolved, Period):
        return periods.week_of(resolved.start)
    return resolved


def _year_told(span, ref, tense, anchor, month: int, day: int) -> int | None:
    """The year of a day just stated in full, for a month and day written after it without one ("January 1,
    2018: ... January 9: ..." in a 2019 article; the finder passes such a day as the anchor only to a
    chronology's entries): a chronology goes on in the year it stated, as long as the
    day comes after the stated one and not after the reference (a day so continued continues it in turn:
    "March 3:" after "January 9:"). Only a stated day of the year before the
    reference's or of its own: an older one is history (KCNA's "January 11, Juche 45 (1956)"). A day in the
    future tense after a stated day of the year before lies ahead ("set for March 20"); after one of the
    reference's own year it cannot (the chronology would have skipped a year past the report), and a "will"
    in the entry is what was agreed or announced then ("January 9: Officials meet and agree that the North
    will send athletes")."""
    if anchor is None or anchor.precision != "day" or anchor.basis not in (STATED, PREVIOUS) or anchor.start is None or ref is None:
        return None
    if anchor.start.year not in (ref.year - 1, ref.year) or span.group("weekday") or span.group("shift"):
        return None
    if tense == FUTURE and anchor.start.year != ref.year:
        return None
    try:
        candidate = date(anchor.start.year, month, day)
    except ValueError:
        return None
    return candidate.year if anchor.start <= candidate <= ref else None


def _resolve_day(span, ref, tense, lex, anchor=None):
    month = _month_of(span, lex)
    day = _day_of(span.group("day"))
    y = _year_of(span, ref, lex)
    if y is not None and span.group("year"):
        # An absolute date: dateparser reads the string itself; our fields must agree with it.
        body = span.group("body") or span.text  # "body": the date inside a wider extent ("the week of ...")
        if span.group("juche") or span.group("year") not in span.text:
            # "Jan. 3, Juche 105 (2016)": the common year, in brackets; "February 24 to April 18, 2014": the
            # range's year, after the extent
            body = f"{span.group('month')} {span.group('day')}, {y}"
        weekday = span.group("weekday")
        if weekday and body.startswith(weekday):
            body = body[len(weekday) :].lstrip(" ,")
        # dateparser decides only whether such a day exists (where it reads another day, the fields win). On the
        # plain forms it refuses exactly the days the calendar has not (tests/test_plain_dates.py), so there the
        # calendar decides, without dateparser's millisecond a date
        if not _plain_day(body, span, y) and _dateparser_day(body) is None:
            raise Unresolvable(f"not a calendar date: {span.text!r}")
        try:
            return periods.day(date(y, month, day))
        except ValueError as exc:
            raise Unresolvable(f"not a calendar date: {span.text!r}") from exc
    if y is None:
        if ref is None:
            return Resolution(f"XXXX-{month:02d}-{day:02d}", None, None, "day", span.type)
        shift = _shift_value(span.group("shift"), lex)
        told = _year_told(span, ref, tense, anchor, month, day)
        if told is not None:
            return replace(periods.day(date(told, month, day)), basis=PREVIOUS)
        if shift is not None and shift != 0:  # "last Oct. 23": strictly before / after the reference
            y = _nearest_year(ref - timedelta(days=1) if shift < 0 else ref + timedelta(days=1), month, day, PAST if shift < 0 else FUTURE)
        else:
            # "Monday, Oct. 26": the weekday names the year, whatever the tense
            y = _year_of_weekday(ref, month, day, span.group("weekday"), lex) or _nearest_year(ref, month, day, tense)
    try:
        return periods.day(date(y, month, day))
    except ValueError as exc:
        raise Unresolvable(str(exc)) from exc


# A two-digit year lies at most this many years after the reference ('30 in 2023 is 2030, '68 is 1968)
SHORT_YEAR_AHEAD = 10


def _century_near(yy: int, ref: date | None) -> int | None:
    """A two-digit year ('94, 3/9/11): the latest year so written no more than SHORT_YEAR_AHEAD years after
    the reference. News writes them for the past far more often than for the future."""
    if ref is None:
        return None
    base = ref.year // 100 * 100
    return max(y for y in (base - 100 + yy, base + yy, base + 100 + yy) if y <= ref.year + SHORT_YEAR_AHEAD)


def resolve_numeric_date(span, ref, tense, anchor, lex):
    """"3/9/11", "12/28/2023": month first (a first number above 12 is the day); a two-digit year as
    _century_near reads it."""
    month, day = int(span.group("month_num")), _day_of(span.group("day"))
    y = int(span.group("year")) if span.group("year") else _century_near(int(span.group("yy")), ref)
    if y is None:
        return Resolution(f"XXXX-{month:02d}-{day:02d}", None, None, "day", span.type)
    try:
        return replace(periods.day(date(y, month, day)), basis=STATED if span.group("year") else PUBLICATION)
    except ValueError as exc:
        raise Unresolvable(str(exc)) from exc


def resolve_named_event(span, ref, tense, anchor, lex):
    """"D-Day", "the 9/11 attacks": the event's day (time_lexicon.yaml named_events)."""
    return periods.day(lex.named_events[span.group("named_event").lower().replace("’", "'")])


def resolve_named_day(span, ref, tense, anchor, lex):
    """"the June 15 joint declaration": the event's own day (time_lexicon.yaml named_days); a day with
    words no entry lists is a plain date."""
    month, day = _month_of(span, lex), _day_of(span.group("day"))
    named = lex.named_days.get((month, day))
    if named is not None and " ".join(span.group("head").lower().replace("’", "'").split()) in named[1]:
        return periods.day(named[0])
    return resolve_date(span, ref, tense, anchor, lex)


def _year_of_weekday(ref: date, month: int, day: int, weekday_name: str | None, lex) -> int | None:
    """The year next to the reference's (one before, the same, one after) in which ``month``/``day`` falls
    on the named weekday, the nearest to the reference if two do; None without a weekday or with none."""
    if not weekday_name:
        return None
    weekday = lex.weekday(weekday_name)
    fitting = []
    for y in (ref.year - 1, ref.year, ref.year + 1):
        try:
            d = date(y, month, day)
        except ValueError:
            continue
        if d.isoweekday() == weekday:
            fitting.append((abs((d - ref).days), y))
    return min(fitting)[1] if fitting else None


def resolve_day_span(span, ref, tense, anchor, lex):
    """"Dec. 22 and 23 last year": one mention covering both days."""
    month = _month_of(span, lex)
    first, last = _day_of(span.group("day")), _day_of(span.group("day2"))
    if last < first:
        raise Unresolvable(f"day range runs backwards: {span.text!r}")
    y = _year_of(span, ref, lex)
    if y is None:
        if ref is None:
            return Resolution(f"XXXX-{month:02d}-{first:02d}", None, None, "day", span.type)
        y = _nearest_year(ref, month, first, tense)
    try:
        start, end = date(y, month, first), date(y, month, last)
    except ValueError as exc:
        raise Unresolvable(str(exc)) from exc
    return Period(start.isoformat(), start, end, "day")


def resolve_date_range(span, ref, tense, anchor, lex):
    """"between April 15 and Oct. 20", "from Monday to Wednesday": one mention from the first day to the
    last, valued by its first day at the parts' precision (day); ``parts`` keeps both days for TimeML.
    A year written once, at the end, is the last day's; the first day takes it, or the year before when
    it falls later in the calendar ("Dec. 28 to Jan. 3, 2019")."""
    if span.group("weekday"):
        first_wd, last_wd = lex.weekday(span.group("weekday")), lex.weekday(span.group("weekday2"))
        if ref is None:
            return Resolution(f"XXXX-WXX-{first_wd}", None, None, "day", span.type)
        first = _weekday_date(ref, first_wd, tense, None)
        last = first + timedelta(days=(last_wd - first_wd) % 7)
        if tense == PAST and last > ref:  # "talks ran from Monday to Wednesday", told on a Tuesday: last week's
            first, last = first - timedelta(days=7), last - timedelta(days=7)
    else:
        m1, d1 = _month_of(span, lex), _day_of(span.group("day"))
        m2, d2 = lex.month(span.group("month2")), _day_of(span.group("day2"))
        y1 = int(span.group("year1")) if span.group("year1") else None
        y2 = _year_of(span, ref, lex)
        if y1 is None and y2 is None:
            if ref is None:
                return Resolution(f"XXXX-{m1:02d}-{d1:02d}", None, None, "day", span.type)
            y1 = _nearest_year(ref, m1, d1, tense)
        if y1 is None:
            y1 = y2 if (m1, d1) <= (m2, d2) else y2 - 1
        if y2 is None:
            y2 = y1 if (m2, d2) >= (m1, d1) else y1 + 1
        try:
            first, last = date(y1, m1, d1), date(y2, m2, d2)
        except ValueError as exc:
            raise Unresolvable(str(exc)) from exc
    if last <= first:
        raise Unresolvable(f"range runs backwards: {span.text!r}")
    return Resolution(first.isoformat(), first, last, "day", span.type, parts=(first.isoformat(), last.isoformat()))


def resolve_month_range(span, ref, tense, anchor, lex):
    """"between October 2006 and September 2017": one mention from the first month's first day to the
    second's last, valued by the first month at month precision; ``parts`` keeps both months for TimeML."""
    first = periods.month(int(span.group("year1")), _month_of(span, lex))
    last = periods.month(int(span.group("year")), lex.month(span.group("month2")))
    if last.start <= first.start:
        raise Unresolvable(f"range runs backwards: {span.text!r}")
    return Resolution(first.value, first.start, last.end, "month", span.type, parts=(first.value, last.value))


def resolve_month(span, ref, tense, anchor, lex):
    month = _month_of(span, lex)
    y = _year_of(span, ref, lex)
    shift = _shift_value(span.group("shift"), lex)
    if y is None:
        if ref is None:
            return Resolution(f"XXXX-{month:02d}", None, None, "month", span.type)
        if shift is None:
            y = _nearest_year(ref, month, None, tense)
        elif shift < 0:  # "last November": the latest November before this month
            y = ref.year if month < ref.month else ref.year - 1
        elif shift > 0:  # "next March": the first March after this month
            y = ref.year if month > ref.month else ref.year + 1
        else:
            y = ref.year
    return _mod(span, periods.month(y, month), lex)


def resolve_season(span, ref, tense, anchor, lex):
    code = lex.seasons[span.group("season").lower()]
    y = _year_of(span, ref, lex)
    if y is None:
        if ref is None:
            return Resolution(f"XXXX-{code}", None, None, "season", span.type)
        shift = _shift_value(span.group("shift"), lex)
        # the season a date falls in, by month (winter is December to February, named by December's year)
        current_code = next(c for c, (a, b) in periods.SEASON_MONTHS.items() if (a <= ref.month <= b) or (a > b and (ref.month >= a or ref.month <= b)))
        current_year = ref.year - 1 if current_code == "WI" and ref.month <= 2 else ref.year
        order = ["WI", "SP", "SU", "FA"]
        def index(y_, c_):
            return (y_ + (1 if c_ == "WI" else 0)) * 4 + order.index(c_)  # winter belongs with the next spring
        cur = index(current_year, current_code)
        candidates = [(yy, code) for yy in (ref.year - 1, ref.year, ref.year + 1)]
        if shift is None or shift == 0:
            if shift == 0:
                y = current_year if code == current_code else ref.year
            elif tense == PAST:
                y = max((yy for yy, c in candidates if index(yy, c) <= cur), default=ref.year)
            elif tense == FUTURE:
                y = min((yy for yy, c in candidates if index(yy, c) >= cur), default=ref.year)
            else:
                y = ref.year
        elif shift < 0:
            y = max((yy for yy, c in candidates if index(yy, c) < cur), default=ref.year - 1)
        else:
            y = min((yy for yy, c in candidates if index(yy, c) > cur), default=ref.year + 1)
    return _mod(span, periods.season(y, code), lex)


def resolve_quarter(span, ref, tense, anchor, lex):
    word = span.group("ordinal").lower()
    q = int(word[0]) if word[0].isdigit() else lex.ordinals[word]
    if q < 0:  # "the final quarter", "the last quarter of 2015": the fourth
        q += 5
    y = span.group("year") or span.group("year_pre")
    if y:
        return periods.quarter(int(y), q)
    y = _relyear(span, ref, lex)
    if y is None:
        if ref is None:
            return Resolution(f"XXXX-Q{q}", None, None, "quarter", span.type)
        y = ref.year
        shift = _shift_value(span.group("shift"), lex)
        if shift is not None and shift < 0:
            y -= 1
        elif shift is None and tense == PAST and periods.quarter(y, q).start > ref:
            # "prices rose in the fourth quarter", written in March: last year's, the latest begun. The
            # future does not move it: a quarter gone by is reported ahead ("will report third-quarter
            # results" in October is this year's)
            y -= 1
    return periods.quarter(y, q)


def resolve_quarter_ref(span, ref, tense, anchor, lex):
    """"the quarter", "the latest quarter": the quarter just mentioned, else the last complete one."""
    if anchor is not None and anchor.precision == "quarter" and not span.group("latest"):
        return Period(anchor.value, anchor.start, anchor.end, "quarter", basis=PREVIOUS)
    if ref is None:
        return Resolution("XXXX-QX", None, None, "none", span.type)
    if span.text.lower().startswith(("this", "its current")) or " current " in span.text.lower():
        return periods.containing(ref, "quarter")
    previous = periods.add_months(ref, -3)
    return periods.containing(previous, "quarter")


def resolve_half(span, ref, tense, anchor, lex):
    h = 1 if span.group("ordinal").lower() == "first" else 2
    if span.group("year"):
        return periods.half(int(span.group("year")), h)
    if ref is None:
        return Resolution(f"XXXX-H{h}", None, None, "half", span.type)
    return periods.half(ref.year + (_shift_value(span.group("shift"), lex) or 0), h)


def resolve_year(span, ref, tense, anchor, lex):
    if span.group("y2k") is not None:
        return periods.year(2000)
    if span.group("century_word"):
        century = 1900 if span.group("century_word").lower() == "nineteen" else 2000
        return periods.year(century + int(lex.number(span.group("year_word"))))
    if span.group("yy"):  # "since '94"
        y = _century_near(int(span.group("yy")), ref)
        if y is None:
            return Resolution(f"XX{span.group('yy')}", None, None, "none", span.type)
        return replace(periods.year(y), basis=PUBLICATION)
    period = periods.year(int(span.group("year")))
    prefix = (span.group("prefix") or "").lower()
    if prefix:
        return replace(period, mod=lex.prefix_mods.get(prefix))
    return _mod(span, period, lex)


def resolve_decade(span, ref, tense, anchor, lex):
    if span.group("decade"):
        first = int(span.group("decade")) * 10
    else:
        digit = int(span.group("decade2"))
        century = (ref.year // 100 * 100) if ref else 1900
        first = century + digit * 10
        if ref and first > ref.year:
            first -= 100
    return _mod(span, periods.decade(first), lex)


def resolve_century(span, ref, tense, anchor, lex):
    word = span.group("ordinal").lower()
    number = int(word.rstrip("stndrh")) if word[0].isdigit() else lex.ordinals.get(word)
    if not number or number < 1:
        raise Unresolvable(f"no century {word!r}")
    return _mod(span, periods.century(number), lex)


def resolve_shift_unit(span, ref, tense, anchor, lex):
    unit_word = span.group("unit")
    unit = lex.unit(unit_word) if unit_word else None
    grain = unit.grain if unit else {"CE": "century"}[span.param("unit")]
    shift_word = (span.group("shift") or span.param("shift") or "this").lower()
    key = shift_word[4:] if shift_word.startswith("the ") else shift_word
    if key in ("", "the", "same"):
        shift = 0
    else:
        shift = lex.shifts.get(key, 0)
    if ref is None:
        return Resolution({"year": "XXXX", "month": "XXXX-XX", "week": "XXXX-WXX"}.get(grain, "XXXX"), None, None, "none", span.type)
    base, basis = ref, None
    if key in lex.anaphoric_shifts and anchor is not None and anchor.start is not None and anchor.precision != "none":
        base, basis = anchor.start, PREVIOUS  # "the following month": the month after the one just told
    period = replace(periods.containing(periods.shifted(base, grain, shift), grain), basis=basis)
    mod_word = (span.group("mod") or "").lower()
    if shift == 0 and mod_word == "earlier":  # "earlier this month": up to the reference
        return period.clipped(end=ref, mod="START")
    if (shift == 0 and mod_word == "later") or mod_word in ("the rest of", "the remainder of"):
        return period.clipped(start=ref, mod="END")
    # "early next year", "the end of this week"; "sometime" narrows nothing
    spec = lex.part_modifiers.get({"mid-": "mid", "earlier": "early", "later": "late"}.get(mod_word, mod_word))
    if spec:
        return period.narrowed(spec["from"], spec["to"], spec["mod"])
    return period


def resolve_same_unit(span, ref, tense, anchor, lex):
    """"the same month a year ago": the period of the time just told (else the reference's), of the
    named grain ("the same period": the told time's own grain), moved back the years written."""
    told = anchor if anchor is not None and anchor.start is not None and anchor.precision not in ("none", "decade", "century") else None
    base = told.start if told is not None else ref
    if base is None:
        return _placeholder(span.type)
    unit = span.group("unit").lower()
    grain = (told.precision if told is not None else "year") if unit == "period" else unit
    if grain == "season" and (told is None or told.precision != "season"):
        grain = "month"  # no season told to take: the month, the nearest grain that can be counted
    years = 0
    if span.group("number"):
        years = int(lex.number(span.group("number")) or 1)
    elif span.group("shift") or "year before" in span.text.lower():
        years = 1
    moved = periods.add_years(base, -years)
    if grain == "season":
        period = periods.season(moved.year, told.value[-2:])  # a winter is named by its December's year
    elif grain in ("half",):
        period = periods.half(moved.year, 1 if moved.month <= 6 else 2)
    else:
        period = periods.containing(moved, grain)
    return replace(period, basis=PREVIOUS if told is not None else PUBLICATION)


def _amount(span: Span, lex: Lexicon) -> float | None:
    word = span.group("number")
    if word is None:
        return None
    return lex.number(word)


def _anchor_day(anchor: Resolution | None) -> date | None:
    return anchor.start if anchor is not None and anchor.precision == "day" else None


# A "<n> months later|earlier" after a month told counts from that month: "in April last year, and a month
# later" is May. A year after a year or a quarter is not counted so: business news writes "a year earlier" of
# the report's own year ("the year-earlier quarter", TimeBank), and a finer unit ("a week later" after "in
# April") has no day to count from.
COARSE_ANCHORS = ("month",)


def _anchor_period(anchor: Resolution | None, grain: str) -> date | None:
    """The first day of the period told before, when a shift of ``grain`` can count from it: a day, or a
    month shifted by months."""
    if anchor is None or anchor.start is None:
        return None
    if anchor.precision == "day" or anchor.precision in COARSE_ANCHORS and grain == anchor.precision:
        return anchor.start
    return None


def resolve_offset(span, ref, tense, anchor, lex):
    """"two weeks ago" (from the reference), "three days later" (from the last date mentioned).
    A year back from a quarter just mentioned is that quarter a year earlier ("the year-ago quarter")."""
    unit = lex.unit(span.group("unit"))
    direction = span.group("direction").lower()
    sign = -1 if direction in ("ago", "earlier", "before", "back") else 1
    anaphoric = direction not in ("ago", "from now", "hence", "back")
    amount = _amount(span, lex) if span.group("number") is not None else None if span.param("amount") == "vague" else 1.0
    if span.group("half") and amount is not None:
        amount += 0.5
    if (
        anchor is not None
        and anchor.precision == "quarter"
        and unit.grain == "year"
        and amount is not None
        and amount == int(amount)
        and anchor.start is not None
    ):
        moved = periods.add_years(anchor.start, int(sign * amount))
        return replace(periods.quarter(moved.year, periods.quarter_of(moved)), basis=PREVIOUS)
    counted_from = _anchor_period(anchor, unit.grain) if anaphoric else None
    if (anaphoric and counted_from is None and amount is not None and unit.grain in ("day", "week") and anchor is not None
            and anchor.start is not None and anchor.precision in ("month", "year") and anchor.basis == STATED):
        # "June 1999: ... a naval clash a week earlier": days or weeks from a month or a year stated just before
        # stay about that time (its period, as coarse), not counted from the reference, years off
        return replace(periods.containing(anchor.start, anchor.precision), basis=PREVIOUS)
    base = (counted_from or ref) if anaphoric else ref
    basis = PREVIOUS if counted_from is not None else None
    if span.text.lower().endswith("quarter") and unit.grain == "year" and base is not None and amount == 1:
        # "the year-ago quarter" after "the quarter ended Sept. 30": a quarter, a year before the day
        # mentioned, else before the last complete quarter
        day = _anchor_day(anchor) or (periods.add_months(ref, -3) if ref is not None else base)
        moved = periods.add_years(day, int(sign))
        return replace(periods.quarter(moved.year, periods.quarter_of(moved)), basis=PREVIOUS if _anchor_day(anchor) else None)
    if base is None:
        return Resolution("PAST_REF" if sign < 0 else "FUTURE_REF", None, None, "none", span.type)
    if amount is None:  # "a few days ago"
        code = "PAST_REF" if sign < 0 else "FUTURE_REF"
        reach = lex.vague_ago.get(unit.grain)
        if reach is not None and sign < 0 and base.toordinal() > reach[1]:
            # "a few days ago", "just days ago": a range back from the reference (time_lexicon.yaml vague_ago)
            return Resolution(code, base - timedelta(days=reach[1]), base - timedelta(days=reach[0]), "none", span.type)
        return Resolution(code, None, base, "none", span.type) if sign < 0 else Resolution(code, base, None, "none", span.type)
    grain = unit.grain
    if grain in ("hour", "minute", "second"):
        return replace(periods.day(base), basis=basis)
    if grain == "weekend":
        grain = "week"
    moved = periods.shifted(base, grain, sign * amount)
    if grain in ("decade", "century"):
        return replace(periods.year(moved.year), basis=basis)
    if amount != int(amount) and grain in ("year", "month", "quarter"):
        return replace(periods.month(moved.year, moved.month), basis=basis)
    return replace(periods.containing(moved, grain), basis=basis)


def resolve_day_offset(span, ref, tense, anchor, lex):
    word = " ".join((span.group("day_word") or "").lower().split())
    if span.group("tonight") or word == "tonight":
        offset = 0
        part = "NI"
    else:
        part = lex.day_parts.get((span.group("part") or "").lower())
        if word in ("this",):
            offset = 0
        elif word == "last":
            offset = -1 if part in ("NI", "EV") else 0
        elif not word:  # "earlier in the morning": no day word, the reference's own day
            offset = 0
        else:
            offset = lex.day_offsets[word]
    if ref is None:
        return Resolution("XXXX-XX-XX" + (f"T{part}" if part else ""), None, None, "day", span.type)
    d = ref + timedelta(days=offset)
    period = periods.day(d)
    if part:
        return Resolution(f"{d.isoformat()}T{part}", d, d, "day", span.type)
    return period


def resolve_anchored_day(span, ref, tense, anchor, lex):
    offset = lex.anchored_days[" ".join(span.group("anchored").lower().split())]
    base = _anchor_day(anchor) or ref
    if base is None:
        return _placeholder(span.type)
    return replace(periods.day(base + timedelta(days=offset)), basis=PREVIOUS if _anchor_day(anchor) else None)


def _weekday_date(ref: date, weekday: int, tense: str, shift: int | None) -> date:
    delta = weekday - ref.isoweekday()
    if shift == 0:  # "this Friday": the Friday of this week
        return ref + timedelta(days=delta)
    if shift is not None and shift < 0:  # "last Friday": strictly before
        back = (ref.isoweekday() - weekday) % 7 or 7
        return ref - timedelta(days=back)
    if shift is not None and shift > 0:  # "next Friday": strictly after
        ahead = (weekday - ref.isoweekday()) % 7 or 7
        return ref + timedelta(days=ahead)
    back, ahead = (ref.isoweekday() - weekday) % 7, (weekday - ref.isoweekday()) % 7
    if tense == FUTURE or tense == PRESENT and ahead < back:
        # no tense ("they meet Monday", "until 9 a.m. Tuesday"): the closest such day, the past one on a tie
        return ref + timedelta(days=ahead)
    return ref - timedelta(days=back)


def resolve_weekday(span, ref, tense, anchor, lex):
    weekday = lex.weekday(span.group("weekday"))
    part = lex.day_parts.get((span.group("part") or "").lower())
    if ref is None:
        return Resolution("XXXX-WXX-" + str(weekday), None, None, "day", span.type)
    d = _weekday_date(ref, weekday, tense, _shift_value(span.group("shift"), lex))
    if part:
        return Resolution(f"{d.isoformat()}T{part}", d, d, "day", "TIME")
    return periods.day(d)


def resolve_weekend(span, ref, tense, anchor, lex):
    """"the weekend": the last one for past tense (or if today is one), else the coming one."""
    if ref is None:
        return Resolution("XXXX-WXX-WE", None, None, "week", span.type)
    text = span.text.lower()
    if ref.isoweekday() >= 6:
        return periods.weekend_of(ref)
    if "coming" in text or tense == FUTURE:
        return periods.weekend_of(ref)
    return periods.weekend_of(ref - timedelta(days=7))


def holiday_date(spec: dict, year: int) -> date:
    if "day" in spec:
        return date(year, spec["month"], spec["day"])
    if "easter" in spec:
        from dateutil.easter import easter

        return easter(year) + timedelta(days=spec["easter"])
    first = date(year, spec["month"], 1)
    if spec["nth"] > 0:
        offset = (spec["weekday"] - first.isoweekday()) % 7
        return first + timedelta(days=offset + 7 * (spec["nth"] - 1))
    last = periods.add_months(first, 1) - timedelta(days=1)
    return last - timedelta(days=(last.isoweekday() - spec["weekday"]) % 7)


def resolve_holiday(span, ref, tense, anchor, lex):
    spec = lex.holidays[" ".join(span.group("holiday").lower().replace("’", "'").split())]
    if span.group("year"):
        return periods.day(holiday_date(spec, int(span.group("year"))))
    if ref is None:
        return _placeholder(span.type)
    shift = _shift_value(span.group("shift"), lex)
    this_year = holiday_date(spec, ref.year)
    if shift is not None and shift < 0:
        return periods.day(this_year if this_year < ref else holiday_date(spec, ref.year - 1))
    if shift is not None and shift > 0:
        return periods.day(this_year if this_year > ref else holiday_date(spec, ref.year + 1))
    candidates = [holiday_date(spec, y) for y in (ref.year - 1, ref.year, ref.year + 1)]
    return periods.day(_by_tense(candidates, ref, ref.year, tense))


def resolve_clock(span, ref, tense, anchor, lex):
    if span.group("noon"):
        hour, minute = (12, 0) if span.group("noon").lower() in ("noon", "midday") else (0, 0)
    elif span.group("hour24"):
        hour, minute = int(span.group("hour24")), int(span.group("minute24"))
    else:
        hour = int(span.group("hour")) % 12
        minute = int(span.group("minute") or 0)
        ampm = (span.group("ampm") or "").lower()
        if ampm.startswith("p"):
            hour += 12
        elif ampm.startswith("o") and hour < 7:
            hour += 12  # "two o'clock" in news is afternoon more often than night
    clock = f"T{hour:02d}:{minute:02d}" + (f":{span.group('second')}" if span.group("second") else "")
    if span.group("tz") and span.group("tz") in lex.utc_zones:
        clock += "Z"  # "21:30 UTC": TimeML writes the zone of universal time as Z
    if ref is None:
        return Resolution(f"XXXX-XX-XX{clock}", None, None, "day", "TIME")
    d, basis = ref, None
    beside = span.param("day_beside") and _anchor_day(anchor)
    if beside and not (span.group("weekday") or span.group("day_word") or span.group("month")):
        d, basis = beside, PREVIOUS  # "Thursday at 21:30 UTC": the time of the day written beside it
    elif span.group("weekday"):
        d = _weekday_date(ref, lex.weekday(span.group("weekday")), tense, None)
    elif span.group("day_word"):
        d = ref + timedelta(days=lex.day_offsets[span.group("day_word").lower()])
    elif span.group("month"):
        m, dd = lex.month(span.group("month")), _day_of(span.group("day"))
        y = int(span.group("year")) if span.group("year") else _nearest_year(ref, m, dd, tense)
        try:
            d = date(y, m, dd)
        except ValueError as exc:
            raise Unresolvable(str(exc)) from exc
    return Resolution(f"{d.isoformat()}{clock}", d, d, "day", "TIME", None, basis if basis else (STATED if span.group("year") else None))


def resolve_reference(span, ref, tense, anchor, lex):
    code = lex.references[" ".join(span.group("reference").lower().split())]
    if ref is None:
        return Resolution(code, None, None, "none", span.type)
    if code == "PRESENT_REF":
        return Resolution(code, ref, ref, "none", span.type)
    if code == "PAST_REF":
        # "recently": a range ending at the reference, as far back as the lexicon says (recent_reach); "the
        # past" keeps only its end
        reach = lex.recent_reach.get(" ".join(span.group("reference").lower().split()))
        return Resolution(code, ref - timedelta(days=reach) if reach and ref.toordinal() > reach else None, ref, "none", span.type)
    return Resolution(code, ref, None, "none", span.type)


# Decades and centuries in years; duration units by size, for spelling out a fraction in the next smaller
# unit ("5 1/2 hours" = PT5H30M).
YEARS_IN = {"DE": 10, "CE": 100}
SMALLER_UNIT = {"Y": ("M", 12), "M": ("D", 30), "W": ("D", 7), "D": ("H", 24), "H": ("M", 60), "MIN": ("S", 60), "Q": ("M", 3)}
TIME_CODES = {"H", "MIN", "S"}


def _duration_value(amount: float | None, unit_code: str, is_time: bool) -> str:
    """TimeML duration value: P2W, PT24H, P20Y, PXY (unspecified amount), P5DT12H (a fraction).
    Decades and centuries count in years (ISO 8601 has no unit for them; TimeBank writes "two decades"
    as P20Y and "decades-long" as PXY)."""
    if unit_code == "WE":
        amount, unit_code = (None if amount is None else amount * 2), "D"
    if unit_code in YEARS_IN:
        amount, unit_code = (None if amount is None else amount * YEARS_IN[unit_code]), "Y"
    letter = {"MIN": "M"}.get(unit_code, unit_code)
    prefix = "PT" if is_time else "P"
    if amount is None:
        return f"{prefix}X{letter}"
    whole = int(amount)
    if amount == whole or unit_code not in SMALLER_UNIT:
        return f"{prefix}{round(amount)}{letter}"
    small_code, factor = SMALLER_UNIT[unit_code]
    rest = round((amount - whole) * factor)
    small_letter = {"MIN": "M"}.get(small_code, small_code)
    small_is_time = small_code in TIME_CODES or (small_code == "M" and unit_code == "H")
    parts = f"{whole}{letter}" if whole else ""
    if is_time:
        return f"PT{parts}{rest}{small_letter}"
    if small_is_time:
        return f"P{parts}T{rest}{small_letter}"
    return f"P{parts}{rest}{small_letter}"


def resolve_duration(span, ref, tense, anchor, lex):
    approx = span.group("approx")
    unit_word = span.group("unit")
    if unit_word is None:  # "for years": the plural alone
        unit = lex.unit(approx)
        return Resolution(_duration_value(None, unit.code, unit.is_time), None, None, "none", "DURATION")
    unit = lex.unit(unit_word)
    if span.group("vague") is not None:
        amount = None
    elif span.group("fraction"):  # "a quarter of a century": P25Y
        amount = lex.fractions[" ".join(span.group("fraction").lower().split())]
    else:
        amount = _amount(span, lex) if span.group("number") else span.param("amount")
        if span.group("half"):
            amount = (amount or 0) + 0.5
    return Resolution(_duration_value(amount, unit.code, unit.is_time), None, None, "none", "DURATION", _approximator_mod(span, lex))


def resolve_set(span, ref, tense, anchor, lex):
    adverb = span.group("adverb")
    if adverb:
        return Resolution(lex.set_adverbs[adverb.lower()], None, None, "none", "SET")
    if span.group("weekday"):  # "every Monday", "Tuesday nights"
        part = lex.day_parts.get((span.group("part") or "").lower(), "")
        return Resolution(f"XXXX-WXX-{lex.weekday(span.group('weekday'))}{part and 'T' + part}", None, None, "none", "SET")
    if span.group("month"):  # "each July"
        return Resolution(f"XXXX-{_month_of(span, lex):02d}", None, None, "none", "SET")
    unit = lex.unit(span.group("unit").rstrip("s") if span.group("unit").lower() not in lex.units else span.group("unit"))
    amount = _amount(span, lex) if span.group("number") else 1.0
    return Resolution(_duration_value(amount or 1.0, unit.code, unit.is_time), None, None, "none", "SET")


RESOLVERS = {
    "date": resolve_date,
    "named_day": resolve_named_day,
    "numeric_date": resolve_numeric_date,
    "named_event": resolve_named_event,
    "same_unit": resolve_same_unit,
    "day_span": resolve_day_span,
    "date_range": resolve_date_range,
    "month_range": resolve_month_range,
    "month": resolve_month,
    "season": resolve_season,
    "quarter": resolve_quarter,
    "half": resolve_half,
    "quarter_ref": resolve_quarter_ref,
    "year": resolve_year,
    "decade": resolve_decade,
    "century": resolve_century,
    "shift_unit": resolve_shift_unit,
    "offset": resolve_offset,
    "day_offset": resolve_day_offset,
    "anchored_day": resolve_anchored_day,
    "weekday": resolve_weekday,
    "clock": resolve_clock,
    "weekend": resolve_weekend,
    "holiday": resolve_holiday,
    "reference": resolve_reference,
    "duration": resolve_duration,
    "set": resolve_set,
}
