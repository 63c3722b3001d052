"""The board's kept lines (widgets.lines, `CardList.render_lines`) are Textual's own.

The columns, their titles and scrollbars answer a frame with the `Strip`s they drew the
last time they looked the same; these tests compare them, segment by segment, with what
Textual draws for the same widget now, through a session that scrolls (markers and a
moving thumb), moves the selection and the active column, filters and clears. A Textual
whose scrollbar or styling came to depend on something the looks leave out fails here.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget

from board.model import Stage
from board.store import Store
from tests.helpers import FIXED_NOW, add, screen_text, wait_until
from widgets.columns import CardList
from widgets.lines import KeptLines
from widgets.scrollbars import CardScrollBar
from widgets.stage_columns import ColumnsRow, StageColumn, TextLine

STAGES = list(Stage)


def _board(store: Store) -> None:
    for n in range(64):
        add(store, f"Person {n:02}", stage=STAGES[n % 4], company="Lima Roofing" if n % 16 == 0 else "Acme",
            at=FIXED_NOW - timedelta(days=n))


def _segments(strips: list[Strip]) -> list[list[Any]]:
    return [list(strip) for strip in strips]


def _textuals(widget: Widget, crop: Region) -> list[Strip]:
    """What Textual draws for `widget` now (refreshed first: drawn anew, none of it kept)."""
    widget.refresh()
    base = CardList if isinstance(widget, CardList) else KeptLines
    return super(base, widget).render_lines(crop)


def _check(app: Any) -> int:
    """Every kept widget on the board draws what Textual draws; how many were compared."""
    kept = [w for w in app.screen.query("*") if isinstance(w, (KeptLines, CardList)) and w.display]
    bars = [c.cards.vertical_scrollbar for c in app.screen.columns.values() if c.cards.show_vertical_scrollbar]
    compared = 0
    for widget in [*kept, *bars]:
        if not widget.size.area:
            continue
        crop = widget.size.region
        drawn = widget.render_lines(crop)
        again = widget.render_lines(crop)
        assert [a is b for a, b in zip(drawn, again, strict=True)] == [True] * len(drawn), widget
        assert _segments(drawn) == _segments(_textuals(widget, crop)), widget
        compared += 1
    return compared


async def test_kept_lines_are_what_textual_draws(store: Store, make_app) -> None:
    _board(store)
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert _check(app) >= 4 + 4 + 4 + 3  # lists, columns, titles, header / status, and bars
        for keys in (["j"], ["j", "j", "j"], ["end"], ["l"], ["pagedown"], ["k", "k"], ["home"], ["h"]):
            await pilot.press(*keys)
            await pilot.pause()
            _check(app)
        assert "↑" in screen_text(app) or "↓" in screen_text(app)  # the markers were compared too
        await pilot.press("slash", *"lima")
        await wait_until(pilot, lambda: "filter: 4 shown" in screen_text(app))
        _check(app)
        await pilot.press("escape")
        await wait_until(pilot, lambda: "shown" not in screen_text(app))
        await pilot.pause()
        _check(app)


async def test_a_cleared_filter_shows_the_lines_drawn_before_it(store: Store, make_app) -> None:
    _board(store)
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        lists = [column.cards for column in app.screen.columns.values()]
        columns = list(app.screen.query(StageColumn))
        titles = [column.title for column in app.screen.columns.values()]
        bars = [cards.vertical_scrollbar for cards in lists]
        watched: list[Widget] = [*lists, *columns, *titles, *bars]
        before = {w: w.render_lines(w.size.region) for w in watched}
        selected = {cards: cards.selected for cards in lists}
        await pilot.press("slash", *"lima")
        await wait_until(pilot, lambda: "filter: 4 shown" in screen_text(app))
        await pilot.press("escape")
        await wait_until(pilot, lambda: "shown" not in screen_text(app))
        await pilot.pause()
        for widget in watched:
            now = widget.render_lines(widget.size.region)
            again = [i for i, (a, b) in enumerate(zip(before[widget], now, strict=True)) if a is not b]
            if isinstance(widget, CardList):  # the filter moved the selection to a match: kept there
                assert int(widget.scroll_offset.y) == 0
                moved = {selected[widget], widget.selected}
                assert set(again) <= {4 * card + part for card in moved for part in range(3)}, (widget, again)
            else:
                assert again == [], (widget, again)
        assert isinstance(app.screen.query_one(ColumnsRow), ColumnsRow) and ColumnsRow.BLANK
        assert all(isinstance(t, TextLine) for t in titles) and all(isinstance(b, CardScrollBar) for b in bars)


async def test_the_focus_moves_without_a_repaint_of_the_board_yet_as_ever(store: Store, make_app) -> None:
    """The board's `focused` is Textual's with no repaint of its own (widgets.screens.board):
    the box still takes the keys when `/` opens it and gives them back when esc clears it."""
    _board(store)
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        box = app.screen.query_one("#filter")
        assert app.screen.focused is None
        await pilot.press("slash", *"lima")
        await wait_until(pilot, lambda: "filter: 4 shown" in screen_text(app))
        assert app.screen.focused is box and box.has_focus and box.value == "lima"
        await pilot.press("escape")
        await wait_until(pilot, lambda: "shown" not in screen_text(app))
        assert app.screen.focused is None and not box.has_focus and not box.display
        cards = app.screen.columns[STAGES[0]].cards
        selected = cards.selected
        await pilot.press("j")  # the board's key again, not a letter in the box
        await pilot.pause()
        assert box.value == "" and cards.selected == selected + 1


async def test_a_changed_card_is_all_textual_styles_again(store: Store, make_app) -> None:
    """A card that changed (an edit, a log) is styled by Textual again, its rows alone: the
    other cards of its column keep the lines drawn before (they were all styled again when
    one row was new), and the column still draws what Textual draws."""
    _board(store)
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        cards = app.screen.columns[STAGES[0]].cards
        before = cards.render_lines(cards.size.region)
        person = store.get(cards.cards[2].facts.id)
        styled: list[int] = []
        cache = cards._styles_cache  # (Textual's private, counted here only)
        original = cache.render_line
        cache.render_line = lambda *args: styled.append(args[1]) or original(*args)  # type: ignore[method-assign]
        store.update_contact(person.copy(company="Quebec Quarries"))
        app.data_changed(changed={person.id})
        await pilot.pause()
        now = cards.render_lines(cards.size.region)
        assert "Quebec Quarries" in screen_text(app)
        again = [i for i, (a, b) in enumerate(zip(before, now, strict=True)) if a is not b]
        assert again and set(again) <= {8, 9, 10, 11}, again  # the third card's rows
        assert styled and set(styled) <= {8, 9, 10, 11}, styled
        cache.render_line = original  # type: ignore[method-assign]
        _check(app)
