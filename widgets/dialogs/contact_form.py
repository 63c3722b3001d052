"""Add or edit a contact: a typed modal that dismisses with the contact (or None).

Laid out to fit: two columns from 100 columns wide; below that one column whose body
scrolls, with the save hint fixed under it. `esc` asks before throwing typing away.

`contact_form(app, …)` gives the app's one form, filled for the contact (or empty to add
one): made once and kept (`widgets.kept`), so opening it composes and mounts nothing,
and closing it removes no screen.
"""

from __future__ import annotations

from typing import Any, ClassVar

from textual import events, on
from textual.app import App, ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static, TextArea

from board.editing import build_contact, form_values
from board.errors import UserError
from board.model import Contact, Stage
from board.text import clean, safe, safe_line
from widgets.choices import ChoiceRow
from widgets.dialogs.prompts import close_or_ask
from widgets.kept import close_with, kept_screen
from widgets.keys import bindings

WIDE = 100  # columns from which the fields go in two columns
STAGES = list(Stage)

# (key, label, placeholder), in the order tab visits them.
FIELDS: list[tuple[str, str, str]] = [
    ("name", "Name", "Ana Lima"),
    ("company", "Company", ""),
    ("title", "Title", ""),
    ("emails", "Emails", "comma-separated"),
    ("phones", "Phones", "comma-separated"),
    ("urls", "URLs", "LinkedIn profile, site…"),
    ("stage", "Stage", ""),
    ("tags", "Tags", "bni, client…"),
    ("expertise", "Knows about", "reverse mortgages, estate law…"),
    ("needs", "Needs", "what they are trying to achieve"),
    ("met_at", "Met at", "BNI breakfast, LinkedIn request…"),
    ("cadence_days", "Follow up every", "days (blank: the stage's default)"),
    ("notes", "Notes", ""),
]
LEFT, RIGHT = FIELDS[:7], FIELDS[7:]  # a column each when wide: the left ends with stage
CHROME = 8  # rows of the dialog around its body: borders, title, error, hint


def contact_form(app: App[Any], contact: Contact | None = None) -> ContactForm:
    """The app's contact form, filled for editing `contact` (None: adding someone)."""
    return kept_screen(app, "contact-form", ContactForm, lambda: ContactForm(contact),
                       lambda form: form.fill(contact))


class ContactForm(ModalScreen[Contact | None]):
    """Add or edit a contact. `ctrl+s` (or `enter` in a one-line field) saves; `esc` cancels."""

    BINDINGS: ClassVar[list[BindingType]] = bindings("contact_form")

    def __init__(self, contact: Contact | None = None) -> None:
        super().__init__()
        self._set_up(contact)
        self._initial: dict[str, str] = {}

    def _set_up(self, contact: Contact | None) -> None:
        self.contact = contact
        values = form_values(contact) if contact else {"stage": "met"}
        # Shown cleaned: a value from an imported file may carry terminal controls.
        self.values = {k: safe(v) if k == "notes" else safe_line(v) for k, v in values.items()}

    def _title(self) -> str:
        return f"Edit {safe_line(self.contact.name)}" if self.contact else "Add a contact"

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="form contact-form"):
            yield Static(self._title(), classes="dialog-title", markup=False, id="form-title")
            with VerticalScroll(id="form-body"), Horizontal(id="form-columns"):
                for fields in (LEFT, RIGHT):
                    with Vertical(classes="form-column"):
                        for key, label, placeholder in fields:
                            with Horizontal(classes="field", id=f"row-{key}"):
                                yield Label(label, classes="field-label")
                                yield self._input(key, placeholder)
            yield Static("", id="form-error", classes="form-error", markup=False)
            yield Static(
                "ctrl+s save · enter save · tab next field · esc cancel", classes="dialog-help"
            )

    def _input(self, key: str, placeholder: str) -> Input | TextArea | ChoiceRow:
        value = self.values.get(key, "")
        if key == "stage":
            stage = Stage.parse(value or "met")
            return ChoiceRow([s.label for s in STAGES], index=STAGES.index(stage), id="field-stage")
        if key == "notes":
            return TextArea(value, id="field-notes", soft_wrap=True, compact=True)
        return Input(value, placeholder=placeholder, id=f"field-{key}", compact=True)

    def on_mount(self) -> None:
        self._fit(self.app.size.width, self.app.size.height)
        self.query_one("#field-name", Input).focus()
        self._initial = self.collect()

    def fill(self, contact: Contact | None) -> None:
        """Made ready again, for another contact (or a new one): every field as a new form has it."""
        self._set_up(contact)
        self.query_one("#form-title", Static).update(self._title())
        for key, _, _ in FIELDS:
            value = self.values.get(key, "")
            if key == "stage":
                row = self.query_one("#field-stage", ChoiceRow)
                row.set_reactive(ChoiceRow.index, STAGES.index(Stage.parse(value or "met")))
                row.refresh()
            elif key == "notes":
                self.query_one("#field-notes", TextArea).load_text(value)
            else:
                box = self.query_one(f"#field-{key}", Input)
                with box.prevent(Input.Changed):
                    box.value = value
                box.cursor_position = len(value)
        self.query_one("#form-error", Static).update("")
        self.query_one("#form-body", VerticalScroll).scroll_home(animate=False)
        self._fit(self.app.size.width, self.app.size.height)
        self.query_one("#field-name", Input).focus()
        self._initial = self.collect()

    def on_resize(self, event: events.Resize) -> None:
        self._fit(event.size.width, event.size.height)

    def _fit(self, width: int, height: int) -> None:
        self.query_one("#dialog").set_class(width >= WIDE, "-wide")
        self.query_one("#form-body").styles.max_height = max(3, height - CHROME)

    def collect(self) -> dict[str, str]:
        """What was typed in each field, cleaned of control characters."""
        values = {}
        for key, _, _ in FIELDS:
            if key == "stage":
                values[key] = STAGES[self.query_one("#field-stage", ChoiceRow).index].value
            elif key == "notes":
                values[key] = clean(self.query_one("#field-notes", TextArea).text, multiline=True)
            else:
                values[key] = clean(self.query_one(f"#field-{key}", Input).value)
        return values

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
        close_with(self, contact)

    def action_cancel(self) -> None:
        what = f"the changes to {safe_line(self.contact.name)}" if self.contact else "this new contact"
        close_or_ask(self, not (self.collect() == self._initial), what)
