"""Undo and redo of a session's changes: the board's, or one command's.

The store returns the `Change` each operation made; the session records the ones it
wants undoable here, and undoing applies a change's inverse through the store, which
refuses (changing nothing) if another process changed those records since.
"""

from __future__ import annotations

from board.errors import UserError
from board.store import Change, Store


class History:
    """The undo and redo stacks of one session over one store."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.undo_stack: list[Change] = []
        self.redo_stack: list[Change] = []

    def record(self, change: Change | None) -> Change | None:
        """Remember a change to undo (one that changed nothing is not remembered)."""
        if change:
            self.undo_stack.append(change)
            self.redo_stack.clear()
        return change

    @property
    def can_undo(self) -> bool:
        return bool(self.undo_stack)

    @property
    def can_redo(self) -> bool:
        return bool(self.redo_stack)

    def undo(self) -> Change:
        """Revert the last change; refuses if another process changed it since."""
        if not self.undo_stack:
            raise UserError("nothing to undo")
        change = self.undo_stack[-1]
        self.store.apply(change.inverse(f"undid: {change.label}"))
        self.redo_stack.append(self.undo_stack.pop())
        return change

    def redo(self) -> Change:
        """Apply again the last change undone."""
        if not self.redo_stack:
            raise UserError("nothing to redo")
        change = self.redo_stack[-1]
        self.store.apply(Change(f"redid: {change.label}", change.ops))
        self.undo_stack.append(self.redo_stack.pop())
        return change

    def clear(self) -> None:
        self.undo_stack.clear()
        self.redo_stack.clear()
