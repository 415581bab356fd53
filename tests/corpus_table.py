"""Reading the test tables under tests/corpus/ (one row per case, a bug fix is a new row)."""

import csv
from pathlib import Path

CORPUS = Path(__file__).parent / "corpus"


def rows(name: str) -> list[dict]:
    with open(CORPUS / name, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def row_id(row: dict) -> str:
    return f"{row.get('mention') or row.get('text')}@{row.get('reference', '')}"[:60]
