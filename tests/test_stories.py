"""Stories: the merge, as a table of cases (tests/corpus/stories.csv: reports and the story each belongs to),
its invariants, and the store keeping them incrementally (the same stories as one batch merge)."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest

from events.coding.schema import columns
from events.reading.articles import Article
from events.store.database import connect, ingest, merge_stories, read_stories, read_story_reports
from events.store.stories import Merger, merge_frame

CORPUS = Path(__file__).parent / "corpus" / "stories.csv"
ROWS = list(csv.DictReader(CORPUS.open(encoding="utf-8")))
CASES = sorted({r["case"] for r in ROWS})


def _events(rows) -> pd.DataFrame:
    records = []
    for i, r in enumerate(rows):
        rec = {c: "" for c in columns()}
        rec.update({k: v for k, v in r.items() if k in rec})
        rule = f"trigger 'test'; time 'test' ({r['time_rule']}, relative)" if r["time_rule"] else "test"
        rec.update(event_id=f"{r['case']}-{i}", actors=r["actor_codes"], date_basis="stated", published_from="metadata", rule=rule,
                   date_start=r["date_start"] or None, date_end=r["date_end"] or None, latitude=None, longitude=None, source=f"src-{r['article_id']}")
        records.append(rec)
    from events.coding.schema import frame_from_records

    return frame_from_records(records)


@pytest.mark.parametrize("case", CASES)
def test_story_case(case):
    rows = [r for r in ROWS if r["case"] == case]
    events = _events(rows)
    stories, links = merge_frame(events)
    story_of = dict(zip(links.event_id, links.story_id))
    got = [story_of[e] for e in events.event_id]
    expected = [r["expect_story"] for r in rows]
    # the same partition: reports grouped alike, whatever the ids
    assert [got.index(g) for g in got] == [expected.index(x) for x in expected], [r["note"] for r in rows]
    assert stories.n_reports.sum() == len(events)
    date_of = dict(zip(stories.story_id, stories.date_start.dt.strftime("%Y-%m-%d")))
    for row, story in zip(rows, got):
        if row["expect_date"]:
            assert date_of[story] == row["expect_date"], row["note"]


def test_refined_date_and_conflict():
    stories, _ = merge_frame(_events([r for r in ROWS if r["case"] == "refine"]))
    (s,) = stories.itertuples()
    assert (s.date_start.date().isoformat(), s.date_precision, s.weapon, s.n_reports, s.date_conflict) == ("2017-07-04", "day", "Hwasong-14", 3, False)
    stories, _ = merge_frame(_events([r for r in ROWS if r["case"] == "conflict"]))
    (s,) = stories.itertuples()
    assert s.date_conflict and "2017-11-29 (day) x1" in s.date_readings and "2017-11-30 (day) x1" in s.date_readings
    assert s.n_sources == 2 and str(s.first_reported.date()) == "2017-11-29" and str(s.last_reported.date()) == "2017-11-30"


def test_replay_gives_the_same_state():
    events = _events(ROWS)
    batch, links = merge_frame(events)
    merger = Merger()
    rows = events.set_index("event_id", drop=False).loc[links.event_id].assign(story_id=links.story_id.values, seq=links.seq.values)
    merger.replay(rows.to_dict(orient="records"))
    assert sorted(s.row()["date_readings"] for s in merger.stories.values()) == sorted(batch.date_readings)


ARTICLES = [
    Article("k1", "t1", "Pyongyang, July 5 (KCNA) -- The DPRK on July 4 successfully test-fired the ICBM Hwasong-14.", pd.Timestamp("2017-07-05").date(), source="KCNA", published_from="metadata"),
    Article("k2", "t2", "The test-fire of ICBM Hwasong-14 on July 4 was hailed in Moscow.", pd.Timestamp("2017-07-07").date(), source="Tass", published_from="metadata"),
    Article("k3", "t3", "North Korea fired the ICBM Hwasong-14 on Tuesday, July 4, officials said.", pd.Timestamp("2017-07-06").date(), source="Yonhap", published_from="metadata"),
]


def test_store_merges_incrementally_like_a_batch(tmp_path):
    one = connect(tmp_path / "inc.duckdb")
    for a in ARTICLES:  # one article at a time, each ingest a new session
        ingest(one, [a])
    one.close()
    other = connect(tmp_path / "batch.duckdb")
    ingest(other, ARTICLES, merge=False)
    assert other.execute("SELECT count(*) FROM stories").fetchone()[0] == 0
    merge_stories(other)
    other.close()
    inc, batch = read_stories(tmp_path / "inc.duckdb"), read_stories(tmp_path / "batch.duckdb")
    tests_inc = inc[inc.event_type == "missile_test"]
    assert len(tests_inc) == 1 and tests_inc.iloc[0].n_reports == 3 and tests_inc.iloc[0].n_sources == 3
    assert str(tests_inc.iloc[0].date_start.date()) == "2017-07-04"
    cols = ["event_type", "date_start", "date_precision", "n_reports", "n_sources", "weapon"]
    assert inc[cols].sort_values(cols).reset_index(drop=True).equals(batch[cols].sort_values(cols).reset_index(drop=True))
    reports = read_story_reports(tmp_path / "inc.duckdb", list(tests_inc.story_id))
    assert list(reports.published.dt.date.astype(str)) == ["2017-07-07", "2017-07-06", "2017-07-05"]  # newest first


def test_replaced_article_leaves_its_story(tmp_path):
    con = connect(tmp_path / "s.duckdb")
    ingest(con, ARTICLES)
    ingest(con, [Article("k2", "t2", "Moscow talked about the weather.", pd.Timestamp("2017-07-07").date(), source="Tass", published_from="metadata")])
    con.close()
    stories = read_stories(tmp_path / "s.duckdb")
    assert stories[stories.event_type == "missile_test"].n_reports.tolist() == [2]


def test_a_later_mention_takes_the_date_of_the_story_it_names(tmp_path):
    """Item 4 of the events-on-their-day issue: "the test-fire of Hwasong-14" with no time of its own, two
    weeks after the test, joins its story and takes its date with the basis "reference"; a rebuild reads it
    back as undated, so it never dates a story itself."""
    later = Article("k9", "t9", "Pyongyang, July 20 (KCNA) -- A mass rally hailed the successful test-fire of the ICBM Hwasong-14.",
                    pd.Timestamp("2017-07-20").date(), source="KCNA", published_from="metadata")
    path = tmp_path / "r.duckdb"
    con = connect(path)
    ingest(con, ARTICLES[:1] + [later])
    con.close()
    con = connect(path, read_only=True)
    row = con.execute("SELECT date_start, date_end, date_precision, date_basis FROM events WHERE article_id = 'k9' AND event_type = 'missile_test'").fetchall()
    links = con.execute("SELECT count(DISTINCT story_id) FROM story_reports l JOIN events e USING (event_id) WHERE e.event_type = 'missile_test'").fetchone()
    con.close()
    assert [(str(a), str(b), p, basis) for a, b, p, basis in row] == [("2017-07-04", "2017-07-04", "day", "reference")]
    assert links == (1,)
    con = connect(path)
    merge_stories(con, rebuild=True)
    con.close()
    stories = read_stories(path)
    (story,) = stories[stories.event_type == "missile_test"].itertuples()
    assert story.n_reports == 2 and "undated x1" in story.date_readings


def test_an_ordinal_mention_counts_from_an_anchor_the_store_kept(tmp_path):
    """Item 4 for ordinals: "the sixth nuclear test" with no time of its own, ingested after the store was
    closed and opened again (its stories replayed from the links), is counted on from the anchor a dated report
    gave ("its fourth nuclear test on January 6") and takes the date of the sixth, basis "reference"."""
    def article(aid, day, text):
        return Article(aid, aid, text, pd.Timestamp(day).date(), source="Wire", published_from="metadata")

    path = tmp_path / "o.duckdb"
    con = connect(path)
    ingest(con, [article("n4", "2016-01-07", "North Korea conducted its fourth nuclear test on Wednesday, January 6, 2016.")])
    ingest(con, [article("n5", "2016-09-10", "North Korea conducted a nuclear test on Friday, September 9, 2016.")])
    con.close()
    con = connect(path)
    ingest(con, [article("n6", "2017-09-04", "North Korea conducted a nuclear test on Sunday, September 3, 2017.")])
    ingest(con, [article("m1", "2017-12-01", "The UN Security Council met after North Korea's sixth nuclear test drew condemnation.")])
    con.close()
    con = connect(path, read_only=True)
    row = con.execute("SELECT date_start, date_precision, date_basis FROM events WHERE article_id = 'm1' AND event_type = 'nuclear_test'").fetchall()
    con.close()
    assert [(str(a), p, basis) for a, p, basis in row] == [("2017-09-03", "day", "reference")]
