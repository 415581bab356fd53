"""The dashboard's questions in SQL, answered by DuckDB where the rows lie: how many rows pass a filter and
their span, counts per bin and lane, the filter choices, a page of rows, a place's count, a story's reports.
The page reads only what it draws: a million events are counted in the store, never loaded into the page.

Every function takes an open DuckDB connection (``views.Tables.connection()``) whose relations are
``events``, and for stories ``stories_full`` and ``story_reports``: a store's own tables, or frames copied
into an in-memory database. The filter's SQL is ``filters.where``."""

from __future__ import annotations

from datetime import date

import pandas as pd

from events.app import filters
from events.coding.schema import CANONICAL, coerced, fields, story_fields
from events.store import summaries

# the rows whole, and the rows as filtered and counted: a story's own table holds every column a filter
# or a count reads (events/coding/schema.py CANONICAL), so only reading whole rows joins its headline report
RELATION = {"stories": "stories_full", "reports": "events"}
FILTERED = {"stories": "stories", "reports": "events"}
ID_COLUMN = {"stories": "story_id", "reports": "event_id"}
# where a row sits in time for counting: its start, else its end (an undated row's report date)
WHEN = summaries.WHEN
FREQ_UNIT = {"D": "day", "W": "week", "MS": "month", "YS": "year"}
NO_LANE = "(none)"


def filtered(con, view: str, f: filters.EventFilter, columns: str, relation: str | None = None) -> tuple[str, list]:
    # the connection lets a text search read the store's search index (events/store/search.py)
    condition, params = filters.where(f, view, con)
    return f"SELECT {columns} FROM {relation or FILTERED[view]} WHERE {condition}", params


def summary(con, view: str, f: filters.EventFilter) -> dict:
    """Rows passing; reports they hold (stories) or articles they come from (reports); the span of their
    start dates; the span of their places in time (for the count bins)."""
    told = "sum(n_reports)" if view == "stories" else "count(DISTINCT article_id)"
    sql, params = filtered(con, view, f, f"count(*), {told}, min(date_start), max(date_start), min({WHEN}), max({WHEN})")
    rows, told_n, first, last, low, high = con.execute(sql, params).fetchone()
    return {"rows": rows, "told": int(told_n or 0), "first": first, "last": last, "low": low, "high": high}


def lane_expression(lane: str) -> str:
    """A row's lane: the field's value; for actors the first code; empty is "(none)"."""
    value = f"split_part({lane}, ';', 1)" if lane == "actor_codes" else lane
    return f"coalesce(nullif({value}, ''), '{NO_LANE}')"


def counts(con, view: str, f: filters.EventFilter, lane: str = "event_type", freq: str = "MS") -> pd.DataFrame:
    """Rows per bin (``freq``: D, W from Monday, MS, YS) and lane: the columns when, lane, events."""
    unit = FREQ_UNIT[freq]
    # a lane the stories table does not keep (a story's headline source) is read through the join
    relation = RELATION[view] if view == "stories" and lane not in CANONICAL else None
    sql, params = filtered(con, view, f, f"CAST(date_trunc('{unit}', {WHEN}) AS TIMESTAMP) AS \"when\", {lane_expression(lane)} AS lane", relation)
    table = con.execute(
        f"SELECT \"when\", lane, count(*) AS events FROM ({sql}) WHERE \"when\" IS NOT NULL GROUP BY ALL ORDER BY \"when\", lane", params
    ).df()
    table["when"] = table["when"].astype("datetime64[s]")
    table["events"] = table["events"].astype("int64")
    return table


def options(con) -> dict[str, list[str]]:
    """The values each list filter can take, from the events (a story's values are among its reports'):
    kept with a store (events/store/summaries.py), else asked."""
    kept = summaries.current(con)
    out = {}
    for name in filters.LIST_FIELDS:
        column = filters.COLUMN_OF[name]
        found = summaries.choices(con, column) if kept else [r[0] for r in con.execute(summaries.choices_sql(column)).fetchall()]
        out[name] = [str(v) for v in found]
    return out


def _bounds(con) -> dict:
    # kept with a store, else asked: the same SQL either way
    if summaries.current(con):
        return summaries.bounds(con)
    cursor = con.execute(summaries.BOUNDS)
    return dict(zip([d[0] for d in cursor.description], cursor.fetchone()))


def date_bounds(con) -> tuple[date | None, date | None]:
    """The first and last day of the events, for the date picker."""
    found = _bounds(con)
    return found["low"], found["high"]


def published_bounds(con) -> tuple[date | None, date | None]:
    """The first and last publication day of the articles: the period the timeline opens on."""
    found = _bounds(con)
    return found["published_low"], found["published_high"]


def _declared(view: str):
    return story_fields() if view == "stories" else fields()


def _typed(df: pd.DataFrame, view: str) -> pd.DataFrame:
    return coerced(df, tuple(d for d in _declared(view) if d.name in df.columns))


def rows(con, view: str, f: filters.EventFilter, limit: int | None = None, latest: bool = False) -> pd.DataFrame:
    """The rows passing the filter, every column: by date (``latest``: the latest first), at most ``limit``.
    The page is chosen on the ids first, then only its rows are read whole (a story's columns come from
    a join: joining a million rows to keep five thousand costs five times more)."""
    order = ("date_end DESC NULLS LAST" if latest else "date_start NULLS LAST") + f", {ID_COLUMN[view]}"
    picked, params = filtered(con, view, f, ID_COLUMN[view])
    if limit:
        picked += f" ORDER BY {order} LIMIT {int(limit)}"
    columns = ", ".join(d.name for d in _declared(view))
    sql = f"SELECT {columns} FROM {RELATION[view]} WHERE {ID_COLUMN[view]} IN ({picked}) ORDER BY {order}"
    return _typed(con.execute(sql, params).df(), view)


def row(con, view: str, row_id: str) -> pd.Series | None:
    """One row by its id (story_id or event_id), or None."""
    found = rows_by_id(con, view, [row_id])
    return found.iloc[0] if len(found) else None


def rows_by_id(con, view: str, ids: list[str]) -> pd.DataFrame:
    columns = ", ".join(d.name for d in _declared(view))
    sql = f"SELECT {columns} FROM {RELATION[view]} WHERE list_contains(?::VARCHAR[], {ID_COLUMN[view]})"
    return _typed(con.execute(sql, [list(ids)]).df(), view)


def reports_of(con, story_id: str) -> pd.DataFrame:
    """A story's reports (event rows) with why each joined (``reason``) and in what order (``seq``), newest first."""
    columns = ", ".join(f"e.{c.name}" for c in fields())
    sql = (f"SELECT l.story_id, l.reason, l.seq, {columns} FROM story_reports l JOIN events e ON e.event_id = l.event_id"
           " WHERE l.story_id = ? ORDER BY e.published DESC NULLS LAST, l.seq DESC")
    return _typed(con.execute(sql, [story_id]).df(), "reports")


def places(con, view: str, f: filters.EventFilter) -> pd.DataFrame:
    """Rows with coordinates, counted per place and event type: location, latitude, longitude, event_type, n."""
    sql, params = filtered(con, view, f, "location, latitude, longitude, event_type")
    return con.execute(
        f"SELECT location, latitude, longitude, event_type, count(*) AS n FROM ({sql}) WHERE latitude IS NOT NULL AND longitude IS NOT NULL"
        " GROUP BY ALL ORDER BY n DESC", params
    ).df()
