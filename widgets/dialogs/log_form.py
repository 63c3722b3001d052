"""Log (or correct) an interaction: a typed modal that dismisses with a `LogEntry` (or None).

Every field is one line, so the form fits 80×24 whole: the kinds as one row (`1`–`7`
pick one and go on to the summary), the values as one row (arrows, also from the
summary), the summary, and when.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from board.dates import MOMENT_EXAMPLES, parse_moment
from board.errors import UserError
from board.model import Contact, Interaction, Kind, Value
from board.text import clean, safe, safe_line
from widgets.choices import ChoiceRow


@dataclass
class LogEntry:
    """What the log form produced."""

    kind: Kind
    summary: str
    value: Value | None
    at: datetime | None


KIND_LABELS = {
    Kind.MESSAGE: "message",
    Kind.CALL: "call",
    Kind.MEETING: "meeting",
    Kind.GAVE: "gave",
    Kind.RECEIVED: "received",
    Kind.NOTE: "note",
    Kind.MET: "met",
}
KIND_ORDER = list(KIND_LABELS)
VALUES = list(Value)
VALUED = (Kind.GAVE, Kind.RECEIVED)  # the kinds that carry a value
WHEN_FORMAT = "%Y-%m-%d %H:%M"


class LogForm(ModalScreen[LogEntry | None]):
    """Log an interaction: a kind (1-7), a value for gave/received (↑↓), a summary, enter."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="log.cancel"),
        Binding("ctrl+s", "save", "Save", id="log.save", priority=True),
        Binding("up", "value(-1)", "Value", show=False, id="log.value_up"),
        Binding("down", "value(1)", "Value", show=False, id="log.value_down"),
        *(
            Binding(str(n), f"pick_kind({n - 1})", KIND_ORDER[n - 1].value, show=False, id=f"log.kind{n}")
            for n in range(1, len(KIND_ORDER) + 1)
        ),
    ]

    def __init__(self, contact: Contact, now: datetime, entry: Interaction | None = None) -> None:
        super().__init__()
        self.contact = contact
        self.now = now  # what "more than a day ahead" is measured from
        self.entry = entry  # the interaction being corrected, if any

    def compose(self) -> ComposeResult:
        entry = self.entry
        who = safe_line(self.contact.name)
        title = f"Correct the {entry.kind.value} with {who}" if entry else f"Log an interaction with {who}"
        kind = KIND_ORDER.index(entry.kind) if entry else 0
        value = VALUES.index(entry.value) if entry and entry.value else 0
        with Vertical(id="dialog", classes="form log-form"):
            yield Static(title, classes="dialog-title", markup=False)
            with Horizontal(classes="field"):
                yield Label("Kind", classes="field-label")
                yield ChoiceRow(
                    list(KIND_LABELS.values()), [str(n) for n in range(1, 8)], index=kind, id="log-kind"
                )
            with Horizontal(classes="field"):
                yield Label("Value", classes="field-label")
                yield ChoiceRow([v.value for v in VALUES], index=value, id="log-value")
            with Horizontal(classes="field"):
                yield Label("Summary", classes="field-label")
                yield Input(
                    safe(entry.summary).replace("\n", " ") if entry else "",
                    placeholder="coffee at Blue Bottle; talked about…", id="log-summary", compact=True,
                )
            with Horizontal(classes="field"):
                yield Label("When", classes="field-label")
                yield Input(
                    f"{entry.at.astimezone():{WHEN_FORMAT}}" if entry else "",
                    placeholder=f"now, or {MOMENT_EXAMPLES}", id="log-at", compact=True,
                )
            yield Static("", id="form-error", classes="form-error", markup=False)
            yield Static(
                "1-7 kind · ↑↓ value · tab next · enter save · esc cancel", classes="dialog-help"
            )

    def on_mount(self) -> None:
        self._show_value()
        self.query_one("#log-kind", ChoiceRow).focus()

    @property
    def kind(self) -> Kind:
        return KIND_ORDER[self.query_one("#log-kind", ChoiceRow).index]

    @property
    def value(self) -> Value | None:
        if self.kind not in VALUED:
            return None
        return VALUES[self.query_one("#log-value", ChoiceRow).index]

    def _show_value(self) -> None:
        self.query_one("#log-value", ChoiceRow).disabled = self.kind not in VALUED

    def action_pick_kind(self, index: int) -> None:
        self.query_one("#log-kind", ChoiceRow).index = index
        self._kind_chosen()

    def action_value(self, step: int) -> None:
        """↑/↓ outside the rows: the value of a gave/received, without leaving the summary."""
        if self.kind in VALUED:
            self.query_one("#log-value", ChoiceRow).index += step

    @on(ChoiceRow.Changed, "#log-kind")
    def _kind_changed(self) -> None:
        self._show_value()

    @on(ChoiceRow.Chosen, "#log-kind")
    def _kind_chosen(self) -> None:
        self._show_value()  # now, not after the message queue
        self.query_one("#log-summary", Input).focus()

    @on(ChoiceRow.Chosen, "#log-value")
    def _value_chosen(self) -> None:
        self.query_one("#log-summary", Input).focus()

    @on(Input.Submitted)
    def action_save(self) -> None:
        try:
            at = self._when()
        except UserError as exc:
            self.query_one("#form-error", Static).update(f"⚠ {safe_line(exc)}")
            for target in self.query(f"#log-{exc.field or 'at'}"):
                target.focus()
            return
        summary = clean(self.query_one("#log-summary", Input).value).strip()
        self.dismiss(LogEntry(self.kind, summary, self.value, at))

    def _when(self) -> datetime | None:
        """The time typed, checked (None: now); a correction left as it was keeps its time."""
        when = clean(self.query_one("#log-at", Input).value).strip()
        if self.entry is not None and when == f"{self.entry.at.astimezone():{WHEN_FORMAT}}":
            return self.entry.at
        if not when:
            return None
        return parse_moment(when, self.now, field="at")  # refuses before 1900 or a day ahead

    def action_cancel(self) -> None:
        self.dismiss(None)
