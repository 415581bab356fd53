"""Stories: every report of one event, across articles, merged into one canonical event.

A missile test is told by the first report, the reactions, the medal ceremony and the anniversary; each is
an event row dated by its own text. The merge takes reports one article at a time (so a new article joins
the stories already made, no rebuild) and puts a report in the story it is compatible with: the same event
type and kind of status, a date that overlaps the story's (at their precisions), the same or a broader
weapon (Hwasong-14 and "an ICBM", not Hwasong-14 and Hwasong-12), shared actors and no other country's
place. A more precise report refines the story's date ("on July 4" within "last week"); reports whose dates
do not overlap are kept, and the story is flagged ``date_conflict`` with every reading listed.

The knobs (look-back window, slack, cues that a report tells of a further event) are data:
``events/store/data/stories.yaml``."""

from __future__ import annotations

import hashlib
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING, Iterable

from events.base.datafiles import LexiconError, read_data
from events.coding.schema import CANONICAL, PRECISION, STATUS, story_columns, story_fields, story_schema, typed
from events.coding.vocab import _words, vocabulary
from events.timex.lexicon import lexicon
from events.timex.periods import plus_days
from events.timex.rules import ruleset

if TYPE_CHECKING:  # imported where a whole table is merged: the ingest's worker processes never load it
    import pandas as pd

PRECISION_RANK = {p: i for i, p in enumerate(PRECISION)}
# the columns the merge reads from an event row (the store loads only these)
REPORT_COLUMNS = ("event_id", "article_id", "event_type", "date_start", "date_end", "date_precision", "date_basis", "actors", "actor_codes",
                  "weapon", "weapon_class", "location", "latitude", "longitude", "status", "source", "published", "rule")
# the date basis of an undated mention dated by the story it names ("the test-fire of Hwasong-14"), and the
# first word of the reason its link gives
REFERENCE_BASIS = "reference"
# the time rule an event row was dated by, as its ``rule`` column tells it: "...; time 'July 4' (month_day, relative)"
TIME_RULE = re.compile(r"; time '.*' \((\w+), \w+\)")


@dataclass(frozen=True)
class Rules:
    lookback: timedelta
    slack: timedelta
    status_group: dict[str, str]
    distinct: "object"  # compiled pattern
    undated_types: frozenset[str]
    never_on_consecutive_days: frozenset[str]
    weak_time_rules: frozenset[str]
    reference_horizon: timedelta
    reference_by_weapon: frozenset[str]
    reference_by_place: frozenset[str]
    reference_statuses: frozenset[str]
    aggregate: "object"  # compiled pattern
    ordinal: dict[str, "object"]  # event type -> compiled pattern of its ordinal mentions (group "n": the ordinal)
    ordinal_scope: "object"  # compiled pattern: a period the count runs in


@lru_cache(maxsize=1)
def rules() -> Rules:
    data = read_data(__package__, "stories.yaml")
    groups = data.get("status_groups") or {}
    if set(groups) != set(STATUS):
        raise LexiconError(f"stories.yaml: status_groups must map every status {sorted(STATUS)}")
    types = {t.name for t in vocabulary().event_types}
    for key in ("undated_types", "never_on_consecutive_days", "reference_by_weapon", "reference_by_place"):
        unknown = set(data.get(key) or ()) - types
        if unknown:
            raise LexiconError(f"stories.yaml: {key} names unknown event types {sorted(unknown)}")
    weak = frozenset(data.get("weak_time_rules") or ())
    unknown_rules = weak - {r.name for r in ruleset().rules}
    if unknown_rules:
        raise LexiconError(f"stories.yaml: weak_time_rules names unknown time rules {sorted(unknown_rules)}")
    statuses = frozenset(data.get("reference_statuses") or ())
    if not statuses <= set(STATUS):
        raise LexiconError(f"stories.yaml: reference_statuses names unknown statuses {sorted(statuses - set(STATUS))}")
    return Rules(timedelta(days=int(data["lookback_days"])), timedelta(days=int(data["slack_days"])), dict(groups),
                 _words(data["distinct_cues"]), frozenset(data.get("undated_types") or ()),
                 frozenset(data.get("never_on_consecutive_days") or ()), weak,
                 timedelta(days=int(data["reference_horizon_days"])), frozenset(data.get("reference_by_weapon") or ()),
                 frozenset(data.get("reference_by_place") or ()), statuses, _words(data["aggregate_cues"]),
                 *_ordinal_patterns(data, types))


def _ordinal_patterns(data: dict, types: set[str]) -> tuple[dict[str, re.Pattern], re.Pattern]:
    """stories.yaml ordinal_heads, ordinal_determiners and ordinal_scopes, with the time lexicon's ordinal
    words ("sixth") and their digit forms ("6th"): each type's pattern, and the scopes'."""
    heads = data.get("ordinal_heads") or {}
    if not isinstance(heads, dict) or set(heads) - types:
        raise LexiconError(f"stories.yaml: ordinal_heads must map known event types to phrases (unknown: {sorted(set(heads) - types) if isinstance(heads, dict) else heads})")
    words = sorted(lexicon().ordinals, key=len, reverse=True)
    ordinal = r"(?P<n>" + "|".join(re.escape(w) for w in words) + r"|\d{1,2}(?:st|nd|rd|th))"
    determiners = "|".join(f"(?:{d})" for d in data.get("ordinal_determiners") or ())
    if not determiners:
        raise LexiconError("stories.yaml: ordinal_determiners must list the words before an ordinal")
    try:
        patterns = {t: re.compile(rf"(?<![\w-])(?:{determiners}) (?:most recent |latest |last )?{ordinal} (?:{'|'.join(f'(?:{h})' for h in phrases)})(?![\w-])", re.I)
                    for t, phrases in heads.items()}
    except re.error as exc:
        raise LexiconError(f"stories.yaml: ordinal_heads: {exc}") from None
    return patterns, _words(data.get("ordinal_scopes") or ["(?!)"])


def ordinal_of(event_type: str, sentence: str) -> int:
    """The place in its state's series a sentence gives an event of the type ("its sixth nuclear test": 6),
    or 0: none, more than one ("between its fifth and sixth nuclear tests"), or a count within a period
    ("its third launch this year")."""
    pattern = rules().ordinal.get(event_type)
    if pattern is None or not sentence:
        return 0
    found = set()
    for m in pattern.finditer(sentence):
        after = re.split(r"[,;:.()]", sentence[m.end() : m.end() + 60], maxsplit=1)[0]
        if rules().ordinal_scope.search(after):
            return 0
        word = m.group("n").lower()
        found.add(int(word[:-2]) if word[0].isdigit() else lexicon().ordinals[word])
    return found.pop() if len(found) == 1 else 0


def _day(value) -> date | None:
    if value is None or (isinstance(value, float) and value != value):
        return None
    # a value of pandas' (NaT, a Timestamp) only where pandas is loaded: a worker process's reports are
    # made without it (an ingest forks its workers before it loads pandas)
    pd = sys.modules.get("pandas")
    if pd is not None:
        if value is pd.NaT:
            return None
        if isinstance(value, pd.Timestamp):
            return None if pd.isna(value) else value.date()
    return value


def _time_rule(rule) -> str:
    found = TIME_RULE.search(str(rule or ""))
    return found.group(1) if found else ""


def _split(value) -> tuple[str, ...]:
    if isinstance(value, (tuple, list)):
        return tuple(value)
    return tuple(v for v in str(value or "").split(";") if v)


@dataclass(frozen=True)
class Report:
    """What the merge needs of one event row."""

    event_id: str
    article_id: str
    event_type: str
    start: date | None
    end: date | None
    precision: str
    actors: tuple[str, ...]
    actor_codes: tuple[str, ...]
    weapon: str
    weapon_class: str
    location: str
    latitude: float | None
    longitude: float | None
    status: str
    source: str
    published: date | None
    distinct: bool = False  # its sentence says it tells of a further event ("another missile")
    weak: bool = False  # its day comes from a time of day alone (weak_time_rules)
    aggregate: bool = False  # its sentence tells of many events at once ("six rockets", "its nuclear tests")
    ordinal: int = 0  # the place in its state's series its sentence gives it ("its sixth nuclear test": 6)

    @classmethod
    def of(cls, row: dict) -> "Report":
        sentence = row.get("sentence") or ""
        lat, lon = row.get("latitude"), row.get("longitude")
        start, end, precision = _day(row.get("date_start")), _day(row.get("date_end")), str(row.get("date_precision") or "undated")
        if start is None or end is None or precision in ("undated", "none") or row.get("date_basis") == REFERENCE_BASIS:
            # no date to merge on (a date taken from the story the report names is the story's, not a reading): an open range ("in the future") or a bound only ("recently")
            start, end, precision = None, end or _day(row.get("published")), "undated"
        return cls(
            str(row["event_id"]), str(row["article_id"]), str(row["event_type"]), start, end, precision, _split(row.get("actors")), _split(row.get("actor_codes")), str(row.get("weapon") or ""),
            str(row.get("weapon_class") or ""), str(row.get("location") or ""), None if lat is None or lat != lat else float(lat),
            None if lon is None or lon != lon else float(lon), str(row.get("status") or "occurred"), str(row.get("source") or ""),
            _day(row.get("published")), bool(sentence) and rules().distinct.search(sentence) is not None, _time_rule(row.get("rule")) in rules().weak_time_rules,
            bool(sentence) and rules().aggregate.search(sentence) is not None, ordinal_of(str(row["event_type"]), sentence),
        )

    @property
    def dated(self) -> bool:
        return self.start is not None

    @property
    def reading(self) -> tuple[date, date, str] | None:
        return (self.start, self.end, self.precision) if self.start is not None else None

    @property
    def reported(self) -> date | None:
        """When it was told: the publication date (an undated row's date_end holds it too)."""
        return self.published or (self.end if self.start is None else None)


# -- weapons ----------------------------------------------------------------------------------------------


def _lineage(cls: str) -> tuple[str, ...]:
    classes = vocabulary().weapon_classes
    return classes[cls].lineage(classes) if cls in classes else ()


@lru_cache(maxsize=1)
def _generic_weapons() -> frozenset[str]:
    return vocabulary().weapons.generic_names


def _named(weapon: str) -> bool:
    return bool(weapon) and weapon not in _generic_weapons()


def _specificity(weapon: str, cls: str) -> tuple[int, int]:
    """(a named system?, how many broader classes its class has): Hwasong-14 > ICBM > ballistic missile > missile."""
    return (int(_named(weapon)), len(_lineage(cls)) if cls not in ("", "unknown") else 0)


def _classes_agree(a: str, b: str) -> bool:
    if a in ("", "unknown") or b in ("", "unknown") or a == b:
        return True
    if a in _lineage(b) or b in _lineage(a):
        return True
    return _both_space(a, b)


def _both_space(a: str, b: str) -> bool:
    """A satellite launch is told by the satellite or by its rocket: one event either way."""
    classes = vocabulary().weapon_classes
    return a in classes and b in classes and "space" in classes[a].groups and "space" in classes[b].groups


def _names_agree(a: str, b: str) -> bool:
    """Two named systems agree when they are one, or one is the other's family ("Hwasong" and "Hwasong-14")."""
    if not (_named(a) and _named(b)):
        return True
    return a == b or b.startswith(a + "-") or a.startswith(b + "-")


def _names(report: Report, story: "Story") -> bool:
    """A mention names a story's weapon: the same system (or its family), or a class the story's system is of."""
    if _named(report.weapon):
        return _named(story.weapon) and _names_agree(report.weapon, story.weapon)
    cls, of = report.weapon_class, story.weapon_class
    return cls == of or cls in _lineage(of) or _both_space(cls, of)


# -- dates ------------------------------------------------------------------------------------------------


def _overlap(a_start: date, a_end: date, b_start: date, b_end: date) -> bool:
    return a_start <= b_end and b_start <= a_end


def _gap(a: tuple, b: tuple) -> int:
    """Days between two ranges (0 when they overlap)."""
    if _overlap(a[0], a[1], b[0], b[1]):
        return 0
    return (b[0] - a[1]).days if a[1] < b[0] else (a[0] - b[1]).days


def best_reading(readings: dict[tuple, list[int]]) -> tuple | None:
    """The story's date: among the finest readings (grain, then width), the one most reports agree with
    (overlap), counting first the reports that name a day (not a time of day alone), then the one given
    most often, then the first given. ``readings``: (start, end, precision) -> [count, first seen, strong count]."""
    if not readings:
        return None
    def grain(k) -> tuple[int, int]:  # precision, then width ("July 4 and 28" is day-grained but 25 days wide)
        return PRECISION_RANK.get(k[2], len(PRECISION)), (k[1] - k[0]).days

    finest = min(grain(k) for k in readings)
    candidates = [k for k in readings if grain(k) == finest]

    def support(k) -> tuple[int, int]:
        agreeing = [readings[other] for other in readings if _overlap(k[0], k[1], other[0], other[1])]
        return sum(e[2] for e in agreeing), sum(e[0] for e in agreeing)

    return max(candidates, key=lambda k: (support(k), readings[k][0], -readings[k][1]))


def _reading_text(k: tuple) -> str:
    when = k[0].isoformat() if k[0] == k[1] else f"{k[0].isoformat()}..{k[1].isoformat()}"
    return f"{when} ({k[2]})"


# -- stories ----------------------------------------------------------------------------------------------


@dataclass
class Story:
    story_id: str
    event_type: str
    status_group: str
    reports: list[Report] = field(default_factory=list)
    readings: dict[tuple, list[int]] = field(default_factory=dict)
    best: tuple | None = None
    weapon: str = ""
    weapon_rank: tuple[int, int] = (0, 0)
    weapon_class: str = ""
    actor_codes: set[str] = field(default_factory=set)
    countries: set[str] = field(default_factory=set)
    first_reported: date | None = None
    # the places in the series its dated reports gave it ("conducted its fourth nuclear test on January 6"): the
    # anchors an ordinal mention is counted from
    ordinals: Counter = field(default_factory=Counter)

    def add(self, report: Report) -> None:
        self.reports.append(report)
        if report.ordinal and report.dated:
            self.ordinals[report.ordinal] += 1
        if report.reading is not None:
            entry = self.readings.setdefault(report.reading, [0, len(self.reports), 0])
            entry[0] += 1
            entry[2] += not report.weak
            self.best = best_reading(self.readings)
        rank = _specificity(report.weapon, report.weapon_class)
        if report.weapon and (not self.weapon or rank > self.weapon_rank):
            self.weapon, self.weapon_rank = report.weapon, rank
        if _specificity("", report.weapon_class) > _specificity("", self.weapon_class):
            self.weapon_class = report.weapon_class
        self.actor_codes.update(report.actor_codes)
        country = _country(report.location)
        if country:
            self.countries.add(country)
        if report.reported and (self.first_reported is None or report.reported < self.first_reported):
            self.first_reported = report.reported

    def span(self, rules_: Rules) -> tuple[date, date] | None:
        """The days a report's date may fall in to be looked at for this story (wide enough for the slack,
        an undated report's look-back, and any reading a report already gave)."""
        if self.best is not None:
            starts = [k[0] for k in self.readings] + [self.best[0]]
            ends = [k[1] for k in self.readings] + [self.best[1]]
            return plus_days(min(starts), -rules_.slack), plus_days(max(ends), max(rules_.slack, rules_.lookback))
        if self.first_reported is not None:
            return plus_days(self.first_reported, -rules_.lookback), plus_days(self.first_reported, rules_.lookback)
        return None

    def row(self) -> dict:
        """The canonical columns (the rest come from the event row of ``event_id``)."""
        headline = next((r for r in self.reports if r.reading == self.best), self.reports[0])
        located = Counter(r.location for r in self.reports if r.location)
        place = located.most_common(1)[0][0] if located else ""
        where = next((r for r in self.reports if r.location == place), None) if place else None
        actors, codes = _union(r.actors for r in self.reports), _union(r.actor_codes for r in self.reports)
        sources = _union((r.source,) for r in self.reports)
        reported = [r.reported for r in self.reports if r.reported]
        readings = sorted(self.readings.items(), key=lambda kv: (-kv[1][0], kv[1][1]))
        text = [f"{_reading_text(k)} x{c}" + (f" ({c - strong} by a time of day alone)" if strong < c else "") for k, (c, _, strong) in readings]
        undated = sum(1 for r in self.reports if not r.dated)
        if undated:
            text.append(f"undated x{undated}")
        best = self.best
        return {
            "story_id": self.story_id,
            "event_id": headline.event_id,
            "event_type": self.event_type,
            "date_start": best[0] if best else None,
            "date_end": best[1] if best else (min(reported) if reported else headline.end),
            "date_precision": best[2] if best else "undated",
            "actors": ";".join(actors),
            "actor_codes": ";".join(codes),
            "weapon": self.weapon,
            "weapon_class": self.weapon_class if self.weapon_class or not self.weapon else "",
            "location": place,
            "latitude": where.latitude if where else None,
            "longitude": where.longitude if where else None,
            "published": headline.published,
            "n_reports": len(self.reports),
            "n_sources": len(sources),
            "sources": ";".join(sources),
            "first_reported": min(reported) if reported else None,
            "last_reported": max(reported) if reported else None,
            "date_conflict": bool(best) and any(not _overlap(k[0], k[1], best[0], best[1]) for k in self.readings),
            "date_readings": "; ".join(text),
        }


def _union(groups: Iterable[tuple[str, ...]]) -> list[str]:
    out: dict[str, None] = {}
    for g in groups:
        for v in g:
            if v:
                out.setdefault(v, None)
    return list(out)


def _is_state(code: str) -> bool:
    """Is an actor code a state's (a series is a state's: its tests, its summits)?"""
    return code in _state_codes()


@lru_cache(maxsize=1)
def _state_codes() -> frozenset[str]:
    # a capital or a demonym stands for its state and carries its code ("Pyongyang", "North Korean")
    return frozenset(a.code for a in vocabulary().actors.values() if a.kind in ("state", "capital", "demonym"))


@lru_cache(maxsize=4096)
def _country(location: str) -> str:
    if not location:
        return ""
    for place in vocabulary().places.values():
        if place.name == location:
            return place.country
    return ""


def article_reports(rows: Iterable[dict]) -> list[Report]:
    """One article's event rows as the merge takes them: dated reports first, finest first, so its own
    undated mentions of the event find the story its dated ones made or joined."""
    return sorted((Report.of(r) for r in rows), key=lambda r: (not r.dated, PRECISION_RANK.get(r.precision, 99)))


def _weeks(start: date, end: date) -> range:
    """The index's buckets: weeks (day ordinals // 7) a range touches."""
    return range(start.toordinal() // 7, end.toordinal() // 7 + 1)


@dataclass(frozen=True)
class Join:
    """Why a report joined a story (or started one): kept in the link table for ``events explain --story``."""

    story: Story
    reason: str


class Merger:
    """Stories kept in memory and grown one article at a time. ``changed`` and ``links`` say what to write."""

    def __init__(self) -> None:
        self.rules = rules()
        self.stories: dict[str, Story] = {}
        self.index: dict[tuple[str, str, int], set[str]] = {}
        self.indexed: dict[str, tuple[tuple[str, str], range]] = {}
        self.by_article: dict[str, set[str]] = {}
        self.seq = 0
        self.changed: set[str] = set()
        self.removed_stories: set[str] = set()
        self.removed_reports: list[str] = []
        self.links: list[tuple[str, str, int, str]] = []  # story_id, event_id, seq, reason
        # undated mentions dated by the story they name: event_id -> (start, end, precision), to write
        self.references: dict[str, tuple[date, date, str]] = {}

    # -- feeding ------------------------------------------------------------------------------------------

    def add_article(self, rows: Iterable[dict]) -> list[Join]:
        """Merge one article's event rows (``article_reports``)."""
        return self.add_reports(article_reports(rows))

    def add_reports(self, reports: list[Report]) -> list[Join]:
        """Merge one article's reports, in the order ``article_reports`` gives them (made where the article
        was extracted: a worker process of the ingest)."""
        return [self.add(r) for r in reports]

    def add(self, report: Report) -> Join:
        """Put a report in the best compatible story, or a new one."""
        found = self._best_story(report)
        if found is None:
            story, why = self._new(report), "first report"
        else:
            story, why = found
            if why.startswith(REFERENCE_BASIS + ":") and story.best is not None:
                self.references[report.event_id] = story.best
        story.add(report)
        self._index(story)
        self.by_article.setdefault(report.article_id, set()).add(story.story_id)
        self.changed.add(story.story_id)
        self.seq += 1
        self.links.append((story.story_id, report.event_id, self.seq, why))
        return Join(story, why)

    def forget_article(self, article_id: str) -> list[str]:
        """Take an article's reports out of their stories (it is being replaced). Returns their event ids."""
        gone: list[str] = []
        for story_id in self.by_article.pop(article_id, set()):
            story = self.stories[story_id]
            keep = [r for r in story.reports if r.article_id != article_id]
            gone.extend(r.event_id for r in story.reports if r.article_id == article_id)
            self._unindex(story)
            if keep:
                fresh = Story(story.story_id, story.event_type, story.status_group)
                for r in keep:
                    fresh.add(r)
                self.stories[story_id] = fresh
                self._index(fresh)
                self.changed.add(story_id)
            else:
                del self.stories[story_id]
                self.changed.discard(story_id)
                self.removed_stories.add(story_id)
        self.removed_reports.extend(gone)
        for event_id in gone:
            self.references.pop(event_id, None)
        unlinked = set(gone)
        self.links = [link for link in self.links if link[1] not in unlinked]
        return gone

    def take_changes(self) -> tuple[list[dict], list[tuple], list[str], list[str]]:
        """(canonical rows of changed stories, new links, stories to delete, reports to unlink), then reset."""
        rows = [self.stories[s].row() for s in sorted(self.changed) if s in self.stories]
        out = (rows, self.links, sorted(self.removed_stories | self.changed), self.removed_reports)
        self.changed, self.removed_stories, self.links, self.removed_reports = set(), set(), [], []
        return out

    def take_references(self) -> dict[str, tuple[date, date, str]]:
        """The undated mentions dated since the last call by the story they name (event_id -> its reading)."""
        out, self.references = self.references, {}
        return out

    @property
    def has_changes(self) -> bool:
        return bool(self.changed or self.removed_stories or self.links or self.removed_reports)

    def replay(self, rows: Iterable[dict]) -> None:
        """Rebuild the stories a store holds from its links (story_id, seq, and the report's columns), in
        the order they were merged: the same state as when they were written, and nothing to write."""
        for row in rows:
            report = Report.of(row)
            story = self.stories.get(row["story_id"]) or self._new(report, row["story_id"])
            story.add(report)
            self._index(story)
            self.by_article.setdefault(report.article_id, set()).add(story.story_id)
            self.seq = max(self.seq, int(row["seq"]))

    # -- matching -----------------------------------------------------------------------------------------

    def _new(self, report: Report, story_id: str | None = None) -> Story:
        sid = story_id or self._free_id(report.event_id)
        story = Story(sid, report.event_type, self.rules.status_group.get(report.status, report.status))
        self.stories[sid] = story
        return story

    def _free_id(self, event_id: str) -> str:
        """A new story's id, from its first report's event id: the same on every run. When that id is taken
        (a changed article's event keeps its id, and the story it first told lives on in the reports of
        others) the next one of a fixed sequence: taking it would have put the new story over the old one
        in memory, and the old one's links would have stayed in the store, counted by no story."""
        for n in range(1000):
            sid = "s" + hashlib.sha1((event_id if n == 0 else f"{event_id}#{n}").encode("utf-8")).hexdigest()[:15]
            if sid not in self.stories:
                return sid
        raise RuntimeError(f"no free story id for event {event_id}")

    def _key(self, event_type: str, status: str) -> tuple[str, str]:
        return event_type, self.rules.status_group.get(status, status)

    def _index(self, story: Story) -> None:
        span = story.span(self.rules)
        if span is None:
            self._unindex(story)
            return
        key = (story.event_type, story.status_group)
        weeks = _weeks(*span)
        # only the weeks that changed: a report seldom widens its story's span, and a story of a decade
        # touches 520 weeks, which each report joining it took out and put back
        before = self.indexed.get(story.story_id)
        if before is not None and before[0] == key:
            if before[1] == weeks:
                return
            for m in before[1]:
                if m not in weeks:
                    self.index[(key[0], key[1], m)].discard(story.story_id)
            old = before[1]
        else:
            self._unindex(story)
            old = range(0)
        for m in weeks:
            if m not in old:
                self.index.setdefault((key[0], key[1], m), set()).add(story.story_id)
        self.indexed[story.story_id] = (key, weeks)

    def _unindex(self, story: Story) -> None:
        entry = self.indexed.pop(story.story_id, None)
        if entry is None:
            return
        key, weeks = entry
        for m in weeks:
            self.index[(key[0], key[1], m)].discard(story.story_id)

    def _candidates(self, report: Report) -> set[str]:
        key = self._key(report.event_type, report.status)
        if report.dated:
            span = (plus_days(report.start, -self.rules.slack), plus_days(report.end, self.rules.slack))
        elif report.reported is not None:
            span = (plus_days(report.reported, -self.rules.lookback), report.reported)
        else:
            return set()
        found: set[str] = set()
        for m in _weeks(*span):
            found |= self.index.get((key[0], key[1], m), set())
        return found

    def _best_story(self, report: Report) -> tuple[Story, str] | None:
        if not report.dated and report.ordinal:
            # its place in the series names the story; where the store cannot count to it, the mention names no
            # story by its weapon or place either (the latest of them is not "the fourth"): the look-back alone
            placed = self._ordinal(report)
            if placed is not None:
                return placed
            return self._nearby(report) if self._may_join_undated(report) else None
        found = self._nearby(report) if report.dated or self._may_join_undated(report) else None
        if found is None and not report.dated:
            return self._referenced(report)
        return found

    def _ordinal(self, report: Report) -> tuple[Story, str] | None:
        """The story an undated mention names by its place in its state's series ("its sixth nuclear test"): the
        dated stories before its article, of its type and state (a launch's of the weapon or class it names, a
        nuclear test's of the device it names, a summit's of every state it names), in date order, stories a day apart or overlapping counted once;
        counted from an anchor, a story a dated report gave its own place. No anchor, anchors that disagree or a
        place outside the series: None (the store lacks the earlier events, or holds them twice)."""
        told = report.reported
        if told is None or report.status not in self.rules.reference_statuses or report.aggregate:
            return None
        states = {c for c in report.actor_codes if _is_state(c)}
        summit = report.event_type in self.rules.reference_by_place
        if not states or (summit and len(states) < 2):
            return None  # a summit is counted between the states it names: "the second summit" of whom?
        if report.event_type == "missile_test" and not self._may_join_undated(report):
            return None  # "the third launch": of which of the state's many missiles?
        key = self._key(report.event_type, report.status)
        series = sorted((s for s in self.stories.values()
                         if (s.event_type, s.status_group) == key and s.best is not None and s.best[1] <= told
                         and (states <= s.actor_codes if summit else bool(states & s.actor_codes))
                         and (report.event_type != "missile_test" or _names(report, s))
                         # a device named is a series of its own: "the first H-bomb test" is not "the first nuclear test"
                         and (report.event_type != "nuclear_test" or not report.weapon or s.weapon == report.weapon)),
                        key=lambda s: (s.best[0], s.best[1], s.story_id))
        events: list[list[Story]] = []  # one event's stories
        for s in series:
            if events and s.best[0] <= plus_days(max(o.best[1] for o in events[-1]), self.rules.slack.days):
                events[-1].append(s)
            else:
                events.append([s])
        offsets = {n - place for place, group in enumerate(events, 1) for s in group for n in s.ordinals}
        if len(offsets) != 1:
            return None
        place = report.ordinal - offsets.pop()
        if not 1 <= place <= len(events):
            return None
        story = min(events[place - 1], key=lambda s: (PRECISION_RANK.get(s.best[2], 99), -len(s.reports), s.story_id))
        anchors = ", ".join(f"{_reading_text(s.best)} is number {n}" for group in events for s in group for n in sorted(s.ordinals))
        return story, f"{REFERENCE_BASIS}: number {report.ordinal} of its series before {told}, counted from {anchors} ({_reading_text(story.best)})"

    def _referenced(self, report: Report) -> tuple[Story, str] | None:
        """The story a later, undated mention names ("the test-fire of Hwasong-14", "the Singapore summit"):
        the latest dated story before its article, of its type, within the horizon, whose weapon is the one
        it names (or a system of the class it names) or, for a meeting, whose place it names. Only a mention
        of what happened: a plan or a denial names no past story."""
        told = report.reported
        if told is None or report.status not in self.rules.reference_statuses or report.aggregate:
            return None
        by_weapon = report.event_type in self.rules.reference_by_weapon and self._may_join_undated(report)
        by_place = report.event_type in self.rules.reference_by_place and bool(report.location)
        if not (by_weapon or by_place):
            return None
        best, best_key = None, None
        key = self._key(report.event_type, report.status)
        # the stories dated within the horizon, found by their weeks in the index, not by a scan of them all
        near: set[str] = set()
        for m in _weeks(plus_days(told, -self.rules.reference_horizon), told):
            near |= self.index.get((key[0], key[1], m), set())
        for sid in sorted(near):
            story = self.stories[sid]
            if story.best is None or story.best[1] > told or told - story.best[1] > self.rules.reference_horizon:
                continue
            if by_weapon and not _names(report, story):
                continue
            if not by_weapon and _country(report.location) not in story.countries:
                continue
            if story.actor_codes and report.actor_codes and not story.actor_codes & set(report.actor_codes):
                continue
            key = (story.best[1], len(story.reports), sid)
            if best_key is None or key > best_key:
                best, best_key = story, key
        if best is None:
            return None
        named = report.weapon or report.location
        return best, f"{REFERENCE_BASIS}: names {named}, the latest story of it before {told} ({_reading_text(best.best)})"

    def _nearby(self, report: Report) -> tuple[Story, str] | None:
        best, best_score = None, None
        for sid in self._candidates(report):
            story = self.stories[sid]
            fit = self._fit(story, report)
            if fit is None:
                continue
            full = (fit[0], len(story.reports), sid)
            if best_score is None or full > best_score:
                best, best_score = story, full
        if best is None:
            return None
        # the reason told for the winner alone: a report is weighed against dozens of stories in a large store
        # (68 on average for a report looking for one over KCNA 2016-2017), and each loser's reason was built for nothing
        return best, self._fit(best, report, explain=True)[1]

    def _may_join_undated(self, report: Report) -> bool:
        return report.event_type in self.rules.undated_types and report.weapon_class not in ("", "missile", "unknown")

    def _fit(self, story: Story, report: Report, explain: bool = False) -> tuple[tuple[int, int], str] | None:
        """How well a report fits a story ((date fit, weapon fit), and why: told only with ``explain``, else ""),
        or None when it cannot be one event."""
        if story.event_type != report.event_type or story.status_group != self.rules.status_group.get(report.status, report.status):
            return None
        # the date first: most stories the index offers a report are of other days
        date_fit, date_why = self._date_fit(story, report, explain)
        if date_fit is None:
            return None
        same_system = _named(report.weapon) and report.weapon == story.weapon
        if report.distinct and report.article_id in {r.article_id for r in story.reports}:
            return None  # "another missile": its article already told of this one
        if report.weapon and story.weapon and not _names_agree(report.weapon, story.weapon):
            return None
        if not _classes_agree(report.weapon_class, story.weapon_class):
            return None
        shared = story.actor_codes & set(report.actor_codes)
        if story.actor_codes and report.actor_codes and not shared:
            return None
        country = _country(report.location)
        if country and story.countries and country not in story.countries:
            return None
        weapon_fit = 2 if same_system else 1 if report.weapon_class and report.weapon_class == story.weapon_class else 0
        if not explain:
            return (date_fit, weapon_fit), ""
        weapon_why = f"weapon {report.weapon} = {story.weapon}" if same_system else (
            f"weapon {report.weapon or '-'} ({report.weapon_class or '-'}) agrees with {story.weapon or '-'} ({story.weapon_class or '-'})")
        actors_why = f"actors share {', '.join(sorted(shared))}" if shared else "no actors to compare"
        return (date_fit, weapon_fit), f"{date_why}; {weapon_why}; {actors_why}"

    def _date_fit(self, story: Story, report: Report, explain: bool = False) -> tuple[int | None, str]:
        """The date's part of ``_fit``: its score (None: no fit) and, with ``explain``, why."""
        rules_ = self.rules
        if report.dated:
            reading = report.reading
            if story.best is not None:
                if reading in story.readings:
                    return 3, (f"same date reading {_reading_text(reading)}" if explain else "")
                if _overlap(reading[0], reading[1], story.best[0], story.best[1]):
                    finer = PRECISION_RANK[reading[2]] < PRECISION_RANK[story.best[2]]
                    return 2, (f"date {_reading_text(reading)} {'refines' if finer else 'overlaps'} {_reading_text(story.best)}" if explain else "")
                # weapons that agree (checked after), one of them a named system: close days may be one event
                if reading[2] == "day" and (_named(report.weapon) or _named(story.weapon) or report.event_type in rules_.never_on_consecutive_days):
                    near = [k for k in story.readings if k[2] == "day" and _gap(reading, k) <= rules_.slack.days]
                    if near:
                        return 1, (f"date {_reading_text(reading)} within {rules_.slack.days} day of {_reading_text(near[0])}, one system: date conflict" if explain else "")
                return None, ""
            # a story of undated reports only: the event was at most the look-back before its first report
            first = story.first_reported
            if first is not None and self._may_join_undated(report) and _overlap(reading[0], reading[1], plus_days(first, -rules_.lookback), first):
                # the weakest fit: a dated story that takes the report is a better home
                return 0, (f"date {_reading_text(reading)} within {rules_.lookback.days} days before its first report ({first})" if explain else "")
            return None, ""
        told = report.reported
        if story.best is not None:
            if story.best[0] <= told and told - story.best[1] <= rules_.lookback:
                return 1, (f"undated report of {told} within {rules_.lookback.days} days after {_reading_text(story.best)}" if explain else "")
            return None, ""
        first = story.first_reported
        if first is not None and first <= told and told - first <= rules_.lookback:
            return 0, (f"undated report of {told} within {rules_.lookback.days} days of its first report ({first})" if explain else "")
        return None, ""


# -- whole tables -----------------------------------------------------------------------------------------


def merge_order(events: pd.DataFrame) -> list[list[dict]]:
    """An event table's rows, an article at a time, in the order a batch merge takes them: by publication
    date, then article id."""
    import pandas as pd

    wanted = [c for c in REPORT_COLUMNS + ("sentence",) if c in events.columns]
    by_article: dict[str, list[dict]] = {}
    for row in events[wanted].to_dict(orient="records"):
        by_article.setdefault(row["article_id"], []).append(row)

    def key(item):
        told = [d for r in item[1] for d in (r.get("published"), r.get("date_end") if r.get("date_start") is None else None) if d is not None and d == d]
        return (min(told) if told else pd.Timestamp.max, item[0])

    return [rows for _, rows in sorted(by_article.items(), key=key)]


def canonical_frame(rows: list[dict], events: pd.DataFrame) -> pd.DataFrame:
    """Canonical story rows completed with the other columns of each story's headline report, validated."""
    import pandas as pd

    canonical = pd.DataFrame.from_records(rows, columns=list(CANONICAL))
    rest = [c for c in events.columns if c not in CANONICAL]
    frame = canonical.merge(events[["event_id"] + rest], on="event_id", how="left")
    return typed(frame[story_columns()], story_fields(), story_schema())


def merge_frame(events: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Batch merge of an event table: (the story table, the links story_id <-> event_id with the reasons)."""
    import pandas as pd

    merger = Merger()
    for rows in merge_order(events):
        merger.add_article(rows)
    rows, links, _, _ = merger.take_changes()
    link_frame = pd.DataFrame(links, columns=["story_id", "event_id", "seq", "reason"])
    return canonical_frame(rows, events), link_frame
