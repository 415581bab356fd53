"""The timeline's and the summary strip's answers for a filter from one reading of the rows that pass it.

A text search of ten million stories costs its test of every story's key in the search index's bitmaps
(events/store/search.py) each time the rows are read; the page used to read them three times (the summary,
the timeline's counts, the strip's counts). Here the rows passing are read once and counted per month, lane
and event type, with each group's reports and date bounds; the summary, the timeline's counts per month or
year and lane, and the strip's per month or year and type are added up from those counts, exactly. Only a
timeline binned in weeks or days (the rows span three years or less: few months, so the reading is cheap to
repeat) is counted again at that grain, and a reports view's articles (a distinct count, which months cannot
add up) are counted apart.

Three shortcuts give the same counts without reading the rows: the whole store's (no filter, event-type lanes)
are kept with it (events/store/summaries.py); a search of one word, in event-type lanes, is counted
from that word's postings, which keep what is counted of each story or event row
(events/store/search.py FACETS, REPORT_FACETS), a reports view's articles as the bits of one bitmap of their
numbers, in any bins; with other filters, event types and a last day are the postings' own, the rest a
bitmap of the keys of the rows passing it, read from their columns once."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from events.app import figures, filters, queries
from events.store import search, summaries

# the bins a month's counts add up to; weeks and days cut across months and are counted from the rows
FROM_MONTHS = {"MS": "datetime64[M]", "YS": "datetime64[Y]"}


# ``monthly``'s postings not asked yet by its caller
ASK = object()


def monthly(con, view: str, f: filters.EventFilter, lane: str = "event_type", found=ASK) -> pd.DataFrame:
    """The rows passing the filter counted per month of their place in time (NaT: none), lane and event type:
    the columns month, lane, event_type, events, reports (stories: their reports; reports: 0), first, last
    (their start dates' bounds) and low, high (their places in time's bounds). ``found``: ``_from_postings``'
    answer, where the caller asked it already."""
    relation = queries.RELATION[view] if view == "stories" and lane not in queries.CANONICAL else None
    # grouped on the month's number and the lane's own column: a row's lane (its first actor, "(none)" for
    # empty) is found once per group after, not per row (a third of the reading's cost at ten million rows)
    raw = "" if lane == "event_type" else f", {lane}"
    params: list = []
    if lane == "event_type" and replace(f, event_types=()).is_empty() and summaries.current(con):
        # the whole store, or its rows of some event types, counted when it was written (events/store/summaries.py)
        grouped = summaries.months(view, f.event_types)
    else:
        found = _from_postings(con, view, f, lane) if found is ASK else found
        if found is None:
            where, params = filters.where(f, view, con)
            sql = summaries.rows_sql(view, where, relation, raw)
        else:
            sql, _, params = found
        grouped = summaries.months_sql(sql, view, raw)
    table = con.execute(
        f"SELECT make_timestamp(m // 12, m % 12 + 1, 1, 0, 0, 0) AS month, {queries.lane_expression(lane)} AS lane, event_type, events, reports,"
        f" first, last, low, high FROM ({grouped})", params
    ).df()
    table["month"] = table["month"].astype("datetime64[s]")
    return table


def _from_postings(con, view: str, f: filters.EventFilter, lane: str) -> tuple[str, int, list] | None:
    """The rows a search of one word finds, with what ``monthly`` counts of them (placed, event_type,
    date_start; a story's n_reports; a report's article), read from the word's postings in
    the search index (events/store/search.py), the highest key of the rows and the SQL's parameters: where
    the lanes are event types. The filter's event types and last day are the postings' own facets; the rest
    of it (actors, weapons, sources, precisions, a first day: a row's end is not a facet) is asked of the
    rows' own columns once, their keys a bitmap the postings are tested in. None otherwise (no search, other
    lanes, a search the postings cannot answer): the rows are then read and tested."""
    if lane != "event_type" or not f.text.strip():
        return None
    of = search.STORIES if view == "stories" else search.REPORTS
    rest = replace(f, text="", event_types=(), date_to=None)
    among = None if rest.is_empty() else filters.where(rest, view)
    found = search.found_rows(f.text.strip().lower(), con, f.event_types, of, f.date_to, among)
    if found is None:
        return None
    told = ", n_reports" if view == "stories" else ", article"
    return f"SELECT placed, event_type, CASE WHEN dated THEN placed END AS date_start{told} FROM ({found[0]})", found[1], found[2]


def _binned_from_postings(con, found: tuple[str, int, list], freq: str) -> pd.DataFrame:
    """queries.counts' answer (when, lane, events) in weeks or days, event-type lanes, from the rows
    ``_from_postings`` found."""
    sql, _, params = found
    table = con.execute(
        f"SELECT CAST(date_trunc('{queries.FREQ_UNIT[freq]}', placed) AS TIMESTAMP) AS \"when\", {queries.lane_expression('event_type')} AS lane,"
        f" count(*) AS events FROM ({sql}) WHERE placed IS NOT NULL GROUP BY ALL ORDER BY \"when\", lane", params
    ).df()
    table["when"] = table["when"].astype("datetime64[s]")
    table["events"] = table["events"].astype("int64")
    return table


def _day(value):
    # a bound as queries.summary gives it: a date, or None
    return None if pd.isna(value) else pd.Timestamp(value).date()


def summary_of(months: pd.DataFrame) -> dict:
    """queries.summary's answer from the monthly counts (``told``: the stories' reports; a reports view's
    articles are not in them)."""
    return {"rows": int(months["events"].sum()), "told": int(months["reports"].sum()), "first": _day(months["first"].min()),
            "last": _day(months["last"].max()), "low": _day(months["low"].min()), "high": _day(months["high"].max())}


def reports_summary(con, f: filters.EventFilter, months: pd.DataFrame, found: tuple[str, int, list] | None) -> dict:
    """queries.summary's answer for the reports view: from the monthly counts, with the articles counted
    from the word's postings (``found``), or kept with the store for the whole of it; else asked."""
    if found is not None:
        return {**summary_of(months), "told": int(con.execute(search.articles_among(found[0], found[1]), found[2]).fetchone()[0])}
    if f.is_empty() and summaries.current(con):
        return {**summary_of(months), "told": int(summaries.bounds(con)["articles"])}
    asked = queries.summary(con, "reports", f)
    # bounds as days whichever way they were found (a table file's are timestamps)
    return {**asked, **{k: _day(asked[k]) for k in ("first", "last", "low", "high")}}


def rolled_up(months: pd.DataFrame, by: str, freq: str) -> pd.DataFrame:
    """queries.counts' answer (when, lane, events) from the monthly counts, per ``freq`` (MS or YS) and the
    column ``by`` (lane or event_type)."""
    dated = months[months["month"].notna()]
    when = dated["month"].to_numpy().astype(FROM_MONTHS[freq]).astype("datetime64[s]")
    table = (pd.DataFrame({"when": when, "lane": dated[by].to_numpy(), "events": dated["events"].to_numpy()})
             .groupby(["when", "lane"], as_index=False, sort=True)["events"].sum())
    table["events"] = table["events"].astype("int64")
    return table.reset_index(drop=True)


def overview(con, view: str, f: filters.EventFilter, lane: str = "event_type") -> dict:
    """What the timeline and the strip draw: ``summary`` (queries.summary), ``rows`` when they are few enough
    for points (else None), else ``binned`` (queries.counts per figures.bin_for and lane), and ``strip``:
    (figures.strip_bin, the counts per bin and event type)."""
    found = _from_postings(con, view, f, lane)
    months = monthly(con, view, f, lane, found)
    summary = summary_of(months) if view == "stories" else reports_summary(con, f, months, found)
    few = summary["rows"] <= figures.MAX_POINTS
    freq = figures.bin_for(summary["low"], summary["high"])
    binned = None
    if not few:
        if freq in FROM_MONTHS:
            binned = rolled_up(months, "lane", freq)
        elif found is not None:  # weeks or days, from the search's postings too
            binned = _binned_from_postings(con, found, freq)
        else:
            binned = queries.counts(con, view, f, lane, freq)
    strip = figures.strip_bin(summary["low"], summary["high"])
    return {"summary": summary, "rows": queries.rows(con, view, f) if few else None, "binned": binned, "strip": (strip, rolled_up(months, "event_type", strip))}
