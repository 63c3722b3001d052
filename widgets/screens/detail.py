"""A contact's details and timeline, where the record can be corrected.

The timeline is a list with a selection: `e` corrects the selected entry (kind, value,
summary, when) in the log form, `d` deletes it after asking; both are one store change,
undone with `u` like any other. `E` edits the contact itself.
"""

from __future__ import annotations

from dataclasses import replace
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Static

from board.errors import UserError
from board.humane import contact_fields
from board.model import Contact, Direction, Interaction
from board.store import Change, Store
from board.text import fit, plural, safe, safe_line
from widgets.chrome import KeyFooter, ScreenHeader
from widgets.dialogs.log_form import LogEntry, LogForm
from widgets.dialogs.prompts import Confirm
from widgets.keys import bindings
from widgets.screens.contact import ContactScreen
from widgets.session import Session

WHEN_WIDTH = 10
WHAT_WIDTH = 22
CELL_PADDING = 2  # DataTable pads each cell with a space either side


def rewrite_entry(store: Store, label: str, entry: Interaction, new: Interaction | None) -> Change:
    """Replace (or, with `new` None, delete) one interaction, in one store change.

    Refuses when another trustboard deleted it meanwhile. The contact's follow-up clock
    follows its latest remaining interaction.
    """
    with store.transaction(label) as txn:
        if entry.id not in {i.id for i in txn.interactions(entry.contact_id)}:
            raise UserError("that entry was deleted meanwhile (by another trustboard)")
        if new is None:
            txn.remove_interaction(entry.contact_id, entry.id)
        else:
            txn.put_interaction(new)
    return txn.change or Change(label)


class DetailScreen(ContactScreen):
    """Everything about one person; the same keys act on them as on the board."""

    BINDINGS: ClassVar[list[BindingType]] = bindings("detail")

    def __init__(self, session: Session, contact_id: str) -> None:
        super().__init__(session)
        self.contact_id = contact_id
        self.entries: list[Interaction] = []  # the timeline, newest first
        self._title = ""  # what the timeline's title says after "Timeline"
        self._drawn_width = 0  # the timeline's width when its rows were drawn

    def compose(self) -> ComposeResult:
        yield ScreenHeader(icon="◆")
        with VerticalScroll(id="detail-body"):
            yield Static(id="detail-fields")
        yield Static("", id="detail-timeline-title")
        yield DataTable(id="detail-timeline", cursor_type="row", zebra_stripes=True)
        yield KeyFooter()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column("When", key="when")
        table.add_column("What", key="what")
        table.add_column("Summary", key="summary")
        self.refresh_data()
        table.focus()

    def selected_contact(self) -> Contact | None:
        try:
            return self.session.store.get(self.contact_id)
        except UserError:
            return None

    def selected_entry(self) -> Interaction | None:
        """The timeline entry under the cursor (None when the timeline is empty)."""
        row = self.query_one(DataTable).cursor_row
        return self.entries[row] if 0 <= row < len(self.entries) else None

    def action_details(self) -> None:
        """Already here."""

    def action_entry(self, step: int) -> None:
        table = self.query_one(DataTable)
        (table.action_cursor_down if step > 0 else table.action_cursor_up)()

    def action_fields(self, step: int) -> None:
        body = self.query_one("#detail-body", VerticalScroll)
        page = max(1, body.scrollable_content_region.height - 1)  # keep a line for context
        body.scroll_to(y=body.scroll_y + step * page, animate=False, immediate=True)
        self._show_title()

    def _more_fields(self) -> str:
        """What the timeline's title says when the fields do not all fit above it."""
        body = self.query_one("#detail-body", VerticalScroll)
        below = int(body.max_scroll_y - body.scroll_y)
        if below > 0:
            return f" · ↓ pgdn: {plural(below, 'more line', 'more lines')}"
        if body.scroll_y > 0:
            return " · ↑ pgup: top of the details"
        return ""

    # -- drawing

    def refresh_data(self, select_id: str | None = None, changed: set[str] | None = None) -> None:
        if changed is not None and self.contact_id not in changed and self.entries:
            return  # someone else's change
        contact = self.selected_contact()
        fields = self.query_one("#detail-fields", Static)
        if contact is None:
            fields.update("This contact no longer exists (another session removed it).")
            self.entries = []
            self._draw_timeline()
            return
        now = self.session.store.clock()
        self.title = safe_line(contact.name)
        self.sub_title = contact.stage.label + (" · archived" if contact.archived else "")
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold", no_wrap=True)
        table.add_column()
        from board.introductions import details

        history = self.session.store.interactions(contact.id)
        related = details(self.session.store, contact, history)
        for label, value in contact_fields(contact, now, related=related):
            table.add_row(label, Text(safe(value)))
        fields.update(table)
        self.entries = list(reversed(history))
        self._draw_timeline()
        self.call_after_refresh(self._settle)  # once the fields and the timeline have their size

    def _draw_timeline(self) -> None:
        table = self.query_one(DataTable)
        row = table.cursor_row
        table.clear()
        if not self.entries:
            self._title = "  nothing logged yet — i logs what happened"
            self._show_title()
            return
        self._title = f"  {plural(len(self.entries), 'entry', 'entries')} · e corrects · d deletes"
        self._show_title()
        # The summary takes what the other columns and the scrollbar leave (no sideways scroll).
        self._drawn_width = table.size.width
        # Not laid out yet: the timeline spans the screen, so its width is the screen's.
        width = (table.size.width or self.app.size.width) - table.styles.scrollbar_size_vertical
        room = max(10, width - WHEN_WIDTH - WHAT_WIDTH - 3 * CELL_PADDING)
        for item in self.entries:
            kind = item.kind.value + (f" ({item.value.value})" if item.value else "")
            if item.direction is Direction.IN:
                kind = "message (theirs)"
            summary = " · ".join(line for line in safe(item.summary).splitlines() if line.strip())
            table.add_row(
                f"{item.at.astimezone():%Y-%m-%d}", fit(kind, WHAT_WIDTH, pad=True),
                fit(summary, room), key=item.id,
            )
        table.move_cursor(row=min(max(row, 0), len(self.entries) - 1))

    def _settle(self, tries: int = 5) -> None:
        """Redraw the timeline if it was drawn before it had its width (its summaries cut
        to nothing), and say whether more details wait below the fields."""
        table = self.query_one(DataTable)
        if not table.size.width and tries:
            self.call_after_refresh(self._settle, tries - 1)
            return
        if table.size.width != self._drawn_width:
            self._draw_timeline()
        self._show_title()

    def _show_title(self) -> None:
        """The timeline's title, then whether more details wait below the fields."""
        title = self.query_one("#detail-timeline-title", Static)
        title.update(Text.assemble(("Timeline", "bold"), self._title, (self._more_fields(), "bold")))

    def on_resize(self, event: events.Resize) -> None:
        self.call_after_refresh(self._draw_timeline)  # the summary column follows the width

    # -- correcting the record

    @on(DataTable.RowSelected)
    def _entry_chosen(self) -> None:
        self.action_edit_entry()

    def action_edit_entry(self) -> None:
        contact, entry = self.selected_contact(), self.selected_entry()
        if contact is None or entry is None:
            self.notify("Nothing to correct: the timeline is empty.", severity="warning")
            return

        def corrected(result: LogEntry | None) -> None:
            if result is None:
                return
            new = replace(
                entry, kind=result.kind, value=result.value, summary=result.summary,
                at=result.at or entry.at, direction=result.direction,
            )
            if new == entry:
                return
            label = f"corrected the {entry.kind.value} with {contact.name}"
            store = self.session.store
            if self.run_change(lambda: rewrite_entry(store, label, entry, new), contact.id):
                self.notify(f"Corrected the {new.kind.value} of {new.at.astimezone():%b %d} with {contact.name}.")

        self.app.push_screen(LogForm(contact, self.session.store.clock(), entry), corrected)

    def action_delete_entry(self) -> None:
        contact, entry = self.selected_contact(), self.selected_entry()
        if contact is None or entry is None:
            self.notify("Nothing to delete: the timeline is empty.", severity="warning")
            return
        when = f"{entry.at.astimezone():%a %b %d %Y}"
        summary = safe_line(entry.summary).strip()
        about = f": “{fit(summary, 40)}”" if summary else ""

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            label = f"deleted the {entry.kind.value} with {contact.name}"
            store = self.session.store
            if self.run_change(lambda: rewrite_entry(store, label, entry, None), contact.id):
                self.notify(f"Deleted the {entry.kind.value} of {when} with {contact.name}. u undoes.")

        self.app.push_screen(Confirm(f"Delete the {entry.kind.value} of {when}{about}?"), answered)
