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
import resource
import time
from collections import defaultdict
from datetime import date

from events.coding.extraction import extract_frame
from events.reading.articles import Article, read_paths

sys.path.insert(0, str(Path(__file__).resolve().parent))  # the bench's helpers, now that `events` is the package
from testdays import TEST_TYPES, database_days, near, reported_days


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

    hit, missed, agree, compared, disagreed = [], [], 0, 0, []
    for day in sorted(reported):
        matches = [r for d in near(day, event_days) for r in event_days[d]]
        if matches:
            hit.append(day)
            classes = recent[day] - {"missile", "nuclear"}
            if classes:
                compared += 1
                if any(r.weapon_class in classes for r in matches):
                    agree += 1
                else:
                    disagreed.append((day, classes, matches))
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
    print("\nweapon classes that disagree (database classes; extracted weapon and class):")
    for day, classes, matches in disagreed:
        print(f"  {day} {sorted(classes)}: " + "; ".join(sorted({f'{r.weapon or "-"} ({r.weapon_class or "-"})' for r in matches})))
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
