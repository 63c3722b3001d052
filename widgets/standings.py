"""Who is owed thanks and who is quiet, for one board session: read once a day, then kept
up to date contact by contact as changes come in.

Plain Python (no Textual). Reading the standings means reading the history of everyone
who might stand out (`board.standing`): on a large board that is most of the interaction
files, seconds at 30,000 contacts. A large board does not wait for them: it paints from
cadences and reminders, the reading goes on in a thread with a store of its own (the
board's store and caches belong to the UI thread), and once it is done the screens redraw
the few cards it changed. A small board reads them at once, as it always did. The thread
reads one contact shard at a time and gives way to the user's keys between two
(`widgets.background.give_way`): it goes on while the board is idle.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from board.card_moves import MANY
from board.config import Config
from board.errors import UserError
from board.store import Store

if TYPE_CHECKING:
    from board.model import Contact
    from board.standing import Standing
    from board.store.card_facts import CardFacts

WAIT_UP_TO = 5000  # contacts: up to this many, the board waits for the standings
SHARDS_AT_ONCE = 16  # interaction files read together by the background reading
THREAD_SHARDS_AT_ONCE = 1  # contact shards (and their histories) a thread holds at once
# People whose standing moved that one redraw takes when a reading lands; the rest follow in
# the next turns of the UI's loop, keys in between. At 100,000 contacts a landing moves about
# 8,800 cards: redrawn at once, the board did not answer a key for three quarters of a second.
# (No more than the view moves one by one: past that, each redraw filters and sorts whole
# columns, `board.card_moves.MANY`.)
ARRIVE_AT_ONCE = MANY
Found = tuple[date, "dict[str, Standing]"]
Background = Callable[[Callable[[], Any], Callable[[Any], None]], None]


def _read_all(store: Store, contacts: list[Contact], config: Config, now: datetime) -> dict[str, Standing]:
    from board.standing import standings

    return standings(store, contacts, config, now)


def _read_in_parts(store: Store, contacts: list[Contact], config: Config, now: datetime) -> dict[str, Standing]:
    """`standings` read a few interaction files at a time: the same answer, without holding
    the whole board's history in memory at once (a quarter of a gigabyte at 30,000)."""
    from board.store import shard_of

    by_shard: dict[str, list[Contact]] = {}
    for contact in contacts:
        by_shard.setdefault(shard_of(contact.id), []).append(contact)
    shards = sorted(by_shard)
    found: dict[str, Standing] = {}
    for start in range(0, len(shards), SHARDS_AT_ONCE):
        part = [c for shard in shards[start : start + SHARDS_AT_ONCE] for c in by_shard[shard]]
        found.update(_read_all(store, part, config, now))
    return found


def _read_by_shard(
    root: Path, clock: Callable[[], datetime], contact_ids: list[str], config: Config, now: datetime,
    between: Callable[[], None] | None = None,
) -> dict[str, Standing]:
    """`_read_in_parts` for a thread: each few shards' contacts read by a store of its own,
    let go before the next (the board holds only its cards, not every contact); while the
    user is pressing keys, the next part waits (a part is tens of milliseconds at 100,000).
    `between` is called before each part (default: `widgets.background.give_way`)."""
    from board.store import shard_of
    from widgets import background

    step = background.give_way if between is None else between

    by_shard: dict[str, list[str]] = {}
    for contact_id in contact_ids:
        by_shard.setdefault(shard_of(contact_id), []).append(contact_id)
    shards = sorted(by_shard)
    found: dict[str, Standing] = {}
    for start in range(0, len(shards), THREAD_SHARDS_AT_ONCE):
        step()
        store = Store(root, clock=clock)
        try:
            part: list[Contact] = []
            for contact_id in (c for shard in shards[start : start + THREAD_SHARDS_AT_ONCE] for c in by_shard[shard]):
                try:
                    part.append(store.get(contact_id))
                except UserError:  # removed since the board read its cards
                    continue
            found.update(_read_all(store, part, config, now))
        finally:
            store.close()
    return found


def _read_away(
    root: Path, clock: Callable[[], datetime], contact_ids: list[str], config: Config, now: datetime
) -> dict[str, Standing]:
    """`_read_by_shard` done by a child process (`widgets.standings_reader`), out of the
    UI thread's way; read here if no child can do it. (The board closing meanwhile: {},
    delivered to nobody.)"""
    from widgets.background import give_way, stopping
    from widgets.standings_reader import ChildGone, read_elsewhere

    try:
        found = read_elsewhere(root, now, contact_ids, config, give_way, stopping)
    except ChildGone:
        return _read_by_shard(root, clock, contact_ids, config, now)
    return {} if found is None else found


class Standings:
    """The session's standings: `get` them, tell it what `changed`."""

    def __init__(self, store: Store, config: Config) -> None:
        self.store = store
        self.config = config
        self.background: Background | None = None  # runs work in a thread, answers on the UI's
        self.arrived: Callable[[set[str]], None] = lambda changed: None  # ids whose standing moved
        # Runs a callable on the UI thread soon, after what is waiting there (keys): a landing's
        # redraws are spread with it. None: all at once.
        self.later: Callable[[Callable[[], None]], object] | None = None
        self._arriving: dict[str, None] = {}  # moved, not yet told to `arrived` (in order)
        self._known: dict[str, Standing] | None = None
        self._day: date | None = None  # the day `_known` was read for (None: read again)
        self._reading = False
        self._again: set[str] = set()  # changed while a reading ran: read again when it lands
        self._restart = False  # anything may have changed while a reading ran

    @property
    def reading(self) -> bool:
        return self._reading

    def get(self, *, wait: bool | None = None) -> dict[str, Standing]:
        """The standings now; `wait` False returns what is known (perhaps nothing yet, or
        yesterday's) and reads them in the background. None: wait on a small board."""
        now = self.store.clock()
        if self._known is not None and self._day == now.date():
            return self._known
        if self._reading and not wait:  # a large board's reading is under way: what is known
            # (without taking the store's cards to tell the board's size again: every redraw
            # asks, and on a large board that list is milliseconds, 100,000 entries at 100,000)
            return self._known if self._known is not None else {}
        cards = None
        if wait is None:
            cards = self.store.cards()
            wait = len(cards) <= WAIT_UP_TO
        if wait or self.background is None:
            self._known = _read_all(self.store, self.store.contacts(), self.config, now)
            self._day = now.date()
            return self._known
        self._start(now, cards)
        return self._known if self._known is not None else {}

    def changed(self, contact_ids: set[str] | None) -> None:
        """These contacts changed (None: anything may have): read their standings again."""
        if contact_ids is None:
            self._day = None  # read again at the next look; what is known stays shown meanwhile
            self._restart = self._reading
            return
        if self._reading:
            self._again |= contact_ids
        if self._known is not None:
            self._read_again(self._known, contact_ids, self.store.clock())

    def _read_again(self, known: dict[str, Standing], contact_ids: set[str], now: datetime) -> None:
        from board.standing import read_standing

        for contact_id in contact_ids:
            try:
                contact = self.store.get(contact_id)
            except UserError:  # removed (an undone add)
                known.pop(contact_id, None)
                continue
            standing = read_standing(contact, self.store.interactions(contact_id), self.config, now)
            if standing.owed_thanks is not None or standing.quiet:
                known[contact_id] = standing
            else:
                known.pop(contact_id, None)

    def _start(self, now: datetime, cards: list[CardFacts] | None = None) -> None:
        """Read the standings in the background; `cards`: the store's, if just taken."""
        if self._reading or self.background is None:
            return
        self._reading, self._restart, self._again = True, False, set()
        root, clock, config = self.store.root, self.store.clock, self.config
        # Who is on the board (unarchived) as the UI's snapshot has them: their contacts
        # are read in the thread, never all at once. (The snapshot is a list of its own
        # whose facts never change: picked through in the thread, not before the paint.)
        snapshot = self.store.cards() if cards is None else cards

        def work() -> Found:
            contact_ids = [facts.id for facts in snapshot if not facts.archived]
            return now.date(), _read_away(root, clock, contact_ids, config, now)

        self.background(work, self._landed)

    def _landed(self, result: Found | None) -> None:
        """On the UI thread: the reading is done (None: it failed, what is known stays)."""
        self._reading = False
        if result is None:
            return
        if self._restart:
            self.get(wait=False)  # everything changed meanwhile: this reading is stale
            return
        day, found = result
        if self._again:
            self._read_again(found, self._again, self.store.clock())
            self._again = set()
        old = self._known or {}
        self._known, self._day = found, day
        moved = {cid for cid in old.keys() | found.keys() if old.get(cid) != found.get(cid)}
        if not moved:
            return
        # Those owed thanks first: they lead the columns, where the eye is.
        first = sorted(moved, key=lambda cid: (found.get(cid) is None or found[cid].owed_thanks is None, cid))
        going = bool(self._arriving)
        self._arriving.update(dict.fromkeys(first))
        if not going:
            self._arrive()

    def _arrive(self) -> None:
        """Tell `arrived` the next few who moved; the rest at the next turn (`later`)."""
        arriving = self._arriving
        count = len(arriving) if self.later is None else ARRIVE_AT_ONCE
        now = set()
        for cid in arriving:
            now.add(cid)
            if len(now) == count:
                break
        for cid in now:
            del arriving[cid]
        if arriving and self.later is not None:
            self.later(self._arrive)
        self.arrived(now)
