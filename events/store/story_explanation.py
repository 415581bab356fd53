"""``events explain --story ID``: how a story of the store was put together, report by report."""

from __future__ import annotations

from events.store.database import StoreError, read_stories, read_story_reports


def explain_story(db, story_id: str) -> str:
    """``events explain --story ID``: the story's canonical event, then each report in the order it was
    merged, with why it joined."""
    stories = read_stories(db, f"story_id = '{story_id.replace(chr(39), '')}'")
    if not len(stories):
        raise StoreError(f"{db}: no story {story_id!r} (ids are in the story_id column: `events export --stories`)")
    s = stories.iloc[0]
    when = f"{s.date_start:%Y-%m-%d}..{s.date_end:%Y-%m-%d}" if s.date_start == s.date_start else f"undated (first reported {s.date_end:%Y-%m-%d})"
    lines = [
        f"story {s.story_id}: {s.event_type} {when} [{s.date_precision}]" + ("  DATE CONFLICT" if s.date_conflict else ""),
        f"  weapon {s.weapon or '-'} ({s.weapon_class or '-'}), actors {s.actors.replace(';', ', ') or '-'}, place {s.location or '-'}",
        f"  {s.n_reports} reports from {s.n_sources} source(s), first {s.first_reported:%Y-%m-%d}, latest {s.last_reported:%Y-%m-%d}",
        f"  date readings: {s.date_readings}",
        f"  best dated by [{s.article_id}] {s.sentence}",
        "",
        "reports, in the order merged:",
    ]
    reports = read_story_reports(db, [story_id]).sort_values("seq")
    for r in reports.itertuples():
        date = f"{r.date_start:%Y-%m-%d}..{r.date_end:%Y-%m-%d} [{r.date_precision}]" if r.date_start == r.date_start else "undated"
        lines.append(f"{r.seq:>6}  {r.published:%Y-%m-%d} [{r.article_id}] {date} {r.weapon or '-'}: {r.reason}")
        lines.append(f"        {r.sentence[:200]}")
    return "\n".join(lines)
