"""What the list screens (Today, who knows, gifts, resources) share: one `OptionList` of
items moved through with j/k, the item it highlights, and rows as wide as the terminal allows.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import OptionList, Static

from widgets.chrome import KeyFooter, ScreenHeader

ROW_CELLS = 72  # fits 80 columns with the list's border, padding and scrollbar
ROW_MARGIN = 8  # what the list's border, padding and scrollbar take of a narrower screen

T = TypeVar("T")


def cursor_keys(prefix: str, noun: str) -> list[Binding]:
    """j and k: the next and the previous item (ids `PREFIX.down` and `PREFIX.up`)."""
    return [
        Binding("j", "cursor(1)", "Next", id=f"{prefix}.down", show=False, tooltip=f"Next {noun}"),
        Binding("k", "cursor(-1)", "Previous", id=f"{prefix}.up", show=False, tooltip=f"Previous {noun}"),
    ]


def move_cursor(options: OptionList, step: int) -> None:
    """One item down (`step` > 0) or up."""
    (options.action_cursor_down if step > 0 else options.action_cursor_up)()


def highlighted(options: OptionList, items: Sequence[T]) -> T | None:
    """The item the list highlights (None: none, or the list is ahead of `items`)."""
    index = options.highlighted
    if index is None or index >= len(items):
        return None
    return items[index]


def row_cells(screen_width: int) -> int:
    """How wide a row may be: ROW_CELLS, or less on a narrow terminal."""
    return max(24, min(ROW_CELLS, screen_width - ROW_MARGIN))


def list_screen(name: str, *below: str) -> ComposeResult:
    """The header, `#NAME-heading`, the list `#NAME-list`, a line `#NAME-PART` for each
    part `below` it, and the footer."""
    yield ScreenHeader(icon="◆")
    yield Static("", id=f"{name}-heading", markup=False)
    yield OptionList(id=f"{name}-list")
    for part in below:
        yield Static("", id=f"{name}-{part}", markup=False)
    yield KeyFooter()
