"""The dashboard's two views of a table: stories (every report of one event merged into one row: the
default) and reports (the event rows as extracted). Pure functions: the dashboard only lays them out.

A store keeps its stories (``events ingest`` merges as it writes); a table file (CSV, Parquet, JSON Lines)
is merged when it is loaded, up to ``MAX_MERGED_EVENTS`` rows. Beyond that the page shows the reports view
and says why: merging a million rows on a page load would stall it for minutes."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

import pandas as pd

from . import filters
from .schema import read

VIEWS = ("stories", "reports")
DEFAULT_VIEW = VIEWS[0]
VIEW_KEY = "view"  # the query parameter that keeps a shared URL's view
MAX_MERGED_EVENTS = 200_000
LINK_COLUMNS = ["story_id", "event_id", "seq", "reason"]


@dataclass(frozen=True)
class Tables:
    events: pd.DataFrame
    stories: pd.DataFrame | None  # None when the table is too big to merge here
    links: pd.DataFrame | None  # story_id <-> event_id, with the order and reason each report joined
    note: str = ""

    def id_column(self, view: str) -> str:
        return "story_id" if self.shown(view) == "stories" else "event_id"

    def shown(self, view: str) -> str:
        """The view the page can show: stories fall back to reports when there are none."""
        return "stories" if view == "stories" and self.stories is not None else "reports"


def merged(events: pd.DataFrame) -> Tables:
    """The tables of an event table, its stories merged now (when it is small enough)."""
    if len(events) > MAX_MERGED_EVENTS:
        note = (f"{len(events):,} events: too many to merge into stories on the page (the limit is {MAX_MERGED_EVENTS:,}); "
                "showing reports. Ingest them into a store (`events ingest`), which keeps its stories.")
        return Tables(events, None, None, note)
    from .stories import merge_frame

    stories, links = merge_frame(events)
    return Tables(events, stories, links)


def load(path: str | Path) -> Tables:
    """The tables of a store (its stored stories; events stored without one are merged with the rest) or of
    a table file."""
    path = Path(path)
    if path.suffix.lower() not in (".duckdb", ".db"):
        return merged(read(path))
    from .store import read_events, read_stories, read_story_links

    events, stories, links = read_events(path), read_stories(path), read_story_links(path)
    if not events["event_id"].isin(links["event_id"]).all():  # ingested with --no-merge
        return merged(events)
    return Tables(events, stories, links)


def with_added(tables: Tables | None, added: pd.DataFrame | None) -> Tables | None:
    """The tables with the events of pasted or uploaded articles, merged with the rest."""
    if added is None or not len(added):
        return tables
    return merged(added if tables is None else pd.concat([tables.events, added], ignore_index=True))


def filtered(tables: Tables, view: str, f: filters.EventFilter) -> pd.DataFrame:
    """The rows of the view that pass the filter. A story passes on its canonical columns (its best date,
    the union of its actors and sources), and the text search on any of its reports' sentences and titles."""
    if tables.shown(view) == "reports":
        return filters.apply(tables.events, f)
    rows = filters.apply(tables.stories, replace(f, text=""))
    if f.text.strip():
        hits = filters.apply(tables.events, filters.EventFilter(text=f.text))
        rows = rows[rows["story_id"].isin(tables.links.loc[tables.links["event_id"].isin(hits["event_id"]), "story_id"])]
    return rows


def reports_of(tables: Tables, story_id: str) -> pd.DataFrame:
    """A story's reports (event rows) with why each joined, newest first."""
    links = tables.links[tables.links["story_id"] == story_id]
    rows = links.merge(tables.events, on="event_id", how="inner")
    return rows.sort_values(["published", "seq"], ascending=False, na_position="last").reset_index(drop=True)


def view_from_query(params) -> str:
    value = str(params.get(VIEW_KEY) or DEFAULT_VIEW)
    return value if value in VIEWS else DEFAULT_VIEW


def view_query(view: str) -> dict[str, str]:
    """The query parameter for a view (none for the default one)."""
    return {} if view == DEFAULT_VIEW else {VIEW_KEY: view}
