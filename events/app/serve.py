"""Serving the dashboard: `streamlit run dashboard.py` on a store, from the project's folder.

Nothing is imported or asked ahead of the first visitor: on a two-core machine the browser spends the
page's first seconds fetching and compiling Streamlit's and Plotly's scripts, and a server busy importing
beside it (one Python lock for the web server and the warm-up alike) served those scripts later and left
the browser less of the machine. Measured by bench/dashboard.py: the first timeline came 1.2 s later with
the page's modules imported and its opening view asked in a background thread than without."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DASHBOARD = ROOT / "dashboard.py"


def streamlit_args(db: Path, address: str, port: int, script: Path = DASHBOARD, allow_open: bool = False) -> list[str]:
    """The `streamlit` command line that serves ``script`` on ``db`` (``allow_open``: visitors may type the
    path of another table on the server)."""
    return ["run", str(script), "--server.address", address, "--server.port", str(port), "--", "--db", str(db)] + (["--allow-open"] if allow_open else [])


def serve(db: Path, address: str = "127.0.0.1", port: int = 8501, allow_open: bool = False) -> None:
    """Serve the dashboard on ``db`` until interrupted. Runs from the project's folder, so that its
    `.streamlit/config.toml` applies wherever the command is started."""
    if not DASHBOARD.exists():
        raise FileNotFoundError(f"{DASHBOARD}: the dashboard page is not beside the package (serve runs from a source checkout)")
    db = Path(db).resolve()
    from streamlit.web import cli as streamlit_cli

    os.chdir(ROOT)
    streamlit_cli.main(args=streamlit_args(db, address, port, allow_open=allow_open), prog_name="streamlit")
