"""Benchmark of the time engine, on real corpora, printed for the README's "Measured" section.

1. TempEval-3 Task A on ../shared/corpora/timeml-train (TimeBank + AQUAINT): Eventline against
   dateparser.search_dates used the plain way (languages=['en'], RELATIVE_BASE = the document's DCT, each
   hit a day-precision DATE), both scored by `events timeml score`'s code, with time per document.
2. Speed on ../shared/corpora/kcna-2016-2017.jsonl on one core: Eventline's find_times against
   dateparser.search_dates on the same articles, alternately, articles/s and the ratio per pair (min/median/max).

Usage: python bench/timeml.py [--shared ../shared] [--kcna-limit N] [--errors N] [--repeats 3] [--skip-speed]
"""

from __future__ import annotations

import sys
from pathlib import Path

# bench/events.py shares its name with the `events` package: keep this folder off the import path
if sys.path and Path(sys.path[0]).resolve() == Path(__file__).resolve().parent:
    sys.path.pop(0)

import argparse
import json
import statistics
import tempfile
import time
from dataclasses import dataclass
from datetime import date, datetime

from dateparser.search import search_dates

from events import find_times
from events.timex import timeml


@dataclass(frozen=True)
class Hit:
    start: int
    end: int
    type: str
    value: str


def dateparser_find(text: str, reference: date) -> list[Hit]:
    """dateparser.search_dates the plain way; each hit located in the text in order, a day-precision DATE."""
    found = search_dates(text, languages=["en"], settings={"RELATIVE_BASE": datetime(reference.year, reference.month, reference.day)}) or []
    hits, pos = [], 0
    for substring, when in found:
        at = text.find(substring, pos)
        if at < 0:
            continue
        hits.append(Hit(at, at + len(substring), "DATE", when.date().isoformat()))
        pos = at + len(substring)
    return hits


def run_timeml(corpus: Path, name: str, find, errors: int) -> None:
    with tempfile.TemporaryDirectory() as out:
        started = time.perf_counter()
        written = timeml.annotate_dir(corpus, Path(out), find)
        elapsed = time.perf_counter() - started
        total, per_doc, misses = timeml.score_dirs(corpus, Path(out))
    print(f"\n## {name}: {len(written)} documents, {1000 * elapsed / len(written):.1f} ms per document")
    print(timeml.format_report(total, {}, misses, errors))


WARM_UP = 300  # articles each finder reads before the timed passes


def run_speed(kcna: Path, limit: int | None, repeats: int) -> None:
    """find_times against dateparser on the same articles, one pass of each per repeat, who goes first
    alternating, CPU time of this process (one core): each rate and the ratio per pair, min/median/max, so a
    busy machine slows both alike and only the ratio is the figure."""
    articles = []
    with open(kcna, encoding="utf-8") as f:
        for line in f:
            a = json.loads(line)
            articles.append((a["text"], date.fromisoformat(a["published"][:10])))
            if limit and len(articles) >= limit:
                break
    finders = {"eventline find_times": find_times, "dateparser.search_dates": dateparser_find}
    seconds: dict[str, list[float]] = {name: [] for name in finders}
    found: dict[str, int] = {}
    for find in finders.values():  # warm: the finder learns its rule table, dateparser its caches, before any timing
        for text, ref in articles[:WARM_UP]:
            find(text, ref)
    for r in range(repeats):
        for name, find in (list(finders.items()) if r % 2 == 0 else list(finders.items())[::-1]):
            started = time.process_time()
            found[name] = sum(len(find(text, ref)) for text, ref in articles)
            seconds[name].append(time.process_time() - started)
    print(f"\n## Speed on {kcna.name}: {len(articles)} articles, one core (CPU time), {repeats} pairs")
    for name, spent in seconds.items():
        print(f"{name:<25} {spread([len(articles) / s for s in spent], '{:.0f}')} articles/s  ({found[name]} found)")
    ours, theirs = seconds.values()
    print(f"{'ratio':<25} {spread([b / a for a, b in zip(ours, theirs)], '{:.1f}')}x")


def spread(values: list[float], fmt: str) -> str:
    return f"min {fmt.format(min(values))} / median {fmt.format(statistics.median(values))} / max {fmt.format(max(values))}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, default=Path(__file__).resolve().parents[1].parent / "shared")
    parser.add_argument("--kcna-limit", type=int, default=None, help="only the first N KCNA articles")
    parser.add_argument("--errors", type=int, default=0, help="list this many wrong values/misses/spurious per system")
    parser.add_argument("--skip-speed", action="store_true")
    parser.add_argument("--repeats", type=int, default=3, help="pairs of speed passes (min/median/max of each figure)")
    args = parser.parse_args()
    corpus = args.shared / "corpora" / "timeml-train"
    if not corpus.is_dir():
        raise SystemExit(f"error: {corpus} not found: the benchmark needs the shared data folder (--shared)")
    print("# Time-expression benchmark (TempEval-3 Task A, TimeBank + AQUAINT training data)")
    run_timeml(corpus, "eventline", find_times, args.errors)
    run_timeml(corpus, "dateparser.search_dates (baseline)", dateparser_find, args.errors)
    if not args.skip_speed:
        run_speed(args.shared / "corpora" / "kcna-2016-2017.jsonl", args.kcna_limit, args.repeats)


if __name__ == "__main__":
    main()
