"""The dashboard's two views of a table: stories (every report of one event merged into one row: the
default) and reports (the event rows as extracted), and where their rows lie. Pure functions and small
objects: the dashboard only lays them out; the questions it asks are SQL (events/app/queries.py).

A store keeps its stories (``events ingest`` merges as it writes) and is queried where it lies, each
question through a short read-only connection (so an ingest can write between two reruns), and never
loaded whole. A table file (CSV, Parquet, JSON Lines) is read, validated, merged into stories up to
``MAX_MERGED_EVENTS`` rows, and copied into an in-memory database; beyond that limit the page shows the
reports view and says why: merging a million rows on a page load would stall it for minutes."""

from __future__ import annotations

import contextlib
import threading
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from events.store.tables import read

VIEWS = ("stories", "reports")
DEFAULT_VIEW = VIEWS[0]
VIEW_KEY = "view"  # the query parameter that keeps a shared URL's view
MAX_MERGED_EVENTS = 200_000
STORE_SUFFIXES = (".duckdb", ".db")


QUERY_SLOTS = 2


@dataclass
class Tables:
    """Where a table's rows lie: a store file, or an in-memory database of frames."""

    path: Path | None = None  # a store
    database: object = None  # an in-memory DuckDB connection holding events (and stories, story_reports)
    has_stories: bool = False
    note: str = ""
    _lock: threading.RLock = field(default_factory=threading.RLock, repr=False)
    # queries on a store at once: more would share its memory cap (store.MEMORY_LIMIT: the database is one
    # per process however many connections) and fail for want of memory; the others wait their turn
    _slots: threading.BoundedSemaphore = field(default_factory=lambda: threading.BoundedSemaphore(QUERY_SLOTS), repr=False)

    def shown(self, view: str) -> str:
        """The view the page can show: stories fall back to reports when there are none."""
        return "stories" if view == "stories" and self.has_stories else "reports"

    @contextlib.contextmanager
    def connection(self):
        """A connection for this thread: a fresh read-only one on a store (closed after; QUERY_SLOTS at
        once), a cursor of the in-memory database (one at a time). Streamlit serves each session, and each
        download, in its own thread."""
        if self.path is not None:
            from events.store.database import connect

            with self._slots:
                con = connect(self.path, read_only=True)
                try:
                    yield con
                finally:
                    con.close()
            return
        # one query at a time on an in-memory database: a cursor made while another thread's query runs
        # on the same database could wait on it for good (a download's thread beside a page run)
        with self._lock:
            con = self.database.cursor()
            try:
                yield con
            finally:
                con.close()


def in_memory(events: pd.DataFrame, stories: pd.DataFrame | None = None, links: pd.DataFrame | None = None, note: str = "") -> Tables:
    import duckdb

    database = duckdb.connect()
    tables = {"events": events, **({"stories_full": stories, "story_reports": links} if stories is not None else {})}
    for name, frame in tables.items():
        database.register("frame", frame)
        database.execute(f"CREATE TABLE {name} AS SELECT * FROM frame")
        database.unregister("frame")
    from events.store import search

    search.fill_reports(database)  # the event rows' search index, as a store keeps it
    if stories is not None:
        search.fill(database, "stories_full")  # each story's search text, as a store keeps it
        # the name the queries filter and count stories by (a store's narrow stories table): here the rows whole
        database.execute("CREATE VIEW stories AS SELECT * FROM stories_full")
    # the phrases' word pairs, as an ingest leaves them
    search.write_pairs(database, indexes=(search.STORIES, search.REPORTS) if stories is not None else (search.REPORTS,))
    return Tables(database=database, has_stories=stories is not None, note=note)


def merged(events: pd.DataFrame) -> Tables:
    """The tables of an event frame, its stories merged now (when it is small enough)."""
    if len(events) > MAX_MERGED_EVENTS:
        note = (f"{len(events):,} events: too many to merge into stories on the page (the limit is {MAX_MERGED_EVENTS:,}); "
                "showing reports. Ingest them into a store (`events ingest`), which keeps its stories.")
        return in_memory(events, note=note)
    from events.store.stories import merge_frame

    stories, links = merge_frame(events)
    return in_memory(events, stories, links)


def is_store(path: str | Path) -> bool:
    return Path(path).suffix.lower() in STORE_SUFFIXES


def load(path: str | Path) -> Tables:
    """The tables of a store (queried where it lies) or of a table file (read and merged now). A store with
    events that have no story (ingested with --no-merge) shows reports, and says how to merge them."""
    path = Path(path)
    if not is_store(path):
        return merged(read(path))
    from events.store.database import StoreError, connect, story_table_current

    con = connect(path, read_only=True)
    try:
        if not story_table_current(con):
            raise StoreError(f"{path}: a store of an older version; bring it up to date once with `events merge --db {path}`")
        # a current stories table comes with its link table (version 2 made both). Every event has at most
        # one link (the store writes them so): equal counts mean all are merged, found without an anti-join
        # over a million rows on every page load
        unmerged = con.execute("SELECT (SELECT count(*) FROM events) - (SELECT count(*) FROM story_reports)").fetchone()[0]
    finally:
        con.close()
    if unmerged:
        note = f"{unmerged:,} events of this store have no story yet: showing reports. Merge them with `events merge --db {path}`."
        return Tables(path=path, note=note)
    return Tables(path=path, has_stories=True)


def with_added(tables: Tables | None, added: pd.DataFrame | None) -> Tables | None:
    """A table file's tables with the events of pasted or uploaded articles, merged with the rest (a
    store takes such articles in itself: ``store.ingest``)."""
    if added is None or not len(added):
        return tables
    if tables is None:
        return merged(added)
    from events.coding.schema import coerced, columns, fields

    with tables.connection() as con:
        events = con.execute(f"SELECT {', '.join(columns())} FROM events").df()  # not the search index's key

    return merged(pd.concat([coerced(events, fields()), added], ignore_index=True))


def view_from_query(params) -> str:
    value = str(params.get(VIEW_KEY) or DEFAULT_VIEW)
    return value if value in VIEWS else DEFAULT_VIEW


def view_query(view: str) -> dict[str, str]:
    """The query parameter for a view (none for the default one)."""
    return {} if view == DEFAULT_VIEW else {VIEW_KEY: view}


# the table's columns, most wanted first, so date, type, actors, weapon and title show without scrolling sideways
TABLE_COLUMNS = {
    "stories": ["date_start", "date_end", "event_type", "actors", "weapon", "title", "date_precision", "n_reports", "n_sources", "date_conflict",
                "weapon_class", "location", "status", "sources", "story_id"],
    "reports": ["date_start", "date_end", "event_type", "actors", "weapon", "title", "date_precision", "weapon_class", "location", "status",
                "source", "url", "event_id"],
}


def table_rows(rows: pd.DataFrame, view: str) -> pd.DataFrame:
    """The rows as the table lists them: its columns in order, and no dates for an undated row (whose
    ``date_end`` holds its report's day, for sorting and the timeline, not a date of the event)."""
    listed = rows[TABLE_COLUMNS[view]].copy()
    undated = listed["date_start"].isna()
    if undated.any():
        listed.loc[undated, "date_end"] = pd.NaT
    return listed
