"""CLI failures are one clear line, never a traceback or a silent success: a missing input (an error when it
is all there is, and nothing is written; a warning beside other inputs), a missing output folder, a store path
that is no DuckDB file, an article without a publication date."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def events(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "events", *map(str, args)], capture_output=True, text=True, cwd=cwd, timeout=300)


@pytest.fixture
def article(tmp_path):
    path = tmp_path / "undated.txt"
    path.write_text("A launch\n\nNorth Korea fired a ballistic missile on Monday, the military said.\n", encoding="utf-8")
    return path


def one_line(out) -> str:
    lines = [line for line in out.stderr.splitlines() if line.strip()]
    assert "Traceback" not in out.stderr and len(lines) == 1, out.stderr
    return lines[0]


def test_a_missing_input_alone_is_an_error_and_nothing_is_written(tmp_path):
    out = events("extract", tmp_path / "nope.txt", "-o", tmp_path / "out.csv")
    assert out.returncode == 2 and "no such file or folder" in one_line(out)
    assert not (tmp_path / "out.csv").exists()
    out = events("ingest", tmp_path / "nope.txt", "--db", tmp_path / "store.duckdb")
    assert out.returncode == 2 and "no such file or folder" in one_line(out)
    assert not (tmp_path / "store.duckdb").exists()


def test_a_missing_input_beside_others_is_a_warning(tmp_path, article):
    out = events("extract", tmp_path / "nope.txt", article, "--published", "2023-12-28", "-o", tmp_path / "out.csv")
    assert out.returncode == 0 and "nope.txt" in out.stderr and "Traceback" not in out.stderr
    assert (tmp_path / "out.csv").read_text(encoding="utf-8").count("\n") >= 2


@pytest.mark.parametrize("command", [["extract", "ARTICLE", "-o", "OUT"], ["export", "--db", "STORE", "-o", "OUT"]])
def test_a_missing_output_folder_is_one_line(tmp_path, article, command):
    store = tmp_path / "store.duckdb"
    assert events("ingest", article, "--db", store).returncode == 0
    args = [{"ARTICLE": article, "OUT": tmp_path / "no" / "such" / "out.csv", "STORE": store}.get(a, a) for a in command]
    out = events(*args)
    assert out.returncode == 2 and "does not exist" in one_line(out)


@pytest.mark.parametrize("command", [["stats", "--db"], ["export", "-o", "OUT", "--db"], ["ingest", "ARTICLE", "--db"], ["merge", "--db"]])
def test_a_store_that_is_no_duckdb_file_is_one_line(tmp_path, article, command):
    table = tmp_path / "events.csv"
    table.write_text("a,b\n1,2\n", encoding="utf-8")
    args = [{"ARTICLE": article, "OUT": tmp_path / "out.csv"}.get(a, a) for a in command] + [table]
    out = events(*args)
    assert out.returncode == 2 and "a store is a DuckDB file" in one_line(out)
    assert table.read_text(encoding="utf-8") == "a,b\n1,2\n"


def test_an_article_without_a_publication_date_is_named(tmp_path, article):
    out = events("extract", article, "-o", tmp_path / "out.csv")
    assert out.returncode == 0 and "undated: no publication date" in out.stderr
    out = events("extract", article, "--published", "2023-12-28", "-o", tmp_path / "out.csv")
    assert "no publication date" not in out.stderr
