"""Bounds on the work one input may take: an article whose extraction runs past its time is stopped and
reported, and the run goes on with the next one. Whatever a rule's cost, one record never holds up ten
thousand others."""

from __future__ import annotations

import contextlib
import os
import signal
import threading

# seconds one article's extraction may take; a few milliseconds is the norm, a 20 MB article some seconds
ARTICLE_SECONDS = float(os.environ.get("EVENTLINE_ARTICLE_SECONDS", "60"))


class TooLong(TimeoutError):
    """An input took longer than its bound."""


@contextlib.contextmanager
def time_limit(seconds: float | None = None, what: str = "extraction"):
    """Raise TooLong inside the block once ``seconds`` (default ARTICLE_SECONDS) have passed, a real-time
    timer. Only the main thread of a process can take a signal: elsewhere (a server's worker thread) the
    block runs unbounded."""
    seconds = ARTICLE_SECONDS if seconds is None else seconds
    if seconds <= 0 or threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def expired(signum, frame):
        raise TooLong(f"{what} took over {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
