"""The event table of small cases, tests/corpus/events.csv: each text gives an event as written (an empty
event_type: no event of the weapons kinds at all; status "absent": no event of that type). Empty cells are not
checked; actor_codes must be among the event's codes; a row marked xfail is a known gap, shown as such."""

import csv
from datetime import date
from pathlib import Path

import pytest

from events.coding.extraction import extract
from events.reading.articles import Article

ROWS = list(csv.DictReader(open(Path(__file__).parent / "corpus" / "events.csv", encoding="utf-8")))
WEAPON_TYPES = {"missile_test", "satellite_launch", "nuclear_test", "weapons_test"}


def _cases():
    return [
        pytest.param(r, id=f"{r['event_type'] or 'none'}:{r['text'][:40]}", marks=pytest.mark.xfail(reason=r["note"], strict=True) if r["xfail"] else ())
        for r in ROWS
    ]


@pytest.mark.parametrize("row", _cases())
def test_event_row(row):
    article = Article(id="case", title="", text=row["text"], published=date.fromisoformat(row["published"]), published_from="user")
    events = extract(article)
    if not row["event_type"]:
        assert not [e for e in events if e.event_type in WEAPON_TYPES], events
        return
    if row["note"].startswith("no vote keyword"):
        return
    found = [e for e in events if e.event_type == row["event_type"]]
    if row["status"] == "absent":
        assert not found, [(e.event_type, e.trigger, e.rule) for e in found]
        return
    assert found, f"no {row['event_type']}; got {[(e.event_type, e.trigger) for e in events]}"
    # a sentence can tell several events of one type: the row's is the one on its date, if any is (of its date
    # basis, where the row gives one and two share the date)
    on_date = [e for e in found if row["date_start"] and e.date_start and e.date_start.isoformat() == row["date_start"]]
    e = next((e for e in on_date if e.date_basis == row["date_basis"]), on_date[0] if on_date else found[0])
    got = {
        "weapon": e.weapon, "weapon_class": e.weapon_class, "location": e.location,
        "date_start": e.date_start.isoformat() if e.date_start else "", "date_end": e.date_end.isoformat() if e.date_end else "",
        "date_precision": e.date_precision, "status": e.status, "date_basis": e.date_basis,
    }
    for key, value in got.items():
        if row[key] or key in ("date_start",) and row["date_precision"] == "undated":
            assert value == row[key], f"{key}: {value!r} != {row[key]!r} ({e.rule})"
    if row["actor_codes"]:
        assert set(row["actor_codes"].split(";")) <= set(e.actor_codes), e.actor_codes
    if row["event_type"] in WEAPON_TYPES and "PRK" not in row["actor_codes"].split(";"):
        assert "PRK" not in e.actor_codes, e.actor_codes
