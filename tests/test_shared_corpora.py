"""Extraction over the shared real corpora (skipped with a reason where ../shared is absent)."""

import itertools

from events.articles import Article, read_paths
from events.extract import extract_frame

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
