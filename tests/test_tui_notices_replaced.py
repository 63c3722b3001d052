"""A notice that replaces the one shown takes its place: the same toast, its new words,
its own time to stay up; on every screen that shows it."""

from __future__ import annotations

import pytest
from textual.widgets._toast import Toast

from tests.helpers import screen_text
from widgets import notices


def _toasts(app) -> list[Toast]:
    return list(app.screen.query(Toast))


async def test_a_notice_replaces_the_one_shown_in_its_place_and_stays_its_own_time(
    store, make_app, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(notices, "READ_AT_LEAST", 0.0)  # as long as asked: a test of seconds
    app = make_app(store)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        app.notify("Logged.", timeout=0.5)
        await pilot.pause(0.3)
        [toast] = _toasts(app)
        app.notify("Saved Ana Lima.", timeout=1.2)
        await pilot.pause(0.5)  # past the first notice's time
        assert _toasts(app) == [toast]
        text = screen_text(app)
        assert "Saved Ana Lima" in text and "Logged." not in text
        await pilot.pause(1.2)  # past the second's
        assert _toasts(app) == []
        assert "Saved Ana Lima" not in screen_text(app)


async def test_a_warning_still_stays_beside_the_information(store, make_app) -> None:
    app = make_app(store)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        app.notify("Logged a note with Ana.")
        await pilot.pause()
        app.notify("The disk is nearly full.", severity="warning")
        await pilot.pause()
        app.notify("Saved Ana Lima.")  # a warning is up: this one is added, nothing replaced
        await pilot.pause()
        text = screen_text(app)
        assert "The disk is nearly full." in text and "Saved Ana Lima." in text
        assert len(_toasts(app)) == 3


async def test_a_screen_shown_again_shows_the_notice_as_it_is_now(sample_store, make_app) -> None:
    app = make_app(sample_store)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        app.notify("Logged a note with Ana.")
        await pilot.press("t")  # Today shows the notice too
        await pilot.pause()
        assert "Logged a note with Ana." in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        app.notify("Saved Ana Lima.")
        await pilot.pause()
        await pilot.press("t")  # the same Today, kept: its toast has the new words
        await pilot.pause()
        text = screen_text(app)
        assert "Saved Ana Lima." in text and "Logged a note" not in text
