"""Eventline: news articles in, a timeline of dated events out.

The pipeline, one subpackage per stage (docs/architecture.md):

    reading  ->  coding  ->  store  ->  app
       \\          |
        `------ timex        (every stage reads text through base)

The public names below are imported on first use: `events serve` and the dashboard need none of them, and
the time engine they stand on takes a fifth of a second to load."""

from __future__ import annotations

import importlib

__version__ = "0.1.0"
# public name -> the module it comes from
_EXPORTS = {
    "Article": "events.reading.articles", "Problem": "events.reading.articles", "read_paths": "events.reading.articles",
    "Event": "events.coding.extraction", "extract": "events.coding.extraction", "extract_frame": "events.coding.extraction",
    "TimeMention": "events.timex.times", "find_times": "events.timex.times",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name not in _EXPORTS:
        raise AttributeError(f"module 'events' has no attribute {name!r}")
    value = getattr(importlib.import_module(_EXPORTS[name]), name)
    globals()[name] = value
    return value
