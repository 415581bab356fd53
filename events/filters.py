"""Filtering the event table, and the filter's round trip through a URL's query parameters (so a filtered
view can be shared). Pure functions: the dashboard only lays them out."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from datetime import date

import pandas as pd

LIST_FIELDS = ("actors", "weapon_classes", "weapons", "event_types", "sources", "precisions")
# filter field -> event table column
COLUMN_OF = {
    "actors": "actor_codes",
    "weapon_classes": "weapon_class",
    "weapons": "weapon",
    "event_types": "event_type",
    "sources": "source",
    "precisions": "date_precision",
}

# columns holding ;-joined values: a row passes if any of its values is wanted
MULTI_VALUED = {"actor_codes", "sources"}


def column_of(name: str, frame: pd.DataFrame) -> str:
    """The column a list filter reads: a story's sources are all its reports' (``sources``), not its
    headline report's ``source``."""
    return "sources" if name == "sources" and "sources" in frame.columns else COLUMN_OF[name]


@dataclass(frozen=True)
class EventFilter:
    actors: tuple[str, ...] = ()  # actor codes: an event passes if it has any of them
    weapon_classes: tuple[str, ...] = ()
    weapons: tuple[str, ...] = ()
    event_types: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    precisions: tuple[str, ...] = ()
    date_from: date | None = None
    date_to: date | None = None
    text: str = ""

    def is_empty(self) -> bool:
        return self == EventFilter()


def apply(frame: pd.DataFrame, f: EventFilter) -> pd.DataFrame:
    """The events that pass every set criterion. Dates: an event passes when its range meets
    [date_from, date_to] (an undated event by its publication date)."""
    if f.is_empty():
        return frame  # no copy of a million rows for the unfiltered view
    mask = pd.Series(True, index=frame.index)
    for name in LIST_FIELDS:
        wanted = getattr(f, name)
        if not wanted:
            continue
        column = frame[column_of(name, frame)]
        if column.name in MULTI_VALUED:
            # decide once per distinct ;-joined value (a few hundred), not once per event (millions)
            wanted_set = set(wanted)
            passing = [v for v in column.dropna().unique() if wanted_set & set(str(v).split(";"))]
            mask &= column.isin(passing)
        else:
            mask &= column.isin(wanted)
    if f.date_from is not None or f.date_to is not None:
        start = frame["date_start"].fillna(frame["date_end"]).fillna(frame["published"])
        end = frame["date_end"].fillna(frame["published"])
        if f.date_from is not None:
            mask &= end >= pd.Timestamp(f.date_from)
        if f.date_to is not None:
            mask &= start <= pd.Timestamp(f.date_to)
    if f.text.strip():
        needle = f.text.strip()
        mask &= frame["sentence"].str.contains(needle, case=False, regex=False) | frame["title"].str.contains(needle, case=False, regex=False)
    return frame[mask]


# every query parameter a filter may set
QUERY_KEYS = LIST_FIELDS + ("from", "to", "q")


def to_query(f: EventFilter) -> dict[str, str]:
    """Query parameters for a filter: lists comma-joined, dates ISO; empty criteria left out."""
    out: dict[str, str] = {}
    for name in LIST_FIELDS:
        values = getattr(f, name)
        if values:
            out[name] = ",".join(values)
    if f.date_from:
        out["from"] = f.date_from.isoformat()
    if f.date_to:
        out["to"] = f.date_to.isoformat()
    if f.text.strip():
        out["q"] = f.text.strip()
    return out


def from_query(params) -> EventFilter:
    """The filter a URL's query parameters describe; unreadable values are ignored, not fatal."""
    def listed(name: str) -> tuple[str, ...]:
        raw = params.get(name) or ""
        if isinstance(raw, (list, tuple)):
            raw = ",".join(raw)
        return tuple(v for v in (s.strip() for s in str(raw).split(",")) if v)

    def day(name: str) -> date | None:
        try:
            return date.fromisoformat(str(params.get(name)))
        except (TypeError, ValueError):
            return None

    return EventFilter(**{n: listed(n) for n in LIST_FIELDS}, date_from=day("from"), date_to=day("to"), text=str(params.get("q") or ""))


def options(frame: pd.DataFrame) -> dict[str, list[str]]:
    """The values each list filter can take, from the table."""
    out = {}
    for name in LIST_FIELDS:
        distinct = frame[COLUMN_OF[name]].dropna().unique()
        if name == "actors":
            values = {c for v in distinct for c in str(v).split(";") if c}
        else:
            values = {str(v) for v in distinct if v}
        out[name] = sorted(values)
    return out


def restricted(f: EventFilter, available: dict[str, list[str]]) -> EventFilter:
    """The filter with values the table does not have dropped (a shared URL from another table)."""
    return replace(f, **{n: tuple(v for v in getattr(f, n) if v in available.get(n, ())) for n in LIST_FIELDS})


__all__ = ["EventFilter", "apply", "to_query", "from_query", "options", "restricted", "fields"]
