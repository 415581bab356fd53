"""Publication dates in the forms metadata writes them are read with dateparser (absolute forms only: nothing
reads the clock), a day/month order that could go either way is read month first and said so, and an article
whose date cannot be read is named with the reason. A table of rows: value, expected day, a note's words."""

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from events.reading.articles import publication_date

ROWS = [
    ("2023-12-28", date(2023, 12, 28), ""),
    ("2023-12-28T10:00:00+09:00", date(2023, 12, 28), ""),
    ("12/28/2023", date(2023, 12, 28), ""),  # a US agency's order, unambiguous: 28 is no month
    ("28/12/2023", date(2023, 12, 28), ""),
    ("28 December 2023", date(2023, 12, 28), ""),
    ("December 28, 2023", date(2023, 12, 28), ""),
    ("Thu, 14 Sep 2017 18:47 EDT", date(2017, 9, 14), ""),  # an RSS pubDate, the day where it was written
    ("Sun, 03 Sep 2017 09:30:00 +0000", date(2017, 9, 3), ""),
    ("03/04/2023", date(2023, 3, 4), "ambiguous"),  # either order: month first, and said so
    ("yesterday", None, ""),  # relative: it would read the clock
    ("December 2023", None, ""),  # not a full day
    ("not a date", None, ""),
]


@pytest.mark.parametrize("value, day, note", ROWS, ids=[r[0] for r in ROWS])
def test_publication_date_row(value, day, note):
    got, said = publication_date(value)
    assert got == day
    assert (note in said) if note else said == ""


def test_the_cli_reads_them_and_names_what_it_cannot(tmp_path):
    rows = [{"id": f"a{i}", "published": value, "text": "North Korea fired a ballistic missile on Monday."} for i, (value, _, _) in enumerate(ROWS)]
    dump = tmp_path / "dump.jsonl"
    dump.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "events", "extract", str(dump), "-o", str(tmp_path / "out.csv")],
                         capture_output=True, text=True, cwd=Path(__file__).resolve().parents[1], timeout=300)
    assert out.returncode == 0 and "Traceback" not in out.stderr
    unreadable = [line for line in out.stderr.splitlines() if "bad published date" in line]
    assert len(unreadable) == 3 and all("not a full day" in line for line in unreadable)
    assert any("ambiguous" in line for line in out.stderr.splitlines())
