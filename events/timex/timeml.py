"""TimeML (TempEval-3 format) in and out: annotate documents with Eventline's TIMEX3 tags, and score a
system folder against a gold folder with the TempEval-3 Task A metrics (extent strict/relaxed, value, type)."""

from __future__ import annotations

import html
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Callable, Iterable

TEXT_RE = re.compile(r"(<TEXT>)(.*?)(</TEXT>)", re.S)
DCT_RE = re.compile(r"<DCT>\s*<TIMEX3[^>]*\bvalue=\"([^\"]+)\"", re.S)
STRIP_TAGS_RE = re.compile(r"</?(?:TIMEX3|EVENT|SIGNAL)\b[^>]*>")
LINK_RE = re.compile(r"\s*<(?:MAKEINSTANCE|TLINK|SLINK|ALINK)\b[^>]*/>")
TIMEX_RE = re.compile(r"<TIMEX3\b([^>]*)>(.*?)</TIMEX3>", re.S)
ATTR_RE = re.compile(r"(\w+)=\"([^\"]*)\"")
ANY_TAG_RE = re.compile(r"<[^>]+>")


class TimeMLError(ValueError):
    pass


@dataclass(frozen=True)
class Timex:
    start: int  # offsets in the document's plain text (tags removed)
    end: int
    text: str
    type: str
    value: str


@dataclass
class Document:
    name: str
    dct: date
    plain: str  # TEXT content with every tag removed (entities kept as written)
    timexes: list[Timex] = field(default_factory=list)


def read_document(path: Path) -> Document:
    raw = path.read_text(encoding="utf-8")
    m = DCT_RE.search(raw)
    if not m:
        raise TimeMLError(f"{path}: no DCT element with a value")
    text_m = TEXT_RE.search(raw)
    if not text_m:
        raise TimeMLError(f"{path}: no TEXT element")
    body = text_m.group(2)
    plain_parts: list[str] = []
    timexes: list[Timex] = []
    pos = offset = 0
    open_timex: tuple[int, dict] | None = None
    for tag in ANY_TAG_RE.finditer(body):
        chunk = body[pos : tag.start()]
        plain_parts.append(chunk)
        offset += len(chunk)
        t = tag.group(0)
        if t.startswith("<TIMEX3"):
            open_timex = (offset, dict(ATTR_RE.findall(t)))
        elif t.startswith("</TIMEX3") and open_timex is not None:
            start, attrs = open_timex
            text = "".join(plain_parts)[start:offset]
            timexes.append(Timex(start, offset, text, attrs.get("type", ""), attrs.get("value", "")))
            open_timex = None
        pos = tag.end()
    plain_parts.append(body[pos:])
    return Document(path.name, date.fromisoformat(m.group(1)[:10]), "".join(plain_parts), timexes)


def annotate_text(raw: str, find: Callable[[str, date], Iterable]) -> str:
    """The TimeML document ``raw`` with its TEXT re-tagged by ``find`` (gold TIMEX3/EVENT/SIGNAL removed)."""
    m = DCT_RE.search(raw)
    text_m = TEXT_RE.search(raw)
    if not m or not text_m:
        raise TimeMLError("no DCT or TEXT element")
    dct = date.fromisoformat(m.group(1)[:10])
    plain = STRIP_TAGS_RE.sub("", text_m.group(2))
    out, pos = [], 0
    for i, mention in enumerate(sorted(find(plain, dct), key=lambda x: x.start), start=1):
        if mention.start < pos:
            continue
        out.append(plain[pos : mention.start])
        value = html.escape(mention.value, quote=True)
        mod = getattr(mention, "mod", None)  # START, MID, END, APPROX, MORE_THAN ... (TimeML 1.2.1)
        mod_attr = f' mod="{html.escape(mod, quote=True)}"' if mod else ""
        if getattr(mention, "parts", ()):
            # a range: TimeML tags its two dates, each with its own value (the range itself is no TIMEX3 value)
            pos = mention.start
            for j, (start, end, part_value) in enumerate(mention.parts):
                out.append(plain[pos:start])
                out.append(f'<TIMEX3 tid="t{1000 + i}{"ab"[j]}" type="{mention.type}" value="{html.escape(part_value, quote=True)}">{plain[start:end]}</TIMEX3>')
                pos = end
            out.append(plain[pos : mention.end])
        else:
            out.append(f'<TIMEX3 tid="t{1000 + i}" type="{mention.type}" value="{value}"{mod_attr}>{plain[mention.start:mention.end]}</TIMEX3>')
        pos = mention.end
    out.append(plain[pos:])
    tail = LINK_RE.sub("", raw[text_m.end() :])
    return raw[: text_m.start()] + text_m.group(1) + "".join(out) + text_m.group(3) + tail


def annotate_dir(in_dir: Path, out_dir: Path, find: Callable[[str, date], Iterable], progress: Callable[[], None] | None = None) -> list[Path]:
    """Each .tml file of ``in_dir`` annotated into ``out_dir`` (``progress`` called once per document)."""
    in_dir, out_dir = Path(in_dir), Path(out_dir)
    written = []
    for path in sorted(in_dir.rglob("*.tml")):
        if progress is not None:
            progress()
        target = out_dir / path.relative_to(in_dir)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(annotate_text(path.read_text(encoding="utf-8"), find), encoding="utf-8")
        written.append(target)
    if not written:
        raise TimeMLError(f"{in_dir}: no .tml files")
    return written


# ------------------------------------------------------------------------------------------------ scoring
@dataclass
class Counts:
    gold: int = 0
    system: int = 0
    strict: int = 0
    relaxed: int = 0
    value: int = 0
    type: int = 0

    def add(self, other: "Counts") -> None:
        for k in vars(self):
            setattr(self, k, getattr(self, k) + getattr(other, k))

    @staticmethod
    def prf(hits: int, system: int, gold: int) -> tuple[float, float, float]:
        p = hits / system if system else 0.0
        r = hits / gold if gold else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    def metrics(self) -> dict[str, float]:
        sp, sr, sf = self.prf(self.strict, self.system, self.gold)
        rp, rr, rf = self.prf(self.relaxed, self.system, self.gold)
        return {
            "strict_p": sp, "strict_r": sr, "strict_f1": sf,
            "relaxed_p": rp, "relaxed_r": rr, "relaxed_f1": rf,
            "value_f1": self.prf(self.value, self.system, self.gold)[2],
            "type_f1": self.prf(self.type, self.system, self.gold)[2],
            "value_accuracy": self.value / self.relaxed if self.relaxed else 0.0,
        }


@dataclass(frozen=True)
class Miss:
    document: str
    kind: str  # wrong_value | missed | spurious
    text: str
    gold: str
    system: str


def _trim(t: Timex, plain: str) -> tuple[int, int]:
    s, e = t.start, t.end
    while s < e and plain[s].isspace():
        s += 1
    while e > s and plain[e - 1].isspace():
        e -= 1
    return s, e


def score_document(gold: Document, system: Document) -> tuple[Counts, list[Miss]]:
    if gold.plain.split() != system.plain.split():
        raise TimeMLError(f"{gold.name}: system text differs from gold text")
    c = Counts(gold=len(gold.timexes), system=len(system.timexes))
    misses: list[Miss] = []
    gold_spans = [_trim(t, gold.plain) for t in gold.timexes]
    used = set()
    # the texts match word for word; offsets match too when whitespace is kept, which annotate does
    for sys_t in system.timexes:
        s0, e0 = _trim(sys_t, system.plain)
        best = None
        for gi, (s1, e1) in enumerate(gold_spans):
            if gi in used or e1 <= s0 or e0 <= s1:
                continue
            if (s1, e1) == (s0, e0):
                best = gi
                break
            if best is None:
                best = gi
        if best is None:
            misses.append(Miss(gold.name, "spurious", sys_t.text, "", sys_t.value))
            continue
        used.add(best)
        g = gold.timexes[best]
        c.relaxed += 1
        c.strict += gold_spans[best] == (s0, e0)
        c.value += g.value == sys_t.value
        c.type += g.type == sys_t.type
        if g.value != sys_t.value:
            misses.append(Miss(gold.name, "wrong_value", f"{g.text} | {sys_t.text}", g.value, sys_t.value))
    for gi, g in enumerate(gold.timexes):
        if gi not in used:
            misses.append(Miss(gold.name, "missed", g.text, g.value, ""))
    return c, misses


def score_dirs(gold_dir: Path, system_dir: Path) -> tuple[Counts, dict[str, Counts], list[Miss]]:
    gold_dir, system_dir = Path(gold_dir), Path(system_dir)
    total, per_doc, misses = Counts(), {}, []
    gold_files = sorted(gold_dir.rglob("*.tml"))
    if not gold_files:
        raise TimeMLError(f"{gold_dir}: no .tml files")
    for path in gold_files:
        rel = path.relative_to(gold_dir)
        sys_path = system_dir / rel
        if not sys_path.exists():
            alt = list(system_dir.rglob(path.name))
            if not alt:
                raise TimeMLError(f"{sys_path}: missing system file for {rel}")
            sys_path = alt[0]
        counts, doc_misses = score_document(read_document(path), read_document(sys_path))
        per_doc[str(rel)] = counts
        total.add(counts)
        misses.extend(doc_misses)
    return total, per_doc, misses


GRAINS = (
    (re.compile(r"^\d{4}-\d\d-\d\dT"), "time of day"),
    (re.compile(r"^\d{4}-\d\d-\d\d$"), "day"),
    (re.compile(r"^\d{4}-W\d\d?-WE$"), "weekend"),
    (re.compile(r"^\d{4}-W\d\d?$"), "week"),
    (re.compile(r"^\d{4}-Q\d$"), "quarter"),
    (re.compile(r"^\d{4}-H\d$"), "half"),
    (re.compile(r"^\d{4}-(?:SP|SU|FA|WI)$"), "season"),
    (re.compile(r"^\d{4}-\d\d$"), "month"),
    (re.compile(r"^\d{4}$"), "year"),
    (re.compile(r"^\d{3}X?$"), "decade"),
    (re.compile(r"^\d{2}(?:XX)?$"), "century"),
)


def _grain(value: str) -> str | None:
    return next((name for pattern, name in GRAINS if pattern.match(value)), None)


def _unpadded(value: str) -> str:
    return re.sub(r"-W0(\d)", r"-W\1", value)


def value_disagreement(gold: str, system: str) -> str:
    """What kind of disagreement a wrong value is, for the report's summary: notation ("199" against
    "199X", "2000-W6" against "2000-W06"), gold leaving a field unknown the system filled ("1989-WXX"
    against "1989-W43"), a date against a duration, a reference word (PAST_REF) against anything, two
    grains ("1988-Q3" against "1988"), or the same grain and another value (another day, another year)."""
    if _unpadded(gold).rstrip("X") == _unpadded(system).rstrip("X"):
        return "notation (199 for 199X, W6 for W06)"
    if gold.endswith("_REF") or system.endswith("_REF"):
        return "reference word"
    if gold.startswith("P") != system.startswith("P"):
        return "date against duration"
    if gold.startswith("P"):
        return "other duration"
    if "X" in gold and "X" not in system and gold[:4] == system[:4]:
        return "gold leaves unknown what the system fills"
    g, s = _grain(gold), _grain(system)
    if g is None or s is None:
        return "other"
    if g != s:
        return f"grain: gold {g}, system {s}"
    return f"same grain ({g}), another value"


def format_metrics(name: str, counts: Counts) -> str:
    m = counts.metrics()
    return (
        f"{name:<14} gold {counts.gold:5d}  system {counts.system:5d}  "
        f"strict P/R/F1 {m['strict_p']:.3f}/{m['strict_r']:.3f}/{m['strict_f1']:.3f}  "
        f"relaxed P/R/F1 {m['relaxed_p']:.3f}/{m['relaxed_r']:.3f}/{m['relaxed_f1']:.3f}  "
        f"value F1 {m['value_f1']:.3f}  type F1 {m['type_f1']:.3f}"
    )


def format_report(total: Counts, per_doc: dict[str, Counts], misses: list[Miss], errors: int = 50) -> str:
    lines = ["TempEval-3 Task A (timex extent, value, type)", format_metrics("all", total)]
    if per_doc:
        lines.append("")
        lines.append("per document:")
        for name, counts in per_doc.items():
            lines.append(format_metrics(Path(name).stem[:14], counts))
    wrong = [m for m in misses if m.kind == "wrong_value"]
    if wrong:
        lines.append("")
        lines.append(f"wrong values by kind ({len(wrong)}):")
        kinds = Counter(value_disagreement(m.gold, m.system) for m in wrong)
        for kind, n in kinds.most_common():
            lines.append(f"  {n:4d}  {kind}")
    if errors:
        for kind in ("wrong_value", "missed", "spurious"):
            items = [m for m in misses if m.kind == kind]
            shown = items if errors < 0 else items[:errors]
            lines.append("")
            lines.append(f"{kind} ({len(items)}):")
            for m in shown:
                lines.append(f"  {m.document}: {m.text!r} gold={m.gold!r} system={m.system!r}")
    return "\n".join(lines)
