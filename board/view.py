"""What the board shows: the cards of each stage, their order, due marks and the filter.

Kept out of the widgets so the rules (what is due, what a filter matches, how a
column is sorted) live in one place and are testable without a terminal. A change to
a few contacts updates their cards in place (`update`), so a keystroke on a board of
30,000 costs about what it does on a board of 30.

Every card's sort key and due date are worked out once per version of its contact and
per day. Each stage's cards are kept sorted (due first, in Today's order): a filter
only picks from those lists, in order, and clearing it shows them again as they are.
Today's queue is the same due cards (`today_queue`): the front of each column.
"""

from __future__ import annotations

import bisect
import heapq
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import replace
from datetime import date

from board.card import NOT_DUE, RANK, Card, as_contact, by_order, order_of
from board.card_moves import Moves
from board.config import Config
from board.model import Contact, Stage
from board.search import Query, Vocabulary, matching
from board.standing import NOTHING, Standing
from board.store.card_facts import (
    ARCHIVED,
    CADENCE,
    RECONNECT,
    REMINDER,
    SNOOZED,
    STAGES,
    CardFacts,
)
from board.triage import (
    Due,
    DueFor,
    due_date,
    due_entry,
    queue_order,
    reconnect_waiting,
)

_UNUSUAL = SNOOZED | REMINDER | RECONNECT | CADENCE  # card codes that `load` leaves to `_card`


class BoardView:
    """The board's cards grouped by stage, kept in step with the store's contacts."""

    def __init__(self, config: Config, read: Callable[[str], Contact] | None = None) -> None:
        self.config = config
        self.read = read  # a contact by id (`Store.get`): cards from the card file need it
        self.today: date = date.today()
        self.loaded = False
        self._cards: dict[str, Card] = {}
        self._reminders: set[str] = set()  # contacts with a reminder (Today looks at them)
        self._planned: set[str] = set()  # contacts with a reconnect day (Today counts them)
        self._sorted: dict[Stage, list[Card]] | None = None  # unarchived, board order
        self._archived: dict[Stage, list[Card]] | None = None  # archived, board order
        # Each side of archived and stage's cards as the last load made them (not sorted yet).
        self._buckets: list[list[Card]] | None = None
        self._columns: dict[Stage, list[Card]] | None = None  # under the current query
        self._query = Query()
        self._vocabularies: dict[bool, Vocabulary] = {}  # archived or not → its cards' words
        # Per column list: its cards' filter texts and contacts, aligned with it, made once
        # per load and kept in step as `update` moves cards (`board.card_moves`), rather
        # than made again at every pass of the filter (most of a pass at 100,000 cards).
        self._aligned: dict[int, tuple[list[Card], list[str], list[Contact]]] = {}
        self._standings: Mapping[str, Standing] = {}
        # Each queued person's entry as `today_queue` last worked it out, with the card,
        # standing and day it was worked out for: Today opened again reads and ranks only
        # the people whose card changed since (a card is made anew when its contact changes).
        self._entries: dict[str, tuple[Card, Standing, date, Due | None]] = {}

    # -- building

    def _card(self, facts: CardFacts, due_on: date | None = None) -> Card:
        today, read = self.today, self.read
        if due_on is None:
            due_on = due_date(as_contact(facts), self.config)
        snoozed = facts.snoozed_until is not None and today < facts.snoozed_until  # is_snoozed
        name = facts.name.lower()
        standing = self._standings.get(facts.id, NOTHING)
        if standing is NOTHING and facts.reminder is None:
            # due_entry's rule for someone with neither a reminder nor a standing (most
            # people), from the due date worked out once: this runs for every contact.
            overdue = (today - due_on).days
            if overdue >= 0 and not snoozed and not facts.archived:
                return Card(facts, True, overdue, snoozed, False, DueFor.FOLLOW_UP,
                            order_of(name, facts.id, DueFor.FOLLOW_UP, overdue), read)
            return Card(facts, False, min(overdue, -1), snoozed, False, None, order_of(name, facts.id), read)
        entry = due_entry(as_contact(facts), self.config, today, standing, due_on=due_on)
        if entry is None:  # days to go, shown nowhere but kept for the order of the rest
            overdue = (today - due_on).days
            return Card(facts, False, min(overdue, -1), snoozed, standing.quiet, None,
                        order_of(name, facts.id), read)
        order = order_of(name, facts.id, entry.due_for, entry.days_overdue)
        return Card(facts, True, entry.days_overdue, snoozed, standing.quiet, entry.due_for, order, read)

    def load(
        self, contacts: Sequence[Contact | CardFacts], today: date,
        standings: Mapping[str, Standing] | None = None,
    ) -> None:
        """Take a fresh list of every contact (archived included), or their card facts
        (`Store.cards`), and who stands out (owed thanks, quiet: `board.standing.standings`).

        A contact (or facts) that is the very object it was at the last load, on the same
        day and with the same standing, keeps its card (the store hands out the same
        objects for unchanged files).
        """
        new = standings if standings is not None else {}
        before = self._standings
        old = self._cards if today == self.today and self.loaded else {}
        self.today = today
        self._standings = new
        cards: dict[str, Card] = {}
        reminders: set[str] = set()
        planned: set[str] = set()
        make, config, fromordinal, read = self._card, self.config, date.fromordinal, self.read
        today_day = today.toordinal()
        # `due_date` for everyone without a reconnect day, with each cadence's step worked
        # out once per load rather than once per contact (this loop is most of a load).
        steps: dict[tuple[Stage, int | None], int] = {}
        plain = [config.cadence_for(stage, None) for stage in STAGES]  # each stage's own cadence
        follow_up, rank = DueFor.FOLLOW_UP, RANK[DueFor.FOLLOW_UP]  # `order_of`, inline below
        buckets: list[list[Card]] = [[] for _ in range(ARCHIVED + len(STAGES))]
        for item in contacts:
            cid = item.id
            card = old.get(cid)
            if card is None or (card.facts is not item and card.facts.contact is not item) or (
                before.get(cid) is not new.get(cid)
            ):
                facts = item if isinstance(item, CardFacts) else CardFacts.of(item)
                code = facts.code
                if not code & _UNUSUAL and cid not in new:
                    # `_card` for most people (no snooze, reminder, reconnect day, own
                    # cadence or standing), inline: this runs for every contact.
                    overdue = today_day - facts.touch_day - plain[code & 3]
                    name = facts.name.lower()
                    if overdue >= 0 and not code & ARCHIVED:
                        card = Card(facts, True, overdue, False, False, follow_up,
                                    (0, rank, -overdue, name, cid), read)
                    else:
                        card = Card(facts, False, min(overdue, -1), False, False, None,
                                    (1, 0, 0, name, cid), read)
                elif not code & RECONNECT:
                    cadence = (facts.stage, facts.cadence_days)
                    step = steps.get(cadence)
                    if step is None:
                        step = steps[cadence] = config.cadence_for(*cadence)
                    card = make(facts, fromordinal(facts.touch_day + step))
                else:
                    card = make(facts)
            cards[cid] = card
            code = card.facts.code
            buckets[code & (ARCHIVED | 3)].append(card)  # its side of archived and its stage
            if code & REMINDER:
                reminders.add(cid)
            if code & RECONNECT:
                planned.add(cid)
        self._keep_words(old, cards)
        self._cards = cards
        self._buckets = buckets
        self._reminders = reminders
        self._planned = planned
        self._sorted = self._archived = self._columns = None
        self._aligned.clear()
        self.loaded = True

    def _keep_words(self, old: Mapping[str, Card], cards: Mapping[str, Card]) -> None:
        """Bring the filter's words from the cards `old` to `cards` (a fresh load)."""
        kept = self._vocabularies
        if not old:
            kept.clear()  # worked out again from the new cards once a word needs them
        if not kept:
            return
        for cid, card in old.items():
            if cards.get(cid) is not card and (words := kept.get(card.facts.archived)):
                words.remove(self._text(card))
        for cid, card in cards.items():
            if old.get(cid) is not card and (words := kept.get(card.facts.archived)):
                words.add(self._text(card))

    def update(
        self,
        contacts: Sequence[Contact | CardFacts],
        removed: Iterable[str] = (),
        standings: Mapping[str, Standing] | None = None,
    ) -> set[Stage]:
        """Some contacts changed (or were removed): move just their cards (from their
        records, or from the facts of their cards when only their standings changed).

        `standings`, when given, is the new picture of who stands out (only these
        contacts' cards are redrawn from it). Returns the stages whose columns changed.
        """
        if standings is not None:
            self._standings = standings
        live, gone = self._lists(False), self._lists(True)
        shown = self.columns()
        filtered = not self._query.empty  # `shown` are lists of their own
        touched: set[Stage] = set()
        ids = [*removed, *(c.id for c in contacts)]
        moves = Moves(self._aligned, len(ids))
        for contact_id in ids:
            old = self._cards.pop(contact_id, None)
            self._reminders.discard(contact_id)
            self._planned.discard(contact_id)
            if old is None:
                continue
            if (words := self._vocabularies.get(old.facts.archived)) is not None:
                words.remove(self._text(old))
            stage = old.facts.stage
            moves.take((gone if old.facts.archived else live)[stage], old)
            if filtered:
                moves.take(shown[stage], old)
            touched.add(stage)
        for given in contacts:
            contact = given if isinstance(given, CardFacts) else CardFacts.of(given)
            card = self._card(contact)
            self._cards[contact.id] = card
            if contact.reminder is not None:
                self._reminders.add(contact.id)
            if contact.reconnect_on is not None:
                self._planned.add(contact.id)
            home = gone if contact.archived else live
            moves.put(home[contact.stage], card)
            if (words := self._vocabularies.get(contact.archived)) is not None:
                words.add(self._text(card))
            if filtered:
                if self._matches(card):
                    moves.put(shown[contact.stage], card)
                    touched.add(contact.stage)
            elif home is shown:
                touched.add(contact.stage)
        moves.done()
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
            card.facts.text  # noqa: B018  # worked out and kept by the property

    def prepare_words(self, some: int | None = None) -> bool:
        """Work out the words of the next `some` cards the filter looks at (all if None;
        see `vocabulary`); whether they are all worked out."""
        return self.vocabulary(self._query.archived).read(some)

    def _text(self, card: Card) -> str:
        return card.facts.text

    def vocabulary(self, archived: bool = False) -> Vocabulary:
        """The words of the cards archived or not (built at the first word that may be a
        typo): a short word that begins none of them is taken for one misspelled."""
        words = self._vocabularies.get(archived)
        if words is None:
            def texts() -> Iterator[str]:
                for card in list(self._cards.values()):  # the cards as they are now
                    if card.facts.archived == archived:
                        yield self._text(card)

            words = self._vocabularies[archived] = Vocabulary(source=texts)
        return words

    def _aligned_with(self, cards: list[Card]) -> tuple[list[str], list[Contact]]:
        """The filter texts and contacts of `cards`, in its order (kept for a column's list)."""
        kept = self._aligned.get(id(cards))
        if kept is None or kept[0] is not cards:
            kept = (cards, [c.facts.text for c in cards], [as_contact(c.facts) for c in cards])
            if len(cards) > 1:
                self._aligned[id(cards)] = kept
        return kept[1], kept[2]

    def _filtered(self, cards: list[Card]) -> list[Card]:
        query = self._query
        aligned_texts, contacts = self._aligned_with(cards)
        texts = aligned_texts if query.words else None
        due_ids: set[str] | frozenset[str] = (
            {c.facts.id for c in cards if c.due} if query.due else frozenset()
        )
        quiet_ids: set[str] | frozenset[str] = (
            {c.facts.id for c in cards if c.quiet} if query.quiet else frozenset()
        )
        keep = matching(
            contacts, query, texts=texts, vocabulary=self.vocabulary(query.archived),
            due_ids=due_ids, quiet_ids=quiet_ids, archived_checked=True,
        )
        return [cards[i] for i in keep]

    def _matches(self, card: Card) -> bool:
        query = self._query
        if card.facts.archived != query.archived:
            return False
        if query.stages and card.facts.stage not in query.stages:
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

    def quiet_ids(self) -> list[str]:
        """Everyone on the board (archived aside) who is quiet."""
        return [cid for cid, card in self._cards.items() if card.quiet and not card.facts.archived]

    def card(self, contact_id: str) -> Card | None:
        return self._cards.get(contact_id)

    def _lists(self, archived: bool) -> dict[Stage, list[Card]]:
        """Every card of each stage on that side of `archived`, in board order."""
        if self._sorted is None or self._archived is None:
            buckets, self._buckets = self._buckets, None
            if buckets is None:
                buckets = [[] for _ in range(ARCHIVED + len(STAGES))]
                for card in self._cards.values():
                    buckets[card.facts.code & (ARCHIVED | 3)].append(card)
            live = {stage: buckets[n] for n, stage in enumerate(STAGES)}
            gone = {stage: buckets[ARCHIVED + n] for n, stage in enumerate(STAGES)}
            for grouped in (live, gone):
                for cards in grouped.values():
                    cards.sort(key=by_order)
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

    def reconnect_waiting(self) -> tuple[int, date | None]:
        """`triage.reconnect_waiting` over the board (only those with a reconnect day)."""
        return reconnect_waiting((as_contact(self._cards[cid].facts) for cid in self._planned), self.today)

    def today_queue(self, limit: int, whole: int | None = None) -> tuple[list[Due], int]:
        """The first `limit` people of today's queue (the first `whole` with their whole
        contacts, every one if not given; the rest perhaps with their cards' facts), and
        how many are in it: what `triage.due_contacts` gives over every contact with the
        view's standings, without looking at everyone again.

        The due cards are the front of each column, already in the queue's order but for
        its finer points: those are settled among the few that can reach the first
        `limit` places.
        """
        fronts = [cards[: _due_in(cards)] for cards in self._lists(False).values()]
        count = sum(len(front) for front in fronts)
        picked: list[Card] = []
        last: tuple[int, int] | None = None
        # All those tied with the last one taken come too: the finer order decides among them.
        for card in heapq.merge(*fronts, key=lambda c: c.order[1:3]):
            if len(picked) >= limit and card.order[1:3] != last:
                break
            picked.append(card)
            last = card.order[1:3]
        queue = []
        known, entries, today = self._entries, {}, self.today
        for card in picked:
            cid = card.facts.id
            standing = self._standings.get(cid, NOTHING)
            kept = known.get(cid)
            if kept is not None and kept[0] is card and kept[1] is standing and kept[2] == today:
                item = kept[3]
            else:
                # (A card from the card file stands in for its contact: the rules read only
                # what it has, and reading 300 records would build most of the store.)
                facts = card.facts
                item = due_entry(facts.contact or as_contact(facts), self.config, today, standing)
            entries[cid] = (card, standing, today, item)
            if item is not None:
                queue.append(item)
        self._entries = entries  # (only those picked: the rest of the board is not held on to)
        queue.sort(key=queue_order)
        queue = queue[: max(0, limit)]
        for n, item in enumerate(queue[:whole]):  # the first rows' whole contacts (next steps)
            if not isinstance(item.contact, Contact):
                queue[n] = replace(item, contact=entries[item.contact.id][0].contact)
        return queue, count


def _due_in(cards: list[Card]) -> int:
    """How many cards at the front of a sorted column are due."""
    return bisect.bisect_left(cards, NOT_DUE, key=by_order)

