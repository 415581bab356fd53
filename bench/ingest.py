"""Ingest benchmark on ../shared/corpora/kcna-2016-2017.jsonl (15,739 articles), each run a fresh process:

- 2 worker processes against 1, and a Dask LocalCluster of 2 workers against 2 local ones, as ratios of
  runs made one after the other in each repeat (min / median / max over the repeats: nothing here depends
  on how fast this machine is today); goals: 2 workers >= 1.8x one, Dask no slower than 2 local workers.
  "1 worker" is `events ingest --workers 1`: one process reads, extracts, decides, merges and writes in
  turn, no pool and no overlap (only DuckDB's own threads during a write); "2 workers" adds two forked
  extraction processes beside the process that reads, merges and writes;
- the CPU per article of the main process and of the workers: on two cores the main process's share is
  taken from the workers (the ratios depend on it); on a busy machine more processes get more of its cores,
  so wall ratios there flatter the runs with more processes, and CPU seconds are the steadier figure;
- whether the stores are the same: every table, sorted by id, the search index's postings, word pairs and
  marks by the rows and words they name, with 1 and 2 workers and Dask (and with
  another copy of the code, ``--reference CODE_FOLDER``, e.g. main's, ingesting with 1 worker);
- peak memory (the largest process; must stay under 1 GB), and the same with the file concatenated 4
  times (ids, URLs and texts made distinct, so every copy is stored): peak memory must stay flat;
- a second ingest of the same file into the same store: 0 rows added, in under 10% of the first's time.

Usage: python bench/ingest.py [--shared ../shared] [--repeat 5] [--articles N] [--reference FOLDER [--reference-speed]] [--skip-4x] [--skip-dask]
(the reference: `git archive COMMIT | tar -x -C FOLDER`; give it the same rule_starts.cache.json as this tree)
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


# runs ``python -m events ARGS`` and prints, as it exits, the CPU seconds of the main process alone (the
# ingest's reading, deciding, merging and writing; its worker processes are its children): how the work
# splits between it and the workers decides what a second worker can gain. The ingest ends with os._exit
# (events/cli.py main), which runs no ``finally``: that exit prints it too, in this process only (a forked
# worker ends by os._exit as well)
MAIN_CPU = ("import os, resource, runpy, sys\n"
            "MAIN, exit_now = os.getpid(), os._exit\n"
            "def report():\n    u = resource.getrusage(resource.RUSAGE_SELF)\n"
            "    print(f'MAINCPU {u.ru_utime + u.ru_stime:.3f}', file=sys.stderr, flush=True)\n"
            "def exiting(code):\n    if os.getpid() == MAIN:\n        report()\n    exit_now(code)\n"
            "os._exit = exiting\n"
            "try:\n    runpy.run_module('events', run_name='__main__', alter_sys=True)\n"
            "finally:\n    report()\n")


def run(args: list[str], code: Path = ROOT) -> tuple[float, float, str, float, float]:
    """Wall seconds, peak RSS in MB of the largest process (GNU time's %M, children included), stderr's
    summary line, CPU seconds (user and system, the worker processes included) and the main process's
    own CPU seconds; ``code``: the folder whose ``events`` package runs."""
    started = time.perf_counter()
    env = {**os.environ, "PYTHONPATH": str(code)}
    out = subprocess.run(["/usr/bin/time", "-f", "MAXRSS %M CPU %U %S", sys.executable, "-c", MAIN_CPU, *args], cwd=code, capture_output=True, text=True, env=env)
    elapsed = time.perf_counter() - started
    if out.returncode != 0:
        raise SystemExit(out.stderr[-2000:])
    lines = out.stderr.splitlines()
    rss = max((int(line.split()[1]) for line in lines if line.startswith("MAXRSS")), default=0) / 1024
    summary = next((line for line in lines if " articles read:" in line), "")
    cpu = max((float(line.split()[3]) + float(line.split()[4]) for line in lines if line.startswith("MAXRSS")), default=0.0)
    main_cpu = max((float(line.split()[1]) for line in lines if line.startswith("MAINCPU")), default=0.0)
    return elapsed, rss, summary, cpu, main_cpu


# every table of a store with the columns that say when a row was written left out (they differ run to run)
STORE_TABLES = {"articles": "id", "events": "event_id", "stories": "story_id", "story_reports": "event_id", "ingest_errors": "path, line, reason"}
WRITE_TIMES = {"ingested_at", "recorded_at", "search_key"}  # set by when a row was written (search_key: a story's number in write order)


# the search index's tables, each row by what it means (a row's id for its key, a word for its number: both are
# given in write order), hashed in DuckDB (millions of postings and pairs); a pairs table's mark by whether it is
# at its rows' highest key (every row's pairs written)
SEARCH_TABLES = {
    "search_vocabulary": "SELECT word FROM search_vocabulary",
    "search_postings": "SELECT v.word, s.story_id, p.placed, p.dated, p.event_type, p.n_reports FROM search_postings p"
                       " JOIN search_vocabulary v ON v.word_id = p.word_id LEFT JOIN stories s ON s.search_key = p.story_key",
    "search_event_postings": "SELECT v.word, e.event_id, p.placed, p.dated, p.event_type, a.event_id AS article FROM search_event_postings p"
                             " JOIN search_vocabulary v ON v.word_id = p.word_id LEFT JOIN events e ON e.search_key = p.event_key"
                             " LEFT JOIN events a ON a.search_key = p.article",
    "search_pair_postings": "SELECT s.story_id, f.word AS first, w.word AS second, p.position FROM search_pair_postings p"
                            " LEFT JOIN stories s ON s.search_key = p.story_key JOIN search_vocabulary f ON f.word_id = p.first_id"
                            " JOIN search_vocabulary w ON w.word_id = p.second_id",
    "search_event_pair_postings": "SELECT e.event_id, f.word AS first, w.word AS second, p.position FROM search_event_pair_postings p"
                                  " LEFT JOIN events e ON e.search_key = p.event_key JOIN search_vocabulary f ON f.word_id = p.first_id"
                                  " JOIN search_vocabulary w ON w.word_id = p.second_id",
    "search_pairs_written": "SELECT pairs, up_to = CASE pairs WHEN 'search_pair_postings' THEN (SELECT max(search_key) FROM stories)"
                            " ELSE (SELECT max(search_key) FROM events) END AS at_top FROM search_pairs_written",
    "search_pairs_stale": "SELECT pairs, key FROM search_pairs_stale",
}


def compiled(code: Path) -> None:
    """``code``'s bytecode compiled once, for this tree and the reference alike (as bench/speed.py does): an
    installed package has it, but a session may set PYTHONDONTWRITEBYTECODE, and then every run compiled the
    package's modules again before the workers fork (about 0.1 s of one core in each run, which the runs
    with more processes pay with a core idle)."""
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(code / "events")], check=True)


def store_columns(db: Path) -> dict[str, list[str]]:
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        columns = {table: [r[0] for r in con.execute("SELECT column_name FROM information_schema.columns WHERE table_name = ? ORDER BY ordinal_position", [table]).fetchall()]
                   for table in [*STORE_TABLES, *SEARCH_TABLES]}
        return {table: names for table, names in columns.items() if names or table in STORE_TABLES}
    finally:
        con.close()


def fingerprint(db: Path, only: dict[str, list[str]] | None = None) -> dict[str, tuple[int, str]]:
    """Each table's row count and a digest of its rows sorted by id: equal fingerprints, equal stores.
    ``only``: the columns to compare, table by table (another version of the code may keep fewer)."""
    import duckdb

    names_of = store_columns(db)
    con = duckdb.connect(str(db), read_only=True)
    out = {}
    try:
        for table, key in STORE_TABLES.items():
            names = [n for n in names_of[table] if only is None or n in only[table]]
            kept = ", ".join(n for n in names if n not in WRITE_TIMES)
            digest, count = hashlib.sha256(), 0
            cursor = con.execute(f"SELECT {kept} FROM {table} ORDER BY {key}, {kept}")
            while rows := cursor.fetchmany(10_000):
                digest.update(repr(rows).encode("utf-8"))
                count += len(rows)
            out[table] = (count, digest.hexdigest()[:16])
        present = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
        for table, sql in SEARCH_TABLES.items():
            if table in present and (only is None or table in only):
                count, total = con.execute(f"SELECT count(*), sum(hash(t)::HUGEINT) FROM ({sql}) t").fetchone()
                out[table] = (count, f"{int(total or 0) & (1 << 64) - 1:016x}")
    finally:
        con.close()
    return out


def spread(values: list[float]) -> str:
    return f"min {min(values):.2f} / median {statistics.median(values):.2f} / max {max(values):.2f}"


def kcna_corpus(shared: Path, articles: int, tmp: Path) -> Path:
    """KCNA 2016-2017 under ``shared``, or its first ``articles`` lines (if any) copied into ``tmp``; resolved:
    a reference's runs start in its own folder, where a relative --shared names nothing."""
    kcna = (shared / "corpora" / "kcna-2016-2017.jsonl").resolve()
    if not kcna.exists():
        raise SystemExit(f"error: {kcna} not found (--shared)")
    if not articles:
        return kcna
    sliced = tmp / f"kcna-first-{articles}.jsonl"
    with open(kcna, encoding="utf-8") as f, open(sliced, "w", encoding="utf-8") as out:
        out.writelines(itertools.islice(f, articles))
    return sliced


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--repeat", type=int, default=5, help="runs of each configuration (the ratios' medians are the figures)")
    parser.add_argument("--articles", type=int, default=0, help="the first N articles of the corpus only (0: all)")
    parser.add_argument("--reference", type=Path, help="another copy of the code (e.g. main's): its 1-worker store must be the same")
    parser.add_argument("--skip-4x", action="store_true")
    parser.add_argument("--skip-dask", action="store_true")
    parser.add_argument("--reference-speed", action="store_true",
                        help="with --reference: time its configurations too, in each repeat beside this code's (paired ratios on a busy machine)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        kcna = kcna_corpus(args.shared, args.articles, Path(tmp))
        n = sum(1 for _ in open(kcna, encoding="utf-8"))
        print(f"# Ingest benchmark: {kcna.name}, {n:,} articles, {args.repeat} repeat(s)")
        for code in [ROOT, *([args.reference.resolve()] if args.reference else [])]:
            compiled(code)
        configurations = [("1 worker", ["--workers", "1"]), ("2 workers", ["--workers", "2"])]
        if not args.skip_dask:
            configurations.append(("Dask LocalCluster, 2 workers", ["--engine", "dask", "--workers", "2"]))
        # "1 worker" is one process doing everything in turn (read, extract, decide, merge, write): no pool
        ours = list(configurations)
        if args.reference and args.reference_speed:
            configurations += [(f"reference {label}", extra) for label, extra in ours]
        times: dict[str, list[float]] = {label: [] for label, _ in configurations}
        cpu: dict[str, list[float]] = {label: [] for label, _ in configurations}
        main_cpu: dict[str, list[float]] = {label: [] for label, _ in configurations}
        memory: dict[str, float] = {}
        prints: dict[str, dict] = {}
        for attempt in range(args.repeat):
            # the configurations one after the other in each repeat: a ratio compares runs minutes apart at most
            for label, extra in configurations:
                db = Path(tmp) / f"{label.replace(' ', '-')}-{attempt}.duckdb"
                code = args.reference.resolve() if label.startswith("reference ") else ROOT
                elapsed, rss, summary, seconds, own = run(["ingest", str(kcna), "--db", str(db), *extra], code=code)
                times[label].append(elapsed)
                cpu[label].append(seconds)
                main_cpu[label].append(own)
                memory[label] = max(memory.get(label, 0.0), rss)
                print(f"  repeat {attempt + 1}: {label:<30} {n / elapsed:7.0f} articles/s  {elapsed:6.1f} s  peak memory {rss:5.0f} MB  CPU {seconds:6.1f} s"
                      f" (main process {own:5.1f} s)  [{summary.split(' -> ')[0]}]", flush=True)
                if label.startswith("reference "):
                    db.unlink(missing_ok=True)
                    continue
                if attempt == 0:
                    prints[label] = fingerprint(db)
                    if label == "1 worker" and args.reference:
                        first_store = db.with_name("first-1-worker.duckdb")
                        db.rename(first_store)
                        db = first_store
                    if label == "1 worker":
                        again, _, summary2, _, _ = run(["ingest", str(kcna), "--db", str(db)])
                        print(f"  {'second ingest, same file':<40} {again:6.1f} s = {100 * again / elapsed:.1f}% of the first  [{summary2.split(' -> ')[0]}]")
                if db.exists() and db.name != "first-1-worker.duckdb":
                    db.unlink()
        for label, _ in configurations:
            print(f"{label:<30} {spread([n / t for t in times[label]])} articles/s, peak memory {memory[label]:.0f} MB")
        # CPU per article, of the main process and of the rest (the workers): with 2 workers on 2 cores the
        # main process's share is CPU taken from them
        for label, _ in configurations:
            own = statistics.median(main_cpu[label]) / n * 1000
            rest = statistics.median(c - m for c, m in zip(cpu[label], main_cpu[label])) / n * 1000
            print(f"  CPU per article, {label:<30} main process {own:5.2f} ms, workers {rest:5.2f} ms (main's share {own / (own + rest):.0%})")
        two = [one / t for one, t in zip(times["1 worker"], times["2 workers"])]
        print(f"2 workers against 1: {spread(two)}x (goal >= 1.8x on an idle machine)")
        # what the machine's other work does not change: the CPU the runs cost. Two workers kept busy on two
        # idle cores finish in half their CPU time, so 2 x (1 worker's CPU) / (2 workers' CPU) bounds the ratio
        bound = [2 * one / two for one, two in zip(cpu["1 worker"], cpu["2 workers"])]
        print(f"  CPU seconds: 1 worker {spread(cpu['1 worker'])}, 2 workers {spread(cpu['2 workers'])};"
              f" the ratio two busy idle cores would give: {spread(bound)}x (load average {os.getloadavg()[0]:.1f} now)")
        # the core-seconds two cores left unused in a run: on an idle machine, the start before the workers
        # fork, the end after they finish and any wait between (on a busy one, the other processes' share too)
        for label in [c[0] for c in configurations if "2 workers" in c[0]]:
            idle = [2 * t - c for t, c in zip(times[label], cpu[label])]
            print(f"  idle core-seconds, {label:<30} {spread(idle)} (2 x wall - CPU; meaningful on an idle machine)")
        if not args.skip_dask:
            dask = [t2 / td for t2, td in zip(times["2 workers"], times["Dask LocalCluster, 2 workers"])]
            print(f"Dask LocalCluster against 2 local workers: {spread(dask)}x (goal >= 1.0x)")
            # steadier on a busy machine: what the cluster costs in CPU beside the pool, run by run
            dask_cpu = [cd / c2 for c2, cd in zip(cpu["2 workers"], cpu["Dask LocalCluster, 2 workers"])]
            print(f"  Dask's CPU against 2 local workers': {spread(dask_cpu)}x")
        if args.reference and args.reference_speed:
            # the same figures for the reference, and each configuration against the reference's, run by run
            ref_two = [one / t for one, t in zip(times["reference 1 worker"], times["reference 2 workers"])]
            print(f"reference: 2 workers against 1: {spread(ref_two)}x")
            ref_bound = [2 * one / two for one, two in zip(cpu["reference 1 worker"], cpu["reference 2 workers"])]
            print(f"  reference: the ratio two busy idle cores would give: {spread(ref_bound)}x")
            if not args.skip_dask:
                ref_dask = [t2 / td for t2, td in zip(times["reference 2 workers"], times["reference Dask LocalCluster, 2 workers"])]
                print(f"reference: Dask LocalCluster against 2 local workers: {spread(ref_dask)}x")
            for label, _ in ours:
                paired = [theirs / t for t, theirs in zip(times[label], times[f"reference {label}"])]
                print(f"{label:<30} against the reference's: {spread(paired)}x faster")
        if args.reference:
            db = Path(tmp) / "reference.duckdb"
            run(["ingest", str(kcna), "--db", str(db), "--workers", "1"], code=args.reference.resolve())
            # on the columns both versions keep (a newer store may keep more, e.g. a story's search text)
            shared = store_columns(db)
            prints[f"{args.reference} (1 worker)"] = fingerprint(db, shared)
            prints["1 worker, on the reference's columns"] = fingerprint(Path(tmp) / "first-1-worker.duckdb", shared)
        on_reference_columns = prints.pop("1 worker, on the reference's columns", None)
        for label, found in prints.items():
            first = on_reference_columns if label.startswith(str(args.reference)) else prints["1 worker"]
            same = [t for t in found if found[t] == first[t]]
            verdict = "the same store" if len(same) == len(first) else f"DIFFERENT: {', '.join(t for t in found if found[t] != first[t])}"
            counts = ", ".join(f"{t} {c:,}" for t, (c, _) in found.items())
            print(f"store of {label:<28} against 1 worker: {verdict} ({counts})")
        if not args.skip_4x:
            big = Path(tmp) / "kcna-x4.jsonl"
            with open(kcna, encoding="utf-8") as f, open(big, "w", encoding="utf-8") as out:
                lines = f.readlines()
                for copy in range(4):
                    for line in lines:
                        row = json.loads(line)
                        row["id"], row["url"] = f"{row['id']}-copy{copy}", f"{row['url']}#copy{copy}"
                        row["text"] += f"\n\n(copy {copy})"  # a different text: the store keeps each copy
                        out.write(json.dumps(row) + "\n")
            elapsed, rss, summary, _, _ = run(["ingest", str(big), "--db", str(Path(tmp) / "x4.duckdb"), "--workers", "2"])
            print(f"{'4x the file, 2 workers':<30} {4 * n / elapsed:7.0f} articles/s  {elapsed:6.1f} s  peak memory {rss:5.0f} MB (1x: {memory['2 workers']:.0f} MB)")


if __name__ == "__main__":
    main()
