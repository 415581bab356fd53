"""Tables derived from the data files and kept in a file beside them (events/base/derived.py): whatever the file
holds (nothing, another table, damage), the answers are the ones derived afresh, and a fresh derivation is kept."""

import _sre
import json
import re
import sys

import pytest

import events.coding.vocab as vocab_module
import events.timex.rules as rules_module
from events.base import derived
from events.base.derived import KeptPatterns, kept_pattern, key_of, read_table, write_table

# keys of RuleSet.at: a word (or digits) and the character after it
KEYS = ["May ", "May,", "the ", "last ", "2016,", "12 ", "Monday ", "Juche ", "three-", "mid-", "Pyongyang,", "x "]


def _answers(rs):
    return [None if (found := rs.at(k)) is None else [r.name for _, r in found] for k in KEYS]


@pytest.fixture(scope="module")
def fresh():
    """at()'s answers learnt by partial matching alone (no file read)."""
    rs = rules_module.ruleset()
    return _answers(rules_module.RuleSet(rules=rs.rules, trigger=rs.trigger, starters=rs.starters, lexicon=rs.lexicon))


def _start_file(tmp_path, content):
    path = tmp_path / "rule_starts.cache.json"
    rules = rules_module.ruleset().rules
    key = rules_module._start_table_key(rules)
    if content == "missing":
        return path
    if content == "not json":
        path.write_text("{", encoding="utf-8")
    elif content == "other rules":
        write_table(path, key_of("other"), {"first": {}, "keys": {"May ": [0]}})
    elif content == "an index past the rules":
        write_table(path, key, {"first": {}, "keys": {"May ": f"0.{len(rules)}", "the ": "x"}})
    elif content == "indices as lists":
        write_table(path, key, {"first": {}, "keys": {"May ": [0]}})
    elif content == "not indices":
        write_table(path, key, {"first": {"M": "abc"}, "keys": {}})
    elif content == "learnt by a run":
        rs = rules_module.RuleSet(rules=rules, trigger=None, starters=frozenset(), lexicon=None)
        _answers(rs)
        rules_module._write_start_table(rs, path, key)
    return path


# (what the file holds): at() answers as if learnt afresh
START_FILES = ["missing", "not json", "other rules", "an index past the rules", "indices as lists", "not indices", "learnt by a run"]


@pytest.mark.parametrize("content", START_FILES)
def test_rule_starts_are_the_same_whatever_the_file_holds(tmp_path, monkeypatch, fresh, content):
    monkeypatch.setattr(rules_module, "START_TABLE", _start_file(tmp_path, content))
    rs = rules_module.ruleset.__wrapped__()
    assert _answers(rs) == fresh
    if content == "learnt by a run":
        assert rs.learnt == 0  # every key was read from the file


def test_a_run_keeps_what_it_learnt(tmp_path):
    rules = rules_module.ruleset().rules
    rs = rules_module.RuleSet(rules=rules, trigger=None, starters=frozenset(), lexicon=None)
    _answers(rs)
    path = tmp_path / "starts.json"
    rules_module._write_start_table(rs, path, "k")
    assert set(read_table(path, "k")["keys"]) == set(KEYS)
    assert read_table(path, "another key") is None


def test_what_a_run_keeps_is_written_once_when_asked_or_at_the_exit(tmp_path, monkeypatch):
    # a program ending with os._exit (events/cli.py after an ingest) asks for the writes first: the interpreter's
    # exit, which skips them then, finds none left
    monkeypatch.setattr(derived, "_PENDING", [])
    written = []
    derived.at_exit(written.append, "starts")
    derived.at_exit(written.append, "patterns")
    assert written == []
    derived.write_pending()
    derived.write_pending()
    assert written == ["starts", "patterns"]


PHRASES = ["test[- ]?fir(?:ed|ing|e)", "launch(?:ed|es|ing)?", r"\d+ missiles?", "[\"“]?summit", "ICBM"]


# (what the file holds): each phrase's first characters as found by partial matching
FIRST_FILES = ["missing", "not json", "other phrases", "fewer phrases", "not letters", "kept by a run"]


@pytest.mark.parametrize("content", FIRST_FILES)
def test_first_characters_are_the_same_whatever_the_file_holds(tmp_path, monkeypatch, content):
    monkeypatch.setattr(vocab_module, "FIRST_CHARACTERS", tmp_path / "{name}.json")
    path = tmp_path / "t.json"
    key = key_of(vocab_module.regex.__version__, vocab_module.PROBES, *PHRASES)
    if content == "not json":
        path.write_text("[", encoding="utf-8")
    elif content == "other phrases":
        write_table(path, key_of("other"), {"firsts": ["a"] * len(PHRASES)})
    elif content == "fewer phrases":
        write_table(path, key, {"firsts": ["t"], "ascii": ["t"]})
    elif content == "not letters":
        write_table(path, key, {"firsts": ["!"] * len(PHRASES), "ascii": ["!"] * len(PHRASES)})
    elif content == "kept by a run":
        vocab_module._first_characters_of(PHRASES, "t")
    expected = ([vocab_module._first_characters(p) for p in PHRASES], [vocab_module._ascii_first_characters(p) for p in PHRASES])
    assert vocab_module._first_characters_of(PHRASES, "t") == expected
    assert expected[1][2] == frozenset("0123456789")  # "\\d" begins with an ASCII digit in an ASCII text
    assert json.loads(path.read_text(encoding="utf-8"))["key"] == key  # a fresh derivation is kept


# (what the file holds): each phrase's second characters after each first, as found by partial matching
SECOND_FILES = ["missing", "not json", "other phrases", "fewer phrases", "not characters", "kept by a run"]


@pytest.mark.parametrize("content", SECOND_FILES)
def test_second_characters_are_the_same_whatever_the_file_holds(tmp_path, monkeypatch, content):
    monkeypatch.setattr(vocab_module, "SECOND_CHARACTERS", tmp_path / "{name}.json")
    path = tmp_path / "t.json"
    firsts = [vocab_module._ascii_first_characters(p) or frozenset() for p in PHRASES]
    key = key_of(vocab_module.regex.__version__, vocab_module.SECOND_PROBES, *PHRASES, *("".join(sorted(f)) for f in firsts))
    if content == "not json":
        path.write_text("[", encoding="utf-8")
    elif content == "other phrases":
        write_table(path, key_of("other"), {"pairs": [{}] * len(PHRASES)})
    elif content == "fewer phrases":
        write_table(path, key, {"pairs": [{"t": ["e", False]}]})
    elif content == "not characters":
        write_table(path, key, {"pairs": [{c: ["\u00e9", False] for c in f} for f in firsts]})
    elif content == "kept by a run":
        vocab_module._second_characters_of(PHRASES, firsts, "t")
    expected = [vocab_module._second_characters(p, f) for p, f in zip(PHRASES, firsts)]
    assert vocab_module._second_characters_of(PHRASES, firsts, "t") == expected
    assert expected[0]["t"] == frozenset("e")  # "test-fired" goes on with an e only
    assert json.loads(path.read_text(encoding="utf-8"))["key"] == key  # a fresh derivation is kept


# a key narrowed by the next word (times.find_spans), learnt among the rules of the shorter key it begins with
NARROWED = [("the ", "the same day"), ("the ", "the 1990s,"), ("the ", "the government "), ("April ", "April 4,"),
            ("April ", "April to"), ("last ", "last week"), ("12 ", "12 May."), ("the ", "the")]


@pytest.mark.parametrize("shorter,key", NARROWED)
def test_a_narrowed_key_learnt_within_its_shorter_key_as_from_its_first_character(shorter, key):
    rs = rules_module.ruleset()
    within = rules_module.RuleSet(rules=rs.rules, trigger=rs.trigger, starters=rs.starters, lexicon=rs.lexicon)
    alone = rules_module.RuleSet(rules=rs.rules, trigger=rs.trigger, starters=rs.starters, lexicon=rs.lexicon)
    within.at(shorter)
    names = lambda found: None if found is None else [r.name for _, r in found]  # noqa: E731
    assert names(within.at(key, shorter)) == names(alone.at(key))


# (what the file holds): a pattern read back from its kept program is the pattern re.compile makes (the same program,
# flags and groups: Pattern equality compares them) and finds the same matches
PATTERN_FILES = ["missing", "not json", "another pattern", "a damaged program", "not a program", "kept by a run"]
KEPT_PATTERNS = [(r"(?<![\w-])(?=(?:(?=t)(?:test[- ]?fir(?:ed|ing|e))|(?P<w>launch(?:ed|es)?)))", re.IGNORECASE),
                 (r"[\x00-\x2c](?=(?:[a](?:[bc](?<=(?=(?:abc|acd)(?![\w-]))..))))", 0)]
PATTERN_TEXT = "They test-fired it, then LAUNCHED more: abc acd, abcd."


@pytest.mark.parametrize("content", PATTERN_FILES)
@pytest.mark.parametrize("pattern,flags", KEPT_PATTERNS)
def test_a_kept_pattern_is_the_compiled_pattern_whatever_the_file_holds(tmp_path, content, pattern, flags):
    path = tmp_path / "scan.json"
    key = key_of(sys.version, str(_sre.MAGIC), str(int(flags)), pattern)
    if content == "not json":
        path.write_text("{", encoding="utf-8")
    elif content == "another pattern":
        kept_pattern(path, "x+", 0)
    elif content == "a damaged program":
        kept_pattern(path, pattern, flags)
        table = read_table(path, key)
        write_table(path, key, dict(table, code=table["code"][: len(table["code"]) // 2]))
    elif content == "not a program":
        write_table(path, key, {"code": "abc"})
    elif content == "kept by a run":
        kept_pattern(path, pattern, flags)
    expected = re.compile(pattern, flags)
    got = kept_pattern(path, pattern, flags)
    assert got == expected and got.groupindex == expected.groupindex and got.groups == expected.groups
    assert [m.span() for m in got.finditer(PATTERN_TEXT)] == [m.span() for m in expected.finditer(PATTERN_TEXT)]
    assert read_table(path, key) is not None  # a fresh compile is kept


@pytest.mark.parametrize("content", ["missing", "not json", "a damaged program", "kept by a run", "full"])
def test_kept_patterns_are_the_compiled_patterns_whatever_the_file_holds(tmp_path, content):
    path = tmp_path / "patterns.json"
    patterns = [(p, f) for p, f in KEPT_PATTERNS] + [(r"\d+|(?<!\w)(?:(?-i:May|March)s?|day|week)(?!\w)", re.IGNORECASE)]
    if content == "not json":
        path.write_text("[", encoding="utf-8")
    elif content in ("a damaged program", "kept by a run", "full"):
        run = KeptPatterns(path, most=1 if content == "full" else 500)
        for p, f in patterns:
            run.compile(p, f)
        run.write()
        if content == "a damaged program":
            file_key = json.loads(path.read_text(encoding="utf-8"))["key"]
            table = read_table(path, file_key)
            write_table(path, file_key, {k: dict(v, code=v["code"][:5]) for k, v in table.items()})
    store = KeptPatterns(path)
    for p, f in patterns:
        expected = re.compile(p, f)
        got = store.compile(p, f)
        assert got == expected and got.groupindex == expected.groupindex
        assert [m.span() for m in got.finditer(PATTERN_TEXT)] == [m.span() for m in expected.finditer(PATTERN_TEXT)]
    store.write()
    assert len(read_table(path, json.loads(path.read_text(encoding="utf-8"))["key"])) == len(patterns)  # what this run used is kept
    with pytest.raises(re.error):
        store.compile(r"(?<=a+)b")  # a pattern the engine refuses is refused as re.compile refuses it
