"""A piece of the store's writing in one DuckDB transaction, or in the caller's where it holds one."""

from __future__ import annotations

import contextlib


@contextlib.contextmanager
def transaction(con, own: bool = True):
    """Run the block in a transaction of its own (``own``): committed at its end, rolled back if the block
    or the commit raises. With ``own`` False the caller's transaction holds the block (its writes are
    committed or rolled back with the caller's)."""
    if not own:
        yield
        return
    con.execute("BEGIN TRANSACTION")
    try:
        yield
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
