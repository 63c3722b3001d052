"""The board's card lists: the cards of a column, drawn line by line.

(Each under its title in a `widgets.stage_columns.StageColumn`.) `CardList` is a `ScrollView`
using the Line API: it renders only the rows on screen, so 30,000 cards cost what 10 do.

When cards are out of view the list's first row says "↑ N more" and its last "↓ N more".
Scrolled, the list stops one row above a card (on the spacer of the card before it), so the
top marker covers no card; the content is padded so that the last stop is such a row too.

Its rows as Textual styled them are kept by what they show (`render_lines`), so that a frame
showing them again (a filter cleared, a column laid out anew) draws none: `widgets.lines`.
"""

from __future__ import annotations

from collections.abc import Hashable
from datetime import datetime
from typing import cast

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.scrollbar import ScrollBar
from textual.strip import Strip

from board.card import Card, index_of
from board.model import Stage
from board.text import ago, cells, fit, safe_line
from board.triage import DueFor
from widgets.lru import LRU
from widgets.scrollbars import CardScrollBar, WholeCellScrollBar

CARD_HEIGHT = 4  # name, title/company, age, spacer
LINES_CACHED = 256  # drawn rows kept per column: a few screens' worth, whatever the board's size
STYLED_CACHED = 96  # rows as Textual styled them, per column: two screens' worth (a cleared filter's)
LineKey = tuple[int, int, int, bool, bool]  # id of the card, its row, width, selected, active


class CardList(ScrollView, can_focus=False):
    """Cards of one stage; the selected card is highlighted when the column is active."""

    COMPONENT_CLASSES = {
        "card--name",
        "card--detail",
        "card--due",
        "card--selected",
        "card--selected-inactive",
        "card--snoozed",
        "card--more",
    }

    DEFAULT_CSS = """
    CardList {
        height: 1fr;
        scrollbar-size-vertical: 1;
        overflow-x: hidden;
    }
    CardList > .card--name { text-style: bold; }
    CardList > .card--detail { color: $text-muted; }
    CardList > .card--due { color: $warning; text-style: bold; }
    CardList > .card--snoozed { color: $text-muted; text-style: italic; }
    CardList > .card--more { color: $text-muted; text-style: bold; }
    CardList > .card--selected { background: $accent; color: $text; }
    CardList > .card--selected-inactive { background: $boost; }
    """

    active: reactive[bool] = reactive(False)

    class Clicked(Message):
        """A card was clicked."""

        def __init__(self, card_list: CardList, index: int) -> None:
            super().__init__()
            self.card_list = card_list
            self.index = index

    def __init__(self, stage: Stage, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]  # Widget's keywords, passed through as given
        self.stage = stage
        self.cards: list[Card] = []
        self.selected = 0
        self.now = datetime.now().astimezone()
        # Drawn rows by card (its object: a changed contact gets a new card), so that they
        # outlive `set_cards`: a filter cleared shows the cards it hid as they were drawn.
        self._lines: LRU[LineKey, tuple[Card, Strip]] = LRU(LINES_CACHED)
        # The same rows as Textual styled them: the same `Strip`s again in the next frame
        # that shows them (see widgets.lines), by what each row shows.
        self._styled: LRU[Hashable, tuple[Card | None, Strip]] = LRU(STYLED_CACHED)
        self._drawn_on = self.now.date()  # the day the rows' ages were drawn for
        self._styles: dict[str, Style] = {}

    # -- content

    def set_cards(self, cards: list[Card], now: datetime, keep: Card | None = None) -> None:
        """Replace the cards (in board order); keep the selection on `keep` if it is here."""
        self.cards = cards
        self.now = now
        at = None if keep is None else index_of(cards, keep)
        if at is not None:
            self.selected = at
        self.selected = max(0, min(self.selected, len(cards) - 1))
        if now.date() != self._drawn_on:  # the ages ("3d ago") move on
            self._lines.clear()
            self._styled.clear()
            self._drawn_on = now.date()
        self._set_virtual_height(self._content_height())
        self.refresh()
        if self.is_mounted:
            self.show_selected()  # now, in the coming frame (a layout may follow: then again)
        self.call_after_refresh(self.show_selected)

    def _set_virtual_height(self, height: int) -> None:
        """Resize the scrollable area, without a screen layout when the scrollbar stays.

        Assigning `virtual_size` always lays out the whole screen again; a card moving
        between columns changes two heights on every keystroke.
        """
        new = Size(self.size.width, height)
        if new == self.virtual_size and self.is_mounted:
            return
        visible = self.scrollable_content_region.height
        if (height > visible) != (self.virtual_size.height > visible) or not self.is_mounted:
            self.virtual_size = new  # the scrollbar appears or goes: a real layout change
            if self.is_mounted:  # shown or hidden now: the coming layout places it, not one more
                self._scroll_update(new)
            return
        self.set_reactive(CardList.virtual_size, new)
        self._scroll_update(new)

    def _content_height(self) -> int:
        """The cards' rows, padded when they scroll so that the last stop is a spacer row."""
        rows = len(self.cards) * CARD_HEIGHT
        visible = self.scrollable_content_region.height
        if rows <= visible or visible <= 0:
            return rows
        return rows + (visible + CARD_HEIGHT - 1) % CARD_HEIGHT

    def _whole(self, offset: int) -> tuple[int, int]:
        """The first and last card shown whole at scroll `offset`, the markers' rows aside."""
        visible = self.scrollable_content_region.height
        top = offset + (1 if offset > 0 else 0)  # the "↑ N more" row
        first = -(-top // CARD_HEIGHT)
        bottom = offset + visible - 1
        if (len(self.cards) - 1) * CARD_HEIGHT + 2 <= bottom:
            return first, len(self.cards) - 1  # the last card shows: no "↓ N more" row
        return first, (bottom - 1 - 2) // CARD_HEIGHT  # its name to its age line above that row

    def out_of_view(self) -> tuple[int, int]:
        """How many cards are above and below those shown whole (what the markers say)."""
        if not self.cards or self.scrollable_content_region.height <= 0:
            return 0, 0
        first, last = self._whole(int(self.scroll_offset.y))
        return min(first, len(self.cards)), max(0, len(self.cards) - 1 - last)

    @property
    def current(self) -> Card | None:
        return self.cards[self.selected] if self.cards else None

    def select(self, index: int) -> None:
        if not self.cards:
            return
        self.selected = max(0, min(index, len(self.cards) - 1))
        self.refresh()  # cached lines are keyed by selection, so they stay valid
        self.show_selected()

    def settle(self) -> None:
        """Put the selection on a due card in view (the current one if it is), else the top.

        After Today or a snooze the column may be scrolled to the middle with the
        selection on someone snoozed: the board should show who is due.
        """
        if not self.cards:
            return
        first, last = self._whole(int(self.scroll_offset.y))
        first, last = min(first, len(self.cards) - 1), max(0, min(last, len(self.cards) - 1))
        if first <= self.selected <= last and self.cards[self.selected].due:
            return
        due = next((i for i in range(first, last + 1) if self.cards[i].due), None)
        if due is None:
            self.selected = 0
            self.scroll_to(y=0, animate=False, force=True)
            self.refresh()
            return
        self.select(due)

    def show_selected(self) -> None:
        """Scroll just enough to show the selected card whole, clear of the markers' rows.

        The list stops at 0 or one row above a card (`4k - 1`), where "↑ N more" covers
        only the spacer of the card before.
        """
        if not self.cards:
            return
        index = self.selected
        first, last = self._whole(int(self.scroll_offset.y))
        if first <= index <= last:
            return
        if index < first:
            target = 0 if index == 0 else index * CARD_HEIGHT - 1
        else:
            # The lowest stop that shows it whole: its spacer may go under "↓ N more".
            visible = max(CARD_HEIGHT, self.scrollable_content_region.height)
            lowest = (index + 1) * CARD_HEIGHT - visible
            target = 0 if lowest <= 0 else -(-(lowest + 1) // CARD_HEIGHT) * CARD_HEIGHT - 1
        self.scroll_to(y=target, animate=False, force=True)

    @property
    def vertical_scrollbar(self) -> ScrollBar:
        """Textual's `Widget.vertical_scrollbar`, made a `CardScrollBar`."""
        if self._vertical_scrollbar is None:
            bar = CardScrollBar(vertical=True, name="vertical", thickness=self.scrollbar_size_vertical)
            bar.display = False
            self._vertical_scrollbar = bar
            self.app._start_widget(self, bar)
        return self._vertical_scrollbar

    def on_mount(self) -> None:
        # Textual documents setting a renderer on one scrollbar instance.
        self.vertical_scrollbar.renderer = WholeCellScrollBar  # type: ignore[misc]  # a ClassVar, set per instance as documented

    def watch_active(self) -> None:
        self.refresh()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles.clear()  # theme or CSS changed: styles and lines are stale
        self._lines.clear()
        self._styled.clear()

    def _style(self, name: str) -> Style:
        """A component class's style (or "" for the widget's own), computed once per theme."""
        style = self._styles.get(name)
        if style is None:
            style = self.get_component_rich_style(name) if name else self.rich_style
            self._styles[name] = style
        return style

    def _size_updated(self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True) -> bool:
        """Resized by a layout: the rows for the new height now, drawn in the layout's frame."""
        bar = self._vertical_scrollbar
        quiet = bar if isinstance(bar, CardScrollBar) else None
        resized = self._size != size
        if quiet is not None:
            quiet.resizing = True
        try:
            changed = super()._size_updated(size, virtual_size, container_size, layout)
            if resized:
                self._set_virtual_height(self._content_height())
        finally:
            if quiet is not None:
                quiet.resizing = False
        return changed

    def on_resize(self) -> None:
        self._set_virtual_height(self._content_height())

    def page_size(self) -> int:
        return max(1, self.size.height // CARD_HEIGHT)

    # -- drawing

    def render_lines(self, crop: Region) -> list[Strip]:
        """Textual's styled rows for `crop`, the same `Strip`s again for rows drawn before.

        A row is what `render_line` draws for it (`_row`); Textual styles only the runs of
        rows not drawn yet (a log redraws one card: four rows of a column's forty).
        """
        region = self.scrollable_content_region  # (narrower by the scrollbar when it shows)
        look = (self.size.width, region.width, crop.column_span, self.background_colors,
                tuple(self.get_line_filters()))
        scroll_y = int(self.scroll_offset.y)
        rows = [self._row(y, scroll_y, region.height, look) for y in crop.line_range]
        styled = self._styled
        kept: list[Strip | None] = []
        for card, key in rows:
            hit = styled.get(key)
            kept.append(hit[1] if hit is not None and hit[0] is card else None)
        start = 0
        while start < len(kept):
            end = start
            while end < len(kept) and kept[end] is None:
                end += 1
            if end > start:  # rows start..end-1 not drawn yet: styled by Textual, kept
                run = Region(crop.x, crop.y + start, crop.width, end - start)
                for index, strip in enumerate(super().render_lines(run), start):
                    kept[index] = strip
                    styled[rows[index][1]] = (rows[index][0], strip)
            start = end + 1
        return cast("list[Strip]", kept)

    def _row(self, y: int, scroll_y: int, height: int, look: Hashable) -> tuple[Card | None, Hashable]:
        """What `render_line(y)` draws: its card (or none) and a key for it styled in `look`."""
        if y == 0 and scroll_y > 0 or y == height - 1:
            above, below = self.out_of_view()
            if y == 0 and above:
                return None, (look, "↑", above)
            if y > 0 and below:
                return None, (look, "↓", below)
        index, part = divmod(scroll_y + y, CARD_HEIGHT)
        if index >= len(self.cards) or part == CARD_HEIGHT - 1:
            return None, (look, "blank")  # below the cards, or a card's spacer: the same blank
        card = self.cards[index]
        return card, (look, id(card), part, index == self.selected, self.active)

    def render_line(self, y: int) -> Strip:
        scroll_y = int(self.scroll_offset.y)
        row = scroll_y + y
        index, part = divmod(row, CARD_HEIGHT)
        width = self.scrollable_content_region.width  # the scrollbar's cell is not ours
        if y == 0 and scroll_y > 0 or y == self.scrollable_content_region.height - 1:
            above, below = self.out_of_view()
            if y == 0 and above:
                return self._marker(f"↑ {above} more", width)
            if y > 0 and below:
                return self._marker(f"↓ {below} more", width)
        if index >= len(self.cards):
            return Strip.blank(width, self._style(""))
        card = self.cards[index]
        selected = index == self.selected
        key = (id(card), part, width, selected, self.active)
        kept = self._lines.get(key)
        if kept is not None and kept[0] is card:
            return kept[1]
        strip = self._render_card_line(card, part, width, selected)
        self._lines[key] = (card, strip)  # (the card held with it: its id is not reused meanwhile)
        return strip

    def _marker(self, text: str, width: int) -> Strip:
        """A row saying how many cards are out of view that way."""
        style = self._style("") + self._style("card--more")
        return Strip([Segment(fit("   " + text, width, pad=True), style)], width)

    def _render_card_line(self, card: Card, part: int, width: int, selected: bool) -> Strip:
        base = self._style("")
        if part == 3 or width <= 0:
            return Strip.blank(width, base)
        contact = card.facts
        bar = "▌" if selected and self.active else " "
        if part == 0:
            flag = "!" if card.due else ("z" if card.snoozed else ("…" if card.quiet else " "))
            text = contact.name
            style = self._style("card--name")
        elif part == 1:
            flag = " "
            text = contact.line  # title · company
            style = self._style("card--detail")
        else:
            flag = " "
            text = self._status(card, width - 3)
            style = self._style(
                "card--due" if card.due else ("card--snoozed" if card.snoozed else "card--detail")
            )
        if selected:
            style += self._style(
                "card--selected" if self.active else "card--selected-inactive"
            )
        flag_style = self._style("card--due") if flag == "!" else style
        segments = [
            Segment(bar, base + style),
            Segment(flag, base + flag_style + (style if selected else Style())),
            Segment(" " + fit(safe_line(text), max(0, width - 3), pad=True), base + style),
        ]
        return Strip(segments, width)

    def _status(self, card: Card, room: int) -> str:
        """The card's third line: due or snoozed, then how long since you talked."""
        contact = card.facts
        parts = []
        # Due or snoozed first: in a narrow column the age is what may be cut.
        if card.due and card.due_for is DueFor.THANKS:
            parts.append("owed thanks")
        elif card.due and card.due_for is DueFor.REMINDER:
            parts.append("reminder")
        elif card.due:
            parts.append("due today" if card.days_overdue == 0 else f"{card.days_overdue}d overdue")
        elif card.snoozed and contact.snoozed_until:
            parts.append(f"snoozed to {contact.snoozed_until:%b %d}")
        elif card.quiet:
            parts.append("no reply")
        if contact.last_interaction_at is None:
            parts.append("new")
        else:
            age = ago(contact.last_interaction_at, self.now)
            parts.append(age if age == "today" or age.startswith("in ") else f"{age} ago")  # ("in 1d": ahead)
        while len(parts) > 1 and cells(" · ".join(parts)) > room:
            parts.pop()  # drop the age whole rather than cut it
        return " · ".join(parts)

    # -- mouse

    def on_click(self, event: events.Click) -> None:
        row = int(self.scroll_offset.y) + event.y
        index = row // CARD_HEIGHT
        event.stop()
        if 0 <= index < len(self.cards):
            self.post_message(self.Clicked(self, index))
