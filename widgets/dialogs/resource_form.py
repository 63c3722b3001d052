"""Add or edit a resource of the library: a typed modal that dismisses with it (or None).

What is typed is checked as the command line checks it (`board.give.library`): a web
link, a title no other resource has, clean topics. The caller saves it as one undoable
change; the store checks the title again under its lock.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from board.errors import UserError
from board.give.library import check_note, check_title, check_topics, check_url, same_title
from board.model import Resource, new_id
from board.text import clean, fit, safe_line
from widgets.dialogs.prompts import close_or_ask
from widgets.keys import bindings


class ResourceForm(ModalScreen[Resource | None]):
    """Title, URL, topics (comma-separated) and a note. `enter` or `ctrl+s` saves; `esc` cancels
    (after asking, when something was typed), as the contact form does."""

    BINDINGS = bindings("resource_form")

    FIELDS: list[tuple[str, str, str]] = [
        ("title", "Title", "Rent or buy? A calculator for renters"),
        ("url", "URL", "https://…"),
        ("topics", "Topics", "comma-separated: what it is about (first home, renting)"),
        ("note", "Note", "why it is good, who it is for"),
    ]

    def __init__(self, resource: Resource | None = None, library: Sequence[Resource] = ()) -> None:
        super().__init__()
        self.resource = resource
        self.library = list(library)  # to say at once that a title is taken
        self._initial: dict[str, str] = {}  # the fields as the form opened: esc asks if they changed

    def compose(self) -> ComposeResult:
        values = {
            "title": self.resource.title, "url": self.resource.url,
            "topics": ", ".join(self.resource.topics), "note": " ".join(self.resource.note.split()),
        } if self.resource else {}
        with Vertical(id="dialog", classes="form resource-form"):
            title = f"Edit “{safe_line(self.resource.title)}”" if self.resource else "Add a resource to your library"
            yield Static(title, classes="dialog-title", markup=False)
            for key, label, placeholder in self.FIELDS:
                with Horizontal(classes="field"):
                    yield Label(label, classes="field-label")
                    yield Input(safe_line(values.get(key, "")), placeholder=placeholder, id=f"resource-{key}",
                                compact=True)
            yield Static("", id="form-error", classes="form-error", markup=False)
            yield Static("enter or ctrl+s save · tab next field · esc cancel", classes="dialog-help")

    def on_mount(self) -> None:
        self._initial = self._values()
        self.query_one("#resource-title", Input).focus()

    def _values(self) -> dict[str, str]:
        return {key: self._value(key) for key, _, _ in self.FIELDS}

    def _value(self, key: str) -> str:
        return clean(self.query_one(f"#resource-{key}", Input).value)

    @on(Input.Submitted)
    def action_save(self) -> None:
        try:
            title = check_title(self._value("title"))
            url = check_url(self._value("url"))
            topics = check_topics(self._value("topics").split(","))
            note = check_note(self._value("note"))
            if self.resource and note == " ".join(self.resource.note.split()):
                note = self.resource.note  # untouched: keep its lines (the field shows one)
            clash = same_title(self.library, title, besides=self.resource.id if self.resource else "")
            if clash is not None:
                raise UserError(f"“{clash.title}” is already in your library: choose another title", field="title")
        except UserError as exc:
            self.query_one("#form-error", Static).update(f"⚠ {safe_line(exc)}")
            target = {"topics": "topics", "url": "url", "note": "note"}.get(exc.field or "", "title")
            self.query_one(f"#resource-{target}", Input).focus()
            return
        if self.resource is None:
            self.dismiss(Resource(id=new_id(), title=title, url=url, topics=topics, note=note))
        else:
            self.dismiss(self.resource.copy(title=title, url=url, topics=topics, note=note))

    def action_cancel(self) -> None:
        what = f"the changes to “{fit(safe_line(self.resource.title), 30)}”" if self.resource else "this new resource"
        close_or_ask(self, not (self._values() == self._initial), what)
