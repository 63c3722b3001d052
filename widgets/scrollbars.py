"""The card lists' scrollbar: whole-cell thumbs, drawn in the frame of the layout that
sizes it (see `widgets.columns.CardList`)."""

from __future__ import annotations

from collections.abc import Hashable
from typing import ClassVar, Self

from textual.geometry import Region, Size
from textual.reactive import Reactive
from textual.scrollbar import ScrollBar, ScrollBarRender

from widgets.lines import KeptLines


class WholeCellScrollBar(ScrollBarRender):
    """A thumb of whole cells: in a one-cell scrollbar, eighth-block ends look like stray text."""

    VERTICAL_BARS: ClassVar[list[str]] = [" "] * 8


class CardScrollBar(ScrollBar, KeptLines):
    """A card list's scrollbar, sized by its list, drawn in the frame that resizes it.

    Textual (8.2) has every widget whose size a layout changed ask for one more layout of
    the whole screen; for the board's columns and their scrollbars nothing depends on it.
    And a list resized sets its scrollbar's window during the layout, which asks for one
    more frame to draw it; that layout's own frame draws it already (its size changed too).
    """

    # Set while a layout arranges it, and by Textual's `_scroll_update`, which then asks
    # for a repaint itself: not a second request (and not one from the layout's own frame).
    window_virtual_size: Reactive[int] = Reactive(100, repaint=False)
    window_size: Reactive[int] = Reactive(0, repaint=False)
    resizing = False  # set by its list while a layout arranges both

    def _size_updated(self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True) -> bool:
        return super()._size_updated(size, virtual_size, container_size, layout=False)

    def _look(self) -> Hashable:
        """What Textual's `ScrollBar.render` draws: the thumb's place and size, its colours."""
        bar = self.render()
        if not isinstance(bar, ScrollBarRender):
            return object()  # (not Textual's bar: drawn each time)
        return (type(bar), bar.virtual_size, bar.window_size, bar.position, bar.thickness, bar.vertical, bar.style)

    def refresh(self, *regions: Region, repaint: bool = True, layout: bool = False,
                recompose: bool = False) -> Self:
        if self.resizing and not (layout or recompose):
            self._set_dirty(*regions)  # redrawn in this frame, with its new size
            return self
        return super().refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)
