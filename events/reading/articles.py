"""Articles in: the ``Article`` record and the readers for plain text and JSONL files and folders of them.

A reader yields ``Article``s and ``Problem``s: a bad file or line becomes a Problem naming the file (and
line) and the reason, and reading goes on with the rest. Readers are looked up by file suffix in
``READERS``, so new formats (HTML, feeds) slot in beside these."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import Callable, Iterable, Iterator

import yaml

from events.base.datafiles import load_yaml
from events.timex.times import as_date, find_times

DATE_SOURCES = ("metadata", "dateline", "user", "inferred", "none")
FRONT_MATTER = re.compile(r"\A---\s*\n(.*?)\n---\s*\n", re.S)
SOURCE_TRAILER = re.compile(r"^\s*Source:\s*(.+?)\s*\Z", re.M)
MAX_BYTES = 20 * 1024 * 1024  # for a file holding one article; JSON Lines dumps are streamed


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


@dataclass(frozen=True)
class Problem:
    """An input that could not be read, and why; reading carries on without it."""

    path: str
    reason: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.reason}"


Item = Article | Problem


# ----------------------------------------------------------------------------------------- dates
def _parse_date(value) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return as_date(str(value).strip())
    except ValueError:
        return None


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
        return replace(article, published_from="metadata")
    found = dateline_date(article.text)
    if found is not None:
        return replace(article, published=found, published_from="dateline")
    found = inferred_date(article.text)
    if found is not None:
        return replace(article, published=found, published_from="inferred")
    return replace(article, published_from="none")


# ----------------------------------------------------------------------------------------- readers
def _decode(path: Path, data: bytes) -> tuple[str, str] | Problem:
    """Text of a file and a note when it was not UTF-8: the encoding is detected (charset-normalizer)."""
    if not data.strip():
        return Problem(str(path), "empty file")
    if b"\x00" in data[:8192]:
        return Problem(str(path), "binary file, not text")
    try:
        return data.decode("utf-8-sig"), ""
    except UnicodeDecodeError as exc:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
        if best is None:
            return Problem(str(path), f"not UTF-8 text ({exc.reason} at byte {exc.start}) and no other encoding fits")
        return str(best), f"not UTF-8: decoded as {best.encoding}"


def _read_bytes(path: Path) -> bytes | Problem:
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            return Problem(str(path), f"file of {size:,} bytes is over the {MAX_BYTES:,}-byte limit")
        return path.read_bytes()
    except OSError as exc:
        return Problem(str(path), f"cannot read: {exc.strerror or exc}")


def _sidecar(path: Path) -> dict:
    for candidate in (path.with_suffix(".meta.yaml"), path.with_name(path.name + ".meta.yaml")):
        if candidate.exists():
            data = load_yaml(candidate.read_text(encoding="utf-8")) or {}
            if not isinstance(data, dict):
                raise ValueError(f"{candidate}: metadata must be a mapping")
            return data
    return {}


def read_text_article(path: Path) -> Iterator[Item]:
    """A plain-text article: title on the first line, optional YAML front matter (--- ... ---) or a
    ``<name>.meta.yaml`` sidecar for published/source/url/title, an optional "Source: ..." last line."""
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
        meta = _sidecar(path)
        fm = FRONT_MATTER.match(text)
        if fm:
            front = load_yaml(fm.group(1)) or {}
            if not isinstance(front, dict):
                raise ValueError("front matter must be a mapping")
            meta = {**front, **meta}
            text = text[fm.end() :]
    except (yaml.YAMLError, ValueError) as exc:
        yield Problem(str(path), f"bad metadata: {exc}")
        return
    published = _parse_date(meta.get("published") or meta.get("date"))
    if (meta.get("published") or meta.get("date")) and published is None:
        yield Problem(str(path), f"bad published date {meta.get('published') or meta.get('date')!r} (use YYYY-MM-DD)")
        return
    title = str(meta.get("title") or next((line.strip() for line in text.splitlines() if line.strip()), ""))
    source = str(meta.get("source") or "")
    trailer = SOURCE_TRAILER.search(text[-300:])
    if trailer and not source:
        source = trailer.group(1)
    yield Article(
        id=str(meta.get("id") or path.stem),
        title=title,
        text=text,
        published=published,
        source=source,
        url=str(meta.get("url") or ""),
        published_from="metadata" if published else "none",
        note=note,
    )


def read_jsonl(path: Path) -> Iterator[Item]:
    """JSON Lines with the fields of the shared corpora: id, title, published, source, url, text.
    Streamed line by line, so a dump of any size reads in constant memory; a broken line is skipped."""
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
        if b"\x00" in head:
            yield Problem(str(path), "binary file, not text")
            return
        f.seek(0)
        for n, raw in enumerate(f, start=1):
            if not raw.strip():
                continue
            try:
                line = raw.decode("utf-8-sig" if n == 1 else "utf-8")
                row = json.loads(line)
            except UnicodeDecodeError as exc:
                yield Problem(str(path), f"not UTF-8 text ({exc.reason} at byte {exc.start})", n)
                continue
            except json.JSONDecodeError as exc:
                yield Problem(str(path), f"broken JSON ({exc.msg} at column {exc.colno})", n)
                continue
            item = _jsonl_article(row, str(path), n)
            yield item


def _jsonl_article(row, path: str, n: int) -> Item:
    if not isinstance(row, dict) or not isinstance(row.get("text"), str) or not row["text"].strip():
        return Problem(path, "no article text (a JSON object with a non-empty 'text' field)", n)
    published = _parse_date(row.get("published"))
    if row.get("published") and published is None:
        return Problem(path, f"bad published date {row.get('published')!r} (use YYYY-MM-DD)", n)
    body = row["text"]
    return Article(
        id=str(row.get("id") or hashlib.sha1(body.encode("utf-8")).hexdigest()[:16]),
        title=str(row.get("title") or ""),
        text=body,
        published=published,
        source=str(row.get("source") or ""),
        url=str(row.get("url") or ""),
        published_from="metadata" if published else "none",
    )


def read_html(path: Path) -> Iterator[Item]:
    """A web page: the article's text, title, publication date and canonical URL from the page and its
    metadata, by trafilatura."""
    import trafilatura

    data = _read_bytes(path)
    if isinstance(data, Problem):
        yield data
        return
    if not data.strip():
        yield Problem(str(path), "empty file")
        return
    extracted = trafilatura.bare_extraction(data, with_metadata=True, include_comments=False, favor_precision=True)
    doc = extracted.as_dict() if hasattr(extracted, "as_dict") else (extracted or {})
    text = (doc.get("text") or "").strip()
    if not text:
        yield Problem(str(path), "no article text found in the page (truncated or not an article)")
        return
    published = _parse_date(doc.get("date"))
    yield Article(
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
        text = _plain_text(body or "")
        if not text.strip():
            yield Problem(str(path), "feed item without text", n)
            continue
        parsed = entry.get("published_parsed") or entry.get("updated_parsed")
        published = date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday) if parsed else None
        title = entry.get("title", "")
        yield Article(
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
                yield replace(item, url=item.url or url, id=item.id if item.id != "page" else url)


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


def _files(path: Path) -> Iterator[Path | Problem]:
    if path.is_dir():
        for child in sorted(path.rglob("*")):
            if child.is_file() and child.suffix.lower() in READERS and not child.name.endswith(".meta.yaml"):
                yield child
    elif path.exists():
        yield path
    else:
        yield Problem(str(path), "no such file or folder")


def read_paths(paths: Iterable[str | Path], published: date | None = None) -> Iterator[Item]:
    """Every article under ``paths`` (files or folders), with its publication date settled."""
    for raw in paths:
        if str(raw).startswith(("http://", "https://")):
            for item in read_url(str(raw)):
                yield settle_date(item, published) if isinstance(item, Article) else item
            continue
        for path in _files(Path(raw)):
            if isinstance(path, Problem):
                yield path
                continue
            reader = READERS.get(path.suffix.lower())
            if reader is None:
                yield Problem(str(path), f"unknown kind of file ({path.suffix or 'no suffix'}); known: {', '.join(sorted(READERS))}")
                continue
            for item in reader(path):
                yield settle_date(item, published) if isinstance(item, Article) else item
