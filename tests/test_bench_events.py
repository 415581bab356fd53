"""bench/events.py's hand-made file and scorers: tests/kcna_test_days.csv is well formed (and, where ../shared is
present, lists exactly the CNS/CSIS test days of 2012, 2013, 2016 and 2017 with KCNA articles that exist and
were published within 7 days after the day); the day scorer and the wire-dev scorer give the expected recall
and precision on tiny made-up examples, and the wire-dev scorer the same figures as ../shared/tools/wire_score.py."""

import csv
import importlib.util
import json
import re
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
HAND = ROOT / "tests" / "kcna_test_days.csv"
YEARS = {2012: "kcna-2012-2013.jsonl", 2013: "kcna-2012-2013.jsonl", 2016: "kcna-2016-2017.jsonl", 2017: "kcna-2016-2017.jsonl"}
KCNA_ID = re.compile(r"kcnajp-(\d{8})-\d{2}ee")


def _module(name: str, path: Path):
    """A bench module loaded from its file (bench/ is not a package, and its events.py would hide `events`)."""
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


scoring = _module("bench_scoring", ROOT / "bench" / "scoring.py")


def hand_rows() -> list[dict]:
    with open(HAND, encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        assert reader.fieldnames == ["day", "kind", "article_id", "note"]
        return list(reader)


def test_hand_file_is_well_formed():
    rows = hand_rows()
    days = [date.fromisoformat(r["day"]) for r in rows]
    assert days == sorted(set(days)), "one row per day, in order"
    assert {d.year for d in days} == set(YEARS)
    for r, day in zip(rows, days):
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", r["day"])
        assert r["kind"].startswith(("CNS ", "CSIS ")), r
        assert r["note"].strip(), f"{day}: say why (the article's words, or why none reports it)"
        if r["article_id"]:
            m = KCNA_ID.fullmatch(r["article_id"])
            assert m, r
            published = date(int(m[1][:4]), int(m[1][4:6]), int(m[1][6:]))
            assert day <= published <= day + timedelta(days=7), f"{day}: {r['article_id']} is not within 7 days after it"
        else:
            assert r["note"].startswith("none"), r
    reported = sum(1 for r in rows if r["article_id"])
    assert 30 <= reported < len(rows), "most test days are reported, the failed launches are not"


def test_hand_file_matches_the_databases_and_corpora(shared):
    testdays = _module("bench_testdays", ROOT / "bench" / "testdays.py")  # it imports the `events` package
    all_days, _ = testdays.database_days(shared)
    expected = {d for d in all_days if d.year in YEARS}
    hand = testdays.hand_reported(HAND)
    assert set(hand) == expected, (sorted(expected - set(hand)), sorted(set(hand) - expected))

    wanted = {row["article_id"]: day for day, row in hand.items() if row["article_id"]}
    published = {}
    for name in sorted(set(YEARS.values())):
        with open(shared / "corpora" / name, encoding="utf-8") as f:
            for line in f:
                if any(i in line[:60] for i in wanted):  # the id is the first field
                    article = json.loads(line)
                    if article["id"] in wanted:
                        published[article["id"]] = (date.fromisoformat(article["published"][:10]), name)
    assert set(published) == set(wanted), sorted(set(wanted) - set(published))
    for article_id, day in wanted.items():
        when, name = published[article_id]
        assert name == YEARS[day.year], (article_id, name)
        assert day <= when <= day + timedelta(days=7), (day, article_id, when)


def test_day_scorer():
    d = date.fromisoformat
    database = [d("2020-01-10"), d("2020-02-01"), d("2020-03-05"), d("2020-04-20")]
    reported = [d("2020-01-10"), d("2020-02-01"), d("2020-03-05")]
    extracted = {d("2020-01-11"), d("2020-02-03"), d("2020-03-05"), d("2020-06-01")}
    known = database + [d("2020-05-31")]  # a database day outside the recall set still makes a day right

    s = scoring.score_days(database, reported, extracted, known)
    assert s.found == [d("2020-01-10"), d("2020-03-05")]  # Feb 3 is two days from Feb 1
    assert (s.recall_reported, s.recall_all) == (2 / 3, 2 / 4)
    assert s.missed_reported == [d("2020-02-01")]
    assert s.false == [d("2020-02-03")] and s.precision == 3 / 4

    judged = scoring.score_days(database, reported, extracted, known, judged=[d("2020-01-11"), d("2020-02-03")])
    assert judged.precision == 1 / 2 and judged.recall_all == 2 / 4  # recall still uses every extracted day

    wider = scoring.score_days(database, reported, extracted, known, tolerance=2)
    assert wider.recall_reported == 1.0 and wider.precision == 1.0

    with pytest.raises(ValueError):
        scoring.score_days(database, [d("2020-07-01")], extracted, known)
    empty = scoring.score_days(database, [], set(), known)
    assert empty.recall_all == 0 and empty.recall_reported != empty.recall_reported  # nan: nothing reported


GOLD = """id,outlet,event_type,date,earliest,latest,precision,weapon,actor,tier,note
a1,Wire,missile_launch,2020-01-05,2020-01-05,2020-01-05,day,,PRK,1,'on Sunday'
a1,Wire,meeting,2020-01-03,2020-01-03,2020-01-03,day,,KOR,2,'on Friday'
a2,Paper,nuclear_test,2020-02,2020-02-01,2020-02-29,month,nuclear,PRK,2,'in February'
a2,Paper,sanctions,2020-03-01,2020-03-01,2020-03-01,day,,UNSC,1,'on Sunday'
a2,Paper,weapons_test,,,,year,,PRK,2,no date: left out
"""
EXTRAS = """id,outlet,event_type,date,earliest,latest,precision,weapon,actor,tier,note
a2,Paper,drill,2020-02-10,2020-02-10,2020-02-10,day,,USA,1,a drill the report mentions
"""
EVENTS = [  # article_id, event_id, event_type, status, date_start, date_end, date_precision, actor_codes
    ("a1", "e1", "missile_test", "occurred", "2020-01-05", "2020-01-06", "range", "PRK"),  # two days: found, not exact
    ("a1", "e2", "summit_meeting", "occurred", "2020-01-10", "2020-01-10", "day", "KOR;USA"),  # a week off: false
    ("a2", "e3", "nuclear_test", "occurred", "2020-02-01", "2020-02-29", "month", ""),  # exact, no actor
    ("a2", "e4", "military_exercise", "occurred", "2020-02-10", "2020-02-10", "day", "USA"),  # an extra: right
    ("a1", "e5", "missile_test", "occurred", "", "", "undated", "PRK"),  # undated, of a gold type
    ("a2", "e6", "arms_transfer", "occurred", "", "", "undated", "RUS"),  # undated, no gold row of its type
    ("a1", "e7", "missile_test", "planned", "2020-01-05", "2020-01-05", "day", "PRK"),  # not scored
    ("a9", "e8", "missile_test", "occurred", "2020-01-05", "2020-01-05", "day", "PRK"),  # not a gold article
    ("a1", "e9", "protest", "occurred", "2020-01-05", "2020-01-05", "day", "KOR"),  # no gold type
]


def synthetic(folder: Path) -> Path:
    (folder / "gold-x.csv").write_text(GOLD, encoding="utf-8")
    (folder / "extras-x.csv").write_text(EXTRAS, encoding="utf-8")
    events = folder / "events.csv"
    with open(events, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["article_id", "event_id", "event_type", "status", "date_start", "date_end", "date_precision", "actor_codes",
                    "time_text", "sentence", "source"])
        for row in EVENTS:
            w.writerow([*row, "then", f"The sentence of {row[1]}.", "Wire"])
    return events


def test_the_bench_reads_the_shared_scorers_counts(shared, tmp_path):
    # bench/events.py takes wire-dev's figures from ../shared/tools/wire_score.py's output: on a tiny made-up
    # example, the counts it reads are the ones this example must give
    events = synthetic(tmp_path)
    done = subprocess.run([sys.executable, str(shared / "tools" / "wire_score.py"), str(events), str(tmp_path)],
                          capture_output=True, text=True, check=False)
    figures = scoring.tool_figures(done.stdout)
    assert figures["tier 1"] == (1, 2) and figures["tier 2"] == (1, 2), done.stdout
    assert figures["recall"] == (2, 4) and figures["precision"] == (3, 4), done.stdout
    assert figures["undated"] == (2, 1), done.stdout
