"""The time engine's vocabulary: month, weekday, season, number and unit words, loaded from
``data/time_lexicon.yaml`` once, validated, and turned into lookup tables and regex alternations."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from events.base.datafiles import LexiconError, read_data


@dataclass(frozen=True)
class Unit:
    code: str  # TimeML duration letter(s): Y, M, W, D, H, MIN, S, DE, CE, Q, WE
    grain: str
    is_time: bool


@dataclass(frozen=True)
class Lexicon:
    months: dict[str, int]  # lower-cased name (dot stripped) -> 1..12
    month_names: tuple[str, ...]  # surface forms as written in the file
    ambiguous_months: frozenset[str]
    weekdays: dict[str, int]  # lower-cased -> ISO weekday 1..7
    weekday_names: tuple[str, ...]
    seasons: dict[str, str]
    day_parts: dict[str, str]
    units: dict[str, Unit]  # lower-cased word -> unit
    numbers: dict[str, float]
    tens: tuple[str, ...]
    vague_amounts: frozenset[str]
    ordinals: dict[str, int]
    shifts: dict[str, int]
    part_modifiers: dict[str, dict]
    approximators: tuple[str, ...]
    approximator_mods: dict[str, str]  # "more than" -> MORE_THAN, "about" -> APPROX
    prefix_mods: dict[str, str]  # "post" -> AFTER
    outside_approximators: tuple[str, ...]  # "about": outside the extent, gives its mod
    not_narrative_after: frozenset[str]  # "since": a date after it sets no story time
    commemoration_cues: tuple[str, ...]  # "anniversary": the sentence's weekday is today's ceremony
    unit_qualifiers: tuple[str, ...]  # "trading" in "three trading days"
    fractions: dict[str, float]  # "a quarter of a" -> 0.25
    share_units: frozenset[str]  # "quarter": "a quarter of the voters" is an amount
    comparison_markers: tuple[str, ...]  # "than": "two weeks earlier than usual" is a duration
    named_events: dict[str, date]  # "d-day" -> 1944-06-06
    named_event_names: tuple[str, ...]  # as written ("D-Day"): matched case-sensitively
    anaphoric_shifts: frozenset[str]  # "following", "previous": counted from the time just told
    rescheduled_to: tuple[str, ...]  # "moved to": the day after it lies ahead
    date_move: re.Pattern  # "moved from March 1 to April 1": a verb of moving a date, shortly before a range
    utc_zones: tuple[str, ...]  # GMT, UTC: written with Z
    local_zones: tuple[str, ...]
    references: dict[str, str]  # phrase -> PRESENT_REF | PAST_REF | FUTURE_REF
    recent_reach: dict[str, int]  # "recently" -> 30: a past reference that reaches this many days back
    vague_ago: dict[str, tuple[int, int]]  # "day" -> (1, 7): "a few days ago" lies 1 to 7 days back
    day_offsets: dict[str, int]
    holidays: dict[str, dict]  # lower-cased name -> {month, day} | {month, weekday, nth} | {easter}
    named_days: dict[tuple[int, int], tuple[date, frozenset[str]]]  # (month, day) -> (the event's date, heads)
    anchored_days: dict[str, int]
    set_adverbs: dict[str, str]
    month_cues: tuple[str, ...]
    year_blockers_before: frozenset[str]
    year_blockers_after: frozenset[str]
    future_cues: tuple[str, ...]
    past_cues: tuple[str, ...]
    participle_cues: tuple[str, ...]
    participle_leads: frozenset[str]  # before a weak cue: a participle or an adjective, no tense
    will_noun_leads: frozenset[str]  # before "will": the noun ("the will to"), no future
    relative_leads: frozenset[str]  # a participle lead that may be a relative pronoun ("that docked in")
    verb_complements: frozenset[str]  # after a weak cue: it takes a complement, so it is a verb
    report_markers: tuple[str, ...]  # "according to": a date after it in its clause is a report's, past
    clause_openers: tuple[str, ...]  # a word that opens a new clause for tense ("that", "saying")
    dateline_agencies: tuple[str, ...]
    bound_prepositions: tuple[str, ...]
    trigger_words: tuple[str, ...]
    starter_words: tuple[str, ...]
    rate_words_before: frozenset[str]
    name_opener: re.Pattern  # a title's first word right before a capitalised day word ("USA Today")
    name_head: re.Pattern  # a name's head word right after a time expression ("Friday Mosque")
    month_name_opener: re.Pattern  # a name's first word right before a capitalised month ("Long March 5")

    # ------------------------------------------------------------------ lookups
    def number(self, word: str) -> float | None:
        """Value of a digit string or number phrase ("24", "twenty-four", "a", "1.5"); None if vague."""
        w = " ".join(word.lower().replace("-", " ").split())
        if re.fullmatch(r"\d+(?:\.\d+)?", w):
            return float(w)
        if w.replace(",", "").isdigit():
            return float(w.replace(",", ""))
        if w in self.numbers:
            return self.numbers[w]
        parts = w.split()
        if len(parts) == 2 and parts[0] in self.numbers and parts[1] in self.numbers:
            return self.numbers[parts[0]] + self.numbers[parts[1]]
        return None

    def unit(self, word: str) -> Unit:
        return self.units[word.lower().rstrip(".")]

    def month(self, word: str) -> int:
        return self.months[_key(word)]

    def weekday(self, word: str) -> int:
        return self.weekdays[_key(word)]


def _key(word: str) -> str:
    return word.lower().rstrip(".")


def _require(data: dict, key: str, kind: type):
    if key not in data:
        raise LexiconError(f"time_lexicon.yaml: missing section {key!r}")
    if not isinstance(data[key], kind):
        raise LexiconError(f"time_lexicon.yaml: section {key!r} must be a {kind.__name__}")
    return data[key]


def _name_table(data: dict, key: str, valid) -> tuple[dict[str, int], tuple[str, ...]]:
    table: dict[str, int] = {}
    names: list[str] = []
    for value, words in _require(data, key, dict).items():
        if not valid(value):
            raise LexiconError(f"time_lexicon.yaml: {key}: bad key {value!r}")
        for w in words:
            if _key(w) in table:
                raise LexiconError(f"time_lexicon.yaml: {key}: {w!r} listed twice")
            table[_key(w)] = value
            names.append(w)
    return table, tuple(names)


def _holidays(table: dict) -> dict[str, dict]:
    holidays = {}
    for name, spec in table.items():
        keys = set(spec)
        if keys not in ({"month", "day"}, {"month", "weekday", "nth"}, {"easter"}):
            raise LexiconError(f"time_lexicon.yaml: holidays: {name!r} needs month+day, month+weekday+nth or easter")
        if "month" in spec and not 1 <= spec["month"] <= 12:
            raise LexiconError(f"time_lexicon.yaml: holidays: {name!r} has a bad month")
        holidays[name.lower().replace("’", "'")] = dict(spec)
    return holidays


def _named_days(table: dict, months: dict[str, int]) -> dict[tuple[int, int], tuple[date, frozenset[str]]]:
    named = {}
    for written, spec in table.items():
        where = f"time_lexicon.yaml: named_days: {written!r}"
        parts = str(written).split()
        if len(parts) != 2 or _key(parts[0]) not in months or not parts[1].isdigit():
            raise LexiconError(f"{where}: write the day as 'June 15'")
        if not isinstance(spec, dict) or not isinstance(spec.get("date"), date) or not spec.get("heads"):
            raise LexiconError(f"{where}: needs a date (YYYY-MM-DD) and heads")
        key = (months[_key(parts[0])], int(parts[1]))
        if (spec["date"].month, spec["date"].day) != key:
            raise LexiconError(f"{where}: its date {spec['date']} is another day")
        named[key] = (spec["date"], frozenset(" ".join(str(h).lower().split()) for h in spec["heads"]))
    return named


TIMEML_MODS = frozenset({"BEFORE", "AFTER", "ON_OR_BEFORE", "ON_OR_AFTER", "LESS_THAN", "MORE_THAN", "EQUAL_OR_LESS", "EQUAL_OR_MORE", "START", "MID", "END", "APPROX"})


def _mods(data: dict, key: str) -> dict[str, str]:
    table = {" ".join(str(k).lower().split()): str(v) for k, v in _require(data, key, dict).items()}
    bad = sorted(v for v in table.values() if v not in TIMEML_MODS)
    if bad:
        raise LexiconError(f"time_lexicon.yaml: {key}: not TimeML mods: {bad}")
    return table


def _named_events(table: dict) -> dict[str, date]:
    named = {}
    for name, day in table.items():
        if not isinstance(day, date):
            raise LexiconError(f"time_lexicon.yaml: named_events: {name!r} needs a date (YYYY-MM-DD)")
        named[str(name).lower().replace("’", "'")] = day
    return named


def _fractions(table: dict) -> dict[str, float]:
    fractions = {}
    for words, share in table.items():
        if not isinstance(share, (int, float)) or not 0 < share < 1:
            raise LexiconError(f"time_lexicon.yaml: fractions: {words!r} needs a share between 0 and 1")
        fractions[" ".join(str(words).lower().split())] = float(share)
    return fractions


def _words(section: dict, key: str) -> frozenset[str]:
    """A list of words, each a string: a bare YAML on, off, yes or no would read as a boolean."""
    words = section.get(key)
    if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
        raise LexiconError(f"time_lexicon.yaml: tense_cues.{key} must be a list of words (quote on, off, yes, no)")
    return frozenset(w.lower() for w in words)


def parse_lexicon(data: dict) -> Lexicon:
    months, month_names = _name_table(data, "months", lambda k: isinstance(k, int) and 1 <= k <= 12)
    weekdays, weekday_names = _name_table(data, "weekdays", lambda k: isinstance(k, int) and 1 <= k <= 7)
    if sorted(set(months.values())) != list(range(1, 13)):
        raise LexiconError("time_lexicon.yaml: months must name all twelve months")
    if sorted(set(weekdays.values())) != list(range(1, 8)):
        raise LexiconError("time_lexicon.yaml: weekdays must name all seven days")
    seasons = {w.lower(): code for code, ws in _require(data, "seasons", dict).items() for w in ws}
    if set(seasons.values()) != {"SP", "SU", "FA", "WI"}:
        raise LexiconError("time_lexicon.yaml: seasons must be SP, SU, FA, WI")
    day_parts = {w.lower(): code for code, ws in _require(data, "day_parts", dict).items() for w in ws}
    units: dict[str, Unit] = {}
    for code, spec in _require(data, "units", dict).items():
        unit = Unit(code=code, grain=spec["grain"], is_time=bool(spec["time"]))
        for w in spec["words"]:
            units[w.lower()] = unit
    numbers = {str(k).lower(): float(v) for k, v in _require(data, "numbers", dict).items()}
    ordinals = {str(k).lower(): int(v) for k, v in _require(data, "ordinals", dict).items()}
    shifts = {str(k).lower(): int(v) for k, v in _require(data, "shifts", dict).items()}
    mods = _require(data, "part_modifiers", dict)
    for name, spec in mods.items():
        if not (0.0 <= spec["from"] < spec["to"] <= 1.0) or spec["mod"] not in {"START", "MID", "END"}:
            raise LexiconError(f"time_lexicon.yaml: part_modifiers: bad entry {name!r}")
    references = {}
    for code, phrases in _require(data, "references", dict).items():
        if code not in {"PRESENT_REF", "PAST_REF", "FUTURE_REF"}:
            raise LexiconError(f"time_lexicon.yaml: references: unknown code {code!r}")
        for p in phrases:
            references[p.lower()] = code
    reach = {str(k).lower(): v for k, v in _require(data, "recent_reach", dict).items()}
    if any(references.get(k) != "PAST_REF" or not isinstance(v, int) or v <= 0 for k, v in reach.items()):
        raise LexiconError("time_lexicon.yaml: recent_reach must map PAST_REF phrases to a positive number of days")
    try:
        vague_ago = {str(k): (int(v[0]), int(v[1])) for k, v in _require(data, "vague_ago", dict).items()}
    except (TypeError, ValueError, IndexError):
        raise LexiconError("time_lexicon.yaml: vague_ago must map grains to [least, most] days") from None
    if any(not 0 <= lo <= hi for lo, hi in vague_ago.values()):
        raise LexiconError("time_lexicon.yaml: vague_ago must map grains to [least, most] days")
    approximator_mods = _mods(data, "approximator_mods")
    outside = tuple(str(w) for w in _require(data, "outside_approximators", list))
    if set(w.lower() for w in outside) - set(approximator_mods):
        raise LexiconError("time_lexicon.yaml: outside_approximators must each have a mod in approximator_mods")
    zones = _require(data, "time_zones", dict)
    if set(zones) != {"utc", "local"} or not all(isinstance(v, list) for v in zones.values()):
        raise LexiconError("time_lexicon.yaml: time_zones needs the lists utc and local")
    ambiguous = frozenset(_require(data, "ambiguous_months", list))
    unknown = ambiguous - set(month_names)
    if unknown:
        raise LexiconError(f"time_lexicon.yaml: ambiguous_months not among months: {sorted(unknown)}")
    return Lexicon(
        months=months,
        month_names=month_names,
        ambiguous_months=ambiguous,
        weekdays=weekdays,
        weekday_names=weekday_names,
        seasons=seasons,
        day_parts=day_parts,
        units=units,
        numbers=numbers,
        tens=tuple(_require(data, "tens", list)),
        vague_amounts=frozenset(v.lower() for v in _require(data, "vague_amounts", list)),
        ordinals=ordinals,
        shifts=shifts,
        part_modifiers={k.lower(): v for k, v in mods.items()},
        approximators=tuple(_require(data, "approximators", list)),
        approximator_mods=approximator_mods,
        prefix_mods=_mods(data, "prefix_mods"),
        outside_approximators=outside,
        not_narrative_after=frozenset(str(w).lower() for w in _require(data, "not_narrative_after", list)),
        commemoration_cues=tuple(str(w) for w in _require(data, "commemoration_cues", list)),
        unit_qualifiers=tuple(str(w) for w in _require(data, "unit_qualifiers", list)),
        fractions=_fractions(_require(data, "fractions", dict)),
        share_units=frozenset(str(w).lower() for w in _require(data, "share_units", list)),
        comparison_markers=tuple(str(w) for w in _require(data, "comparison_markers", list)),
        named_events=_named_events(_require(data, "named_events", dict)),
        named_event_names=tuple(str(name) for name in _require(data, "named_events", dict)),
        anaphoric_shifts=frozenset(str(w).lower() for w in _require(data, "anaphoric_shifts", list)),
        date_move=re.compile(r"\b(?:" + "|".join(re.escape(str(w)) for w in _require(data, "date_moves", list)) + r")\b", re.IGNORECASE),
        rescheduled_to=tuple(str(w) for w in _require(data, "rescheduled_to", list)),
        utc_zones=tuple(str(w) for w in zones["utc"]),
        local_zones=tuple(str(w) for w in zones["local"]),
        references=references,
        recent_reach=reach,
        vague_ago=vague_ago,
        day_offsets={k.lower(): int(v) for k, v in _require(data, "day_offsets", dict).items()},
        holidays=_holidays(_require(data, "holidays", dict)),
        named_days=_named_days(_require(data, "named_days", dict), months),
        anchored_days={k.lower(): int(v) for k, v in _require(data, "anchored_days", dict).items()},
        set_adverbs={k.lower(): v for k, v in _require(data, "set_adverbs", dict).items()},
        month_cues=tuple(str(c) for c in _require(data, "month_cues", list)),
        year_blockers_before=frozenset(str(w).lower() for w in _require(data, "year_blockers_before", list)),
        year_blockers_after=frozenset(str(w).lower() for w in _require(data, "year_blockers_after", list)),
        future_cues=tuple(_require(data, "tense_cues", dict)["future"]),
        past_cues=tuple(_require(data, "tense_cues", dict)["past"]),
        participle_cues=tuple(_require(data, "tense_cues", dict)["past_or_participle"]),
        participle_leads=frozenset(str(w).lower() for w in _require(data, "tense_cues", dict)["participle_leads"]),
        will_noun_leads=frozenset(str(w).lower() for w in _require(data, "tense_cues", dict)["will_noun_leads"]),
        relative_leads=_words(data["tense_cues"], "relative_leads"),
        verb_complements=_words(data["tense_cues"], "verb_complements"),
        report_markers=tuple(str(w) for w in _require(data, "tense_cues", dict)["report_markers"]),
        clause_openers=tuple(str(w) for w in _require(data, "tense_cues", dict)["clause_openers"]),
        dateline_agencies=tuple(_require(data, "dateline_agencies", list)),
        bound_prepositions=tuple(_require(data, "bound_prepositions", list)),
        trigger_words=tuple(_require(data, "trigger_words", list)),
        starter_words=tuple(str(w) for w in _require(data, "starter_words", list)),
        rate_words_before=frozenset(str(w).lower() for w in _require(data, "rate_words_before", list)),
        name_opener=re.compile(r"\b(?:" + "|".join(re.escape(str(w)) for w in _require(data, "name_openers", list)) + r")\s+\Z"),
        name_head=re.compile(r"[\"'”’]?\s+(?:" + "|".join(re.escape(str(w)) for w in _require(data, "name_heads", list)) + r")\b"),
        month_name_opener=re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(str(w)) for w in _require(data, "month_name_openers", list)) + r")[\s-]+\Z"),
    )


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The package's lexicon, loaded once per process."""
    return parse_lexicon(read_data(__package__, "time_lexicon.yaml"))
