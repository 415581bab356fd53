"""The Streamlit page through AppTest: it loads the table as stories (the default) or reports, filters change
the counts and the URL, a shared URL gives the same view, and a pasted article's events appear. The seed
article gives 20 event rows, merged into 19 stories (it tells of one event twice)."""

from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from events.coding.extraction import extract_frame
from events.reading.articles import read_paths
from events.store.tables import write

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def table(tmp_path, monkeypatch):
    path = tmp_path / "events.csv"
    write(extract_frame(read_paths([ROOT / "seeds"])), path)
    monkeypatch.setenv("EVENTLINE_DB", str(path))
    return path


def app(tab: str = "Timeline") -> AppTest:
    """The page with ``tab`` open (a tab's content is built only when it is open)."""
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.session_state["tab"] = tab
    return at


def charts(at) -> set[str]:
    """The keys of the page's Plotly charts (a chart's element id ends with its key)."""
    return {c.proto.id.rsplit("-", 1)[-1] for c in at.get("plotly_chart")}


def metric(at, label):
    return next(m.value for m in at.metric if m.label == label)


def test_page_loads_the_table_as_stories(table):
    at = app().run()
    assert not at.exception
    assert at.sidebar.radio(key="f_view").value == "stories"
    assert metric(at, "Stories") == "19"
    assert metric(at, "Reports") == "20"
    assert [t.label for t in at.tabs] == ["Timeline", "Table", "Map", "Add articles"]


def test_a_tab_is_built_when_opened(table):
    # the first paint is the timeline's: the table, the map and the article form wait for their tab
    at = app().run()
    assert charts(at) == {"month_bars", "timeline"} and not at.dataframe and not at.get("file_uploader")
    at = app("Table").run()
    assert len(at.dataframe) == 1 and len(at.dataframe[0].value) == 19 and "map" not in charts(at)
    at = app("Map").run()
    assert "map" in charts(at) and not at.dataframe
    at = app("Add articles").run()
    assert at.get("file_uploader") and not at.dataframe


def test_reports_view(table):
    at = app().run()
    at.sidebar.radio(key="f_view").set_value("reports").run()
    assert not at.exception
    assert metric(at, "Events") == "20"
    assert metric(at, "Articles") == "1"
    assert at.query_params["view"] in ("reports", ["reports"])
    shared = app()
    shared.query_params["view"] = "reports"
    assert metric(shared.run(), "Events") == "20"


def test_filter_changes_counts_and_url(table):
    at = app().run()
    at.sidebar.multiselect(key="f_event_types").set_value(["missile_test", "nuclear_test"]).run()
    assert metric(at, "Stories") == "2"
    assert at.query_params["event_types"] in ("missile_test,nuclear_test", ["missile_test,nuclear_test"])
    at.sidebar.text_input(key="f_text").set_value("Hwasong").run()
    assert metric(at, "Stories") == "1"
    assert at.query_params["q"] in ("Hwasong", ["Hwasong"])
    at.sidebar.radio(key="f_view").set_value("reports").run()
    assert metric(at, "Events") == "1"  # the filter holds across views


def test_a_table_too_big_to_merge_shows_reports(table, monkeypatch):
    from events.app import views

    monkeypatch.setattr(views, "MAX_MERGED_EVENTS", 10)
    at = app().run()
    assert not at.exception
    assert metric(at, "Events") == "20"
    assert any("too many to merge" in c.value for c in at.sidebar.caption)


def test_shared_url_gives_the_same_view(table):
    at = app()
    at.query_params["actors"] = "USA"
    at.query_params["precisions"] = "month"
    at.run()
    assert not at.exception
    assert at.sidebar.multiselect(key="f_actors").value == ["USA"]
    assert at.sidebar.multiselect(key="f_precisions").value == ["month"]
    n = int(metric(at, "Stories"))
    assert 0 < n < 19


def test_date_range_filter(table):
    at = app().run()
    at.sidebar.checkbox(key="f_use_dates").check().run()
    from datetime import date

    at.sidebar.date_input(key="f_dates").set_value((date(2023, 9, 1), date(2023, 9, 30))).run()
    assert not at.exception
    assert at.query_params["from"] in ("2023-09-01", ["2023-09-01"])
    assert int(metric(at, "Stories")) < 19


def test_the_counts_view_narrows_to_points_with_its_date_slider(table, monkeypatch):
    # over figures.MAX_POINTS in view the timeline shows counts, with a date slider above it; narrowing it
    # sets the sidebar's date range (and the URL's), and few enough events come back as points
    from datetime import date

    from events.app import answers, figures

    monkeypatch.setattr(figures, "MAX_POINTS", 16)
    answers.timeline.clear()
    try:
        at = app().run()
        assert not at.exception and charts(at) == {"month_bars", "timeline_counts"}
        (narrow,) = at.slider
        low, high = narrow.value
        assert low < date(2023, 12, 1) < high  # the whole span at first
        narrow.set_value((date(2023, 12, 1), high)).run()
        assert not at.exception
        assert at.sidebar.checkbox(key="f_use_dates").value and at.sidebar.date_input(key="f_dates").value == (date(2023, 12, 1), high)
        assert at.query_params["from"] in ("2023-12-01", ["2023-12-01"])
        assert int(metric(at, "Stories")) <= 16 and charts(at) == {"month_bars", "timeline"} and not at.slider
    finally:
        answers.timeline.clear()


def test_paste_an_article(table):
    at = app("Add articles").run()
    at.text_input(key="paste_title").set_value("Test launch")
    _paste(at, "North Korea fired an ICBM on Monday, Seoul said.", date(2024, 1, 3))
    assert int(metric(at, "Reports")) > 20
    at.sidebar.text_input(key="f_text").set_value("ICBM on Monday").run()
    at.sidebar.multiselect(key="f_event_types").set_value(["missile_test"]).run()
    assert metric(at, "Stories") == "1"  # the pasted article's launch, on the timeline with the rest


def test_missing_table_explains_what_to_do(tmp_path, monkeypatch):
    monkeypatch.setenv("EVENTLINE_DB", str(tmp_path / "none.csv"))
    at = app().run()
    assert not at.exception
    assert any("events extract" in i.value for i in at.info)


def test_page_reads_the_store(tmp_path, monkeypatch):
    from events.store.database import connect, ingest

    con = connect(tmp_path / "events.duckdb")
    ingest(con, read_paths([ROOT / "seeds"]))
    con.close()
    monkeypatch.setenv("EVENTLINE_DB", str(tmp_path / "events.duckdb"))
    at = app().run()
    assert not at.exception
    assert metric(at, "Stories") == "19"  # the stories the store keeps
    assert metric(at, "Reports") == "20"


def test_a_bad_table_is_reported_on_the_page(tmp_path, monkeypatch):
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b\n1,2\n", encoding="utf-8")
    monkeypatch.setenv("EVENTLINE_DB", str(bad))
    at = app().run()
    assert not at.exception
    assert any("not an event table" in e.value for e in at.error)


def _store(tmp_path, monkeypatch, merge=True):
    from events.store.database import connect, ingest

    db = tmp_path / "events.duckdb"
    con = connect(db)
    ingest(con, read_paths([ROOT / "seeds"]), merge=merge)
    con.close()
    monkeypatch.setenv("EVENTLINE_DB", str(db))
    return db


def test_an_article_pasted_on_a_store_goes_into_it(tmp_path, monkeypatch):
    from events.store.database import read_events, read_stories

    db = _store(tmp_path, monkeypatch)
    at = app("Add articles").run()
    _paste(at, "North Korea fired an ICBM on Monday, Seoul said.", date(2024, 1, 3))
    # two events (the launch and Seoul's statement), each a story of its own, in the store
    assert metric(at, "Stories") == "21" and metric(at, "Reports") == "22"
    assert len(read_events(db)) == 22 and len(read_stories(db)) == 21


def test_a_store_without_stories_shows_reports(tmp_path, monkeypatch):
    _store(tmp_path, monkeypatch, merge=False)
    at = app().run()
    assert not at.exception
    assert metric(at, "Events") == "20"
    assert any("events merge" in c.value for c in at.sidebar.caption)


def test_the_actor_filter_shows_names_and_a_state_narrows_to_its_own(table):
    at = app().run()
    actors = at.sidebar.multiselect(key="f_actors")
    assert "North Korea (PRK)" in actors.options  # typed "North Korea", the widget finds it
    before = metric(at, "Stories")
    actors.set_value(["PRK"]).run()
    assert not at.exception
    assert 0 < int(metric(at, "Stories")) < int(before)


def test_undated_rows_are_hidden_until_asked_for_and_the_choice_is_in_the_url(table):
    at = app().run()
    caption = " ".join(c.value for c in at.caption)
    assert "undated stories hidden" in caption and "hollow mark is undated" in caption
    at.sidebar.checkbox(key="f_undated").check().run()
    assert not at.exception
    assert at.query_params.get("undated") in ("1", ["1"])
    assert "hidden" not in " ".join(c.value for c in at.caption)


def test_the_first_view_lies_within_the_publication_period(table):
    import json

    at = app().run()
    spec = json.loads(next(c for c in at.get("plotly_chart") if c.proto.id.endswith("timeline")).proto.spec)
    low, high = (s[:10] for s in spec["layout"]["xaxis"]["range"])
    assert "2023-10-01" <= low <= "2023-11-01" and "2024-02-01" <= high <= "2024-03-31"  # the seed: 2023-12-28, two months either side
    assert "lie outside the period the articles were published in" in " ".join(c.value for c in at.caption)
    at.button(key="widen").click().run()
    spec = json.loads(next(c for c in at.get("plotly_chart") if c.proto.id.endswith("timeline")).proto.spec)
    assert "range" not in spec["layout"]["xaxis"] or spec["layout"]["xaxis"]["range"][0][:4] < "2023"


def test_a_paste_without_a_date_is_refused_and_the_message_stays_until_dismissed(table):
    at = app("Add articles").run()
    _paste(at, "North Korea fired an ICBM on Monday, Seoul said.")
    assert any("Give the publication date" in e.value for e in at.error)
    assert int(metric(at, "Reports")) == 20  # nothing stored undated
    at.sidebar.text_input(key="f_text").set_value("Monday").run()  # another rerun: the message is still there
    assert any("Give the publication date" in e.value for e in at.error)
    at.button(key="dismiss_messages").click().run()
    assert not any("Give the publication date" in e.value for e in at.error)


def test_a_paste_dated_by_its_dateline_says_the_date_was_read_from_the_text(table):
    at = app("Add articles").run()
    _paste(at, "PYONGYANG, January 3, 2024 (KCNA) -- North Korea fired a missile on Monday, officials said.")
    assert any("read from the text" in i.value for i in at.info)
    assert int(metric(at, "Reports")) > 20


# Adding the same text again with another publication date corrects its events (issue 22, item 6): the article id is
# a hash of the text, so the second paste replaces the first, dated from the new day. The text: the Monday before.
REDATED = "North Korea fired an ICBM on Monday, Seoul said."
REDATED_ROWS = [  # (first date, its Monday; second date, its Monday)
    (date(2024, 1, 3), date(2024, 1, 1), date(2024, 2, 7), date(2024, 2, 5)),
    (date(2017, 7, 5), date(2017, 7, 3), date(2017, 7, 4), date(2017, 7, 3)),  # a day earlier, the same Monday: still one copy
]


def _paste(at, text: str, day=None):
    """Paste a text on the Add articles tab (with its publication date, when given) and extract it."""
    at.text_area(key="paste_text").set_value(text)
    if day is not None:
        at.date_input(key="paste_date").set_value(day)
    (submit,) = [b for b in at.button if b.label == "Extract events"]
    submit.click().run()
    assert not at.exception


@pytest.mark.parametrize("first, first_monday, second, second_monday", REDATED_ROWS)
def test_the_same_text_pasted_again_with_another_date_corrects_its_events(table, first, first_monday, second, second_monday):
    at = app("Add articles").run()
    _paste(at, REDATED, first)
    assert int(metric(at, "Reports")) == 22  # the seed's 20 and the launch and Seoul's statement
    _paste(at, REDATED, second)
    assert int(metric(at, "Reports")) == 22  # replaced, not told twice
    at.sidebar.radio(key="f_view").set_value("reports").run()
    at.sidebar.text_input(key="f_text").set_value("ICBM on Monday").run()
    at.session_state["tab"] = "Table"
    at.run()
    (shown,) = at.dataframe
    assert not at.exception and len(shown.value) == 2
    assert set(pd.to_datetime(shown.value["date_start"]).dt.date) == {second_monday}


@pytest.mark.parametrize("first, first_monday, second, second_monday", REDATED_ROWS)
def test_the_same_text_added_to_a_store_with_another_date_corrects_its_events(tmp_path, first, first_monday, second, second_monday):
    from events.app import adding
    from events.store.database import connect, read_events

    db = tmp_path / "events.duckdb"
    connect(db).close()
    assert adding.add([adding.pasted_article(REDATED, "", first)], db).events == 2
    assert set(read_events(db).date_start.dt.date) == {first_monday}
    added = adding.add([adding.pasted_article(REDATED, "", second)], db)
    stored = read_events(db)
    assert added.events == 2 and len(stored) == 2
    assert set(stored.date_start.dt.date) == {second_monday} and set(stored.published.dt.date) == {second}
