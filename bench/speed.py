"""Speed benchmark, paired: this tree against another revision's code (main by default), run alternately in
the same session so that a busy machine slows both alike; every figure is a ratio with min/median/max over
the repeats, articles/s printed beside it.

1. `events extract` on ../shared/corpora/kcna-2016-2017.jsonl (the whole command: start, reading, extraction,
   the table, the CSV), one process each, the revision's and this tree's alternately: articles/s by CPU time
   (user + system of the process: one core) and by wall time; the ratio of the revision's time to this
   tree's per pair; and whether the two CSVs are byte-identical (sha256 of each).
2. The time finder: `find_times` against `dateparser.search_dates` (bench/timeml.py's plain use) on the
   first N KCNA articles, in one process per tree, both warmed by one pass, then alternately: the ratio of
   their CPU times.
3. Cold start: one article extracted by a fresh process (`events extract` on the seed article) and
   `events --help`, each tree's process started alternately: seconds, min/median/max.

The other revision's tree is taken with `git archive` into a temporary folder (no worktree, no checkout) and
run with the same Python, its folder first on PYTHONPATH.

Usage: python bench/speed.py [--against main] [--repeats 5] [--shared ../shared] [--limit N] [--times-limit N]
       [--skip-extract] [--skip-times] [--skip-cold]
"""

from __future__ import annotations

import sys
from pathlib import Path

# this folder holds events.py, which would hide the `events` package: keep it off the path
if sys.path and Path(sys.path[0]).resolve() == Path(__file__).resolve().parent:
    sys.path.pop(0)

import argparse
import hashlib
import json
import os
import resource
import statistics
import subprocess
import tempfile
import time

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "kim-calls-on-military-to-accelerate-war-preparations.txt"
GOALS = {"extract": 1000.0, "cold_one": 0.5, "help": 0.2}  # articles/s on one core; seconds (issue 23)


def run(tree: Path, args: list[str], cwd: Path) -> tuple[float, str]:
    """Wall seconds and stdout of one process of ``tree``'s code."""
    env = dict(os.environ, PYTHONPATH=str(tree), PYTHONDONTWRITEBYTECODE="1")
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, *args], cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    out, err = proc.communicate()
    wall = time.perf_counter() - started
    if proc.returncode != 0:
        raise SystemExit(f"error: {' '.join(args)} in {tree} failed:\n{err[-2000:]}")
    return wall, out


def timed(tree: Path, args: list[str], cwd: Path) -> tuple[float, float, str]:
    """Wall seconds, CPU seconds (user + system: the children's resource usage before and after) and stdout."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    wall, out = run(tree, args, cwd)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, out


def spread(values: list[float], fmt: str = "{:.2f}") -> str:
    return f"min {fmt.format(min(values))} / median {fmt.format(statistics.median(values))} / max {fmt.format(max(values))}"


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def prepare(revision: str, folder: Path) -> Path:
    """The revision's files, unpacked from git into ``folder`` (the working trees are left alone)."""
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", revision], capture_output=True, check=True)
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive.stdout, check=True)
    compiled(folder)
    return folder


def compiled(tree: Path) -> None:
    """``tree``'s bytecode compiled once, for both trees alike: the runs set PYTHONDONTWRITEBYTECODE (and a
    session may have it set already, so that this tree never kept any), and a tree without it compiles its
    modules again in every run, about 80 ms of a cold start counted against it alone."""
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(tree / "events")], check=True)


def warmed(trees: dict[str, Path], tmp: Path) -> None:
    """Each tree run once on the seed article before any timing: a revision unpacked from git has none of the
    derived tables (events/base/derived.py) a working tree keeps, and its first timed run would pay for
    deriving them, counted against it alone."""
    for tree in trees.values():
        run(tree, ["-m", "events", "extract", str(SEED), "-o", str(tmp / "warm.csv")], tree)


def bench_extract(trees: dict[str, Path], corpus: Path, repeats: int, limit: int | None, tmp: Path) -> None:
    n = sum(1 for _ in open(corpus, encoding="utf-8"))
    if limit:
        small = tmp / f"first-{limit}.jsonl"
        with open(corpus, encoding="utf-8") as f:
            small.write_text("".join(line for _, line in zip(range(limit), f)), encoding="utf-8")
        corpus, n = small, min(n, limit)
    print(f"\n## events extract {corpus.name}: {n:,} articles, one process per run, {repeats} pairs")
    walls: dict[str, list[float]] = {k: [] for k in trees}
    cpus: dict[str, list[float]] = {k: [] for k in trees}
    hashes: dict[str, set[str]] = {k: set() for k in trees}
    for r in range(repeats):
        for label, tree in (list(trees.items()) if r % 2 == 0 else list(trees.items())[::-1]):  # who goes first alternates
            out = tmp / f"{label}.csv"
            wall, cpu, _ = timed(tree, ["-m", "events", "extract", str(corpus), "-o", str(out)], tree)
            walls[label].append(wall)
            cpus[label].append(cpu)
            hashes[label].add(sha256(out))
    ref, this = list(trees)
    for label in trees:
        print(f"{label:<12} CPU: {spread([n / c for c in cpus[label]], '{:.0f}')} articles/s; "
              f"wall: {spread([n / w for w in walls[label]], '{:.0f}')} articles/s")
    cpu_ratio = [a / b for a, b in zip(cpus[ref], cpus[this])]
    wall_ratio = [a / b for a, b in zip(walls[ref], walls[this])]
    print(f"speed-up ({ref} time / {this} time, per pair): CPU {spread(cpu_ratio)}x; wall {spread(wall_ratio)}x")
    print(f"this tree, median CPU: {n / statistics.median(cpus[this]):.0f} articles/s on one core (goal {GOALS['extract']:.0f})")
    same = hashes[ref] == hashes[this] and len(hashes[this]) == 1
    print(f"CSV sha256: {ref} {sorted(hashes[ref])}; {this} {sorted(hashes[this])}: {'byte-identical' if same else 'DIFFERENT'}")


TIMES_WORKER = """
import json, sys, time
from datetime import date, datetime
from dateparser.search import search_dates
from events import find_times
rows = [json.loads(line) for line, _ in zip(open(sys.argv[1], encoding="utf-8"), range(int(sys.argv[2])))]
articles = [(r["text"], date.fromisoformat(r["published"][:10])) for r in rows]
def dateparser_find(text, ref):  # bench/timeml.py's plain use
    return search_dates(text, languages=["en"], settings={"RELATIVE_BASE": datetime(ref.year, ref.month, ref.day)}) or []
for text, ref in articles:  # warm: the finder learns its rule table, dateparser its caches, before any timing
    find_times(text, ref); dateparser_find(text, ref)
out = []
for r in range(int(sys.argv[3])):
    runs = [("ours", find_times), ("dateparser", dateparser_find)]
    for name, fn in (runs if r % 2 == 0 else runs[::-1]):
        t = time.process_time()
        for text, ref in articles:
            fn(text, ref)
        out.append((name, time.process_time() - t))
print(json.dumps(out))
"""


def bench_times(trees: dict[str, Path], corpus: Path, repeats: int, limit: int) -> None:
    print(f"\n## find_times against dateparser.search_dates, first {limit:,} articles of {corpus.name}, "
          f"{repeats} pairs in one process per tree (CPU time)")
    for label, tree in trees.items():
        _, out = run(tree, ["-c", TIMES_WORKER, str(corpus), str(limit), str(repeats)], tree)
        pairs = json.loads(out)
        ours = [t for name, t in pairs if name == "ours"]
        theirs = [t for name, t in pairs if name == "dateparser"]
        print(f"{label:<12} find_times {spread([limit / t for t in ours], '{:.0f}')} articles/s; "
              f"dateparser {spread([limit / t for t in theirs], '{:.0f}')} articles/s; "
              f"ratio {spread([b / a for a, b in zip(ours, theirs)], '{:.1f}')}x")


def bench_cold(trees: dict[str, Path], repeats: int, tmp: Path) -> None:
    print(f"\n## Cold start, a fresh process each, {repeats} per tree, alternately (wall seconds)")
    commands = {"one article": ["-m", "events", "extract", str(SEED), "-o", str(tmp / "one.csv")], "events --help": ["-m", "events", "--help"]}
    for what, args in commands.items():
        walls: dict[str, list[float]] = {k: [] for k in trees}
        run(next(iter(trees.values())), args, ROOT)  # the files into the page cache
        for r in range(repeats):
            for label, tree in (list(trees.items()) if r % 2 == 0 else list(trees.items())[::-1]):
                walls[label].append(run(tree, args, tree)[0])
        ref, this = list(trees)
        goal = GOALS["cold_one" if what == "one article" else "help"]
        for label in trees:
            print(f"{what:<14} {label:<12} {spread(walls[label])} s" + (f" (goal {goal} s)" if label == this else ""))
        print(f"{what:<14} ratio {ref}/{this}: {spread([a / b for a, b in zip(walls[ref], walls[this])])}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--against", default="main", help="The git revision to pair with (default main).")
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--limit", type=int, default=None, help="Only the first N KCNA articles for the extract runs.")
    parser.add_argument("--times-limit", type=int, default=1000, help="Articles for find_times against dateparser (dateparser is slow).")
    parser.add_argument("--skip-extract", action="store_true")
    parser.add_argument("--skip-times", action="store_true")
    parser.add_argument("--skip-cold", action="store_true")
    args = parser.parse_args()
    args.shared = args.shared.resolve()  # the other revision's runs start in a folder of their own
    corpus = args.shared / "corpora" / "kcna-2016-2017.jsonl"
    if not corpus.exists():
        raise SystemExit(f"error: {corpus} not found: the benchmark needs the shared data folder (--shared)")
    with tempfile.TemporaryDirectory(prefix="eventline-speed-") as tmp:
        tmp = Path(tmp)
        (tmp / "ref").mkdir()
        trees = {args.against: prepare(args.against, tmp / "ref"), "this tree": ROOT}
        compiled(ROOT)
        warmed(trees, tmp)
        head = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", args.against], capture_output=True, text=True).stdout.strip()
        print(f"# Speed: this tree ({ROOT}) against {args.against} ({head}), paired, {args.repeats} repeats")
        if not args.skip_extract:
            bench_extract(trees, corpus, args.repeats, args.limit, tmp)
        if not args.skip_times:
            bench_times(trees, corpus, args.repeats, args.times_limit)
        if not args.skip_cold:
            bench_cold(trees, args.repeats, tmp)


if __name__ == "__main__":
    main()
