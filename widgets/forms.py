"""Typed modals: each dismisses with its result (or None when cancelled)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from board.editing import build_contact, form_values, parse_when
from board.errors import UserError
from board.model import Contact, Kind, Value


class ContactForm(ModalScreen[Contact | None]):
    """Add or edit a contact. `ctrl+s` (or `enter` in a field) saves; `esc` cancels."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="form.cancel"),
        Binding("ctrl+s", "save", "Save", id="form.save", priority=True),
    ]

    FIELDS: list[tuple[str, str, str]] = [
        ("name", "Name", "Ana Lima"),
        ("company", "Company", ""),
        ("title", "Title", ""),
        ("emails", "Emails", "comma-separated"),
        ("phones", "Phones", "comma-separated"),
        ("urls", "URLs", "LinkedIn profile, site…"),
        ("stage", "Stage", "met, talked, gave-value, trusted"),
        ("tags", "Tags", "bni, client…"),
        ("expertise", "Knows about", "reverse mortgages, estate law…"),
        ("needs", "Needs", "what they are trying to achieve"),
        ("met_at", "Met at", "BNI breakfast, LinkedIn request…"),
        ("notes", "Notes", ""),
        ("cadence_days", "Follow up every", "days (blank: the stage's default)"),
    ]

    def __init__(self, contact: Contact | None = None) -> None:
        super().__init__()
        self.contact = contact
        self.values = form_values(contact) if contact else {"stage": "met"}

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="form"):
            title = f"Edit {self.contact.name}" if self.contact else "Add a contact"
            yield Static(title, classes="dialog-title")
            with VerticalScroll():
                for key, label, placeholder in self.FIELDS:
                    with Horizontal(classes="field"):
                        yield Label(label, classes="field-label")
                        yield Input(
                            self.values.get(key, ""),
                            placeholder=placeholder,
                            id=f"field-{key}",
                            compact=True,
                        )
            yield Static("", id="form-error", classes="form-error")
            yield Static("ctrl+s save · enter save · esc cancel · tab next field", classes="dialog-help")

    def on_mount(self) -> None:
        self.query_one("#field-name", Input).focus()

    def collect(self) -> dict[str, str]:
        return {key: self.query_one(f"#field-{key}", Input).value for key, _, _ in self.FIELDS}

    @on(Input.Submitted)
    def action_save(self) -> None:
        try:
            contact = build_contact(self.collect(), self.contact)
        except UserError as exc:
            self.query_one("#form-error", Static).update(f"⚠ {exc}")
            target = self.query(f"#field-{exc.field}") if exc.field else None
            if target:
                target.first().focus()
            return
        self.dismiss(contact)

    def action_cancel(self) -> None:
        self.dismiss(None)


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

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="log.cancel"),
        Binding("ctrl+s", "save", "Save", id="log.save", priority=True),
    ] + [
        Binding(str(n), f"pick_kind({n - 1})", KIND_ORDER[n - 1].value, show=False, id=f"log.kind{n}")
        for n in range(1, len(KIND_ORDER) + 1)
    ]

    def __init__(self, contact: Contact) -> None:
        super().__init__()
        self.contact = contact

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="form log-form"):
            yield Static(f"Log an interaction with {self.contact.name}", classes="dialog-title")
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
            yield Static("", id="form-error", classes="form-error")
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
        when = self.query_one("#log-at", Input).value.strip()
        try:
            at = parse_when(when) if when else None
        except UserError as exc:
            self.query_one("#form-error", Static).update(f"⚠ {exc}")
            self.query_one("#log-at", Input).focus()
            return
        summary = self.query_one("#log-summary", Input).value.strip()
        self.dismiss(LogEntry(kind, summary, value, at))

    def action_cancel(self) -> None:
        self.dismiss(None)


class Confirm(ModalScreen[bool]):
    """A yes/no question: `y` (or enter) accepts, any other key declines."""

    def __init__(self, question: str, accept: str = "y") -> None:
        super().__init__()
        self.question = question
        self.accept = accept

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="confirm"):
            yield Static(self.question, classes="dialog-title")
            yield Static(f"[b]{self.accept}[/b] yes · any other key: no", classes="dialog-help")

    def on_key(self, event) -> None:  # noqa: ANN001 - textual.events.Key
        event.stop()
        event.prevent_default()
        self.dismiss(event.key in (self.accept, "enter"))


class TextPrompt(ModalScreen[str | None]):
    """Ask for one line of text (a path, a topic); enter answers, esc cancels."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="prompt.cancel")]

    def __init__(self, title: str, placeholder: str = "", value: str = "") -> None:
        super().__init__()
        self.prompt_title = title
        self.placeholder = placeholder
        self.value = value

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="prompt"):
            yield Static(self.prompt_title, classes="dialog-title")
            yield Input(self.value, placeholder=self.placeholder, id="prompt-input")
            yield Static("", id="form-error", classes="form-error")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        if event.value.strip():
            self.dismiss(event.value.strip())
        else:
            self.query_one("#form-error", Static).update("⚠ type something, or esc to cancel")

    def action_cancel(self) -> None:
        self.dismiss(None)

