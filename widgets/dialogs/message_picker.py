"""The message picker: preview every suggested message, cycle, edit, and pick one to copy.

A typed modal: it dismisses with a `PickedMessage` (the final text and the template's
name) or None on `esc`. The caller copies the text and offers to mark it as sent; the
ranking and the wording live in `board.outreach`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.reactive import reactive
from textual.screen import ModalScreen
from textual.widgets import Static, TextArea

from board.text import clean, safe, safe_line
from widgets.chrome import KeyFooter
from widgets.keys import bindings

if TYPE_CHECKING:  # the outreach engine loads when a message is first asked for
    from board.outreach import Suggestion


@dataclass(frozen=True, slots=True)
class PickedMessage:
    """The message the user chose: its template's name, the final text, whether edited."""

    name: str
    text: str
    edited: bool = False


class MessagePicker(ModalScreen[PickedMessage | None]):
    """Preview the suggestions for one contact; `enter` picks the one shown."""

    DEFAULT_CSS = """
    MessagePicker {
        align: center middle;
    }
    MessagePicker > #picker {
        width: 90%;
        max-width: 96;
        height: auto;
        max-height: 90%;
        border: thick $primary 80%;
        background: $surface;
        padding: 0 1;
    }
    MessagePicker #picker-title {
        text-style: bold;
    }
    MessagePicker #picker-heading {
        color: $text-muted;
        margin-bottom: 1;
    }
    MessagePicker #picker-text {
        height: auto;
        max-height: 20;
        min-height: 5;
    }
    MessagePicker #picker-text.editing {
        border: tall $accent;
    }
    MessagePicker #picker-hint {
        color: $text-muted;
        margin-top: 1;
    }
    """

    BINDINGS = bindings("message_picker")

    editing: reactive[bool] = reactive(False)

    def __init__(self, suggestions: Sequence[Suggestion], contact_name: str = "") -> None:
        super().__init__()
        # Shown and copied cleaned: names in the text may come from an imported file.
        self.suggestions = [
            replace(s, title=safe_line(s.title), text=safe(s.text), why=safe_line(s.why))
            for s in suggestions
        ]
        self.contact_name = contact_name
        self.index = 0
        # The text of each suggestion as the user left it, so cycling keeps edits.
        self.texts = [s.text for s in self.suggestions]

    def compose(self) -> ComposeResult:
        title = f"Message for {safe_line(self.contact_name)}" if self.contact_name else "Suggested messages"
        with Vertical(id="picker"):
            yield Static(title, id="picker-title", markup=False)
            yield Static("", id="picker-heading", markup=False)
            yield TextArea(read_only=True, soft_wrap=True, id="picker-text")
            yield Static("", id="picker-hint", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        self._show()
        self.query_one("#picker-text", TextArea).focus()

    @property
    def current(self) -> Suggestion | None:
        return self.suggestions[self.index] if self.suggestions else None

    @property
    def text_area(self) -> TextArea:
        return self.query_one("#picker-text", TextArea)

    def _show(self) -> None:
        """Put the current suggestion (with any edits) in the preview."""
        heading = self.query_one("#picker-heading", Static)
        hint = self.query_one("#picker-hint", Static)
        area = self.text_area
        suggestion = self.current
        if suggestion is None:
            heading.update("No message fits yet: add their needs or where you met.")
            area.load_text("")
            hint.update("esc close")
            return
        edited = " (edited)" if self.texts[self.index] != suggestion.text else ""
        heading.update(
            f"{self.index + 1}/{len(self.suggestions)}  {safe_line(suggestion.name)}{edited}: {suggestion.why}"
        )
        area.load_text(self.texts[self.index])
        area.scroll_home(animate=False)
        self._update_hint()

    def _update_hint(self) -> None:
        hint = self.query_one("#picker-hint", Static)
        if self.editing:
            hint.update("Editing: type your changes, esc when done")
        else:
            hint.update("j/k or tab cycle · e edit · enter copy · esc close")

    def _finish_edit(self) -> None:
        if self.editing and self.suggestions:
            self.texts[self.index] = self.text_area.text
        self.editing = False

    def watch_editing(self, editing: bool) -> None:
        area = self.text_area
        area.read_only = not editing
        area.set_class(editing, "editing")
        self._update_hint()

    def _step(self, delta: int) -> None:
        self._finish_edit()
        if self.suggestions:
            self.index = (self.index + delta) % len(self.suggestions)
        self._show()
        self.text_area.focus()

    def action_next(self) -> None:
        """Show the next suggestion."""
        self._step(1)

    def action_previous(self) -> None:
        """Show the previous suggestion."""
        self._step(-1)

    def action_edit(self) -> None:
        """Let the user change the text of the shown message."""
        if not self.suggestions:
            return
        self.editing = True
        area = self.text_area
        area.focus()
        area.move_cursor(area.document.end)

    def action_back(self) -> None:
        """Leave editing (keeping the changes), or close without picking."""
        if self.editing:
            self._finish_edit()
            self._show()
            return
        self.dismiss(None)

    def action_pick(self) -> None:
        """Close with the shown message, as edited."""
        self._finish_edit()
        suggestion = self.current
        if suggestion is None:
            self.dismiss(None)
            return
        text = clean(self.texts[self.index], multiline=True).strip()
        self.dismiss(PickedMessage(suggestion.name, text, edited=text != suggestion.text))
