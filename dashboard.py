"""Eventline dashboard: lays out the page. Where the rows lie and the two views (events/app/views.py), the
questions asked of them (events/app/queries.py, SQL), filters, figures, details and downloads are in the
`events` package; this file only places them.

Run: events serve [--db data/events.duckdb] [--port 8501], or streamlit run dashboard.py [-- --db PATH]
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

import plotly.graph_objects as go
import streamlit as st

# The page's frame goes out first: the title, the summary strip's place, the tabs, and in the timeline's
# place an empty chart, so that the browser fetches the charting library (the slowest part of its first
# paint) while the server imports the package and asks its first questions. The timeline then replaces
# the empty chart; the lane and colour choices fill their place above it.
st.set_page_config(page_title="Eventline", layout="wide")
st.title("Eventline")
strip = st.container()  # the summary strip: filled after the timeline, which is drawn first
# on_change="rerun": a tab's content is built when it is opened, so the first paint is the timeline's alone
tab_timeline, tab_table, tab_map, tab_add = st.tabs(["Timeline", "Table", "Map", "Add articles"], key="tab", on_change="rerun")
with tab_timeline:
    timeline_controls = st.container()
    timeline_caption = st.empty()
    timeline_range = st.empty()  # the counts view's date slider
    timeline_slot = st.empty()
    if "timeline_drawn" not in st.session_state:
        waiting = go.Figure()
        waiting.update_layout(height=420, margin={"l": 10, "r": 10, "t": 30, "b": 10}, xaxis={"visible": False}, yaxis={"visible": False})
        timeline_slot.plotly_chart(waiting, key="timeline_waiting")
st.session_state["timeline_drawn"] = True

from events.app import adding, answers, figures, filters, queries, views
from events.app.detail import month_span_text

DEFAULT_TABLE = Path(__file__).parent / "data" / "events.duckdb"
FILTER_LABELS = {"actors": "Actor", "weapon_classes": "Weapon class", "weapons": "Weapon", "event_types": "Event type", "sources": "Source", "precisions": "Date precision"}


def page_args() -> argparse.Namespace:
    """The store the page serves, and whether a visitor may open another table (`events serve --allow-open`)."""
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--db", default=os.environ.get("EVENTLINE_DB", str(DEFAULT_TABLE)))
    parser.add_argument("--allow-open", action="store_true", default=os.environ.get("EVENTLINE_ALLOW_OPEN") == "1")
    args, _ = parser.parse_known_args()
    return args


def added_events():
    return st.session_state.get("added")


def with_added(path: Path, base: views.Tables | None) -> tuple[views.Tables | None, tuple, tuple]:
    """A table file's tables with this session's pasted or uploaded events merged in, their choices, and a
    key for their version. Kept in the session (another user's articles are not this one's)."""
    mtime = path.stat().st_mtime if base is not None else 0.0
    added = added_events()
    if added is None:
        return base, (answers.choices(str(path), mtime) if base is not None else ({}, (None, None))), (str(path), mtime, 0)
    # the answers' cache is shared by every session: this session's token keeps its articles its own
    token = st.session_state.setdefault("added_token", os.urandom(8).hex())
    key = (str(path), mtime, st.session_state.get("added_version", 0), token)  # an article added again keeps the count
    kept = st.session_state.get("added_tables")
    if kept is None or kept[0] != key:
        tables = views.with_added(base, added)
        kept = (key, tables, answers.choices_of(tables))
        st.session_state["added_tables"] = kept
    return kept[1], kept[2], key


def narrow_dates(key: str) -> None:
    """The counts view's slider moved: its range becomes the sidebar's date range (and so the URL's)."""
    st.session_state["f_use_dates"] = True
    st.session_state["f_dates"] = tuple(st.session_state[key])


def add_articles(items: list, path: Path) -> None:
    """Extract the articles' events: into the store when the page shows one (a new table version), else
    into this session's view of the table file. A message names each rejected input."""
    result = adding.add(items, path)
    notes = st.session_state.setdefault("add_messages", [])  # shown until dismissed: a rerun would wipe st.error
    if result.error:
        notes.append(("error", result.error))
        st.rerun()  # the messages are drawn above the form, before this run reached the articles: a rerun shows them
    if result.frame is not None and result.events:
        st.session_state["added"] = adding.with_added(added_events(), result.frame)
        st.session_state["added_version"] = st.session_state.get("added_version", 0) + 1
    for problem in result.problems:
        notes.append(("error", f"Rejected: {Path(problem.path).name}{':' + str(problem.line) if problem.line else ''}: {problem.reason}"))
    for article in (i for i in items if getattr(i, "published_from", "") in ("inferred", "dateline")):
        notes.append(("info", f"{article.title or article.id}: publication date {article.published} read from the text ({article.published_from}), not given"))
    if result.events:
        st.session_state["flash"] = f"{result.events} events added" + (" to the store." if views.is_store(path) else ".")
    elif not result.problems:
        notes.append(("warning", "No events found in that text."))
    st.rerun()  # new events, or only messages (a file of broken lines added nothing, and its message waited for the next click)


st.markdown(
    "<style>mark.time{background:#cfe8ff}mark.actor{background:#ffe0b3}mark.weapon{background:#ffc9c9}"
    ".story-detail ol.reports li{margin-bottom:.8em}.story-detail p.reason{color:#666;font-size:.85em}.story-detail p.conflict{color:#b00}</style>",
    unsafe_allow_html=True,
)
if "flash" in st.session_state:
    st.toast(st.session_state.pop("flash"))  # a toast: the page keeps its layout, so nothing jumps

args = page_args()
path = Path(args.db)
if args.allow_open:  # only when the server was started so: a visitor would choose the server's files
    path = Path(st.sidebar.text_input("Event table", str(path), help="The store (`events ingest`, .duckdb) or a table written by `events extract` (.csv, .parquet, .jsonl)"))
else:
    st.sidebar.caption(f"Event table: {path.name}")
if not path.exists():
    st.info(f"No event table at {path}. Build one with `events ingest seeds --db {path}` or `events extract seeds -o {path}` (or `make run`), or add articles below.")
    base = None
else:
    try:
        base = answers.load(str(path), path.stat().st_mtime)
    except Exception as exc:  # noqa: BLE001 - a bad table is reported on the page, not a crash
        st.error(f"{path}: {exc}")
        base = None
tables, (available, (low, high)), table_key = with_added(path, base)

lane_col, colour_col = timeline_controls.columns(2)
lane = lane_col.selectbox("Lanes by", list(figures.LANE_FIELDS), format_func=figures.LANE_FIELDS.get, key="lane")
colour = colour_col.selectbox("Colour by", list(figures.LANE_FIELDS), format_func=figures.LANE_FIELDS.get, key="colour")

# ------------------------------------------------------------------------------------------ filters
sidebar = st.sidebar
initial = filters.from_query(st.query_params)
shown, answer = "reports", None
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
    for name, label in FILTER_LABELS.items():
        values = available.get(name, [])
        if name == "precisions":
            values = filters.in_precision_order(values)
        # actors by name and code ("North Korea (PRK)"): typing either finds it; a state brings its people and bodies
        shown_as = filters.actor_label if name == "actors" else str
        chosen[name] = tuple(sidebar.multiselect(label, values, default=list(getattr(initial, name)), key=f"f_{name}", format_func=shown_as,
                                                 help="A state includes its leaders and bodies." if name == "actors" else None))
    use_dates = sidebar.checkbox("Limit dates", value=bool(initial.date_from or initial.date_to), key="f_use_dates")
    date_from = date_to = None
    if use_dates and low is not None:
        picked = sidebar.date_input("Date range", value=(initial.date_from or low, initial.date_to or high or low), key="f_dates")
        if isinstance(picked, (list, tuple)) and len(picked) == 2:
            date_from, date_to = picked
    text = sidebar.text_input("Search sentences and titles", value=initial.text, key="f_text")
    show_undated = sidebar.checkbox("Show undated", value=answers.undated_from_query(st.query_params), key="f_undated",
                                    help="Events with no date of their own, drawn at their report's date as hollow marks in a lane of their own.")
    current = filters.EventFilter(**chosen, date_from=date_from, date_to=date_to, text=text)
    query = answers.url_query(current, chosen_view, show_undated)
    if query != {k: v for k, v in st.query_params.to_dict().items() if k in filters.QUERY_KEYS + (views.VIEW_KEY, answers.UNDATED_KEY)}:
        st.query_params.from_dict(query)
    query_key = answers.query_key({k: v for k, v in query.items() if k != answers.UNDATED_KEY})  # the same answers either way
    answer = answers.timeline(table_key, shown, query_key, lane, tables, current)
id_column = queries.ID_COLUMN[shown]
noun = "stories" if shown == "stories" else "events"

selected_id = None
if answer is None:
    timeline_slot.write("No events yet.")
elif answer["rows"] is None:
    timeline_caption.caption(f"{answer['summary']['rows']:,} {noun} in view: showing counts; narrow the filters or dates to see single {noun}.")
    span = figures.day_span(answer["summary"]["low"], answer["summary"]["high"])
    if span is not None:
        # a range slider that narrows the view on the server (the chart's own would only zoom the drawn
        # bins): under figures.MAX_POINTS in view, single events come back
        key = f"narrow_{span[0]}_{span[1]}"  # new bounds, a new slider at full width
        timeline_range.slider("Narrow the dates", min_value=span[0], max_value=span[1], value=span, format="YYYY-MM-DD", key=key,
                              on_change=narrow_dates, args=(key,), help=f"Under {figures.MAX_POINTS:,} {noun} in view, the timeline shows each one.")
    timeline_slot.plotly_chart(figures.counts_figure(answer["binned"], lane), key="timeline_counts")
else:
    drawn, hidden = figures.drawn_rows(answer["rows"], st.session_state.get("f_undated", False))
    legend_note = "A point is dated to its day, a bar spans a vaguer date (a month, a year), a hollow mark is undated."
    if shown == "stories":
        legend_note = "A point is a story: its size grows with its number of reports; click one for its reports. " + legend_note
    if hidden:
        legend_note += f" {hidden:,} undated {noun} hidden: tick Show undated to see them."
    # the window: the date filter's, else the publication period; what lies outside is counted, one click widens
    published = answers.asked("published", table_key, shown, query_key, tables, current)
    span = None if st.session_state.get("all_dates") else figures.window(*published, current.date_from, current.date_to)
    before, after = figures.outside(drawn, span)
    if before or after:
        legend_note += (f" {before:,} {noun} before {span[0]:%Y-%m-%d} and {after:,} after {span[1]:%Y-%m-%d} lie outside "
                        + ("the dates chosen." if current.date_from or current.date_to else "the period the articles were published in."))
        timeline_range.button("Show all dates", key="widen", on_click=lambda: st.session_state.update(all_dates=True))
    timeline_caption.caption(legend_note)
    fig = figures.timeline_figure(drawn, lane, colour, span)
    state = timeline_slot.plotly_chart(fig, key="timeline", on_select="rerun", selection_mode="points")
    points = (state or {}).get("selection", {}).get("points", [])
    if points:
        selected_id = points[0].get("customdata")

# ------------------------------------------------------------------------------------------ summary
if answer is not None:
    summary = answer["summary"]
    c1, c2, c3, c4 = strip.columns([1, 1, 3, 4])  # room for "0001-01 – 9999-12" beside the counts
    if shown == "stories":
        c1.metric("Stories", f"{summary['rows']:,}")
        c2.metric("Reports", f"{summary['told']:,}")
    else:
        c1.metric("Events", f"{summary['rows']:,}")
        c2.metric("Articles", f"{summary['told']:,}")
    first, last = summary["first"], summary["last"]
    c3.metric("Date span", month_span_text(first, last))
    with c4:
        freq, per_type = answer["strip"]
        st.plotly_chart(figures.month_bars(per_type, freq), key="month_bars", config={"staticPlot": True})

with tab_table:
    if answer is not None and tab_table.open:
        if answer["rows"] is not None:  # the timeline's rows: all of them, sorted here
            latest = answer["rows"].sort_values(["date_end", id_column], ascending=[False, True])
        else:
            latest = answers.asked("latest", table_key, shown, query_key, tables, current)
        listed = views.table_rows(latest, shown)
        if answer["summary"]["rows"] > len(listed):
            st.caption(f"Showing the latest {len(listed):,} of {answer['summary']['rows']:,} {noun}; the downloads hold them all.")
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
        from events.app import downloads

        # on_click="ignore": a download changes nothing on the page, so it does not rerun it (a rerun racing
        # the file's making also replaced the button under the click)
        d1, d2, d3, d4 = st.columns(4)
        d1.download_button("CSV", data=lambda: downloads.csv_bytes(answers.all_rows(tables, shown, current)), file_name=f"{noun}.csv", mime="text/csv", key="dl_csv", on_click="ignore")
        d2.download_button("Parquet", data=lambda: downloads.parquet_bytes(answers.all_rows(tables, shown, current)), file_name=f"{noun}.parquet", key="dl_parquet", on_click="ignore")
        d3.download_button("JSON Lines", data=lambda: downloads.jsonl_bytes(answers.all_rows(tables, shown, current)), file_name=f"{noun}.jsonl", key="dl_jsonl", on_click="ignore")
        d4.download_button("TimelineJS", data=lambda: downloads.timelinejs_bytes(answers.all_rows(tables, shown, current)), file_name=f"{noun}.timeline.json", key="dl_timelinejs", on_click="ignore")

with tab_map:
    if answer is not None and tab_map.open:
        places = answers.asked("places", table_key, shown, query_key, tables, current)
        st.caption(f"{int(places['n'].sum()):,} of {answer['summary']['rows']:,} {noun} have a place with coordinates.")
        st.plotly_chart(figures.map_figure(places), key="map")

with tab_add:
    if tab_add.open:
        with st.form("paste", clear_on_submit=False):
            pasted_title = st.text_input("Title", key="paste_title")
            pasted_text = st.text_area("Article text", height=200, key="paste_text")
            pasted_date = st.date_input("Publication date", value=None, key="paste_date")
            submitted = st.form_submit_button("Extract events")
        uploads = st.file_uploader("Or upload .txt / .html / .jsonl files", accept_multiple_files=True, type=["txt", "jsonl", "md", "html", "htm"], key="uploads")
        for kind, message in st.session_state.get("add_messages", []):
            getattr(st, kind)(message)
        if st.session_state.get("add_messages") and st.button("Dismiss messages", key="dismiss_messages"):
            st.session_state["add_messages"] = []
            st.rerun()
        new_items: list = []
        if submitted and pasted_text.strip():
            article = adding.pasted_article(pasted_text, pasted_title, pasted_date)
            if article.published is None:  # no date given and none in the text: its relative dates would stay unread
                st.session_state.setdefault("add_messages", []).append(
                    ("error", "Give the publication date: none was given and none could be read from the text, so 'on Monday' or 'last month' could not be dated."))
                st.rerun()
            new_items.append(article)
        if uploads and st.button("Extract uploaded files", key="extract_uploads"):
            new_items.extend(adding.uploaded_articles([(up.name, up.getvalue()) for up in uploads]))
        if new_items:
            add_articles(new_items, path)

# ------------------------------------------------------------------------------------------ detail
if answer is not None and selected_id is not None:
    from events.app.detail import detail_html, story_html

    with tables.connection() as con:
        match = queries.row(con, shown, selected_id)
        reports = queries.reports_of(con, selected_id) if match is not None and shown == "stories" else None
    if reports is not None:
        st.subheader("Story")
        st.markdown(story_html(match, reports), unsafe_allow_html=True)
    elif match is not None:
        st.subheader("Event")
        st.markdown(detail_html(match), unsafe_allow_html=True)
