"""The database test days both event benchmarks score against (CNS missile tests, CSIS provocations), and
which of them the KCNA corpus reports: by hand (tests/kcna_test_days.csv, read by ``hand_reported``: for each
test day of 2012, 2013, 2016 and 2017 the KCNA article that reports it, or none), or automatically with a dated
mention (``reported_days``, the earlier definition, 2016-2017 only). Shared by bench/events.py and
bench/stories.py."""

from __future__ import annotations

import csv
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path

from events.base.sentences import split
from events.coding.vocab import vocabulary
from events.reading.articles import Article
from events.timex.times import find_times

TEST_TYPES = ("missile_test", "satellite_launch", "nuclear_test")
HAND_FILE = Path(__file__).resolve().parents[1] / "tests" / "kcna_test_days.csv"
HAND_COLUMNS = ["day", "kind", "article_id", "note"]
CNS_TO_CLASS = {"SRBM": "SRBM", "MRBM": "MRBM", "IRBM": "IRBM", "ICBM": "ICBM", "SLBM": "SLBM", "SLV": "SLV"}


def database_days(shared: Path) -> tuple[dict[date, set[str]], dict[date, set[str]]]:
    """All database days (any year) -> kinds/classes; and the 2016-2017 ones, the recall set."""
    days: dict[date, set[str]] = defaultdict(set)
    with open(shared / "corpora/events/cns-missile-tests-to-2017.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if len(row["date"]) != 10:
                continue  # "1984-09": the early tests are known to the month only
            days[date.fromisoformat(row["date"])].add(CNS_TO_CLASS.get(row["missile_type"], "missile"))
    with open(shared / "corpora/events/csis-provocations-to-2017.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if len(row["date"]) != 10:
                continue
            kind = row["event"].lower()
            if "nuclear test" in kind:
                days[date.fromisoformat(row["date"])].add("nuclear")
            elif "satellite" in kind:
                days[date.fromisoformat(row["date"])].add("SLV")
            elif row["type"] == "Missile Provocation":
                days[date.fromisoformat(row["date"])].add("missile")
    recent = {d: k for d, k in days.items() if date(2016, 1, 1) <= d <= date(2017, 12, 31)}
    return dict(days), recent


def near(d: date, days, tolerance: int = 1) -> list[date]:
    return [d + timedelta(days=k) for k in range(-tolerance, tolerance + 1) if d + timedelta(days=k) in days]


def reported_days(articles: list[Article], recent: dict[date, set[str]]) -> tuple[set[date], set[date]]:
    """Database days some article within 7 days after names a launch/test: loosely (anywhere in it), and
    with a time expression in the same sentence falling within a day of the database day."""
    vocab = vocabulary()
    test_words = [t.triggers for t in vocab.event_types if t.name in TEST_TYPES]
    test_things = vocab.weapons.pattern  # a missile, rocket, satellite or nuclear device must be named
    by_day: dict[date, list[Article]] = defaultdict(list)
    for a in articles:
        if a.published:
            by_day[a.published].append(a)
    loose, dated = set(), set()
    for day in recent:
        for k in range(8):
            for a in by_day.get(day + timedelta(days=k), []):
                if not any(p.search(a.text) for p in test_words):
                    continue
                loose.add(day)
                times = find_times(a.text, a.published)
                for s in split(a.text):
                    if any(p.search(s.text) for p in test_words) and test_things.search(s.text) and any(
                        m.precision == "day" and m.rule != "dateline" and m.range_start and abs((m.range_start - day).days) <= 1
                        for m in times
                        if s.start <= m.start < s.end
                    ):
                        dated.add(day)
                        break
                if day in dated:
                    break
            if day in dated:
                break
    return loose, dated


def hand_reported(path: Path = HAND_FILE) -> dict[date, dict[str, str]]:
    """The hand-made file: database test day -> its row (kind, article_id: the KCNA article that reports it,
    empty when none does, note)."""
    with open(path, encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        if reader.fieldnames != HAND_COLUMNS:
            raise ValueError(f"{path}: columns {reader.fieldnames}, expected {HAND_COLUMNS}")
        rows = {}
        for row in reader:
            day = date.fromisoformat(row["day"])
            if day in rows:
                raise ValueError(f"{path}: {day} twice")
            rows[day] = {k: (row[k] or "").strip() for k in HAND_COLUMNS[1:]}
    return rows
