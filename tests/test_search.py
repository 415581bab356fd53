"""The dashboard's text search (events/store/search.py): the rows a search finds, in a store and in a table
file's tables, are the rows the search of titles and sentences finds (the join of every report to its event
row, as the dashboard asked before a story kept its search text)."""

import pytest
from sample_reports import THREE_REPORTS

from events import extract_frame
from events.app import filters, queries, views
from events.store.database import connect, ingest

# (search as typed, view, the articles of the rows found: for stories, of every report of the stories found)
SEARCHES = [
    ("condemned", "reports", {"a2"}),
    ("condemned", "stories", {"a1", "a2", "a3"}),  # a report's sentence finds its story, whose headline is a1's
    ("CONDEMNED", "stories", {"a1", "a2", "a3"}),  # case aside
    ("hwasong-14", "reports", {"a1"}),
    ("korea's icbm", "reports", {"a2"}),
    ("nuclear test", "stories", {"a3"}),  # the 2016 test is a story of its own
    ("reactions", "reports", {"a3"}),  # a title, markup and all
    ("<i>reac", "stories", {"a1", "a2", "a3"}),  # a3 tells of last week's launch too: its report joined that story
    ("week", "reports", {"a2", "a3"}),
    ("no such words", "stories", set()),
    # a title ends and a sentence begins: no text holds both (a story's search text joins them with a line break)
    ("launched\nnorth", "stories", set()),
    ("launched north", "stories", set()),
    ("launched\nnorth", "reports", set()),
    ("said.\nseoul", "stories", set()),
]


def _before(con, needle: str, view: str) -> set[str]:
    """The articles of the rows the search found before: every report's title and sentence searched."""
    found = "(contains(lower(e.sentence), ?) OR contains(lower(e.title), ?))"
    if view == "reports":
        sql = f"SELECT DISTINCT e.article_id FROM events e WHERE {found}"
    else:
        sql = (f"SELECT DISTINCT e2.article_id FROM story_reports l2 JOIN events e2 ON e2.event_id = l2.event_id WHERE l2.story_id IN"
               f" (SELECT l.story_id FROM story_reports l JOIN events e ON e.event_id = l.event_id WHERE {found})")
    return {r[0] for r in con.execute(sql, [needle, needle]).fetchall()}


def _found(con, text: str, view: str) -> set[str]:
    rows = queries.rows(con, view, filters.EventFilter(text=text))
    if view == "reports":
        return set(rows.article_id)
    reports = [queries.reports_of(con, s) for s in rows.story_id]
    return {a for r in reports for a in r.article_id}


@pytest.fixture(scope="module")
def tables(tmp_path_factory):
    db = tmp_path_factory.mktemp("search") / "s.duckdb"
    ingest(db, THREE_REPORTS)
    return {"store": views.load(db), "table file": views.merged(extract_frame(THREE_REPORTS))}


@pytest.mark.parametrize("where", ["store", "table file"])
@pytest.mark.parametrize("text,view,expected", SEARCHES, ids=[f"{v}:{t!r}" for t, v, _ in SEARCHES])
def test_a_search_finds_the_rows_it_found_before(tables, where, text, view, expected):
    with tables[where].connection() as con:
        assert _found(con, text, view) == expected
        assert _found(con, text, view) == _before(con, text.strip().lower(), view)


def test_a_store_brought_up_from_version_3_gets_its_stories_search_text(tmp_path):
    db = tmp_path / "s.duckdb"
    ingest(db, THREE_REPORTS)
    con = connect(db)
    kept = con.execute("SELECT story_id, search_text FROM stories ORDER BY story_id").fetchall()
    con.execute("ALTER TABLE stories DROP COLUMN search_text")
    con.execute("UPDATE meta SET value = '3' WHERE key = 'schema_version'")
    con.close()
    with pytest.raises(Exception, match="events merge --db"):
        views.load(db)
    con = connect(db)  # opened for writing: brought up to date
    assert con.execute("SELECT story_id, search_text FROM stories ORDER BY story_id").fetchall() == kept
    con.close()
    with views.load(db).connection() as con:
        assert _found(con, "condemned", "stories") == {"a1", "a2", "a3"}
