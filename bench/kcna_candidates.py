"""Candidate KCNA reports of each CNS/CSIS test day, for a person to decide which article reports it.

For every database test day of 2012, 2013, 2016 and 2017 (as bench/testdays.py reads CNS and CSIS), lists the
KCNA articles published on that day or within 7 days after it whose title or first sentences tell of a launch
or a test (a launch/test/fire word and a rocket, missile, satellite, nuclear or weapon word), with the title
and the lead. The decisions are written by hand into tests/kcna_test_days.csv (columns day, kind, article_id,
note); this script only helps to read. With --skeleton it prints that file's rows with article_id empty.

Usage: python bench/kcna_candidates.py [--shared ../shared] [--skeleton] [--days 2012-04-13,2013-02-12]
"""

from __future__ import annotations

import sys
from pathlib import Path

if sys.path and Path(sys.path[0]).resolve() == Path(__file__).resolve().parent:
    sys.path.pop(0)

import argparse
import csv
import json
import re
from collections import defaultdict
from datetime import date, timedelta

YEARS = (2012, 2013, 2016, 2017)
CORPORA = {2012: "kcna-2012-2013.jsonl", 2013: "kcna-2012-2013.jsonl", 2016: "kcna-2016-2017.jsonl", 2017: "kcna-2016-2017.jsonl"}
ACT = re.compile(r"launch|test|fir(e|ing)|drill|strike|succe|detonat|explo|blast", re.IGNORECASE)
THING = re.compile(r"rocket|missile|satellite|nuclear|h-bomb|bomb|hwasong|pukguksong|kwangmyongsong|unha|artillery|"
                   r"projectile|icbm|slbm|engine|weapon|multiple|launcher|strategic force", re.IGNORECASE)


def database_rows(shared: Path) -> dict[date, list[str]]:
    """Database day -> its rows, described ('CNS SRBM KN-02 success', 'CSIS Nuclear Test'), for the years
    scored; the days are those of testdays.database_days."""
    import events.base.sentences  # noqa: F401 - the package first: bench/events.py shares its name

    sys.path.append(str(Path(__file__).resolve().parent))
    from testdays import database_days

    days, _ = database_days(shared)
    rows: dict[date, list[str]] = defaultdict(list)
    with open(shared / "corpora/events/cns-missile-tests-to-2017.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if len(row["date"]) == 10 and date.fromisoformat(row["date"]) in days:
                rows[date.fromisoformat(row["date"])].append(f"CNS {row['missile_type']} {row['missile_name']} {row['outcome']}")
    with open(shared / "corpora/events/csis-provocations-to-2017.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if len(row["date"]) == 10 and date.fromisoformat(row["date"]) in days:
                rows[date.fromisoformat(row["date"])].append(f"CSIS {row['event']}")
    out = {}
    for d in sorted(days):
        if d.year in YEARS:
            counted: dict[str, int] = {}
            for r in rows[d]:
                counted[r] = counted.get(r, 0) + 1
            out[d] = [r if n == 1 else f"{r} x{n}" for r, n in counted.items()]
    return out


def lead(text: str, chars: int = 420) -> str:
    body = re.sub(r"^[^\n]{0,80}?\(KCNA\)\s*--\s*", "", text.strip())
    return " ".join(body.split())[:chars]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, default=Path(__file__).resolve().parents[1].parent / "shared")
    parser.add_argument("--skeleton", action="store_true")
    parser.add_argument("--days", default="")
    parser.add_argument("--after", type=int, default=7)
    args = parser.parse_args()
    days = database_rows(args.shared)
    if args.skeleton:
        w = csv.writer(sys.stdout, lineterminator="\n")
        w.writerow(["day", "kind", "article_id", "note"])
        for d, kinds in days.items():
            w.writerow([d.isoformat(), "; ".join(kinds), "", ""])
        return
    wanted = {date.fromisoformat(x) for x in args.days.split(",") if x}
    by_day: dict[date, list[dict]] = defaultdict(list)
    for name in sorted(set(CORPORA.values())):
        with open(args.shared / "corpora" / name, encoding="utf-8") as f:
            for line in f:
                a = json.loads(line)
                by_day[date.fromisoformat(a["published"][:10])].append(a)
    for d, kinds in days.items():
        if wanted and d not in wanted:
            continue
        print(f"\n=== {d} ({d:%a}): {'; '.join(kinds)}")
        for k in range(args.after + 1):
            for a in by_day.get(d + timedelta(days=k), []):
                head = a["title"] + " " + lead(a["text"], 600)
                if ACT.search(head) and THING.search(head):
                    print(f"  {a['published']} {a['id']}: {a['title']}\n      {lead(a['text'])}")


if __name__ == "__main__":
    main()
