"""The dashboard's pure functions: filters and their URL round trip, figures, details, downloads."""

import io
import json
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sample_reports import THREE_REPORTS

from events.app import downloads, figures, filters
from events.app.detail import detail_html
from events.coding.extraction import extract_frame
from events.reading.articles import Article, read_paths

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def frame():
    return extract_frame(read_paths([ROOT / "seeds"]))


def test_filters_narrow(frame):
    only = filters.apply(frame, filters.EventFilter(event_types=("missile_test",)))
    assert set(only.event_type) == {"missile_test"}
    usa = filters.apply(frame, filters.EventFilter(actors=("USA",)))
    assert all("USA" in codes.split(";") for codes in usa.actor_codes)
    months = filters.apply(frame, filters.EventFilter(precisions=("month",)))
    assert set(months.date_precision) == {"month"}
    text = filters.apply(frame, filters.EventFilter(text="busan"))
    assert len(text) and all("Busan" in s for s in text.sentence)
    dated = filters.apply(frame, filters.EventFilter(date_from=date(2023, 9, 1), date_to=date(2023, 9, 30)))
    assert "summit_meeting" in set(dated.event_type) and "nuclear_test" not in set(dated.event_type)
    assert len(filters.apply(frame, filters.EventFilter())) == len(frame)


LISTS = st.lists(st.sampled_from(["PRK", "USA", "KOR", "missile_test", "a b", "x-y"]), max_size=3, unique=True).map(tuple)


@settings(max_examples=100, deadline=None)
@given(actors=LISTS, types=LISTS, d1=st.one_of(st.none(), st.dates()), text=st.text(alphabet="abc ,&=", max_size=10))
def test_query_round_trip(actors, types, d1, text):
    f = filters.EventFilter(actors=tuple(a for a in actors if "," not in a), event_types=types, date_from=d1, text=text.strip())
    back = filters.from_query(filters.to_query(f))
    assert back == f


def test_bad_query_values_are_ignored():
    f = filters.from_query({"from": "not-a-date", "event_types": "missile_test,,", "q": ""})
    assert f.date_from is None and f.event_types == ("missile_test",)


def test_timeline_points_bars_and_undated_lane(frame):
    fig = figures.timeline_figure(frame)
    kinds = {(t.type, getattr(t.marker, "symbol", None)) for t in fig.data}
    assert ("scattergl", None) in kinds  # day precision: points
    assert any(t.type == "bar" for t in fig.data)  # month/year ranges: bars
    assert any(t.type == "scattergl" and t.marker.symbol == "circle-open" for t in fig.data)  # undated: hollow
    undated = [t for t in fig.data if t.type == "scattergl" and t.marker.symbol == "circle-open"]
    assert all(set(t.y) == {figures.UNDATED_LANE} for t in undated)
    ids = {i for t in fig.data for i in t.customdata}
    assert ids == set(frame.event_id)


@pytest.fixture(scope="module")
def seed_tables(frame):
    from events.app import views

    return views.merged(frame)


def test_counts_add_up_in_every_bin_lane_and_view(seed_tables, frame):
    from events.app import queries

    with seed_tables.connection() as con:
        for view in ("stories", "reports"):
            total = queries.summary(con, view, filters.EventFilter())["rows"]
            assert total == (len(frame) if view == "reports" else 19)
            for lane in figures.LANE_FIELDS:
                for freq in ("D", "W", "MS", "YS"):
                    table = queries.counts(con, view, filters.EventFilter(), lane, freq)
                    assert table.events.sum() == total, (view, lane, freq)
                    if freq == "W":
                        assert (table["when"].dt.day_of_week == 0).all()  # weeks from Monday
        actor_lanes = set(queries.counts(con, "reports", filters.EventFilter(), "actor_codes", "MS").lane)
    assert actor_lanes == set(figures._lane_values(frame, "actor_codes"))  # SQL and points name lanes alike
    fig = figures.counts_figure(table)
    assert all(t.type == "bar" for t in fig.data) and sum(sum(t.y) for t in fig.data) == total


def test_a_store_counts_its_stories_as_the_merged_frame_does(seed_tables, tmp_path):
    # a store filters and counts stories in its narrow stories table (the headline report's columns are
    # joined only for a lane it does not keep); the answers are those of the whole rows
    from events.app import queries, views
    from events.reading.articles import read_paths
    from events.store.database import connect, ingest

    con = connect(tmp_path / "s.duckdb")
    ingest(con, read_paths([ROOT / "seeds"]))
    con.close()
    store = views.load(tmp_path / "s.duckdb")
    asked = [filters.EventFilter(), filters.EventFilter(event_types=("missile_test", "statement")), filters.EventFilter(text="satellite"),
             filters.EventFilter(date_from=date(2023, 11, 1), date_to=date(2023, 12, 31), actors=("PRK",))]
    def summary(con, f):  # a store's dates are dates, a frame's timestamps
        return {k: pd.Timestamp(v) if isinstance(v, date) else v for k, v in queries.summary(con, "stories", f).items()}

    with store.connection() as on_store, seed_tables.connection() as in_memory:
        for f in asked:
            assert summary(on_store, f) == summary(in_memory, f), f
            for lane in figures.LANE_FIELDS:
                pd.testing.assert_frame_equal(queries.counts(on_store, "stories", f, lane, "MS"), queries.counts(in_memory, "stories", f, lane, "MS"))


def test_sql_filter_is_the_frame_filter(seed_tables, frame):
    from events.app import queries

    cases = [filters.EventFilter(event_types=("missile_test",)), filters.EventFilter(actors=("USA",), precisions=("month", "day")),
             filters.EventFilter(text="busan"), filters.EventFilter(date_from=date(2023, 9, 1), date_to=date(2023, 9, 30))]
    with seed_tables.connection() as con:
        for f in cases:
            assert set(queries.rows(con, "reports", f).event_id) == set(filters.apply(frame, f).event_id)


def test_counts_bin_by_span():
    assert figures.bin_for(pd.Timestamp("2020-01-01"), pd.Timestamp("2020-02-01")) == "D"
    assert figures.bin_for(pd.Timestamp("2020-01-01"), pd.Timestamp("2021-06-01")) == "W"
    assert figures.bin_for(pd.Timestamp("2005-01-01"), pd.Timestamp("2020-01-01")) == "MS"
    assert figures.bin_for(date(1990, 1, 1), date(2024, 1, 1)) == "YS"
    assert figures.strip_bin(date(2015, 1, 1), date(2024, 12, 31)) == "MS"  # ten years: 120 months
    assert figures.strip_bin(date(1990, 1, 1), date(2024, 1, 1)) == "YS"
    assert figures.month_bars(None, "YS").layout.xaxis.tickformat == "%Y"


def test_map_has_located_events(seed_tables, frame):
    from events.app import queries

    with seed_tables.connection() as con:
        places = queries.places(con, "reports", filters.EventFilter())
    assert places.n.sum() == frame.latitude.notna().sum() > 0
    fig = figures.map_figure(places)
    assert sum(len(t.lat) for t in fig.data) == len(places)
    # Plotly's own geography, drawn in the browser: no tile server, so the map works offline
    assert {t.type for t in fig.data} == {"scattergeo"} and fig.layout.map.style is None


HOSTILE = 'North Korea fired a missile on Monday. <script>window.__xss=1</script><img src=x onerror="window.__xss=2"> =HYPERLINK("http://evil")'


@pytest.fixture(scope="module")
def hostile():
    article = Article(id="hostile", title="<b>bold</b> title", text=HOSTILE, published=date(2023, 12, 28), source="test", url="javascript:alert(1)", published_from="user")
    return extract_frame([article])


def test_detail_escapes_article_html(hostile):
    html = detail_html(hostile.iloc[0])
    assert "<script>" not in html and "<img" not in html and "<b>bold" not in html
    assert "&lt;script&gt;" in html
    assert 'href="javascript' not in html
    assert '<mark class="weapon">missile</mark>' in html and '<mark class="time">Monday</mark>' in html


def test_csv_download_neutralises_formulas(frame):
    evil = frame.copy()
    evil.loc[evil.index[0], "title"] = '=HYPERLINK("http://evil")'
    evil.loc[evil.index[1], "actors"] = "+1+1"
    evil.loc[evil.index[2], "weapon"] = "@SUM(A1)"
    evil.loc[evil.index[3], "source"] = "-2"
    data = downloads.csv_bytes(evil).decode("utf-8")
    back = pd.read_csv(io.StringIO(data), dtype=str, keep_default_na=False)
    assert back.loc[0, "title"].startswith("'=") and back.loc[1, "actors"].startswith("'+")
    assert back.loc[2, "weapon"].startswith("'@") and back.loc[3, "source"].startswith("'-")
    assert list(back.columns[:3]) == ["event_id", "article_id", "event_type"]
    assert back.loc[0, "date_start"] == "" or len(back.loc[0, "date_start"]) == 10


def test_other_downloads(frame, tmp_path):
    (tmp_path / "e.parquet").write_bytes(downloads.parquet_bytes(frame))
    assert len(pd.read_parquet(tmp_path / "e.parquet")) == len(frame)
    assert len(downloads.jsonl_bytes(frame).decode().splitlines()) == len(frame)


def test_timelinejs(frame, hostile):
    story = json.loads(downloads.timelinejs_bytes(frame))
    assert story["title"]["text"]["headline"] == "Eventline"
    dated = frame[frame.date_start.notna()]
    assert len(story["events"]) == len(dated)
    slide = next(e for e in story["events"] if "Hwasong-18" in e["text"]["headline"])
    assert slide["start_date"] == {"year": 2023, "month": 11} and slide["end_date"] == {"year": 2023, "month": 11}
    text = json.dumps(downloads.timelinejs(hostile))
    assert "<script>" not in text


# --- the stories view: three articles, three sources, one Hwasong-14 launch ---------------------------------


@pytest.fixture(scope="module")
def told_thrice():
    from events.app import views

    articles = THREE_REPORTS
    return views.merged(extract_frame(articles))


def _ask(tables, question, *args):
    with tables.connection() as con:
        return question(con, *args)


def _stories(tables, f=None):
    from events.app import queries

    return _ask(tables, queries.rows, "stories", f or filters.EventFilter())


def _launch(tables):
    stories = _stories(tables)
    return stories[stories.event_type == "missile_test"].iloc[0]


def test_a_story_gathers_its_reports_newest_first(told_thrice):
    from events.app import queries

    story = _launch(told_thrice)
    assert (story.n_reports, story.n_sources, story.weapon, story.date_precision) == (3, 3, "Hwasong-14", "day")
    reports = _ask(told_thrice, queries.reports_of, story.story_id)
    assert list(reports.article_id) == ["a3", "a2", "a1"]
    assert list(reports.reason)[-1] == "first report"


def test_story_filters_use_every_source_and_report(told_thrice):
    from events.app import queries

    by_source = _stories(told_thrice, filters.EventFilter(sources=("Yonhap",)))
    assert list(by_source.story_id) == [_launch(told_thrice).story_id]  # Yonhap is not the headline's source
    condemned = _stories(told_thrice, filters.EventFilter(text="Condemned"))
    assert list(condemned.story_id) == [_launch(told_thrice).story_id]  # a report's sentence, not the headline's
    assert list(_ask(told_thrice, queries.rows, "reports", filters.EventFilter(text="condemned")).article_id) == ["a2"]
    assert _stories(told_thrice, filters.EventFilter(text="no such words")).empty
    summary = _ask(told_thrice, queries.summary, "stories", filters.EventFilter(event_types=("missile_test",)))
    assert (summary["rows"], summary["told"]) == (1, 3)


def test_story_timeline_sizes_points_by_reports(told_thrice):
    fig = figures.timeline_figure(_stories(told_thrice))
    launch = _launch(told_thrice)
    trace = next(t for t in fig.data if t.customdata is not None and launch.story_id in list(t.customdata))
    sizes = dict(zip(trace.customdata, trace.marker.size if hasattr(trace.marker.size, "__len__") else [trace.marker.size] * len(trace.customdata)))
    assert sizes[launch.story_id] > figures.POINT_SIZE
    assert "3 reports, 3 sources" in "".join(trace.hovertext)
    from events.app import queries

    reports_fig = figures.timeline_figure(_ask(told_thrice, queries.rows, "reports", filters.EventFilter()))
    assert all(t.marker.size in (None, figures.POINT_SIZE) for t in reports_fig.data if t.type == "scattergl")


def test_story_detail_lists_reports_and_escapes(told_thrice):
    from events.app import queries
    from events.app.detail import story_html

    story = _launch(told_thrice)
    html = story_html(story, _ask(told_thrice, queries.reports_of, story.story_id))
    assert html.count('class="event-detail"') == 3
    assert html.index("Last week") < html.index("earlier this week") < html.index("news agency said")  # newest first
    assert "3 reports from 3 sources" in html and "KCNA, Yonhap, Reuters" in html
    assert "<i>Reactions" not in html and "&lt;i&gt;Reactions" in html


def test_story_download_has_the_story_columns(told_thrice):
    from events.coding.schema import story_columns

    rows = list(__import__("csv").DictReader(io.StringIO(downloads.csv_bytes(_stories(told_thrice)).decode())))
    assert list(rows[0]) == story_columns()
    assert {r["n_reports"] for r in rows} == {"3", "1"}


# (view, filter) asked of the overview (events/app/overview.py): its one reading of the rows answers what
# the separate questions do (spans of decades, binned by year; of weeks, binned by day from the rows)
OVERVIEW_ASKED = [
    ("stories", filters.EventFilter()),
    ("reports", filters.EventFilter()),
    ("stories", filters.EventFilter(event_types=("missile_test", "statement"))),
    ("stories", filters.EventFilter(text="satellite")),
    ("reports", filters.EventFilter(text="kim")),
    ("stories", filters.EventFilter(date_from=date(2023, 11, 1), date_to=date(2023, 12, 31), actors=("PRK",))),
    ("reports", filters.EventFilter(date_from=date(2023, 12, 1), date_to=date(2023, 12, 31))),
    ("stories", filters.EventFilter(text="no such words")),
]


@pytest.fixture(scope="module")
def seed_store(tmp_path_factory):
    from events.app import views
    from events.store.database import connect, ingest

    db = tmp_path_factory.mktemp("seeds") / "s.duckdb"
    con = connect(db)
    ingest(con, read_paths([ROOT / "seeds"]))
    con.close()
    return views.load(db)


def _as_days(summary: dict) -> dict:
    # a store's bounds are dates, a frame's timestamps at midnight: the same days
    return {k: pd.Timestamp(v) if isinstance(v, date) else v for k, v in summary.items()}


@pytest.mark.parametrize("where", ["store", "table file"])
@pytest.mark.parametrize("view,f", OVERVIEW_ASKED)
def test_one_reading_of_the_rows_answers_the_summary_the_timeline_and_the_strip(seed_store, seed_tables, monkeypatch, where, view, f):
    from events.app import overview, queries

    tables = seed_store if where == "store" else seed_tables
    with tables.connection() as con:
        expected = queries.summary(con, view, f)
        for lane in figures.LANE_FIELDS:
            months = overview.monthly(con, view, f, lane)
            for freq in overview.FROM_MONTHS:
                pd.testing.assert_frame_equal(overview.rolled_up(months, "lane", freq), queries.counts(con, view, f, lane, freq))
                pd.testing.assert_frame_equal(overview.rolled_up(months, "event_type", freq), queries.counts(con, view, f, "event_type", freq))
            monkeypatch.setattr(figures, "MAX_POINTS", 0)  # counts, not points, whatever the rows
            answer = overview.overview(con, view, f, lane)
            assert _as_days(answer["summary"]) == _as_days(expected)
            freq = figures.bin_for(expected["low"], expected["high"])
            if expected["rows"]:  # none: no counts to draw
                pd.testing.assert_frame_equal(answer["binned"], queries.counts(con, view, f, lane, freq))
            strip = figures.strip_bin(expected["low"], expected["high"])
            assert answer["strip"][0] == strip
            pd.testing.assert_frame_equal(answer["strip"][1], queries.counts(con, view, f, "event_type", strip))
            monkeypatch.undo()
        few = overview.overview(con, view, f)
        assert (few["rows"] is None) == (expected["rows"] > figures.MAX_POINTS)
        if few["rows"] is not None:
            assert list(few["rows"][queries.ID_COLUMN[view]]) == list(queries.rows(con, view, f)[queries.ID_COLUMN[view]])


def test_a_store_answers_at_most_query_slots_queries_at_once(tmp_path):
    # more at once would share the store's memory cap and fail for want of memory (seen with 20 sessions)
    import threading
    import time

    from events.app import views
    from events.store.database import connect

    connect(tmp_path / "s.duckdb").close()
    tables = views.Tables(path=tmp_path / "s.duckdb")
    inside, most, lock = [0], [0], threading.Lock()

    def ask():
        with tables.connection() as con:
            with lock:
                inside[0] += 1
                most[0] = max(most[0], inside[0])
            con.execute("SELECT count(*) FROM events").fetchone()
            time.sleep(0.05)
            with lock:
                inside[0] -= 1

    threads = [threading.Thread(target=ask) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert most[0] == views.QUERY_SLOTS


@given(st.lists(st.lists(st.text(min_size=1), max_size=4).map(tuple), min_size=len(filters.LIST_FIELDS), max_size=len(filters.LIST_FIELDS)))
def test_filter_values_round_trip_through_the_url_whatever_they_contain(lists):
    # a value with a comma ("Korea, Republic of"), a backslash or a line break comes back whole
    f = filters.EventFilter(**dict(zip(filters.LIST_FIELDS, lists)))
    assert filters.from_query(filters.to_query(f)) == f


def test_the_detail_keeps_names_with_apostrophes_whole():
    from events.app.detail import detail_html, story_html

    row = {"actors": "Workers' Party of Korea;Korean People's Army", "sentence": "The KPA fired.", "event_type": "missile_test", "date_start": None, "date_end": None,
           "date_precision": "undated", "date_basis": "undated", "status": "occurred", "weapon": "", "weapon_class": "", "location": "", "url": "", "title": "t",
           "source": "s", "published": None, "published_from": "metadata", "time_text": "", "timex": "", "rule": "", "actor_codes": "PRK-WPK;PRK-KPA", "article_id": "a", "event_id": "e"}
    html_text = detail_html(row)
    assert "Workers&#x27; Party of Korea, Korean People&#x27;s Army" in html_text
    story = {**row, "story_id": "s1", "n_reports": 2, "n_sources": 2, "sources": "Rodong Sinmun;Minju Joson", "first_reported": None, "last_reported": None,
             "date_conflict": False, "date_readings": ""}
    assert "Workers&#x27; Party of Korea, Korean People&#x27;s Army" in story_html(story, pd.DataFrame())


def test_actors_are_shown_by_name_and_a_state_brings_its_people_and_bodies(frame):
    assert filters.actor_label("PRK") == "North Korea (PRK)"
    assert filters.actor_label("PRK-KJU") == "Kim Jong Un (PRK-KJU)"
    assert filters.actor_label("ZZZ") == "ZZZ"  # a code the vocabulary does not know stays itself
    assert {"PRK-KJU", "KPA"} <= set(filters.with_members(["PRK"])) and "USA-DJT" not in filters.with_members(["PRK"])
    only_kim = frame.copy()
    only_kim["actor_codes"] = "PRK-KJU"
    assert len(filters.apply(only_kim, filters.EventFilter(actors=("PRK",)))) == len(only_kim)
    assert len(filters.apply(only_kim, filters.EventFilter(actors=("USA",)))) == 0


def test_an_event_type_keeps_its_declared_colour_in_every_view(frame):
    from events.coding.vocab import vocabulary

    declared = {t.name: t.colour for t in vocabulary().event_types}
    assert len(set(declared.values())) == len(declared)  # distinct for all types

    def colours(fig) -> dict[str, str]:
        return {tr.legendgroup or tr.name: tr.marker.color for tr in fig.data}

    whole = colours(figures.timeline_figure(frame))
    missile_only = colours(figures.timeline_figure(frame[frame.event_type.isin(["missile_test", "statement"])]))
    assert whole["missile_test"] == missile_only["missile_test"] == declared["missile_test"]
    table = pd.DataFrame({"when": pd.to_datetime(["2023-11-01", "2023-12-01"]), "lane": ["missile_test", "summit_meeting"], "events": [1, 2]})
    bars = {tr.name: tr.marker.color for tr in figures.month_bars(table).data}
    assert bars == {"missile_test": declared["missile_test"], "summit_meeting": declared["summit_meeting"]}
    assert figures.month_bars(table).layout.showlegend  # the summary chart has a legend
    # another field's values keep theirs too, whatever else is shown
    by_actor = figures._colours(["PRK", "USA"], "actor_codes")
    assert figures._colours(["USA"], "actor_codes")["USA"] == by_actor["USA"]


def test_the_timeline_draws_dated_rows_unless_undated_ones_are_asked_for(frame):
    drawn, hidden = figures.drawn_rows(frame, undated=False)
    assert drawn.date_start.notna().all() and hidden == int(frame.date_start.isna().sum()) > 0
    everything, none_hidden = figures.drawn_rows(frame, undated=True)
    assert len(everything) == len(frame) and none_hidden == 0


def test_the_timeline_opens_on_the_publication_period_and_counts_what_lies_outside(frame):
    span = figures.window(date(2016, 1, 1), date(2017, 12, 31))
    assert span[0] < pd.Timestamp("2016-01-01") and span[1] > pd.Timestamp("2017-12-31")
    assert span[1] - span[0] < pd.Timedelta(days=2 * 365 + 2 * 62 + 2)  # padded a little (two months), not to every date mentioned
    assert figures.window(date(2016, 1, 1), date(2017, 12, 31), date(2017, 7, 1), date(2017, 9, 30)) == (pd.Timestamp("2017-07-01"), pd.Timestamp("2017-10-01"))
    assert figures.window(None, None) is None
    seed_span = figures.window(date(2023, 12, 28), date(2023, 12, 28))
    before, after = figures.outside(frame, seed_span)
    assert before > 0  # the seed mentions the 1990s and earlier years
    fig = figures.timeline_figure(frame, span=seed_span)
    assert tuple(pd.Timestamp(x) for x in fig.layout.xaxis.range) == seed_span


def test_the_table_puts_the_wanted_columns_first_and_gives_undated_rows_no_dates(frame):
    from events.app import views

    listed = views.table_rows(frame, "reports")
    assert list(listed.columns[:6]) == ["date_start", "date_end", "event_type", "actors", "weapon", "title"]
    undated = frame.date_start.isna()
    assert undated.any() and listed.loc[undated, "date_end"].isna().all()
    assert listed.loc[~undated, "date_end"].notna().all()


def test_the_timelinejs_story_says_what_it_left_out(frame):
    story = downloads.timelinejs(frame)
    left_out = int(frame.date_start.isna().sum())
    assert left_out and f"{left_out} undated ones left out" in story["title"]["text"]["text"]
    assert len(story["events"]) == len(frame) - left_out


# date filter (first, last day as the page passes it to figures.window) -> tick every N days, or None: Plotly's choice
DAY_TICK_ROWS = [
    ((date(2017, 7, 1), date(2017, 7, 7)), 1),  # a week: every day
    ((date(2017, 7, 1), date(2017, 7, 16)), 1),  # 16 days in the window
    ((date(2017, 7, 1), date(2017, 7, 17)), 2),  # 17 days
    ((date(2017, 3, 1), date(2017, 3, 21)), 2),  # three weeks: Plotly's own ticks were a week apart on a phone
    ((date(2017, 7, 1), date(2017, 8, 4)), 2),  # five weeks: 35 days
    ((date(2017, 7, 1), date(2017, 8, 5)), 7),  # 36 days: a tick a week, each naming its day
    ((date(2017, 7, 1), date(2017, 9, 30)), 7),  # a quarter: 92 days
    ((date(2017, 7, 1), date(2017, 10, 1)), None),  # longer: months or years, as Plotly picks them
    ((date(2016, 1, 1), date(2017, 12, 31)), None),
    ((date(1950, 1, 1), date(2099, 12, 31)), None),  # a century
    ((date(2017, 7, 4), date(2017, 7, 4)), 1),  # one day
]


@pytest.mark.parametrize("dates, every", DAY_TICK_ROWS, ids=[f"{d[0]}..{d[1]}" for d, _ in DAY_TICK_ROWS])
def test_a_window_of_a_few_weeks_has_day_ticks(dates, every):
    span = figures.window(None, None, *dates)
    ticks = figures.date_ticks(span)
    if every is None:
        assert ticks == {}
        return
    assert ticks == {"tick0": dates[0].isoformat(), "dtick": every * 86_400_000}
    axis = figures.timeline_figure(pd.DataFrame(columns=[*extract_frame([]).columns]), span=span).layout.xaxis
    assert (axis.tick0, axis.dtick) == (dates[0].isoformat(), every * 86_400_000)


def test_the_publication_period_and_no_window_leave_ticks_to_plotly():
    assert figures.date_ticks(None) == {}
    assert figures.date_ticks(figures.window(date(2023, 12, 28), date(2023, 12, 28))) == {}  # padded two months a side
    assert figures.date_ticks((pd.NaT, pd.Timestamp("2017-01-01"))) == {}


def test_the_stores_filter_choices_are_the_tables(tmp_path):
    """The filter choices the page asks of a store (queries.options, a ;-joined column's distinct values
    split) are those of its event table (filters.options, each row split)."""
    from events.app import queries, views
    from events.store.database import ingest

    store = tmp_path / "s.duckdb"
    ingest(store, THREE_REPORTS)
    frame = extract_frame(THREE_REPORTS)
    assert any(";" in codes for codes in frame.actor_codes)  # several actors in one row: the split counts
    with views.load(store).connection() as con:
        assert queries.options(con) == filters.options(frame)
