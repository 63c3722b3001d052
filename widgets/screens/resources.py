"""The library of things worth sharing: list, add, edit and delete, keyboard only.

Each change is one store change through `run_change`, so `u` undoes it like any other.
The checks are `board.give.library`'s (the command line's too).
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from board.give.library import add_resource, edit_resource, remove_resource
from board.model import Resource
from board.text import fit, plural, safe_line
from widgets.dialogs.prompts import Confirm
from widgets.dialogs.resource_form import ResourceForm
from widgets.keys import bindings
from widgets.screens.base import SessionScreen
from widgets.screens.listing import cursor_keys, highlighted, list_screen, move_cursor, row_cells
from widgets.session import Session


class ResourcesScreen(SessionScreen):
    """Your resources by title, with their link and topics."""

    BINDINGS = [*bindings("resources"), *cursor_keys("resources", "resource")]

    def __init__(self, session: Session) -> None:
        super().__init__(session)
        self.library: list[Resource] = []

    def compose(self) -> ComposeResult:
        yield from list_screen("resources", "help")

    def on_mount(self) -> None:
        self.title = "Resources"
        self.refresh_data()
        self.query_one(OptionList).focus()

    @property
    def resource(self) -> Resource | None:
        return highlighted(self.query_one(OptionList), self.library)

    def action_cursor(self, step: int) -> None:
        move_cursor(self.query_one(OptionList), step)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_edit()

    # -- changes

    def action_add(self) -> None:
        self._open_form(None)

    def action_edit(self) -> None:
        current = self.resource
        if current is None:
            self.notify("Nothing to edit: a adds a resource.", severity="warning")
            return
        self._open_form(current)

    def _open_form(self, current: Resource | None) -> None:
        """The form, empty to add a resource or filled with `current` to edit it."""
        save = add_resource if current is None else edit_resource

        def saved(resource: Resource | None) -> None:
            store = self.session.store
            if resource is not None and self.run_change(lambda: save(store, resource)):
                self._select(resource.id)
                self.notify(
                    f"Added “{resource.title}” to your library (u undoes)." if current is None
                    else f"Saved “{resource.title}”."
                )

        self.app.push_screen(ResourceForm(current, self.session.resources()), saved)

    def action_delete(self) -> None:
        current = self.resource
        if current is None:
            return

        def answered(yes: bool | None) -> None:
            store = self.session.store
            if yes and self.run_change(lambda: remove_resource(store, current.id)):
                self.notify(f"Deleted “{current.title}” (u brings it back).")

        self.app.push_screen(Confirm(f"Delete “{current.title}” from your library?"), answered)

    # -- drawing

    def refresh_data(self, select_id: str | None = None, changed: set[str] | None = None) -> None:
        options = self.query_one(OptionList)
        keep = self.resource.id if self.resource else None
        self.library = self.session.resources()
        options.clear_options()
        heading = self.query_one("#resources-heading", Static)
        helper = self.query_one("#resources-help", Static)
        if not self.library:
            heading.update("Your library is empty: things worth sharing — a guide, a checklist, a tool, a talk.")
            helper.update("a adds one · G on a person shows what fits them · esc back")
            return
        count = len(self.library)
        heading.update(f"{plural(count, 'resource')}, by title")
        options.add_options(self._option(r) for r in self.library)
        self._select(keep)
        helper.update("a add · e or enter edit · d delete · u undo · esc back")

    def _select(self, resource_id: str | None) -> None:
        options = self.query_one(OptionList)
        index = next((i for i, r in enumerate(self.library) if r.id == resource_id), None)
        if index is None:
            index = min(options.highlighted or 0, len(self.library) - 1)
        if self.library:
            options.highlighted = index

    def on_resize(self) -> None:
        self.refresh_data()

    def _option(self, resource: Resource) -> Option:
        topics = ", ".join(resource.topics) or "no topics yet: e adds some, so it can fit someone"
        width = row_cells(self.app.size.width)
        lines = [
            fit(safe_line(resource.title), width),
            fit("  " + safe_line(resource.url), width),
            fit("  " + safe_line(topics), width),
        ]
        return Option(Content("\n".join(lines)), id=resource.id)
