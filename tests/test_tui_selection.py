"""Coming back to the board from details, who knows, gifts or a snooze: the same person is
still selected (by id) and in view, even when the columns were redrawn meanwhile."""

from __future__ import annotations

from datetime import timedelta

import pytest

from board.model import Contact, Stage
from board.store import Store
from tests.helpers import FIXED_NOW, add, screen_text, wait_until
from widgets.screens.board import BoardScreen


def _met_column(store: Store) -> Contact:
    """Six people due in Met, then six who are not; the last of them (at the bottom)."""
    for n in range(6):
        add(store, f"Due {n:02}", at=FIXED_NOW - timedelta(days=20 + n))
    fresh = [add(store, f"Fresh {n:02}", company="Acme") for n in range(6)]
    return fresh[-1]


ROUND_TRIPS = {
    "details": ("enter", "escape"),
    "who knows": ("w", "escape"),
    "gifts": ("G", "escape"),
    "snooze a week": ("s", "2"),
    # Logging a call in details redraws the columns (the card moves up); no stage move.
    "a log in details": ("enter", "i", "2", *"phoned", "enter", "n", "escape"),
}


@pytest.mark.parametrize("trip", ROUND_TRIPS)
async def test_the_same_person_stays_selected_after_coming_back(store: Store, make_app, trip: str) -> None:
    last = _met_column(store)
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        board = app.screen
        assert isinstance(board, BoardScreen)
        await pilot.press("end")
        await wait_until(pilot, lambda: screen_text(app).splitlines()[-2].strip().startswith(last.name))
        assert board.selected_contact().id == last.id
        for key in ROUND_TRIPS[trip]:
            await pilot.press(key)
            await pilot.pause()
        await wait_until(pilot, lambda: app.screen is board)
        for _ in range(3):  # let every redraw and scroll that follows the return run
            await pilot.pause()
        assert board.selected_contact().id == last.id, board.selected_contact().name
        text = screen_text(app)
        assert text.splitlines()[-2].strip().startswith(last.name)  # the status line names them
        assert last.name in text  # and their card is in view
        cards = board.columns[Stage.MET].cards
        top = cards.scroll_offset.y
        assert top <= cards.selected * 4 < top + cards.scrollable_content_region.height
    if trip == "snooze a week":
        assert store.get(last.id).snoozed_until is not None
    if trip == "a log in details":
        assert [i.summary for i in store.interactions(last.id)] == ["phoned"]
