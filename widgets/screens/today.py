"""Today: the people due for a follow-up, most overdue first, worked with the board's keys.

`today_screen` gives the app's one Today, made once and kept (`widgets.kept`): opened
again, it composes and mounts nothing and only draws the queue anew (the queue comes
from the board's cards, so it is current).
"""

from __future__ import annotations

from typing import Any, cast
from weakref import WeakKeyDictionary

from textual import events
from textual.app import App, ComposeResult
from textual.content import Content
from textual.css.styles import RulesMap
from textual.widgets import OptionList, Static

from board.errors import UserError
from board.model import Contact
from board.text import ago, safe_line
from board.triage import Due, DueFor, next_due
from widgets.background import give_way
from widgets.chrome import KeyFooter, ScreenHeader
from widgets.kept import keep_styles, kept_screen
from widgets.keys import bindings
from widgets.screens.base import SessionScreen, redraw_screens
from widgets.screens.contact import ContactScreen
from widgets.screens.listing import cursor_keys, highlighted, move_cursor
from widgets.screens.today_rows import QueueList, Row, RowOptions, Widths, column_widths, render_row
from widgets.session import BestTitles, Session
from widgets.stage_columns import TextLine
from widgets.standings import WAIT_UP_TO

StepKey = tuple[str, str, str]
SHOWN = 300  # rows in the queue at once; the rest follow as these are done
NEXT_STEPS = 25  # rows that show their suggested next step (each costs a ranking)
KEPT_STEPS = 1000  # next steps a session keeps from one Today to the next
OUT_OF_DATE = "out of date"  # a thread's answer when the data changed before it began
# The next steps a thread worked out, per session and version of a contact (`_step_key`):
# a Today opened again shows them at once, and asks only for people new to the queue or
# changed since (each costs the person's history and a ranking: ~5 ms at 30,000).
_WORKED_OUT: WeakKeyDictionary[Session, dict[StepKey, str]] = WeakKeyDictionary()


def today_screen(app: App[Any], session: Session) -> TodayScreen:
    """The app's Today, its queue drawn for now (made the first time, then kept)."""
    return kept_screen(app, "today", TodayScreen, lambda: TodayScreen(session), TodayScreen.reopen)


def _step_key(contact: Contact) -> StepKey:
    """A version of a contact, as far as its next step goes (a log moves only the last)."""
    return (contact.id, contact.updated_at.isoformat(), str(contact.last_interaction_at))


def _late(item: Due) -> str:
    """The Late column: 'thanks' for a gift to answer, 'remind' on a reminder's day, else
    how many days overdue ('today' when it is due today)."""
    if item.due_for is DueFor.THANKS:
        return "thanks"
    if item.due_for is DueFor.REMINDER:
        return "remind"
    return "today" if item.days_overdue == 0 else f"{item.days_overdue}d"


class TodayScreen(ContactScreen):
    """The morning queue: act on the highlighted person and the queue advances."""

    SETTLES_BOARD = True  # back on the board: select who is due in view
    # Its widgets cover it whole, header to footer: none of its own lines shows, so
    # Textual draws them blank rather than a screen of background on every open.
    BLANK = True

    BINDINGS = [*bindings("today"), *cursor_keys("today", "person")]

    def __init__(self, session: Session) -> None:
        super().__init__(session)
        self.queue: list[Due] = []  # the first SHOWN people of the queue
        self.count = 0  # how many the whole queue holds
        self._drawn_width = 0  # the list's width when its rows were drawn
        self._asked: set[StepKey] = set()  # next steps being worked out in a thread, or waiting for it
        self._waiting: dict[StepKey, Contact] = {}  # asked while the thread was out: the next one's
        self._out = False  # a thread working out next steps is out (or about to be sent)
        self._steps: dict[StepKey, str] = {}
        self._drawn: tuple[Widths, tuple[Row, ...], tuple[str, ...]] | None = None  # what the list shows
        self._rows = RowOptions()
        self._next_shown: tuple[object, ...] | None = None  # whom the line under the list shows

    def compose(self) -> ComposeResult:
        yield ScreenHeader(icon="◆")
        yield Static("", id="today-heading")
        yield TextLine(id="today-columns")
        yield QueueList(id="today-list")
        yield Static("", id="today-next")
        yield KeyFooter(early=True)  # its keys in the first frame: one layout fewer

    def on_mount(self) -> None:
        self.title = "Today"
        self.refresh_data()
        self.query_one(OptionList).focus()

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        keep_styles(self, event)

    def reopen(self) -> None:
        """Opened again: the queue as it is now, from its top, as a new Today shows it."""
        options = self.query_one(OptionList)
        # A list at its top, focused, keeps its lines: each of these repaints all of them.
        if options.highlighted:
            options.highlighted = None
        options.scroll_home(animate=False, immediate=True)
        self.refresh_data()
        if self.focused is not options:
            options.focus()

    def selected_contact(self) -> Contact | None:
        item = self.selected_item()
        return self._whole(item.contact) if item else None

    def _whole(self, queued: Contact) -> Contact | None:
        """A queued person's whole record: the queue of a board opened from its card file
        holds their cards' facts, which are all the queue's rules read (None: gone since)."""
        if isinstance(queued, Contact):
            return queued
        try:
            return self.session.store.get(queued.id)
        except UserError:
            return None

    def action_cursor(self, step: int) -> None:
        move_cursor(self.query_one(OptionList), step)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_details()

    def refresh_data(self, select_id: str | None = None, changed: set[str] | None = None) -> None:
        store = self.session.store
        today = store.clock().date()
        view = self.session.view
        if view.today != today or not view.loaded:
            # A new day since the board last looked (or no board yet): it reloads first,
            # and this screen redraws after it.
            if isinstance(self.app.screen_stack[0], SessionScreen) and view.loaded:
                redraw_screens(self.app, self.session)
                return
            view.load(store.contacts(archived=None), today, self.session.standings())
        standings = self.session.standings()
        self.queue, self.count = view.today_queue(SHOWN, NEXT_STEPS)
        waiting = view.reconnect_waiting()[0]
        plan = f"{waiting} more wait in the reconnect plan" if waiting else ""
        if not self.queue:
            self.query_one(OptionList).clear_options()
            self._drawn = None
            self.query_one("#today-columns", TextLine).text = ""
            upcoming = next_due(store.contacts(), self.session.config, today, standings)
            later = (
                f"Next up: {safe_line(upcoming[0].name)} on {upcoming[1]:%A %b %d}."
                if upcoming
                else "Add people with a, or import your LinkedIn connections from the palette (ctrl+p)."
            )
            self._set_heading(
                Content.assemble(
                    ("Nobody is due today.", "bold"),
                    # (Not while the plan holds people back: they have not heard from you yet.)
                    "\n" if plan else " Your relationships are tended — enjoy the quiet.\n",
                    later + (f" {plan}." if plan else ""),
                )
            )
            self.sub_title = "all caught up"
            self.query_one("#today-next", Static).update("")
            return
        more = self.count - SHOWN
        self._set_heading(
            Content.assemble(
                (f"{self.count} to reach out to", "bold"),
                f" ({plan})" if plan else "",
                ", thanks and reminders first, then most overdue · ? keys",
                f"  (showing {SHOWN}; {more} more follow)" if more > 0 else "",
            )
        )
        self.sub_title = f"{self.count} due"
        # Drawn now, even on a screen just made: the first frame shows the rows, at their width.
        self._draw_rows()

    def _set_heading(self, text: Content) -> None:
        """The heading; a layout of the screen only if it takes another number of lines."""
        heading = self.query_one("#today-heading", Static)
        region = heading.content_region
        same = bool(region.width) and text.get_height(cast(RulesMap, heading.styles), region.width) == region.height
        heading.update(text, layout=not same)

    def _draw_rows(self) -> None:
        """The queue as one line per person, its columns sized to what they hold."""
        options = self.query_one(QueueList)
        keep = options.highlighted or 0
        shown = self.queue[:SHOWN]
        if self._later():  # the next steps not worked out yet come from a thread
            wanted = (self._whole(item.contact) for item in shown[:NEXT_STEPS] if item.due_for is not DueFor.REMINDER)
            self._ask([contact for contact in wanted if contact is not None])
        rows = [
            Row(
                safe_line(item.contact.name),
                item.contact.stage.label,
                _late(item),
                self.step_for(item) if index < NEXT_STEPS else "",
            )
            for index, item in enumerate(shown)
        ]
        self._drawn_width = self._rows_width()
        width = max(20, self._drawn_width)
        widths = column_widths(rows, width)
        self.query_one("#today-columns", TextLine).text = Content(
            "".join(render_row(Row("Name", "Stage", "Late", "Next step"), widths))
        )
        drawn = (widths, tuple(rows), tuple(item.contact.id for item in shown))
        if drawn != self._drawn:  # (Today opened again on the same queue: its rows stand)
            was, self._drawn = self._drawn, drawn
            # The rows that show what they showed last time are the same options, their
            # lines kept; the same people in the same columns: only the others change.
            made = self._rows.options(zip(drawn[2], rows, strict=True), widths)
            if was is not None and (was[0], was[2]) == (widths, drawn[2]) and options.option_count == len(made):
                changed = (i for i, (row, old) in enumerate(zip(rows, was[1], strict=True)) if row != old)
                options.show_rows({i: made[i] for i in changed})
            else:
                options.set_options(made)  # (not clear, then add: the scrollbar would go and come back)
        options.highlighted = min(keep, len(shown) - 1)
        self._show_next()

    def step_for(self, item: Due) -> str:
        """What to do next: the reminder's own words on its day, else the best message."""
        if item.due_for is DueFor.REMINDER and item.reminder is not None:
            return safe_line(item.reminder.text)
        contact = self._whole(item.contact)
        return self.next_step(contact) if contact is not None else ""

    def selected_item(self) -> Due | None:
        return highlighted(self.query_one(OptionList), self.queue)

    def next_step(self, contact: Contact) -> str:
        """The title of the best message for `contact` (worked out once per version of them;
        on a large board "" until a thread has worked it out)."""
        key = _step_key(contact)
        if key not in self._steps:
            if self._later():
                known = _WORKED_OUT.get(self.session, {}).get(key)
                if known is not None:
                    self._steps[key] = known
                    return known
                self._ask([contact])
                return ""
            suggestions = self.session.suggestions(contact)
            self._steps[key] = safe_line(suggestions[0].title) if suggestions else ""
        return self._steps[key]

    def _rows_width(self) -> int:
        """The list's width for its rows; before its first layout, the width it will have.

        The list spans the screen and always keeps its scrollbar's gutter (see the .tcss),
        so its width does not change when the rows are added (a second layout, a flash).
        """
        options = self.query_one(OptionList)
        width = options.scrollable_content_region.width
        if width:
            return width
        styles = options.styles
        return max(0, self.app.size.width - styles.margin.width - styles.gutter.width
                   - styles.scrollbar_size_vertical)

    def _later(self) -> bool:
        """Work out next steps in a thread? On a large board: each needs the network of
        everyone (rebuilt after any change) and the person's history."""
        return self.session.background is not None and self.session.view.size > WAIT_UP_TO

    def _ask(self, contacts: list[Contact]) -> None:
        """Have the next steps of these contacts worked out in a thread (those not known).

        One such thread at a time: each builds the network of everyone (at 100,000 contacts
        half a second of Python, with a list of everyone held while it waits for the keys
        to pause), and each Today opened after a change asked for one, so that the keys'
        first pause set several off together, over the keys that followed. What is asked
        while one is out waits for it, and goes in the next, together."""
        known = _WORKED_OUT.get(self.session, {})
        wanted = {_step_key(c): c for c in contacts}
        wanted = {key: c for key, c in wanted.items()
                  if key not in self._steps and key not in self._asked and key not in known}
        if not wanted or self.session.background is None:
            return
        self._asked |= wanted.keys()
        self._waiting.update(wanted)
        if not self._out:
            self._out = True
            # Once this frame is drawn: the thread would hold the interpreter while it is.
            self.call_after_refresh(self._send)

    def _send(self) -> None:
        """The thread for what is waiting to be worked out (on the UI thread)."""
        wanted, self._waiting = self._waiting, {}
        background = self.session.background
        if not wanted or background is None:
            self._out = False
            return
        keys = {c.id: key for key, c in wanted.items()}
        session, version = self.session, self.session.version
        job = session.best_titles_job(list(wanted.values()))

        def work() -> BestTitles | str:
            # Building the network of everyone is tens of milliseconds of Python at
            # 100,000 contacts, after every change: in a thread it took the interpreter
            # from the key that came next (closing Today took twice as long). It waits
            # for the keys to pause, as the standings' reading does.
            give_way()
            if session.version != version:  # changed meanwhile: its network is out of date
                return OUT_OF_DATE
            return job()

        def done(result: BestTitles | str | None) -> None:  # (None: it failed, said in a notice)
            self._out = False
            self._asked -= set(keys.values())
            if isinstance(result, tuple):
                made, network, titles = result
                self.session.adopt_network(made, network)
                kept = _WORKED_OUT.setdefault(self.session, {})
                if len(kept) > KEPT_STEPS:
                    kept.clear()
                for contact_id, title in titles.items():
                    self._steps[keys[contact_id]] = kept[keys[contact_id]] = safe_line(title)
            waiting, self._waiting = self._waiting, {}
            self._asked -= waiting.keys()
            # Drawn again, the rows ask for what they still need (out of date: all of it
            # again, as the queue now is); closed, it asks when opened again.
            if result is not None and self.is_current and self.queue:
                self._draw_rows()

        background(work, done)

    def on_resize(self) -> None:
        self.call_after_refresh(self._fit_rows)  # once the list has its new width

    def _fit_rows(self) -> None:
        """Draw the rows if the list's width is not the one they were drawn for."""
        width = self.query_one(OptionList).scrollable_content_region.width
        if self.queue and width and width != self._drawn_width:
            self._draw_rows()

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._show_next()

    def _show_next(self) -> None:
        self.selection_changed()
        contact = self.selected_contact()
        target = self.query_one("#today-next", Static)
        if contact is None:
            self._next_shown = None
            target.update("")
            return
        item = self.selected_item()
        step = self.step_for(item) if item is not None else self.next_step(contact)
        # The same person and step as shown (the highlight set again as the rows are drawn):
        # no second read of their history, no second repaint after the first frame.
        shown = (_step_key(contact), contact.name, contact.title, contact.company, step,
                 self.session.store.clock().date())
        if shown == self._next_shown:
            return
        self._next_shown = shown
        about = [x for x in (contact.title, contact.company) if x]
        last = self._last_contact(contact)
        target.update(
            Content.assemble(
                (safe_line(contact.name), "bold"),
                *(f" · {safe_line(x)}" for x in about),
                f" · last: {last}\n",
                f"Next step → {step} · c copies it · m more" if step else "",
            ),
            layout=False,  # two lines, never wrapped (nowrap), under a min-height of 2
        )

    def _last_contact(self, contact: Contact) -> str:
        history = self.session.store.interactions(contact.id)
        if not history:
            return "no contact yet"
        age = ago(history[-1].at, self.session.store.clock())
        return f"{history[-1].kind.value} {age}" + ("" if age == "today" else " ago")

