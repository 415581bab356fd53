"""The DuckDB store: idempotent ingest, replaced articles, one transaction per article, HTML and feed
readers, and the ingest/export/stats commands."""

import sys
from datetime import date
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from events.cli import app
from events.reading.articles import Article, Problem, read_paths
from events.store.database import SCHEMA_VERSION, StoreError, connect, ingest, read_events, stats

ROOT = Path(__file__).resolve().parents[1]
INPUTS = ROOT / "tests" / "inputs"


def article(text: str, id_: str = "a1") -> Article:
    return Article(id=id_, title="t", text=text, published=date(2023, 12, 28), source="s", url=f"https://x/{id_}", published_from="metadata")


def test_ingest_twice_adds_nothing(tmp_path):
    con = connect(tmp_path / "s.duckdb")
    first = ingest(con, read_paths([ROOT / "seeds"]))
    second = ingest(con, read_paths([ROOT / "seeds"]))
    assert (first.added, first.events) == (1, 20)
    assert (second.added, second.unchanged, second.events) == (0, 1, 0)
    assert con.execute("SELECT count(*) FROM events").fetchone()[0] == 20
    con.close()


def test_a_changed_article_replaces_its_events(tmp_path):
    con = connect(tmp_path / "s.duckdb")
    ingest(con, [article("North Korea fired a missile on Monday.")])
    summary = ingest(con, [article("North Korea launched a spy satellite on Tuesday.")])
    assert summary.replaced == 1
    types = [r[0] for r in con.execute("SELECT event_type FROM events").fetchall()]
    assert types == ["satellite_launch"]
    con.close()


def test_same_text_under_another_id_or_url_is_skipped(tmp_path):
    con = connect(tmp_path / "s.duckdb")
    ingest(con, [article("North Korea fired a missile on Monday.", "a1")])
    again = Article(id="a2", title="t", text="North Korea fired a missile on Monday.", published=date(2023, 12, 28), url="https://y/other")
    assert ingest(con, [again]).unchanged == 1
    con.close()


def test_a_changed_text_at_the_same_url_replaces_the_old_article(tmp_path):
    con = connect(tmp_path / "s.duckdb")
    ingest(con, [article("North Korea fired a missile on Monday.", "a1")])
    update = Article(id="a1-v2", title="t", text="North Korea launched a spy satellite on Tuesday.", published=date(2023, 12, 28), url="https://x/a1")
    summary = ingest(con, [update])
    assert summary.replaced == 1
    assert con.execute("SELECT id FROM articles").fetchall() == [("a1-v2",)]
    assert [r[0] for r in con.execute("SELECT event_type FROM events").fetchall()] == ["satellite_launch"]
    con.close()


def test_one_failing_article_is_recorded_and_the_rest_stored(tmp_path):
    from events.coding.extraction import extract

    def flaky(a):
        if a.id == "bad":
            raise RuntimeError("boom")
        return extract(a)

    con = connect(tmp_path / "s.duckdb")
    summary = ingest(con, [article("North Korea fired a missile on Monday.", "good"), article("x", "bad"), Problem("f.txt", "empty file")], extract_events=flaky)
    assert summary.added == 1 and len(summary.problems) == 2
    assert con.execute("SELECT count(*) FROM articles").fetchone()[0] == 1
    assert {r[0] for r in con.execute("SELECT reason FROM ingest_errors").fetchall()} == {"extraction failed: RuntimeError: boom", "empty file"}
    con.close()


def test_a_failed_transaction_leaves_no_half_article(tmp_path, monkeypatch):
    import events.store.database as store

    con = connect(tmp_path / "s.duckdb")
    real = store._row

    def bad_row(record):
        return (None,) + real(record)[1:]  # no event_id: the primary key refuses it inside the transaction

    monkeypatch.setattr(store, "_row", bad_row)
    with pytest.raises(duckdb.Error):
        ingest(con, [article("North Korea fired a missile on Monday.")])
    assert con.execute("SELECT count(*) FROM articles").fetchone()[0] == 0
    assert con.execute("SELECT count(*) FROM events").fetchone()[0] == 0
    con.close()


def test_store_reads_back_as_the_event_table(tmp_path):
    con = connect(tmp_path / "s.duckdb")
    ingest(con, read_paths([ROOT / "seeds"]))
    con.close()
    frame = read_events(tmp_path / "s.duckdb")
    assert len(frame) == 20 and str(frame.date_start.dtype).startswith("datetime64")
    assert len(read_events(tmp_path / "s.duckdb", "event_type = 'missile_test'")) == 1
    s = stats(tmp_path / "s.duckdb")
    assert (s["articles"], s["events"], s["schema_version"]) == (1, 20, str(SCHEMA_VERSION))


def test_an_older_store_is_refused_with_what_to_do(tmp_path):
    con = connect(tmp_path / "s.duckdb")
    con.execute("UPDATE meta SET value = '0' WHERE key = 'schema_version'")
    con.close()
    with pytest.raises(StoreError, match="re-ingest"):
        connect(tmp_path / "s.duckdb")


def test_a_version_2_store_is_brought_up_to_date_and_the_dashboard_says_how(tmp_path):
    from events.app.views import load
    from events.store.database import ADDED_STORY_COLUMNS

    db = tmp_path / "s.duckdb"
    con = connect(db)
    ingest(con, read_paths([ROOT / "seeds"]))
    expected = con.execute("SELECT story_id, event_type, published FROM stories_full ORDER BY story_id").fetchall()
    # made as version 2 made it: the stories table without its event type and publication date
    con.execute("DROP VIEW stories_full")
    for name in ADDED_STORY_COLUMNS[3]:
        con.execute(f"ALTER TABLE stories DROP COLUMN {name}")
    con.execute("CREATE VIEW stories_full AS SELECT s.*, e.event_type, e.published FROM stories s JOIN events e ON e.event_id = s.event_id")
    con.execute("UPDATE meta SET value = '2' WHERE key = 'schema_version'")
    con.close()
    with pytest.raises(StoreError, match="events merge --db"):
        load(db)
    con = connect(db)  # opened for writing: upgraded
    assert con.execute("SELECT story_id, event_type, published FROM stories ORDER BY story_id").fetchall() == expected
    assert con.execute("SELECT story_id, event_type, published FROM stories_full ORDER BY story_id").fetchall() == expected
    assert con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0] == str(SCHEMA_VERSION)
    con.close()
    assert load(db).has_stories


def test_html_and_feed_readers():
    items = list(read_paths([INPUTS / "nk-icbm.html", INPUTS / "feed.rss", INPUTS / "bad" / "broken.rss", INPUTS / "bad" / "truncated.html"]))
    articles = {a.id: a for a in items if isinstance(a, Article)}
    problems = {Path(p.path).name: p.reason for p in items if isinstance(p, Problem)}
    page = articles["nk-icbm"]
    assert (page.title, page.url, page.published) == ("North Korea fires ICBM", "https://news.example/nk-icbm", date(2023, 12, 18))
    assert "Hwasong-18" in page.text
    summit = articles["https://news.example/summit"]
    assert (summit.published, summit.source) == (date(2023, 9, 13), "Example feed")
    assert "<p>" not in articles["https://news.example/launch"].text
    assert set(problems) == {"broken.rss", "truncated.html"}


def test_ingest_export_stats_commands(tmp_path):
    runner = CliRunner()
    db = tmp_path / "s.duckdb"
    result = runner.invoke(app, ["ingest", str(ROOT / "seeds"), str(INPUTS / "nk-icbm.html"), str(INPUTS / "feed.rss"), str(INPUTS / "bad" / "broken.rss"), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "rejected: " in result.stderr and "broken.rss" in result.stderr
    result = runner.invoke(app, ["export", "--db", str(db), "--where", "event_type = 'missile_test'", "-o", str(tmp_path / "m.csv")])
    assert result.exit_code == 0
    assert (tmp_path / "m.csv").read_text(encoding="utf-8").count("missile_test") == 2
    result = runner.invoke(app, ["export", "--db", str(db), "-o", str(tmp_path / "story.timeline.json")])
    assert result.exit_code == 0 and (tmp_path / "story.timeline.json").exists()
    result = runner.invoke(app, ["stats", "--db", str(db)])
    assert result.exit_code == 0 and "missile_test" in result.output and "rejected inputs 1" in result.output
    result = runner.invoke(app, ["export", "--db", str(db), "--where", "nonsense ==", "-o", str(tmp_path / "x.csv")])
    assert result.exit_code == 2 and "error" in result.output



def test_bad_input_corpus(tmp_path):
    """Each bad input is rejected with its reason (Latin-1 is read, with a warning); every good input is stored."""
    big = tmp_path / "in" / "huge.txt"
    big.parent.mkdir()
    big.write_bytes(b"North Korea fired a missile on Monday. " * (30 * 1024 * 1024 // 39 + 1))  # 30 MB
    runner = CliRunner()
    db = tmp_path / "s.duckdb"
    result = runner.invoke(app, ["ingest", str(INPUTS / "bad"), str(big.parent), "--db", str(db), "--published", "2023-12-28"])
    assert result.exit_code == 0, result.output
    rejected = [line for line in result.stderr.splitlines() if line.startswith("rejected: ")]
    reasons = {Path(line.split(": ")[1].split(":")[0]).name: line for line in rejected}
    assert set(reasons) == {"empty.txt", "binary.txt", "truncated.html", "broken.rss", "dump.jsonl", "huge.txt"}
    assert "empty file" in reasons["empty.txt"] and "binary" in reasons["binary.txt"] and "limit" in reasons["huge.txt"]
    assert "dump.jsonl:2" in reasons["dump.jsonl"] and "JSON" in reasons["dump.jsonl"]
    assert "latin1: not UTF-8: decoded as" in result.stderr
    con = connect(db)
    stored = sorted(r[0] for r in con.execute("SELECT id FROM articles").fetchall())
    assert stored == ["good", "latin1", "ok1", "ok2"]
    assert con.execute("SELECT count(*) FROM ingest_errors").fetchone()[0] == 6
    con.close()


def _table(db) -> list[tuple]:
    con = connect(db)
    rows = con.execute("SELECT event_id, article_id, event_type, date_start, weapon FROM events ORDER BY event_id").fetchall()
    con.close()
    return rows


# every table of a store, its rows sorted (the times a row was written left out: they differ run to run)
STORE_TABLES = {"articles": "id", "events": "event_id", "stories": "story_id", "story_reports": "event_id", "ingest_errors": "path, line, reason"}
# when a row was written, and a story's number in the search index (given in the order written): compared
# through what they mean instead, the words the index gives each story
WRITE_TIMES = {"ingested_at", "recorded_at", "search_key"}


def _store(db) -> dict[str, list[tuple]]:
    con = connect(db)
    out = {}
    for table, key in STORE_TABLES.items():
        names = [r[0] for r in con.execute("SELECT column_name FROM information_schema.columns WHERE table_name = ? ORDER BY ordinal_position", [table]).fetchall()]
        kept = ", ".join(n for n in names if n not in WRITE_TIMES)
        out[table] = con.execute(f"SELECT {kept} FROM {table} ORDER BY {key}, {kept}").fetchall()
    out["search index"] = con.execute("SELECT s.story_id, v.word FROM stories s JOIN search_postings p ON p.story_key = s.search_key"
                                      " JOIN search_vocabulary v ON v.word_id = p.word_id ORDER BY 1, 2").fetchall()
    # the phrases' word pairs of each row (by its id and the words; the keys and word numbers are given in write
    # order), each pairs table's mark at its rows' highest key, and no pair of a row no longer there left
    for label, table, rows, key, row_id in (("word pairs", "search_pair_postings", "stories", "story_key", "story_id"),
                                            ("reports' word pairs", "search_event_pair_postings", "events", "event_key", "event_id")):
        out[label] = con.execute(f"SELECT r.{row_id}, f.word, w.word, p.position FROM {table} p LEFT JOIN {rows} r ON r.search_key = p.{key}"
                                 " JOIN search_vocabulary f ON f.word_id = p.first_id JOIN search_vocabulary w ON w.word_id = p.second_id ORDER BY ALL").fetchall()
        out[f"{label}' mark"] = con.execute(f"SELECT up_to = (SELECT max(search_key) FROM {rows}) FROM search_pairs_written WHERE pairs = ?", [table]).fetchall()
    out["stale pairs"] = con.execute("SELECT count(*) FROM search_pairs_stale").fetchall()
    con.close()
    return out


@pytest.fixture(scope="module")
def sample_jsonl(tmp_path_factory, request):
    """A few hundred real KCNA articles (../shared), or the seed when it is absent."""
    folder = tmp_path_factory.mktemp("sample")
    path = folder / "sample.jsonl"
    shared = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "kcna-2016-2017.jsonl"
    if shared.exists():
        with open(shared, encoding="utf-8") as f, open(path, "w", encoding="utf-8") as out:
            for i, line in enumerate(f):
                if i % 50 == 0:
                    out.write(line)
    else:
        import json

        text = (ROOT / "seeds" / "kim-calls-on-military-to-accelerate-war-preparations.txt").read_text(encoding="utf-8")
        path.write_text("\n".join(json.dumps({"id": f"s{i}", "published": "2023-12-28", "text": text.replace("Kim", f"Kim{i}", 1)}) for i in range(400)), encoding="utf-8")
    return path


def test_two_workers_store_what_one_does(tmp_path, sample_jsonl):
    runner = CliRunner()
    assert runner.invoke(app, ["ingest", str(sample_jsonl), "--db", str(tmp_path / "one.duckdb")]).exit_code == 0
    assert runner.invoke(app, ["ingest", str(sample_jsonl), "--db", str(tmp_path / "two.duckdb"), "--workers", "2"]).exit_code == 0
    one, two = _store(tmp_path / "one.duckdb"), _store(tmp_path / "two.duckdb")
    assert one == two
    assert len(one["events"]) > 0 and len(one["stories"]) > 0


def _seed_variant(n: int, id_: str | None = None, edit: str = "") -> Article:
    text = (ROOT / "seeds" / "kim-calls-on-military-to-accelerate-war-preparations.txt").read_text(encoding="utf-8")
    return Article(id=id_ or f"s{n}", title=f"t{n}", text=text.replace("Kim", f"Kim{n}{edit}", 1), published=date(2023, 12, 28), source="s",
                   url=f"https://x/{id_ or n}", published_from="metadata")


# Articles of one run, some given again later (the same id with another text: a replacement; the same
# text under another id: unchanged), spread over windows so that the later version is decided while the
# earlier one is still being extracted or waits to be written.
RUN_CASES = [
    # (what the run gives, read in this order)
    ("distinct articles", [(n, None, "") for n in range(40)]),
    ("an id given again with another text, two windows later", [(n, None, "") for n in range(18)] + [(9, "s9", "again")] + [(n, None, "") for n in range(18, 30)]),
    ("an id given again with another text, in the next chunk", [(n, None, "") for n in range(10)] + [(9, "s9", "again")] + [(n, None, "") for n in range(10, 20)]),
    ("an id given again in the same chunk", [(0, None, ""), (0, "s0", "b")] + [(n, None, "") for n in range(1, 30)]),
    ("the same text under another id, a window later", [(n, None, "") for n in range(12)] + [(9, "other", "")] + [(n, None, "") for n in range(12, 30)]),
    # the warm-up's articles (WARM_ARTICLES, extracted before the fork) are written after the first chunks are out
    ("one article, fewer than the warm-up", [(0, None, "")]),
    ("a warm-up article given again with another text in the next window", [(n, None, "") for n in range(4)] + [(1, "s1", "again")] + [(n, None, "") for n in range(4, 20)]),
]


@pytest.mark.parametrize("label,given", RUN_CASES, ids=[c[0] for c in RUN_CASES])
def test_two_workers_write_the_store_one_writes_with_many_chunks_in_flight(tmp_path, monkeypatch, label, given):
    """With small windows and chunks, many chunks are out with the workers while earlier ones are merged
    and written: every table comes out as one process writes it."""
    from events.store import database

    monkeypatch.setattr(database, "WINDOW_ARTICLES", 4)
    monkeypatch.setattr(database, "CHUNK_ARTICLES", 2)
    monkeypatch.setattr(database, "WARM_ARTICLES", 2)
    monkeypatch.setattr(database, "IN_FLIGHT_ARTICLES", 12)
    monkeypatch.setattr(database, "EARLY_WRITE_ARTICLES", 2)  # the last articles written as they come back
    monkeypatch.setattr(database, "LAST_CHUNK_ARTICLES", 1)  # the last chunks shrink to one article
    articles = [_seed_variant(n, id_, edit) for n, id_, edit in given]
    stores = {}
    for workers in (1, 2):
        db = tmp_path / f"w{workers}.duckdb"
        summary = ingest(db, articles, workers=workers)
        stores[workers] = (_store(db), str(summary))
    assert stores[1] == stores[2]
    assert len(stores[1][0]["stories"]) > 0


def _ingest_two_workers(engine: str, db, sample_jsonl):
    """The sample ingested with two workers: the local pool's (``local``) or a Dask LocalCluster's, 50 articles a task."""
    from events.store.database import ingest_dask

    if engine == "dask":
        return ingest_dask(db, read_paths([sample_jsonl]), workers=2, partition_size=50)
    return ingest(db, read_paths([sample_jsonl]), workers=2)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="a worker's threads are read from /proc")
@pytest.mark.parametrize("engine", ["local", "dask"])
def test_once_every_article_is_out_the_workers_yield_their_cores_to_the_writer(tmp_path, sample_jsonl, monkeypatch, engine):
    # the writing process goes first at the end (database.WORKERS_NICE_AT_END): the workers' priority lowered once,
    # every thread of theirs (a Dask worker's tasks run beside its event loop) and not this process's
    import os

    from events.store import database

    yielded = []

    def recording(pids):
        pids = list(pids)
        real_yield(pids)
        yielded.append({pid: {os.getpriority(os.PRIO_PROCESS, int(t)) for t in os.listdir(f"/proc/{pid}/task")} for pid in pids})

    real_yield, own = database._yield_cores, os.getpriority(os.PRIO_PROCESS, 0)
    monkeypatch.setattr(database, "_yield_cores", recording)
    monkeypatch.setattr(database, "STARTER_CHUNKS", 0)
    db = tmp_path / f"{engine}.duckdb"
    summary = _ingest_two_workers(engine, db, sample_jsonl)
    assert summary.added > 0
    assert len(yielded) == 1 and len(yielded[0]) == 2 and os.getpid() not in yielded[0]
    assert all(priorities == {database.WORKERS_NICE_AT_END} for priorities in yielded[0].values())
    assert os.getpriority(os.PRIO_PROCESS, 0) == own


@pytest.mark.parametrize("engine", ["local", "dask"])
def test_once_every_article_is_out_the_rest_is_written_on_one_opening_of_the_store(tmp_path, sample_jsonl, monkeypatch, engine):
    # each opening and closing of the store costs its checkpoint, paid at the end with a core idle
    # (database.Lease.held): the last writes and the end's pairs and summaries on one connection
    from events.store import database

    opened, out = [], []
    real_connect, real_yield = database.connect, database._yield_cores

    def counting(*args, **kwargs):
        opened.append(bool(out))
        return real_connect(*args, **kwargs)

    def recording(pids):
        out.append(True)
        real_yield(pids)

    monkeypatch.setattr(database, "connect", counting)
    monkeypatch.setattr(database, "_yield_cores", recording)
    monkeypatch.setattr(database, "STARTER_CHUNKS", 0)
    monkeypatch.setattr(database, "EARLY_WRITE_ARTICLES", 1)  # a write as each of the last chunks comes back
    monkeypatch.setattr(database, "LAST_CHUNK_ARTICLES", 4)
    db = tmp_path / f"{engine}.duckdb"
    summary = _ingest_two_workers(engine, db, sample_jsonl)
    assert out and opened.count(True) == 1
    con = real_connect(db)  # let go: the store opens for writing again
    try:
        assert con.execute("SELECT count(*) FROM articles").fetchone()[0] == summary.added > 0
    finally:
        con.close()


class _Extracted:
    """A chunk handed out whose rows are there already (its worker has finished it)."""

    def __init__(self, articles):
        self.rows = [f"rows of {a}" for a in articles]

    def get(self):
        return self.rows

    def ready(self):
        return True


class _Extracting(_Extracted):
    """A chunk handed out that its worker is still extracting."""

    def ready(self):
        return False


class _CountingWriter:
    def __init__(self):
        self.articles, self.written = [], []

    def add(self, item, digest, previous, rows):
        self.articles.append(item)

    def flush(self):
        self.written.append(len(self.articles))
        self.articles = []


# (the chunks still out once every article is handed out, whether the last ones are written early): early while
# a worker still extracts beside the write; not once every chunk out is extracted, when an early write would
# only pay a write's fixed cost again with no worker beside it (the rest is written at the end, in one write)
EARLY_WRITE_CASES = [(_Extracting, True, "chunks still being extracted"), (_Extracted, False, "every chunk out already extracted")]


@pytest.mark.parametrize("chunk,early,why", EARLY_WRITE_CASES, ids=[c[2] for c in EARLY_WRITE_CASES])
def test_the_last_articles_are_written_early_only_while_a_worker_still_extracts(monkeypatch, chunk, early, why):
    from events.store import database

    monkeypatch.setattr(database, "EARLY_WRITE_ARTICLES", 1)
    writer = _CountingWriter()
    pending = iter([(f"a{n}", f"digest {n}", None) for n in range(10)])
    database._extract_ahead(pending, writer, chunk, chunk=2, in_flight=6)
    assert bool(writer.written) == early
    assert sum(writer.written) + len(writer.articles) == 10


# (chunks the local process may hold at a time while the cluster starts, why): every chunk on the cluster,
# and some before it (the sample is about 315 articles: 7 chunks of 50)
STARTER_CASES = [(0, "every chunk on the cluster"), (3, "up to three chunks at a time extracted while the cluster starts, the rest on it")]


@pytest.mark.parametrize("starter_chunks,why", STARTER_CASES, ids=[c[1] for c in STARTER_CASES])
def test_dask_local_cluster_stores_what_one_process_does(tmp_path, sample_jsonl, monkeypatch, starter_chunks, why):
    from events.store import database
    from events.store.database import ingest_dask

    monkeypatch.setattr(database, "STARTER_CHUNKS", starter_chunks)
    con = connect(tmp_path / "one.duckdb")
    ingest(con, read_paths([sample_jsonl]))
    con.close()
    con = connect(tmp_path / "dask.duckdb")
    summary = ingest_dask(con, read_paths([sample_jsonl]), workers=2, partition_size=50)
    con.close()
    assert summary.added > 0
    assert _table(tmp_path / "one.duckdb") == _table(tmp_path / "dask.duckdb")


def test_dask_cluster_that_fails_to_start_raises_and_stops_the_starter(tmp_path, sample_jsonl, monkeypatch):
    # the LocalCluster's start fails (no port, no memory): its error reaches the caller, and the local process
    # that extracted the first chunks meanwhile is stopped, not left behind
    import multiprocessing

    from events.store import database
    from events.store.database import ingest_dask

    def no_cluster(workers):
        raise RuntimeError("the cluster cannot start")

    monkeypatch.setattr(database, "_local_cluster", no_cluster)
    before = set(multiprocessing.active_children())
    with pytest.raises(RuntimeError, match="the cluster cannot start"):
        ingest_dask(tmp_path / "dask.duckdb", read_paths([sample_jsonl]), workers=2, partition_size=50)
    assert set(multiprocessing.active_children()) <= before


# an article whose extraction runs past its time is named and the rest are stored, by each engine. A Dask
# task runs unbounded, as it always has: the bound is a timer's signal, which only a process's main thread
# takes, and a Dask worker runs its tasks on an executor thread (database._pickled_chunk); a known gap
PAST_ITS_TIME_CASES = [
    pytest.param("local", id="two local workers"),
    pytest.param("dask", id="a Dask LocalCluster's worker, every chunk on the cluster",
                 marks=pytest.mark.xfail(strict=True, reason="known gap: a Dask task's articles are not bounded in time (database._pickled_chunk)")),
]


class _Unsendable(Exception):
    """An extraction's exception that cannot be pickled (it holds a lock)."""

    def __init__(self, message: str):
        super().__init__(message)
        import threading

        self.held = threading.Lock()


def test_an_extraction_error_that_cannot_be_pickled_is_named_and_the_rest_stored(tmp_path, monkeypatch):
    # a worker sends back what an article's extraction raised as text (database.Failed), never the exception: one
    # that cannot be pickled made its whole chunk unsendable and stopped the ingest
    from events.store import database

    extract = database.extract_records

    def failing(a):
        if a.id == "bad":
            raise _Unsendable("a rule broke")
        return extract(a)

    monkeypatch.setattr(database, "extract_records", failing)  # the workers are forked after this
    articles = [article(f"North Korea fired a missile on Monday, the {n}th report.", f"a{n}") for n in range(40)]
    articles[20] = article("North Korea fired a missile on Monday.", "bad")
    summary = ingest(tmp_path / "two.duckdb", articles, workers=2)
    assert [(p.path, p.reason) for p in summary.problems] == [("bad", "extraction failed: _Unsendable: a rule broke")]
    con = connect(tmp_path / "two.duckdb")
    stored = {r[0] for r in con.execute("SELECT id FROM articles").fetchall()}
    con.close()
    assert stored == {a.id for a in articles} - {"bad"}


@pytest.mark.skipif(not hasattr(__import__("signal"), "setitimer"), reason="the time bound is a real-time timer signal")
@pytest.mark.parametrize("engine", PAST_ITS_TIME_CASES)
def test_an_article_past_its_time_in_a_worker_is_named_and_the_rest_stored(tmp_path, monkeypatch, engine):
    from events.base import limits
    from events.store import database
    from events.store.database import ingest_dask

    # the bound is read as each article starts, in the processes forked after this (the starter, the workers)
    monkeypatch.setattr(limits, "ARTICLE_SECONDS", 2.0)
    monkeypatch.setattr(database, "STARTER_CHUNKS", 0)
    articles = [article(f"North Korea fired a missile on Monday, the {n}th report.", f"a{n}") for n in range(40)]
    # about 4 s of extraction on a quiet machine (a long run of time words), past the warm-up's articles
    articles[30] = article("North Korea fired a missile " + "the same day " * 50_000, "slow")
    db = tmp_path / f"{engine}.duckdb"
    if engine == "dask":
        summary = ingest_dask(db, articles, workers=2, partition_size=8)
    else:
        summary = ingest(db, articles, workers=2)
    assert [p.path for p in summary.problems] == ["slow"] and "took over" in summary.problems[0].reason
    con = connect(db)
    stored = {r[0] for r in con.execute("SELECT id FROM articles").fetchall()}
    con.close()
    assert stored == {a.id for a in articles} - {"slow"}


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="a pipe's size is set with Linux's F_SETPIPE_SZ")
def test_a_chunk_and_its_rows_wait_in_the_pools_pipes_whole(sample_jsonl):
    # two chunks of real articles fit in the pipe to the workers, and two chunks' rows in the pipe back: a
    # worker's next chunk is there when it ends one, and its rows are written at once, not only as this
    # process's threads (which need the GIL its writing thread holds) read them (64 KB pipes held neither)
    import fcntl
    import pickle

    from events.store import database

    articles = [a for a in read_paths([sample_jsonl]) if isinstance(a, Article)][: database.CHUNK_ARTICLES]
    task = len(pickle.dumps((database._safe_chunk, (articles, True)), protocol=pickle.HIGHEST_PROTOCOL))
    result = len(pickle.dumps(database._safe_chunk(articles), protocol=pickle.HIGHEST_PROTOCOL))
    pool = database._pool(1)
    try:
        for queue, size in ((pool._inqueue, task), (pool._outqueue, result)):
            assert fcntl.fcntl(queue._writer.fileno(), getattr(fcntl, "F_GETPIPE_SZ", 1032)) >= 2 * size
    finally:
        pool.terminate()


def test_kill_9_then_rerun_gives_a_clean_store(tmp_path, sample_jsonl):
    """kill -9 at a random point of an ingest, then the same ingest again: exactly the store of a clean run."""
    import random
    import signal
    import subprocess
    import sys
    import time

    big = tmp_path / "big.jsonl"
    big.write_text(sample_jsonl.read_text(encoding="utf-8") * 1, encoding="utf-8")
    clean = tmp_path / "clean.duckdb"
    con = connect(clean)
    ingest(con, read_paths([big]))
    total = con.execute("SELECT count(*) FROM articles").fetchone()[0]
    con.close()
    crashed = tmp_path / "crashed.duckdb"
    cmd = [sys.executable, "-m", "events", "ingest", str(big), "--db", str(crashed)]
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    while not crashed.exists() and proc.poll() is None:
        time.sleep(0.05)
    time.sleep(random.uniform(0.2, 0.8))  # somewhere in the middle of the run
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL, "the ingest ended before it could be killed: use a bigger sample"
    con = connect(crashed)
    stored = con.execute("SELECT count(*) FROM articles").fetchone()[0]
    orphans = con.execute("SELECT count(*) FROM events WHERE article_id NOT IN (SELECT id FROM articles)").fetchone()[0]
    con.close()
    assert 0 <= stored < total and orphans == 0  # whole articles only
    subprocess.run(cmd, cwd=ROOT, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    assert _table(crashed) == _table(clean)


def test_urls_and_url_lists_from_a_local_server(tmp_path):
    """Pages and feeds over HTTP (a server on 127.0.0.1 only), a URL list, and a clear error for a bad URL."""
    import functools
    import http.server
    import threading

    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(INPUTS))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        urls = tmp_path / "list.urls"
        urls.write_text(f"# two feeds and a page\n{base}/feed.rss\n{base}/nk-icbm.html\n{base}/missing.html\n", encoding="utf-8")
        items = list(read_paths([urls, f"{base}/bad/broken.rss"]))
    finally:
        server.shutdown()
    articles = [a for a in items if isinstance(a, Article)]
    problems = {p.path: p.reason for p in items if isinstance(p, Problem)}
    assert {a.url for a in articles} == {"https://news.example/summit", "https://news.example/launch", "https://news.example/nk-icbm"}
    assert problems[f"{base}/missing.html"].startswith("HTTP 404")
    assert "feed" in problems[f"{base}/bad/broken.rss"]


def test_an_unreachable_url_is_a_clear_error():
    (problem,) = list(read_paths(["http://127.0.0.1:9/nothing.html"]))
    assert isinstance(problem, Problem) and "cannot reach" in problem.reason
