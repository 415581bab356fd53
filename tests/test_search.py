"""The dashboard's text search (events/store/search.py). A search finds a row whose title or sentence holds
its words, case aside: each word the beginning of a word of the text, several words in the order given and
next to each other (only spaces and punctuation between), within one title or one sentence; a story is
found by any of its reports. The rows are searches as typed, the view, and the articles of the rows found
(for stories: of every report of the stories found), on a store made from the sample reports (its search
index) and on a table file's tables (an index made in memory); the index and a reading of the text agree."""

from datetime import date
from pathlib import Path

import pytest
from sample_reports import THREE_REPORTS
from streamlit.testing.v1 import AppTest

from events import extract_frame
from events.app import filters, overview, queries, views
from events.reading.articles import Article
from events.store import search
from events.store.database import connect, ingest, merge_stories

ROOT = Path(__file__).resolve().parents[1]

# a report with words of another script and accents, for the rows on what a word is
HANOI = Article(id="a4", title="Hà Nội reacts", text="Vietnam condemned North Korea's nuclear test in Hà Nội on Monday, the ministry said.",
                published=date(2017, 9, 5), source="VNA", url="https://example.org/a4", published_from="user")
REPORTS = THREE_REPORTS + [HANOI]

# (search as typed, view, the articles of the rows found: for stories, of every report of the stories found)
SEARCHES = [
    ("condemned", "reports", {"a2", "a4"}),
    ("condemned", "stories", {"a1", "a2", "a3", "a4"}),  # a report's sentence finds its story, whose headline is a1's
    ("CONDEMNED", "reports", {"a2", "a4"}),  # case aside
    ("condemn", "reports", {"a2", "a4"}),  # a word's beginning
    ("ondemned", "reports", set()),  # not the middle of a word
    ("hwasong", "reports", {"a1"}),  # Hwasong-14 is the words hwasong and 14
    ("14", "reports", {"a1"}),
    ("hwasong-14", "reports", {"a1"}),  # a phrase
    ("hwasong 14", "reports", {"a1"}),  # spaces or punctuation between its words, whichever
    ("14 hwasong", "reports", set()),  # in the order given
    ("korea's icbm", "reports", {"a2"}),
    ("korea icbm", "reports", set()),  # next to each other: "Korea's" is two words
    ("nuclear test", "stories", {"a3", "a4"}),  # the 2016 test is a story of its own; a4's is another
    ("test nuclear", "stories", set()),
    ("reactions", "reports", {"a3"}),  # a title, markup and all
    ("<i>reac", "reports", {"a3"}),  # markup's letters are words like any: "i", then "reac..." after ">"
    ("week", "reports", {"a2", "a3"}),
    ("weeks", "reports", set()),
    ("tes", "reports", {"a3", "a4"}),  # "test", never "latest" (none here) nor the middle of a word
    ("no such words", "stories", set()),
    # a title ends and a sentence begins: no phrase spans both
    ("launched north", "stories", set()),
    ("launched\nnorth", "stories", set()),
    ("launched\nnorth", "reports", set()),
    ("hà nội", "reports", {"a4"}),  # letters of any script, accents and all
    ("HÀ", "reports", {"a4"}),
    ("nội reacts", "reports", {"a4"}),
    ("ha noi", "reports", set()),  # accents are letters of their own (no folding: a known limit, in the README)
    # no letter or digit: the text as typed
    ("-", "reports", {"a1"}),
    ("-", "stories", {"a1", "a2", "a3"}),
    ("'", "reports", {"a2", "a3", "a4"}),
    ("'s", "reports", {"a1", "a2", "a3", "a4"}),  # the word "s": a1's "said" begins with it
    # phrases (their word pairs' postings): each word a word's beginning, the first and the last too, within
    # one title or sentence
    ("nort korea", "reports", {"a1", "a2", "a3", "a4"}),  # the first word a beginning
    ("ballistic miss", "reports", {"a1"}),  # the last word a beginning
    ("interc ballistic mis", "reports", {"a1"}),  # three words, the first and the last beginnings
    ("intercontinental bal missile", "reports", {"a1"}),  # a middle word a beginning
    ("north orea", "reports", set()),  # not the middle of the second word
    ("north korea's icbm", "reports", {"a2"}),
    ("south korea's icbm", "reports", set()),  # each word pair is in a2's sentence, apart: not the phrase
    ("south korea's icbm", "stories", set()),
    ("korea condemned north", "reports", {"a2"}),
    ("korea condemned north korea", "stories", {"a1", "a2", "a3"}),  # a word twice in a phrase
    ("japan north", "reports", set()),  # a3's sentences, one after the other: no phrase spans a sentence break
    ("japan north", "stories", set()),
    ("worried japan north korea", "stories", set()),
    ("japan. north korea", "stories", set()),
    ("reactions last", "stories", set()),  # a title, then its report's sentence
    ("korea korea", "reports", set()),  # a word twice, never twice in a row
    ("launched a hwasong 14 intercontinental", "stories", {"a1", "a2", "a3"}),
]


def _found(con, text: str, view: str) -> set[str]:
    rows = queries.rows(con, view, filters.EventFilter(text=text))
    if view == "reports":
        return set(rows.article_id)
    reports = [queries.reports_of(con, s) for s in rows.story_id]
    return {a for r in reports for a in r.article_id}


ROWS = {"stories": ("stories", "story_id"), "reports": ("events", "event_id")}


def _read_from_text(con, text: str, view: str = "stories") -> set[str]:
    """The ids of the rows a search finds reading their text alone (the index not asked)."""
    condition, params = search.matches(text.strip().lower(), view)
    table, key = ROWS[view]
    return {r[0] for r in con.execute(f"SELECT {key} FROM {table} WHERE {condition}", params).fetchall()}


def _from_index(con, text: str, view: str = "stories") -> set[str]:
    condition, params = search.matches(text.strip().lower(), view, con)
    table, key = ROWS[view]
    return {r[0] for r in con.execute(f"SELECT {key} FROM {table} WHERE {condition}", params).fetchall()}


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("search") / "s.duckdb"
    ingest(db, REPORTS)
    return db


@pytest.fixture(scope="module")
def tables(store):
    return {"store": views.load(store), "table file": views.merged(extract_frame(REPORTS))}


@pytest.mark.parametrize("where", ["store", "table file"])
@pytest.mark.parametrize("text,view,expected", SEARCHES, ids=[f"{v}:{t!r}" for t, v, _ in SEARCHES])
def test_a_search_finds_these_rows(tables, where, text, view, expected):
    with tables[where].connection() as con:
        assert _found(con, text, view) == expected


@pytest.mark.parametrize("view", ["stories", "reports"])
@pytest.mark.parametrize("where", ["store", "table file"])
@pytest.mark.parametrize("text", sorted({t for t, _, _ in SEARCHES}))
def test_the_index_finds_what_the_text_holds(tables, where, text, view):
    with tables[where].connection() as con:
        assert _from_index(con, text, view) == _read_from_text(con, text, view)


# (search as typed, event types chosen, stories found): a search of one word is counted from its postings
# (events/store/search.py FACETS), a story of several reports once, its reports all
COUNTED = [
    ("condemned", (), 3),
    ("north korea", (), 5),  # a phrase: counted from its first word's postings kept to the rows its pairs find
    ("nort kor", ("nuclear_test",), 2),
    ("korea icbm", (), 0),
    ("korea s icbm", (), 1),
    ("condemn", ("nuclear_test",), 1),
    ("hwasong", (), 2),
    ("tes", (), 4),
    ("t", (), 5),  # test, the, to ...: a story's postings of several words taken once
    ("ondemned", (), 0),
]


@pytest.mark.parametrize("where", ["store", "table file"])
@pytest.mark.parametrize("text,types,stories", COUNTED, ids=[f"{t!r}{list(ty)}" for t, ty, _ in COUNTED])
def test_a_search_counted_from_its_postings_counts_what_the_text_holds(tables, where, text, types, stories, monkeypatch):
    f = filters.EventFilter(text=text, event_types=types)
    with tables[where].connection() as con:
        assert overview._from_postings(con, "stories", f, "event_type") is not None
        counted = overview.monthly(con, "stories", f)
        monkeypatch.setattr(search, "MAX_EXPANSION", 0)  # every word read from the text
        read = overview.monthly(con, "stories", f)
    assert sorted(counted.astype(str).itertuples(index=False)) == sorted(read.astype(str).itertuples(index=False))
    assert counted["events"].sum() == stories


@pytest.mark.parametrize("where", ["store", "table file"])
def test_a_reports_search_of_a_word_asks_the_index(tables, where):
    with tables[where].connection() as con:
        condition, _ = search.matches("condemned", "reports", con)
        assert "get_bit" in condition and "regexp_matches" not in condition


# (a report with a word twice, in its title and in its sentence: searches as typed, found): a phrase of a
# word twice, of pairs that are each in the text but not as the phrase
REPEATED = Article(id="a5", title="Test, test again", text="North Korea fired a missile, a missile of a new kind, on Monday, the agency said.",
                   published=date(2017, 8, 1), source="AP", url="https://example.org/a5", published_from="user")
TWICE = [
    ("test test", True),  # a comma between: a phrase
    ("test, test again", True),
    ("test again test", False),
    ("a missile a missile", True),  # a pair twice in the phrase
    ("missile a missile of", True),
    ("missile missile", False),  # the word twice, never twice in a row
    ("a missile of a missile", False),  # each of its pairs in the sentence, not as this phrase
    ("missile of a new", True),
    ("a missile a missile of a new kind on monday the agency said", True),
    ("again north", False),  # the title, then the sentence
]


@pytest.fixture(scope="module")
def repeated(tmp_path_factory):
    db = tmp_path_factory.mktemp("repeated") / "r.duckdb"
    ingest(db, [REPEATED])
    return {"store": views.load(db), "table file": views.merged(extract_frame([REPEATED]))}


@pytest.mark.parametrize("view", ["stories", "reports"])
@pytest.mark.parametrize("where", ["store", "table file"])
@pytest.mark.parametrize("text,found", TWICE, ids=[t for t, _ in TWICE])
def test_a_phrase_with_a_word_twice(repeated, where, view, text, found):
    with repeated[where].connection() as con:
        assert bool(_found(con, text, view)) == found
        assert _from_index(con, text, view) == _read_from_text(con, text, view)


def _no_pairs_written(monkeypatch):
    """Ingests that leave their rows' word pairs unwritten, as between an ingest's windows."""
    monkeypatch.setattr(search, "write_pairs", lambda con, *args, **kwargs: None)


def _assert_pairs_current(con) -> None:
    """Every row's pairs written (the mark at the highest key) and no pair of a row no longer there."""
    for of in (search.STORIES, search.REPORTS):
        assert search.written(con, of) == con.execute(f"SELECT max({search.KEY}) FROM {of.table}").fetchone()[0]
        assert not con.execute(f"SELECT count(*) FROM {of.pairs} WHERE {of.key} NOT IN (SELECT {search.KEY} FROM {of.table})").fetchone()[0]


def _pairs_kept(con, of) -> set[tuple]:
    return set(con.execute(f"SELECT * FROM {of.pairs}").fetchall())


# (rows a slice, rows an Arrow batch): as an ingest writes them (every row at once, one batch), and a few rows a
# slice, one a batch (search.write_pairs: the texts handed to DuckDB a slice at a time, in batches)
SLICES = [(65_536, 2_048), (2, 1)]


@pytest.mark.parametrize("slice_rows,batch_rows", SLICES, ids=["one slice", "slices of two rows, batches of one"])
def test_the_word_pairs_are_each_two_words_next_to_each_other_in_one_title_or_sentence(tmp_path, monkeypatch, slice_rows, batch_rows):
    import re

    monkeypatch.setattr(search, "PAIR_SLICE_ROWS", slice_rows)
    monkeypatch.setattr(search, "PAIR_BATCH_ROWS", batch_rows)
    db = tmp_path / "s.duckdb"
    ingest(db, REPORTS)
    con = connect(db)
    try:
        _assert_pairs_current(con)
        number = dict(con.execute(f"SELECT word, word_id FROM {search.VOCABULARY}").fetchall())
        for of in (search.STORIES, search.REPORTS):
            expected = set()
            for key, text in con.execute(search._texts(of)).fetchall():
                # a row's words and line breaks in order, each pair placed at its first word (counted from 1)
                tokens = re.findall(r"[^\W_]+|\n", text or "")
                expected |= {(number[a], number[b], key, place) for place, (a, b) in enumerate(zip(tokens, tokens[1:]), start=1) if "\n" not in (a, b)}
            assert expected and _pairs_kept(con, of) == expected
            assert con.execute(f"SELECT count(*) FROM {of.pairs}").fetchone()[0] == len(expected)
    finally:
        con.close()


@pytest.mark.parametrize("view", ["stories", "reports"])
def test_rows_written_after_the_pairs_are_found_by_their_text(tmp_path, view, monkeypatch):
    # the first two articles' pairs written at their ingest's end; the others' not (written since): a search
    # finds both, the first from their pairs, the others from their text, until the pairs are written
    db = tmp_path / "s.duckdb"
    ingest(db, REPORTS[:2])
    with monkeypatch.context() as m:
        _no_pairs_written(m)
        ingest(db, REPORTS[2:])
    of = search.STORIES if view == "stories" else search.REPORTS
    for written in (False, True):
        if written:
            connect(db).close()
            con = connect(db)
            search.write_pairs(con)
            con.close()
        with views.load(db).connection() as con:
            top = con.execute(f"SELECT max({search.KEY}) FROM {of.table}").fetchone()[0]
            assert (search.written(con, of) == top) == written
            for text, searched_view, expected in SEARCHES:
                if searched_view == view:
                    assert _found(con, text, view) == expected, (written, text)
            for text in ("north korea", "korea condemned north", "nuclear test", "japan north"):
                assert _from_index(con, text, view) == _read_from_text(con, text, view), (written, text)
                f = filters.EventFilter(text=text)
                assert overview._from_postings(con, view, f, "event_type") is not None
                counted = _overview(con, f, False, monkeypatch, view)
                assert counted == _overview(con, f, True, monkeypatch, view), (written, text)


def test_a_story_a_merge_rewrites_leaves_its_old_pairs_until_the_next_ingest_ends(tmp_path, monkeypatch):
    # a1's story gains a2's and a3's reports: written again under new keys, above the pairs' mark; its old
    # key's pairs find nothing (keys are never given again) and are dropped when the next ingest ends
    db = tmp_path / "s.duckdb"
    ingest(db, REPORTS[:1])
    con = connect(db)
    before = _pairs_kept(con, search.STORIES)
    first_top = search.written(con, search.STORIES)
    con.close()
    with monkeypatch.context() as m:
        _no_pairs_written(m)
        ingest(db, REPORTS[1:])
    con = connect(db)
    assert _pairs_kept(con, search.STORIES) == before  # nothing written nor dropped yet
    stale = {r[0] for r in con.execute(f"SELECT key FROM {search.PAIRS_STALE} WHERE pairs = ?", [search.PAIR_POSTINGS]).fetchall()}
    assert stale and max(stale) <= first_top
    assert con.execute(f"SELECT min({search.KEY}) FROM stories WHERE {search.KEY} > 0").fetchone()[0] > 0
    assert not con.execute(f"SELECT count(*) FROM stories WHERE {search.KEY} IN (SELECT key FROM {search.PAIRS_STALE})").fetchone()[0]
    con.close()
    with views.load(db).connection() as con:
        for text, view, expected in SEARCHES:
            assert _found(con, text, view) == expected, text
    ingest(db, [])  # the next ingest's end: the stale pairs dropped, the new rows' written
    con = connect(db)
    _assert_pairs_current(con)
    assert not con.execute(f"SELECT count(*) FROM {search.PAIRS_STALE}").fetchone()[0]
    con.close()
    with views.load(db).connection() as con:
        for text, view, expected in SEARCHES:
            assert _found(con, text, view) == expected, text


@pytest.mark.parametrize("rebuild", [False, True])
def test_a_merge_writes_the_pairs_of_the_stories_it_writes(tmp_path, monkeypatch, rebuild):
    # `events merge` (and --rebuild) rewrites stories under new keys: their pairs are written with them and the
    # old keys' pairs dropped, so no story is left to be read as text until an ingest ends
    db = tmp_path / "s.duckdb"
    with monkeypatch.context() as m:
        _no_pairs_written(m)
        ingest(db, REPORTS)
    con = connect(db)
    assert search.written(con, search.STORIES) < con.execute(f"SELECT max({search.KEY}) FROM stories").fetchone()[0]
    merge_stories(con, rebuild=rebuild)
    _assert_pairs_current(con)
    con.close()
    with views.load(db).connection() as con:
        for text, view, expected in SEARCHES:
            assert _found(con, text, view) == expected, text
        for text in ("north korea", "korea condemned north", "nuclear test"):
            assert _from_index(con, text, "stories") == _read_from_text(con, text, "stories"), text


@pytest.mark.parametrize("view", ["stories", "reports"])
def test_a_store_of_version_8_reads_a_phrase_from_the_text_then_has_word_pairs_when_opened_for_writing(tmp_path, view):
    db = tmp_path / "s.duckdb"
    ingest(db, REPORTS)
    con = connect(db)
    for table in (search.PAIR_POSTINGS, search.EVENT_PAIR_POSTINGS, search.PAIRS_WRITTEN, search.PAIRS_STALE):
        con.execute(f"DROP TABLE {table}")
    con.execute("UPDATE meta SET value = '8' WHERE key = 'schema_version'")
    con.close()
    f = filters.EventFilter(text="north korea")
    for opened in ("to read", "for writing"):
        if opened == "for writing":
            connect(db).close()  # brought up to date: the word pairs' postings written from the texts
        with views.load(db).connection() as con:
            condition, _ = search.matches("north korea", view, con)
            # without pairs, each word's postings narrow and the text is read
            assert (condition.count("get_bit") == 2) == (opened == "to read")
            assert (overview._from_postings(con, view, f, "event_type") is None) == (opened == "to read")
            for text, searched_view, expected in SEARCHES:
                if searched_view == view:
                    assert _found(con, text, view) == expected, (opened, text)


def test_a_store_of_version_5_reads_the_reports_text_then_is_indexed_when_opened_for_writing(tmp_path):
    db = tmp_path / "s.duckdb"
    ingest(db, REPORTS)
    con = connect(db)
    con.execute("DROP VIEW stories_full")
    con.execute(f"ALTER TABLE events DROP COLUMN {search.KEY}")
    con.execute(f"DROP TABLE {search.EVENT_POSTINGS}")
    con.execute("UPDATE meta SET value = '5' WHERE key = 'schema_version'")
    con.execute("CREATE VIEW stories_full AS SELECT * FROM stories")  # read-only opens need the view; writing makes it again
    con.close()
    for opened in ("to read", "for writing"):
        if opened == "for writing":
            connect(db).close()  # brought up to date
        with views.load(db).connection() as con:
            condition, _ = search.matches("condemned", "reports", con)
            assert ("get_bit" in condition) == (opened == "for writing")
            for text, view, expected in SEARCHES:
                if view == "reports":
                    assert _found(con, text, view) == expected, (opened, text)


def test_a_word_that_begins_too_many_words_is_read_from_the_text(tables, monkeypatch):
    monkeypatch.setattr(search, "MAX_EXPANSION", 1)
    with tables["store"].connection() as con:
        condition, _ = search.matches("n", "stories", con)
        assert "regexp_matches" in condition and "get_bit" not in condition
        assert _found(con, "n", "stories") == {"a1", "a2", "a3", "a4"}


def test_a_replaced_article_leaves_the_index_with_its_new_words(tmp_path):
    db = tmp_path / "s.duckdb"
    ingest(db, REPORTS)
    changed = Article(**{**REPORTS[1].__dict__, "text": "South Korea denounced North Korea's ICBM launch earlier this week."})
    ingest(db, [changed])
    with views.load(db).connection() as con:
        assert _found(con, "condemned", "reports") == {"a4"}
        assert _found(con, "denounced", "reports") == {"a2"}
        assert _found(con, "denounced", "stories") == {"a1", "a2", "a3"}
        assert _from_index(con, "condemned") == _read_from_text(con, "condemned")


def test_a_store_of_version_4_is_indexed_when_opened_for_writing(tmp_path):
    db = tmp_path / "s.duckdb"
    ingest(db, REPORTS)
    con = connect(db)
    con.execute("DROP VIEW stories_full")
    con.execute("ALTER TABLE stories DROP COLUMN search_key")
    con.execute("DROP TABLE search_postings")
    con.execute("DROP TABLE search_vocabulary")
    con.execute("UPDATE meta SET value = '4' WHERE key = 'schema_version'")
    con.close()
    with pytest.raises(Exception, match="events merge --db"):
        views.load(db)
    connect(db).close()  # opened for writing: brought up to date
    with views.load(db).connection() as con:
        for text, view, expected in SEARCHES:
            assert _found(con, text, view) == expected, text


# (the version an older store had, the postings table it lacked facets in, those facets, the view counted from
# them, the rows counted for "condemned"): read as it is, the store is asked of its rows; opened for writing, it
# is brought up to date and counted from the postings, with the same answer
OLDER_STORES = [
    ("6", search.POSTINGS, search.FACETS, "stories", 3),
    ("7", search.EVENT_POSTINGS, search.REPORT_FACETS, "reports", 3),
]


@pytest.mark.parametrize(("version", "postings", "facets", "view", "counted"), OLDER_STORES, ids=[row[0] for row in OLDER_STORES])
def test_an_older_store_counts_from_the_rows_then_from_the_postings_when_opened_for_writing(tmp_path, version, postings, facets, view, counted):
    db = tmp_path / "s.duckdb"
    ingest(db, REPORTS)
    con = connect(db)
    for column in facets:
        con.execute(f"ALTER TABLE {postings} DROP COLUMN {column}")
    con.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", [version])
    con.close()
    f = filters.EventFilter(text="condemned")
    summaries = []  # the summary strip's counts (stories or reports, and the articles they come from)
    for opened in ("to read", "for writing"):
        if opened == "for writing":
            connect(db).close()  # brought up to date
        with views.load(db).connection() as con:
            assert (overview._from_postings(con, view, f, "event_type") is None) == (opened == "to read")
            assert overview.monthly(con, view, f)["events"].sum() == counted
            summaries.append(overview.overview(con, view, f)["summary"])
    assert summaries[0] == summaries[1]


# (search typed in the dashboard's box, the stories and reports the summary strip counts). The store holds
# five stories of seven reports: a1's launch with a2's and a3's reactions, a1's and a4's statements, a3's
# 2016 nuclear test, a4's nuclear test.
BOX = [
    ("", "5", "7"),
    ("condemned", "3", "5"),  # the launch (a2 condemned it), a4's statement and nuclear test
    ("nuclear test", "3", "3"),
    ("Hwasong", "2", "4"),  # the launch and a1's statement
    ("ondemned", "0", "0"),
]


@pytest.mark.parametrize("text,stories,reports", BOX, ids=[repr(t) for t, _, _ in BOX])
def test_the_search_box_counts_what_it_finds(store, monkeypatch, text, stories, reports):
    monkeypatch.setenv("EVENTLINE_DB", str(store))
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60).run()
    if text:
        at.sidebar.text_input(key="f_text").set_value(text).run()
    assert not at.exception
    shown = {m.label: m.value for m in at.metric}
    assert (shown["Stories"], shown["Reports"]) == (stories, reports)
    if text:  # the search is kept in the URL
        assert at.query_params["q"] in (text, [text])


def _overview(con, f, read_text: bool, monkeypatch, view: str = "reports") -> dict:
    """overview.overview's answer for a view (the reports without it) as comparable values; ``read_text``:
    every word read from the text (the index asked nothing)."""
    with monkeypatch.context() as m:
        if read_text:
            m.setattr(search, "MAX_EXPANSION", 0)
        answer = overview.overview(con, view, f)
        months = overview.monthly(con, view, f)
    rows = sorted(answer["rows"][queries.ID_COLUMN[view]]) if answer["rows"] is not None else None
    return {"summary": answer["summary"], "rows": rows, "strip": sorted(answer["strip"][1].astype(str).itertuples(index=False, name=None)),
            "months": sorted(months.astype(str).itertuples(index=False, name=None))}


# (search as typed, event types chosen, reports found, articles they come from): a reports search of one
# word is counted from its postings (events/store/search.py REPORT_FACETS), its articles as a bitmap
REPORTS_COUNTED = [
    ("condemned", (), 3, 2),  # a4's statement and nuclear test: one article
    ("north korea", (), 7, 4),  # a phrase: counted from its first word's postings kept to the rows its pairs find
    ("korea s", ("statement",), 1, 1),  # a4's statement (a2's "korea's" is in its launch report)
    ("north korea held a nuclear", (), 1, 1),
    ("condemn", ("nuclear_test",), 1, 1),
    ("hwasong", (), 2, 1),
    ("north", (), 7, 4),  # several rows of one article: the article once
    ("t", (), 7, 4),  # test, the, to ...: a row's postings of several words taken once
    ("ondemned", (), 0, 0),
]


@pytest.mark.parametrize("where", ["store", "table file"])
@pytest.mark.parametrize("text,types,rows,articles", REPORTS_COUNTED, ids=[f"{t!r}{list(ty)}" for t, ty, _, _ in REPORTS_COUNTED])
def test_a_reports_search_counted_from_its_postings_counts_what_the_text_holds(tables, where, text, types, rows, articles, monkeypatch):
    f = filters.EventFilter(text=text, event_types=types)
    with tables[where].connection() as con:
        assert overview._from_postings(con, "reports", f, "event_type") is not None
        counted = _overview(con, f, False, monkeypatch)
        assert counted == _overview(con, f, True, monkeypatch)
    assert (counted["summary"]["rows"], counted["summary"]["told"]) == (rows, articles)


def test_a_report_dated_later_by_a_reference_is_counted_at_its_new_date(tmp_path, monkeypatch):
    # the later mention's row is written undated, then dated by the story it names in the same write
    # (events/store/database.py write_story_changes): its postings are written again with the date
    db = tmp_path / "s.duckdb"
    launch = Article(id="k1", title="k1", text="North Korea launched a Hwasong-14 intercontinental ballistic missile on July 4, the agency said.",
                     published=date(2017, 7, 5), source="KCNA", url="https://example.org/k1", published_from="user")
    later = Article(id="k9", title="k9", text="Pyongyang, July 20 (KCNA) -- A mass rally hailed the successful test-fire of the ICBM Hwasong-14.",
                    published=date(2017, 7, 20), source="KCNA", url="https://example.org/k9", published_from="user")
    ingest(db, [launch])
    ingest(db, [later])
    f = filters.EventFilter(text="hwasong")
    with views.load(db).connection() as con:
        assert con.execute("SELECT count(*) FROM events WHERE date_basis = 'reference'").fetchone()[0] == 1
        assert overview._from_postings(con, "reports", f, "event_type") is not None
        counted = _overview(con, f, False, monkeypatch)
        assert counted == _overview(con, f, True, monkeypatch)
    assert counted["summary"]["low"] == counted["summary"]["high"] == date(2017, 7, 4)


# (search as typed, what the filter adds): a search of one word with other filters is counted from its
# postings, its event types and last day their facets, the rest a bitmap of the rows passing it; the answer
# is the one the rows give, tested and read
WITH_FILTERS = [
    ("north korea", {"actors": ("VNM",)}),  # a4's statement: Vietnam condemned
    ("north korea", {"actors": ("PRK",)}),  # a state with its leaders and bodies
    ("north korea", {"actors": ("KOR",)}),  # South Korea condemned, yet is no actor of a2's row
    ("condemned", {"date_from": date(2017, 7, 1), "date_to": date(2017, 7, 31)}),
    ("test", {"date_to": date(2016, 12, 31)}),  # a facet alone
    ("nuclear test", {"date_from": date(2017, 1, 1)}),  # a row's end, not a facet: from the rows
    ("north", {"sources": ("Reuters", "VNA")}),
    ("korea", {"weapon_classes": ("ICBM",), "event_types": ("missile_test",)}),
    ("hwasong", {"weapons": ("Hwasong-14",)}),
    ("north", {"precisions": ("day",)}),
    ("said", {"actors": ("JPN",)}),  # nothing passes both
]


@pytest.mark.parametrize("view", ["stories", "reports"])
@pytest.mark.parametrize("where", ["store", "table file"])
@pytest.mark.parametrize("text,extra", WITH_FILTERS, ids=[f"{t!r}{sorted(e)}" for t, e in WITH_FILTERS])
def test_a_search_with_other_filters_counted_from_its_postings_counts_what_the_rows_hold(tables, where, view, text, extra, monkeypatch):
    f = filters.EventFilter(text=text, **extra)
    with tables[where].connection() as con:
        # a word from its postings, a phrase from its first word's, kept to the rows its word pairs find
        assert overview._from_postings(con, view, f, "event_type") is not None
        counted = overview.overview(con, view, f)
        with monkeypatch.context() as m:
            m.setattr(overview, "_from_postings", lambda *args: None)
            asked = overview.overview(con, view, f)
    assert counted["summary"] == asked["summary"]
    assert sorted(counted["strip"][1].astype(str).itertuples(index=False, name=None)) == sorted(asked["strip"][1].astype(str).itertuples(index=False, name=None))


# (search as typed, first and last day): a search found in few weeks is binned by week or day, and counted
# from its postings in those bins too
BINNED = [("korea", date(2017, 1, 1), date(2017, 12, 31)), ("condemned", date(2017, 7, 1), date(2017, 9, 30))]


@pytest.mark.parametrize("view", ["stories", "reports"])
@pytest.mark.parametrize("text,first,last", BINNED, ids=[t for t, _, _ in BINNED])
def test_a_search_binned_in_weeks_or_days_counts_from_its_postings_what_the_rows_hold(tables, view, text, first, last, monkeypatch):
    f = filters.EventFilter(text=text, date_from=first, date_to=last)
    with tables["store"].connection() as con:
        found = overview._from_postings(con, view, f, "event_type")
        assert found is not None
        for freq in ("W", "D"):
            assert overview._binned_from_postings(con, found, freq).equals(queries.counts(con, view, f, "event_type", freq))
