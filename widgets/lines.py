"""Drawn lines kept by what they show, so that a frame showing them again draws nothing.

Textual draws a widget's lines anew after each refresh or resize (its styles cache is
cleared), as new `Strip`s; the compositor then cuts every line at each widget edge on it
(`Strip.divide`) and passes it through the app's line filters (`Strip.apply_filter`),
work that a `Strip` remembers, but only on that same object. When the board's filter
box goes, every column moves up a row: the whole screen is laid out and drawn again,
with the very lines the board showed before the box opened. A widget here answers
`render_lines` with the `Strip`s it drew last time it looked the same, and Textual
draws them only when it does not.

What a widget looks like is its `_look()` (what it shows) with its size, the part of it
drawn, its background and the app's line filters; its styles are in none of those, so
the lines go when Textual updates them (`notify_style_update`: a class, the theme, the
CSS). A widget whose look is not all of that (animated styles, say) must not use this.
"""

from __future__ import annotations

from collections.abc import Hashable

from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget

from widgets.lru import LRU

LOOKS_KEPT = 3  # per widget: what it showed before a filter (or a dialog), with it, and one more


class KeptLines(Widget):
    """A mixin for a widget whose lines are Textual's, kept by look (see the module).

    Named after the Textual class in the bases (`class Column(Vertical, KeptLines)`):
    Textual's CSS follows the first base only, and would lose the other's default styles.
    """

    _kept_lines: LRU[Hashable, list[Strip]] | None = None

    def _look(self) -> Hashable:
        """What the widget shows, beyond its styles and size (nothing, by default)."""
        return ()

    def render_lines(self, crop: Region) -> list[Strip]:
        kept = self._kept_lines
        if kept is None:
            kept = self._kept_lines = LRU(LOOKS_KEPT)
        key = (self._look(), self.size, crop, self.background_colors, tuple(self.get_line_filters()))
        lines = kept.get(key)
        if lines is None:
            lines = super().render_lines(crop)
            kept[key] = lines
        return list(lines)  # (the caller's own list: the kept one stays as drawn)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        if self._kept_lines is not None:
            self._kept_lines.clear()
