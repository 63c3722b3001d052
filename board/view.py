"""What the board shows: the cards of each stage, their order, due marks and the filter.

Kept out of the widgets so the rules (what is due, what a filter matches, how a
column is sorted) live in one place and are testable without a terminal. A change to
a few contacts updates their cards in place (`update`), so a keystroke on a board of
30,000 costs about what it does on a board of 30.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from board.config import Config
from board.model import Contact, Stage
from board.search import Query, filter_contacts, haystack
from board.standing import NOTHING, Standing
from board.triage import DueFor, due_date, due_entry, is_snoozed

_RANK = {reason: rank for rank, reason in enumerate(DueFor)}


@dataclass(slots=True, eq=False)
class Card:
    """A contact as the board draws it (compared by identity: cards are found in lists)."""

    contact: Contact
    due: bool
    days_overdue: int
    snoozed: bool
    quiet: bool = False  # a request you answered that never replied
    due_for: DueFor | None = None  # why it is due (thanks, a reminder, the follow-up)


def card_order(card: Card) -> tuple[int, int, int, str, str]:
    """Due cards first, in Today's order (thanks, reminders, most overdue); then by name."""
    name = card.contact.name.lower()
    if card.due and card.due_for is not None:
        return (0, _RANK[card.due_for], -card.days_overdue, name, card.contact.id)
    return (1, 0, 0, name, card.contact.id)


class BoardView:
    """The board's cards grouped by stage, kept in step with the store's contacts."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self.today: date = date.today()
        self._cards: dict[str, Card] = {}
        self._haystacks: dict[str, str] = {}
        self._columns: dict[Stage, list[Card]] | None = None
        self._query = Query()
        self._standings: Mapping[str, Standing] = {}

    # -- building

    def _card(self, contact: Contact) -> Card:
        standing = self._standings.get(contact.id, NOTHING)
        snoozed = is_snoozed(contact, self.today)
        entry = due_entry(contact, self.config, self.today, standing)
        if entry is None:  # days to go, shown nowhere but kept for the order of the rest
            overdue = (self.today - due_date(contact, self.config)).days
            return Card(contact, False, min(overdue, -1), snoozed, standing.quiet)
        return Card(contact, True, entry.days_overdue, snoozed, standing.quiet, entry.due_for)

    def load(
        self, contacts: list[Contact], today: date, standings: Mapping[str, Standing] | None = None
    ) -> None:
        """Take a fresh list of every contact (archived included), and who stands out
        (owed thanks, quiet: `board.standing.standings`)."""
        self.today = today
        self._standings = standings if standings is not None else {}
        self._cards = {contact.id: self._card(contact) for contact in contacts}
        self._haystacks = {}
        self._columns = None

    def update(
        self,
        contacts: list[Contact],
        removed: Iterable[str] = (),
        standings: Mapping[str, Standing] | None = None,
    ) -> set[Stage]:
        """Some contacts changed (or were removed): move just their cards.

        `standings`, when given, is the new picture of who stands out (only these
        contacts' cards are redrawn from it). Returns the stages whose columns changed.
        """
        if standings is not None:
            self._standings = standings
        columns = self.columns()
        touched: set[Stage] = set()
        for contact_id in [*removed, *(c.id for c in contacts)]:
            old = self._cards.pop(contact_id, None)
            self._haystacks.pop(contact_id, None)
            if old is not None:
                touched.add(old.contact.stage)
                column = columns[old.contact.stage]
                at = bisect.bisect_left(column, card_order(old), key=card_order)
                if at < len(column) and column[at] is old:
                    del column[at]
                elif old in column:
                    column.remove(old)
        for contact in contacts:
            card = self._card(contact)
            self._cards[contact.id] = card
            if self._visible([contact]):
                bisect.insort(columns[contact.stage], card, key=card_order)
                touched.add(contact.stage)
        return touched

    # -- the filter

    @property
    def query(self) -> Query:
        return self._query

    @query.setter
    def query(self, query: Query) -> None:
        self._query = query
        self._columns = None

    def _visible(self, contacts: list[Contact]) -> list[Contact]:
        if self._query.empty:
            return [c for c in contacts if not c.archived]
        if len(contacts) > 1 and not self._haystacks:
            self._haystacks = {c.id: haystack(c) for c in contacts}
        due_ids = {c.id for c in contacts if self._cards[c.id].due}
        quiet_ids = {c.id for c in contacts if self._cards[c.id].quiet}
        return filter_contacts(
            contacts, self._query, due_ids=due_ids, haystacks=self._haystacks, quiet_ids=quiet_ids
        )

    # -- reading

    @property
    def size(self) -> int:
        """Every contact the board holds (archived included)."""
        return len(self._cards)

    @property
    def due_count(self) -> int:
        return sum(1 for card in self._cards.values() if card.due)

    def quiet_ids(self) -> list[str]:
        """Everyone on the board (archived aside) who is quiet."""
        return [cid for cid, card in self._cards.items() if card.quiet and not card.contact.archived]

    def card(self, contact_id: str) -> Card | None:
        return self._cards.get(contact_id)

    def columns(self) -> dict[Stage, list[Card]]:
        """The cards of each stage under the current filter, in board order."""
        if self._columns is None:
            grouped: dict[Stage, list[Card]] = {stage: [] for stage in Stage}
            for contact in self._visible([card.contact for card in self._cards.values()]):
                grouped[contact.stage].append(self._cards[contact.id])
            for cards in grouped.values():
                cards.sort(key=card_order)
            self._columns = grouped
        return self._columns
