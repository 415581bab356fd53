"""Public face of the time engine: ``find_times(text, reference_date)`` -> resolved ``TimeMention``s.

Find (rules.py, one compiled pass) then resolve (resolver.py, pure). Each mention keeps its grain:
"in September" is a month range, never September 1st."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import regex

from .resolver import Resolution, Span, Unresolvable, resolve
from .rules import GUARDS, ruleset
from .tense import tense_at

SENTENCE_END = regex.compile(r"(?<=[.!?][\"”’')\]]?)\s+(?=[\"“‘'(\[]?[A-Z0-9])|\n\s*\n|\n(?=[A-Z\"“])")


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
    tense: str = "present"


def as_date(value) -> date | None:
    if value is None or isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, datetime):
        return value.date()
    return date.fromisoformat(str(value)[:10])


def sentence_bounds(text: str) -> list[tuple[int, int]]:
    bounds, start = [], 0
    for m in SENTENCE_END.finditer(text):
        bounds.append((start, m.start()))
        start = m.end()
    bounds.append((start, len(text)))
    return bounds


def find_spans(text: str) -> list[Span]:
    """Find phase: every time expression as an unresolved span, leftmost-longest by rule order."""
    rs = ruleset()
    spans: list[Span] = []
    pos, n = 0, len(text)
    combined = rs.combined
    while pos < n:
        m = combined.search(text, pos)
        if m is None:
            break
        rule = next(rs.rules[i] for i, g in enumerate(rs.rule_groups) if m.start(g) >= 0)
        match = rule.regex.match(text, m.start())
        if match is None or match.end() <= match.start():
            pos = m.start() + 1
            continue
        if rule.guard and not GUARDS[rule.guard](text, match, rs.lexicon):
            pos = match.end()
            continue
        groups = tuple((k, v) for k, v in match.groupdict().items() if v is not None)
        spans.append(
            Span(
                start=match.start(),
                end=match.end(),
                text=match.group(0),
                type=rule.type,
                rule=rule.name,
                resolver=rule.resolve,
                groups=groups,
                params=tuple(rule.params.items()),
            )
        )
        pos = match.end()
    return spans


def find_times(text: str, reference_date=None) -> list[TimeMention]:
    """All time expressions in ``text``, resolved against ``reference_date`` (the publication date).

    Without a reference, relative expressions keep TimeML placeholders (XXXX-09)."""
    reference = as_date(reference_date)
    spans = find_spans(text)
    if not spans:
        return []
    bounds = sentence_bounds(text)
    mentions: list[TimeMention] = []
    anchor: Resolution | None = None
    b = 0
    for span in spans:
        while b + 1 < len(bounds) and bounds[b][1] <= span.start:
            b += 1
        tense = span.param("tense") or tense_at(text, bounds[b][0], bounds[b][1], span.start, span.end)
        try:
            r: Resolution = resolve(span, reference, tense, anchor)
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
        if r.start is not None and r.precision != "none" and span.resolver not in ("anchored_day", "reference"):
            anchor = r
    return mentions
