"""Columns say how many cards are out of view: "↑ N more" on their first row and
"↓ N more" on their last, kept true as the selection moves, and never over a card shown."""

from __future__ import annotations

from board.store import Store
from tests.helpers import screen_text

SIZE = (80, 24)


def _met_column(app) -> list[str]:
    """The Met column's rows at 80×24 (its cells left of the first border)."""
    lines = screen_text(app).splitlines()
    return [line.split("▏")[0].strip() for line in lines[2:-2]]


async def test_columns_show_how_many_cards_are_above_and_below(sample_store: Store, make_app) -> None:
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        met = app.screen.columns[next(iter(app.screen.columns))].cards
        total = len(met.cards)
        assert total > 10
        rows = _met_column(app)
        assert rows[-1] == f"↓ {total - 5} more" and not any("↑" in row for row in rows)
        for _ in range(5):
            await pilot.press("j")
        await pilot.pause()
        rows = _met_column(app)
        assert rows[0] == "↑ 2 more", rows
        above, below = met.out_of_view()
        assert (above, below) == (2, total - 6)
        assert rows[-1] == f"↓ {below} more"
        name = met.current.contact.name
        assert any(row.endswith(name) for row in rows), f"the selected {name} is not in view: {rows}"
        await pilot.press("end")
        await pilot.pause()
        rows = _met_column(app)
        assert rows[0] == f"↑ {total - 4} more" and not any("↓" in row for row in rows)
        assert any(row.endswith(met.cards[-1].contact.name) for row in rows)
        await pilot.press("home")
        await pilot.pause()
        rows = _met_column(app)
        assert rows[-1] == f"↓ {total - 5} more" and rows[0].endswith(met.cards[0].contact.name)
        # A column whose cards all fit says nothing.
        await pilot.press("slash", *"tag:bni", "enter")
        await pilot.pause()
        assert not any("more" in row for row in _met_column(app))
