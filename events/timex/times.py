"""Public face of the time engine: ``find_times(text, reference_date)`` -> resolved ``TimeMention``s.

Find (rules.py, one compiled pass) then resolve (resolver.py, pure). Each mention keeps its grain:
"in September" is a month range, never September 1st."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from datetime import date, datetime

from events.base.sentences import Sentence, split
from events.timex.resolver import Resolution, Span, Unresolvable, resolve
from events.timex.rules import GUARDS, LOOKBACK, START_KEY, WORD_START, ruleset
from events.timex.tense import cues, tense_at

# Resolvers whose answer depends on the sentence's tense (a bare month, day or weekday); the others
# never look at it, so the finder does not compute it for them.
TENSE_SENSITIVE = frozenset({"date", "named_day", "day_span", "month", "season", "weekday", "clock", "weekend", "holiday"})
# Mentions later ones are not counted from: reference words ("recently"), days counted from the last one
# ("the same day"), and a day naming a historical event ("the June 15 joint declaration ... the same day"
# is the story's day, not 2000's)
# A day that opens a quoted name of one to three words ('the "March 18 revolution" and the "July 4
# revolution"': KCNA's names for tests) names the thing: it dates nothing. A quotation that goes on as a
# sentence ('"July 4 was a great day," he said') is no name
OPENING_QUOTES = frozenset('"“‘\'')
QUOTED_NAME_TAIL = re.compile(r"(?:\s+[^\W\d_][\w-]*){1,3}[\"”’']")
NOT_ANCHORS = frozenset({"anchored_day", "reference", "named_day"})
# Over this many rules able to begin at a word, the rules are narrowed by the character after its key.
NARROW_OVER = 10


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
    starters = rs.starters
    tried: set[int] = set()  # starts already tried for an earlier trigger: a match there is no different
    for trigger in rs.trigger.finditer(text):
        t = trigger.start()
        if t < pos:
            continue
        for word in WORD_START.finditer(text, max(pos, t - LOOKBACK), t + 1):
            start = word.start()
            if start in tried:
                continue
            tried.add(start)
            key = START_KEY.match(text, start)
            if key is None:
                continue
            letters = key.group(1)
            if letters is not None and letters.lower() not in starters:
                continue
            candidates = rs.at(key.group(0))
            if candidates is None:
                continue
            if len(candidates) > NARROW_OVER and key.end() < len(text):
                # many rules can begin with this word ("the", a month): those that can go on with the next character
                # ("the 1990s", "the same day"; "April 4", "April to June") are a few of them
                candidates = rs.at(text[start : key.end() + 1])
                if candidates is None:
                    continue
            match, rule = next(((m, r) for pattern, r in candidates if (m := pattern.match(text, start))), (None, None))
            if match is None or match.end() <= match.start():
                continue
            if rule.guard and not GUARDS[rule.guard](text, match, rs.lexicon):
                continue
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
                    params=tuple(rule.params.items()),
                )
            )
            pos = match.end()
            break
    return spans


def _anchor_for(span: Span, anchor: Resolution | None, quarter_anchor: Resolution | None) -> Resolution | None:
    """What a span is resolved from: the last date mentioned, but for "the quarter", and for a year back
    from a quarter ("a year ago", "the year-ago results"), the last quarter named, not a year-earlier
    quarter just compared with it."""
    if span.resolver == "quarter_ref" or span.resolver == "offset" and anchor is not None and anchor.precision == "quarter":
        return quarter_anchor or anchor
    return anchor


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
    quarter_anchor: Resolution | None = None  # the last quarter named, not one counted back from it
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
        try:
            # "the quarter" is the quarter under discussion, not a year-earlier one just compared with it
            r: Resolution = resolve(span, reference, tense, _anchor_for(span, anchor, quarter_anchor))
        except (Unresolvable, ValueError, OverflowError, KeyError):
            continue  # fields that make no date (February 30): not a time expression
        mentions.append(
            TimeMention(
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
            )
        )
        if r.start is not None and r.precision != "none" and span.resolver not in NOT_ANCHORS:
            anchor = r
            if r.precision == "quarter" and span.resolver != "offset":
                quarter_anchor = r
    return mentions
