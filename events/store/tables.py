"""Event and story tables as files: CSV (UTF-8, ISO dates), Parquet and JSON Lines written from the one schema
declaration, and read back (or from a DuckDB store) validated against it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from events.base.safe_csv import write_csv, write_csv_rows
from events.coding.schema import DATE_DTYPE, FULL_VALIDATION_ROWS, REQUIRED, as_dates, columns, fields, schema, story_fields, validate_large

if TYPE_CHECKING:
    import pandas as pd


def _export_frame(df: pd.DataFrame) -> pd.DataFrame:
    """Dates as ISO strings."""
    out = df.copy()
    for f in _fields_of(df):
        if f.dtype == "date":
            out[f.name] = out[f.name].dt.strftime("%Y-%m-%d").where(out[f.name].notna(), "")
    return out


def _fields_of(df: pd.DataFrame):
    return story_fields() if "story_id" in df.columns else fields()


def text_columns(df: pd.DataFrame) -> list[str]:
    """The columns of ``df`` that hold text: the schema's text fields, and any other column of strings (never
    a date, a number or a flag: a negative longitude stays a number)."""
    import pandas as pd

    kinds = {f.name: f.dtype for f in _fields_of(df)}
    out = []
    for name in df.columns:
        kind = kinds.get(name)
        if kind == "str" or (kind is None and (df[name].dtype == object or pd.api.types.is_string_dtype(df[name].dtype))):
            out.append(name)
    return out


def write(df: pd.DataFrame, path: str | Path | None, fmt: str | None = None, stream=None) -> None:
    """Write the table as CSV (UTF-8, ISO dates, safe to open in a spreadsheet: ``events.base.safe_csv``),
    Parquet or JSON Lines, chosen by suffix or ``fmt``."""
    fmt = fmt or (Path(path).suffix.lower().lstrip(".") if path else "csv")
    if fmt == "csv":
        target = stream if path is None else path
        write_csv(_export_frame(df), target, text_columns(df))
    elif fmt == "parquet":
        df.to_parquet(path, index=False)
    elif fmt in ("jsonl", "json"):
        rows = _export_frame(df).astype(object).where(df.notna(), None).to_dict(orient="records")
        text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
        if path is None:
            stream.write(text)
        else:
            Path(path).write_text(text, encoding="utf-8")
    else:
        raise ValueError(f"unknown output format {fmt!r}: use .csv, .parquet or .jsonl")


def write_rows(rows: list[list], path: str | Path | None, stream=None) -> None:
    """The event table's rows (events.coding.schema.rows_from_records) as CSV: the bytes write() writes of
    their frame, without building it (or importing pandas: most of a one-article run)."""
    text = [f.name for f in fields() if f.dtype == "str"]
    write_csv_rows(columns(), rows, stream if path is None else path, text)


def read(path: str | Path) -> pd.DataFrame:
    """An event table written by ``events extract`` (CSV, Parquet or JSON Lines), validated."""
    import pandas as pd

    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in (".duckdb", ".db"):
        from events.store.database import read_events

        return read_events(path)
    if suffix == ".parquet":
        df = pd.read_parquet(path)
    elif suffix in (".jsonl", ".json"):
        df = pd.read_json(path, lines=True, dtype=False)
    elif suffix == ".csv":
        df = pd.read_csv(path, dtype=str, keep_default_na=False)
    else:
        raise ValueError(f"{path}: unknown kind of table ({suffix or 'no suffix'}); use .duckdb, .csv, .parquet or .jsonl")
    missing = [c for c in REQUIRED if c not in df.columns]
    if missing:
        raise ValueError(f"{path}: not an event table, missing columns {missing}")
    for f in fields():
        if f.name not in df.columns:
            df[f.name] = ""
        if suffix == ".parquet" and str(df[f.name].dtype) == {"date": DATE_DTYPE, "float": "float64", "str": "str"}[f.dtype]:
            continue  # already as written: no conversion of a million values
        if f.dtype == "date":
            df[f.name] = as_dates(df[f.name])
        elif f.dtype == "float":
            df[f.name] = pd.to_numeric(df[f.name].replace("", None)).astype(float)
        else:
            df[f.name] = df[f.name].fillna("").astype("str")
    df = df[columns()]
    if len(df) > FULL_VALIDATION_ROWS:
        return validate_large(df)
    return schema().validate(df)
