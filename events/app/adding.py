"""Articles added from the dashboard (pasted or uploaded): read, then extracted into the store the page
shows, or into the session's view of a table file. The page only lays out the form and the messages."""

from __future__ import annotations

import hashlib
import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pandas as pd

from typing import TYPE_CHECKING

from events.app import views

if TYPE_CHECKING:  # the reader loads the time engine: not before the first article is added
    from events.reading.articles import Article, Problem


@dataclass
class Added:
    events: int = 0
    problems: list[Problem] = field(default_factory=list)
    frame: pd.DataFrame | None = None  # the events found, when they are not written to a store
    error: str = ""  # the store could not take them


def pasted_article(text: str, title: str = "", published: date | None = None) -> Article:
    """A pasted text as an article; its id is a hash of the text, the same in every session and restart."""
    from events.reading.articles import Article, settle_date

    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]
    article = Article(id=f"pasted-{digest}", title=title or text.strip().splitlines()[0][:120], text=text, published=published, source="pasted")
    return settle_date(article, published)


def uploaded_articles(files: list[tuple[str, bytes]]) -> list[Article | Problem]:
    """Uploaded files (name, content) read as the CLI reads a folder: each broken one is a Problem."""
    from events.reading.articles import read_paths

    with tempfile.TemporaryDirectory() as folder:
        for name, data in files:
            (Path(folder) / Path(name).name).write_bytes(data)
        return list(read_paths([folder]))


def add(items: list[Article | Problem], path: Path) -> Added:
    """Extract the articles' events into the store at ``path`` when it is one, else into a frame."""
    from events.reading.articles import Problem

    result = Added(problems=[i for i in items if isinstance(i, Problem)])
    articles = [i for i in items if not isinstance(i, Problem)]
    if not articles:
        return result
    if views.is_store(path):
        from events.store.database import StoreError, ingest, writer_lock

        try:
            with writer_lock(path):
                summary = ingest(path, articles)
        except (StoreError, OSError, RuntimeError) as exc:
            result.error = f"{path}: the store could not take the articles: {exc}"
            return result
        result.problems += summary.problems
        result.events = summary.events
    else:
        from events.coding.extraction import extract_frame

        result.frame = extract_frame(articles, on_problem=result.problems.append)
        result.events = len(result.frame)
    return result


def with_added(previous: pd.DataFrame | None, frame: pd.DataFrame) -> pd.DataFrame:
    """A session's added events (of a table file) with ``frame``'s: an article added again (the same text, so
    the same id) replaces its earlier events, as a store replaces a changed article; a new date corrects them."""
    if previous is None or not len(previous):
        return frame
    kept = previous[~previous["article_id"].isin(set(frame["article_id"]))]
    return pd.concat([kept, frame], ignore_index=True)
