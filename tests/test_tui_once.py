"""Each piece of the board's work is done once: one filter pass per change, Today drawn once."""

from __future__ import annotations

from tests.helpers import screen_text, wait_until
from widgets.screens.board import BoardScreen
from widgets.screens.today import TodayScreen


def _counting(monkeypatch, cls, name):
    calls = []
    original = getattr(cls, name)

    def counted(self, *args, **kwargs):
        calls.append(name)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(cls, name, counted)
    return calls


async def test_clearing_the_filter_redraws_the_board_once(sample_store, make_app, monkeypatch):
    draws = _counting(monkeypatch, BoardScreen, "_draw")
    app = make_app(sample_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("slash", *"owen")
        await pilot.pause()
        assert "filter: 1 shown" in screen_text(app)
        draws.clear()
        await pilot.press("escape")  # the box empties (a change of its own) and hides
        await wait_until(pilot, lambda: "filter:" not in screen_text(app).splitlines()[0])
        await pilot.pause()  # the emptied box's own Changed message is handled by now
        assert len(draws) == 1
        draws.clear()
        await pilot.press("slash", *"owen ")  # a trailing space changes no word
        await pilot.pause()
        assert len(draws) == 4  # o, w, e, n: the space redraws nothing


async def test_today_draws_its_rows_once_when_it_opens(sample_store, make_app, monkeypatch):
    rows = _counting(monkeypatch, TodayScreen, "_draw_rows")
    app = make_app(sample_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("t")
        await pilot.pause()
        await pilot.pause()
        assert "to reach out to" in screen_text(app)
        assert len(rows) == 1
        await pilot.resize_terminal(120, 30)  # a new width: the columns are sized again
        await pilot.pause()
        await pilot.pause()
        assert len(rows) == 2
