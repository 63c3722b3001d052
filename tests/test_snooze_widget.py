"""The snooze form, driven with Pilot inside a minimal host app."""

from __future__ import annotations

from datetime import date

from textual.app import App, ComposeResult
from textual.widgets import Input, Static

from tests.helpers import TODAY, screen_text
from widgets.dialogs.snooze import SnoozeModal

UNSET = object()


class Host(App[None]):
    """Opens the snooze form at once and keeps what it dismissed with."""

    def __init__(self) -> None:
        super().__init__()
        self.result: object = UNSET

    def compose(self) -> ComposeResult:
        yield Static("board")

    def on_mount(self) -> None:
        self.push_screen(SnoozeModal(TODAY, "Ana Ruiz"), self._done)

    def _done(self, until: date | None) -> None:
        self.result = until


async def test_one_week_dismisses_with_today_plus_seven():
    app = Host()
    async with app.run_test() as pilot:
        await pilot.pause()
        assert isinstance(app.screen, SnoozeModal)
        assert "Snooze Ana Ruiz until…" in screen_text(app)
        await pilot.press("2")
        await pilot.pause()
        assert app.result == date(2026, 11, 29)
        assert not isinstance(app.screen, SnoozeModal)


async def test_letter_keys_pick_too():
    for key, expected in (("d", date(2026, 11, 23)), ("w", date(2026, 11, 29)),
                          ("m", date(2026, 12, 22)), ("3", date(2026, 12, 22))):
        app = Host()
        async with app.run_test() as pilot:
            await pilot.pause()
            await pilot.press(key)
            await pilot.pause()
            assert app.result == expected, key


async def test_arrow_and_enter_pick_from_the_list():
    app = Host()
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.press("down", "down", "enter")  # the list opens on "1 day"
        await pilot.pause()
        assert app.result == date(2026, 12, 22)


async def test_a_past_date_shows_an_error_and_stays_open():
    app = Host()
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.press("tab")
        assert isinstance(app.focused, Input)
        await pilot.press(*"2026-11-01", "enter")
        await pilot.pause()
        assert isinstance(app.screen, SnoozeModal)
        assert app.result is UNSET
        error = app.screen.query_one("#snooze-error", Static)
        assert error.display and "not after today" in str(error.render())
        assert "2026-11-01 is not after today" in screen_text(app)
        assert app.screen.query_one(Input).has_class("-invalid")
        # fixing the text clears the error, and a good date dismisses
        await pilot.press("ctrl+u", *"+3d", "enter")
        await pilot.pause()
        assert app.result == date(2026, 11, 25)


async def test_an_unreadable_date_shows_an_error_and_stays_open():
    app = Host()
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.press("tab", *"soon", "enter")
        await pilot.pause()
        assert isinstance(app.screen, SnoozeModal)
        assert "Cannot read 'soon'" in screen_text(app)
        await pilot.press("enter")  # still bad: still open
        await pilot.pause()
        assert app.result is UNSET


async def test_digits_typed_into_the_date_are_text_not_choices():
    app = Host()
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.press("tab", *"2026-12-01", "enter")
        await pilot.pause()
        assert app.result == date(2026, 12, 1)


async def test_escape_cancels_with_none():
    app = Host()
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert app.result is None
        assert not isinstance(app.screen, SnoozeModal)


def test_every_binding_has_an_id():
    assert all(binding.id for binding in SnoozeModal.BINDINGS)
