"""The vocabulary and rule files: each is validated on load, and every rule's examples are found by it."""

import copy
import re

import pytest

from events.base.datafiles import LexiconError, read_data
from events.timex.lexicon import lexicon, parse_lexicon
from events.timex.rules import _compile, _plain_match, parse_rules, plain_text, ruleset
from events.timex.times import find_spans

RULES = ruleset().rules


@pytest.mark.parametrize("rule", RULES, ids=[r.name for r in RULES])
def test_rule_examples_are_found_by_the_rule(rule):
    assert rule.examples, f"rule {rule.name} has no examples"
    for example in rule.examples:
        assert rule.regex.search(example), f"{rule.name}: its pattern does not match {example!r}"
        spans = find_spans(example)
        assert any(s.rule == rule.name for s in spans), f"{rule.name}: the finder gives {[(s.text, s.rule) for s in spans]} for {example!r}"


# A plain_text (each character read alike by both engines) is matched by each rule in the standard library's engine
# where it takes the rule (rules._plain_match): on such text it must match as the regex module does, at every start.
# Each rule's own examples, alone and inside a sentence (a word before, a comma or a digit after, curly quotes,
# dashes, a no-break space, letters outside ASCII); the rows below add what tells the engines apart.
PLAIN_WRAPS = ["{}", "On {}, the 5th test", "x{}9 and {}s", "'{}' (the {}).", "{}\t{}\n{}", "\u201c{}\u201d\u00a0\u2014 {}\u2019s",
               "\u00e9{}\u00e9 \u2013{}\u2013", "{}\u00a0{}", "\u017f{} K{}\u212a"]


@pytest.mark.parametrize("rule", RULES, ids=[r.name for r in RULES])
def test_a_rule_matches_alike_in_both_engines_on_plain_text(rule):
    plain, own = _plain_match(rule.pattern), _compile(rule.pattern).match
    for example in rule.examples:
        for wrap in PLAIN_WRAPS:
            text = wrap.format(*[example] * wrap.count("{}"))
            if not plain_text(text):
                continue
            for at in range(len(text) + 1):
                a, b = plain(text, at), own(text, at)
                assert (a and (a.span(), a.groupdict())) == (b and (b.span(), b.groupdict())), f"{rule.name} at {at} of {text!r}"


@pytest.mark.parametrize(
    "text, plain",
    [
        ("On March 5, 2016 the test", True),
        ("", True),
        ("On March\x1c5 the test", False),  # \s of the standard library only: left to the regex module
        ("On March 5 the \u00e9lite unit, \u201cit\u2019s\u201d\u00a0\u2013 6", True),
        ("On March 5\u00b2", False),  # a superscript digit: \w to the standard library only
        ("On March 5 the e\u0301lite", False),  # a combining mark: \w to the regex module only
        ("On March\u00a05 \u0661", True),
    ],
)
def test_plain_text_is_ascii_without_the_separators_only_one_engine_takes_for_space(text, plain):
    assert plain_text(text) is plain


def test_rule_names_are_unique():
    names = [r.name for r in RULES]
    assert len(names) == len(set(names))


def test_lexicon_loads_and_covers_the_calendar():
    lex = lexicon()
    assert sorted(set(lex.months.values())) == list(range(1, 13))
    assert sorted(set(lex.weekdays.values())) == list(range(1, 8))
    assert lex.number("twenty-four") == 24
    assert lex.number("twenty four") == 24
    assert lex.number("1,000") == 1000
    assert lex.number("several") is None


@pytest.mark.parametrize(
    "mutate,message",
    [
        (lambda d: d.pop("months"), "missing section 'months'"),
        (lambda d: d["months"].pop(12), "all twelve months"),
        (lambda d: d["seasons"].pop("WI"), "seasons must be"),
        (lambda d: d["references"].update({"SOON_REF": ["soon"]}), "unknown code"),
        (lambda d: d["part_modifiers"].update({"odd": {"mod": "START", "from": 0.5, "to": 0.2}}), "bad entry"),
        (lambda d: d["holidays"].update({"Odd Day": {"month": 13, "day": 1}}), "bad month"),
        (lambda d: d.update({"ambiguous_months": ["Maybe"]}), "ambiguous_months"),
        (lambda d: d["named_days"].update({"June 16": d["named_days"]["June 15"]}), "is another day"),
        (lambda d: d["named_days"].update({"Junetember 1": {"date": "x", "heads": ["x"]}}), "write the day as"),
        (lambda d: d["named_days"]["June 15"].pop("heads"), "needs a date"),
        (lambda d: d["approximator_mods"].update({"about": "ROUGHLY"}), "not TimeML mods"),
        (lambda d: d["named_events"].update({"Doomsday": "soon"}), "needs a date"),
        (lambda d: d["fractions"].update({"a whole": 1.0}), "share between 0 and 1"),
        (lambda d: d.update({"outside_approximators": ["circa"]}), "outside_approximators"),
        (lambda d: d["time_zones"].pop("utc"), "time_zones"),
    ],
)
def test_a_broken_lexicon_is_refused_with_its_reason(mutate, message):
    data = copy.deepcopy(read_data("events.timex", "time_lexicon.yaml"))
    mutate(data)
    with pytest.raises(LexiconError, match=message):
        parse_lexicon(data)


@pytest.mark.parametrize(
    "rule,message",
    [
        ({"name": "x", "type": "DATE", "pattern": "{nonesuch}", "resolve": "date", "examples": ["x"]}, "unknown macro"),
        ({"name": "x", "type": "DAY", "pattern": "x", "resolve": "date", "examples": ["x"]}, "type must be"),
        ({"name": "x", "type": "DATE", "pattern": "x", "resolve": "guess", "examples": ["x"]}, "unknown resolver"),
        ({"name": "x", "type": "DATE", "pattern": "(", "resolve": "date", "examples": ["x"]}, "bad pattern"),
        ({"name": "x", "type": "DATE", "pattern": "x", "resolve": "date"}, "missing 'examples'"),
    ],
)
def test_a_broken_rule_is_refused_with_its_reason(rule, message):
    with pytest.raises(LexiconError, match=message):
        parse_rules({"rules": [rule]}, lexicon())


def test_no_long_word_lists_in_python():
    """Knowledge is data: month names live in time_lexicon.yaml, not in the engine's modules."""
    from pathlib import Path

    import events

    months = ["January", "February", "April", "June", "July", "August", "September", "October", "November", "December"]
    for path in Path(events.__file__).parent.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        named = [m for m in months if f'"{m}"' in text or f"'{m}'" in text]  # as string literals
        assert len(named) < 3, f"{path.name} spells out month names {named}: they belong in a data file"


# The finder's trigger scan (rules.TriggerScan) finds what its pattern's own finditer finds. Each row a text; the
# odd ones are the point: a trigger at the very start, names in lower and upper case ("may" the verb is no month),
# digits inside a word, plurals, hyphens and apostrophes before a word, text outside ASCII (scanned as it is).
TRIGGER_SCAN_ROWS = [
    "March 25, 2016: the test was on Monday.",
    "may be tested in May; MAY 9 and march on; Mays and Mondays",
    "Hwasong12 and KN-23 at 9:30 a.m.; the 1990s, '90s and mid-2022",
    "2016",
    "x",
    "",
    "Yesterday the sun rose; Day of the Sun (April 15) - the past week's -decades ago",
    "_March_ and (March) and \"Friday\" and -Friday and o'clock today\ttomorrow\nnow",
    "On \u201cMarch 5\u201d the \u00e9lite met for three weeks; \u0663 days",
    "the DAY before YESTERDAY, Thursdays, SEPT. 3 and Sept 3",
]


@pytest.mark.parametrize("text", TRIGGER_SCAN_ROWS)
def test_trigger_scan_finds_what_its_pattern_finds(text):
    scan = ruleset().trigger
    assert [m.span() for m in scan.finditer(text)] == [m.span() for m in scan.pattern.finditer(text)]


# Where the finder tries its rules (rules.StartScan): in an ASCII text its one pattern finds the word starts that
# the word-by-word check keeps. Each row a text; the odd ones are the point: a starter at the very start, starters
# in any case and inside longer words ("theatre", "Mayor"), digits, apostrophes, a dollar before a number, a starter
# with other characters (9/11), underscores, a window's edges inside a word, a starter that begins a longer word at
# a window's last start (the scan reads only so far past it).
START_SCAN_ROWS = [
    "At 5 p.m. the 1990s and the '90s; THE day, The Day",
    "an APRIL day, april 5; the theatre and the Mayor; Sept. 3 and sept 3",
    "mid-2022 and 9/11 and Valentine's Day, $5 a year",
    "_may_ x5 o'clock and a_b Monday",
    "the afternoons, an afternoon; Christmastide",
    "Monday",
    "",
]


@pytest.mark.parametrize("text", START_SCAN_ROWS)
@pytest.mark.parametrize("window", [None, (2, 9), (1, 30), (4, 4), (16, 20)])
def test_start_scan_finds_the_starts_the_word_check_keeps(text, window):
    scan = ruleset().start_scan
    lo, last = window or (0, max(len(text) - 1, 0))
    assert list(scan.scanned(text, lo, last)) == list(scan.checked(text, lo, last))


# The tense cues of a sentence (tense._cue_matches) are what the cue pattern's own finditer finds: a cue at the
# text's start, capitalised weak pasts (no cue), "is calling", cues after apostrophes and hyphens, text outside ASCII.
CUE_ROWS = [
    "Tested on Monday, it was tested and will be tested; we'll see",
    "is calling, IS CALLING, are Testing and am going; re-tested x-ed",
    "",
    "launched",
    "The \u00e9lite unit fired and launched; it has launched",
]


@pytest.mark.parametrize("text", CUE_ROWS)
@pytest.mark.parametrize("sentence", [None, (4, 30)])
def test_tense_cues_as_the_cue_pattern_finds_them(text, sentence):
    from events.timex.tense import _cue_matches, _cue_pattern

    lo, hi = sentence or (0, len(text))
    assert [m.span() for m in _cue_matches(text, lo, hi)] == [m.span() for m in _cue_pattern().finditer(text, lo, hi)]


# A sentence's clause marks (tense._sentence_marks: its marks and its openers found apart) are what one alternation
# of both finds: an opener at the text's start, in capitals, after a quote, an apostrophe or a hyphen, inside a
# longer word, beside marks; ``, '' and curly quotes; text outside ASCII.
CLAUSE_ROWS = [
    "That day, he said that it launched; adding: (noting) \"warning\" 'that' ``saying'' Thatcher re-that that's",
    "SAYING THAT, Noting, warning-that and x'that, but thatthat",
    "",
    "that",
    "The \u00e9lite unit said that it fired, noting \u201cthat\u201d and \u2018warning\u2019 that",
]


@pytest.mark.parametrize("text", CLAUSE_ROWS)
@pytest.mark.parametrize("sentence", [None, (5, 40)])
def test_clause_marks_as_one_alternation_finds_them(text, sentence):
    from events.base.datafiles import alternation
    from events.timex.lexicon import lexicon
    from events.timex.tense import _sentence_marks

    lo, hi = sentence or (0, len(text))
    one = re.compile(rf"[,;:()]|``|''|[\"“”]|(?<![\w'’])(?:{alternation(lexicon().clause_openers)})(?![\w'’])", re.IGNORECASE)
    starts, ends, _, _ = _sentence_marks(text, lo, hi)
    assert list(zip(starts, ends)) == [m.span() for m in one.finditer(text, lo, hi)]
