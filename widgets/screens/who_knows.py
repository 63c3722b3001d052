"""Who knows X? People whose expertise fits a need — the heart of giving by introduction."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from board.errors import UserError
from board.introductions import Introduction
from board.model import Contact
from board.text import clean, fit, safe_line
from widgets.chrome import KeyFooter, ScreenHeader
from widgets.keys import bindings
from widgets.screens.contact import ContactScreen
from widgets.screens.listing import cursor_keys, highlighted, move_cursor
from widgets.session import Session

if TYPE_CHECKING:  # the outreach engine loads when who knows first opens
    from board.outreach import ExpertMatch


class WhoKnowsScreen(ContactScreen):
    """Type a topic (or start from the contact's needs); `c` copies the introduction."""

    BINDINGS = [*bindings("who_knows"), *cursor_keys("who", "person")]

    COPY_HINT = "c copies the introduction for the highlighted person, then y logs it on both"

    def __init__(self, session: Session, contact: Contact | None) -> None:
        super().__init__(session)
        self.for_contact = contact
        self.matches: list[ExpertMatch] = []
        self.topic = ""
        self.introduction: Introduction | None = None  # what `c` copied, for `y` to log

    def compose(self) -> ComposeResult:
        yield ScreenHeader(icon="◆")
        who = f" for {safe_line(self.for_contact.name)}" if self.for_contact else ""
        yield Static(
            Content.assemble((f"Who knows…{who}", "bold"), "  type a need or topic, enter searches"),
            id="who-heading",
        )
        yield Input(safe_line(self.for_contact.needs) if self.for_contact else "", placeholder="estate law, SEO, hiring a bookkeeper…", id="who-topic")
        yield OptionList(id="who-list")
        yield Static("", id="who-help")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.title = "Who knows"
        if self.for_contact and self.for_contact.needs:
            self._search(self.for_contact.needs)
            self.query_one(OptionList).focus()
        else:
            self.query_one(Input).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "details" and self.query_one(Input).has_focus:
            return False  # enter searches the topic typed
        return super().check_action(action, parameters)

    def selected_contact(self) -> Contact | None:
        match = highlighted(self.query_one(OptionList), self.matches)
        if match is None:
            return None
        try:  # (the network holds what it knows of them; the screen acts on their record)
            return self.session.store.get(match.contact.id)
        except UserError:  # gone since
            return None

    def action_focus_topic(self) -> None:
        self.query_one(Input).focus()

    def action_cursor(self, step: int) -> None:
        move_cursor(self.query_one(OptionList), step)

    @on(Input.Submitted, "#who-topic")
    def _submitted(self, event: Input.Submitted) -> None:
        self._search(event.value)
        if self.matches:
            self.query_one(OptionList).focus()

    def _search(self, topic: str) -> None:
        options = self.query_one(OptionList)
        options.clear_options()
        helper = self.query_one("#who-help", Static)
        self.topic = clean(topic).strip()
        if not self.topic:
            self.matches = []
            helper.update("⚠ type a need or topic to look for, like 'estate law'")
            return
        exclude = self.for_contact.id if self.for_contact else None
        self.matches = self.session.network().experts_for(self.topic, exclude=exclude)
        if not self.matches:
            helper.update(Content(f"Nobody in your network lists expertise in “{self.topic}” yet."))
            return
        options.add_options(
            Option(
                Content(
                    f"{fit(safe_line(m.contact.name), 24, pad=True)} knows {safe_line(m.expertise)}"
                    f"  ({m.contact.stage.label}"
                    + (f", {safe_line(m.contact.company)}" if m.contact.company else "")
                    + ")"
                ),
                id=m.contact.id,
            )
            for m in self.matches
        )
        options.highlighted = 0
        helper.update(
            "c copies the introduction to both · y logs it on both · enter opens their details"
            if self.for_contact
            else "enter opens their details · start from a contact (w on the board) to copy an introduction"
        )

    def on_option_list_option_highlighted(self) -> None:
        self.selection_changed()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_details()

    def action_copy_intro(self) -> None:
        other = self.selected_contact()
        if other is None:
            return
        if self.for_contact is None:
            self.notify("Open Who knows from a contact (w on the board) to copy an introduction.", severity="warning")
            return
        from board.errors import UserError
        from board.introductions import TEMPLATE, introduction

        # The introduction of exactly this pair, for this topic: to both of them.
        try:
            made = introduction(
                self.for_contact, other, templates=self.session.templates(),
                my_name=self.session.config.my_name, topic=self.topic, now=self.session.store.clock(),
            )
        except UserError as problem:
            self.notify(str(problem), severity="warning")
            return
        self.introduction = made
        self.copy_message(self.for_contact, TEMPLATE, made.text)

    def action_mark_sent(self) -> None:
        """`y` after `c`: the introduction is logged on both people, linked, one undo step."""
        from board.introductions import TEMPLATE, log_introduction

        made, copied = self.introduction, self.copied
        if made is None or copied is None or copied.template != TEMPLATE:
            super().action_mark_sent()
            return
        self.copied = self.introduction = None
        self.refresh_bindings()
        store = self.session.store
        if self.run_change(lambda: log_introduction(store, made.first, made.second, why=made.why)):
            self.notify(f"Logged the introduction on both: {made.first.name} and {made.second.name}.")

    def refresh_data(self, select_id: str | None = None, changed: set[str] | None = None) -> None:
        """Matches are a snapshot of the search; a new search refreshes them."""
