"""Filtering the event table, and the filter's round trip through a URL's query parameters (so a filtered
view can be shared). Pure functions: the dashboard only lays them out."""

from __future__ import annotations

from functools import lru_cache
from dataclasses import dataclass, fields, replace
from datetime import date

import pandas as pd

from events.coding.schema import PRECISION
from events.store import search

LIST_FIELDS = ("actors", "weapon_classes", "weapons", "event_types", "sources", "precisions")
# filter field -> event table column (a story's sources are all its reports', in ``sources``)
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


def where(f: EventFilter, view: str = "reports", con=None) -> tuple[str, list]:
    """The filter as a SQL condition with its parameters, over the rows of a view: ``reports`` (the events
    table) or ``stories`` (a story passes on its canonical date and weapon, any of its actors and sources,
    and the text search on any of its reports' sentences and titles, through the search index when ``con``,
    the connection the condition is asked on, is given: see events/store/search.py). Dates: a
    row passes when its range meets [date_from, date_to] (an undated one by its publication date)."""
    terms, params = ["TRUE"], []
    columns_of = {**COLUMN_OF, "sources": "sources"} if view == "stories" else COLUMN_OF
    for name in LIST_FIELDS:
        wanted = list(getattr(f, name))
        if not wanted:
            continue
        if name == "actors":
            wanted = with_members(wanted)
        column = columns_of[name]
        if column in MULTI_VALUED:
            terms.append(f"list_has_any(string_split({column}, ';'), ?::VARCHAR[])")
        else:
            terms.append(f"list_contains(?::VARCHAR[], {column})")
        params.append(wanted)
    if f.date_from is not None:
        terms.append("coalesce(date_end, published) >= ?")
        params.append(f.date_from)
    if f.date_to is not None:
        terms.append("coalesce(date_start, date_end, published) <= ?")
        params.append(f.date_to)
    if f.text.strip():
        found, found_params = search.matches(f.text.strip().lower(), view, con)
        terms.append(found)
        params += found_params
    return " AND ".join(terms), params


def apply(frame: pd.DataFrame, f: EventFilter) -> pd.DataFrame:
    """The rows of an event frame that pass the filter: the dashboard's SQL (``where``), run over the frame."""
    if f.is_empty():
        return frame  # no copy of a million rows for the unfiltered view
    import duckdb

    condition, params = where(f)
    con = duckdb.connect()
    try:
        con.register("events", frame)
        keep = con.execute(f"SELECT coalesce({condition}, FALSE) AS keep FROM events", params).fetchnumpy()["keep"]
    finally:
        con.close()
    return frame[keep]


# every query parameter a filter may set
QUERY_KEYS = LIST_FIELDS + ("from", "to", "q")


def to_query(f: EventFilter) -> dict[str, str]:
    """Query parameters for a filter: lists comma-joined, dates ISO; empty criteria left out."""
    out: dict[str, str] = {}
    for name in LIST_FIELDS:
        values = getattr(f, name)
        if values:
            out[name] = _joined(values)
    if f.date_from:
        out["from"] = f.date_from.isoformat()
    if f.date_to:
        out["to"] = f.date_to.isoformat()
    if f.text.strip():
        out["q"] = f.text.strip()
    return out


def _joined(values) -> str:
    """List values as one URL parameter: comma-joined, a comma or backslash inside a value escaped by a
    backslash, so "Korea, Republic of" or a source named "A,B" comes back whole (_split)."""
    return ",".join(v.replace("\\", "\\\\").replace(",", "\\,") for v in values)


def _split(raw: str) -> list[str]:
    """The values of a parameter ``_joined`` wrote, escapes undone (a backslash keeps the character after it)."""
    values, current, escaped = [], [], False
    for ch in raw:
        if escaped:
            current.append(ch)
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch == ",":
            values.append("".join(current))
            current = []
        else:
            current.append(ch)
    values.append("".join(current))
    return values


def from_query(params) -> EventFilter:
    """The filter a URL's query parameters describe; unreadable values are ignored, not fatal."""
    def listed(name: str) -> tuple[str, ...]:
        raw = params.get(name) or ""
        if isinstance(raw, (list, tuple)):
            raw = ",".join(raw)
        return tuple(v for v in _split(str(raw)) if v)

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


def in_precision_order(values) -> list[str]:
    """Date precisions from the finest (day) to the coarsest, as the schema lists them; unknown ones last."""
    return sorted(values, key=lambda v: PRECISION.index(v) if v in PRECISION else len(PRECISION))


@lru_cache(maxsize=1)
def _actor_names() -> tuple[dict[str, str], dict[str, tuple[str, ...]]]:
    """Actor code -> its name ("PRK" -> "North Korea"), and state code -> the codes of its people and bodies
    (events/coding/data/actors.csv: each alias names its state)."""
    from events.coding.vocab import vocabulary

    names: dict[str, str] = {}
    members: dict[str, set[str]] = {}
    for actor in vocabulary().actors.values():
        if actor.kind == "state" or actor.code not in names:
            names[actor.code] = actor.name
        if actor.state and actor.code != actor.state:
            members.setdefault(actor.state, set()).add(actor.code)
    return names, {state: tuple(sorted(codes)) for state, codes in members.items()}


def actor_label(code: str) -> str:
    """How an actor is shown and found in the filter: "North Korea (PRK)", "Kim Jong Un (PRK-KJU)"."""
    name = _actor_names()[0].get(code)
    return f"{name} ({code})" if name and name != code else code


def with_members(codes) -> list[str]:
    """Chosen actors with, for each chosen state, its leaders and bodies (PRK: PRK-KJU, PRK-KPA ...)."""
    members = _actor_names()[1]
    out = list(dict.fromkeys(codes))
    for code in codes:
        out += [m for m in members.get(code, ()) if m not in out]
    return out
