"""Serving the dashboard: `streamlit run dashboard.py`, with the modules the page needs imported while the
browser fetches the page's scripts. The first visitor then waits for neither: on a
fresh server the imports (pandas, DuckDB, the package) are most of the page's first run."""

from __future__ import annotations

import importlib
import os
import socket
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DASHBOARD = ROOT / "dashboard.py"
# What the page imports before its first chart: imported in the background while the server starts.
PAGE_MODULES = ("pandas", "duckdb", "plotly.graph_objects", "events.figures", "events.filters", "events.queries", "events.views", "events.detail", "events.downloads")


def listening(address: str, port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(0.2)
        return probe.connect_ex((address, port)) == 0


def warm(address: str, port: int, modules: tuple[str, ...] = PAGE_MODULES, wait: float = 60.0) -> threading.Thread:
    """Import ``modules`` in a daemon thread once the server listens on ``address:port``: before that,
    the imports would hold Python's lock against the server's own start. The browser then spends a
    second fetching the page's scripts, and that second is the imports'. (Python's import lock makes a
    page that starts meanwhile wait for, not repeat, an import under way.)"""

    def load() -> None:
        deadline = time.monotonic() + wait
        while not listening(address, port) and time.monotonic() < deadline:
            time.sleep(0.05)
        for name in modules:
            importlib.import_module(name)

    thread = threading.Thread(target=load, name="eventline-warm-up", daemon=True)
    thread.start()
    return thread


def streamlit_args(db: Path, address: str, port: int, script: Path = DASHBOARD) -> list[str]:
    """The `streamlit` command line that serves ``script`` on ``db``."""
    return ["run", str(script), "--server.address", address, "--server.port", str(port), "--", "--db", str(db)]


def serve(db: Path, address: str = "127.0.0.1", port: int = 8501) -> None:
    """Serve the dashboard on ``db`` until interrupted. Runs from the project's folder, so that its
    `.streamlit/config.toml` applies wherever the command is started."""
    if not DASHBOARD.exists():
        raise FileNotFoundError(f"{DASHBOARD}: the dashboard page is not beside the package (serve runs from a source checkout)")
    db = Path(db).resolve()
    warm(address, port)
    from streamlit.web import cli as streamlit_cli

    os.chdir(ROOT)
    streamlit_cli.main(args=streamlit_args(db, address, port), prog_name="streamlit")
