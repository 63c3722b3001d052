"""The keys that act on "the selected contact", shared by the board, details, Today, who knows.

Each screen says which contact is selected; the actions here open the dialogs, turn the
answers into store calls (`run_change`), and offer what the method suggests next.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar, Literal, TypeVar

from textual.screen import ModalScreen

from board.errors import DataError, TrustboardError
from board.model import Contact, Direction, Kind, Reminder
from board.text import plural
from widgets.dialogs.prompts import Confirm
from widgets.keys import bindings
from widgets.messages import OpenDetails, OpenGifts, OpenWhoKnows
from widgets.screens.base import SessionScreen

if TYPE_CHECKING:  # the forms load when first opened, not before the board paints
    from widgets.dialogs.log_form import LogEntry
    from widgets.dialogs.message_picker import PickedMessage

T = TypeVar("T")


class ContactScreen(SessionScreen):
    """A screen with a selected contact and every key that acts on it."""

    BINDINGS = bindings("contact")

    def selected_contact(self) -> Contact | None:
        """The contact the keys act on (None when nothing is selected)."""
        raise NotImplementedError

    # A screen worked as a queue (Today): coming back from it, the board selects who is due
    # in view. From any other screen the board keeps the person it had selected.
    SETTLES_BOARD: ClassVar[bool] = False

    def selected_id(self) -> str | None:
        contact = self.selected_contact()
        return contact.id if contact else None

    def _selected(self) -> Contact | None:
        contact = self.selected_contact()
        if contact is None:
            self.notify("Select a contact first.", severity="warning")
        return contact

    # -- going elsewhere

    def action_details(self) -> None:
        if contact := self._selected():
            self.post_message(OpenDetails(contact.id))

    def action_who_knows(self) -> None:
        self.post_message(OpenWhoKnows(self.selected_contact()))

    def action_gifts(self) -> None:
        if contact := self._selected():
            self.post_message(OpenGifts(contact.id))

    # -- changing the contact

    def _ask_about(self, form: Callable[[Contact], ModalScreen[Any]], then: Callable[[Contact, T], None],
                   cancelled: Callable[[Contact], None] | None = None) -> None:
        """Open `form` about the selected contact; `then` gets it and the answer, a `T` (a
        form dismisses with None when cancelled: then only `cancelled`, if given, is told).
        The form is typed `Any`: mypy cannot match an answer like `date | Literal["wake"] |
        None` to `T | None`."""
        contact = self._selected()
        if contact is None:
            return

        def answered(answer: T | None) -> None:
            if answer is not None:
                then(contact, answer)
            elif cancelled is not None:
                cancelled(contact)

        self.app.push_screen(form(contact), answered)

    def action_edit(self) -> None:
        # Loaded when first used: the form brings Textual's text area with it.
        from widgets.dialogs.contact_form import contact_form

        self._ask_about(lambda c: contact_form(self.app, c), self._edited)

    def _edited(self, contact: Contact, updated: Contact) -> None:
        # base: the contact as the form showed it, so fields another process changed
        # meanwhile (and this form did not touch) are kept, not reverted.
        if self.run_change(lambda: self.session.store.update_contact(updated, base=contact), updated.id):
            self.notify(f"Saved {updated.name}.")

    def action_move(self, step: int) -> None:
        contact = self._selected()
        if contact is None:
            return
        target = contact.stage.next if step > 0 else contact.stage.previous
        if target is None:
            where = "last" if step > 0 else "first"
            self.notify(f"{contact.name} is already in the {where} stage.")
            return
        self.run_change(lambda: self.session.store.move(contact.id, target), contact.id)

    def action_snooze(self) -> None:
        from widgets.dialogs.snooze import SnoozeModal

        store = self.session.store
        self._ask_about(lambda c: SnoozeModal(store.clock().date(), c.name, c.snoozed_until), self._snoozed)

    def _snoozed(self, contact: Contact, until: date | Literal["wake"]) -> None:
        from widgets.dialogs.snooze import WAKE

        if until == WAKE and contact.snoozed_until is None:
            self.notify(f"{contact.name} is not snoozed.")
            return
        day = until if isinstance(until, date) else None  # None: wake now
        done = (f"Snoozed {contact.name} until {day:%a %b %d}." if day
                else f"Woke {contact.name}: due again on the usual rhythm.")
        store = self.session.store
        if self.run_change(lambda: store.snooze(contact.id, day), contact.id):
            self.notify(done)

    def action_archive(self) -> None:
        contact = self._selected()
        if contact is None:
            return
        store = self.session.store
        if contact.archived:
            if self.run_change(lambda: store.archive(contact.id, False), contact.id):
                self.notify(f"Restored {contact.name}.")
            return

        def answered(yes: bool | None) -> None:
            if yes and self.run_change(lambda: store.archive(contact.id, True)):
                self.notify(f"Archived {contact.name}. u undoes; filter 'archived' shows archived people.")

        self.app.push_screen(Confirm(f"Archive {contact.name}?"), answered)

    def action_remind(self) -> None:
        from widgets.dialogs.remind import RemindForm

        store = self.session.store
        self._ask_about(lambda c: RemindForm(c.name, store.clock().date(), store.get(c.id).reminder), self._reminded)

    def _reminded(self, contact: Contact, answer: Reminder | Literal["clear"]) -> None:
        from board.reminders import set_reminder

        reminder = answer if isinstance(answer, Reminder) else None  # None: CLEAR
        done = (f"Reminder for {contact.name} on {reminder.date:%a %b %d}: {reminder.text}" if reminder
                else f"Cleared the reminder for {contact.name}.")
        store = self.session.store
        if self.run_change(lambda: set_reminder(store, store.get(contact.id), reminder), contact.id):
            self.notify(done)

    def action_archive_quiet(self) -> None:
        """Archive everyone quiet (answered, never replied) after one confirmation: one undo."""
        from board.standing import archive_all

        store = self.session.store
        people = sorted(
            (store.get(cid) for cid, s in self.session.standings(wait=True).items() if s.quiet),
            key=lambda c: c.name.lower(),
        )
        people = [c for c in people if not c.archived]
        if not people:
            self.notify("Nobody is quiet: every request you answered has replied or is still in time.")
            return
        label = f"archived {plural(len(people), 'quiet person', 'quiet people')}"
        names = ", ".join(c.name for c in people[:3]) + (f" and {len(people) - 3} more" if len(people) > 3 else "")

        def answered(yes: bool | None) -> None:
            if yes and self.run_change(lambda: archive_all(store, [c.id for c in people], label)):
                self.notify(f"Archived {names}: they qualified themselves out. u undoes.")

        days = self.session.config.quiet_after_days
        self.app.push_screen(
            Confirm(f"Archive {plural(len(people), 'quiet person', 'quiet people')} ({names})? "
                    f"No reply {days}+ days after you answered."),
            answered,
        )

    # -- logging

    def action_log(self) -> None:
        from widgets.dialogs.log_form import log_form

        self._ask_about(lambda c: log_form(self.app, c, self.session.store.clock()), self._logged,
                        self._log_kept)
        if (contact := self._selected()) is not None:
            self.call_after_refresh(self._read_ahead, contact.id)

    def _read_ahead(self, contact_id: str) -> None:
        """While the log form is open, a thread reads the contact's interactions file, so
        the log finds it parsed when the form closes (a first read of that file is most
        of the store's part of a log: 6 of 12 ms at 100,000 contacts, its file 1 MB)."""
        background, store = self.session.background, self.session.store
        if background is None:
            return

        def read() -> None:
            try:
                store.interactions(contact_id)  # (the store serialises its reads)
            except TrustboardError:  # the log itself meets it, and says so
                pass

        background(read, lambda _: None)

    def _logged(self, contact: Contact, entry: LogEntry) -> None:
        from board.standing import answers_gift

        store = self.session.store
        moment = entry.at or store.clock()
        follow_up = answers_gift(store.interactions(contact.id), entry.kind, entry.direction, moment)
        if not self.run_change(
            lambda: store.log(contact.id, entry.kind, entry.summary, at=entry.at, value=entry.value,
                              direction=entry.direction),
            contact.id,
        ):
            if isinstance(self.failed, DataError):  # (a full disk, say: what was typed is not lost)
                self._ask_again(contact, entry)
            return
        said = "message from" if entry.direction is Direction.IN else f"{entry.kind.value} with"
        self.notify(f"Logged {said} {contact.name}.")
        self._after_log(store.get(contact.id), entry.kind, ask_needs=follow_up)

    def _log_kept(self, contact: Contact) -> None:
        """The log form closed unsaved: if what was typed is kept as a draft, say so."""
        from widgets.dialogs.log_form import drafts

        if contact.id in drafts(self.app):
            self.notify(f"Not logged: your note is kept, and the next log with {contact.name} starts from it.")

    def _ask_again(self, contact: Contact, entry: LogEntry) -> None:
        """The log form again, with the log that could not be saved in it."""
        from widgets.dialogs.log_form import log_form

        def answered(again: LogEntry | None) -> None:
            if again is not None:
                self._logged(contact, again)

        self.app.push_screen(log_form(self.app, contact, self.session.store.clock(), draft=entry), answered)

    def _after_log(self, contact: Contact, kind: Kind, *, ask_needs: bool = False) -> None:
        """Offer the stage move the method suggests, then (for help received) the thank-you,
        or (for the answer to a gift) to note what they need."""
        from board.triage import stage_prompt

        store = self.session.store
        target = stage_prompt(contact, kind)

        def offer_thanks() -> None:
            if ask_needs:
                self.ask_needs(store.get(contact.id))
            if kind is Kind.RECEIVED:

                def answered(yes: bool | None) -> None:
                    if yes:
                        self._copy_top(store.get(contact.id))

                self.app.push_screen(
                    Confirm(f"Copy a thank-you and “How can I support you?” for {contact.first_name}?"),
                    answered,
                )

        if target is None:
            offer_thanks()
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.run_change(lambda: store.move(contact.id, target), contact.id)
                self.notify(f"Moved {contact.name} to {target.label}.")
            offer_thanks()

        self.app.push_screen(Confirm(f"Move {contact.name} to {target.label}?"), answered)

    # -- messages

    def action_copy(self) -> None:
        if contact := self._selected():
            self._copy_top(contact)

    def _copy_top(self, contact: Contact) -> None:
        suggestions = self.session.suggestions(contact)
        if not suggestions:
            self.notify(f"No message fits {contact.name} yet.", severity="warning")
            return
        top = suggestions[0]
        self.copy_message(contact, top.name, top.text)

    def action_messages(self) -> None:
        contact = self._selected()
        if contact is None:
            return
        suggestions = self.session.suggestions(contact)
        if not suggestions:
            self.notify(f"No message fits {contact.name} yet.", severity="warning")
            return

        # Loaded when first used: the picker brings Textual's text area with it.
        from widgets.dialogs.message_picker import MessagePicker

        def picked(result: PickedMessage | None) -> None:
            if result is not None:
                self.copy_message(contact, result.name, result.text)

        self.app.push_screen(MessagePicker(suggestions, contact.name), picked)
