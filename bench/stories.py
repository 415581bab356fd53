"""Benchmark of the story merge (events/store/stories.py), printed for the README's "Measured" section.

On ../shared/corpora/kcna-2016-2017.jsonl, ingested into a fresh store, against the CNS missile-test and
CSIS provocations databases (the test days of bench/events.py):
- stories per database test day: the missile_test / satellite_launch / nuclear_test stories with North
  Korea among their actors, dated to the day, each counted at the nearest database day within one day;
  averaged over the database days that have one (goal: 0.9 to 1.2, "not ten"); the event rows per such
  day are printed beside it, for what the merge saves;
- recall over the reported test days (bench/events.py's set), for stories and for the event rows; precision
  over the distinct days of those stories;
- the share of test stories with a date conflict, and each conflict for a person to read;
- cost: merging every article's events incrementally (one article at a time, written as the ingest writes:
  a transaction per 64 articles) against one batch merge of the whole store (goal: at most 2x).

Usage: python bench/stories.py [--shared ../shared] [--limit N]
"""

from __future__ import annotations

import sys
from pathlib import Path

# the bench folder would hide the `events` package (bench/events.py): keep it off the path until imported
if sys.path and Path(sys.path[0]).resolve() == Path(__file__).resolve().parent:
    sys.path.pop(0)

import argparse
import tempfile
import time
from collections import defaultdict

from events.reading.articles import Article, read_paths
from events.store.database import connect, ingest, merge_stories, read_events, read_stories, write_story_changes
from events.store.stories import REPORT_COLUMNS, Merger

sys.path.insert(0, str(Path(__file__).resolve().parent))
from testdays import TEST_TYPES, database_days, near, reported_days

BATCH_ARTICLES = 64  # as the ingest writes


def test_rows(frame):
    return frame[frame.event_type.isin(TEST_TYPES) & (frame.date_precision == "day") & frame.actor_codes.str.split(";").apply(lambda c: "PRK" in c)]


def per_day(rows, days) -> dict:
    """Database day -> the rows dated within one day of it (each row at its nearest day)."""
    out = defaultdict(list)
    for row in rows.itertuples():
        day = row.date_start.date()
        close = sorted(near(day, days), key=lambda d: (abs((d - day).days), d))
        if close:
            out[close[0]].append(row)
    return out


def incremental(con, order: list[str]) -> float:
    """Merge every stored event again, one article at a time in ingest order, writing as the ingest does."""
    con.execute("DELETE FROM story_reports")
    con.execute("DELETE FROM stories")
    cols = ", ".join(REPORT_COLUMNS) + ", sentence"
    by_article = defaultdict(list)
    for row in con.execute(f"SELECT {cols} FROM events").df().to_dict(orient="records"):
        by_article[row["article_id"]].append(row)
    merger = Merger()
    started = time.perf_counter()
    for i, article_id in enumerate(order, 1):
        merger.add_article(by_article.get(article_id, []))
        if i % BATCH_ARTICLES == 0 or i == len(order):
            con.execute("BEGIN TRANSACTION")
            write_story_changes(con, merger)
            con.execute("COMMIT")
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, default=Path(__file__).resolve().parents[1].parent / "shared")
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    kcna = args.shared / "corpora/kcna-2016-2017.jsonl"
    if not kcna.exists():
        raise SystemExit(f"error: {kcna} not found: the benchmark needs the shared data folder (--shared)")
    articles = [a for a in read_paths([kcna]) if isinstance(a, Article)][: args.limit]

    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "kcna.duckdb"
        con = connect(db)
        ingest(con, articles, workers=args.workers, merge=False)
        order = [r[0] for r in con.execute("SELECT id FROM articles").fetchall()]  # the order they were written
        started = time.perf_counter()
        merge_stories(con, rebuild=True)
        batch = time.perf_counter() - started
        # a story's search key is a number given as it is written, not part of the story
        batch_stories = con.execute("SELECT * EXCLUDE (search_key) FROM stories ORDER BY story_id").df()
        step = incremental(con, order)
        step_stories = con.execute("SELECT * EXCLUDE (search_key) FROM stories ORDER BY story_id").df()
        same = batch_stories.equals(step_stories)
        con.close()
        stories, events = read_stories(db), read_events(db)

    all_days, recent = database_days(args.shared)
    _, reported = reported_days(articles, recent)
    test_stories, test_events = test_rows(stories), test_rows(events)
    story_days, event_days = per_day(test_stories, recent), per_day(test_events, recent)
    matched = [d for d in recent if story_days.get(d)]
    per_test_day = sum(len(story_days[d]) for d in matched) / len(matched) if matched else 0.0
    events_per_day = sum(len(event_days[d]) for d in matched) / len(matched) if matched else 0.0
    distinct = {r.date_start.date() for r in test_stories.itertuples()}
    event_dates = {r.date_start.date() for r in test_events.itertuples()}
    # as bench/events.py counts it: a reported day is found when something is dated within a day of it
    story_recall = sum(1 for d in reported if near(d, distinct)) / len(reported) if reported else 0.0
    event_recall = sum(1 for d in reported if near(d, event_dates)) / len(reported) if reported else 0.0
    false_days = sorted(d for d in distinct if not near(d, all_days))
    precision = 1 - len(false_days) / len(distinct) if distinct else 0.0
    conflicts = test_stories[test_stories.date_conflict]
    all_tests = stories[stories.event_type.isin(TEST_TYPES)]

    print("# Story merge benchmark: KCNA 2016-2017 against CNS + CSIS test days")
    print(f"articles {len(articles)}, event rows {len(events)}, stories {len(stories)} ({len(events) / max(len(stories), 1):.2f} rows per story)")
    print(f"test stories at day precision with PRK {len(test_stories)} (from {len(test_events)} event rows)")
    print(f"stories per database test day        {per_test_day:.2f}  over {len(matched)} days with one (event rows per such day: {events_per_day:.2f})")
    print(f"recall over reported days, stories   {story_recall:.3f}  (event rows: {event_recall:.3f}; {len(reported)} days reported with a dated mention)")
    print(f"precision over story days            {precision:.3f}  ({len(distinct) - len(false_days)}/{len(distinct)} distinct days)")
    print(f"stories with a date conflict         {len(conflicts) / len(test_stories) if len(test_stories) else 0:.3f} of test stories at day precision "
          f"({len(conflicts)}/{len(test_stories)}); {int(stories.date_conflict.sum())} of all {len(stories)} stories")
    print(f"reports per test story (all precisions) {all_tests.n_reports.mean():.1f} on average, at most {all_tests.n_reports.max()}")
    print(f"merge cost: batch {batch:.2f} s; incremental, one article at a time {step:.2f} s = {step / batch:.2f}x the batch "
          f"(same stories: {'yes' if same else 'no'})")
    print("\ndays with more than one story:")
    for d in sorted(matched):
        if len(story_days[d]) > 1:
            print(f"  {d}: " + "; ".join(f"{r.date_start.date()} {r.event_type} {r.weapon or '-'} x{r.n_reports}" for r in story_days[d]))
    print("\ndate conflicts (test stories at day precision):")
    for r in conflicts.sort_values("date_start").itertuples():
        print(f"  {r.date_start.date()} {r.event_type} {r.weapon or '-'} [{r.story_id}]: {r.date_readings}")
        print(f"      headline [{r.article_id}] {r.sentence[:150]}")
    print("\nfalse days:", ", ".join(str(d) for d in false_days) or "none")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
