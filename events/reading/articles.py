"""Articles in: the ``Article`` record and the readers for plain text and JSONL files and folders of them.

A reader yields ``Article``s and ``Problem``s: a bad file or line becomes a Problem naming the file (and
line) and the reason, and reading goes on with the rest. Readers are looked up by file suffix in
``READERS``, so new formats (HTML, feeds) slot in beside these.

Untrusted input is bounded and cleaned: a file holding one article is read up to ``MAX_BYTES``, a JSON Lines
dump is streamed a line at a time with each line up to ``MAX_LINE_BYTES`` (a longer one is skipped without
being held); front matter and sidecars are YAML without anchors or aliases (``events.base.untrusted_yaml``);
text is decoded by its byte-order mark, else as UTF-8 (a few invalid bytes replaced, with a warning), else
in a legacy code page (cp1252 for Western text); a lone surrogate (half an emoji pair, cut by a scraper) is
replaced with U+FFFD in every field, so nothing downstream fails to encode it."""

from __future__ import annotations

import codecs
import hashlib
import io
import json
import os
import re
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import Callable, Iterable, Iterator

import yaml

from events.base.untrusted_yaml import MAX_YAML_CHARS, load_untrusted_yaml
from events.timex.times import as_date, find_times

DATE_SOURCES = ("metadata", "dateline", "user", "inferred", "none")
FRONT_MATTER = re.compile(r"\A---\s*\n(.*?)\n---\s*\n", re.S)
SOURCE_TRAILER = re.compile(r"^\s*Source:\s*(.+?)\s*\Z", re.M)
MAX_BYTES = 20 * 1024 * 1024  # for a file holding one article; JSON Lines dumps are streamed
MAX_LINE_BYTES = MAX_BYTES  # for one line of a JSON Lines dump: one article too
SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True)
class Article:
    id: str
    title: str
    text: str
    published: date | None
    source: str = ""
    url: str = ""
    published_from: str = "none"  # metadata | dateline | user | inferred | none
    note: str = ""  # something the reader had to guess, worth a warning ("decoded as cp1252")

    def __post_init__(self):
        # the readers clean their fields and say where (_article); this catches an Article made anywhere else
        replaced = 0
        for name in ("id", "title", "text", "source", "url", "note"):
            value = getattr(self, name)
            if isinstance(value, str) and not value.isascii():
                value, n = without_surrogates(value)
                if n:
                    object.__setattr__(self, name, value)
                    replaced += n
        if replaced:
            object.__setattr__(self, "note", _joined(self.note, _surrogate_note(replaced)))


@dataclass(frozen=True)
class Problem:
    """An input that could not be read, and why; reading carries on without it."""

    path: str
    reason: str
    line: int | None = None

    def __post_init__(self):
        # a file name that is not UTF-8 comes from the file system with surrogates: shown and stored as U+FFFD
        for name in ("path", "reason"):
            value = getattr(self, name)
            if isinstance(value, str) and not value.isascii():
                object.__setattr__(self, name, without_surrogates(value)[0])

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.reason}"


Item = Article | Problem


# ----------------------------------------------------------------------------------------- text cleaning
def without_surrogates(text: str) -> tuple[str, int]:
    """``text`` with each lone surrogate replaced by U+FFFD, and how many there were. A surrogate pair that
    arrived as two halves (CESU-8, or two escapes decoded apart) is joined into its character."""
    if text.isascii() or SURROGATE.search(text) is None:
        return text, 0
    before = len(SURROGATE.findall(text))
    joined = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    return joined, before - 2 * (len(text) - len(joined))


def _surrogate_note(n: int, where: str = "") -> str:
    return f"{n} lone surrogate{'s' if n != 1 else ''} (half an emoji pair) replaced with U+FFFD" + (f" in {where}" if where else "")


def _joined(*notes: str) -> str:
    return "; ".join(n for n in notes if n)


def _article(where: str, notes: Iterable[str] = (), **fields) -> Article:
    """An Article from a reader: its text fields cleaned of lone surrogates, noted with ``where`` (the file,
    or file:line) beside the reader's own notes."""
    replaced = 0
    for name in ("id", "title", "text", "source", "url"):
        value = fields.get(name)
        if isinstance(value, str):
            fields[name], n = without_surrogates(value)
            replaced += n
    return Article(**fields, note=_joined(*notes, _surrogate_note(replaced, where) if replaced else ""))


# ----------------------------------------------------------------------------------------- dates
ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
NUMERIC_DAY = re.compile(r"\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{2,4})\b")
# dateparser reads a publication date in any written form ("12/28/2023", "Thu, 14 Sep 2017 18:47 EDT", "28
# December 2023", an RSS pubDate): absolute forms only, never "yesterday" (which would read the clock), and
# only a full day
DATEPARSER_SETTINGS = {"PARSERS": ["timestamp", "custom-formats", "absolute-time"], "REQUIRE_PARTS": ["day", "month", "year"],
                       "RETURN_AS_TIMEZONE_AWARE": False, "DATE_ORDER": "MDY"}


def _parse_date(value) -> date | None:
    return publication_date(value)[0]


def publication_date(value) -> tuple[date | None, str]:
    """A publication date as metadata gives it, in any written form, and a note when its reading is a guess:
    "03/04/2023" is read month first (the order of US agencies and of dateparser's English) and said so."""
    if value in (None, ""):
        return None, ""
    if isinstance(value, datetime):
        return value.date(), ""
    if isinstance(value, date):
        return value, ""
    text = str(value).strip()
    if ISO_DAY.match(text):
        try:
            return as_date(text), ""
        except (ValueError, OverflowError, TypeError):
            return None, ""
    import dateparser  # the design card's parser of free-form dates; loaded only for such a date

    try:
        parsed = dateparser.parse(text, settings=DATEPARSER_SETTINGS)
    except (ValueError, OverflowError, TypeError, KeyError):
        return None, ""
    if parsed is None:
        return None, ""
    numeric = NUMERIC_DAY.match(text)
    if numeric and int(numeric.group(1)) <= 12 and int(numeric.group(2)) <= 12 and numeric.group(1) != numeric.group(2):
        return parsed.date(), f"publication date {text!r} is ambiguous: read month first as {parsed.date()}"
    return parsed.date(), ""


def dateline_date(text: str) -> date | None:
    """The day of a dateline ("Pyongyang, January 1 (KCNA) --"), the year taken from the article's own
    years (the latest one it names, as a news story names its own year or earlier ones)."""
    head = text[:300]
    for m in find_times(head, None):
        if m.rule != "dateline":
            continue
        month, day = int(m.value[5:7]), int(m.value[8:10])
        years = [int(t.value[:4]) for t in find_times(text, None) if t.value[:4].isdigit() and t.rule != "dateline"]
        if not years:
            return None
        year = max(years)
        try:
            return date(year, month, day)
        except ValueError:
            return None
    return None


def inferred_date(text: str) -> date | None:
    """The latest full calendar date the article states: it was published on or after it."""
    days = [m.range_start for m in find_times(text, None) if m.precision == "day" and m.range_start is not None and m.value[:4].isdigit()]
    return max(days) if days else None


def settle_date(article: Article, published: date | None = None) -> Article:
    """Fill in the publication date: the user's (--published) over the metadata's, else a dateline,
    else inferred from the text; never the file's time, never today's date."""
    if published is not None:
        return replace(article, published=published, published_from="user")
    if article.published is not None:
        # a reader that took the date from the metadata says so already (JSON Lines): no copy of the article
        return article if article.published_from == "metadata" else replace(article, published_from="metadata")
    found = dateline_date(article.text)
    if found is not None:
        return replace(article, published=found, published_from="dateline")
    found = inferred_date(article.text)
    if found is not None:
        return replace(article, published=found, published_from="inferred")
    return replace(article, published_from="none")


# ----------------------------------------------------------------------------------------- decoding
# A byte-order mark decides first (UTF-32 before UTF-16: FF FE 00 00 starts with FF FE).
BOMS = ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"), (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
ASCII_BYTES = bytes(range(128))
# A byte the UTF-8 decoder refused (surrogateescape gives it as U+DC80..U+DCFF), or three of them spelling a
# surrogate the way WTF-8 and CESU-8 write one (ED A0..BF 80..BF): that is a surrogate, not three bad bytes.
_ESCAPED = re.compile("\udced([\udca0-\udcbf])([\udc80-\udcbf])|[\udc80-\udcff]")
# How much of a text the legacy check looks at, and what marks Western text decoded as cp1252: few letters
# outside ASCII, and no symbol between two letters (Polish in cp1250 read as cp1252 gives "wy³¹czy³").
WESTERN_SAMPLE = 256 * 1024
WESTERN_MAX_SHARE = 0.3
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_ASCII_LETTER = re.compile(r"[A-Za-z]")
_SYMBOL_IN_WORD = re.compile(r"(?<=[^\W\d_])[¢£¤¥¦§¨©«¬®¯°±²³¶¸¹»¼½¾¿×÷€†‡‰™](?=[^\W\d_])")


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'s' if n != 1 else ''}"


def _utf8(data: bytes) -> tuple[str, int, int]:
    """UTF-8 bytes as text with each invalid byte replaced by U+FFFD (a surrogate encoded in UTF-8 kept as
    the surrogate, for ``without_surrogates``), the number of invalid bytes, and the number of valid
    characters outside ASCII (what tells UTF-8 with a few bad bytes from text in another encoding)."""
    try:
        return data.decode("utf-8"), 0, -1  # -1: not counted, all of it is valid
    except UnicodeDecodeError:
        pass
    escaped = data.decode("utf-8", "surrogateescape")
    bad = escapes = 0

    def fix(m: re.Match) -> str:
        nonlocal bad, escapes
        if m.group(1) is None:
            bad += 1
            escapes += 1
            return "\ufffd"
        escapes += 3
        return chr(0xD000 | (ord(m.group(1)) & 0x3F) << 6 | (ord(m.group(2)) & 0x3F))

    text = _ESCAPED.sub(fix, escaped)
    ascii_chars = len(data) - len(data.translate(None, ASCII_BYTES))
    return text, bad, len(escaped) - ascii_chars - escapes


def _western(text: str) -> bool:
    """Whether text decoded as cp1252 reads as a Western language: letters mostly ASCII, no symbol in a word."""
    sample = text[:WESTERN_SAMPLE]
    others = _NON_ASCII.findall(sample)
    if not others:
        return True
    letters = sum(map(str.isalpha, others))
    share = letters / max(1, letters + len(_ASCII_LETTER.findall(sample)))
    return share <= WESTERN_MAX_SHARE and len(_SYMBOL_IN_WORD.findall(sample)) <= 0.05 * len(others)


def _legacy(data: bytes) -> tuple[str, str] | None:
    """Text that is not UTF-8 at all, in a legacy code page: cp1252 when it reads as Western text (the
    detector would often say cp1250 for it), else what charset-normalizer finds; None when nothing fits."""
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:  # cp1252 leaves 81, 8D, 8F, 90 and 9D unassigned
        text = None
    if text is not None and _western(text):
        return text, "cp1252"
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    return None if best is None else (str(best), best.encoding)


def _decode(path: Path | str, data: bytes) -> tuple[str, str] | Problem:
    """Text of a file and a note on what had to be guessed or replaced (empty when nothing was). A BOM
    decides first (UTF-8, UTF-16 or UTF-32, either byte order); else UTF-8, kept when the file holds more
    valid UTF-8 characters outside ASCII than invalid bytes (those replaced, with a note naming the file and
    their count); else a legacy code page. Lone surrogates are replaced either way."""
    where = str(path)
    if not data.strip():
        return Problem(where, "empty file")
    notes = []
    codec = next((c for bom, c in BOMS if data.startswith(bom)), None)
    if codec is not None and codec != "utf-8":
        body = data[len(next(bom for bom, c in BOMS if c == codec)):]
        try:
            text = body.decode(codec, "surrogatepass")
        except UnicodeDecodeError as exc:
            text = body.decode(codec, "replace")
            notes.append(f"not valid {codec.upper()} ({exc.reason}): undecodable bytes replaced with U+FFFD in {where}")
    else:
        body = data[3:] if codec == "utf-8" else data
        if codec is None and b"\x00" in body[:8192]:
            return Problem(where, "binary file, not text (no byte-order mark for UTF-16 or UTF-32)")
        text, bad, good = _utf8(body)
        if bad and codec is None and good < bad:
            legacy = _legacy(body)
            if legacy is None:
                return Problem(where, f"not UTF-8 text ({_plural(bad, 'invalid byte')}) and no other encoding fits")
            text, encoding = legacy
            notes.append(f"not UTF-8: decoded as {encoding} in {where}")
        elif bad:
            notes.append(f"{_plural(bad, 'invalid UTF-8 byte')} replaced with U+FFFD in {where}")
    text, lone = without_surrogates(text)
    if lone:
        notes.append(_surrogate_note(lone, where))
    if "\x00" in text[:8192]:
        return Problem(where, "binary file, not text")
    if not text.strip():
        return Problem(where, "empty file")
    return text, _joined(*notes)


def _read_bytes(path: Path, limit: int = MAX_BYTES) -> bytes | Problem:
    try:
        size = path.stat().st_size
        if size > limit:
            return Problem(str(path), f"file of {size:,} bytes is over the {limit:,}-byte limit")
        with open(path, "rb") as f:
            data = f.read(limit + 1)  # no more than the limit, even when the file grew since
        if len(data) > limit:
            return Problem(str(path), f"file of over {limit:,} bytes is over the limit")
        return data
    except OSError as exc:
        return Problem(str(path), f"cannot read: {exc.strerror or exc}")


def _untrusted_mapping(text: str, what: str) -> dict:
    """The mapping of a YAML metadata block, or a ValueError saying on one line what is wrong with it."""
    try:
        data = load_untrusted_yaml(text) or {}
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark is not None else ""
        raise ValueError(f"{what}: " + " ".join(p for p in (exc.context, exc.problem) if p) + where) from None
    except yaml.YAMLError as exc:
        raise ValueError(f"{what}: {' '.join(str(exc).split())}") from None
    if not isinstance(data, dict):
        raise ValueError(f"{what} must be a mapping")
    return data


def _sidecar(path: Path) -> tuple[dict, str]:
    """The metadata of a ``NAME.meta.yaml`` sidecar beside ``path`` (none: {}), and a note on its decoding."""
    for candidate in (path.with_suffix(".meta.yaml"), path.with_name(path.name + ".meta.yaml")):
        if candidate.exists():
            data = _read_bytes(candidate, MAX_YAML_CHARS)
            if isinstance(data, bytes) and not data.strip():
                return {}, ""
            decoded = _decode(candidate, data) if isinstance(data, bytes) else data
            if isinstance(decoded, Problem):
                raise ValueError(f"sidecar {candidate.name}: {decoded.reason}")
            return _untrusted_mapping(decoded[0], f"sidecar {candidate.name}"), decoded[1]
    return {}, ""


def read_text_article(path: Path) -> Iterator[Item]:
    """A plain-text article: title on the first line, optional YAML front matter (--- ... ---) or a
    ``<name>.meta.yaml`` sidecar for published/source/url/title, an optional "Source: ..." last line. The
    metadata is untrusted YAML: no anchors or aliases, at most ``MAX_YAML_CHARS``."""
    data = _read_bytes(path)
    if isinstance(data, Problem):
        yield data
        return
    decoded = _decode(path, data)
    if isinstance(decoded, Problem):
        yield decoded
        return
    text, note = decoded
    try:
        meta, sidecar_note = _sidecar(path)
        fm = FRONT_MATTER.match(text)
        if fm:
            meta = {**_untrusted_mapping(fm.group(1), "front matter"), **meta}
            text = text[fm.end() :]
    except ValueError as exc:
        yield Problem(str(path), f"bad metadata: {exc}")
        return
    published, date_note = publication_date(meta.get("published") or meta.get("date"))
    if (meta.get("published") or meta.get("date")) and published is None:
        yield Problem(str(path), f"bad published date {meta.get('published') or meta.get('date')!r} (not a full day: use YYYY-MM-DD)")
        return
    title = str(meta.get("title") or next((line.strip() for line in text.splitlines() if line.strip()), ""))
    source = str(meta.get("source") or "")
    trailer = SOURCE_TRAILER.search(text[-300:])
    if trailer and not source:
        source = trailer.group(1)
    yield _article(
        str(path),
        (note, sidecar_note, date_note),
        id=str(meta.get("id") or path.stem),
        title=title,
        text=text,
        published=published,
        source=source,
        url=str(meta.get("url") or ""),
        published_from="metadata" if published else "none",
    )


_SKIP_CHUNK = 1024 * 1024


def _bounded_lines(f, limit: int) -> Iterator[tuple[int, bytes | str | int]]:
    """The lines of a file opened in binary or text mode, numbered from 1; a line longer than ``limit``
    (bytes, or characters in text mode) is read past a chunk at a time and given as its length (an int), so
    no more than ``limit`` is ever held."""
    n, newline = 0, None
    while True:
        line = f.readline(limit)
        if not line:
            return
        n += 1
        newline = newline or ("\n" if isinstance(line, str) else b"\n")
        if len(line) < limit or line.endswith(newline):
            yield n, line
            continue
        size, more = len(line), f.readline(_SKIP_CHUNK)
        if not more:  # exactly the limit, at the end of the file
            yield n, line
            return
        del line  # not held while the rest of it is read past
        while more:
            size += len(more)
            if more.endswith(newline):
                break
            more = f.readline(_SKIP_CHUNK)
        yield n, size


def read_jsonl(path: Path) -> Iterator[Item]:
    """JSON Lines with the fields of the shared corpora: id, title, published, source, url, text.
    Streamed line by line, so a dump of any size reads in constant memory; a broken line, or one over
    ``MAX_LINE_BYTES``, is a Problem and the next lines are read. Lines are UTF-8 (JSON's encoding: an
    invalid byte is replaced, with a note), or UTF-16/32 with a byte-order mark."""
    try:
        f = open(path, "rb")
    except OSError as exc:
        yield Problem(str(path), f"cannot read: {exc.strerror or exc}")
        return
    with f:
        head = f.read(8192)
        if not head.strip():
            yield Problem(str(path), "empty file")
            return
        codec = next((c for bom, c in BOMS if head.startswith(bom)), None)
        if codec is None and b"\x00" in head:
            yield Problem(str(path), "binary file, not text (no byte-order mark for UTF-16 or UTF-32)")
            return
        f.seek(0)
        if codec in (None, "utf-8"):
            limit, unit = MAX_LINE_BYTES, "byte"
            lines = _bounded_lines(f, limit)
        else:
            f.seek(len(next(bom for bom, c in BOMS if c == codec)))
            limit, unit = MAX_LINE_BYTES // (4 if "32" in codec else 2), "character"
            lines = _bounded_lines(io.TextIOWrapper(f, encoding=codec, errors="replace"), limit)
        for n, raw in lines:
            if isinstance(raw, int):
                yield Problem(str(path), f"line of {raw:,} {unit}s is over the {limit:,}-{unit} limit", n)
                continue
            if not raw.strip():
                continue
            notes = []
            if isinstance(raw, bytes):
                line, bad, _ = _utf8(raw[3:] if n == 1 and raw.startswith(codecs.BOM_UTF8) else raw)
                if bad:
                    notes.append(f"{_plural(bad, 'invalid UTF-8 byte')} replaced with U+FFFD in {path}:{n}")
            else:
                line = raw
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                yield Problem(str(path), f"broken JSON ({exc.msg} at column {exc.colno})", n)
                continue
            except RecursionError:
                yield Problem(str(path), "JSON nested too deeply", n)
                continue
            except ValueError as exc:  # a number of more than 4,300 digits
                yield Problem(str(path), f"unreadable JSON value ({exc})", n)
                continue
            yield _jsonl_article(row, str(path), n, notes)


def _jsonl_article(row, path: str, n: int, notes: list[str] = ()) -> Item:
    if not isinstance(row, dict) or not isinstance(row.get("text"), str) or not row["text"].strip():
        return Problem(path, "no article text (a JSON object with a non-empty 'text' field)", n)
    published, date_note = publication_date(row.get("published"))
    if row.get("published") and published is None:
        return Problem(path, f"bad published date {row.get('published')!r} (not a full day: use YYYY-MM-DD)", n)
    notes = [*notes, date_note] if date_note else notes
    body, _ = without_surrogates(row["text"])  # before the hash below: a lone surrogate cannot be encoded
    return _article(
        f"{path}:{n}",
        notes,
        id=str(row.get("id") or hashlib.sha1(body.encode("utf-8")).hexdigest()[:16]),
        title=str(row.get("title") or ""),
        text=row["text"],
        published=published,
        source=str(row.get("source") or ""),
        url=str(row.get("url") or ""),
        published_from="metadata" if published else "none",
    )


def read_html(path: Path) -> Iterator[Item]:
    """A web page: the article's text, title, publication date and canonical URL from the page and its
    metadata, by trafilatura (which reads the page's declared charset; a UTF-16 or UTF-32 page with a
    byte-order mark is decoded here)."""
    import trafilatura

    data = _read_bytes(path)
    if isinstance(data, Problem):
        yield data
        return
    if not data.strip():
        yield Problem(str(path), "empty file")
        return
    page, note = data, ""
    if any(data.startswith(bom) for bom, codec in BOMS if codec != "utf-8"):
        decoded = _decode(path, data)
        if isinstance(decoded, Problem):
            yield decoded
            return
        page, note = decoded
    extracted = trafilatura.bare_extraction(page, with_metadata=True, include_comments=False, favor_precision=True)
    doc = extracted.as_dict() if hasattr(extracted, "as_dict") else (extracted or {})
    text = (doc.get("text") or "").strip()
    if not text:
        yield Problem(str(path), "no article text found in the page (truncated or not an article)")
        return
    published = _parse_date(doc.get("date"))
    yield _article(
        str(path),
        (note,),
        id=path.stem,
        title=str(doc.get("title") or text.splitlines()[0][:200]),
        text=(doc.get("title") + "\n\n" + text) if doc.get("title") and not text.startswith(doc.get("title")) else text,
        published=published,
        source=str(doc.get("sitename") or doc.get("hostname") or ""),
        url=str(doc.get("url") or ""),
        published_from="metadata" if published else "none",
    )


def read_feed(path: Path) -> Iterator[Item]:
    """An RSS or Atom feed file: one article per item (title, link, published, text), by feedparser."""
    import feedparser

    data = _read_bytes(path)
    if isinstance(data, Problem):
        yield data
        return
    feed = feedparser.parse(data)
    if not feed.entries:
        reason = f"not a readable feed ({feed.bozo_exception})" if feed.bozo else "a feed with no items"
        yield Problem(str(path), reason)
        return
    source = feed.feed.get("title", "")
    for n, entry in enumerate(feed.entries, start=1):
        body = entry.get("content", [{}])[0].get("value") if entry.get("content") else entry.get("summary", "")
        text, _ = without_surrogates(_plain_text(body or ""))  # before the hash below
        if not text.strip():
            yield Problem(str(path), "feed item without text", n)
            continue
        parsed = entry.get("published_parsed") or entry.get("updated_parsed")
        try:
            published = date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday) if parsed else None
        except (ValueError, TypeError, AttributeError):
            published = None
        title = entry.get("title", "")
        yield _article(
            f"{path}:{n}",
            id=str(entry.get("id") or entry.get("link") or hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]),
            title=title,
            text=f"{title}\n\n{text}" if title else text,
            published=published,
            source=source,
            url=entry.get("link", ""),
            published_from="metadata" if published else "none",
        )


def _plain_text(fragment: str) -> str:
    """Text of an HTML fragment (a feed item's summary)."""
    import html as html_lib

    return html_lib.unescape(re.sub(r"<[^>]+>", " ", fragment)).strip()


FETCH_TIMEOUT = 20  # seconds
KIND_BY_CONTENT_TYPE = {"text/html": ".html", "application/xhtml+xml": ".html", "application/rss+xml": ".rss", "application/atom+xml": ".atom",
                        "application/xml": ".xml", "text/xml": ".xml", "text/plain": ".txt", "application/json": ".jsonl", "application/x-ndjson": ".jsonl"}


class FetchError(OSError):
    pass


def fetch(url: str, timeout: float = FETCH_TIMEOUT) -> tuple[bytes, str]:
    """The one place Eventline goes to the network: the bytes at ``url`` and their content type, with a
    timeout, a size limit and an error that says what went wrong."""
    import urllib.error
    import urllib.request

    request = urllib.request.Request(url, headers={"User-Agent": "Eventline/0.1 (+https://example.invalid/eventline)"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            data = response.read(MAX_BYTES + 1)
            kind = response.headers.get_content_type()
    except urllib.error.HTTPError as exc:
        raise FetchError(f"HTTP {exc.code} {exc.reason}") from None
    except urllib.error.URLError as exc:
        raise FetchError(f"cannot reach it: {exc.reason}") from None
    except TimeoutError:
        raise FetchError(f"no answer within {timeout:g} s") from None
    if len(data) > MAX_BYTES:
        raise FetchError(f"more than the {MAX_BYTES:,}-byte limit")
    return data, kind


def read_url(url: str) -> Iterator[Item]:
    """An article page, a feed or a dump at a URL, read by the reader its content type (or suffix) names."""
    import tempfile

    try:
        data, kind = fetch(url)
    except FetchError as exc:
        yield Problem(url, str(exc))
        return
    suffix = KIND_BY_CONTENT_TYPE.get(kind) or Path(url.split("?")[0]).suffix.lower() or ".html"
    if suffix not in READERS or suffix == ".urls":
        yield Problem(url, f"unknown kind of content ({kind})")
        return
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / ("page" + suffix)
        path.write_bytes(data)
        for item in READERS[suffix](path):
            if isinstance(item, Problem):
                yield Problem(url, item.reason, item.line)
            else:
                yield replace(item, url=item.url or url, id=item.id if item.id != "page" else url, note=item.note.replace(str(path), url))


def read_url_list(path: Path) -> Iterator[Item]:
    """A file of URLs, one a line (blank lines and # comments skipped)."""
    data = _read_bytes(path)
    if isinstance(data, Problem):
        yield data
        return
    for line in data.decode("utf-8", errors="replace").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            yield from read_url(line)


READERS: dict[str, Callable[[Path], Iterator[Item]]] = {
    ".txt": read_text_article,
    ".text": read_text_article,
    ".md": read_text_article,
    ".jsonl": read_jsonl,
    ".ndjson": read_jsonl,
    ".html": read_html,
    ".htm": read_html,
    ".rss": read_feed,
    ".atom": read_feed,
    ".xml": read_feed,
    ".urls": read_url_list,
}


def _link_target(path: Path) -> str:
    try:
        return os.readlink(path)
    except OSError:
        return "?"


def _sidecar_has_article(sidecar: str, names: set[str]) -> bool:
    """Whether a ``NAME.meta.yaml`` in a folder of ``names`` belongs to an article there (NAME.txt, NAME.md ...,
    or NAME itself with its suffix: a.txt.meta.yaml)."""
    base = sidecar[: -len(".meta.yaml")]
    return base in names or any(base + suffix in names for suffix in READERS)


def _walk(folder: Path) -> Iterator[Path | Problem]:
    """The files under ``folder`` in path order, and a Problem for each thing there that is not read: a folder
    that cannot be listed, a broken symbolic link, a link to a folder (not followed: no loops), a hidden
    folder, something that is not a regular file. Sidecars go with their article and are not listed."""
    try:
        with os.scandir(folder) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError as exc:
        yield Problem(str(folder), f"cannot read the folder: {exc.strerror or exc}")
        return
    names = {e.name for e in entries}
    for entry in entries:
        child = Path(entry.path)
        try:
            if entry.is_symlink():
                if not child.exists():
                    yield Problem(str(child), f"broken symbolic link (to {_link_target(child)}, which does not exist)")
                    continue
                if child.is_dir():
                    yield Problem(str(child), f"symbolic link to a folder (to {_link_target(child)}), not followed: give the folder itself")
                    continue
            if entry.is_dir(follow_symlinks=False):
                if entry.name.startswith("."):
                    yield Problem(str(child), "hidden folder, not read: give it by name to read it")
                else:
                    yield from _walk(child)
                continue
            if not child.is_file():
                yield Problem(str(child), "not a regular file (a pipe, socket or device)")
                continue
        except OSError as exc:
            yield Problem(str(child), f"cannot read: {exc.strerror or exc}")
            continue
        if entry.name.endswith(".meta.yaml"):
            if not _sidecar_has_article(entry.name, names):
                yield Problem(str(child), "metadata sidecar without its article (NAME.meta.yaml goes beside NAME.txt)")
            continue
        yield child


def _files(path: Path) -> Iterator[Path | Problem]:
    try:
        if path.is_symlink() and not path.exists():
            yield Problem(str(path), f"broken symbolic link (to {_link_target(path)}, which does not exist)")
        elif path.is_dir():
            yield from _walk(path)
        elif path.is_file():
            yield path
        elif path.exists():
            yield Problem(str(path), "not a regular file (a pipe, socket or device)")
        else:
            yield Problem(str(path), "no such file or folder")
    except OSError as exc:
        yield Problem(str(path), f"cannot read: {exc.strerror or exc}")


def _settled(items: Iterable[Item], published: date | None, where: str) -> Iterator[Item]:
    """A reader's items with their dates settled; a reader that fails midway is a Problem naming the input,
    and the inputs after it are still read (one bad record never stops a run)."""
    try:
        for item in items:
            yield settle_date(item, published) if isinstance(item, Article) else item
    except Exception as exc:  # noqa: BLE001 - named, and the run goes on
        yield Problem(where, f"reading stopped: {type(exc).__name__}: {exc}")


def read_paths(paths: Iterable[str | Path], published: date | None = None) -> Iterator[Item]:
    """Every article under ``paths`` (files or folders), with its publication date settled; everything not
    read (a file of an unknown kind, an unreadable folder, a broken link ...) is a Problem saying why."""
    for raw in paths:
        if str(raw).startswith(("http://", "https://")):
            yield from _settled(read_url(str(raw)), published, str(raw))
            continue
        for path in _files(Path(raw)):
            if isinstance(path, Problem):
                yield path
                continue
            reader = READERS.get(path.suffix.lower())
            if reader is None:
                yield Problem(str(path), f"unknown kind of file ({path.suffix or 'no suffix'}); known: {', '.join(sorted(READERS))}")
                continue
            yield from _settled(reader(path), published, str(path))
