"""The dashboard serves the store it was started with: a visitor gets no box to type a path on the server
(which opened any readable table and told by its errors which paths exist) unless `events serve --allow-open`."""

from pathlib import Path

from streamlit.testing.v1 import AppTest

from events.app.serve import streamlit_args
from events.coding.extraction import extract_frame
from events.reading.articles import read_paths
from events.store.tables import write

ROOT = Path(__file__).resolve().parents[1]


def page(tmp_path, monkeypatch, allow_open: bool):
    table = tmp_path / "events.csv"
    write(extract_frame(read_paths([ROOT / "seeds"])), table)
    monkeypatch.setenv("EVENTLINE_DB", str(table))
    monkeypatch.setenv("EVENTLINE_ALLOW_OPEN", "1" if allow_open else "0")
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60).run()
    assert not at.exception
    return at


def test_no_path_box_by_default(tmp_path, monkeypatch):
    at = page(tmp_path, monkeypatch, allow_open=False)
    assert "Event table" not in [t.label for t in at.sidebar.text_input]
    assert any("events.csv" in c.value for c in at.sidebar.caption)


def test_the_path_box_only_when_allowed(tmp_path, monkeypatch):
    at = page(tmp_path, monkeypatch, allow_open=True)
    assert "Event table" in [t.label for t in at.sidebar.text_input]


def test_serve_passes_the_choice_on():
    assert "--allow-open" not in streamlit_args(Path("x.duckdb"), "127.0.0.1", 8501)
    assert streamlit_args(Path("x.duckdb"), "127.0.0.1", 8501, allow_open=True)[-1] == "--allow-open"
