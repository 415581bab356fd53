"""The store's text search over titles and sentences, with an index kept at ingest so that a search of ten
million stories costs little more than counting the stories it finds.

What a search finds: a row (a story, or a report) whose title or sentence holds the search's words, case
aside, each word of the search the beginning of a word of the text ("hwasong" finds "Hwasong-14", "bomber"
finds "bombers", "test" finds "tests" and "testing", not "contest"), and several words in the order given,
next to each other (only spaces and punctuation between them, "korea's icbm"), within one title or one
sentence. A word is a run of letters and digits: "Hwasong-14" is the words hwasong and 14. A story is found
when one of its reports' titles or sentences is. A search with no letter or digit at all ("-", "?") finds
the rows holding it as typed.

How, for the stories: each story keeps, in its own row, the lowered titles and sentences of its reports
(``search_text``, one a line, in the order its reports joined) and a number of its own (``search_key``). The
index is two tables written with the stories: ``search_vocabulary`` (every word a story has had, with its
number) and ``search_postings`` (a word's number and the key of each story that has it, sorted by word
within each write: DuckDB's zone maps skip other words' blocks where writes are large, as a bulk build's). A search's word is looked up in the
vocabulary (the words it begins), and a story passes when its key's bit is set in the bitmap of those
words' postings: no join, no scan of the text. A search of one word is answered by the index alone. A search
of several words (a phrase) by the word pairs' postings (version 9: each two words next to each other in a
title or sentence, with their place in the row's text): two words are one pair's postings, more are pairs
at consecutive places of one row; its rows are counted from its rarest word's postings kept to those keys.
The pairs are written once per ingest, after its last write (``write_pairs``): the rows written since are
read as text (a store of version 8, opened to read, has no pairs: each word's postings narrow the rows, whose
text is read). Where the index cannot answer (no word at all, or a word so short it begins more than
``MAX_EXPANSION`` words), the text is read, with the same meaning.

The event rows (the reports view) have an index of their own, the same way: each row a key
(``events.search_key``), written with the rows, and its words' postings in ``search_event_postings`` (the
vocabulary is shared) and word pairs' in ``search_event_pair_postings``. A store of version 5,
opened to read, has none: its rows' text is read, with the same meaning."""

from __future__ import annotations

import itertools
import re

from events.store.transactions import transaction

SEPARATOR = "\n"
COLUMN = "search_text"
KEY = "search_key"
VOCABULARY = "search_vocabulary"
POSTINGS = "search_postings"
# a word, in DuckDB's regular expressions (RE2) and in Python's (the search as typed is cut the same way)
WORD_SQL = r"[\p{L}\p{N}]+"
WORD_PY = re.compile(r"[^\W_]+")
# what may stand between two words of a phrase: anything but a letter, a digit or the line break that
# ends one title or sentence in a story's text
BETWEEN = r"[^\p{L}\p{N}\n]+"
# a search word that begins more words than this (a letter or two) is checked on the text: the bitmaps of
# thousands of words' postings would read most of the postings (a bound chosen, not measured)
MAX_EXPANSION = 1_000
# the reports' postings: a word's number and the key of each event row (events.search_key) whose title or
# sentence has it, beside the stories' (version 6 of the store)
EVENT_POSTINGS = "search_event_postings"
# What a search's timeline and summary count of each story found, kept in the story's postings (version 7):
# a search of one word is counted from that word's postings alone, never from a test of every story's key
# (at ten million events, the page's questions for a search 0.33 s against 0.69 s testing every key, paired,
# at load 8: bench/dashboard.py). The column, its type and its SQL over a story's row: where
# the story sits in time (its start, else its end, else its publication: events/app/queries.py WHEN),
# whether it has a start (its start is then that place), its event type and its reports. A story is written
# whole and never changed in place (the ingest replaces it under a new key), so its postings' copy stays true.
FACETS = {
    "placed": ("DATE", "coalesce(date_start, date_end, published)"),
    "dated": ("BOOLEAN", "date_start IS NOT NULL"),
    "event_type": ("VARCHAR", "event_type"),
    "n_reports": ("BIGINT", "n_reports"),
}
# The same for the reports' postings (version 8): what the reports view's timeline and summary count of an
# event row, and ``article``, a number of the article it comes from (the key of that article's first row:
# an article's rows are written together, in one write, their keys in a run), so that the articles a
# search finds are counted as the bits of one bitmap from the postings (a distinct count over the articles'
# ids, strings, outgrew the read connection's 128 MB cap at 100M events). A row's date can change in place
# (a later reference dates it: events/store/database.py write_story_changes): its postings are then
# written again (``reindex_reports``).
REPORT_FACETS = {
    "placed": ("DATE", "coalesce(date_start, date_end, published)"),
    "dated": ("BOOLEAN", "date_start IS NOT NULL"),
    "event_type": ("VARCHAR", "event_type"),
    "article": ("BIGINT", "min(search_key) OVER (PARTITION BY article_id)"),
}


def _declared(facets: dict) -> str:
    return ", ".join(f"{c} {t}" for c, (t, _) in facets.items())


# Word pairs (version 9): each two words next to each other in one title or sentence (only spaces and
# punctuation between them, as a phrase's words), the first's and the second's numbers, the row's key and
# where the pair stands in the row's text (``position``: the first word's place among the row's words and
# line breaks, so that two pairs one place apart are three words in a row, and never across a line break).
# No facets: what a phrase's rows count is read from its rarest word's postings, tested in the bitmap of the
# keys the pairs find (the words' postings are kept true as rows are rewritten; the pairs are not).
# A phrase of two words is one pair's postings; of more, pairs at consecutive positions of one row.
# The pairs are written once per ingest, after its last write (``write_pairs``), not with every write: a
# merge rewrites a story many times as its reports arrive, and pairs written with each version cost the
# ingest's main process a third more CPU (branch wip-scale8). So each pairs table has a mark, the highest
# key whose pairs are written (PAIRS_WRITTEN): rows keyed above it, written since, are read as text, and a
# phrase finds the rows of its pairs up to the mark or of its text above it. A row deleted after its pairs
# were written (a story a merge rewrites under a new key, an article's rows replaced) leaves its pairs until
# the next ``write_pairs``, which drops them (PAIRS_STALE): keys are never given again (``new_keys``), so they
# find no row meanwhile, and a row's counts come from its word postings, which are dropped with it.
PAIR_POSTINGS = "search_pair_postings"
EVENT_PAIR_POSTINGS = "search_event_pair_postings"
PAIRS_WRITTEN = "search_pairs_written"
PAIRS_STALE = "search_pairs_stale"
# a text's words and line breaks in order, in DuckDB's regular expressions: the pairs are the words next to
# each other in this list
TOKEN_SQL = r"[\p{L}\p{N}]+|\n"

TABLES = [
    f"CREATE TABLE IF NOT EXISTS {VOCABULARY} (word VARCHAR NOT NULL, word_id BIGINT NOT NULL)",
    f"CREATE TABLE IF NOT EXISTS {POSTINGS} (word_id BIGINT NOT NULL, story_key BIGINT NOT NULL, {_declared(FACETS)})",
    f"CREATE TABLE IF NOT EXISTS {EVENT_POSTINGS} (word_id BIGINT NOT NULL, event_key BIGINT NOT NULL, {_declared(REPORT_FACETS)})",
    f"CREATE TABLE IF NOT EXISTS {PAIR_POSTINGS} (first_id BIGINT NOT NULL, second_id BIGINT NOT NULL, story_key BIGINT NOT NULL, position INTEGER NOT NULL)",
    f"CREATE TABLE IF NOT EXISTS {EVENT_PAIR_POSTINGS} (first_id BIGINT NOT NULL, second_id BIGINT NOT NULL, event_key BIGINT NOT NULL, position INTEGER NOT NULL)",
    f"CREATE TABLE IF NOT EXISTS {PAIRS_WRITTEN} (pairs VARCHAR NOT NULL, up_to BIGINT NOT NULL)",
    f"CREATE TABLE IF NOT EXISTS {PAIRS_STALE} (pairs VARCHAR NOT NULL, key BIGINT NOT NULL)",
]


class Index:
    """One index of the store: the rows it keys (``table``, whose column KEY numbers them), its postings
    table, its word pairs' postings table, the postings' key column and the facets the postings keep of
    each row."""

    def __init__(self, table: str, postings: str, pairs: str, key: str, facets: dict):
        self.table, self.postings, self.pairs, self.key, self.facets = table, postings, pairs, key, facets


STORIES = Index("stories", POSTINGS, PAIR_POSTINGS, "story_key", FACETS)
REPORTS = Index("events", EVENT_POSTINGS, EVENT_PAIR_POSTINGS, "event_key", REPORT_FACETS)


def _lowered(column: str) -> str:
    # a line break inside a title or sentence is a space: line breaks part the texts of a story
    return f"replace(lower(coalesce({column}, '')), '{SEPARATOR}', ' ')"


# one report's share of its story's text
REPORT_TEXT = f"{_lowered('e.title')} || '{SEPARATOR}' || {_lowered('e.sentence')}"
STORY_TEXT = f"string_agg({REPORT_TEXT}, '{SEPARATOR}' ORDER BY l.seq)"


def story_texts(story_ids: str = "") -> str:
    """SQL of (story_id, search_text) for the stories in the relation ``story_ids`` names (all without
    it), from their reports in the tables story_reports and events."""
    where = f" WHERE l.story_id IN ({story_ids})" if story_ids else ""
    return f"SELECT l.story_id, {STORY_TEXT} AS {COLUMN} FROM story_reports l JOIN events e ON e.event_id = l.event_id{where} GROUP BY l.story_id"


def new_keys(table: str = "stories", of: Index = STORIES) -> str:
    """SQL of a key for each row of a query, after every key ``table`` and the postings of ``of`` hold (one
    writer at a time: the store's writer lock). A key still held by a row or a posting is never given again,
    so postings a caller left behind (rows deleted without ``forget``) find no new row."""
    return f"greatest((SELECT coalesce(max({KEY}), 0) FROM {table}), (SELECT coalesce(max({of.key}), 0) FROM {of.postings}), {_written_sql(of)}) + row_number() OVER ()"


def _written_sql(of: Index) -> str:
    """SQL: the highest key whose word pairs are written in ``of``'s pairs (0 before any): a key at most this
    is never given again, since its row's pairs may still be there."""
    return f"(SELECT coalesce(max(up_to), 0) FROM {PAIRS_WRITTEN} WHERE pairs = '{of.pairs}')"


def written(con, of: Index) -> int:
    """The highest key of the rows of ``of`` whose word pairs are written."""
    return int(con.execute(f"SELECT {_written_sql(of)}").fetchone()[0])


def index(con, relation: str, of: Index = STORIES, rows: str | None = None) -> None:
    """Index the rows of ``relation`` (a query of keys and texts: ``search_key``, ``search_text``) in the
    index ``of`` (the stories' or the reports'): their new words join the vocabulary, and their postings are
    written sorted by word, with their rows' facets, read from the table ``rows`` (``of``'s table without it)."""
    con.execute(f"CREATE OR REPLACE TEMP TABLE new_words AS {words_of(relation)}")
    index_words(con, "new_words", of, rows)
    con.execute("DROP TABLE new_words")


def words_of(relation: str) -> str:
    """SQL of the distinct (``search_key``, ``word``) of the rows of ``relation`` (keys and texts)."""
    return f"SELECT DISTINCT {KEY}, unnest(regexp_extract_all({COLUMN}, '{WORD_SQL}')) AS word FROM ({relation})"


def index_words(con, table: str, of: Index = STORIES, rows: str | None = None) -> None:
    """Index the distinct (``search_key``, ``word``) pairs of ``table`` in the index ``of``: the new words
    join the vocabulary, and the postings are written sorted by word, each with its row's facets, read
    from ``rows`` (the table ``of`` keys, or a table of the rows about to be written there)."""
    con.execute(f"INSERT INTO {VOCABULARY} SELECT word, (SELECT coalesce(max(word_id), 0) FROM {VOCABULARY}) + row_number() OVER (ORDER BY word)"
                f" FROM (SELECT DISTINCT word FROM {table} WHERE word NOT IN (SELECT word FROM {VOCABULARY}))")
    rows = rows or of.table
    keys = f"SELECT DISTINCT {KEY} FROM {table}"
    if of is STORIES:
        # the rows of the keys indexed only: a key's row is found by a semi-join, not a join with the whole table
        facets = f"SELECT {KEY}, {', '.join(f'{sql} AS {c}' for c, (_, sql) in of.facets.items())} FROM {rows} WHERE {KEY} IN ({keys})"
    else:
        # a report's article numbered over every row of that article, not only those indexed now (a row
        # indexed again after a reference dated it keeps its number)
        facets = (f"SELECT * FROM (SELECT {KEY}, {', '.join(f'{sql} AS {c}' for c, (_, sql) in of.facets.items())} FROM {rows}"
                  f" WHERE article_id IN (SELECT article_id FROM {rows} WHERE {KEY} IN ({keys}))) WHERE {KEY} IN ({keys})")
    con.execute(f"INSERT INTO {of.postings} (word_id, {of.key}, {', '.join(of.facets)}) SELECT v.word_id, n.{KEY}, {', '.join(f'f.{c}' for c in of.facets)}"
                f" FROM {table} n JOIN {VOCABULARY} v ON v.word = n.word JOIN ({facets}) f ON f.{KEY} = n.{KEY} ORDER BY v.word_id, n.{KEY}")


def forget(con, story_ids: list[str], table: str = "stories") -> None:
    """Drop the postings of the stories about to be deleted or rewritten (their words stay in the
    vocabulary: a word no story has any more finds nothing); their word pairs, if written, are dropped by
    the next ``write_pairs``."""
    keys = f"SELECT {KEY} FROM {table} WHERE story_id IN (SELECT unnest(?))"
    _stale(con, STORIES, keys, [story_ids])
    con.execute(f"DELETE FROM {POSTINGS} WHERE story_key IN ({keys})", [story_ids])


def forget_reports(con, article_ids: list[str]) -> None:
    """Drop the postings of the event rows of articles about to be deleted (replaced by a new version); their
    word pairs, if written, are dropped by the next ``write_pairs``."""
    keys = f"SELECT {KEY} FROM events WHERE article_id IN (SELECT unnest(?))"
    _stale(con, REPORTS, keys, [article_ids])
    con.execute(f"DELETE FROM {EVENT_POSTINGS} WHERE event_key IN ({keys})", [article_ids])


def _stale(con, of: Index, keys: str, params: list) -> None:
    """Note the keys of the query ``keys`` whose word pairs are written (at most the mark), as their rows
    are deleted: a pairs table is sorted by pair, so a delete there reads all of it, once per ``write_pairs``
    rather than once per write. Before any pairs are written (a new store's first ingest) nothing is read."""
    up_to = written(con, of)
    if up_to:
        con.execute(f"INSERT INTO {PAIRS_STALE} SELECT '{of.pairs}', {KEY} FROM ({keys}) WHERE {KEY} <= {up_to}", params)


# the event rows keyed after ``since`` (the highest key before they were written), with their text
def _reports_after(since: int) -> str:
    return f"SELECT {KEY}, {REPORT_TEXT} AS {COLUMN} FROM events e WHERE {KEY} > {int(since)}"


def reindex_reports(con, event_ids: str) -> None:
    """Write again the postings of the event rows whose ids the relation ``event_ids`` holds (their date
    changed in place: the postings' facets copy it)."""
    keys = f"SELECT {KEY} FROM events WHERE event_id IN (SELECT event_id FROM {event_ids})"
    con.execute(f"DELETE FROM {EVENT_POSTINGS} WHERE event_key IN ({keys})")
    index(con, f"SELECT {KEY}, {REPORT_TEXT} AS {COLUMN} FROM events e WHERE {KEY} IN ({keys})", REPORTS)


def index_reports(con, since: int) -> None:
    """Index the event rows written since the highest key was ``since`` (``last_report_key`` before their
    insert, their keys from ``new_keys('events', REPORTS)``): every row of their articles is among them
    (an article's rows are written together), so their facets are read from them alone."""
    index(con, _reports_after(since), REPORTS, f"(SELECT * FROM events WHERE {KEY} > {int(since)})")


def last_report_key(con) -> int:
    return int(con.execute(f"SELECT greatest((SELECT coalesce(max({KEY}), 0) FROM events), (SELECT coalesce(max(event_key), 0) FROM {EVENT_POSTINGS}),"
                           f" {_written_sql(REPORTS)})").fetchone()[0])


def clear(con) -> None:
    """Empty the index (every story about to be written again, under new keys above the pairs' mark)."""
    con.execute(f"DELETE FROM {POSTINGS}")
    con.execute(f"DELETE FROM {PAIR_POSTINGS}")
    con.execute(f"DELETE FROM {PAIRS_STALE} WHERE pairs = '{PAIR_POSTINGS}'")


def tokens_of(relation: str) -> str:
    """SQL of (``search_key``, ``tokens``): the words and line breaks of the texts of the rows of ``relation``
    (keys and texts), in order (the regular expression is most of the cost of a text's pairs)."""
    return f"SELECT {KEY}, regexp_extract_all({COLUMN}, '{TOKEN_SQL}') AS tokens FROM ({relation})"


def words_in(tokens: str) -> str:
    """SQL of the distinct (``search_key``, ``word``) of the relation ``tokens`` (``tokens_of``): what
    ``words_of`` gives of the same texts."""
    return f"SELECT DISTINCT {KEY}, word FROM (SELECT {KEY}, unnest(tokens) AS word FROM {tokens}) WHERE word <> '{SEPARATOR}'"


def pairs_of(tokens: str, of: Index) -> str:
    """SQL of the word pairs' postings (first_id, second_id, key, position) of the relation ``tokens``
    (``tokens_of``), in the columns of ``of``'s pairs table, sorted by pair: each two words next to each
    other a pair, its place the first's. Each row's list is unnested beside itself one place on (its words
    but the last, and but the first, side by side), both words numbered from the vocabulary (a line break
    has none, so no pair spans one): 0.45 s of CPU for KCNA 2016-2017's 21,406 event rows against 0.56 s
    numbering each word once and joining each with the next (that join's table holds every word of the rows,
    the vocabulary's far fewer); 0.25 s against 0.31 s of wall time with the texts in Arrow batches
    (``write_pairs``). The words are in the vocabulary already (written with the rows' word postings)."""
    beside = (f"SELECT {KEY}, unnest(tokens[1:-2]) AS first_word, unnest(tokens[2:]) AS second_word, generate_subscripts(tokens[2:], 1) AS place"
              f" FROM {tokens}")
    return (f"SELECT f.word_id AS first_id, s.word_id AS second_id, b.{KEY} AS {of.key}, CAST(b.place AS INTEGER) AS position FROM ({beside}) b"
            f" JOIN {VOCABULARY} f ON f.word = b.first_word JOIN {VOCABULARY} s ON s.word = b.second_word ORDER BY first_id, second_id, {of.key}")


def _texts(of: Index, table: str | None = None) -> str:
    """SQL of the keys and texts of the rows of ``of`` (its table, or ``table``)."""
    if of is STORIES:
        return f"SELECT {KEY}, {COLUMN} FROM {table or of.table}"
    return f"SELECT {KEY}, {REPORT_TEXT} AS {COLUMN} FROM {table or of.table} e"


# The rows whose pairs are written at a time (``write_pairs``), their texts handed to DuckDB as Arrow batches of
# PAIR_BATCH_ROWS: a table is scanned by one thread per row group (122,880 rows), so an ingest's new rows,
# fewer, were cut into words on one core, the pass's longest step (0.2 s a table on KCNA 2016-2017, at the
# ingest's end with the other core idle); batches are scanned by every thread: the pass 0.8 to 0.5 s. The
# texts are held in this process's memory, outside the store's cap, so a slice of rows at a time (KCNA
# 2016-2017's 14,836 stories are 6.5 MB of text; a large ingest's rows are never held at once)
PAIR_SLICE_ROWS = 65_536
PAIR_BATCH_ROWS = 2_048


def _slices(con, of: Index, up_to: int) -> list[tuple[int, int]]:
    """The key ranges (above, up to) of the rows of ``of`` keyed above ``up_to``, PAIR_SLICE_ROWS rows each."""
    ends = con.execute(f"SELECT max({KEY}) FROM (SELECT {KEY}, (row_number() OVER (ORDER BY {KEY}) - 1) // {PAIR_SLICE_ROWS} AS slice"
                       f" FROM {of.table} WHERE {KEY} > {int(up_to)}) GROUP BY slice ORDER BY 1").fetchall()
    starts = [int(up_to)] + [int(end) for end, in ends[:-1]]
    return [(start, int(end)) for start, (end,) in zip(starts, ends)]


def write_pairs(con, own_transaction: bool = True, indexes: tuple[Index, ...] = (STORIES, REPORTS)) -> None:
    """Write the word pairs of the rows keyed above each pairs table's mark, and move the mark to the highest
    key (once per ingest, after its last write: events/store/database.py); drop the pairs of rows deleted
    since they were written (PAIRS_STALE). Stories and event rows alike (``indexes``)."""
    with transaction(con, own_transaction):
        for of in indexes:
            up_to = written(con, of)
            if con.execute(f"SELECT count(*) FROM {PAIRS_STALE} WHERE pairs = '{of.pairs}'").fetchone()[0]:
                con.execute(f"DELETE FROM {of.pairs} WHERE {of.key} IN (SELECT key FROM {PAIRS_STALE} WHERE pairs = '{of.pairs}')")
                con.execute(f"DELETE FROM {PAIRS_STALE} WHERE pairs = '{of.pairs}'")
            slices = _slices(con, of, up_to)
            for above, end in slices:
                texts = con.sql(f"{_texts(of)} WHERE {KEY} > {above} AND {KEY} <= {end}").to_arrow_table(PAIR_BATCH_ROWS)
                con.register("pair_texts", texts)
                try:
                    tokens = tokens_of("SELECT * FROM pair_texts")
                    con.execute(f"INSERT INTO {of.pairs} {pairs_of(f'({tokens})', of)}")
                finally:
                    con.unregister("pair_texts")
            if slices:
                mark(con, of, slices[-1][1])


def mark(con, of: Index, up_to: int) -> None:
    """Set the mark of ``of``'s pairs: the rows keyed up to ``up_to`` have their word pairs written."""
    con.execute(f"DELETE FROM {PAIRS_WRITTEN} WHERE pairs = '{of.pairs}'")
    con.execute(f"INSERT INTO {PAIRS_WRITTEN} VALUES ('{of.pairs}', {int(up_to)})")


def _unpaired(con, of: Index) -> None:
    """Drop every word pair of ``of`` (its rows keyed again from 1): they are written again by ``write_pairs``."""
    con.execute(f"DELETE FROM {of.pairs}")
    con.execute(f"DELETE FROM {PAIRS_STALE} WHERE pairs = '{of.pairs}'")
    mark(con, of, 0)


def fill_reports(con) -> None:
    """Key every event row and index them all (a store brought up to version 6, a table file's events in
    memory)."""
    for statement in TABLES:
        con.execute(statement)
    con.execute(f"ALTER TABLE events ADD COLUMN IF NOT EXISTS {KEY} BIGINT")
    con.execute(f"UPDATE events SET {KEY} = t.{KEY} FROM (SELECT event_id, row_number() OVER () AS {KEY} FROM events) t WHERE t.event_id = events.event_id")
    con.execute(f"DELETE FROM {EVENT_POSTINGS}")
    _unpaired(con, REPORTS)
    # a store of version 6 or 7 brought up to date: the reports' postings gain their facets
    for column, (sql_type, _) in REPORT_FACETS.items():
        con.execute(f"ALTER TABLE {EVENT_POSTINGS} ADD COLUMN IF NOT EXISTS {column} {sql_type}")
    index_reports(con, 0)


def fill(con, table: str = "stories") -> None:
    """Write every story's text and key in ``table``, and the index of them all (a store brought up to
    date, a table file's stories in memory)."""
    for statement in TABLES:
        con.execute(statement)
    con.execute(f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS {COLUMN} VARCHAR")
    con.execute(f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS {KEY} BIGINT")
    con.execute(f"UPDATE {table} SET {COLUMN} = t.{COLUMN}, {KEY} = t.{KEY} FROM (SELECT *, row_number() OVER () AS {KEY} FROM ({story_texts()})) t"
                f" WHERE t.story_id = {table}.story_id")
    con.execute(f"DELETE FROM {VOCABULARY}")
    clear(con)
    # the words numbered again: every pair's numbers go with the old ones
    _unpaired(con, STORIES)
    _unpaired(con, REPORTS)
    # a store of version 6 brought up to date: its postings gain the stories' facets
    for column, (sql_type, _) in FACETS.items():
        con.execute(f"ALTER TABLE {POSTINGS} ADD COLUMN IF NOT EXISTS {column} {sql_type}")
    index(con, f"SELECT {KEY}, {COLUMN} FROM {table}", STORIES, table)


def words(text: str) -> list[str]:
    """The words of a search as typed, lowered, in order."""
    return WORD_PY.findall(text.lower())


def _pattern(found: list[str]) -> str:
    # each word the beginning of a word, the next one after spaces and punctuation only (words hold only
    # letters and digits: nothing to escape)
    return "(^|[^\\p{L}\\p{N}])" + BETWEEN.join(w + r"[\p{L}\p{N}]*" for w in found)


def _in_text(found: list[str], needle: str, columns: list[str]) -> tuple[str, list]:
    """The search read from the text: ``columns`` are lowered texts (SQL)."""
    if not found:  # no word: the text as typed
        return "(" + " OR ".join(f"contains({c}, ?)" for c in columns) + ")", [needle] * len(columns)
    # each word a plain substring first: far cheaper than the expression, which runs on the rows left
    checks, params = [], []
    for c in columns:
        checks.append("(" + " AND ".join([f"contains({c}, ?)"] * len(found) + [f"regexp_matches({c}, ?)"]) + ")")
        params += [*found, _pattern(found)]
    return "(" + " OR ".join(checks) + ")", params


def _indexed(con, of: Index) -> bool:
    """Whether the store has the index ``of`` (a store of version 5, opened to read, has no reports' index)."""
    return bool(con.execute("SELECT count(*) FROM information_schema.columns WHERE table_name = ? AND column_name = ?", [of.table, KEY]).fetchone()[0]
                and con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [of.postings]).fetchone()[0])


def _lookup(con, found: list[str], of: Index = STORIES) -> tuple[int, list[list[int]]] | None:
    """The highest key of the rows ``of`` indexes, and the numbers of the vocabulary's words each search
    word begins; None where the index cannot answer."""
    if con is None or (of is REPORTS and not _indexed(con, of)):
        return None
    out = []
    for word in found:
        begun = [r[0] for r in con.execute(f"SELECT word_id FROM {VOCABULARY} WHERE starts_with(word, ?) LIMIT {MAX_EXPANSION + 1}", [word]).fetchall()]
        if len(begun) > MAX_EXPANSION:
            return None
        out.append(begun)
    top = con.execute(f"SELECT max({KEY}) FROM {of.table}").fetchone()[0]
    return int(top or 0), out


# story keys per bitmap block: a block's bitmap is 8 KB, a store of ten million stories has 153 of them
BLOCK_BITS = 16


def _has(top: int, ids: list[int], of: Index = STORIES) -> str:
    """A story has one of the words numbered ``ids``: its key's bit in the bitmaps of their postings, made
    once per question and tested row by row as the stories are scanned. A semi-join of the keys probes a
    hash table of millions of keys for each story (five times slower at ten million stories); one bitmap of
    every key is copied for each vector of rows (forty times slower)."""
    return _in_bitmap(top, of.postings, _of_words(ids), of.key, KEY)


def _of_words(ids: list[int]) -> str:
    """SQL: a posting of one of the words numbered ``ids`` (the vocabulary's integers, written into the SQL so
    that the scan of the postings skips the blocks of other words)."""
    return f"word_id IN ({_numbers(ids)})"


def _in_bitmap(top: int, source: str, kept: str, built_on: str, tested: str) -> str:
    """SQL: the value of the column ``tested`` is among the values of ``built_on`` in the rows of ``source``
    with the condition ``kept`` (keys at most ``top``): its bit in their bitmaps, a bitmap a block of keys
    in a list by block, made once per question (a bitmap's memory is a bit a key, where a hash table of
    millions of keys outgrows a reader's cap)."""
    return _bit_test(top, _bitmaps(top, source, kept, built_on), tested)


def _bitmaps(top: int, source: str, kept: str, built_on: str) -> str:
    """SQL (a scalar): the bitmaps of the values of ``built_on`` in the rows of ``source`` with the condition
    ``kept`` (keys at most ``top``), a bitmap a block of keys, in a list by block."""
    mask = (1 << BLOCK_BITS) - 1
    blocks = (f"SELECT {built_on} >> {BLOCK_BITS} AS block, bitstring_agg(CAST({built_on} & {mask} AS INTEGER), 0, {mask}) AS bits FROM {source}"
              f" WHERE {kept} AND {built_on} <= {top} GROUP BY block")
    # every block in order, a block with none of the keys NULL (its rows fail the test)
    return f"(SELECT list(b.bits ORDER BY r.range) FROM range({(top >> BLOCK_BITS) + 1}) r LEFT JOIN ({blocks}) b ON b.block = r.range)"


def _bit_test(top: int, bitmaps: str, tested: str) -> str:
    """SQL: the value of the column ``tested`` has its bit set in ``bitmaps`` (``_bitmaps``)."""
    mask = (1 << BLOCK_BITS) - 1
    return f"({tested} <= {top} AND get_bit({bitmaps}[({tested} >> {BLOCK_BITS}) + 1], CAST({tested} & {mask} AS INTEGER)) = 1)"


# names of the bitmaps ``found_rows`` keeps on a connection
_KEPT_BITMAPS = itertools.count()


def _kept_bitmap(con, top: int, source: str, kept: str, built_on: str, params: list, tested: str) -> str:
    """``_in_bitmap``'s test with the bitmaps made now, once, and kept in a temporary table of the connection
    ``con`` (it goes with the connection, a question's: events/app/views.py), so that the several questions
    a page asks of one search's rows (the months, a reports view's articles, weeks or days) do not each make
    them again: a phrase's pairs joined, a filter's rows read."""
    name = f"search_bitmap_{next(_KEPT_BITMAPS)}"
    con.execute(f"CREATE TEMP TABLE {name} AS SELECT {_bitmaps(top, source, kept, built_on)} AS bits", params)
    return _bit_test(top, f"(SELECT bits FROM {name})", tested)


def _paired(con, of: Index = STORIES) -> bool:
    """Whether the store has the word pairs' postings of ``of`` (a store of version 8, opened to read, has
    none: a phrase is then narrowed by each word's postings and read from the text)."""
    return bool(con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [of.pairs]).fetchone()[0])


def _phrase_rows(con, found: list[str], needle: str, begun: list[list[int]], of: Index) -> tuple[str, list]:
    """SQL of the keys (column ``k``, a key possibly more than once) of the rows of ``of`` holding the phrase
    ``found`` (its words numbered ``begun``), with its parameters: up to the pairs' mark, from the pairs'
    postings alone (its pairs at consecutive places of one row: no text read); above it, from the text of
    those rows only (written since the last ``write_pairs``: none after an ingest)."""
    up_to = written(con, of)
    chained = [f"SELECT {of.key} AS k, position FROM {of.pairs} WHERE first_id IN ({_numbers(a)}) AND second_id IN ({_numbers(b)}) AND {of.key} <= {up_to}"
               for a, b in itertools.pairwise(begun)]
    paired = f"SELECT p0.k FROM ({chained[0]}) p0" + "".join(
        f" JOIN ({sql}) p{n} ON p{n}.k = p0.k AND p{n}.position = p0.position + {n}" for n, sql in enumerate(chained[1:], 1))
    texts = [COLUMN] if of is STORIES else [_lowered("sentence"), _lowered("title")]
    phrase, params = _in_text(found, needle, texts)
    return f"{paired} UNION ALL SELECT {KEY} AS k FROM {of.table} WHERE {KEY} > {up_to} AND {phrase}", params


# the keys a phrase's words' postings are counted among to choose the rarest (``_rarest``): the first rows
# only, whose postings' blocks the key's zone maps find without reading the others (all of them: 0.1-0.2 s at
# ten million events)
SAMPLED_KEYS = 1 << 18


def _rarest(con, begun: list[list[int]], of: Index) -> list[int]:
    """Of a phrase's words (the numbers of the words each begins), the one with the fewest postings in
    ``of`` among the rows keyed up to SAMPLED_KEYS, counted in one scan: each row with the phrase has each
    of its words, so any word's postings hold the phrase's rows, and the fewest are the cheapest to test and
    count ("near sohae": sohae's postings a twelfth of near's at ten million events). A choice of speed
    only: any word gives the same rows."""
    counts = con.execute(f"SELECT {', '.join(f'count(*) FILTER (WHERE word_id IN ({_numbers(ids)}))' for ids in begun)} FROM {of.postings}"
                         f" WHERE word_id IN ({_numbers(sorted({i for ids in begun for i in ids}))}) AND {of.key} <= {SAMPLED_KEYS}").fetchone()
    return begun[counts.index(min(counts))]


def _numbers(ids: list[int]) -> str:
    return ", ".join(str(int(i)) for i in ids)


def _faceted(con, of: Index = STORIES) -> bool:
    """Whether the postings of ``of`` keep their facets (a store of version 6, or 7 for the reports, opened
    to read, has none)."""
    found = {r[0] for r in con.execute("SELECT column_name FROM information_schema.columns WHERE table_name = ?", [of.postings]).fetchall()}
    return set(of.facets) <= found


def event_types_condition(event_types) -> str:
    """SQL: the rows of these event types (each a literal, its quotes doubled), for the tables that keep a
    row's type beside what is counted of it (postings with facets, events/store/summaries.py's months)."""
    return "event_type IN (" + ", ".join("'" + t.replace("'", "''") + "'" for t in event_types) + ")"


def found_rows(needle: str, con, event_types: tuple[str, ...] = (), of: Index = STORIES, placed_to=None,
               among: tuple[str, list] | None = None) -> tuple[str, int, list] | None:
    """SQL of the rows of ``of`` (stories or reports) a search of one word finds, one row each with its
    facets, read from the word's postings alone: no row is read (a phrase: from its rarest word's postings (``_rarest``),
    kept to the keys its word pairs find, and those of the rows written since the pairs were, read); with the highest key of the rows (a bound
    of the reports' article numbers) and the SQL's parameters. Only rows of ``event_types`` (if any), placed
    in time at ``placed_to`` or before (if given), both facets of the postings, and passing ``among`` (if
    given: a condition on ``of``'s table and its parameters, the rest of a filter): the keys of the rows
    passing it make a bitmap the postings' keys are tested in, one reading of the filter's columns and no
    row tested twice (that bitmap, and a phrase's, made once and kept in a temporary table of ``con``, for
    each question the caller asks of the SQL on that connection). None where the postings cannot say (no connection or no facets, no word, a phrase on a
    store without word pairs, a word beginning too many words): the search is then a condition on the rows (``matches``). A word that
    begins several words (bomber: bomber, bombers) may have several postings of one row, which are taken once."""
    found = words(needle)
    if con is None or not found or (of is REPORTS and not _indexed(con, of)) or not _faceted(con, of):
        return None
    if len(found) > 1 and not _paired(con, of):
        return None
    looked_up = _lookup(con, found, of)
    if looked_up is None:
        return None
    top, begun = looked_up
    columns = ", ".join(of.facets)
    if not all(begun):
        return f"SELECT {of.key}, {columns} FROM {of.postings} WHERE FALSE", top, []
    # a phrase's rows are counted from one of its words' postings, kept to the rows the phrase's pairs find
    ids = begun[0] if len(begun) == 1 else _rarest(con, begun, of)
    kept = f"{_of_words(ids)} AND {of.key} <= {int(top)}"
    params: list = []
    if event_types:
        kept += " AND " + event_types_condition(event_types)
    if placed_to is not None:
        kept += " AND placed <= ?"
        params.append(placed_to)
    if among is not None:
        condition, among_params = among
        kept += " AND " + _kept_bitmap(con, int(top), of.table, f"({condition})", KEY, among_params, of.key)
    if len(found) > 1:
        phrase, phrase_params = _phrase_rows(con, found, needle, begun, of)
        kept += " AND " + _kept_bitmap(con, int(top), f"({phrase})", "TRUE", "k", phrase_params, of.key)
    if len(ids) == 1:
        return f"SELECT {of.key}, {columns} FROM {of.postings} WHERE {kept}", top, params
    # a row's facets are the same in each of its postings
    return f"SELECT {of.key}, {', '.join(f'any_value({c}) AS {c}' for c in of.facets)} FROM {of.postings} WHERE {kept} GROUP BY {of.key}", top, params


def articles_among(found: str, top: int) -> str:
    """SQL of how many articles the reports of ``found`` (``found_rows`` of the reports, keys at most
    ``top``) come from: the bits set in one bitmap of their article numbers (a distinct count's hash table
    of millions of ids needs more memory than a reader has)."""
    return f"SELECT coalesce(bit_count(bitstring_agg(article, 1, {max(int(top), 1)})), 0) FROM ({found})"


def matches(needle: str, view: str, con=None) -> tuple[str, list]:
    """The condition that a row of ``view`` (stories or reports) holds the search ``needle`` (already
    lowered) in a title or sentence, with its parameters. ``con``: the connection the condition will be
    asked on, whose index it reads (without it, the stories' text is read)."""
    found = words(needle)
    of = STORIES if view == "stories" else REPORTS
    # the text a row's words are read from: a story's own, a report's sentence and title
    texts = [COLUMN] if of is STORIES else [_lowered("sentence"), _lowered("title")]
    looked_up = _lookup(con, found, of) if found else None
    if looked_up is None:
        return _in_text(found, needle, texts)
    top, begun = looked_up
    if not top or not all(begun):
        return "FALSE", []  # a word no row has
    if len(found) > 1 and _paired(con, of):  # a phrase: the rows its word pairs find, or its text above their mark
        phrase, params = _phrase_rows(con, found, needle, begun, of)
        return _in_bitmap(top, f"({phrase})", "TRUE", "k", KEY), params
    terms = [_has(top, ids, of) for ids in begun]
    params: list = []
    if len(found) > 1:  # a store without word pairs: the index says each word is there; the text says whether as a phrase
        phrase, params = _in_text(found, needle, texts)
        terms.append(phrase)
    return "(" + " AND ".join(terms) + ")", params
