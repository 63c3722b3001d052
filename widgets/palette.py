"""The command palette: every action (the app's system commands) and every contact by name.

The actions are `board_commands`, each shown with the key that does it on the screen.

A contact whose name the query starts words of (`owen` → Owen Pierce) ranks above every
command, since jumping to a person is what a name is typed for; other fuzzy matches of
contacts (a company, a typo) rank among the commands.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from typing import Any, Protocol, runtime_checkable

from textual.app import SystemCommand
from textual.binding import Binding, BindingType
from textual.command import Hit, Hits, Provider
from textual.content import Content
from textual.fuzzy import Matcher
from textual.message import Message
from textual.screen import Screen

from board.text import safe_line
from widgets.messages import GoToContact, OpenResources, OpenWhoKnows
from widgets.screens.base import SessionScreen
from widgets.screens.board import BoardScreen
from widgets.screens.contact import ContactScreen
from widgets.session import Session
from widgets.syncing import BoardSync

LIMIT = 20
# Textual's fuzzy scores for commands run to about 10; a match on a name is put above
# them all, other contact matches (a company, a typo) keep rapidfuzz's 0.6–1.
NAME_RANK = 100.0


def highlighted(matcher: Matcher, text: str) -> Content:
    """`text` as plain content (never markup: it holds names), the letters matched styled."""
    content = Content(text)
    _score, offsets = matcher.fuzzy_search.match(matcher.query, text)
    for offset in offsets:
        if not text[offset].isspace():
            content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


@runtime_checkable
class HasSession(Protocol):
    """An app that holds a board session (the palette reads the contacts from it)."""

    session: Session


def name_match(query: str, name: str) -> bool:
    """True when every word of `query` starts a word of `name` (case aside)."""
    words = name.casefold().split()
    wanted = query.casefold().split()
    return bool(wanted) and all(any(w.startswith(q) for w in words) for q in wanted)


class ContactsProvider(Provider):
    """'Go to <name>' for every contact, fuzzy-matched on name and company."""

    async def search(self, query: str) -> Hits:
        app = self.app
        if not isinstance(app, HasSession):
            return
        from rapidfuzz import fuzz, process  # loaded when the palette is first used

        contacts = app.session.store.contacts(archived=None)
        labels = [safe_line(f"{c.name} · {c.company}" if c.company else c.name) for c in contacts]
        matcher = self.matcher(query)
        for label, score, index in process.extract(
            query, labels, scorer=fuzz.WRatio, limit=LIMIT, score_cutoff=60
        ):
            contact = contacts[index]
            on_name = name_match(query, safe_line(contact.name))
            yield Hit(
                NAME_RANK + score / 100 if on_name else score / 100,
                highlighted(matcher, f"Go to {label}"),
                lambda contact_id=contact.id: app.post_message(GoToContact(contact_id)),
                help=f"{contact.stage.label}" + (" · archived" if contact.archived else ""),
            )


class BoardApp(Protocol):
    """What the board's commands call on the app."""

    syncing: BoardSync

    def get_key_display(self, binding: Binding) -> str: ...
    def post_message(self, message: Message) -> bool: ...
    def session_screen(self) -> SessionScreen: ...
    def board_on_top(self) -> BoardScreen: ...
    def action_today(self) -> None: ...
    def action_givers_gain(self) -> None: ...
    def action_help(self) -> None: ...


def board_commands(app: BoardApp, screen: Screen[Any]) -> Iterator[SystemCommand]:
    """Every action, each with the key that does it on `screen` (the user's keymap)."""
    keys: dict[str, str] = {}
    for active in screen.active_bindings.values():
        if active.binding.id and active.binding.id not in keys:
            keys[active.binding.id] = app.get_key_display(active.binding)

    def command(title: str, help: str, callback: Callable[[], object], key: str = "") -> SystemCommand:
        shown = keys.get(key)
        return SystemCommand(title, f"{shown} · {help}" if shown else help, callback)

    on_top = screen if isinstance(screen, SessionScreen) else app.session_screen()
    yield command("Add a contact", "Open the form for a new person", on_top.action_add, "add")
    yield command("Today", "Who is due for a follow-up, most overdue first", app.action_today, "today")
    yield command("Givers' gain", "How your giving is going, in aggregate", app.action_givers_gain, "givers_gain")
    yield command("Who knows…", "Find people whose expertise fits a need", lambda: app.post_message(OpenWhoKnows(None)), "who_knows")
    yield command("Resources…", "Your library of things worth sharing: add, edit, delete", lambda: app.post_message(OpenResources()))
    yield command("Import…", "Import LinkedIn, vCard, CSV or trustboard JSON", on_top.action_import)
    yield command("Export…", "Export everything as JSON, CSV or vCard", on_top.action_export)
    yield command("Sync now", "Sync with your other machines through git", app.syncing.sync_now)
    yield command("Undo", "Undo the last change", on_top.action_undo, "undo")
    yield command("Redo", "Redo what was undone", on_top.action_redo, "redo")
    yield command("Show archived contacts", "Filter the board to archived people (x restores)", lambda: app.board_on_top().show_filter("archived"))
    yield command("Show quiet requests", "Requests you answered that never replied (… on the board)", lambda: app.board_on_top().show_filter("quiet"))
    if isinstance(on_top, ContactScreen):
        yield command("Archive the quiet ones", "Archive every quiet request at once, after asking (x in givers' gain)", on_top.action_archive_quiet)
    yield command("Filter the board…", "Narrow the board as you type (words, tag:, stage:, due)", lambda: app.board_on_top().action_filter(), "filter")
    yield command("Help: keys and the method", "Every key on this screen, and the four stages", app.action_help, "help")
    if isinstance(screen, ContactScreen):
        bindings: list[BindingType] = ContactScreen.BINDINGS
        for binding in bindings:
            assert isinstance(binding, Binding)
            yield command(
                binding.description, binding.tooltip,
                partial(screen.run_action, binding.action), binding.id or "",
            )
