"""Ingest benchmark on ../shared/corpora/kcna-2016-2017.jsonl (15,739 articles), each run a fresh process:

- articles/s with 1 and 2 worker processes and with a Dask LocalCluster of 2 workers, and peak memory
  (the largest process; must stay under 1 GB);
- the same with the file concatenated 4 times (ids, URLs and texts made distinct, so every copy is stored):
  peak memory must stay flat as the corpus grows;
- a second ingest of the same file into the same store: 0 rows added, in under 10% of the first's time.

Usage: python bench/ingest.py [--shared ../shared] [--skip-4x]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run(args: list[str]) -> tuple[float, float, str]:
    """Wall seconds, peak RSS in MB of the largest process (GNU time's %M, children included), and stderr."""
    started = time.perf_counter()
    out = subprocess.run(["/usr/bin/time", "-f", "MAXRSS %M", sys.executable, "-m", "events", *args], cwd=ROOT, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if out.returncode != 0:
        raise SystemExit(out.stderr[-2000:])
    rss = max((int(line.split()[1]) for line in out.stderr.splitlines() if line.startswith("MAXRSS")), default=0) / 1024
    summary = next((line for line in out.stderr.splitlines() if " articles read:" in line), "")
    return elapsed, rss, summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--skip-4x", action="store_true")
    args = parser.parse_args()
    kcna = args.shared / "corpora" / "kcna-2016-2017.jsonl"
    if not kcna.exists():
        raise SystemExit(f"error: {kcna} not found (--shared)")
    n = sum(1 for _ in open(kcna, encoding="utf-8"))
    print(f"# Ingest benchmark: {kcna.name}, {n:,} articles")
    with tempfile.TemporaryDirectory() as tmp:
        rows = []
        for label, extra in (("1 worker", ["--workers", "1"]), ("2 workers", ["--workers", "2"]), ("Dask LocalCluster, 2 workers", ["--engine", "dask", "--workers", "2"])):
            db = Path(tmp) / f"{label.split()[0]}.duckdb"
            elapsed, rss, summary = run(["ingest", str(kcna), "--db", str(db), *extra])
            rows.append((label, elapsed, rss))
            print(f"{label:<30} {n / elapsed:7.0f} articles/s  {elapsed:6.1f} s  peak memory {rss:5.0f} MB   [{summary.split(' -> ')[0]}]")
            if label == "1 worker":
                again, rss2, summary2 = run(["ingest", str(kcna), "--db", str(db)])
                print(f"{'second ingest, same file':<30} {again:6.1f} s = {100 * again / elapsed:.1f}% of the first  [{summary2.split(' -> ')[0]}]")
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
            elapsed, rss, summary = run(["ingest", str(big), "--db", str(Path(tmp) / "x4.duckdb"), "--workers", "2"])
            print(f"{'4x the file, 2 workers':<30} {4 * n / elapsed:7.0f} articles/s  {elapsed:6.1f} s  peak memory {rss:5.0f} MB (1x: {rows[1][2]:.0f} MB)")


if __name__ == "__main__":
    main()
