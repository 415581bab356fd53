"""The README's examples run from the repo: every file in examples/ is read without a problem and tells at
least one dated event, through `events extract examples` as the tour types it."""

from pathlib import Path

from typer.testing import CliRunner

from events.cli import app
from events.store.tables import read

ROOT = Path(__file__).resolve().parents[1]


def test_every_example_is_read_and_gives_dated_events(tmp_path):
    out = tmp_path / "examples.csv"
    result = CliRunner().invoke(app, ["extract", str(ROOT / "examples"), "-o", str(out)])
    assert result.exit_code == 0 and "warning" not in result.output and "skipped" not in result.output, result.output
    frame = read(out)
    dated = frame[frame.date_start.notna() & (frame.event_type != "statement")]
    kinds = {"txt": "launch", "jsonl": "ex-", "rss": "https://example.org/", "html": "page"}
    for suffix, prefix in kinds.items():
        assert list((ROOT / "examples").glob(f"*.{suffix}")), f"no .{suffix} example"
        assert dated.article_id.str.startswith(prefix).any(), f"no dated event from the .{suffix} example"
