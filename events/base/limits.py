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
    block runs unbounded. For one input; a run of many takes InputBounds (its handler installed once)."""
    with InputBounds(seconds, what) as bound, bound:
        yield


class InputBounds:
    """``time_limit`` for a run of many inputs: the alarm's handler installed once for the run, and each
    input's bound only setting and clearing the timer (installing and restoring a handler per input cost
    about a hundredth of a short article's extraction). Inside ``with InputBounds() as bound:``, each input
    is ``with bound:``; an alarm that comes from elsewhere between inputs goes to the handler of before."""

    def __init__(self, seconds: float | None = None, what: str = "extraction"):
        self.seconds = ARTICLE_SECONDS if seconds is None else seconds
        self.what = what
        self.armed = False
        self.previous = None
        self.active = self.seconds > 0 and threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer")

    def _expired(self, signum, frame):
        if self.armed:
            raise TooLong(f"{self.what} took over {self.seconds:g} s")
        if callable(self.previous):
            self.previous(signum, frame)

    def __enter__(self) -> "_Bound":
        if self.active:
            self.previous = signal.signal(signal.SIGALRM, self._expired)
        return _Bound(self)

    def __exit__(self, *exc) -> None:
        if self.active:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, self.previous)


class _Bound:
    """The context of one input of an InputBounds run: its timer runs while inside."""

    __slots__ = ("run",)

    def __init__(self, run: InputBounds):
        self.run = run

    def __enter__(self) -> None:
        if self.run.active:
            self.run.armed = True
            signal.setitimer(signal.ITIMER_REAL, self.run.seconds)

    def __exit__(self, *exc) -> None:
        if self.run.active:
            signal.setitimer(signal.ITIMER_REAL, 0)
            self.run.armed = False
