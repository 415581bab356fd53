"""The time-expression tables: every row of tests/corpus/times.csv must be found and resolved as written
(TIMEX3 type, value and mod, day range, precision), and no row of tests/corpus/not_times.csv may give a time expression where it says there is none."""

from datetime import date

import pytest
from corpus_table import row_id, rows

from events import find_times
from events.timex.resolver import resolve
from events.timex.times import find_spans

TIMES = rows("times.csv")
NOT_TIMES = rows("not_times.csv")


def test_tables_are_big_enough():
    assert len(TIMES) >= 300
    assert len(NOT_TIMES) >= 60


def _cases(table):
    """Rows as pytest params; a row whose status is xfail is a known gap, shown as such with its note."""
    return [
        pytest.param(r, id=row_id(r), marks=pytest.mark.xfail(reason=r["note"], strict=True) if r.get("status") == "xfail" else ())
        for r in table
    ]


@pytest.mark.parametrize("row", _cases(TIMES))
def test_time_row(row):
    text, reference = row["text"], date.fromisoformat(row["reference"])
    mentions = find_times(text, reference)
    found = [m for m in mentions if m.text == row["mention"]]
    assert found, f"{row['mention']!r} not found; got {[m.text for m in mentions]}"
    m = found[0]
    if row["tense"]:
        span = next(s for s in find_spans(text) if s.start == m.start)
        r = resolve(span, reference, row["tense"])
        value, start, end, precision, type_, mod = r.value, r.start, r.end, r.precision, r.type, r.mod
    else:
        value, start, end, precision, type_, mod = m.value, m.range_start, m.range_end, m.precision, m.type, m.mod
    assert (type_, value, mod or "") == (row["type"], row["value"], row["mod"])
    assert precision == row["precision"]
    assert (start.isoformat() if start else "") == row["range_start"]
    assert (end.isoformat() if end else "") == row["range_end"]


@pytest.mark.parametrize("row", _cases(NOT_TIMES))
def test_not_a_time(row):
    mentions = find_times(row["text"], date.fromisoformat(row["reference"]))
    forbidden = row["forbidden"]
    hits = [m for m in mentions if forbidden.lower() in m.text.lower() or m.text.lower() in forbidden.lower()]
    assert not hits, f"false time expression(s) {[(m.text, m.value, m.rule) for m in hits]} in {row['text']!r}"


BASES = rows("time_basis.csv")


@pytest.mark.parametrize("row", BASES, ids=[row_id(r) for r in BASES])
def test_what_a_value_is_counted_from(row):
    """Each mention says which reference its value was counted from (events explain prints it)."""
    found = [m for m in find_times(row["text"], date.fromisoformat(row["reference"])) if m.text == row["mention"]]
    assert found, row["mention"]
    assert (found[0].basis or "", found[0].basis_value or "") == (row["basis"], row["counted_from"])
