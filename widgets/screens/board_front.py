"""The board's front on the screen: its first frame drawn from the card file's front
(`board.front`), the whole board loaded right after, and the front it then keeps.

A mixin of `BoardScreen`: the front is a cache of that screen's first frame, so its
drawing lives beside it, out of the screen's own module.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from board.errors import DataError
from board.front import config_mark, front_cards, front_of
from board.model import Stage
from widgets.standings import WAIT_UP_TO

if TYPE_CHECKING:
    from textual.app import App

    from board.view import BoardView
    from widgets.session import Session
    from widgets.stage_columns import StageColumn


class BoardFront:
    """_paint_front, ensure_loaded, front."""

    if TYPE_CHECKING:
        session: Session
        view: BoardView
        columns: dict[Stage, StageColumn]
        _partial: bool
        _plain: bool
        _due_text: str

        @property
        def app(self) -> App[Any]: ...

        def show_header(self, now: datetime | None = None) -> None: ...

        def _activate(self) -> None: ...

        def refresh_data(self, select_id: str | None = None, changed: set[str] | None = None) -> None: ...

    def _paint_front(self) -> bool:
        """Draw the board's front (`board.front`) if the card file keeps one for today:
        the first frame without reading every card. False: load the board as usual."""
        store = self.session.store
        now = store.clock()
        try:
            found = store.card_front(now.date(), config_mark(self.session.config))
            front = None if found is None else front_cards(found, store.front_facts, store.get, WAIT_UP_TO)
            if front is None or not front.fits(self.app.size.height):
                return False
            for stage, column in self.columns.items():
                count, cards = front.columns[stage]
                # As long as the column, its first cards then the last of them again: only
                # the first are drawn before the whole board replaces them (`ensure_loaded`).
                column.cards.set_cards(cards + cards[-1:] * (count - len(cards)), now)
                column.set_count(count)
            self._due_text = f"{front.due} due today"
            self.show_header(now)
            self._activate()  # (the status line reads the selected person's shard)
        except DataError:
            return False  # (the whole load, drawn over this, says what cannot be read)
        self._partial = True
        return True

    def ensure_loaded(self) -> None:
        """Load the whole board now if the first frame was its front (the App calls this
        once that frame is drawn, and before any key or click is handled)."""
        if self._partial:
            self.refresh_data()

    def front(self) -> dict[str, Any] | None:
        """The board's front to keep in the card file (None: none to keep)."""
        if not self._plain or self._partial:
            return None
        return front_of(self.view, self.session.config, WAIT_UP_TO)
