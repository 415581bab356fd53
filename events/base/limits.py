"""Bounds on the work one input may take: an article whose extraction runs past its time is stopped and
reported, and the run goes on with the next one. Whatever a rule's cost, one record never holds up ten
thousand others."""

from __future__ import annotations

import contextlib
import os
import signal
import threading
import time

# seconds of its own work (CPU) one article's extraction may take; a few milliseconds is the norm, a 20 MB
# article some seconds
ARTICLE_SECONDS = float(os.environ.get("EVENTLINE_ARTICLE_SECONDS", "60"))


# the shortest a timer set again is set for: a setting under a microsecond is read as none, which stops it
MIN_TIMER_SECONDS = 0.001


class TooLong(TimeoutError):
    """An input took longer than its bound."""


@contextlib.contextmanager
def time_limit(seconds: float | None = None, what: str = "extraction"):
    """Raise TooLong inside the block once it has run ``seconds`` (default ARTICLE_SECONDS) of its own work:
    a real-time timer, set again for the rest when it comes early because the thread was kept waiting (a
    busy machine; an ingest's workers, which yield their cores to the process they feed:
    events/store/database.py ``_yield_cores``), so that how busy the machine is never decides which article is
    stopped. Only the main thread of a process can take a signal: elsewhere (a server's worker thread) the
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
        self.started = 0.0  # the thread's CPU time as the input began
        self.previous = None
        self.active = self.seconds > 0 and threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer")

    def _expired(self, signum, frame):
        if self.armed:
            left = self.seconds - (time.thread_time() - self.started)
            if left > 0:  # kept waiting: its own work is not done with its time
                signal.setitimer(signal.ITIMER_REAL, max(left, MIN_TIMER_SECONDS))
                return
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
            self.run.started = time.thread_time()
            signal.setitimer(signal.ITIMER_REAL, self.run.seconds)

    def __exit__(self, *exc) -> None:
        if self.run.active:
            signal.setitimer(signal.ITIMER_REAL, 0)
            self.run.armed = False
