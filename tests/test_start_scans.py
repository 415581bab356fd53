"""The fast scans of events/coding/vocab.py (PhraseStarts: phrases grouped by first character, an ASCII text
scanned lower-cased) find exactly what the plain case-insensitive alternation of every phrase finds: the trigger
starts, the event types tried there, and the weapon matches; and the actors and places found through their
start scans (an ASCII text) are those their own patterns find. Each row a text; the odd ones (upper case, letters
outside ASCII whose case folds to ASCII, quotes, digits) are the point."""

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from events.coding.extraction import (RELATIVE_LEAD, RELATIVE_LEAD_REACH, WORD, _first_words, _has_words, _hedges_in, _identity_hedges, _last_words,
                                      _name_matches, _names_of, _scope_end, _weapon_matches, all_triggers)
import events.coding.vocab as vocab_module
from events.coding.vocab import WORD_START, vocabulary

ROWS = [
    "North Korea test-fired a Hwasong-18 ICBM on Monday.",
    "NORTH KOREA TEST-FIRED A HWASONG-18 ICBM ON MONDAY AND LAUNCHED A SATELLITE.",
    "The 6th nuclear test came after the underground nuclear test of 2016 and an H-bomb test.",
    "It launched \u201cKwangmyongsong-4\u201d into orbit; the lift-off was at 9 a.m.",
    "The te\u017ft (long s) and the \u212aN-08 (Kelvin sign) fold to ASCII letters under IGNORECASE.",
    "\u0130stanbul talks: the summit\u2019s leaders met; sanctions were imposed on \u00e9lite units.",
    "Troops held drills, fired 240 mm rocket shells and multiple rocket launchers, then a Scud-B and KN-23.",
    "\u0663 missiles were fired from the USS Carl Vinson; B-52H strategic bombers flew over.",
    "launch-pad, relaunched, prelaunch and the launchings are no triggers of their own",
    "",
    # the lower-cased scan of an ASCII text: a start at the text's first and last characters, after a hyphen or
    # a digit, phrases written with upper case (ICBM, MLRS) or beginning with a digit
    "ICBM",
    "Fired an icbm, an Icbm and MLRS; anti-ICBM and 3ICBM are no starts; a 240mm and 122 mm rocket shells test",
    "Summit-talks_test launch.Launch\nLAUNCH\ttest x-test 2nd nuclear test, 12th Nuclear Test and the Sixth",
    # the scan narrows a start by the character after its first (a control character, a carriage return, the
    # text's end right after it): the same starts
    "fired\r\nlaunched\x0btest\x00launch\x7ftested\x0cthe talks t",
    "a 6",
    "6",
]


def plain_starts(text: str) -> list[int]:
    vocab = vocabulary()
    bodies = [t.triggers.pattern[len(WORD_START) :] for t in vocab.event_types]
    plain = re.compile(WORD_START + "(?=" + "|".join(f"(?:{b})" for b in bodies) + ")", re.IGNORECASE)
    return [m.start() for m in plain.finditer(text)]


@pytest.mark.parametrize("text", ROWS)
def test_trigger_starts_as_the_plain_alternation(text):
    scan = vocabulary().trigger_starts
    assert list(scan.starts(text)) == plain_starts(text)


@pytest.mark.parametrize("text", ROWS)
def test_types_tried_at_a_start_hold_every_type_that_matches_there(text):
    vocab = vocabulary()
    for at in plain_starts(text):
        matching = {i for i, t in enumerate(vocab.event_types) if t.triggers.match(text, at)}
        assert matching <= set(vocab.trigger_starts.groups_at(text, at)), (text, at)


@pytest.mark.parametrize("text", ROWS)
def test_all_triggers_as_each_type_tried_everywhere(text):
    vocab = vocabulary()
    found = all_triggers(text, vocab)
    for at in plain_starts(text):  # every type's trigger at every start, as all_triggers did before its scan
        for t in vocab.event_types:
            m = t.triggers.match(text, at)
            if m and not vocab.thing_head.match(text, m.end()) and not any(f.start < at < f.end for f in found[t.name]):
                assert (m.start(), m.end()) in {(f.start, f.end) for f in found[t.name]}, (text, t.name, m.group(0))


@pytest.mark.parametrize("text", ROWS)
@pytest.mark.parametrize("window", [None, (4, 40)])
def test_weapon_matches_as_finditer(text, window):
    matcher = vocabulary().weapons
    lo, hi = window or (0, len(text))
    expected = [(m.start(), m.end(), m.lastgroup) for m in matcher.pattern.finditer(text, lo, hi)]
    assert [(m.start(), m.end(), m.lastgroup) for m in _weapon_matches(text, matcher, lo, hi)] == expected


NAME_ROWS = ROWS + [
    "Seoul said the United States and South Korea held drills near Pyongyang; Kim Jong Un watched.",
    "The U.S. and the Republic of Korea's forces met in Busan and Seoul's officials in Panmunjom.",
    "North-Korean, Anti-Seoul and pro-Kim words are no names; KimJong neither.",
    # an ASCII separator the standard library's \\s takes for white space and the regex module's does not
    "North\x1cKorea and South\x1fKorea met in Panmunjom; the United\x1dStates's envoy in Seoul.",
]


@pytest.mark.parametrize("text", NAME_ROWS)
@pytest.mark.parametrize("kind", ["actor", "place"])
def test_name_matches_as_finditer(text, kind):
    vocab = vocabulary()
    pattern, starts = (vocab.actor_pattern, vocab.actor_starts) if kind == "actor" else (vocab.place_pattern, vocab.place_starts)
    assert list(_name_matches(text, pattern, starts)) == [(m.start(), m.end(), m.group(0)) for m in pattern.finditer(text)]
    if text.isascii():  # the scan itself finds every start of a name the pattern finds
        assert {m.start() for m in pattern.finditer(text)} <= {m.start() for m in starts.finditer(text)}


# fragments of triggers and weapons, in any case, with the boundaries that decide a start
FRAGMENTS = ["test-fired", "Launched", "ICBM", "icbm", "nuclear test", "6th", "240", "mm", "rocket shells", "-", "_",
             "summit", "Hwasong-15", "KN-23", "MLRS", "drills", "the", "a", ",", ".", "\n", "sanctions", "x", "3", "t", "\r", "\x0b"]


@given(st.lists(st.sampled_from(FRAGMENTS), max_size=25), st.sampled_from([" ", "", "-"]))
def test_scans_of_any_ascii_text_as_the_plain_patterns(words, joint):
    text = joint.join(words)
    assert list(vocabulary().trigger_starts.starts(text)) == plain_starts(text)
    matcher = vocabulary().weapons
    expected = [(m.start(), m.end(), m.lastgroup) for m in matcher.pattern.finditer(text)]
    assert [(m.start(), m.end(), m.lastgroup) for m in _weapon_matches(text, matcher, 0, len(text))] == expected


# phrases of a scan's own (a one-character phrase, one with a digit class, one with upper case), on texts where the
# start is narrowed by its second character or stands at the text's end
OWN_PHRASES = [["x", "xy-?z"], [r"\d+ ?km", "MLRS"], ["the end"]]
OWN_ROWS = ["x", "a x", "xy z x", "xyz, xy-z. x\n", "12km and 3 km, x-x", "mlrs MLRS", "the end", "then the end x"]


@pytest.mark.parametrize("text", OWN_ROWS)
def test_a_scan_of_any_phrases_as_the_plain_alternation(text, tmp_path, monkeypatch):
    monkeypatch.setattr(vocab_module, "FIRST_CHARACTERS", tmp_path / "{name}_starts.json")
    monkeypatch.setattr(vocab_module, "SECOND_CHARACTERS", tmp_path / "{name}_pairs.json")
    scan = vocab_module._phrase_starts(OWN_PHRASES, r"[\w-]", r"(?![\w-])", "own")
    plain = re.compile(WORD_START + "(?=(?:" + "|".join(f"(?:{p})" for ps in OWN_PHRASES for p in ps) + r")(?![\w-]))", re.IGNORECASE)
    assert scan.lowered_pattern is not None
    assert list(scan.starts(text)) == [m.start() for m in plain.finditer(text)]


# windows around a trigger: every start where a status cue (any of the four) matches is a start of the one scan
STATUS_WINDOWS = [
    "North Korea did not launch a missile on Monday",
    "It WILL NOT Test; the launch was Called Off and is to be held as planned",
    "the test that may be nuclear-capable failed, if it could; its May test",
    "the launch, which was postponed, never happened: a moratorium on tests",
    "Seoul said Pyongyang had conducted a test as scheduled",
    "",
    # a cue that may begin with any word character, at the window's start and after a word
    "They'll launch it; Seoul said it'll not, and we'll see",
]


@pytest.mark.parametrize("window", STATUS_WINDOWS)
def test_one_scan_finds_every_status_cue_start(window):
    vocab = vocabulary()
    starts = {m.start() for _, cue in vocab.status_cues for m in cue.finditer(window)}
    assert starts == set(vocab.any_status_cue.starts(window))


# windows where hedges on what was fired stand: the scan's matches are the pattern's own
HEDGE_WINDOWS = [
    "fired what could have been a ballistic missile, possibly a KN-23",
    "Possible launch; a likely-looking test, apparently not suspected",
    "may be, Might Have Been, could be-ish, presumed",
    "",
]


@pytest.mark.parametrize("window", HEDGE_WINDOWS)
def test_hedges_as_the_plain_pattern(window):
    pattern, _ = _identity_hedges()
    assert [m.span() for m in _hedges_in(window)] == [m.span() for m in pattern.finditer(window)]


# the text before a trigger, where its status is read: where the scope ends (the last comma, semicolon or clause word,
# as the greedy pattern it replaced finds it), whether a relative pronoun closes it, and its last or first words
STATUS_HEADS = [
    "North Korea said on Monday that it would",
    "Thereafter the army, AFTER the drills, WHILE",
    "since the talks; meanwhile whenever the",
    "the test, conducted after, ",
    "followings and untilled fields before_ the who\n",
    "it said that \n",
    "the unit which",
    "a nonwhich",
    "the \u017fince talks (long s), \u212aorea which",  # letters outside ASCII that fold to ASCII ones
    "\u201cthe summit\u2019s leaders\u201d met during",
    "a-which b'that",
    "",
    ",",
    "after",
]
OLD_SCOPE = re.compile(r".*(?:,|;|\b(?:after|before|amid|following|since|until|during|when|while)\b)", re.I | re.S)


@pytest.mark.parametrize("head", STATUS_HEADS)
def test_status_scope_and_words_as_the_plain_patterns(head):
    m = OLD_SCOPE.match(head)
    assert _scope_end(head) == (m.end() if m else None)
    assert bool(RELATIVE_LEAD.search(head, max(0, len(head.rstrip()) - RELATIVE_LEAD_REACH))) == bool(RELATIVE_LEAD.search(head))
    for n in (1, 2, 8):
        assert _last_words(head, n) == WORD.findall(head)[-n:]
        for at in range(len(head) + 1):
            assert _first_words(head, at, n) == WORD.findall(head[at:])[:n]


# the clause breaks, written so that the engine skips to their first characters: the matches of the patterns they
# replace (a look-behind or a \s+ first), on the sentences below from every start
CLAUSE_BREAK_ROWS = [
    "At 12:30, and then at 14:05: the launch; the test.",
    ":a 1:a a:1 ; x",
    "It fired ,  And  the second , but\tthe third, whereas none, WHILE one",
    "The satellite went up yesterday  and an underground test followed and the end",
    "sanctions since it first tested, after\u00a0and the\u2009since talks",
    "",
]
OLD_BREAKS = {
    "CLAUSE_BREAK": re.compile(r";|(?<!\d):(?!\d)|,\s+(?:and|but|while|whereas)\s", re.I),
    "SUBCLAUSE_BREAK": re.compile(r";|(?<!\d):(?!\d)|,\s+(?:and|but|while|whereas)\s|\s(?:since|after|when|because|although|though|before|until)\s", re.I),
    "TIME_CLAUSE_BREAK": re.compile(r";|(?<!\d):(?!\d)|,\s+(?:and|but|while|whereas)\s|\s+and\s+(?=(?:an?|the)\s)"),
}


@pytest.mark.parametrize("text", CLAUSE_BREAK_ROWS)
def test_clause_breaks_as_the_plain_patterns(text):
    import events.coding.extraction as extraction

    for name, old in OLD_BREAKS.items():
        new = getattr(extraction, name)
        for lo in range(len(text) + 1):
            assert [m.span() for m in new.finditer(text, lo)] == [m.span() for m in old.finditer(text, lo)], (name, lo)


# "days after" with no number (event_cues.yaml shifted_events.vague): the units found where the stretch may hold one
# are those the pattern's own scan finds, in any case, inside or beside other words
VAGUE_UNIT_ROWS = [
    "It came DAYS after the test and Weeks before the talks, hours\tafter",
    "holidays after the weekdays, days-long, 5days after",
    "",
    "days",
    "the test came da\u0443s after",  # a Cyrillic letter: no ASCII text, scanned as before
]


@pytest.mark.parametrize("text", VAGUE_UNIT_ROWS)
def test_vague_units_as_the_pattern(text):
    from events.coding.extraction import _vague_shifts, _vague_units

    for lo in range(len(text) + 1):
        for hi in (lo, (lo + len(text)) // 2, len(text)):
            assert [m.span() for m in _vague_units(text, lo, hi)] == [m.span() for m in _vague_shifts()[0].finditer(text, lo, hi)]


# (text, least): _has_words, one match in an ASCII text, counts the WORDs that are no numbers as they come
WORD_COUNTS = [
    ("Kim Jong Un guided the test on Monday.", 6), ("Kim Jong Un guided the test.", 6), ("", 1), ("", 0), ("a", 0),
    ("2017-09-12 08:59:29 source: KCNA", 3), ("2017-09-12 08:59:29 source: KCNA", 2), ("12 34 56 78 90 12 fired", 1),
    ("12 34 56 78 90 12 fired", 2), ("12a 3b 4_ _ ' - x", 7), ("12a 3b 4_ _ ' - x", 8), ("By IANS Updated: Jan 24", 6),
    ("1,200 km, 3.5 tons and 2,000 troops were said", 6), ("   \n\t6 7 8 nine ten", 2), ("-- 1 -- 2 -- three", 2),
    ("the 1990s and the '90s and 12th", 7), ("x" * 3000 + " 1" * 2000, 2),
    # outside ASCII (a superscript two is a digit to isdigit(), not to \d): word by word
    ("x\u00b2 \u00b2 \u0663 y z", 3), ("x\u00b2 \u00b2 \u0663 y z", 4), ("\u2019s test\u2019s", 2),
]


@pytest.mark.parametrize("text,least", WORD_COUNTS)
def test_has_words_counts_as_the_words_come(text, least):
    words = [w.group(0) for w in WORD.finditer(text) if not w.group(0).isdigit()]
    assert _has_words(text, least) == (len(words) >= least)


# names of actors and places side by side, overlapping, one inside another, possessives, at the text's edges
NAME_ROWS = ROWS + [
    "Seoul said Seoul's Yongsan Garrison and the Sea of Japan; Pyongyang, Sohae and Tongchang-ri.",
    "Kim Jong Un visited Pyongyang. Moon Jae-in met Kim in Panmunjom, the DMZ, Kaesong and Busan",
    "the United States and The United States Forces Korea; Washington's Guam and Hawaii",
]


@pytest.mark.parametrize("text", NAME_ROWS)
def test_actors_and_places_found_by_one_scan_as_by_their_own(text):
    vocab = vocabulary()
    for kind, pattern, starts in (("actor", vocab.actor_pattern, vocab.actor_starts), ("place", vocab.place_pattern, vocab.place_starts)):
        assert list(_names_of(text, vocab, kind)) == [(m.start(), m.end(), m.group(0)) for m in pattern.finditer(text)], kind
