"""CSV files safe to open in a spreadsheet: the one writer behind every CSV the project writes (the event and
story tables of ``events extract`` and ``events export``, the dashboard's download).

Two things make a CSV unsafe. A text cell starting with ``=``, ``+``, ``-``, ``@``, TAB, CR or LF is run by a
spreadsheet as a formula (CSV injection): such a cell gets a leading apostrophe, as OWASP advises, and only
text columns are looked at (a negative longitude stays a number). And Python's csv writer quotes a field only
for the characters of its line terminator: with "\\n" a field holding a bare CR went out unquoted, and many
readers split the record there. Records are written with a "\\r\\n" terminator, so any field holding a CR or
an LF is quoted, and each record's end is then written as "\\n"."""

from __future__ import annotations

import csv
import io
import operator
import re
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")
FORMULA_AFTER_NUL = re.compile("\x00[" + re.escape("".join(FORMULA_START)) + "]")


def neutralise(value):
    """A text cell a spreadsheet would run as a formula, with a leading apostrophe; anything else as it is."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def neutralised(frame: pd.DataFrame, text_columns) -> pd.DataFrame:
    """``frame`` with the formula cells of its ``text_columns`` neutralised (a copy only when one changes)."""
    out = frame
    for column in text_columns:
        values = frame[column]
        try:
            starts = values.str.startswith(FORMULA_START, na=False).astype(bool)
        except AttributeError:  # an object column without a string in it
            starts = values.map(lambda v: isinstance(v, str) and v.startswith(FORMULA_START)).astype(bool)
        if not starts.any():
            continue
        if out is frame:
            out = frame.copy()
        out[column] = values.mask(starts, "'" + values[starts].astype(str))
    return out


class _LineFeedRecords(io.TextIOBase):
    """A text stream taking records that end in "\\r\\n" (one ``write`` per record, as the csv module and pandas
    write them) and writing each with "\\n" at its end; a CR or LF inside a quoted field is kept."""

    def __init__(self, stream):
        self.stream = stream

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        if text.endswith("\r\n"):
            text = text[:-2] + "\n"
        self.stream.write(text)
        return len(text)


def write_csv(frame: pd.DataFrame, target: str | Path | io.TextIOBase, text_columns) -> None:
    """``frame`` as CSV (UTF-8, LF-ended records, header first) to a path or a text stream: the formula cells of
    ``text_columns`` neutralised, and every field holding a line break (CR or LF) quoted."""
    safe = neutralised(frame, text_columns)
    if isinstance(target, (str, Path)):
        with open(target, "w", encoding="utf-8", newline="") as f:
            safe.to_csv(_LineFeedRecords(f), index=False, lineterminator="\r\n")
    else:
        safe.to_csv(_LineFeedRecords(target), index=False, lineterminator="\r\n")


def write_csv_rows(header: list[str], rows, target: str | Path | io.TextIOBase, text_columns) -> None:
    """Rows (lists in ``header``'s order; None for a missing value, a float as Python writes it) as CSV, byte for
    byte what write_csv writes of their frame: the same dialect as pandas' writer (the csv module's, minimal
    quoting), the same neutralised cells and line ends. Without pandas, for a table written straight from its
    rows."""
    text = [i for i, name in enumerate(header) if name in set(text_columns)]
    cells = operator.itemgetter(*text) if len(text) > 1 else (lambda row: tuple(row[i] for i in text))
    others = [i for i in range(len(header)) if i not in text]
    safe, bare_cr = [], False
    for row in rows:
        # one look at a record's text cells joined by NUL: a cell opening with a formula's character follows a NUL
        # (a NUL inside a cell only sends its record to the look at each cell)
        try:
            joined = "\x00" + "\x00".join(cells(row))
            formula = FORMULA_AFTER_NUL.search(joined) is not None
            bare_cr = bare_cr or "\r" in joined or any(isinstance(row[i], str) and "\r" in row[i] for i in others)
        except TypeError:  # a text cell that is no text
            formula = bare_cr = True
        if formula and any(isinstance(row[i], str) and row[i].startswith(FORMULA_START) for i in text):
            row = [neutralise(v) if i in text else v for i, v in enumerate(row)]
        safe.append(row)

    def write(stream) -> None:
        if not bare_cr:
            # no cell holds a CR: the records written with "\n" are quoted as with "\r\n" (an LF in a cell is quoted
            # either way), all at once
            writer = csv.writer(stream, lineterminator="\n")
            writer.writerow(header)
            writer.writerows(safe)
            return
        writer = csv.writer(_LineFeedRecords(stream), lineterminator="\r\n")
        writer.writerow(header)
        for row in safe:
            writer.writerow(row)

    if isinstance(target, (str, Path)):
        with open(target, "w", encoding="utf-8", newline="") as f:
            write(f)
    else:
        write(target)
