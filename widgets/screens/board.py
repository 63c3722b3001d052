"""The board: four stage columns, a filter, and a line about the selected contact."""

from __future__ import annotations

import gc

from textual import events, on
from textual.app import ComposeResult
from textual.content import Content
from textual.reactive import Reactive
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Input

from board.errors import DataError, UserError
from board.model import Contact, Stage
from board.search import parse_query
from board.text import clean, safe_line
from board.view import BoardView
from widgets.chrome import KeyFooter
from widgets.columns import CardList
from widgets.keys import bindings
from widgets.lines import KeptLines
from widgets.messages import StoreDamaged
from widgets.screens.board_front import BoardFront
from widgets.screens.contact import ContactScreen
from widgets.session import Session
from widgets.stage_columns import ColumnsRow, StageColumn, TextLine

NARROW_WIDTH = 80
LARGE_BOARD = 5000  # contacts; above this the filter waits for a pause in typing
FILTER_PAUSE = 0.12  # seconds
LAYOUT_HOLD = 0.004  # seconds the frames wait when the filter box shows or goes (see _lay_out_now)
WORDS_AT_ONCE = 4000  # cards whose words the filter takes in at one time (some 10 ms), keys between
STAGES = list(Stage)


class BoardScreen(ContactScreen, KeptLines, BoardFront):  # (Textual's CSS follows the first base)
    """Met → Talked → Gave value → Trusted, one column per stage.

    Its own lines (the background, all under its widgets) are kept (`KeptLines`): a
    dialog's close repaints the whole board, and drawing them anew, then cutting them at
    every column edge, was a third of what closing the log form cost.
    """

    AUTO_FOCUS = ""  # the cards take the keys; the filter box only when `/` opens it

    BINDINGS = bindings("board")

    # Textual's `Screen.focused` (8.2) without its repaint of the whole screen: only the
    # filter box takes focus here, and it shows or goes with a layout that repaints it.
    focused: Reactive[Widget | None] = Reactive(None, repaint=False)

    def __init__(self, session: Session) -> None:
        super().__init__(session, id="board")
        self.view: BoardView = session.view
        self.column = 0
        self.columns = {stage: StageColumn(stage) for stage in STAGES}
        # Mounted as `_activate` will have it: no second styling of that column before the
        # first frame.
        self.columns[STAGES[self.column]].set_class(True, "-active", update=False)
        self._filter_timer: Timer | None = None
        self._reading_words = False
        self._away = False  # on another full screen (then back: show who is due)
        self._resumed = False  # shown once already (see on_event)
        self._partial = False  # painted from the board's front: the whole board not loaded yet
        self._plain = False  # the view is as loaded without standings (its front can be kept)

    def compose(self) -> ComposeResult:
        yield TextLine(id="board-header")
        yield TextLine(id="tabs")
        yield Input(placeholder="filter: words, tag:bni, stage:talked, due, quiet, archived — enter keeps, esc clears", id="filter")
        with ColumnsRow(id="columns"):
            yield from self.columns.values()
        yield TextLine(id="status")
        yield KeyFooter()

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.ScreenResume) and not self._resumed:
            # The board's first showing: each widget was styled as it mounted, a moment
            # ago, and every class change since restyled its own nodes. Textual would
            # style the whole screen once more before the first frame (a few ms on the
            # way to it); later resumes do as Textual does (a theme may have changed).
            self._resumed = True
            event.refresh_styles = False
        await super().on_event(event)

    def on_mount(self) -> None:
        self.query_one("#filter", Input).display = False
        # Building tens of thousands of cards makes no garbage cycles, yet the cyclic GC
        # would scan them over and over (about 100 ms at 30,000); and the loaded board is
        # long-lived, so keep it out of later collections too (full ones paused ~150 ms).
        # (Opened by `trustboard`, the collector is off already: the App turns it on once
        # the board has painted.)
        collecting = gc.isenabled()
        gc.disable()
        try:
            if not self._paint_front():
                self.refresh_data()
        finally:
            gc.freeze()
            if collecting:
                gc.enable()
        self._focus_people()  # start where the people are
        self._update_layout(self.app.size.width)

    # -- data

    def refresh_data(self, select_id: str | None = None, changed: set[str] | None = None) -> None:
        try:
            self._load(select_id, changed)
        except DataError as exc:  # a damaged file: the App offers the way back
            self.post_message(StoreDamaged(exc))

    def standings_changed(self, contact_ids: set[str]) -> None:
        """Only who stands out changed: these cards move on the facts they have (reading
        their records would parse every shard the standings touch, and keep them)."""
        if self._partial or self.session.store.clock().date() != self.view.today:
            self.refresh_data(None, contact_ids)
            return
        facts = [card.facts for card in map(self.view.card, contact_ids) if card is not None]
        keep = self._selected_id()  # (before the columns' lists change under the selection)
        touched = self.view.update(facts, (), self.session.standings())
        self._plain = False
        self._draw(None, keep, touched)

    def _load(self, select_id: str | None, changed: set[str] | None) -> None:
        keep = select_id or self._selected_id()
        store = self.session.store
        now = store.clock()
        if self._partial:  # the first frame was the front: now the whole board
            self._partial, changed = False, None
        if changed is not None and now.date() == self.view.today:
            present, gone = [], []
            for contact_id in changed:
                try:
                    present.append(store.get(contact_id))
                except UserError:
                    gone.append(contact_id)
            touched: set[Stage] | None = self.view.update(present, gone, self.session.standings())
            self._plain = False
        else:
            cards = store.cards()  # (first: a small board's standings then load every shard)
            standings = self.session.standings()
            self.view.load(cards, now.date(), standings)
            self._plain = not standings
            touched = None
        if select_id:
            card = self.view.card(select_id)
            if card is not None:
                self.column = STAGES.index(card.facts.stage)
        self._draw(now, keep, touched)

    def _draw(self, now=None, keep_id: str | None = None, only: set[Stage] | None = None) -> None:  # noqa: ANN001
        """Redraw the columns (`only` those stages, when just they changed) and the header."""
        now = now or self.session.store.clock()
        grouped = self.view.columns()
        total_due = self.view.due_count
        keep = self.view.card(keep_id) if keep_id else None
        for stage, column in self.columns.items():
            if only is not None and stage not in only:
                continue
            cards = grouped[stage]
            column.cards.set_cards(cards, now, keep)
            column.set_count(len(cards))
        filtering = not self.view.query.empty
        shown = sum(len(c) for c in grouped.values())
        self._due_text = f"{total_due} due today" + (f" · filter: {shown} shown" if filtering else "")
        self.show_header(now)
        self._activate()

    def show_header(self, now=None) -> None:  # noqa: ANN001
        """The header line: who is due, the filter, and when the last sync was."""
        synced = self.session.sync_line(now or self.session.store.clock())
        # Set without Textual's repaint of the whole screen (for a Header: the board has its own).
        self.set_reactive(BoardScreen.sub_title, getattr(self, "_due_text", "") + (f" · {synced}" if synced else ""))
        # A one-line header of our own: Textual's Header lays out the screen on each update.
        self.query_one("#board-header", TextLine).text = f"◆ [b]trustboard[/b] — {self.sub_title}"

    def _activate(self) -> None:
        for index, column in enumerate(self.columns.values()):
            column.cards.active = index == self.column
            column.set_class(index == self.column, "-active")
        self._update_tabs()
        self._update_status()

    def selected_contact(self) -> Contact | None:
        card = self._current_list().current
        if card is None:
            return None
        try:
            return card.contact
        except UserError:  # removed by another trustboard since: the next poll redraws
            return None
        except DataError as exc:  # its shard damaged since the cards were read: the App
            self.post_message(StoreDamaged(exc))  # offers the way back (one dialog)
            return None

    def _selected_id(self) -> str | None:
        card = self._current_list().current
        return card.facts.id if card else None

    def _current_list(self) -> CardList:
        return self.columns[STAGES[self.column]].cards

    # -- navigation

    def action_column(self, step: int) -> None:
        # Stop at Met and Trusted: wrapping round made `h h h H` move a Trusted contact.
        self.column = max(0, min(len(STAGES) - 1, self.column + step))
        self._activate()

    def settle(self) -> None:
        """Every column's selection on a due card in view, else its top card."""
        for column in self.columns.values():
            column.cards.settle()
        self._update_status()

    def on_screen_suspend(self) -> None:
        # Left for Today (details, who knows, gifts and dialogs keep the selection as it is).
        self._away = bool(getattr(self.app.screen, "SETTLES_BOARD", False))

    def on_screen_resume(self) -> None:
        if self._away:
            self._away = False
            self.call_after_refresh(self.settle)
            return
        # The columns may have been redrawn meanwhile (a log in details moves the card up):
        # scroll to the selected person once the board has its size again.
        self.call_after_refresh(self._show_selected)

    def _show_selected(self) -> None:
        self._current_list().show_selected()
        self._update_status()

    def action_card(self, step: int) -> None:
        cards = self._current_list()
        cards.select(cards.selected + step)
        self._update_status()

    def action_page(self, step: int) -> None:
        cards = self._current_list()
        cards.select(cards.selected + step * cards.page_size())
        self._update_status()

    def action_edge(self, end: int) -> None:
        cards = self._current_list()
        cards.select(len(cards.cards) - 1 if end else 0)
        self._update_status()

    @on(CardList.Clicked)
    def _clicked(self, event: CardList.Clicked) -> None:
        self.column = STAGES.index(event.card_list.stage)
        if event.index >= 0:
            event.card_list.select(event.index)
        self._activate()

    # -- filter

    def action_filter(self) -> None:
        box = self.query_one("#filter", Input)
        if box.has_focus:  # a `/` typed in the box (the binding comes first): it is text
            box.insert_text_at_cursor("/")
            return
        box.display = True
        self._lay_out_now()
        self.set_focus(box)  # now: the letters typed after `/` go to the box (see the app's on_event)
        self.view.prepare_filter()  # every card's text, once: the first word then costs no more
        if not self._reading_words:  # and their words, a few cards at a time once the box shows
            self._reading_words = True
            self.call_after_refresh(self._read_words)

    def _read_words(self) -> None:
        if self.view.prepare_words(WORDS_AT_ONCE):
            self._reading_words = False
        else:
            self.set_timer(0.01, self._read_words)

    def show_filter(self, text: str) -> None:
        """Set the filter from outside (palette commands); empty text clears it."""
        box = self.query_one("#filter", Input)
        box.value = text
        box.display = bool(text)
        self._apply_filter(text)
        self.set_focus(None)

    def action_clear_filter(self) -> None:
        box = self.query_one("#filter", Input)
        if box.display or not self.view.query.empty:
            box.value = ""
            box.display = False
            self._lay_out_now()
            self._apply_filter("")
            self.set_focus(None)

    def _lay_out_now(self) -> None:
        """The box shows or goes: one layout for it all. Each widget asks the screen for its
        layout once it is idle itself, and a frame could come between those requests (a
        repaint of the cards where they were, then a layout, then another for the late
        requests); holding the frames for a few milliseconds lets them all arrive first.
        (Not `App.delay_update`: it ends with a second frame, of every cell of the screen.)"""
        hold = self.app.batch_update()
        hold.__enter__()

        def release() -> None:
            hold.__exit__(None, None, None)
            self.check_idle()  # the screen: its one frame, with every request held
        self.set_timer(LAYOUT_HOLD, release)

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        if self._filter_timer is not None:
            self._filter_timer.stop()
            self._filter_timer = None
        if self.view.size < LARGE_BOARD or self._same_query(event.value):
            self._apply_filter(event.value)  # (the same query: nothing to wait for)
            return
        # On a large board, filter once the typing pauses: each pass scans every card.
        self._filter_timer = self.set_timer(FILTER_PAUSE, lambda: self._apply_filter(event.value))

    @on(Input.Submitted, "#filter")
    def _filter_kept(self, event: Input.Submitted) -> None:
        if self._filter_timer is not None:
            self._filter_timer.stop()
            self._filter_timer = None
            self._apply_filter(event.value)
        if not event.value.strip():
            self.action_clear_filter()
        self.set_focus(None)

    def on_key(self, event: events.Key) -> None:
        box = self.query_one("#filter", Input)
        if event.key == "escape" and box.has_focus:
            event.stop()
            self.action_clear_filter()

    def _same_query(self, text: str) -> bool:
        """Does `text` ask what the board already shows? (Clearing the box says so.)"""
        try:
            return parse_query(clean(text)) == self.view.query
        except UserError:
            return False

    def _apply_filter(self, text: str) -> None:
        try:
            query = parse_query(clean(text))
        except UserError as exc:
            self.query_one("#status", TextLine).text = Content(f"⚠ {safe_line(exc)}")
            return
        if query == self.view.query:
            # Nothing to filter again (clearing sets the box empty, which reports a change
            # too; a trailing space changes no word): only a stale warning to take away.
            self._update_status()
            return
        self.view.query = query
        self._draw(keep_id=self._selected_id())
        self._focus_people()
        collector = getattr(self.app, "collector", None)  # (the board's App has one)
        if collector is not None:  # the pass answered keys: background work waits from now
            collector.input()

    def to_top(self) -> None:
        """Every column at its first card: nobody was picked yet, and who leads has changed."""
        for column in self.columns.values():
            column.cards.select(0)
        self._update_status()

    def _focus_people(self) -> None:
        """If the current column is empty, go to the first column that has people."""
        filled = [i for i, column in enumerate(self.columns.values()) if column.cards.cards]
        if filled and self.column not in filled:
            self.column = filled[0]
            self._activate()

    # -- layout and status

    def on_resize(self, event: events.Resize) -> None:
        self._update_layout(event.size.width)

    def _update_layout(self, width: int) -> None:
        self.set_class(width < NARROW_WIDTH, "-narrow")
        self._update_tabs()

    def _update_tabs(self) -> None:
        tabs = self.query_one("#tabs", TextLine)
        parts = []
        for index, (stage, column) in enumerate(self.columns.items()):
            label = f"{stage.label} {len(column.cards.cards)}"
            parts.append(f"[reverse] {label} [/reverse]" if index == self.column else f" {label} ")
        tabs.text = "│".join(parts)

    def _update_status(self) -> None:
        self.selection_changed()
        status = self.query_one("#status", TextLine)
        contact = self.selected_contact()
        if contact is None:
            status.text = "No one here yet — a adds a contact." if self.view.query.empty else "No one matches the filter — esc clears it."
            return
        bits = []
        if contact.archived:
            bits.append("(archived — x restores)")
        if contact.expertise:
            bits.append("knows " + ", ".join(contact.expertise))
        if contact.needs:
            bits.append("needs " + contact.needs)
        if contact.tags:
            bits.append(" ".join(f"#{t}" for t in contact.tags))
        status.text = Content.assemble(
            (safe_line(contact.name), "bold"), *(f" · {safe_line(bit)}" for bit in bits)
        )
