"""Benchmark of event extraction on real news, printed for the README's "Measured" section: one table at the end.

wire-dev (../shared/corpora/wire-dev: 220 agency and newspaper reports with hand-made gold events): the events
extracted from the reports, written as `events extract` writes them, scored by the team's scorer
../shared/tools/wire_score.py, run on that CSV: recall per tier (1: the report's own news, 2: an earlier event it dates), precision of dated events,
actors right, undated events of a gold type, recall per type; the misses and false hits go to
bench/out/wire-dev-details.csv.

KCNA 2012-2013 and 2016-2017 (../shared/corpora/kcna-*.jsonl) against the test days of the CNS missile-test and
CSIS provocations databases, per year (2012, 2013, 2016, 2017):
- recall over the days KCNA reports: tests/kcna_test_days.csv says, by hand, for every database test day of
  those years which KCNA article reports it (bench/kcna_candidates.py lists the candidates), or that none
  does; and recall over all the database days of the year. A day is found when an extracted missile_test /
  satellite_launch / nuclear_test event that happened (status occurred or failed), with North Korea among its
  actors, at day precision, lies within one
  day of it (CNS is UTC, KCNA Korean time);
- precision over the distinct days of those events in the year: a day with no database day (of any year)
  within one day is a false hit, printed with its sentence;
- the same at story level (the events merged into stories as the store merges them, events.store.stories);
- weapon-class agreement with CNS on the found days, and the missed and false days for a person to read.
The earlier automatic definition of a reported day (a dated mention, bench/testdays.reported_days) is printed
beside it for 2016-2017.

Speed (articles/s on one core, and against the time-expression pass alone on the same articles in the same
run, which a busy machine slows alike) and peak memory on KCNA 2016-2017; and the Korea press file (no
weapons events expected).

Usage: python bench/events.py [--shared ../shared] [--limit N] [--out bench/out]
"""

from __future__ import annotations

import sys
from pathlib import Path

# this file shares its name with the `events` package: keep its own folder off the import path
if sys.path and Path(sys.path[0]).resolve() == Path(__file__).resolve().parent:
    sys.path.pop(0)

import argparse
import resource
import subprocess
import time
from collections import defaultdict
from datetime import date

from events.coding.extraction import extract_frame
from events.reading.articles import Article, read_paths
from events.store.stories import merge_frame
from events.store.tables import write
from events.timex.times import find_times

sys.path.insert(0, str(Path(__file__).resolve().parent))  # the bench's helpers, now that `events` is the package
from scoring import near, score_days, tool_figures
from testdays import TEST_TYPES, database_days, hand_reported, reported_days

CORPORA = {"kcna-2016-2017.jsonl": (2016, 2017), "kcna-2012-2013.jsonl": (2012, 2013)}
SPEED_GOAL = 300  # articles/s on one core (docs/accuracy.md)


def test_rows(frame):
    """Day-precision missile / satellite / nuclear test rows with North Korea among the actors, that happened
    (status occurred or failed, as wire_score.py counts them): a launch marked planned claims no test day. A
    multiple rocket launcher's test firing too: the product calls it a weapons test (as wire-dev's gold does),
    CSIS counts the large-calibre guided ones as short-range missile launches."""
    tested = frame.event_type.isin(TEST_TYPES) | ((frame.event_type == "weapons_test") & (frame.weapon_class == "rocket launcher"))
    return frame[tested & (frame.date_precision == "day") & frame.status.isin(["occurred", "failed"])
                 & frame.actor_codes.fillna("").str.split(";").apply(lambda c: "PRK" in c)]


def by_day(rows) -> dict[date, list]:
    out: dict[date, list] = defaultdict(list)
    for row in rows.itertuples():
        out[row.date_start.date()].append(row)
    return out


def fraction(part: int, whole: int) -> str:
    return f"{part / whole:.3f} ({part}/{whole})" if whole else "-"


def show(row) -> str:
    return f"{row.event_type} {row.weapon or '-'} ({row.weapon_class or '-'}) [{row.article_id}] {' '.join(str(row.sentence).split())[:170]}"


def run_tool(tool: Path, events_csv: Path, gold_dir: Path, details: Path) -> str:
    done = subprocess.run([sys.executable, str(tool), str(events_csv), str(gold_dir), "--details", str(details)],
                          capture_output=True, text=True, check=False)
    if "recall" not in done.stdout:
        raise SystemExit(f"error: {tool} failed: {done.stderr.strip()[-500:]}")
    return done.stdout


def wire_dev(shared: Path, out: Path) -> tuple[dict[str, tuple[int, ...]], list[str]]:
    """Extract wire-dev and score it with ../shared/tools/wire_score.py, the team's scorer (its rules are in
    its docstring; the project keeps no copy of it); returns its counts and its summary lines."""
    folder = shared / "corpora/wire-dev"
    problems: list = []
    frame = extract_frame(read_paths(sorted(folder.glob("part-*.jsonl"))), on_problem=problems.append)
    events_csv = out / "wire-dev-events.csv"
    write(frame, events_csv)
    details = out / "wire-dev-details.csv"
    report = run_tool(shared / "tools/wire_score.py", events_csv, folder, details)
    figures = tool_figures(report)
    summary = [line for line in report.splitlines() if line.startswith(("  tier", "  per type", "recall", "true extras", "actor check", "misses", "false hits"))]
    lines = [f"# wire-dev ({len(frame)} events, {len(problems)} reports skipped): wire_score.py's summary; every miss and false hit in {details}"]
    lines += [line[:400] for line in summary]
    return figures, lines


def kcna_year(year: int, frame, stories, hand: dict, all_days: dict) -> tuple[tuple, list[str]]:
    """One KCNA year's row of the table (events and stories) and the lines for a person to read."""
    database = [d for d in all_days if d.year == year]
    reported = [d for d in database if hand.get(d, {}).get("article_id")]
    events = by_day(test_rows(frame))
    story_days = by_day(test_rows(stories)) if stories is not None else {}
    in_year = lambda days: [d for d in days if d.year == year]  # noqa: E731
    score = score_days(database, reported, events, all_days, judged=in_year(events))
    story_score = score_days(database, reported, story_days, all_days, judged=in_year(story_days)) if stories is not None else None
    agree, compared = 0, 0
    for day in score.found:
        classes = all_days[day] - {"missile", "nuclear"}
        if classes:
            compared += 1
            agree += any(r.weapon_class in classes for d in near(day, events) for r in events[d])
    lines = [f"## KCNA {year}: {len(database)} database test days, {len(reported)} reported by KCNA (tests/kcna_test_days.csv)",
             f"weapon class agrees with CNS on {fraction(agree, compared)} found days with a class",
             "missed reported days: " + (", ".join(f"{d} ({hand[d]['article_id']})" for d in score.missed_reported) or "none")]
    lines += [f"false day {d}: {show(events[d][0])}" for d in score.false]
    row = (f"KCNA {year}", fraction(len(score.found_reported), len(score.reported)), fraction(len(score.found), len(score.database)),
           fraction(len(score.judged) - len(score.false), len(score.judged)), str(len(database)),
           fraction(len(story_score.found_reported), len(story_score.reported)) if story_score else "-",
           fraction(len(story_score.judged) - len(story_score.false), len(story_score.judged)) if story_score else "-")
    return row, lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, default=Path(__file__).resolve().parents[1].parent / "shared")
    parser.add_argument("--limit", type=int, default=None, help="Articles per KCNA corpus (a quick look; figures then mean little).")
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent / "out")
    args = parser.parse_args()
    for name in list(CORPORA) + ["wire-dev", "korea-press-2020.jsonl"]:
        if not (args.shared / "corpora" / name).exists():
            raise SystemExit(f"error: {args.shared / 'corpora' / name} not found: the benchmark needs the shared data folder (--shared)")
    args.out.mkdir(parents=True, exist_ok=True)
    all_days, _ = database_days(args.shared)
    hand = hand_reported()
    table, notes = [], []
    for name, years in CORPORA.items():
        items = list(read_paths([args.shared / "corpora" / name]))
        articles = [a for a in items if isinstance(a, Article)][: args.limit]
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        started = time.perf_counter()
        failures: list = []
        frame = extract_frame(articles, on_problem=failures.append)
        elapsed = time.perf_counter() - started
        timed = time.perf_counter()
        for a in articles:  # the time-expression pass alone, the same articles in the same run: a busy machine slows both
            find_times(a.text, a.published)
        times_only = time.perf_counter() - timed
        notes.append(f"# {name}: {len(articles)} articles ({len(items) - len(articles)} unread or left out, {len(failures)} failed), {len(frame)} events; "
                     f"{len(articles) / elapsed:.0f} articles/s on one core (goal {SPEED_GOAL}), {elapsed / times_only:.1f}x the time-expression pass alone; "
                     f"peak memory {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB (before {rss_before / 1024:.0f} MB)")
        stories, _ = merge_frame(frame)
        for year in years:
            row, lines = kcna_year(year, frame, stories, hand, all_days)
            table.append(row)
            notes += lines
        if years == (2016, 2017):
            recent = {d: k for d, k in all_days.items() if date(2016, 1, 1) <= d <= date(2017, 12, 31)}
            _, dated = reported_days(articles, recent)
            auto = score_days(list(recent), sorted(dated), by_day(test_rows(frame)), all_days)
            notes.append(f"2016-2017 by the earlier automatic rule (a dated mention): recall {fraction(len(auto.found_reported), len(auto.reported))}, "
                         f"precision over every test-event day {fraction(len(auto.judged) - len(auto.false), len(auto.judged))}")
    wire, wire_lines = wire_dev(args.shared, args.out)
    for label, key in (("wire-dev tier 1", "tier 1"), ("wire-dev tier 2", "tier 2"), ("wire-dev all", "recall")):
        hit, n = wire[key]
        precision = fraction(*wire["precision"]) if label.endswith("all") else "-"
        table.insert(len([r for r in table if r[0].startswith("wire")]), (label, fraction(hit, n), "-", precision, str(n), "-", "-"))
    press = args.shared / "corpora/korea-press-2020.jsonl"
    pframe = extract_frame(a for a in read_paths([press]) if isinstance(a, Article))
    weapons = pframe[pframe.event_type.isin(TEST_TYPES)]
    notes.append(f"# Korea press 2020 ({press.name}): {len(pframe)} events, {len(weapons)} missile/nuclear/satellite events (none expected)")
    notes += [f"  {show(r)}" for r in weapons.itertuples()]
    print("\n".join(notes))
    print("\n".join(wire_lines))
    print("\n# Results (recall: gold rows or database test days found; precision: wire-dev dated events of the gold types, "
          "KCNA distinct days of test events in the year; n: gold rows or database test days)")
    header = ("", "recall (reported days)", "recall (all days)", "precision", "n", "stories: recall (reported)", "stories: precision")
    widths = [max(len(str(r[i])) for r in [header, *table]) for i in range(len(header))]
    for k, row in enumerate([header, *table]):
        print("| " + " | ".join(str(c).ljust(w) for c, w in zip(row, widths)) + " |")
        if k == 0:
            print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    print("wire-dev: every gold row is an event its report tells, so its recall is over reported events; "
          "KCNA: 'reported days' are the days tests/kcna_test_days.csv gives a KCNA article for.")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
