"""Public face of the time engine: ``find_times(text, reference_date)`` -> resolved ``TimeMention``s.

Find (rules.py, one compiled pass) then resolve (resolver.py, pure). Each mention keeps its grain:
"in September" is a month range, never September 1st."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace
from datetime import date, datetime
from functools import lru_cache

from events.base.records import quick_init
from events.base.sentences import Sentence, split
from events.base.datafiles import alternation
from events.timex.lexicon import lexicon
from events.timex.resolver import NARRATIVE, PREVIOUS, PUBLICATION, STATED, Resolution, Span, Unresolvable, resolve
from events.timex.rules import GUARDS, LOOKBACK, START_KEY, plain_text, ruleset
from events.timex.story import Story
from events.timex.tense import cues, tense_at

# Resolvers whose answer depends on the sentence's tense (a bare month, day or weekday); the others
# never look at it, so the finder does not compute it for them.
TENSE_SENSITIVE = frozenset({"date", "named_day", "day_span", "date_range", "month", "season", "weekday", "clock", "weekend", "holiday", "quarter"})
# Mentions later ones are not counted from: reference words ("recently"), days counted from the last one
# ("the same day"), and a day naming a historical event ("the June 15 joint declaration ... the same day"
# is the story's day, not 2000's)
# A day that opens a quoted name of one to three words ('the "March 18 revolution" and the "July 4
# revolution"': KCNA's names for tests) names the thing: it dates nothing. A quotation that goes on as a
# sentence ('"July 4 was a great day," he said') is no name
OPENING_QUOTES = frozenset('"“‘\'')
QUOTED_NAME_TAIL = re.compile(r"(?:\s+[^\W\d_][\w-]*){1,3}[\"”’']")
NOT_ANCHORS = frozenset({"anchored_day", "reference", "named_day"})
# What may come before a chronology's entry on its line: space and a bullet ("- January 9: ...")
LINE_HEAD = re.compile(r"[\s\-–—•*]*")
# Over this many rules able to begin at a word, the rules are narrowed by the word after it (and the character
# after that): a try of a rule that fails costs microseconds, more the more text follows (1.1 us before 200
# characters, 3 us before 8,700: the regex module looks ahead for the words a rule needs, it seems), and "the"
# begins up to 20 rules before nearly every trigger, where "the same", "the 1990s" begin a few and "the government"
# none.
NARROW_OVER = 4
NEXT_WORD = re.compile(r"\w*[\s\S]?")
# A rule is tried on the text up to this many characters past its start: the regex module looks ahead for the
# words a rule needs (" century") as far as the text goes, so a try with no end cost the rest of the text (in a
# 256 KB sentence of "6th nuclear test 12", 78 us a try, the text's time growing with its square). No time
# expression comes near this length, and a rule's closing lookahead ("(?!s)") still sees what follows one
EXPRESSION_REACH = 400


@quick_init  # made for every name, trigger, time and event found: its fields set at once
@dataclass(frozen=True)
class TimeMention:
    start: int
    end: int
    text: str
    type: str  # DATE | TIME | DURATION | SET
    value: str  # TimeML TIMEX3 value
    range_start: date | None
    range_end: date | None
    precision: str  # day, week, month, quarter, season, half, year, decade, century, none
    rule: str
    mod: str | None = None
    tense: str | None = None  # past | future | present, for the expressions whose value depends on it
    # what the value was counted from: "text" (stated whole), "publication" (the reference date), "previous"
    # (the time told just before it), "narrative" (the story's own time); None for durations and sets
    basis: str | None = None
    basis_value: str | None = None  # that reference: the publication date, or the earlier time's text and value
    # a range written as two dates ("between April 15 and Oct. 20"): each part's (start, end, value), which
    # TimeML tags as two TIMEX3; empty for any other mention
    parts: tuple[tuple[int, int, str], ...] = ()


def as_date(value) -> date | None:
    if value is None or isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, datetime):
        return value.date()
    return date.fromisoformat(str(value)[:10])


def sentence_bounds(text: str, spans: list[Span] = (), sentences: list[Sentence] | None = None) -> list[tuple[int, int]]:
    """Sentences as (start, end) offsets (sentences.split, or ``sentences`` already split from ``text``:
    "Daniel P. Davison", "Dec. 22" end none); a break inside one of ``spans`` is none either."""
    bounds: list[tuple[int, int]] = []
    starts = [s.start for s in spans]
    for sentence in split(text) if sentences is None else sentences:
        i = bisect.bisect_left(starts, sentence.start) - 1  # the last span starting before this sentence
        if bounds and i >= 0 and spans[i].end > sentence.start:
            bounds[-1] = (bounds[-1][0], sentence.end)
        else:
            bounds.append((sentence.start, sentence.end))
    return bounds or [(0, len(text))]


def find_spans(text: str) -> list[Span]:
    """Find phase: every time expression as an unresolved span.

    Only word starts shortly before a trigger word (a digit, a month, a unit ...) are tried, each with
    one compiled alternation of all rules (file order = priority); the first start that matches wins,
    so the leftmost expression is taken whole."""
    rs = ruleset()
    spans: list[Span] = []
    pos = 0
    scan = rs.start_scan
    tried: set[int] = set()  # starts already tried for an earlier trigger: a match there is no different
    plain = plain_text(text)
    for trigger in rs.trigger.finditer(text):
        t = trigger.start()
        if t < pos:
            continue
        for start in scan.starts(text, max(pos, t - LOOKBACK), t):
            if start in tried:
                continue
            tried.add(start)
            key = START_KEY.match(text, start)
            candidates = rs.at(key.group(0))
            if candidates is None:
                continue
            if len(candidates) > NARROW_OVER and key.end() < len(text):
                # many rules can begin with this word ("the", a month): those that can go on with the next word ("the
                # 1990s", "the same day"; "April 4", "April to June") are a few of them
                candidates = rs.at(text[start : NEXT_WORD.match(text, key.end()).end()], key.group(0))
                if candidates is None:
                    continue
            match, rule = _first_match(candidates, text, start, plain)
            if match is not None and rule.guard == "date_range" and not GUARDS[rule.guard](text, match, rs.lexicon):
                # "moved from March 1 to April 1": no range, but its first day is still a day (the next rule here)
                later = candidates[[r for _, r in candidates].index(rule) + 1 :]
                match, rule = _first_match(later, text, start, plain)
            if match is None or match.end() <= match.start():
                continue
            if rule.guard and not GUARDS[rule.guard](text, match, rs.lexicon):
                continue
            if match.group(0)[:1].isupper() and match.group(0).lower() in rs.lexicon.day_offsets and rs.lexicon.name_opener.search(text, max(0, start - 12), start):
                continue  # "USA Today reported": a paper's title, not a time (time_lexicon.yaml name_openers)
            if match.group(0)[:1].isupper() and rs.lexicon.month_name_opener.search(text, max(0, start - 12), start):
                continue  # "a Long March 5 rocket": a rocket's name, not a day (time_lexicon.yaml month_name_openers)
            if rs.lexicon.name_head.match(text, match.end()):
                continue  # "the Friday Mosque": a name, not a time (time_lexicon.yaml name_heads)
            if match.start() > 0 and text[match.start() - 1] in OPENING_QUOTES and QUOTED_NAME_TAIL.match(text, match.end()):
                continue  # '"March 18 revolution"': a name in quotes that a day begins, not a time
            spans.append(
                Span(
                    start=match.start(),
                    end=match.end(),
                    text=match.group(0),
                    type=rule.type,
                    rule=rule.name,
                    resolver=rule.resolve,
                    groups=tuple((k, v) for k, v in match.groupdict().items() if v is not None),
                    params=tuple(rule.params.items()) + _part_offsets(match),
                )
            )
            pos = match.end()
            break
    return spans


def _first_match(candidates, text: str, start: int, plain: bool = False):
    """The first of ``candidates`` (pattern, rule) that matches at ``start``, with its match; (None, None) if none.
    ``plain``: the text is a rules.plain_text, matched in the standard library's engine where a rule allows.
    A loop, not next() over a generator: one is made for each of some 16,000 starts in 3,000 KCNA articles."""
    end = start + EXPRESSION_REACH
    if plain:
        for pattern, rule in candidates:
            if (match := pattern.plain(text, start, end)) is not None:
                return match, rule
        return None, None
    for pattern, rule in candidates:
        if (match := pattern.match(text, start, end)) is not None:
            return match, rule
    return None, None


def _part_offsets(match) -> tuple:
    """The offsets of a range's two parts (the rule's groups first and second), as the span's param parts."""
    if "first" not in match.re.groupindex or match.group("first") is None:
        return ()
    return (("parts", (match.span("first"), match.span("second"))),)


def _anchor_for(span: Span, anchor: Resolution | None, quarter_anchor: Resolution | None) -> Resolution | None:
    """What a span is resolved from: the last date mentioned, but for "the quarter", and for a year back
    from a quarter ("a year ago", "the year-ago results"), the last quarter named, not a year-earlier
    quarter just compared with it."""
    if span.resolver == "quarter_ref" or span.resolver == "offset" and anchor is not None and anchor.precision == "quarter":
        return quarter_anchor or anchor
    return anchor


# A time of day right after a day, joined by "at" or a comma, is that day's ("Thursday at 21:30 UTC"); so
# is one given again in another zone ("0633 GMT Wednesday, or 3:33 p.m. local time", "9:33 a.m. (0033 GMT)")
DAY_THEN_CLOCK = re.compile(r"\s*,?\s*(?:(?:at|or)\s+)?\(?")
DAY_THEN_CLOCK_MOST = 6  # characters between them at most


@lru_cache(maxsize=1)
def _outside_approximator() -> "re.Pattern":
    return re.compile(rf"(?<![\w'’])({alternation(lexicon().outside_approximators)})\s+$", re.IGNORECASE)


def find_times(text: str, reference_date=None, *, sentences: list[Sentence] | None = None) -> list[TimeMention]:
    """All time expressions in ``text``, resolved against ``reference_date`` (the publication date).

    Without a reference, relative expressions keep TimeML placeholders (XXXX-09). ``sentences``: the
    text's sentences (events/base/sentences.py split), when the caller has them already."""
    reference = as_date(reference_date)
    spans = find_spans(text)
    if not spans:
        return []
    bounds = sentence_bounds(text, spans, sentences)
    mentions: list[TimeMention] = []
    anchor: Resolution | None = None
    anchor_text = ""
    quarter_anchor: Resolution | None = None  # the last quarter named, not one counted back from it
    story = Story(text, reference)  # the story's own time, where the text tells of an earlier year
    reference_text = reference.isoformat() if reference is not None else None
    previous: tuple[TimeMention, Resolution] | None = None
    chronology: tuple[Resolution, str] | None = None  # the last day stated (or so continued) at a line's head
    b = 0
    sentence_cues: dict[int, list] = {}
    for span in spans:
        while b + 1 < len(bounds) and bounds[b][1] <= span.start:
            b += 1
        tense = span.param("tense")
        if tense is None and span.resolver in TENSE_SENSITIVE:
            if b not in sentence_cues:
                sentence_cues[b] = cues(text, *bounds[b])
            tense = tense_at(text, bounds[b][0], bounds[b][1], span.start, span.end, sentence_cues[b])
        # "the quarter" is the quarter under discussion, not a year-earlier one just compared with it
        counted_from, counted_text = _anchor_for(span, anchor, quarter_anchor), anchor_text
        if (span.resolver == "clock" and previous is not None and previous[1].precision == "day" and previous[1].start is not None
                and span.start - previous[0].end <= DAY_THEN_CLOCK_MOST and DAY_THEN_CLOCK.fullmatch(text, previous[0].end, span.start)):
            span = replace(span, params=span.params + (("day_beside", True),))  # "Thursday at 21:30 UTC"
            counted_from, counted_text = previous[1], previous[0].text
        opens_line = span.resolver == "date" and LINE_HEAD.fullmatch(text, text.rfind("\n", 0, span.start) + 1, span.start) is not None
        if span.resolver == "date":
            # a day without its year takes a stated year only as a chronology's entry ("January 1, 2018: ..."
            # then "January 9: ..."), each opening its line: one date told before a sentence is as often
            # background ("published on February 26, 2015 ... a ceremony took place on April 8")
            counted_from, counted_text = chronology if opens_line and chronology is not None else (None, "")
        narrative = story.time_for(span, tense, b, bounds[b])
        try:
            r: Resolution = resolve(span, reference, tense, counted_from, narrative)
        except (Unresolvable, ValueError, OverflowError, KeyError):
            continue  # fields that make no date (February 30): not a time expression
        if r.mod is None and r.type in ("DURATION", "TIME"):
            # "about three weeks", "around 7:15 p.m.": the word stays outside the extent, its mod does not;
            # not before a date, where it is a preposition as often ("get around Wednesday's ruling")
            outside = _outside_approximator().search(text, max(0, span.start - 16), span.start)
            if outside:
                r = replace(r, mod=lexicon().approximator_mods.get(outside.group(1).lower()))
        basis_value = None
        if r.basis == PUBLICATION:
            basis_value = reference_text
        elif r.basis == PREVIOUS and counted_from is not None:
            basis_value = f"{counted_text!r} ({counted_from.value})"
        elif r.basis == NARRATIVE and story.told is not None:
            basis_value = f"{story.told.text!r} ({story.told.resolution.value})"
        mention = TimeMention(
            start=span.start,
            end=span.end,
            text=span.text,
            type=r.type,
            value=r.value,
            range_start=r.start,
            range_end=r.end,
            precision=r.precision,
            rule=span.rule,
            mod=r.mod,
            tense=tense,
            basis=r.basis,
            basis_value=basis_value,
            parts=tuple((a, b, v) for (a, b), v in zip(span.param("parts"), r.parts)) if r.parts else (),
        )
        mentions.append(mention)
        previous = (mention, r)
        if opens_line and r.precision == "day" and r.basis in (STATED, PREVIOUS):
            chronology = (r, span.text)
        story.after(span.rule, span.start, span.end, r, b, bounds[b][0])
        if r.start is not None and r.precision != "none" and span.resolver not in NOT_ANCHORS:
            anchor, anchor_text = r, span.text
            if r.precision == "quarter" and span.resolver != "offset":
                quarter_anchor = r
    return mentions

