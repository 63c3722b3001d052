"""Start-up: what the board does before its first frame, and what waits until after it."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

import board.cli
from board.cli import main
from tests.helpers import add, screen_text


@pytest.fixture
def collecting():
    """Whatever a test does to the garbage collector, it is on again afterwards."""
    yield
    gc.enable()


def test_a_command_runs_with_the_garbage_collector_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, collecting: None
) -> None:
    seen: list[bool] = []
    loaded = board.cli.register_commands

    def register(collect: bool = False) -> None:
        loaded(collect)
        seen.append(gc.isenabled())

    monkeypatch.setattr(board.cli, "register_commands", register)
    with pytest.raises(SystemExit) as done:
        main(["--data", str(tmp_path / "data"), "list"])
    assert done.value.code == 0
    assert seen == [True]  # on again as soon as a command is named, before it runs
    assert gc.isenabled()


def test_the_board_opens_with_the_collector_held_off(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, collecting: None
) -> None:
    import widgets.app

    seen: list[bool] = []
    monkeypatch.setattr(widgets.app, "run_board", lambda store, config: seen.append(gc.isenabled()))
    with pytest.raises(SystemExit) as done:
        main(["--data", str(tmp_path / "data")])
    assert done.value.code == 0
    assert seen == [False]  # no collection before the first frame: the App turns it on
    assert gc.isenabled()


def test_the_cli_leaves_the_garbage_collector_as_it_found_it(tmp_path: Path, collecting: None) -> None:
    gc.disable()
    with pytest.raises(SystemExit):
        main(["--data", str(tmp_path / "data"), "list"])
    assert not gc.isenabled()
    gc.enable()
    with pytest.raises(SystemExit):
        main(["--version"])
    assert gc.isenabled()


async def test_the_board_turns_the_collector_on_once_it_has_painted(store, make_app, collecting) -> None:
    add(store, "Ana Lima", company="Acme")
    gc.disable()  # as `trustboard` opens the board (board.cli.main)
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "Ana Lima" in screen_text(app)
        assert app.startup_seconds is not None
        assert gc.isenabled()


async def test_a_board_opened_with_the_collector_on_keeps_it_on(store, make_app, collecting) -> None:
    add(store, "Ana Lima")
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        assert gc.isenabled()  # the board's load turns it off only while it loads
        await pilot.pause()
        assert gc.isenabled()
