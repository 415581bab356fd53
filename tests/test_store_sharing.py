"""Readers and a writer share the store: while `events ingest` writes, the dashboard's queries, `stats` and
`export` read it (the ingest opens the file only to decide and to write a window of articles, and a reader
waits a moment for it); a second writer is refused with one line. DuckDB lets one process write a file and no
other open it beside, so before this an ingest locked out every reader for its whole run."""

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from events.store.database import LOCK_WAIT_SECONDS, StoreError, writer_lock

WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
EVENTS = [sys.executable, "-m", "events"]


def corpus(path: Path, n: int, first: int = 0) -> Path:
    with path.open("w", encoding="utf-8") as out:
        for i in range(first, first + n):
            day = WEEKDAYS[i % 7]
            text = (f"North Korea test-fired a ballistic missile on {day}, the South's military said in report {i}. "
                    f"South Korea and the United States held a joint military drill last month near Busan, officials said. "
                    f"Leaders met in Pyongyang on {WEEKDAYS[(i + 3) % 7]} to discuss sanctions, item {i}.")
            out.write(json.dumps({"id": f"a{i}", "title": f"report {i}", "published": f"2017-{1 + i % 12:02d}-{1 + i % 28:02d}", "source": "test", "url": "", "text": text}) + "\n")
    return path


@pytest.fixture
def store(tmp_path):
    db = tmp_path / "store.duckdb"
    seed = corpus(tmp_path / "first.jsonl", 5, first=100_000)
    subprocess.run(EVENTS + ["ingest", str(seed), "--db", str(db)], check=True, capture_output=True)
    return db


def test_readers_read_while_an_ingest_writes(store, tmp_path, monkeypatch):
    from streamlit.testing.v1 import AppTest

    from events.app import queries, views
    from events.app.filters import EventFilter

    monkeypatch.setenv("EVENTLINE_DB", str(store))
    pages = 0

    big = corpus(tmp_path / "big.jsonl", 3000)
    writer = subprocess.Popen(EVENTS + ["ingest", str(big), "--db", str(store)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    reads, stats_runs = 0, 0
    try:
        while writer.poll() is None:
            tables = views.load(store)  # as the dashboard does on a page load
            with tables.connection() as con:
                assert queries.summary(con, tables.shown("stories"), EventFilter())["rows"] >= 1
            reads += 1
            if pages < 2:  # the page itself, as a visitor opens it
                at = AppTest.from_file(str(Path(__file__).resolve().parents[1] / "dashboard.py"), default_timeout=120).run()
                assert not at.exception and not at.error, (at.exception, at.error)
                pages += 1
            if stats_runs < 3:
                out = subprocess.run(EVENTS + ["stats", "--db", str(store)], capture_output=True, text=True, timeout=LOCK_WAIT_SECONDS + 60)
                assert out.returncode == 0 and "Traceback" not in out.stderr, out.stderr
                stats_runs += 1
            time.sleep(0.05)
    finally:
        _, err = writer.communicate(timeout=600)
    assert writer.returncode == 0, err
    assert "3000 added" in err
    assert reads >= 2 and stats_runs >= 1 and pages >= 1, "the ingest ended before the readers could read beside it"
    tables = views.load(store)
    with tables.connection() as con:
        assert queries.summary(con, "reports", EventFilter())["told"] == 3005  # every article's events visible after


def test_a_second_writer_gets_one_clear_line(store, tmp_path):
    with writer_lock(store):  # as an ingest running in another process holds it
        out = subprocess.run(EVENTS + ["ingest", str(corpus(tmp_path / "more.jsonl", 3, first=200_000)), "--db", str(store)], capture_output=True, text=True, timeout=120)
        assert out.returncode == 2 and "Traceback" not in out.stderr
        lines = [line for line in out.stderr.splitlines() if line.strip()]
        assert len(lines) == 1 and "is writing to this store" in lines[0], out.stderr
        merge = subprocess.run(EVENTS + ["merge", "--db", str(store)], capture_output=True, text=True, timeout=120)
        assert merge.returncode == 2 and "is writing to this store" in merge.stderr and "Traceback" not in merge.stderr
        with pytest.raises(StoreError, match="is writing to this store"):
            with writer_lock(store):
                pass


def test_a_reader_waits_for_a_lock_then_says_so_in_one_line(store, monkeypatch):
    import duckdb

    from events.store import database

    holder = duckdb.connect(str(store))  # this process writes: another process cannot open the file
    try:
        out = subprocess.run(EVENTS + ["stats", "--db", str(store)], capture_output=True, text=True, timeout=LOCK_WAIT_SECONDS + 60,
                             env={**__import__("os").environ, "EVENTLINE_LOCK_WAIT": "1"})
        assert out.returncode == 2 and "Traceback" not in out.stderr
        assert "the store is busy" in out.stderr and len(out.stderr.strip().splitlines()) == 1, out.stderr
    finally:
        holder.close()
    assert database.connect(store, read_only=True) is not None
