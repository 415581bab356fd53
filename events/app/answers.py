"""The dashboard's questions, cached for the server process: a table opened once per file version
(st.cache_resource), its filter choices, and the small answers a view asks (st.cache_data). The page
(dashboard.py) asks them. Every answer is keyed by the table version, the view and the filter's URL form
(the connection and the filter object itself are not hashed: they follow from those)."""

from __future__ import annotations

import streamlit as st

from events.app import filters, overview, queries, views

# The table tab shows at most this many rows (the downloads hold them all): a browser grid of a million
# rows is neither readable nor fast.
MAX_TABLE_ROWS = 5000


@st.cache_resource(show_spinner="Loading events ...")
def load(path: str, mtime: float) -> views.Tables:
    """The table, opened once per process and file version (a store is queried where it lies)."""
    return views.load(path)


def choices_of(tables: views.Tables) -> tuple[dict[str, list[str]], tuple]:
    with tables.connection() as con:
        return queries.options(con), queries.date_bounds(con)


@st.cache_resource
def choices(path: str, mtime: float) -> tuple[dict[str, list[str]], tuple]:
    """The filter choices and date bounds of a table version: asked once."""
    return choices_of(load(path, mtime))


@st.cache_data(max_entries=64, show_spinner=False)
def timeline(table_key: tuple, view: str, query: tuple, lane: str, _tables: views.Tables, _f: filters.EventFilter) -> dict:
    """What the timeline and the summary strip draw for a table version, view, filter and lane: the counts,
    the rows when they are few enough for points, else counts per bin and lane, and the strip's counts per
    bin and type. Asked first: the timeline is drawn before the rest. Small, so a rerun that changes none of
    these redraws at once."""
    with _tables.connection() as con:
        # the summary, the timeline's counts and the strip's from one reading of the rows (events/app/overview.py)
        return overview.overview(con, view, _f, lane)


# The page's other questions, each asked only when its part of the page is shown (a closed tab asks none).
QUESTIONS = {
    "latest": lambda con, view, f, _: queries.rows(con, view, f, limit=MAX_TABLE_ROWS, latest=True),
    "places": lambda con, view, f, _: queries.places(con, view, f),
    "published": lambda con, view, f, _: queries.published_bounds(con),
}


@st.cache_data(max_entries=192, show_spinner=False)
def asked(question: str, table_key: tuple, view: str, query: tuple, _tables: views.Tables, _f: filters.EventFilter, freq: str = ""):
    """One of QUESTIONS' answers for a table version, view and filter: small, so kept."""
    with _tables.connection() as con:
        return QUESTIONS[question](con, view, _f, freq)


def all_rows(tables: views.Tables, view: str, f: filters.EventFilter):
    with tables.connection() as con:
        return queries.rows(con, view, f)


UNDATED_KEY = "undated"  # the URL's "undated=1": undated rows drawn on the timeline too


def url_query(f: filters.EventFilter, view: str, undated: bool = False) -> dict[str, str]:
    """A view and filter as the page's URL holds them (and whether undated rows are drawn)."""
    return {**filters.to_query(f), **views.view_query(view), **({UNDATED_KEY: "1"} if undated else {})}


def undated_from_query(params) -> bool:
    return str(params.get(UNDATED_KEY) or "") == "1"


def query_key(query: dict[str, str]) -> tuple:
    """A view and filter as the answers' key: their URL form (``url_query``), sorted."""
    return tuple(sorted(query.items()))
