"""Today: the people due for a follow-up, most overdue first, worked with the board's keys."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from board.model import Contact
from board.text import ago, fit, safe_line
from board.triage import Due, due_contacts, next_due, reconnect_waiting
from widgets.screens.contact import ContactScreen
from widgets.session import Session

SHOWN = 300  # rows in the queue at once; the rest follow as these are done
NEXT_STEPS = 25  # rows that show their suggested next step (each costs a ranking)


class TodayScreen(ContactScreen):
    """The morning queue: act on the highlighted person and the queue advances."""

    BINDINGS = [
        Binding("escape", "app.pop_screen", "Board", id="today.back", tooltip="Back to the board"),
        Binding("j", "cursor(1)", "Next", id="today.down", show=False, tooltip="Next person"),
        Binding("k", "cursor(-1)", "Previous", id="today.up", show=False, tooltip="Previous person"),
    ]

    def __init__(self, session: Session) -> None:
        super().__init__(session)
        self.queue: list[Due] = []
        self._steps: dict[tuple[str, str], str] = {}

    def compose(self) -> ComposeResult:
        yield Header(icon="◆")
        yield Static("", id="today-heading")
        yield OptionList(id="today-list")
        yield Static("", id="today-next")
        yield Footer()

    def on_mount(self) -> None:
        self.title = "Today"
        self.refresh_data()
        self.query_one(OptionList).focus()

    def selected_contact(self) -> Contact | None:
        index = self.query_one(OptionList).highlighted
        if index is None or index >= len(self.queue):
            return None
        return self.queue[index].contact

    def action_cursor(self, step: int) -> None:
        options = self.query_one(OptionList)
        if step > 0:
            options.action_cursor_down()
        else:
            options.action_cursor_up()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_details()

    def refresh_data(self, select_id: str | None = None, changed: set[str] | None = None) -> None:
        store = self.session.store
        now = store.clock()
        today = now.date()
        contacts = store.contacts()
        self.queue = due_contacts(contacts, self.session.config, today)
        options = self.query_one(OptionList)
        keep = options.highlighted or 0
        options.clear_options()
        heading = self.query_one("#today-heading", Static)
        waiting = reconnect_waiting(contacts, today)[0]
        plan = f"{waiting} more wait in the reconnect plan" if waiting else ""
        if not self.queue:
            upcoming = next_due(contacts, self.session.config, today)
            later = (
                f"Next up: {safe_line(upcoming[0].name)} on {upcoming[1]:%A %b %d}."
                if upcoming
                else "Add people with a, or import your LinkedIn connections from the palette (ctrl+p)."
            )
            heading.update(
                Content.assemble(
                    ("Nobody is due today.", "bold"),
                    " Your relationships are tended — enjoy the quiet.\n",
                    later + (f" {plan}." if plan else ""),
                )
            )
            self.sub_title = "all caught up"
            self.query_one("#today-next", Static).update("")
            return
        more = len(self.queue) - SHOWN
        heading.update(
            f"[b]{len(self.queue)} to reach out to[/b]" + (f" ({plan})" if plan else "")
            + ", most overdue first — i log · c copy · m messages · s snooze · H/L move · enter details"
            + (f"  (showing {SHOWN}; {more} more follow)" if more > 0 else "")
        )
        self.sub_title = f"{len(self.queue)} due"
        options.add_options([self._row(item, index, now) for index, item in enumerate(self.queue[:SHOWN])])
        options.highlighted = min(keep, len(self.queue[:SHOWN]) - 1)
        self._show_next()

    def _row(self, item: Due, index: int, now) -> Option:  # noqa: ANN001
        contact = item.contact
        overdue = "due today" if item.days_overdue == 0 else f"{item.days_overdue}d overdue"
        history = self.session.store.interactions(contact.id)
        last = "no contact yet"
        if history:
            age = ago(history[-1].at, now)
            last = f"{history[-1].kind.value} {age}" + ("" if age == "today" else " ago")
        step = self._next_step(contact) if index < NEXT_STEPS else ""
        line = f"! {fit(safe_line(contact.name), 22, pad=True)} {contact.stage.label:<10} {overdue:<11} {fit(last, 17, pad=True)}"
        if step:
            line += f" → {step}"
        width = max(20, self.query_one(OptionList).scrollable_content_region.width - 1)
        row = Text(fit(line, width))
        row.stylize("bold", 0, 25)
        return Option(row, id=contact.id)

    def _next_step(self, contact: Contact) -> str:
        key = (contact.id, contact.updated_at.isoformat())
        if key not in self._steps:
            suggestions = self.session.suggestions(contact)
            self._steps[key] = safe_line(suggestions[0].title) if suggestions else ""
        return self._steps[key]

    def on_resize(self) -> None:
        if self.queue:
            self.refresh_data()

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._show_next()

    def _show_next(self) -> None:
        contact = self.selected_contact()
        target = self.query_one("#today-next", Static)
        if contact is None:
            target.update("")
            return
        step = self._next_step(contact)
        where = " · ".join(x for x in (contact.title, contact.company) if x)
        target.update(
            Content.assemble(
                (safe_line(contact.name), "bold"),
                f" {safe_line(where)}\n",
                f"Next step: {step} — c copies it, m shows every message" if step else "",
            )
        )

