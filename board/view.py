"""What the board shows: the cards of each stage, their order, due marks and the filter.

Kept out of the widgets so the rules (what is due, what a filter matches, how a
column is sorted) live in one place and are testable without a terminal. A change to
a few contacts updates their cards in place (`update`), so a keystroke on a board of
30,000 costs about what it does on a board of 30.

Every card's sort key and due date are worked out once per version of its contact and
per day. Each stage's cards are kept sorted (due first): a filter only picks from those
lists, in order, and clearing it shows them again as they are. Today's queue starts
from the same cards (`today_queue`): the due cards are the front of each column.
"""

from __future__ import annotations

import bisect
import heapq
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from operator import attrgetter

from board.config import Config
from board.model import Contact, Stage
from board.search import Query, Vocabulary, haystack, matching
from board.standing import NOTHING, Standing
from board.triage import Due, DueFor, due_date, due_entry, follow_up, is_snoozed, queue_order

Order = tuple[int, int, str, str]
_order = attrgetter("order")
_NOT_DUE: Order = (1, 0, "", "")  # sorts before every card that is not due, after every due one


@dataclass(slots=True, eq=False)
class Card:
    """A contact as the board draws it (compared by identity: cards are found in lists)."""

    contact: Contact
    due: bool
    days_overdue: int
    snoozed: bool
    order: Order  # `card_order`, worked out once
    text: str | None = None  # what the filter's words search (`haystack`), once needed


def card_order(card: Card) -> Order:
    """Due cards first, most overdue first; then everyone by name."""
    return card.order


class BoardView:
    """The board's cards grouped by stage, kept in step with the store's contacts."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self.today: date = date.today()
        self.loaded = False
        self._cards: dict[str, Card] = {}
        self._reminders: set[str] = set()  # contacts with a reminder (Today looks at them)
        self._sorted: dict[Stage, list[Card]] | None = None  # unarchived, board order
        self._archived: dict[Stage, list[Card]] | None = None  # archived, board order
        self._columns: dict[Stage, list[Card]] | None = None  # under the current query
        self._query = Query()
        self._vocabulary: Vocabulary | None = None

    # -- building

    def _card(self, contact: Contact) -> Card:
        overdue = (self.today - due_date(contact, self.config)).days
        snoozed = is_snoozed(contact, self.today)
        # is_due's rule, from the due date computed once (this runs for every contact)
        due = overdue >= 0 and not snoozed and not contact.archived
        name = contact.name.lower()
        order = (0, -overdue, name, contact.id) if due else (1, 0, name, contact.id)
        return Card(contact, due, overdue, snoozed, order)

    def load(self, contacts: list[Contact], today: date) -> None:
        """Take a fresh list of every contact (archived included).

        A contact that is the very object it was at the last load, on the same day,
        keeps its card (the store hands out the same objects for unchanged files).
        """
        old = self._cards if today == self.today and self.loaded else {}
        self.today = today
        cards: dict[str, Card] = {}
        reminders: set[str] = set()
        make = self._card
        for contact in contacts:
            card = old.get(contact.id)
            if card is None or card.contact is not contact:
                card = make(contact)
            cards[contact.id] = card
            if contact.reminder is not None:
                reminders.add(contact.id)
        self._cards = cards
        self._reminders = reminders
        self._sorted = self._archived = self._columns = None
        self.loaded = True

    def update(self, contacts: list[Contact], removed: Iterable[str] = ()) -> set[Stage]:
        """Some contacts changed (or were removed): move just their cards.

        Returns the stages whose columns changed.
        """
        live, gone = self._lists(False), self._lists(True)
        shown = self.columns()
        filtered = not self._query.empty  # `shown` are lists of their own
        touched: set[Stage] = set()
        for contact_id in [*removed, *(c.id for c in contacts)]:
            old = self._cards.pop(contact_id, None)
            self._reminders.discard(contact_id)
            if old is None:
                continue
            stage = old.contact.stage
            _remove((gone if old.contact.archived else live)[stage], old)
            if filtered:
                _remove(shown[stage], old)
            touched.add(stage)
        for contact in contacts:
            card = self._card(contact)
            self._cards[contact.id] = card
            if contact.reminder is not None:
                self._reminders.add(contact.id)
            home = gone if contact.archived else live
            bisect.insort(home[contact.stage], card, key=_order)
            if self._vocabulary is not None:
                self._vocabulary.add(self._text(card))
            if filtered:
                if self._matches(card):
                    bisect.insort(shown[contact.stage], card, key=_order)
                    touched.add(contact.stage)
            elif home is shown:
                touched.add(contact.stage)
        return touched

    # -- the filter

    @property
    def query(self) -> Query:
        return self._query

    @query.setter
    def query(self, query: Query) -> None:
        if query != self._query:
            self._query = query
            self._columns = None

    def prepare_filter(self) -> None:
        """Work out every card's filter text now (the first word typed needs them all)."""
        for card in self._cards.values():
            if card.text is None:
                card.text = haystack(card.contact)

    def _text(self, card: Card) -> str:
        if card.text is None:
            card.text = haystack(card.contact)
        return card.text

    def vocabulary(self) -> Vocabulary:
        """The distinct words of every card (built at the first word that may be a typo)."""
        if self._vocabulary is None:
            self._vocabulary = Vocabulary(source=lambda: (self._text(c) for c in self._cards.values()))
        return self._vocabulary

    def _filtered(self, cards: list[Card]) -> list[Card]:
        query = self._query
        if query.words:
            texts = [c.text if c.text is not None else self._text(c) for c in cards]
        else:
            texts = None
        due_ids: set[str] | frozenset[str] = (
            {c.contact.id for c in cards if c.due} if query.due else frozenset()
        )
        keep = matching(
            [c.contact for c in cards], query, texts=texts, vocabulary=self.vocabulary(),
            due_ids=due_ids, archived_checked=True,
        )
        return [cards[i] for i in keep]

    def _matches(self, card: Card) -> bool:
        query = self._query
        if card.contact.archived != query.archived:
            return False
        if query.stages and card.contact.stage not in query.stages:
            return False
        return bool(self._filtered([card]))

    # -- reading

    @property
    def size(self) -> int:
        """Every contact the board holds (archived included)."""
        return len(self._cards)

    @property
    def due_count(self) -> int:
        return sum(_due_in(cards) for cards in self._lists(False).values())

    def card(self, contact_id: str) -> Card | None:
        return self._cards.get(contact_id)

    def cards(self) -> Iterator[Card]:
        """Every card (archived included), in no particular order."""
        return iter(self._cards.values())

    def _lists(self, archived: bool) -> dict[Stage, list[Card]]:
        """Every card of each stage on that side of `archived`, in board order."""
        if self._sorted is None or self._archived is None:
            live: dict[Stage, list[Card]] = {stage: [] for stage in Stage}
            gone: dict[Stage, list[Card]] = {stage: [] for stage in Stage}
            for card in self._cards.values():
                (gone if card.contact.archived else live)[card.contact.stage].append(card)
            for grouped in (live, gone):
                for cards in grouped.values():
                    cards.sort(key=_order)
            self._sorted, self._archived = live, gone
        return self._archived if archived else self._sorted

    def columns(self) -> dict[Stage, list[Card]]:
        """The cards of each stage under the current filter, in board order.

        Without a filter these are the view's own sorted lists (kept up to date in
        place by `update`): read them, do not change them.
        """
        if self._columns is None:
            query = self._query
            pool = self._lists(query.archived)
            if query.empty:
                self._columns = pool
            else:
                self._columns = {
                    stage: self._filtered(cards) if not query.stages or stage in query.stages else []
                    for stage, cards in pool.items()
                }
        return self._columns

    # -- Today

    def today_queue(
        self, limit: int, standings: Mapping[str, Standing] | None = None
    ) -> tuple[list[Due], int]:
        """The first `limit` people of today's queue and how many are in it: the same as
        `triage.due_contacts` over every contact, without looking at everyone again.

        People due for nothing but their cadence are the front of each column, most
        overdue first, with their due dates worked out; only the few with a reminder or
        a standing are asked `due_entry` again.
        """
        known = standings or {}
        today = self.today
        special = self._reminders | {cid for cid, s in known.items() if s is not NOTHING}
        entries: list[Due] = []
        due_special = 0
        for contact_id in special:
            card = self._cards.get(contact_id)
            if card is None:
                continue
            due_special += card.due
            item = due_entry(card.contact, self.config, today, known.get(contact_id, NOTHING),
                             due_on=today - timedelta(days=card.days_overdue))
            if item is not None:
                entries.append(item)
        fronts = [cards[: _due_in(cards)] for cards in self._lists(False).values()]
        count = len(entries) + sum(len(front) for front in fronts) - due_special
        # Thanks and reminders come first; the rest of the places go to the most overdue
        # (all those as overdue as the last one taken: the finer order decides among them).
        wanted = limit - sum(1 for item in entries if item.due_for is not DueFor.FOLLOW_UP)
        picked: list[Due] = []
        last = None
        for card in heapq.merge(*fronts, key=lambda c: -c.days_overdue):
            if card.contact.id in special:
                continue
            if len(picked) >= wanted and card.days_overdue != last:
                break
            picked.append(follow_up(card.contact, today - timedelta(days=card.days_overdue), today))
            last = card.days_overdue
        queue = sorted([*entries, *picked], key=queue_order)[:max(0, limit)]
        return queue, count


def _due_in(cards: list[Card]) -> int:
    """How many cards at the front of a sorted column are due."""
    return bisect.bisect_left(cards, _NOT_DUE, key=_order)


def _remove(cards: list[Card], card: Card) -> None:
    at = bisect.bisect_left(cards, card.order, key=_order)
    if at < len(cards) and cards[at] is card:
        del cards[at]
    elif card in cards:
        cards.remove(card)
