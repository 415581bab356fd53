"""Safe exports (issue 21): every CSV the project writes (`events extract -o x.csv` and to standard output,
`events export`, the dashboard's download) neutralises formula cells and quotes line breaks, read back here with
the csv module; a TimelineJS story keeps only http(s) links; names shown by Plotly are escaped. The hostile
articles are made here, in tmp_path."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date

import pandas as pd
import pytest
from typer.testing import CliRunner

from events.app import downloads, figures
from events.base.safe_csv import FORMULA_START, neutralise
from events.cli import app
from events.coding.extraction import extract_frame
from events.reading.articles import Article, read_paths

HOSTILE = [
    {"id": "formula", "title": '=HYPERLINK("http://evil.example","click")', "source": "+1+1", "url": "javascript:alert(1)",
     "text": "=1+1 North Korea fired a missile near Washington on Monday."},
    {"id": "-2", "title": "@SUM(A1:A9)", "source": "\tTabbed", "url": "data:text/html,<script>alert(1)</script>",
     "text": "-North Korea launched an ICBM on Tuesday."},
    {"id": "breaks", "title": "Split\rhere", "source": "Line\nbreak\r\nagain", "url": "https://example.org/ok",
     "text": "North Korea fired\ra missile on Wednesday, officials said."},
    {"id": "plain", "title": "Plain title", "source": "Wire", "url": "http://example.org/plain",
     "text": "North Korea fired a missile toward the Pacific on Friday."},
]
EVENT_ID = re.compile(r"s?[0-9a-f]{15,16}\Z")  # an event's id, or a story's (s + 15 hex digits)
DAY = re.compile(r"(\d{4}-\d{2}-\d{2})?\Z")
NUMERIC = {"latitude", "longitude", "n_reports", "n_sources"}
DATES = {"date_start", "date_end", "published", "first_reported", "last_reported"}


@pytest.fixture
def dump(tmp_path):
    path = tmp_path / "hostile.jsonl"
    path.write_text("".join(json.dumps({**row, "published": "2023-12-28"}) + "\n" for row in HOSTILE), encoding="utf-8")
    return path


def check_csv(text: str, rows: int | None = None) -> list[dict]:
    """Read a CSV as a spreadsheet would take it: every record whole, no text cell starting a formula, dates and
    numbers as written (a negative longitude stays a number)."""
    assert not text.split("\n", 1)[0].endswith("\r")  # records end in LF, as before
    records = list(csv.reader(io.StringIO(text, newline="")))
    header, body = records[0], records[1:]
    assert all(len(r) == len(header) for r in body), "a record was split"
    out = [dict(zip(header, r)) for r in body]
    for row in out:
        key = row.get("story_id") or row["event_id"]
        assert EVENT_ID.match(key), f"a record was split: {row}"
        for name, cell in row.items():
            if name in DATES:
                assert DAY.match(cell), (name, cell)
            elif name in NUMERIC:
                assert cell == "" or float(cell) == float(cell), (name, cell)
            elif name not in ("date_conflict",):
                assert not cell.startswith(FORMULA_START), f"{name} starts a formula: {cell!r}"
    if rows is not None:
        assert len(out) == rows
    return out


def check_hostile_cells(rows: list[dict]) -> None:
    by_article = {}
    for row in rows:
        by_article.setdefault(row["article_id"], row)
    assert set(by_article) == {"formula", "'-2", "breaks", "plain"}  # the id "-2" is input text too
    formula, minus, breaks, plain = by_article["formula"], by_article["'-2"], by_article["breaks"], by_article["plain"]
    assert formula["title"] == "'" + HOSTILE[0]["title"] and formula["source"] == "'+1+1" and formula["sentence"].startswith("'=1+1 ")
    assert minus["title"] == "'@SUM(A1:A9)" and minus["source"] == "'\tTabbed" and minus["sentence"].startswith("'-North")
    assert breaks["title"] == "Split\rhere" and breaks["source"] == "Line\nbreak\r\nagain"  # quoted: kept whole
    assert plain["title"] == "Plain title" and plain["url"] == "http://example.org/plain"
    washington = [r for r in rows if r["location"] == "Washington"]
    assert washington and all(float(r["longitude"]) < 0 and not r["longitude"].startswith("'") for r in washington)


def _events_written(stderr: str) -> int:
    return int(re.search(r"(\d+) (?:events|stories) -> ", stderr).group(1))


def test_extract_to_a_file_and_to_standard_output(dump, tmp_path):
    out = tmp_path / "x.csv"
    result = CliRunner().invoke(app, ["extract", str(dump), "-o", str(out)])
    assert result.exit_code == 0, result.output
    raw = out.read_bytes().decode("utf-8")
    assert '"Split\rhere"' in raw and '"Line\nbreak\r\nagain"' in raw  # a bare CR is quoted too
    check_hostile_cells(check_csv(raw, _events_written(result.stderr)))

    result = CliRunner().invoke(app, ["extract", str(dump)])
    assert result.exit_code == 0
    assert result.stdout_bytes.decode("utf-8") == raw  # (Result.stdout turns CR LF into LF)


def test_export_from_the_store(dump, tmp_path):
    db = tmp_path / "s.duckdb"
    runner = CliRunner()
    assert runner.invoke(app, ["ingest", str(dump), "--db", str(db)]).exit_code == 0
    result = runner.invoke(app, ["export", "--db", str(db), "-o", str(tmp_path / "e.csv")])
    assert result.exit_code == 0, result.output
    check_hostile_cells(check_csv((tmp_path / "e.csv").read_bytes().decode("utf-8"), _events_written(result.stderr)))
    result = runner.invoke(app, ["export", "--db", str(db), "--stories", "-o", str(tmp_path / "s.csv")])
    assert result.exit_code == 0, result.output
    stories = check_csv((tmp_path / "s.csv").read_bytes().decode("utf-8"), _events_written(result.stderr))
    assert any(s["sources"].startswith("'") for s in stories)  # a story's own text columns too


def test_the_dashboard_download(dump, tmp_path):
    frame = extract_frame(read_paths([dump]))
    data = downloads.csv_bytes(frame).decode("utf-8")
    check_hostile_cells(check_csv(data, len(frame)))
    assert frame.loc[frame.article_id == "formula", "title"].iloc[0].startswith("=")  # the frame itself is not changed
    # the download and the CLI's file are one writer's output
    out = tmp_path / "x.csv"
    assert CliRunner().invoke(app, ["extract", str(dump), "-o", str(out)]).exit_code == 0
    assert out.read_bytes().decode("utf-8") == data


def test_only_text_is_neutralised():
    assert [neutralise(v) for v in ("=1", "+1", "-1", "@x", "\tx", "\rx", "\nx", "a=1", "", None, -1.5)] == [
        "'=1", "'+1", "'-1", "'@x", "'\tx", "'\rx", "'\nx", "a=1", "", None, -1.5]


def test_timelinejs_keeps_only_http_links(dump, tmp_path):
    frame = extract_frame(read_paths([dump]))
    story = downloads.timelinejs(frame)
    hrefs = {h for slide in story["events"] for h in re.findall(r'href="([^"]*)"', slide["text"]["text"])}
    assert hrefs == {"https://example.org/ok", "http://example.org/plain"}
    text = json.dumps(story)
    assert "javascript:" not in text and "data:text" not in text
    out = tmp_path / "t.timeline.json"
    assert CliRunner().invoke(app, ["extract", str(dump), "-o", str(out)]).exit_code == 0
    assert "javascript:" not in out.read_text(encoding="utf-8")


@pytest.mark.parametrize("url", ["javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)", "data:text/html,x", "vbscript:x",
                                 "file:///etc/passwd", "//evil.example/x", "https://", "ftp://example.org/x", ""])
def test_a_link_that_is_not_http_is_dropped(url):
    assert not downloads.safe_link(url)


HOSTILE_NAMES = ["<b>x</b>", '<a href="javascript:alert(1)">y</a>']


@pytest.fixture(scope="module")
def named_frame():
    articles = [
        Article(id=f"n{i}", title=f"<i>{name}</i>", text="North Korea fired a missile near Washington on Monday.", published=date(2023, 12, 28),
                source=name, url="https://example.org", published_from="user")
        for i, name in enumerate(HOSTILE_NAMES)
    ]
    return extract_frame(articles)


def _labels(fig) -> list[str]:
    out = []
    for trace in fig.data:
        out.append(trace.name or "")
        for attr in ("y", "hovertext"):
            values = getattr(trace, attr, None)
            if values is not None and not isinstance(values, (int, float)):
                out.extend(str(v) for v in values)
    return out


def test_plotly_labels_are_escaped(named_frame):
    fig = figures.timeline_figure(named_frame, lane="source", colour="source")
    labels = _labels(fig)
    assert "&lt;b&gt;x&lt;/b&gt;" in {t.name for t in fig.data}  # the legend
    assert "&lt;b&gt;x&lt;/b&gt;" in labels and any("&lt;a href=" in v for v in labels)  # the lanes
    joined = "\n".join(labels).replace("<br>", "\n")
    assert "<b>" not in joined and "<a " not in joined and "<i>" not in joined  # hover too

    counts = pd.DataFrame({"when": pd.to_datetime(["2023-12-01", "2023-12-01"]), "lane": HOSTILE_NAMES, "events": [1, 2]})
    assert {t.name for t in figures.counts_figure(counts).data} == {"&lt;b&gt;x&lt;/b&gt;", '&lt;a href="javascript:alert(1)"&gt;y&lt;/a&gt;'}
    places = pd.DataFrame({"location": ["<b>Seoul</b>"], "latitude": [37.5], "longitude": [127.0], "event_type": ["missile_test"], "n": [1]})
    assert "<b>" not in "".join(figures.map_figure(places).data[0].hovertext)
