"""The board's stage columns: a title with a count (a `TextLine`) over a `CardList`.

`TextLine` is a line of text that repaints in place (the board's header, tabs and status
line too). All three keep their drawn lines by look (`widgets.lines`).
"""

from __future__ import annotations

from collections.abc import Hashable

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.geometry import Size
from textual.reactive import reactive

from board.model import Stage
from widgets.columns import CardList
from widgets.lines import KeptLines


class TextLine(KeptLines):
    """One line that repaints without asking for a new layout.

    `Static.update` refreshes the layout of the whole screen; the board changes its
    titles and status line on every keystroke, so they use this instead. `text` is our
    own markup (a str) or `Content` (what holds data: never parsed as markup).
    """

    DEFAULT_CSS = "TextLine { height: 1; width: 1fr; }"

    text: reactive[str | Content] = reactive("", layout=False)

    def render(self) -> Content:
        return self.text if isinstance(self.text, Content) else Content.from_markup(self.text)

    def _look(self) -> Hashable:
        text = self.text  # (a `Content` equals any text with its letters, whatever its styles)
        return ("markup", text) if isinstance(text, str) else ("content", text.plain, tuple(text.spans))


class StageColumn(Vertical, KeptLines):
    """A stage's title and count above its cards (of its own lines, only its left border shows)."""

    def _size_updated(self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True) -> bool:
        # Sized by the row (1fr): a new size asks for no second layout (see CardScrollBar).
        return super()._size_updated(size, virtual_size, container_size, layout=False)

    def __init__(self, stage: Stage) -> None:
        super().__init__(id=f"col-{stage.value}", classes="stage-column")
        self.stage = stage
        self.title = TextLine(classes="column-title")
        self.title.text = stage.label
        self.cards = CardList(stage, id=f"cards-{stage.value}")

    def compose(self) -> ComposeResult:
        yield self.title
        yield self.cards

    def set_count(self, shown: int, total: int | None = None) -> None:
        count = f"{shown}" if total is None or total == shown else f"{shown}/{total}"
        self.title.text = f"{self.stage.label} ({count})"

    def on_click(self) -> None:
        self.post_message(CardList.Clicked(self.cards, -1))


class ColumnsRow(Horizontal):
    """The row of stage columns, sized by the screen: a new size asks for no second layout.

    Its columns cover it whole: none of its own lines shows, so Textual draws it blank.
    """

    BLANK = True

    def _size_updated(self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True) -> bool:
        return super()._size_updated(size, virtual_size, container_size, layout=False)
