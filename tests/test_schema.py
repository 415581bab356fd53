"""One schema: the table's columns and dtypes, validation, export, and the README's column table."""

import io
import json
from datetime import date
from pathlib import Path

import pandas as pd
import pandera.errors
import pytest

from events.coding.extraction import extract_frame
from events.coding.schema import REQUIRED, columns, markdown_table, schema
from events.reading.articles import read_paths
from events.store.tables import write

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def frame():
    return extract_frame(read_paths([ROOT / "seeds"]))


def test_required_columns_come_first_in_order(frame):
    assert list(frame.columns[: len(REQUIRED)]) == list(REQUIRED)
    assert list(frame.columns) == columns()


def test_dtypes(frame):
    assert str(frame["date_start"].dtype).startswith("datetime64")
    assert frame["latitude"].dtype == float


def test_validation_refuses_a_bad_status(frame):
    bad = frame.copy()
    bad.loc[bad.index[0], "status"] = "rumoured"
    with pytest.raises(pandera.errors.SchemaError):
        schema().validate(bad)


def test_csv_has_iso_dates_and_reads_back(frame):
    out = io.StringIO()
    write(frame, None, "csv", out)
    back = pd.read_csv(io.StringIO(out.getvalue()), dtype=str, keep_default_na=False)
    assert list(back.columns) == columns()
    assert "2023-11-01" in set(back["date_start"])
    assert len(back) == len(frame)


def test_parquet_and_jsonl(frame, tmp_path):
    write(frame, tmp_path / "e.parquet")
    assert len(pd.read_parquet(tmp_path / "e.parquet")) == len(frame)
    write(frame, tmp_path / "e.jsonl")
    rows = [json.loads(line) for line in (tmp_path / "e.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(rows) == len(frame) and rows[0]["event_id"] == frame.iloc[0]["event_id"]


def test_unknown_format_is_refused(frame, tmp_path):
    with pytest.raises(ValueError, match="unknown output format"):
        write(frame, tmp_path / "e.xlsx")


def test_readme_column_table_is_the_schema():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert markdown_table() in readme, "README's column table differs from events/coding/schema.py: paste schema.markdown_table()"
    from events.coding.schema import story_changed_fields

    assert markdown_table(story_changed_fields()) in readme, "README's story table differs: paste schema.markdown_table(schema.story_changed_fields())"


def test_large_tables_are_checked_on_distinct_values(frame, tmp_path, monkeypatch):
    # a table read from a file (store.tables.read) over FULL_VALIDATION_ROWS rows
    import events.store.tables as tables_module

    monkeypatch.setattr(tables_module, "FULL_VALIDATION_ROWS", 5)
    big = pd.concat([frame] * 60, ignore_index=True)
    big["event_id"] = [f"{i:016x}" for i in range(len(big))]
    write(big, tmp_path / "ok.parquet")
    assert len(tables_module.read(tmp_path / "ok.parquet")) == len(big)
    big.loc[len(big) - 1, "status"] = "rumoured"  # beyond the sample the full check would take
    write(big, tmp_path / "bad.parquet")
    with pytest.raises(pandera.errors.SchemaError, match="status"):
        tables_module.read(tmp_path / "bad.parquet")


def _break(frame, how):
    bad = frame.copy()
    first = bad.index[0]
    if how == "status":
        bad.loc[first, "status"] = "rumoured"
    elif how == "event_type":
        bad.loc[first, "event_type"] = ""
    elif how == "weapon_class":
        bad.loc[first, "weapon_class"] = "ray gun"
    elif how == "duplicate id":
        bad.loc[bad.index[1], "event_id"] = bad.loc[first, "event_id"]
    elif how == "missing column":
        bad = bad.drop(columns=["rule"])
    elif how == "extra column":
        bad["extra"] = "x"
    elif how == "column order":
        names = list(bad.columns)
        names[0], names[1] = names[1], names[0]
        bad = bad[names]
    elif how == "date dtype":
        bad["date_start"] = bad["date_start"].astype("datetime64[ns]")
    return bad


# (how the frame is broken): pandera's schema and the light check of the extraction path (conformed) refuse
# alike; the unbroken frame both accept, unchanged
BROKEN = ["status", "event_type", "weapon_class", "duplicate id", "missing column", "extra column", "column order", "date dtype"]


@pytest.mark.parametrize("how", BROKEN)
def test_light_check_refuses_what_pandera_refuses(frame, how):
    from events.coding.schema import TableError, conformed, fields

    bad = _break(frame, how)
    with pytest.raises((pandera.errors.SchemaError, pandera.errors.SchemaErrors)):
        schema().validate(bad.copy())
    with pytest.raises(TableError):
        conformed(bad, fields(), "event_id")


def test_light_check_accepts_what_pandera_accepts_unchanged(frame):
    from events.coding.schema import conformed, fields

    checked = conformed(frame.copy(), fields(), "event_id")
    pd.testing.assert_frame_equal(checked, schema().validate(frame.copy()), check_dtype=True, check_exact=True)


def test_extraction_path_does_not_import_pandera():
    import subprocess
    import sys

    code = ("import sys; from events import extract_frame, read_paths; "
            f"extract_frame(read_paths([{str(ROOT / 'seeds')!r}])); print('pandera' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert done.stdout.strip() == "False"


# ---------------------------------------------------------------- rows written without the frame (events extract's CSV)
def _seed_records():
    from events.coding.extraction import event_record, extract

    return [event_record(e) for article in read_paths([ROOT / "seeds"]) for e in extract(article)]


# (column, value) set on the seed's first record: cells the CSV must write as the frame's writer does
ODD_CELLS = [
    ("sentence", '=HYPERLINK("x")'), ("sentence", "two\r\nlines, \"quoted\""), ("title", "-1 and +2"), ("source", "@agency"),
    ("url", "\tx"), ("actors", "Kim;Moon"), ("weapon", "Hwasong-18 ‘ICBM’ 화성"), ("latitude", None), ("longitude", -127.51),
    ("latitude", 39.0), ("longitude", 1e-05), ("date_start", date(5, 3, 1)), ("date_end", date(9999, 12, 31)),
    ("date_start", None), ("published", None), ("timex", None), ("location", ""),
    ("sentence", "a bare\rCR"), ("title", "a bare\nLF"), ("url", "x\x00=y"),
]


@pytest.mark.parametrize("column, value", ODD_CELLS)
def test_rows_write_the_bytes_the_frame_writes(column, value):
    from events.coding.schema import frame_from_records, rows_from_records
    from events.store.tables import write_rows

    records = _seed_records()
    records[0][column] = value
    from_frame, from_rows = io.StringIO(), io.StringIO()
    write(frame_from_records(records), None, "csv", from_frame)
    write_rows(rows_from_records(records), None, from_rows)
    assert from_rows.getvalue() == from_frame.getvalue()


# (column, value) on the seed's first record: both checks refuse the table
BROKEN_RECORDS = [
    ("status", "rumoured"), ("event_type", ""), ("weapon_class", "ray gun"), ("published_from", None),
    ("date_start", "2023-02-30"), ("event_id", "duplicate"),
]


@pytest.mark.parametrize("column, value", BROKEN_RECORDS)
def test_rows_refuse_what_the_frame_refuses(column, value):
    from events.coding.schema import frame_from_records, rows_from_records

    records = _seed_records()
    records[0][column] = value
    if column == "event_id":
        records[1][column] = value
    with pytest.raises(ValueError):  # TableError, or pandas' own for a day that is none
        frame_from_records(records)
    with pytest.raises(ValueError):
        rows_from_records(records)


def test_extract_to_csv_does_not_import_pandas():
    import subprocess
    import sys

    code = ("import sys; from events.cli import main; sys.argv = ['events', 'extract', " + repr(str(ROOT / "seeds")) + "]; "
            "import contextlib, io\nwith contextlib.redirect_stdout(io.StringIO()):\n    try: main()\n    except SystemExit: pass\n"
            "print('pandas' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert done.stdout.strip().splitlines()[-1] == "False"
