"""The dashboard's questions, cached for the server process: a table opened once per file version
(st.cache_resource), its filter choices, and the small answers a view asks (st.cache_data). The page
(dashboard.py) asks them. Every answer is keyed by the table version, the view and the filter's URL form
(the connection and the filter object itself are not hashed: they follow from those)."""

from __future__ import annotations

import streamlit as st

from events.app import figures, filters, queries, views

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
    """What the timeline draws for a table version, view, filter and lane: the counts, and the rows when
    they are few enough for points, else counts per bin and lane. Asked first: the timeline is drawn before
    the rest. Small, so a rerun that changes none of these redraws at once."""
    with _tables.connection() as con:
        summary = queries.summary(con, view, _f)
        few = summary["rows"] <= figures.MAX_POINTS
        return {
            "summary": summary,
            "rows": queries.rows(con, view, _f) if few else None,
            "binned": None if few else queries.counts(con, view, _f, lane, figures.bin_for(summary["low"], summary["high"])),
        }


# The page's other questions, each asked only when its part of the page is shown (a closed tab asks none).
QUESTIONS = {
    "per_type": lambda con, view, f, freq: queries.counts(con, view, f, "event_type", freq),
    "latest": lambda con, view, f, _: queries.rows(con, view, f, limit=MAX_TABLE_ROWS, latest=True),
    "places": lambda con, view, f, _: queries.places(con, view, f),
    "published": lambda con, view, f, _: queries.published_bounds(con),
}


@st.cache_data(max_entries=192, show_spinner=False)
def asked(question: str, table_key: tuple, view: str, query: tuple, _tables: views.Tables, _f: filters.EventFilter, freq: str = ""):
    """One of QUESTIONS' answers for a table version, view and filter: small, so kept."""
    with _tables.connection() as con:
        return QUESTIONS[question](con, view, _f, freq)


def strip_counts(answer: dict, lane: str, table_key: tuple, view: str, query: tuple, tables: views.Tables, f: filters.EventFilter):
    """The summary strip's bins and its counts per bin and event type: the timeline's own counts when it
    shows the same (lanes by event type, in the same bins), else asked."""
    summary = answer["summary"]
    freq = figures.strip_bin(summary["low"], summary["high"])
    if answer["binned"] is not None and lane == "event_type" and figures.bin_for(summary["low"], summary["high"]) == freq:
        return freq, answer["binned"]
    return freq, asked("per_type", table_key, view, query, tables, f, freq)


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
