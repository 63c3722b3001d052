"""The Textual app: opens the board and turns actions into store calls.

Screens say *which* contact; this class says *what happens* — the store call, the
follow-up prompts, the copy, the undo — and then asks every open screen to redraw.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from board.config import Config, save_setting
from board.errors import TrustboardError
from board.history import History
from board.model import Contact, Kind
from board.store import Change, Store
from widgets.contact_screen import ContactScreen
from widgets.forms import Confirm, ContactForm, LogEntry, LogForm, TextPrompt
from widgets.keymap import keymap_problems
from widgets.palette import ContactsProvider

if TYPE_CHECKING:
    from board.outreach import Network, Suggestion, Template
    from widgets.board_screen import BoardScreen

STARTED = time.perf_counter()
POLL_SECONDS = 1.0


class TrustboardApp(App[None]):
    """trustboard's board, Today queue, details and dialogs."""

    CSS_PATH = "trustboard.tcss"
    TITLE = "trustboard"
    COMMANDS = App.COMMANDS | {ContactsProvider}

    BINDINGS = [
        Binding("q", "quit", "Quit", id="quit", tooltip="Quit trustboard"),
        Binding("question_mark", "help", "Keys", id="help", tooltip="Every key on this screen"),
        Binding("a", "add", "Add", id="add", tooltip="Add a contact"),
        Binding("t", "today", "Today", id="today", tooltip="Today: who is due for a follow-up"),
        Binding("g", "givers_gain", "Givers' gain", id="givers_gain", show=False, tooltip="How your giving is going"),
        Binding("u", "undo", "Undo", id="undo", show=False, tooltip="Undo the last change"),
        Binding("ctrl+r", "redo", "Redo", id="redo", show=False, tooltip="Redo what was undone"),
        Binding("y", "mark_sent", "Mark sent", id="mark_sent", tooltip="Log the copied message as sent"),
    ]

    def __init__(self, store: Store, config: Config) -> None:
        super().__init__()
        self.store = store
        self.config = config
        # Undo covers what is done in this board session, nothing from before it opened.
        self.history = History(store)
        self.sent_candidate: tuple[str, str] | None = None  # (contact id, template name)
        self.startup_seconds: float | None = None
        self._templates: list[Template] | None = None
        self._network: Network | None = None  # who knows what: built once per data version

    # -- start-up

    def get_default_screen(self) -> Screen[Any]:
        from widgets.board_screen import BoardScreen

        return BoardScreen()

    def on_mount(self) -> None:
        problems = list(self.config.problems)
        if self.config.theme:
            if self.config.theme in self.available_themes:
                self.theme = self.config.theme
            else:
                problems.append(
                    f"{self.config.path}: theme {self.config.theme!r} is not a theme "
                    f"(try one of: {', '.join(sorted(self.available_themes)[:6])}…)"
                )
        bad_keys = keymap_problems(self.config.keys, self.config.path)
        problems.extend(bad_keys)
        good = {k: v for k, v in self.config.keys.items() if not any(f"keys.{k} " in p for p in bad_keys)}
        if good:
            self.set_keymap(good)
        for problem in problems:
            self.notify(problem, title="Config", severity="warning", timeout=12)
        self.set_interval(POLL_SECONDS, self.poll_store)
        self.call_after_refresh(self._started)

    def _started(self) -> None:
        self.startup_seconds = time.perf_counter() - STARTED
        self.log.info(f"trustboard started in {self.startup_seconds:.3f}s")

    def watch_theme(self, theme: str) -> None:
        if self.is_mounted and theme != self.config.theme and self.config.path is not None:
            try:
                save_setting("theme", theme, self.config.path)
                self.config.theme = theme
            except TrustboardError as exc:
                self.notify(str(exc), severity="warning")

    # -- keeping screens current

    def poll_store(self) -> None:
        """Pick up changes another trustboard made (checked once a second)."""
        try:
            changed = self.store.refresh(blocking=False)
        except TrustboardError as exc:
            self.notify(str(exc), severity="error", timeout=15)
            return
        if changed:
            self.data_changed()

    def data_changed(self, select_id: str | None = None, changed: set[str] | None = None) -> None:
        """Tell every open screen to redraw (only `changed` contacts, when known)."""
        self._network = None
        for screen in self.screen_stack:
            if isinstance(screen, ContactScreen):
                screen.refresh_data(select_id, changed)

    def run_change(self, change: Callable[[], Change], select_id: str | None = None) -> bool:
        """Run one store change; show its error instead of crashing; redraw what it touched."""
        try:
            made = self.history.record(change())
        except TrustboardError as exc:
            self.notify(str(exc), severity="error", timeout=8)
            return False
        # A change that changed nothing is not recorded: then nothing needs redrawing.
        self.data_changed(select_id, made.contact_ids() if made else set())
        return True

    # -- contacts

    def action_add(self) -> None:
        def added(contact: Contact | None) -> None:
            if contact is not None and self.run_change(lambda: self.store.add_contact(contact), contact.id):
                self.notify(f"Added {contact.name} to {contact.stage.label}.")

        self.push_screen(ContactForm(), added)

    def edit_contact(self, contact: Contact) -> None:
        def edited(updated: Contact | None) -> None:
            # base: the contact as the form showed it, so fields another process changed
            # meanwhile (and this form did not touch) are kept, not reverted.
            if updated is not None and self.run_change(
                lambda: self.store.update_contact(updated, base=contact), updated.id
            ):
                self.notify(f"Saved {updated.name}.")

        self.push_screen(ContactForm(contact), edited)

    def archive_contact(self, contact: Contact) -> None:
        if contact.archived:
            if self.run_change(lambda: self.store.archive(contact.id, False), contact.id):
                self.notify(f"Restored {contact.name}.")
            return

        def answered(yes: bool | None) -> None:
            if yes and self.run_change(lambda: self.store.archive(contact.id, True)):
                self.notify(f"Archived {contact.name}. u undoes; filter 'archived' shows archived people.")

        self.push_screen(Confirm(f"Archive {contact.name}?"), answered)

    def snooze_contact(self, contact: Contact) -> None:
        from widgets.snooze import SnoozeModal

        def chosen(until) -> None:  # noqa: ANN001 - date | None
            if until is not None and self.run_change(lambda: self.store.snooze(contact.id, until), contact.id):
                self.notify(f"Snoozed {contact.name} until {until:%a %b %d}.")

        self.push_screen(SnoozeModal(self.store.clock().date(), contact.name), chosen)

    def log_interaction(self, contact: Contact) -> None:
        def logged(entry: LogEntry | None) -> None:
            if entry is None:
                return
            if not self.run_change(
                lambda: self.store.log(contact.id, entry.kind, entry.summary, at=entry.at, value=entry.value),
                contact.id,
            ):
                return
            self.notify(f"Logged {entry.kind.value} with {contact.name}.")
            self._after_log(self.store.get(contact.id), entry.kind)

        self.push_screen(LogForm(contact), logged)

    def _after_log(self, contact: Contact, kind: Kind) -> None:
        """Offer the stage move the method suggests, then (for help received) the thank-you."""
        from board.triage import stage_prompt

        target = stage_prompt(contact, kind)

        def offer_thanks() -> None:
            if kind is Kind.RECEIVED:
                self.push_screen(
                    Confirm(f"Copy a thank-you and “How can I support you?” for {contact.first_name}?"),
                    lambda yes: yes and self.copy_top_message(self.store.get(contact.id)),
                )

        if target is None:
            offer_thanks()
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.run_change(lambda: self.store.move(contact.id, target), contact.id)
                self.notify(f"Moved {contact.name} to {target.label}.")
            offer_thanks()

        self.push_screen(Confirm(f"Move {contact.name} to {target.label}?"), answered)

    # -- messages

    def templates(self) -> list[Template]:
        if self._templates is None:
            from board.outreach import load_templates

            self._templates, problems = load_templates(self.config)
            for problem in problems:
                self.notify(problem, title="Templates", severity="warning", timeout=12)
        return self._templates

    def suggestions(self, contact: Contact) -> list[Suggestion]:
        from board.outreach import Network, suggest_messages

        if self._network is None:  # indexing once makes each later ranking ~10× cheaper
            self._network = Network(self.store.contacts())
        return suggest_messages(
            contact,
            self.store.interactions(contact.id),
            self._network,
            my_name=self.config.my_name,
            templates=self.templates(),
            now=self.store.clock(),
        )

    def copy_top_message(self, contact: Contact) -> None:
        suggestions = self.suggestions(contact)
        if not suggestions:
            self.notify(f"No message fits {contact.name} yet.", severity="warning")
            return
        top = suggestions[0]
        self.copy_message(contact, top.name, top.text)

    def pick_message(self, contact: Contact) -> None:
        from widgets.message_picker import MessagePicker

        suggestions = self.suggestions(contact)
        if not suggestions:
            self.notify(f"No message fits {contact.name} yet.", severity="warning")
            return

        def picked(result) -> None:  # noqa: ANN001 - PickedMessage | None
            if result is not None:
                self.copy_message(contact, result.name, result.text)

        self.push_screen(MessagePicker(suggestions, contact.name), picked)

    def copy_message(self, contact: Contact, name: str, text: str) -> None:
        """Copy through the terminal (OSC 52) now and the system clipboard in a thread.

        The notice says which ways worked once the system clipboard has answered (a
        hung clipboard helper must never freeze the board).
        """
        self.copy_to_clipboard(text)
        self.sent_candidate = (contact.id, name)
        self.refresh_bindings()
        self.run_worker(
            lambda: self._copy_system(contact.name, name, text),
            thread=True, group="clipboard", exit_on_error=False,
        )

    def _copy_system(self, who: str, name: str, text: str) -> None:
        from board.clipboard import copy_system, describe_copy

        system = copy_system(text)
        self.call_from_thread(
            self.notify,
            f"{describe_copy(True, system)}: “{name}” for {who}. "
            "Press y once you have sent it (logs it and resets the follow-up clock).",
            title="Copied",
            timeout=10,
        )

    def action_mark_sent(self) -> None:
        from board.outreach import mark_sent

        if self.sent_candidate is None:
            return
        contact_id, name = self.sent_candidate
        self.sent_candidate = None
        self.refresh_bindings()
        if self.run_change(lambda: mark_sent(self.store, contact_id, name), contact_id):
            self.notify(f"Logged “{name}” as sent.")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "mark_sent":  # hidden until something was copied
            return self.sent_candidate is not None
        if action in ("undo", "redo"):
            return (self.history.can_undo if action == "undo" else self.history.can_redo) or None
        return True

    # -- other views

    def action_today(self) -> None:
        from widgets.today import TodayScreen

        if not isinstance(self.screen, TodayScreen):
            self.push_screen(TodayScreen())

    def action_givers_gain(self) -> None:
        from board.stats import givers_gain_for
        from widgets.givers_gain import GiversGainScreen

        self.push_screen(GiversGainScreen(givers_gain_for(self.store, self.config)))

    def who_knows(self, contact: Contact | None) -> None:
        from widgets.who_knows import WhoKnowsScreen

        self.push_screen(WhoKnowsScreen(contact))

    def action_help(self) -> None:
        from widgets.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    # -- undo / redo

    def action_undo(self) -> None:
        self._history(self.history.undo, "Undid")

    def action_redo(self) -> None:
        self._history(self.history.redo, "Redid")

    def _history(self, step: Callable[[], Change], verb: str) -> None:
        try:
            change = step()
        except TrustboardError as exc:
            self.notify(str(exc), severity="warning")
            return
        self.notify(f"{verb}: {change.label}.")
        touched = {op.contact_id for op in change.ops}
        self.data_changed(change.ops[0].contact_id if change.ops else None, touched)
        self.refresh_bindings()

    # -- import / export

    def action_import(self) -> None:
        def chosen(path: str | None) -> None:
            if path:
                self._import(Path(path).expanduser())

        self.push_screen(TextPrompt("Import a file (LinkedIn CSV, invitations, vCard, CSV or trustboard JSON)", "~/Downloads/Connections.csv"), chosen)

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
        self.run_worker(lambda: self._import_in_thread(kind, path), thread=True, group="import", exit_on_error=False)

    def _import_in_thread(self, kind: str, path: Path) -> None:
        from board.importers import import_file

        # A store of its own: the board's store and caches belong to the UI thread; the
        # two still exclude each other through the data directory's lock.
        store = Store(self.store.root, clock=self.store.clock)
        try:
            summary = import_file(store, kind, path, my_name=self.config.my_name)
        except TrustboardError as exc:
            self.call_from_thread(
                self.notify, str(exc), title="Import refused", severity="error", timeout=15
            )
            return
        self.call_from_thread(self._imported, path, summary.describe(), summary.change)

    def _imported(self, path: Path, lines: list[str], change: Change | None) -> None:
        self.history.record(change)  # the import is undoable from the board like any change
        self.store.refresh()
        self.data_changed()
        self.refresh_bindings()
        self.notify("\n".join(lines), title=f"Imported {path.name}", timeout=15)

    def action_export(self) -> None:
        def chosen(path: str | None) -> None:
            if not path:
                return
            from board.exporters import export_file, format_for

            target = Path(path).expanduser()
            fmt = format_for(target) or "json"
            try:
                count = export_file(self.store, fmt, target)
            except TrustboardError as exc:
                self.notify(str(exc), title="Export failed", severity="error", timeout=15)
                return
            self.notify(f"Exported {count} contacts as {fmt} to {target}.", title="Exported")

        self.push_screen(
            TextPrompt("Export to a file (.json, .csv or .vcf)", "~/trustboard-export.json"), chosen
        )

    # -- command palette

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand("Add a contact", "Open the form for a new person", self.action_add)
        yield SystemCommand("Today", "Who is due for a follow-up, most overdue first", self.action_today)
        yield SystemCommand("Givers' gain", "How your giving is going, in aggregate", self.action_givers_gain)
        yield SystemCommand("Who knows…", "Find people whose expertise fits a need", lambda: self.who_knows(None))
        yield SystemCommand("Import…", "Import LinkedIn, vCard, CSV or trustboard JSON", self.action_import)
        yield SystemCommand("Export…", "Export everything as JSON, CSV or vCard", self.action_export)
        yield SystemCommand("Undo", "Undo the last change", self.action_undo)
        yield SystemCommand("Redo", "Redo what was undone", self.action_redo)
        yield SystemCommand("Show archived contacts", "Filter the board to archived people (x restores)", self._show_archived)
        yield SystemCommand("Filter the board…", "Narrow the board as you type (words, tag:, stage:, due)", lambda: self._board().action_filter())
        yield SystemCommand("Help: keys and the method", "Every key on this screen, and the four stages", self.action_help)
        if isinstance(screen, ContactScreen):
            for binding in ContactScreen.BINDINGS:
                assert isinstance(binding, Binding)
                yield SystemCommand(
                    binding.description, binding.tooltip, lambda b=binding: screen.run_action(b.action)
                )

    def _board(self) -> BoardScreen:
        from widgets.board_screen import BoardScreen

        while not isinstance(self.screen, BoardScreen) and len(self.screen_stack) > 1:
            self.pop_screen()
        return cast("BoardScreen", self.screen_stack[0])

    def _show_archived(self) -> None:
        self._board().show_filter("archived")

    def go_to_contact(self, contact_id: str) -> None:
        """Jump to a contact on the board (clearing a filter that hides them)."""
        board = self._board()
        board.show_filter("archived" if self.store.get(contact_id).archived else "")
        board.refresh_data(contact_id)


def run_board(store: Store, config: Config) -> None:
    """Open the board full-screen (the CLI's only door to Textual)."""
    TrustboardApp(store, config).run()
