"""The story's own time: where a text tells of an earlier year at length ("In July 2012, she received a
letter. A second one came on July 20, 2012. It asked her to meet him Friday evening."), a bare weekday
of that story is a day of that year, not of the publication's week. The finder tracks the story's time
mention by mention (``Story.after``) and asks it for a weekday's (``Story.time_for``); the resolver then
keeps the week unknown (2012-WXX-5). Kept conservative: news counts weekdays from the publication, and one
earlier date is background as often as story (docs/time-engine.md, "The story's own time")."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import lru_cache

from events.base.datafiles import alternation
from events.timex.lexicon import lexicon
from events.timex.resolver import NARRATIVE, PAST, PUBLICATION, STATED, Resolution, Span

# What ends a clause between the story's time and a weekday ("In July 2012 she flew to Rome and met him
# Friday" is one scene; a comma or "that" may open another)
CLAUSE_BREAK = re.compile(r"[,;:()\"“”]|\b(?:that|which|who|saying|while|but)\b", re.IGNORECASE)
# The grains that set a story's time: a day, week, month or season written with its year ("In July 2012")
GRAINS = frozenset({"day", "week", "month", "season"})
OPENING_WORDS = 2  # a time within a sentence's first words opens it ("In July 2012, ..."): it sets the scene
# How many stated times of one earlier year in a row establish the story's time. One is background as
# often as story: KCNA's anniversaries give the founding day ("November 29, 1945") and then the news ("an
# event was held to mark the day on Thursday"), agencies a past test and then the new one.
TOLD = 2
# A clause runs no further than this many characters from the story's time to the weekday (the search for
# a clause break stays bounded on a long sentence)
CLAUSE_REACH = 300
# Rules whose mentions tell no story: a day naming a thing ("the June 15 joint declaration"), reference
# words, days counted from the one before
NO_STORY_RULES = frozenset({"named_day", "named_event", "anchored_day", "reference", "dateline"})
WORDS = re.compile(r"\S+")


@lru_cache(maxsize=1)
def _not_story_before() -> "re.Pattern":
    """A bound or a comparison right before a date ("since July 2012"): the date sets no story time."""
    return re.compile(rf"(?<![\w'’])(?:{alternation(lexicon().not_narrative_after)})\s+(?:(?:the|early|mid|late|in|of)\s+)?$", re.IGNORECASE)


@lru_cache(maxsize=1)
def _commemoration() -> "re.Pattern":
    return re.compile(rf"(?<![\w'’])(?:{alternation(lexicon().commemoration_cues)})(?![\w'’])", re.IGNORECASE)


@dataclass(frozen=True)
class Told:
    """The story's time as last told: its resolution, its text, where it ends, its sentence, whether it
    opens that sentence, and how many stated times of its year came in a row."""

    resolution: Resolution
    text: str
    end: int
    sentence: int
    opening: bool
    count: int = 1


class Story:
    """The story's time through one text, mention by mention."""

    def __init__(self, text: str, reference) -> None:
        self.text = text
        self.reference = reference
        self.told: Told | None = None
        self._ceremony: dict[int, bool] = {}  # sentence index -> it marks a ceremony

    def time_for(self, span: Span, tense: str, sentence: int, bounds: tuple[int, int]) -> Resolution | None:
        """The story's time a bare weekday is read in, or None: only a weekday in the past tense, in a
        story told at least TOLD times in a row, the last in the weekday's clause, or opening its
        sentence, or in the sentence before, and not in a sentence marking a ceremony (its day is the
        news). Otherwise the weekday counts from the publication as news does."""
        told = self.told
        if told is None or self.reference is None or span.resolver != "weekday" or span.group("shift") or tense != PAST:
            return None
        if told.count < TOLD or self._marks_ceremony(sentence, bounds):
            return None
        if told.sentence == sentence:
            if told.opening or (span.start - told.end <= CLAUSE_REACH and not CLAUSE_BREAK.search(self.text, told.end, span.start)):
                return told.resolution
            return None
        return told.resolution if told.sentence == sentence - 1 else None

    def after(self, rule: str, start: int, end: int, r: Resolution, sentence: int, sentence_start: int) -> None:
        """Update the story's time after a mention: a day or month stated with an earlier year than the
        reference's sets it (unless a bound or a comparison comes before it: "since July 2012"); a time
        counted from the publication, or stated in its year, ends it (the text is back at the news)."""
        reference = self.reference
        if reference is None or r.start is None or r.type not in ("DATE", "TIME") or rule in NO_STORY_RULES or r.basis == NARRATIVE:
            return
        if r.basis == STATED and r.precision in GRAINS and r.start.year < reference.year:
            if _not_story_before().search(self.text, max(0, start - 24), start):
                return
            count = self.told.count + 1 if self.told is not None and self.told.resolution.start.year == r.start.year else 1
            self.told = Told(r, self.text[start:end], end, sentence, self._opens(sentence_start, start), count)
        elif r.basis == PUBLICATION or (r.basis == STATED and r.start.year == reference.year):
            self.told = None

    def _opens(self, sentence_start: int, start: int) -> bool:
        words = itertools.islice(WORDS.finditer(self.text, sentence_start, start), OPENING_WORDS + 1)
        return sum(1 for _ in words) <= OPENING_WORDS

    def _marks_ceremony(self, sentence: int, bounds: tuple[int, int]) -> bool:
        if sentence not in self._ceremony:
            self._ceremony[sentence] = bool(_commemoration().search(self.text, *bounds))
        return self._ceremony[sentence]
