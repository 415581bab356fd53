"""Benchmark of the time engine, on real corpora, printed for the README's "Measured" section.

1. TempEval-3 Task A on ../shared/corpora/timeml-train (TimeBank + AQUAINT): Eventline against
   dateparser.search_dates used the plain way (languages=['en'], RELATIVE_BASE = the document's DCT, each
   hit a day-precision DATE), both scored by `events timeml score`'s code, with time per document.
2. Speed on ../shared/corpora/kcna-2016-2017.jsonl on one core: Eventline's find_times against
   dateparser.search_dates on the same articles, articles/s and the ratio.

Usage: python bench/timeml.py [--shared ../shared] [--kcna-limit N] [--errors N]
"""

from __future__ import annotations

import sys
from pathlib import Path

# bench/events.py shares its name with the `events` package: keep this folder off the import path
if sys.path and Path(sys.path[0]).resolve() == Path(__file__).resolve().parent:
    sys.path.pop(0)

import argparse
import json
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


def run_speed(kcna: Path, limit: int | None) -> None:
    articles = []
    with open(kcna, encoding="utf-8") as f:
        for line in f:
            a = json.loads(line)
            articles.append((a["text"], date.fromisoformat(a["published"][:10])))
            if limit and len(articles) >= limit:
                break
    find_times("warm-up on January 1, 2016", date(2016, 1, 1))
    dateparser_find("warm-up on January 1, 2016", date(2016, 1, 1))
    started = time.perf_counter()
    ours = sum(len(find_times(text, ref)) for text, ref in articles)
    our_rate = len(articles) / (time.perf_counter() - started)
    started = time.perf_counter()
    theirs = sum(len(dateparser_find(text, ref)) for text, ref in articles)
    their_rate = len(articles) / (time.perf_counter() - started)
    print(f"\n## Speed on {kcna.name}: {len(articles)} articles, one core")
    print(f"eventline find_times      {our_rate:8.0f} articles/s  ({ours} time expressions)")
    print(f"dateparser.search_dates   {their_rate:8.0f} articles/s  ({theirs} hits)")
    print(f"ratio                     {our_rate / their_rate:8.1f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, default=Path(__file__).resolve().parents[1].parent / "shared")
    parser.add_argument("--kcna-limit", type=int, default=None, help="only the first N KCNA articles")
    parser.add_argument("--errors", type=int, default=0, help="list this many wrong values/misses/spurious per system")
    parser.add_argument("--skip-speed", action="store_true")
    args = parser.parse_args()
    corpus = args.shared / "corpora" / "timeml-train"
    if not corpus.is_dir():
        raise SystemExit(f"error: {corpus} not found: the benchmark needs the shared data folder (--shared)")
    print("# Time-expression benchmark (TempEval-3 Task A, TimeBank + AQUAINT training data)")
    run_timeml(corpus, "eventline", find_times, args.errors)
    run_timeml(corpus, "dateparser.search_dates (baseline)", dateparser_find, args.errors)
    if not args.skip_speed:
        run_speed(args.shared / "corpora" / "kcna-2016-2017.jsonl", args.kcna_limit)


if __name__ == "__main__":
    main()
