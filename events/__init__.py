"""Eventline: news articles in, a timeline of dated events out.

The names below are imported on first use: `events serve` and the dashboard need none of them, and the
time engine they stand on takes a fifth of a second to load."""

from __future__ import annotations

import importlib
import sys
import types

__version__ = "0.1.0"
# name -> the submodule it comes from
_EXPORTS = {
    "Article": "articles", "Problem": "articles", "read_paths": "articles",
    "Event": "extract", "extract": "extract", "extract_frame": "extract",
    "TimeMention": "times", "find_times": "times",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name not in _EXPORTS:
        raise AttributeError(f"module 'events' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{_EXPORTS[name]}", __name__), name)
    setattr(sys.modules[__name__], name, value)
    return value


class _Package(types.ModuleType):
    def __setattr__(self, name: str, value) -> None:
        # `events.extract` is the function, as it always was: the import system would set the submodule of
        # that name here when it is first imported (the function is then in it, ready)
        if isinstance(value, types.ModuleType) and _EXPORTS.get(name) == name:
            value = getattr(value, name)
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
