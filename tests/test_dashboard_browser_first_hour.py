"""An analyst's first hour (issue 22), in a real browser: Playwright driving Debian's chromium against `events serve`
on 127.0.0.1, on a store of KCNA shape generated here (the corpus itself stays in ../shared): datelined state-media
reports of 2016-2017, most of whose events have no date of their own, beside mentions of the 1950s and "the 21st
century", told by North Korea, Kim Jong Un, the Korean People's Army, the Workers' Party of Korea and the United
States. One server for the module; each check waits on what the page shows (generous timeouts: a busy two-core
machine), never on a fixed sleep. Skipped only when chromium (or playwright) is missing; in CI a failure."""

from __future__ import annotations

import subprocess
import sys
import time
import urllib.request
from datetime import date, timedelta

import pytest
from test_dashboard_browser import (
    CHROMIUM,
    FLAGS,
    ROOT,
    WAIT,
    _chart_boxes,
    _click_first_point,
    _free_port,
    _need_browser,
    _overlap,
)

from events.reading.articles import Article

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1400, "height": 1000}

# One row per kind of KCNA report: (kind, text after the dateline). {day} is the weekday before publication, so
# "on {day}" is yesterday's news; the kinds without it give events with no date of their own (statements,
# plans, habitual sanctions and drills), most of the stories, as in the KCNA corpus.
KINDS = [
    ("missile test, dated", "The Korean People's Army successfully test-fired ballistic missiles on {day} under the guidance of Kim Jong Un."),
    ("statement, undated; the 1950s", ("The Workers' Party of Korea and the Korean People's Army will bolster the nuclear deterrent, the spokesman"
                                       " said. The United States conducted a nuclear test in the 1950s.")),
    ("plans and sanctions, undated", "The Korean People's Army will launch more missiles to defend the country. The US imposes sanctions on the DPRK."),
    ("party's test, dated", "Kim Jong Un, chairman of the Workers' Party of Korea, oversaw the test-fire of a Hwasong-12 rocket on {day}."),
    ("the 21st century", "North Korea conducted a nuclear test in the 21st century, the Workers' Party of Korea said."),
    ("sanctions, undated", "The United States imposed new sanctions on the DPRK, the Foreign Ministry spokesman said."),
    ("nuclear test, dated", "The DPRK successfully conducted a nuclear test on {day}, the Nuclear Weapons Institute said."),
    ("drills, undated", "The DPRK will conduct more missile tests. The U.S. and South Korea hold military drills against the DPRK."),
]
FIRST, LAST = date(2016, 1, 6), date(2017, 12, 20)


def kcna_shaped(n: int = 48) -> list[Article]:
    """``n`` datelined reports spread over 2016-2017, the kinds taken in turn."""
    step = (LAST - FIRST) / (n - 1)
    articles = []
    for i in range(n):
        published = FIRST + timedelta(days=round(i * step.days + i * step.seconds / 86400))
        kind, body = KINDS[i % len(KINDS)]
        dateline = f"Pyongyang, {published:%B} {published.day} (KCNA) -- "
        text = dateline + body.format(day=f"{published - timedelta(days=1):%A}")
        articles.append(Article(id=f"kcna-{i:03d}", title=f"KCNA {kind} {published}", text=text, published=published, source="KCNA",
                                url=f"http://kcna.example/{i}"))
    return articles


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    _need_browser()
    from events.store.database import connect, ingest

    folder = tmp_path_factory.mktemp("first-hour")
    db = folder / "events.duckdb"
    con = connect(db)
    ingest(con, kcna_shaped())
    con.close()
    port = _free_port()
    log = (folder / "server.log").open("wb")
    proc = subprocess.Popen([sys.executable, "-m", "events", "serve", "--db", str(db), "--port", str(port)], cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 180  # a fresh clone's first start compiles Streamlit's modules
    while True:
        try:
            if urllib.request.urlopen(url + "/_stcore/health", timeout=2).status == 200:
                break
        except OSError:
            if time.time() > deadline or proc.poll() is not None:
                proc.kill()
                pytest.fail("streamlit did not start: " + (folder / "server.log").read_text(errors="replace")[-2000:])
            time.sleep(0.3)
    yield url
    proc.terminate()
    proc.wait(20)
    log.close()


@pytest.fixture(scope="module")
def browser(server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield chromium
        chromium.close()


def _page(browser, viewport=DESKTOP):
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    page.set_default_timeout(WAIT)
    return page


@pytest.fixture
def page(browser):
    pg = _page(browser)
    yield pg
    pg.context.close()


@pytest.fixture
def phone(browser):
    pg = _page(browser, PHONE)
    yield pg
    pg.context.close()


# ------------------------------------------------------------------------------------------ page state
IDLE = ("() => !document.querySelector('[data-testid=stStatusWidget]')"
        " || !/Running/i.test(document.querySelector('[data-testid=stStatusWidget]').innerText)")
TIMELINE = "document.querySelector('.st-key-timeline .js-plotly-plot')"


def _open(page, url: str):
    """Load the page and wait for the timeline drawn with its data, and the app idle."""
    page.goto(url)
    _timeline_drawn(page)


def _timeline_drawn(page):
    page.wait_for_function(f"() => {{ const g = {TIMELINE}; return g && g._fullLayout && g._fullData && g.querySelector('.main-svg'); }}", timeout=WAIT)
    page.wait_for_function(IDLE, timeout=WAIT)


def _metric(page, label: str) -> int:
    """A summary-strip count, once the strip shows it."""
    from playwright.sync_api import expect

    value = page.locator('[data-testid="stMetric"]').filter(has_text=label).locator('[data-testid="stMetricValue"]')
    expect(value).to_be_visible(timeout=WAIT)
    return int(value.inner_text().strip().replace(",", ""))


def _wait_for_metric(page, label: str, predicate: str):
    """Wait until the strip's ``label`` count satisfies ``predicate`` (a JS expression of n)."""
    page.wait_for_function(
        f"""() => {{ const m = [...document.querySelectorAll('[data-testid=stMetric]')].find(e => e.innerText.includes({label!r}));
                   if (!m) return false; const n = Number(m.querySelector('[data-testid=stMetricValue]').innerText.replace(/,/g, ''));
                   return {predicate}; }}""",
        timeout=WAIT,
    )
    page.wait_for_function(IDLE, timeout=WAIT)


def _type_colours(page) -> dict[str, str]:
    """Each legend entry's (trace name's) marker colour, read from Plotly's data in the page."""
    return page.evaluate(f"() => Object.fromEntries({TIMELINE}._fullData.filter(t => t.showlegend !== false).map(t => [t.name, t.marker.color]))")


def _choose(page, label: str, typed: str, option_text: str):
    """Type ``typed`` into a sidebar multiselect and pick the offered option that reads ``option_text``."""
    from playwright.sync_api import expect

    field = page.get_by_test_id("stSidebar").get_by_role("combobox", name=label, exact=True)
    field.click()
    field.fill(typed)
    option = page.get_by_role("option", name=option_text, exact=True)
    expect(option).to_be_visible(timeout=WAIT)
    option.click()
    page.keyboard.press("Escape")


# ------------------------------------------------------------------------------------------ the tests
def test_the_first_view_lies_within_the_publication_period(page, server):
    _open(page, server)
    low, high = page.evaluate(f"() => {TIMELINE}._fullLayout.xaxis.range")
    # published 2016-01-06 .. 2017-12-20, padded two months at most a side; the 1950s and the century lie outside
    assert "2015-10-01" <= low[:10] <= FIRST.isoformat() and LAST.isoformat() <= high[:10] <= "2018-03-01", (low, high)
    from playwright.sync_api import expect

    expect(page.get_by_text("lie outside the period the articles were published in")).to_be_visible(timeout=WAIT)


def test_undated_stories_are_hidden_and_counted(page, server):
    from playwright.sync_api import expect

    _open(page, server)
    caption = page.get_by_text("undated stories hidden")
    expect(caption).to_be_visible(timeout=WAIT)
    hidden = int(caption.inner_text().split(" undated stories hidden")[0].split()[-1].replace(",", ""))
    assert hidden > _metric(page, "Stories") / 2  # most stories of state media have no date of their own
    undated_marks = page.evaluate(f"() => {TIMELINE}._fullData.filter(t => t.marker && t.marker.symbol === 'circle-open').length")
    assert undated_marks == 0


def test_north_korea_in_the_actor_filter_finds_prk_and_narrows_the_view(page, server):
    _open(page, server)
    before = _metric(page, "Stories")
    _choose(page, "Actor", "North Korea", "North Korea (PRK)")
    page.wait_for_function("() => location.search.includes('actors=PRK')", timeout=WAIT)
    _wait_for_metric(page, "Stories", f"n > 0 && n < {before}")  # the United States' sanctions leave the view
    _timeline_drawn(page)


def test_an_event_type_keeps_its_colour_across_filters(page, server):
    _open(page, server + "/?event_types=missile_test,nuclear_test")
    _wait_for_metric(page, "Stories", "n > 0")
    first = _type_colours(page)
    _open(page, server + "/?event_types=nuclear_test,missile_test,sanctions&undated=1&view=reports")
    _wait_for_metric(page, "Events", "n > 0")
    second = _type_colours(page)
    assert {"missile_test", "nuclear_test"} <= first.keys() & second.keys(), (first, second)
    assert first["missile_test"] == second["missile_test"] and first["nuclear_test"] == second["nuclear_test"]
    assert first["missile_test"] != first["nuclear_test"]
    from events.coding.vocab import vocabulary

    declared = {t.name: t.colour for t in vocabulary().event_types}  # the colour each type declares, in every view
    assert all(colour.lower() == declared[name].lower() for name, colour in second.items()), (second, declared)


def test_the_story_detail_keeps_workers_party_of_korea_whole(page, server):
    from playwright.sync_api import expect

    _open(page, server + "/?actors=WPK&event_types=missile_test")
    _wait_for_metric(page, "Stories", "n > 0")
    _timeline_drawn(page)
    _click_first_point(page)
    detail = page.locator(".story-detail")
    expect(detail).to_be_visible(timeout=WAIT)
    text = detail.inner_text()
    assert "Workers' Party of Korea" in text and "Workers'," not in text, text


def test_a_paste_without_a_publication_date_is_refused(page, server):
    from playwright.sync_api import expect

    _open(page, server)
    before = _metric(page, "Reports")
    page.get_by_role("tab", name="Add articles").click()
    page.get_by_label("Article text", exact=True).fill("North Korea fired an ICBM on Monday, Seoul said.")
    page.get_by_role("button", name="Extract events").click()
    expect(page.get_by_text("Give the publication date")).to_be_visible(timeout=WAIT)
    page.wait_for_function(IDLE, timeout=WAIT)
    assert _metric(page, "Reports") == before  # nothing stored undated


def test_an_upload_with_a_bad_file_leaves_its_message_on_screen(page, server):
    from playwright.sync_api import expect

    _open(page, server)
    page.get_by_role("tab", name="Add articles").click()
    # a file of one broken line: nothing to add, so nothing else reruns the page to show the message
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files([{"name": "broken.jsonl", "mimeType": "application/json", "buffer": b"{not json\n"}])
    page.get_by_role("button", name="Extract uploaded files").click()
    message = page.get_by_text("Rejected: broken.jsonl:1")
    expect(message).to_be_visible(timeout=WAIT)
    # the page reruns (the added events, a filter change): the message stays until dismissed
    page.get_by_test_id("stSidebar").get_by_label("Search sentences and titles").fill("missile")
    page.keyboard.press("Enter")
    page.wait_for_function("() => location.search.includes('q=missile')", timeout=WAIT)
    page.wait_for_function(IDLE, timeout=WAIT)
    expect(message).to_be_visible(timeout=WAIT)


def test_on_a_phone_the_timeline_is_full_width_and_its_toolbar_leaves_the_legend_free(phone, server):
    _open(phone, server + "/?undated=1")  # every type's entry in the legend: the widest legend this store gives
    boxes = _chart_boxes(phone, TIMELINE)
    assert boxes["plot"]["width"] >= 0.9 * boxes["viewport"], boxes  # the page's margins only
    assert boxes["legend"]["width"] > 0 and boxes["modebar"]["width"] > 0, boxes  # both drawn: the toolbar is kept on a phone
    assert not _overlap(boxes["modebar"], boxes["legend"]), boxes
    assert not _overlap(boxes["legend"], boxes["area"]), boxes  # nor does the legend hang over the plotted area
