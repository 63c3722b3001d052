"""A least-recently-used cache whose clearing frees what it held at once.

Textual's `LRUCache` links its entries in a ring of lists, each referring to the one
before and after it; `clear` drops the ring whole, still referring to itself, so the
ring and every value it held (a widget's lines: dozens of `Strip`s with their caches)
are cyclic garbage that only a full collection frees. The board clears its kept lines
on every restyle, and those rings made most of what its full collections walked and
freed (about 100,000 objects per collection at 100,000 contacts, a 250–370 ms pause
landing on a key). This one keeps its entries in an `OrderedDict`, which holds no
cycle: a value let go is freed when its last reference goes.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable
from typing import Generic, TypeVar

Key = TypeVar("Key", bound=Hashable)
Value = TypeVar("Value")


class LRU(Generic[Key, Value]):
    """At most `maxsize` entries; the least recently read or written goes first."""

    __slots__ = ("_items", "maxsize")

    def __init__(self, maxsize: int) -> None:
        self._items: OrderedDict[Key, Value] = OrderedDict()
        self.maxsize = maxsize

    def get(self, key: Key) -> Value | None:
        items = self._items
        value = items.get(key)
        if value is not None:
            items.move_to_end(key)
        return value

    def __setitem__(self, key: Key, value: Value) -> None:
        items = self._items
        items[key] = value
        items.move_to_end(key)
        if len(items) > self.maxsize:
            items.popitem(last=False)

    def __len__(self) -> int:
        return len(self._items)

    def clear(self) -> None:
        self._items.clear()
