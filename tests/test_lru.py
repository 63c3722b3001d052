"""The widgets' line caches (`widgets.lru.LRU`): least recently used out first, and what
a clear lets go is freed at once, with no cycle left for a full collection to find."""

from __future__ import annotations

import gc
import re
import weakref
from pathlib import Path

from widgets.lru import LRU


class Lines(list[str]):
    """A value a weak reference can follow (a widget's lines, here)."""


def test_the_least_recently_used_goes_first() -> None:
    cache: LRU[str, int] = LRU(2)
    cache["a"], cache["b"] = 1, 2
    assert cache.get("a") == 1  # a is now the most recent
    cache["c"] = 3
    assert (cache.get("a"), cache.get("b"), cache.get("c")) == (1, None, 3)
    assert len(cache) == 2
    cache["a"] = 10  # written again: most recent, not a second entry
    cache["d"] = 4
    assert (cache.get("a"), cache.get("c"), cache.get("d"), len(cache)) == (10, None, 4, 2)


def test_a_clear_or_an_eviction_frees_the_values_without_a_collection() -> None:
    cache: LRU[int, Lines] = LRU(3)
    values = [Lines(["line"]) for _ in range(5)]
    refs = [weakref.ref(v) for v in values]
    for n, value in enumerate(values):
        cache[n] = value
    del values, value
    gc.disable()
    try:
        assert [r() is None for r in refs] == [True, True, False, False, False]  # evicted
        cache.clear()
        assert all(r() is None for r in refs)
    finally:
        gc.enable()


def test_no_widget_keeps_lines_in_textuals_lru_cache() -> None:
    """Its ring of links, dropped whole by `clear`, refers to itself: every restyle of a
    widget left its lines for a full collection (most of what those collections freed)."""
    widgets = Path(__file__).resolve().parent.parent / "widgets"
    made = re.compile(r"\bLRUCache\s*[(\[]")  # one made or typed (not named in prose)
    users = [p.name for p in widgets.rglob("*.py") if made.search(p.read_text("utf-8"))]
    assert users == []
