"""A contact's details and interaction timeline."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Footer, Header, Static

from board.errors import UserError
from board.humane import contact_fields
from board.model import Contact
from board.text import safe, safe_line
from widgets.screens.contact import ContactScreen
from widgets.session import Session


class DetailScreen(ContactScreen):
    """Everything about one person; the same keys act on them as on the board."""

    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="detail.back", tooltip="Back to the board"),
        Binding("j,down", "scroll(1)", "Scroll", id="detail.down", show=False, tooltip="Scroll down"),
        Binding("k,up", "scroll(-1)", "Scroll", id="detail.up", show=False, tooltip="Scroll up"),
    ]

    def __init__(self, session: Session, contact_id: str) -> None:
        super().__init__(session)
        self.contact_id = contact_id

    def compose(self) -> ComposeResult:
        yield Header(icon="◆")
        with VerticalScroll(id="detail-body"):
            yield Static(id="detail-fields")
            yield Static(id="detail-timeline")
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_data()

    def selected_contact(self) -> Contact | None:
        try:
            return self.session.store.get(self.contact_id)
        except UserError:
            return None

    def action_details(self) -> None:
        """Already here."""

    def action_scroll(self, step: int) -> None:
        self.query_one("#detail-body", VerticalScroll).scroll_relative(y=step * 3, animate=False)

    def refresh_data(self, select_id: str | None = None, changed: set[str] | None = None) -> None:
        contact = self.selected_contact()
        fields = self.query_one("#detail-fields", Static)
        timeline = self.query_one("#detail-timeline", Static)
        if contact is None:
            fields.update("This contact no longer exists (another session removed it).")
            timeline.update("")
            return
        now = self.session.store.clock()
        self.title = safe_line(contact.name)
        self.sub_title = contact.stage.label + (" · archived" if contact.archived else "")
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold", no_wrap=True)
        table.add_column()
        for label, value in contact_fields(contact, now):
            table.add_row(label, Text(safe(value)))
        fields.update(table)
        history = self.session.store.interactions(contact.id)
        if not history:
            timeline.update("\n[b]Timeline[/b]\nNothing logged yet — i logs what happened.")
            return
        rows = Table(title="Timeline", title_justify="left", expand=True, show_edge=False)
        rows.add_column("When", no_wrap=True)
        rows.add_column("What", no_wrap=True)
        rows.add_column("Summary", ratio=1)
        for item in reversed(history):
            kind = item.kind.value + (f" ({item.value.value})" if item.value else "")
            rows.add_row(f"{item.at:%Y-%m-%d}", kind, Text(safe(item.summary)))
        timeline.update(rows)
