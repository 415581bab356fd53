"""An event's detail for the dashboard: its sentence with the time phrase, actors and weapon marked, and
the article it comes from. Article text is escaped first: HTML or script in an article is shown, never run."""

from __future__ import annotations

import html
import re

from .vocab import vocabulary


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


def detail_html(row) -> str:
    """The detail panel: sentence, type, date with its basis, actors, weapon, place, and the article."""
    def esc(v) -> str:
        return html.escape("" if v is None or v != v else str(v))

    when = f"{row['date_start']:%Y-%m-%d} .. {row['date_end']:%Y-%m-%d}" if row["date_start"] == row["date_start"] and row["date_start"] is not None else "undated"
    link = f'<a href="{esc(row["url"])}" target="_blank" rel="noopener noreferrer">{esc(row["url"])}</a>' if row["url"] and str(row["url"]).startswith(("http://", "https://")) else esc(row["url"])
    published = f"{row['published']:%Y-%m-%d}" if row["published"] == row["published"] and row["published"] is not None else "unknown"
    return (
        f'<div class="event-detail">'
        f'<p class="sentence">{highlighted_sentence(row)}</p>'
        f"<p><b>{esc(row['event_type']).replace('_', ' ')}</b> · {esc(when)} ({esc(row['date_precision'])}, {esc(row['date_basis'])}) · status {esc(row['status'])}</p>"
        f"<p>actors: {esc(row['actors']).replace(';', ', ') or '-'} · weapon: {esc(row['weapon']) or '-'} ({esc(row['weapon_class']) or '-'}) · place: {esc(row['location']) or '-'}</p>"
        f"<p>article: <i>{esc(row['title'])}</i> · {esc(row['source'])} · published {published} (date from {esc(row['published_from'])})<br>{link}</p>"
        f"</div>"
    )
