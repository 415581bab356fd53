"""The dashboard in a real browser: Playwright driving Debian's chromium against `events serve` (`streamlit run
dashboard.py`) on 127.0.0.1. Skipped only when chromium is missing, and in CI (CI=true) a missing browser is a failure."""

import csv
import io
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from events.coding.extraction import extract_frame
from events.reading.articles import read_paths
from events.store.tables import write

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# ms: a rerun on a busy two-core machine, with other test runs beside it (30 s once ran out in a fresh clone); the
# tests wait on what the page shows, so a generous bound costs nothing when the page is quick
WAIT = 90_000
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"]


def _need_browser():
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI") == "true":
            pytest.fail("CI must have Debian's chromium (apt-get install -y chromium)")
        pytest.skip("chromium is not installed (apt-get install -y chromium)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        if os.environ.get("CI") == "true":
            pytest.fail("CI must have the playwright package")
        pytest.skip("the playwright package is not installed")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    _need_browser()
    folder = tmp_path_factory.mktemp("dash")
    table = folder / "events.csv"
    write(extract_frame(read_paths([ROOT / "seeds"])), table)
    port = _free_port()
    # served as `make run` serves it; its output to a file (a pipe nobody reads fills and stops the server)
    log = (folder / "server.log").open("wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "events", "serve", "--db", str(table), "--port", str(port)],
        cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 180  # a fresh clone's first start compiles Streamlit's modules
    while time.time() < deadline:
        try:
            if urllib.request.urlopen(url + "/_stcore/health", timeout=2).status == 200:
                break
        except OSError:
            time.sleep(0.3)
    else:
        proc.kill()
        pytest.fail("streamlit did not start: " + (folder / "server.log").read_text(errors="replace")[-2000:])
    yield url
    proc.terminate()
    proc.wait(20)
    log.close()


@pytest.fixture
def page(server, tmp_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        context = browser.new_context(accept_downloads=True, viewport={"width": 1400, "height": 1000})
        pg = context.new_page()
        pg.set_default_timeout(WAIT)
        pg.shots = tmp_path  # screenshots go to the test's temporary folder
        yield pg
        context.close()
        browser.close()


def _metric(page, label: str) -> str:
    metric = page.locator('[data-testid="stMetric"]').filter(has_text=label).locator('[data-testid="stMetricValue"]')
    return metric.inner_text().strip()


def _settle(page):
    """Wait until the app has finished its rerun (no "Running" status) and the page is quiet."""
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=stStatusWidget]') || !/Running/i.test(document.querySelector('[data-testid=stStatusWidget]').innerText)",
        timeout=WAIT,
    )
    page.wait_for_timeout(400)


def _wait_for_timeline(page):
    page.wait_for_selector('[data-testid="stPlotlyChart"] .js-plotly-plot', timeout=WAIT)
    page.wait_for_function("() => document.querySelectorAll('.js-plotly-plot .main-svg').length > 0", timeout=WAIT)
    _settle(page)


def _choose(page, label: str, option: str):
    field = page.get_by_test_id("stSidebar").get_by_role("combobox", name=label, exact=True)
    field.click()
    field.fill(option)
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")


def _click_first_point(page):
    """Click the first event point of the timeline inside its window (a WebGL trace: its position comes from
    Plotly's axes; the window is the publication period, so some traces lie outside it)."""
    xy = page.evaluate(
        """() => {
          const gd = [...document.querySelectorAll('.js-plotly-plot')].find(g => g._fullData && g._fullData.some(t => t.customdata && t.customdata.length));
          const L = gd._fullLayout, box = gd.getBoundingClientRect();
          const [lo, hi] = L.xaxis.range.map(v => L.xaxis.d2c(v));
          for (let i = 0; i < gd._fullData.length; i++) {
            const t = gd._fullData[i];
            if (!(t.customdata && t.customdata.length)) continue;
            const cd = gd.calcdata[i][0];
            // a point sits at (x, y); a bar (a vague date) spans b .. b + s along x: click its middle
            const xc = t.type === 'bar' ? cd.b + cd.s / 2 : L.xaxis.d2c(t.x[0]);
            const yc = t.type === 'bar' ? cd.p : L.yaxis.d2c(t.y[0]);
            if (xc < lo || xc > hi) continue;
            return [box.left + L._size.l + L.xaxis.c2p(xc), box.top + L._size.t + L.yaxis.c2p(yc)];
          }
          return null;
        }"""
    )
    assert xy is not None, "no event point inside the timeline's window"
    page.mouse.click(xy[0], xy[1])
    _settle(page)


def _chart_boxes(page, chart: str = "document.querySelector('.st-key-timeline .js-plotly-plot')") -> dict:
    """Where a Plotly chart (``chart``: a JS expression) draws itself, its legend, its toolbar (modebar) and its
    plotted area, as boxes in the page (x, y, width, height), and the viewport's width."""
    return page.evaluate(
        f"""() => {{ const g = {chart}, box = e => {{ if (!e) return null; const r = e.getBoundingClientRect();
                     return {{x: r.left, y: r.top, width: r.width, height: r.height}}; }};
                   return {{plot: box(g), legend: box(g.querySelector('.legend')), modebar: box(g.querySelector('.modebar')),
                            area: box(g.querySelector('.nsewdrag')), viewport: window.innerWidth}}; }}"""
    )


def _overlap(a: dict | None, b: dict | None) -> bool:
    """Whether two drawn boxes share any area; a box not drawn shares none."""
    if not a or not b or not a["width"] or not b["width"]:
        return False
    return a["x"] < b["x"] + b["width"] and b["x"] < a["x"] + a["width"] and a["y"] < b["y"] + b["height"] and b["y"] < a["y"] + a["height"]


def _download(page, button) -> Path:
    """Click a download button and return the file. A click that lands while the app reruns (a loaded
    machine) is lost with the old button: click again, three times at most."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    from playwright.sync_api import expect

    for attempt in range(3):
        try:
            # a rerun (opening the tab reruns the page) disables the button until it has finished
            expect(button).to_be_enabled(timeout=WAIT)
            with page.expect_download(timeout=20000) as download:
                button.click()
            return Path(download.value.path())
        except PlaywrightTimeout:
            if attempt == 2:
                raise
            _settle(page)


def test_timeline_filter_detail_download(page, server):
    page.goto(server)
    _wait_for_timeline(page)
    page.screenshot(path=str(page.shots / "1-loaded.png"), full_page=True)
    assert (_metric(page, "Stories"), _metric(page, "Reports")) == ("19", "20")  # the default view: stories

    _choose(page, "Event type", "missile_test")
    page.wait_for_function("() => location.search.includes('event_types=missile_test')", timeout=WAIT)
    page.wait_for_function(
        "() => [...document.querySelectorAll('[data-testid=stMetricValue]')].some(e => e.innerText.trim() === '1')", timeout=WAIT
    )
    _wait_for_timeline(page)
    page.screenshot(path=str(page.shots / "2-filtered.png"), full_page=True)

    _click_first_point(page)
    page.wait_for_selector(".story-detail .event-detail", timeout=WAIT)
    detail = page.locator(".story-detail").inner_text()
    assert "Hwasong-18" in detail and "last month" in detail and "Reports, newest first" in detail
    page.screenshot(path=str(page.shots / "3-detail.png"), full_page=True)

    page.get_by_role("tab", name="Table").click()
    _settle(page)
    button = page.get_by_role("button", name="CSV", exact=True)
    button.wait_for(state="visible", timeout=WAIT)
    _settle(page)
    rows = list(csv.DictReader(io.StringIO(_download(page, button).read_text(encoding="utf-8"))))
    assert [r["event_type"] for r in rows] == ["missile_test"]
    assert rows[0]["date_start"] == "2023-11-01" and rows[0]["n_reports"] == "1"

    page.get_by_test_id("stSidebar").get_by_text("reports", exact=True).click()
    page.wait_for_function("() => location.search.includes('view=reports')", timeout=WAIT)
    _settle(page)
    assert _metric(page, "Events") == "1"


def test_shared_url_gives_the_filtered_view(page, server):
    page.goto(server + "/?event_types=missile_test,nuclear_test")
    _wait_for_timeline(page)
    page.wait_for_function(
        "() => [...document.querySelectorAll('[data-testid=stMetricValue]')].some(e => e.innerText.trim() === '2')", timeout=WAIT
    )
    page.screenshot(path=str(page.shots / "4-shared.png"), full_page=True)


def test_paste_article_and_no_script_runs(page, server):
    page.goto(server)
    _wait_for_timeline(page)
    page.evaluate("() => { window.__xss = 0; }")
    page.get_by_role("tab", name="Add articles").click()
    hostile = 'North Korea fired a Hwasong-99 missile on Monday. <script>window.__xss=1</script><img src=x onerror="window.__xss=2">'
    page.get_by_label("Article text", exact=True).fill(hostile)
    page.get_by_label("Title", exact=True).fill("<b>Hostile</b> test")
    date_field = page.get_by_test_id("stForm").get_by_test_id("stDateInput").locator("input, [role=spinbutton]").first
    date_field.click()
    page.keyboard.type("2024/01/03")
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    page.get_by_role("button", name="Extract events").click()
    page.wait_for_function(
        "() => [...document.querySelectorAll('[data-testid=stMetricValue]')].some(e => Number(e.innerText.replace(/,/g,'')) > 20)", timeout=WAIT
    )
    _choose(page, "Weapon", "Hwasong-99")
    page.wait_for_function(
        "() => [...document.querySelectorAll('[data-testid=stMetricValue]')].some(e => e.innerText.trim() === '1')", timeout=WAIT
    )
    page.get_by_role("tab", name="Timeline").click()
    _wait_for_timeline(page)
    _click_first_point(page)
    page.wait_for_selector(".story-detail .event-detail", timeout=WAIT)
    detail = page.locator(".story-detail").inner_text()
    assert "<script>window.__xss=1</script>" in detail  # shown as text
    assert page.locator(".event-detail img").count() == 0
    assert page.evaluate("() => window.__xss") == 0  # and nothing ran
    page.screenshot(path=str(page.shots / "5-pasted.png"), full_page=True)


def test_the_toolbar_leaves_the_legend_free(page, server):
    # the seed's ten types fill the legend's first row at 1400 px, where the toolbar (top right) covered its last entry
    page.goto(server)
    _wait_for_timeline(page)
    boxes = _chart_boxes(page)
    assert boxes["legend"]["width"] > 0.5 * boxes["plot"]["width"] and boxes["modebar"]["width"] > 0, boxes
    assert not _overlap(boxes["modebar"], boxes["legend"]) and not _overlap(boxes["legend"], boxes["area"]), boxes
