"""Sentence tense for time resolution: the tense cue nearest a time expression decides whether a bare
"September" or "Thursday" lies before or after the reference date (as HeidelTime does)."""

from __future__ import annotations

import re
from functools import lru_cache

import regex

from events.base.datafiles import alternation
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
def _bound_pattern() -> regex.Pattern:
    return regex.compile(rf"(?<![\w'’])(?:{alternation(lexicon().bound_prepositions)})\s+$", regex.IGNORECASE)


@lru_cache(maxsize=1)
def _report_marker() -> "re.Pattern":
    return re.compile(rf"(?<![\w'’])(?:{alternation(lexicon().report_markers)})(?![\w'’])", re.IGNORECASE)


PREVIOUS_WORD = re.compile(r"([\w'’]+)\s+$")
RANGE_START = re.compile(r"\bfrom\b", re.IGNORECASE)  # "from Sept. 14 to Thursday": a range, no deadline


def cues(text: str, sentence_start: int, sentence_end: int) -> list[tuple[int, int, str]]:
    """The tense cues of one sentence: (start, end, kind) with kind future | past | present (a progressive,
    "is calling": no past) | weak_past. A weak cue after "be", "is" or an article is a participle or an
    adjective ("can be exercised", "the reduced dividend"): none. A "will" after a determiner or an
    adjective is the noun ("expressed the will to fight"): none."""
    lex = lexicon()
    out = []
    for m in _cue_pattern().finditer(text, sentence_start, sentence_end):
        if m.lastgroup == "weak_past" or (m.lastgroup == "future" and m.group(0).lower() == "will"):
            leads = lex.participle_leads if m.lastgroup == "weak_past" else lex.will_noun_leads
            before = PREVIOUS_WORD.search(text, max(sentence_start, m.start() - 16), m.start())
            if before and before.group(1).lower() in leads:
                continue
        out.append((m.start(), m.end(), m.lastgroup))
    return out


def tense_at(text: str, sentence_start: int, sentence_end: int, start: int, end: int, sentence_cues=None) -> str:
    """Tense around ``text[start:end]``. In order: a bound before it ("by Jan. 14") means none; a
    weekday's possessive is past; a report marker in its clause ("according to") is past; a verb right
    after it is its own; a sentence's opening adverbial takes the verb after it; then, in its own clause,
    its quotation and its sentence in turn, the nearest auxiliary or finite-verb cue wins, and a bare -ed
    form decides only when there is none (it may be a participle: "will be held")."""
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
    for cue_start, _, kind in sentence_cues:
        # a verb right after the expression is its own: "a statement Monday called for ...", "ITAR-TASS
        # Monday made a report", however strong a cue further off
        if cue_start > end and not text[end:cue_start].strip():
            return {"future": FUTURE, "present": PRESENT}.get(kind, PAST)
    if clause_start == sentence_start and len(text[sentence_start:start].split()) <= 1:
        # "In September, it announced plans to acquire ...": a sentence's opening adverbial takes the tense
        # of the verb that follows it, however weak a cue ("announced"), before a later "plans to"
        after = [(cue_start, kind) for cue_start, _, kind in sentence_cues if cue_start >= end]
        if after:
            return {"future": FUTURE, "present": PRESENT}.get(min(after)[1], PAST)
    # the expression's own clause first ("she would produce new aid, where the Aug. 7 blasts killed 257":
    # the blasts' clause is past), then its quotation if it is quoted, then the sentence
    for scope in ((clause_start, clause_end), None, (sentence_start, sentence_end)):
        # the quotation is looked for only when the clause has no cue
        lo, hi = scope or _quotation(text, sentence_start, sentence_end, start, end)
        strong, weak = None, None  # (distance, tense)
        for cue_start, cue_end, kind in sentence_cues:
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


@lru_cache(maxsize=1)
def _clause_mark() -> "re.Pattern":
    """What ends a clause for tense: punctuation, quotes, and the lexicon's clause openers ("decided on
    Feb. 11 that a ground war would be necessary": the decision is past)."""
    return re.compile(rf"[,;:()]|``|''|[\"“”]|(?<![\w'’])(?:{alternation(lexicon().clause_openers)})(?![\w'’])", re.IGNORECASE)


def _clause(text: str, sentence_start: int, sentence_end: int, start: int, end: int) -> tuple[int, int]:
    """The stretch of the sentence around ``text[start:end]`` between two clause marks."""
    before = [m.end() for m in _clause_mark().finditer(text, sentence_start, start)]
    after = _clause_mark().search(text, end, sentence_end)
    return (before[-1] if before else sentence_start), (after.start() if after else sentence_end)


QUOTE_MARK = re.compile(r"``|''|[\"“”]")


def _quotation(text: str, sentence_start: int, sentence_end: int, start: int, end: int) -> tuple[int, int]:
    """The quoted words of the sentence around ``text[start:end]``, or the whole sentence when it is not
    quoted: a speaker's own tense governs inside the quote ("This father will leave at 4 a.m. Thursday,"
    Castro said), not the reporting verb outside it. A quote may have opened in an earlier sentence.
    A mark opens a quote when a word follows it and none precedes it (news writes '' both ways)."""
    def opens(m) -> bool:
        before = text[m.start() - 1] if m.start() > 0 else " "
        after = text[m.end()] if m.end() < len(text) else " "
        return (before.isspace() or before in "([") and not after.isspace()

    marks_before = list(QUOTE_MARK.finditer(text, sentence_start, start))
    close = next((m for m in QUOTE_MARK.finditer(text, end, sentence_end) if not opens(m)), None)
    if marks_before:
        last = marks_before[-1]
        if not opens(last):
            return sentence_start, sentence_end  # the quote closed before the expression
        lo = last.end()
    elif close is not None:
        lo = sentence_start  # the quote opened in an earlier sentence
    else:
        return sentence_start, sentence_end
    return lo, (close.start() if close is not None else sentence_end)
