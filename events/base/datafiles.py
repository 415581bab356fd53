"""The data files each stage keeps beside it (``<stage>/data/*.yaml``, ``*.csv``): read, checked for their
basic shape, and word lists turned into regex alternations. Each stage validates its own entries."""

from __future__ import annotations

import copy
import csv
import io
import re
from functools import cache
from importlib import resources

import yaml


class LexiconError(ValueError):
    """A vocabulary data file is malformed."""


# libyaml's loader where PyYAML was built with it: the same values, a tenth of the time (the data files are
# read at every start of the CLI and the dashboard)
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(text: str):
    return yaml.load(text, Loader=SAFE_LOADER)


def read_data(package: str, name: str) -> dict:
    """The YAML data file ``name`` kept in the ``data`` folder of the stage ``package`` (a mapping): a copy of
    its own for each caller, the file read and parsed once per process (a stage's helpers each read the one
    cue file they share, event_cues.yaml twenty times in a run: 30 ms of a cold one-article run)."""
    return copy.deepcopy(_parsed(package, name))


@cache
def _parsed(package: str, name: str) -> dict:
    return parse_data(name, resources.files(package).joinpath("data", name).read_text(encoding="utf-8"))


def parse_data(name: str, text: str) -> dict:
    """The mapping a data file's ``text`` holds, refused (``LexiconError``, naming the file and the entry)
    where a list holds no word: YAML reads an unquoted on, off, yes or no as a boolean, and a word list
    then held "True" where it meant "on" ("on May" was no month cue, "off Japan's coast" no place for
    years before this check)."""
    data = load_yaml(text)
    if not isinstance(data, dict):
        raise LexiconError(f"{name}: expected a mapping at the top level")
    for where, value in _list_entries(data, ""):
        if isinstance(value, bool) or value is None:
            raise LexiconError(f"{name}: {where}: {value!r} in a list, not a word (YAML reads an unquoted on, off, yes, no or an empty entry so): quote it")
    return data


def _list_entries(node, where: str):
    """(path, value) of every entry of every list in ``node``, however deep."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _list_entries(value, f"{where}/{key}" if where else str(key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield f"{where}[{i}]", value
            yield from _list_entries(value, f"{where}[{i}]")


def read_csv(package: str, name: str) -> list[dict]:
    """The rows of the CSV data file ``name`` in the ``data`` folder of the stage ``package``."""
    text = resources.files(package).joinpath("data", name).read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    if not rows:
        raise LexiconError(f"{name}: no rows")
    return rows


def alternation(words) -> str:
    """A regex matching any of ``words`` (a space matches any run of white space), built as a character
    trie: the engine then follows one branch per character instead of trying every word in turn, and a
    longer word is preferred to its prefix, so the longest form wins."""
    trie: dict = {}
    for word in set(words):
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}
    return _trie_pattern(trie)


def _trie_pattern(node: dict) -> str:
    branches = [(r"\s+" if ch == " " else re.escape(ch)) + _trie_pattern(child) for ch, child in sorted(node.items()) if ch]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if "" in node else body
