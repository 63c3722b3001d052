"""What can I give them? The gifts for one person, best first, and the message of each.

`enter` (or `c`) copies the highlighted gift's message — the real link, the introduction
— through the board's one copy path, so `y` then logs it as given (`gave`, valued
introduction, resource or feedback) and the gift leaves the list. The gifts are
`board.give.gifts`'s; this screen only shows them.
"""

from __future__ import annotations

import textwrap

from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from board.errors import UserError
from board.give.gifts import Gift
from board.model import Contact
from board.text import fit, plural, safe, safe_line
from widgets.keys import bindings
from widgets.screens.contact import ContactScreen
from widgets.screens.listing import cursor_keys, highlighted, list_screen, move_cursor, row_cells
from widgets.session import Session

KIND_CELLS = 13


class GiftsScreen(ContactScreen):
    """The gifts for one contact; the contact keys (i, e, s…) still act on them."""

    BINDINGS = [*bindings("gifts"), *cursor_keys("gifts", "gift")]

    COPY_HINT = "enter copies the highlighted gift's message, then y logs it as given"

    def __init__(self, session: Session, contact_id: str) -> None:
        super().__init__(session)
        self.contact_id = contact_id
        self.gifts: list[Gift] = []

    def compose(self) -> ComposeResult:
        yield from list_screen("gifts", "message", "help")

    def on_mount(self) -> None:
        self.title = "What can I give?"
        self.refresh_data()
        self.query_one(OptionList).focus()

    def selected_contact(self) -> Contact | None:
        try:
            return self.session.store.get(self.contact_id)
        except UserError:
            return None

    @property
    def gift(self) -> Gift | None:
        return highlighted(self.query_one(OptionList), self.gifts)

    def action_cursor(self, step: int) -> None:
        move_cursor(self.query_one(OptionList), step)

    def selected_id(self) -> str | None:
        """The person and the highlighted gift: highlighting another one disarms `y`."""
        gift = self.gift
        return f"{self.contact_id}/{gift.kind.value}/{gift.title}" if gift else self.contact_id

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._show_message()
        self.selection_changed()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_copy()

    def action_copy(self) -> None:
        contact, gift = self.selected_contact(), self.gift
        if contact is None or gift is None:
            return
        self.copy_message(contact, gift.template, gift.message, gift)

    def refresh_data(self, select_id: str | None = None, changed: set[str] | None = None) -> None:
        heading = self.query_one("#gifts-heading", Static)
        helper = self.query_one("#gifts-help", Static)
        options = self.query_one(OptionList)
        contact = self.selected_contact()
        if contact is None:
            heading.update("This contact no longer exists (another session removed it).")
            self.gifts = []
            options.clear_options()
            self._show_message()
            return
        self.sub_title = safe_line(contact.name)
        keep = options.highlighted or 0
        self.gifts = self.session.gifts(contact)
        options.clear_options()
        who = safe_line(contact.name)
        if not self.gifts:
            heading.update(
                f"Nothing to give {who} yet. Add what they need or a link to their work (e), "
                "or resources whose topics fit (ctrl+p → Resources…)."
            )
            helper.update("e edit them · esc back")
            self._show_message()
            return
        count = len(self.gifts)
        heading.update(f"{plural(count, 'gift')} for {who} ({contact.stage.label}), best first")
        options.add_options(self._option(gift) for gift in self.gifts)
        options.highlighted = min(keep, count - 1)
        helper.update("enter copies its message · y logs it as given · j/k move · esc back")
        self._show_message()

    def on_resize(self) -> None:
        self.refresh_data()

    def _option(self, gift: Gift) -> Option:
        width = row_cells(self.app.size.width)
        head = fit(f"{gift.kind.value:<{KIND_CELLS}}{safe_line(gift.title)}", width)
        # Why it fits, whole (its point is at the end: "↔ topic: …"), on at most two lines.
        why = textwrap.wrap(safe_line(gift.why), width - KIND_CELLS) or [""]
        if len(why) > 2:
            why = [why[0], fit(" ".join(why[1:]), width - KIND_CELLS)]
        lines = [head, *(" " * KIND_CELLS + line for line in why)]
        return Option(Content("\n".join(lines)))

    def _show_message(self) -> None:
        box = self.query_one("#gifts-message", Static)
        gift = self.gift
        box.update(safe(gift.message) if gift is not None else "")
        box.display = gift is not None
