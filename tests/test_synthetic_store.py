"""bench/synthetic.py, the dashboard bench's store builder: its events are rows of the event table (the schema
validates them, the same rows whatever the chunk size), and its stories' search text and index are those the
store's own code makes (events/store/search.py): rebuilt from the stored reports, the index holds the same
words of the same stories, and a search through it finds what reading the text finds."""

import importlib.util
import sys
from pathlib import Path

import pytest

from events.app import filters, overview, queries, views
from events.store import search
from events.store.database import connect, read_events

ROOT = Path(__file__).resolve().parents[1]


def _module(name: str, path: Path):
    """A bench module loaded from its file (bench/ is not a package, and its events.py would hide `events`)."""
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


synthetic = _module("bench_synthetic", ROOT / "bench" / "synthetic.py")
N = 3_000
# searches as typed: words of the synthetic sentences and titles, a word's beginning, phrases, none
SEARCHES = ["sohae", "guam", "hwasong", "hwasong-15", "cruise missile", "missile cruise", "condemned", "condemn", "warned of",
            "north korea", "korea north", "launch", "launch reported", "officials said", "12", "12:30", "forces near", "no such word", "-"]


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("synthetic") / "s.duckdb"
    # chunks that hold whole articles (synthetic.ARTICLE_EVENTS); the store opened again after two of its four
    synthetic.synthetic_store(db, N, chunk=999, reopen=2)
    return db


def _index(con, of=search.STORIES) -> set[tuple[str, str]]:
    """An index as (word, story or event) pairs, with the facets its postings keep."""
    row_id = "story_id" if of is search.STORIES else "event_id"
    facets = "".join(f", p.{c}" for c in of.facets)
    return set(con.execute(f"SELECT v.word, s.{row_id}{facets} FROM {of.postings} p JOIN {search.VOCABULARY} v ON v.word_id = p.word_id"
                           f" JOIN {of.table} s ON s.{search.KEY} = p.{of.key}").fetchall())


def _pairs(con, of=search.STORIES) -> set[tuple]:
    """The word pairs' postings as (first word, second word, story or event, place in its text)."""
    row_id = "story_id" if of is search.STORIES else "event_id"
    return set(con.execute(f"SELECT a.word, b.word, s.{row_id}, p.position FROM {of.pairs} p JOIN {search.VOCABULARY} a ON a.word_id = p.first_id"
                           f" JOIN {search.VOCABULARY} b ON b.word_id = p.second_id JOIN {of.table} s ON s.{search.KEY} = p.{of.key}").fetchall())


def test_the_events_are_rows_of_the_event_table(store):
    events = read_events(store)  # validated by the schema
    assert len(events) == N
    assert events.event_id.is_unique
    # nearly every sentence a text of its own (its time of day), as in the news
    assert events.sentence.nunique() > 0.95 * N


def test_the_same_rows_whatever_the_chunk_size(store, tmp_path):
    other = tmp_path / "other.duckdb"
    synthetic.synthetic_store(other, N, chunk=N)
    assert read_events(other).equals(read_events(store))


def test_the_index_is_the_one_the_store_makes(store, tmp_path):
    con = connect(store)
    try:
        built, reports = _index(con), _index(con, search.REPORTS)
        pairs, report_pairs = _pairs(con), _pairs(con, search.REPORTS)
        assert built and reports and pairs and report_pairs
        assert search.written(con, search.STORIES) == con.execute(f"SELECT max({search.KEY}) FROM stories").fetchone()[0]
        assert search.written(con, search.REPORTS) == N
        texts = dict(con.execute(f"SELECT story_id, {search.COLUMN} FROM stories").fetchall())
        search.fill(con)  # the store's own: texts from the stored reports, keys and index made again
        search.fill_reports(con)
        search.write_pairs(con)
        assert _index(con) == built
        assert _index(con, search.REPORTS) == reports
        assert (_pairs(con), _pairs(con, search.REPORTS)) == (pairs, report_pairs)
        assert dict(con.execute(f"SELECT story_id, {search.COLUMN} FROM stories").fetchall()) == texts
    finally:
        con.close()


def test_a_word_of_the_bench_is_found_in_some_stories_not_all(store):
    with views.load(store).connection() as con:
        stories = con.execute("SELECT count(*) FROM stories").fetchone()[0]
        for word in ("sohae", "guam", "hwasong", "condemned"):
            found = queries.summary(con, "stories", filters.EventFilter(text=word))["rows"]
            assert stories / 20 < found < stories / 2, word


@pytest.mark.parametrize("view", ["stories", "reports"])
@pytest.mark.parametrize("text", SEARCHES)
def test_a_search_through_the_index_finds_what_the_text_holds(store, text, view):
    row_id, table = queries.ID_COLUMN[view], queries.FILTERED[view]
    with views.load(store).connection() as con:
        found = set(queries.rows(con, view, filters.EventFilter(text=text))[row_id])
        condition, params = search.matches(text.lower(), view)  # no connection: the text is read
        read = {r[0] for r in con.execute(f"SELECT {row_id} FROM {table} WHERE {condition}", params).fetchall()}
        assert found == read


def _monthly(con, f, read_text: bool, monkeypatch) -> list[tuple]:
    """overview.monthly's counts as sorted rows; ``read_text``: every word read from the text (the index asked nothing)."""
    with monkeypatch.context() as m:
        if read_text:
            m.setattr(search, "MAX_EXPANSION", 0)
        table = overview.monthly(con, "stories", f)
    return sorted(table.astype(str).itertuples(index=False, name=None))


# (search as typed, event types chosen): one word counted from its postings, a word that begins several
# words (postings of one story taken once), one absent, and phrases (counted from their first word's postings,
# kept to the rows their word pairs find)
COUNTED = [("sohae", ()), ("hwasong", ()), ("condemn", ()), ("1", ()), ("guam", ("missile_test", "statement")), ("no", ("nuclear_test",)),
           ("zzz", ()), ("cruise missile", ()), ("north korea launched", ()), ("missile launch rep", ("missile_test",)), ("the east sea", ())]


@pytest.mark.parametrize("text,types", COUNTED)
def test_a_search_counted_from_its_postings_counts_what_the_text_holds(store, text, types, monkeypatch):
    f = filters.EventFilter(text=text, event_types=types)
    with views.load(store).connection() as con:
        counted = _monthly(con, f, False, monkeypatch)
        assert counted == _monthly(con, f, True, monkeypatch)
        assert overview._from_postings(con, "stories", f, "event_type") is not None
