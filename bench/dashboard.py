"""Dashboard speed with 1M, 10M and 100M synthetic events, measured in a real browser (Playwright + Debian
chromium) and at the store.

For each size (``--events``, several allowed):
- the store's builder: time and peak memory (its own process: it writes in chunks, and must stay under 2 GB
  whatever the size);
- the page's questions asked of the store, as a rerun asks them (the count and span, the timeline's counts
  or points, the summary strip's counts: events/app/overview.py), unfiltered, for a filter change (one event
  type after another) and for a text search (one word after another, each found in a twelfth to a half of
  the rows) of the stories and of the reports: median, min and max (goal: at most 0.5 s), each beside its
  reference asked just before or after it, and the ratios' median, min and max: a filter change against the
  unfiltered page; a search of the stories against the same search counted as before the postings kept
  their facets (every story's key tested: events/store/search.py FACETS) and against reading the rows' text;
  a search of the reports against reading the text; phrase searches (``PHRASES``: two and three words, common
  and rare, from the synthetic text's own phrases) of the stories and of the reports, from the word pairs'
  postings, each against the same phrase read from the rows' text alone and as a store without word pairs
  answers it (version 8: narrowed by each word's postings, then read); a search with another
  filter (``FILTERED_SEARCHES``: an actor, a weapon, a date range ...), each against the same question
  testing every row's key bit as the rows are filtered (``--parts`` chooses among these);
- up to ``--browser-up-to`` events, in the browser: time from server start to the first drawn timeline,
  against the same figure for a minimal Streamlit page with one Plotly chart of 10 points, in the same run
  (goal: at most 1.3x; median, min and max, and each attempt's ratio to the minimal page's drawn just
  before it); beside them, the same figure for the dashboard's widgets around a 10-point chart
  with no data (what Streamlit's frontend alone costs); time to redraw after a filter change and after a
  text search (goal: at most 0.5 s); memory (RSS) of the server process;
- with ``--sessions``: 20 browser sessions at once changing the text filter for two minutes on one server:
  actions answered, errors, the slowest answers, server memory before and after.

The events are stored as the product stores them: a DuckDB store (events/store/database.py) with its `events`,
`stories` and `story_reports` tables, each story's search text and the search index, made in SQL by
bench/synthetic.py. The stories are made by SQL (events of one type, day and weapon class are one story), not by
the merge: merging a million synthetic reports would take the bench longer than the measurement, and the
dashboard reads stories the same way whoever made them.

Usage: python bench/dashboard.py [--events 1000000 10000000 100000000] [--browser-up-to 10000000] [--sessions 20] [--seconds 120] [--repeat 3]
       python bench/dashboard.py --build N STORE [THREADS] [--resume]   (the builder alone, as the bench runs it; THREADS: DuckDB's;
                                                               --resume: go on with a stopped build)
       python bench/dashboard.py --store STORE ... [--browser-up-to N] [--parts page words phrases filtered]
                                                              (the store's figures of stores already built; in the
                                                               browser too for those of at most N events)
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # before bench/, whose events.py would hide the package
sys.path.insert(1, str(ROOT / "bench"))

from synthetic import synthetic_store  # bench/synthetic.py: the store's builder

from events.app import views
from events.store import search

CHROMIUM = "/usr/bin/chromium"
VIEWPORT = {"width": 1400, "height": 1000}  # both pages are drawn in the same window
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"]
# The dashboard's widgets (the filters the page must have) around a 10-point chart, with no data at all:
# what Streamlit's frontend costs the dashboard's first paint before any event is read.
WIDGETS_PAGE = """
import plotly.graph_objects as go
import streamlit as st
st.set_page_config(page_title="widgets", layout="wide")
st.title("widgets")
strip = st.container()
timeline, table, places, add = st.tabs(["Timeline", "Table", "Map", "Add articles"], key="tab", on_change="rerun")
with timeline:
    lane, colour = st.columns(2)
    lane.selectbox("Lanes by", ["event type", "actor"], key="lane")
    colour.selectbox("Colour by", ["event type", "actor"], key="colour")
    st.plotly_chart(go.Figure(go.Scatter(x=list(range(10)), y=list(range(10)), mode="markers")), key="timeline")
st.sidebar.text_input("Event table", "events.duckdb")
st.sidebar.radio("Show", ["stories", "reports"], horizontal=True)
st.sidebar.header("Filters")
for label in ["Actor", "Weapon class", "Weapon", "Event type", "Source", "Date precision"]:
    st.sidebar.multiselect(label, ["one", "two", "three"], key=label)
st.sidebar.checkbox("Limit dates")
st.sidebar.text_input("Search sentences and titles")
c1, c2, c3, c4 = strip.columns([1, 1, 2, 4])
c1.metric("Stories", "1")
c2.metric("Reports", "1")
c3.metric("Date span", "2017-03")
c4.plotly_chart(go.Figure(go.Bar(x=[1, 2, 3], y=[1, 2, 3])), config={"staticPlot": True})
"""
MINIMAL_PAGE = """
import plotly.graph_objects as go
import streamlit as st
st.title("minimal")
st.plotly_chart(go.Figure(go.Scatter(x=list(range(10)), y=list(range(10)), mode="markers")))
"""

# The dashboard with the store's summaries unused (events/store/summaries.py): its first page asks the rows,
# as before they were kept. The first timeline's reference in the same run, beside the minimal page.
LIVE_PAGE = """
import runpy
from events.store import summaries
summaries.current = lambda con: False
runpy.run_path({dashboard!r}, run_name="__main__")
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_mb(pid: int) -> float:
    """Resident memory of one process, in MB (its threads share it)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def streamlit_command(script: Path, port: int) -> list[str]:
    return [sys.executable, "-m", "streamlit", "run", str(script), "--server.address", "127.0.0.1", "--server.port", str(port), "--server.headless", "true"]


def eventline_command(table: Path, port: int) -> list[str]:
    """The product's own way to serve its dashboard (`make run` uses it)."""
    return [sys.executable, "-m", "events", "serve", "--db", str(table), "--port", str(port)]


def first_draw(command, browser, plots: str = ".js-plotly-plot") -> tuple[float, subprocess.Popen, object, str]:
    """Seconds from starting the server (``command(port)``) to the first chart among ``plots`` drawn in
    a new page of ``browser``."""
    port = free_port()
    started = time.perf_counter()
    proc = subprocess.Popen(command(port), cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    while True:
        try:
            urllib.request.urlopen(url + "/_stcore/health", timeout=1)
            break
        except OSError:
            time.sleep(0.05)
    page = browser.new_page(viewport=VIEWPORT)
    page.goto(url)
    page.wait_for_function("(sel) => [...document.querySelectorAll(sel)].some(g => g._fullData && g._fullData.length && g.querySelector('.main-svg'))", arg=plots, timeout=600_000)
    return time.perf_counter() - started, proc, page, url


def close(page, proc: subprocess.Popen) -> None:
    page.close()
    proc.terminate()
    proc.wait()


# the load test's searches: words found in a twelfth to a half of the rows
WORDS = ["Sohae", "Wonsan", "Guam", "Hwasong", "cruise", "satellite", "bombers", "condemned", "Sunan", "drills"]
# the store's phrase searches, from the synthetic text's own phrases (bench/synthetic.yaml: "<lead> <verb>
# <what> near <place> at <hh:mm>, officials said." under a title): two words and three, common and rare, with
# the share of the rows that hold each. In news, as here, the words of a common phrase are mostly found
# together, so each word's postings narrow little
PHRASES = [
    "officials said",  # two words in every row
    "missile launch reported",  # three words, a sixth of the rows (a title)
    "north korea",  # two words, a fifth (a lead)
    "north korea launched",  # three words, a 40th
    "near sohae",  # two words, a twelfth
    "the east sea",  # three words, a twelfth (a place)
    "japan warned",  # two words, rare: an 80th (a lead and a verb)
    "japan warned of",  # three words, rare: an 80th
    "cruise missile",  # two words, a sixth (a weapon)
]
# a search with another filter: (what the filter adds, the search); each against the same search and filter
# testing every row's key bit as before
FILTERED_SEARCHES = [
    ("an actor (USA)", "sohae", {"actors": ("USA",)}),
    ("a weapon (KN-23)", "north korea", {"weapons": ("KN-23",)}),
    ("a date range (2000-2004)", "condemned", {"date_from": "2000-01-01", "date_to": "2004-12-31"}),
    ("an event type (missile_test)", "cruise missile", {"event_types": ("missile_test",)}),
    ("a weapon class (ICBM)", "officials said", {"weapon_classes": ("ICBM",)}),
    ("a source (AP)", "guam", {"sources": ("AP",)}),
]
# the event types chosen one after another in the filter-change measurement (each a new question: none
# is answered from the cache); the median is compared with the goal, this machine's timings vary by 20%
FILTER_CHANGES = ("missile_test", "nuclear_test", "summit_meeting", "sanctions", "military_exercise", "statement")
IDLE = "() => !document.querySelector('[data-testid=stStatusWidget]') || !document.querySelector('[data-testid=stStatusWidget]').innerText.includes('Running')"


async def one_session(browser, url: str, number: int, stop_at: float, answered: list, errors: list) -> None:
    """One analyst: opens the page, then searches one word after another until ``stop_at``; each answer
    (the URL carries the word and the app is idle) is timed."""
    rng = random.Random(number)
    page = await browser.new_page(viewport={"width": 1200, "height": 900})
    try:
        try:
            # twenty pages fetching and compiling 6 MB of scripts at once on two cores: a slow start is
            # not a failure, but a page that never opens is an error of its own, not the end of the bench
            await page.goto(url, timeout=300_000)
            await page.wait_for_selector('[data-testid="stMetricValue"]', timeout=300_000)
        except Exception as exc:  # noqa: BLE001
            errors.append(f"session {number}: the page did not open: {type(exc).__name__}: {str(exc)[:120]}")
            return
        field = page.get_by_test_id("stSidebar").get_by_label("Search sentences and titles")
        word = ""
        while time.perf_counter() < stop_at:
            word = rng.choice([w for w in WORDS if w != word])
            t = time.perf_counter()
            try:
                # a busy machine (twenty pages drawing at once) is slow, not wrong: two minutes before an error
                await field.fill(word, timeout=120_000)
                await field.press("Enter", timeout=120_000)
                await page.wait_for_function("(w) => location.search.includes('q=' + w)", arg=word, timeout=120_000)
                await page.wait_for_function(IDLE, timeout=120_000)
                shown = page.locator('[data-testid="stException"]')
                if await shown.count():
                    errors.append(f"session {number}: an exception on the page: {(await shown.first.inner_text())[:200]}")
                answered.append((number, time.perf_counter() - t))
            except Exception as exc:  # noqa: BLE001 - a lost answer is counted, not fatal
                errors.append(f"session {number}: {type(exc).__name__}: {str(exc)[:120]}")
    finally:
        await page.close()


async def under_load(url: str, sessions: int, seconds: float) -> tuple[list, list]:
    from playwright.async_api import async_playwright

    answered: list[tuple[int, float]] = []  # (session, seconds)
    errors: list[str] = []
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        stop_at = time.perf_counter() + seconds
        await asyncio.gather(*(one_session(browser, url, i, stop_at, answered, errors) for i in range(sessions)))
        await browser.close()
    return answered, errors


def build(n: int, folder: Path) -> tuple[Path, float, float]:
    """Build a store of ``n`` events in its own process: (the store, seconds, the builder's peak memory in MB)."""
    store = folder / f"events-{n}.duckdb"
    started = time.perf_counter()
    out = subprocess.run(["/usr/bin/time", "-f", "MAXRSS %M", sys.executable, __file__, "--build", str(n), str(store)], cwd=ROOT, capture_output=True, text=True)
    if out.returncode != 0:
        raise SystemExit(out.stderr[-2000:])
    rss = max(int(line.split()[1]) for line in out.stderr.splitlines() if line.startswith("MAXRSS")) / 1024
    return store, time.perf_counter() - started, rss


def page_questions(store: Path, f, view: str = "stories") -> float:
    """Seconds the store takes to answer what a rerun of the page asks for a filter (answers.timeline: the
    summary strip's counts and the timeline's points or counts, events/app/overview.py): a fresh read-only
    connection, as the page's. The store's opening (views.load: its version and merge checked) is not
    counted: the page does it once per server (answers.load)."""
    from events.app import overview

    tables = views.load(store)
    started = time.perf_counter()
    with tables.connection() as con:
        overview.overview(con, view, f)
    return time.perf_counter() - started


def failing_as_none(question, *args) -> float | None:
    """``question(*args)``, None where the store cannot answer it (a reference's way may outgrow the reader's
    memory cap at ten million events: the reports' articles counted distinct)."""
    try:
        return question(*args)
    except Exception as exc:  # noqa: BLE001 - a question the page cannot answer is a figure, not the bench's end
        print(f"    FAILED: {type(exc).__name__}: {str(exc).splitlines()[0][:160]}", flush=True)
        return None


def seconds(value: float | None) -> str:
    return "FAILED" if value is None else f"{value:.2f} s"


def spread(values: list[float]) -> str:
    return f"median {float(np.median(values)):.2f} s (min {min(values):.2f}, max {max(values):.2f}, {len(values)} asked)"


def paired(values: list[float], references: list[float]) -> str:
    """The ratio of each figure to its reference asked just before or after it: median, min and max (a
    ratio stands on a loaded machine, where the seconds do not)."""
    ratios = [a / b for a, b in zip(values, references)]
    return f"paired median {float(np.median(ratios)):.3f}x (min {min(ratios):.3f}, max {max(ratios):.3f})"


def load() -> str:
    return f"[load average {os.getloadavg()[0]:.1f}]"


def read_from_text(store: Path, f, view: str = "stories") -> float:
    """``page_questions`` for a text search answered by reading the rows' text, as without the index:
    the search's reference, in the same run (the word found is the same: events/store/search.py)."""
    kept = search.MAX_EXPANSION
    search.MAX_EXPANSION = 0  # every word begins more words than this: the index is not asked
    try:
        return page_questions(store, f, view)
    finally:
        search.MAX_EXPANSION = kept


def without_pairs(store: Path, f, view: str = "stories") -> float:
    """``page_questions`` for a phrase answered as a store without word pairs answers it (version 8): each
    word's postings narrow the rows, whose text is then read. A phrase's reference in the same run."""
    kept = search._paired
    search._paired = lambda con, of=None: False
    try:
        return page_questions(store, f, view)
    finally:
        search._paired = kept


def tested_row_by_row(store: Path, f, view: str = "stories") -> float:
    """``page_questions`` for a search counted as before the postings kept their facets (search.FACETS,
    REPORT_FACETS): every row's key tested in the index's bitmaps as the rows are read (and, for the
    reports, their articles counted distinct). A search's reference in the same run."""
    from events.app import overview

    kept = overview._from_postings
    overview._from_postings = lambda *args: None
    try:
        return page_questions(store, f, view)
    finally:
        overview._from_postings = kept


def a_filter(extra: dict, text: str):
    """The dashboard's filter of a search and what ``FILTERED_SEARCHES`` adds to it."""
    from datetime import date

    from events.app import filters

    values = {k: date.fromisoformat(v) if k.startswith("date_") else v for k, v in extra.items()}
    return filters.EventFilter(text=text, **values)


def choices_questions(store: Path) -> float:
    """Seconds the store takes to answer the page's filter choices and date bounds (answers.choices_of),
    asked once per server on its first run."""
    from events.app import answers

    tables = views.load(store)
    started = time.perf_counter()
    answers.choices_of(tables)
    return time.perf_counter() - started


def asked_live(question, *args) -> float:
    """``question(*args)`` with the store's summaries unused (events/store/summaries.py): every answer
    asked of the rows, as before they were kept. The reference of the unfiltered page's figures."""
    from events.store import summaries

    kept = summaries.current
    summaries.current = lambda con: False
    try:
        return question(*args)
    finally:
        summaries.current = kept


PARTS = ("page", "words", "phrases", "filtered")


def store_figures(store: Path, asked: int | None = None, parts=PARTS) -> None:
    """The store's figures; ``asked``: only so many event types and words (a store of 100M events takes
    most of a minute a question read from the text); ``parts``: which of PARTS (the unfiltered page and a
    filter change, one-word searches, phrase searches, searches with another filter)."""
    # each figure beside its reference, asked one after the other (paired): the unfiltered page is the
    # reference of a filter change; a search's, the same search answered the older ways
    if "page" in parts:
        page_figures(store, asked)
    if "words" in parts:
        word_figures(store, asked)
    if "phrases" in parts:
        phrase_figures(store, asked)
    if "filtered" in parts:
        filtered_figures(store, asked)


def page_figures(store: Path, asked: int | None) -> None:
    from events.app import filters

    unfiltered, live, filtered, filtered_live, choices, choices_live, reports, reports_live = [], [], [], [], [], [], [], []
    for t in FILTER_CHANGES[:asked]:
        unfiltered.append(page_questions(store, filters.EventFilter()))
        live.append(asked_live(page_questions, store, filters.EventFilter()))
        filtered.append(page_questions(store, filters.EventFilter(event_types=(t,))))
        filtered_live.append(asked_live(page_questions, store, filters.EventFilter(event_types=(t,))))
        choices.append(choices_questions(store))
        choices_live.append(asked_live(choices_questions, store))
        reports.append(page_questions(store, filters.EventFilter(), "reports"))
        reports_live.append(asked_live(page_questions, store, filters.EventFilter(), "reports"))
    print(f"  store answers the unfiltered page (stories): {spread(unfiltered)}, from the summaries kept with the store  {load()}", flush=True)
    print(f"    the same asked of the rows:           {spread(live)}; summaries / rows {paired(unfiltered, live)}", flush=True)
    print(f"  store answers the unfiltered page (reports): {spread(reports)}; the rows {spread(reports_live)}; summaries / rows {paired(reports, reports_live)}", flush=True)
    print(f"  store answers the filter choices and date bounds: {spread(choices)}; the rows {spread(choices_live)}; summaries / rows {paired(choices, choices_live)}  {load()}", flush=True)
    print(f"  store answers a filter change (stories, one event type): {spread(filtered)} (goal <= 0.5 s), from the summaries  {load()}", flush=True)
    print(f"    the same asked of the rows:           {spread(filtered_live)}; summaries / rows {paired(filtered, filtered_live)}; against the unfiltered page"
          f" asked of the rows {paired(filtered_live, live)}", flush=True)


def word_figures(store: Path, asked: int | None) -> None:
    from events.app import filters

    searched, scanned, read = [], [], []
    for w in WORDS[:asked]:
        searched.append(page_questions(store, filters.EventFilter(text=w)))
        scanned.append(tested_row_by_row(store, filters.EventFilter(text=w)))
        read.append(read_from_text(store, filters.EventFilter(text=w)))
    print(f"  store answers a text search (stories):   {spread(searched)} (goal <= 0.5 s)  {load()}")
    print(f"    each story's key tested as before:    {spread(scanned)}; postings / tested {paired(searched, scanned)}")
    print(f"    the same searches read from the text: {spread(read)}; postings / text {paired(searched, read)}  {load()}", flush=True)
    searched = []
    for w in WORDS[:asked]:
        searched.append(page_questions(store, filters.EventFilter(text=w), "reports"))
    print(f"  store answers a text search (reports):   {spread(searched)} (goal <= 0.5 s), counted from the word's postings  {load()}", flush=True)
    # the references: each row's key tested, the articles counted distinct (before version 8), and the text read;
    # each may fail at 100M events (the articles' distinct count outgrew the page's memory cap, store.MEMORY_LIMIT)
    for name, reference in (("each row's key tested as before", tested_row_by_row), ("the same searches read from the text", read_from_text)):
        found = []
        try:
            for w in WORDS[:asked]:
                found.append(reference(store, filters.EventFilter(text=w), "reports"))
        except Exception as exc:  # noqa: BLE001 - a question the page cannot answer is a figure, not the bench's end
            print(f"    {name}: FAILED: {type(exc).__name__}: {str(exc).splitlines()[0][:160]}  {load()}", flush=True)
            continue
        print(f"    {name}: {spread(found)}; postings / this {paired(searched, found)}  {load()}", flush=True)


def phrase_figures(store: Path, asked: int | None) -> None:
    from events.app import filters

    for view in ("stories", "reports"):
        found, before, unpaired = [], [], []
        for phrase in PHRASES[:asked]:
            found.append(page_questions(store, filters.EventFilter(text=phrase), view))
            before.append(failing_as_none(read_from_text, store, filters.EventFilter(text=phrase), view))
            unpaired.append(failing_as_none(without_pairs, store, filters.EventFilter(text=phrase), view))
            print(f"    {phrase!r} ({view}): {found[-1]:.2f} s; read from the text {seconds(before[-1])}; without pairs {seconds(unpaired[-1])}", flush=True)
        print(f"  store answers a phrase search ({view}): {spread(found)} (goal <= 0.5 s), from its word pairs' postings  {load()}", flush=True)
        for name, reference in (("the same phrases read from the text", before),
                                ("as a store without word pairs (version 8: each word's postings narrow, the text read)", unpaired)):
            kept = [(a, b) for a, b in zip(found, reference) if b is not None]
            failed = f"; {len(found) - len(kept)} FAILED (out of the reader's memory)" if len(kept) < len(found) else ""
            if kept:
                print(f"    {name}: {spread([b for _, b in kept])}; this / that {paired(*map(list, zip(*kept)))}{failed}", flush=True)
            else:
                print(f"    {name}: every one FAILED", flush=True)


def filtered_figures(store: Path, asked: int | None) -> None:
    for view in ("stories", "reports"):
        found, tested = [], []
        for label, text, extra in FILTERED_SEARCHES[:asked]:
            found.append(page_questions(store, a_filter(extra, text), view))
            tested.append(tested_row_by_row(store, a_filter(extra, text), view))
            print(f"    {text!r} with {label} ({view}): {found[-1]:.2f} s; each row's key tested {tested[-1]:.2f} s", flush=True)
        print(f"  store answers a search with another filter ({view}): {spread(found)} (goal <= 0.5 s)  {load()}", flush=True)
        print(f"    each row's key tested (and the rows filtered) as before: {spread(tested)}; this / tested {paired(found, tested)}", flush=True)


def browser_figures(table: Path, tmp: Path, args) -> None:
    from playwright.sync_api import sync_playwright

    minimal = tmp / "minimal.py"
    minimal.write_text(MINIMAL_PAGE)
    widgets = tmp / "widgets.py"
    widgets.write_text(WIDGETS_PAGE)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        # alternate the three pages, a fresh server and browser tab each time; the medians are compared
        live = tmp / "live.py"
        live.write_text(LIVE_PAGE.format(dashboard=str(ROOT / "dashboard.py")))
        base_times, widget_times, dash_times, live_times = [], [], [], []
        for attempt in range(args.repeat):
            base_time, proc, page, _ = first_draw(lambda port: streamlit_command(minimal, port), browser)
            base_times.append(base_time)
            close(page, proc)
            widget_time, proc, page, _ = first_draw(lambda port: streamlit_command(widgets, port), browser, plots=".st-key-timeline .js-plotly-plot")
            widget_times.append(widget_time)
            close(page, proc)
            timeline = ".st-key-timeline .js-plotly-plot, .st-key-timeline_counts .js-plotly-plot"
            live_time, proc, page, _ = first_draw(lambda port: streamlit_command(live, port) + ["--", "--db", str(table)], browser, plots=timeline)
            live_times.append(live_time)
            close(page, proc)
            # the timeline itself (points or counts), not the summary strip's small chart
            dash_time, proc, page, url = first_draw(lambda port: eventline_command(table, port), browser,
                                                    plots=".st-key-timeline .js-plotly-plot, .st-key-timeline_counts .js-plotly-plot")
            dash_times.append(dash_time)
            if attempt < args.repeat - 1:
                close(page, proc)
        try:
            memory = rss_mb(proc.pid)
            field = page.get_by_test_id("stSidebar").get_by_role("combobox", name="Event type", exact=True)
            timings = []
            for option in FILTER_CHANGES:
                field.click()
                field.fill(option)
                before = page.evaluate("() => document.querySelector('[data-testid=stMetricValue]').innerText")
                t = time.perf_counter()
                page.keyboard.press("Enter")
                page.wait_for_function("(b) => document.querySelector('[data-testid=stMetricValue]').innerText !== b", arg=before, timeout=120_000)
                page.wait_for_function(IDLE, timeout=120_000)
                timings.append(time.perf_counter() - t)
                page.keyboard.press("Escape")
            # each word a new question (none answered from the cache), on top of the last event type chosen
            box = page.get_by_test_id("stSidebar").get_by_label("Search sentences and titles")
            searches = []
            for word in WORDS:
                box.fill(word)
                t = time.perf_counter()
                box.press("Enter")
                page.wait_for_function("(w) => location.search.includes('q=' + w)", arg=word, timeout=120_000)
                page.wait_for_function(IDLE, timeout=120_000)
                searches.append(time.perf_counter() - t)
            memory = max(memory, rss_mb(proc.pid))
            browser.close()
        except BaseException:
            proc.terminate()
            raise
    try:
        if args.sessions:
            before_load = rss_mb(proc.pid)
            answered, errors = asyncio.run(under_load(url, args.sessions, args.seconds))
            after_load = rss_mb(proc.pid)
    finally:
        proc.terminate()
        proc.wait()
    base_time, dash_time = float(np.median(base_times)), float(np.median(dash_times))
    print(f"  minimal page (10 points): first chart drawn {spread(base_times)} after server start  {load()}")
    widget_time = float(np.median(widget_times))
    print(f"  the dashboard's widgets around a 10-point chart, no data: first chart drawn {spread(widget_times)}"
          f"  -> ratio of medians {widget_time / base_time:.2f}x, {paired(widget_times, base_times)}")
    print(f"  dashboard: first timeline drawn {spread(dash_times)} after server start"
          f"  -> ratio of medians {dash_time / base_time:.2f}x, {paired(dash_times, base_times)} (goal <= 1.3x)  {load()}")
    print(f"  the same with the store's summaries unused (the rows asked): {spread(live_times)} -> ratio of medians"
          f" {float(np.median(live_times)) / base_time:.2f}x; summaries / rows {paired(dash_times, live_times)}")
    print(f"  filter change redrawn: {spread(timings)} (goal <= 0.5 s)")
    print(f"  text search redrawn: {spread(searches)} (goal <= 0.5 s)  {load()}")
    print(f"  server memory (RSS) {memory:.0f} MB")
    if args.sessions:
        slow = sorted(t for _, t in answered)
        print(f"  under load: {args.sessions} sessions for {args.seconds:.0f} s: {len(answered)} searches answered, {len(errors)} errors;"
              f" answer time median {slow[len(slow) // 2]:.2f} s, 95th percentile {slow[int(len(slow) * 0.95)]:.2f} s, slowest {slow[-1]:.2f} s" if slow else "  under load: nothing answered")
        print(f"  sessions answered at least once: {len({n for n, _ in answered})} of {args.sessions}")
        print(f"  server memory (RSS) before the load {before_load:.0f} MB, after {after_load:.0f} MB")
        for error in errors[:10]:
            print("    " + error)


def main() -> None:
    if len(sys.argv) >= 4 and sys.argv[1] == "--build":
        resume = "--resume" in sys.argv[4:]
        threads = [int(a) for a in sys.argv[4:] if a != "--resume"]
        started = time.perf_counter()
        # progress a line per chunk: a build of 100M events runs for most of an hour
        synthetic_store(Path(sys.argv[3]), int(sys.argv[2]), threads=threads[0] if threads else None, resume=resume,
                        progress=lambda k: print(f"{k:,} events {time.perf_counter() - started:.0f} s", flush=True))
        return
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, nargs="+", default=[1_000_000, 10_000_000, 100_000_000])
    parser.add_argument("--browser-up-to", type=int, help="sizes above this are measured at the store only (default 10M; with --store: none in the browser unless given)")
    parser.add_argument("--sessions", type=int, default=20, help="browser sessions of the load test (0: none)")
    parser.add_argument("--seconds", type=float, default=120)
    parser.add_argument("--repeat", type=int, default=3, help="first-draw measurements of each page (the medians are compared)")
    parser.add_argument("--folder", type=Path, help="where the stores are built (default: a temporary folder; 100M events take about 15 GB)")
    parser.add_argument("--asked", type=int, help="with --store: ask only so many event types and search words (all without it)")
    parser.add_argument("--store", type=Path, nargs="+", help="measure these stores, already built (by --build), at the store only, instead")
    parser.add_argument("--parts", nargs="+", choices=PARTS, default=PARTS, help="the store's figures to measure (all without it)")
    args = parser.parse_args()
    if args.store:
        for table in args.store:
            print(f"# {table}: store {table.stat().st_size / 1e6:,.0f} MB", flush=True)
            store_figures(table, args.asked, args.parts)
            if args.browser_up_to is not None:
                with views.load(table).connection() as con:
                    n = con.execute("SELECT count(*) FROM events").fetchone()[0]
                if n <= args.browser_up_to:
                    with tempfile.TemporaryDirectory() as tmp:
                        browser_figures(table, Path(tmp), args)
        return
    if args.browser_up_to is None:
        args.browser_up_to = 10_000_000
    with tempfile.TemporaryDirectory(dir=args.folder) as tmp:
        for n in args.events:
            table, seconds, rss = build(n, Path(tmp))
            print(f"# {n:,} synthetic events: store {table.stat().st_size / 1e6:,.0f} MB with stories, built in {seconds:.0f} s, builder's peak memory {rss:,.0f} MB (goal < 2 GB)", flush=True)
            store_figures(table, parts=args.parts)
            if n <= args.browser_up_to:
                browser_figures(table, Path(tmp), args)
            table.unlink()


if __name__ == "__main__":
    main()
