"""Today opened again costs one repaint: no restyle, no layout, no frame after the first.

Today is kept (widgets/kept.py): opened again it only draws its queue anew. Textual would
also work out every style of the screen again (in case the theme changed), lay it out
again for a heading of the same height, and repaint the list's scrollbar in a frame of its
own after the first; on a board of 30,000 that was a fifth of opening it.
"""

from __future__ import annotations

from typing import Any

import pytest
from textual.scrollbar import ScrollBar
from textual.widgets import OptionList, Static

from board.model import Kind
from board.store import Store
from tests.helpers import close_today, due_people, open_today, record_calls, screen_text
from widgets.screens import today as today_screen
from widgets.screens.today import TodayScreen


async def test_today_opened_again_keeps_its_styles_until_the_theme_changes(
    store: Store, make_app, monkeypatch: pytest.MonkeyPatch
) -> None:
    due_people(store)
    app = make_app(store)
    restyled: list[TodayScreen] = []
    restyle = TodayScreen.update_node_styles

    def counting(screen: TodayScreen, animate: bool = True) -> None:
        restyled.append(screen)
        restyle(screen, animate)

    monkeypatch.setattr(TodayScreen, "update_node_styles", counting)
    async with app.run_test(size=(120, 40)) as pilot:
        today = await open_today(app, pilot)
        await close_today(app, pilot)
        restyled.clear()
        assert await open_today(app, pilot) is today
        assert restyled == []  # nothing changed: Textual's restyle of the whole screen skipped
        await close_today(app, pilot)
        app.theme = "textual-light" if app.theme != "textual-light" else "nord"
        await pilot.pause()
        await open_today(app, pilot)
        await pilot.pause()
        assert restyled == [today]  # the theme changed while it was away: restyled
        panel = app.current_theme.panel
        assert panel is not None
        next_line = today.query_one("#today-next", Static)
        assert next_line.styles.background.hex.lower() == panel.lower()  # in the new theme's colours


async def test_today_opened_again_lays_nothing_out_and_draws_one_frame(
    store: Store, make_app, monkeypatch: pytest.MonkeyPatch
) -> None:
    due_people(store)
    monkeypatch.setattr(today_screen, "SHOWN", 45)  # as many rows after a log as before
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        today = await open_today(app, pilot)
        await close_today(app, pilot)
        first = store.contacts()[0]
        store.log(first.id, Kind.CALL, "caught up")  # the queue and its heading change
        app.data_changed(changed={first.id})
        await pilot.pause()
        layouts: list[object] = []
        today.screen_layout_refresh_signal.subscribe(today, layouts.append)
        bar_repaints = record_calls(monkeypatch, ScrollBar, "refresh", lambda bar, *regions, **how: bar)
        await open_today(app, pilot)
        for _ in range(3):
            await pilot.pause()
        assert "59 to reach out to" in screen_text(app)
        assert layouts == []  # a heading of the same height: repainted in place
        assert bar_repaints == []  # the scrollbar as it was: no frame of its own after the first
        # A layout that leaves the list's size as it is leaves its scrollbar alone too
        # (Textual would repaint it for the list's own virtual size: `QueueList`).
        today.refresh(layout=True)
        await pilot.pause()
        assert len(layouts) == 1 and bar_repaints == []
        options = today.query_one(OptionList)
        assert options.max_scroll_y > 0  # and it has a scrollbar to leave alone


async def test_today_reads_a_history_only_for_the_line_under_the_list_once(
    store: Store, make_app, monkeypatch: pytest.MonkeyPatch
) -> None:
    due_people(store)
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_today(app, pilot)
        await close_today(app, pilot)
        read: list[str] = []
        interactions = Store.interactions

        def counting(self: Store, contact_id: str) -> Any:
            read.append(contact_id)
            return interactions(self, contact_id)

        monkeypatch.setattr(Store, "interactions", counting)
        today = await open_today(app, pilot)
        for _ in range(3):
            await pilot.pause()
        assert read == []  # the same person as last time, unchanged: their line stands
        await pilot.press("j")
        for _ in range(3):
            await pilot.pause()
        selected = today.selected_contact()
        assert selected is not None and selected.name == "Person 58"
        assert read == [selected.id]  # the next one's "last:" line: one read, no other row's
        assert "Person 58 · last: " in screen_text(app)


async def test_the_board_under_today_is_not_repainted_through_it(
    store: Store, make_app, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Textual would hand a repaint of the board it covers on to Today: a second frame."""
    due_people(store)
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        board = app.screen
        today = await open_today(app, pilot)
        repaints = record_calls(monkeypatch, TodayScreen, "refresh", lambda screen, *regions, **how: regions)
        board.refresh()  # as pushing Today does
        for _ in range(3):
            await pilot.pause()
        assert repaints == []
        assert not board.is_current and today.is_current
        await close_today(app, pilot)
        assert "due today" in screen_text(app)  # and the board shows again, whole
        # Under a dialog the board still shows: it is current and repainted through it.
        await pilot.press("a")
        await pilot.pause()
        assert app.screen.is_modal and board.is_current
