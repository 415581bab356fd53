"""The event table's one schema declaration. It drives the DataFrame's columns and dtypes, its validation
(a light check of columns, dtypes, vocabularies, required values and unique ids on the extraction path;
pandera, imported only then, for tables read back and for explicit validation), the CSV/Parquet/JSON Lines
export, and the column table in the README."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING

from events.coding.vocab import vocabulary

if TYPE_CHECKING:
    import pandas as pd
    import pandera.pandas as pa

STATUS = ("occurred", "planned", "failed", "negated", "hypothetical")
DATE_BASIS = ("stated", "relative", "context", "report", "reference", "undated")
PRECISION = ("day", "week", "month", "quarter", "season", "half", "year", "decade", "century", "none", "undated")
PUBLISHED_FROM = ("metadata", "dateline", "user", "inferred", "none")


@dataclass(frozen=True)
class Field:
    name: str
    dtype: str  # "str", "date", "float", "int", "bool"
    description: str
    allowed: tuple[str, ...] | None = None
    nullable: bool = True


@lru_cache(maxsize=1)
def fields() -> tuple[Field, ...]:
    vocab = vocabulary()
    return (
        Field("event_id", "str", "stable id of the event: the same article gives the same ids on every run", nullable=False),
        Field("article_id", "str", "id of the article that reports it", nullable=False),
        Field("event_type", "str", "controlled vocabulary (events/coding/data/event_types.yaml)", tuple(t.name for t in vocab.event_types), nullable=False),
        Field("date_start", "date", "first day the event may have happened (empty when undated)"),
        Field("date_end", "date", "last day it may have happened; for an undated event, the publication date"),
        Field("date_precision", "str", "grain of the date: day ... century; none for a vague reach (recently: the 30 days before) or a bound only (the past); undated", PRECISION, nullable=False),
        Field("timex", "str", "TimeML value of the governing time expression (2023-11, 2023-W51, 199X)"),
        Field("time_text", "str", "the time expression as written"),
        Field("actors", "str", "actor names, ;-joined: states, people and bodies"),
        Field("actor_codes", "str", "their codes, ;-joined: ISO 3166 alpha-3 for states, short codes for people and bodies"),
        Field("weapon", "str", "named system (Hwasong-18) or generic phrase (spy satellite)"),
        Field("weapon_class", "str", "controlled vocabulary (events/coding/data/weapons.yaml classes)", tuple(vocab.weapon_classes) + ("",)),
        Field("location", "str", "place from the gazetteer (events/coding/data/places.csv)"),
        Field("latitude", "float", "of the location"),
        Field("longitude", "float", "of the location"),
        Field("status", "str", "occurred | planned | failed | negated | hypothetical", STATUS, nullable=False),
        Field("date_basis", "str", "stated (absolute date in the text) | relative (to the publication date) | context (from the previous sentence) | report (the report's own news with no time of its own: the day of its attribution, else the dateline's day or the one before, else the publication day or the one before) | reference (a later mention with no time of its own, dated by the story it names in the store: 'the test-fire of Hwasong-14', 'its sixth nuclear test') | undated", DATE_BASIS, nullable=False),
        Field("sentence", "str", "the sentence the event comes from", nullable=False),
        Field("published", "date", "publication date of the article"),
        Field("published_from", "str", "where that date came from: metadata | dateline | user | inferred | none", PUBLISHED_FROM, nullable=False),
        Field("title", "str", "article title"),
        Field("source", "str", "article source (publisher)"),
        Field("url", "str", "article URL"),
        Field("rule", "str", "what fired: the trigger word, the time expression and its rule", nullable=False),
        Field("plover", "str", "PLOVER event type of the event_type (empty where PLOVER has none)"),
        Field("cameo", "str", "CAMEO code of the event_type"),
    )


REQUIRED = (
    "event_id", "article_id", "event_type", "date_start", "date_end", "date_precision", "timex", "time_text",
    "actors", "actor_codes", "weapon", "weapon_class", "location", "latitude", "longitude", "status",
    "date_basis", "sentence", "published", "published_from", "title", "source", "url", "rule",
)
# dates in seconds: any day of years 1 to 9999 (nanoseconds hold only 1677-2262)
DATE_DTYPE = "datetime64[s]"
PANDAS_DTYPES = {"str": str, "date": DATE_DTYPE, "float": float, "int": "int64", "bool": bool}


def columns() -> list[str]:
    return [f.name for f in fields()]


@lru_cache(maxsize=1)
def column_names() -> tuple[str, ...]:
    """The event table's columns, in order (once: an event record is made per row)."""
    return tuple(columns())


def story_only_fields() -> tuple[Field, ...]:
    """The columns a story adds to the event columns (events/store/stories.py)."""
    return (
        Field("story_id", "str", "stable id of the story: every report of one event, across articles", nullable=False),
        Field("n_reports", "int", "how many event rows (reports) the story merges", nullable=False),
        Field("n_sources", "int", "how many distinct sources report it", nullable=False),
        Field("sources", "str", "those sources, ;-joined"),
        Field("first_reported", "date", "publication date of its first report"),
        Field("last_reported", "date", "publication date of its latest report"),
        Field("date_conflict", "bool", "reports date it in ways that do not overlap: see date_readings", nullable=False),
        Field("date_readings", "str", "every date reading of its reports with how many give it, most given first"),
    )


# the story columns the merge (events/store/stories.py) computes; the rest come from the report that best dates the story. The
# event type (one per story) and the headline report's publication date are kept here too: with them every
# filter and count of the dashboard is answered from the stories table alone, without the join to events
CANONICAL = ("story_id", "event_id", "event_type", "date_start", "date_end", "date_precision", "actors", "actor_codes", "weapon",
             "weapon_class", "location", "latitude", "longitude", "published", "n_reports", "n_sources", "sources", "first_reported",
             "last_reported", "date_conflict", "date_readings")


def story_fields() -> tuple[Field, ...]:
    """The story table: its own columns, then the event columns of the report that best dates it, with the
    date, actors, weapon and place made canonical over all its reports."""
    canonical = {
        "event_id": "the report that best dates the story (the link table story_reports holds every report)",
        "date_start": "first day of the story's best date: the finest reading its reports agree on most (one from a time of day alone counts last)",
        "date_end": "last day of that best date; for an undated story, its first report's publication date",
        "date_precision": "grain of the best date",
        "actors": "the union of its reports' actors, ;-joined",
        "actor_codes": "their codes, ;-joined",
        "weapon": "the most specific weapon its reports name (Hwasong-14 over ICBM)",
        "weapon_class": "the most specific class its reports give",
        "location": "the place its reports name most",
    }
    event = tuple(Field(f.name, f.dtype, canonical.get(f.name, f.description), f.allowed, f.nullable) for f in fields())
    return story_only_fields() + event


def story_changed_fields() -> tuple[Field, ...]:
    """What a story row adds to or means differently from an event row (the README's story table)."""
    event = fields()
    return tuple(f for f in story_fields() if f not in event)


def story_columns() -> list[str]:
    return [f.name for f in story_fields()]


def _pandera(declared: tuple[Field, ...], key: str, name: str) -> "pa.DataFrameSchema":
    import pandera.pandas as pa  # here, not at the top: the dashboard's start-up never validates

    cols = {}
    for f in declared:
        checks = [pa.Check.isin(list(f.allowed))] if f.allowed else []
        dtype = PANDAS_DTYPES[f.dtype]
        if f.dtype == "date":
            # pandera knows naive datetimes in nanoseconds only (years 1677-2262); dates are kept in seconds so that
            # "made in 1651" or "the 15th century" fit (years 1 to 9999): coerced() sets the dtype, this checks it
            checks.append(pa.Check(lambda s: str(s.dtype) == DATE_DTYPE, element_wise=False, error=f"dtype {DATE_DTYPE}"))
            dtype = None
        cols[f.name] = pa.Column(dtype, checks=checks, nullable=f.nullable, description=f.description)
    return pa.DataFrameSchema(cols, ordered=True, strict=True, coerce=True, unique=[key], name=name)


@lru_cache(maxsize=1)
def schema() -> "pa.DataFrameSchema":
    return _pandera(fields(), "event_id", "events")


@lru_cache(maxsize=1)
def story_schema() -> "pa.DataFrameSchema":
    return _pandera(story_fields(), "story_id", "stories")


def empty_frame() -> pd.DataFrame:
    return frame_from_records([])


def frame_from_records(records: list[dict]) -> pd.DataFrame:
    """Rows (dicts keyed by column) -> the validated event table, columns in schema order. Checked by
    conformed(), not pandera: the same rules on a frame just made from records, without pandera's import
    (most of a one-article run) or its per-column machinery (tests/test_schema.py holds both to the same
    verdicts)."""
    import pandas as pd  # here: a table written straight from its rows (rows_from_records) never needs pandas

    return conformed(coerced(pd.DataFrame.from_records(records, columns=columns()), fields()), fields(), "event_id")


class TableError(ValueError):
    """A frame that breaks the schema's rules (conformed)."""


def rows_from_records(records: list[dict], declared: tuple[Field, ...] | None = None, key: str = "event_id") -> list[list]:
    """Rows (dicts keyed by column) -> the table's rows as lists in column order, with the values the frame of
    frame_from_records holds and a file shows: text never missing, a date as its ISO day (None when empty), a
    number as a float (None when missing); checked by conformed()'s rules (TableError naming the column). For a
    table written straight to a file: building the frame needs pandas, whose import is most of a one-article
    run (tests/test_schema.py holds both paths to the same bytes and verdicts)."""
    declared = declared or fields()
    names = [f.name for f in declared]
    for f in declared if records else ():
        if f.dtype not in ("str", "date", "float"):
            raise TableError(f"column {f.name!r}: rows of dtype {f.dtype} are made only as a frame")
    texts = [i for i, f in enumerate(declared) if f.dtype == "str"]
    days = [i for i, f in enumerate(declared) if f.dtype == "date"]
    numbers = [i for i, f in enumerate(declared) if f.dtype == "float"]
    out = []
    # a value already of its column's exact type is kept as it is (a str, a float not NaN; a date written as its
    # ISO day, which is what _iso_day and date.fromisoformat make of it): most cells, the full conversion only for the others
    for record in records:
        row = [record.get(name) for name in names]
        for i in texts:
            value = row[i]
            if type(value) is not str:
                row[i] = "" if value is None or value != value else str(value)
        for i in days:
            value = row[i]
            if type(value) is date:
                row[i] = value.isoformat()
            else:
                day = _iso_day(value)
                row[i] = None if day is None else date.fromisoformat(day).isoformat()
        for i in numbers:
            value = row[i]
            if type(value) is not float or value != value:
                row[i] = None if value is None or value != value else float(value)
        out.append(row)
    for i, f in enumerate(declared):
        # a column that may miss values and takes any value has nothing to check
        if not f.nullable or f.allowed:
            _check_values(f, not f.nullable and any(row[i] is None for row in out), {row[i] for row in out if row[i] is not None} if f.allowed else set())
    k = names.index(key)
    seen: set = set()
    _check_unique(key, {row[k] for row in out if row[k] in seen or seen.add(row[k])})
    return out


def _check_values(f: Field, missing: bool, values: set) -> None:
    """The column rules of both table paths (rows and frame): no missing value where one is required, values
    within the column's vocabulary."""
    if not f.nullable and missing:
        raise TableError(f"column {f.name!r} has missing values")
    if f.allowed:
        unknown = values - set(f.allowed)
        if unknown:
            raise TableError(f"column {f.name!r} has values outside its vocabulary: {sorted(map(str, unknown))[:5]}")


def _check_unique(key: str, repeated: set) -> None:
    if repeated:
        raise TableError(f"column {key!r} has duplicates: {sorted(repeated)[:5]}")


def conformed(df: pd.DataFrame, declared: tuple[Field, ...], key: str) -> pd.DataFrame:
    """``df`` (already coerced()) checked against the declaration as the pandera schema checks it: exactly the
    declared columns in order, each of its dtype, no missing value where one is required, values within a
    column's vocabulary, ``key`` unique. Returns ``df``; raises TableError naming the column."""
    import pandas as pd

    names = [f.name for f in declared]
    if list(df.columns) != names:
        raise TableError(f"columns {list(df.columns)} are not the declared {names}")
    for f in declared:
        column = df[f.name]
        expected = DATE_DTYPE if f.dtype == "date" else PANDAS_DTYPES[f.dtype]
        if column.dtype != pd.api.types.pandas_dtype(expected):
            raise TableError(f"column {f.name!r} has dtype {column.dtype}, not {expected}")
        _check_values(f, bool(column.isna().any()), set(column.dropna().unique()) if f.allowed else set())
    _check_unique(key, set() if df[key].is_unique else set(df[key][df[key].duplicated()].unique()))
    return df


def coerced(df: pd.DataFrame, declared: tuple[Field, ...]) -> pd.DataFrame:
    """The frame with the declared columns brought to their dtypes (dates as datetime64, text never NaN)."""
    for f in declared:
        if f.dtype == "date":
            df[f.name] = as_dates(df[f.name])
        elif f.dtype == "float":
            df[f.name] = df[f.name].astype(float)
        elif f.dtype == "str":
            df[f.name] = df[f.name].fillna("").astype("str")
    return df


def as_dates(values: pd.Series) -> pd.Series:
    """Dates of any year from 1 to 9999 as datetime64[s]: date objects, ISO strings, timestamps or empty."""
    import pandas as pd

    if str(values.dtype).startswith("datetime64"):
        return values.astype(DATE_DTYPE)
    days = values.map(_iso_day, na_action="ignore")
    return pd.Series(pd.array(days.to_numpy(dtype=object), dtype=DATE_DTYPE) if len(days) else [], index=values.index, dtype=DATE_DTYPE)


def _iso_day(value):
    if value is None or value == "" or value != value:  # empty or NaN/NaT
        return None
    if hasattr(value, "isoformat"):
        return value.isoformat()[:10] if hasattr(value, "year") else None
    return str(value)[:10]


def typed(df: pd.DataFrame, declared: tuple[Field, ...], checked: "pa.DataFrameSchema") -> pd.DataFrame:
    """A frame with the declared columns brought to their dtypes, then validated."""
    return checked.validate(coerced(df, declared))


def markdown_table(declared: tuple[Field, ...] | None = None) -> str:
    """The README's column table, from the same declaration (the event table's, or the one given)."""
    lines = ["| column | type | meaning |", "|---|---|---|"]
    for f in declared or fields():
        lines.append(f"| `{f.name}` | {f.dtype} | {f.description} |")
    return "\n".join(lines)


# Over this many rows, a table read from a file (events.store.tables.read) checks each column's distinct values instead of every cell: the same rules
# (columns, dtypes, vocabularies, required values, unique ids) at a fraction of the cost.
FULL_VALIDATION_ROWS = 200_000


def validate_large(df: pd.DataFrame) -> pd.DataFrame:
    """The schema's rules for a big table, checked column by column on distinct values."""
    from pandera.errors import SchemaError

    schema().validate(df.head(1000))  # columns, order, dtypes and every rule on a sample
    for f in fields():
        column = df[f.name]
        if not f.nullable and column.isna().any():
            raise SchemaError(schema(), df, f"column {f.name!r} has missing values")
        if f.allowed:
            unknown = set(column.dropna().unique()) - set(f.allowed)
            if unknown:
                raise SchemaError(schema(), df, f"column {f.name!r} has values outside its vocabulary: {sorted(unknown)[:5]}")
    if not df["event_id"].is_unique:
        raise SchemaError(schema(), df, "column 'event_id' has duplicates")
    return df
