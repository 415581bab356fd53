"""Tables derived from a stage's data files by slow work (compiling patterns, thousands of partial matches),
kept in a file beside the data under the hash of everything they derive from, so that the next process reads
them instead of deriving them again (most of a cold start). A file written for other inputs, unreadable or
damaged is ignored and the table derived again; one that cannot be written is simply not kept: the file only
spares work, every answer is the same without it."""

from __future__ import annotations

import atexit
import hashlib
import itertools
import json
import os
import re
import sys
import tempfile
from pathlib import Path


# What a run learnt and keeps for the next (a table's or patterns' write), done as the program ends: at the
# interpreter's exit, or earlier by ``write_pending`` where a program ends with os._exit, which skips the
# interpreter's exit functions (events/cli.py main after an ingest)
_PENDING: list[tuple] = []


def at_exit(write, *args) -> None:
    """``write(*args)`` as the program ends (once): by ``write_pending``, or at the interpreter's exit."""
    if not _PENDING:
        atexit.register(write_pending)
    _PENDING.append((write, args))


def write_pending() -> None:
    """Do now, in the order given, the writes ``at_exit`` was given and has not done."""
    while _PENDING:
        write, args = _PENDING.pop(0)
        write(*args)


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
    key = _pattern_key(pattern, flags)
    if key is None:  # another interpreter's engine: compiled as always
        return re.compile(pattern, flags)
    kept = _from_program(pattern, read_table(path, key))
    if kept is not None:
        return kept
    compiled, program = _compiled(pattern, flags)
    if program is not None:
        write_table(path, key, program)
    return compiled


class KeptPatterns:
    """kept_pattern for the many patterns of one stage (the time rules: 50 compiled by a run, 1-7 ms each), kept in
    one file read once, written at the end of a run that compiled one it did not hold (``write``). The file holds
    the programs this run used, and those it held before up to ``most`` in all."""

    def __init__(self, path: Path, most: int = 500):
        self.path, self.most = path, most
        self._held: dict | None = None  # what the file holds, read at the first compile
        self._used: dict = {}  # the programs this run compiled or read
        self._new = False

    def compile(self, pattern: str, flags: int = 0) -> re.Pattern:
        flags = int(flags)
        key = _pattern_key(pattern, flags)
        if key is None:
            return re.compile(pattern, flags)
        if self._held is None:
            self._held = read_table(self.path, _pattern_key("", 0)) or {}
        program = self._held.get(key)
        kept = _from_program(pattern, program)
        if kept is not None:
            self._used[key] = program
            return kept
        compiled, program = _compiled(pattern, flags)  # a pattern the engine refuses raises here, as re.compile would
        if program is not None:
            self._used[key], self._new = program, True
        return compiled

    def write(self) -> None:
        if self._new:
            held = {k: v for k, v in (self._held or {}).items() if k not in self._used}
            kept = dict(itertools.islice(held.items(), max(0, self.most - len(self._used))))
            write_table(self.path, _pattern_key("", 0), {**self._used, **kept})


def _pattern_key(pattern: str, flags: int) -> str | None:
    """The hash of a pattern, its flags and the engine that compiles it; None where the engine is not the one
    whose programs can be kept (CPython's _sre)."""
    try:
        import _sre
        from re import _compiler, _parser  # noqa: F401 - the compiler whose programs are kept
    except ImportError:
        return None
    return key_of(sys.version, str(getattr(_sre, "MAGIC", "")), str(flags), pattern)


def _from_program(pattern: str, program) -> re.Pattern | None:
    """The pattern made from a kept program; None if there is none, or the engine refuses it."""
    if not isinstance(program, dict):
        return None
    try:
        import _sre

        return _sre.compile(pattern, program["flags"], program["code"], program["groups"], program["groupindex"], tuple(program["indexgroup"]))
    except (ImportError, KeyError, TypeError, ValueError, RuntimeError, OverflowError, AttributeError):
        return None


def _compiled(pattern: str, flags: int) -> tuple[re.Pattern, dict | None]:
    """``re.compile(pattern, flags)`` done as re/_compiler.py compile does it, with the program it hands the engine
    (None where that cannot be had: the pattern then compiled as always)."""
    try:
        import _sre
        from re import _compiler, _parser

        parsed = _parser.parse(pattern, flags)
        code = _compiler._code(parsed, flags)
        groupindex = dict(parsed.state.groupdict)
        indexgroup = [None] * parsed.state.groups
        for name, i in groupindex.items():
            indexgroup[i] = name
        program = {"flags": flags | parsed.state.flags, "code": list(code), "groups": parsed.state.groups - 1, "groupindex": groupindex, "indexgroup": indexgroup}
        return _sre.compile(pattern, program["flags"], code, program["groups"], groupindex, tuple(indexgroup)), program
    except (ImportError, AttributeError, TypeError):
        return re.compile(pattern, flags), None
