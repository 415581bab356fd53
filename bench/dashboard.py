"""Dashboard speed with 1,000,000 synthetic events, measured in a real browser (Playwright + Debian chromium).

- time from server start to the first drawn timeline, against the same figure for a minimal Streamlit page
  with one Plotly chart of 10 points, in the same run (goal: at most 1.3x);
- time to redraw after a filter change (goal: at most 0.5 s);
- memory (RSS) of the server process.

The events are stored as the product stores its table today: a Parquet file written by the schema's
writer (the DuckDB store comes with the ingest issue).

Usage: python bench/dashboard.py [--events 1000000]
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from events.schema import columns, schema, write  # noqa: E402
from events.vocab import vocabulary  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"]
MINIMAL_PAGE = """
import plotly.graph_objects as go
import streamlit as st
st.title("minimal")
st.plotly_chart(go.Figure(go.Scatter(x=list(range(10)), y=list(range(10)), mode="markers")))
"""


def synthetic(n: int, seed: int = 7) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    vocab = vocabulary()
    types = [t.name for t in vocab.event_types]
    actor_sets = ["PRK", "PRK;PRK-KJU", "USA", "USA;KOR", "KOR", "JPN", "RUS;PRK", "CHN", "IAEA;PRK", "UNSC"]
    names = {"PRK": "North Korea", "PRK-KJU": "Kim Jong Un", "USA": "United States", "KOR": "South Korea", "JPN": "Japan", "RUS": "Russia", "CHN": "China", "IAEA": "International Atomic Energy Agency", "UNSC": "UN Security Council"}
    weapons = [("", ""), ("Hwasong-15", "ICBM"), ("KN-23", "SRBM"), ("cruise missile", "cruise missile"), ("spy satellite", "satellite"), ("long-range bombers", "bomber")]
    precisions = np.array(["day", "day", "day", "week", "month", "year", "undated"])
    start = pd.Timestamp("1990-01-01").value // 86_400_000_000_000
    days = rng.integers(start, start + 35 * 365, n)
    prec = precisions[rng.integers(0, len(precisions), n)]
    length = np.select([prec == "day", prec == "week", prec == "month", prec == "year"], [0, 6, 29, 364], 0)
    date_start = pd.to_datetime(days, unit="D").astype("datetime64[ns]")
    date_end = pd.to_datetime(days + length, unit="D").astype("datetime64[ns]")
    date_start = pd.Series(date_start).where(prec != "undated")
    a = rng.integers(0, len(actor_sets), n)
    w = rng.integers(0, len(weapons), n)
    df = pd.DataFrame({
        "event_id": [f"{i:016x}" for i in range(n)],
        "article_id": [f"a{i // 3}" for i in range(n)],
        "event_type": np.array(types)[rng.integers(0, len(types), n)],
        "date_start": date_start,
        "date_end": date_end,
        "date_precision": prec,
        "timex": "",
        "time_text": "",
        "actors": [";".join(names[c] for c in actor_sets[i].split(";")) for i in a],
        "actor_codes": np.array(actor_sets)[a],
        "weapon": np.array([x[0] for x in weapons])[w],
        "weapon_class": np.array([x[1] for x in weapons])[w],
        "location": "",
        "latitude": np.nan,
        "longitude": np.nan,
        "status": "occurred",
        "date_basis": np.where(prec == "undated", "undated", "relative"),
        "sentence": "Synthetic sentence about a reported event.",
        "published": date_end,
        "published_from": "metadata",
        "title": "Synthetic article",
        "source": np.array(["KCNA", "Yonhap", "AP", "Reuters"])[rng.integers(0, 4, n)],
        "url": "",
        "rule": "synthetic",
        "plover": "",
        "cameo": "",
    })
    return schema().validate(df[columns()])


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_mb(pid: int) -> float:
    total = 0
    for p in [pid] + [int(c) for c in Path(f"/proc/{pid}/task").iterdir() if False]:
        for line in Path(f"/proc/{p}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1])
    return total / 1024


def first_draw(script: Path, env: dict, page_factory, url_suffix: str = "") -> tuple[float, subprocess.Popen, object, str]:
    port = free_port()
    started = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(script), "--server.address", "127.0.0.1", "--server.port", str(port), "--server.headless", "true"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    while True:
        try:
            urllib.request.urlopen(url + "/_stcore/health", timeout=1)
            break
        except OSError:
            time.sleep(0.05)
    page = page_factory()
    page.goto(url + url_suffix)
    page.wait_for_function("() => [...document.querySelectorAll('.js-plotly-plot')].some(g => g._fullData && g._fullData.length && g.querySelector('.main-svg'))", timeout=600_000)
    return time.perf_counter() - started, proc, page, url


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=1_000_000)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        table = Path(tmp) / "events.parquet"
        write(synthetic(args.events), table)
        print(f"# Dashboard benchmark: {args.events:,} synthetic events ({table.stat().st_size / 1e6:.0f} MB Parquet, made in {time.perf_counter() - t0:.0f} s)")
        minimal = Path(tmp) / "minimal.py"
        minimal.write_text(MINIMAL_PAGE)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
            base_time, proc, page, _ = first_draw(minimal, dict(os.environ), browser.new_page)
            proc.terminate()
            proc.wait()
            env = {**os.environ, "EVENTLINE_DB": str(table)}
            dash_time, proc, page, url = first_draw(ROOT / "dashboard.py", env, lambda: browser.new_page(viewport={"width": 1400, "height": 1000}))
            try:
                memory = rss_mb(proc.pid)
                field = page.get_by_test_id("stSidebar").get_by_role("combobox", name="Event type", exact=True)
                timings = []
                for option in ("missile_test", "nuclear_test"):
                    field.click()
                    field.fill(option)
                    before = page.evaluate("() => document.querySelector('[data-testid=stMetricValue]').innerText")
                    t = time.perf_counter()
                    page.keyboard.press("Enter")
                    page.wait_for_function("(b) => document.querySelector('[data-testid=stMetricValue]').innerText !== b", arg=before, timeout=120_000)
                    page.wait_for_function("() => !document.querySelector('[data-testid=stStatusWidget]') || !document.querySelector('[data-testid=stStatusWidget]').innerText.includes('Running')", timeout=120_000)
                    timings.append(time.perf_counter() - t)
                    page.keyboard.press("Escape")
                memory = max(memory, rss_mb(proc.pid))
            finally:
                proc.terminate()
                proc.wait()
            browser.close()
    print(f"minimal page (10 points): first chart drawn {base_time:.2f} s after server start")
    print(f"dashboard ({args.events:,} events): first timeline drawn {dash_time:.2f} s after server start  -> ratio {dash_time / base_time:.2f}x (goal <= 1.3x)")
    print(f"filter change redrawn in {', '.join(f'{t:.2f}' for t in timings)} s (goal <= 0.5 s)")
    print(f"server memory (RSS) {memory:.0f} MB")


if __name__ == "__main__":
    main()
