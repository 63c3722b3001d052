"""Small questions: yes/no (`Confirm`) and one line of text (`TextPrompt`)."""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from board.text import clean, safe_line
from widgets.keys import bindings


class Confirm(ModalScreen[bool]):
    """A yes/no question: `y` (or enter) accepts, any other key declines."""

    def __init__(self, question: str, accept: str = "y") -> None:
        super().__init__()
        self.question = safe_line(question)
        self.accept = accept

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="confirm"):
            yield Static(self.question, classes="dialog-title", markup=False)
            yield Static(f"[b]{self.accept}[/b] yes · any other key: no", classes="dialog-help")

    def on_key(self, event) -> None:  # noqa: ANN001 - textual.events.Key
        event.stop()
        event.prevent_default()
        self.dismiss(event.key in (self.accept, "enter"))


def close_or_ask(form: ModalScreen[Any], changed: bool, what: str) -> None:
    """Close `form` with nothing (esc): at once when nothing was typed, else after asking
    "Discard WHAT?"; on no, the focus goes back where it was."""
    if not changed:
        form.dismiss(None)
        return
    focused = form.focused

    def answered(discard: bool | None) -> None:
        if discard:
            form.dismiss(None)
        elif focused is not None:
            focused.focus()

    form.app.push_screen(Confirm(f"Discard {what}?"), answered)


class TextPrompt(ModalScreen[str | None]):
    """Ask for one line of text (a path, a topic); enter answers, esc cancels."""

    BINDINGS = bindings("prompt")

    def __init__(self, title: str, placeholder: str = "", value: str = "") -> None:
        super().__init__()
        self.prompt_title = title
        self.placeholder = placeholder
        self.value = value

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="prompt"):
            yield Static(self.prompt_title, classes="dialog-title", markup=False)
            yield Input(self.value, placeholder=self.placeholder, id="prompt-input")
            yield Static("", id="form-error", classes="form-error", markup=False)

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        value = clean(event.value).strip()
        if value:
            self.dismiss(value)
        else:
            self.query_one("#form-error", Static).update("⚠ type something, or esc to cancel")

    def action_cancel(self) -> None:
        self.dismiss(None)
