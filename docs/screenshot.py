"""Make docs/dashboard.png, the README's screenshot of the dashboard.

Builds a store from seeds/ in a temporary folder (`events ingest seeds --db TMP/events.duckdb`), serves the
dashboard on it (`events serve --db ... --port P`, on 127.0.0.1, as `make run` does), opens it with Playwright
driving Debian's chromium (/usr/bin/chromium, the flags of tests/test_dashboard_browser.py), waits for the
timeline chart, saves a 1200x800 PNG (the page drawn at 1600x1067 CSS pixels, scale 0.75) and stops the server.

Usage, from the project's folder after `make test` (which installs Playwright):

    .venv/bin/python docs/screenshot.py [--out docs/dashboard.png] [--width 1200] [--height 800] [--scale 0.75]
"""

from __future__ import annotations

import argparse
import io
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"]
MAX_BYTES = 300_000


def events_command() -> list[str]:
    """The `events` console script beside this Python (.venv/bin/events), else `python -m events`."""
    script = Path(sys.executable).with_name("events")
    return [str(script)] if script.exists() else [sys.executable, "-m", "events"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_health(url: str, proc: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.time() + seconds
    while time.time() < deadline:
        if proc.poll() is not None:
            raise SystemExit("events serve stopped: " + proc.stdout.read().decode(errors="replace")[-2000:])
        try:
            if urllib.request.urlopen(url + "/_stcore/health", timeout=2).status == 200:
                return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"the dashboard did not answer on {url} within {seconds:.0f} s")


def wait_for_timeline(page) -> None:
    """As tests/test_dashboard_browser.py waits: a Plotly chart drawn, then no rerun running, then a quiet moment."""
    page.wait_for_selector('[data-testid="stPlotlyChart"] .js-plotly-plot', timeout=60000)
    page.wait_for_function("() => document.querySelectorAll('.js-plotly-plot .main-svg').length > 0", timeout=60000)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=stStatusWidget]') || !/Running/i.test(document.querySelector('[data-testid=stStatusWidget]').innerText)",
        timeout=60000,
    )
    page.wait_for_timeout(1500)  # Plotly's transitions and the summary strip's chart


def shrink(png: bytes) -> bytes:
    """A palette PNG (256 colours) when the full-colour one is over MAX_BYTES."""
    if len(png) <= MAX_BYTES:
        return png
    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "dashboard.png")
    parser.add_argument("--width", type=int, default=1200)
    parser.add_argument("--height", type=int, default=800)
    parser.add_argument("--scale", type=float, default=0.75, help="device pixels per CSS pixel: below 1 shows more of the page")
    args = parser.parse_args()
    if not Path(CHROMIUM).exists():
        raise SystemExit("needs Debian's chromium: apt-get install -y chromium")
    from playwright.sync_api import sync_playwright

    events = events_command()
    with tempfile.TemporaryDirectory(prefix="eventline-") as tmp:
        db = Path(tmp) / "events.duckdb"
        subprocess.run(events + ["ingest", "seeds", "--db", str(db)], cwd=ROOT, check=True, capture_output=True)
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        server = subprocess.Popen(
            events + ["serve", "--db", str(db), "--port", str(port)],
            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        )
        try:
            wait_for_health(url, server)
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
                viewport = {"width": round(args.width / args.scale), "height": round(args.height / args.scale)}
                page = browser.new_page(viewport=viewport, device_scale_factor=args.scale)
                page.goto(url)
                wait_for_timeline(page)
                png = shrink(page.screenshot(full_page=False))
                browser.close()
        finally:
            server.terminate()
            try:
                server.wait(10)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(png)
    print(f"{args.out} ({len(png):,} bytes, {args.width}x{args.height})")


if __name__ == "__main__":
    main()
