"""Nothing lost (issue 21): a folder holding one of each kind of bad input goes through `events extract` and
`events ingest`; both finish, every good article is there, each bad input is named once with its reason, and
ingesting again adds nothing. Every input is made here, in tmp_path."""

from __future__ import annotations

import codecs
import csv
import io
import json
import os
import tracemalloc
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from events.cli import app
from events.reading import articles
from events.reading.articles import Article, Problem, read_paths

MISSILE = "North Korea fired a missile on Monday."
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
ROOT_REASON = "running as root: chmod 000 does not stop root from reading a folder"

# the 0.5 KB "billion laughs": nine aliases a level, nine levels, 9**9 strings once expanded
ALIAS_BOMB = "---\n" + "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]\n" for i in range(1, 9)
) + "published: 2023-12-28\n---\nBomb\n\n" + MISSILE + "\n"


def _line(**row) -> str:
    return json.dumps(row, ensure_ascii=False) + "\n"


@pytest.fixture
def bad_folder(tmp_path):
    """The folder, the ids of its good articles, the bad inputs (file name: words of the reason) and the
    warnings (article id: words of the note)."""
    folder = tmp_path / "in"
    folder.mkdir()
    # a lone surrogate, as a JSON escape (valid JSON) and as the three bytes WTF-8 writes for one
    # (json.dumps escapes what is not ASCII: the lone half as "\ud83d", the whole emoji as its two halves)
    (folder / "surrogate.jsonl").write_text(
        json.dumps({"id": "cut-emoji", "published": "2023-12-28", "text": MISSILE + " Seoul reacted \ud83d."}) + "\n"
        + json.dumps({"id": "whole-emoji", "published": "2023-12-28", "text": MISSILE + " Seoul reacted \U0001F600."}) + "\n",
        encoding="ascii",
    )
    (folder / "surrogate.txt").write_bytes(b"---\npublished: 2023-12-28\n---\nCut\n\n" + MISSILE.encode() + b" Seoul \xed\xa0\xbd reacted.\n")
    (folder / "bomb.txt").write_text(ALIAS_BOMB, encoding="utf-8")
    # an oversize line between two good ones, written a megabyte at a time
    with open(folder / "oversize.jsonl", "w", encoding="utf-8") as f:
        f.write(_line(id="before-big", published="2023-12-28", text="Before. " + MISSILE))
        f.write('{"id": "big", "text": "')
        chunk = "x" * (1024 * 1024)
        for _ in range(articles.MAX_LINE_BYTES // len(chunk) + 1):
            f.write(chunk)
        f.write('"}\n')
        f.write(_line(id="after-big", published="2023-12-28", text="After. " + MISSILE))
    body = "---\npublished: 2023-12-28\n---\nCafé in Pyongyang\n\n" + MISSILE + "\n"
    (folder / "utf16le.txt").write_bytes(codecs.BOM_UTF16_LE + body.replace("Café", "Café LE").encode("utf-16-le"))
    (folder / "utf16be.txt").write_bytes(codecs.BOM_UTF16_BE + body.replace("Café", "Café BE").encode("utf-16-be"))
    (folder / "badbytes.txt").write_bytes(body.replace("Café", "Café — naïve").encode("utf-8") + b"Cut \xff\xfe here \x80.\n")
    (folder / "legacy.txt").write_bytes(body.replace("Café", "\u201cCafé\u201d").encode("cp1252"))
    (folder / "notes.docx").write_bytes(b"PK\x03\x04 not an article")
    (folder / "dangling.txt").symlink_to(tmp_path / "gone.txt")
    good = {"cut-emoji", "whole-emoji", "surrogate", "before-big", "after-big", "utf16le", "utf16be", "badbytes", "legacy"}
    bad = {
        "bomb.txt": "anchors and aliases are not allowed",
        "oversize.jsonl:2": "over the 20,971,520-byte limit",
        "notes.docx": "unknown kind of file (.docx)",
        "dangling.txt": "broken symbolic link",
    }
    warned = {
        "cut-emoji": "1 lone surrogate (half an emoji pair) replaced with U+FFFD in",
        "surrogate": "1 lone surrogate (half an emoji pair) replaced with U+FFFD in",
        "badbytes": "3 invalid UTF-8 bytes replaced with U+FFFD in",
        "legacy": "not UTF-8: decoded as cp1252",
    }
    locked = folder / "locked"
    if not IS_ROOT:  # an unreadable subfolder; root reads it anyway (test_an_unreadable_folder_is_named covers it)
        locked.mkdir()
        (locked / "inside.txt").write_text("Inside\n\n" + MISSILE + "\n", encoding="utf-8")
        locked.chmod(0)
        bad["locked"] = "cannot read the folder: Permission denied"
    yield folder, good, bad, warned
    if locked.exists():
        locked.chmod(0o755)


def _named_once(stderr: str, prefix: str, bad: dict[str, str]) -> None:
    lines = [line for line in stderr.splitlines() if line.startswith(prefix)]
    for name, reason in bad.items():
        hits = [line for line in lines if f"/{name}: " in line]
        assert len(hits) == 1, f"{name} named {len(hits)} times in {lines}"
        assert reason in hits[0], hits[0]
    assert len(lines) == len(bad), lines  # nothing else rejected: every good input read


def _warned_once(stderr: str, warned: dict[str, str], folder: Path) -> None:
    for article_id, note in warned.items():
        hits = [line for line in stderr.splitlines() if line.startswith(f"warning: {article_id}: ")]
        assert len(hits) == 1 and note in hits[0] and str(folder) in hits[0], (article_id, hits)


def test_extract_reads_every_good_article_and_names_each_bad_input(bad_folder, tmp_path):
    folder, good, bad, warned = bad_folder
    out = tmp_path / "events.csv"
    result = CliRunner().invoke(app, ["extract", str(folder), "-o", str(out)])
    assert result.exit_code == 0, result.output
    _named_once(result.stderr, "warning: /", bad)
    _warned_once(result.stderr, warned, folder)
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert {r["article_id"] for r in rows} == good
    titles = {r["article_id"]: r["title"] for r in rows}
    assert titles["utf16le"] == "Café LE in Pyongyang" and titles["utf16be"] == "Café BE in Pyongyang"
    assert titles["legacy"] == "\u201cCafé\u201d in Pyongyang" and titles["badbytes"] == "Café — naïve in Pyongyang"


def test_ingest_stores_every_good_article_once(bad_folder, tmp_path):
    folder, good, bad, warned = bad_folder
    db = tmp_path / "s.duckdb"
    runner = CliRunner()
    first = runner.invoke(app, ["ingest", str(folder), "--db", str(db)])
    assert first.exit_code == 0, first.output
    _named_once(first.stderr, "rejected: /", bad)
    _warned_once(first.stderr, warned, folder)
    con = duckdb.connect(str(db), read_only=True)
    texts = dict(con.execute("SELECT id, text FROM articles").fetchall())
    events = con.execute("SELECT count(*) FROM events").fetchone()[0]
    con.close()
    assert set(texts) == good and events >= len(good)
    assert "\ufffd" in texts["cut-emoji"] and "\ufffd" in texts["surrogate"] and "\U0001F600" in texts["whole-emoji"]
    assert texts["badbytes"].count("\ufffd") == 3

    again = runner.invoke(app, ["ingest", str(folder), "--db", str(db)])
    assert again.exit_code == 0, again.output
    assert f"{len(good)} articles read: 0 added, 0 replaced, {len(good)} unchanged; 0 events written" in again.stderr
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT count(*) FROM articles").fetchone()[0] == len(good)
    assert con.execute("SELECT count(*) FROM events").fetchone()[0] == events
    con.close()


@pytest.mark.skipif(IS_ROOT, reason=ROOT_REASON)
def test_an_unreadable_folder_is_named(tmp_path):
    locked = tmp_path / "in" / "locked"
    locked.mkdir(parents=True)
    (locked / "a.txt").write_text("A\n\n" + MISSILE, encoding="utf-8")
    (tmp_path / "in" / "b.txt").write_text("B\n\n" + MISSILE, encoding="utf-8")
    locked.chmod(0)
    try:
        items = list(read_paths([tmp_path / "in"]))
    finally:
        locked.chmod(0o755)
    assert [i.id for i in items if isinstance(i, Article)] == ["b"]
    (problem,) = [i for i in items if isinstance(i, Problem)]
    assert problem.path == str(locked) and "cannot read the folder" in problem.reason


def test_a_folder_that_cannot_be_listed_is_named_even_as_root(tmp_path, monkeypatch):
    """The unreadable folder as the walk sees it (a PermissionError from scandir), whoever runs the tests."""
    (tmp_path / "in" / "locked").mkdir(parents=True)
    (tmp_path / "in" / "b.txt").write_text("B\n\n" + MISSILE, encoding="utf-8")
    scandir = os.scandir

    def refusing(path):
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return scandir(path)

    monkeypatch.setattr(articles.os, "scandir", refusing)
    items = list(read_paths([tmp_path / "in"]))
    assert [i.id for i in items if isinstance(i, Article)] == ["b"]
    (problem,) = [i for i in items if isinstance(i, Problem)]
    assert problem.path.endswith("locked") and problem.reason == "cannot read the folder: Permission denied"


# --- the readers one case at a time ---------------------------------------------------------------------------


def _items(path: Path):
    items = list(read_paths([path]))
    return [i for i in items if isinstance(i, Article)], [i for i in items if isinstance(i, Problem)]


def test_an_oversize_line_is_never_held_whole(tmp_path, monkeypatch):
    monkeypatch.setattr(articles, "MAX_LINE_BYTES", 1024 * 1024)
    path = tmp_path / "dump.jsonl"
    big = '{"id": "big", "text": "' + "y" * (40 * 1024 * 1024) + '"}\n'
    with open(path, "w", encoding="utf-8") as f:
        f.write(_line(id="a", text=MISSILE))
        f.write(big)
        f.write(_line(id="b", text=MISSILE))
    size = len(big)
    del big
    tracemalloc.start()
    try:
        found, problems = _items(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert [a.id for a in found] == ["a", "b"]
    assert [(p.line, p.reason) for p in problems] == [(2, f"line of {size:,} bytes is over the 1,048,576-byte limit")]
    assert peak < 8 * 1024 * 1024  # the limit and the reading chunks, not the 40 MB line


def test_a_line_of_exactly_the_limit_is_read(tmp_path, monkeypatch):
    line = _line(id="edge", text=MISSILE)
    monkeypatch.setattr(articles, "MAX_LINE_BYTES", len(line.encode()))
    (tmp_path / "a.jsonl").write_text(line + line.rstrip("\n").replace("edge", "last"), encoding="utf-8")
    found, problems = _items(tmp_path / "a.jsonl")
    assert [a.id for a in found] == ["edge", "last"] and not problems


def test_json_lines_that_would_stop_the_parser_are_problems(tmp_path):
    lines = [_line(id="a", text=MISSILE), "[" * 100_000 + "]" * 100_000 + "\n", '{"id": "n", "n": ' + "9" * 5000 + "}\n", _line(id="b", text=MISSILE)]
    (tmp_path / "a.jsonl").write_text("".join(lines), encoding="utf-8")
    found, problems = _items(tmp_path / "a.jsonl")
    assert [a.id for a in found] == ["a", "b"]
    assert [p.line for p in problems] == [2, 3] and "nested too deeply" in problems[0].reason


def test_utf16_and_utf32_json_lines_with_a_bom(tmp_path):
    rows = _line(id="x1", text="Café. " + MISSILE) + _line(id="x2", text=MISSILE)
    for bom, codec in ((codecs.BOM_UTF16_BE, "utf-16-be"), (codecs.BOM_UTF32_LE, "utf-32-le")):
        (tmp_path / f"{codec}.jsonl").write_bytes(bom + rows.encode(codec))
        found, problems = _items(tmp_path / f"{codec}.jsonl")
        assert [a.id for a in found] == ["x1", "x2"] and found[0].text.startswith("Café") and not problems


def test_a_lone_surrogate_in_front_matter_and_an_emoji_cut_in_two(tmp_path):
    # a YAML escape gives a lone surrogate too; a pair written as two WTF-8 halves is joined back
    (tmp_path / "a.txt").write_bytes(b'---\ntitle: "Cut \\ud83d"\n---\nBody\n\n' + MISSILE.encode() + b" \xed\xa0\xbd\xed\xb8\x80\n")
    (article,) = _items(tmp_path / "a.txt")[0]
    assert article.title == "Cut \ufffd" and article.text.rstrip().endswith("\U0001F600")
    assert "1 lone surrogate" in article.note and str(tmp_path / "a.txt") in article.note
    assert Article(id="x\udc80", title="", text="t", published=None).id == "x\ufffd"  # made anywhere: cleaned too


def test_an_alias_in_a_sidecar_and_oversize_front_matter_are_refused(tmp_path):
    (tmp_path / "a.txt").write_text("A\n\n" + MISSILE, encoding="utf-8")
    (tmp_path / "a.meta.yaml").write_text("x: &x [1, 2]\ny: *x\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("---\ntitle: " + "z" * 70_000 + "\n---\nB\n\n" + MISSILE, encoding="utf-8")
    found, problems = _items(tmp_path)
    assert not found
    reasons = {Path(p.path).name: p.reason for p in problems}
    assert "sidecar a.meta.yaml: YAML anchors and aliases are not allowed" in reasons["a.txt"]
    assert "over the 65,536-character limit" in reasons["b.txt"]


def test_legacy_code_pages(tmp_path):
    texts = {
        "french": ("La Corée du Nord a tiré un missile lundi, selon Séoul. « Cœur » – été.", "cp1252"),
        "polish": ("Korea Północna wystrzeliła rakietę, ogłosił rząd; wyłączył się.", "cp1250"),
        "russian": ("Северная Корея запустила ракету в понедельник, сообщили официальные лица.", "cp1251"),
    }
    for name, (text, codec) in texts.items():
        (tmp_path / f"{name}.txt").write_bytes(f"{name}\n\n{text}\n".encode(codec))
    found = {a.id: a for a in _items(tmp_path)[0]}
    for name, (text, codec) in texts.items():
        assert text in found[name].text and f"decoded as {codec}" in found[name].note, (name, found[name].note)


def test_utf8_with_a_few_bad_bytes_stays_utf8_and_pure_ascii_plus_latin1_does_not(tmp_path):
    (tmp_path / "mixed.txt").write_bytes("Séoul naïve — ok\n\n".encode() + b"bad \xe9 byte " + MISSILE.encode())
    (tmp_path / "latin.txt").write_bytes(b"Caf\xe9 news\n\n" + MISSILE.encode())
    found = {a.id: a for a in _items(tmp_path)[0]}
    assert found["mixed"].text.startswith("Séoul naïve") and "bad \ufffd byte" in found["mixed"].text
    assert found["mixed"].note == f"1 invalid UTF-8 byte replaced with U+FFFD in {tmp_path / 'mixed.txt'}"
    assert found["latin"].text.startswith("Café") and "decoded as cp1252" in found["latin"].note


def test_what_a_folder_holds_besides_articles_is_named(tmp_path):
    (tmp_path / "a.txt").write_text("A\n\n" + MISSILE, encoding="utf-8")
    (tmp_path / "a.meta.yaml").write_text("published: 2023-12-28\n", encoding="utf-8")  # a.txt's: not listed
    (tmp_path / "orphan.meta.yaml").write_text("published: 2023-12-28\n", encoding="utf-8")
    (tmp_path / "README").write_text("notes", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "elsewhere").symlink_to(tmp_path / "sub", target_is_directory=True)
    (tmp_path / ".git").mkdir()
    found, problems = _items(tmp_path)
    assert [(a.id, str(a.published)) for a in found] == [("a", "2023-12-28")]
    reasons = {Path(p.path).name: p.reason for p in problems}
    assert set(reasons) == {".git", "README", "elsewhere", "orphan.meta.yaml"}
    assert "hidden folder" in reasons[".git"] and "unknown kind of file (no suffix)" in reasons["README"]
    assert "symbolic link to a folder" in reasons["elsewhere"] and "sidecar without its article" in reasons["orphan.meta.yaml"]


def test_a_reader_that_fails_midway_does_not_stop_the_run(tmp_path, monkeypatch):
    (tmp_path / "a.txt").write_text("A\n\n" + MISSILE, encoding="utf-8")
    (tmp_path / "b.rss").write_text("<rss/>", encoding="utf-8")
    (tmp_path / "c.txt").write_text("C\n\n" + MISSILE, encoding="utf-8")

    def failing(path):
        raise RuntimeError("the parser broke")
        yield

    monkeypatch.setitem(articles.READERS, ".rss", failing)
    found, problems = _items(tmp_path)
    assert [a.id for a in found] == ["a", "c"]
    assert [p.reason for p in problems] == ["reading stopped: RuntimeError: the parser broke"]
