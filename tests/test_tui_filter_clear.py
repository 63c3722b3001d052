"""Clearing the filter (esc) is one pass, and shows the cards it hid without drawing them again.

The box emptied reports a change of its own (`Input.Changed`), which used to run the whole
filter a second time; and each column's drawn rows were thrown away with every new set of
cards, so the cards the filter had hidden were drawn again line by line.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from board.model import Stage
from board.store import Store
from board.view import BoardView
from tests.helpers import FIXED_NOW, add, screen_text, wait_until
from widgets.columns import CardList
from widgets.screens.board import BoardScreen

STAGES = list(Stage)


def _board(store: Store) -> None:
    for n in range(48):
        add(store, f"Person {n:02}", stage=STAGES[n % 4], company="Lima Roofing" if n % 12 == 0 else "Acme",
            at=FIXED_NOW - timedelta(days=n))


def _shown(app: Any) -> int:
    return sum(len(column.cards.cards) for column in app.screen.columns.values())


def _selected(app: Any) -> set[str]:
    return {column.cards.current.facts.name for column in app.screen.columns.values()
            if column.cards.current is not None}


async def test_clearing_the_filter_is_one_pass_that_draws_no_card_again(
    store: Store, make_app, monkeypatch: pytest.MonkeyPatch
) -> None:
    _board(store)
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        before = screen_text(app)
        selected_before = _selected(app)
        await pilot.press("slash", *"lima")
        await wait_until(pilot, lambda: _shown(app) == 4)
        assert "filter: 4 shown" in screen_text(app)
        draws: list[BoardScreen] = []
        passes: list[BoardView] = []
        drawn: list[str] = []
        draw, columns, render = BoardScreen._draw, BoardView.columns, CardList._render_card_line

        def counting_draw(screen: BoardScreen, *args: Any, **kwargs: Any) -> None:
            draws.append(screen)
            draw(screen, *args, **kwargs)

        def counting_columns(view: BoardView) -> Any:
            if view.query.empty is False:
                passes.append(view)  # a filter worked out (or read) under a query
            return columns(view)

        def counting_render(cards: CardList, card: Any, part: int, width: int, selected: bool) -> Any:
            drawn.append(card.facts.name)
            return render(cards, card, part, width, selected)

        monkeypatch.setattr(BoardScreen, "_draw", counting_draw)
        monkeypatch.setattr(BoardView, "columns", counting_columns)
        monkeypatch.setattr(CardList, "_render_card_line", counting_render)
        await pilot.press("escape")
        await wait_until(pilot, lambda: _shown(app) == 48 and "shown" not in screen_text(app))
        for _ in range(3):
            await pilot.pause()
        assert len(draws) == 1  # one pass: the emptied box's own change filters nothing again
        assert passes == []  # and no filter was worked out for it
        # The columns as they were before the filter, but for where the selection is.
        def cards(text: str) -> list[str]:
            return text.replace("▌", " ").splitlines()[:-2]  # (the status line names the selected)

        assert cards(screen_text(app)) == cards(before)
        # The cards shown again were drawn before the filter: their rows are reused. Only
        # the selection, which the filter moved to a match, is drawn where it is now and
        # where it was (no longer selected).
        assert drawn and set(drawn) <= _selected(app) | selected_before, drawn
