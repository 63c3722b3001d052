"""The snooze form: 1 day, 1 week, 1 month or a typed date; dismisses with the date.

`0` wakes a snoozed contact now: the form then dismisses with `WAKE`.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Final, Literal

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from board.errors import UserError
from board.text import safe_line
from board.triage import SNOOZE_PRESETS, snooze_until
from widgets.keys import bindings

WAKE: Final = "wake"  # what the form answers for "wake now"


class SnoozeModal(ModalScreen[date | Literal["wake"] | None]):
    """Ask until when to snooze someone; dismisses with that date, `WAKE`, or None on `esc`."""

    DEFAULT_CSS = """
    SnoozeModal {
        align: center middle;
    }
    SnoozeModal > #snooze-form {
        width: 56;
        max-width: 100%;
        height: auto;
        padding: 0 2;
        border: thick $accent;
        background: $surface;
    }
    SnoozeModal #snooze-title {
        text-style: bold;
        margin: 1 0;
    }
    SnoozeModal OptionList {
        height: auto;
        margin-bottom: 1;
    }
    SnoozeModal #snooze-error {
        color: $error;
        height: auto;
    }
    SnoozeModal #snooze-error.-empty {
        display: none;
    }
    SnoozeModal #snooze-hint {
        color: $text-muted;
        margin: 1 0;
    }
    """

    BINDINGS = bindings("snooze")

    def __init__(self, today: date, who: str = "", snoozed_until: date | None = None) -> None:
        super().__init__()
        self.today = today
        self.who = safe_line(who)
        self.snoozed_until = snoozed_until

    def compose(self) -> ComposeResult:
        with Vertical(id="snooze-form"):
            title = f"Snooze {self.who} until…" if self.who else "Snooze until…"
            yield Static(title, id="snooze-title", markup=False)
            choices = [
                Option(f"{key}  {choice:<8} {_day(snooze_until(choice, self.today))}", id=choice)
                for key, choice in zip("123", SNOOZE_PRESETS, strict=True)
            ]
            if self.snoozed_until is not None:
                choices.append(
                    Option(f"0  wake now (snoozed until {_day(self.snoozed_until)})", id=WAKE)
                )
            yield OptionList(*choices, id="snooze-choices")
            example = (self.today + timedelta(days=10)).isoformat()
            yield Input(placeholder=f"or a date: {example}, +3d, +2w", id="snooze-date")
            yield Static("", id="snooze-error", classes="-empty", markup=False)
            wake = " · 0 wake now" if self.snoozed_until is not None else ""
            yield Static(f"1/d 2/w 3/m pick{wake} · tab: type a date · esc cancel", id="snooze-hint")

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def action_choose(self, choice: str) -> None:
        self.dismiss(WAKE if choice == WAKE else snooze_until(choice, self.today))

    def action_wake(self) -> None:
        self.dismiss(WAKE)

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(OptionList.OptionSelected, "#snooze-choices")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.action_choose(event.option.id)

    @on(Input.Submitted, "#snooze-date")
    def _typed(self, event: Input.Submitted) -> None:
        event.stop()
        try:
            until = snooze_until(event.value, self.today)
        except UserError as problem:
            self._show_error(str(problem))
            return
        self.dismiss(until)

    @on(Input.Changed, "#snooze-date")
    def _editing(self) -> None:
        self._show_error("")  # a stale error next to new text would mislead

    def _show_error(self, message: str) -> None:
        error = self.query_one("#snooze-error", Static)
        message = safe_line(message)
        error.update(message[:1].upper() + message[1:] + ("." if message else ""))
        error.set_class(not message, "-empty")
        self.query_one(Input).set_class(bool(message), "-invalid")


def _day(day: date) -> str:
    return f"{day:%a} {day.day} {day:%b}"
