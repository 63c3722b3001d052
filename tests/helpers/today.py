"""The Today queue in a test: a board of people all due, and opening and closing Today."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from board.store import Store
from widgets.screens.today import TodayScreen

from .clock import FIXED_NOW
from .people import add


def due_people(store: Store, people: int = 60) -> None:
    """`people` all due, the longest overdue first: more than Today's list shows at once."""
    for n in range(people):
        add(store, f"Person {n:02}", at=FIXED_NOW - timedelta(days=20 + n))


async def open_today(app: Any, pilot: Any, pauses: int = 1) -> TodayScreen:
    await pilot.press("t")
    for _ in range(pauses):
        await pilot.pause()
    assert isinstance(app.screen, TodayScreen)
    return app.screen


async def close_today(app: Any, pilot: Any) -> None:
    await pilot.press("escape")
    await pilot.pause()
    assert not isinstance(app.screen, TodayScreen)
