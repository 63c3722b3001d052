"""The givers' gain screen, driven with Pilot inside a minimal host app."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.app import App, ComposeResult
from textual.widgets import DataTable, ProgressBar, Sparkline, Static

from board.config import Config
from board.model import Stage, Value
from board.stats import GiversGain, givers_gain_for
from tests.helpers import TODAY, build_network, screen_text
from widgets.screens.givers_gain import GiversGainScreen


class Host(App[None]):
    def __init__(self, gain: GiversGain) -> None:
        super().__init__()
        self.gain = gain
        self.closed = False

    def compose(self) -> ComposeResult:
        yield Static("board")

    def on_mount(self) -> None:
        self.push_screen(GiversGainScreen(self.gain), lambda _: setattr(self, "closed", True))


@pytest.fixture
def gain(tmp_path: Path) -> GiversGain:
    return givers_gain_for(build_network(tmp_path), Config())


async def test_shows_the_figures(gain: GiversGain):
    app = Host(gain)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, GiversGainScreen)
        text = screen_text(app)
        assert "4 / 250" in text
        assert "Sphere of influence" in text
        assert "Met 3 · Talked 2 · Gave value 2 · Trusted 2" in text
        assert "Last 30 days: gave 2 · received 1 · moved forward 1" in text
        assert "going cold (overdue by over a full cadence): 3" in text
        assert "esc/q close" in text  # everything fits at 80×24
        assert app.screen.query_one(ProgressBar).progress == 4
        assert list(app.screen.query_one(Sparkline).data) == gain.weekly
        table = app.screen.query_one(DataTable)
        assert [str(c) for c in table.get_row(Value.REFERRAL.value)] == ["referral", "0", "1", "1", "1", "1", "1"]
        assert [str(c) for c in table.get_row("total")] == ["total", "2", "5", "6", "1", "1", "2"]


async def test_sphere_beyond_the_goal_fills_the_bar():
    gain = GiversGain(today=TODAY)
    gain.stages[Stage.GAVE_VALUE] = 200
    gain.stages[Stage.TRUSTED] = 80
    app = Host(gain)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "280 / 250" in screen_text(app)
        assert app.screen.query_one(ProgressBar).progress == 250


@pytest.mark.parametrize("key", ["q", "escape"])
async def test_q_and_escape_close(gain: GiversGain, key: str):
    app = Host(gain)
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.press(key)
        await pilot.pause()
        assert app.closed
        assert not isinstance(app.screen, GiversGainScreen)


def test_every_binding_has_an_id_and_description():
    assert all(b.id and b.description for b in GiversGainScreen.BINDINGS)
