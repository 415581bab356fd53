"""The seed article's events against the golden table tests/golden/seed_events.csv.

A cell may list alternatives with "|"; actor_codes lists codes the event must have (it may have more);
an empty cell is not checked."""

import csv
from pathlib import Path

import pytest

from events.coding.extraction import extract
from events.reading.articles import read_paths

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = list(csv.DictReader(open(ROOT / "tests" / "golden" / "seed_events.csv", encoding="utf-8")))


@pytest.fixture(scope="module")
def events():
    (article,) = list(read_paths([ROOT / "seeds"]))
    return extract(article)


def _matches(e, row) -> bool:
    def ok(cell: str, value: str) -> bool:
        return cell == "" or value in cell.split("|")

    if e.event_type not in row["event_type"].split("|"):
        return False
    if row["actor_codes"] and not set(row["actor_codes"].split(";")) <= set(e.actor_codes):
        return False
    start = e.date_start.isoformat() if e.date_start else ""
    end = e.date_end.isoformat() if e.date_end else ""
    checks = [(row["weapon"], e.weapon), (row["weapon_class"], e.weapon_class), (row["location"], e.location), (row["date_precision"], e.date_precision), (row["status"], e.status), (row["date_end"], end)]
    if row["date_start"] and not ok(row["date_start"], start):
        return False
    return all(ok(cell, value) for cell, value in checks)


@pytest.mark.parametrize("row", GOLDEN, ids=[f"{r['event_type']}:{r['note'][:30]}" for r in GOLDEN])
def test_golden_event(events, row):
    found = [e for e in events if _matches(e, row)]
    assert found, "no event matches; extracted:\n" + "\n".join(
        f"{e.event_type} {e.actor_codes} {e.weapon}/{e.weapon_class} {e.location} {e.date_start}..{e.date_end} {e.date_precision} {e.status}" for e in events
    )


def test_no_weapons_event_from_the_famine(events):
    weapons = {"missile_test", "nuclear_test", "satellite_launch", "weapons_test"}
    assert not [e for e in events if e.event_type in weapons and "famine" in e.sentence]


def test_only_the_election_is_dated_november_next_year(events):
    dated = [e for e in events if e.date_start and e.date_start.isoformat().startswith("2024-11")]
    assert [(e.event_type, e.status) for e in dated] == [("election", "planned")]


def test_event_ids_are_stable(events):
    (article,) = list(read_paths([ROOT / "seeds"]))
    assert [e.event_id for e in extract(article)] == [e.event_id for e in events]
    assert len({e.event_id for e in events}) == len(events)
