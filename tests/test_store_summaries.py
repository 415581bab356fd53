"""The summaries a store keeps for the dashboard's first page (events/store/summaries.py): on stores made by
the ingest in several ways (the rows: a case's name and its ingests), what the page reads from them (the
timeline's and strip's counts of both views, the summary, the filter choices, the date bounds) is what the
same questions asked of the rows answer, and a store written since its summaries were made is asked live."""

from datetime import date

import pandas as pd
import pytest
from sample_reports import THREE_REPORTS

from events.app import filters, overview, queries, views
from events.reading.articles import Article
from events.store import summaries
from events.store.database import connect, ingest, merge_stories


def _article(aid: str, day: str, text: str, source: str = "Wire") -> Article:
    return Article(id=aid, title=aid, text=text, published=date.fromisoformat(day), source=source, url=f"https://example.org/{aid}", published_from="user")


LAUNCH = _article("k1", "2017-07-05", "North Korea launched a Hwasong-14 intercontinental ballistic missile on July 4, the agency said.", "KCNA")
# a later mention with no time of its own: the ingest dates it by the story it names (its row changes in place)
LATER = _article("k9", "2017-07-20", "Pyongyang, July 20 (KCNA) -- A mass rally hailed the successful test-fire of the ICBM Hwasong-14.", "KCNA")
WEATHER = _article("w1", "2017-07-07", "Moscow talked about the weather.", "Tass")
CHANGED = Article(**{**THREE_REPORTS[1].__dict__, "text": "South Korea denounced North Korea's missile launch on Tuesday and held drills last month."})
NUCLEAR = [
    _article("n4", "2016-01-07", "North Korea conducted its fourth nuclear test on Wednesday, January 6, 2016."),
    _article("n6", "2017-09-04", "North Korea conducted a nuclear test on Sunday, September 3, 2017."),
    _article("m1", "2017-12-01", "The UN Security Council met after North Korea's sixth nuclear test drew condemnation.", "UN"),
]

# (case, the ingests one after another; "rebuild": `events merge --rebuild` then)
CASES = [
    ("one ingest", [THREE_REPORTS]),
    ("two ingests whose stories merge", [THREE_REPORTS[:1], THREE_REPORTS[1:]]),
    ("a replaced article", [THREE_REPORTS, [CHANGED]]),
    ("a later mention dated by the story it names", [[LAUNCH], [LATER]]),
    ("an ordinal mention dated from an anchor, then a rebuild", [NUCLEAR[:2], NUCLEAR[2:], "rebuild"]),
    ("an article with no event", [[WEATHER]]),
    ("several at once, with no event among them", [THREE_REPORTS + [LAUNCH, LATER, WEATHER] + NUCLEAR]),
]


def _store(tmp_path, steps) -> object:
    db = tmp_path / "s.duckdb"
    for step in steps:
        if step == "rebuild":
            con = connect(db)
            merge_stories(con, rebuild=True)
            con.close()
        else:
            ingest(db, step)
    return db


# the filters the summaries answer: none (the first page), and event types alone (they are counted per type)
KEPT_FILTERS = [filters.EventFilter(), filters.EventFilter(event_types=("missile_test", "statement")), filters.EventFilter(event_types=("nuclear_test",)),
                filters.EventFilter(event_types=("no_such_type",))]


def _page(con) -> dict:
    """What the first page asks of a store, both views, and a filter change of event types, as comparable values."""
    out = {"options": queries.options(con), "dates": queries.date_bounds(con), "published": queries.published_bounds(con)}
    for view in views.VIEWS:
        for n, f in enumerate(KEPT_FILTERS):
            answer = overview.overview(con, view, f)
            out[view, n] = {"summary": answer["summary"], "strip": (answer["strip"][0], _rows(answer["strip"][1])),
                            "binned": None if answer["binned"] is None else _rows(answer["binned"]),
                            "rows": None if answer["rows"] is None else sorted(answer["rows"][queries.ID_COLUMN[view]]),
                            "months": _rows(overview.monthly(con, view, f))}
    return out


def _rows(frame: pd.DataFrame) -> list:
    return sorted(frame.astype(str).itertuples(index=False, name=None))


@pytest.mark.parametrize("case,steps", CASES, ids=[c for c, _ in CASES])
def test_the_summaries_answer_what_the_rows_answer(tmp_path, case, steps, monkeypatch):
    db = _store(tmp_path, steps)
    with views.load(db).connection() as con:
        assert summaries.current(con), case
        kept = _page(con)
        monkeypatch.setattr(summaries, "current", lambda con: False)  # every question asked of the rows
        asked = _page(con)
    assert kept == asked


def test_a_store_written_since_its_summaries_is_asked_live(tmp_path):
    db = _store(tmp_path, [THREE_REPORTS])
    con = connect(db)
    # a write that does not make the summaries again (a window of an ingest still running, another writer)
    con.execute("DELETE FROM stories WHERE story_id = (SELECT min(story_id) FROM stories)")
    con.close()
    with views.load(db).connection() as con:
        assert not summaries.current(con)
        stories = con.execute("SELECT count(*) FROM stories").fetchone()[0]
        assert overview.overview(con, "stories", filters.EventFilter())["summary"]["rows"] == stories


def test_a_store_without_summaries_is_asked_live(tmp_path):
    # a store of version 7, opened to read: no summary tables
    db = _store(tmp_path, [THREE_REPORTS])
    con = connect(db)
    for table in (summaries.MONTHS, summaries.CHOICES, summaries.BOUNDS_TABLE, summaries.STAMP):
        con.execute(f"DROP TABLE {table}")
    con.close()
    with views.load(db).connection() as con:
        assert not summaries.current(con)
        assert overview.overview(con, "reports", filters.EventFilter())["summary"]["told"] == 3


def test_a_rerun_that_adds_nothing_keeps_the_summaries(tmp_path):
    db = _store(tmp_path, [THREE_REPORTS, THREE_REPORTS])
    with views.load(db).connection() as con:
        assert summaries.current(con)


def test_the_choices_kept_are_the_filters_columns():
    assert set(summaries.CHOICE_COLUMNS) == set(filters.COLUMN_OF.values())
    assert {c for c, multi in summaries.CHOICE_COLUMNS.items() if multi} == filters.MULTI_VALUED & set(filters.COLUMN_OF.values())
