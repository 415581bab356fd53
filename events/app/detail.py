"""An event's detail for the dashboard: its sentence with the time phrase, actors and weapon marked, and
the article it comes from. Article text is escaped first: HTML or script in an article is shown, never run."""

from __future__ import annotations

import html
import re

from events.coding.vocab import vocabulary


def _spans(sentence: str, row) -> list[tuple[int, int, str]]:
    marks: list[tuple[int, int, str]] = []

    def mark(phrase: str, kind: str) -> None:
        if not phrase:
            return
        for m in re.finditer(re.escape(phrase), sentence):
            marks.append((m.start(), m.end(), kind))

    mark(row["time_text"], "time")
    mark(row["weapon"], "weapon")
    vocab = vocabulary()
    names = set(str(row["actors"]).split(";")) - {""}
    aliases = [alias for alias, actor in vocab.actors.items() if actor.name in names]
    for alias in sorted(aliases, key=len, reverse=True):
        mark(alias, "actor")
    # keep the first of overlapping marks
    marks.sort(key=lambda m: (m[0], -(m[1] - m[0])))
    kept, end = [], -1
    for s, e, kind in marks:
        if s >= end:
            kept.append((s, e, kind))
            end = e
    return kept


def highlighted_sentence(row) -> str:
    """The sentence as safe HTML with <mark class="time|actor|weapon"> around what was found."""
    sentence = str(row["sentence"])
    out, pos = [], 0
    for s, e, kind in _spans(sentence, row):
        out.append(html.escape(sentence[pos:s]))
        out.append(f'<mark class="{kind}">{html.escape(sentence[s:e])}</mark>')
        pos = e
    out.append(html.escape(sentence[pos:]))
    return "".join(out)


def esc(v) -> str:
    """A cell as HTML text: missing values empty."""
    return html.escape("" if v is None or v != v else str(v))


def esc_list(v) -> str:
    """A ;-joined cell as HTML text, its values comma-separated: split before escaping, since an escaped
    apostrophe (&#x27;) ends in a semicolon ("Workers' Party of Korea" stays whole)."""
    return ", ".join(esc(part) for part in ("" if v is None or v != v else str(v)).split(";") if part)


def day_text(value, missing: str = "unknown") -> str:
    """A day as YYYY-MM-DD for any year 1-9999 (strftime's %Y drops the zeros of years before 1000)."""
    return f"{value.year:04d}-{value.month:02d}-{value.day:02d}" if value is not None and value == value else missing


def month_span_text(first, last) -> str:
    """The months a span covers, as the page's "Date span" shows them: 2016-01 – 2017-12, or one month."""
    if first is None or first != first:
        return "-"
    start, end = f"{first.year:04d}-{first.month:02d}", f"{last.year:04d}-{last.month:02d}"
    return start if start == end else f"{start} – {end}"


def detail_html(row) -> str:
    """The detail panel: sentence, type, date with its basis, actors, weapon, place, and the article."""
    when = f"{day_text(row['date_start'])} .. {day_text(row['date_end'])}" if row["date_start"] == row["date_start"] and row["date_start"] is not None else "undated"
    link = f'<a href="{esc(row["url"])}" target="_blank" rel="noopener noreferrer">{esc(row["url"])}</a>' if row["url"] and str(row["url"]).startswith(("http://", "https://")) else esc(row["url"])
    published = day_text(row["published"])
    return (
        f'<div class="event-detail">'
        f'<p class="sentence">{highlighted_sentence(row)}</p>'
        f"<p><b>{esc(row['event_type']).replace('_', ' ')}</b> · {esc(when)} ({esc(row['date_precision'])}, {esc(row['date_basis'])}) · status {esc(row['status'])}</p>"
        f"<p>actors: {esc_list(row['actors']) or '-'} · weapon: {esc(row['weapon']) or '-'} ({esc(row['weapon_class']) or '-'}) · place: {esc(row['location']) or '-'}</p>"
        f"<p>article: <i>{esc(row['title'])}</i> · {esc(row['source'])} · published {published} (date from {esc(row['published_from'])})<br>{link}</p>"
        f"</div>"
    )


def story_html(story, reports) -> str:
    """A story's detail: its best date (with every reading when they conflict), actors, weapon and place,
    how many reports and sources, then each report (``reports``: newest first) as an event's detail with
    why it joined the story."""
    when = (day_text(story["date_start"]) + ("" if story["date_end"] == story["date_start"] else f" .. {day_text(story['date_end'])}")) if story["date_start"] == story["date_start"] and story["date_start"] is not None else "undated"
    conflict = f'<p class="conflict"><b>date conflict</b>: the reports read {esc(story["date_readings"])}</p>' if story["date_conflict"] else ""
    n, m = int(story["n_reports"]), int(story["n_sources"])
    items = "".join(
        f'<li>{detail_html(row)}<p class="reason">joined: {esc(row["reason"])}</p></li>' for _, row in reports.iterrows()
    )
    return (
        f'<div class="story-detail">'
        f"<p><b>{esc(story['event_type']).replace('_', ' ')}</b> · {esc(when)} ({esc(story['date_precision'])}) · status {esc(story['status'])}</p>"
        f"{conflict}"
        f"<p>actors: {esc_list(story['actors']) or '-'} · weapon: {esc(story['weapon']) or '-'} ({esc(story['weapon_class']) or '-'}) · place: {esc(story['location']) or '-'}</p>"
        f"<p>{n} report{'s' if n != 1 else ''} from {m} source{'s' if m != 1 else ''} ({esc_list(story['sources']) or '-'}), "
        f"first {day_text(story['first_reported'])}, latest {day_text(story['last_reported'])}</p>"
        f'<h4>Reports, newest first</h4><ol class="reports">{items}</ol>'
        f"</div>"
    )
