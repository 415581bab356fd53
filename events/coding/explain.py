"""``events explain FILE``: sentence by sentence, what the extractor found and why (a story of the store:
events.store.story_explanation)."""

from __future__ import annotations

from events.base.sentences import split
from events.coding.extraction import extract, find_actors, find_places, find_triggers, find_weapons
from events.coding.vocab import vocabulary
from events.reading.articles import Article
from events.timex.times import find_times


BASES = {
    "text": "stated in the text",
    "publication": "counted from the publication date {}",
    "previous": "counted from the time told before it, {}",
    "narrative": "in the story's own time, {}",
}


def _counted_from(m) -> str:
    """Which reference the value was counted from (TimeMention.basis), in words."""
    if m.basis is None:
        return "no reference (a duration or a set)" if m.type in ("DURATION", "SET") else "no reference"
    return BASES.get(m.basis, m.basis).format(m.basis_value or "")


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
            mod = f"; mod {m.mod}" if m.mod else ""
            lines.append(f"    time     {m.text!r} -> {m.value} {m.range_start or ''}..{m.range_end or ''} ({m.precision}; rule {m.rule}; tense {m.tense or '-'}{mod}; {_counted_from(m)})")
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
