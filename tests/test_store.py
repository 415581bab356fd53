"""The DuckDB store: idempotent ingest, replaced articles, one transaction per article, HTML and feed
readers, and the ingest/export/stats commands."""

from datetime import date
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from events.articles import Article, Problem, read_paths
from events.cli import app
from events.store import StoreError, connect, ingest, read_events, stats

ROOT = Path(__file__).resolve().parents[1]
INPUTS = ROOT / "tests" / "inputs"


def article(text: str, id_: str = "a1") -> Article:
    return Article(id=id_, title="t", text=text, published=date(2023, 12, 28), source="s", url=f"https://x/{id_}", published_from="metadata")


def test_ingest_twice_adds_nothing(tmp_path):
    con = connect(tmp_path / "s.duckdb")
    first = ingest(con, read_paths([ROOT / "seeds"]))
    second = ingest(con, read_paths([ROOT / "seeds"]))
    assert (first.added, first.events) == (1, 20)
    assert (second.added, second.unchanged, second.events) == (0, 1, 0)
    assert con.execute("SELECT count(*) FROM events").fetchone()[0] == 20
    con.close()


def test_a_changed_article_replaces_its_events(tmp_path):
    con = connect(tmp_path / "s.duckdb")
    ingest(con, [article("North Korea fired a missile on Monday.")])
    summary = ingest(con, [article("North Korea launched a spy satellite on Tuesday.")])
    assert summary.replaced == 1
    types = [r[0] for r in con.execute("SELECT event_type FROM events").fetchall()]
    assert types == ["satellite_launch"]
    con.close()


def test_same_text_under_another_id_but_same_url_is_skipped(tmp_path):
    con = connect(tmp_path / "s.duckdb")
    ingest(con, [article("North Korea fired a missile on Monday.", "a1")])
    again = Article(id="a2", title="t", text="North Korea fired a missile on Monday.", published=date(2023, 12, 28), url="https://x/a1")
    assert ingest(con, [again]).unchanged == 1
    con.close()


def test_one_failing_article_is_recorded_and_the_rest_stored(tmp_path):
    from events.extract import extract

    def flaky(a):
        if a.id == "bad":
            raise RuntimeError("boom")
        return extract(a)

    con = connect(tmp_path / "s.duckdb")
    summary = ingest(con, [article("North Korea fired a missile on Monday.", "good"), article("x", "bad"), Problem("f.txt", "empty file")], extract_events=flaky)
    assert summary.added == 1 and len(summary.problems) == 2
    assert con.execute("SELECT count(*) FROM articles").fetchone()[0] == 1
    assert {r[0] for r in con.execute("SELECT reason FROM ingest_errors").fetchall()} == {"extraction failed: RuntimeError: boom", "empty file"}
    con.close()


def test_a_failed_transaction_leaves_no_half_article(tmp_path, monkeypatch):
    import events.store as store

    con = connect(tmp_path / "s.duckdb")
    real = store.frame_from_records

    def bad_frame(records):
        frame = real(records)
        frame["event_id"] = None  # violates the primary key: the insert fails inside the transaction
        return frame

    monkeypatch.setattr(store, "frame_from_records", bad_frame)
    with pytest.raises(duckdb.Error):
        ingest(con, [article("North Korea fired a missile on Monday.")])
    assert con.execute("SELECT count(*) FROM articles").fetchone()[0] == 0
    assert con.execute("SELECT count(*) FROM events").fetchone()[0] == 0
    con.close()


def test_store_reads_back_as_the_event_table(tmp_path):
    con = connect(tmp_path / "s.duckdb")
    ingest(con, read_paths([ROOT / "seeds"]))
    con.close()
    frame = read_events(tmp_path / "s.duckdb")
    assert len(frame) == 20 and str(frame.date_start.dtype).startswith("datetime64")
    assert len(read_events(tmp_path / "s.duckdb", "event_type = 'missile_test'")) == 1
    s = stats(tmp_path / "s.duckdb")
    assert (s["articles"], s["events"], s["schema_version"]) == (1, 20, "1")


def test_an_older_store_is_refused_with_what_to_do(tmp_path):
    con = connect(tmp_path / "s.duckdb")
    con.execute("UPDATE meta SET value = '0' WHERE key = 'schema_version'")
    con.close()
    with pytest.raises(StoreError, match="re-ingest"):
        connect(tmp_path / "s.duckdb")


def test_html_and_feed_readers():
    items = list(read_paths([INPUTS]))
    articles = {a.id: a for a in items if isinstance(a, Article)}
    problems = {Path(p.path).name: p.reason for p in items if isinstance(p, Problem)}
    page = articles["nk-icbm"]
    assert (page.title, page.url, page.published) == ("North Korea fires ICBM", "https://news.example/nk-icbm", date(2023, 12, 18))
    assert "Hwasong-18" in page.text
    summit = articles["https://news.example/summit"]
    assert (summit.published, summit.source) == (date(2023, 9, 13), "Example feed")
    assert "<p>" not in articles["https://news.example/launch"].text
    assert set(problems) == {"broken.rss", "truncated.html"}


def test_ingest_export_stats_commands(tmp_path):
    runner = CliRunner()
    db = tmp_path / "s.duckdb"
    result = runner.invoke(app, ["ingest", str(ROOT / "seeds"), str(INPUTS), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "rejected: " in result.stderr and "broken.rss" in result.stderr
    result = runner.invoke(app, ["export", "--db", str(db), "--where", "event_type = 'missile_test'", "-o", str(tmp_path / "m.csv")])
    assert result.exit_code == 0
    assert (tmp_path / "m.csv").read_text(encoding="utf-8").count("missile_test") == 2
    result = runner.invoke(app, ["export", "--db", str(db), "-o", str(tmp_path / "story.timeline.json")])
    assert result.exit_code == 0 and (tmp_path / "story.timeline.json").exists()
    result = runner.invoke(app, ["stats", "--db", str(db)])
    assert result.exit_code == 0 and "missile_test" in result.output and "rejected inputs 2" in result.output
    result = runner.invoke(app, ["export", "--db", str(db), "--where", "nonsense ==", "-o", str(tmp_path / "x.csv")])
    assert result.exit_code == 2 and "error" in result.output
