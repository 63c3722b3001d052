"""The board's cards: every contact's card facts, and the board's front, from the card file.

A mixin of `Store`, like `interaction_reads`: the card file (`cards`) is a cache of what
the board draws, per contact shard, and its last line may be the board's front
(`board.front`). Reads under the shared lock; the file is rewritten under it too, and a
failure to write it changes nothing.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from board.store.card_facts import CardFacts
from board.store.files import no_gc
from board.store.store_parts import StoreParts


class CardReads(StoreParts):
    """cards, card_front, front_facts, keep_front, save_cards."""

    def cards(self) -> list[CardFacts]:
        """What the board needs of every contact (archived included), without building them
        all: from the card file (`store.cards`) for shards unchanged since it was written,
        from the shards themselves (as this store's snapshot has them) for the rest."""
        with self._mutex, no_gc(), self._reading():
            return self._cards.cards()

    def card_front(self, day: date, config: str) -> dict[str, Any] | None:
        """The card file's board front if it holds for `day`, `config` and the shards now
        (`board.front`; a row's facts: `front_facts`)."""
        with self._mutex, self._reading():
            return self._cards.front(day.toordinal(), config)

    def front_facts(self, row: list[Any]) -> CardFacts:
        return self._cards.front_facts(row)

    def keep_front(self, front: dict[str, Any]) -> None:
        """Keep the board's `front`, made from the last `cards()`, in the card file (a cache:
        a failure to write it changes nothing)."""
        with self._mutex, self._reading(blocking=False) as held:
            if held:
                try:
                    self._cards.keep_front(front)
                except OSError:
                    pass

    def save_cards(self, front: dict[str, Any] | None = None) -> None:
        """Bring the card file up to date with the shards `cards()` read, and with the
        board's `front` they make (a cache: a failure to write it changes nothing).

        Written under the shared lock: another trustboard opening the store clears the
        temporary files a killed writer left, under the exclusive lock, and would take
        this one's for such a leftover. While a writer holds the lock it waits for later.
        """
        with self._mutex, self._reading(blocking=False) as held:
            if not held:
                return
            try:
                self._cards.save(front)
            except OSError:
                pass
