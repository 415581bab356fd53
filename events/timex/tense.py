"""Sentence tense for time resolution: the tense cue nearest a time expression decides whether a bare
"September" or "Thursday" lies before or after the reference date (as HeidelTime does)."""

from __future__ import annotations

import bisect
import itertools
import re
from functools import lru_cache
from typing import Iterator

import regex

from events.base.datafiles import LexiconError, alternation
from events.base.sentences import lowered
from events.timex.lexicon import lexicon
from events.timex.resolver import FUTURE, PAST, PRESENT


@lru_cache(maxsize=1)
def _cue_pattern() -> "re.Pattern":
    lex = lexicon()
    # the standard library's engine scans a plain word alternation faster than the regex module
    return re.compile(
        rf"(?<![\w'’])(?:(?P<present>(?:is|are|am) (?-i:[a-z]{{2,}}ing))|(?P<future>{alternation(lex.future_cues)})|(?P<past>{alternation(lex.past_cues)})|(?P<weak_past>{alternation(lex.participle_cues)}|(?-i:[a-z]{{2,}}ed)))(?![\w'’])",
        regex.IGNORECASE,
    )


@lru_cache(maxsize=1)
def _cue_places() -> "re.Pattern":
    """Where a tense cue may begin in a lower-cased ASCII text: after a character that is no word's, one of the cue
    words or a lower-case word in -ed or -ing, found by a case-sensitive scan that the engine skips through at C
    speed; _cue_pattern decides at each (a capitalised "Tested" is no weak past), as its own scan of every
    character would have (a third of the time: the same cues)."""
    lex = lexicon()
    words = [*lex.future_cues, *lex.past_cues, *lex.participle_cues]
    plain, others = [w.lower() for w in words if w.isascii()], [w for w in words if not w.isascii()]
    body = rf"(?:is|are|am) [a-z]{{2,}}ing|(?:{alternation(plain)})|[a-z]{{2,}}ed"
    if others:
        body += rf"|(?i:{alternation(others)})"
    # the copy is ASCII lower case: no word's character is any but [a-z0-9_'], a class the engine looks up in a table
    # where it asks \w its Unicode category
    return re.compile(rf"[^a-z0-9_'](?=(?:{body})(?![\w'’]))")


def _cue_matches(text: str, sentence_start: int, sentence_end: int) -> "Iterator[re.Match]":
    """What ``_cue_pattern().finditer(text, sentence_start, sentence_end)`` finds, tried only where
    ``_cue_places`` says a cue may begin in an ASCII text."""
    return _matches_at_places(_cue_pattern(), _cue_places(), text, sentence_start, sentence_end)


def _matches_at_places(pattern: "re.Pattern", places: "re.Pattern", text: str, lo: int, hi: int) -> "Iterator[re.Match]":
    """What ``pattern.finditer(text, lo, hi)`` finds (a pattern that opens with a lookbehind for no word's character,
    which the engine tries at every character); in an ASCII text, ``pattern`` tried only after each character
    ``places`` stops at in the lower-cased copy (a character no word's, before a word that may begin a match)."""
    if not text.isascii():
        yield from pattern.finditer(text, lo, hi)
        return
    pos = lo
    if lo == 0 and (m := pattern.match(text, 0, hi)) is not None:  # no character before it
        yield m
        pos = m.end()
    low = lowered(text)
    while (place := places.search(low, max(pos - 1, 0), hi)) is not None:
        if (m := pattern.match(text, place.end(), hi)) is not None:
            yield m
            pos = m.end()
        else:
            pos = place.end() + 1


@lru_cache(maxsize=1)
def _bound_pattern() -> regex.Pattern:
    return regex.compile(rf"(?<![\w'’])(?:{alternation(lexicon().bound_prepositions)})\s+$", regex.IGNORECASE)


@lru_cache(maxsize=1)
def _rescheduled_pattern() -> regex.Pattern:
    """A phrase that moves or sets a day ahead ("moved to", "postponed until"), right before an expression,
    with at most "on", "at" or "the" between."""
    return regex.compile(rf"(?<![\w'’])(?:{alternation(lexicon().rescheduled_to)})\s+(?:(?:on|at|the)\s+)?$", regex.IGNORECASE)


@lru_cache(maxsize=1)
def _report_marker() -> "re.Pattern":
    return re.compile(rf"(?<![\w'’])(?:{alternation(lexicon().report_markers)})(?![\w'’])", re.IGNORECASE)


PREVIOUS_WORD = re.compile(r"([\w'’]+)\s+$")
NEXT_WORD = re.compile(r"\s+([\w'’]+)")


def _takes_complement(text: str, end: int, sentence_end: int) -> bool:
    """Is the word after ``text[:end]`` one that opens a verb's complement ("docked in", "fired a")?"""
    after = NEXT_WORD.match(text, end, sentence_end)
    return bool(after) and after.group(1).lower() in lexicon().verb_complements
RANGE_START = re.compile(r"\bfrom\b", re.IGNORECASE)  # "from Sept. 14 to Thursday": a range, no deadline


def cues(text: str, sentence_start: int, sentence_end: int) -> list[tuple[int, int, str]]:
    """The tense cues of one sentence: (start, end, kind) with kind future | past | present (a progressive,
    "is calling": no past) | weak_past. A weak cue after "be", "is" or an article is a participle or an
    adjective ("can be exercised", "the reduced dividend"): none. A "will" after a determiner or an
    adjective is the noun ("expressed the will to fight"): none."""
    lex = lexicon()
    out = []
    for m in _cue_matches(text, sentence_start, sentence_end):
        if m.lastgroup == "weak_past" or (m.lastgroup == "future" and m.group(0).lower() == "will"):
            leads = lex.participle_leads if m.lastgroup == "weak_past" else lex.will_noun_leads
            before = PREVIOUS_WORD.search(text, max(sentence_start, m.start() - 16), m.start())
            if before and before.group(1).lower() in leads and not (
                    m.lastgroup == "weak_past" and before.group(1).lower() in lex.relative_leads and _takes_complement(text, m.end(), sentence_end)):
                continue
        out.append((m.start(), m.end(), m.lastgroup))
    return out


def tense_at(text: str, sentence_start: int, sentence_end: int, start: int, end: int, sentence_cues=None) -> str:
    """Tense around ``text[start:end]``. In order: a day moved or set ahead ("moved to Sunday") is future; a
    bound before it ("by Jan. 14") means none; a
    weekday's possessive is past; a report marker in its clause ("according to") is past; a verb right
    after it is its own; a sentence's opening adverbial takes the verb after it; then, in its own clause,
    its quotation and its sentence in turn, the nearest auxiliary or finite-verb cue wins, and a bare -ed
    form decides only when there is none (it may be a participle: "will be held")."""
    if _rescheduled_pattern().search(text, max(sentence_start, start - 32), start):
        return FUTURE  # "the talks were moved to 10:00 GMT Sunday": the new day lies ahead, whatever the verb
    bound = _bound_pattern().search(text, max(sentence_start, start - 16), start)
    if bound and not (bound.group(0).lower().startswith("to") and RANGE_START.search(text, max(sentence_start, start - 60), bound.start())):
        return PRESENT  # "by Jan. 14": a bound, resolved to the closest such date; not "from Sept. 14 to Thursday"
    possessive = text.startswith(("'s", "’s"), end)
    if possessive and text[start:end].lower().rstrip(".") in lexicon().weekdays:
        # "get around Wednesday's ruling": a weekday's possessive names a day gone by, whatever the verbs
        # say (all 17 in TimeBank); a month's may lie ahead ("October's elections")
        return PAST
    if sentence_cues is None:
        sentence_cues = cues(text, sentence_start, sentence_end)
    clause_start, clause_end = _clause(text, sentence_start, sentence_end, start, end)
    if _report_marker().search(text, clause_start, start):
        return PAST  # "according to south Korean media on Wednesday": the report's day
    following = bisect.bisect_left(sentence_cues, (end,))  # the first cue at or after the expression's end
    nxt = next((c for c in sentence_cues[following : following + 2] if c[0] > end), None)
    if nxt is not None and not text[end : nxt[0]].strip():
        # a verb right after the expression is its own: "a statement Monday called for ...", "ITAR-TASS
        # Monday made a report", however strong a cue further off (only the first cue after it can be)
        return {"future": FUTURE, "present": PRESENT}.get(nxt[2], PAST)
    if clause_start == sentence_start and _few_words(text, sentence_start, start, 1):
        # "In September, it announced plans to acquire ...": a sentence's opening adverbial takes the tense
        # of the verb that follows it, however weak a cue ("announced"), before a later "plans to"
        if following < len(sentence_cues):
            return {"future": FUTURE, "present": PRESENT}.get(sentence_cues[following][2], PAST)
    # the expression's own clause first ("she would produce new aid, where the Aug. 7 blasts killed 257":
    # the blasts' clause is past), then its quotation if it is quoted, then the sentence
    for scope in ((clause_start, clause_end), None, (sentence_start, sentence_end)):
        # the quotation is looked for only when the clause has no cue
        lo, hi = scope or _quotation(text, sentence_start, sentence_end, start, end)
        strong, weak = None, None  # (distance, tense)
        # only the cues that start inside the scope (the sentence's cues are in order of position)
        first = bisect.bisect_left(sentence_cues, (lo,))
        last = bisect.bisect_right(sentence_cues, (hi, hi, "~"))
        for cue_start, cue_end, kind in sentence_cues[first:last]:
            if start <= cue_start < end or not (lo <= cue_start and cue_end <= hi):
                continue  # a cue inside the expression itself ("next", "last") is the expression's own business
            distance = start - cue_end if cue_end <= start else cue_start - end
            if kind == "weak_past":
                if weak is None or distance < weak[0]:
                    weak = (distance, PAST)
            elif strong is None or distance < strong[0]:
                strong = (distance, FUTURE if kind == "future" else PRESENT if kind == "present" else PAST)
        if strong is not None:
            return strong[1]
        if weak is not None:
            return weak[1]
    if possessive:
        return PAST  # "September's figures", with no tense around it
    return PRESENT


# What ends a clause for tense: punctuation and quotes (the engine skips to their first characters at C speed) ...
CLAUSE_PUNCTUATION = re.compile(r"[,;:()\"“”]|``|''")


@lru_cache(maxsize=1)
def _clause_openers() -> tuple["re.Pattern", "re.Pattern"]:
    """... and the lexicon's clause openers ("decided on Feb. 11 that a ground war would be necessary": the decision
    is past), with where one may begin in a lower-cased ASCII text (as _cue_places). Found apart from the marks:
    one alternation of both, opening with a lookbehind, was tried at every character (a third of _sentence_marks).
    Words of letters only, so that no opener holds a mark and the two never overlap."""
    openers = lexicon().clause_openers
    if not all(re.fullmatch(r"[^\W\d_]+(?: [^\W\d_]+)*", w) for w in openers):
        raise LexiconError("time_lexicon.yaml: tense_cues.clause_openers must be words of letters")
    places = [w.lower() for w in openers if w.isascii()]
    others = [w for w in openers if not w.isascii()]
    body = rf"(?:{alternation(places)})" + (rf"|(?i:{alternation(others)})" if others else "")
    return (re.compile(rf"(?<![\w'’])(?:{alternation(openers)})(?![\w'’])", re.IGNORECASE),
            re.compile(rf"[^a-z0-9_'](?=(?:{body})(?![\w'’]))"))


WORDS = re.compile(r"\S+")


def _few_words(text: str, lo: int, hi: int, most: int) -> bool:
    """At most ``most`` words in ``text[lo:hi]``, counted no further than that."""
    return sum(1 for _ in itertools.islice(WORDS.finditer(text, lo, hi), most + 1)) <= most


@lru_cache(maxsize=4)
def _sentence_marks(text: str, sentence_start: int, sentence_end: int) -> tuple[list[int], list[int], list[tuple[int, int, bool]], list[int]]:
    """A sentence's clause marks (their starts and ends), its quote marks (start, end, opens) and for each
    quote mark the index of the first closing one from it on, found once: a search from the sentence's
    start for each of its time expressions would cost the square of its length. Keyed by the text itself,
    whose hash Python keeps."""
    # the marks and the openers never overlap: both in order of position are what one alternation of them finds
    clause = sorted([*CLAUSE_PUNCTUATION.finditer(text, sentence_start, sentence_end),
                     *_matches_at_places(*_clause_openers(), text, sentence_start, sentence_end)], key=lambda m: m.start())
    quotes = [(m.start(), m.end(), _opens(text, m.start(), m.end())) for m in QUOTE_MARK.finditer(text, sentence_start, sentence_end)]
    next_close = [len(quotes)] * (len(quotes) + 1)
    for i in range(len(quotes) - 1, -1, -1):
        next_close[i] = i if not quotes[i][2] else next_close[i + 1]
    return [m.start() for m in clause], [m.end() for m in clause], quotes, next_close


def _clause(text: str, sentence_start: int, sentence_end: int, start: int, end: int) -> tuple[int, int]:
    """The stretch of the sentence around ``text[start:end]`` between two clause marks."""
    starts, ends, _, _ = _sentence_marks(text, sentence_start, sentence_end)
    before = bisect.bisect_right(ends, start)  # marks that end at or before the expression's start
    after = bisect.bisect_left(starts, end)  # the first mark at or after its end
    return (ends[before - 1] if before else sentence_start), (starts[after] if after < len(starts) else sentence_end)


QUOTE_MARK = re.compile(r"``|''|[\"“”]")


def _quotation(text: str, sentence_start: int, sentence_end: int, start: int, end: int) -> tuple[int, int]:
    """The quoted words of the sentence around ``text[start:end]``, or the whole sentence when it is not
    quoted: a speaker's own tense governs inside the quote ("This father will leave at 4 a.m. Thursday,"
    Castro said), not the reporting verb outside it. A quote may have opened in an earlier sentence.
    A mark opens a quote when a word follows it and none precedes it (news writes '' both ways)."""
    _, _, quotes, next_close = _sentence_marks(text, sentence_start, sentence_end)
    before = bisect.bisect_right(quotes, (start, start, True))
    while before and quotes[before - 1][1] > start:  # a mark must end before the expression
        before -= 1
    i = next_close[bisect.bisect_left(quotes, (end,))]
    close = quotes[i] if i < len(quotes) else None
    if before:
        last = quotes[before - 1]
        if not last[2]:
            return sentence_start, sentence_end  # the quote closed before the expression
        lo = last[1]
    elif close is not None:
        lo = sentence_start  # the quote opened in an earlier sentence
    else:
        return sentence_start, sentence_end
    return lo, (close[0] if close is not None else sentence_end)


def _opens(text: str, start: int, end: int) -> bool:
    """A quote mark opens a quote when a word follows it and none precedes it (news writes '' both ways)."""
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return (before.isspace() or before in "([") and not after.isspace()
