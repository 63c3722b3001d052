"""The reminder form: when, and the next step; dismisses with a `Reminder`, `CLEAR` or None.

Two one-line fields (fits 80×24): "When" takes any WHEN of `board.dates` (friday, +3d,
2026-12-01) and "Next step" the words. `ctrl+d` clears the contact's reminder.
"""

from __future__ import annotations

from datetime import date
from typing import ClassVar, Final, Literal

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from board.dates import DAY_EXAMPLES
from board.errors import UserError
from board.model import Reminder
from board.reminders import describe, reminder_for
from board.text import clean, safe_line
from widgets.keys import bindings

CLEAR: Final = "clear"  # what the form answers for "remove the reminder"


class RemindForm(ModalScreen[Reminder | Literal["clear"] | None]):
    """Set (or replace, or clear) a contact's one dated next step."""

    BINDINGS: ClassVar[list[BindingType]] = bindings("remind")

    def __init__(self, who: str, today: date, current: Reminder | None = None) -> None:
        super().__init__()
        self.who = safe_line(who)
        self.today = today
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="form remind-form"):
            yield Static(f"Remind me about {self.who}", classes="dialog-title", markup=False)
            if self.current is not None:
                yield Static(
                    f"Now: {safe_line(describe(self.current, self.today))} (a new one replaces it)",
                    id="remind-now", markup=False,
                )
            with Horizontal(classes="field"):
                yield Label("When", classes="field-label")
                yield Input(
                    self.current.date.isoformat() if self.current else "",
                    placeholder=DAY_EXAMPLES, id="remind-date", compact=True,
                )
            with Horizontal(classes="field"):
                yield Label("Next step", classes="field-label")
                yield Input(
                    safe_line(self.current.text) if self.current else "",
                    placeholder="send him the launch checklist", id="remind-text", compact=True,
                )
            yield Static("", id="form-error", classes="form-error", markup=False)
            clear = " · ctrl+d clears it" if self.current is not None else ""
            yield Static(f"tab next · enter save{clear} · esc cancel", classes="dialog-help")

    def on_mount(self) -> None:
        self.query_one("#remind-date", Input).focus()

    @on(Input.Submitted)
    def _save(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == "remind-date" and not self.query_one("#remind-text", Input).value.strip():
            self.query_one("#remind-text", Input).focus()  # enter on When goes on to the step
            return
        when = clean(self.query_one("#remind-date", Input).value)
        text = clean(self.query_one("#remind-text", Input).value)
        try:
            reminder = reminder_for(when, text, self.today)
        except UserError as problem:
            self.query_one("#form-error", Static).update(f"⚠ {safe_line(problem)}")
            self.query_one("#remind-text" if problem.field == "text" else "#remind-date", Input).focus()
            return
        self.dismiss(reminder)

    def action_clear(self) -> None:
        if self.current is None:
            self.query_one("#form-error", Static).update("⚠ there is no reminder to clear")
            return
        self.dismiss(CLEAR)

    def action_cancel(self) -> None:
        self.dismiss(None)
