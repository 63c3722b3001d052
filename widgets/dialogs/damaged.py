"""A data file cannot be read: say which, and offer the way back (a backup, or quitting).

The board never repairs anything on its own: `r` restores the offered backup (the data
as it is now is kept as a backup first, so the restore itself can be undone), `q` quits
with nothing changed, and the command line then says what to run.
"""

from __future__ import annotations

from typing import Literal

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from board.errors import DataError, TrustboardError
from board.store import Store
from board.store.backup_names import BackupInfo
from board.text import safe_line

RESTORE: Literal["restore"] = "restore"
QUIT: Literal["quit"] = "quit"
Answer = Literal["restore", "quit"]


def good_backup(store: Store, error: DataError) -> BackupInfo | None:
    """The newest backup that verifies and holds a good copy of the damaged file."""
    try:
        verified = [b for b in store.backups() if not b.problems]
        if error.path is None:
            return verified[0] if verified else None
        try:
            rel = error.path.relative_to(store.root).as_posix()
        except ValueError:
            return verified[0] if verified else None
        folder = store.newest_good_backup(rel)
    except (TrustboardError, OSError):
        return None
    return next((b for b in verified if b.path == folder), None)


def _count(n: int | None, one: str, many: str) -> str:
    if n is None:
        return f"? {many}"
    return f"{n:,} {one if n == 1 else many}"


class DamagedDialog(ModalScreen[Answer]):
    """What cannot be read, and the two ways on: restore `backup` (if any) or quit."""

    def __init__(self, problem: str, backup: BackupInfo | None) -> None:
        super().__init__()
        # The store's sentence goes on to say what to do by hand; the choices below say it here.
        self.problem = safe_line(problem).split(". It was left untouched")[0].rstrip(".") + "."
        self.backup = backup

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="damaged"):
            yield Static("A data file is damaged: the board cannot open", classes="dialog-title")
            yield Static(Content(self.problem), id="damaged-problem")
            yield Static("Nothing has been changed.", id="damaged-safe")
            yield Static(self._choices(), classes="dialog-help", id="damaged-choices")

    def _choices(self) -> Content:
        quit_line = Content.assemble(
            ("q", "bold"), " quit; then `trustboard check` lists every problem and "
            "`trustboard restore latest` brings the latest backup back",
        )
        if self.backup is None:
            return Content.assemble("There is no good backup to restore.\n", quit_line)
        when = self.backup.at.astimezone().strftime("%a %b %d %H:%M") if self.backup.at else "?"
        what = (
            f"{_count(self.backup.contacts, 'contact', 'contacts')}, "
            f"{_count(self.backup.interactions, 'interaction', 'interactions')}"
        )
        return Content.assemble(
            ("r", "bold"), f" restore the backup of {when} ({what}; {self.backup.name}); ",
            "your data as it is now is kept as a backup first\n",
            quit_line,
        )

    def on_key(self, event) -> None:  # noqa: ANN001 - textual.events.Key
        event.stop()
        event.prevent_default()
        if event.key == "r" and self.backup is not None:
            self.dismiss(RESTORE)
        elif event.key in ("q", "escape", "ctrl+c"):
            self.dismiss(QUIT)
