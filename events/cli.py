"""The ``events`` command line."""

from __future__ import annotations

import csv
import gc
import json
import shutil
import sys
import time
from datetime import date
from pathlib import Path
from typing import Optional

import typer

app = typer.Typer(help="Eventline: news articles in, a timeline of dated events out.", no_args_is_help=True, add_completion=False)
timeml_app = typer.Typer(help="TimeML (TempEval-3) annotation and scoring.", no_args_is_help=True)
app.add_typer(timeml_app, name="timeml")

TIME_COLUMNS = ["start", "end", "text", "type", "value", "range_start", "range_end", "precision", "mod", "rule", "tense", "basis", "basis_value"]


def _with_warnings(items, warnings: list):
    """Pass reader items through, keeping a warning for each article a reader had to guess about, and for
    each article with no publication date (its relative dates stay unresolved)."""
    for item in items:
        note = getattr(item, "note", "")
        if note:
            warnings.append(f"{item.id}: {note}")
        if hasattr(item, "published_from") and item.published is None:
            warnings.append(f"{item.id}: no publication date, so 'on Monday' or 'last month' stay undated: give --published YYYY-MM-DD or a date in the file")
        yield item


def _inputs_exist(paths: list[str]) -> None:
    """A missing input is an error when it is all there is (nothing is written); beside other inputs it is
    a warning, printed with the other skipped inputs."""
    missing = [p for p in paths if not p.startswith(("http://", "https://")) and not Path(p).exists()]
    if missing and len(missing) == len(paths):
        typer.echo(f"error: no such file or folder: {', '.join(missing)}", err=True)
        raise typer.Exit(2)


def _output_folder_exists(output: Optional[Path]) -> None:
    if output is not None and not output.parent.exists():
        typer.echo(f"error: {output}: the folder {output.parent} does not exist", err=True)
        raise typer.Exit(2)


def _write_output(frame, output: Path) -> None:
    """The event table to OUT.csv, .parquet, .jsonl or .timeline.json (a TimelineJS story)."""
    from events.app.downloads import timelinejs_bytes, undated_count
    from events.store.tables import write

    if output.name.endswith(".timeline.json"):
        output.write_bytes(timelinejs_bytes(frame))
        if undated_count(frame):
            typer.echo(f"note: {undated_count(frame)} undated events left out of the TimelineJS story (it places events on their dates)", err=True)
        return
    try:
        write(frame, output)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="-o") from None


def _progress_bar(desc: str, unit: str = " articles"):
    """A progress bar with articles/s (or ``unit``) on a terminal; None when the output is not one."""
    if not sys.stderr.isatty():
        return None
    from tqdm import tqdm

    # a terminal that reports no size (a pty nobody sized, some CI consoles) would hide the bar: tqdm draws
    # none at a row past the screen's last; shutil falls back to 80x24 for a size of 0
    size = shutil.get_terminal_size()
    return tqdm(unit=unit, file=sys.stderr, desc=desc, ncols=size.columns, nrows=size.lines)


def _parse_date(value: Optional[str], option: str) -> Optional[date]:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date in YYYY-MM-DD form", param_hint=option) from None


def _read_text(path: str) -> str:
    if path == "-":
        return sys.stdin.read()
    p = Path(path)
    if not p.exists():
        raise typer.BadParameter(f"{path}: no such file", param_hint="FILE")
    try:
        return p.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise typer.BadParameter(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})", param_hint="FILE") from None


@app.command()
def times(
    file: str = typer.Argument(..., help="A text file, or - for standard input."),
    published: Optional[str] = typer.Option(None, "--published", help="Publication date (YYYY-MM-DD): the reference for relative expressions."),
    fmt: str = typer.Option("table", "--format", help="table, csv or jsonl."),
) -> None:
    """Print the time expressions of a text, resolved against its publication date."""
    from events.timex.times import find_times

    reference = _parse_date(published, "--published")
    mentions = find_times(_read_text(file), reference)
    rows = [
        {
            "start": m.start, "end": m.end, "text": m.text, "type": m.type, "value": m.value,
            "range_start": m.range_start.isoformat() if m.range_start else "",
            "range_end": m.range_end.isoformat() if m.range_end else "",
            "precision": m.precision, "mod": m.mod or "", "rule": m.rule, "tense": m.tense,
            "basis": m.basis or "", "basis_value": m.basis_value or "",
        }
        for m in mentions
    ]
    if fmt == "csv":
        writer = csv.DictWriter(sys.stdout, fieldnames=TIME_COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    elif fmt == "jsonl":
        for row in rows:
            print(json.dumps(row, ensure_ascii=False))
    elif fmt == "table":
        from rich.console import Console
        from rich.table import Table

        table = Table(title=f"{len(rows)} time expressions" + (f" (reference {reference})" if reference else " (no reference date)"))
        for col in ("text", "type", "value", "range_start", "range_end", "precision", "rule"):
            table.add_column(col)
        for row in rows:
            table.add_row(*(str(row[c]) for c in ("text", "type", "value", "range_start", "range_end", "precision", "rule")))
        Console(width=160).print(table)
    else:
        raise typer.BadParameter(f"{fmt!r}: choose table, csv or jsonl", param_hint="--format")


@app.command()
def extract(
    paths: list[str] = typer.Argument(..., help="Article files (.txt, .jsonl) or folders of them."),
    published: Optional[str] = typer.Option(None, "--published", help="Publication date (YYYY-MM-DD) for every article, over their own."),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="OUT.csv, OUT.parquet, OUT.jsonl or OUT.timeline.json (default: CSV on standard output)."),
) -> None:
    """Extract the events of articles into the event table."""
    from events.coding.extraction import extract_frame, extract_rows
    from events.reading.articles import read_paths
    from events.store.tables import write_rows

    reference = _parse_date(published, "--published")
    _inputs_exist(paths)
    _output_folder_exists(output)
    # what the imports made lives as long as the command: kept out of the collector's full passes, which go over
    # every object alive as the table grows (half their time on the KCNA corpus)
    gc.freeze()
    # and the young objects collected every 50,000 allocations, not 700: an article's work leaves few cycles, and the
    # 450 young collections of the KCNA corpus (with the 40 older ones they bring) cost 0.1 s, 4 of them 0.04 s
    gc.set_threshold(50_000, *gc.get_threshold()[1:])
    problems = []
    bar = _progress_bar("extracting")
    notes: list[str] = []
    # a CSV is written straight from the checked rows (the same bytes as from the frame): no pandas to import
    as_rows = output is None or output.suffix.lower() == ".csv"
    table = (extract_rows if as_rows else extract_frame)(
        _with_warnings(read_paths(paths, reference), notes), on_problem=problems.append, progress=(bar.update if bar is not None else None)
    )
    if bar is not None:
        bar.close()
    for problem in problems:
        typer.echo(f"warning: {problem} (skipped)", err=True)
    for note in notes:
        typer.echo(f"warning: {note}", err=True)
    if output is None:
        write_rows(table, None, sys.stdout)
    else:
        if as_rows:
            write_rows(table, output)
        else:
            _write_output(table, output)
        typer.echo(f"{len(table)} events -> {output}", err=True)
    if problems:
        typer.echo(f"{len(problems)} input(s) skipped, see the warnings above", err=True)


@app.command()
def explain(
    file: Optional[str] = typer.Argument(None, help="An article file (.txt or .jsonl: its first article)."),
    published: Optional[str] = typer.Option(None, "--published", help="Publication date (YYYY-MM-DD)."),
    story: Optional[str] = typer.Option(None, "--story", help="A story id of the store: why its reports were merged."),
    db: Path = typer.Option(Path("data/events.duckdb"), "--db", help="The DuckDB store (with --story)."),
) -> None:
    """Show, sentence by sentence, what was found and which rule or vocabulary row fired; or, with
    --story ID, why a story's reports were merged."""
    from events.coding.explain import explain_article
    from events.reading.articles import Article, read_paths
    from events.store.database import StoreError
    from events.store.story_explanation import explain_story

    if story is not None:
        try:
            typer.echo(explain_story(db, story))
        except StoreError as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(2)
        return
    if file is None:
        raise typer.BadParameter("give an article file, or --story ID", param_hint="FILE")
    reference = _parse_date(published, "--published")
    for item in read_paths([file], reference):
        if isinstance(item, Article):
            typer.echo(explain_article(item))
            return
        typer.echo(f"error: {item}", err=True)
        raise typer.Exit(2)


DEFAULT_STORE = Path("data/events.duckdb")


@app.command()
def ingest(
    paths: list[str] = typer.Argument(..., help="Files (.txt, .jsonl, .html, .rss/.atom/.xml, .urls lists), folders, or http(s) URLs."),
    db: Path = typer.Option(DEFAULT_STORE, "--db", help="The DuckDB store (created if missing)."),
    published: Optional[str] = typer.Option(None, "--published", help="Publication date (YYYY-MM-DD) for every article, over their own."),
    workers: int = typer.Option(1, "--workers", min=0, help="Processes extracting events (local engine) or Dask workers of a LocalCluster; 0: all cores."),
    engine: str = typer.Option("local", "--engine", help="local (this machine's processes) or dask."),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", help="With --engine dask: a distributed scheduler address (default: a LocalCluster)."),
    merge: bool = typer.Option(True, "--merge/--no-merge", help="Merge each article's events into the stories as it is written (--no-merge: later, with `events merge`)."),
) -> None:
    """Add articles and their events to the store; an article already stored unchanged adds nothing."""
    from events.reading.articles import read_paths
    from events.store.database import StoreError, connect, ingest_dask, writer_lock
    from events.store.database import ingest as store_ingest

    if engine not in ("local", "dask"):
        raise typer.BadParameter(f"{engine!r}: choose local or dask", param_hint="--engine")
    if workers == 0:
        import os

        workers = os.cpu_count() or 1

    reference = _parse_date(published, "--published")
    _inputs_exist(paths)
    bar = None
    try:
        # one writer at a time; the store file itself is opened only to decide and to write a batch, so the
        # dashboard, `stats` and `export` read it while the ingest runs
        with writer_lock(db):
            connect(db).close()  # a path that is no store, or an old one, is refused before any work
            bar = _progress_bar("ingesting")
            notes: list[str] = []
            items = _with_warnings(read_paths(paths, reference), notes)
            if engine == "dask":
                summary = ingest_dask(db, items, scheduler=scheduler, workers=max(workers, 2) if not scheduler else workers, progress=(bar.update if bar is not None else None), merge=merge)
            else:
                summary = store_ingest(db, items, progress=(bar.update if bar is not None else None), workers=workers, merge=merge)
    except StoreError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2)
    finally:
        if bar is not None:
            bar.close()
    for problem in summary.problems:
        typer.echo(f"rejected: {problem}", err=True)
    for note in notes:
        typer.echo(f"warning: {note}", err=True)
    typer.echo(f"{summary} -> {db}", err=True)
    global _CLOSED
    _CLOSED = True


@app.command()
def export(
    db: Path = typer.Option(DEFAULT_STORE, "--db", help="The DuckDB store."),
    where: Optional[str] = typer.Option(None, "--where", help="SQL condition over the event columns, e.g. \"event_type = 'missile_test'\"."),
    output: Path = typer.Option(..., "-o", "--output", help="OUT.csv, OUT.parquet, OUT.jsonl or OUT.timeline.json (TimelineJS)."),
    stories: bool = typer.Option(False, "--stories", help="Write the stories (one row per event, merged over its reports) instead of the event rows."),
) -> None:
    """Write the store's events (or those matching --where) to a file."""
    from events.store.database import StoreError, read_events, read_stories

    try:
        frame = read_stories(db, where) if stories else read_events(db, where)
    except StoreError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2)
    _output_folder_exists(output)
    _write_output(frame, output)
    typer.echo(f"{len(frame)} {'stories' if stories else 'events'} -> {output}", err=True)


@app.command()
def merge(
    db: Path = typer.Option(DEFAULT_STORE, "--db", help="The DuckDB store."),
    rebuild: bool = typer.Option(False, "--rebuild", help="Merge every event again from scratch (after changing events/store/data/stories.yaml)."),
) -> None:
    """Merge the store's events that have no story yet into stories (an ingest does this as it writes)."""
    from events.store.database import StoreError, connect, merge_stories, writer_lock

    try:
        with writer_lock(db):
            con = connect(db)
            bar = _progress_bar("merging")
            try:
                n = merge_stories(con, rebuild=rebuild, progress=(bar.update if bar is not None else None))
            finally:
                con.close()
                if bar is not None:
                    bar.close()
    except StoreError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2)
    typer.echo(f"{n} stories -> {db}", err=True)


@app.command()
def serve(
    db: Path = typer.Option(DEFAULT_STORE, "--db", help="The store (.duckdb) or an event table (.csv, .parquet, .jsonl) to show."),
    port: int = typer.Option(8501, "--port", help="The port to serve on."),
    address: str = typer.Option("127.0.0.1", "--address", help="The address to serve on."),
    allow_open: bool = typer.Option(False, "--allow-open", help="Let visitors type the path of another table on this machine (off: the page serves DB only)."),
) -> None:
    """Serve the dashboard on DB (streamlit run dashboard.py, from the project's folder)."""
    from events.app.serve import serve as serve_dashboard

    try:
        serve_dashboard(db, address, port, allow_open=allow_open)
    except FileNotFoundError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2)


@app.command()
def stats(db: Path = typer.Option(DEFAULT_STORE, "--db", help="The DuckDB store.")) -> None:
    """What the store holds: articles, events by type, date span, rejected inputs."""
    from events.store.database import StoreError
    from events.store.database import stats as store_stats

    try:
        s = store_stats(db)
    except StoreError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2)
    typer.echo(f"store {db} (schema version {s['schema_version']})")
    typer.echo(f"articles {s['articles']}, events {s['events']}, dates {s['first']} .. {s['last']}, rejected inputs {s['ingest_errors']}")
    typer.echo(f"stories {s['stories']} ({s['date_conflicts']} with a date conflict)")
    for name, n in s["by_type"].items():
        typer.echo(f"  {name:<20} {n}")


@timeml_app.command("annotate")
def timeml_annotate(in_dir: Path, out_dir: Path) -> None:
    """Write IN_DIR's TimeML files to OUT_DIR with Eventline's TIMEX3 tags in place of the gold ones."""
    from events.timex import timeml
    from events.timex.times import find_times

    started = time.perf_counter()
    bar = _progress_bar("annotating", " documents")
    try:
        written = timeml.annotate_dir(in_dir, out_dir, find_times, progress=(bar.update if bar is not None else None))
    except timeml.TimeMLError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2)
    finally:
        if bar is not None:
            bar.close()
    typer.echo(f"annotated {len(written)} documents in {time.perf_counter() - started:.2f} s -> {out_dir}")


@timeml_app.command("score")
def timeml_score(
    gold_dir: Path,
    system_dir: Path,
    per_document: bool = typer.Option(True, "--per-document/--no-per-document", help="Print the per-document breakdown."),
    errors: int = typer.Option(50, "--errors", help="How many wrong values, misses and spurious tags to list (0: none, -1: all)."),
) -> None:
    """TempEval-3 Task A scores of SYSTEM_DIR against GOLD_DIR."""
    from events.timex import timeml

    try:
        total, per_doc, misses = timeml.score_dirs(gold_dir, system_dir)
    except timeml.TimeMLError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2)
    typer.echo(timeml.format_report(total, per_doc if per_document else {}, misses, errors))


# Set by a command that returns with every file, store connection, worker process and thread it opened
# closed or joined (ingest): the interpreter's teardown after it (the modules' and the collector's
# unwinding of everything loaded, with every core idle) is skipped: after an ingest of KCNA 2016-2017
# 0.115 s with 2 workers and 0.17-0.38 s with one (the extraction's caches are in this process), 0.02 s
# now. Only as the program (``main``): a caller in process (tests, the dashboard) keeps its interpreter.
_CLOSED = False


def main() -> None:
    try:
        app()
    except SystemExit as end:
        if _CLOSED and end.code in (0, None):
            import os

            from events.base import derived

            derived.write_pending()  # what the run learnt for the next (os._exit skips the interpreter's exit functions)
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(0)
        raise
