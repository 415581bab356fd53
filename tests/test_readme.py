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


ROOT = Path(__file__).resolve().parents[1]
DOCUMENTS = [ROOT / "README.md", ROOT / "CHANGELOG.md", *sorted((ROOT / "docs").glob("*.md"))]
FENCED = re.compile(r"^```.*?^```", re.S | re.M)
# [text](target) and ![alt](target), the target up to a space (a title) or the closing bracket
LINK = re.compile(r"!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")


def relative_links(path: Path) -> list[str]:
    """The targets of the markdown links and images of ``path`` that point inside the repository (code blocks
    left out; web addresses and in-page anchors too)."""
    text = FENCED.sub("", path.read_text(encoding="utf-8"))
    targets = []
    for target in LINK.findall(text):
        if re.match(r"^[a-z][a-z0-9+.-]*:", target, re.I) or target.startswith("#"):
            continue  # https:, mailto:, or an anchor in the same page
        targets.append(target.split("#")[0].split("?")[0])
    return targets


def test_relative_links_and_images_exist():
    assert (ROOT / "docs" / "dashboard.png").exists(), "the README's screenshot: run docs/screenshot.py"
    missing = []
    for path in DOCUMENTS:
        for target in relative_links(path):
            if not (path.parent / target).exists():
                missing.append(f"{path.relative_to(ROOT)} -> {target}")
    assert not missing, "links to nothing: " + "; ".join(missing)


def test_readme_stays_a_manual():
    lines = README.splitlines()
    assert len(lines) <= 200, f"README.md has {len(lines)} lines: move detail to docs/"
    assert "docs/dashboard.png" in README


def test_docs_examples_print_what_they_say_and_name_real_commands():
    runner = CliRunner()
    for path in DOCUMENTS[1:]:
        text = path.read_text(encoding="utf-8")
        for block in re.findall(r"```python\n(.*?)```", text, re.S):
            expected = [line[2:] for line in block.splitlines() if line.startswith("# ")]
            out = io.StringIO()
            with contextlib.redirect_stdout(out):
                exec(compile(block, str(path), "exec"), {})
            assert out.getvalue().splitlines() == expected, path.name
        for block in re.findall(r"```sh\n(.*?)```", text, re.S):
            for line in block.splitlines():
                line = line.split("#")[0].strip()
                if not line.startswith("events ") and " events " not in line:
                    continue
                words = shlex.split(line[line.index("events ") :])[1:]
                subcommand = [w for w in words[:2] if not w.startswith("-") and w.isidentifier()]
                result = runner.invoke(app, subcommand + ["--help"])
                assert result.exit_code == 0, f"{path.name} names `{line}` but `events {' '.join(subcommand)}` does not exist"


def tour_commands() -> list[str]:
    """The `events` command lines of the README's shell blocks, in the order a reader types them (comments cut)."""
    lines = []
    for block in blocks("sh"):
        for line in block.splitlines():
            line = line.split("  #")[0].strip()
            if line.startswith("events "):
                lines.append(line)
    return lines


def test_the_tour_runs_as_written_from_the_projects_folder(tmp_path, monkeypatch):
    # every `events` line of the README, run in order in a folder laid out as the project's (seeds/, examples/,
    # data/): each exits 0 and writes the file it names. `serve` runs until stopped (the browser tests start it);
    # STORY_ID is a story_id from the stories export, as the README says.
    import csv
    import shutil

    for folder in ("seeds", "examples"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    (tmp_path / "data").mkdir()
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    commands = tour_commands()
    assert len(commands) >= 10 and any(c.startswith("events serve") for c in commands)
    for line in commands:
        words = shlex.split(line)[1:]
        if words[0] == "serve":
            continue
        if "STORY_ID" in words:
            with open("data/stories.csv", encoding="utf-8", newline="") as f:
                words[words.index("STORY_ID")] = next(csv.DictReader(f))["story_id"]
        result = runner.invoke(app, words)
        assert result.exit_code == 0 and "Traceback" not in result.output, f"README: `{line}` gave {result.exit_code}:\n{result.output}"
        if "-o" in words:
            written = tmp_path / words[words.index("-o") + 1]
            assert written.stat().st_size > 0, f"README: `{line}` wrote nothing"
