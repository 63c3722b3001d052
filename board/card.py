"""A card on the board: what it draws of a contact, whether and why it is due, its place.

`board.view` keeps the cards of each stage in board order (their `order`); the widgets
draw them (`widgets.columns`).
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from operator import attrgetter
from typing import cast

from board.model import Contact
from board.store.card_facts import CardFacts
from board.triage import DueFor

Order = tuple[int, int, int, str, str]
NOT_DUE: Order = (1, 0, 0, "", "")  # sorts before every card that is not due, after every due one
RANK = {reason: rank for rank, reason in enumerate(DueFor)}  # why a card is due, in Today's order
by_order = attrgetter("order")  # the key of the board's lists (sort, bisect)


def order_of(name: str, contact_id: str, due_for: DueFor | None = None, overdue: int = 0) -> Order:
    """A card's `order`: due cards first (`due_for`), by why and then by how late; then
    everyone else; each by lowered `name`, then id. (`BoardView.load` makes the common
    cards' orders inline, by this rule.)"""
    if due_for is None:
        return (1, 0, 0, name, contact_id)
    return (0, RANK[due_for], -overdue, name, contact_id)


@dataclass(slots=True, eq=False)
class Card:
    """A contact as the board draws it (compared by identity: cards are found in lists).

    `facts` are what the board draws, sorts and filters (`board.store.cards`); the whole
    `contact` is read when something needs more (details, a change, Today).
    """

    facts: CardFacts
    due: bool
    days_overdue: int
    snoozed: bool
    quiet: bool = False  # a request you answered that never replied
    due_for: DueFor | None = None  # why it is due (thanks, a reminder, the follow-up)
    order: Order = NOT_DUE  # due cards first, in Today's order; then by name (worked out once)
    read: Callable[[str], Contact] | None = None  # the store's `get`, for facts from the card file

    @property
    def contact(self) -> Contact:
        """The whole contact (as the store has it now, for a card from the card file)."""
        given = self.facts.contact
        if given is not None:
            return given
        assert self.read is not None, "a card from the card file needs the store to read its contact"
        return self.read(self.facts.id)

    @property
    def text(self) -> str:
        """What the filter's words search (`board.search.haystack`)."""
        return self.facts.text


def as_contact(facts: CardFacts) -> Contact:
    # The triage and search rules read only fields that `CardFacts` has, under the same names.
    return cast(Contact, facts)


def index_of(cards: Sequence[Card], card: Card) -> int | None:
    """Where `card` stands in `cards`, a list in board order: found by its order (a
    column of 50,000 is not walked), None when it is not there."""
    at = bisect.bisect_left(cards, card.order, key=by_order)
    if at < len(cards) and cards[at] is card:
        return at
    return None
