"""The event vocabularies: every row defined and validated; the aliases and systems the issue names."""

import csv
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from events.base.sentences import split
from events.coding.extraction import all_triggers, find_actors, find_places, find_weapons
from events.coding.vocab import vocabulary

V = vocabulary()
ROOT = Path(__file__).resolve().parents[1]
ALL_TYPES = {
    "missile_test", "satellite_launch", "nuclear_test", "weapons_test", "military_exercise", "military_deployment",
    "summit_meeting", "statement", "sanctions", "negotiations", "policy_law", "nuclear_facility", "attack", "threat",
    "arms_transfer", "election", "humanitarian",
}


def test_event_types_are_the_controlled_vocabulary():
    assert {t.name for t in V.event_types} == ALL_TYPES
    for t in V.event_types:
        assert t.definition.strip()


def test_weapons_tests_exhibit_force_not_use_it():
    for name in ("missile_test", "weapons_test", "nuclear_test", "satellite_launch"):
        t = V.event_type(name)
        assert (t.plover, t.cameo[:2]) == ("MOBILIZE", "15"), name
    assert V.event_type("attack").cameo == "190"


@pytest.mark.parametrize(
    "text,code",
    [
        ("Pyongyang fired", "PRK"), ("the DPRK said", "PRK"), ("North Korea's leader", "PRK"), ("N. Korea said", "PRK"),
        ("the North fired", "PRK"), ("Kim Jong Un said", "PRK-KJU"), ("Marshal Kim Jong Un said", "PRK-KJU"),
        ("Washington has deployed", "USA"), ("the US said", "USA"), ("U.S. forces", "USA"), ("Seoul said", "KOR"),
        ("Tokyo said", "JPN"), ("Moscow said", "RUS"), ("the Kremlin said", "RUS"), ("Beijing said", "CHN"),
        ("the IAEA said", "IAEA"), ("the UN Security Council met", "UNSC"), ("Vladimir Putin met", "RUS-VVP"),
    ],
)
def test_actor_aliases(text, code):
    assert code in [f.what.code for f in find_actors(text, V)]


def test_longest_alias_wins():
    (found,) = find_actors("Marshal Kim Jong Un said", V)
    assert found.text == "Marshal Kim Jong Un"


def test_a_capital_after_a_place_preposition_is_a_place():
    text = "A submarine arrived in Busan and drills were held in Seoul."
    assert [f.what.code for f in find_actors(text, V)] == []
    assert [f.what.name for f in find_places(text, V)] == ["Busan", "Seoul"]


@pytest.mark.parametrize(
    "text,weapon,cls",
    [
        ("the Hwasong-12 flew", "Hwasong-12", "IRBM"), ("ICBM Hwasong-14", "Hwasong-14", "ICBM"), ("Hwasong-15", "Hwasong-15", "ICBM"),
        ("the Hwasong-17", "Hwasong-17", "ICBM"), ("the solid-fuelled Hwasong-18", "Hwasong-18", "ICBM"),
        ("Pukguksong-1", "Pukguksong-1", "SLBM"), ("Pukguksong-3", "Pukguksong-3", "SLBM"), ("Pukguksong-2", "Pukguksong-2", "MRBM"),
        ("a KN-23", "KN-23", "SRBM"), ("a Musudan", "Musudan", "IRBM"), ("a Nodong", "Nodong", "MRBM"), ("Scud missiles", "Scud", "SRBM"),
        ("Unha-3", "Unha-3", "SLV"), ("Chollima-1", "Chollima-1", "SLV"), ("Malligyong-1", "Malligyong-1", "satellite"),
        ("an intercontinental ballistic missile", "intercontinental ballistic missile", "ICBM"), ("a cruise missile", "cruise missile", "cruise missile"),
        ("a hypersonic missile", "hypersonic missile", "hypersonic missile"), ("a nuclear-powered submarine", "nuclear-powered submarine", "submarine"),
        ("long-range bombers", "long-range bombers", "bomber"), ("a spy satellite", "spy satellite", "satellite"), ("a hydrogen bomb", "hydrogen bomb", "nuclear device"),
        ("the new Hwasong-19 ICBM", "Hwasong-19", "ICBM"), ("the Hwasong-21", "Hwasong-21", "unknown"),
    ],
)
def test_weapons(text, weapon, cls):
    found = [f.what for f in find_weapons(text, V) if f.what[0] == weapon]
    assert found, [f.what for f in find_weapons(text, V)]
    assert found[0][1] == cls


def test_every_weapon_class_is_defined():
    for name, cls in V.weapon_classes.items():
        assert cls.definition and cls.groups, name


@pytest.mark.parametrize(
    "text,count",
    [
        ("The U.S. Army said on Dec. 22 that Gen. Pak left. He said so.", 2),
        ('"We will fight," he said. Unit No. 2 was there.', 2),
        ("Kim Jong Un inspecting a Hwasong-18 ICBM\nKim oversaw the test.", 2),
        ("It failed! Really? Yes.", 3),
        ("J. Smith met Mr. Kim at 5 p.m. Monday.", 1),
        ('He said "go." Then he left. "Why?" (He asked.) [Yes.] No!', 6),
        ("Wait... Next one?! Yes.\nTitle line\n\nBody.", 5),
    ],
)
def test_sentence_splitting(text, count):
    assert len(split(text)) == count, [s.text for s in split(text)]


def _each_type_scanned(text: str) -> dict[str, list[tuple[int, int, str]]]:
    return {t.name: [(m.start(), m.end(), m.group(0)) for m in t.triggers.finditer(text) if not V.thing_head.match(text, m.end())] for t in V.event_types}


def _as_spans(found: dict) -> dict[str, list[tuple[int, int, str]]]:
    return {name: [(f.start, f.end, f.text) for f in fs] for name, fs in found.items()}


def _corpus_sentences() -> str:
    with open(ROOT / "tests" / "corpus" / "events.csv", encoding="utf-8") as rows:
        return "\n".join(row["text"] for row in csv.DictReader(rows))


@pytest.mark.parametrize("text", [(ROOT / "seeds" / "kim-calls-on-military-to-accelerate-war-preparations.txt").read_text(encoding="utf-8"), _corpus_sentences()], ids=["seed", "corpus"])
def test_all_triggers_finds_what_each_type_finds(text):
    """all_triggers tries the types only where one begins: the same triggers as one scan per type."""
    assert _as_spans(all_triggers(text, V)) == _each_type_scanned(text)


@given(st.lists(st.sampled_from(["test-fired", "launched", "a", "nuclear test", "drills", "talks", "the", "-", "missile", "met with", "sanctions", ",", "launch drills", "test", "sites", "pad"]), max_size=30))
def test_all_triggers_on_word_salad(words):
    text = " ".join(words)
    assert _as_spans(all_triggers(text, V)) == _each_type_scanned(text)


def test_a_leader_named_by_role_meets_a_summits_need_only_beside_a_state():
    from datetime import date

    from events import Article, extract

    def summits(text):
        return [e for e in extract(Article(id="x", title="", text=text, published=date(2023, 4, 27))) if e.event_type == "summit_meeting"]

    assert summits("The presidents of South Korea and the United States met at the White House on Tuesday.")
    assert not summits("The club's president met supporters on Sunday after the final.")  # no state: no summit
