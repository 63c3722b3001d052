"""What the board shows: the cards of each stage, their order, due marks and the filter.

Kept out of the widgets so the rules (what is due, what a filter matches, how a
column is sorted) live in one place and are testable without a terminal.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from board.config import Config
from board.model import Contact, Stage
from board.search import Query, filter_contacts, haystack
from board.triage import due_date, is_snoozed


@dataclass(slots=True)
class Card:
    """A contact as the board draws it."""

    contact: Contact
    due: bool
    days_overdue: int
    snoozed: bool


class BoardView:
    """The board's cards grouped by stage, rebuilt from the store's contacts."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self.today: date = date.today()
        self._cards: dict[str, Card] = {}
        self._haystacks: dict[str, str] = {}
        self._contacts: list[Contact] = []
        self.query = Query()

    def load(self, contacts: list[Contact], today: date) -> None:
        """Take a fresh list of every contact (archived included)."""
        self.today = today
        self._contacts = contacts
        cards: dict[str, Card] = {}
        for contact in contacts:
            overdue = (today - due_date(contact, self.config)).days
            snoozed = is_snoozed(contact, today)
            # is_due's rule, from the due date computed once (this loop runs over every contact)
            due = overdue >= 0 and not snoozed and not contact.archived
            cards[contact.id] = Card(contact, due, overdue, snoozed)
        self._cards = cards
        self._haystacks = {}

    @property
    def due_count(self) -> int:
        return sum(1 for card in self._cards.values() if card.due)

    def card(self, contact_id: str) -> Card | None:
        return self._cards.get(contact_id)

    def columns(self) -> dict[Stage, list[Card]]:
        """The cards of each stage under the current filter: due first (most overdue), then by name."""
        if self.query.empty:
            visible = [c for c in self._contacts if not c.archived]
        else:
            if not self._haystacks:
                self._haystacks = {c.id: haystack(c) for c in self._contacts}
            due_ids = {cid for cid, card in self._cards.items() if card.due}
            visible = filter_contacts(
                self._contacts, self.query, due_ids=due_ids, haystacks=self._haystacks
            )
        grouped: dict[Stage, list[Card]] = {stage: [] for stage in Stage}
        for contact in visible:
            grouped[contact.stage].append(self._cards[contact.id])
        for cards in grouped.values():
            cards.sort(key=_card_order)
        return grouped


def _card_order(card: Card) -> tuple[int, int, str]:
    if card.due:
        return (0, -card.days_overdue, card.contact.name.lower())
    return (1, 0, card.contact.name.lower())
