"""The embedded store: a DuckDB file holding the articles, their events (the event schema) and the inputs
that could not be read. Ingesting is idempotent (an article already stored with the same text adds
nothing; a changed one replaces its events) and each article is written in one transaction, so a crash
leaves every committed article whole and none half-written."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Iterable

import duckdb
import pandas as pd

from .articles import Article, Problem
from .schema import columns, fields, frame_from_records

SCHEMA_VERSION = 1
SQL_TYPES = {"str": "VARCHAR", "date": "DATE", "float": "DOUBLE", "int": "BIGINT"}


class StoreError(RuntimeError):
    pass


def _ddl() -> list[str]:
    event_columns = ", ".join(f"{f.name} {SQL_TYPES[f.dtype]}" + (" PRIMARY KEY" if f.name == "event_id" else "") for f in fields())
    return [
        "CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR)",
        "CREATE TABLE IF NOT EXISTS articles (id VARCHAR PRIMARY KEY, content_hash VARCHAR, title VARCHAR, source VARCHAR, url VARCHAR,"
        " published DATE, published_from VARCHAR, text VARCHAR, ingested_at TIMESTAMP)",
        f"CREATE TABLE IF NOT EXISTS events ({event_columns})",
        "CREATE TABLE IF NOT EXISTS ingest_errors (path VARCHAR, line INTEGER, reason VARCHAR, recorded_at TIMESTAMP)",
        "CREATE INDEX IF NOT EXISTS events_article ON events(article_id)",
        "CREATE INDEX IF NOT EXISTS articles_hash ON articles(content_hash)",
    ]


def content_hash(article: Article) -> str:
    return hashlib.sha256(article.text.encode("utf-8")).hexdigest()


def connect(path: str | Path, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open (creating if need be) a store; an older schema version is refused with what to do."""
    path = Path(path)
    if read_only and not path.exists():
        raise StoreError(f"{path}: no such store (create it with `events ingest ... --db {path}`)")
    path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(path), read_only=read_only)
    if not read_only:
        for statement in _ddl():
            con.execute(statement)
        row = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        if row is None:
            con.execute("INSERT INTO meta VALUES ('schema_version', ?)", [str(SCHEMA_VERSION)])
        elif int(row[0]) != SCHEMA_VERSION:
            con.close()
            raise StoreError(f"{path}: store schema version {row[0]}, this Eventline reads version {SCHEMA_VERSION}: re-ingest into a new store")
    return con


@dataclass
class IngestSummary:
    read: int = 0
    added: int = 0
    replaced: int = 0
    unchanged: int = 0
    events: int = 0
    problems: list[Problem] = field(default_factory=list)

    def __str__(self) -> str:
        return (f"{self.read} articles read: {self.added} added, {self.replaced} replaced, {self.unchanged} unchanged; "
                f"{self.events} events written; {len(self.problems)} inputs rejected")


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


def ingest(con: duckdb.DuckDBPyConnection, items: Iterable[Article | Problem], extract_events: Callable[[Article], list] | None = None,
           progress: Callable[[], None] | None = None) -> IngestSummary:
    """Store articles and their events; every rejected input goes to ``ingest_errors`` and the summary."""
    from .extract import event_record, extract

    extract_events = extract_events or extract
    summary = IngestSummary()
    for item in items:
        if progress is not None:
            progress()
        if isinstance(item, Problem):
            summary.problems.append(item)
            con.execute("INSERT INTO ingest_errors VALUES (?, ?, ?, ?)", [item.path, item.line, item.reason, _now()])
            continue
        summary.read += 1
        digest = content_hash(item)
        stored = con.execute("SELECT content_hash FROM articles WHERE id = ?", [item.id]).fetchone()
        if stored is not None and stored[0] == digest or stored is None and con.execute(
            "SELECT 1 FROM articles WHERE content_hash = ? AND (url = ? OR id = ?) LIMIT 1", [digest, item.url, item.id]
        ).fetchone():
            summary.unchanged += 1
            continue
        try:
            records = [event_record(e) for e in extract_events(item)]
        except Exception as exc:  # noqa: BLE001 - a bad article is recorded, the rest go on
            problem = Problem(item.id, f"extraction failed: {type(exc).__name__}: {exc}")
            summary.problems.append(problem)
            con.execute("INSERT INTO ingest_errors VALUES (?, ?, ?, ?)", [problem.path, None, problem.reason, _now()])
            continue
        frame = frame_from_records(records)
        con.execute("BEGIN TRANSACTION")
        try:
            con.execute("DELETE FROM events WHERE article_id = ?", [item.id])
            con.execute("DELETE FROM articles WHERE id = ?", [item.id])
            con.execute(
                "INSERT INTO articles VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [item.id, digest, item.title, item.source, item.url, item.published, item.published_from, item.text, _now()],
            )
            if len(frame):
                con.register("new_events", frame)
                con.execute(f"INSERT OR REPLACE INTO events SELECT {', '.join(columns())} FROM new_events")
                con.unregister("new_events")
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
        summary.replaced += stored is not None
        summary.added += stored is None
        summary.events += len(frame)
    return summary


def read_events(path: str | Path, where: str | None = None) -> pd.DataFrame:
    """The events table of a store (optionally a SQL WHERE clause over its columns), validated."""
    con = connect(path, read_only=True)
    try:
        query = f"SELECT {', '.join(columns())} FROM events" + (f" WHERE {where}" if where else "") + " ORDER BY date_start NULLS LAST, event_id"
        try:
            df = con.execute(query).df()
        except duckdb.Error as exc:
            raise StoreError(f"{path}: {exc}") from None
    finally:
        con.close()
    for f in fields():
        if f.dtype == "date":
            df[f.name] = pd.to_datetime(df[f.name]).astype("datetime64[ns]")
        elif f.dtype == "str":
            df[f.name] = df[f.name].fillna("").astype("str")
    from .schema import schema, validate_large, FULL_VALIDATION_ROWS

    return validate_large(df) if len(df) > FULL_VALIDATION_ROWS else schema().validate(df)


def stats(path: str | Path) -> dict:
    con = connect(path, read_only=True)
    try:
        articles = con.execute("SELECT count(*) FROM articles").fetchone()[0]
        events = con.execute("SELECT count(*) FROM events").fetchone()[0]
        by_type = dict(con.execute("SELECT event_type, count(*) FROM events GROUP BY 1 ORDER BY 2 DESC").fetchall())
        span = con.execute("SELECT min(date_start), max(date_end) FROM events").fetchone()
        errors = con.execute("SELECT count(*) FROM ingest_errors").fetchone()[0]
        version = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0]
    finally:
        con.close()
    return {"articles": articles, "events": events, "by_type": by_type, "first": span[0], "last": span[1], "ingest_errors": errors, "schema_version": version}
