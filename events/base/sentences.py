"""Sentence splitting for news: survives "U.S.", "Dec. 22", "Gen. Pak", "No. 2", quotes and captions.

A regex over candidate boundaries plus the abbreviation list in ``data/abbreviations.yaml``; chosen over a
statistical splitter for speed (it runs on every article) and because its mistakes are easy to fix in data."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from events.base.datafiles import LexiconError, read_data

# A boundary candidate: end punctuation (with closing quotes/brackets) then space and a likely sentence
# start, or a line break (captions, headlines and datelines stand on lines of their own).
CANDIDATE = re.compile(r"""(?<=[.!?])["”’')\]]*(?=\s+["“‘'(\[]?[A-Z0-9])|\n""")
WORD_BEFORE = re.compile(r"([\w.]+)\.$")


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


def split(text: str) -> list[Sentence]:
    known = abbreviations()
    pieces: list[tuple[int, int]] = []
    start = 0
    for m in CANDIDATE.finditer(text):
        cut = m.end() if m.group(0) != "\n" else m.start()
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
