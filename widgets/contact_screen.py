"""The keys that act on "the selected contact", shared by the board, details and Today.

Each screen says which contact is selected; the actions here turn keys into store
calls through the app, and the app tells every open screen to redraw.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.binding import Binding
from textual.screen import Screen

from board.model import Contact

if TYPE_CHECKING:
    from widgets.app import TrustboardApp


class ContactScreen(Screen[None]):
    """A screen with a selected contact and every key that acts on it."""

    BINDINGS = [
        Binding("enter", "details", "Details", id="details", show=False, tooltip="Open the contact's details and timeline"),
        Binding("i", "log", "Log", id="log", tooltip="Log an interaction with the selected contact"),
        Binding("c", "copy", "Copy msg", id="copy", tooltip="Copy the best suggested message"),
        Binding("m", "messages", "Messages", id="messages", show=False, tooltip="Choose among all suggested messages"),
        Binding("e", "edit", "Edit", id="edit", show=False, tooltip="Edit the selected contact"),
        Binding("s", "snooze", "Snooze", id="snooze", show=False, tooltip="Snooze: 1 day, 1 week, 1 month or a date"),
        Binding("L,shift+right", "move(1)", "Stage ▶", id="move_forward", show=False, tooltip="Move to the next stage"),
        Binding("H,shift+left", "move(-1)", "◀ Stage", id="move_back", show=False, tooltip="Move to the previous stage"),
        Binding("w", "who_knows", "Who knows", id="who_knows", show=False, tooltip="Find people whose expertise fits a need"),
        Binding("x", "archive", "Archive", id="archive", show=False, tooltip="Archive (or restore) the selected contact"),
    ]

    @property
    def tb(self) -> TrustboardApp:
        return cast("TrustboardApp", self.app)

    def selected_contact(self) -> Contact | None:
        """The contact the keys act on (None when nothing is selected)."""
        raise NotImplementedError

    def refresh_data(self, select_id: str | None = None, changed: set[str] | None = None) -> None:
        """Redraw from the store; keep or move the selection to `select_id`.

        `changed` names the only contacts that changed (None: anything may have).
        """

    def _selected(self) -> Contact | None:
        contact = self.selected_contact()
        if contact is None:
            self.notify("Select a contact first.", severity="warning")
        return contact

    # -- actions

    def action_details(self) -> None:
        if contact := self._selected():
            from widgets.detail import DetailScreen

            self.app.push_screen(DetailScreen(contact.id))

    def action_log(self) -> None:
        if contact := self._selected():
            self.tb.log_interaction(contact)

    def action_copy(self) -> None:
        if contact := self._selected():
            self.tb.copy_top_message(contact)

    def action_messages(self) -> None:
        if contact := self._selected():
            self.tb.pick_message(contact)

    def action_edit(self) -> None:
        if contact := self._selected():
            self.tb.edit_contact(contact)

    def action_snooze(self) -> None:
        if contact := self._selected():
            self.tb.snooze_contact(contact)

    def action_move(self, step: int) -> None:
        contact = self._selected()
        if contact is None:
            return
        target = contact.stage.next if step > 0 else contact.stage.previous
        if target is None:
            where = "last" if step > 0 else "first"
            self.notify(f"{contact.name} is already in the {where} stage.")
            return
        self.tb.run_change(lambda: self.tb.store.move(contact.id, target), contact.id)

    def action_who_knows(self) -> None:
        contact = self.selected_contact()
        self.tb.who_knows(contact)

    def action_archive(self) -> None:
        if contact := self._selected():
            self.tb.archive_contact(contact)
