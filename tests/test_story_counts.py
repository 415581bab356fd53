"""A story's report count stays equal to its links after any re-ingest. A changed article keeps the ids of
its unchanged events; the story it first told lives on in the reports of other articles, and its new events
once took that story's id, covering it in memory: the old story's links stayed in the store, counted by none."""

import json

import duckdb
from typer.testing import CliRunner

from events.cli import app

REPORTS = [  # the same launch told by three agencies, then the first report corrected
    ("a", "2017-07-05", "North Korea test-fired a Hwasong-14 ICBM on July 4, the military said."),
    ("b", "2017-07-05", "Pyongyang launched a Hwasong-14 intercontinental ballistic missile on Tuesday, Seoul said."),
    ("c", "2017-07-06", "North Korea said its Hwasong-14 ICBM test on July 4 was a success."),
]


def write(path, rows):
    path.write_text("".join(json.dumps({"id": i, "title": i, "published": p, "text": t}) + "\n" for i, p, t in rows), encoding="utf-8")
    return path


def counts(db) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute("SELECT s.event_type, s.n_reports, (SELECT count(*) FROM story_reports l WHERE l.story_id = s.story_id) FROM stories s").fetchall()
    finally:
        con.close()


def test_counts_equal_links_after_changed_articles_are_ingested_again(tmp_path):
    runner, db = CliRunner(), tmp_path / "store.duckdb"
    first = write(tmp_path / "v1.jsonl", REPORTS)
    # the first report corrected to another day: its event keeps its id but no longer joins the others' story
    changed = write(tmp_path / "v2.jsonl", [(i, p, t.replace("July 4", "June 4")) if i == "a" else (i, p, t) for i, p, t in REPORTS])
    for version in (first, changed, first, changed):
        result = runner.invoke(app, ["ingest", str(version), "--db", str(db)])
        assert result.exit_code == 0, result.output
        rows = counts(db)
        assert rows and all(n == links for _, n, links in rows), rows
    # the corrected report's launch apart, the two others still one story
    assert sorted(n for kind, n, _ in rows if kind == "missile_test") == [1, 2]
