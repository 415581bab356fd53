"""The event vocabularies (event types, weapons, actors, places, cues), loaded from ``events/coding/data`` once,
validated, and compiled into the matchers the extractor uses."""

from __future__ import annotations

import re
import string
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

import regex

from events.base.datafiles import LexiconError, alternation, read_csv, read_data
from events.base.derived import kept_pattern, key_of, read_table, write_table
from events.base.sentences import lowered as lower_cased


@dataclass(frozen=True)
class EventType:
    name: str
    definition: str
    plover: str
    cameo: str
    triggers: regex.Pattern
    needs: str | None
    unless: tuple[str, ...]
    colour: str = ""  # "#rrggbb": the type's colour in every chart


@dataclass(frozen=True)
class WeaponClass:
    name: str
    definition: str
    groups: frozenset[str]
    broader: str = ""  # the class it is a kind of (ICBM -> ballistic missile -> missile)

    def lineage(self, classes: dict[str, "WeaponClass"]) -> tuple[str, ...]:
        """This class and every broader one, narrowest first."""
        out, cls = [self.name], self
        while cls.broader and cls.broader not in out:
            out.append(cls.broader)
            cls = classes[cls.broader]
        return tuple(out)


@dataclass(frozen=True)
class Actor:
    name: str
    code: str
    kind: str  # state | capital | demonym | person | body
    state: str  # ISO code of the state it stands for ("" for international bodies)


@dataclass(frozen=True)
class Place:
    name: str
    latitude: float
    longitude: float
    country: str
    kind: str


@dataclass(frozen=True)
class WeaponMatcher:
    """A compiled alternation of every weapon pattern; the branch that matched tells which entry."""

    pattern: "re.Pattern"
    entries: tuple[dict, ...]  # per branch: name/class/owner, or a family with its number table
    starts: "PhraseStarts | None" = None  # where some branch can match: the pattern is tried only there

    @property
    def generic_names(self) -> frozenset[str]:
        """Names of the descriptive phrases ("intercontinental ballistic missile"), not of systems."""
        return frozenset(e["name"] for e in self.entries if e.get("generic"))


@dataclass(frozen=True)
class Vocabulary:
    event_types: tuple[EventType, ...]
    trigger_starts: "PhraseStarts"  # where some event type's trigger begins, and which types to try there
    thing_head: re.Pattern  # right after a trigger: it names a thing ("launch sites")
    weapon_classes: dict[str, WeaponClass]
    weapons: WeaponMatcher
    actors: dict[str, Actor]  # alias -> actor
    actor_pattern: regex.Pattern
    actor_starts: re.Pattern  # where an actor's name can begin, in an ASCII text (_name_starts)
    places: dict[str, Place]  # alias -> place
    place_pattern: regex.Pattern
    place_starts: re.Pattern
    names_starts: re.Pattern  # both scans in one (_both_names_starts), for an article's actors and places alike
    status_cues: tuple[tuple[str, regex.Pattern], ...]
    # where any status cue begins in an ASCII window: none but at the trigger, and no cue fires
    any_status_cue: "CueStarts | None"
    status_window: int
    status_predicate_reach: int  # words after a noun trigger where its own predicate's auxiliary may stand
    reporting: regex.Pattern
    reference_words: regex.Pattern
    directive: regex.Pattern  # an order for an event ("issued an order to conduct")
    target_marker: regex.Pattern  # after a test trigger: what follows is its target ("aiming at")
    occasion_relations: re.Pattern
    media_item: re.Pattern  # a media item and its topic, before a trigger ("carried an article on")
    place_prepositions: frozenset[str]
    nominal_markers: frozenset[str]
    light_verbs: regex.Pattern
    leader_roles: regex.Pattern  # a leader named by role ("the leaders of", "president")
    attached_agent: re.Pattern  # "<trigger> conducted by <words> <the agent>"
    attached_participle: re.Pattern  # "<trigger> conducted by ... on <the date>"
    by_name: dict[str, EventType] = field(default_factory=dict)

    def event_type(self, name: str) -> EventType:
        return self.by_name[name]


WORD_START = r"(?<![\w-])"


def _words(phrases) -> "re.Pattern":
    # the standard library's engine: these plain patterns scan faster with it than with the regex module
    return re.compile(WORD_START + "(?:" + "|".join(f"(?:{p})" for p in phrases) + r")(?![\w-])", re.IGNORECASE)


# Characters a phrase is probed with for the characters it can begin with; one outside ASCII letters and digits
# (a phrase may begin with \d, \w, a quote ...) puts the phrase among those tried at every word start.
PROBES = string.ascii_letters + string.digits + string.punctuation + " \t\n\u00a0\u2019\u201c\u00e9\u0663"
ASCII_WORD = frozenset(string.ascii_lowercase + string.digits)


def _first_characters(phrase: str) -> frozenset[str] | None:
    """The lower-case ASCII letters and digits a match of ``phrase`` (case-insensitive) can begin with, or None
    when it can begin with something else too. Found by partial matching: which one-character texts can begin
    a match."""
    return _firsts(_probed(phrase))


def _ascii_first_characters(phrase: str) -> frozenset[str] | None:
    """The same within an ASCII text: "\\d" begins with 0-9 there, not with every script's digits."""
    return _firsts({c for c in _probed(phrase) if c.isascii()})


def _probed(phrase: str) -> set[str]:
    probe = regex.compile(phrase, regex.IGNORECASE | regex.VERSION0)
    return {c.lower() for c in PROBES if probe.match(c, partial=True)}


def _firsts(chars: set[str]) -> frozenset[str] | None:
    return frozenset(chars) if chars <= ASCII_WORD else None


# Each phrase's first characters cost a compile of it (half of loading the vocabularies): they are kept in a
# file beside the data under the hash of the phrases and the probes (events/base/derived.py), found again when
# a phrase changes
FIRST_CHARACTERS = Path(__file__).resolve().parent / "data" / "{name}_starts.cache.json"


def _first_characters_of(phrases: list[str], name: str) -> tuple[list[frozenset[str] | None], list[frozenset[str] | None]]:
    """_first_characters and _ascii_first_characters of each phrase, read from the file kept for ``name`` when
    it holds these phrases."""
    path = Path(str(FIRST_CHARACTERS).format(name=name))
    key = key_of(regex.__version__, PROBES, *phrases)
    kept = read_table(path, key)
    sets = lambda fs: [frozenset(f) if f is not None else None for f in fs]  # noqa: E731
    if kept is not None and all(_valid_firsts(kept.get(k), len(phrases)) for k in ("firsts", "ascii")):
        return sets(kept["firsts"]), sets(kept["ascii"])
    probed = [_probed(p) for p in phrases]
    found = [_firsts(c) for c in probed], [_firsts({x for x in c if x.isascii()}) for c in probed]
    as_text = lambda fs: ["".join(sorted(f)) if f is not None else None for f in fs]  # noqa: E731
    write_table(path, key, {"firsts": as_text(found[0]), "ascii": as_text(found[1])})
    return found


def _valid_firsts(firsts, n: int) -> bool:
    return isinstance(firsts, list) and len(firsts) == n and all(f is None or (isinstance(f, str) and set(f) <= ASCII_WORD) for f in firsts)


# Characters a phrase's first character is probed with for the second characters it can go on with in a lower-cased
# ASCII text: every ASCII character but the capitals; and END, the text's end right after the first character
SECOND_PROBES = "".join(chr(i) for i in range(128) if not "A" <= chr(i) <= "Z")
END = ""
SECOND_CHARACTERS = Path(__file__).resolve().parent / "data" / "{name}_pairs.cache.json"
# The scans' compiled programs (events/base/derived.py kept_pattern): most of the compiling a run does
COMPILED_SCAN = Path(__file__).resolve().parent / "data" / "{name}_{which}_scan.cache.json"


def _second_characters(phrase: str, firsts: frozenset[str]) -> dict[str, frozenset[str]]:
    """For each of ``firsts`` (the phrase's first characters in an ASCII text), the characters of a lower-cased
    ASCII text that can follow it in a match of ``phrase`` (case-insensitive), by partial matching of each pair,
    and END when the first character alone can be a match."""
    probe = regex.compile(phrase, regex.IGNORECASE | regex.VERSION0)
    return {c: frozenset(d for d in SECOND_PROBES if probe.match(c + d, partial=True)) | ({END} if probe.fullmatch(c) else set()) for c in sorted(firsts)}


def _second_characters_of(phrases: list[str], firsts: list[frozenset[str]], name: str) -> list[dict[str, frozenset[str]]]:
    """_second_characters of each phrase, read from the file kept for ``name`` when it holds these phrases (a
    hundred partial matches a first character: most of a start, derived again)."""
    path = Path(str(SECOND_CHARACTERS).format(name=name))
    key = key_of(regex.__version__, SECOND_PROBES, *phrases, *("".join(sorted(f)) for f in firsts))
    kept = read_table(path, key)
    if kept is not None and _valid_seconds(kept.get("pairs"), firsts):
        return [{c: frozenset(ds) | ({END} if ends else set()) for c, (ds, ends) in pairs.items()} for pairs in kept["pairs"]]
    found = [_second_characters(p, f) for p, f in zip(phrases, firsts)]
    write_table(path, key, {"pairs": [{c: ["".join(sorted(ds - {END})), END in ds] for c, ds in pairs.items()} for pairs in found]})
    return found


def _valid_seconds(pairs, firsts: list[frozenset[str]]) -> bool:
    return isinstance(pairs, list) and len(pairs) == len(firsts) and all(
        isinstance(p, dict) and set(p) == f and all(
            isinstance(v, list) and len(v) == 2 and isinstance(v[0], str) and set(v[0]) <= set(SECOND_PROBES) and isinstance(v[1], bool) for v in p.values())
        for p, f in zip(pairs, firsts))


@dataclass(frozen=True)
class PhraseStarts:
    """Where any of some groups of phrases (an event type's triggers, a weapon's pattern) can match, found by
    one scan, and which groups to try at such a start. One case-insensitive alternation of every phrase tries
    each at every word start; here the phrases are grouped by the characters they can begin with, so a word
    start is dismissed after one test per first character, and an ASCII text (nearly every article) is scanned
    as a lower-cased copy (``lowered``). The same starts as the plain alternation: a phrase that can begin with a
    character outside ASCII letters and digits is tried everywhere, a text with characters outside ASCII is
    scanned case-insensitively as it is."""

    pattern: str  # the scan, zero-width
    # on the lower-cased copy of an ASCII text, where a phrase can begin: a lookahead (None: some phrase sets its own flags)
    lowered_pattern: str | None
    by_char: dict[str, tuple[int, ...]]  # a lower-case first character -> the groups that can begin with it, in order
    every: tuple[int, ...]  # all the groups, in order: tried where the start is not an ASCII letter or digit
    # a lower-case ASCII first character and the one after it (or END) -> the groups that can begin with both; None
    # where no phrase's pairs are known (no lower-cased scan)
    by_pair: dict[str, tuple[int, ...]] | None = None
    # the ASCII characters no phrase may follow (what the plain alternation's lookbehind refuses, in a class)
    before: str = ""
    name: str = ""  # the derived tables' name (trigger, weapon ...): the compiled scans are kept under it

    def _compiled(self, which: str, pattern: str, flags: int = 0) -> re.Pattern:
        if not self.name:
            return re.compile(pattern, flags)
        return kept_pattern(Path(str(COMPILED_SCAN).format(name=self.name, which=which)), pattern, flags)

    @cached_property
    def lowered(self) -> re.Pattern:
        """The scan of an ASCII text's lower-cased copy: a character no phrase may follow, then a phrase's start
        (the match's end). The engine skips at C speed to such a character, a fifth of a text, where a scan
        opening with the phrases' first characters stopped at nearly every letter and looked back from it (the
        trigger scan of 4,000 KCNA articles 0.217 -> 0.173 s). Compiled for the first ASCII text, not by every run
        (a text with curly quotes is scanned by ``folded``; compiling both cost a cold one-article run 35 ms)."""
        return self._compiled("lowered", self.before + self.lowered_pattern)

    @cached_property
    def folded(self) -> re.Pattern:
        """The scan, case-insensitive, on the text as it is: compiled for the first text outside ASCII (or with
        upper-case phrases), or the first that asks for a start at its first character, not by every run."""
        return self._compiled("folded", self.pattern, re.IGNORECASE)

    def starts(self, text: str, lo: int = 0, hi: int | None = None, lowered: str | None = None) -> Iterator[int]:
        """Where some phrase can begin, from ``lo`` to before ``hi``, in order: the starts of the plain alternation
        (``pattern``) on ``text[:hi]``, from ``lo``. ``lowered``: ``text.lower()``, when the caller scans one text
        span by span (lower-cased once, not per span)."""
        hi = len(text) if hi is None else hi
        if self.lowered_pattern is None or not text.isascii():
            return (m.start() for m in self.folded.finditer(text, lo, hi))
        return self._lowered_starts(lower_cased(text) if lowered is None else lowered, lo, hi)

    def _lowered_starts(self, low: str, lo: int, hi: int) -> Iterator[int]:
        # the first character has none before it for ``lowered`` to stop at: the plain alternation itself decides
        # there (on a lower-cased ASCII text as on the text, as no phrase sets its own flags). ``lowered`` without
        # its first class, compiled for this alone, cost a run 70 ms; most runs compile ``folded`` anyway (one
        # text with a curly quote, such as the seed article, is enough)
        # where its first two characters can begin no phrase (by_pair: none, or no key for a first character no
        # phrase begins with, as the scan's branches read them), the alternation is not asked: a status or hedge
        # window is scanned from its first character each time, and that match cost more than the scan of the rest
        if lo == 0 and hi > 0 and (self.by_pair is None or self.by_pair.get(low[: min(2, hi)])) and self.folded.match(low, 0, hi):
            yield 0
        # a start at ``lo`` is found from the character before it (each phrase begins with a letter or a digit,
        # never with such a character: no start is skipped by the one consumed)
        for m in self.lowered.finditer(low, max(lo - 1, 0), hi):
            yield m.end()

    def groups_at(self, text: str, at: int) -> tuple[int, ...]:
        """The groups whose phrases can begin at ``at`` (a start the scan found): those its first two characters
        allow where both are ASCII ("the" tries few event types, "te" many), else its first one."""
        if not text[at].isascii():
            return self.every
        if self.by_pair is not None:
            pair = self.by_pair.get(text[at : at + 2].lower())
            if pair is not None:
                return pair
        return self.by_char.get(text[at].lower(), self.every)


def _by_first_character(phrases: list[tuple[int, str]], firsts) -> dict[str, list[str]]:
    by_char: dict[str, list[str]] = {}
    for (_, p), chars in zip(phrases, firsts):
        for c in sorted(chars or ()):
            by_char.setdefault(c, []).append(p)
    return by_char


def _phrase_starts(groups: list[list[str]], not_after: str, after: str, name: str) -> PhraseStarts:
    """The PhraseStarts of ``groups`` (each a list of phrases, regular expressions matched case-insensitively),
    each phrase where the character before is not one of ``not_after`` (a class) and followed by ``after``
    (the word-boundary tests of the patterns it stands for)."""
    before = f"(?<!{not_after})"
    phrases = [(g, re.sub(r"\(\?P<\w+>", "(?:", p)) for g, phrases in enumerate(groups) for p in phrases]  # named groups: one name may recur
    firsts, ascii_firsts = _first_characters_of([p for _, p in phrases], name)
    either = lambda ps: "|".join(f"(?:{p})" for p in ps)  # noqa: E731
    by_char = _by_first_character(phrases, firsts)
    anywhere = [p for (_, p), chars in zip(phrases, firsts) if chars is None]
    body = "|".join([f"(?={re.escape(c)})(?:{either(ps)})" for c, ps in sorted(by_char.items())] + ([either(anywhere)] if anywhere else []))
    pattern = before + "(?=(?:" + body + ")" + after + ")"
    lowered_pattern = None
    if not any(_sets_flags(p) for _, p in phrases) and all(chars is not None for chars in ascii_firsts):
        # an ASCII text is scanned as a lower-cased copy, case-sensitively: a phrase without upper case (nor an escape
        # like \S or \x41) matches it as the case-insensitive text; the others are asked case-insensitively still
        # (a phrase setting its own flags would not: none may, for this scan). Every phrase begins with a letter or
        # digit there: the scan (PhraseStarts.lowered) stops after a character no phrase may follow, and each first
        # character's branch begins with it (a class of those that share a branch), then the character after it, each
        # dismissed with one comparison (a lookahead per character cost a sub-match each), so that a word tries only
        # the phrases that can begin with its first two characters; a branch's lookbehind steps back over them to the
        # start. A fifth of the time of the case-insensitive scan, the same starts (tests/test_start_scans.py)
        by_ascii = _by_first_character(phrases, ascii_firsts)
        seconds = _second_characters_of([p for _, p in phrases], ascii_firsts, name)
        # first characters whose phrases go on alike (the ten digits) share their branch
        firsts_by_branch: dict[str, list[str]] = {}
        for c in sorted(by_ascii):
            firsts_by_branch.setdefault(_pair_branches([(_folded(p), pairs[c]) for (_, p), pairs in zip(phrases, seconds) if c in pairs], after), []).append(c)
        lowered_pattern = "(?=(?:" + "|".join(_char_class(cs) + branch for branch, cs in firsts_by_branch.items()) + "))"
    every = tuple(range(len(groups)))
    by_pair = None
    if lowered_pattern is not None:
        group_pairs: dict[str, set[int]] = {}
        for (g, _), pairs in zip(phrases, seconds):
            for c, ds in pairs.items():
                for d in ds:
                    group_pairs.setdefault(c + d, set()).add(g)
        by_pair = {c + d: tuple(sorted(group_pairs.get(c + d, ()))) for c in by_ascii for d in [*SECOND_PROBES, END]}
    group_chars: dict[str, set[int]] = {}
    for (g, _), chars in zip(phrases, firsts):
        for c in ASCII_WORD if chars is None else chars:
            group_chars.setdefault(c, set()).add(g)
    return PhraseStarts(
        pattern=pattern,
        lowered_pattern=lowered_pattern,
        by_char={c: tuple(sorted(gs)) for c, gs in group_chars.items()},
        every=every,
        by_pair=by_pair,
        before=_ascii_outside(not_after),
        name=name,
    )


def _folded(phrase: str) -> str:
    """``phrase`` as it matches a lower-cased ASCII text case-sensitively where it matched the text in any case: as it
    is without upper case (nor an escape like \\S or \\x41), else asked case-insensitively still."""
    return f"(?i:{phrase})" if regex.search(r"[A-Z]|\\[xuUN0-9]", phrase) else phrase


def _sets_flags(phrase: str) -> bool:
    return regex.search(r"\(\?[a-zA-Z-]+[:)]", phrase) is not None


@dataclass(frozen=True)
class CueStarts:
    """Where any of some phrases (as _words matches them) begins in an ASCII text, found at once (several
    case-insensitive scans of their own took six times as long): the phrases whose first characters are known by a
    PhraseStarts (a word tries those its first two characters allow), the few that may begin with any word character
    ("\\w+'ll") by a scan of the lower-cased copy that stops after a character no phrase may follow. A status
    window's starts 14 -> 8 us (the one lower-cased alternation before)."""

    known: PhraseStarts | None
    others: str | None  # a lookahead at a start of the phrases the PhraseStarts does not hold, in a lower-cased text

    @cached_property
    def _others(self) -> tuple[re.Pattern, re.Pattern]:
        # after a character no phrase may follow, and at the text's first character, which has none before it
        before = _ascii_outside(r"[\w-]")
        return re.compile(before + self.others), re.compile(self.others)

    def starts(self, text: str) -> Iterator[int]:
        """The offsets where a phrase begins in ``text`` (ASCII), in no set order."""
        low = text.lower()
        if self.known is not None:
            yield from self.known._lowered_starts(low, 0, len(low))
        if self.others is not None:
            scan, at_start = self._others
            if at_start.match(low):
                yield 0
            for m in scan.finditer(low):
                yield m.end()


def cue_starts(phrases: list[str], name: str) -> CueStarts | None:
    """The CueStarts of ``phrases``; None when a phrase sets its own flags (a lower-cased copy would not do)."""
    if any(_sets_flags(p) for p in phrases):
        return None
    _, ascii_firsts = _first_characters_of(phrases, name)
    known = [p for p, f in zip(phrases, ascii_firsts) if f is not None]
    others = [p for p, f in zip(phrases, ascii_firsts) if f is None]
    return CueStarts(
        known=_phrase_starts([known], r"[\w-]", r"(?![\w-])", f"{name}_known") if known else None,
        others="(?=(?:" + "|".join(f"(?:{_folded(p)})" for p in others) + r")(?![\w-]))" if others else None,
    )


def _pair_branches(phrases: list[tuple[str, frozenset[str]]], after: str) -> str:
    """The lower-cased scan's branch after a first character: the phrases that can begin with it, narrowed by the
    character after it (a common word such as "the" or "and" tries the few phrases that can begin with its first two
    letters, not all those of its first), in a class per set of phrases; at the text's end, those one character can
    match."""
    either = lambda ps: "|".join(f"(?:{p})" for p in ps)  # noqa: E731
    by_second: dict[str, list[str]] = {}
    for p, seconds in phrases:
        for d in seconds:
            by_second.setdefault(d, []).append(p)
    ends = by_second.pop(END, None)
    by_phrases: dict[tuple[str, ...], list[str]] = {}
    for d, ps in sorted(by_second.items()):
        by_phrases.setdefault(tuple(ps), []).append(d)
    branches = [f"{_char_class(ds)}(?<=(?=(?:{either(ps)}){after})(?s:..))" for ps, ds in by_phrases.items()]
    if ends:
        branches.append(f"\\Z(?<=(?=(?:{either(ends)}){after}).)")
    return "(?:" + "|".join(branches) + ")"


def _char_class(chars) -> str:
    return "[" + "".join(c if c.isalnum() else f"\\x{ord(c):02x}" for c in chars) + "]"


def _ascii_outside(refused: str) -> str:
    """A class of the ASCII characters ``refused`` (a class: what no phrase may follow) does not match."""
    return _char_class(c for c in map(chr, range(128)) if not re.fullmatch(refused, c))


def _name_starts(names, tail: str) -> re.Pattern:
    """Where one of ``names`` (matched as written) begins, for an ASCII text: the standard library's engine
    skips to a possible first character at C speed when the pattern begins with their set, and looks back
    at the character before and ahead at the name from there (the names' own pattern, in the regex module,
    tries every position). Each match is the name's first character, and its group ``name`` what the names'
    own pattern matches there (the same alternation and tail, tried in the same order): \\w is the same in both
    engines on ASCII, and so is \\s but for the separators \\x1c-\\x1f, which only the standard library's takes
    for white space (extraction._name_matches leaves a text with one to the names' own pattern)."""
    first = "".join(re.escape(c) for c in sorted({n[0] for n in names}))
    return re.compile(f"[{first}]" + r"(?<![\w-].)(?<=(?=(?P<name>(?:" + alternation(names) + ")" + tail + ")).)")


def _both_names_starts(actors, actor_tail: str, places, place_tail: str) -> re.Pattern:
    """_name_starts of the actors and of the places in one scan (each scan's stops and lookbehind cost as much as
    its names): where an actor's name or a place's begins, its group ``name`` the actor's name there (as the actors'
    scan finds it), ``place`` or ``place_alone`` the place's (as the places' scan finds it), each looked for as
    its own scan looks, the place whether an actor begins there or not."""
    first = "".join(re.escape(c) for c in sorted({n[0] for n in actors} | {n[0] for n in places}))
    actor = "(?=(?P<name>(?:" + alternation(actors) + ")" + actor_tail + "))"
    place = "(?=(?P<{}>(?:" + alternation(places) + ")" + place_tail + "))"
    return re.compile(f"[{first}]" + r"(?<![\w-].)(?<=(?:" + actor + "(?:" + place.format("place") + ")?|" + place.format("place_alone") + ").)")


def _attached(participles: list[str]) -> dict[str, re.Pattern]:
    # up to three words between the trigger and the participle ("the drill Friday conducted by ...")
    participle = r"^\s*(?:[\w'()-]+\s+){0,3}?(?:" + "|".join(participles) + ")"
    return {
        "attached_agent": re.compile(participle + r"\s+by\b(?:\s+[\w'()-]+){0,10}\s*$", re.I),
        # the date after its preposition ("... conducted by ... on March 6") or a deictic one with none ("tests
        # conducted from a submerged barge last month")
        "attached_participle": re.compile(participle + r"\b[^,;:.]*?(?:\b(?:on|in|at))?\s*$", re.I),
    }


def _event_types(data: dict, classes: dict[str, WeaponClass]) -> tuple[EventType, ...]:
    groups = {g for c in classes.values() for g in c.groups} | {"leader", "speaker"}
    out, names = [], set()
    for spec in data.get("types") or []:
        where = f"event_types.yaml: {spec.get('name', '?')}"
        for key in ("name", "definition", "plover", "cameo", "triggers", "colour"):
            if key not in spec:
                raise LexiconError(f"{where}: missing {key!r}")
        if not str(spec["definition"]).strip():
            raise LexiconError(f"{where}: empty definition")
        if spec["cameo"] and not regex.fullmatch(r"\d{2,4}", str(spec["cameo"])):
            raise LexiconError(f"{where}: CAMEO code must be 2-4 digits")
        if spec["plover"] and spec["plover"] not in PLOVER_TYPES:
            raise LexiconError(f"{where}: unknown PLOVER type {spec['plover']!r}")
        if not regex.fullmatch(r"#[0-9a-f]{6}", str(spec["colour"])):
            raise LexiconError(f"{where}: colour must be #rrggbb in lower case")
        if spec["colour"] in {t.colour for t in out}:
            raise LexiconError(f"{where}: colour {spec['colour']} is another type's")
        if spec.get("needs") and spec["needs"] not in groups:
            raise LexiconError(f"{where}: needs an unknown group {spec['needs']!r}")
        try:
            triggers = _words(spec["triggers"])
        except re.error as exc:
            raise LexiconError(f"{where}: bad trigger pattern: {exc}") from exc
        names.add(spec["name"])
        out.append(
            EventType(spec["name"], spec["definition"], spec["plover"], str(spec["cameo"]), triggers, spec.get("needs"), tuple(spec.get("unless") or ()), spec["colour"])
        )
    for t in out:
        for other in t.unless:
            if other not in names:
                raise LexiconError(f"event_types.yaml: {t.name}: unless names unknown type {other!r}")
    return tuple(out)


PLOVER_TYPES = {
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE", "REJECT",
    "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
}


def _weapons(data: dict) -> tuple[dict[str, WeaponClass], WeaponMatcher]:
    classes = {}
    for name, spec in (data.get("classes") or {}).items():
        if not spec.get("definition"):
            raise LexiconError(f"weapons.yaml: class {name!r} has no definition")
        classes[name] = WeaponClass(name, spec["definition"], frozenset(spec.get("groups") or ()), spec.get("broader") or "")
    for cls in classes.values():
        if cls.broader and cls.broader not in classes:
            raise LexiconError(f"weapons.yaml: class {cls.name!r}: unknown broader class {cls.broader!r}")
    entries, branches = [], []

    def check_class(where: str, cls: str) -> None:
        if cls not in classes:
            raise LexiconError(f"weapons.yaml: {where}: unknown class {cls!r}")

    for fam in data.get("families") or []:
        check_class(fam["family"], fam["default_class"])
        for cls in (fam.get("numbers") or {}).values():
            check_class(fam["family"], cls)
        entries.append({"family": fam["family"], "owner": fam.get("owner", ""), "default_class": fam["default_class"], "numbers": {str(k): v for k, v in (fam.get("numbers") or {}).items()}})
        branches.append(fam["pattern"])
    for item in data.get("named") or []:
        check_class(item["name"], item["class"])
        entries.append({"name": item["name"], "class": item["class"], "owner": item.get("owner", "")})
        branches.append(item["pattern"])
    for item in data.get("generic") or []:
        check_class(item["name"], item["class"])
        entries.append({"name": item["name"], "class": item["class"], "owner": "", "generic": True})
        branches.append(item["pattern"])
    # each branch's number group gets its own name (number_W3) so one standard-library pattern holds them all
    body = "|".join(f"(?P<W{i}>{b.replace('(?P<number>', f'(?P<number_W{i}>')})" for i, b in enumerate(branches))
    try:
        pattern = re.compile(rf"(?<![\w-])(?:{body})(?![\w])", re.IGNORECASE)
    except re.error as exc:
        raise LexiconError(f"weapons.yaml: bad pattern: {exc}") from exc
    return classes, WeaponMatcher(pattern, tuple(entries), _phrase_starts([[b] for b in branches], r"[\w-]", r"(?![\w])", "weapon"))


# state: a country's name; capital and demonym: stand for the state when used as a subject ("Seoul said",
# "North Korean leader"), but name a place after "in"/"to" ...; person; body: agencies, parties, IGOs.
ACTOR_KINDS = {"state", "capital", "demonym", "person", "body"}


def _actors() -> tuple[dict[str, Actor], regex.Pattern]:
    actors = {}
    for row in read_csv(__package__, "actors.csv"):
        if row["kind"] not in ACTOR_KINDS:
            raise LexiconError(f"actors.csv: {row['alias']!r}: kind must be one of {sorted(ACTOR_KINDS)}")
        if row["kind"] in {"state", "capital", "demonym"} and not regex.fullmatch(r"[A-Z]{3}", row["code"]):
            raise LexiconError(f"actors.csv: {row['alias']!r}: a state's code is ISO 3166 alpha-3")
        if row["alias"] in actors:
            raise LexiconError(f"actors.csv: alias {row['alias']!r} listed twice")
        actors[row["alias"]] = Actor(row["name"], row["code"], row["kind"], row["state"])
        if row["alias"].startswith("the "):  # at the start of a sentence
            actors["The " + row["alias"][4:]] = actors[row["alias"]]
    # aliases are matched as written (case-sensitive: "US" but not "us"), longest first
    pattern = regex.compile(rf"(?<![\w-])(?:{alternation(actors)})(?:['’]s)?(?![\w-])")
    return actors, pattern


def _places() -> tuple[dict[str, Place], regex.Pattern]:
    places = {}
    for row in read_csv(__package__, "places.csv"):
        try:
            lat, lon = float(row["latitude"]), float(row["longitude"])
        except ValueError:
            raise LexiconError(f"places.csv: {row['alias']!r}: bad coordinates") from None
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise LexiconError(f"places.csv: {row['alias']!r}: coordinates out of range")
        places[row["alias"]] = Place(row["name"], lat, lon, row["country"], row["kind"])
    pattern = regex.compile(rf"(?<![\w-])(?:{alternation(places)})(?![\w-])")
    return places, pattern


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    classes, weapons = _weapons(read_data(__package__, "weapons.yaml"))
    type_data = read_data(__package__, "event_types.yaml")
    types = _event_types(type_data, classes)
    actors, actor_pattern = _actors()
    places, place_pattern = _places()
    tails = {"actor": r"(?:['’]s)?(?![\w-])", "place": r"(?![\w-])"}
    cues = read_data(__package__, "event_cues.yaml")
    # an order for an event makes it planned: the directives are planned cues too
    status = tuple((name, _words(phrases + (cues["directives"] if name == "planned" else []))) for name, phrases in cues["status"].items())
    if {n for n, _ in status} != {"negated", "failed", "hypothetical", "planned"}:
        raise LexiconError("event_cues.yaml: status must list negated, failed, hypothetical and planned cues")
    return Vocabulary(
        event_types=types,
        trigger_starts=_phrase_starts([spec["triggers"] for spec in type_data["types"]], r"[\w-]", r"(?![\w-])", "trigger"),
        thing_head=re.compile(r"\s+(?:" + "|".join(cues["thing_heads"]) + r")(?![\w-])", re.IGNORECASE),
        weapon_classes=classes,
        weapons=weapons,
        actors=actors,
        actor_pattern=actor_pattern,
        actor_starts=_name_starts(actors, tails["actor"]),
        places=places,
        place_pattern=place_pattern,
        place_starts=_name_starts(places, tails["place"]),
        names_starts=_both_names_starts(actors, tails["actor"], places, tails["place"]),
        status_cues=status,
        any_status_cue=cue_starts([p for phrases in cues["status"].values() for p in phrases] + cues["directives"], "status"),
        status_window=int(cues["status_window"]),
        status_predicate_reach=int(cues["status_predicate_reach"]),
        reporting=_words(cues["reporting_verbs"]),
        reference_words=_words(cues["reference_words"]),
        directive=_words(cues["directives"]),
        target_marker=_words(cues["target_markers"]),
        # the relation, then the occasion itself (the time expression, or "the summit on" before it)
        # a named occasion may run to six words, or to ten if it gives its day in brackets: "on the threshold of the Day of
        # the Shining Star (February 16)"
        occasion_relations=re.compile(r"(?<![\w-])(?:" + "|".join(cues["occasion_relations"]) + r")\s+(?:(?:[\w'-]+\s+){0,6}?(?:(?:on|in|at)\s+)?(?:the\s+)?\(?|(?:[\w'-]+\s+){0,10}?\()$", re.IGNORECASE),
        media_item=re.compile(r"\b(?:" + "|".join(cues["media_verbs"]) + r")\b(?:\s+[\w'-]+){0,6}?\s+(?:" + "|".join(cues["media_items"]) + r")\b", re.IGNORECASE),
        place_prepositions=frozenset(cues["place_prepositions"]),
        nominal_markers=frozenset(w.lower() for w in cues["nominal_markers"]),
        light_verbs=_words(cues["light_verbs"]),
        leader_roles=_words(cues["leader_roles"]),
        **_attached(cues["attached_participles"]),
        by_name={t.name: t for t in types},
    )
