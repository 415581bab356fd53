"""Benchmark of event extraction on real corpora, printed for the README's "Measured" section.

On ../shared/corpora/kcna-2016-2017.jsonl (15,739 KCNA articles) against the CNS missile-test database and
the CSIS provocations database (nuclear tests, satellite launches):
- recall over the database test days the corpus reports: is there an extracted missile_test /
  satellite_launch / nuclear_test event with North Korea among its actors, at day precision, within one
  day of it (CNS is UTC, KCNA Korean time)?
- precision over the distinct days of extracted day-precision test events: a day matching no database day
  (in any year) is a false hit;
- weapon-class agreement with CNS on the matched days; the missed and false days for a person to read;
- speed (articles/s, one core) and peak memory; and the Korea press file (no weapons events expected).

A database day counts as reported when some article published within 7 days after it names a launch or
test (a test trigger word and a weapon, rocket, satellite or bomb) in a sentence with a time expression
(not the dateline) that falls within a day of it: the text states the day. The looser count (any article within 7 days naming a launch or test
at all, as the issue words it) is printed beside it; KCNA's own first reports mostly give no date.

Usage: python bench/events.py [--shared ../shared] [--limit N]
"""

from __future__ import annotations

import sys
from pathlib import Path

# this file shares its name with the `events` package: keep its own folder off the import path
if sys.path and Path(sys.path[0]).resolve() == Path(__file__).resolve().parent:
    sys.path.pop(0)

import argparse
import csv
import resource
import sys
import time
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path

from events.articles import Article, read_paths
from events.extract import extract_frame
from events.sentences import split
from events.times import find_times
from events.vocab import vocabulary

TEST_TYPES = ("missile_test", "satellite_launch", "nuclear_test")
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
        for k in range(0, 8):
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, default=Path(__file__).resolve().parents[1].parent / "shared")
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args()
    kcna = args.shared / "corpora/kcna-2016-2017.jsonl"
    if not kcna.exists():
        raise SystemExit(f"error: {kcna} not found: the benchmark needs the shared data folder (--shared)")

    items = list(read_paths([kcna]))
    articles = [a for a in items if isinstance(a, Article)][: args.limit]
    problems = [p for p in items if not isinstance(p, Article)]
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    failures = []
    frame = extract_frame(articles, on_problem=failures.append)
    elapsed = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    all_days, recent = database_days(args.shared)
    loose, reported = reported_days(articles, recent)
    tests = frame[frame.event_type.isin(TEST_TYPES) & (frame.date_precision == "day") & frame.actor_codes.str.split(";").apply(lambda c: "PRK" in c)]
    event_days: dict[date, list] = defaultdict(list)
    for row in tests.itertuples():
        event_days[row.date_start.date()].append(row)

    hit, missed, agree, compared = [], [], 0, 0
    for day in sorted(reported):
        matches = [r for d in near(day, event_days) for r in event_days[d]]
        if matches:
            hit.append(day)
            classes = recent[day] - {"missile", "nuclear"}
            if classes:
                compared += 1
                agree += any(r.weapon_class in classes for r in matches)
        else:
            missed.append(day)
    false_days = sorted(d for d in event_days if not near(d, all_days))
    recall = len(hit) / len(reported) if reported else 0.0
    precision = 1 - len(false_days) / len(event_days) if event_days else 0.0

    print("# Event extraction benchmark: KCNA 2016-2017 against CNS + CSIS test days")
    print(f"articles {len(articles)} ({len(problems)} unreadable, {len(failures)} failed), events {len(frame)}, test events at day precision with PRK {len(tests)}")
    print(f"database test days 2016-2017: {len(recent)}; reported loosely (an article within 7 days names a launch or test): {len(loose)}; "
          f"reported with a dated mention: {len(reported)}")
    print(f"recall over reported days       {recall:.3f}  ({len(hit)}/{len(reported)})")
    print(f"precision over extracted days   {precision:.3f}  ({len(event_days) - len(false_days)}/{len(event_days)} distinct days)")
    print(f"weapon-class agreement (CNS)    {agree / compared if compared else 0:.3f}  ({agree}/{compared} days with a class)")
    print(f"speed                           {len(articles) / elapsed:.0f} articles/s (one core), {elapsed:.1f} s")
    print(f"peak memory                     {peak_mb:.0f} MB (before extraction {rss_before / 1024:.0f} MB)")
    print("\nmissed days:", ", ".join(f"{d} {sorted(recent[d])}" for d in missed) or "none")
    print("\nfalse days (no database day within one day):")
    for d in false_days:
        r = event_days[d][0]
        print(f"  {d} {r.event_type} {r.weapon or '-'} ({r.weapon_class or '-'}) [{r.article_id}] {r.sentence[:160]}")

    press = args.shared / "corpora/korea-press-2020.jsonl"
    pframe = extract_frame(a for a in read_paths([press]) if isinstance(a, Article))
    weapons = pframe[pframe.event_type.isin(TEST_TYPES)]
    print(f"\nKorea press 2020 ({press.name}): {len(pframe)} events, {len(weapons)} missile/nuclear/satellite events")
    for row in weapons.itertuples():
        print(f"  {row.event_type} [{row.article_id}] {row.sentence[:160]}")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
