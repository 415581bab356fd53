"""The filtered events as files: CSV (safe to open in a spreadsheet), Parquet, JSON Lines and a
TimelineJS story. Built only when asked (the dashboard passes these functions, not their results)."""

from __future__ import annotations

import html
import io
import json
import re

import pandas as pd

from events.store.tables import write

# The only links a TimelineJS slide keeps: javascript:, data: and the rest would run or load in the viewer. The
# scheme must open the text (no space or control character before it) and a host must follow.
SAFE_LINK = re.compile(r"https?://[^\s/?#]", re.I)


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """The rows as CSV, written by the one CSV writer (``events.store.tables.write``): formula cells neutralised
    and fields with line breaks quoted, as ``events extract`` and ``events export`` write them."""
    buffer = io.StringIO()
    write(frame, None, "csv", buffer)
    return buffer.getvalue().encode("utf-8")


def parquet_bytes(frame: pd.DataFrame) -> bytes:
    buffer = io.BytesIO()
    frame.to_parquet(buffer, index=False)
    return buffer.getvalue()


def jsonl_bytes(frame: pd.DataFrame) -> bytes:
    buffer = io.StringIO()
    write(frame, None, "jsonl", buffer)
    return buffer.getvalue().encode("utf-8")


def safe_link(url) -> bool:
    """Whether ``url`` is an http(s) link, the only kind a TimelineJS slide keeps (javascript:, data:, file:
    and the rest are dropped)."""
    return isinstance(url, str) and SAFE_LINK.match(url) is not None


def _timelinejs_date(ts: pd.Timestamp, precision: str) -> dict:
    out = {"year": int(ts.year)}
    if precision in ("day", "week", "month", "quarter", "season", "half"):
        out["month"] = int(ts.month)
    if precision in ("day", "week"):
        out["day"] = int(ts.day)
    return out


def timelinejs(frame: pd.DataFrame, title: str = "Eventline") -> dict:
    """A TimelineJS3 story (https://timeline.knightlab.com/docs/json-format.html): one slide per dated
    event, its start and end at the event's precision, the sentence as text."""
    events = []
    for row in frame.itertuples(index=False):
        if pd.isna(row.date_start):
            continue
        slide = {
            "unique_id": row.event_id,
            "start_date": _timelinejs_date(row.date_start, row.date_precision),
            # TimelineJS renders these as HTML: article text is escaped so nothing in it runs
            "text": {"headline": html.escape(f"{row.event_type.replace('_', ' ')}: {row.weapon or row.actors}"), "text": html.escape(row.sentence)},
            "group": row.event_type,
        }
        if pd.notna(row.date_end) and row.date_end != row.date_start:
            slide["end_date"] = _timelinejs_date(row.date_end, row.date_precision)
        if safe_link(row.url):
            slide["text"]["text"] += f' <a href="{html.escape(row.url, quote=True)}">{html.escape(row.source or "source")}</a>'
        events.append(slide)
    left_out = len(frame) - len(events)
    said = f"{len(events)} dated events" + (f"; {left_out} undated ones left out (no date of their own to place them on)" if left_out else "")
    return {"title": {"text": {"headline": title, "text": said}}, "events": events}


def undated_count(frame: pd.DataFrame) -> int:
    """How many rows a TimelineJS story leaves out: those with no date of their own."""
    return int(frame["date_start"].isna().sum()) if len(frame) else 0


def timelinejs_bytes(frame: pd.DataFrame) -> bytes:
    return json.dumps(timelinejs(frame), ensure_ascii=False, indent=1).encode("utf-8")
