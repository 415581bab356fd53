"""Sentence splitting for news: survives "U.S.", "Dec. 22", "Gen. Pak", "No. 2", quotes and captions.

A regex over candidate boundaries plus the abbreviation list in ``data/abbreviations.yaml``; chosen over a
statistical splitter for speed (it runs on every article) and because its mistakes are easy to fix in data."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from events.base.datafiles import LexiconError, read_data
from events.base.records import quick_init

# A boundary candidate: end punctuation (with closing quotes/brackets) then space and a likely sentence
# start, or a line break (captions, headlines and datelines stand on lines of their own). The punctuation is
# part of the match, not a lookbehind, and the pattern opens with one class of all of it, line break included:
# the engine then skips to it at C speed instead of trying every character (a pattern opening with two
# branches has no such class: 17 -> 10 us an article on KCNA, the same ends on every shared corpus)
CANDIDATE = re.compile(r"""[.!?\n](?:(?<=\n)|["”’')\]]*(?=\s+["“‘'(\[]?[A-Z0-9]))""")
WORD_BEFORE = re.compile(r"([\w.]+)\.$")
# A text hard-wrapped at a fixed width (mail, teleprinter and PDF copies of wire stories) breaks its lines
# mid-sentence: "North Korea fired several short-range\nguided missiles ... on Friday". Such a text is told
# by its lines: many lines in a row end with no sentence end, and none is longer than a wrapped line.
# A break there wraps the paragraph when the line before is near the full width; a short open line (a
# headline, a byline, a dateline) still stands alone.
WRAP_MAX_WIDTH = 100  # a text with a longer line is written in paragraph lines
WRAP_MIN_OPEN = 4  # line pairs whose first line ends with no sentence end, at least,
WRAP_OPEN_SHARE = 0.4  # and at least this share of the pairs of adjacent non-blank lines
WRAP_FULL_LINE = 0.6  # a wrapped line fills at least this share of the text's widest line
SENTENCE_END = (".", "!", "?", ":", ";", '"', "”", "’", "'", ")", "]")


@quick_init
@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str
    index: int


@lru_cache(maxsize=1)
def abbreviations() -> frozenset[str]:
    """The words ending in a dot that end no sentence (data/abbreviations.yaml), lower-cased."""
    words = read_data(__package__, "abbreviations.yaml").get("abbreviations")
    if not isinstance(words, list) or not words:
        raise LexiconError("abbreviations.yaml: expected a non-empty list under 'abbreviations'")
    return frozenset(str(a).lower() for a in words)


@lru_cache(maxsize=2)
def soft_breaks(text: str) -> frozenset[int]:
    """Offsets of the line breaks that only wrap a paragraph of a hard-wrapped text (none in other texts).
    Kept for the last texts: extraction asks it of an article's text twice, unwrapping it, then splitting it
    (the same text, unless it had soft breaks)."""
    if text.count("\n") < WRAP_MIN_OPEN:
        return frozenset()
    lines: list[tuple[int, str]] = []  # (offset of the break after the line, the line stripped)
    offset = 0
    for line in text.split("\n"):
        offset += len(line)
        lines.append((offset, line.strip()))
        offset += 1
    width = max(len(line) for _, line in lines)
    if width > WRAP_MAX_WIDTH:
        return frozenset()
    pairs = [(end, line) for (end, line), (_, after) in zip(lines, lines[1:]) if line and after]
    open_pairs = [(end, line) for end, line in pairs if not line.endswith(SENTENCE_END)]
    if len(open_pairs) < WRAP_MIN_OPEN or len(open_pairs) < WRAP_OPEN_SHARE * len(pairs):
        return frozenset()
    return frozenset(end for end, line in open_pairs if len(line) >= WRAP_FULL_LINE * width)


@lru_cache(maxsize=2)
def lowered(text: str) -> str:
    """``text.lower()``, kept for the last two texts: an article's scans (its triggers, time words, weapons, and the
    tense cues and clause marks of each sentence with a time) each read its lower-cased copy, which they made
    again each time (about 40 copies an article)."""
    return text.lower()


def unwrapped(text: str) -> str:
    """The text with the line breaks that only wrap a paragraph made spaces (the same length, so every
    offset holds): the time engine and the rules then read "in September last\nyear" as one phrase."""
    soft = soft_breaks(text)
    if not soft:
        return text
    chars = list(text)
    for at in soft:
        chars[at] = " "
    return "".join(chars)


def split(text: str) -> list[Sentence]:
    known = abbreviations()
    soft = soft_breaks(text)
    pieces: list[tuple[int, int]] = []
    start = 0
    for m in CANDIDATE.finditer(text):
        cut = m.end() if m.group(0) != "\n" else m.start()
        if cut in soft:
            continue  # a hard wrap inside a sentence
        if m.group(0) != "\n":
            head = text[max(start, cut - 24) : cut].rstrip("\"”’')]")
            word = WORD_BEFORE.search(head)
            if word:
                token = word.group(1).lower()
                if token in known or (len(token) == 1 and token.isalpha()):
                    continue  # "Dec. 22", "Gen. Pak", "J. Smith"
        pieces.append((start, cut))
        start = cut
    pieces.append((start, len(text)))
    out = []
    for s, e in pieces:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append(Sentence(s, e, text[s:e], len(out)))
    return out
