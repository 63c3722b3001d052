"""When the board runs Python's full garbage collections: while the user is not typing.

A full (oldest-generation) collection walks every object the cyclic GC tracks; on a
board of 30,000 contacts that is a pause of tens of milliseconds, and with Python's
default thresholds one lands every few keystrokes, on whichever key is unlucky: the
slow tail of the session. The board keeps its loaded contacts out of the collector
(`gc.freeze()` after the first load), and `Collector` moves the rest of the work off
the keys: full collections become ten times rarer while keys arrive
(`FULL_EVERY`), and one runs instead once the board has been idle for `IDLE_SECONDS`
and the default policy would have run one by now. Young collections are left as they
are: they are cheap and free most garbage.

Most of what full collections find is Textual's own: a line (`Strip`) the compositor
"divides" at its full width answers `[self]` and keeps that list in its own cache, so it
refers to itself, and every long-lived line a cache drops can then only be freed by a
full collection (about 7 in 10 of the lines such a collection frees, on the board in a
session of keys). `acyclic_strips` makes that one case answer without keeping itself.
The other half in a session was Textual's "virtual" nodes: every restyle of a widget
with component classes (a card list, an option list, an input) made one new `DOMNode`
per class to work out its styles, about twenty objects referring to each other, and let
the last ones go as garbage (2,400 such nodes in a 224-key session).
`kept_component_nodes` has each widget keep its virtual nodes and style them again.

What the collector frees goes back to the C allocator, which may keep it from the system:
`one_malloc_arena` has glibc serve the board's threads from one heap, so that what one
thread frees another reuses, and once in each idle stretch the heap's free pages go back
to the system (`give_back_free_memory`).
"""

from __future__ import annotations

import gc
import os
import time
from collections.abc import Callable, Iterable, Sequence

from textual.css.stylesheet import Stylesheet
from textual.dom import DOMNode
from textual.strip import Strip

FULL_EVERY = 100  # young (generation 1) collections before a full one; Python's default: 10
DEFAULT_FULL_EVERY = 10
IDLE_SECONDS = 1.5  # no key or mouse event for this long: a pause would not be felt
M_ARENA_MAX = -8  # glibc's mallopt parameter (malloc.h)


def _glibc() -> bool:
    try:
        version = os.confstr("CS_GNU_LIBC_VERSION") or ""
    except (AttributeError, ValueError, OSError):  # (no confstr, or no such name: not glibc)
        return False
    return version.startswith("glibc")


def one_malloc_arena() -> bool:
    """Have glibc's malloc serve every thread from one arena (True if it was asked).

    By default glibc gives each new thread an arena of its own (up to eight per core), and
    memory freed in one arena is reused only by that arena. The board's worker threads
    read whole shards (the standings, the network, Today's histories); what they free sits
    in their heaps while the main thread grows its own. At 100,000 contacts a session's
    end held 66 MiB free in the heaps against 15 MiB with one arena (bench_session: RSS
    230 against 210 MiB). Python's threads allocate while holding the GIL, so they do
    not queue for the one arena. Called before the board starts its threads; elsewhere
    than glibc (musl, macOS, Windows) it does nothing."""
    if not _glibc():
        return False
    import ctypes  # (here: only the board's process needs it)

    return bool(ctypes.CDLL(None).mallopt(M_ARENA_MAX, 1))


def give_back_free_memory() -> bool:
    """Return the C heap's free pages to the system (glibc's `malloc_trim`; True if it
    ran). What the board frees stays in its heap, pages the process keeps though no
    object is in them: at 100,000 contacts about 12 MiB after opening. A call takes under
    a millisecond. Elsewhere than glibc it does nothing."""
    if not _glibc():
        return False
    import ctypes

    ctypes.CDLL(None).malloc_trim(0)
    return True


def acyclic_strips() -> None:
    """`Strip.divide` at the strip's own width gives `[self]` without caching it in the
    strip (which made a cycle); every other cut is Textual's own `divide`. Idempotent."""
    divide = Strip.divide
    if getattr(divide, "acyclic", False):
        return

    def whole_or_divided(strip: Strip, cuts: Iterable[int]) -> Sequence[Strip]:
        length = strip.cell_length
        kept = [cut for cut in cuts if cut <= length]  # as `divide` filters them
        if kept == [length]:
            return [strip]
        return divide(strip, kept)

    whole_or_divided.acyclic = True  # type: ignore[attr-defined]  # marks the wrapper
    Strip.divide = whole_or_divided  # type: ignore[method-assign,assignment]  # one case, see above


def kept_component_nodes() -> None:
    """`Stylesheet._process_component_classes` (Textual 8.2's, a private) with each node's
    virtual nodes made once and styled again, not made anew at every restyle; the node
    is refreshed, as Textual's own does, when a component's styles changed. Idempotent.
    tests/test_gc_garbage.py holds the styles to Textual's own."""
    if getattr(Stylesheet._process_component_classes, "kept", False):
        return

    def process_component_classes(self: Stylesheet, node: DOMNode) -> None:
        component_classes = node._get_component_classes()
        if not component_classes:
            return
        virtual: dict[str, DOMNode] = node.__dict__.setdefault("_kept_virtual_nodes", {})
        refresh_node = False
        node._component_styles.clear()
        for component in sorted(component_classes):
            virtual_node = virtual.get(component)
            if virtual_node is None:
                virtual_node = virtual[component] = DOMNode(classes=component)
                virtual_node._attach(node)
                before = None
            else:
                styles = virtual_node.styles
                before = (dict(styles.base._rules), dict(styles.inline._rules))
            self.apply(virtual_node, animate=False)
            styles = virtual_node.styles
            if before != (styles.base._rules, styles.inline._rules):
                refresh_node = True
            node._component_styles[component] = styles
        if refresh_node:
            node.refresh()

    process_component_classes.kept = True  # type: ignore[attr-defined]  # marks the replacement
    process_component_classes.textuals = Stylesheet._process_component_classes  # type: ignore[attr-defined]  # for the test
    Stylesheet._process_component_classes = process_component_classes  # type: ignore[method-assign]  # see above


class Collector:
    """Sets the board's GC thresholds, and runs full collections while it is idle; then,
    once in each idle stretch, gives the C heap's free memory back (`give_back`)."""

    def __init__(self, give_back: Callable[[], object] = give_back_free_memory) -> None:
        self._saved: tuple[int, int, int] | None = None
        self.last_input = time.monotonic()
        self.idle_collections = 0
        self._give_back = give_back
        self._given_back_after: float | None = None  # the input the last give-back followed

    def start(self) -> None:
        acyclic_strips()
        kept_component_nodes()
        if self._saved is None:
            self._saved = gc.get_threshold()
            young, middle, _full = self._saved
            gc.set_threshold(young, middle, FULL_EVERY)

    def stop(self) -> None:
        """Put back the thresholds found at start (a test runs many boards in one process)."""
        if self._saved is not None:
            gc.set_threshold(*self._saved)
            self._saved = None

    def input(self) -> None:
        """A key or mouse event arrived."""
        self.last_input = time.monotonic()

    def tick(self) -> bool:
        """Called every second or so: a full collection if due and idle; True if it ran."""
        if self._saved is None or time.monotonic() - self.last_input < IDLE_SECONDS:
            return False
        collected = gc.get_count()[2] >= DEFAULT_FULL_EVERY
        if collected:
            gc.collect()
            self.idle_collections += 1
        if self._given_back_after != self.last_input:  # (after the collection: what it freed too)
            self._given_back_after = self.last_input
            self._give_back()
        return collected
