"""From an article to its events: sentences -> triggers -> actors, weapon, place, governing date, status,
then the mentions of one event within the article merged into one row.

Small steps, each a function of its inputs; the vocabularies come from ``vocab.py`` (data files)."""

from __future__ import annotations

import bisect
import hashlib
import itertools
import operator
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import cache, lru_cache

from events.base.datafiles import LexiconError, read_data
from events.base.limits import InputBounds
from events.base.records import quick_init
from events.base.sentences import Sentence, lowered, split, unwrapped
from events.coding.vocab import Actor, CueStarts, EventType, Vocabulary, cue_starts, vocabulary
from events.reading.articles import Article
from events.timex import periods
from events.timex.rules import has_re_only_space
from events.timex.times import TimeMention, find_times

TEST_TYPES = frozenset({"missile_test", "satellite_launch", "nuclear_test", "weapons_test"})
NOMINAL_TYPES = frozenset({"negotiations"})
# a time expression that names its own year is "stated"; one resolved against the publication date "relative"
STATED = re.compile(r"\b\d{4}s?\b|'\d0s|\b(?:nineteen|twenty) \w+|century", re.I)
WORD = re.compile(r"[\w'’-]+")
# what ends the clause a time expression must share with its trigger to be preferred
# (a bare "and" before a new subject's article ends one too: "the satellite conquered space yesterday and an
# underground nuclear test was conducted today")
# Its first character taken by one class, each branch after it looking back at which it was: ";", a colon not
# after a digit, ", and", " and the": the engine skips to such a character at C speed (a look-behind or a \s+ first
# had it try every character: 1.75x faster, the same matches)
TIME_CLAUSE_BREAK = re.compile(r"[;:,\s](?:(?<=;)|(?<=:)(?<!\d:)(?!\d)|(?<=,)\s+(?:and|but|while|whereas)\s|(?<=\s)\s*and\s+(?=(?:an?|the)\s))")


@quick_init  # made for every name, trigger, time and event found: its fields set at once
@dataclass(frozen=True)
class Event:
    event_id: str
    article_id: str
    event_type: str
    date_start: date | None
    date_end: date | None
    date_precision: str
    timex: str
    time_text: str
    actors: tuple[str, ...]
    actor_codes: tuple[str, ...]
    weapon: str
    weapon_class: str
    location: str
    latitude: float | None
    longitude: float | None
    status: str
    date_basis: str
    sentence: str
    published: date | None
    published_from: str
    title: str
    source: str
    url: str
    rule: str
    plover: str = ""
    cameo: str = ""
    sentence_index: int = 0
    trigger: str = ""
    weapon_named: bool = False  # a named system (Hwasong-18), not a generic phrase (ICBM)
    anchor_id: str = ""  # the event this one is dated from ("days after ..."): never the same event
    agent: str = ""  # an attack's attacker, where its clause names one: attacks by two sides are two events


@quick_init  # made for every name, trigger, time and event found: its fields set at once
@dataclass(frozen=True)
class Found:
    """Something found in a sentence: its offsets in the article and what it is."""

    start: int
    end: int
    text: str
    what: object = None


@dataclass
class SentenceFacts:
    sentence: Sentence
    times: list[TimeMention]
    actors: list[Found]  # what = Actor
    weapons: list[Found]  # what = (name, class, owner, named: bool)
    places: list[Found]  # what = Place
    triggers: dict[str, list[Found]] = field(default_factory=dict)


# ------------------------------------------------------------------------------------------ finders
def _in(sentences: list[Sentence], items: list[Found]) -> list[list[Found]]:
    buckets: list[list[Found]] = [[] for _ in sentences]
    i, n = 0, len(sentences)
    for item in sorted(items, key=_start):
        while i < n and sentences[i].end <= item.start:
            i += 1
        if i < n and sentences[i].start <= item.start:
            buckets[i].append(item)
    return buckets


POSSESSIVE_ENDS = ("'s", "’s")


def find_actors(text: str, vocab: Vocabulary) -> list[Found]:
    """Actors by alias, longest first. A capital or demonym after a place preposition ("arrived in Busan",
    "in the South Korean port") is a place, not an actor; a surname others share ("Kim", "Moon") counts once
    its person is named in full (event_cues.yaml after_full_name)."""
    found, named = [], set()
    for start, _, name in _names_of(text, vocab, "actor"):
        alias = name[:-2] if name.endswith(POSSESSIVE_ENDS) else name  # a name never ends in a line break
        actor = vocab.actors[" ".join(alias.split())]  # the pattern lets any white space stand for a space
        if actor.kind in ("capital", "demonym") and alias == name:  # a possessive is always an actor
            before = WORD.findall(text[max(0, start - 30) : start])
            while before and before[-1].lower() in ("the", "a", "an"):
                before.pop()
            if before and before[-1].lower() in vocab.place_prepositions:
                continue
        if alias in _after_full_name() and actor.code not in named:
            continue  # a surname others share, alone before the person is named in full ("Kim", "Moon")
        named.add(actor.code)
        found.append(Found(start, start + len(alias), alias, actor))
    return found


@lru_cache(maxsize=1)
def _after_full_name() -> frozenset[str]:
    """event_cues.yaml after_full_name, read and checked once."""
    return frozenset(_word_list(read_data(__package__, "event_cues.yaml"), "after_full_name"))


def find_weapons(text: str, vocab: Vocabulary, within: list[tuple[int, int]] | None = None) -> list[Found]:
    """Weapons with their class: a numbered family member takes the class of its number, else the class
    a generic phrase right beside it gives ("Hwasong-19 ICBM"), else the family's default. ``within``:
    only in these spans of the text (the sentences that can hold an event)."""
    matcher = vocab.weapons
    raw = []
    spans = within if within is not None else [(0, len(text))]
    low = lowered(text)  # for the scan of every span
    for m in (m for lo, hi in spans for m in _weapon_matches(text, matcher, lo, hi, low)):
        i = int(m.lastgroup[1:]) if m.lastgroup and m.lastgroup.startswith("W") else next(i for i in range(len(matcher.entries)) if m.start(f"W{i}") >= 0)
        entry = matcher.entries[i]
        if "family" in entry:
            number = (m.group(f"number_W{i}") or "").upper()
            name = f"{entry['family']}-{number}" if number else entry["family"]
            cls = entry["numbers"].get(number) or entry["numbers"].get(number.lower()) or ""
            raw.append([m.start(), m.end(), m.group(0), name, cls, entry["owner"], True, entry["default_class"]])
        else:
            named = not entry.get("generic")
            raw.append([m.start(), m.end(), m.group(0), entry["name"], entry["class"], entry["owner"], named, entry["class"]])
    for k, item in enumerate(raw):
        if item[6] and not item[4]:
            # a generic phrase within a few characters says what this new number is
            vague = ("missile", "ballistic missile", "unknown")
            neighbours = [o for o in raw[max(0, k - 1) : k + 2] if o is not item and not o[6] and o[4] not in vague and abs(o[0] - item[1]) < 40 and abs(item[0] - o[1]) < 40]
            item[4] = neighbours[0][4] if neighbours else item[7]
    return [Found(s, e, t, (name, cls, owner, named)) for s, e, t, name, cls, owner, named, _ in raw]


def _weapon_matches(text: str, matcher, lo: int, hi: int, lowered: str | None = None):
    """What ``matcher.pattern.finditer(text, lo, hi)`` finds, the pattern tried only where its scan says some
    branch can match (a tenth of the time). ``lowered``: ``text.lower()``, if the caller has it."""
    end = lo
    for at in matcher.starts.starts(text, lo, hi, lowered):
        if at >= end and (m := matcher.pattern.match(text, at, hi)):
            end = m.end()
            yield m


def _name_matches(text: str, pattern, starts) -> Iterator[tuple[int, int, str]]:
    """(start, end, text) of what ``pattern.finditer(text)`` finds. In an ASCII text, the name ``starts`` found
    at each start it finds (vocab._name_starts: the same alternation in the standard library's engine) without
    trying ``pattern`` again (a third of finding the actors); but in a text with a character the two engines'
    \\s part on."""
    if not text.isascii() or has_re_only_space(text):
        for m in pattern.finditer(text):
            yield m.start(), m.end(), m.group(0)
        return
    end = 0
    for start in starts.finditer(text):
        at = start.start()
        if at >= end:
            end = start.end("name")
            yield at, end, start.group("name")


def find_places(text: str, vocab: Vocabulary) -> list[Found]:
    return [Found(start, end, name, vocab.places[" ".join(name.split())]) for start, end, name in _names_of(text, vocab, "place")]


def _names_of(text: str, vocab: Vocabulary, kind: str) -> list[tuple[int, int, str]] | Iterator[tuple[int, int, str]]:
    """_name_matches of the actors' (``kind`` "actor") or the places' patterns; in an ASCII text both found by one
    scan (vocab.names_starts), kept for the text last asked: find_actors and find_places read the same article."""
    if not text.isascii() or has_re_only_space(text):
        return _name_matches(text, *((vocab.actor_pattern, vocab.actor_starts) if kind == "actor" else (vocab.place_pattern, vocab.place_starts)))
    last = _names_scanned[0]  # read once, replaced whole: a thread never reads another text's names
    if last is None or last[0] is not text or last[1] is not vocab:
        actors, places, actor_end, place_end = [], [], 0, 0
        for m in vocab.names_starts.finditer(text):
            at = m.start()
            if at >= actor_end and m.group("name") is not None:
                actor_end = m.end("name")
                actors.append((at, actor_end, m.group("name")))
            place = "place" if m.group("place") is not None else "place_alone"
            if at >= place_end and m.group(place) is not None:
                place_end = m.end(place)
                places.append((at, place_end, m.group(place)))
        last = _names_scanned[0] = (text, vocab, actors, places)
    return last[2] if kind == "actor" else last[3]


_names_scanned: list = [None]  # (the text last scanned for names, its vocabulary, its actors, its places)


def find_triggers(text: str, sentence: Sentence, vocab: Vocabulary, hits: dict[str, list[Found]] | None = None) -> dict[str, list[Found]]:
    """The trigger words of each event type in the sentence (``hits``: all of the text's, found once)."""
    if hits is None:
        hits = all_triggers(text, vocab)
    out: dict[str, list[Found]] = {}
    for name, found in hits.items():
        if not found:
            continue
        # each type's hits are in text order: the sentence's are a slice, found by bisection (a scan of every hit
        # per sentence cost the article's hits times its sentences)
        inside = found[bisect.bisect_left(found, sentence.start, key=_start) : bisect.bisect_left(found, sentence.end, key=_start)]
        if inside:
            out[name] = inside
    if len(out) < 2:
        return out  # one type's triggers alone: none lies inside another type's
    # a trigger inside another type's trigger is that type's ("test" inside "nuclear test"). A container
    # starts at most the longest trigger's length before the one it holds: only those are looked at
    spans = sorted((f.start, f.end, name) for name, fs in out.items() for f in fs)
    starts = [s for s, _, _ in spans]
    longest = max((e - s for s, e, _ in spans), default=0)

    def contained(f: Found, name: str) -> bool:
        window = spans[bisect.bisect_left(starts, f.end - longest) : bisect.bisect_right(starts, f.start)]
        return any(s <= f.start and f.end <= e and (e - s) > (f.end - f.start) and n != name for s, e, n in window)

    for name in list(out):
        kept = [f for f in out[name] if not contained(f, name)]
        if kept:
            out[name] = kept
        else:
            del out[name]
    return out


_start = operator.attrgetter("start")  # a found thing's start: the sort and bisection key, read in C (no call of a function of ours)


def all_triggers(text: str, vocab: Vocabulary) -> dict[str, list[Found]]:
    """Each event type's trigger words in the text, as each type's own scan would find them (no two of a
    type overlap), tried only where some trigger begins; not one that names a thing ("the launch sites":
    event_cues.yaml thing_heads)."""
    types = vocab.event_types
    found: list[list[Found]] = [[] for _ in types]
    ends = [0] * len(types)  # where each type's last trigger ends
    scan = vocab.trigger_starts
    for at in scan.starts(text):
        for i in scan.groups_at(text, at):  # the types whose triggers can begin here
            if at >= ends[i] and (m := types[i].triggers.match(text, at)):
                ends[i] = m.end()
                if not vocab.thing_head.match(text, m.end()):
                    found[i].append(Found(m.start(), m.end(), m.group(0)))
    return {et.name: hits for et, hits in zip(types, found)}


TIME_PREPOSITION = re.compile(r"\s(?:on|at|upon)$", re.I)


def _without_time_objects(text: str, hits: dict[str, list[Found]], times: list[TimeMention]) -> dict[str, list[Found]]:
    """The triggers without those whose closing preposition takes a time, not a target: "the missile fired on
    Wednesday", "two missiles fired at 5:40 p.m." are launches, not "fired on" a target (an attack). Dropped
    before the containment test, so that the shorter trigger inside ("fired") is found again."""
    starts = {m.start for m in times if m.type in ("DATE", "TIME")}
    if not starts:
        return hits
    return {name: [f for f in found if not (TIME_PREPOSITION.search(f.text) and SPACES.match(text, f.end).end() in starts)]
            for name, found in hits.items()}


def _cue_alternation(key: str) -> str:
    """event_cues.yaml's word list ``key`` as one alternation, for the pattern that places it."""
    return _alt(_word_list(read_data(__package__, "event_cues.yaml"), key))


@lru_cache(maxsize=1)
def _characterized() -> re.Pattern:
    """event_cues.yaml characterizations, read and checked once: the words that end right before a trigger
    telling what something else was called."""
    verbs = _cue_alternation("characterizations")
    return re.compile(rf"(?<![\w-])(?:{verbs})(?:\s+(?:it|them|this|that))?\s+as\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+){{0,3}}$", re.I)


def _without_characterized(text: str, hits: dict[str, list[Found]]) -> dict[str, list[Found]]:
    """The triggers without those that name what something else was called ("a missile was test-fired, which
    officials brushed off as a regular military drill", "during what the North describes as a drill"): the
    word tells how an event was seen, it is no event of its own (event_cues.yaml characterizations)."""
    cue = _characterized()
    # the cue ends in "as" and a few words: a trigger with no " as " in the window before it needs no search
    return {name: [f for f in found if " as " not in text[max(0, f.start - 80) : f.start] or not cue.search(text, max(0, f.start - 80), f.start)]
            for name, found in hits.items()}


# ------------------------------------------------------------------------------------------ per event
POSSESSIVE_AFTER = re.compile(r"['’]s(?![\w'’-])")
PLURAL_POSSESSIVE_AFTER = re.compile(r"['’]\s+[\w-]")  # "the talks' other parties"; not a closing quote
OPENING_QUOTE_BEFORE = re.compile(r"[‘'\"“]\S[^‘'\"“]*$")


def _possessor(text: str, f: Found) -> bool:
    """Does the trigger end in a possessive ("the summit's", "the talks' ")?"""
    if POSSESSIVE_AFTER.match(text, f.end):
        return True
    # a plural's bare apostrophe, unless it closes a quote opened just before ("the ‘training launch’ of ...")
    return f.text.lower().endswith("s") and bool(PLURAL_POSSESSIVE_AFTER.match(text, f.end)) and not OPENING_QUOTE_BEFORE.search(text, max(0, f.start - 40), f.start)


def _without_possessors(text: str, hits: dict[str, list[Found]]) -> dict[str, list[Found]]:
    """Triggers that end in a possessive name the owner of something else, not an event told ("the talks' other
    five parties", "the summit's agenda"): none."""
    return {name: [f for f in found if not _possessor(text, f)] for name, found in hits.items()}


def _groups(weapons: list[Found], vocab: Vocabulary) -> set[str]:
    return {g for w in weapons for g in vocab.weapon_classes[w.what[1]].groups if w.what[1] in vocab.weapon_classes}


def _needs_met(et: EventType, facts: SentenceFacts, vocab: Vocabulary) -> bool:
    if et.needs is None:
        return True
    if et.needs == "leader":
        if any(_leader_events().fullmatch(f.text) for f in facts.triggers.get(et.name, ())):
            return True  # "the 2000 summit", "a summit in Geneva": the word names a meeting of leaders
        # a named person, or a leader named by role beside a state ("the leaders of North and South Korea met")
        led = any(a.what.kind == "person" for a in facts.actors) or bool(vocab.leader_roles.search(facts.sentence.text))
        return led and len({a.what.state or a.what.code for a in facts.actors}) >= 1
    if et.needs == "speaker":
        return bool(facts.actors)
    if et.needs == "missile":
        # a satellite or its rocket is not a missile test, unless a missile is named too
        return any("missile" in vocab.weapon_classes[w.what[1]].groups for w in facts.weapons)
    if et.needs == "force" and any(_force_in_trigger().search(f.text) for f in facts.triggers.get(et.name, ())):
        return True  # "The carrier departed Singapore": the trigger names the force it moves
    if et.needs == "space":
        # a satellite fired at is the target, not what was launched ("a Standard Missile-3 is launched ... toward a
        # non-working satellite": event_cues.yaml space_targets)
        cue = _space_target()
        at = facts.sentence.start
        return et.needs in _groups([w for w in facts.weapons if not cue.search(facts.sentence.text, max(0, w.start - at - 80), max(0, w.start - at))], vocab)
    return et.needs in _groups(facts.weapons, vocab)


@lru_cache(maxsize=1)
def _space_target() -> re.Pattern:
    """event_cues.yaml space_targets, read and checked once: a word a few words before a satellite that makes it
    what was fired at."""
    words = _cue_alternation("space_targets")
    return re.compile(rf"(?<![\w-])(?:{words})(?![\w-])(?:\s+[\w'’-]+){{0,5}}?\s*$", re.I)


@lru_cache(maxsize=1)
def _force_in_trigger() -> re.Pattern:
    """event_cues.yaml force_nouns, read and checked once."""
    return re.compile(rf"\b(?:{_cue_alternation('force_nouns')})\b", re.I)


@lru_cache(maxsize=1)
def _leader_events() -> re.Pattern:
    """event_cues.yaml leader_events, read and checked once."""
    return re.compile(_cue_alternation("leader_events"), re.I)


def _nearest(items: list[Found], trigger: Found) -> Found | None:
    if not items:
        return None
    return min(items, key=lambda f: abs((f.start + f.end) / 2 - (trigger.start + trigger.end) / 2))


def _weapon_for(event_type: str, facts: SentenceFacts, trigger: Found, vocab: Vocabulary) -> Found | None:
    wanted = {"missile_test": "missile", "satellite_launch": "space", "nuclear_test": "nuclear", "weapons_test": None, "military_deployment": "force", "military_exercise": "force"}
    if event_type not in wanted:
        return None
    group = wanted[event_type]
    pool = [w for w in facts.weapons if group is None or group in vocab.weapon_classes[w.what[1]].groups]
    if event_type == "weapons_test":
        pool = [w for w in facts.weapons if w.what[1] in ("engine", "rocket launcher", "artillery", "surface-to-air missile", "unknown")] or pool
    if not pool:
        return None
    # a named system beats a generic phrase; between equals, the nearest to the trigger
    named = [w for w in pool if w.what[3]]
    best = _nearest(named or pool, trigger)
    if best is not None and best.what[1] in ("unknown", "missile", "ballistic missile"):
        # a more specific class stated beside a named system: "its most advanced ICBM"
        specific = [w for w in pool if not w.what[3] and w.what[1] not in ("missile", "ballistic missile", "unknown")]
        if specific and best.what[3]:
            best = Found(best.start, best.end, best.text, (best.what[0], _nearest(specific, best).what[1], best.what[2], True))
    return best


def _words_between(text: str, a: int, b: int) -> int:
    lo, hi = (a, b) if a <= b else (b, a)
    return len(WORD.findall(text, lo, hi))


def _few_words_between(text: str, a: int, b: int, most: int) -> bool:
    """Are there at most ``most`` words between two offsets? Stops counting past it: asked for every time
    expression of a sentence, a full count would cost the square of the sentence's length."""
    lo, hi = (a, b) if a <= b else (b, a)
    return sum(1 for _ in itertools.islice(WORD.finditer(text, lo, hi), most + 1)) <= most


def _reporting(text: str, mention: TimeMention, sentence: Sentence, vocab: Vocabulary) -> bool:
    """A time expression right beside a verb of saying dates the report ("KCNA reported on Thursday", "a
    question raised by KCNA Wednesday", "said Friday")."""
    before = text[max(sentence.start, mention.start - 40) : mention.start]
    verbs = list(vocab.reporting.finditer(before))
    # "said that North Korea recently fired": after "that" the time is the complement's, not the saying's
    if verbs and len(WORD.findall(before[verbs[-1].end() :])) <= 3 and not THAT_CLAUSE.search(" " + before[verbs[-1].end() :]):
        return True
    after = text[mention.end : min(sentence.end, mention.end + 25)]
    if vocab.reporting.match(after.lstrip(" ,")):
        return True
    # "On Friday, the North confirmed it had tested ...": a time that opens the sentence, then its subject and a verb
    # of saying or confirming with what was said after it: the day of the saying (as in "the North said on Friday")
    # A coarser time ("Earlier this year, the North said several times that it had carried out ...") spans the acts
    # told as well as the sayings: it dates both
    if (mention.precision == "day" and _few_words_between(text, sentence.start, mention.start, 1)
            and _opening_saying().match(text, mention.end, min(sentence.end, mention.end + 80))):
        return True
    # "He told the Cuban TV on February 20 that the DPRK conducted ...": a verb of telling, its addressee (a
    # noun phrase), the day, then what was said
    if THAT_CLAUSE.match(after):
        wide = text[max(sentence.start, mention.start - 60) : mention.start]
        verbs = list(document_cues().telling.finditer(wide))
        if verbs:
            addressee = wide[verbs[-1].end() :]
            return len(WORD.findall(addressee)) <= 6 and not document_cues().not_noun_phrase.search(addressee)
    return False


THAT_CLAUSE = re.compile(r"\s+that\s", re.I)


@lru_cache(maxsize=1)
def _opening_saying() -> re.Pattern:
    """After a time that opens the sentence: its comma, a subject of one to five words, then a verb of saying
    (reporting_verbs) or confirming (event_cues.yaml confirming_verbs) and what was said."""
    cues = read_data(__package__, "event_cues.yaml")
    verbs = _alt(cues["reporting_verbs"] + _word_list(cues, "confirming_verbs"))
    return re.compile(rf"\s*,\s+(?:[\w'’.-]+\s+){{1,5}}?(?:{verbs})(?![\w-])\s+(?:that\s+)?\w", re.I)


def _governing_time(event_type: str, trigger: Found, facts: SentenceFacts, text: str, vocab: Vocabulary, rivals: list[Found] = ()) -> TimeMention | None:
    """The time expression that dates the event (see _time_in_sentence); failing one, the date that heads its
    chronology entry ("April 26: ... the U.S. test fires a Minuteman III missile")."""
    found = _time_in_sentence(event_type, trigger, facts, text, vocab, rivals)
    if found is None:
        found = next((m for m in facts.times if m.end <= trigger.start and _chronology_head(text, m)), None)
    return found


CHRONOLOGY_LINE = re.compile(r"(?:^|\n)[ \t]*(?:[-–—•*][ \t]*)?$")
CHRONOLOGY_COLON = re.compile(r"[ \t]*:")


def _chronology_head(text: str, m: TimeMention) -> bool:
    """Does the time expression head a chronology entry: alone at the start of its line (after a bullet, if
    any) and followed by a colon ("Jan. 23, 1968: ...", "- 2007: ...")? It dates the events of its entry."""
    return m.type == "DATE" and m.range_start is not None and bool(CHRONOLOGY_COLON.match(text, m.end)) \
        and bool(CHRONOLOGY_LINE.search(text, max(0, m.start - 8), m.start))


def _time_in_sentence(event_type: str, trigger: Found, facts: SentenceFacts, text: str, vocab: Vocabulary, rivals: list[Found] = ()) -> TimeMention | None:
    """The time expression of the sentence that dates the event: not a dateline, not one that dates a report,
    not an occasion the event came before ("ahead of ..."), not one nearer another event's trigger; in the
    trigger's clause first, then the nearest in the sentence."""
    def distance(m: TimeMention, t: Found) -> float:
        return abs((m.start + m.end) / 2 - (t.start + t.end) / 2)

    candidates = [
        m
        for m in facts.times
        if m.type in ("DATE", "TIME") and m.rule != "dateline" and m.value not in ("PRESENT_REF",)
        and (event_type == "statement" or not _reporting(text, m, facts.sentence, vocab) and not _document_time(text, m, facts.sentence))
        and not vocab.occasion_relations.search(text[max(facts.sentence.start, m.start - 90) : m.start])
    ]
    if not candidates:
        return None  # every step below only narrows them (most sentences with a trigger have no date of their own)

    def sentence_initial(m: TimeMention) -> bool:  # "Earlier this month, ..." scopes over the whole sentence
        return _few_words_between(text, facts.sentence.start, m.start, 1)

    def apart(m: TimeMention, t: Found) -> bool:  # a comma, a conjunction or a time-order word between them
        return bool(APART.search(text, min(m.end, t.end), max(m.start, t.start)))

    by_mid = sorted(rivals, key=lambda r: (r.start + r.end) / 2)
    mids = [(r.start + r.end) / 2 for r in by_mid]

    def rivals_own(m: TimeMention) -> bool:
        # the rivals nearest to it on each side (bisection): a farther one on the same side has every break
        # the nearer one has between it and the expression, so these two decide for all
        i = bisect.bisect_left(mids, (m.start + m.end) / 2)
        nearer = [by_mid[j] for j in (i - 1, i) if 0 <= j < len(by_mid) and distance(m, by_mid[j]) < distance(m, trigger)]
        # nearer another trigger, but in this trigger's clause and not in that one's: still this one's
        # ("put into orbit ... in June 2022, and in May 2023 ... satellites were placed in orbit")
        return bool(nearer) and not (not apart(m, trigger) and all(apart(m, r) for r in nearer))

    # a claim's clause past the trigger: its times are the claim's (found once: a search per expression would
    # cost the square of the sentence's length; not at all when no time stands past the trigger)
    claim = _complement_clause().search(text, trigger.end, facts.sentence.end) if any(m.start > trigger.end for m in candidates) else None
    unowned = [m for m in candidates if (sentence_initial(m) or not rivals_own(m)) and not (claim is not None and m.start >= claim.end())]
    candidates = [m for m in unowned if not _in_aside(text, m, trigger, facts.sentence.start, facts.sentence.end)]
    if not candidates and len(unowned) == 1 and _subject_aside_dates(text, unowned[0], trigger, facts.sentence):
        candidates = unowned
    # "The summit takes place three days after the counsel indicted officers over the 2016 campaign": a time
    # after "<duration> after|before" that follows the trigger belongs to the event the event is dated from
    links = [link.end() for d in facts.times if d.type == "DURATION" and d.start >= trigger.end
             and (link := report_cues().connective.match(text, d.end))]
    if links:
        candidates = [m for m in candidates if not any(m.start >= at for at in links)]
    if not candidates:
        return None
    s = facts.sentence
    head = _clause_before(text, max(s.start, trigger.start - 100), trigger.start)  # the trigger's clause up to it
    if (event_type in TEST_TYPES or event_type in NOMINAL_TYPES) and _nominal(text, trigger, s, vocab):
        # "the successful test-fire of X" in a story about something else: only a date right beside it; but a
        # test the clause's event happened during ("In August 2019, it suffered an explosion during tests") takes
        # the time of that clause, told before it (event_cues.yaml inclusion_prepositions)
        within = act_cues().inclusion.search(text, max(s.start, trigger.start - 60), trigger.start) is not None
        # a noun in an apposition that closes the sentence renames the clause's event ("In November, two
        # projectiles were fired ..., the fourth test of its super-large multiple-rocket launcher"): the clause's time
        renamed = _renaming_apposition(text, trigger, s, vocab)
        # one of the instances listed after a time ("provocative actions in recent weeks, including a launch of
        # a ballistic missile from a submarine"): the time the list hangs on (event_cues.yaml instance_cues)
        listed = _listing_cue(text, trigger, s)
        candidates = [m for m in candidates if _beside(text, m, trigger, vocab)
                      or within and m.end <= trigger.start and not TIME_CLAUSE_BREAK.search(text, m.end, trigger.start)
                      or renamed >= 0 and m.end <= renamed and not TIME_CLAUSE_BREAK.search(text, m.end, renamed)
                      or listed >= 0 and m.end <= listed and _few_words_between(text, m.end, listed, 0)]
        if (vocab.reference_words.search(head) or vocab.media_item.search(head)) and not _after_sequence_word(head, vocab):
            # the test is what a reaction or a media item is about: a date after it is the reaction's or
            # the item's (event_cues.yaml reference_words, media_verbs); "the July 4 test" still dates it,
            # and so does a participle's ("following the drill conducted by ... on March 6"); after a word
            # of time order ("after its nuclear test on 25 May": sequence_words) the date beside it is its own
            # (and "denounced the launch of March 24": a date joined by "of" alone is the launch's own)
            candidates = [m for m in candidates if m.end <= trigger.start or vocab.attached_participle.search(text[trigger.end : m.start])
                          or OF_DATE.fullmatch(text, trigger.end, m.start)]
        if not candidates:
            return None
    if vocab.directive.search(head):
        # an ordered event: a date after it is the order's (event_cues.yaml directives)
        candidates = [m for m in candidates if m.end <= trigger.start]
        if not candidates:
            return None
    # same clause first: no ";" or ":" between the expression and the trigger. The sentence's breaks are found
    # once (a search per expression would cost the square of the sentence's length)
    breaks = [(b.start(), b.end()) for b in TIME_CLAUSE_BREAK.finditer(text, s.start, s.end)]
    break_starts = [b[0] for b in breaks]

    def clause_break(m: TimeMention) -> bool:
        lo, hi = sorted((m.start, trigger.start))
        i = bisect.bisect_left(break_starts, lo)  # the first break at or after lo ends first: is it before hi?
        return i < len(breaks) and breaks[i][1] <= hi

    same_clause = [m for m in candidates if not clause_break(m)]
    pool = same_clause or candidates
    best = min(pool, key=lambda m: abs((m.start + m.end) / 2 - (trigger.start + trigger.end) / 2))
    if best.rule == CLOCK_ALONE:
        # a time of day alone names no day (its day is the reference's): a day of the clause dates the event
        # ("was blown up at 5:05 p.m. local time (0805 GMT), Friday"); a date over a weekday ("on Wednesday
        # (Oct. 30)": the date names the day, the weekday may be a slip)
        days = [m for m in pool if m.rule != CLOCK_ALONE and m.type == "DATE" and m.precision == "day"]
        if days:
            best = min(days, key=lambda m: (m.rule == "weekday", abs((m.start + m.end) / 2 - (trigger.start + trigger.end) / 2)))
    if _tally(text, best, s):
        # "its first such launch of the year" describes the event: a finer expression of the sentence dates it
        finer = [m for m in candidates if not _tally(text, m, s) and m.range_start is not None and PRECISION_RANK.get(m.precision, 99) < PRECISION_RANK.get(best.precision, 99)
                 and _within(m.range_start, m.range_end, best)]
        if finer:
            return min(finer, key=lambda m: abs((m.start + m.end) / 2 - (trigger.start + trigger.end) / 2))
    return best


@lru_cache(maxsize=1)
def _complement_clause() -> re.Pattern:
    """event_cues.yaml complement_nouns, read and checked once: a noun and the "that" of its clause."""
    nouns = _cue_alternation("complement_nouns")
    return re.compile(rf"(?<![\w-])(?:{nouns})\s+that(?![\w-])", re.I)


# an aside set off by commas that describes a noun with a predicate of its own: a relative pronoun, or a noun
# phrase and its participle ("The IRGC, a force created after 1979 to guard the revolution, revealed ...")
ASIDE_OPENING = re.compile(r",\s+(?:(?:who|which|whose)\b|(?:an?|the)\s+(?:[\w'’-]+(?:,\d+)*\s+){1,6}?[\w'’-]{3,}ed\b)", re.I)
CLAUSE_COMMA = re.compile(r",(?!\d)")


ASIDE_REACH = 200  # characters an aside's commas may stand from its time expression (bounded work per expression)


def _in_aside(text: str, m: TimeMention, trigger: Found, lo: int, hi: int) -> bool:
    """Does the time expression lie in an aside of commas, without the trigger, that has a predicate of its
    own before it ("The IRGC, a force created after 1979 to guard the revolution, revealed that ... had been
    used to launch ...", "Kim, who took power in 2011, oversaw ...")? Its time is that predicate's."""
    # the commas of clauses, not those inside a number ("a 3,000 tonne boat commissioned last month,")
    openings = [c.start() for c in CLAUSE_COMMA.finditer(text, max(lo, m.start - ASIDE_REACH), m.start)]
    opening = openings[-1] if openings else -1
    close = CLAUSE_COMMA.search(text, m.end, min(hi, m.end + ASIDE_REACH))
    closing = close.start() if close else -1
    if opening < 0 or closing < 0 or opening < trigger.start < closing:
        return False
    if trigger.end <= opening and _few_words_between(text, trigger.end, opening, 2):
        return False  # an aside right after the trigger describes it ("another test, which was conducted on December 13,")
    return ASIDE_OPENING.match(text, opening, m.start) is not None and not re.search(r";|(?<!\d):(?!\d)", text[opening:closing])


SUBJECT_ASIDE = re.compile(r"[^,;:]{1,40}?,\s+(?:who|which)\s[^,;:]+,\s+(?:was|were)\s", re.I)


def _subject_aside_dates(text: str, m: TimeMention, trigger: Found, sentence: Sentence) -> bool:
    """May a day told in a relative aside about the subject date the passive main verb right after it, the
    sentence's only time ("The defector, who ran across the border on November 13, was shot four times", "The
    tanker, which left port on Monday, was attacked")? What befell the subject befell it in the act the aside
    tells, unless something else dates it. An active verb ("The submarine, which was commissioned on Monday,
    fired ...") is a later act of its own: not dated so."""
    if m.type != "DATE" or m.precision != "day":
        return False
    lead = SUBJECT_ASIDE.match(text, sentence.start, trigger.end)
    return lead is not None and lead.start() == sentence.start and m.end <= lead.end() and trigger.start < lead.end() + 1 \
        and trigger.start >= lead.end() - 5 and _few_words_between(text, sentence.start, text.find(",", sentence.start), 4)


RELATIVE_WORD = re.compile(r"(?<![\w'’-])(?:where|which|who|whose|that)(?![\w'’-])", re.I)


@lru_cache(maxsize=1)
def _response_opener() -> re.Pattern:
    """event_cues.yaml response_openers, read and checked once: a sentence that opens with one."""
    return re.compile(rf"\s*[\"“]?(?:{_cue_alternation('response_openers')})(?![\w'’-])", re.I)


def _listing_cue(text: str, trigger: Found, sentence: Sentence) -> int:
    """Where an instance cue stands a determiner or two before the trigger ("including a launch of ...",
    "among them the test of ..."), else -1."""
    cue = None
    for cue in kind_cues().instances.finditer(text, max(sentence.start, trigger.start - 40), trigger.start):
        pass
    if cue is None or not _few_words_between(text, cue.end(), trigger.start, 2):
        return -1
    return cue.start()


GENERIC_MISSILE = frozenset({"missile", "unknown", ""})  # what "projectiles", "rockets" name


def _renamed_launches(text: str, sentence: Sentence, made: list[tuple[int, Event]], vocab: Vocabulary) -> list[tuple[int, Event]]:
    """The sentence's events without a launch of generic projectiles that an apposition closing the sentence renames
    as the test of another weapon ("two short-range projectiles were fired ..., the fourth test of its super-large
    multiple-rocket launcher": a weapons test, not a missile test)."""
    renamers = [at for at, e in made if e.event_type == "weapons_test"
                and _renaming_apposition(text, Found(at, at + len(e.trigger), e.trigger), sentence, vocab) >= 0]
    if not renamers:
        return made
    return [(at, e) for at, e in made if not (e.event_type == "missile_test" and e.weapon_class in GENERIC_MISSILE and at < min(renamers))]


ORDINAL = re.compile(r"\d+(?:st|nd|rd|th)", re.I)


def _renaming_apposition(text: str, trigger: Found, sentence: Sentence, vocab: Vocabulary) -> int:
    """Where the comma stands before a noun trigger that heads an apposition closing the sentence, only a
    determiner, a possessive or an ordinal between them and no verb after it ("..., the fourth test of its
    multiple-rocket launcher."): the apposition renames the clause's event. Else -1."""
    comma = text.rfind(",", max(sentence.start, trigger.start - APPOSITION_REACH), trigger.start)
    if comma < 0 or sentence.end - trigger.end > APPOSITION_REACH \
            or not all(w.lower() in vocab.nominal_markers or ORDINAL.fullmatch(w) for w in WORD.findall(text, comma, trigger.start)):
        return -1  # (an apposition that closes the sentence is short: a longer tail is not looked through)
    rest = WORD.findall(text, trigger.end, sentence.end)
    if PUNCTUATION.search(text, trigger.end, sentence.end) or any(w.lower() in AUXILIARIES or w.lower() in ("that", "which", "who") for w in rest):
        return -1
    return comma


APPOSITION_REACH = 160  # characters before a trigger where a renaming apposition's comma is looked for


OF_DATE = re.compile(r"\s+of\s+")


COARSE = ("month", "season", "quarter", "half", "year")
PRECISION_RANK = {p: i for i, p in enumerate(("day", "week", "month", "season", "quarter", "half", "year", "decade", "century"))}


def _within(start: date | None, end: date | None, coarse: TimeMention) -> bool:
    """Does [start, end] lie inside the coarse expression's range (a finer reading that agrees with it)?"""
    return None not in (start, end, coarse.range_start, coarse.range_end) and coarse.range_start <= start and end <= coarse.range_end


def _tally(text: str, m: TimeMention, sentence: Sentence) -> bool:
    """A coarse time expression after a tally word ("the latest in a string of tests this year"): it
    describes the event (event_cues.yaml tallies)."""
    return m.precision in COARSE and bool(report_cues().tally.search(text[max(sentence.start, m.start - 80) : m.start]))


RENAMING_VERB = re.compile(r"(?:also |thus )?(?:was|is|marks|marked|became|becomes)\s+(?:also\s+)?(?:the|an?|its|their|[A-Z][\w.-]*(?:\s[A-Z][\w.-]*)*['’]s?)\s", re.I)


def _news_tallied(sentence: Sentence, event_type: str, events: list[Event], lead_end: int) -> Event | None:
    """The report's news a tally counts, when the sentence names the news by a pronoun or its noun ("It was also
    Japan's fifth satellite launch in fiscal 2014", "This was the North's 10th launch this year", "The launch was
    the third this month"; event_cues.yaml shifted_events.pronoun_subjects): the lead's event of the same type
    dated to the day, else None."""
    subject = report_cues().pronoun_subject.match(sentence.text)
    if subject is None or not RENAMING_VERB.match(sentence.text, subject.end()):
        return None  # not "The sanctions were first imposed in 2006": the tally is another's then
    return next((e for e in events if e.sentence_index < lead_end and e.event_type == event_type and e.date_precision == "day"
                 and e.status in ("occurred", "failed") and e.date_start is not None), None)


def _counted_from(text: str, m: TimeMention, sentence: Sentence, start: date, end: date) -> bool:
    """A tally counted from the time expression ("for a sixth time since 2019"): the count runs from its
    first day on, so a report's day [start, end] after it lies within the tally (event_cues.yaml tally_from)."""
    return m.range_start is not None and m.range_start <= start <= end \
        and bool(report_cues().tally_from.search(text, max(sentence.start, m.start - 20), m.start))


RELATIVE_LEAD = re.compile(r"(?<![\w'’-])(?:that|which|who)\s*$", re.I)
# where RELATIVE_LEAD can begin, back from the end of a text's last word: its longest pronoun; searched from there
# only, not along the whole text before each trigger
RELATIVE_LEAD_REACH = len("which")
# what ends a status scope (_scope_end): a comma, a semicolon, or a word that opens another clause
STATUS_SCOPE_BREAK_WORDS = "after|before|amid|following|since|until|during|when|while"
STATUS_SCOPE_BREAK_WORD = re.compile(rf"\b(?:{STATUS_SCOPE_BREAK_WORDS})\b", re.I)
# the same words on a lower-cased ASCII text, with no \b before them: a pattern that opens with its words lets the
# engine skip to their first letters (the \b before is checked on each find: ASCII_WORD_CHARACTERS)
STATUS_SCOPE_BREAK_LOWERED = re.compile(rf"(?:{STATUS_SCOPE_BREAK_WORDS})\b")
ASCII_WORD_CHARACTERS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")


def _scope_end(head: str) -> int | None:
    """Where the text before a trigger's last comma, semicolon or STATUS_SCOPE_BREAK_WORD ends; None without one.
    What ``.*(?:,|;|word)`` (greedy) matched from the start, found from the last comma instead: that pattern went
    to the text's end and tried the words back at every character, for each trigger (3.2 us of a KCNA status;
    this 1.7). No word can begin inside another (a word character before and after each), so the last found is
    the last one; a find inside a word ("thereafter") hides none, as no word begins inside it."""
    cut = max(head.rfind(","), head.rfind(";"))
    end = None
    if head.isascii():  # lower() keeps the offsets and reads case as the engine does
        low = head.lower()
        for m in STATUS_SCOPE_BREAK_LOWERED.finditer(low, cut + 1):
            if m.start() == 0 or low[m.start() - 1] not in ASCII_WORD_CHARACTERS:
                end = m.end()
    else:
        for m in STATUS_SCOPE_BREAK_WORD.finditer(head, cut + 1):
            end = m.end()
    if end is not None:
        return end
    return cut + 1 if cut >= 0 else None


def _last_words(text: str, n: int) -> list[str]:
    """``WORD.findall(text)[-n:]``, read from near the end: in a stretch with more than n words the first may be cut,
    the last n are whole."""
    if (lo := len(text) - WORDS_REACH * n) > 0 and len(words := WORD.findall(text, lo)) > n:
        return words[-n:]
    return WORD.findall(text)[-n:]


def _first_words(text: str, at: int, n: int) -> list[str]:
    """``WORD.findall(text[at:])[:n]``, read no further than needed: in a stretch with more than n words the last
    may be cut, the first n are whole."""
    if len(words := WORD.findall(text, at, at + WORDS_REACH * n)) > n:
        return words[:n]
    return WORD.findall(text, at)[:n]


WORDS_REACH = 12  # characters read per word asked for: most words and their spaces are shorter


AUXILIARIES = frozenset({"was", "were", "is", "are", "be", "been", "being", "has", "have", "had"})
MODALS = frozenset({"will", "would", "shall"})
NOUN_PREPOSITIONS = frozenset({"of", "in", "for", "with", "over", "about", "regarding", "on", "after", "since", "following", "by", "against", "at"})
GOVERNED_BREAK = NOUN_PREPOSITIONS | {"to", "toward", "towards"}


def _governed_through(words: list[str], vocab: Vocabulary) -> bool:
    """Do the words between a light verb and its trigger keep the trigger its object: determiners and
    adjectives (nominal_markers), and at most one other word that names the test's kind after a
    determiner ("carried out a second ejection test", "conducted a flight test"), never a preposition,
    an auxiliary or a second such word ("held a rally hailing the test")?"""
    others = [w for w in words if w not in vocab.nominal_markers]
    return not others or (len(others) == 1 and words[0] in vocab.nominal_markers and words[-1] == others[0]
                          and others[0] not in GOVERNED_BREAK and others[0] not in AUXILIARIES and not others[0].endswith("ing"))


def _nominal(text: str, trigger: Found, sentence: Sentence, vocab: Vocabulary) -> bool:
    """Is the trigger a test named as a noun (a reference: "hailing the DPRK's successful H-bomb test",
    "in connection with the launch"), not the act told by its verb ("test-fired", "conducted a test")?"""
    if trigger.text.lower().endswith("ed") or trigger.text.split()[0].lower().endswith("ed"):
        return False  # a past tense ("launched"; "blasted off", "placed ... in orbit")
    if act_cues().passive_act.match(text, trigger.end, sentence.end):
        return False  # "the first test of the missile ... was carried out on April 19, 2012": an act told
    if trigger.text.lower() in _verb_only_triggers():
        return False  # "US Aircraft Carrier Arrives in ...": a verb, whatever stands before it
    if trigger.text.split()[0].lower() in MODALS:
        return False  # "Beijing would sanction ...": a modal and its verb
    head = text[max(sentence.start, trigger.start - 80) : trigger.start]
    words = [w.lower() for w in WORD.findall(head)][-6:]
    if words and _adverb(words[-1]) and words[-2:-1] != ["to"] and not (words[-2:-1] and words[-2] in NOUN_PREPOSITIONS):
        # "saw India successfully testing ...": an adverb modifies a verb, an adjective a noun; but a gerund after a
        # preposition names the act ("the mettle displayed in successfully launching the satellite")
        return False
    near = " ".join(words[-4:])
    light = list(vocab.light_verbs.finditer(near))
    if not light:
        # a light verb a word further back governs the trigger through determiners, adjectives and a weapon only
        # ("guided on the spot the underwater test-fire", "carried out a cruise missile launch"; not "made
        # contributions to the successful test-launch")
        wider = " ".join(words[-5:])
        further = list(vocab.light_verbs.finditer(wider))
        if further and _governed_through(vocab.weapons.pattern.sub(" ", wider[further[-1].end() :]).split(), vocab):
            return False
    # a light verb governs the trigger, unless a preposition follows it ("their feats performed for the
    # successful nuclear test": the test is what the feats were for, named as a noun; but "conducted a drill
    # for firing": the drill is its object)
    if light and (near[light[-1].end() :].split() or [""])[0] not in GOVERNED_BREAK or words[-1:] == ["to"]:  # "to launch": an infinitive
        return False
    if words[-1:] and words[-1] in AUXILIARIES:  # "was put into orbit", "has launched": a verb
        return False
    if any(w in vocab.nominal_markers or w in NOUN_PREPOSITIONS for w in words[-6:]):
        return True
    # a weapon right before it makes a compound noun ("the ... strategic ballistic missile test-fire"),
    # unless a light verb governs it in its clause ("staged ground-to-ground missile and air-to-ground
    # missile launching drills")
    near_start = max(sentence.start, trigger.start - 60)
    near = text[near_start : trigger.start]
    compound = next((m for m in vocab.weapons.pattern.finditer(near) if m.end() >= len(near.rstrip())), None)
    if compound is None:
        return False
    clause = _clause_before(text, max(sentence.start, trigger.start - 160), near_start + compound.start())
    return not vocab.light_verbs.search(" ".join(w.lower() for w in WORD.findall(clause)[-10:]))


def _adverb(word: str) -> bool:
    """Is the word an adverb in -ly ("successfully", "reportedly"), not one of the adjectives and nouns that
    end so ("early", "only", "likely", "July": event_cues.yaml ly_words_not_adverbs)?"""
    return len(word) > 4 and word.endswith("ly") and word not in _ly_words_not_adverbs()


@lru_cache(maxsize=1)
def _ly_words_not_adverbs() -> frozenset[str]:
    """event_cues.yaml ly_words_not_adverbs, read and checked once."""
    return frozenset(w.lower() for w in _word_list(read_data(__package__, "event_cues.yaml"), "ly_words_not_adverbs"))


@dataclass(frozen=True)
class ActCues:
    passive_act: re.Pattern  # after a noun trigger: a passive of doing makes it an act ("... was carried out")
    sequence: re.Pattern  # a reference word of time order ("after", "since")
    disputed_launch: re.Pattern  # a rocket "widely seen as" a missile test: a space launch
    inclusion: re.Pattern  # right before a noun trigger: its clause's event happened within it ("during tests")


def _word_list(data: dict, key: str, where: str = "") -> list[str]:
    """A non-empty list of words (patterns) from event_cues.yaml, or LexiconError naming it."""
    words = data.get(key)
    if not isinstance(words, list) or not words or not all(isinstance(w, str) and w for w in words):
        raise LexiconError(f"event_cues.yaml: {where}{key} must be a list of words")
    return words


def _alt(patterns) -> str:
    """Word patterns from a data file as one regex alternation, each kept a group of its own."""
    return "|".join(f"(?:{w})" for w in patterns)


def _number(data: dict, key: str, where: str = "") -> int:
    """A whole number from event_cues.yaml, or LexiconError naming it."""
    try:
        return int(data[key])
    except (KeyError, TypeError, ValueError):
        raise LexiconError(f"event_cues.yaml: {where}{key} must be a number") from None


@lru_cache(maxsize=1)
def act_cues() -> ActCues:
    """event_cues.yaml passive_acts, passive_act_words and sequence_words, read and checked once."""
    cues = read_data(__package__, "event_cues.yaml")
    for key in ("passive_acts", "sequence_words", "disputed_launch"):
        _word_list(cues, key)
    words = _number(cues, "passive_act_words")
    inclusion_words = _number(cues, "inclusion_words")
    acts = _alt(cues["passive_acts"])
    try:
        return ActCues(
            # a closing quote ("the 'training launch' of ..."), words (commas allowed: an apposition), then "(that|which) was|were|has been ... <act>"
            passive_act=re.compile(rf"[’'\"”)]*(?:[\s,]+[^\s,;:]+){{0,{words}}}?[\s,]+(?:(?:that|which)\s+)?(?:was|were|is|are|has\s+been|had\s+been|have\s+been)\s+(?:\w+ly\s+)?(?:{acts})(?![\w-])", re.I),
            sequence=re.compile(_alt(cues["sequence_words"]), re.I),
            disputed_launch=re.compile(r"(?<![\w-])(?:" + _alt(cues["disputed_launch"]) + r")(?![\w-])", re.I),
            inclusion=re.compile(rf"(?<![\w-])(?:{_alt(_word_list(cues, 'inclusion_prepositions'))})(?:\s+[\w'’-]+){{0,{inclusion_words - 1}}}?\s+$", re.I),
        )
    except re.error as exc:
        raise LexiconError(f"event_cues.yaml: passive_acts or sequence_words: {exc}") from None


def _after_sequence_word(head: str, vocab: Vocabulary) -> bool:
    """Is the reference word nearest before the trigger one of time order ("after its test", "since the
    launch"), with no media item about it?"""
    refs = list(vocab.reference_words.finditer(head))
    return bool(refs) and not vocab.media_item.search(head) and bool(act_cues().sequence.fullmatch(refs[-1].group(0)))


def _clause_before(text: str, start: int, end: int) -> str:
    """``text[start:end]`` from its last comma, semicolon or colon: the clause that runs up to ``end``."""
    return re.split(r"[,;:]", text[start:end])[-1]


def _beside(text: str, m: TimeMention, trigger: Found, vocab: Vocabulary) -> bool:
    """A time expression attached to the trigger: "the test on July 4", "the launch of March 24", "its nuclear
    test last month", "the July 4 test", "the launch was in February 2015", "the drill conducted by ... on
    March 6" (a participle right after the trigger carries its date, however long its "by" phrase, with no
    comma or clause between: event_cues.yaml attached_participles)."""
    if m.start >= trigger.end:
        between = text[trigger.end : m.start]
        if len(WORD.findall(between)) <= 16 and (vocab.attached_participle.search(between) or _participle_aside().fullmatch(between)):
            return True
        if not between.strip() or re.fullmatch(r"\s+(?:of|(?:was|were)\s+(?:on|in))\s+", between):
            return True
        if _relative_act(between, vocab):
            return True
        # an apposition naming what was launched stands aside: "the blastoff of Omid, Iran's first home-built
        # satellite, in February 2009" is "the blastoff of Omid in February 2009"
        aside = APPOSITION.fullmatch(between)
        head_end = trigger.end + aside.end(1) if aside else m.start
        if aside:
            between = aside.group(1) + aside.group(3)
        return (len(WORD.findall(between)) <= 6 and bool(re.search(r"\b(?:on|in|at)\s*$", between)) and not re.search(r"\b(?:by|was|were|is|are|has|have|took|held|issued)\b", between)
                and not _other_predicate(text, trigger.end, head_end, vocab))
    between = text[m.end : trigger.start]
    return len(WORD.findall(between)) <= 2 and not re.search(r"[,;]", between)


@lru_cache(maxsize=1)
def _participle_aside() -> re.Pattern:
    """Between a noun trigger and a date: the trigger's own participle set off by commas, the date right after
    the closing comma ("the final session of the six-party talks, held at a guesthouse in Beijing, Saturday,
    July 12"): the participle's date is the trigger's (event_cues.yaml attached_participles)."""
    words = _cue_alternation("attached_participles")
    return re.compile(rf"[^,;:.]*,\s*(?:{words})\b[^,;:.]*,\s*", re.I)


RELATIVE_SUBJECT = re.compile(r"(?:^|\s)(?:that\s+|which\s+)?(?:it|they|he|she|[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,2})\s+(?:had\s+|has\s+|have\s+)?$")
RELATIVE_ACT_WORDS = 6  # words from the trigger to the relative clause's verb ("the test-launch of ballistic missiles it conducted")


def _relative_act(between: str, vocab: Vocabulary) -> bool:
    """Is what stands between a noun trigger and a date the trigger's own relative clause of doing, with no
    break ("the test-launch of ballistic missiles it conducted over the Sea of Japan the same year", "the
    test North Korea carried out last September")? Its date is the test's."""
    if sum(1 for _ in itertools.islice(WORD.finditer(between), 17)) > 16 or re.search(r"[,;:.()]", between):
        return False
    for verb in vocab.light_verbs.finditer(between):
        head = between[: verb.start()]
        if len(WORD.findall(head)) <= RELATIVE_ACT_WORDS and RELATIVE_SUBJECT.search(head):
            return True
    return False


# between a noun trigger and a date: what the trigger names ("of Omid"), an apposition in commas of a few
# words with no verb of its own, then the date's preposition. Each word is taken whole (possessive "++"): a
# word the engine could cut into pieces of up to eight tries cost a long text a half millisecond per date
APPOSITION = re.compile(r"([^,;:]*),((?:\s*(?![Ww]hich\b|[Ww]ho\b|[Tt]hat\b|was\b|were\b|is\b|are\b|has\b|had\b)[\w'’-]++){1,8}),(\s+(?:on|in)\s+)")


def _other_predicate(text: str, lo: int, hi: int, vocab: Vocabulary) -> bool:
    """Is there a verb of another predicate in ``text[lo:hi]``, between a test named as a noun and a date: a
    word in -ed that is none of the test's own verbs (event_cues.yaml noun_trigger_verbs, light verbs, passive
    acts, attached participles) and no adjective (after a determiner or an adverb: "the newly developed")?
    ("the people who took part in the work for the nuclear test arrived here on Wednesday")"""
    own = document_cues().own_verb
    previous = ""
    for w in WORD.finditer(text, lo, hi):
        word = w.group(0).lower()
        if len(word) > 4 and word.endswith("ed") and word != "hundred" and not own.match(text, w.start()) \
                and not (previous in vocab.nominal_markers or previous.endswith("ly")):
            return True
        previous = word
    return False


@dataclass(frozen=True)
class DocumentCues:
    own_verb: re.Pattern  # a verb that may stand between a noun trigger and its date
    document: re.Pattern  # a document that carries its own day ("in a statement on March 20")
    document_words: int
    not_noun_phrase: re.Pattern  # between a document and a time: what makes it more than a noun phrase
    telling: re.Pattern  # a verb of telling someone ("told the Cuban TV on February 20 that ...")


@lru_cache(maxsize=1)
def document_cues() -> DocumentCues:
    """event_cues.yaml dated_documents, dated_document_words, noun_trigger_verbs and telling_verbs, read and
    checked once."""
    cues = read_data(__package__, "event_cues.yaml")
    for key in ("dated_documents", "noun_trigger_verbs", "telling_verbs"):
        _word_list(cues, key)
    words = _number(cues, "dated_document_words")

    own = cues["noun_trigger_verbs"] + cues["light_verbs"] + cues["passive_acts"] + cues["attached_participles"]
    try:
        return DocumentCues(
            own_verb=re.compile(rf"(?:{_alt(own)})(?![\w-])", re.I),
            document=re.compile(rf"(?<![\w-])(?:{_alt(cues['dated_documents'])})(?![\w-])", re.I),
            document_words=words,
            not_noun_phrase=re.compile(rf"[,;:\"“”()]|(?<![\w-])(?:that|which|who|was|were|is|are|has|have|had|will|would|be|been|\w{{3,}}ed|\w{{3,}}ing|{_alt(cues['reporting_verbs'])})(?![\w-])", re.I),
            telling=re.compile(rf"(?<![\w-])(?:{_alt(cues['telling_verbs'])})(?![\w-])", re.I),
        )
    except re.error as exc:
        raise LexiconError(f"event_cues.yaml: dated_documents or noun_trigger_verbs: {exc}") from None


def _document_time(text: str, mention: TimeMention, sentence: Sentence) -> bool:
    """Does the time expression date a document named a few words before it, with only a noun phrase between
    ("in a statement on March 20", "a statement of its spokesman on March 16")? Looked for within a bounded
    window before the expression."""
    cues = document_cues()
    lo = max(sentence.start, mention.start - 12 * (cues.document_words + 1))
    last = None
    for last in cues.document.finditer(text, lo, mention.start):
        pass
    if last is None:
        return False
    between = text[last.end() : mention.start]
    return len(WORD.findall(between)) <= cues.document_words and not cues.not_noun_phrase.search(between)


def _status(text: str, trigger: Found, sentence: Sentence, vocab: Vocabulary, event_type: str = "") -> str:
    """occurred | planned | failed | negated | hypothetical, from cues near the trigger. A cue before a
    comma or a preposition like "after" belongs to another predicate ("possibly after the election"). The
    trigger's own first words are no cue ("blew up the roads" is the attack, not a failure). For the types
    decided by being said (event_cues.yaml decided_when_said), a modal right after a state, its government or
    a pronoun, in a sentence with a verb of saying, is the decision announced ("said Monday that Beijing would
    sanction ...": the sanctions are imposed; not "additional sanctions would be applied")."""
    # the hedges are looked for near the trigger only (the window's words and the weapon they doubt)
    lo, hi = max(sentence.start, trigger.start - HEDGE_REACH), min(sentence.end, trigger.end + HEDGE_REACH)
    said = text[sentence.start : lo] + _without_identity_hedges(text[lo:hi], vocab) + text[hi : sentence.end]
    if event_type in decided_when_said().types and vocab.reporting.search(sentence.text):
        said = _without_decision_modals(said, trigger.start - sentence.start, vocab)
    head = said[: trigger.start - sentence.start]
    scope = _scope_end(head)
    if scope is not None and not _apposition_of_name(head, scope, said[trigger.end - sentence.start :]) and not _modifier_comma(head, scope):
        head = head[scope:]
    if RELATIVE_LEAD.search(head, max(0, len(head.rstrip()) - RELATIVE_LEAD_REACH)):
        # a relative pronoun right before the trigger opens the trigger's own clause ("will meet a submarine
        # that arrived on Tuesday"): the cues before it are the main clause's
        head = ""
    words_before = _last_words(head, vocab.status_window)
    words_after = _first_words(said, trigger.end - sentence.start, vocab.status_window * 3 // 4)
    # a relative clause after the object describes it, not whether the event happened ("tested a cruise missile
    # that may be nuclear-capable")
    # ("launchers," which can fire ...": a "which" right after the trigger's own object is one too; a "that" there
    # may be a verb's complement)
    relative = next((k for k, w in enumerate(words_after) if (k > 0 or w.lower() == "which") and w.lower() in ("that", "which")), None)
    if relative is not None:
        words_after = words_after[:relative]
    own = len(" ".join(words_before)) + (1 if words_before else 0)  # where the trigger starts in the window
    window = " ".join(words_before + [trigger.text] + words_after)
    # only a noun has a predicate of its own: the word before it is a determiner or an adjective (event_cues.yaml
    # nominal_markers); a verb's object ("said the State Department has approved ...") is another's
    predicate = _noun_predicate(said, trigger.end - sentence.start, vocab) if words_before and words_before[-1].lower() in vocab.nominal_markers else None
    if predicate is not None and predicate >= len(words_after):
        # the noun's own predicate beyond the window ("a meeting between ... was canceled"); a stop keeps the
        # window's last words and the predicate's from reading as one phrase
        window += " . " + " ".join(WORD.findall(said[trigger.end - sentence.start :])[predicate : predicate + PREDICATE_WORDS])
    # no cue begins but at the trigger: one scan of them all (most windows) tells it, not one per status
    no_cue = vocab.any_status_cue is not None and window.isascii() and all(at == own for at in vocab.any_status_cue.starts(window))
    for name, cue in () if no_cue else vocab.status_cues:
        if any(m.start() != own for m in cue.finditer(window)):
            return name
    before = " ".join(words_before)
    for name, cue in status_before():
        if cue.search(before):
            return name
    if scope is not None and words_before and words_before[-1].lower() in vocab.nominal_markers and _future_frame(said[:scope], said[scope : trigger.start - sentence.start]):
        return "planned"
    return "occurred"


def _cue_mapping(key: str) -> dict:
    """event_cues.yaml's section ``key``, which must be a mapping (each section's loader checks its own fields)."""
    data = read_data(__package__, "event_cues.yaml").get(key)
    if not isinstance(data, dict):
        raise LexiconError(f"event_cues.yaml: {key} must be a mapping")
    return data


@lru_cache(maxsize=1)
def status_before() -> tuple[tuple[str, re.Pattern], ...]:
    """event_cues.yaml status_before: cues read only before the trigger (an intention, a pledge), read and
    checked once."""
    data = read_data(__package__, "event_cues.yaml").get("status_before")
    if not isinstance(data, dict) or not set(data) <= {"negated", "failed", "hypothetical", "planned"}:
        raise LexiconError("event_cues.yaml: status_before must map statuses to lists of words")
    try:
        return tuple((name, re.compile(rf"(?<![\w'’-])(?:{_alt(_word_list(data, name, 'status_before.'))})(?![\w-])", re.I)) for name in data)
    except re.error as exc:
        raise LexiconError(f"event_cues.yaml: status_before: {exc}") from None


APPOSED_NAME = re.compile(r"(?:^|\s)[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*\s*,$")
APPOSITION_HEAD = re.compile(r"\s*(?:the|an?|its|their)(?:\s+[\w'’-]+){0,3}\s*$", re.I)


def _apposition_of_name(head: str, cut: int, after: str) -> bool:
    """Does the comma the status scope would end at open an apposition of a name, the trigger heading it and
    closing it ("preparations for Ulchi Freedom Guardian, the yearly exercise.")? The cues before the name
    govern the trigger as they govern the name."""
    return (head[cut - 1 : cut] == "," and APPOSITION_HEAD.fullmatch(head[cut:]) is not None and re.match(r"\s*(?:[,.;:)]|$)", after) is not None
            and APPOSED_NAME.search(head[max(0, cut - 80) : cut]) is not None)


MODIFIER_BEFORE_COMMA = re.compile(r"(?:^|\s)(?![\w'’-]*(?:ed|ing),$)(?!(?:it|them|him|her|us|me|you|this|that|so|too|also|however|though|instead|then|now|again|yet)\b)[a-z][\w'’-]*,$")
MODIFIERS_AFTER_COMMA = re.compile(r"(?:\s+(?!(?:the|an?|its|their|his|her|this|that|these|those|it|they|he|she|we|and|but|or)\b)[a-z][\w'’-]*){0,2}\s*")


def _modifier_comma(head: str, cut: int) -> bool:
    """Is the comma the status scope would end at one between modifiers of the trigger's noun ("can carry out
    long range, precision strikes")? Then the cues before it govern the trigger."""
    return head[cut - 1 : cut] == "," and MODIFIERS_AFTER_COMMA.fullmatch(head[cut:]) is not None and MODIFIER_BEFORE_COMMA.search(head[max(0, cut - 40) : cut]) is not None


FUTURE_FRAME_LINK = re.compile(r"(?<![\w'’-])(?:when|once|as soon as|before|until)\s*$", re.I)
FUTURE_MODAL = re.compile(r"(?<![\w'’-])(?:will|shall)(?![\w'’-])|['’]ll(?![\w'’-])", re.I)
PAST_VERB = re.compile(r"(?<![\w'’-])(?:had|has|have|was|were|did|\w+ed)(?![\w'’-])", re.I)


def _future_frame(main: str, between: str) -> bool:
    """Is a noun trigger told in a clause of time under a main clause in the future ("Roh will walk over the border
    this week when he heads to a summit with Kim": English puts such a clause in the present; the summit lies
    ahead), with no past form before it in its clause ("when he had attended the summit")?"""
    return bool(FUTURE_FRAME_LINK.search(main) and FUTURE_MODAL.search(main)) and not PAST_VERB.search(between)


PREDICATE_WORDS = 4  # an auxiliary and the words of its predicate: "was (later) called off"
PREDICATE_BREAK = re.compile(r"[,;:()\"“”]|(?<![\w'’-])(?:that|which|who|whose|when|where|while|after|before|because|as)(?![\w'’-])", re.I)


def _noun_predicate(said: str, after: int, vocab: Vocabulary) -> int | None:
    """The index, among the words after a trigger, of the auxiliary that opens the trigger's own predicate
    when the trigger is the noun heading its clause's subject: the first auxiliary within
    status_predicate_reach words, with no clause break and no other verb (a word in -ed or -ing) before it
    ("a meeting between the leaders of the two states was canceled"); else None."""
    words = WORD.findall(said[after:])
    brk = PREDICATE_BREAK.search(said, after)
    limit = len(WORD.findall(said[after : brk.start()])) if brk else len(words)
    for k, word in enumerate(words[: min(limit, vocab.status_predicate_reach)]):
        w = word.lower()
        if w in AUXILIARIES:
            return k
        if k > 0 and len(w) > 4 and (w.endswith("ed") or w.endswith("ing")):
            return None  # another verb comes first: the predicate is not the noun's
    if brk and brk.group(0).lower() in ("that", "which") and limit < vocab.status_predicate_reach:
        return _after_relative(said, brk.end(), limit + 1, vocab)
    return None


def _after_relative(said: str, at: int, offset: int, vocab: Vocabulary) -> int | None:
    """Past a relative clause of passive or perfect form right after the noun ("a war games exercise that had
    been scheduled for later this summer has been halted"): the auxiliary that opens the noun's own predicate,
    the first after the relative's verb group, before any punctuation; its index among the words after the
    trigger, or None."""
    stop = re.search(r"[,;:()\"“”]", said[at:])
    words = WORD.findall(said[at : at + stop.start()] if stop else said[at:])[: vocab.status_predicate_reach]
    if not words or words[0].lower() not in AUXILIARIES:
        return None  # "that the North fired": not a relative clause of its own verb group
    k = 0
    while k < len(words) and words[k].lower() in AUXILIARIES:
        k += 1
    return next((offset + j for j in range(k + 1, len(words)) if words[j].lower() in AUXILIARIES), None)


@lru_cache(maxsize=1)
def natural_events() -> tuple[frozenset[str], re.Pattern]:
    """event_cues.yaml natural_events: the types nature's events are not, and the words naming them."""
    data = _cue_mapping("natural_events")
    types = _word_list(data, "types", "natural_events.")
    return frozenset(types), re.compile(rf"(?<![\w-])(?:{_alt(_word_list(data, 'words', 'natural_events.'))})(?![\w-])", re.I)


def _by_nature(text: str, event_type: str, facts: SentenceFacts) -> bool:
    """Is each trigger of the type told after a natural event in its clause ("an earthquake struck close to
    the nuclear test site")?"""
    types, words = natural_events()
    if event_type not in types:
        return False
    return all(words.search(text, _clause(text, facts.sentence, t.start)[0], t.start) for t in facts.triggers[event_type])


@lru_cache(maxsize=1)
def struck_sites() -> tuple[frozenset[str], re.Pattern, re.Pattern, int]:
    """event_cues.yaml struck_sites: the types a struck site is not, the strike's words before it, the passive
    of striking after it and how many words after it that may stand."""
    data = _cue_mapping("struck_sites")
    try:
        before = re.compile(rf"(?<![\w-])(?:{_alt(_word_list(data, 'before', 'struck_sites.'))})\s+(?:[\w'’-]+\s+){{0,4}}$", re.I)
        after = re.compile(rf"(?<![\w-])(?:{_alt(_word_list(data, 'after', 'struck_sites.'))})(?![\w-])", re.I)
    except re.error as exc:
        raise LexiconError(f"event_cues.yaml: struck_sites: {exc}") from None
    return frozenset(_word_list(data, "types", "struck_sites.")), before, after, _number(data, "after_words", "struck_sites.")


def _struck_site(text: str, event_type: str, facts: SentenceFacts) -> bool:
    """Is each trigger of the type the target of a strike told in its clause ("strikes on nuclear facilities",
    "Nuclear facilities ... were targeted in the campaign")?"""
    types, before, after, reach = struck_sites()
    if event_type not in types:
        return False

    def struck(t: Found) -> bool:
        lo, _ = _clause(text, facts.sentence, t.start)
        if before.search(text[max(lo, t.start - 120) : t.start]):
            return True
        m = after.search(text, t.end, facts.sentence.end)
        return m is not None and _few_words_between(text, t.end, m.start(), reach) and not re.search(r"[;:]", text[t.end : m.start()])

    return all(struck(t) for t in facts.triggers[event_type])


DECISION_MODAL_WORDS = 4  # "China will impose sanctions", "Japan will extend its economic sanctions"
DECIDER_WORDS = re.compile(r"(?:government|cabinet|council|ministry|it|they)\s+$", re.I)


def _without_decision_modals(sentence: str, trigger: int, vocab: Vocabulary) -> str:
    """The sentence with each modal of the trigger's verb (a few words before the trigger, or its first word)
    that follows a state as its subject (not after a preposition), its government or a pronoun blanked out,
    offsets kept ("China will impose", "Beijing would sanction", "it would punish"; not "the lifting of
    sanctions against the DPRK will grow")."""
    states = [a for a in find_actors(sentence, vocab) if _names_a_state(a.what)
              and not WORD.findall(sentence[: a.start])[-1:] in ([w] for w in GOVERNED_BREAK)]
    out = list(sentence)
    for m in decided_when_said().modals.finditer(sentence):
        if m.start() > trigger or not _few_words_between(sentence, m.end(), trigger, DECISION_MODAL_WORDS):
            continue  # another verb's modal
        before = sentence[: m.start()]
        if DECIDER_WORDS.search(before) or any(not sentence[a.end : m.start()].strip(" ’'s") for a in states if a.end <= m.start()):
            out[m.start() : m.end()] = " " * (m.end() - m.start())
    return "".join(out)


@dataclass(frozen=True)
class DecidedWhenSaid:
    types: frozenset[str]
    modals: re.Pattern
    announced: re.Pattern  # a modal, a present or a progressive: the decision told as announced
    told_on: re.Pattern  # after a noun trigger: ", announced by the government" before the day it was decided


@lru_cache(maxsize=1)
def decided_when_said() -> DecidedWhenSaid:
    """event_cues.yaml decided_when_said, read and checked once."""
    data = _cue_mapping("decided_when_said")
    types = _word_list(data, "types", "decided_when_said.")
    known = {et.name for et in vocabulary().event_types}
    if not set(types) <= known:
        raise LexiconError(f"event_cues.yaml: decided_when_said.types names unknown types {sorted(set(types) - known)}")
    modals = _word_list(data, "modals", "decided_when_said.")
    announced = modals + _word_list(data, "announced", "decided_when_said.")
    participles = _word_list(data, "participles", "decided_when_said.")
    # the trigger, a word or two of its noun phrase, a comma, the participle, its agent in a few words, the day
    told_on = re.compile(rf"(?:\s+[\w'’-]+){{0,3}}?\s*,\s*(?:{_alt(participles)})(?:\s+by(?:\s+[\w'’.-]+){{1,5}}?)?\s+(?:on\s+)?", re.I)
    return DecidedWhenSaid(frozenset(types), re.compile(rf"(?<![\w'’-])(?:{_alt(modals)})(?![\w-])", re.I), re.compile(rf"(?<![\w'’-])(?:{_alt(announced)})(?![\w-])", re.I), told_on)


@lru_cache(maxsize=1)
def _identity_hedges() -> tuple[re.Pattern, CueStarts | None]:
    """event_cues.yaml identity_hedges, read and checked once, and where one may begin in an ASCII text."""
    words = _word_list(read_data(__package__, "event_cues.yaml"), "identity_hedges")
    return re.compile(rf"(?<![\w-])(?:{_alt(words)})(?![\w-])", re.I), cue_starts(words, "identity_hedges")


def _hedges_in(window: str) -> Iterator[re.Match]:
    """What the hedges' ``finditer`` finds in ``window``; in an ASCII one, the pattern tried only where a hedge
    begins (a window of 600 characters 15 -> 6 us: the case-insensitive pattern was tried at every character)."""
    pattern, scan = _identity_hedges()
    if scan is None or not window.isascii():
        yield from pattern.finditer(window)
        return
    end = 0
    for at in sorted(set(scan.starts(window))):
        if at >= end and (m := pattern.match(window, at)):
            end = m.end()
            yield m


def _without_identity_hedges(sentence: str, vocab: Vocabulary) -> str:
    """The sentence with the hedges on what was fired blanked out, offsets kept ("a projectile that may have
    been a ballistic missile", "fired what could be a ballistic missile", "a possible ballistic missile"): a
    weapon a few words after the hedge is what it doubts, not whether the launch happened."""
    out, at = [], 0
    for h in _hedges_in(sentence):
        weapon = vocab.weapons.pattern.search(sentence, h.end(), h.end() + 40)
        if weapon is not None and _few_words_between(sentence, h.end(), weapon.start(), 3):
            out.append(sentence[at : h.start()] + " " * (h.end() - h.start()))
            at = h.end()
    return "".join(out) + sentence[at:]


HEDGE_REACH = 300  # characters either side of a trigger where hedges on its weapon are looked for


def _state_name(code: str, vocab: Vocabulary) -> str:
    for actor in vocab.actors.values():
        if actor.code == code and actor.kind == "state":
            return actor.name
    return code


def _actors_for(event_type: str, facts: SentenceFacts, trigger: Found, weapon: Found | None, text: str, focus: str, vocab: Vocabulary, tester: str = "",
                clause: tuple[int, int] | None = None) -> list[tuple[str, str]]:
    """The event's actors: those of the trigger's clause (else of the sentence), each person or body with
    its state. For a test: the weapon's owner, the actors of that state, else the clause's, else ``focus``,
    the state the article is about or its tester ("since it first conducted a nuclear test"); a test
    told with a possessive ("over its nuclear test") is ``tester``'s, the state the article's tests so far
    are credited to, when the clause names it before the trigger. ``clause``: the trigger's clause, where the
    caller has found it already."""
    out: list[tuple[str, str]] = []

    def add(name: str, code: str) -> None:
        if (name, code) not in out:
            out.append((name, code))

    lo, hi = clause or _clause(text, facts.sentence, trigger.start)
    in_clause = [f for f in facts.actors if lo <= f.start < hi]
    pool = facts.actors if event_type in ("summit_meeting", "negotiations") else (in_clause or facts.actors)
    owner = weapon.what[2] if weapon is not None and weapon.what[2] else ""
    if event_type in TEST_TYPES:
        sub_lo, sub_hi = _clause(text, facts.sentence, trigger.start, SUBCLAUSE_BREAK)
        in_subclause = [f for f in facts.actors if sub_lo <= f.start < sub_hi and _names_a_state(f.what)]
        if owner:
            agent = owner
        elif in_subclause:
            # the tester: the state actor nearest before the trigger (its subject: "North Korean missile
            # launches"), else one after "by" ("weapons tests by Pyongyang"), never the target ("against the DPRK")
            # a state that detected, confirmed or reported it is no tester (event_cues.yaml observer_verbs)
            # nor one named where the launch went ("inside Japan's exclusive economic zone")
            before = [f for f in in_subclause if f.end <= trigger.start and not _observer(text, f, trigger) and not _destination(text, f)]
            # the agent of the trigger's own passive or noun: "by" within a few words, no comma between
            # (each test on a bounded stretch of text: a sentence of thousands of actors must not cost its square)
            after_by = [f for f in in_subclause if f.start >= trigger.end and re.search(r"\bby\s+(?:the\s+)?$", text[max(trigger.end, f.start - 12) : f.start])
                        and _few_words_between(text, trigger.end, f.start, 8) and not PUNCTUATION.search(text, trigger.end, f.start)
                        and not _other_participle(text, trigger.end, f.start)]  # "used missiles supplied by the US": the supplier
            # the origin of a missile's passive names who fired it where no state stands before the trigger ("A
            # ballistic missile fired from Yemen struck central Israel", "missiles launched from North Korea"):
            # not the state it hit or the one that reported it
            from_origin = [f for f in in_subclause if event_type == "missile_test" and f.start >= trigger.end and ORIGIN_FROM.search(text, max(trigger.end, f.start - 12), f.start)
                           and _few_words_between(text, trigger.end, f.start, 3) and not PUNCTUATION.search(text, trigger.end, f.start)]
            # "the drill conducted by Hwasong artillery units of the Strategic Force": the agent of the
            # participle is the tester, whoever the sentence's subject ("The U.S. ... following the drill")
            # (the participle, "by" and ten words at most: the last AGENT_REACH characters before the agent)
            conducted_by = [f for f in in_subclause if f.start >= trigger.end and vocab.attached_agent.search(text[max(trigger.end, f.start - AGENT_REACH) : f.start])]
            # the subject of a relative clause of doing right after a noun trigger: "sanctions in response to
            # the nuclear test North Korea carried out on September 3" (event_cues.yaml light_verbs)
            relative_subject = [f for f in in_subclause if f.start >= trigger.end and _few_words_between(text, trigger.end, f.start, 2)
                                and not PUNCTUATION.search(text, trigger.end, f.start) and vocab.light_verbs.match(text, SPACES.match(text, f.end).end())]
            # a demonym that modifies the weapon names who made it, not who fired it: "Russian forces used North
            # Korean missiles" (another state is the subject), "about ten North Korean missiles were launched" (with
            # no agent, the tester falls to the article's)
            projectiles = [w for w in facts.weapons if w.what[1] in vocab.weapon_classes and PROJECTILE_GROUPS & set(vocab.weapon_classes[w.what[1]].groups)]
            makers = [f for f in before if _names_maker(text, f, projectiles, trigger)]
            if makers and (len(makers) < len(before) or not after_by and not conducted_by
                           and AGENTLESS_PASSIVE.search(text, max(sub_lo, trigger.start - 20), trigger.start)):
                before = [f for f in before if f not in makers]
            # "the U.S. seeks ... the resolution imposed over its May nuclear test": a possessive pronoun stands for
            # the state the article's tests are credited to, when the clause names it, not the state named last
            # and a singular one never stands for states joined by "and" ("drills held by South Korea and the U.S.
            # and ... sanctions prompted by its nuclear test": Pyongyang's)
            possessor = _possessive_before(text, sub_lo, trigger)
            if possessor in _singular_possessives():
                # one that issued statements may own the test too: with no other single state before the
                # trigger, the observers and sayers are its owners ("threats that Pyongyang has issued ... over its test")
                joined = _coordinated(text, in_subclause)
                before = ([f for f in before if f.start not in joined]
                          or [f for f in in_subclause if f.end <= trigger.start and not _destination(text, f) and f.start not in joined]
                          or before)
            owned = [f for f in before if tester and (f.what.state or f.what.code) == tester] if possessor else []
            # the agent of a passive ("was launched by North Korea") before a state named before the trigger
            chosen = (conducted_by[0] if conducted_by else None) or (after_by[0] if after_by else None) or (relative_subject[0] if relative_subject else None) or (owned[-1] if owned else None) or (max(before, key=lambda f: f.start) if before else None) \
                or (from_origin[0] if from_origin else None)
            if from_origin and (AGENTLESS_PASSIVE.search(text, max(sub_lo, trigger.start - 20), trigger.start)
                                or any(w.end <= trigger.start and not text[w.end : trigger.start].strip() for w in projectiles)):
                chosen = from_origin[0]  # "Israel intercepted a missile launched from Yemen": the participle's origin
            agent = (chosen.what.state or chosen.what.code) if chosen else focus
            if chosen is None and _targeted(agent, text, trigger, in_subclause, vocab):
                agent = ""  # "they staged ... drills aiming at nuclear facilities of the DPRK": not the DPRK's
        else:
            agent = focus  # "since it first conducted a nuclear test": the state the article is about
        if agent:
            add(_state_name(agent, vocab), agent)
        pool = [f for f in facts.actors if (f.what.state or f.what.code) == agent]
    for f in pool:
        actor: Actor = f.what
        add(actor.name, actor.code)
        if actor.kind not in STATE_KINDS and actor.state:
            add(_state_name(actor.state, vocab), actor.state)
    return out


@lru_cache(maxsize=1)
def _possessive_pattern() -> re.Pattern:
    """event_cues.yaml possessive_testers, read and checked once: one, then at most three words, right before a trigger."""
    words = _word_list(read_data(__package__, "event_cues.yaml"), "possessive_testers")
    return re.compile(rf"(?<![\w'’-])(?:{_alt(words)})\s+(?:[\w'’-]+\s+){{0,3}}$", re.I)


PARTICIPLE_BY = re.compile(r"(?<![\w'’-])([a-z]{3,}(?:ed|en)(?:\s+out)?)\s+by\b", re.I)  # a participle before "by"


@lru_cache(maxsize=1)
def _firing_participles() -> frozenset[str]:
    """event_cues.yaml firing_participles, read and checked once."""
    return frozenset(w.lower() for w in _word_list(read_data(__package__, "event_cues.yaml"), "firing_participles"))


def _other_participle(text: str, lo: int, hi: int) -> bool:
    """Is there, between a trigger and a state after it, a participle before "by" that is not the firing's own
    ("missiles supplied by the US"; not "strikes launched by Israel")?"""
    return any(" ".join(p.group(1).lower().split()) not in _firing_participles() for p in PARTICIPLE_BY.finditer(text, lo, hi))
AGENTLESS_PASSIVE = re.compile(r"(?<![\w'’-])(?:was|were|been|being)\s+(?:\w+ly\s+)?$", re.I)
PROJECTILE_GROUPS = frozenset({"missile", "space", "nuclear"})  # what is fired or launched, not the forces that fire it ("Russian troops")
NOT_MODIFIERS = GOVERNED_BREAK | AUXILIARIES | {"and", "or", "that", "which"}  # words that end a weapon's modifiers ("Japan to planned satellite")
MAKER_TO_WEAPON = re.compile(r"(?:-(?:made|built|designed|produced|supplied))?\s+(?:[\w-]+\s+){0,2}")  # demonym to weapon


def _names_maker(text: str, actor: Found, weapons: list[Found], trigger: Found) -> bool:
    """Is the actor a state's name right before a weapon it modifies ("North Korean missiles", "Iranian-made
    drones", "North Korean-made ballistic missiles", "the North Korean missiles", whose "the North" is read as
    the state: at most two words between)?"""
    return actor.what.kind in STATE_KINDS and any(
        MAKER_TO_WEAPON.fullmatch(text, actor.end, w.start) and not {x.lower() for x in WORD.findall(text, actor.end, w.start)} & NOT_MODIFIERS
        for w in weapons if actor.end < w.start < min(actor.end + 40, trigger.start))


def _possessive_before(text: str, lo: int, trigger: Found) -> str:
    """The pronoun that owns the trigger's noun ("its May nuclear test", "their third launch"), lower case, else ""."""
    m = _possessive_pattern().search(text, max(lo, trigger.start - 40), trigger.start)
    return WORD.match(text, m.start()).group().lower() if m else ""


@lru_cache(maxsize=1)
def _singular_possessives() -> frozenset[str]:
    """event_cues.yaml singular_possessives, read and checked once."""
    return frozenset(w.lower() for w in _word_list(read_data(__package__, "event_cues.yaml"), "singular_possessives"))


COORDINATION = re.compile(r"\s+(?:and|or|&)\s+(?:the\s+)?$", re.I)


def _coordinated(text: str, actors: list[Found]) -> set[int]:
    """The starts of the states joined by "and" or "or" to a state named right beside them ("South Korea and
    the U.S."): each pair of neighbours looked at once (a sentence of thousands of actors costs no square)."""
    states = sorted((f for f in actors if _names_a_state(f.what)), key=lambda f: f.start)
    joined: set[int] = set()
    for a, b in zip(states, states[1:]):
        if a.end <= b.start and b.start - a.end <= 12 and COORDINATION.match(text[a.end : b.start]):
            joined.update((a.start, b.start))
    return joined


@lru_cache(maxsize=1)
def _verb_only_triggers() -> frozenset[str]:
    """event_cues.yaml verb_only_triggers, read and checked once."""
    return frozenset(w.lower() for w in _word_list(read_data(__package__, "event_cues.yaml"), "verb_only_triggers"))


@lru_cache(maxsize=1)
def _destination_words() -> frozenset[str]:
    """event_cues.yaml destination_words, read and checked once."""
    return frozenset(w.lower() for w in _word_list(read_data(__package__, "event_cues.yaml"), "destination_words"))


@lru_cache(maxsize=1)
def _destination_sides() -> frozenset[str]:
    """event_cues.yaml destination_sides, read and checked once."""
    return frozenset(w.lower() for w in _word_list(read_data(__package__, "event_cues.yaml"), "destination_sides"))


# the kinds of actor that name a state by themselves ("North Korea", "Pyongyang", "North Korean")
STATE_KINDS = ("state", "capital", "demonym")


def _names_a_state(actor) -> bool:
    """An actor that is a state or stands for one (a capital, a demonym, a body or person of a state)."""
    return bool(actor.state) or actor.kind in STATE_KINDS


def _without_articles(words: list[str]) -> list[str]:
    """The words with the articles at their end dropped ("inside the" -> "inside")."""
    end = len(words)
    while end and words[end - 1] in ("the", "a", "an"):
        end -= 1
    return words[:end]


ORIGIN_FROM = re.compile(r"\bfrom\s+(?:the\s+)?\Z")


def _destination(text: str, actor: Found) -> bool:
    """Is the state named as where something went ("inside Japan's zone", "over the Japanese islands")?"""
    before = [w.lower() for w in WORD.findall(text[max(0, actor.start - 30) : actor.start])]
    # "over northern Japan", "into the eastern part of": a side of the place is still where it went
    while before and before[-1] in _destination_sides():
        before.pop()
    before = _without_articles(before)
    if not before or before[-1] not in _destination_words():
        return False
    # "over North Korea's provocative actions": a possessive owns what follows it, a place only when a place noun
    # follows ("inside Japan's exclusive economic zone", "over Japan's Hokkaido island"; event_cues.yaml place_nouns)
    owned = POSSESSIVE_TAIL.match(text, actor.end)
    return owned is None or _place_noun().match(text, owned.end()) is not None


POSSESSIVE_TAIL = re.compile(r"['’]s\s+")


@lru_cache(maxsize=1)
def _place_noun() -> re.Pattern:
    """event_cues.yaml place_nouns, read and checked once: a place noun within a few words (its modifiers)."""
    words = _word_list(read_data(__package__, "event_cues.yaml"), "place_nouns")
    return re.compile(rf"(?:[\w-]+\s+){{0,3}}?(?:{_alt(words)})(?![\w-])", re.I)


@lru_cache(maxsize=1)
def _observer_cues() -> tuple[re.Pattern, int]:
    cues = read_data(__package__, "event_cues.yaml")
    words = _word_list(cues, "observer_verbs")
    window = _number(cues, "observer_words")
    verbs = _alt(words + cues["reporting_verbs"])
    return re.compile(rf"(?<![\w-])(?:{verbs})(?![\w-])", re.I), window


def _observer(text: str, actor: Found, trigger: Found) -> bool:
    """Is the actor, named before the trigger, the side that detected, confirmed or reported the event: a
    verb of observing or saying a few words after it, before the trigger ("Japan's defence ministry
    confirmed the launch", "Seoul said a missile was fired")?"""
    pattern, window = _observer_cues()
    between = text[actor.end : min(trigger.start, actor.end + OBSERVER_REACH)]  # the verb stands within a few words
    verb = pattern.search(between)
    if verb is None or len(WORD.findall(between[: verb.start()])) > window:
        return False
    # "Pyongyang claimed it had tested", "North Korea said it launched": it reports its own test, the trigger
    # the pronoun's own verb, a few words on ("said it had yet to establish how many missiles were fired": not)
    own = SELF_REPORT.match(between, verb.end())
    return not (own and _few_words_between(text, actor.end + own.end(), trigger.start, SELF_REPORT_WORDS))


OBSERVER_REACH = 300  # characters after an actor within which its verb of observing is looked for
def _report_news(events: list[Event], lead_end: int, published: date | None) -> list[Event]:
    """The report's news told so far: the lead's events that happened on a day, else the body's first (_body_news)."""
    return [e for e in events if e.sentence_index < lead_end and e.date_precision == "day" and e.status in ("occurred", "failed")
            and e.event_type != "statement"] or _body_news(events, published)


def _body_news(events: list[Event], published: date | None) -> list[Event]:
    """The report's news when its lead names none as an event ("DPRK destroyed the cooling tower Friday", no
    trigger): the body's first event dated to one of the report's days ("the explosion at the reactor took place
    shortly after 4 pm"), which "The blast came 20 months after ..." then names again. Empty if there is none."""
    if published is None:
        return []
    # (a report of the first days of year 1 has no days before it)
    latest = date.fromordinal(max(1, published.toordinal() - report_cues().same_news_days))
    return [e for e in events if e.date_precision == "day" and e.status in ("occurred", "failed") and e.event_type != "statement"
            and e.date_start is not None and latest <= e.date_start <= published][:1]


SPACES = re.compile(r"\s*")
SELF_REPORT_WORDS = 4  # words at most between a self-reporting pronoun and its trigger ("said it had successfully test-fired")
SELF_REPORT = re.compile(r"\s+(?:that\s+)?(?:it|they|its|their)\b", re.I)


def _targeted(state: str, text: str, trigger: Found, actors: list[Found], vocab: Vocabulary) -> bool:
    """Is ``state`` named after the trigger behind a target marker ("aiming at ... of the DPRK")?"""
    for f in actors:
        if f.start >= trigger.end and (f.what.state or f.what.code) == state:
            marker = vocab.target_marker.search(text, trigger.end, f.start)
            if marker and len(WORD.findall(text[marker.end() : f.start])) <= 6:
                return True
    return False


def _apply_precedence(fired: list[EventType], facts: SentenceFacts) -> list[EventType]:
    """A type gives up the trigger words that a type it yields to (``unless``) also claims."""
    names = {et.name for et in fired}
    out = []
    for et in fired:
        rivals = [f for other in et.unless if other in names for f in facts.triggers[other]]
        if rivals:
            kept = [f for f in facts.triggers[et.name] if not any(r.start < f.end and f.start < r.end for r in rivals)]
            if not kept:
                continue
            facts.triggers[et.name] = kept
        out.append(et)
    return out


# a colon not between digits: its look-behind after the colon ("(?<!\d:)", not "(?<!\d):"), so that every branch opens
# with a character and the engine skips to the next ; : or , at C speed (a look-behind first had it try every
# character: the scan of a sentence 3.3x faster, the same matches)
CLAUSE_BREAK = re.compile(r";|:(?<!\d:)(?!\d)|,\s+(?:and|but|while|whereas)\s", re.I)
# finer: subordinate clauses too ("... sanctions since it first conducted a nuclear test")
SUBCLAUSE_BREAK = re.compile(r";|:(?<!\d:)(?!\d)|,\s+(?:and|but|while|whereas)\s|\s(?:since|after|when|because|although|though|before|until)\s", re.I)


def _clause(text: str, sentence: Sentence, at: int, breaks: re.Pattern = CLAUSE_BREAK) -> tuple[int, int]:
    """The clause of the sentence holding offset ``at``."""
    start, end = sentence.start, sentence.end
    for m in breaks.finditer(text, sentence.start, sentence.end):
        if m.end() <= at:
            start = m.end()
        elif m.start() >= at:
            end = m.start()
            break
    return start, end


DATELINE_TAIL = re.compile(r"\s*(?:\([^()]{1,40}\))?\s*(?:--|—|–)?")


def _after_dateline(text: str, line: TimeMention | None, found: list[Found]) -> list[Found]:
    """``found`` without what stands in the sentence's dateline ``line`` ("Pyongyang, September 19 (KCNA) --"):
    the place and the agency there are the report's, not its events' actors or places."""
    if line is None:
        return found
    end = DATELINE_TAIL.match(text, line.end).end()
    return [f for f in found if f.start >= end]


def focus_state(actors: list[Found]) -> str:
    """The state an article is most about: the one its actors name most often."""
    counts: dict[str, int] = {}
    for f in actors:
        code = f.what.state or (f.what.code if f.what.kind in STATE_KINDS else "")
        if code:
            counts[code] = counts.get(code, 0) + 1
    return max(counts, key=counts.get) if counts else ""


def _article_tester(tested: dict[str, int]) -> str:
    """The state credited with most of the article's launches and tests so far, else none. On a tie, the one
    credited first: the lead's test is the article's news, a later one more often a slip (a confirming side
    read as the tester)."""
    return max(tested, key=tested.get) if tested else ""  # max keeps the first of equals, in the order credited


# ------------------------------------------------------------------------------------------ the report's time
@dataclass(frozen=True)
class ReportCues:
    lead_sentences: int  # how many of the article's first sentences are its headline and lead
    same_news_days: int  # a date this many days before the report can be its news's own
    background: re.Pattern  # before the trigger: a reaction or recollection, not the news ("Noting ...")
    counted: re.Pattern  # right before the trigger: a count of events ("four nuclear tests")
    document_says: re.Pattern  # a document's words: "the statement said"
    tally: re.Pattern  # before a coarse time expression: it describes the event ("its first ... this year")
    tally_from: re.Pattern  # right before it: the tally counts from it up to the report ("sixth time since 2019")
    connective: re.Pattern  # after a duration: the event after it is dated from another ("three days after")
    anchor_words: int
    pronoun_subject: re.Pattern  # "It comes ...", "The launch came ...": the sentence is about the news
    saying_subject: re.Pattern  # "Her remarks were made ...", "His comments came ...": about a saying told before
    headline_act: re.Pattern  # a headline's own verb of doing, with a word after it ("Guides Test-fire of ...")
    headline_reaction: re.Pattern  # a headline of a reaction ("... Test Hailed by ...")
    happening: re.Pattern  # right after a noun trigger: a verb of happening ("came", "took place")


@lru_cache(maxsize=1)
def report_cues() -> ReportCues:
    """event_cues.yaml ``report``, read and checked once."""
    data = _cue_mapping("report")
    numbers = {}
    for key in ("lead_sentences", "same_news_days"):
        numbers[key] = _number(data, key, "report.")
        if numbers[key] < 0:
            raise LexiconError(f"event_cues.yaml: report.{key} must not be negative")
    lists = {}
    for key in ("background", "counted_events", "documents", "document_verbs", "headline_acts", "headline_reactions"):
        _word_list(data, key, "report.")
        try:
            lists[key] = _alt(data[key])
            re.compile(lists[key])
        except re.error as exc:
            raise LexiconError(f"event_cues.yaml: report.{key}: {exc}") from None
    cues = read_data(__package__, "event_cues.yaml")
    verbs = _alt(cues["reporting_verbs"] + cues["media_verbs"] + data["document_verbs"])
    shift = cues.get("shifted_events")
    tallies = _word_list(cues, "tallies")
    if not isinstance(shift, dict) or not all(isinstance(shift.get(k), list) and shift[k] for k in ("after", "before", "pronoun_subjects")):
        raise LexiconError("event_cues.yaml: shifted_events must list after, before and pronoun_subjects")
    anchor_words = _number(shift, "anchor_words", "shifted_events.")

    return ReportCues(
        **numbers,
        tally=re.compile(rf"(?<![\w-])(?:{_alt(tallies)})(?:\s+[\w'’-]+){{0,6}}\s*$", re.I),
        tally_from=re.compile(rf"(?<![\w-])(?:{_alt(_word_list(cues, 'tally_from'))})\s+$", re.I),
        connective=re.compile(rf"\s+(?:(?P<after>{_alt(shift['after'])})|(?P<before>{_alt(shift['before'])}))\s+", re.I),
        anchor_words=anchor_words,
        pronoun_subject=re.compile(rf"\s*(?:{_alt(shift['pronoun_subjects'])})\s", re.I),
        saying_subject=re.compile(rf"\s*(?:{_alt(_word_list(shift, 'saying_subjects', 'shifted_events.'))})\s", re.I),
        background=re.compile(rf"(?<![\w-])(?:{lists['background']})(?![\w-])", re.I),
        headline_act=re.compile(rf"(?<![\w-])(?:{lists['headline_acts']})\s+(?=[\w\"“])", re.I),
        headline_reaction=re.compile(rf"(?<![\w-])(?:{lists['headline_reactions']})(?![\w-])", re.I),
        happening=re.compile(rf"\s+(?:{_alt(_word_list(data, 'happening', 'report.'))})(?![\w-])", re.I),
        counted=re.compile(rf"(?<![\w-])(?:{lists['counted_events']})\s+(?:[\w-]+\s+){{0,2}}$", re.I),
        document_says=re.compile(
            rf"(?<![\w-])(?:{lists['documents']})\s+(?:[\w-]+\s+){{0,6}}?(?:{verbs})(?![\w-])"
            rf"|(?<![\w-])in\s+(?:a|an|its|the|their)\s+(?:[\w-]+\s+){{0,2}}(?:{lists['documents']})(?![\w-])",
            re.I,
        ),
    )


def _told_as_news(text: str, trigger: Found, sentence: Sentence, status: str, vocab: Vocabulary, lead_end: int, event_type: str = "") -> bool:
    """Is the event the report's own news: in the headline or lead (sentences before ``lead_end``), told by
    a verb (not a noun mention, not an infinitive, not inside a reaction, a recollection or what an article
    says), and it happened?"""
    if status not in ("occurred", "failed") or sentence.index >= lead_end:
        return False
    if _nominal(text, trigger, sentence, vocab) and not (event_type not in TEST_TYPES and _happened(text, trigger, sentence)):
        return False
    before = [w.lower() for w in WORD.findall(text[max(sentence.start, trigger.start - 30) : trigger.start])]
    if before[-1:] == ["to"]:  # an infinitive
        return False
    cues = report_cues()
    head = text[sentence.start : trigger.start]
    # a reaction, a recollection, a relative clause, a count of events, an article's words: not the news
    # (a count before a verb is of the weapons, "Several cruise missiles were fired": only one before a noun
    # trigger counts events, "has conducted four nuclear tests")
    counted = not trigger.text.lower().endswith(("ed", "ing")) and cues.counted.search(text[max(sentence.start, trigger.start - 40) : trigger.start])
    # a reaction heading the sentence in a clause of its own is the main clause's cause, not this event's
    # frame ("Responding to the sixth nuclear test ..., the Council has stepped up sanctions")
    reacting = vocab.reference_words.search(_clause_before(text, sentence.start, trigger.start))
    return not (cues.background.search(head) or reacting or cues.document_says.search(sentence.text) or counted)


SUBJECT_NOUN_WORDS = 3  # words at most before a noun trigger that opens its sentence as its subject ("The historic summit")


def _happened(text: str, trigger: Found, sentence: Sentence) -> bool:
    """Is the noun trigger its sentence's subject, told with a verb of happening ("The historic summit came in the
    wake of ...", "The talks took place in Beijing"; event_cues.yaml report.happening)? In the lead it is the
    report's news as a verb would tell it. Not a test: a test so named in a lead is as often a later commentary's
    ("The test-fire came as a heavy blow to ...")."""
    return _few_words_between(text, sentence.start, trigger.start, SUBJECT_NOUN_WORDS) and bool(report_cues().happening.match(text, trigger.end, sentence.end))


HEADLINE_CLAUSE_BREAK = re.compile(r"[,;:(]|\s[-–—]\s")


def _headlined(title: str, vocab: Vocabulary) -> tuple[set[str], set[str]]:
    """The event types a headline tells as its subject's own act in a verb of doing, and the subject's states:
    ("Kim Jong Un Guides Test-fire of ...": missile tests, PRK). The types are those of the triggers after the
    verb, not inside a weapon's name ("Multiple Launch Rocket System"); the verb's own type only with a weapon
    after it ("DPRK Test-fires New Rocket"; not "Union Launches General Strike"). Nothing for a reaction's
    headline ("... Test Hailed by ..."), a noun phrase alone ("DPRK's H-bomb Test") or a subject named by no
    state ("Experts Term DPRK's Rocket Launches Just": the act is not the experts')."""
    cues = report_cues()
    act = cues.headline_act.search(title)
    if act is None or cues.headline_reaction.search(title):
        return set(), set()
    states = {f.what.state or f.what.code for f in find_actors(title, vocab) if f.end <= act.start()}
    weps = find_weapons(title, vocab)
    armed = any(w.start >= act.end() for w in weps)  # (a weapon of a later clause arms it too: rare, harmless)
    # the act's own clause: not a clause after it ("Russia launches missile, which Putin says ...")
    clause_end = next((m.start() for m in HEADLINE_CLAUSE_BREAK.finditer(title, act.end())), len(title))
    types = {name for name, found in all_triggers(title, vocab).items() if name != "statement"
             and any((act.end() <= f.start or (act.start() <= f.start and armed)) and f.end <= clause_end and not _inside_name(f, weps) for f in found)}
    return (types, states) if states else (set(), set())


LEAD_MIN_WORDS = 6


def _has_words(text: str, least: int) -> bool:
    """Has ``text`` at least ``least`` words that are no numbers? Counted no further (a lead's sentence has thirty)."""
    if least <= 0:
        return True
    if text.isascii():  # one match, where \d is isdigit()'s digits (a lead's sentences: 2.5 % of extract a word at a time)
        return _words_at_least(least).match(text) is not None
    for w in WORD.finditer(text):
        if not w.group(0).isdigit():
            least -= 1
            if not least:
                return True
    return False


@cache
def _words_at_least(least: int) -> re.Pattern:
    """A text's first ``least`` WORDs that are no numbers, in an ASCII text: each after the separators and the
    words of digits alone before it (possessive throughout: a text with fewer fails in one pass, never backtracks)."""
    return re.compile(rf"(?:[^\w'’-]*+(?:\d++(?![\w'’-])[^\w'’-]*+)*+[\w'’-]++){{{least}}}")


def _lead_end(sentences: list[Sentence], times: list[TimeMention], title: str = "") -> int:
    """The index of the first sentence after the headline and lead: event_cues.yaml report.lead_sentences
    sentences of six words or more, and never past the dateline's sentence ("SEOUL, March 3 (Reuters) - ..." opens the lead and is its news)."""
    # a byline or a caption fragment ("By IANS Updated: Jan 24", "North Korea") is no sentence of the lead,
    # nor a page's time stamp ("2017-09-12 08:59:29 source: ..."): its numbers are no words
    # a web copy's headline repeated in its body is the headline, not a sentence of the lead
    headline = " ".join(title.split()).casefold()
    end, counted = len(sentences), 0
    for s in sentences:
        # (a sentence opening with another ASCII character than the headline's is none: most, told without splitting it)
        if headline and (headline[0] == s.text[0].lower() or not s.text[0].isascii()) and " ".join(s.text.split()).casefold() == headline:
            continue
        counted += _has_words(s.text, LEAD_MIN_WORDS)
        if counted >= report_cues().lead_sentences:
            end = s.index + 1
            break
    line = next((m for m in times if m.rule == "dateline"), None)
    if line is not None:
        end = min(end, next((s.index + 1 for s in sentences if s.start <= line.start < s.end), end))
    return end


def _lead_frame(text: str, sentences: list[Sentence], times: list[TimeMention], published: date | None, lead_end: int) -> tuple[TimeMention, int] | None:
    """The past time a lead opens with, and its sentence: the first sentence of the lead (six words or more)
    starts with a date over before the report's days ("In early August, China answered the visit ..."). A report
    that opens so tells a story of that time (a commentary, a look back): the lead's untimed sentences after it
    go on in that time, not on the report's day. None for a lead that opens otherwise."""
    if published is None:
        return None
    first = next((s for s in sentences[:lead_end] if _has_words(s.text, LEAD_MIN_WORDS)), None)
    if first is None:
        return None
    # (a report of the first days of year 1 has no days before it to open in)
    latest = date.fromordinal(max(1, published.toordinal() - report_cues().same_news_days))
    m = next((m for m in times if first.start <= m.start < first.end), None)
    if m is None or m.rule == "dateline" or m.type != "DATE" or m.range_end is None or m.range_end >= latest \
            or not _few_words_between(text, first.start, m.start, 1):
        return None
    return m, first.index


def _clause_untimed(text: str, trigger: Found, facts: SentenceFacts, vocab: Vocabulary) -> bool:
    """No time expression in the trigger's clause but the dateline, an attribution's ("said on Monday") and a
    bound that describes another event ("a recent Israeli attack"): one given to another event of the
    clause ("in the shelling on January 6") still dates this one."""
    lo, hi = _clause(text, facts.sentence, trigger.start)
    others = [f.start for fs in facts.triggers.values() for f in fs if f.start != trigger.start]
    earlier = _earlier_opening(text, facts.sentence, trigger)

    def describes_other(m: TimeMention) -> bool:
        return m.precision == "none" and any(m.end <= t and _words_between(text, m.end, t) <= 2 for t in others)

    return not any(
        lo <= m.start < hi and m.type in ("DATE", "TIME") and m.rule != "dateline" and not describes_other(m) and m.end > earlier
        and not _reporting(text, m, facts.sentence, vocab)
        for m in facts.times
    )


OPENING_SPACE = re.compile(r"[\s\"“‘'(]*")


@lru_cache(maxsize=1)
def _earlier_openings() -> re.Pattern:
    """event_cues.yaml earlier_openings, read and checked once."""
    return re.compile(rf"(?:{_cue_alternation('earlier_openings')})(?![\w'’-])", re.I)


@lru_cache(maxsize=1)
def _framing_openings() -> re.Pattern:
    """event_cues.yaml earlier_openings and later_openings, read and checked once."""
    cues = read_data(__package__, "event_cues.yaml")
    return re.compile(rf"(?:{_alt(_word_list(cues, 'earlier_openings') + _word_list(cues, 'later_openings'))})(?![\w'’-])", re.I)


def _main_trigger(text: str, sentence: Sentence, found: list[Found]) -> Found:
    """The trigger of a type that tells the sentence's own event: the first after an opening phrase that frames
    it by another event of the type, before or after it ("Ahead of his summit talks with Trump, Kim visited
    Dalian for a meeting with Xi": the visit, not the summit to come); else the first."""
    at = OPENING_SPACE.match(text, sentence.start, found[0].start).end()
    if len(found) < 2 or not _framing_openings().match(text, at, found[0].start):
        return found[0]
    comma = text.find(",", found[0].end, sentence.end)
    return next((f for f in found if comma >= 0 and f.start > comma), found[0])


def _earlier_opening(text: str, sentence: Sentence, trigger: Found) -> int:
    """Where an opening phrase that tells an earlier event ends, the trigger told after its comma ("Responding to
    the sixth nuclear test North Korea carried out on September 3, its most powerful, the Council has stepped up
    sanctions": the test's day, not the sanctions'); else the sentence's start (event_cues.yaml earlier_openings)."""
    at = OPENING_SPACE.match(text, sentence.start, trigger.start).end()
    if not _earlier_openings().match(text, at, trigger.start):
        return sentence.start
    comma = text.rfind(",", at, trigger.start)
    return comma if comma >= 0 else sentence.start


def _attribution_day(text: str, facts: SentenceFacts, vocab: Vocabulary) -> TimeMention | None:
    """The day of the attribution in the sentence ("the military said on Monday"), if it names one."""
    return next((m for m in facts.times if m.type in ("DATE", "TIME") and m.rule != "dateline" and m.precision == "day"
                 and m.range_start is not None and m.range_start == m.range_end and _reporting(text, m, facts.sentence, vocab)), None)


def _announced(text: str, trigger: Found, sentence: Sentence) -> bool:
    """Is a decision told as announced: a modal, a present or a progressive right before or inside its trigger
    ("would sanction", "the sanctions were being imposed", "is imposing sanctions")?"""
    head = WORD.findall(_clause_before(text, sentence.start, trigger.start))[-4:]
    return bool(decided_when_said().announced.search(" ".join(head + [trigger.text])))


def _decided_on(text: str, trigger: Found, facts: SentenceFacts) -> TimeMention | None:
    """The day of a decision told by a participle after its noun ("a package of punitive measures, announced by
    the government Feb. 10, aimed at ..."): announcing a decision is taking it, so the day a verb of saying
    dates is the decision's own here (event_cues.yaml decided_when_said.participles)."""
    told_on = decided_when_said().told_on
    return next((m for m in facts.times if m.start >= trigger.end and m.type == "DATE" and m.precision == "day" and m.range_start is not None
                 and told_on.fullmatch(text, trigger.end, m.start)), None)


def _earlier_saying(text: str, trigger: Found, facts: SentenceFacts, vocab: Vocabulary, published: date | None) -> TimeMention | None:
    """The time of a saying that reports the event, where the event has none of its own: a month or longer,
    before the trigger, over before the report's days ("North Korea claimed in September last year to have
    conducted its first test-firing of a hypersonic missile": September; not "said on Monday", which dates
    the report, nor "said this month")."""
    if published is None:
        return None
    latest = published - timedelta(days=report_cues().same_news_days)
    return next((m for m in facts.times if m.end <= trigger.start and m.type == "DATE" and m.precision in COARSE
                 and m.range_end is not None and m.range_end < latest and m.range_start is not None
                 and _reporting(text, m, facts.sentence, vocab)), None)


def _report_time(text: str, facts: SentenceFacts, times: list[TimeMention], published: date | None, vocab: Vocabulary) -> tuple[date | None, date | None, str, str, str, str]:
    """The report's day for its own news: (start, end, precision, timex, time text, rule). The day of the
    attribution in the event's sentence ("the military said on Monday"), else the dateline's, else the day
    of publication or the one before."""
    m = _attribution_day(text, facts, vocab)
    if m is not None:
        return m.range_start, m.range_end, "day", m.value, m.text, f"attribution '{m.text}' ({m.rule})"
    line = next((m for m in times if m.rule == "dateline" and m.range_start is not None), None)
    if line is not None and (published is None or line.range_start <= published):
        # the dateline names the report's day: its news came that day or the one before
        return line.range_start - timedelta(days=1), line.range_end, "day", line.value, line.text, f"dateline '{line.text}'"
    if published is not None:
        return published - timedelta(days=1), published, "day", "", "", "published"
    return None, None, "undated", "", "", ""


# ------------------------------------------------------------------------------------------ the article
@dataclass
class Carried:
    """What the sentences read so far hand on to the next, whether or not they tell an event: whom a pronoun
    subject stands for, and the chronology entry that dates untimed sentences."""

    recent: tuple[str, int] | None = None  # the state named last so far, and its sentence
    recent_person: tuple[str, int] | None = None  # the state of the person named last so far, and its sentence
    entry: TimeMention | None = None  # the chronology date that stood alone in the sentence before, or heads this line
    entry_line: bool = False  # does the entry head the line it stands on (and date that line's sentences alone)?

    def go_on(self, text: str, facts: SentenceFacts, opening: int, he: bool, default_tester: str) -> None:
        """Read the sentence of ``facts`` (``opening``: where it begins after any dateline; ``he``: it opens with a
        person's pronoun; ``default_tester``: whom its pronoun subject stood for)."""
        sentence, acts = facts.sentence, facts.actors
        # a sentence that is only a chronology entry's date ("May 14:") dates the sentence after it; a date that
        # heads the entry on its line ("Jan. 23, 1968: The ship is seized. The attack leaves one sailor dead.")
        # dates the untimed sentences after it up to the end of that line
        head = next((m for m in facts.times if _chronology_head(text, m) and _few_words_between(text, sentence.start, m.start, 0)), None)
        if head is not None:
            self.entry, self.entry_line = head, not _few_words_between(text, head.end, sentence.end, 0)
        elif self.entry is not None and not (self.entry_line and "\n" not in text[self.entry.end : sentence.end + 1]):
            self.entry = None
        person = next((f.what.state for f in reversed(acts) if f.what.kind == "person" and f.what.state), "")
        if person:
            self.recent_person = (person, sentence.index)
        elif he:
            self.recent_person = (self.recent_person[0], sentence.index)  # "In December he launched ... In February he conducted ..."
        subject = _subject_state(text, opening, acts)
        if subject:
            self.recent = (subject, sentence.index)
        elif self.recent is not None and default_tester == self.recent[0]:
            self.recent = (self.recent[0], sentence.index)  # "It recently deployed ... It also conducted ...": the chain goes on


def extract(article: Article) -> list[Event]:
    """The events an article reports, one row per event (mentions of the same event merged)."""
    vocab = vocabulary()
    text = unwrapped(article.text)  # a hard-wrapped copy read as its paragraphs
    # every event starts at a trigger in its sentence (what names an event again, counts attempts or counts
    # since a time goes back to one told before): an article with none reports nothing, and its times, actors
    # and places need not be found. The three filters each judge a trigger alone, so their order is free: the
    # two that need no times run first
    # the filters read the types with a trigger only (a list made for each of 17 types cost more than their tests)
    triggers = _without_possessors(text, _without_characterized(text, {name: found for name, found in all_triggers(text, vocab).items() if found}))
    if not any(triggers.values()):
        return []
    sentences = split(text)
    if not sentences:
        return []
    times = find_times(text, article.published, sentences=sentences)  # split once, for tense and events alike
    # only the types with a trigger left: each sentence looks its own up among these
    triggers = {name: found for name, found in _without_time_objects(text, triggers, times).items() if found}
    if not triggers:
        return []
    actors = find_actors(text, vocab)
    triggers_in = _in(sentences, [f for fs in triggers.values() for f in fs])
    # a weapon matters only where a trigger can make an event: its sentence alone is scanned
    eventful = [(s.start, s.end) for s, hits in zip(sentences, triggers_in) if hits]
    weapons = find_weapons(text, vocab, eventful)
    taken = {(f.start, f.end) for f in actors}
    places = [p for p in find_places(text, vocab) if (p.start, p.end) not in taken]  # "drills with Seoul": an actor
    times_in = _in(sentences, [Found(m.start, m.end, m.text, m) for m in times])
    # a dateline's place and agency are the report's: no actors or places of its sentence's events, and
    # no votes for the state the article is about
    lines = [None] * len(sentences)  # each sentence's dateline: looked for only where the article has one (few have)
    if any(m.rule == "dateline" for m in times):
        lines = [next((f.what for f in ts if f.what.rule == "dateline"), None) for ts in times_in]
    actors_in = [_after_dateline(text, line, acts) for line, acts in zip(lines, _in(sentences, actors))]
    places_in = [_after_dateline(text, line, pls) for line, pls in zip(lines, _in(sentences, places))]
    events: list[Event] = []
    previous: tuple[TimeMention, str] | None = None  # the last sentence's governing date and its event type
    focus = focus_state([f for acts in actors_in for f in acts])
    tested: dict[str, int] = {}  # the states credited with the article's launches and tests so far, and how often
    lead_end = _lead_end(sentences, times, article.title or "")
    # the headline names the news ("Kim Jong Un Guides Test-fire of ..." over a lead of the sanctions it answers):
    # the first body event of a type it tells as the state's own act is the report's news, as the lead's would be
    headlined, headline_states = _headlined(article.title or "", vocab)
    told_types: set[str] = set()
    carried = Carried()
    said: Event | None = None  # the last saying dated to the day ("Her remarks were made hours after ..." counts from it)
    speech = _reported_speech(text, sentences, vocab)
    frame = _lead_frame(text, sentences, times, article.published, lead_end)
    attacker = ""  # the state the article's first attack is credited to
    for sentence, ts, line, acts, weps, pls, hits in zip(sentences, times_in, lines, actors_in, _in(sentences, weapons), places_in, triggers_in):
        # "today" and "yesterday" in words quoted from a letter or a speech are the speaker's days, not the report's
        own_times = [f.what for f in ts if not (f.what.rule.startswith("day_word") and any(lo <= f.start < hi for lo, hi in speech))] if speech else [f.what for f in ts]
        facts = SentenceFacts(sentence, own_times, acts, weps, pls)
        # "It also conducted an interceptor missile test ...": with no state in its clause, the tester a pronoun
        # subject stands for is the state named last in the sentences just before, not the article's focus
        default_tester = focus
        opening = DATELINE_TAIL.match(text, line.end).end() if line is not None else sentence.start  # after the dateline
        recent, recent_person = carried.recent, carried.recent_person
        pronoun = recent is not None and sentence.index - recent[1] <= PRONOUN_REACH and _pronoun_tester().match(text, opening)
        if pronoun:
            default_tester = recent[0]
        # "In February he conducted a third nuclear test": "he" or "she", after any opening time, is the person
        # named last in the sentences just before, and the test that person's state's
        he = (not pronoun and recent_person is not None and sentence.index - recent_person[1] <= PRONOUN_REACH
              and any(_person_pronoun().match(text, at) for at in (opening, _after_opening_time(text, opening, own_times))))
        if he:
            pronoun, default_tester = True, recent_person[0]
        if not hits and not _ordinal_attempt(text, facts, [], events, vocab):
            # no trigger and no attempt counted: no event of the sentence's own, and none that goes on to the
            # next ("previous"); it may still count the report's news since a time, and hands on its names
            if report_cues().pronoun_subject.match(sentence.text):  # the report's news gathered only for such a count's sentence
                events.extend(_news_counted_since(text, facts, [], _report_news(events, lead_end, article.published), vocab))
            previous = None
            carried.go_on(text, facts, opening, he, default_tester)
            continue
        # a trigger word inside a weapon's name names the weapon ("multiple launch rocket system"), not an event
        facts.triggers = {name: kept for name, found in find_triggers(text, sentence, vocab, triggers).items()
                          if (kept := [f for f in found if not _inside_name(f, weps)])}
        if not facts.weapons and sentence.index and facts.triggers.keys() & WEAPON_NEEDS and _pronoun_tester().match(text, opening):
            # "... the Hwasong-18 is the North's first ICBM of that kind. It was first flown in April.": a pronoun
            # subject with no weapon named stands for the weapon the sentence before named last
            facts.weapons = _pronoun_weapon(text, sentences[sentence.index - 1], opening, vocab)
        # "when they last met in Bangkok": the leaders named just before met, with no name in the sentence
        leaders_before = recent_person is not None and sentence.index - recent_person[1] <= PRONOUN_REACH
        fired = [et for et in vocab.event_types if et.name in facts.triggers and (_needs_met(et, facts, vocab)
                 or et.needs == "leader" and leaders_before and _pronoun_met(text, facts.triggers[et.name]))
                 and not _by_nature(text, et.name, facts) and not _struck_site(text, et.name, facts)]
        # "The launch on Wednesday ...", "at least six tests", "South Korea's first attempt": told before
        named_again = _anaphoric(text, facts, fired, events, vocab)
        same_again = {et.name for et, _ in named_again}  # the event told before, named again (not more of its kind)
        named_again = named_again or _counted_bare_tests(text, facts, fired, events, vocab) or _ordinal_attempt(text, facts, fired, events, vocab)
        fired = _apply_precedence(fired + [et for et, _ in named_again], facts)
        told_by = {et.name: list(zip(e.actors, e.actor_codes)) for et, e in named_again if e.actor_codes}
        told_weapon = {et.name: Found(sentence.start, sentence.start, e.weapon, (e.weapon, e.weapon_class, "", e.weapon_named))
                       for et, e in named_again if e.weapon and e.weapon_class}
        sentence_dated: tuple[TimeMention, str] | None = None
        made: list[tuple[int, Event]] = []  # (trigger offset, event)
        jobs: list[tuple[EventType, Found, Found | None, TimeMention | None, bool]] = []
        if "missile_test" in facts.triggers:
            # "fired rocket shells into the forefront area": what a trigger fires, right after it, is its weapon;
            # shells are no missile, whatever missiles the sentence names elsewhere
            weapon_starts = [w.start for w in facts.weapons]
            kept = [t for t in facts.triggers["missile_test"] if not _fires_other(text, t, facts, weapon_starts, vocab)]
            if kept:
                facts.triggers["missile_test"] = kept
            else:
                fired = [et for et in fired if et.name != "missile_test"]
        for et in fired:
            trigger = _main_trigger(text, sentence, facts.triggers[et.name])
            weapon = _weapon_for(et.name, facts, trigger, vocab)
            if weapon is not None:
                trigger = _nearest(facts.triggers[et.name], weapon) or trigger
            elif et.name in told_weapon:
                # a test named again keeps the weapon it was told with, and so do the like tests told beside it
                # ("carried out the underwater ejection tests last week, following comparable tests ... last month")
                weapon = told_weapon[et.name]
            rivals = [facts.triggers[o.name][0] for o in fired if o.name != et.name and o.name != "statement"]
            mention = _governing_time(et.name, trigger, facts, text, vocab, rivals)
            if mention is None and et.name in decided_when_said().types:
                mention = _decided_on(text, trigger, facts)
            if mention is None and et.name != "statement":
                mention = _earlier_saying(text, trigger, facts, vocab, article.published)
            jobs.append((et, trigger, weapon, mention, False))
            if et.name != "statement":  # what is said is no event of its own on the timeline
                further_jobs = _further_events(et, trigger, weapon, mention, facts, rivals, text, vocab)
                if mention is not None and any(m is not None and (m.start, m.end) == (mention.start, mention.end) for _, _, m in further_jobs):
                    jobs[-1] = (et, trigger, weapon, None, False)  # its time stands nearer a further event: that one's
                jobs.extend((et, t, w, m, True) for t, w, m in further_jobs)
        further: set[str] = set()  # the ids of further events of a type, kept only if dated
        testers: dict[str, list[tuple[str, str]]] = {}  # each type's first event's actors
        for et, trigger, weapon, mention, extra in jobs:
            if et.name == "missile_test" and weapon is not None and weapon.what[0] == "rocket" and act_cues().disputed_launch.search(sentence.text):
                et = vocab.event_type("satellite_launch")  # "fired a rocket in what was widely seen as a missile test"
            basis = "undated"
            if mention is not None:
                basis = "stated" if STATED.search(mention.text) else "relative"
                if basis == "relative" and mention.rule == "clock" and (day := _news_day(events, et.name, article.published)) is not None \
                        and day != mention.range_start:
                    # "At 12:05 p.m. Hawaii time, the range fired the target missile": a time of day alone is on the
                    # day of the report's news of that type, not on the publication day it was counted from
                    mention, basis = replace(mention, range_start=day, range_end=day, value=day.isoformat() + mention.value[10:]), "context"
                sentence_dated = sentence_dated or (mention, et.name)
            elif not extra and previous is not None and not facts.times and previous[1] == et.name:
                mention, basis = previous[0], "context"  # the narrative of the previous sentence goes on
            elif (not extra and previous is not None and not facts.times and previous[0].precision in COARSE and _response_opener().match(sentence.text)
                    and not RELATIVE_WORD.search(text, sentence.start, trigger.start)):
                # "In January the US killed a general in a drone strike. Iran's response was to launch ballistic
                # missiles at ...": a response told next, of whatever type, falls in the month (or year) of what it
                # answers; not what a relative clause describes ("... bases where US forces are stationed")
                mention, basis = previous[0], "context"
            elif not extra and carried.entry is not None and not facts.times:
                mention, basis = carried.entry, "context"  # "May 14:" on a line of its own heads the entry that follows
            elif not extra and frame is not None and frame[1] < sentence.index < lead_end and not any(m.type in ("DATE", "TIME") for m in facts.times):
                # "In early August, China answered ... Six zones were drawn up ...": a lead that opens in the past
                # goes on narrating that past, not the report's day
                mention, basis = frame[0], "context"
            # with no tester in its clause, a test is the article's tester's (the state its tests told so far are
            # credited to), not the state it names most: a report from Tokyo names Japan more than North Korea
            tester = _article_tester(tested)
            clause_lo, clause_hi = _clause(text, sentence, trigger.start)
            actor_pairs = _actors_for(et.name, facts, trigger, weapon, text, default_tester if pronoun else (tester or focus), vocab, tester, (clause_lo, clause_hi))
            if extra and et.name in TEST_TYPES and et.name in testers:
                sub_lo, sub_hi = _clause(text, sentence, trigger.start, SUBCLAUSE_BREAK)
                if not any(sub_lo <= f.start < sub_hi and _names_a_state(f.what) for f in facts.actors):
                    actor_pairs = testers[et.name]  # "fired ... on Sunday, three days after it launched ...": the same tester
            elif not extra:
                if et.name in told_by and trigger.start < next((f.start for f in facts.actors if f.what.kind in STATE_KINDS), sentence.end):
                    actor_pairs = told_by[et.name]  # the event named again: its tester, not a state named after it
                testers[et.name] = actor_pairs
            place = _nearest([p for p in facts.places if clause_lo <= p.start < clause_hi], trigger)
            status = _status(text, trigger, sentence, vocab, et.name)
            start, end, precision, timex, time_text = None, article.published, "undated", "", ""
            report_rule = ""
            news_end = lead_end
            if et.name in headlined and et.name not in told_types and not extra and headline_states & {c for _, c in actor_pairs}:
                news_end = len(sentences)
                if status == "hypothetical":
                    # the headline tells the act done: a modal cue read beside the body's first telling of it
                    # is of something else ("a test-fire for estimating the might of ...")
                    status = "occurred"
            if not extra:
                told_types.add(et.name)
            tally_only = mention is not None and basis != "context" and _tally(text, mention, sentence)
            renamed_news = _news_tallied(sentence, et.name, events, lead_end) if tally_only and not extra and status == "occurred" else None
            if renamed_news is not None:
                # "It was also Japan's fifth satellite launch in fiscal 2014": the news counted, on the news's day
                start, end, precision, timex = renamed_news.date_start, renamed_news.date_end, renamed_news.date_precision, renamed_news.timex
                time_text, basis = renamed_news.time_text, "context"
            elif mention is not None and not (tally_only and et.name != "statement" and _told_as_news(text, trigger, sentence, status, vocab, news_end, et.name)):
                start, end, precision, timex, time_text = mention.range_start, mention.range_end, mention.precision, mention.value, mention.text
                start, end = _weeks_ago(mention, article.published, start, end)
                if precision == "none":  # PAST_REF / FUTURE_REF: only a bound
                    precision = "undated" if start is None or end is None else "none"
            elif not extra and et.name != "statement" and _told_as_news(text, trigger, sentence, status, vocab, news_end, et.name) and (tally_only or _clause_untimed(text, trigger, facts, vocab)):
                # the report's own news with no time of its own: the report's day
                start, end, precision, timex, time_text, report_rule = _report_time(text, facts, times, article.published, vocab)
                if start is not None and (not tally_only or _within(start, end, mention) or _counted_from(text, mention, sentence, start, end)):
                    basis, mention = "report", None
                elif mention is not None:  # no report's time within the tally's range: the tally's
                    start, end, precision, timex, time_text = mention.range_start, mention.range_end, mention.precision, mention.value, mention.text
                else:
                    start, end, precision, timex, time_text = None, article.published, "undated", "", ""
            elif (not extra and mention is None and status == "occurred" and et.name in decided_when_said().types
                    and _announced(text, trigger, sentence) and (said := _attribution_day(text, facts, vocab)) is not None):
                # a decision announced, wherever the article tells it: taken on the day it was said, a day the
                # text states (so the report's own news, dated by default, merges into it, not it into another)
                mention = said
                start, end, precision, timex, time_text = said.range_start, said.range_end, "day", said.value, said.text
                basis = "stated" if STATED.search(said.text) else "relative"
            # a weekday carried on by the narrative ("context") is the same day, moved the same way
            weekday = (mention is not None and basis in ("relative", "context") and mention.rule == "weekday") or (basis == "report" and report_rule.endswith("(weekday)"))
            if (weekday and status == "occurred" and not extra
                    and start is not None and article.published is not None and (article.published - start).days == 6 and article.published < date.max
                    and article.published_from in ("metadata", "user") and sentence.index < lead_end):
                # the report's news on the weekday after its page's date: a page dated in US time tells of a
                # morning in Asia ("launched Wednesday morning" on a page of Tuesday), not of six days before
                start = end = article.published + timedelta(days=1)
                timex, rule_note = start.isoformat(), f"; {US_PAGE_DAY}"
            else:
                rule_note = ""
            if not extra and et.name in same_again:
                rule_note += f"; {NAMED_AGAIN}"
            if status == "occurred" and start is not None and article.published is not None and start > article.published and not rule_note:
                status = "planned"
            if (status == "occurred" and mention is not None and article.published is not None and mention.range_end is not None
                    and mention.range_end > article.published and DEADLINE.search(text, max(sentence.start, mention.start - 12), mention.start)):
                status = "planned"  # "to disable its nuclear facilities by the end of the year": a deadline still ahead
            if status == "occurred" and mention is not None and mention.value == "FUTURE_REF":
                status = "planned"  # "tests in the future": not yet
            key = f"{article.id}|{et.name}|{sentence.index}|{trigger.start - sentence.start}"
            if extra:
                further.add(hashlib.sha1(key.encode("utf-8")).hexdigest()[:16])
            if et.name in TEST_TYPES and actor_pairs and _state_name(actor_pairs[0][1], vocab) != actor_pairs[0][1]:
                code = actor_pairs[0][1]
                tested[code] = tested.get(code, 0) + 1
            made.append((trigger.start,
                Event(
                    event_id=hashlib.sha1(key.encode("utf-8")).hexdigest()[:16],
                    article_id=article.id,
                    event_type=et.name,
                    date_start=start,
                    date_end=end,
                    date_precision=precision,
                    timex=timex,
                    time_text=time_text,
                    actors=tuple(n for n, _ in actor_pairs),
                    actor_codes=tuple(c for _, c in actor_pairs),
                    weapon=weapon.what[0] if weapon else "",
                    weapon_class=weapon.what[1] if weapon else "",
                    location=place.what.name if place else "",
                    latitude=place.what.latitude if place else None,
                    longitude=place.what.longitude if place else None,
                    status=status,
                    date_basis=basis,
                    sentence=sentence.text,
                    published=article.published,
                    published_from=article.published_from,
                    title=article.title,
                    source=article.source,
                    url=article.url,
                    rule=f"trigger '{trigger.text}'" + (f"; time '{time_text}' ({mention.rule}, {basis})" if mention is not None else "")
                    + (f"; the report's time: {report_rule}" if basis == "report" else "") + rule_note,
                    plover=et.plover,
                    cameo=et.cameo,
                    sentence_index=sentence.index,
                    trigger=trigger.text,
                    weapon_named=bool(weapon and weapon.what[3]),
                    # who struck, as who fired: the state doing it, not the one that said so nor its target
                    agent=_attacker(text, facts, trigger, vocab) if et.name == "attack" else "",
                )
            ))
        news = _report_news(events, lead_end, article.published)
        kept = _renamed_launches(text, sentence, made, vocab)
        if len(kept) < len(made) and sentence_dated is not None and not any(e.event_type == sentence_dated[1] for _, e in kept):
            sentence_dated = (sentence_dated[0], "weapons_test")  # the narrative goes on with the test it was renamed as
        made = kept
        shifted = _shifted(text, sentence, facts, made, news, said)
        events.extend(e for e in shifted if e.event_id not in further or e.date_start is not None)
        said = next((e for _, e in reversed(made) if e.event_type == "statement" and e.date_precision == "day" and e.status == "occurred"), said)
        events.extend(_earlier_of_kind(text, facts, made))
        # with no state in its clause, a strike's launch is by the side the article's first attack was credited to
        attacker = attacker or next((c for e in shifted if e.event_type == "attack" and (e.event_id not in further or e.date_start is not None)
                                     for c in e.actor_codes[:1] if _state_name(c, vocab) != c), "")
        events.extend(_launches_in_attacks(text, facts, [(at, e) for (at, _), e in zip(made, shifted)], vocab, attacker or _article_tester(tested) or focus))
        events.extend(_news_counted_since(text, facts, made, news, vocab))
        previous = sentence_dated
        carried.go_on(text, facts, opening, he, default_tester)
    return merge(_each_day(_clock_on_news_day(events)))


CLOCK_ALONE = "clock"  # the time rule of a time of day with no day of its own ("at 12:05 p.m. Hawaii time")
CLOCK_DATED = re.compile(r"time '[^']*' \(clock, ")


def _clock_on_news_day(events: list[Event]) -> list[Event]:
    """Events dated by a time of day alone ("At 12:05 p.m. Hawaii time, the range fired the target
    missile"), which takes the reference's day, lie on the day of the article's first event dated to a day when that is a day
    before or after it: the body tells the hours of the news day, in a zone the page's date may not share
    (the news told "on Monday" in a page of Tuesday)."""
    news = next((e for e in events if e.date_precision == "day" and e.status in ("occurred", "failed")
                 and e.event_type != "statement" and e.date_start is not None and not CLOCK_DATED.search(e.rule)), None)
    if news is None:
        return events
    out = []
    for e in events:
        if (e.sentence_index > news.sentence_index and e.date_precision == "day" and e.date_start is not None and CLOCK_DATED.search(e.rule)
                and abs((e.date_start - news.date_start).days) == 1 and news.date_end == news.date_start):
            e = replace(e, date_start=news.date_start, date_end=news.date_end, timex=news.timex,
                        rule=e.rule + f"; on the day of the report's news ({news.time_text or news.date_start.isoformat()})")
        out.append(e)
    return out


DEADLINE = re.compile(r"(?<![\w-])by\s+$", re.I)  # right before a time: a deadline ("by the end of the year")
WEEK_SLACK = 3  # days either side of the day counted back: "a week ago" is about seven days before, give or take


def _weeks_ago(mention: TimeMention, published: date | None, start: date | None, end: date | None) -> tuple[date | None, date | None]:
    """The days an event told "<n> weeks ago" may lie on: about n times seven days before the report, a few days
    either side, not the calendar week the count falls in (the time mention's value): "A week ago, ... where he
    held a summit" on a Monday is the Tuesday before as likely as the Monday."""
    if (mention.rule != "unit_ago" or mention.precision != "week" or mention.basis != "publication" or published is None or start is None
            or not mention.text.lower().endswith("ago")):
        return start, end  # "a week later", "a week earlier": counted from another time, not back from the report
    try:
        # the count's week starts 7n to 7n + 6 days before the report: n whole weeks back from the report's day
        counted = published - timedelta(days=(published - start).days // 7 * 7)
        return counted - timedelta(days=WEEK_SLACK), counted + timedelta(days=WEEK_SLACK)
    except OverflowError:
        return start, end


def _attacker(text: str, facts: SentenceFacts, trigger: Found, vocab: Vocabulary) -> str:
    """The state that struck, where the sentence names it: one the trigger opens with ("US strikes", "Israeli
    strike"), else the tester's rules (the subject, not the side that said so nor the target; the agent after
    "by"); "" when the clause names none."""
    inside = next((f for f in facts.actors if f.start == trigger.start and _names_a_state(f.what)), None)
    if inside is not None:
        return inside.what.state or inside.what.code
    return next((c for _, c in _actors_for("missile_test", facts, trigger, None, text, "", vocab, "")[:1]), "")


def _inside_name(trigger: Found, weapons: list[Found]) -> bool:
    """Does the trigger lie inside a longer weapon name ("launch" in "multiple launch rocket system")? The
    weapons are in text order and do not overlap: the one starting last at or before it is the only candidate."""
    i = bisect.bisect_right(weapons, trigger.start, key=_start) - 1
    return i >= 0 and trigger.end <= weapons[i].end and (weapons[i].start, weapons[i].end) != (trigger.start, trigger.end)


# days joined by "and" ("on May 18 and 19", "on 3 and 4 March"), not a span ("from May 18 to 19", "between
# February 12 and 14")
COORDINATED_DAYS = re.compile(r"\d(?:st|nd|rd|th)?\s*,?\s+and\s+(?:[A-Z][a-z]+\.?\s+)?\d", re.I)
SPAN_BEFORE = re.compile(r"(?:between|from)\s*$", re.I)


@lru_cache(maxsize=1)
def _each_day_types() -> frozenset[str]:
    """event_cues.yaml each_day_types, read and checked once."""
    return frozenset(_word_list(read_data(__package__, "event_cues.yaml"), "each_day_types"))


def _each_day(events: list[Event]) -> list[Event]:
    """A launch or test told on days joined by "and" ("fired rockets on May 18 and 19") happened on each of
    them: one event on the first day named and one on the last, as the test databases count event days (a
    summit "on May 18 and 19" is one meeting of two days: not its type). Only days its own sentence joins: a
    date carried from the sentence before ("reported between February 12 and 14. ... said:") may be a span."""
    out: list[Event] = []
    for e in events:
        if (e.event_type in _each_day_types() and e.date_precision == "day" and e.date_start is not None and e.date_end is not None
                and e.date_start < e.date_end and e.date_basis in ("stated", "relative") and COORDINATED_DAYS.search(e.time_text)
                and e.time_text in e.sentence and not SPAN_BEFORE.search(e.sentence[: e.sentence.find(e.time_text)])):
            last = hashlib.sha1(f"{e.event_id}|last day".encode("utf-8")).hexdigest()[:16]
            out.append(replace(e, date_end=e.date_start, timex=e.date_start.isoformat()))
            out.append(replace(e, event_id=last, date_start=e.date_end, timex=e.date_end.isoformat()))
        else:
            out.append(e)
    return out


LINE_END_COLON = re.compile(r":[ \t]*\n")


@lru_cache(maxsize=1)
def _speech_opening() -> re.Pattern:
    """event_cues.yaml speech_openers, read and checked once: a verb of saying right before a colon."""
    words = _word_list(read_data(__package__, "event_cues.yaml"), "speech_openers")
    return re.compile(rf"(?<![\w-])(?:{_alt(words)})\s*$", re.I)


def _reported_speech(text: str, sentences: list[Sentence], vocab: Vocabulary) -> list[tuple[int, int]]:
    """Stretches of the text in someone else's words: the paragraphs after a verb of saying that ends its line
    with a colon ("..., the letter noted, adding:"), up to the next sentence with a verb of saying ("The letter
    confirmed ...", "..., it stressed"). Not any quotation: a wire's quote of an official is of the report's day
    ("'The missile lifted off at 8.07 hours today,' he said")."""
    spans = []
    starts = [s.start for s in sentences]
    # the first sentence with a verb of saying at or after the colon's, looked for as the colons come in text order:
    # one found for a colon serves the later ones before it, so that each sentence is searched once at most
    saying = -1
    for colon in LINE_END_COLON.finditer(text):  # the colons that end a line first: a verb of saying before one
        if _speech_opening().search(text, max(0, colon.start() - 20), colon.start()):
            k = bisect.bisect_left(starts, colon.end())
            if saying < k:
                saying = next((j for j in range(k, len(sentences)) if vocab.reporting.search(sentences[j].text)), len(sentences))
            spans.append((colon.end(), sentences[saying].start if saying < len(sentences) else len(text)))
    return spans


PRONOUN_REACH = 3  # sentences back where a pronoun subject's state is looked for
SUBJECT_WORDS = 6  # a state within this many words of its sentence's start may be its subject


def _subject_state(text: str, opening: int, actors: list[Found]) -> str:
    """The state that is the sentence's subject: its first state actor, within a few words of its opening (after any dateline: "Some
    days ago, the U.S. fabricated ..."), not the object of a preposition ("the bases of the DPRK")."""
    for f in actors:
        if not _names_a_state(f.what):
            continue
        # no further than SUBJECT_WORDS words need be read: a stretch cut short holds no more words than the whole
        words = WORD.findall(text, opening, min(f.start, opening + WORDS_REACH * (SUBJECT_WORDS + 1)))
        if len(words) > SUBJECT_WORDS:
            return ""
        if opening + WORDS_REACH * (SUBJECT_WORDS + 1) < f.start:
            words = WORD.findall(text, opening, f.start)
            if len(words) > SUBJECT_WORDS:
                return ""
        before = _without_articles([w.lower() for w in words])
        if before and before[-1] in GOVERNED_BREAK:  # (which holds NOUN_PREPOSITIONS: no union made per call)
            return ""
        return f.what.state or f.what.code
    return ""


@lru_cache(maxsize=1)
def _pronoun_tester() -> re.Pattern:
    """event_cues.yaml pronoun_testers, read and checked once: a sentence that opens with one."""
    words = _word_list(read_data(__package__, "event_cues.yaml"), "pronoun_testers")
    return re.compile(rf"\s*[\"“]?(?:{_alt(words)})(?![\w'’-])", re.I)


@lru_cache(maxsize=1)
def _person_pronoun() -> re.Pattern:
    """event_cues.yaml person_pronoun_testers, read and checked once: a sentence that opens with one."""
    words = _word_list(read_data(__package__, "event_cues.yaml"), "person_pronoun_testers")
    return re.compile(rf"\s*[\"“]?(?:{_alt(words)})(?![\w'’-])", re.I)


OPENING_TIME = re.compile(r"\s*,?")


def _after_opening_time(text: str, opening: int, times: list[TimeMention]) -> int:
    """Where the sentence goes on after a time that opens it ("In February, he ..."), else its opening."""
    first = next((m for m in times if m.start >= opening and _few_words_between(text, opening, m.start, 1)), None)
    return OPENING_TIME.match(text, first.end).end() if first is not None else opening


@lru_cache(maxsize=1)
def _anaphor() -> re.Pattern:
    """event_cues.yaml anaphors, read and checked once: the words right before a trigger that point back."""
    cues = read_data(__package__, "event_cues.yaml").get("anaphors") or {}
    determiners, modifiers = _word_list(cues, "determiners", "anaphors"), _word_list(cues, "modifiers", "anaphors")
    return re.compile(rf"(?<![\w'’-])(?:{_alt(determiners)})\s+(?:(?:{_alt(modifiers)})\s+){{0,2}}$", re.I)


@lru_cache(maxsize=1)
def _pronoun_meeters() -> re.Pattern:
    """event_cues.yaml pronoun_meeters, read and checked once: one right before a meeting trigger (a word between at most)."""
    words = _word_list(read_data(__package__, "event_cues.yaml"), "pronoun_meeters")
    return re.compile(rf"(?<![\w'’-])(?:{_alt(words)})\s+(?:[\w-]+\s+)?$", re.I)


def _pronoun_met(text: str, triggers: list[Found]) -> bool:
    """Is a meeting trigger told of a pronoun subject ("when they last met", "the two met")?"""
    return any(_pronoun_meeters().search(text, max(0, t.start - 30), t.start) for t in triggers)


def _anaphoric(text: str, facts: SentenceFacts, fired: list[EventType], earlier: list[Event], vocab: Vocabulary) -> list[tuple[EventType, Event]]:
    """The test type whose trigger, short of the weapon its type needs, names again as a definite noun ("The
    launch on Wednesday ...") the event of that type the article told before (of the types claiming the
    word, the one told last), with that event."""
    names = {et.name for et in fired}
    previous = [e for e in earlier if e.event_type in TEST_TYPES and e.status in ("occurred", "failed")]
    told = [e.event_type for e in previous]
    if not told:
        return []
    pointing = [et for et in vocab.event_types if et.name in TEST_TYPES and et.name not in names and et.name in told
                and et.name in facts.triggers and any(_anaphor().search(text, max(facts.sentence.start, f.start - 40), f.start) for f in facts.triggers[et.name])]
    if not pointing:
        return []
    last = max(pointing, key=lambda et: len(told) - told[::-1].index(et.name))
    facts.triggers[last.name] = [f for f in facts.triggers[last.name] if _anaphor().search(text, max(facts.sentence.start, f.start - 40), f.start)]
    return [(last, next(e for e in reversed(previous) if e.event_type == last.name))]


def _news_day(events: list[Event], event_type: str, published: date | None) -> date | None:
    """The day of the report's news of that type told so far: the first event of the type the article tells, if
    it is dated to one day no more than same_news_days before publication; else None."""
    first = next((e for e in events if e.event_type == event_type and e.status in ("occurred", "failed")), None)
    if published is None or first is None or first.date_precision != "day" or first.date_start is None or first.date_start != first.date_end:
        return None
    return first.date_start if published - timedelta(days=report_cues().same_news_days) <= first.date_start <= published else None


WEAPON_NEEDS = frozenset({"missile_test", "satellite_launch"})  # the types a weapon makes


def _pronoun_weapon(text: str, prior: Sentence, at: int, vocab: Vocabulary) -> list[Found]:
    """The weapon the sentence ``prior`` named last, a named system first, standing at ``at`` (a pronoun), else none."""
    named = find_weapons(text, vocab, [(prior.start, prior.end)])
    last = ([w for w in named if w.what[3]] or named)[-1:]
    return [Found(at, at, w.text, w.what) for w in last]


BARE_TESTS = re.compile(r"tests?", re.I)
LAST_TOLD_REACH = 50  # events back where the last one told is looked for


def _counted_bare_tests(text: str, facts: SentenceFacts, fired: list[EventType], earlier: list[Event], vocab: Vocabulary) -> list[tuple[EventType, Event]]:
    """A bare "tests" counted, with no weapon that makes it a missile test, in an article whose last test told is
    of a kind news counts by that word alone ("North Korea conducted at least six tests there between October 2006
    and September 2017" after its nuclear tests: event_cues.yaml bare_test_kinds): more tests of that kind, with
    the last one's actors."""
    if "missile_test" not in facts.triggers or any(et.name == "missile_test" for et in fired):
        return []
    s = facts.sentence
    hits = [f for f in facts.triggers["missile_test"] if BARE_TESTS.fullmatch(f.text)
            and report_cues().counted.search(text[max(s.start, f.start - 40) : f.start])]
    if not hits:
        return []
    # the last test told, looked for from the end among the last few (only for a sentence with such a count)
    told = next((e for e in itertools.islice(reversed(earlier), LAST_TOLD_REACH) if e.event_type in TEST_TYPES and e.status in ("occurred", "failed")), None)
    if told is None or told.event_type not in _bare_test_kinds() or told.event_type in facts.triggers:
        return []
    facts.triggers[told.event_type] = hits
    return [(vocab.event_type(told.event_type), told)]


def _ordinal_attempt(text: str, facts: SentenceFacts, fired: list[EventType], earlier: list[Event], vocab: Vocabulary) -> list[tuple[EventType, Event]]:
    """An attempt counted by an ordinal ("South Korea's first attempt ... was made on August 25 last year, but it
    failed", "the second attempt"), or an attempt or outcome named by its day ("Other than the June 22 success,
    ... all the others failed"), in an article whose last event told is a launch or test, in a sentence that
    tells none of its own: another event of that kind, with its actors (event_cues.yaml attempt_nouns, outcome_nouns)."""
    if not earlier or any(et.name in TEST_TYPES for et in fired):
        return []  # (no event told yet: most sentences of an article's first lines)
    # the last event told, among the last few (a scan of every earlier event per sentence would cost the square of
    # a long article); looked for before the sentence is read, as most sentences follow none of a test
    told = next((e for e in itertools.islice(reversed(earlier), LAST_TOLD_REACH) if e.event_type != "statement"), None)
    if told is None or told.event_type not in TEST_TYPES or told.status not in ("occurred", "failed"):
        return []
    hits = [Found(m.start("noun"), m.end("noun"), m.group("noun")) for m in _attempt_pattern().finditer(text, facts.sentence.start, facts.sentence.end)]
    # or named by its day and outcome ("Other than the June 22 success, ... all the others failed")
    hits += [Found(o.start("noun"), o.end("noun"), o.group("noun")) for m in facts.times
             if m.type == "DATE" and m.precision in ("day", "month") and (o := _outcome_after_date().match(text, m.end))]
    if not hits:
        return []
    facts.triggers[told.event_type] = hits
    return [(vocab.event_type(told.event_type), told)]


@lru_cache(maxsize=1)
def _attempt_pattern() -> re.Pattern:
    """event_cues.yaml attempt_nouns after an ordinal (since_ordinals) and at most one word."""
    cues = read_data(__package__, "event_cues.yaml")
    return re.compile(rf"(?<![\w-])(?:{_alt(_word_list(cues, 'since_ordinals'))})\s+(?:[\w-]+\s+)?(?P<noun>{_alt(_word_list(cues, 'attempt_nouns'))})(?![\w-])", re.I)


@lru_cache(maxsize=1)
def _outcome_after_date() -> re.Pattern:
    """event_cues.yaml attempt_nouns and outcome_nouns, right after a date."""
    cues = read_data(__package__, "event_cues.yaml")
    return re.compile(rf"\s+(?P<noun>{_alt(_word_list(cues, 'attempt_nouns') + _word_list(cues, 'outcome_nouns'))})(?![\w-])", re.I)


@lru_cache(maxsize=1)
def _bare_test_kinds() -> frozenset[str]:
    """event_cues.yaml bare_test_kinds, read and checked once."""
    kinds = frozenset(_word_list(read_data(__package__, "event_cues.yaml"), "bare_test_kinds"))
    if not kinds <= TEST_TYPES:
        raise LexiconError(f"event_cues.yaml: bare_test_kinds names types that are no tests: {sorted(kinds - TEST_TYPES)}")
    return kinds


def _fires_other(text: str, trigger: Found, facts: SentenceFacts, weapon_starts: list[int], vocab: Vocabulary) -> bool:
    """Is the object of the trigger (a weapon at most two words after it, no preposition between) artillery
    ("fired rocket shells", "fired 40 mm gun shells"; not "a launching drill of Hwasong artillery units")?"""
    i = bisect.bisect_left(weapon_starts, trigger.end)  # the weapons' starts, found once per sentence
    after = facts.weapons[i] if i < len(facts.weapons) else None
    return (after is not None and _few_words_between(text, trigger.end, after.start, 2)
            and after.what[1] == "artillery" and not re.search(r"[,;:]", text[trigger.end : after.start])
            and not {w.lower() for w in WORD.findall(text, trigger.end, after.start)} & (GOVERNED_BREAK | {"from", "into"}))


def _further_events(et: EventType, primary: Found, primary_weapon: Found | None, primary_time: TimeMention | None, facts: SentenceFacts, rivals: list[Found], text: str, vocab: Vocabulary) -> list[tuple[Found, Found | None, TimeMention | None]]:
    """Other events of the same type in the sentence, each told in a clause of its own with a time of its own:
    "tested ... last week, following comparable tests conducted ... last month", "saw two launches this week;
    the first was launched early Sunday", or told after "<n> days after" ("fired a missile on Saturday, two
    days after it fired cruise missiles": dated by the anchor, see _shifted). The primary event keeps its
    trigger; each further one is (trigger, weapon of its part of the sentence, its time or None)."""
    hits = sorted(facts.triggers[et.name], key=lambda f: f.start)
    clusters: list[list[Found]] = []  # "test fired", "launch ... test" a few words apart, no comma: one event
    for f in hits:
        gap = text[clusters[-1][-1].end : f.start] if clusters else ""
        if clusters and not re.search(r"[,;:()]", gap) and len(WORD.findall(gap)) <= 2:
            clusters[-1].append(f)
        else:
            clusters.append([f])
    # at most FURTHER_MOST of them, the nearest the primary: each is weighed against the others, and a sentence
    # of thousands of triggers must not cost the square of its length
    others = sorted((c for c in clusters if primary not in c), key=lambda c: abs(c[0].start - primary.start))[:FURTHER_MOST]
    if not others:
        return []
    others.sort(key=lambda c: c[0].start)
    heads = [primary] + [next((f for f in c if f.text.lower().endswith("ed")), c[0]) for c in others]
    # each weapon belongs to the head nearest it, found once (not once per head)
    nearest_head = [min(range(len(heads)), key=lambda k: abs((heads[k].start + heads[k].end) / 2 - (w.start + w.end) / 2)) for w in facts.weapons]
    cues = report_cues()
    out = []
    for k, t in enumerate(heads[1:], start=1):
        if not FURTHER_BREAK.search(text, min(primary.end, t.end), max(primary.start, t.start)):
            continue  # the same clause: one event told twice ("the launch ... the test")
        mine = [w for w, n in zip(facts.weapons, nearest_head) if n == k]
        # no weapon of any kind in its part: the first event's ("two Minuteman launches this week; the first
        # was launched early Sunday")
        weapon = _weapon_for(et.name, replace(facts, weapons=mine), t, vocab) if mine else primary_weapon
        if et.needs not in (None, "leader", "speaker") and weapon is None:
            continue  # its own part of the sentence names no weapon of its kind
        if any(
            d.type == "DURATION" and DURATION_DAYS.fullmatch(d.value) and (link := cues.connective.match(text, d.end))
            and link.end() <= t.start and _few_words_between(text, link.end(), t.start, cues.anchor_words)
            and not SHIFT_STOP.search(text, link.end(), t.start)
            for d in facts.times
        ) or any(
            (link := cues.connective.match(text, u.end())) and link.end() <= t.start
            and _few_words_between(text, link.end(), t.start, cues.anchor_words) and not SHIFT_STOP.search(text, link.end(), t.start)
            for u in _vague_units(text, facts.sentence.start, t.start)
        ):
            out.append((t, weapon, None))  # "two days after it fired ...": dated from its anchor, or dropped
            continue
        m = _governing_time(et.name, t, facts, text, vocab, list(rivals) + [h for h in heads if h is not t])
        # the primary's time is this one's too where it stands nearer to this trigger ("the meeting is expected to
        # ... when they last met in November last year"): November is the earlier meeting's; not a count's ("the
        # latest in a string of launches this year" describes the first)
        if m is not None and (primary_time is None or (m.start, m.end) != (primary_time.start, primary_time.end)
                              or abs(m.start - t.start) < abs(m.start - primary.start)
                              and not cues.counted.search(text, max(facts.sentence.start, t.start - 40), t.start)):
            out.append((t, weapon, m))
    return out


PUNCTUATION = re.compile(r"[,;:()]")
SPACES = re.compile(r"\s*")
AGENT_REACH = 300  # characters: "conducted by" and ten words (vocab.attached_agent)
FURTHER_MOST = 12  # further events of one type weighed per sentence
APART = re.compile(r"[,;:]|\b(?:but|after|following|before|since|when|while|whereas)\b", re.I)
FURTHER_BREAK = re.compile(r"[,;:]|\b(?:and|but|after|following|before|since|when|while)\b", re.I)
SHIFT_STOP = re.compile(r"[,;:()\u2014\u2013]|\s-\s")
DURATION_DAYS = re.compile(r"P(\d+)([DWMY])")  # days, weeks, months, years: "three days after", "20 months after", "seven years after"


def _shifted(text: str, sentence: Sentence, facts: SentenceFacts, made: list[tuple[int, Event]], news: list[Event], said: Event | None = None) -> list[Event]:
    """The sentence's events, those told after "<n> days after" dated from another ("fired a missile on
    Sunday, three days after it tested ...": the test on Thursday); the anchor is another event of the
    sentence dated to the day, else an undated event before the link of a type the report's news (``news``,
    dated events of its lead) has ("The submarine arrived in Busan a week after North Korea launched ...": the
    arrival the lead dates), else for "It comes ..." the report's first news, for "Her remarks were made ..." the
    last saying dated to the day (``said``) (event_cues.yaml shifted_events)."""
    out = [e for _, e in made]
    if not made:
        return out
    cues = report_cues()
    # each link: where its duration starts, the duration's words, the connective, the shift's least and most days
    # (or months): "three days after" 3..3, "20 months after" 20 months, "just days after" 1..7 (shifted_events.vague)
    links = []
    for m in facts.times:
        days = DURATION_DAYS.fullmatch(m.value) if m.type == "DURATION" else None
        link = cues.connective.match(text, m.end) if days else None
        if link is not None:
            n = int(days.group(1)) * (7 if days.group(2) == "W" else 1)
            links.append((m.start, m.text, link, n, n, int(days.group(1)) if days.group(2) == "M" else 0, int(days.group(1)) if days.group(2) == "Y" else 0))
    spans = _vague_shifts()[1]
    timed = sorted((m.start, m.end) for m in facts.times)  # a unit inside a time expression ("two days") is no vague one
    for u in _vague_units(text, sentence.start, sentence.end):
        link = cues.connective.match(text, u.end())
        k = bisect.bisect_right(timed, (u.start("unit"), float("inf"))) - 1
        if link is not None and not (k >= 0 and timed[k][0] <= u.start("unit") < timed[k][1]):
            least, most = spans[u.group("unit").lower()]
            links.append((u.start(), u.group(0), link, least, most, 0, 0))
    for at_start, words, link, least, most, months, years in links:
        after = bool(link.group("after"))
        months = months if after else -months
        years = years if after else -years
        lo = link.end()
        stop = SHIFT_STOP.search(text, lo, sentence.end)
        if stop is not None and (aside := _apposition_after(text, lo, stop, sentence.end)) is not None:
            stop = SHIFT_STOP.search(text, aside, sentence.end)  # "after Hassan Nasrallah, leader of ..., was killed"
        hi = stop.start() if stop else sentence.end
        inside = [i for i, (at, _) in enumerate(made) if lo <= at < hi and _words_between(text, lo, at) <= cues.anchor_words]
        if not inside:
            continue
        anchors = [(at, e) for at, e in made if not lo <= at < hi and at < at_start and e.date_start is not None and e.date_end is not None
                   and (e.date_precision == "day" and (e.date_end - e.date_start).days <= 1 or months and e.date_precision == "month"
                        or years and e.date_precision in ("month", "year"))]
        told = [next((n for n in news if n.event_type == e.event_type), None) for at, e in made if not lo <= at < hi and at < at_start and e.date_start is None]
        if anchors:
            anchor = max(anchors, key=lambda a: a[0])[1]
        elif any(told):
            anchor = next(n for n in reversed(told) if n is not None)
        elif said is not None and cues.saying_subject.match(sentence.text):
            anchor = said  # "Her remarks were made just hours after ...": the remarks told before, on their day
        elif news and cues.pronoun_subject.match(sentence.text):
            anchor = news[0]
        else:
            continue
        # a time of its own after the connective dates the event itself ("days after Resolution 2321 was adopted on
        # Wednesday"): the shift only bounds it, the stated day stands
        own = {m.text for m in facts.times if lo <= m.start < hi and m.type in ("DATE", "TIME") and m.precision == "day"}
        for i in inside:
            e = out[i]
            if e.time_text in own:
                continue
            phrase = f"{words} {link.group(0).strip()}"
            try:  # a shift past year 1 or 9999 gives no date
                if years:  # "seven years after": the year that many years before the anchor's, a year's grain
                    start, end = date(anchor.date_start.year - years, 1, 1), date(anchor.date_start.year - years, 12, 31)
                    precision, timex = "year", str(start.year)
                elif months:  # "20 months after": the month that many months before the anchor's
                    start, end = _month_back(anchor.date_start, months)
                    precision, timex = "month", start.isoformat()[:7]
                else:  # after: that many days before the anchor; before: after it
                    start = anchor.date_start - timedelta(days=most) if after else anchor.date_start + timedelta(days=least)
                    end = anchor.date_end - timedelta(days=least) if after else anchor.date_end + timedelta(days=most)
                    precision, timex = ("day" if most - least <= 1 else "week"), start.isoformat() if start == end else ""
            except (OverflowError, ValueError):
                continue
            if _contradicts_own_time(e, facts, lo, start, end):
                continue
            out[i] = replace(
                e, date_start=start, date_end=end, date_precision=precision, timex=timex,
                # dated from the report's own news, it is no longer that news: a "report" basis would let it
                # merge back into the news it is dated from ("Coming two days after ...")
                time_text=phrase, date_basis="relative" if anchor.date_basis == "report" else anchor.date_basis,
                rule=f"trigger '{e.trigger}'; time '{phrase}' the {anchor.event_type} of {anchor.date_start.isoformat()}",
                anchor_id=anchor.event_id,
            )
    return out


def _contradicts_own_time(e: Event, facts: SentenceFacts, lo: int, start: date, end: date) -> bool:
    """Has the event a time of its own told after the link, outside the shifted range ("two days after the
    council approved a resolution over the nuclear test carried out in September": the test is September's,
    only the resolution is dated from the news)? A coarse one that holds the range ("the North's first launch
    this year") takes the finer day; one before the link is the sentence's, not the event's ("In February, a
    rocket was launched, a month after it detonated a bomb")."""
    if e.date_start is None or e.date_end is None or e.date_basis not in ("stated", "relative") or (e.date_start <= start and end <= e.date_end):
        return False
    return any(m.start >= lo and m.text == e.time_text and m.range_start == e.date_start for m in facts.times)


@dataclass(frozen=True)
class MissileAttackCues:
    trigger: re.Pattern  # an attack trigger that names missiles ("missile strikes")
    means: re.Pattern  # before an attack trigger: missiles used in it ("used them in an air attack")


@lru_cache(maxsize=1)
def missile_attack_cues() -> MissileAttackCues:
    """event_cues.yaml missile_attacks, read and checked once."""
    data = _cue_mapping("missile_attacks")
    words = _number(data, "means_words", "missile_attacks.")
    try:
        return MissileAttackCues(
            trigger=re.compile(rf"(?<![\w-])(?:{_alt(_word_list(data, 'triggers', 'missile_attacks.'))})$", re.I),
            # the verb of use, words (a date's commas allowed), "in" or "during", a few words, then the trigger
            means=re.compile(rf"(?<![\w-])(?:{_alt(_word_list(data, 'means_verbs', 'missile_attacks.'))})(?:\s+[\w'’,-]+){{0,{words}}}?\s+(?:in|during)(?:\s+[\w'’,-]+){{0,6}}?\s+$", re.I),
        )
    except re.error as exc:
        raise LexiconError(f"event_cues.yaml: missile_attacks: {exc}") from None


def _launches_in_attacks(text: str, facts: SentenceFacts, made: list[tuple[int, Event]], vocab: Vocabulary, tester: str) -> list[Event]:
    """The missile launches the sentence's attacks were made with: an attack whose trigger names missiles ("the
    missile strikes on October 17"), or one the clause tells missiles used in ("used them in an air attack on
    December 30"), in a sentence that names a missile, is also a launch on its date, by its agent
    (event_cues.yaml missile_attacks). Any missile fired is a launch, in a strike as in a test."""
    if not any("missile" in vocab.weapon_classes[w.what[1]].groups for w in facts.weapons if w.what[1] in vocab.weapon_classes):
        return []
    cues, out = missile_attack_cues(), []
    launch = vocab.event_type("missile_test")
    for at, e in made:
        if e.event_type != "attack" or e.status not in ("occurred", "failed") or e.date_start is None:
            continue
        trigger = Found(at, at + len(e.trigger), e.trigger)
        lo, _ = _clause(text, facts.sentence, at)
        # the trigger with the words before it ("missile attack": the trigger alone is "attack")
        if not (cues.trigger.search(text, max(lo, at - 40), at + len(e.trigger)) or cues.means.search(text, max(lo, at - 160), at)):
            continue
        weapon = _weapon_for("missile_test", facts, trigger, vocab)
        actors = _actors_for("missile_test", facts, trigger, weapon, text, tester, vocab, tester)
        out.append(replace(
            e, event_id=hashlib.sha1(f"{e.event_id}|launch".encode("utf-8")).hexdigest()[:16], event_type="missile_test",
            actors=tuple(n for n, _ in actors), actor_codes=tuple(c for _, c in actors),
            weapon=weapon.what[0] if weapon else "", weapon_class=weapon.what[1] if weapon else "", weapon_named=bool(weapon and weapon.what[3]),
            plover=launch.plover, cameo=launch.cameo, rule=e.rule + "; the missiles fired in the attack",
        ))
    return out


APPOSITION_NAME_WORDS = 4  # words of the name an apposition follows ("the Carl Vinson")
APPOSITION_WORDS = 10  # words of the apposition itself ("a different US aircraft carrier")
NOT_APPOSITION = re.compile(r"(?<![\w'’-])(?:which|who|whom|whose|that|and|but|while|as|was|were|is|are|has|have|had|said|says)(?![\w'’-])|(?<![\w'’-])[a-z]{3,}ed(?![\w'’-])", re.I)


def _apposition_after(text: str, lo: int, comma, end: int) -> int | None:
    """Where a name and its apposition in commas end, when ``comma`` (a match) follows a short name at ``lo``
    and the words after it up to the next comma are a noun phrase with no verb ("after Hassan Nasrallah,
    leader of the Iran-backed Hezbollah movement, was killed", "after the Carl Vinson, a different US aircraft
    carrier, called at"): the event after the connective is told past it. Else None."""
    if comma.group(0) != "," or not _few_words_between(text, lo, comma.start(), APPOSITION_NAME_WORDS):
        return None
    close = text.find(",", comma.end(), end)
    first = WORD.search(text, comma.end(), close) if close > 0 else None
    # a preposition or a number opens a phrase of place or time ("after Seoul, on October 14, hit ..."), not a name's apposition
    if close < 0 or first is None or first.group(0).lower() in GOVERNED_BREAK | {"from", "at", "in"} \
            or not _few_words_between(text, comma.end(), close, APPOSITION_WORDS) or NOT_APPOSITION.search(text, comma.end(), close) \
            or re.search(r"[;:()\d\u2014\u2013]", text[comma.end() : close]):
        return None
    return close + 1

# two times joined by "and" alone: a comma before it joins clauses ("in April last year, and a month later he
# invited ..."), and a time counted from the first is another event's
PAIRED = re.compile(r"\s+and\s+(?:in\s+)?")


@dataclass(frozen=True)
class KindCues:
    since: re.Pattern  # before a time: an ordinal counted since it ("its first launch since ")
    many: re.Pattern  # in a clause: its event happened many times ("eight times", "repeatedly")
    instances: re.Pattern  # after an event: the instances of it listed ("among them", "including")


@lru_cache(maxsize=1)
def kind_cues() -> KindCues:
    """event_cues.yaml since_ordinals, since_ordinal_words, many_times and instance_cues, read and checked once."""
    cues = read_data(__package__, "event_cues.yaml")
    words = _number(cues, "since_ordinal_words")
    try:
        return KindCues(
            since=re.compile(rf"(?<![\w-])(?:{_alt(_word_list(cues, 'since_ordinals'))})(?![\w-])(?:\s+[\w'’-]+){{0,{words}}}?\s+since\s+$", re.I),
            many=re.compile(rf"(?<![\w-])(?:{_alt(_word_list(cues, 'many_times'))})(?![\w-])", re.I),
            instances=re.compile(rf"(?<![\w-])(?:{_alt(_word_list(cues, 'instance_cues'))})(?![\w-])", re.I),
        )
    except re.error as exc:
        raise LexiconError(f"event_cues.yaml: since_ordinals, many_times or instance_cues: {exc}") from None


def _at(e: Event, m: TimeMention, start: date, end: date, precision: str, timex: str, what: str, key: str) -> Event:
    """A copy of event ``e`` for an earlier event of its kind, at [start, end] from the time expression ``m``."""
    return replace(
        e, event_id=hashlib.sha1(f"{e.event_id}|{key}".encode("utf-8")).hexdigest()[:16], date_start=start, date_end=end,
        date_precision=precision, timex=timex, time_text=m.text, status="occurred",
        date_basis="stated" if STATED.search(m.text) else "relative",
        rule=f"trigger '{e.trigger}'; time '{m.text}' ({m.rule}): {what}",
    )


def _earlier_of_kind(text: str, facts: SentenceFacts, made: list[tuple[int, Event]]) -> list[Event]:
    """Earlier events of a kind the sentence tells with a time of their own, beside its events: "North Korea's
    first launch since October" (the one before was in October), "the fifth round since May 25" (the first on
    May 25); "test-fired eight times between April 15 and Oct. 20" (the first on April 15, the last on Oct. 20);
    "held in June and November last year" (one at each); "launching missiles, among them two ICBMs in July and
    a missile ... on Tuesday" (one at each time listed). Each is a copy of the sentence's event of that kind
    (its type, weapon and actors) at that time. Each time and event is weighed against its neighbours only
    (bisection, one scan of the sentence per cue), never against every other: a sentence of thousands of them
    must not cost the square of its length."""
    kin = sorted(((at, e) for at, e in made if e.event_type != "statement" and e.status in ("occurred", "failed")), key=lambda a: a[0])
    # every earlier event lies at a date of the sentence with both its days: none, no scan of the sentence's cues
    if not kin or not any(m.type == "DATE" and m.range_start is not None and m.range_end is not None and m.precision != "none" for m in facts.times):
        return []
    cues, out = kind_cues(), []
    s = facts.sentence
    positions = [at for at, _ in kin]
    starts = [m.start for m in facts.times]

    def nearest(m: TimeMention) -> tuple[int, Event]:
        i = bisect.bisect_left(positions, m.start)
        return min((kin[j] for j in (i - 1, i) if 0 <= j < len(kin)), key=lambda a: abs(a[0] - m.start))

    # two months or years joined by "and" ("the drill held in June and November last year", "nuclear tests
    # in 2006 and 2009"): one event told at each; the sentence's event dated by one gets a copy at the other.
    # Not days: "talks on Monday and Tuesday" is as often one meeting over two days
    by_time: dict[tuple, list[Event]] = {}
    for _, e in kin:
        by_time.setdefault((e.time_text, e.date_start, e.date_end), []).append(e)
    dated = [m for m in facts.times if m.type == "DATE" and m.range_start is not None and m.range_end is not None
             and m.precision in PRECISION_RANK and PRECISION_RANK[m.precision] >= PRECISION_RANK["month"]]
    for m1, m2 in zip(dated, dated[1:]):
        if not PAIRED.fullmatch(text, m1.end, m2.start) or m2.basis == "previous":
            continue
        for this, other in ((m1, m2), (m2, m1)):
            for e in by_time.get((this.text, this.range_start, this.range_end), []):
                out.append(_at(e, other, other.range_start, other.range_end, other.precision, other.value, "the other of two times joined by 'and'", "pair"))
    # instances listed after an event ("launching ballistic missiles, among them two ICBMs in July and a missile
    # ... on Tuesday"): one at each time of the list, up to the clause's end; the cues are found once
    listed = list(cues.instances.finditer(text, s.start, s.end))
    cue_starts = [c.start() for c in listed]
    for at, e in kin[:FURTHER_MOST]:
        k = bisect.bisect_left(cue_starts, at)
        if k >= len(listed) or not _few_words_between(text, at, listed[k].start(), 6):
            continue
        cue = listed[k]
        stop = LIST_STOP.search(text, cue.end(), s.end)
        hi = stop.start() if stop else s.end
        for m in facts.times[bisect.bisect_left(starts, cue.end()) : bisect.bisect_left(starts, hi)]:
            if m.type == "DATE" and m.range_start is not None and m.range_end is not None and m.precision != "none" \
                    and not _reporting(text, m, s, vocabulary()) and (e.date_start, e.date_end) != (m.range_start, m.range_end):
                out.append(_at(e, m, m.range_start, m.range_end, m.precision, m.value, "one of the instances listed", f"instance{m.start}"))
    triggers = {t.start: t for ts in facts.triggers.values() for t in ts}
    breaks = [b.start() for b in CLAUSE_BREAK.finditer(text, s.start, s.end)]
    for m in facts.times:
        if m.type != "DATE" or m.range_start is None or m.range_end is None or m.precision == "none":
            continue
        at, e = nearest(m)
        if cues.since.search(text[max(s.start, m.start - 120) : m.start]):
            # the event counted is the sentence's of its kind, dated: the earlier one lies at the time, if before
            # it (an undated one would merge into the copy and be lost)
            if e.date_start is not None and m.range_end < e.date_start:
                out.append(_at(e, m, m.range_start, m.range_end, m.precision, m.value, "an earlier event of its kind, counted since", "since"))
        elif len(m.parts) == 2:
            lo, hi = sorted((at, m.start))
            heads = _few_words_between(text, s.start, m.start, 1)
            if bisect.bisect_left(breaks, lo) != bisect.bisect_left(breaks, hi) and not heads:
                continue  # the range is another clause's, unless it heads the sentence
            trigger = triggers.get(at)
            counted = trigger is not None and report_cues().counted.search(text[max(s.start, trigger.start - 40) : trigger.start])
            # a count of times near the event or the range ("eight times between ...")
            near = (max(s.start, lo - MANY_REACH), min(s.end, max(at, m.end) + MANY_REACH))
            if not (cues.many.search(text, *near) or counted):
                continue  # one event over the range (a summit, a drill): its range, not two events
            for k, (_, _, value) in enumerate(m.parts):
                period = periods.of_value(value)
                if period is not None:
                    out.append(_at(e, m, period.start, period.end, period.precision, value,
                                   ("the first " if k == 0 else "the last ") + RANGE_INSTANCE, f"range{k}"))
    return out


KIND_GROUPS = {"missile_test": "missile", "satellite_launch": "space", "nuclear_test": "nuclear"}  # the weapons that name each kind


def _news_counted_since(text: str, facts: SentenceFacts, made: list[tuple[int, Event]], news: list[Event], vocab: Vocabulary) -> list[Event]:
    """A sentence about the report's news that counts it since a time, with no trigger of the news's type but a
    weapon of its kind ("This was the first time since Feb. 18 that North Korean ballistic missiles had fallen
    inside Japan's zone", "It was the first time since September that ballistic missiles ..."): it opens with a
    pronoun subject (event_cues.yaml shifted_events.pronoun_subjects), an ordinal stands before "since" and the
    time (since_ordinals), and the earlier event of the news's kind lies at that time, with the sentence's
    weapon. The first news of a test type whose need the sentence's weapons meet is the kind."""
    s = facts.sentence
    if not news or not report_cues().pronoun_subject.match(s.text) or any(e.event_type != "statement" for _, e in made):
        return []  # a sentence with an event of its own counts that one ("the ninth time since 2006 that the council adopted ...")
    for m in facts.times:
        if m.type != "DATE" or m.range_start is None or m.range_end is None or m.precision == "none" \
                or not kind_cues().since.search(text[max(s.start, m.start - 120) : m.start]):
            continue
        # a sentence with no trigger had its weapons left unread: read them now (rare: such a count is)
        named = facts.weapons or find_weapons(text, vocab, [(s.start, s.end)])
        for n in news:
            if n.event_type not in KIND_GROUPS or n.date_start is None or not m.range_end < n.date_start:
                continue
            weapons = [w for w in named if KIND_GROUPS[n.event_type] in vocab.weapon_classes[w.what[1]].groups]
            if weapons:
                w = weapons[0].what
                earlier = _at(n, m, m.range_start, m.range_end, m.precision, m.value, "an earlier event of the news's kind, counted since", f"news-since{m.start}")
                return [replace(earlier, weapon=w[0], weapon_class=w[1], weapon_named=w[3], sentence=s.text, sentence_index=s.index)]
        return []
    return []


LIST_STOP = re.compile(r"[;:]")  # a list of instances ends with its clause
RANGE_INSTANCE = "of the events told over the range"  # the rule of the first and last of many events over a range
MANY_REACH = 200  # characters either side of an event and its range where a count of times is looked for


@lru_cache(maxsize=1)
def _vague_shifts() -> tuple[re.Pattern, dict[str, tuple[int, int]]]:
    """event_cues.yaml shifted_events.vague, read and checked once: a pattern for "days after" with no number,
    and each unit's least and most days."""
    data = (read_data(__package__, "event_cues.yaml").get("shifted_events") or {}).get("vague")
    try:
        spans = {str(unit).lower(): (int(lo), int(hi)) for unit, (lo, hi) in data.items()}
    except (AttributeError, TypeError, ValueError):
        raise LexiconError("event_cues.yaml: shifted_events.vague must map units to [least, most] days") from None
    if not spans or any(lo > hi or lo < 0 for lo, hi in spans.values()):
        raise LexiconError("event_cues.yaml: shifted_events.vague must map units to [least, most] days")
    units = "|".join(re.escape(u) for u in spans)
    return re.compile(rf"(?<![\w-])(?P<unit>{units})(?=\s)", re.I), spans


def _vague_units(text: str, lo: int, hi: int) -> Iterator[re.Match]:
    """What ``_vague_shifts()[0].finditer(text, lo, hi)`` finds. Its pattern opens with a look-behind, which the engine
    tries at every character: in an ASCII text, a stretch where no unit stands (lower-cased, as the pattern reads
    case) is not scanned; most sentences have none."""
    vague, spans = _vague_shifts()
    if text.isascii() and all(u.isascii() for u in spans):
        low = text[lo:hi].lower()
        if not any(u in low for u in spans):
            return iter(())
    return vague.finditer(text, lo, hi)


def _month_back(day: date, months: int) -> tuple[date, date]:
    """The first and last day of the month ``months`` months before ``day``'s."""
    index = day.year * 12 + day.month - 1 - months
    first = date(index // 12, index % 12 + 1, 1)
    following = date((index + 1) // 12, (index + 1) % 12 + 1, 1)
    return first, following - timedelta(days=1)


# ------------------------------------------------------------------------------------------ merging
def _span_days(e: Event) -> int:
    if e.date_start is None or e.date_end is None:
        return 10**9
    return (e.date_end - e.date_start).days


US_PAGE_DAY = "the day after a page dated in US time"  # the rule note of a weekday moved to the day after publication
NAMED_AGAIN = "the event told before, named again"  # the rule note of a definite mention of a test told before


def _dates_compatible(a: Event, b: Event) -> bool:
    if a.date_start is None or b.date_start is None:
        return True
    if a.date_basis == "report" and b.date_basis == "report":
        return True  # two mentions of the report's own news: one dated by its attribution, one by the dateline
    if "report" in (a.date_basis, b.date_basis):
        # the report's day is a default: the same news dated in its own words a few days before the
        # report ("launched ... on Wednesday") is the same event (event_cues.yaml report.same_news_days)
        news, other = (a, b) if a.date_basis == "report" else (b, a)
        latest = news.published or news.date_end
        if latest is None:
            return False
        earliest = latest - timedelta(days=report_cues().same_news_days)
        last = other.date_end or other.date_start
        if NAMED_AGAIN in other.rule:
            # the news named again with a range of its own ("carried out the underwater ejection tests last week"):
            # the range may begin before the window, it ends within it
            return earliest <= last <= latest
        if US_PAGE_DAY in other.rule or other.date_start == latest + timedelta(days=1):
            latest += timedelta(days=1)  # the news told on the morning after a page dated in US time (happened: not planned)
        return other.date_start >= earliest and last <= latest
    return a.date_start <= (b.date_end or b.date_start) and b.date_start <= (a.date_end or a.date_start)


def _weapons_compatible(a: Event, b: Event) -> bool:
    if not a.weapon or not b.weapon:
        return True
    if a.weapon == b.weapon:
        return True
    generic = {"missile", "ballistic missile", "unknown", ""}
    if {a.weapon_class, b.weapon_class} <= SPACE_CLASSES:
        return True  # a space launch named by its satellite or by its rocket ("launched a satellite", "the H2A rocket blasted off")
    return a.weapon_class == b.weapon_class or a.weapon_class in generic or b.weapon_class in generic


SPACE_CLASSES = frozenset({"satellite", "SLV"})


@lru_cache(maxsize=1)
def _earlier_than_reference() -> re.Pattern:
    """event_cues.yaml earlier_than_reference, read and checked once."""
    return re.compile(rf"\b(?:{_cue_alternation('earlier_than_reference')})\b", re.I)


def _before_its_last_day(coarse: Event, day: Event) -> bool:
    """Is the coarse event told as earlier than its range's last day ("earlier in the week", a range that ends
    on the reference day), and the other event on that last day? Then they are two events, not one."""
    return (coarse.date_precision in ("week", "month", "year") and day.date_precision == "day" and coarse.date_basis in ("stated", "relative")
            and day.date_start is not None and day.date_start == coarse.date_end
            and bool(_earlier_than_reference().search(coarse.time_text)))


@lru_cache(maxsize=1)
def _additive() -> re.Pattern:
    """event_cues.yaml additive_words, read and checked once: one right before a trigger, a word between at most."""
    return re.compile(rf"(?<![\w-])(?:{_cue_alternation('additive_words')})\s+(?:[\w-]+\s+)?$", re.I)


def _told_as_added(e: Event) -> bool:
    """Is the event told as another of its kind, added to one told before ("further airstrikes", "additional
    sanctions"; event_cues.yaml additive_words)?"""
    return _added_in(e.sentence, e.trigger)


@lru_cache(maxsize=4096)
def _added_in(sentence: str, trigger: str) -> bool:
    """_told_as_added for a sentence and its trigger, found once per pair (the merge asks it of every pair of
    dated events)."""
    at = sentence.find(trigger) if trigger else -1
    return at > 0 and _additive().search(sentence, max(0, at - 30), at) is not None


def _coarser_than_instance(coarse: Event, instance: Event) -> bool:
    """Is ``instance`` the first or last of many events told over a range ("test-fired eight times between April
    15 and Oct. 20"), and ``coarse`` a mention of a coarser grain ("test-fired in October last year")? The mention
    may be any of the series, not that end of it: two events."""
    return RANGE_INSTANCE in instance.rule and PRECISION_RANK.get(coarse.date_precision, 99) > PRECISION_RANK.get(instance.date_precision, 99)


def _told_apart(a: Event, b: Event) -> bool:
    """Two events one sentence dates by times of their own whose ranges only touch, neither holding the other
    ("carried out the tests last week, following comparable tests ... last month": the last days of the month
    fall in last week)? Two events, as the sentence tells them."""
    if a.sentence_index != b.sentence_index or None in (a.date_start, a.date_end, b.date_start, b.date_end) or a.time_text == b.time_text:
        return False
    nested = a.date_start <= b.date_start and b.date_end <= a.date_end or b.date_start <= a.date_start and a.date_end <= b.date_end
    return not nested


def same_event(a: Event, b: Event) -> bool:
    """Two mentions in one article of the same event: same type and status, compatible weapon and dates,
    and overlapping actors (or none named)."""
    if a.event_type != b.event_type or a.status != b.status:
        return False
    if not _weapons_compatible(a, b) or not _dates_compatible(a, b):
        return False
    if _before_its_last_day(a, b) or _before_its_last_day(b, a):
        return False
    if a.date_start is not None and b.date_start is not None and _told_as_added(a) != _told_as_added(b):
        return False  # "the US conducted further airstrikes" that day: another strike than the one told before
    if a.agent and b.agent and a.agent != b.agent and a.date_start is not None and b.date_start is not None:
        return False  # "strikes launched by Israel" and "Iran launched drones at Israel": two attacks
    if _coarser_than_instance(a, b) or _coarser_than_instance(b, a) or _told_apart(a, b):
        return False
    if a.event_type in ("statement", "summit_meeting", "negotiations") and "report" not in (a.date_basis, b.date_basis):
        # these recur: merge only with the same date or with no date on one side (the report's day is a
        # default, which the news's own day a few days before replaces: _dates_compatible)
        if a.date_start is not None and b.date_start is not None and (a.date_start, a.date_end) != (b.date_start, b.date_end):
            return False
    if a.actor_codes and b.actor_codes and not set(a.actor_codes) & set(b.actor_codes):
        return False
    if a.event_type in decided_when_said().types and _own_deciders(a, b):
        return False
    if a.event_type in TEST_TYPES and a.weapon and b.weapon and a.weapon != b.weapon and a.date_start is not None and a.date_start == b.date_start and a.date_precision == "day":
        return a.weapon_class == b.weapon_class
    return True


LAUNCHER_CLASS = "SLV"  # weapons.yaml: the class of a space launch's rocket
def _own_deciders(a: Event, b: Event) -> bool:
    """Two decisions whose states, beside the one they share (the target: "South Korea blacklisted ... North
    Korea", "Japan also said it would tighten its sanctions on the North"), are each their own: two deciders,
    two events, even on one day (an undated mention of one joins neither's)."""
    states_a = {c for c in a.actor_codes if len(c) == 3 and c.isupper()}
    states_b = {c for c in b.actor_codes if len(c) == 3 and c.isupper()}
    return bool(states_a & states_b) and bool(states_a - states_b) and bool(states_b - states_a)


def _combine(a: Event, b: Event) -> Event:
    dated, other = (a, b) if _span_days(a) <= _span_days(b) else (b, a)
    if dated.date_basis == "report" and other.date_start is not None and other.date_end is not None and other.date_basis != "report":
        dated, other = other, dated  # the news's own date beats the report's
    vague = ("", "missile", "ballistic missile", "unknown")

    def specificity(e: Event) -> tuple:
        return (bool(e.weapon), e.weapon_named, e.weapon_class not in vague)

    named = a if specificity(a) >= specificity(b) else b
    if a.event_type == "satellite_launch" and LAUNCHER_CLASS in (a.weapon_class, b.weapon_class) and a.weapon_class != b.weapon_class:
        named = a if a.weapon_class == LAUNCHER_CLASS else b  # a space launch is named by its rocket, as the test databases do
    if named.weapon and named.weapon_class in ("missile", "ballistic missile", "unknown") and other.weapon_class not in ("", "missile", "ballistic missile", "unknown"):
        weapon_class = other.weapon_class
    else:
        weapon_class = named.weapon_class
    pairs = list(dict.fromkeys(list(zip(a.actors, a.actor_codes)) + list(zip(b.actors, b.actor_codes))))
    first = a if a.sentence_index <= b.sentence_index else b
    return replace(
        dated,
        event_id=first.event_id,
        actors=tuple(n for n, _ in pairs),
        actor_codes=tuple(c for _, c in pairs),
        weapon=named.weapon,
        weapon_class=weapon_class,
        weapon_named=named.weapon_named,
        location=dated.location or other.location,
        latitude=dated.latitude if dated.location else other.latitude,
        longitude=dated.longitude if dated.location else other.longitude,
        rule=dated.rule + f"; merged with sentence {other.sentence_index + 1}",
    )


def merge(events: list[Event]) -> list[Event]:
    out: list[Event] = []
    # each kept event's mentions and the events they are dated from: an event dated from another ("The step
    # comes days after ...") is never that event, however near their days
    members: list[set[str]] = []
    anchors: list[set[str]] = []
    for e in events:
        for i, kept in enumerate(out):
            if e.anchor_id not in members[i] and e.event_id not in anchors[i] and same_event(kept, e):
                out[i] = _combine(kept, e)
                members[i].add(e.event_id)
                anchors[i].add(e.anchor_id)
                break
        else:
            out.append(e)
            members.append({e.event_id})
            anchors.append({e.anchor_id})
    return out


# ------------------------------------------------------------------------------------------ the table
def event_record(e: Event) -> dict:
    names, values = _record_columns()
    row = dict(zip(names, values(e)))
    row["actors"] = ";".join(e.actors)
    row["actor_codes"] = ";".join(e.actor_codes)
    return row


@lru_cache(maxsize=1)
def _record_columns() -> tuple[tuple[str, ...], operator.attrgetter]:
    """The event table's columns and a getter of an event's values of them, in order (one call, not one per column)."""
    from events.coding.schema import column_names

    return column_names(), operator.attrgetter(*column_names())


def extract_frame(articles, on_problem=None, progress=None):
    """Articles (or reader items) -> the validated event table (pandas DataFrame, schema in schema.py).

    A ``Problem`` from a reader, or an article whose extraction or whose rows fail, is passed to
    ``on_problem`` and skipped: one broken article never stops the others. An id seen twice keeps its later
    version, once."""
    from events.coding.schema import frame_from_records

    return _table(articles, frame_from_records, on_problem, progress)


def extract_rows(articles, on_problem=None, progress=None) -> list[list]:
    """The rows extract_frame's table holds (lists in column order, schema.rows_from_records), checked by the
    same rules and skipping the same articles, without building the frame: for a table written straight to
    a file (events.store.tables.write_rows), where pandas' import is most of a one-article run."""
    from events.coding.schema import rows_from_records

    return _table(articles, rows_from_records, on_problem, progress)


def _table(articles, make, on_problem, progress):
    """The event table of ``articles``, made from their records by ``make`` (a frame or rows, checked)."""
    from events.reading.articles import Problem

    def report(problem):
        if on_problem:
            on_problem(problem)

    by_article: dict[str, list[dict]] = {}
    with InputBounds() as bound:
        for item in articles:
            if progress is not None:
                progress()
            if isinstance(item, Problem):
                report(item)
                continue
            try:
                with bound:
                    records = [event_record(e) for e in extract(item)]
            except Exception as exc:  # noqa: BLE001 - a bad article is reported, the rest go on
                report(Problem(item.id, f"extraction failed: {type(exc).__name__}: {exc}"))
                continue
            by_article.pop(item.id, None)
            by_article[item.id] = records
    try:
        return make([r for records in by_article.values() for r in records])
    except Exception:  # noqa: BLE001 - some article's rows do not fit the table: find it, keep the rest
        kept = []
        for article_id, records in by_article.items():
            try:
                make(records)
            except Exception as exc:  # noqa: BLE001
                report(Problem(article_id, f"its events do not fit the event table: {type(exc).__name__}: {str(exc)[:300]}"))
                continue
            kept.extend(records)
        return make(kept)
