"""``events explain``: sentence by sentence, what the extractor found and why."""

from __future__ import annotations

from .articles import Article
from .extract import extract, find_actors, find_places, find_triggers, find_weapons
from .sentences import split
from .times import find_times
from .vocab import vocabulary


def explain_article(article: Article) -> str:
    vocab = vocabulary()
    text = article.text
    lines = [
        f"article {article.id}: {article.title!r}",
        f"published {article.published or 'unknown'} (from {article.published_from}), source {article.source or '-'}",
        "",
    ]
    times = find_times(text, article.published)
    actors, weapons, places = find_actors(text, vocab), find_weapons(text, vocab), find_places(text, vocab)
    events = extract(article)
    def inside(items, s):
        return [f for f in items if s.start <= f.start < s.end]

    for s in split(text):
        lines.append(f"[{s.index + 1}] {s.text}")
        for m in (m for m in times if s.start <= m.start < s.end):
            lines.append(f"    time     {m.text!r} -> {m.value} {m.range_start or ''}..{m.range_end or ''} ({m.precision}; rule {m.rule}; tense {m.tense or '-'})")
        for f in inside(actors, s):
            lines.append(f"    actor    {f.text!r} -> {f.what.name} ({f.what.code}, {f.what.kind}; actors.csv)")
        for f in inside(weapons, s):
            lines.append(f"    weapon   {f.text!r} -> {f.what[0]} ({f.what[1] or 'unknown'}; weapons.yaml)")
        for f in inside(places, s):
            lines.append(f"    place    {f.text!r} -> {f.what.name} ({f.what.latitude}, {f.what.longitude}; places.csv)")
        for name, hits in find_triggers(text, s, vocab).items():
            lines.append(f"    trigger  {', '.join(repr(h.text) for h in hits)} -> {name} (event_types.yaml)")
        for e in (e for e in events if e.sentence_index == s.index):
            when = f"{e.date_start}..{e.date_end}" if e.date_start else f"undated (to {e.date_end})"
            lines.append(f"    EVENT    {e.event_type} {when} [{e.date_precision}, {e.date_basis}] status={e.status} actors={';'.join(e.actors) or '-'} weapon={e.weapon or '-'} ({e.weapon_class or '-'}) place={e.location or '-'}")
            lines.append(f"             because {e.rule}")
    lines.append("")
    lines.append(f"{len(events)} events")
    return "\n".join(lines)


def explain_story(db, story_id: str) -> str:
    """``events explain --story ID``: the story's canonical event, then each report in the order it was
    merged, with why it joined."""
    from .store import StoreError, read_stories, read_story_reports

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
