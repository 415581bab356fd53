"""How many events of a type an article's mentions merge into, tests/corpus/event_counts.csv: each row a text,
its publication date, an event type and the number of rows of that type (status occurred) it must give; a row
marked xfail is a known gap, shown as such."""

import csv
from datetime import date
from pathlib import Path

import pytest

from events.coding.extraction import extract
from events.reading.articles import Article

ROWS = list(csv.DictReader(open(Path(__file__).parent / "corpus" / "event_counts.csv", encoding="utf-8")))


@pytest.mark.parametrize("row", [pytest.param(r, id=f"{r['event_type']}:{r['text'][:40]}", marks=pytest.mark.xfail(reason=r["note"], strict=True) if r["xfail"] else ())
                                 for r in ROWS])
def test_event_count(row):
    article = Article(id="case", title="", text=row["text"], published=date.fromisoformat(row["published"]), published_from="user")
    found = [e for e in extract(article) if e.event_type == row["event_type"] and e.status == "occurred"]
    assert len(found) == int(row["count"]), [(e.trigger, e.date_start, e.actor_codes, e.rule) for e in found]
