"""Closing the log form: the board beneath is drawn again from the lines it kept.

A dialog's close repaints the whole board (the dialog dims everything around it). The
board screen's own background lines, all covered by its widgets, used to be drawn anew
and cut at every column edge each time: now the screen keeps them (widgets.lines), and
these tests hold them to what Textual draws, through a log, a theme change and a resize.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from textual.geometry import Region
from textual.strip import Strip

from board.model import Stage
from board.store import Store
from tests.helpers import FIXED_NOW, add, notices, wait_until
from widgets.lines import KeptLines
from widgets.screens.board import BoardScreen

STAGES = list(Stage)


def _board(store: Store) -> None:
    for n in range(24):
        add(store, f"Person {n:02}", stage=STAGES[n % 4], at=FIXED_NOW - timedelta(days=n))


def _segments(strips: list[Strip]) -> list[list[Any]]:
    return [list(strip) for strip in strips]


def _textuals(screen: BoardScreen) -> list[Strip]:
    """What Textual draws for the board screen now, none of it kept."""
    screen.refresh()
    return super(KeptLines, screen).render_lines(screen.size.region)


async def _log_a_note(pilot: Any, app: Any, text: str) -> None:
    logged = notices(app).count("Logged note")
    await pilot.press("i")
    await wait_until(pilot, lambda: type(app.screen).__name__ == "LogForm")
    await pilot.press("6", *text, "enter")
    await wait_until(pilot, lambda: isinstance(app.screen, BoardScreen) and notices(app).count("Logged note") > logged)
    await pilot.pause()


async def test_the_board_keeps_its_lines_through_a_log(store: Store, make_app) -> None:
    _board(store)
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        board = app.screen
        assert isinstance(board, BoardScreen) and isinstance(board, KeptLines)
        before = board.render_lines(board.size.region)
        await _log_a_note(pilot, app, "kept")
        after = board.render_lines(board.size.region)
        assert [a is b for a, b in zip(before, after, strict=True)] == [True] * len(before)
        assert _segments(after) == _segments(_textuals(board))
        assert store.interactions(board.selected_id() or "")[-1].summary == "kept"


async def test_a_theme_or_a_size_draws_the_board_anew(store: Store, make_app) -> None:
    _board(store)
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        board = app.screen
        before = board.render_lines(board.size.region)
        app.theme = "textual-light" if app.theme != "textual-light" else "nord"
        await pilot.pause()
        themed = board.render_lines(board.size.region)
        assert _segments(themed) != _segments(before)  # the new background
        assert _segments(themed) == _segments(_textuals(board))
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        await _log_a_note(pilot, app, "small")
        narrow = board.render_lines(Region(0, 0, 80, 24))
        assert len(narrow) == 24 and _segments(narrow) == _segments(_textuals(board))
