"""The seed article's time expressions, as the foundation issue lists them (reference 2023-12-28, a Thursday)."""

from datetime import date
from pathlib import Path

import pytest

from events import find_times

SEED = Path(__file__).resolve().parents[1] / "seeds" / "kim-calls-on-military-to-accelerate-war-preparations.txt"
REFERENCE = date(2023, 12, 28)

# (text as it stands in the article, type, value, range start, range end)
EXPECTED = [
    ("Thursday", "DATE", "2023-12-28", "2023-12-28", "2023-12-28"),
    ("this year", "DATE", "2023", "2023-01-01", "2023-12-31"),
    ("recently", "DATE", "PAST_REF", "2023-11-28", "2023-12-28"),  # a range ending at the reference (recent_reach)
    ("Earlier this month", "DATE", "2023-12", "2023-12-01", "2023-12-28"),
    ("earlier this week", "DATE", "2023-W52", "2023-12-25", "2023-12-28"),
    ("Last week", "DATE", "2023-W51", "2023-12-18", "2023-12-24"),
    ("last month", "DATE", "2023-11", "2023-11-01", "2023-11-30"),
    ("November next year", "DATE", "2024-11", "2024-11-01", "2024-11-30"),
    ("2019", "DATE", "2019", "2019-01-01", "2019-12-31"),
    ("2006", "DATE", "2006", "2006-01-01", "2006-12-31"),
    ("September", "DATE", "2023-09", "2023-09-01", "2023-09-30"),
    ("2024", "DATE", "2024", "2024-01-01", "2024-12-31"),
    ("2023", "DATE", "2023", "2023-01-01", "2023-12-31"),  # "defined 2023 as a year of great turn"
    ("five-year", "DURATION", "P5Y", None, None),
    ("recent decades", "DATE", "PAST_REF", None, "2023-12-28"),
    ("the 1990s", "DATE", "199X", "1990-01-01", "1999-12-31"),
]


@pytest.fixture(scope="module")
def mentions():
    return find_times(SEED.read_text(encoding="utf-8"), REFERENCE)


@pytest.mark.parametrize("text,type_,value,start,end", EXPECTED, ids=[e[0] for e in EXPECTED])
def test_seed_expression(mentions, text, type_, value, start, end):
    found = [m for m in mentions if m.text == text]
    assert found, f"{text!r} not found in the seed; found {[m.text for m in mentions]}"
    m = found[-1]
    assert (m.type, m.value) == (type_, value)
    assert (m.range_start.isoformat() if m.range_start else None) == start
    assert (m.range_end.isoformat() if m.range_end else None) == end


def test_seed_precisions(mentions):
    by_text = {m.text: m.precision for m in mentions}
    assert by_text["September"] == "month"
    assert by_text["the 1990s"] == "decade"
    assert by_text["Last week"] == "week"
    assert by_text["recently"] == "none"


def test_seed_has_no_false_times(mentions):
    """Nothing in the seed besides the expected expressions (no "Hwasong-18", no "a second reactor")."""
    expected = {e[0] for e in EXPECTED}
    assert {m.text for m in mentions} <= expected, {m.text for m in mentions} - expected


def test_seed_without_a_date_still_reads():
    mentions = find_times(SEED.read_text(encoding="utf-8"), None)
    values = {m.text: m.value for m in mentions}
    assert values["2019"] == "2019"
    assert values["September"] == "XXXX-09"
    assert values["the 1990s"] == "199X"
