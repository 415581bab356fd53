"""Eventline dashboard: lays out the page. Filtering, figures, details and downloads are pure functions in
the `events` package (filters, figures, detail, downloads); this file only places them.

Run: streamlit run dashboard.py [-- --db data/events.csv]
"""

from __future__ import annotations

import argparse
import os
import tempfile
from datetime import date
from pathlib import Path

import pandas as pd
import streamlit as st

from events import downloads, filters, figures, views
from events.articles import Article, Problem, read_paths, settle_date
from events.detail import detail_html, story_html
from events.extract import extract_frame

DEFAULT_TABLE = Path(__file__).parent / "data" / "events.duckdb"
PRECISION_ORDER = ["day", "week", "month", "quarter", "season", "half", "year", "decade", "century", "none", "undated"]


def table_path() -> Path:
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--db", default=os.environ.get("EVENTLINE_DB", str(DEFAULT_TABLE)))
    args, _ = parser.parse_known_args()
    return Path(args.db)


@st.cache_resource(show_spinner="Loading events ...")
def load(path: str, mtime: float) -> views.Tables:
    """The table's events and stories, read once per process and file version (never copied per rerun)."""
    return views.load(path)


@st.cache_resource
def table_options(path: str, mtime: float) -> dict[str, list[str]]:
    """The filter choices of a table, computed once per table version."""
    return filters.options(load(path, mtime).events)


# The table tab shows at most this many rows (the downloads hold them all): a browser grid of a million
# rows is neither readable nor fast.
MAX_TABLE_ROWS = 5000
TABLE_COLUMNS = {
    "stories": ["story_id", "event_type", "date_start", "date_end", "date_precision", "n_reports", "n_sources", "date_conflict", "actors", "weapon", "weapon_class", "location", "status", "title", "sources"],
    "reports": ["event_id", "event_type", "date_start", "date_end", "date_precision", "actors", "weapon", "weapon_class", "location", "status", "title", "source", "url"],
}


@st.cache_data(max_entries=64, show_spinner=False)
def view_counts(table_key: tuple, query: tuple, lane: str, _view: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    """Rows per month by type, and per bin and lane when the view is too big for points: small tables,
    kept per table version, view and filter, so a rerun that changes none of them redraws at once."""
    monthly = figures.counts(_view, "event_type", "MS") if len(_view) else None
    binned = figures.counts(_view, lane) if len(_view) > figures.MAX_POINTS else None
    return monthly, binned


def added_events() -> pd.DataFrame | None:
    return st.session_state.get("added")


def with_added(path: Path, base: views.Tables | None) -> tuple[views.Tables | None, dict[str, list[str]], tuple]:
    """The tables with this session's pasted or uploaded events merged in, their filter choices, and a key
    for their version. Kept in the session (another user's articles are not this one's)."""
    mtime = path.stat().st_mtime if base is not None else 0.0
    added = added_events()
    if added is None:
        return base, (table_options(str(path), mtime) if base is not None else {}), (str(path), mtime, 0)
    key = (str(path), mtime, len(added))
    kept = st.session_state.get("added_tables")
    if kept is None or kept[0] != key:
        tables = views.with_added(base, added)
        kept = (key, tables, filters.options(tables.events))
        st.session_state["added_tables"] = kept
    return kept[1], kept[2], key


st.set_page_config(page_title="Eventline", layout="wide")
st.markdown(
    "<style>mark.time{background:#cfe8ff}mark.actor{background:#ffe0b3}mark.weapon{background:#ffc9c9}"
    ".story-detail ol.reports li{margin-bottom:.8em}.story-detail p.reason{color:#666;font-size:.85em}.story-detail p.conflict{color:#b00}</style>",
    unsafe_allow_html=True,
)
st.title("Eventline")

path = table_path()
source_choice = st.sidebar.text_input("Event table", str(path), help="The store (`events ingest`, .duckdb) or a table written by `events extract` (.csv, .parquet, .jsonl)")
path = Path(source_choice)
if not path.exists():
    st.info(f"No event table at {path}. Build one with `events ingest seeds --db {path}` or `events extract seeds -o {path}` (or `make run`), or add articles below.")
    base = None
else:
    try:
        base = load(str(path), path.stat().st_mtime)
    except Exception as exc:  # noqa: BLE001 - a bad table is reported on the page, not a crash
        st.error(f"{path}: {exc}")
        base = None
tables, available, table_key = with_added(path, base)

# ------------------------------------------------------------------------------------------ filters
sidebar = st.sidebar
initial = filters.from_query(st.query_params)
if tables is not None:
    chosen_view = sidebar.radio(
        "Show", views.VIEWS, index=views.VIEWS.index(views.view_from_query(st.query_params)), horizontal=True, key="f_view",
        help="stories: every report of one event merged into one row; reports: each event as one article tells it",
    )
    shown = tables.shown(chosen_view)
    if tables.note and chosen_view == "stories":
        sidebar.caption(tables.note)
    sidebar.header("Filters")
    initial = filters.restricted(initial, available)
    chosen = {}
    labels = {"actors": "Actor", "weapon_classes": "Weapon class", "weapons": "Weapon", "event_types": "Event type", "sources": "Source", "precisions": "Date precision"}
    for name, label in labels.items():
        values = available[name]
        if name == "precisions":
            values = sorted(values, key=lambda v: PRECISION_ORDER.index(v) if v in PRECISION_ORDER else 99)
        chosen[name] = tuple(sidebar.multiselect(label, values, default=list(getattr(initial, name)), key=f"f_{name}"))
    frame = tables.events
    low = frame["date_start"].fillna(frame["date_end"]).min()
    high = frame["date_end"].max()
    low_d = low.date() if pd.notna(low) else date(1900, 1, 1)
    high_d = high.date() if pd.notna(high) else low_d
    use_dates = sidebar.checkbox("Limit dates", value=bool(initial.date_from or initial.date_to), key="f_use_dates")
    date_from = date_to = None
    if use_dates:
        picked = sidebar.date_input("Date range", value=(initial.date_from or low_d, initial.date_to or high_d), key="f_dates")
        if isinstance(picked, (list, tuple)) and len(picked) == 2:
            date_from, date_to = picked
    text = sidebar.text_input("Search sentences and titles", value=initial.text, key="f_text")
    current = filters.EventFilter(**chosen, date_from=date_from, date_to=date_to, text=text)
    query = {**filters.to_query(current), **views.view_query(chosen_view)}
    if query != {k: v for k, v in st.query_params.to_dict().items() if k in filters.QUERY_KEYS + (views.VIEW_KEY,)}:
        st.query_params.from_dict(query)
    view = views.filtered(tables, chosen_view, current)
else:
    view, shown = None, "reports"
id_column = "story_id" if shown == "stories" else "event_id"
noun = "stories" if shown == "stories" else "events"

# ------------------------------------------------------------------------------------------ summary
if view is not None:
    span = view["date_start"].dropna()
    c1, c2, c3, c4 = st.columns([1, 1, 2, 4])
    if shown == "stories":
        c1.metric("Stories", f"{len(view):,}")
        c2.metric("Reports", f"{int(view['n_reports'].sum()):,}")
    else:
        c1.metric("Events", f"{len(view):,}")
        c2.metric("Articles", f"{view['article_id'].nunique():,}")
    c3.metric("Date span", (f"{span.min():%Y-%m} – {span.max():%Y-%m}" if span.min().year != span.max().year or span.min().month != span.max().month else f"{span.min():%Y-%m}") if len(span) else "-")
    lane = st.session_state.get("lane", "event_type")
    colour = st.session_state.get("colour", "event_type")
    monthly, binned = view_counts(table_key + (shown,), tuple(sorted(query.items())), lane, view)
    with c4:
        st.plotly_chart(figures.month_bars(view, monthly), key="month_bars", config={"displayModeBar": False})

tab_timeline, tab_table, tab_map, tab_add = st.tabs(["Timeline", "Table", "Map", "Add articles"])
selected_id = None

with tab_timeline:
    if view is None:
        st.write("No events yet.")
    else:
        lane_col, colour_col = st.columns(2)
        lane_col.selectbox("Lanes by", list(figures.LANE_FIELDS), format_func=figures.LANE_FIELDS.get, key="lane")
        colour_col.selectbox("Colour by", list(figures.LANE_FIELDS), format_func=figures.LANE_FIELDS.get, key="colour")
        fig, mode = figures.timeline_figure(view, lane, colour, counted=binned)
        if mode == "counts":
            st.caption(f"{len(view):,} {noun} in view: showing counts; narrow the filters or dates to see single {noun}.")
        elif shown == "stories":
            st.caption("A point is a story: its size grows with its number of reports. Click one for its reports.")
        state = st.plotly_chart(fig, key="timeline", on_select="rerun", selection_mode="points")
        points = (state or {}).get("selection", {}).get("points", []) if mode == "points" else []
        if points:
            selected_id = points[0].get("customdata")

with tab_table:
    if view is not None:
        listed = view[TABLE_COLUMNS[shown]]
        if len(listed) > MAX_TABLE_ROWS:
            st.caption(f"Showing the latest {MAX_TABLE_ROWS:,} of {len(listed):,} {noun}; the downloads hold them all.")
            listed = listed.nlargest(MAX_TABLE_ROWS, "date_end")
        table_state = st.dataframe(
            listed,
            key="table",
            on_select="rerun",
            selection_mode="single-row",
            hide_index=True,
            column_config={
                "date_start": st.column_config.DateColumn("from", format="YYYY-MM-DD"),
                "date_end": st.column_config.DateColumn("to", format="YYYY-MM-DD"),
                "url": st.column_config.LinkColumn("link"),
                id_column: None,
            },
        )
        rows = table_state.selection.rows if table_state else []
        if rows:
            selected_id = listed.iloc[rows[0]][id_column]
        d1, d2, d3, d4 = st.columns(4)
        d1.download_button("CSV", data=lambda: downloads.csv_bytes(view), file_name=f"{noun}.csv", mime="text/csv", key="dl_csv")
        d2.download_button("Parquet", data=lambda: downloads.parquet_bytes(view), file_name=f"{noun}.parquet", key="dl_parquet")
        d3.download_button("JSON Lines", data=lambda: downloads.jsonl_bytes(view), file_name=f"{noun}.jsonl", key="dl_jsonl")
        d4.download_button("TimelineJS", data=lambda: downloads.timelinejs_bytes(view), file_name=f"{noun}.timeline.json", key="dl_timelinejs")

with tab_map:
    if view is not None:
        located = view[view["latitude"].notna()]
        st.caption(f"{len(located):,} of {len(view):,} {noun} have a place with coordinates.")
        st.plotly_chart(figures.map_figure(view), key="map")

with tab_add:
    with st.form("paste", clear_on_submit=False):
        pasted_title = st.text_input("Title", key="paste_title")
        pasted_text = st.text_area("Article text", height=200, key="paste_text")
        pasted_date = st.date_input("Publication date", value=None, key="paste_date")
        submitted = st.form_submit_button("Extract events")
    uploads = st.file_uploader("Or upload .txt / .jsonl files", accept_multiple_files=True, type=["txt", "jsonl", "md"], key="uploads")
    new_items: list = []
    if submitted and pasted_text.strip():
        article = Article(id=f"pasted-{abs(hash(pasted_text)) % 10**10}", title=pasted_title or pasted_text.strip().splitlines()[0][:120], text=pasted_text, published=pasted_date, source="pasted")
        new_items.append(settle_date(article, pasted_date))
    if uploads and st.button("Extract uploaded files", key="extract_uploads"):
        with tempfile.TemporaryDirectory() as folder:
            for up in uploads:
                target = Path(folder) / Path(up.name).name
                target.write_bytes(up.getvalue())
            new_items.extend(read_paths([folder]))
    if new_items:
        problems: list[Problem] = [i for i in new_items if isinstance(i, Problem)]
        found = extract_frame(new_items, on_problem=problems.append)
        for problem in problems:
            st.error(f"Rejected: {Path(problem.path).name}{':' + str(problem.line) if problem.line else ''}: {problem.reason}")
        if len(found):
            previous = added_events()
            st.session_state["added"] = pd.concat([previous, found], ignore_index=True) if previous is not None else found
            st.success(f"{len(found)} events added.")
            st.rerun()
        elif not problems:
            st.warning("No events found in that text.")

# ------------------------------------------------------------------------------------------ detail
if view is not None and selected_id is not None:
    match = view[view[id_column] == selected_id]
    if len(match) and shown == "stories":
        st.subheader("Story")
        st.markdown(story_html(match.iloc[0], views.reports_of(tables, selected_id)), unsafe_allow_html=True)
    elif len(match):
        st.subheader("Event")
        st.markdown(detail_html(match.iloc[0]), unsafe_allow_html=True)
