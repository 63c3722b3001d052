"""A notice that replaces the one shown takes its place: the same toast, its new words,
its own time to stay up; on every screen that shows it."""

from __future__ import annotations

import time

import pytest
from textual.widgets._toast import Toast

from tests.helpers import screen_text, wait_until
from widgets import notices


def _toasts(app) -> list[Toast]:
    return list(app.screen.query(Toast))


async def test_a_notice_replaces_the_one_shown_in_its_place_and_stays_its_own_time(
    store, make_app, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(notices, "READ_AT_LEAST", 0.0)  # as long as asked: a test of seconds
    app = make_app(store)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        app.notify("Logged.", timeout=0.3)
        await wait_until(pilot, lambda: bool(_toasts(app)))
        [toast] = _toasts(app)
        replaced = time.monotonic()
        app.notify("Saved Ana Lima.", timeout=1.2)
        await wait_until(pilot, lambda: "Saved Ana Lima" in screen_text(app))
        assert _toasts(app) == [toast]
        assert "Logged." not in screen_text(app)
        await wait_until(pilot, lambda: not _toasts(app))
        assert time.monotonic() - replaced >= 1.1  # its own time, not what was left of the first's
        assert "Saved Ana Lima" not in screen_text(app)


async def test_a_warning_still_stays_beside_the_information(store, make_app) -> None:
    app = make_app(store)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        app.notify("Logged a note with Ana.")
        await wait_until(pilot, lambda: len(_toasts(app)) == 1)
        app.notify("The disk is nearly full.", severity="warning")
        await wait_until(pilot, lambda: len(_toasts(app)) == 2)
        app.notify("Saved Ana Lima.")  # a warning is up: this one is added, nothing replaced
        await wait_until(pilot, lambda: "Saved Ana Lima." in screen_text(app))
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
