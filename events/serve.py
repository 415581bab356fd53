"""Serving the dashboard: `streamlit run dashboard.py`, with the modules the page needs imported while the
browser fetches the page's scripts, and the opening view's answers asked of the table (events/answers.py).
The first visitor then waits for neither: on a fresh server they are most of the page's first run."""

from __future__ import annotations

import importlib
import logging
import os
import socket
import threading
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DASHBOARD = ROOT / "dashboard.py"
# What the page imports before its first chart: imported in the background once the server listens.
PAGE_MODULES = ("plotly.graph_objects", "pandas", "duckdb", "events.answers", "events.figures", "events.filters", "events.queries", "events.views", "events.detail", "events.downloads")


WARM_UP_THREAD = "eventline-warm-up"


def _not_from_warm_up(record: logging.LogRecord) -> bool:
    # Streamlit warns of any thread asking its caches outside a page run; the warm-up does so on purpose
    return record.threadName != WARM_UP_THREAD


def listening(address: str, port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(0.2)
        return probe.connect_ex((address, port)) == 0


def warm(address: str, port: int, modules: tuple[str, ...] = PAGE_MODULES, then: Callable[[], None] | None = None, wait: float = 60.0) -> threading.Thread:
    """Import ``modules``, then call ``then``, in a daemon thread once the server listens on
    ``address:port``: before that, the imports would hold Python's lock against the server's own start.
    The browser then spends a second fetching the page's scripts, and that second is the warm-up's.
    (A page that starts meanwhile waits for, not repeats, an import or a cached answer under way.)"""

    def load() -> None:
        deadline = time.monotonic() + wait
        while not listening(address, port) and time.monotonic() < deadline:
            time.sleep(0.05)
        for name in modules:
            importlib.import_module(name)
        if then is not None:
            then()

    thread = threading.Thread(target=load, name=WARM_UP_THREAD, daemon=True)
    thread.start()
    return thread


def ahead(db: Path) -> None:
    """What the first page would do first: build a figure of each kind the page draws, and ask the opening
    view's answers of ``db``. A table the page cannot read is left for the page to report."""
    from .answers import opening
    from .figures import prepare

    prepare()
    if not db.exists():
        return
    logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context").addFilter(_not_from_warm_up)
    try:
        opening(db)
    except Exception as exc:  # noqa: BLE001 - the page reports the table's problem to its reader
        logging.getLogger(__name__).info("%s: not answered ahead: %s", db, exc)


def streamlit_args(db: Path, address: str, port: int, script: Path = DASHBOARD) -> list[str]:
    """The `streamlit` command line that serves ``script`` on ``db``."""
    return ["run", str(script), "--server.address", address, "--server.port", str(port), "--", "--db", str(db)]


def serve(db: Path, address: str = "127.0.0.1", port: int = 8501) -> None:
    """Serve the dashboard on ``db`` until interrupted. Runs from the project's folder, so that its
    `.streamlit/config.toml` applies wherever the command is started."""
    if not DASHBOARD.exists():
        raise FileNotFoundError(f"{DASHBOARD}: the dashboard page is not beside the package (serve runs from a source checkout)")
    db = Path(db).resolve()
    warm(address, port, then=lambda: ahead(db))
    from streamlit.web import cli as streamlit_cli

    os.chdir(ROOT)
    streamlit_cli.main(args=streamlit_args(db, address, port), prog_name="streamlit")
