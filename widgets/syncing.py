"""The board's sync: `ctrl+p` → Sync now, and with `[sync] auto = true` in the config a
sync when the board starts and one when it quits.

Every sync runs in a worker thread with a store of its own (the board's store and
caches belong to the UI thread; the two still exclude each other through the data
directory's lock), so no keystroke ever waits for the network. What the sync changed
here becomes one step of the session's undo history, and every screen redraws. git
runs with no terminal: a remote that wants a password fails with its message instead
of stopping the board to ask.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual.app import App

from board.errors import TrustboardError
from board.store import Store
from widgets.screens.base import redraw_screens
from widgets.session import Session

if TYPE_CHECKING:  # the sync engine loads with the first sync
    from board.sync.result import SyncResult


class BoardSync:
    """Runs syncs for one board session, one at a time, and reports how they went."""

    def __init__(self, app: App[Any], session: Session) -> None:
        self.app = app
        self.session = session
        self.running = False
        self.problem: str | None = None  # why the sync at quit failed (said after the board is gone)
        self._then: list[Callable[[], None]] = []  # what to do once the running sync ends

    def start(self, *, quiet: bool = False, then: Callable[[], None] | None = None) -> bool:
        """Start a sync (or wait for the running one); False if this store does not sync.

        quiet: report only what matters (something came in, a conflict, an error), as
        the automatic syncs do; `then` runs when the sync is over, however it went.
        """
        if not self.session.syncs():
            return False
        if then is not None:
            self._then.append(then)
        if self.running:
            return True
        self.running = True
        root, clock = self.session.store.root, self.session.store.clock
        self.app.run_worker(lambda: self._work(root, clock, quiet), thread=True, group="sync",
                            exit_on_error=False)
        return True

    def sync_now(self) -> None:
        """The palette's Sync now."""
        if self.running:
            self.app.notify("A sync is already running.", title="Sync")
        elif not self.start():
            self.app.notify("This store does not sync yet: run `trustboard sync init REMOTE` "
                            "in a terminal first (see the README, Several machines).",
                            title="Sync", severity="warning", timeout=12)
        else:
            self.app.notify("Syncing…", title="Sync", timeout=3)

    def _work(self, root: Any, clock: Callable[[], Any], quiet: bool) -> None:
        from board.sync.engine import sync

        try:
            store = Store(root, clock=clock)
            try:
                result = sync(store, interactive=False)
            finally:
                store.close()
        except TrustboardError as exc:
            self.app.call_from_thread(self._over, None, str(exc), quiet)
        except Exception as exc:  # a bug must not leave "a sync is running" forever
            self.app.call_from_thread(
                self._over, None, f"sync hit an internal problem ({type(exc).__name__}: {exc}); "
                "nothing here was changed. Run `trustboard sync` in a terminal for details", quiet)
        else:
            self.app.call_from_thread(self._over, result, None, quiet)

    def _over(self, result: SyncResult | None, problem: str | None, quiet: bool) -> None:
        from board.sync.report import report_lines

        self.running = False
        self.problem = problem if self._then else None
        if result is not None:
            self.session.adopt(result.change)  # one undo step, like any change on the board
            self.session.synced(result.at)
            self.session.store.refresh()
            redraw_screens(self.app, self.session)
            if not quiet or result.change or result.conflicts or result.duplicates:
                self.app.notify("\n".join(report_lines(result)), title="Synced", timeout=10)
        else:
            self.app.notify(problem or "sync failed", title="Sync failed", severity="error", timeout=15)
        self.app.refresh_bindings()
        waiting, self._then = self._then, []
        for then in waiting:
            then()
