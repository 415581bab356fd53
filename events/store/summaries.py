"""What the dashboard's first, unfiltered page counts of the whole store, kept with it: the timeline's and the
summary strip's counts per month and event type (of the stories and of the event rows), the filter choices
and the date bounds. At ten million events the page read 9.3M stories and 10M event rows for them on its
first run (about 1.1 s of its 1.6 s server side); these tables hold a few thousand rows.

Written where the store is written: ``refresh`` recomputes them all at the end of an ingest or a merge
(events/store/database.py), and bench/synthetic.py's builder calls it after its last chunk. The SQL that
fills them is the SQL the dashboard asks when it cannot use them (``months_sql``, ``choices_sql``,
``BOUNDS``: events/app reads both ways through these), so the numbers are the same, exactly.

A summary is used only while it is current: ``stamp`` (the stories' and event rows' counts and highest
search keys, events/store/search.py) is kept beside it, and a store changed since (an ingest between two
windows, a store of an older version opened to read, a writer that does not refresh) is asked live. A key
is never given twice, and every write of a story or an event row gives a new one, so a changed store has
another stamp."""

from __future__ import annotations

from events.store import search
from events.store.transactions import transaction

MONTHS = "summary_months"
CHOICES = "summary_choices"
BOUNDS_TABLE = "summary_bounds"
STAMP = "summary_stamp"
# where a row sits in time for counting: its start, else its end (an undated row's report date)
WHEN = search.FACETS["placed"][1]
# the rows the timeline counts per view, as the unfiltered page asks them: the table and what is counted
# as its reports (a story's reports; the event rows' articles are counted apart: no month adds them up)
VIEWS = {"stories": ("stories", "sum(n_reports)", ", n_reports"), "reports": ("events", "0", "")}
# the columns whose values the filters offer, each with whether it holds ;-joined values (events/app/filters.py
# COLUMN_OF and MULTI_VALUED: a test checks they agree)
CHOICE_COLUMNS = {"actor_codes": True, "weapon_class": False, "weapon": False, "event_type": False, "source": False, "date_precision": False}
# the date picker's bounds and the period the timeline opens on
BOUNDS = "SELECT min(coalesce(date_start, date_end)) AS low, max(date_end) AS high, min(published) AS published_low, max(published) AS published_high FROM events"
# the articles the event rows come from (the reports view's summary)
ARTICLES = "SELECT count(DISTINCT article_id) FROM events"


def rows_sql(view: str, where: str = "TRUE", relation: str | None = None, extra: str = "") -> str:
    """SQL of the rows of ``view`` passing ``where``, with what ``months_sql`` counts of them (``extra``:
    more columns, such as a lane's)."""
    table, _, told = VIEWS[view]
    return f"SELECT {WHEN} AS placed, event_type, date_start{extra}{told} FROM {relation or table} WHERE {where}"


def months_sql(rows: str, view: str, extra: str = "") -> str:
    """SQL of the rows of ``rows`` (``rows_sql``'s columns) counted per month of their place in time (its
    number, year * 12 + month - 1; NULL: none), event type (and ``extra``, a lane's column): events,
    reports, the start dates' and the places in time's bounds."""
    told = VIEWS[view][1]
    return (f"SELECT year(placed) * 12 + month(placed) - 1 AS m, event_type{extra}, count(*) AS events, CAST({told} AS BIGINT) AS reports,"
            f" min(date_start) AS first, max(date_start) AS last, min(placed) AS low, max(placed) AS high FROM ({rows}) GROUP BY ALL")


def choices_sql(column: str) -> str:
    """SQL of the distinct values of ``column`` among the event rows, sorted (a story's are among its
    reports'). A ;-joined column's distinct values are split, not every row's: at ten million events the
    split of each row took 0.3 s of the page's first draw, the distinct values (a few thousand) none."""
    if CHOICE_COLUMNS[column]:
        value, rows = f"unnest(string_split({column}, ';'))", f"(SELECT DISTINCT {column} FROM events)"
    else:
        value, rows = column, "events"
    return f"SELECT DISTINCT v FROM (SELECT {value} AS v FROM {rows}) WHERE v IS NOT NULL AND v <> '' ORDER BY v"


STAMP_SQL = (f"SELECT (SELECT count(*) FROM stories) AS stories, (SELECT coalesce(max({search.KEY}), 0) FROM stories) AS story_top,"
             f" (SELECT count(*) FROM events) AS events, (SELECT coalesce(max({search.KEY}), 0) FROM events) AS event_top")


def refresh(con, own_transaction: bool = True) -> None:
    """Recompute every summary of the store on ``con`` (a writer's), in a transaction of its own unless
    ``own_transaction`` is False (the caller's holds it): a few passes over the stories and the event rows
    (about 2 s at ten million events)."""
    with transaction(con, own_transaction):
        months = " UNION ALL ".join(f"SELECT '{view}' AS view, * FROM ({months_sql(rows_sql(view), view)})" for view in VIEWS)
        con.execute(f"CREATE OR REPLACE TABLE {MONTHS} AS {months}")
        choices = " UNION ALL ".join(f"SELECT '{column}' AS column_name, v AS value FROM ({choices_sql(column)})" for column in CHOICE_COLUMNS)
        con.execute(f"CREATE OR REPLACE TABLE {CHOICES} AS {choices}")
        con.execute(f"CREATE OR REPLACE TABLE {BOUNDS_TABLE} AS SELECT *, ({ARTICLES}) AS articles FROM ({BOUNDS})")
        # last: a summary is current only with its stamp
        con.execute(f"CREATE OR REPLACE TABLE {STAMP} AS {STAMP_SQL}")


def current(con) -> bool:
    """Whether the store on ``con`` has summaries and nothing was written since they were made."""
    present = con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name IN (?, ?, ?, ?)", [MONTHS, CHOICES, BOUNDS_TABLE, STAMP]).fetchone()[0]
    if present != 4 or not con.execute("SELECT count(*) FROM information_schema.columns WHERE table_name = 'stories' AND column_name = ?", [search.KEY]).fetchone()[0]:
        return False
    kept = con.execute(f"SELECT * FROM {STAMP}").fetchone()
    return kept is not None and tuple(kept) == tuple(con.execute(STAMP_SQL).fetchone())


def months(view: str, event_types: tuple[str, ...] = ()) -> str:
    """SQL of ``months_sql``'s answer for the whole of ``view``, or its rows of ``event_types`` only (the
    counts are grouped by event type, so a filter of types alone is their sum, exactly), from its summary."""
    if view not in VIEWS:
        raise ValueError(f"no summary of a view {view!r}")
    kept = f" AND {search.event_types_condition(event_types)}" if event_types else ""
    return f"SELECT m, event_type, events, reports, first, last, low, high FROM {MONTHS} WHERE view = '{view}'{kept}"


def choices(con, column: str) -> list[str]:
    """``choices_sql``'s answer, from the summary."""
    return [r[0] for r in con.execute(f"SELECT value FROM {CHOICES} WHERE column_name = ? ORDER BY value", [column]).fetchall()]


def bounds(con) -> dict:
    """``BOUNDS``' answer and ``ARTICLES``' (``articles``), from the summary."""
    cursor = con.execute(f"SELECT * FROM {BOUNDS_TABLE}")
    names = [d[0] for d in cursor.description]
    return dict(zip(names, cursor.fetchone()))
