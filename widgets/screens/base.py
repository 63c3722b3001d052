"""The base of every full screen: the session, running a change, and the app-wide keys.

A screen runs a store change through `run_change`, which shows an error instead of
crashing and then asks every open screen to redraw (only the contacts the change
touched, when known). The App binds the app-wide keys (`a`, `u`, `ctrl+r`, `y`) to the
actions here as `screen.…`, so whichever screen is on top does the work.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import App
from textual.binding import Binding, BindingType
from textual.screen import Screen

from board.errors import DataError, TrustboardError
from board.model import Contact
from board.store import Change, Store
from board.text import fit, plural, safe_line
from widgets.dialogs.prompts import Confirm, TextPrompt
from widgets.keys import bindings
from widgets.session import Copied, Session

if TYPE_CHECKING:
    from board.give.gifts import Gift


def redraw_screens(
    app: App[Any],
    session: Session,
    select_id: str | None = None,
    changed: set[str] | None = None,
) -> None:
    """Tell every open screen to redraw (only `changed` contacts, when known)."""
    session.data_changed(changed)
    for screen in app.screen_stack:
        if isinstance(screen, SessionScreen):
            screen.refresh_data(select_id, changed)


class SessionScreen(Screen[None]):
    """A full screen of the board session."""

    BINDINGS: ClassVar[list[BindingType]] = bindings("screen")

    COPY_HINT: ClassVar[str] = "c copies a message, then y logs it as sent"

    def __init__(self, session: Session, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.session = session
        self.copied: Copied | None = None  # what `y` logs: copied on this screen
        self.failed: TrustboardError | None = None  # why the last `run_change` changed nothing

    def selected_id(self) -> str | None:
        """The id of the contact the screen has selected (None: none)."""
        return None

    def selection_changed(self) -> None:
        """Screens call this when their selection moves: `y` no longer applies."""
        if self.copied is not None and self.selected_id() != self.copied.selected_id:
            self.copied = None
            self.refresh_bindings()

    def refresh_data(self, select_id: str | None = None, changed: set[str] | None = None) -> None:
        """Redraw from the store; keep or move the selection to `select_id`.

        `changed` names the only contacts that changed (None: anything may have).
        """

    def standings_changed(self, contact_ids: set[str]) -> None:
        """These people's standings (owed thanks, quiet) are new; their records are not."""
        self.refresh_data(None, contact_ids)

    def run_change(self, change: Callable[[], Change | None], select_id: str | None = None) -> bool:
        """Run one store change; show its error instead of crashing; redraw what it touched."""
        self.failed = None
        try:
            touched = self.session.apply(change)
        except TrustboardError as exc:
            # A file-system failure (a full disk) says so first: the board shows it unchanged.
            title = "Not saved" if isinstance(exc, DataError) else ""
            self.notify(str(exc), title=title, severity="error", timeout=8)
            self.failed = exc
            return False
        # A change that changed nothing touched no one: the screens then redraw no card.
        redraw_screens(self.app, self.session, select_id, touched)
        return True

    def footer_shows(self, binding: Binding) -> bool:
        """`y` is in the footer only while something copied here waits to be logged
        (help lists it always, and pressing it before a copy says what it is for)."""
        return binding.action != "mark_sent" or self.copied is not None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "undo":
            return self.session.history.can_undo or None
        if action == "redo":
            return self.session.history.can_redo or None
        return True

    # -- adding

    def action_add(self) -> None:
        def added(contact: Contact | None) -> None:
            if contact is not None and self.run_change(
                lambda: self.session.store.add_contact(contact), contact.id
            ):
                self.notify(f"Added {contact.name} to {contact.stage.label}.")

        # Loaded when first used: the form brings Textual's text area with it.
        from widgets.dialogs.contact_form import contact_form

        self.app.push_screen(contact_form(self.app), added)

    # -- copying a message, and marking it sent

    def copy_message(self, contact: Contact, name: str, text: str, gift: Gift | None = None) -> None:
        """Copy through the terminal (OSC 52) now; tmux and the system clipboard in a thread.

        The notice says which ways worked once they have answered (a hung clipboard
        helper must never freeze the board). A `gift`'s message is then logged by `y`
        as given rather than as a message sent.
        """
        from board.clipboard import payload  # loaded at the first copy

        text = payload(text)  # what reaches the clipboard: no control characters
        self.app.copy_to_clipboard(text)
        self.copied = Copied(contact.id, contact.name, name, text, self.selected_id(), gift)
        self.refresh_bindings()
        what = f": {fit(safe_line(gift.title), 48)}" if gift else ""
        then = "y logs it as given" if gift else "y when sent"
        self.app.run_worker(
            lambda: self._copy_elsewhere(f"{what} for {contact.name} · {then}", text),
            thread=True, group="clipboard", exit_on_error=False,
        )

    def _copy_elsewhere(self, what: str, text: str) -> None:
        from board.clipboard import copy_elsewhere

        result = copy_elsewhere(text)  # OSC 52 went already; this says whether it counts
        self.app.call_from_thread(self.notify, f"{result.notice}{what}", timeout=10)

    def action_mark_sent(self) -> None:
        from board.model import Direction, Kind
        from board.standing import answers_gift

        copied = self.copied
        if copied is None:
            self.notify(f"Nothing copied here to log yet: {self.COPY_HINT}.")
            return
        self.copied = None
        self.refresh_bindings()
        store = self.session.store
        thanks = copied.gift is None and answers_gift(
            store.interactions(copied.contact_id), Kind.MESSAGE, Direction.OUT, store.clock()
        )
        if self.run_change(lambda: self.session.log_sent(copied), copied.contact_id):
            if copied.gift is not None:
                title = fit(safe_line(copied.gift.title), 48)
                self.notify(f"Logged the {copied.gift.kind.value} given to {copied.contact_name}: {title}.")
                self._offer_gave_value(copied.contact_id)
            else:
                self.notify(f"Logged the message to {copied.contact_name} as sent.")
                if thanks:  # the thank-you went: what they need is what the question was for
                    self.ask_needs(store.get(copied.contact_id))

    def ask_needs(self, contact: Contact) -> None:
        """After answering their gift: what did they say they need? (saved into `needs`)."""
        store = self.session.store

        def answered(needs: str | None) -> None:
            if not needs or needs == contact.needs:
                return
            label = f"noted what {contact.name} needs"
            if self.run_change(
                lambda: store.update_contact(store.get(contact.id).copy(needs=needs), label), contact.id
            ):
                self.notify(f"Noted what {contact.first_name} needs: {needs}")

        self.app.push_screen(
            TextPrompt(
                f"What did {contact.first_name} say they need? (enter saves, esc skips)",
                "a bookkeeper who knows rentals", contact.needs,
            ),
            answered,
        )

    def _offer_gave_value(self, contact_id: str) -> None:
        """Giving to someone in Met or Talked offers Gave value (SPEC §5), as logging does."""
        from board.model import Kind
        from board.triage import stage_prompt

        store = self.session.store
        contact = store.get(contact_id)
        target = stage_prompt(contact, Kind.GAVE)
        if target is None:
            return

        def answered(yes: bool | None) -> None:
            if yes and self.run_change(lambda: store.move(contact_id, target), contact_id):
                self.notify(f"Moved {contact.name} to {target.label}.")

        self.app.push_screen(Confirm(f"Move {contact.name} to {target.label}?"), answered)

    # -- undo / redo

    def action_undo(self) -> None:
        self._history(self.session.undo, "Undid")

    def action_redo(self) -> None:
        self._history(self.session.redo, "Redid")

    def _history(self, step: Callable[[], Change], verb: str) -> None:
        try:
            change = step()
        except TrustboardError as exc:
            self.notify(str(exc), severity="warning")
            return
        self.notify(f"{verb}: {change.label}.")
        touched = {op.contact_id for op in change.ops}
        select = change.ops[0].contact_id if change.ops else None
        redraw_screens(self.app, self.session, select, touched)
        self.refresh_bindings()

    # -- import / export

    def action_import(self) -> None:
        def chosen(path: str | None) -> None:
            if path:
                self._import(Path(path).expanduser())

        self.app.push_screen(
            TextPrompt(
                "Import a file (LinkedIn CSV, invitations, vCard, CSV or trustboard JSON)",
                "~/Downloads/Connections.csv",
            ),
            chosen,
        )

    def _import(self, path: Path) -> None:
        from board.importers import guess_kind

        kind = guess_kind(path)
        if kind is None:
            self.notify(
                f"{path}: cannot tell what kind of file this is (LinkedIn Connections.csv or "
                "Invitations.csv, vCard .vcf, CSV with a header, or trustboard JSON); "
                "use `trustboard import KIND FILE` to say",
                title="Import refused", severity="error", timeout=15,
            )
            return
        self.notify(f"Importing {path.name}…", timeout=3)
        # Thousands of rows take a second or two: keep the board responsive meanwhile.
        self.app.run_worker(
            lambda: self._import_in_thread(kind, path),
            thread=True, group="import", exit_on_error=False,
        )

    def _import_in_thread(self, kind: str, path: Path) -> None:
        from board.importers import import_file

        # A store of its own: the board's store and caches belong to the UI thread; the
        # two still exclude each other through the data directory's lock.
        session = self.session
        store = Store(session.store.root, clock=session.store.clock)
        try:
            summary = import_file(store, kind, path, my_name=session.config.my_name,
                                  reconnect_per_day=session.config.reconnect_per_day)
        except TrustboardError as exc:
            self.app.call_from_thread(
                self.notify, str(exc), title="Import refused", severity="error", timeout=15
            )
            return
        self.app.call_from_thread(self._imported, path, summary.describe(), summary.change)

    def _imported(self, path: Path, lines: list[str], change: Change | None) -> None:
        self.session.adopt(change)  # the import is undoable from the board like any change
        self.session.store.refresh()
        redraw_screens(self.app, self.session)
        self.refresh_bindings()
        self.notify("\n".join(lines), timeout=15)  # its first line says "Imported <file> …"

    def action_export(self) -> None:
        def chosen(path: str | None) -> None:
            if not path:
                return
            from board.exporters import export_file, format_for

            target = Path(path).expanduser()
            fmt = format_for(target) or "json"
            try:
                count = export_file(self.session.store, fmt, target)
            except TrustboardError as exc:
                self.notify(str(exc), title="Export failed", severity="error", timeout=15)
                return
            self.notify(f"Exported {plural(count, 'contact')} as {fmt} to {target}.", title="Exported")

        self.app.push_screen(
            TextPrompt("Export to a file (.json, .csv or .vcf)", "~/trustboard-export.json"), chosen
        )
