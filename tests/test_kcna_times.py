"""The engine over real KCNA articles (../shared): no exception, spans inside the text, datelines read."""

import json
from datetime import date

from events import find_times


def test_kcna_sample(shared):
    path = shared / "corpora" / "kcna-2016-2017.jsonl"
    datelines = checked = 0
    with open(path, encoding="utf-8") as f:
        for i, line in enumerate(f):
            if i % 20:
                continue  # every 20th article: ~790 of them
            article = json.loads(line)
            text, published = article["text"], date.fromisoformat(article["published"])
            mentions = find_times(text, published)
            for m in mentions:
                assert text[m.start : m.end] == m.text
            first = [m for m in mentions if m.rule == "dateline"]
            if first:
                datelines += 1
                # KCNA dates its dateline with the day of publication, at most a day or two off
                assert abs((first[0].range_start - published).days) <= 3, (article["id"], first[0])
            checked += 1
    assert checked > 700
    assert datelines / checked > 0.9
