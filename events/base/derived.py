"""Tables derived from a stage's data files by slow work (compiling patterns, thousands of partial matches),
kept in a file beside the data under the hash of everything they derive from, so that the next process reads
them instead of deriving them again (most of a cold start). A file written for other inputs, unreadable or
damaged is ignored and the table derived again; one that cannot be written is simply not kept: the file only
spares work, every answer is the same without it."""

from __future__ import annotations

import hashlib
import json
import os
import re
import sys
import tempfile
from pathlib import Path


def key_of(*parts: str) -> str:
    """The hash of ``parts`` (every input of a derived table: the patterns, the probes, the engine's version)."""
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode("utf-8", "surrogatepass") + b"\0")
    return h.hexdigest()


def read_table(path: Path, key: str) -> dict | None:
    """The table kept in ``path`` when it was derived from the inputs hashed as ``key``; None otherwise."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("key") != key or not isinstance(data.get("table"), dict):
        return None
    return data["table"]


def write_table(path: Path, key: str, table: dict) -> None:
    """Keep ``table`` (JSON) in ``path`` under ``key``: written whole or not at all (a temporary file renamed
    over the old one), so that processes writing at once leave one complete table."""
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump({"key": key, "table": table}, f, separators=(",", ":"))  # ASCII: a lone surrogate of a text stays writable
        os.chmod(tmp, 0o644)  # readable by every user of the install, as the data beside it
        os.replace(tmp, path)
    except (OSError, ValueError):
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass


def kept_pattern(path: Path, pattern: str, flags: int = 0) -> re.Pattern:
    """``re.compile(pattern, flags)``, its compiled program kept in ``path`` under the hash of the pattern, the
    flags and the engine (the interpreter's version and its _sre's): a vocabulary's scan of 40,000 characters
    takes the standard library 50-70 ms to parse and compile, a twentieth of that to read back, which every
    ``events extract`` paid (0.2 s a run of the KCNA corpus, about 1.5 %). The engine checks a program it is given
    (a damaged one is refused: compiled again); one it cannot be given, or a file that cannot be read or written,
    leaves the plain compile."""
    flags = int(flags)
    try:
        import _sre
        from re import _compiler, _parser

        key = key_of(sys.version, str(_sre.MAGIC), str(int(flags)), pattern)
        kept = read_table(path, key)
        if kept is not None:
            try:
                return _sre.compile(pattern, kept["flags"], kept["code"], kept["groups"], kept["groupindex"], tuple(kept["indexgroup"]))
            except (KeyError, TypeError, ValueError, RuntimeError, OverflowError):
                pass
        # as re.compile does it (re/_compiler.py compile), keeping what it hands the engine
        parsed = _parser.parse(pattern, flags)
        code = _compiler._code(parsed, flags)
        groupindex = dict(parsed.state.groupdict)
        indexgroup = [None] * parsed.state.groups
        for name, i in groupindex.items():
            indexgroup[i] = name
        table = {"flags": flags | parsed.state.flags, "code": list(code), "groups": parsed.state.groups - 1, "groupindex": groupindex, "indexgroup": indexgroup}
        compiled = _sre.compile(pattern, table["flags"], code, table["groups"], groupindex, tuple(indexgroup))
    except (ImportError, AttributeError, TypeError):  # another interpreter's engine: compiled as always
        return re.compile(pattern, flags)
    write_table(path, key, table)
    return compiled
