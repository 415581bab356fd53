"""Where the workers of `events ingest --workers N` wait (Linux): each worker's time between its first and
last results split into running, waiting for a core (the machine's other work) and asleep (waiting on the
ingest's process: for its next chunk, or for its result to be taken), from /proc/self/schedstat, and the
time it spent taking chunks and handing back results. Asleep is the figure a change of the hand-out moves;
unlike idle core-seconds (bench/ingest.py), it means something on a busy machine too. With ``--engine dask``
(a LocalCluster), each Dask worker's time between the end of a task and the start of its next, in the
thread that runs its tasks (the task's result sent, the next one received and made ready by the worker's
event loop): asleep and waiting for a core; and its CPU outside its tasks (its event loop's messages and
heartbeats); the local process that extracts while the cluster starts is left out.

Usage: python bench/ingest_waits.py [--shared ../shared] [--articles N] [--workers 2] [--runs 1] [--code FOLDER] [--engine dask]
(--code: another copy of the code, e.g. `git archive COMMIT | tar -x -C FOLDER`, whose `events` runs instead)
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from ingest import kcna_corpus  # bench/ingest.py, beside this script

ROOT = Path(__file__).resolve().parents[1]

# runs in the ingest's process: every worker (forked from it) notes, for each chunk it takes and each result
# it hands back, the wall time and the part asleep, and writes its figures after each result
PROBE = r"""
import json, os, sys, time
import multiprocessing.queues as queues

OUT = sys.argv.pop(1)
INGEST = os.getpid()  # the workers, forked from it, have other ids
taken, handed, marks = [], [], []

def now():
    run, queued, _ = open("/proc/self/schedstat").read().split()
    return time.monotonic(), int(run) / 1e9, int(queued) / 1e9

def asleep(a, b):
    return (b[0] - a[0]) - (b[1] - a[1]) - (b[2] - a[2])

get, put = queues.SimpleQueue.get, queues.SimpleQueue.put

def timed_get(self):
    a = now(); task = get(self); b = now()
    taken.append((b[0] - a[0], asleep(a, b)))
    return task

def timed_put(self, obj):
    a = now(); put(self, obj); b = now()
    handed.append((b[0] - a[0], asleep(a, b)))
    marks.append(b)
    if os.getpid() == INGEST:  # its pool's own notices (a SimpleQueue too), not a worker's results
        return
    with open(os.path.join(OUT, f"{os.getpid()}.json"), "w") as f:
        json.dump({"taken": taken, "handed": handed, "first": marks[0], "last": b}, f)

queues.SimpleQueue.get, queues.SimpleQueue.put = timed_get, timed_put
import runpy
runpy.run_module("events", run_name="__main__", alter_sys=True)
"""

# the same for a Dask LocalCluster: a task's function (events.store.database._pickled_chunk) notes, in the
# thread that runs it (the worker's executor thread), when each task starts and ends, with that thread's schedstat and the process's CPU. The wrapper
# takes the function's module and name, so that it is pickled by reference and found on the workers (forked
# from the ingest's process, after it is in place): pickled by value, as a function of ``__main__`` is, each
# task carried a fresh copy with an empty list of marks, and each worker reported one task
DASK_PROBE = r"""
import json, os, resource, sys, threading, time

OUT = sys.argv.pop(1)
marks = []

def now():
    # the thread's running time from its CPU clock: schedstat's figure for a running thread is brought up to
    # date only at the scheduler's next tick or switch (up to 4 ms behind), which made some gaps negative
    _, queued, _ = open("/proc/thread-self/schedstat").read().split()
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return time.monotonic(), time.thread_time(), int(queued) / 1e9, usage.ru_utime + usage.ru_stime, threading.get_ident()

from events.store import database

task = database._pickled_chunk

def noted(started):
    marks.append((started, now()))
    with open(os.path.join(OUT, f"{os.getpid()}.json"), "w") as f:
        json.dump(marks, f)

def _pickled_chunk(blob):
    started = now()
    out = task(blob)
    noted(started)
    return out

_pickled_chunk.__module__, _pickled_chunk.__qualname__ = task.__module__, task.__qualname__
database._pickled_chunk = _pickled_chunk
import runpy
runpy.run_module("events", run_name="__main__", alter_sys=True)
"""


def asleep(a: list, b: list) -> float:
    """Seconds between two marks (wall, running, waiting for a core) spent neither running nor waiting for a core."""
    return (b[0] - a[0]) - (b[1] - a[1]) - (b[2] - a[2])


def dask_report(out: Path) -> None:
    """Each Dask worker's time between the end of a task and the start of its next, in the thread that runs
    the tasks: asleep (waiting on its event loop, the scheduler or this process), waiting for a core, and
    running; and the process's CPU outside
    its tasks between its first task's start and its last one's end (its event loop: messages, heartbeats)."""
    total = 0.0
    for path in sorted(out.glob("*.json")):
        marks = json.loads(path.read_text())
        pairs = [(end, start) for (_, end), (start, _) in zip(marks, marks[1:]) if end[4] == start[4]]
        gaps = sorted(asleep(end, start) for end, start in pairs)
        queued = sum(start[2] - end[2] for end, start in pairs)
        wall = sum(start[0] - end[0] for end, start in pairs)
        total += sum(gaps)
        median = gaps[len(gaps) // 2] if gaps else 0.0
        tasks_cpu = sum((end[1] - start[1]) for start, end in marks)
        outside = (marks[-1][1][3] - marks[0][0][3]) - tasks_cpu
        print(f"  Dask worker: {len(marks)} tasks over {marks[-1][1][0] - marks[0][0][0]:6.2f} s, between them {wall:5.2f} s: asleep {sum(gaps):5.2f} s"
              f" (median {1000 * median:.1f} ms a task), waiting for a core {queued:5.2f} s; CPU outside the tasks {outside:5.2f} s")
    print(f"  the Dask workers asleep between tasks: {total:.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--articles", type=int, default=0, help="the first N articles of KCNA 2016-2017 only (0: all)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--code", type=Path, default=ROOT, help="the folder whose events package runs")
    parser.add_argument("--engine", choices=("local", "dask"), default="local")
    args = parser.parse_args()
    if not Path("/proc/self/schedstat").exists():
        raise SystemExit("error: needs Linux's /proc/self/schedstat")
    with tempfile.TemporaryDirectory() as tmp:
        kcna = kcna_corpus(args.shared, args.articles, Path(tmp))  # resolved: the runs start in --code
        for run in range(args.runs):
            out = Path(tmp) / f"run{run}"
            out.mkdir()
            db = Path(tmp) / f"run{run}.duckdb"
            probe, engine = (DASK_PROBE, ["--engine", "dask"]) if args.engine == "dask" else (PROBE, [])
            done = subprocess.run([sys.executable, "-c", probe, str(out), "ingest", str(kcna), "--db", str(db), "--workers", str(args.workers), *engine],
                                  cwd=args.code, env={**os.environ, "PYTHONPATH": str(args.code.resolve())}, capture_output=True, text=True, check=False)
            if done.returncode != 0:
                raise SystemExit(done.stderr[-2000:])
            print(f"run {run + 1}: {done.stderr.strip().splitlines()[-1]} (load average {os.getloadavg()[0]:.1f})")
            if args.engine == "dask":
                dask_report(out)
                continue
            total = 0.0
            for path in sorted(out.glob("*.json")):
                figures = json.loads(path.read_text())
                first, last = figures["first"], figures["last"]
                span, running, queued = last[0] - first[0], last[1] - first[1], last[2] - first[2]
                sleeping = span - running - queued
                total += sleeping
                # the first chunk's wait is the fork's; the last one's the end
                taken = figures["taken"][1:-1]
                print(f"  worker: {span:6.2f} s from its first result to its last: running {running:6.2f}, waiting for a core {queued:6.2f},"
                      f" asleep {sleeping:5.2f}; taking {len(taken)} chunks {sum(w for w, _ in taken):5.2f} s,"
                      f" handing back {len(figures['handed'])} results {sum(w for w, _ in figures['handed']):5.2f} s")
            print(f"  the workers asleep: {total:.2f} s")


if __name__ == "__main__":
    main()
