"""Sentence tense for time resolution: the tense cue nearest a time expression decides whether a bare
"September" or "Thursday" lies before or after the reference date (as HeidelTime does)."""

from __future__ import annotations

from functools import lru_cache

import re

import regex

from .lexicon import alternation, lexicon
from .resolver import FUTURE, PAST, PRESENT


@lru_cache(maxsize=1)
def _cue_pattern() -> "re.Pattern":
    lex = lexicon()
    # the standard library's engine scans a plain word alternation faster than the regex module
    return re.compile(
        rf"(?<![\w'’])(?:(?P<future>{alternation(lex.future_cues)})|(?P<past>{alternation(lex.past_cues)})|(?P<weak_past>{alternation(lex.participle_cues)}|(?-i:[a-z]{{2,}}ed)))(?![\w'’])",
        regex.IGNORECASE,
    )


@lru_cache(maxsize=1)
def _bound_pattern() -> regex.Pattern:
    return regex.compile(rf"(?<![\w'’])(?:{alternation(lexicon().bound_prepositions)})\s+$", regex.IGNORECASE)


def cues(text: str, sentence_start: int, sentence_end: int) -> list[tuple[int, int, str]]:
    """The tense cues of one sentence: (start, end, kind) with kind future | past | weak_past."""
    return [(m.start(), m.end(), m.lastgroup) for m in _cue_pattern().finditer(text, sentence_start, sentence_end)]


def tense_at(text: str, sentence_start: int, sentence_end: int, start: int, end: int, sentence_cues=None) -> str:
    """Tense of the sentence around ``text[start:end]``: the nearest auxiliary or finite-verb cue wins;
    a bare -ed form decides only when there is none (it may be a participle: "will be held")."""
    if _bound_pattern().search(text, max(sentence_start, start - 16), start):
        return PRESENT  # "by Jan. 14": a bound, resolved to the closest such date
    strong, weak = None, None  # (distance, tense)
    if sentence_cues is None:
        sentence_cues = cues(text, sentence_start, sentence_end)
    for cue_start, cue_end, kind in sentence_cues:
        if start <= cue_start < end:
            continue  # a cue inside the expression itself ("next", "last") is the expression's own business
        distance = start - cue_end if cue_end <= start else cue_start - end
        if kind == "weak_past":
            if weak is None or distance < weak[0]:
                weak = (distance, PAST)
        elif strong is None or distance < strong[0]:
            strong = (distance, FUTURE if kind == "future" else PAST)
    if strong is not None:
        return strong[1]
    return weak[1] if weak is not None else PRESENT
