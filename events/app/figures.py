"""Plotly figures for the dashboard: the timeline of the rows in view (a few thousand at most), counts per
bin and lane when there are more (counted by SQL: events/app/queries.py), the counts per month by type, and
the map of places. Pure functions of DataFrames; nothing here knows about Streamlit."""

from __future__ import annotations

import html
import zlib
from datetime import date
from functools import lru_cache

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from events.app.detail import day_text

# Over this many events in view the timeline shows counts per bin instead of points: a browser stays
# responsive, and a million points are never shipped to it.
MAX_POINTS = 5000
LANE_FIELDS = {"event_type": "event type", "actor_codes": "actor", "weapon_class": "weapon class", "source": "source"}
UNDATED_LANE = "(undated)"
POINT_SIZE = 10
MAX_POINT_SIZE = 44
# Tick spacing of a short window, by its length in days: every day up to about two weeks, every other day up to
# five weeks (about 18 labels, which still fit beside each other on a wide screen), every seventh day up to three
# months; beyond, Plotly's own choice (months, years). A tick always names a day, not a week or a month.
DAY_TICKS = ((16, 1), (35, 2), (92, 7))
DAY_MS = 86_400_000
# The legend sits above the plot, wrapped to its width (anchored at its bottom: anchored at its top, as Plotly does
# for a legend high up, it hung over the plot, a scrolled box over half of it on a phone), and the toolbar stands
# upright in a right margin of its own: lying across the top right, it covered the legend's last entries whenever
# the legend filled its row (ten types at 1400 px, two at 390 px).
LEGEND = {"orientation": "h", "yanchor": "bottom", "y": 1.02, "xanchor": "left", "x": 0}
TOOLBAR = {"orientation": "v"}
MARGIN = {"l": 10, "r": 36, "t": 30, "b": 10}
PALETTE = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"]


def _lane_values(frame: pd.DataFrame, field: str) -> pd.Series:
    """The lane of each event, as a categorical: named once per distinct value (a few hundred), then
    spread to the events by integer codes, so a million events cost milliseconds."""
    column = frame[field].astype("category")
    names = [((str(v).split(";")[0] if field == "actor_codes" else str(v)) or "(none)") for v in column.cat.categories]
    lanes = sorted(set(names)) + ["(none)"]
    position = {name: i for i, name in enumerate(lanes)}
    remap = np.array([position[n] for n in names] + [position["(none)"]], dtype=np.int64)
    codes = remap[column.cat.codes.to_numpy()]  # code -1 (missing) takes the last entry: "(none)"
    return pd.Series(pd.Categorical.from_codes(codes, lanes), index=frame.index)


def _label(text) -> str:
    """A name as Plotly shows it (lanes, legend, hover): Plotly reads <b>, <a href=...>, <br> and entities in
    its labels, so a source named ``<b>x</b>`` is escaped to show as text. Quotes are left: Plotly decodes only
    a few named entities (not &quot;), and without < no tag can start."""
    return html.escape(str(text), quote=False)


def _shown(lanes: pd.Series) -> pd.Series:
    """Lane names as labels (categories escaped once each, not per event)."""
    return lanes.cat.rename_categories([_label(c) for c in lanes.cat.categories])


def _colours(values, field: str = "event_type") -> dict[str, str]:
    """Each value's colour, the same in every view and filter: an event type's is declared with it
    (event_types.yaml); any other value's is picked by a hash of it, not by its rank among those shown."""
    declared = _type_colours() if field == "event_type" else {}
    return {v: declared.get(v) or PALETTE[zlib.crc32(str(v).encode("utf-8")) % len(PALETTE)] for v in sorted(set(values))}


@lru_cache(maxsize=1)
def _type_colours() -> dict[str, str]:
    from events.coding.vocab import vocabulary

    return {t.name: t.colour for t in vocabulary().event_types}


def _hover(frame: pd.DataFrame) -> list[str]:
    """Hover labels: type, actors, weapon, date with precision, title (a story's: how many reports and
    sources); article text escaped."""
    out = []
    stories = "story_id" in frame.columns
    for row in frame.itertuples(index=False):
        weapon = f"{row.weapon or '-'} ({row.weapon_class or '-'})"
        if stories:
            when = (day_text(row.date_start) + ("" if row.date_end == row.date_start else f" .. {day_text(row.date_end)}")) if pd.notna(row.date_start) else "undated"
            when += f" [{row.date_precision}]" + (" date conflict" if row.date_conflict else "")
            told = f"{row.n_reports} report{'s' if row.n_reports != 1 else ''}, {row.n_sources} source{'s' if row.n_sources != 1 else ''}"
        else:
            when, told = f"{row.timex or 'undated'} [{row.date_precision}]", None
        parts = [row.event_type.replace("_", " "), row.actors.replace(";", ", ") or "-", weapon, when, told, (row.title or "")[:80]]
        out.append("<br>".join(_label(p) for p in parts if p is not None))
    return out


def row_ids(frame: pd.DataFrame) -> pd.Series:
    """What a click on a row's mark selects: its story in the stories view, else its event."""
    return frame["story_id"] if "story_id" in frame.columns else frame["event_id"]


def point_sizes(frame: pd.DataFrame) -> pd.Series | int:
    """Marker size: a story's grows with its number of reports (by area, capped); a report's is fixed."""
    return _grown(frame["n_reports"]) if "n_reports" in frame.columns else POINT_SIZE


def _grown(n: pd.Series) -> pd.Series:
    """A marker whose area grows with ``n``, capped."""
    return (POINT_SIZE * np.sqrt(n.clip(lower=1))).clip(upper=MAX_POINT_SIZE)


def bar_widths(frame: pd.DataFrame) -> pd.Series | None:
    """Bar thickness (a share of its lane) for a vague date: a story's grows with its reports, like a point."""
    if "n_reports" not in frame.columns:
        return None
    return (0.2 * np.sqrt(frame["n_reports"].clip(lower=1))).clip(upper=0.8)


def _span_days(start, end) -> int:
    return (end - start).days if pd.notna(start) and pd.notna(end) else 0


def day_span(start, end) -> tuple[date, date] | None:
    """The days from ``start`` to ``end`` (dates or timestamps) as dates, or None when they are not two
    different days (a slider over one day has nowhere to go)."""
    if pd.isna(start) or pd.isna(end):
        return None
    first, last = pd.Timestamp(start).date(), pd.Timestamp(end).date()
    return (first, last) if first < last else None


def bin_for(start, end) -> str:
    """Count bins for a span: days up to three months, weeks up to three years, months up to twenty years,
    years beyond (a few hundred bars per lane at most)."""
    days = _span_days(start, end)
    return "D" if days <= 92 else "W" if days <= 3 * 366 else "MS" if days <= 20 * 366 else "YS"


def date_ticks(span: tuple | None) -> dict:
    """The x-axis tick settings for a window (``span``: first and last instant): a tick every day, every other
    day or every week when the window is a few weeks (Plotly's own choice follows the chart's width: a
    three-week filter had three ticks a week apart on a phone), counted from the window's first day; none
    (Plotly chooses) for a longer window or none at all."""
    if span is None or pd.isna(span[0]) or pd.isna(span[1]):
        return {}
    first = pd.Timestamp(span[0]).normalize()
    days = (pd.Timestamp(span[1]) - first).days
    for most, step in DAY_TICKS:
        if days <= most:
            return {"tick0": first.strftime("%Y-%m-%d"), "dtick": step * DAY_MS}
    return {}


def timeline_figure(frame: pd.DataFrame, lane: str = "event_type", colour: str = "event_type", span: tuple | None = None) -> go.Figure:
    """The timeline of at most ``MAX_POINTS`` rows: day-precision ones as points, vaguer ones as bars
    spanning their range, undated ones hollow in a lane of their own at the report date."""
    fig = go.Figure()
    lanes = _shown(_lane_values(frame, lane))
    colours_by = _lane_values(frame, colour)
    palette = _colours(colours_by, colour)
    hover = pd.Series(_hover(frame), index=frame.index) if len(frame) else pd.Series(dtype=str)
    dated = frame["date_start"].notna()
    is_day = dated & (frame["date_precision"] == "day")
    ranged = dated & ~is_day
    for value, colour_hex in palette.items():
        pick = colours_by == value
        points = frame[is_day & pick]
        if len(points):
            fig.add_trace(go.Scattergl(
                x=points["date_start"], y=lanes[points.index], mode="markers", name=_label(value), legendgroup=value,
                marker={"size": point_sizes(points), "color": colour_hex}, customdata=row_ids(points), hovertext=hover[points.index], hoverinfo="text",
            ))
        spans = frame[ranged & pick]
        if len(spans):
            width_ms = (spans["date_end"] - spans["date_start"]).dt.total_seconds() * 1000 + 86_400_000
            fig.add_trace(go.Bar(
                base=spans["date_start"], x=width_ms, y=lanes[spans.index], width=bar_widths(spans), orientation="h", name=_label(value), legendgroup=value,
                showlegend=not len(points), marker={"color": colour_hex, "opacity": 0.45}, customdata=row_ids(spans),
                hovertext=hover[spans.index], hoverinfo="text",
            ))
        undated = frame[~dated & pick]
        if len(undated):
            fig.add_trace(go.Scattergl(
                x=undated["date_end"].fillna(undated["published"]), y=[UNDATED_LANE] * len(undated), mode="markers", name=_label(value),
                legendgroup=value, showlegend=False, marker={"size": point_sizes(undated), "color": colour_hex, "symbol": "circle-open"},
                customdata=row_ids(undated), hovertext=hover[undated.index], hoverinfo="text",
            ))
    fig.update_layout(
        barmode="overlay", height=max(320, 60 + 32 * (lanes.nunique() + 1)), margin=MARGIN,
        xaxis={"type": "date", "rangeslider": {"visible": True}, "title": None, **({"range": [span[0], span[1]]} if span else {}), **date_ticks(span)},
        yaxis={"title": None, "automargin": True}, legend=LEGEND, modebar=TOOLBAR, clickmode="event+select", dragmode="zoom",
    )
    return fig


def _stacked_bars(table: pd.DataFrame, field: str = "event_type") -> go.Figure:
    """One bar trace per lane of a counts table, coloured by lane (the lanes are values of ``field``)."""
    fig = go.Figure()
    for value, colour_hex in _colours(table["lane"], field).items():
        part = table[table.lane == value]
        fig.add_trace(go.Bar(x=part["when"], y=part["events"], name=_label(value), marker={"color": colour_hex}))
    return fig


def counts_figure(table: pd.DataFrame, lane: str = "event_type") -> go.Figure:
    """Counts per bin stacked by lane (``table``: when, lane, events), for a view too big for points. No
    range slider in the chart: it would only zoom the drawn bins (and draws each bar twice); the page's
    date slider above the chart narrows the view itself, and brings points back."""
    fig = _stacked_bars(table, lane)
    fig.update_layout(barmode="stack", height=420, margin=MARGIN, xaxis={"type": "date"}, yaxis={"title": "events"}, legend=LEGEND, modebar=TOOLBAR)
    return fig


def strip_bin(start, end) -> str:
    """The summary strip's bins: months, or years for a span over ten years (the strip is small: 420
    months of bars stacked by type would be thousands of slivers, slow to draw and too thin to read)."""
    return "MS" if _span_days(start, end) <= 10 * 366 else "YS"


def month_bars(table: pd.DataFrame | None, freq: str = "MS") -> go.Figure:
    """The summary strip's small chart: rows per month (``freq`` MS) or year (YS) by type (``table``:
    when, lane, events)."""
    fig = _stacked_bars(table if table is not None else pd.DataFrame(columns=["when", "lane", "events"]))
    fig.update_layout(barmode="stack", height=180, margin={"l": 0, "r": 0, "t": 0, "b": 0}, showlegend=True, legend={"font": {"size": 9}},
                      xaxis={"type": "date", "tickformat": "%Y" if freq == "YS" else "%b %Y"}, bargap=0.1)
    return fig


def map_figure(places: pd.DataFrame) -> go.Figure:
    """Places with coordinates on a map, coloured by event type, sized by how many rows they hold
    (``places``: location, latitude, longitude, event_type, n). Plotly's own geography (coastlines, borders),
    drawn in the browser: no tile server, so the map works offline; it opens on the places shown."""
    fig = go.Figure()
    for value, colour_hex in _colours(places["event_type"]).items():
        part = places[places.event_type == value]
        fig.add_trace(go.Scattergeo(
            lat=part["latitude"], lon=part["longitude"], mode="markers", name=_label(value),
            marker={"size": _grown(part["n"]), "color": colour_hex, "line": {"width": 0.5, "color": "#ffffff"}},
            hovertext=[_label(t) for t in part["location"] + ": " + part["event_type"] + " x" + part["n"].astype(str)], hoverinfo="text",
        ))
    fig.update_geos(projection_type="natural earth", showcountries=True, countrycolor="#bbbbbb", showland=True, landcolor="#f3f3ee",
                    showocean=True, oceancolor="#e8f0f8", coastlinecolor="#999999", fitbounds="locations" if len(places) else False)
    fig.update_layout(height=480, margin={"l": 0, "r": 0, "t": 0, "b": 0}, legend={"orientation": "h", "y": 1.02})
    return fig


def drawn_rows(rows: pd.DataFrame, undated: bool) -> tuple[pd.DataFrame, int]:
    """The rows the timeline draws and how many undated ones it leaves out: by default only dated rows, since
    most stories of a state-media corpus have no date of their own and would bury the dated ones."""
    if undated:
        return rows, 0
    dated = rows["date_start"].notna()
    return rows[dated], int((~dated).sum())


def window(published_low, published_high, date_from=None, date_to=None) -> tuple[pd.Timestamp, pd.Timestamp] | None:
    """The dates the timeline opens on: the date filter's when one is set, else the period the articles were
    published in, padded a little (a twentieth of it, two months at least: news tells of "last month's test"),
    not the span of every date they mention ("the 15th century" would squeeze the news into one spike at the
    right edge)."""
    if date_from is not None or date_to is not None:
        low = pd.Timestamp(date_from if date_from is not None else published_low)
        high = pd.Timestamp(date_to if date_to is not None else published_high)
        return (low, high + pd.Timedelta(days=1)) if pd.notna(low) and pd.notna(high) else None
    if published_low is None or published_high is None or pd.isna(published_low) or pd.isna(published_high):
        return None
    low, high = pd.Timestamp(published_low), pd.Timestamp(published_high)
    pad = max(pd.Timedelta(days=62), (high - low) / 20)
    return low - pad, high + pad


def outside(rows: pd.DataFrame, span: tuple[pd.Timestamp, pd.Timestamp] | None) -> tuple[int, int]:
    """How many dated rows lie wholly before and wholly after the window."""
    if span is None or not len(rows):
        return 0, 0
    dated = rows[rows["date_start"].notna()]
    return int((dated["date_end"] < span[0]).sum()), int((dated["date_start"] > span[1]).sum())
