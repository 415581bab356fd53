"""Dates of any year from 1 to 9999 go through every output intact: extract (CSV, Parquet, JSON Lines,
TimelineJS), ingest, stories, export and the dashboard. Pandas' nanosecond timestamps hold only 1677-2262; an
event "made in 1651" or a report dated 9999-12-31 once stopped a whole run."""

import json
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest
from typer.testing import CliRunner

from events.cli import app
from events.store.tables import read

ROOT = Path(__file__).resolve().parents[1]

# published, text, the missile test's expected first and last day (each a row of its own shape)
ROWS = [
    ("0001-01-03", "North Korea test-fired a ballistic missile on Monday, the military said.", "0001-01-01", "0001-01-01"),
    ("1612-05-01", "North Korea fired a ballistic missile on Monday, officials said.", "1612-04-30", "1612-04-30"),
    ("1950-06-30", "North Korea test-fired a ballistic missile on June 25, 1950.", "1950-06-25", "1950-06-25"),
    ("2300-01-01", "North Korea test-fired a ballistic missile on Monday.", "2300-01-01", "2300-01-01"),
    ("9999-12-31", "On Monday North Korea test-fired a ballistic missile.", "9999-12-27", "9999-12-27"),
    ("2023-12-28", "North Korea test-fired a ballistic missile in 1651, a historian wrote.", "1651-01-01", "1651-12-31"),
]
EXPECTED = {f"far{i}": (start, end, published) for i, (published, _, start, end) in enumerate(ROWS)}


@pytest.fixture
def corpus(tmp_path):
    path = tmp_path / "far.jsonl"
    lines = [json.dumps({"id": f"far{i}", "title": f"far {i}", "published": p, "source": "test", "url": "", "text": t}) for i, (p, t, _, _) in enumerate(ROWS)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def launch_days(frame: pd.DataFrame) -> dict[str, tuple[str, str, str]]:
    tests = frame[frame.event_type == "missile_test"]
    day = lambda v: f"{v.year:04d}-{v.month:02d}-{v.day:02d}"  # noqa: E731
    return {r.article_id: (day(r.date_start), day(r.date_end), day(r.published)) for r in tests.itertuples()}


def test_extract_writes_every_format_with_the_dates_intact(corpus, tmp_path):
    runner = CliRunner()
    for suffix in ("csv", "parquet", "jsonl"):
        out = tmp_path / f"events.{suffix}"
        result = runner.invoke(app, ["extract", str(corpus), "-o", str(out)])
        assert result.exit_code == 0, result.output
        assert launch_days(read(out)) == EXPECTED, suffix
    csv_text = (tmp_path / "events.csv").read_text(encoding="utf-8")
    assert "0001-01-01" in csv_text and "9999-12-27" in csv_text and "9999-12-31" in csv_text
    out = tmp_path / "events.timeline.json"
    assert runner.invoke(app, ["extract", str(corpus), "-o", str(out)]).exit_code == 0
    years = {e["start_date"]["year"] for e in json.loads(out.read_text(encoding="utf-8"))["events"]}
    assert {"1", "1612", "1651", "2300", "9999"} <= {str(int(y)) for y in years}


def test_ingest_stories_export_and_dashboard_keep_the_dates(corpus, tmp_path, monkeypatch):
    runner = CliRunner()
    db = tmp_path / "far.duckdb"
    result = runner.invoke(app, ["ingest", str(corpus), "--db", str(db)])
    assert result.exit_code == 0 and "6 added" in result.output, result.output
    assert runner.invoke(app, ["ingest", str(corpus), "--db", str(db)]).exit_code == 0  # again: nothing new, no error
    for suffix in ("csv", "parquet", "jsonl"):
        out = tmp_path / f"export.{suffix}"
        assert runner.invoke(app, ["export", "--db", str(db), "-o", str(out)]).exit_code == 0
        assert launch_days(read(out)) == EXPECTED, suffix
    stories = tmp_path / "stories.csv"
    assert runner.invoke(app, ["export", "--db", str(db), "--stories", "-o", str(stories)]).exit_code == 0
    story_days = set(pd.read_csv(stories, dtype=str).date_start.dropna())
    assert {"0001-01-01", "1612-04-30", "1651-01-01", "2300-01-01", "9999-12-27"} <= story_days
    assert runner.invoke(app, ["merge", "--db", str(db), "--rebuild"]).exit_code == 0
    assert runner.invoke(app, ["stats", "--db", str(db)]).exit_code == 0

    monkeypatch.setenv("EVENTLINE_DB", str(db))
    for tab in ("Timeline", "Table"):
        at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
        at.session_state["tab"] = tab
        at.run()
        assert not at.exception and not at.error, (tab, at.exception, at.error)
        assert next(m.value for m in at.metric if m.label == "Date span") == "0001-01 – 9999-12"
