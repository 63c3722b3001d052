"""Work the board does in a thread once it has painted: reading who is owed thanks or
quiet on a large board, Today's next steps.

A daemon thread, not a Textual worker: quitting never waits for it. Its result reaches
`done` on the UI thread (None if the work failed, which is said in a notice, never a
traceback in the terminal).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from textual.app import App

Work = Callable[[], Any]
Done = Callable[[Any], None]


class Background:
    """Runs work in threads for `app`; work asked for before the first paint waits for it."""

    def __init__(self, app: App[Any]) -> None:
        self.app = app
        self.painted = False
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

    def _run(self, work: Work, done: Done) -> None:
        try:
            result = work()
        except Exception as exc:  # reported on the board, never a traceback in the terminal
            self._deliver(self._failed, str(exc), done)
            return
        self._deliver(done, result)

    def _deliver(self, callback: Callable[..., Any], *args: Any) -> None:
        try:
            self.app.call_from_thread(callback, *args)
        except RuntimeError:  # the board has closed meanwhile
            pass

    def _failed(self, problem: str, done: Done) -> None:
        done(None)
        self.app.notify(problem, severity="error", timeout=15)
