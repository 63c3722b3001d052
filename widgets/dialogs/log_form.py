"""Log (or correct) an interaction: a typed modal that dismisses with a `LogEntry` (or None).

Every field is one line, so the form fits 80×24 whole: the kinds as one row (`1`–`7`
pick one and go on to the summary), the values as one row (arrows, also from the
summary), the summary, and when.

`log_form(app, …)` gives the app's one form, filled for this contact: made once and
kept (`widgets.kept`), so opening it composes and mounts nothing, and closing it removes
no screen.

`esc` with a summary typed keeps it as a draft (per person, while the board runs): the
next log with that person opens with it, summary focused, and saving it (or an esc with
the summary emptied) lets it go. A stray esc never throws away a note being written.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass
from datetime import datetime
from typing import Any, ClassVar

from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from board.dates import MOMENT_EXAMPLES, parse_moment
from board.errors import UserError
from board.model import Contact, Direction, Interaction, Kind, Value
from board.text import clean, safe, safe_line
from widgets.choices import ChoiceRow
from widgets.kept import close_with, kept_screen
from widgets.keys import bindings


@dataclass
class LogEntry:
    """What the log form produced."""

    kind: Kind
    summary: str
    value: Value | None
    at: datetime | None
    direction: Direction = Direction.OUT  # a message: who wrote it ("from them": in)


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
# For a message the second row says who wrote it: "from them" is a reply (SPEC §7 --in).
DIRECTIONS = [Direction.OUT, Direction.IN]
DIRECTION_LABELS = ["me", "them (a message from them)"]
WHEN_FORMAT = "%Y-%m-%d %H:%M"


# The logs an esc kept, per app and contact id (see the module).
_DRAFTS: weakref.WeakKeyDictionary[App[Any], dict[str, LogEntry]] = weakref.WeakKeyDictionary()


def drafts(app: App[Any]) -> dict[str, LogEntry]:
    """The drafts kept in this app, by contact id."""
    kept = _DRAFTS.get(app)
    if kept is None:
        kept = _DRAFTS[app] = {}
    return kept


def log_form(
    app: App[Any], contact: Contact, now: datetime, entry: Interaction | None = None, draft: LogEntry | None = None
) -> LogForm:
    """The app's log form, filled for `contact` (correcting `entry`, or with `draft`, a log
    that could not be saved, in its fields; else with the draft an esc kept, if any)."""
    if entry is None and draft is None:
        draft = drafts(app).pop(contact.id, None)
    return kept_screen(app, "log-form", LogForm, lambda: LogForm(contact, now, entry, draft),
                       lambda form: form.fill(contact, now, entry, draft))


class LogForm(ModalScreen[LogEntry | None]):
    """Log an interaction: a kind (1-7), a value for gave/received (↑↓), a summary, enter."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *bindings("log_form"),
        *(
            Binding(str(n), f"pick_kind({n - 1})", KIND_ORDER[n - 1].value, show=False, id=f"log.kind{n}")
            for n in range(1, len(KIND_ORDER) + 1)
        ),
    ]

    def __init__(
        self, contact: Contact, now: datetime, entry: Interaction | None = None, draft: LogEntry | None = None
    ) -> None:
        super().__init__()
        self._set_up(contact, now, entry, draft)

    def _set_up(self, contact: Contact, now: datetime, entry: Interaction | None, draft: LogEntry | None) -> None:
        self.contact = contact
        self.now = now  # what "more than a day ahead" is measured from
        self.entry = entry  # the interaction being corrected, if any
        self._filled = filled = entry or draft  # what the fields start with
        self._picked = {  # the second row's choice for each of its uses
            "value": VALUES.index(filled.value) if filled and filled.value else 0,
            "direction": DIRECTIONS.index(filled.direction) if filled else 0,
        }

    def _title(self) -> str:
        who = safe_line(self.contact.name)
        entry = self.entry
        return f"Correct the {entry.kind.value} with {who}" if entry else f"Log an interaction with {who}"

    def _kind_index(self) -> int:
        return KIND_ORDER.index(self._filled.kind) if self._filled else 0

    def _summary(self) -> str:
        return safe(self._filled.summary).replace("\n", " ") if self._filled else ""

    def _at(self) -> str:
        filled = self._filled
        return f"{filled.at.astimezone():{WHEN_FORMAT}}" if filled and filled.at else ""

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="form log-form"):
            yield Static(self._title(), classes="dialog-title", markup=False, id="log-title")
            with Horizontal(classes="field"):
                yield Label("Kind", classes="field-label")
                yield ChoiceRow(
                    list(KIND_LABELS.values()), [str(n) for n in range(1, 8)], index=self._kind_index(),
                    id="log-kind",
                )
            with Horizontal(classes="field"):
                yield Label("Value", classes="field-label", id="log-value-label")
                yield ChoiceRow([v.value for v in VALUES], index=self._picked["value"], id="log-value")
            with Horizontal(classes="field"):
                yield Label("Summary", classes="field-label")
                yield Input(
                    self._summary(), placeholder="coffee at Blue Bottle; talked about…", id="log-summary",
                    compact=True, select_on_focus=False,  # (a draft is gone on, not typed over)
                )
            with Horizontal(classes="field"):
                yield Label("When", classes="field-label")
                yield Input(self._at(), placeholder=f"now, or {MOMENT_EXAMPLES}", id="log-at", compact=True)
            yield Static("", id="form-error", classes="form-error", markup=False)
            yield Static(
                "1-7 kind · ↑↓ value or who wrote · tab next · enter save · esc cancel",
                classes="dialog-help",
            )

    def on_mount(self) -> None:
        self._show_value()
        self._first_field().focus()

    def _first_field(self) -> ChoiceRow | Input:
        """Where typing starts: the kind, or the summary of a log that could not be saved."""
        if self._filled is not None and self.entry is None:
            return self.query_one("#log-summary", Input)
        return self.query_one("#log-kind", ChoiceRow)

    def fill(
        self, contact: Contact, now: datetime, entry: Interaction | None = None, draft: LogEntry | None = None
    ) -> None:
        """Made ready again, for another contact or entry: every field as a new form has it."""
        self._set_up(contact, now, entry, draft)
        self.query_one("#log-title", Static).update(self._title())
        kind = self.query_one("#log-kind", ChoiceRow)
        kind.set_reactive(ChoiceRow.index, self._kind_index())
        kind.refresh()
        self.query_one("#log-value", ChoiceRow).labels = []  # `_show_value` sets the row anew
        for field, text in (("#log-summary", self._summary()), ("#log-at", self._at())):
            box = self.query_one(field, Input)
            with box.prevent(Input.Changed):
                box.value = text
            box.cursor_position = len(text)
        self.query_one("#form-error", Static).update("")
        self._show_value()
        self._first_field().focus()

    @property
    def kind(self) -> Kind:
        return KIND_ORDER[self.query_one("#log-kind", ChoiceRow).index]

    @property
    def value(self) -> Value | None:
        if self.kind not in VALUED:
            return None
        return VALUES[self._picked["value"]]

    @property
    def direction(self) -> Direction:
        return DIRECTIONS[self._picked["direction"]] if self.kind is Kind.MESSAGE else Direction.OUT

    def _show_value(self) -> None:
        """The second row: the value of a gave/received, who wrote a message, else nothing."""
        row = self.query_one("#log-value", ChoiceRow)
        message = self.kind is Kind.MESSAGE
        labels = DIRECTION_LABELS if message else [v.value for v in VALUES]
        if row.labels != labels:
            row.labels, row.keys = list(labels), [""] * len(labels)
            row.set_reactive(ChoiceRow.index, self._picked["direction" if message else "value"])
            row.refresh()
        self.query_one("#log-value-label", Label).update("From" if message else "Value")
        row.disabled = self.kind not in VALUED and not message

    @on(ChoiceRow.Changed, "#log-value")
    def _value_changed(self, event: ChoiceRow.Changed) -> None:
        if self.kind is Kind.MESSAGE:
            self._picked["direction"] = event.index
        elif self.kind in VALUED:
            self._picked["value"] = event.index

    def action_pick_kind(self, index: int) -> None:
        self.query_one("#log-kind", ChoiceRow).index = index
        self._kind_chosen()

    def action_value(self, step: int) -> None:
        """↑/↓ outside the rows: the value of a gave/received (or who wrote a message),
        without leaving the summary."""
        if self.kind in VALUED or self.kind is Kind.MESSAGE:
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
        close_with(self, LogEntry(self.kind, summary, self.value, at, self.direction))

    def _when(self) -> datetime | None:
        """The time typed, checked (None: now); a correction left as it was keeps its time."""
        when = clean(self.query_one("#log-at", Input).value).strip()
        if self.entry is not None and when == f"{self.entry.at.astimezone():{WHEN_FORMAT}}":
            return self.entry.at
        if not when:
            return None
        return parse_moment(when, self.now, field="at")  # refuses before 1900 or a day ahead

    def action_cancel(self) -> None:
        """Close unsaved; a new log's summary, if one was typed, kept as a draft."""
        summary = clean(self.query_one("#log-summary", Input).value).strip()
        if self.entry is None and summary:
            try:
                at = self._when()
            except UserError:
                at = None  # (a time that does not parse is not kept)
            drafts(self.app)[self.contact.id] = LogEntry(self.kind, summary, self.value, at, self.direction)
        self.dismiss(None)
