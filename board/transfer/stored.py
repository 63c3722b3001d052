"""The interactions already stored, as an import plan asks for them (`board.transfer.merge`)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable

from board.model import Interaction


class History:
    """The interactions of the contacts a plan asks about: one by one while they are few,
    then all at once (one pass over every shard beats thousands of shard reads).

    `ids` gives only their ids (a merge by id), from `every_id` when all are wanted: the
    stored records' ids, without building each interaction."""

    ONE_BY_ONE = 64

    def __init__(
        self,
        one: Callable[[str], list[Interaction]],
        every: Callable[[], Iterable[Interaction]],
        every_id: Callable[[], Iterable[tuple[str, str]]] | None = None,
    ) -> None:
        self._one = one
        self._every = every
        self._every_id = every_id
        self._asked = 0
        self._all: dict[str, list[Interaction]] | None = None
        self._ids: dict[str, set[str]] | None = None

    def expect(self, count: int) -> None:
        """The plan will ask about `count` contacts: that many past `ONE_BY_ONE` are read
        all at once from the start, not first one by one."""
        if count > self.ONE_BY_ONE:
            self._asked = max(self._asked, self.ONE_BY_ONE)

    def __call__(self, contact_id: str) -> list[Interaction]:
        if self._all is None:
            self._asked += 1
            if self._asked <= self.ONE_BY_ONE:
                return self._one(contact_id)
            grouped: dict[str, list[Interaction]] = defaultdict(list)
            for interaction in self._every():
                grouped[interaction.contact_id].append(interaction)
            self._all = grouped
        return self._all.get(contact_id, [])

    def ids(self, contact_id: str) -> set[str]:
        """The ids of the contact's interactions."""
        if self._ids is None:
            if self._all is not None or self._every_id is None or self._asked < self.ONE_BY_ONE:
                return {i.id for i in self(contact_id)}
            grouped: dict[str, set[str]] = defaultdict(set)
            for owner, interaction_id in self._every_id():
                grouped[owner].add(interaction_id)
            self._ids = grouped
        return self._ids.get(contact_id, set())
