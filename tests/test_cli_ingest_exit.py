"""`events ingest` run as the program ends by os._exit once its store, workers and output are closed
(events/cli.py main): what it wrote must be whole all the same. Each row: the options of an ingest of the
examples, run as `python -m events`; the store it leaves must hold what the same ingest in process (no fast
exit) leaves, with no write-ahead log left behind (its last close checkpointed it), the summary line printed,
and a second ingest of the same input must find every article stored (the writer's lock was let go)."""

import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from events import cli
from events.base import derived
from events.cli import app

ROOT = Path(__file__).resolve().parents[1]

ROWS = [
    # options
    ["--workers", "1"],
    ["--workers", "2"],
    ["--workers", "2", "--no-merge"],
]


def counts(db: Path) -> dict:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("articles", "events", "stories", "story_reports", "summary_stamp")}
    finally:
        con.close()


@pytest.mark.parametrize("options", ROWS, ids=" ".join)
def test_an_ingest_that_exits_at_once_leaves_its_store_whole(tmp_path, options):
    inputs = [str(ROOT / "examples"), str(ROOT / "seeds")]
    in_process = tmp_path / "in-process.duckdb"
    assert CliRunner().invoke(app, ["ingest", *inputs, "--db", str(in_process), *options]).exit_code == 0
    db = tmp_path / "program.duckdb"
    out = subprocess.run([sys.executable, "-m", "events", "ingest", *inputs, "--db", str(db), *options], capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert out.returncode == 0 and "Traceback" not in out.stderr, out.stderr
    assert " articles read: " in out.stderr and f"-> {db}" in out.stderr
    assert not db.with_name(db.name + ".wal").exists()
    assert counts(db) == counts(in_process) and counts(db)["articles"] > 0
    again = subprocess.run([sys.executable, "-m", "events", "ingest", *inputs, "--db", str(db), *options], capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert again.returncode == 0 and " 0 added, 0 replaced" in again.stderr, again.stderr


def test_the_fast_exit_writes_what_the_run_learnt_first(tmp_path, monkeypatch):
    # os._exit skips the interpreter's exit functions: the tables and patterns a run learnt for the next
    # (events/base/derived.py at_exit: the time rules' starts, the kept programs) are written before it
    calls = []
    monkeypatch.setattr(derived, "write_pending", lambda: calls.append("written"))
    monkeypatch.setattr("os._exit", lambda code: calls.append(("exit", code)))
    monkeypatch.setattr(cli, "_CLOSED", False)
    monkeypatch.setattr(sys, "argv", ["events", "ingest", str(ROOT / "seeds"), "--db", str(tmp_path / "s.duckdb")])
    with pytest.raises(SystemExit):  # os._exit returned here: main raises the exit it caught
        cli.main()
    assert calls == ["written", ("exit", 0)]
