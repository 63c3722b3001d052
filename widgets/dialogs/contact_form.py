"""Add or edit a contact: a typed modal that dismisses with the contact (or None)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from board.editing import build_contact, form_values
from board.errors import UserError
from board.model import Contact
from board.text import clean, safe, safe_line

MULTILINE = {"notes"}  # fields whose newlines are kept


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
        values = form_values(contact) if contact else {"stage": "met"}
        # Shown cleaned: a value from an imported file may carry terminal controls.
        self.values = {k: safe(v) if k in MULTILINE else safe_line(v) for k, v in values.items()}

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="form"):
            title = f"Edit {safe_line(self.contact.name)}" if self.contact else "Add a contact"
            yield Static(title, classes="dialog-title", markup=False)
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
            yield Static("", id="form-error", classes="form-error", markup=False)
            yield Static("ctrl+s save · enter save · esc cancel · tab next field", classes="dialog-help")

    def on_mount(self) -> None:
        self.query_one("#field-name", Input).focus()

    def collect(self) -> dict[str, str]:
        """What was typed in each field, cleaned of control characters."""
        return {
            key: clean(self.query_one(f"#field-{key}", Input).value, multiline=key in MULTILINE)
            for key, _, _ in self.FIELDS
        }

    @on(Input.Submitted)
    def action_save(self) -> None:
        try:
            contact = build_contact(self.collect(), self.contact)
        except UserError as exc:
            self.query_one("#form-error", Static).update(f"⚠ {safe_line(exc)}")
            if exc.field:
                for target in self.query(f"#field-{exc.field}"):
                    target.focus()
            return
        self.dismiss(contact)

    def action_cancel(self) -> None:
        self.dismiss(None)
