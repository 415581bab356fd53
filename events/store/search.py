"""The store's text search over titles and sentences, kept at ingest so that a search of a large store stays
one scan of one table.

A story matches a search when any of its reports' sentence or title holds the text (case aside). Asked of
the event rows, that is a join of every report (``story_reports``) to its event row, then a pass over the
matching stories: at ten million events most of a search's time. So each story keeps, in its own row, the
lowered titles and sentences of its reports (``search_text``, written with the story, in the order its
reports joined), and a search of the stories reads that column alone. The event rows are searched where
they lie (their sentence and title).

A story's text joins its reports' texts with a line break: a search with no line break finds a text in it
exactly when it finds it in one of those titles or sentences (a search that holds one is asked of the
reports, as before)."""

from __future__ import annotations

SEPARATOR = "\n"
COLUMN = "search_text"
# one report's share of its story's text
REPORT_TEXT = f"lower(coalesce(e.title, '')) || '{SEPARATOR}' || lower(coalesce(e.sentence, ''))"
STORY_TEXT = f"string_agg({REPORT_TEXT}, '{SEPARATOR}' ORDER BY l.seq)"


def story_texts(story_ids: str = "") -> str:
    """SQL of (story_id, search_text) for the stories in the relation ``story_ids`` names (all without it),
    from their reports in the tables story_reports and events."""
    where = f" WHERE l.story_id IN ({story_ids})" if story_ids else ""
    return f"SELECT l.story_id, {STORY_TEXT} AS {COLUMN} FROM story_reports l JOIN events e ON e.event_id = l.event_id{where} GROUP BY l.story_id"


def fill(con, table: str = "stories") -> None:
    """Write every story's text in ``table`` (a store brought up to date, a table file's stories in memory)."""
    con.execute(f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS {COLUMN} VARCHAR")
    con.execute(f"UPDATE {table} SET {COLUMN} = t.{COLUMN} FROM ({story_texts()}) t WHERE t.story_id = {table}.story_id")


def matches(needle: str, view: str) -> tuple[str, list]:
    """The condition that a row of ``view`` (stories or reports) holds ``needle`` (already lowered) in a
    title or sentence, with its parameters."""
    found = "(contains(lower(e.sentence), ?) OR contains(lower(e.title), ?))"
    if view != "stories":
        return found.replace("e.", ""), [needle, needle]
    if SEPARATOR in needle:
        return f"story_id IN (SELECT l.story_id FROM story_reports l JOIN events e ON e.event_id = l.event_id WHERE {found})", [needle, needle]
    return f"contains({COLUMN}, ?)", [needle]
