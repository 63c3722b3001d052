"""Work the board does in a thread once it has painted: reading who is owed thanks or
quiet on a large board, Today's next steps.

A daemon thread, not a Textual worker: quitting never waits for it. Its result reaches
`done` on the UI thread (None if the work failed, which is said in a notice, never a
traceback in the terminal).

Long work calls `give_way()` between its steps: while the user is pressing keys (one came
less than `QUIET_SECONDS` ago) it waits. Python runs one thread at a time; a thread
reading files for seconds would otherwise take the interpreter from the UI thread every
few milliseconds during every key (at 100,000 contacts the standings are ten seconds of
work: the keys of those seconds took about twice as long), and the garbage collections
its reading sets off would land on the keys too.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual.app import App

if TYPE_CHECKING:
    from widgets.collector import Collector

Work = Callable[[], Any]
Done = Callable[[Any], None]
# Since the last key or mouse event: the board is done with it by then (its slowest answer,
# a filter typed on a large board, waits 0.12 s for the typing to pause, then takes about
# as long again), and the user is reading what it shows.
QUIET_SECONDS = 0.5
_running = threading.local()  # the `Background` whose work this thread runs


def give_way() -> None:
    """Called by work between its steps: wait while the user is pressing keys. (Anywhere
    but in a `Background` thread, it returns at once.)"""
    background = getattr(_running, "background", None)
    if background is not None:
        background.wait_for_quiet()


def stopping() -> bool:
    """In a `Background` thread: the board is closing (its work's result goes nowhere)."""
    background = getattr(_running, "background", None)
    return background is not None and background.stopped


class Background:
    """Runs work in threads for `app`; work asked for before the first paint waits for it.
    `collector` says when the last key came (work gives way to keys); None: never waits."""

    def __init__(self, app: App[Any], collector: Collector | None = None) -> None:
        self.app = app
        self.collector = collector
        self.painted = False
        self.stopped = False  # the board is closing: work still running delivers nothing
        self._waiting: list[tuple[Work, Done]] = []

    def run(self, work: Work, done: Done) -> None:
        if not self.painted:  # it would only slow the paint
            self._waiting.append((work, done))
            return
        threading.Thread(target=self._run, args=(work, done), daemon=True, name="trustboard-background").start()

    def start(self) -> None:
        """The board has painted: run what waited for it."""
        self.painted = True
        waiting, self._waiting = self._waiting, []
        for work, done in waiting:
            self.run(work, done)

    def stop(self) -> None:
        """The board is closing (called on the UI thread before its loop ends)."""
        self.stopped = True

    def wait_for_quiet(self) -> None:
        """Until no key or mouse event came for `QUIET_SECONDS` (in a work's thread)."""
        if self.collector is None:
            return
        while not self.stopped and (left := QUIET_SECONDS - (time.monotonic() - self.collector.last_input)) > 0:
            time.sleep(min(left, 0.05))  # (a closing board does not wait out a whole quiet)

    def _run(self, work: Work, done: Done) -> None:
        _running.background = self
        try:
            result = work()
        except Exception as exc:  # reported on the board, never a traceback in the terminal
            self._deliver(self._failed, str(exc), done)
            return
        self._deliver(done, result)

    def _deliver(self, callback: Callable[..., Any], *args: Any) -> None:
        if self.stopped:  # (`call_from_thread` on a loop that is ending leaves its coroutine
            return        # unawaited: a RuntimeWarning in the terminal after quitting)
        try:
            self.app.call_from_thread(callback, *args)
        except RuntimeError:  # the board has closed meanwhile
            pass

    def _failed(self, problem: str, done: Done) -> None:
        done(None)
        self.app.notify(problem, severity="error", timeout=15)
