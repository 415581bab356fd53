"""An id given twice in one run keeps its later version, once, in `extract` and `ingest` alike; a rerun adds
nothing. Scrapers repeat ids when a page is updated, and a repeated id once stopped `extract` (event_id not
unique) and was stored twice by `ingest`, after which `export` refused the store."""

import json

import duckdb
from typer.testing import CliRunner

from events.cli import app
from events.store.tables import read

ROWS = [
    {"id": "x", "title": "first", "published": "2023-12-28", "text": "North Korea test-fired a ballistic missile on Monday."},
    {"id": "y", "title": "other", "published": "2023-12-28", "text": "South Korea and the United States held a military drill on Tuesday."},
    {"id": "x", "title": "second", "published": "2023-12-28", "text": "North Korea test-fired a cruise missile on Sunday."},
]


def corpus(tmp_path):
    path = tmp_path / "dump.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in ROWS), encoding="utf-8")
    return path


def test_extract_keeps_the_later_version(tmp_path):
    out = tmp_path / "events.csv"
    result = CliRunner().invoke(app, ["extract", str(corpus(tmp_path)), "-o", str(out)])
    assert result.exit_code == 0, result.output
    frame = read(out)
    x = frame[frame.article_id == "x"]
    assert set(x.title) == {"second"} and set(x.date_start.dt.strftime("%Y-%m-%d")) == {"2023-12-24"}
    assert frame.event_id.is_unique


def test_ingest_stores_the_later_version_once_and_a_rerun_adds_nothing(tmp_path):
    db, runner = tmp_path / "store.duckdb", CliRunner()
    first = runner.invoke(app, ["ingest", str(corpus(tmp_path)), "--db", str(db)])
    assert first.exit_code == 0 and "2 added" in first.output and "1 earlier version" in first.output, first.output
    again = runner.invoke(app, ["ingest", str(corpus(tmp_path)), "--db", str(db)])
    assert again.exit_code == 0 and "0 added, 0 replaced, 2 unchanged" in again.output, again.output
    con = duckdb.connect(str(db), read_only=True)
    try:
        assert sorted(con.execute("SELECT id, title FROM articles").fetchall()) == [("x", "second"), ("y", "other")]
    finally:
        con.close()
    assert runner.invoke(app, ["export", "--db", str(db), "-o", str(tmp_path / "out.csv")]).exit_code == 0
