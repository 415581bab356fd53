"""Tables derived from a stage's data files by slow work (compiling patterns, thousands of partial matches),
kept in a file beside the data under the hash of everything they derive from, so that the next process reads
them instead of deriving them again (most of a cold start). A file written for other inputs, unreadable or
damaged is ignored and the table derived again; one that cannot be written is simply not kept: the file only
spares work, every answer is the same without it."""

from __future__ import annotations

import hashlib
import json
import os
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
