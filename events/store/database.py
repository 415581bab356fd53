"""The embedded store: a DuckDB file holding the articles, their events (the event schema) and the inputs
that could not be read. Ingesting is idempotent (an article already stored with the same text adds
nothing; a changed one replaces its events) and each article is written in one transaction, so a crash
leaves every committed article whole and none half-written."""

from __future__ import annotations

import collections
import contextlib
import fcntl
import hashlib
import os
import pickle
import sys
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, NamedTuple, Protocol

import duckdb

from events.base.limits import time_limit
from events.store import search, summaries
from events.coding.schema import CANONICAL, coerced, columns, fields, story_columns, story_fields

if TYPE_CHECKING:  # the readers stand on the time engine, which the dashboard's queries need not load
    import pandas as pd
    import pyarrow as pa

    from events.reading.articles import Article, Problem
# pandas and pyarrow are imported where a write or a read uses them, not with this module: an ingest forks
# its worker processes before it writes, and importing them first (0.3 s) kept both cores waiting

SCHEMA_VERSION = 9  # 2: stories and story_reports; 3: a story's event type and publication date in its own table; 4: a story's search text; 5: its words and the search vocabulary; 6: the event rows' words; 7: the stories' postings with what a search counts of each (search.FACETS); 8: the event rows' postings too (search.REPORT_FACETS); 9: word pairs' postings, written at an ingest's end (search.write_pairs)
# versions a store is brought up from when opened for writing: their tables are kept, new ones added
UPGRADABLE = {1, 2, 3, 4, 5, 6, 7, 8}
# a story's columns added since version 2, filled from its headline report's event row
ADDED_STORY_COLUMNS = {3: ("event_type", "published")}
MEMORY_LIMIT = "128MB"
STORE_SUFFIXES = (".duckdb", ".db")
SQL_TYPES = {"str": "VARCHAR", "date": "DATE", "float": "DOUBLE", "int": "BIGINT", "bool": "BOOLEAN"}


class StoreError(RuntimeError):
    pass


# How long an open waits for another process's lock on the store before it gives up with one clear line. A
# DuckDB file has one writer and no readers beside it, or readers only: an ingest holds the file only while
# it decides or writes a batch, so a reader waits a fraction of a second, and the ingest waits for a query.
LOCK_WAIT_SECONDS = float(os.environ.get("EVENTLINE_LOCK_WAIT", "30"))


def _is_lock_conflict(exc: Exception) -> bool:
    return isinstance(exc, duckdb.IOException) and "lock" in str(exc).lower()


def _open(path: Path, read_only: bool, wait: float) -> duckdb.DuckDBPyConnection:
    deadline, pause = time.monotonic() + wait, 0.02
    while True:
        try:
            return duckdb.connect(str(path), read_only=read_only)
        except duckdb.Error as exc:
            if not _is_lock_conflict(exc):
                raise StoreError(f"{path}: not a store this Eventline can open ({str(exc).splitlines()[0]})") from None
            if time.monotonic() >= deadline:
                holder = str(exc).split("(PID", 1)[1].split(")", 1)[0].strip() if "(PID" in str(exc) else ""
                by = f" (process {holder})" if holder else ""
                raise StoreError(f"{path}: the store is busy{by} for over {wait:.0f} s; try again when it has finished") from None
            time.sleep(pause)
            pause = min(pause * 2, 0.5)


@contextlib.contextmanager
def writer_lock(path: str | Path):
    """Held by whatever writes to a store for a while (an ingest, a merge, the dashboard's added articles):
    a second writer is refused at once with one line, instead of writing between the first one's batches.
    Readers never take it."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    lock_path = path.with_name(path.name + ".writer")
    handle = open(lock_path, "a+")
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip()
            raise StoreError(f"{path}: another process{' (' + holder + ')' if holder else ''} is writing to this store; try again when it has finished") from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()}")
        handle.flush()
        yield
    finally:
        handle.close()


class Lease:
    """A store's connection, held only while it is used (a window's lookup, a batch's transaction): between
    them, while articles are extracted, other processes (the dashboard, `stats`, `export`) open it to read."""

    def __init__(self, target: "str | Path | duckdb.DuckDBPyConnection"):
        self.con = target if isinstance(target, duckdb.DuckDBPyConnection) else None
        self.path = None if self.con is not None else Path(target)

    @contextlib.contextmanager
    def use(self):
        if self.con is not None:  # a connection the caller holds for the whole ingest
            yield self.con
            return
        con = connect(self.path)
        try:
            yield con
        finally:
            con.close()

    @contextlib.contextmanager
    def held(self):
        """One connection for every use within the block: the ingest's end, once every article is handed out
        (``_extract_ahead``'s ``ended``), its last writes and ``finish``. Each opening and closing of the
        store costs its checkpoint (0.12-0.13 s of one core on KCNA 2016-2017), and at the end one was paid
        after the workers had finished, with a core idle; a reader waits for the end instead (a few seconds
        of extraction)."""
        if self.con is not None:  # held already, or the caller's
            yield
            return
        self.con = connect(self.path)
        try:
            yield
        finally:
            con, self.con = self.con, None
            con.close()


def _ddl() -> list[str]:
    # No primary keys or indexes: DuckDB keeps those in memory, which would grow with the store; the
    # ingest keeps ids unique itself (an article's rows are deleted before it is written again).
    def declared(fs) -> str:
        return ", ".join(f"{f.name} {SQL_TYPES[f.dtype]}" + (" NOT NULL" if not f.nullable else "") for f in fs)

    event_columns = declared(fields())
    return [
        "CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR)",
        "CREATE TABLE IF NOT EXISTS articles (id VARCHAR NOT NULL, content_hash VARCHAR, title VARCHAR, source VARCHAR, url VARCHAR,"
        " published DATE, published_from VARCHAR, text VARCHAR, ingested_at TIMESTAMP)",
        # each event row with its key in the reports' search index (events/store/search.py)
        f"CREATE TABLE IF NOT EXISTS events ({event_columns}, {search.KEY} BIGINT)",
        "CREATE TABLE IF NOT EXISTS ingest_errors (path VARCHAR, line INTEGER, reason VARCHAR, recorded_at TIMESTAMP)",
        # a story's canonical columns; the rest are its headline report's, joined in the view stories_full
        # (so a changed story rewrites a narrow row, and no event text is stored twice)
        # and the lowered titles and sentences of its reports with its key in the search index (events/store/search.py)
        f"CREATE TABLE IF NOT EXISTS stories ({declared(f for f in story_fields() if f.name in CANONICAL)}, {search.COLUMN} VARCHAR, {search.KEY} BIGINT)",
        *search.TABLES,
        # every report of every story, in the order merged, with why it joined (events explain --story)
        "CREATE TABLE IF NOT EXISTS story_reports (story_id VARCHAR NOT NULL, event_id VARCHAR NOT NULL, seq BIGINT NOT NULL, reason VARCHAR)",
    ]


def _stories_view() -> str:
    # made after the tables and any upgrade of them: a view names its columns when it is made
    # with the story's search text and key: a filter on the whole rows searches them too
    return ("CREATE VIEW IF NOT EXISTS stories_full AS SELECT " + ", ".join(f"s.{c}" if c in CANONICAL else f"e.{c}" for c in story_columns())
            + f", s.{search.COLUMN}, s.{search.KEY} FROM stories s JOIN events e ON e.event_id = s.event_id")


def content_hash(article: Article) -> str:
    """A version of an article: its text and its publication date. The same text given again with another
    date is a correction (its events are dated from the publication date), not an unchanged article."""
    published = article.published.isoformat() if article.published else ""
    return hashlib.sha256(f"{article.text}\x00{published}".encode("utf-8", "surrogatepass")).hexdigest()


def connect(path: str | Path, read_only: bool = False, wait: float = LOCK_WAIT_SECONDS) -> duckdb.DuckDBPyConnection:
    """Open (creating if need be) a store; an older schema version is refused with what to do. Another
    process's lock is waited for up to ``wait`` seconds, then refused with one clear line."""
    path = Path(path)
    if path.suffix.lower() not in STORE_SUFFIXES:
        raise StoreError(f"{path}: a store is a DuckDB file named .duckdb (a table file such as .csv is written by `events extract -o` or `events export -o`)")
    if read_only and not path.exists():
        raise StoreError(f"{path}: no such store (create it with `events ingest ... --db {path}`)")
    path.parent.mkdir(parents=True, exist_ok=True)
    con = _open(path, read_only, wait)
    # DuckDB would otherwise keep the whole store in memory as it grows: its pages go back to the file
    con.execute(f"SET memory_limit = '{MEMORY_LIMIT}'")
    if not read_only:
        for statement in _ddl():
            con.execute(statement)
        row = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        if row is None:
            con.execute("INSERT INTO meta VALUES ('schema_version', ?)", [str(SCHEMA_VERSION)])
        elif int(row[0]) in UPGRADABLE:
            # the new tables were just created (the ingest's merge fills the stories from the stored events);
            # an older stories table grows the columns added since
            _upgrade_stories(con, int(row[0]))
            con.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", [str(SCHEMA_VERSION)])
        elif int(row[0]) != SCHEMA_VERSION:
            con.close()
            raise StoreError(f"{path}: store schema version {row[0]}, this Eventline reads version {SCHEMA_VERSION}: re-ingest into a new store")
        con.execute(_stories_view())
    return con


def _upgrade_stories(con: duckdb.DuckDBPyConnection, version: int) -> None:
    # the view is made again after: made before, it took the added columns from the events
    con.execute("DROP VIEW IF EXISTS stories_full")
    for since, names in ADDED_STORY_COLUMNS.items():
        if version >= since:
            continue
        for name in names:
            con.execute(f"ALTER TABLE stories ADD COLUMN IF NOT EXISTS {name} {SQL_TYPES[_story_dtypes()[name]]}")
        assigned = ", ".join(f"{name} = e.{name}" for name in names)
        con.execute(f"UPDATE stories SET {assigned} FROM events e WHERE e.event_id = stories.event_id")
    if version < 7:  # 5: the stories' words; 7: their postings with the facets a search counts
        search.fill(con)
    if version < 8:  # 6: the event rows' words; 8: their postings with the facets a search counts
        search.fill_reports(con)
    if version < 9:  # the phrases' word pairs
        search.write_pairs(con)


def story_table_current(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether a store's stories table holds every column the dashboard's queries read from it (a store of
    an older version, opened read-only, is not brought up to date)."""
    found = {r[0] for r in con.execute("SELECT column_name FROM information_schema.columns WHERE table_name = 'stories'").fetchall()}
    return set(CANONICAL) | {search.COLUMN, search.KEY} <= found


@dataclass
class IngestSummary:
    read: int = 0
    added: int = 0
    replaced: int = 0
    unchanged: int = 0
    events: int = 0
    repeated: int = 0  # earlier versions of an id given again later in the same run (the later one is kept)
    problems: list[Problem] = field(default_factory=list)

    def __str__(self) -> str:
        repeated = f", {self.repeated} earlier version(s) of a repeated id left out" if self.repeated else ""
        return (f"{self.read} articles read: {self.added} added, {self.replaced} replaced, {self.unchanged} unchanged{repeated}; "
                f"{self.events} events written; {len(self.problems)} inputs rejected")


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)  # clock-ok: when a row was stored, never a resolved date


def extract_records(article: Article) -> list[dict]:
    """An article's event rows: a pure function of the article, so it runs the same in this process, in a
    pool of processes or on a Dask worker."""
    from events.coding.extraction import event_record, extract

    return [event_record(e) for e in extract(article)]


def _record_problems(con, problems: list) -> None:
    if problems:
        con.executemany("INSERT INTO ingest_errors VALUES (?, ?, ?, ?)", [[p.path, p.line, p.reason, _now()] for p in problems])


EVENT_COLUMNS = tuple(columns())
ARTICLE_COLUMNS = ("id", "content_hash", "title", "source", "url", "published", "published_from", "text", "ingested_at")
DATE_COLUMNS = frozenset(f.name for f in fields() if f.dtype == "date")
FLOAT_COLUMNS = frozenset(f.name for f in fields() if f.dtype == "float")
ARTICLE_ID = EVENT_COLUMNS.index("article_id")


def _row(record: dict) -> tuple:
    """An event record as the store's row: dates as dates, missing values as NULL. The columns are typed
    by the store's DDL, which refuses what does not fit."""
    out = []
    # pandas' missing date only where pandas is loaded: a worker's extraction never loads it
    nat = getattr(sys.modules.get("pandas"), "NaT", None)
    for name in EVENT_COLUMNS:
        v = record.get(name)
        if v is None or (isinstance(v, float) and v != v) or (nat is not None and v is nat):
            out.append(None)
        elif name in DATE_COLUMNS:
            out.append(v.date() if hasattr(v, "date") and callable(v.date) else v)
        else:
            out.append(v)
    return tuple(out)


class _Input:
    """Whether the ingest has read its input to the end (``ended``, set as its last window is decided), and
    then how many of its articles are still to be handed out (``left``): the workers' last chunks can be
    made small, and only those."""

    ended = False
    left = 0


def _pending(lease: Lease, items, summary: "IngestSummary", progress, writer: "_Writer", in_flight: int = 0, reading: _Input | None = None):
    """The articles to (re)write, decided a window at a time against the store (so memory does not grow
    with it). The same text again (same content hash, whatever its id or URL) adds nothing; an article
    whose id, or URL, is stored with another text replaces it. ``reading`` is told when the input ends."""
    from events.reading.articles import Problem

    window: list[Article] = []
    # what the last windows decided: those may still be extracting, not written, when the next window is
    # looked up (up to ``in_flight`` of them with worker processes), besides the chunk being written
    recent: collections.deque = collections.deque(maxlen=(in_flight or IN_FLIGHT_ARTICLES) // WINDOW_ARTICLES + 2)
    for item in items:
        if progress is not None:
            progress()
        if isinstance(item, Problem):
            writer.reject(item)
            continue
        summary.read += 1
        window.append(item)
        if len(window) >= WINDOW_ARTICLES:
            yield from _decide(lease, window, summary, writer, recent)
            window = []
    if reading is None:
        yield from _decide(lease, window, summary, writer, recent)
        return
    final = list(_decide(lease, window, summary, writer, recent))
    reading.ended, reading.left = True, len(final)
    for decided in final:
        reading.left -= 1
        yield decided


def _decide(lease: Lease, window: list[Article], summary: "IngestSummary", writer: "_Writer", recent: collections.deque):
    if not window:
        return
    # an id twice in the window: its later version only, so that a rerun finds it stored and adds nothing
    last = {a.id: n for n, a in enumerate(window)}
    summary.repeated += len(window) - len(last)
    window = [a for n, a in enumerate(window) if last[a.id] == n]
    digests = [content_hash(a) for a in window]
    ids = [a.id for a in window]
    urls = [a.url for a in window if a.url]
    with lease.use() as con:
        writer.flush(con)  # the window before this one must be visible to the lookup
        known = con.execute(
            "SELECT id, content_hash, url FROM articles WHERE content_hash IN (SELECT unnest(?)) OR id IN (SELECT unnest(?)) OR url IN (SELECT unnest(?))",
            [digests, ids, urls],
        ).fetchall()
    hashes = {h for _, h, _ in known}
    stored = {i: h for i, h, _ in known}
    by_url = {u: i for i, _, u in known if u}
    for earlier_hashes, earlier_ids, earlier_urls in recent:
        hashes |= earlier_hashes
        stored.update(earlier_ids)
        by_url.update(earlier_urls)
    decided: tuple[set, dict, dict] = (set(), {}, {})
    recent.append(decided)
    for item, digest in zip(window, digests):
        if digest in hashes:
            summary.unchanged += 1
            continue
        previous = item.id if item.id in stored else by_url.get(item.url) if item.url else None
        hashes.add(digest)
        stored[item.id] = digest
        decided[0].add(digest)
        decided[1][item.id] = digest
        if item.url:
            by_url[item.url] = item.id
            decided[2][item.url] = item.id
        yield item, digest, previous


# Articles written per transaction on a held connection: whole articles only, so the store is never
# half-written (an ingest that opens the store per use writes a window at a time).
BATCH_ARTICLES = 64
# Articles decided against the store at a time (one lookup), and written at a time when the store is opened
# per use: each window opens and closes the store twice (a lookup, a write with its checkpoint). 1,024
# against 512: 8 % less CPU with one worker, 11 % less wall with two (6,000 KCNA articles, two pairs each);
# 2,048 against 1,024: 4 % less CPU with one worker (9.4-9.7 s against 9.8-10.3 s), the main process 7 %
# less with two (4.1-4.3 s against 4.4-4.6 s), peak memory 5-16 MB more (6,000 KCNA articles, three pairs
# each, load 5-8); a reader waits at most one window's write (about half a second)
WINDOW_ARTICLES = 2048
# Articles a worker process takes at a time, and how many may be handed out and not yet written: enough
# that the workers keep extracting while this process reads, decides, merges and writes a window (a
# window's write and merge took a second or more, while both workers waited), few enough that memory
# does not grow with the corpus. Each chunk wakes this process and the pool's threads, which take a core
# from a worker: chunks of 64 took 3 % less CPU than chunks of 16 (9.2 s against 9.45 s, 4,000 KCNA
# articles, two pairs of runs; this process's involuntary switches 1,500 against 1,700)
CHUNK_ARTICLES = 64
# The smallest chunk at the end (``_extract_ahead``): the workers' last chunks end apart by up to a chunk's
# extraction (64 KCNA articles: about 70 ms) with a core idle
LAST_CHUNK_ARTICLES = 16
IN_FLIGHT_ARTICLES = 2 * WINDOW_ARTICLES
# The fewest articles written early at the end of an ingest (``_extract_ahead``): a write has a fixed cost
# (opening the store, the stories' statements, the checkpoint; about 85 ms of CPU for 64 articles, load 5)
# against about 0.25 ms an article; written early on a busy pair of cores it costs about half of it in time,
# so a smaller early write saves the last write less than it costs. KCNA 2016-2017 with 2 workers writes
# ..., 2,048, 1,792, 896, 512, then 298 articles at the end (..., 2,048, then 1,450 without); 300 articles
# in one write as before, 1,000 in two (528, 472)
EARLY_WRITE_ARTICLES = 512
# Articles extracted here before the workers are forked, so that they start with the extraction's modules
# loaded and its commonest patterns compiled: a second of CPU each, spawned cold. Few: the workers wait.
WARM_ARTICLES = 16


class _Writer:
    """Writes whole articles with their events, a batch of articles per transaction: a crash loses at
    most the open batch, and never leaves an article without its events or events without their article."""

    def __init__(self, lease: Lease, summary: "IngestSummary", batch: int = BATCH_ARTICLES, merge: bool = True):
        self.lease, self.summary, self.batch, self.merge = lease, summary, batch, merge
        self._merger = None  # the store's stories, loaded for the first article written (``merger``)
        self.articles: list[tuple] = []
        self.events: list[tuple] = []
        self.replaced: list[str] = []
        self.problems: list = []  # rejected inputs, written with the next batch

    @property
    def merger(self):
        """The store's stories, which grow an article at a time as it is written (no rebuild, and in the
        article's transaction); None without ``merge``. Loaded when the first article is written, not at the
        start: a rerun that adds nothing spent 2 of its 3.3 s on KCNA 2016-2017 loading them."""
        if self._merger is None and self.merge:
            with self.lease.use() as con:
                self._merger = load_stories(con)
        return self._merger

    def reject(self, problem) -> None:
        self.summary.problems.append(problem)
        self.problems.append(problem)

    def add(self, item: Article, digest: str, previous: str | None, extracted: "Extracted | Failed") -> None:
        """``previous``: the id of the stored article this one replaces (itself, or the same URL's), if any;
        ``extracted``: its rows and reports (``_extracted``), or what its extraction raised (``Failed``)."""
        if isinstance(extracted, Failed):
            from events.reading.articles import Problem

            self.reject(Problem(item.id, f"extraction failed: {extracted.kind}: {extracted.message}"))
            return
        rows, reports = extracted
        replaced = previous is not None
        if replaced:
            self._drop_unwritten({previous, item.id})
            self.replaced.extend({previous, item.id})
            if self.merger is not None:
                for old in {previous, item.id}:
                    self.merger.forget_article(old)
        if self.merger is not None:
            self.merger.add_reports(reports)
        self.articles.append((item.id, digest, item.title, item.source, item.url, item.published, item.published_from, item.text, _now()))
        self.events.extend(rows)
        self.summary.replaced += replaced
        self.summary.added += not replaced
        self.summary.events += len(rows)
        if len(self.articles) >= self.batch:
            self.flush()

    def _drop_unwritten(self, ids: set[str]) -> None:
        """An article replaced while its earlier version still waits in the open batch (the same id twice in
        one run): the earlier version goes, so the later one is stored once."""
        if any(a[0] in ids for a in self.articles):
            self.articles = [a for a in self.articles if a[0] not in ids]
            self.events = [e for e in self.events if e[ARTICLE_ID] not in ids]

    def flush(self, con=None) -> None:
        """Write the open batch in one transaction, on ``con`` or on a connection of its own."""
        if not self.articles and not self.problems and not (self._merger is not None and self._merger.has_changes):
            return
        if con is not None:
            self._write(con)
            return
        with self.lease.use() as con:
            self._write(con)

    def finish(self) -> None:
        """The ingest's end: the open batch written, then the store's summaries made again (the dashboard's
        first page reads them: events/store/summaries.py), on one opening of the store: each opening and
        closing (its checkpoint) of a store opened per use is paid with no worker beside it."""
        with self.lease.use() as con:
            self.flush(con)
            search.write_pairs(con)  # the phrases' word pairs of the rows written since the last ingest's end
            if not summaries.current(con):  # a rerun that added nothing leaves them as they are
                summaries.refresh(con)

    def _write(self, con) -> None:
        con.execute("BEGIN TRANSACTION")
        try:
            _record_problems(con, self.problems)
            if self.replaced:
                search.forget_reports(con, list(self.replaced))
            for article_id in self.replaced:
                con.execute("DELETE FROM story_reports WHERE event_id IN (SELECT event_id FROM events WHERE article_id = ?)", [article_id])
                con.execute("DELETE FROM events WHERE article_id = ?", [article_id])
                con.execute("DELETE FROM articles WHERE id = ?", [article_id])
            # a batch goes in as one DataFrame: DuckDB inserts columns far faster than rows
            import pandas as pd

            if self.articles:
                new_articles = pd.DataFrame(self.articles, columns=ARTICLE_COLUMNS)
                con.register("new_articles", new_articles)
                con.execute(f"INSERT INTO articles SELECT {', '.join(ARTICLE_COLUMNS)} FROM new_articles")
                con.unregister("new_articles")
            if self.events:
                new_events = pd.DataFrame(self.events, columns=EVENT_COLUMNS)
                con.register("new_events", new_events)
                # each row keyed after the last, and indexed for the reports' search (events/store/search.py)
                since = search.last_report_key(con)
                con.execute(f"INSERT INTO events ({', '.join(EVENT_COLUMNS)}, {search.KEY}) SELECT {', '.join(EVENT_COLUMNS)},"
                            f" {since} + row_number() OVER () FROM new_events")
                con.unregister("new_events")
                search.index_reports(con, since)
            if self._merger is not None:  # none loaded: no article written, no story changed
                write_story_changes(con, self._merger)
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
        finally:
            self.articles, self.events, self.replaced, self.problems = [], [], [], []


class Extracted(NamedTuple):
    """An article's extraction as the writer takes it: its events as the store's rows, and as the story
    merge's reports (None without the merge). Both are made where the article is extracted, in a worker
    process with ``--workers``: the main process, which every worker waits on, only merges and writes, and
    a worker sends back tuples instead of dicts of column names."""

    rows: list[tuple]
    reports: "list | None"


def _extracted(records: list[dict], merge: bool) -> Extracted:
    from events.store.stories import article_reports

    return Extracted([_row(r) for r in records], article_reports(records) if merge else None)


class Failed(NamedTuple):
    """An article's extraction that raised: the exception's kind and message, as text. A worker sends this back,
    never the exception: an exception that cannot be pickled (an attribute holding a lock, a class whose
    constructor wants other arguments) made the worker's whole chunk unsendable and stopped the ingest."""

    kind: str
    message: str


def _failed(exc: Exception) -> Failed:
    try:
        message = str(exc)
    except Exception:  # noqa: BLE001 - an exception whose message cannot be made is still named
        message = "(no message)"
    return Failed(type(exc).__name__, message)


def _safe(extract_events, article, merge: bool = True):
    try:
        with time_limit():
            return _extracted(extract_events(article), merge)
    except Exception as exc:  # noqa: BLE001 - a bad article is recorded, the rest go on
        return _failed(exc)


def _safe_records(article: Article, merge: bool = True):
    return _safe(extract_records, article, merge)


def ingest(store: "duckdb.DuckDBPyConnection | str | Path", items: Iterable[Article | Problem], extract_events: Callable[[Article], list] | None = None,
           progress: Callable[[], None] | None = None, workers: int = 1, merge: bool = True) -> IngestSummary:
    """Store articles and their events; every rejected input goes to ``ingest_errors`` and the summary.
    With ``workers`` > 1 the extraction runs in that many processes; the writes stay here, in order.
    With ``merge`` each article's events join the stories as it is written (events/store/stories.py).
    ``store``: a path (the file is opened only to decide and to write, so readers get in between; hold
    ``writer_lock`` around the call) or a connection the caller holds throughout."""
    summary = IngestSummary()
    lease = Lease(store)
    # a store opened per use is written a window at a time: each open and close (a checkpoint) costs more
    # than a held connection's commit
    writer = _Writer(lease, summary, merge=merge, batch=BATCH_ARTICLES if lease.con is not None else WINDOW_ARTICLES)
    reading = _Input()
    pending = _pending(lease, items, summary, progress, writer, reading=reading)
    if extract_events is None:
        import itertools

        # the first WARM_ARTICLES extracted here: the workers are forked with the extraction's modules loaded and
        # its patterns compiled, instead of each paying for them again (a second of CPU each). Kept in memory
        # and written once the workers have their first chunks: writing loads pandas and the store's stories
        # (0.3 s and more), which the workers need not wait for
        warm = [(item, digest, previous, _safe_records(item, merge)) for item, digest, previous in itertools.islice(pending, WARM_ARTICLES)]
        if workers == 1:  # no one waits: written before the freeze, which then holds the store's stories too
            for item, digest, previous, extracted in warm:
                writer.add(item, digest, previous, extracted)
        with _frozen(), contextlib.ExitStack() as end:
            if workers > 1:
                with _pool(workers) as pool:
                    def ended() -> None:
                        _yield_cores([p.pid for p in pool._pool])
                        end.enter_context(lease.held())

                    _extract_ahead(pending, writer, lambda articles: pool.apply_async(_safe_chunk, (articles, merge)), CHUNK_ARTICLES, IN_FLIGHT_ARTICLES,
                                   reading, LAST_CHUNK_ARTICLES, workers, warm, ended=ended)
            else:
                for item, digest, previous in pending:
                    writer.add(item, digest, previous, _safe_records(item, merge))
            writer.finish()
        return summary
    from events.coding.extraction import event_record

    user_extract = extract_events
    extract_events = lambda a: [event_record(e) for e in user_extract(a)]  # noqa: E731
    for item, digest, previous in pending:
        writer.add(item, digest, previous, _safe(extract_events, item, merge))
    writer.finish()
    return summary


@contextlib.contextmanager
def _frozen():
    """What the ingest has loaded by now (modules, compiled patterns, vocabularies, the store's stories) left
    out of the collector's full passes until it ends: each pass walked all of it again as the merge's stories
    grew, 0.37 s of the main process's CPU on 6,000 KCNA articles with 2 workers, against 0.24 s frozen. Put
    back after (``gc.unfreeze``), so a long-lived caller (the dashboard's adding) keeps no garbage of it."""
    import gc

    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def _pool(workers: int):
    """A pool of ``workers`` processes forked from this one: the standard pool, its thread that keeps the
    workers alive woken only by a worker's death or the pool's own notices. The standard one is also woken
    by every result a worker sends, and spins until the result thread has read it (a chunk's rows take
    several reads): that thread took 0.19 s of CPU, and the GIL from the writing thread beside it, on 6,000
    KCNA articles, against 0.00 s. A worker that dies is still seen (its sentinel); the results' wake-ups
    were for retiring workers after so many tasks (``maxtasksperchild``), which this ingest never asks."""
    import multiprocessing
    import multiprocessing.pool

    class Pool(multiprocessing.pool.Pool):
        def _get_sentinels(self):
            return [self._change_notifier._reader]

        def _setup_queues(self):
            super()._setup_queues()
            for queue in (self._inqueue, self._outqueue):
                _widen(queue._writer)

    return Pool(workers, context=multiprocessing.get_context("fork"))


# The priority (nice) of the worker processes once every article is handed out (``_extract_ahead``'s
# ``ended``): this process, which merges and writes what they send, then goes first. On two cores the three
# processes shared them alike, this one fell behind (its share of a core merges more slowly than two workers
# extract), and when the workers ended it still had about 0.8 s of their chunks to merge and write with a core
# idle; yielding, they end later and it little after them (0.1 s), and the idle core-seconds of KCNA 2016-2017
# with 2 workers fell from 2.34-2.50 to 1.59-1.71, the wall time 12.39-12.85 s to 12.27-12.48 s (four pairs of
# runs, quiet machine; nice 5 and 10 yielded less). Lowered from the start (a pool initializer) the idle time
# fell as much but the workers took more CPU, no gain against main in a paired bench. A Dask LocalCluster's
# workers too, every thread of theirs (their main thread alone, the event loop's, gave nothing: the tasks run
# on another): its run 12.36-12.43 s against 12.60-12.80 s, idle core-seconds 1.95-2.10 against 2.47-2.55
# (three pairs, and three more alike). An article's time bound counts its own work only
# (events/base/limits.py): a worker kept waiting is never stopped for it
WORKERS_NICE_AT_END = 19


def _yield_cores(pids) -> None:
    """Lower the priority of the worker processes ``pids`` to WORKERS_NICE_AT_END, each of their threads (on
    Linux a priority is a thread's: a Dask worker runs its tasks on a thread beside its event loop's). A
    process may lower its own children's; one already gone, or a system that refuses, leaves them as they are:
    slower, the same store."""
    for pid in pids:
        if not pid:
            continue
        try:
            threads = [int(t) for t in os.listdir(f"/proc/{pid}/task")]
        except OSError:  # no /proc: the process's own priority
            threads = [pid]
        for thread in threads:
            try:
                os.setpriority(os.PRIO_PROCESS, thread, WORKERS_NICE_AT_END)
            except OSError:
                pass


# The bytes a pool's pipe holds (Linux's F_SETPIPE_SZ; 64 KB by default, 1 MB the most an unprivileged
# process may ask): a chunk of 64 KCNA articles is 90-120 KB pickled and its rows 40-85 KB, so with 64 KB
# a worker's result was written only as this process's result thread read it, and that thread, like the
# one handing out the tasks, needs the GIL the writing thread holds (up to a switch interval, 5 ms, each
# time): the workers slept on this process between their chunks, on the whole of KCNA 2016-2017 0.5-0.7 s
# each at load 6 and 0.11-0.16 s on a quiet machine (bench/ingest_waits.py; the results' writes the long
# waits, a median of 5 ms at load 6). With 1 MB, several chunks wait in the pipe and a result is written
# whole at once: 0.04-0.13 s each (load 3-6).
PIPE_BYTES = 1 << 20


def _widen(connection) -> None:
    try:
        fcntl.fcntl(connection.fileno(), getattr(fcntl, "F_SETPIPE_SZ", 1031), PIPE_BYTES)
    except OSError:  # a user over the system's quota of pipe memory keeps 64 KB: slower, the same store
        pass


def _safe_chunk(articles: list[Article], merge: bool = True) -> list:
    """Each article's rows and reports (``Extracted``), or what its extraction raised (``Failed``; run in a worker)."""
    return [_safe_records(a, merge) for a in articles]


def _pickled_chunk(blob: bytes) -> bytes:
    """``_safe_chunk`` on a Dask worker, its articles and its rows each one pickled blob: Dask carries bytes
    as they are, where its own serialising of the objects cost the main process twice the CPU per task.
    It runs on the worker's executor thread, where no timer's signal can be taken: a Dask task's articles
    are not bounded in time (a known gap, tests/test_store.py). Run on the worker's event loop instead (a
    coroutine function), a task left the worker's loop blocked while it ran: on an idle machine Dask made
    0.83x two local workers against 0.91x in the same run (wip-dask12; under load 4 it had looked a gain)."""
    articles, merge = pickle.loads(blob)
    return pickle.dumps(_safe_chunk(articles, merge), protocol=pickle.HIGHEST_PROTOCOL)


class _Chunk(Protocol):
    """A chunk handed out: ``get()`` waits for its rows (``_safe_chunk``'s), ``ready()`` tells whether they are there."""

    def get(self) -> list: ...

    def ready(self) -> bool: ...


class _DaskChunk(NamedTuple):
    """A chunk on a Dask cluster (``_pickled_chunk``): its rows come back as one pickled blob."""

    future: object

    def get(self) -> list:
        return pickle.loads(self.future.result())

    def ready(self) -> bool:
        return self.future.done()


def _extract_ahead(pending, writer: "_Writer", submit: Callable[[list], _Chunk], chunk: int, in_flight: int,
                   reading: _Input | None = None, last_chunk: int | None = None, workers: int = 2, done: list = (),
                   ended: Callable[[], None] | None = None) -> None:
    """Extract elsewhere (worker processes, a Dask cluster) while this process writes: chunks of ``chunk``
    articles are handed out ahead, up to ``in_flight`` articles, and their events written in the order read
    as each chunk comes back, so the store and its stories are the same as with one process. ``submit``
    hands out a chunk and returns it as a ``_Chunk`` (its rows got, or asked whether they are there). Handing
    out the whole corpus (Pool.imap, a Dask bag) would hold it in memory; a window at a time (Pool.map) left the
    workers idle while this process merged and wrote. Once ``reading`` has ended, the chunks shrink with what is
    left to hand out (a share of it per worker, down to ``last_chunk`` articles): the workers' last chunks,
    which end apart by up to a chunk's extraction with a core idle, are small, and only those (each chunk costs
    its wake-ups, a Dask task several milliseconds of this process's CPU). ``done``: the first articles,
    extracted here (item, digest, previous, rows), written once the first chunks are out. ``ended``: called once
    every article is handed out (``_yield_cores``, the store held open: ``Lease.held``)."""
    import itertools

    waiting: collections.deque = collections.deque()
    handed = 0
    read_all = False

    def hand_out() -> None:
        nonlocal handed, read_all
        while handed < in_flight:
            size = chunk
            if last_chunk and reading is not None and reading.ended:
                size = min(chunk, max(last_chunk, reading.left // (2 * workers)))
            items = list(itertools.islice(pending, size))
            if not items:
                if not read_all and ended is not None:
                    ended()
                read_all = True
                return
            waiting.append((items, submit([i[0] for i in items])))
            handed += len(items)

    hand_out()
    for item, digest, previous, got in done:
        writer.add(item, digest, previous, got)
    if done:
        # what writing them loaded (pandas, the store's stories) joins what the collector's passes leave out
        import gc

        gc.freeze()
    while waiting:
        items, result = waiting.popleft()
        rows = result.get()
        handed -= len(items)
        hand_out()  # more work out before this chunk's merge and write, so no worker waits for them
        for (item, digest, previous), got in zip(items, rows):
            writer.add(item, digest, previous, got)
        # once every article is handed out, what is written after the workers finish has no worker beside
        # it: write as many articles as are still out, so each write runs while the workers extract the
        # rest, and the last holds few (it held up to a window, with a core idle); but no write smaller than
        # EARLY_WRITE_ARTICLES, whose fixed cost an early write pays again, and none once every chunk out is
        # extracted: with no worker left to run beside, it is the last write's work and its fixed cost again
        # (Dask's last chunks, whose results come in order, were often all done: a write of 0.16 s more)
        if read_all and handed and len(writer.articles) >= max(handed, EARLY_WRITE_ARTICLES) and not all(r.ready() for _, r in waiting):
            writer.flush()


# what a LocalCluster's processes do besides the tasks, taken from the extraction on a machine whose cores
# the workers fill: a worker's statistical profiler samples its threads every 10 ms; the memory monitors of
# each worker and its nanny read /proc every 100 ms (an extraction's memory is bounded, nothing to spill);
# every event loop (the scheduler's, each worker's and nanny's) wakes every 20 ms to time itself; work
# stealing weighs moving queued tasks every 100 ms between workers that are all busy alike; each process's
# system monitor reads its CPU, memory and disk counters every 500 ms; the active memory manager looks for
# copies to drop every 2 s (a chunk's rows are fetched once and released)
_QUIET_WORKERS = {
    "distributed.admin.system-monitor.interval": "10s",
    "distributed.scheduler.active-memory-manager.start": False,
    "distributed.worker.profile.enabled": False,
    "distributed.worker.memory.target": False,
    "distributed.worker.memory.spill": False,
    "distributed.worker.memory.pause": False,
    "distributed.worker.memory.terminate": False,
    "distributed.admin.tick.interval": "1s",
    "distributed.scheduler.work-stealing": False,
}
# a Dask task costs more than a Pool task (scheduling, serialising on both sides): at 16 articles a task the
# cluster took about 7 % more CPU than at 64 (8.5 s against 7.9 s, 3,000 KCNA articles). A task's articles
# and rows travel as one pickled blob each (``_pickled_chunk``), and 128 a task: the main process's CPU
# per task, 64 KCNA articles, went from 5.3 ms (Dask serialising the objects) to 3.0 ms, and about 2 ms of
# it is the task's own. 256 a task, the last ones shrinking (``_extract_ahead``) down to a quarter of that:
# the main process's event loop (the scheduler, the nannies, the client) took 0.63-0.72 s of CPU on KCNA
# 2016-2017 against 0.93-1.04 s at 128 (about 5.5 ms a task, 0.3 s besides), the main process 9.3-9.7 s
# against 9.3-9.9 s (three pairs at load 3-4)
DASK_PARTITION_ARTICLES = 256
DASK_LAST_PARTITION_SHARE = 4


# the chunks a local process forked before the LocalCluster (the starter) may hold at a time while the
# cluster starts (importing distributed, a scheduler, a nanny per worker forking it: 0.3-0.5 s, more on a
# busy machine): one extracting, the next waiting, so it never idles; it takes chunks until the cluster is
# up. It took exactly four before, then this process waited for the cluster with the starter's core idle
STARTER_CHUNKS = 2


class _ClusterStart:
    """A LocalCluster and its Client started in a thread, while this process hands chunks to the starter
    and writes what comes back."""

    def __init__(self, workers: int):
        self.cluster = self.client = self.error = None
        self._thread = threading.Thread(target=self._run, args=(workers,), name="dask-cluster-start", daemon=True)
        self._thread.start()

    def _run(self, workers: int) -> None:
        try:
            from distributed import Client

            self.cluster = _local_cluster(workers)
            self.client = Client(self.cluster)
        except BaseException as exc:  # noqa: BLE001 - raised again in the ingest's thread (``ready``)
            self.error = exc

    def ready(self, wait: float | None = 0.0) -> bool:
        """Whether the cluster is up, after waiting up to ``wait`` seconds (None: until it is)."""
        self._thread.join(wait)
        if self._thread.is_alive():
            return False
        if self.error is not None:
            raise self.error
        return True

    def started(self) -> tuple:
        """The Client and the cluster, once the start has ended, whatever of them it made (None for those it
        did not: a start that failed may leave a cluster with no Client), without raising its error."""
        self._thread.join()
        return self.client, self.cluster


def _local_cluster(workers: int):
    import dask
    from distributed import LocalCluster
    from distributed.versions import get_versions

    # what every process of the cluster reports to the scheduler as it joins (a dozen packages' versions from
    # their metadata, the platform's name: 17 ms of CPU), found here, where the client needs it anyway, and
    # kept by the workers forked after (its cache): each worker found it again
    get_versions()
    with dask.config.set({"distributed.worker.multiprocessing-method": "fork", **_QUIET_WORKERS}):
        return LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None)


def _close(client, cluster, starter) -> None:
    if client is not None:
        client.close()
    if cluster is not None:
        cluster.close()
    if starter is not None:
        starter.terminate()


def ingest_dask(store: "duckdb.DuckDBPyConnection | str | Path", items: Iterable[Article | Problem], scheduler: str | None = None, workers: int = 2,
                partition_size: int = DASK_PARTITION_ARTICLES, progress: Callable[[], None] | None = None, merge: bool = True) -> IngestSummary:
    """The same ingest with the extraction on a Dask cluster (``scheduler`` address, or a LocalCluster of
    ``workers`` processes): chunks of ``partition_size`` articles go to the cluster ahead of the writes,
    and their rows come back to this process, which writes and merges them in the order read."""
    in_flight = max(IN_FLIGHT_ARTICLES, 4 * workers * partition_size)
    summary = IngestSummary()
    lease = Lease(store)
    writer = _Writer(lease, summary, merge=merge, batch=BATCH_ARTICLES if lease.con is not None else WINDOW_ARTICLES)
    reading = _Input()
    pending = _pending(lease, items, summary, progress, writer, in_flight, reading)
    cluster = client = starter = None
    warm: list = []
    if not scheduler:
        import itertools

        # as with the local Pool: the first WARM_ARTICLES extracted here, then the worker processes forked from this
        # one with the extraction's modules loaded and its patterns compiled; spawned (Dask's default), each
        # paid for the imports and the compiling again, and the cluster cost 35 % more CPU than the Pool
        warm = [(item, digest, previous, _safe_records(item, merge)) for item, digest, previous in itertools.islice(pending, WARM_ARTICLES)]
    start = None
    with _frozen(), contextlib.ExitStack() as end:
        try:
            if not scheduler:
                # the cluster's start (a scheduler, a nanny per worker forking it, each worker registering) waits
                # on the processes it starts with the cores idle: a process forked as the local pool's, before it,
                # extracts the first chunks meanwhile; forked once what is loaded is frozen, as the pool's workers
                # are (its collector's full passes walked all of it; a few milliseconds on 6,000 articles)
                starter = _pool(1)
                start = _ClusterStart(workers)
            waiting_on_starter: collections.deque = collections.deque()

            def submit(articles: list) -> _Chunk:
                nonlocal client, cluster
                while start is not None and client is None:
                    # up to STARTER_CHUNKS chunks out with the starter at a time until the cluster is up
                    while waiting_on_starter and waiting_on_starter[0].ready():
                        waiting_on_starter.popleft()
                    if len(waiting_on_starter) < STARTER_CHUNKS and not start.ready():
                        waiting_on_starter.append(starter.apply_async(_safe_chunk, (articles, merge)))
                        return waiting_on_starter[-1]
                    if start.ready(0.005):
                        client, cluster = start.client, start.cluster
                if client is None:
                    from distributed import Client

                    client = Client(scheduler)
                return _DaskChunk(client.submit(_pickled_chunk, pickle.dumps((articles, merge), protocol=pickle.HIGHEST_PROTOCOL), pure=False))

            def ended() -> None:
                # a LocalCluster's worker processes (each its nanny's child), as the local pool's; the workers of a
                # scheduler given by address are someone else's to run
                if not scheduler and cluster is not None:
                    _yield_cores([nanny.pid for nanny in cluster.workers.values()])
                end.enter_context(lease.held())

            _extract_ahead(pending, writer, submit, partition_size, in_flight, reading, max(1, partition_size // DASK_LAST_PARTITION_SHARE), workers, warm,
                           ended=ended)
            # the cluster's processes stop (a fifth of a second of waiting) while this process writes the last articles
            closing = threading.Thread(target=_close, args=(client, cluster, starter))
            closing.start()
            writer.finish()
            closing.join()
            client = cluster = starter = start = None  # stopped: the cleanup below has nothing left to stop
        finally:
            if start is not None and client is None:
                # stopped before the cluster was used, or its start failed: what the start made is stopped with the
                # starter (its error, raised in ``ready``, would leave the starter's process running)
                client, cluster = start.started()
            _close(client, cluster, starter)
    return summary


def _query(path: str | Path, sql: str, params: list | None = None) -> pd.DataFrame:
    """A read-only query of a store as a DataFrame; a bad query (a user's --where) is a StoreError."""
    con = connect(path, read_only=True)
    try:
        return con.execute(sql, params or []).df()
    except duckdb.Error as exc:
        raise StoreError(f"{path}: {exc}") from None
    finally:
        con.close()


def read_events(path: str | Path, where: str | None = None) -> pd.DataFrame:
    """The events table of a store (optionally a SQL WHERE clause over its columns), validated."""
    from events.coding.schema import FULL_VALIDATION_ROWS, schema, validate_large

    query = f"SELECT {', '.join(columns())} FROM events" + (f" WHERE {where}" if where else "") + " ORDER BY date_start NULLS LAST, event_id"
    df = coerced(_query(path, query), fields())
    return validate_large(df) if len(df) > FULL_VALIDATION_ROWS else schema().validate(df)


# -- stories (events/store/stories.py): every report of one event merged, kept beside the events ----------------


def load_stories(con: duckdb.DuckDBPyConnection, progress: Callable[[], None] | None = None):
    """The store's stories, in memory and ready to grow (a ``Merger``). Events stored without a story (a
    version-1 store, an ingest with --no-merge) are merged now, oldest article first: written at the next
    ``write_story_changes`` (``progress`` called once per article merged)."""
    from events.store.stories import REPORT_COLUMNS, Merger, merge_order

    merger = Merger()
    report_columns = ", ".join(f"e.{c}" for c in REPORT_COLUMNS)
    stored = con.execute(
        # the sentence too: a story's anchors (the place in its series a dated report gave it) come from it
        f"SELECT l.story_id, l.seq, {report_columns}, e.sentence FROM story_reports l JOIN events e ON e.event_id = l.event_id ORDER BY l.seq"
    ).df()
    merger.replay(stored.to_dict(orient="records"))
    pending = con.execute(
        f"SELECT {report_columns}, e.sentence FROM events e WHERE e.event_id NOT IN (SELECT event_id FROM story_reports)"
    ).df()
    for rows in merge_order(pending):
        merger.add_article(rows)
        if progress is not None:
            progress()
    return merger


def write_story_changes(con: duckdb.DuckDBPyConnection, merger) -> None:
    """Write what the merger changed since the last write (inside the caller's transaction): changed stories
    are replaced whole, new links added, links of replaced reports dropped. A story row takes its canonical
    columns from the merger and the rest from its headline report's event row."""
    import pyarrow as pa

    rows, links, deleted, unlinked = merger.take_changes()
    references = merger.take_references()
    if references:
        # a later mention takes the date of the story it names; the merge reads it back as undated
        con.register("referenced", pa.Table.from_pylist(
            [{"event_id": e, "date_start": r[0], "date_end": r[1], "date_precision": r[2]} for e, r in references.items()],
            schema=pa.schema([("event_id", pa.string()), ("date_start", pa.date32()), ("date_end", pa.date32()), ("date_precision", pa.string())])))
        con.execute("UPDATE events SET date_start = r.date_start, date_end = r.date_end, date_precision = r.date_precision, "
                    "date_basis = 'reference' FROM referenced r WHERE events.event_id = r.event_id")
        search.reindex_reports(con, "referenced")  # their postings copy the date
        con.unregister("referenced")
    if unlinked:
        con.execute("DELETE FROM story_reports WHERE event_id IN (SELECT unnest(?))", [unlinked])
    if deleted:
        search.forget(con, deleted)
        con.execute("DELETE FROM stories WHERE story_id IN (SELECT unnest(?))", [deleted])
    if links:
        con.register("new_links", pa.Table.from_arrays([pa.array(c) for c in zip(*links)], names=["story_id", "event_id", "seq", "reason"]))
        con.execute("INSERT INTO story_reports SELECT story_id, event_id, seq, reason FROM new_links")
        con.unregister("new_links")
    if rows:
        # an Arrow table: built from the rows and handed to DuckDB at a fraction of a DataFrame's cost,
        # which matters when an ingest writes a few stories every 64 articles; the links are in by now,
        # so each story's search text is made from all its reports, and indexed under a new key
        con.register("new_stories", pa.Table.from_pylist(rows, schema=_canonical_arrow_schema()))
        chosen = ", ".join(f"n.{c}" for c in CANONICAL)
        con.execute(f"CREATE OR REPLACE TEMP TABLE new_texts AS SELECT n.story_id, t.{search.COLUMN}, {search.new_keys()} AS {search.KEY} FROM new_stories n"
                    f" LEFT JOIN ({search.story_texts('SELECT story_id FROM new_stories')}) t ON t.story_id = n.story_id")
        con.execute(f"INSERT INTO stories ({', '.join(CANONICAL)}, {search.COLUMN}, {search.KEY}) SELECT {chosen}, t.{search.COLUMN}, t.{search.KEY}"
                    " FROM new_stories n JOIN new_texts t ON t.story_id = n.story_id")
        search.index(con, "SELECT * FROM new_texts")
        con.execute("DROP TABLE new_texts")
        con.unregister("new_stories")


@lru_cache(maxsize=1)
def _story_dtypes() -> dict[str, str]:
    """A story column's declared type (events/coding/schema.py), by name."""
    return {f.name: f.dtype for f in story_fields()}


@lru_cache(maxsize=1)
def _canonical_arrow_schema() -> pa.Schema:
    import pyarrow as pa

    types = {"str": pa.string(), "date": pa.date32(), "float": pa.float64(), "int": pa.int64(), "bool": pa.bool_()}
    return pa.schema([(name, types[_story_dtypes()[name]]) for name in CANONICAL])


def merge_stories(con: duckdb.DuckDBPyConnection, rebuild: bool = False, progress: Callable[[], None] | None = None) -> int:
    """Merge the events that have no story yet into the stories (all of them again with ``rebuild``), in
    one transaction (``progress`` called once per article merged). Returns the number of stories."""
    con.execute("BEGIN TRANSACTION")
    try:
        if rebuild:
            con.execute("DELETE FROM story_reports")
            con.execute("DELETE FROM stories")
            search.clear(con)
        write_story_changes(con, load_stories(con, progress))
        # the stories written again have new keys: their phrases' pairs written now, not at the next ingest's end
        search.write_pairs(con, own_transaction=False)
        summaries.refresh(con, own_transaction=False)
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    return con.execute("SELECT count(*) FROM stories").fetchone()[0]


def read_stories(path: str | Path, where: str | None = None) -> pd.DataFrame:
    """The stories table of a store (optionally a SQL WHERE clause over its columns), validated."""
    from events.coding.schema import story_schema

    query = f"SELECT {', '.join(story_columns())} FROM stories_full" + (f" WHERE {where}" if where else "") + " ORDER BY date_start NULLS LAST, story_id"
    return story_schema().validate(coerced(_query(path, query), story_fields()))


def read_story_reports(path: str | Path, story_ids: list[str]) -> pd.DataFrame:
    """Every report (event row) of the given stories with ``story_id`` and why it joined (``reason``),
    newest report first."""
    query = (
        f"SELECT l.story_id, l.reason, l.seq, {', '.join('e.' + c for c in columns())} FROM story_reports l"
        " JOIN events e ON e.event_id = l.event_id WHERE l.story_id IN (SELECT unnest(?))"
        " ORDER BY e.published DESC NULLS LAST, l.seq DESC"
    )
    return coerced(_query(path, query, [list(story_ids)]), fields())


def read_story_links(path: str | Path) -> pd.DataFrame:
    """The link table: which story each report (event_id) is in, in the order the reports joined, and why."""
    return _query(path, "SELECT story_id, event_id, seq, reason FROM story_reports ORDER BY seq")


def stats(path: str | Path) -> dict:
    con = connect(path, read_only=True)
    try:
        articles = con.execute("SELECT count(*) FROM articles").fetchone()[0]
        events = con.execute("SELECT count(*) FROM events").fetchone()[0]
        by_type = dict(con.execute("SELECT event_type, count(*) FROM events GROUP BY 1 ORDER BY 2 DESC").fetchall())
        span = con.execute("SELECT min(date_start), max(date_end) FROM events").fetchone()
        errors = con.execute("SELECT count(*) FROM ingest_errors").fetchone()[0]
        try:
            stories = con.execute("SELECT count(*), count(*) FILTER (WHERE date_conflict) FROM stories").fetchone()
        except duckdb.Error:  # a version-1 store opened read-only: no stories yet
            stories = (0, 0)
        version = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0]
    finally:
        con.close()
    return {"articles": articles, "events": events, "by_type": by_type, "first": span[0], "last": span[1], "ingest_errors": errors, "schema_version": version,
            "stories": stories[0], "date_conflicts": stories[1]}
