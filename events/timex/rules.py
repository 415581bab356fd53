"""Time-expression rules from ``data/time_rules.yaml``: macro expansion, validation, compilation.

Each rule is a pattern and the name of the resolver that gives its value. The finder makes a single pass
over the text, trying at each possible start the rules that can begin there (``RuleSet.at``), in file order
(order in the file = priority)."""

from __future__ import annotations

import itertools
import re
import sys
import warnings
from dataclasses import dataclass, field
from functools import cache, cached_property, lru_cache
from pathlib import Path
from typing import Iterator

import regex

from events.base.datafiles import LexiconError, alternation, read_data
from events.base.derived import KeptPatterns, at_exit, key_of, read_table, write_table
from events.base.sentences import lowered
from events.timex.lexicon import Lexicon, lexicon

TYPES = {"DATE", "TIME", "DURATION", "SET"}
FLAGS = regex.IGNORECASE | regex.VERSION0


@dataclass(frozen=True)
class Rule:
    name: str
    type: str
    pattern: str  # expanded pattern
    resolve: str
    guard: str | None
    params: dict = field(default_factory=dict, hash=False)
    examples: tuple[str, ...] = ()

    @property
    def regex(self) -> regex.Pattern:
        return _compile(self.pattern)


@lru_cache(maxsize=None)
def _compile(pattern: str) -> regex.Pattern:
    return regex.compile(pattern, FLAGS)


# What a rule's pattern asks of a character: a word character (\w, \b, the look-behinds), a digit, white space, a
# letter in any case. The standard library's engine reads an ASCII character as the regex module does but for
# \x1c-\x1f (white space to it alone), and so most others (curly quotes, dashes, a no-break space; not a combining
# mark, nor a superscript digit): a text whose every character both read alike (plain_text) is matched by a rule's
# ``plain`` match, in the standard library's engine, which matches a rule faster and compiles it in a quarter of
# the time. tests/test_rules.py holds both to the same matches.
CHARACTER_PROBES = (r"\w", r"\d", r"\s", "(?i:[a-z])", "(?i:" + "|".join("abcdefghijklmnopqrstuvwxyz") + ")")
RE_ONLY_SPACE = re.compile(r"[\x1c-\x1f]")
RE_ONLY_SPACES = "\x1c\x1d\x1e\x1f"  # the same, looked for one by one: ``in`` finds a character in C, 15x the pattern's speed


def has_re_only_space(text: str) -> bool:
    """``RE_ONLY_SPACE.search(text)``: the text holds a character only the standard library's \\s takes for white space."""
    return any(c in text for c in RE_ONLY_SPACES)


@lru_cache(maxsize=None)
def _read_alike(c: str) -> bool:
    """Whether both engines take the character ``c`` alike for every CHARACTER_PROBES."""
    return all(bool(re.match(p, c)) == bool(regex.match(p, c, regex.VERSION0)) for p in CHARACTER_PROBES)


def plain_text(text: str) -> bool:
    """Whether both engines read every rule alike on ``text``: each of its characters read alike (_read_alike)."""
    if text.isascii():
        return not has_re_only_space(text)
    return not has_re_only_space(text) and all(_read_alike(c) for c in set(text) if c > "\x7f")


# a named group, to be made a plain one: a rule that gives two groups one name is tried without its names, unless
# it refers back to a group (by name, number or condition), which that would change
NAMED_GROUP = re.compile(r"\(\?P<\w+>")
BACK_REFERENCE = re.compile(r"\\[1-9]|\\g<|\(\?P=|\(\?\(")


# The compiled programs of the rules' patterns in the standard library's engine, and of the finder's scans
# (events/base/derived.py KeptPatterns): compiling them was most of what a run's first articles cost past their
# reading (about 0.1 s), and of a cold one-article run
RULE_PATTERNS = KeptPatterns(Path(__file__).resolve().parent / "data" / "rule_patterns.cache.json")
at_exit(RULE_PATTERNS.write)


@lru_cache(maxsize=None)
def _plain_match(pattern: str):
    """``match`` of the pattern in the standard library's engine. Where that engine refuses it for a name given to
    two groups (15 of the 67 rules), it decides on the pattern without names whether the rule matches (names
    change nothing of what matches where no group is referred back to), and the regex module gives the match with its
    groups, at the same start, only then: a failed try, nearly all of them, costs the faster engine's. The regex
    module's alone where that engine refuses the pattern for anything else (a look-behind of no fixed width: 2)
    or would read it otherwise (it warns of a nested set)."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        try:
            return RULE_PATTERNS.compile(pattern, re.IGNORECASE).match
        except (re.error, Warning):
            pass
        try:
            if BACK_REFERENCE.search(pattern):
                raise re.error("a group referred back to")
            matches = RULE_PATTERNS.compile(NAMED_GROUP.sub("(?:", pattern), re.IGNORECASE).match
        except (re.error, Warning):
            return _compile(pattern).match
    own = None  # the regex module's pattern, compiled at the rule's first match (2-12 ms each), not at its first try

    def match(text: str, pos: int = 0, endpos: int = sys.maxsize):
        nonlocal own
        if matches(text, pos, endpos) is None:
            return None
        if own is None:
            own = _compile(pattern).match
        return own(text, pos, endpos)

    return match


@cache
def _deferred(pattern: str) -> _Deferred:
    return _Deferred(pattern)


class _Deferred:
    """A rule's pattern, compiled by its first ``match`` (or ``plain``: the same rule for a plain_text(), see
    _plain_match): the finder tries a key's rules in order until one matches, so many rules that can begin at a
    word are never tried (the seed article's words can begin 48 of the 67 rules; it tries 32). After the first call
    ``match`` is the compiled pattern's own method, as fast as it."""

    __slots__ = ("match", "plain", "pattern")

    def __init__(self, pattern: str):
        self.pattern = pattern

    def __getattr__(self, name: str):
        # reached only while ``match`` or ``plain`` is unset: compile, then answer with the compiled pattern's method
        if name == "match":
            self.match = _compile(self.pattern).match
            return self.match
        if name == "plain":
            self.plain = _plain_match(self.pattern)
            return self.plain
        raise AttributeError(name)


def _case_sensitive_names(names) -> str:
    """Capitalised names; an abbreviation's dot may be left out only before a day number ("Sept 13")."""
    forms = []
    for name in sorted(set(names), key=lambda w: (-len(w), w)):
        if name.endswith("."):
            forms.append(regex.escape(name[:-1]) + r"(?:\.|(?=\s+\d))")
        else:
            forms.append(regex.escape(name))
    return "(?-i:" + "|".join(forms) + ")"


def after_any(words, tail: str) -> str:
    """A look-behind for any of ``words`` after a word boundary, then ``tail`` (one character), as one look-behind
    per word length: the standard library's engine takes only look-behinds of a fixed width, and a rule it takes is
    matched there, several times faster than in the regex module (rules._plain_match); what matches is the same as
    one look-behind of the alternation. A word with a space (any run of white space in ``alternation``) has no
    fixed width and is refused."""
    by_length: dict[int, list[str]] = {}
    for word in dict.fromkeys(words):
        if not word or any(c.isspace() for c in word):
            raise LexiconError(f"time_lexicon.yaml: {word!r} cannot be looked behind for (empty, or a space in it)")
        by_length.setdefault(len(word), []).append(word)
    return "(?:" + "|".join(rf"(?<=\b(?:{alternation(group)}){tail})" for _, group in sorted(by_length.items())) + ")"


def macros(lex: Lexicon) -> dict[str, str]:
    small = [w for w, v in lex.numbers.items() if 1 <= v <= 9 and " " not in w and w not in {"a", "an"}]
    tens = alternation(lex.tens)
    number_words = alternation(lex.numbers)
    free_months = [m for m in lex.month_names if m not in lex.ambiguous_months]
    units = lex.units
    table = {
        "month": _case_sensitive_names(lex.month_names),
        "month_free": _case_sensitive_names(free_months),
        "month_cue": alternation(lex.month_cues),
        "after_month_cue": after_any(lex.month_cues, r"\s"),
        "weekday": _case_sensitive_names(lex.weekday_names),
        "day": r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?!\d)",
        "year": r"(?<![\w$€£¥#.,/])(?:1[6-9]\d\d|20\d\d|21\d\d)(?![\w%]|[.,/]\d)",
        "number": rf"(?:\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?|(?:{tens})(?:[- ](?:{alternation(small)}))?|{number_words})(?![\w])",
        "tens": tens,
        "unit": alternation(units),
        "unit_sg": alternation(w for w in units if not w.endswith("s")),
        "unit_pl": alternation(w for w in units if w.endswith("s")),
        "season": alternation(lex.seasons),
        "day_part": alternation(lex.day_parts),
        "shift": alternation(lex.shifts),
        "part_mod": alternation(lex.part_modifiers),
        "ordinal_word": alternation(w for w, n in lex.ordinals.items() if n > 0),
        "approx": alternation(lex.approximators),
        "vague": alternation(lex.vague_amounts),
        "reference": alternation(lex.references),
        "anchored_day": alternation(lex.anchored_days),
        "set_adverb": alternation(lex.set_adverbs),
        "clock_h": r"(?:1[0-2]|0?[1-9])",
        "agency": alternation(lex.dateline_agencies),
        "holiday": alternation(lex.holidays).replace("'", "['’]"),
        "named_day_head": alternation(h for _, heads in lex.named_days.values() for h in heads).replace("'", "['’]"),
        "named_event": _case_sensitive_names(lex.named_event_names),
        "tz": "(?-i:" + alternation(lex.utc_zones + lex.local_zones) + ")",
        "unit_qualifier": alternation(lex.unit_qualifiers),
        "fraction": alternation(lex.fractions),
        "comparison": alternation(lex.comparison_markers),
    }
    # KCNA's year: the Juche year, then the common one in brackets ("Juche 105 (2016)")
    table["juche_year"] = rf"(?P<juche>Juche ?\d{{1,3}}) ?\((?P<year>{table['year']})\)"
    # the year of a range's or a list's last day, for the ones before it ("from March to June 2013",
    # "February 24 to April 18, 2014", "in July, September and December 2015"): a lookahead, outside the
    # first day's extent
    table["range_year"] = (
        rf"(?=(?:\s*(?:,\s*(?:and|or)?|to|through|till|until|and|or|-|–)\s*(?:(?:early|mid|late)[- ](?:in )?)?"
        rf"(?:{table['month']})(?: (?:{table['day']}))?)+"
        rf"(?:,?(?: of)? (?P<year>{table['year']})| (?P<relyear>{table['shift']}) year))"
    )
    return table


def expand(pattern: str, table: dict[str, str], rule_name: str) -> str:
    def substitute(m: regex.Match) -> str:
        name = m.group(1)
        if name not in table:
            raise LexiconError(f"time_rules.yaml: rule {rule_name!r} uses unknown macro {{{name}}}")
        return "(?:" + table[name] + ")"

    return regex.sub(r"\{([a-z_]+)\}", substitute, pattern)


def parse_rules(data: dict, lex: Lexicon, compiled: bool = True) -> tuple[Rule, ...]:
    """The rules of ``data``, checked; ``compiled``: each pattern compiled here (a bad one refused), else left
    to its first use (ruleset(), when the start table's file vouches that these very patterns compile)."""
    from . import resolver  # the resolvers a rule may name

    table = macros(lex)
    rules, seen = [], set()
    for i, spec in enumerate(data.get("rules") or []):
        where = f"time_rules.yaml: rule #{i + 1} ({spec.get('name', '?')})"
        for key in ("name", "type", "pattern", "resolve", "examples"):
            if key not in spec:
                raise LexiconError(f"{where}: missing {key!r}")
        if spec["name"] in seen:
            raise LexiconError(f"{where}: duplicate name")
        seen.add(spec["name"])
        if spec["type"] not in TYPES:
            raise LexiconError(f"{where}: type must be one of {sorted(TYPES)}")
        if spec["resolve"] not in resolver.RESOLVERS:
            raise LexiconError(f"{where}: unknown resolver {spec['resolve']!r}")
        guard = spec.get("guard")
        if guard is not None and guard not in GUARDS:
            raise LexiconError(f"{where}: unknown guard {guard!r}")
        body = expand(spec["pattern"], table, spec["name"])
        pattern = rf"(?<![\w'’])(?:{body})(?!\w)"
        if compiled:
            try:
                _compile(pattern)
            except regex.error as exc:
                raise LexiconError(f"{where}: bad pattern: {exc}") from exc
        rules.append(
            Rule(
                name=spec["name"],
                type=spec["type"],
                pattern=pattern,
                resolve=spec["resolve"],
                guard=guard,
                params=dict(spec.get("params") or {}),
                examples=tuple(spec["examples"]),
            )
        )
    if not rules:
        raise LexiconError("time_rules.yaml: no rules")
    return tuple(rules)


# Guards reject a match the pattern cannot judge alone, by looking at the words around it.
YEAR_RANGE_BEFORE = regex.compile(r"(?<![\d-])\d{4}[-–]$")
YEAR_RANGE_AFTER = regex.compile(r"^[-–](?:\d{4}|\d{2})(?![\d-])")


PHONE_GROUP = regex.compile(r"^\+?\d{1,4}$")


def _year_guard(text: str, m: regex.Match, lex: Lexicon) -> bool:
    if m.start() >= 2 and text[m.start() - 1] == "-" and text[m.start() - 2].isalpha():
        return False  # a model number: "Hwasong-2023"
    # a hyphen next to digits: part of a year range ("2016-2017", "2016-17") or of a phone number
    if m.start() >= 2 and text[m.start() - 1] in "-–" and text[m.start() - 2].isdigit():
        if not YEAR_RANGE_BEFORE.search(text[max(0, m.start() - 6) : m.start()]):
            return False
    if text[m.end() : m.end() + 2][:1] in ("-", "–") and text[m.end() + 1 : m.end() + 2].isdigit():
        if not YEAR_RANGE_AFTER.match(text[m.end() : m.end() + 7]):
            return False
    before = text[max(0, m.start() - 24) : m.start()].split()
    if before and before[-1].lower() in lex.year_blockers_before:
        return False
    after = text[m.end() : m.end() + 24].split()
    if after and after[0].lower().strip(".,;:") in lex.year_blockers_after:
        return False
    if (before and PHONE_GROUP.match(before[-1])) or (after and PHONE_GROUP.match(after[0])):
        return False  # digit groups around it: a phone or reference number, not a year
    return True


def _duration_guard(text: str, m: regex.Match, lex: Lexicon) -> bool:
    number = lex.number(m.group("number"))
    unit = m.group("unit").lower()
    if number is not None and number >= 1000:
        return False
    article = m.group("number").lower() in {"a", "an"}
    if unit in {"second", "min"} and article:
        return False  # "a second reactor", not one second
    if article and not m.group("approx"):
        before = text[max(0, m.start() - 24) : m.start()].split()
        if before and not before[-1].endswith((",", ";", ":")) and (any(c.isdigit() for c in before[-1]) or before[-1].lower() in lex.rate_words_before):
            return False  # "$5 a year", "twice a week": a rate; not "on May 4, a week later"
    if unit in lex.share_units and text.startswith(" of ", m.end()):
        return False  # "a quarter of the voters": a share of a whole, not a duration
    return True


# How far before a range a verb of moving makes it two dates ("was postponed from March 1 to April 1")
DATE_MOVE_BEFORE = 40


def _date_range_guard(text: str, m: regex.Match, lex: Lexicon) -> bool:
    before = text[max(0, m.start() - DATE_MOVE_BEFORE) : m.start()]
    before = before[max(before.rfind("."), before.rfind(";")) + 1 :]  # within its sentence
    return lex.date_move.search(before) is None


GUARDS = {"year": _year_guard, "duration": _duration_guard, "date_range": _date_range_guard}


def trigger_pattern(lex: Lexicon) -> "TriggerScan":
    """Words every time expression contains at least one of: digits, month and weekday names, units,
    seasons, parts of the day and the lexicon's trigger words. The finder tries its rules only near them."""
    names = [n.rstrip(".") for n in lex.month_names + lex.weekday_names]
    words = set(lex.units) | set(lex.seasons) | {h.split()[-1] for h in lex.holidays} | set(lex.day_parts) | set(lex.trigger_words)
    words |= {n.lower().split()[-1].split("-")[-1] for n in lex.named_event_names if not n[0].isdigit()}
    words |= {w for phrase in lex.references for w in phrase.split()} - {"the", "in", "at", "to", "these"}
    # the standard library's engine scans this plain alternation faster than the regex module
    # a name may be plural: "on Mondays" is a set
    pattern = RULE_PATTERNS.compile(rf"\d+|(?<!\w)(?:(?-i:{alternation(names)})s?|{alternation(words)})(?!\w)", re.IGNORECASE)
    return TriggerScan(pattern, _lowered_scan(names, words))


def _lowered_scan(names: list[str], words: set[str]) -> "re.Pattern":
    """TriggerScan.lowered: a digit, or a character that is no word's before one of the words or names in any case,
    on a lower-cased ASCII text. Case-sensitive, as case-insensitive matching took the engine as long as the whole
    pattern: an ASCII word lower-cased matches the lower-cased text exactly where the word matches the text in any
    case; a word outside ASCII (none yet) is asked case-insensitively still."""
    name_words, plain = [n.lower() for n in names if n.isascii()], [w.lower() for w in words if w.isascii()]
    others = [w for w in [*names, *words] if not w.isascii()]
    # one trie of the words and the names with their plural: the engine follows one branch per character where
    # two tries cost two descents at every stop
    body = rf"(?:{alternation([*name_words, *(n + 's' for n in name_words), *plain])})(?!\w)"
    if others:
        body += rf"|(?i:(?:{alternation(others)})s?)(?!\w)"
    # one class first, whose characters the engine skips to at C speed (a branch of two classes it tries everywhere);
    # a class of ASCII characters, as the copy is ASCII lower case, where a non-word character is any but [a-z_]: the
    # engine looks such a class up in a table, where it asks \W its Unicode category (half the scan's time)
    return RULE_PATTERNS.compile(rf"[^a-z_](?:(?<=[0-9])|(?={body}))")


@dataclass(frozen=True)
class TriggerScan:
    """The trigger words of a text: what ``pattern.finditer`` finds. Most of a text is no trigger, and the
    engine tried ``pattern`` at every character; in an ASCII text (nearly every article) a scan of its lower-cased
    copy, ``lowered``, stops only at a digit or at a word after a character that is no word's (which the engine
    skips to at C speed), where the same words, names in any case, begin; ``pattern`` decides there, as it would
    have (half the time of its own scan: the same matches, tests/test_rules.py)."""

    pattern: "re.Pattern"
    lowered: "re.Pattern"  # on the lower-cased copy: a digit, or the character before a word that may be a trigger

    def finditer(self, text: str) -> "Iterator[re.Match]":
        if not text.isascii():
            yield from self.pattern.finditer(text)
            return
        low, pos = lowered(text), 0
        if (m := self.pattern.match(text)) is not None:  # a word at the text's very start has no character before it
            yield m
            pos = m.end()
        while (hit := self.lowered.search(low, pos)) is not None:
            at = hit.start() if low[hit.start()].isdigit() else hit.end()
            if (m := self.pattern.match(text, at)) is not None:
                yield m
                pos = m.end()
            else:
                pos = at + 1  # a name in lower case ("may"), not one: the engine's next try is the next character


def starter_words(lex: Lexicon) -> frozenset[str]:
    """Lower-cased first words a time expression may begin with (digits are always tried)."""
    phrases = (
        list(lex.months) + list(lex.weekdays) + list(lex.seasons) + list(lex.day_parts) + list(lex.units)
        + list(lex.numbers) + list(lex.ordinals) + list(lex.shifts) + list(lex.part_modifiers)
        + list(lex.approximators) + list(lex.vague_amounts) + list(lex.references) + list(lex.day_offsets)
        + list(lex.anchored_days) + list(lex.set_adverbs) + list(lex.holidays) + list(lex.tens) + list(lex.starter_words)
        + list(lex.fractions) + list(lex.named_events)
        + [name + "s" for name in lex.weekday_names if not name.endswith(".")]  # "Mondays"
    )
    return frozenset(p.lower().split()[0].split("-")[0] for p in phrases if p.strip())


# How far before a trigger a time expression may start ("more than two thousand years": 23 characters).
LOOKBACK = 32
# A word start; its letters (so "mid-2022" gives "mid" and "Sept." gives "sept") decide whether to try it.
WORD_START = re.compile(r"(?<![\w'’$])[\w'’]")
LETTERS = re.compile(r"[^\W\d_]+")


class StartScan:
    """Where a time expression may start between two offsets: a word start (WORD_START) whose key (START_KEY) is
    digits, an apostrophe ("'90s") or letters that are a starter word in lower case; the finder tries the rules at
    those alone. In an ASCII text (nearly every article) ``ascii`` finds them, the engine checking the word (two
    thirds of a text's word starts near a trigger are no starter: "of", "Korea"); in another, where lower() and
    the engine's case folding part ways, each word start is checked here."""

    def __init__(self, starters: frozenset[str]):
        self.starters = starters
        words = [w for w in starters if LETTERS.fullmatch(w)]  # a starter with other characters is no key's letters
        # ASCII case folding only, as lower() on an ASCII text; the whole letter run, as START_KEY takes it
        self.ascii = RULE_PATTERNS.compile(rf"(?<![\w'’$])(?:\d|['’]|(?ai:{alternation(words)})(?![^\W\d_]))")
        # how far past its last start a scan reads: the longest starter and the character after it, no further
        self.reach = max(map(len, words), default=0) + 2

    def starts(self, text: str, lo: int, last: int) -> Iterator[int]:
        """The offsets from ``lo`` to ``last`` (included) where a time expression may start, in order."""
        return self.scanned(text, lo, last) if text.isascii() else self.checked(text, lo, last)

    def scanned(self, text: str, lo: int, last: int) -> Iterator[int]:
        """``starts`` in an ASCII text: what ``checked`` finds (tests/test_rules.py)."""
        for m in self.ascii.finditer(text, lo, last + self.reach):  # a starter beginning by ``last`` read whole
            if m.start() > last:
                return
            yield m.start()
            if m.start() == last:
                return

    def checked(self, text: str, lo: int, last: int) -> Iterator[int]:
        """``starts`` in any text, each word start's key checked in turn."""
        for word in WORD_START.finditer(text, lo, last + 1):
            key = START_KEY.match(text, word.start())
            if key is not None and (key.group(1) is None or key.group(1).lower() in self.starters):
                yield word.start()


# Contexts a rule may need before its first word (a cue word for "in May", a place for a dateline, "at"
# before a 24-hour time, "between" or "from" before a range's first day).
PROBE_PREFIXES = ("", " in ", "\nPyongyang, ", " for ", " at ", " between ", " from ")
# The first word of a possible start, with the character after it: the key of the rules to try there.
START_KEY = re.compile(r"(?:\d+|([^\W\d_]+)|['’]\d*)[\s\S]?")


@dataclass
class RuleSet:
    rules: tuple[Rule, ...]
    trigger: "re.Pattern"
    starters: frozenset[str]
    lexicon: Lexicon
    # key -> indices of the rules that can begin with it, or None; as the file keeps them ("0.4.17") until asked
    _by_key: dict = field(default_factory=dict, repr=False)
    _by_first: dict = field(default_factory=dict, repr=False)  # first character -> the same
    _found: dict = field(default_factory=dict, repr=False)  # key -> at()'s answer
    learnt: int = 0  # keys and characters learnt by partial matching in this process (not read from the file)

    @cached_property
    def start_scan(self) -> StartScan:
        return StartScan(self.starters)

    def at(self, key: str, shorter: str | None = None) -> "tuple[tuple[_Deferred, Rule], ...] | None":
        """The rules that can start with ``key`` (a word and the character after it), each with its pattern
        (compiled by its first ``match``), in priority order, found once per key by partial matching, or None when no rule can. Trying a dozen rules at a word instead of
        all of them keeps the single pass fast; the finder tries them in order and the first that matches wins,
        as one alternation of them would (compiling an alternation for each new set of rules cost more than
        every match it saved: a second a run, most of a cold start). ``shorter``: a key this one begins with, asked
        before it: a new key is learnt among its rules only (a rule that can begin with a text can begin with the
        text's start)."""
        found = self._found.get(key, False)
        if found is not False:
            return found
        indices = self._by_key.get(key, False)
        if isinstance(indices, str):
            indices = self._by_key[key] = self._decoded(indices)
        if indices is False:
            indices = self._learn(key, self._by_key.get(shorter) if shorter is not None else None)
        # a rule is compiled when the finder first tries it, not when a key can begin it: the seed article
        # compiles the 32 of the 67 rules it tries (48 its words can begin)
        found = tuple((_deferred(self.rules[i].pattern), self.rules[i]) for i in indices) if indices is not None else None
        if len(self._found) < MAX_KEYS:
            self._found[key] = found
        return found

    def _decoded(self, kept: str) -> "tuple[int, ...] | bool":
        """Indices as the start table's file keeps them; False (learn it again) for anything but indices of rules."""
        try:
            indices = tuple(int(i) for i in kept.split("."))
        except ValueError:
            return False
        return indices if all(0 <= i < len(self.rules) for i in indices) else False

    def _learn(self, key: str, within: "tuple[int, ...] | None" = None) -> "tuple[int, ...] | None":
        # only the rules that can begin with the key's first character are probed with the whole key (a text that
        # could begin a match has a first character that could): learnt once per character; or those of a shorter
        # key it begins with, when known
        if not isinstance(within, tuple):
            within = self._by_first.get(key[:1])
            if within is None:
                within = self._by_first[key[:1]] = tuple(self._can_begin(key[:1], range(len(self.rules))))
                self.learnt += 1
        indices = tuple(self._can_begin(key, within)) or None
        if len(self._by_key) < MAX_KEYS:
            self._by_key[key] = indices
            self.learnt += 1
        return indices

    def _can_begin(self, key: str, indices) -> "Iterator[int]":
        """Those of the rules ``indices`` that can begin with ``key``, by partial matching after each probe prefix."""
        rules = self.rules
        return (i for i in indices if any(rules[i].regex.match(prefix + key, pos=len(prefix), partial=True) for prefix in PROBE_PREFIXES))


# Keys kept per process: a bound on memory for texts of endless new words; in the start table's file fewer, the
# first learnt (the commonest), so that reading it stays a small part of a start (30,000: about 1 MB, 10 ms)
MAX_KEYS = 100_000
MAX_KEPT_KEYS = 30_000
# Which rules can begin with a key is learnt by partial matching (thousands of matches a corpus, and every rule
# compiled for the first characters); it depends only on the expanded patterns and the probes, so what a run
# learnt is kept in a file beside the data under their hash, read by the next run, and learnt again when a
# rule, a lexicon word or the regex module changes. The file only spares work: without it (or where the folder
# cannot be written) every answer is the same, learnt again.
START_TABLE = Path(__file__).resolve().parent / "data" / "rule_starts.cache.json"


def _start_table_key(rules: tuple[Rule, ...]) -> str:
    return key_of(regex.__version__, str(int(FLAGS)), *PROBE_PREFIXES, *(r.pattern for r in rules))


def _read_start_table(path: Path, key: str, n_rules: int) -> "tuple[dict, dict] | None":
    """The learnt keys and first characters kept for ``key``; None when the file holds none (or is damaged:
    anything but tuples of indices of the ``n_rules`` rules)."""
    table = read_table(path, key)
    try:
        keys, first = table["keys"], {k: tuple(v) for k, v in table["first"].items()}
    except (TypeError, KeyError, AttributeError):
        return None
    # a key's indices are read when a text asks for it (RuleSet._decoded): most of the file's keys a run never asks
    if not isinstance(keys, dict) or not all(v is None or isinstance(v, str) for v in keys.values()):
        return None
    if not all(type(i) is int and 0 <= i < n_rules for v in first.values() for i in v):
        return None
    return keys, first


def _write_start_table(rs: RuleSet, path: Path, key: str) -> None:
    if rs.learnt:
        kept = dict(itertools.islice(rs._by_key.items(), MAX_KEPT_KEYS))
        keys = {k: v if v is None or isinstance(v, str) else ".".join(map(str, v)) for k, v in kept.items() if v is not False}
        write_table(path, key, {"first": rs._by_first, "keys": keys})


@lru_cache(maxsize=1)
def ruleset() -> RuleSet:
    lex = lexicon()
    # the patterns are compiled (and so checked) here unless the start table's file was written for these very
    # patterns, which compiled then: a short text compiles only the rules its words can begin
    rules = parse_rules(read_data(__package__, "time_rules.yaml"), lex, compiled=False)
    key = _start_table_key(rules)
    known = _read_start_table(START_TABLE, key, len(rules))
    if known is None:
        rules = parse_rules(read_data(__package__, "time_rules.yaml"), lex)
        known = ({}, {})
    rs = RuleSet(rules=rules, trigger=trigger_pattern(lex), starters=starter_words(lex), lexicon=lex, _by_key=known[0], _by_first=known[1])
    at_exit(_write_start_table, rs, START_TABLE, key)
    return rs
