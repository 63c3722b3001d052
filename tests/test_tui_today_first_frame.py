"""Today draws its rows once, at the width they keep, before its first frame.

At 30,000 contacts drawing the queue's rows takes a good fraction of a second: drawn
after the first frame (the list's width unknown until then), or at one width and then
again once the scrollbar appears, the screen visibly flashes and re-lays out.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from textual.widgets import OptionList

from board.store import Store
from tests.helpers import FIXED_NOW, add, screen_text, wait_until
from widgets.screens import today
from widgets.screens.today import TodayScreen


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_today_draws_its_rows_once_at_their_real_width_before_the_first_frame(
    store: Store, make_app, monkeypatch: pytest.MonkeyPatch, size: tuple[int, int]
) -> None:
    for n in range(60):  # more than the list shows: it has a scrollbar
        add(store, f"Person {n:02} Longname-Hyphenated", at=FIXED_NOW - timedelta(days=20 + n))
    widths: list[int] = []
    at_mount: list[int] = []
    fit = today.column_widths
    mount = TodayScreen.on_mount

    def recording_fit(rows: list[today.Row], width: int) -> today.Widths:
        widths.append(width)
        return fit(rows, width)

    def recording_mount(screen: TodayScreen) -> None:
        mount(screen)
        at_mount.append(screen.query_one(OptionList).option_count)

    monkeypatch.setattr(today, "column_widths", recording_fit)
    monkeypatch.setattr(TodayScreen, "on_mount", recording_mount)
    app = make_app(store)
    async with app.run_test(size=size) as pilot:
        await pilot.press("t")
        await wait_until(pilot, lambda: "Person 59" in screen_text(app) or "Person 00" in screen_text(app))
        for _ in range(3):  # every resize and redraw that follows the first frame
            await pilot.pause()
        options = app.screen.query_one(OptionList)
        assert at_mount == [60], "the rows were not there for the first frame"
        assert widths == [options.scrollable_content_region.width], widths
        assert options.max_scroll_y > 0  # the scrollbar is there, and did not change the width
        header = next(line for line in screen_text(app).splitlines() if line.startswith("Name"))
        assert "Next step" in header
