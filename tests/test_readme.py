"""Tests that keep the README honest: its Python example prints what it says, its commands exist, its
table of seed expressions matches the engine."""

import contextlib
import io
import re
import shlex
from pathlib import Path

from typer.testing import CliRunner

from events import find_times
from events.cli import app

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def blocks(lang: str) -> list[str]:
    return re.findall(rf"```{lang}\n(.*?)```", README, re.S)


def test_python_examples_print_what_they_say():
    for block in blocks("python"):
        expected = [line[2:] for line in block.splitlines() if line.startswith("# ")]
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            exec(compile(block, "README.md", "exec"), {})
        assert out.getvalue().splitlines() == expected


def test_cli_commands_exist():
    runner = CliRunner()
    for block in blocks("sh"):
        for line in block.splitlines():
            line = line.split("#")[0].strip()
            if "events " not in line:
                continue
            words = shlex.split(line[line.index("events ") :])[1:]
            subcommand = [w for w in words[:2] if not w.startswith("-") and w.isidentifier()]
            result = runner.invoke(app, subcommand + ["--help"])
            assert result.exit_code == 0, f"README names `{line}` but `events {' '.join(subcommand)}` does not exist"


def test_seed_table_matches_the_engine():
    seed = Path(__file__).resolve().parents[1] / "seeds" / "kim-calls-on-military-to-accelerate-war-preparations.txt"
    mentions = {m.text: m for m in find_times(seed.read_text(encoding="utf-8"), "2023-12-28")}
    table = README[README.index("| text | type | value | range | precision |") :].split("\n\n")[0]
    rows = [r.strip("|").split("|") for r in table.splitlines()[2:]]
    assert rows
    for text, type_, value, _range, precision in (map(str.strip, r) for r in rows):
        m = mentions[text]
        assert (m.type, m.value, m.precision) == (type_, value, precision)


def test_set_up_commands_are_documented():
    assert "make run" in README and "make test" in README
    assert "## Measured" in README
