"""Extraction over the shared real corpora (skipped with a reason where ../shared is absent)."""

import itertools

from events.coding.extraction import extract_frame
from events.reading.articles import Article, read_paths

WEAPON_TYPES = {"missile_test", "nuclear_test", "satellite_launch"}


def test_korea_press_has_no_weapons_events(shared):
    frame = extract_frame(a for a in read_paths([shared / "corpora" / "korea-press-2020.jsonl"]) if isinstance(a, Article))
    assert len(frame) > 0
    weapons = frame[frame.event_type.isin(WEAPON_TYPES)]
    assert weapons.empty, weapons[["article_id", "event_type", "sentence"]].to_string()


def test_kcna_sample_extracts_without_loss(shared):
    items = list(itertools.islice(read_paths([shared / "corpora" / "kcna-2016-2017.jsonl"]), 0, 15739, 25))
    problems = []
    frame = extract_frame(items, on_problem=problems.append)
    assert problems == []
    assert len(frame) > len(items) * 0.5
    assert frame.event_id.is_unique
    dated = frame[frame.date_precision == "day"]
    assert (dated.date_start <= dated.date_end).all()


def test_kcna_hwasong14_is_one_story(shared, tmp_path):
    """KCNA's week after the first Hwasong-14 launch (2017-07-04): dozens of articles tell of it (the
    launch, the order, the congratulations, the rallies); ingested one at a time into a store, they make one
    story dated July 4, whose detail lists its reports newest first."""
    from datetime import date

    from events.app import queries, views
    from events.app.filters import EventFilter
    from events.store.database import connect, ingest

    week = [a for a in read_paths([shared / "corpora" / "kcna-2016-2017.jsonl"])
            if isinstance(a, Article) and a.published and date(2017, 7, 4) <= a.published <= date(2017, 7, 11)]
    con = connect(tmp_path / "kcna.duckdb")
    ingest(con, week)
    con.close()
    tables = views.load(tmp_path / "kcna.duckdb")
    with tables.connection() as con:
        launches = queries.rows(con, "stories", EventFilter(event_types=("missile_test",), precisions=("day",)))
    on_the_day = launches[launches.date_start == "2017-07-04"]
    assert len(on_the_day) == 1, on_the_day[["weapon", "n_reports", "date_readings"]].to_string()
    story = on_the_day.iloc[0]
    assert story.weapon == "Hwasong-14" and story.n_reports >= 20
    assert not (launches.weapon == "Hwasong-14").sum() > 1  # no second Hwasong-14 story dated to a day
    with tables.connection() as con:
        reports = queries.reports_of(con, story.story_id)
    assert len(reports) == story.n_reports and reports.published.is_monotonic_decreasing
