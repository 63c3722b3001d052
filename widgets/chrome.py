"""The header and footer of full screens: Textual's, without their costs over a long session.

`KeyFooter` is Textual's `Footer`, rebuilt only when the keys it shows change. Textual's
Footer (8.2) recomposes itself on every change of screen or focus, even when it would
show the very same keys: two dozen key widgets and their styles, about 15 ms and two
layouts each time a dialog closes. Each rebuild also leaked: a key is bound to the
footer's `compact` with `data_bind`, and the footer's watcher list keeps every key it
ever made, so a long session piled up thousands of dead widgets for the garbage
collector to walk. `KeyFooter` looks at what it would show first and rebuilds only if
that differs, and gives its keys the footer's `compact` directly (it never changes
after the footer is made), so a removed key is garbage at once. When the keys to show
are some of those it shows, as when the filter box takes the letters and gives them
back, it hides and shows its keys instead of making new ones (new widgets cost the
screen a second layout once they have a size). Keys that do not fit the width are left
out whole and the footer ends with "…" (`?` lists them all), rather than a key cut
mid-word.

`ScreenHeader` is Textual's `Header`, which watches the App's title and sub-title; the
App keeps that watcher (and through it the header) until its title next changes, which
in trustboard is never, so every Today or details screen left its header behind.
`ScreenHeader` takes its watchers away when it goes. Its title also repaints in place: Textual's
lays out the whole screen for each new sub-title (Today's count), though the title is as
wide as the header and one line high whatever it says.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable
from itertools import groupby
from typing import TYPE_CHECKING

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.visual import VisualType
from textual.widgets import Footer, Header
from textual.widgets._footer import FooterKey, FooterLabel, KeyGroup
from textual.widgets._header import HeaderClock, HeaderClockSpace, HeaderIcon, HeaderTitle

from board.text import ELLIPSIS, cells
from widgets.lines import KeptLines

if TYPE_CHECKING:
    from textual.screen import Screen

Shown = tuple[tuple[object, ...], ...]
Parts = tuple[dict[object, tuple[tuple[object, ...], ...]], tuple[tuple[object, ...], ...]]
PALETTE_CELLS = 12  # "▏^p palette" and its padding, docked on the right
MORE = f" {ELLIPSIS}"  # what ends a footer whose keys do not all fit


def key_cells(key_display: str, description: str) -> int:
    """The cells a footer key takes: " key " then "description " (Textual's padding)."""
    return cells(key_display) + 2 + (cells(description) + 1 if description else 0)


class _Key(FooterKey, KeptLines):
    """Textual's footer key, which draws its lines again only when it looks different
    (hidden and shown again as the filter box takes focus and gives it back: widgets.lines)."""

    def _look(self) -> Hashable:
        return (self.key, self.key_display, self.description, self.compact, self.disabled)


class KeyFooter(Footer):
    """A Footer that recomposes only when its keys (or their state) change."""

    def __init__(self, *, id: str | None = None, early: bool = False) -> None:
        super().__init__(id=id)
        if early:
            # Composed with the keys its screen has as it mounts: Textual's Footer composes
            # empty, then again once the screen reports its bindings (a second compose and
            # layout as the screen opens); `_update_keys` still rebuilds if they differ.
            # (Not the board's: its first keys would be frozen with the loaded board.)
            self.set_reactive(Footer._bindings_ready, True)
        self._shown: Shown | None = None  # what the last compose showed
        self._now: Shown | None = None  # what shows now (some of those keys may be hidden)
        self._by_action: dict[object, FooterKey] = {}  # the composed keys, one per action
        self._whole = False  # the last compose showed every key, none grouped: keys can hide
        self._pending = False  # a check is already waiting

    def _keys(self) -> Shown:
        """What the footer would show now: each key, its label and state, and the palette's."""
        app = self.app
        shown: list[tuple[object, ...]] = []
        for key, (_node, binding, enabled, tooltip) in self.screen.active_bindings.items():
            if self._shows(binding) or key == app.COMMAND_PALETTE_BINDING:
                shown.append((
                    key, binding.key, app.get_key_display(binding), binding.description,
                    binding.action, enabled, tooltip, binding.tooltip, binding.show,
                    id(binding.group) if binding.group else None,
                ))
        shown.append((self.show_command_palette, app.ENABLE_COMMAND_PALETTE, self.compact, self._width()))
        return tuple(shown)

    def _shows(self, binding: Binding) -> bool:
        """Shown keys, less those the screen keeps out of the footer for now (`y` before a copy)."""
        if not binding.show:
            return False
        shows = getattr(self.screen, "footer_shows", None)
        return shows is None or bool(shows(binding))

    def _width(self) -> int:
        return self.screen.size.width or self.app.size.width

    def on_resize(self, event: events.Resize) -> None:
        if not self._pending:
            self._pending = True
            self.call_after_refresh(self._update_keys)

    def bindings_changed(self, screen: Screen) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen and not self._pending:
            self._pending = True
            # Before the next frame, so that a change of keys joins that frame's layout.
            self.call_next(self._update_keys)

    async def _update_keys(self) -> None:
        self._pending = False
        if not self.is_attached:
            return
        keys = self._keys()
        if keys == self._now:
            return
        if self._hide_or_show(keys):
            self._now = keys
            return
        await self.recompose()

    def _parts(self, shown: Shown) -> Parts:
        """The keys of `shown` by action, in order; and the rest (the palette's, the footer's state)."""
        palette = self.app.COMMAND_PALETTE_BINDING
        by_action: dict[object, list[tuple[object, ...]]] = {}
        rest = [shown[-1]]
        for entry in shown[:-1]:
            if entry[0] == palette:
                rest.append(entry)
            else:
                by_action.setdefault(entry[4], []).append(entry)
        return {action: tuple(entries) for action, entries in by_action.items()}, tuple(rest)

    def _hide_or_show(self, keys: Shown) -> bool:
        """Show `keys` by hiding or showing composed ones, if they are some of those, in order."""
        if self._shown is None or not self._whole:
            return False
        wanted, rest = self._parts(keys)
        composed, composed_rest = self._parts(self._shown)
        if rest != composed_rest or any(composed.get(action) != entries for action, entries in wanted.items()):
            return False
        order = iter(composed)
        if not all(action in order for action in wanted):  # the same order
            return False
        for action, key in self._by_action.items():
            key.display = action in wanted
        return True

    def _key(self, binding: Binding, enabled: bool, tooltip: str, description: str,
             classes: str = "", *, bound: bool = True) -> FooterKey:
        key = _Key(
            binding.key, self.app.get_key_display(binding), description, binding.action,
            disabled=not enabled, tooltip=tooltip, classes=classes,
        )
        if bound:
            # What `data_bind(compact=Footer.compact)` did, without the footer watching the key.
            key.set_reactive(FooterKey.compact, self.compact)
        return key

    def compose(self) -> ComposeResult:
        """Textual's `Footer.compose` (8.2), with keys that are not data-bound."""
        if not self._bindings_ready:
            return
        self._shown = self._now = self._keys()
        self._by_action = {}
        active_bindings = self.screen.active_bindings
        by_action: defaultdict[str, list[tuple[Binding, bool, str]]] = defaultdict(list)
        for _node, binding, enabled, tooltip in active_bindings.values():
            if self._shows(binding):
                by_action[binding.action].append((binding, enabled, tooltip))
        self.styles.grid_size_columns = len(by_action)
        palette = active_bindings.get(self.app.COMMAND_PALETTE_BINDING)
        with_palette = self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE and palette is not None
        room = self._width() - (PALETTE_CELLS if with_palette else 0)
        keys = list(by_action.values())
        widths = [key_cells(self.app.get_key_display(b[0][0]), b[0][0].description) for b in keys]
        if sum(widths) > room:  # keep whole keys and say that more follow
            kept, used = 0, cells(MORE) + 1  # and its margin
            while kept < len(keys) and used + widths[kept] <= room:
                used += widths[kept]
                kept += 1
            keys = keys[:kept]
        cut = len(keys) < len(by_action)
        self._whole = not cut
        for group, grouped in groupby(keys, lambda bindings: bindings[0][0].group):
            multi = list(grouped)
            if group is not None and len(multi) > 1:
                self._whole = False
                with KeyGroup(classes="-compact" if group.compact else ""):
                    for bindings in multi:
                        binding, enabled, tooltip = bindings[0]
                        yield self._key(binding, enabled, tooltip or binding.description, "",
                                        classes="-grouped")
                yield FooterLabel(group.description)
            else:
                for bindings in multi:
                    binding, enabled, tooltip = bindings[0]
                    key = self._key(binding, enabled, tooltip, binding.description)
                    self._by_action[binding.action] = key
                    yield key
        if cut:
            yield FooterLabel(MORE, classes="footer-more")
        if with_palette:
            assert palette is not None
            _node, binding, enabled, _tooltip = palette
            # Textual leaves the palette's key unbound (compact, its own default).
            yield self._key(binding, enabled, binding.tooltip or binding.description,
                            binding.description, classes="-command-palette", bound=False)


class _Title(HeaderTitle):
    """The header's title: its size is the header's, so a new text needs no layout."""

    def update(self, content: VisualType = "", *, layout: bool = True) -> None:
        super().update(content, layout=False)


class ScreenHeader(Header):
    """Textual's Header, which stops watching the App's title when it is removed."""

    def compose(self) -> ComposeResult:
        """Textual's `Header.compose` (8.2), with a title that repaints in place."""
        yield HeaderIcon().data_bind(Header.icon)
        yield _Title()
        yield HeaderClock().data_bind(Header.time_format) if self._show_clock else HeaderClockSpace()

    def on_unmount(self) -> None:
        # Textual (8.2) prunes a watcher only when the watched value next changes.
        watchers = getattr(self.app, "__watchers", {})
        for name in ("title", "sub_title"):
            kept = watchers.get(name)
            if kept:
                kept[:] = [(node, callback) for node, callback in kept if node is not self]
