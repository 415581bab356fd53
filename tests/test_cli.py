"""The `events` command line: times, timeml annotate/score; errors name the file and the problem."""

import csv
import io
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from events.cli import app

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "kim-calls-on-military-to-accelerate-war-preparations.txt"
runner = CliRunner()


def test_times_table_on_the_seed():
    result = runner.invoke(app, ["times", str(SEED), "--published", "2023-12-28"])
    assert result.exit_code == 0, result.output
    assert "November next year" in result.output and "2024-11" in result.output


def test_times_csv_from_stdin():
    result = runner.invoke(app, ["times", "-", "--published", "2023-12-28", "--format", "csv"], input="Talks collapsed last month.")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert [(r["text"], r["value"], r["precision"]) for r in rows] == [("last month", "2023-11", "month")]


def test_times_without_a_date_keeps_placeholders():
    result = runner.invoke(app, ["times", "-", "--format", "jsonl"], input="They met in September.")
    assert result.exit_code == 0
    assert '"value": "XXXX-09"' in result.output


def test_bad_date_is_a_clear_error():
    result = runner.invoke(app, ["times", str(SEED), "--published", "28/12/2023"])
    assert result.exit_code != 0
    assert "28/12/2023" in result.output and "YYYY-MM-DD" in result.output


def test_missing_file_is_named(tmp_path):
    missing = tmp_path / "nope.txt"
    result = runner.invoke(app, ["times", str(missing)])
    assert result.exit_code != 0
    assert "nope.txt" in result.output


def test_non_utf8_file_is_named(tmp_path):
    bad = tmp_path / "latin.txt"
    bad.write_bytes("Caf\xe9 opened in September.".encode("latin-1"))
    result = runner.invoke(app, ["times", str(bad)])
    assert result.exit_code != 0
    assert "latin.txt" in result.output and "UTF-8" in result.output


def test_python_dash_m_events_runs():
    out = subprocess.run([sys.executable, "-m", "events", "--help"], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0
    assert "times" in out.stdout and "timeml" in out.stdout


def test_serve_runs_the_dashboard_on_the_store(tmp_path):
    from events.app.serve import DASHBOARD, streamlit_args

    args = streamlit_args(tmp_path / "events.duckdb", "127.0.0.1", 8600)
    assert args[:2] == ["run", str(DASHBOARD)] and DASHBOARD.exists()
    assert args[args.index("--server.port") + 1] == "8600" and args[-2:] == ["--db", str(tmp_path / "events.duckdb")]


def test_the_package_loads_its_names_on_first_use():
    # `events serve` and the dashboard's first page import the package without the time engine; the public
    # names are the functions and classes, and no module of the package shares a name with one of them
    code = (
        "import sys, types, events\n"
        "assert 'events.timex.times' not in sys.modules and 'events.coding.extraction' not in sys.modules\n"
        "import events.app.answers, events.store.database, events.app.serve\n"  # what the dashboard's first page imports
        "assert 'events.timex.times' not in sys.modules, 'the dashboard loaded the time engine'\n"
        "import events.coding.extraction\n"
        "from events import extract, extract_frame, read_paths, find_times, Article, Event, TimeMention, Problem\n"
        "assert isinstance(events.extract, types.FunctionType) and extract is events.coding.extraction.extract\n"
        "assert extract.__module__ == 'events.coding.extraction' and callable(find_times) and Article.__name__ == 'Article'\n"
        "assert TimeMention.__module__ == 'events.timex.times' and Event.__module__ == 'events.coding.extraction'\n"
        "import pkgutil\n"
        "modules = {m.name.rsplit('.', 1)[-1] for m in pkgutil.walk_packages(events.__path__, 'events.')}\n"
        "assert not modules & set(events.__all__), modules & set(events.__all__)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0, out.stderr
