"""A store of synthetic events for bench/dashboard.py, made in DuckDB's SQL a chunk at a time: the events from
``range()`` with hash-based choices among the words of bench/synthetic.yaml, their stories and the search
index by set operations, never a Python object per row. The store is what an ingest makes (the same tables,
the same search index: tests/test_synthetic_store.py checks the index against events/store/search.py's own on
a small store), and its memory does not grow with its size: each chunk is written and let go.

Row ``i`` is the same whatever the chunk size (every choice is a hash of ``i``, the seed and the choice's own
number). A chunk's events of one type, day and weapon class are one story (an undated event is a story of
its own): stories do not span chunks, which keeps each chunk's work its own."""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # before bench/, whose events.py would hide the package

from events.coding.schema import CANONICAL, columns
from events.coding.vocab import vocabulary
from events.store import search, summaries
from events.store.database import connect

WORDS_FILE = Path(__file__).with_name("synthetic.yaml")
# Events made and written at a time: what a chunk holds decides the builder's memory, not the store's size;
# a multiple of an article's events (ARTICLE_EVENTS), so that no article spans two chunks: a report's
# article number in the postings (search.REPORT_FACETS) is the key of its article's first row, found within its chunk
ARTICLE_EVENTS = 3
CHUNK_EVENTS = 240_000
# DuckDB's buffer while building (it spills beyond to a temporary folder beside the store)
BUILD_MEMORY = "1GB"
# Chunks written on one connection before the store is closed and opened again. An open store keeps in memory
# what it appended since it was opened (its row groups, we take it: DuckDB loads a store's row groups lazily
# when it opens it), outside DuckDB's buffer manager and memory_limit (duckdb_memory() stayed at 40 MB after
# every chunk): the builder's memory rose about 2.2 MB a chunk whatever the statement, so its peak grew with
# the store (1,140 MiB at the first chunk, 1,215 at the 40th, 1,995 at 100M events). Opened again, it starts
# afresh: an append to a 1M or a 3M store just opened took 85 MB either way, and a 10M build opened again
# every 10 chunks peaked within each ten as the first ten did.
REOPEN_CHUNKS = 10
SEED = 7


def _words() -> dict:
    with WORDS_FILE.open(encoding="utf-8") as f:
        words = yaml.safe_load(f)
    for name in ("actor_sets", "weapons", "precisions", "places", "verbs", "titles", "sources"):
        if not words.get(name):
            raise ValueError(f"{WORDS_FILE}: {name} is missing or empty")
    unknown = {c for s in words["actor_sets"] for c in s.split(";")} - set(words["actor_names"])
    if unknown:
        raise ValueError(f"{WORDS_FILE}: actor codes without a name: {sorted(unknown)}")
    return words


def _literal(values: list) -> str:
    """A SQL list of strings."""
    return "[" + ", ".join("'" + str(v).replace("'", "''") + "'" for v in values) + "]"


def _pick(values: list, choice: int) -> str:
    """SQL: one of ``values`` for row ``i``, the choice numbered ``choice`` (independent of the others)."""
    return f"{_literal(values)}[CAST(hash(i, {SEED}, {choice}) % {len(values)} AS INTEGER) + 1]"


def events_sql(first: int, n: int) -> str:
    """SQL of ``n`` synthetic events numbered from ``first``: their number ``i``, then the event table's columns."""
    w = _words()
    types = [t.name for t in vocabulary().event_types]
    sets = w["actor_sets"]
    names = w["actor_names"]
    # one choice each of actor set, weapon and precision, read through several parallel lists
    actor = f"CAST(hash(i, {SEED}, 1) % {len(sets)} AS INTEGER) + 1"
    weapon = f"CAST(hash(i, {SEED}, 2) % {len(w['weapons'])} AS INTEGER) + 1"
    precision = f"CAST(hash(i, {SEED}, 3) % {len(w['precisions'])} AS INTEGER) + 1"
    days = int(w["years"]) * 365
    minute = f"CAST(hash(i, {SEED}, 5) % {24 * 60} AS INTEGER)"
    drawn = (
        f"SELECT i, {_literal(sets)}[{actor}] AS actor_codes,"
        f" {_literal([';'.join(names[c] for c in s.split(';')) for s in sets])}[{actor}] AS actors,"
        f" {_literal([names[s.split(';')[0]] for s in sets])}[{actor}] AS lead,"
        f" {_literal([x[0] for x in w['weapons']])}[{weapon}] AS weapon,"
        f" {_literal([x[1] for x in w['weapons']])}[{weapon}] AS weapon_class,"
        f" {_literal([x[0] or w['no_weapon'] for x in w['weapons']])}[{weapon}] AS what,"
        f" {_literal([p[0] for p in w['precisions']])}[{precision}] AS date_precision,"
        f" {[int(p[1]) for p in w['precisions']]}[{precision}] AS length,"
        f" DATE '{w['first_day']}' + CAST(hash(i, {SEED}, 4) % {days} AS INTEGER) AS day,"
        f" lpad(CAST({minute} // 60 AS VARCHAR), 2, '0') || ':' || lpad(CAST({minute} % 60 AS VARCHAR), 2, '0') AS clock"
        f" FROM range({int(first)}, {int(first) + int(n)}) t(i)"
    )
    values = {
        "event_id": "lpad(to_hex(i), 16, '0')",
        "article_id": f"'a' || CAST(i // {ARTICLE_EVENTS} AS VARCHAR)",
        "event_type": _pick(types, 6),
        "date_start": "CASE WHEN date_precision = 'undated' THEN NULL ELSE day END",
        "date_end": "day + length",
        "date_precision": "date_precision",
        "timex": "''",
        "time_text": "''",
        "actors": "actors",
        "actor_codes": "actor_codes",
        "weapon": "weapon",
        "weapon_class": "weapon_class",
        "location": "''",
        "latitude": "CAST(NULL AS DOUBLE)",
        "longitude": "CAST(NULL AS DOUBLE)",
        "status": "'occurred'",
        "date_basis": "CASE WHEN date_precision = 'undated' THEN 'undated' ELSE 'relative' END",
        "sentence": f"lead || ' ' || {_pick(w['verbs'], 7)} || ' ' || what || ' near ' || {_pick(w['places'], 8)} || ' at ' || clock || ', officials said.'",
        "published": "day + length",
        "published_from": "'metadata'",
        "title": _pick(w["titles"], 9),
        "source": _pick(w["sources"], 10),
        "url": "''",
        "rule": "'synthetic'",
        "plover": "''",
        "cameo": "''",
    }
    return "SELECT i, " + ", ".join(f"{values[c]} AS {c}" for c in columns()) + f" FROM ({drawn})"


def _open(path: Path, threads: int | None):
    """The store at ``path`` opened to build: DuckDB's ``threads``, its buffer and spill folder for the build."""
    con = connect(path)
    if threads:
        con.execute(f"SET threads = {int(threads)}")
    # the store's own cap is for ingests; the build's sorts spill to a folder beside the store
    con.execute(f"SET memory_limit = '{BUILD_MEMORY}'")
    con.execute(f"SET temp_directory = '{path.parent / 'spill'}'")
    con.execute("SET preserve_insertion_order = false")
    return con


def synthetic_store(path: Path, n: int, chunk: int = CHUNK_EVENTS, progress=None, threads: int | None = None, resume: bool = False,
                    reopen: int = REOPEN_CHUNKS) -> None:
    """A store of ``n`` synthetic events and their stories, written a chunk of events at a time; ``threads``:
    DuckDB's threads (all cores without it), so that a long build can leave a core to others. ``resume``: go
    on with the store at ``path`` from its last whole chunk (a chunk is one transaction, and row ``i`` is the
    same in any run), so a stopped build of an hour need not start again. ``reopen``: chunks written before
    the store is opened again (REOPEN_CHUNKS)."""
    con = _open(path, threads)
    start = int(con.execute("SELECT count(*) FROM events").fetchone()[0]) if resume else 0
    if chunk % ARTICLE_EVENTS:
        raise ValueError(f"a chunk of {chunk:,} events would cut an article of {ARTICLE_EVENTS} in two")
    if start % chunk:
        raise ValueError(f"{path}: {start:,} events is not a whole number of chunks of {chunk:,}: not a store this builder made")
    for number, first in enumerate(range(start, n, chunk)):
        if number and number % reopen == 0:
            # what this connection appended let go (REOPEN_CHUNKS)
            con.close()
            con = _open(path, threads)
        size = min(chunk, n - first)
        con.execute("BEGIN TRANSACTION")
        con.execute(f"CREATE OR REPLACE TEMP TABLE synthetic AS {events_sql(first, size)}")
        # each event keyed by its number and its words indexed as an ingest indexes them (events/store/search.py)
        con.execute(f"INSERT INTO events ({', '.join(columns())}, {search.KEY}) SELECT {', '.join(columns())}, i + 1 FROM synthetic")
        # each title and sentence cut into its words and line breaks once, for the words and the word pairs
        con.execute(f"CREATE OR REPLACE TEMP TABLE event_tokens AS {search.tokens_of(f'SELECT i + 1 AS {search.KEY}, {search.REPORT_TEXT} AS {search.COLUMN} FROM synthetic e')}")
        con.execute(f"CREATE OR REPLACE TEMP TABLE event_words AS {search.words_in('event_tokens')}")
        # their facets from the chunk alone (an article's rows are all in it)
        search.index_words(con, "event_words", search.REPORTS, f"(SELECT *, i + 1 AS {search.KEY} FROM synthetic)")
        # the chunk's stories from the chunk alone (no join with the stored tables, which grow with the store)
        con.execute(
            # a report's place in the order the reports joined (story_reports.seq) is its event number, as the
            # reports of an ingest join in the order read: no sort
            "CREATE OR REPLACE TEMP TABLE grouped AS SELECT * EXCLUDE (i), i + 1 AS seq,"
            " 's' || substr(md5(? || '|' || event_type || '|' || coalesce(CAST(date_start AS VARCHAR), event_id) || '|' || weapon_class), 1, 15) AS story_id"
            " FROM synthetic", [str(first // chunk)]
        )
        con.execute("DROP TABLE synthetic")
        con.execute(
            "INSERT INTO story_reports SELECT story_id, event_id, seq, CASE WHEN row_number() OVER (PARTITION BY story_id ORDER BY seq) = 1 THEN 'first report'"
            " ELSE 'synthetic: same type, day and weapon class' END FROM grouped"
        )
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE chunk_stories AS SELECT *, ? + row_number() OVER () AS {search.KEY} FROM ("
            " SELECT story_id, min_by(event_id, seq), min_by(event_type, seq), min_by(date_start, seq),"
            " min_by(date_end, seq), min_by(date_precision, seq), string_agg(DISTINCT actors, ';'), string_agg(DISTINCT actor_codes, ';'),"
            " min_by(weapon, seq), min_by(weapon_class, seq), '', NULL, NULL, min_by(published, seq), count(*), count(DISTINCT source),"
            f" string_agg(DISTINCT source, ';'), min(published), max(published), FALSE, '', string_agg({search.REPORT_TEXT}, '{search.SEPARATOR}' ORDER BY seq) AS {search.COLUMN}"
            # named as the stories table's columns, for the index's facets (search.FACETS) read from them
            f" FROM grouped e GROUP BY story_id) AS s({', '.join(CANONICAL)}, {search.COLUMN})", [first]
        )
        con.execute(f"INSERT INTO stories ({', '.join(CANONICAL)}, {search.COLUMN}, {search.KEY}) SELECT * FROM chunk_stories")
        # the chunk's stories indexed (a chunk has no more stories than events, so keys from the chunk's first
        # event number are the store's own): a story's words are its reports' words (its text is theirs,
        # a line each, and no word spans a line), so they are gathered from the reports' words, not read again
        con.execute(f"CREATE OR REPLACE TEMP TABLE story_words AS SELECT DISTINCT s.{search.KEY}, w.word FROM event_words w"
                    f" JOIN grouped g ON g.seq = w.{search.KEY} JOIN chunk_stories s ON s.story_id = g.story_id")
        search.index_words(con, "story_words", search.STORIES, "chunk_stories")
        # the word pairs, as an ingest's end writes them (search.write_pairs): a story's words and line breaks
        # are its reports', in the order they joined, a line break after each (its text is theirs, a line each)
        con.execute(f"INSERT INTO {search.EVENT_PAIR_POSTINGS} {search.pairs_of('event_tokens', search.REPORTS)}")
        con.execute(f"CREATE OR REPLACE TEMP TABLE story_tokens AS SELECT s.{search.KEY}, flatten(list(list_concat(t.tokens, ['{search.SEPARATOR}']) ORDER BY g.seq)) AS tokens"
                    f" FROM event_tokens t JOIN grouped g ON g.seq = t.{search.KEY} JOIN chunk_stories s ON s.story_id = g.story_id GROUP BY s.{search.KEY}")
        con.execute(f"INSERT INTO {search.PAIR_POSTINGS} {search.pairs_of('story_tokens', search.STORIES)}")
        search.mark(con, search.STORIES, con.execute(f"SELECT max({search.KEY}) FROM chunk_stories").fetchone()[0])
        search.mark(con, search.REPORTS, first + size)
        for table in ("grouped", "chunk_stories", "event_tokens", "event_words", "story_words", "story_tokens"):
            con.execute(f"DROP TABLE {table}")
        con.execute("COMMIT")
        if progress is not None:
            progress(first + size)
    # what the dashboard's first page counts of the whole store, as an ingest leaves it (events/store/summaries.py)
    summaries.refresh(con)
    con.execute("CHECKPOINT")
    con.close()


if __name__ == "__main__":
    import time

    started = time.perf_counter()
    synthetic_store(Path(sys.argv[2]), int(sys.argv[1]), progress=lambda k: print(f"{k:,} events {time.perf_counter() - started:.1f} s", flush=True))
