"""Readers and publication dates; bad input is named (file and line) and the rest is read."""

import json
from datetime import date

from typer.testing import CliRunner

from events.cli import app
from events.reading.articles import Article, Problem, dateline_date, inferred_date, read_paths


def _articles(items):
    return [i for i in items if isinstance(i, Article)]


def test_text_with_front_matter(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text("---\npublished: 2017-07-05\nsource: KCNA\nurl: http://x\n---\nTitle here\n\nBody text.\n", encoding="utf-8")
    (a,) = _articles(read_paths([p]))
    assert (a.title, a.published, a.source, a.url, a.published_from) == ("Title here", date(2017, 7, 5), "KCNA", "http://x", "metadata")


def test_text_with_source_trailer_and_no_date(tmp_path):
    p = tmp_path / "b.txt"
    p.write_text("A title\n\nIt happened on Sept. 13, 2023.\n\nSource: Al Jazeera and news agencies\n", encoding="utf-8")
    (a,) = _articles(read_paths([p]))
    assert a.source == "Al Jazeera and news agencies"
    assert (a.published, a.published_from) == (date(2023, 9, 13), "inferred")


def test_dateline_gives_the_date():
    text = "Pyongyang, January 1 (KCNA) -- A meeting in 2016 was held."
    assert dateline_date(text) == date(2016, 1, 1)


def test_no_date_at_all_stays_unknown(tmp_path):
    p = tmp_path / "c.txt"
    p.write_text("Title\n\nKim met officials on Thursday.\n", encoding="utf-8")
    (a,) = _articles(read_paths([p]))
    assert (a.published, a.published_from) == (None, "none")  # never the file's time, never today
    assert inferred_date(a.text) is None


def test_user_date_overrides(tmp_path):
    p = tmp_path / "d.txt"
    p.write_text("---\npublished: 2017-07-05\n---\nT\n\nBody.\n", encoding="utf-8")
    (a,) = _articles(read_paths([p], date(2020, 1, 2)))
    assert (a.published, a.published_from) == (date(2020, 1, 2), "user")


def test_jsonl_fields(tmp_path):
    p = tmp_path / "e.jsonl"
    rows = [{"id": "x1", "title": "T", "published": "2016-01-01", "source": "KCNA", "url": "u", "text": "Body on January 1."}]
    p.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    (a,) = _articles(read_paths([p]))
    assert (a.id, a.published, a.source) == ("x1", date(2016, 1, 1), "KCNA")


def test_bad_inputs_are_named_and_the_rest_is_read(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02PNG\x00")
    (folder / "latin.txt").write_bytes("Caf\xe9 news\n\nNorth Korea fired a missile on Monday.".encode("latin-1"))
    (folder / "good.txt").write_text("---\npublished: 2023-12-28\n---\nGood\n\nNorth Korea fired a missile on Monday.\n", encoding="utf-8")
    lines = [
        json.dumps({"id": "j1", "published": "2023-12-28", "text": "North Korea fired a missile on Monday."}),
        '{"id": "j2", "text": "broken',
        json.dumps({"id": "j3", "published": "2023-12-28", "text": "The North launched an ICBM on Tuesday."}),
    ]
    (folder / "dump.jsonl").write_text("\n".join(lines), encoding="utf-8")
    items = list(read_paths([folder]))
    problems = {(p.path.split("/")[-1], p.line): p.reason for p in items if isinstance(p, Problem)}
    assert set(problems) == {("empty.txt", None), ("binary.txt", None), ("dump.jsonl", 2)}
    assert "JSON" in problems[("dump.jsonl", 2)]
    articles = {a.id: a for a in _articles(items)}
    assert sorted(articles) == ["good", "j1", "j3", "latin"]  # Latin-1 is detected and read, with a warning
    assert articles["latin"].text.startswith("Café") and "decoded as" in articles["latin"].note

    result = CliRunner().invoke(app, ["extract", str(folder), "--published", "2023-12-28"])
    assert result.exit_code == 0
    assert "latin: not UTF-8: decoded as" in result.stderr
    assert "dump.jsonl:2" in result.stderr and "empty.txt" in result.stderr and "binary.txt" in result.stderr
    assert result.stdout.count("missile_test") == 4


def test_missing_path_is_a_problem(tmp_path):
    (p,) = list(read_paths([tmp_path / "nope"]))
    assert isinstance(p, Problem) and "no such file" in p.reason
