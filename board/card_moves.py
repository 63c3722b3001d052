"""Cards taken out of and put into the board's sorted lists (`board.view`), in place.

A log or an edit moves one card: it is found by its order (`bisect`) and the list shifts
by one. The standings landing on a large board move thousands at once (8,800 at 100,000
contacts): one shift of a 50,000-card list each is most of half a second, so past `MANY`
a list is filtered once and sorted once instead (its other cards already in order: a
merge). Either way the lists end the same: a card's order is unique (it ends with its id).

The filter texts kept aligned with a list (`Aligned`) are moved with it card for card, or
dropped when many move (made again at the next filter pass).
"""

from __future__ import annotations

import bisect
from typing import TYPE_CHECKING

from board.card import Card, as_contact, by_order, index_of

if TYPE_CHECKING:
    from board.model import Contact

MANY = 64  # cards moved by one update past which each list is filtered and sorted once
Aligned = dict[int, "tuple[list[Card], list[str], list[Contact]]"]  # by id of the list


def remove(cards: list[Card], card: Card) -> int | None:
    """Take `card` out of `cards`; where it was (None: it was not there)."""
    at = index_of(cards, card)
    if at is None and card in cards:
        at = cards.index(card)
    if at is not None:
        del cards[at]
    return at


class Moves:
    """The moves of one update: `take` and `put` cards, then `done`."""

    def __init__(self, aligned: Aligned, count: int) -> None:
        self.aligned = aligned
        self.many = count > MANY
        if self.many:
            aligned.clear()
        self._out: dict[int, tuple[list[Card], set[int]]] = {}  # by list: ids of the cards out
        self._in: dict[int, tuple[list[Card], list[Card]]] = {}  # by list: the cards in

    def take(self, cards: list[Card], card: Card) -> None:
        if self.many:
            self._out.setdefault(id(cards), (cards, set()))[1].add(id(card))
            return
        at = remove(cards, card)
        kept = self.aligned.get(id(cards))
        if at is not None and kept is not None and kept[0] is cards:
            del kept[1][at], kept[2][at]

    def put(self, cards: list[Card], card: Card) -> None:
        if self.many:
            self._in.setdefault(id(cards), (cards, []))[1].append(card)
            return
        at = bisect.bisect_right(cards, card.order, key=by_order)  # as `bisect.insort`
        cards.insert(at, card)
        kept = self.aligned.get(id(cards))
        if kept is not None and kept[0] is cards:
            kept[1].insert(at, card.facts.text)
            kept[2].insert(at, as_contact(card.facts))

    def done(self) -> None:
        """Make the moves of many at once (those of a few were made as they came)."""
        for cards, out in self._out.values():
            cards[:] = [card for card in cards if id(card) not in out]
        for cards, added in self._in.values():
            cards.extend(added)
            cards.sort(key=by_order)
        self._out.clear()
        self._in.clear()
