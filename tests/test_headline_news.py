"""A headline that tells the reporting state's own act names the report's news: the first body event of a type
it tells is that news wherever the body tells it (tests/corpus/headlines.csv: title, text, publication date and
the event expected; an empty date_start is an undated event)."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from events.coding.extraction import extract
from events.reading.articles import Article

ROWS = list(csv.DictReader((Path(__file__).parent / "corpus" / "headlines.csv").open(encoding="utf-8")))


def _row(row):
    marks = [pytest.mark.xfail(reason=row["note"], strict=True)] if row["xfail"] == "yes" else []
    return pytest.param(row, marks=marks, id=row["note"][:60])


@pytest.mark.parametrize("row", [_row(r) for r in ROWS])
def test_headline_row(row):
    article = Article(id="h", title=row["title"], text=row["text"], published=date.fromisoformat(row["published"]), published_from="metadata")
    found = [e for e in extract(article) if e.event_type == row["event_type"] and set(row["actor_codes"].split(";")) <= set(e.actor_codes)]
    assert found, row["note"]
    e = found[0]
    got = (e.date_start.isoformat() if e.date_start else "", e.date_end.isoformat() if e.date_end and e.date_start else "", e.date_basis, e.status)
    assert got == (row["date_start"], row["date_end"], row["date_basis"], row["status"]), (row["note"], e.rule)
