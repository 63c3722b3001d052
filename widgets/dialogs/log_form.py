"""Log an interaction: a typed modal that dismisses with a `LogEntry` (or None)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from board.dates import check_interaction_time
from board.editing import parse_when
from board.errors import UserError
from board.model import Contact, Kind, Value
from board.text import clean, safe_line


@dataclass
class LogEntry:
    """What the log form produced."""

    kind: Kind
    summary: str
    value: Value | None
    at: datetime | None


KIND_LABELS = {
    Kind.MESSAGE: "message sent or received",
    Kind.CALL: "call",
    Kind.MEETING: "meeting / coffee",
    Kind.GAVE: "gave value",
    Kind.RECEIVED: "received help",
    Kind.NOTE: "note",
    Kind.MET: "met",
}
KIND_ORDER = list(KIND_LABELS)


class LogForm(ModalScreen[LogEntry | None]):
    """Log an interaction: pick a kind (1-7 or arrows), type a summary, enter."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="log.cancel"),
        Binding("ctrl+s", "save", "Save", id="log.save", priority=True),
        *(
            Binding(str(n), f"pick_kind({n - 1})", KIND_ORDER[n - 1].value, show=False, id=f"log.kind{n}")
            for n in range(1, len(KIND_ORDER) + 1)
        ),
    ]

    def __init__(self, contact: Contact, now: datetime) -> None:
        super().__init__()
        self.contact = contact
        self.now = now  # what "more than a day ahead" is measured from

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="form log-form"):
            yield Static(
                f"Log an interaction with {safe_line(self.contact.name)}", classes="dialog-title", markup=False
            )
            yield OptionList(
                *[Option(f"{n}  {KIND_LABELS[k]}", id=k.value) for n, k in enumerate(KIND_ORDER, 1)],
                id="log-kind",
            )
            yield OptionList(
                *[Option(v.value, id=v.value) for v in Value], id="log-value", classes="hidden"
            )
            with Horizontal(classes="field"):
                yield Label("What happened", classes="field-label")
                yield Input(placeholder="coffee at Blue Bottle; talked about…", id="log-summary", compact=True)
            with Horizontal(classes="field"):
                yield Label("When", classes="field-label")
                yield Input(placeholder="now (or 2026-10-01, 2026-10-01T09:30)", id="log-at", compact=True)
            yield Static("", id="form-error", classes="form-error", markup=False)
            yield Static("1-7 kind · tab next · enter save · esc cancel", classes="dialog-help")

    def on_mount(self) -> None:
        self.query_one("#log-kind", OptionList).highlighted = 0
        self.query_one("#log-kind", OptionList).focus()

    @property
    def kind(self) -> Kind:
        index = self.query_one("#log-kind", OptionList).highlighted or 0
        return KIND_ORDER[index]

    def action_pick_kind(self, index: int) -> None:
        self.query_one("#log-kind", OptionList).highlighted = index
        self._kind_chosen()

    @on(OptionList.OptionHighlighted, "#log-kind")
    def _kind_highlighted(self) -> None:
        values = self.query_one("#log-value", OptionList)
        values.set_class(self.kind not in (Kind.GAVE, Kind.RECEIVED), "hidden")
        if values.highlighted is None:
            values.highlighted = 0

    @on(OptionList.OptionSelected, "#log-kind")
    def _kind_chosen(self) -> None:
        self._kind_highlighted()  # show the value list now, not after the message queue
        if self.kind in (Kind.GAVE, Kind.RECEIVED):
            self.query_one("#log-value", OptionList).focus()
        else:
            self.query_one("#log-summary", Input).focus()

    @on(OptionList.OptionSelected, "#log-value")
    def _value_chosen(self) -> None:
        self.query_one("#log-summary", Input).focus()

    @on(Input.Submitted)
    def action_save(self) -> None:
        kind = self.kind
        value = None
        if kind in (Kind.GAVE, Kind.RECEIVED):
            index = self.query_one("#log-value", OptionList).highlighted or 0
            value = list(Value)[index]
        when = clean(self.query_one("#log-at", Input).value).strip()
        try:
            at = check_interaction_time(parse_when(when), self.now) if when else None
        except UserError as exc:
            exc.with_field("at")
            self.query_one("#form-error", Static).update(f"⚠ {safe_line(exc)}")
            for target in self.query(f"#log-{exc.field or 'at'}"):
                target.focus()
            return
        summary = clean(self.query_one("#log-summary", Input).value).strip()
        self.dismiss(LogEntry(kind, summary, value, at))

    def action_cancel(self) -> None:
        self.dismiss(None)
