"""Where things stand with a person, read from their history: owed thanks, and requests.

Two rules of the method need a contact's interactions, not just its fields, so they live
here and triage, stats, the board and the outreach ranking all read them from one place.

**Owed thanks** (reciprocity). After a `received` interaction in the last
`THANKS_WITHIN_DAYS` days, the giver is owed an answer — thanks, and "How can I support
you?" — until a later outgoing message, a call or a meeting is logged. A note, a gift
or a message *they* wrote does not answer it. (Past the window the thank-you is no longer
suggested either: an imported gift from years ago does not jump the queue.)

**Requests** (let them qualify themselves). A person came *by a request* when how you met
(`met_at`) names a connection request, an invitation or a comment of theirs ("LinkedIn
request", "comment on my article"). You *answered* when you wrote to them after they
were added (an outgoing `message`); they *replied* with a message of their own (`--in`),
a call, a meeting or a `received` after your answer. Someone you answered who is still
in Met and has not replied `quiet_after_days` after your last message is **quiet**:
they qualified themselves out, Today stops chasing them. A reply, or a move to Talked,
ends it.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from board.config import Config
from board.model import Contact, Direction, Interaction, Kind, Stage, Value, local_date

if TYPE_CHECKING:
    from board.store import Change, Store

THANKS_WITHIN_DAYS = 90  # the same window in which the outreach suggests the thank-you
THANKS_FOR_REFERRAL = "thanks-for-referral"
THANKS_AND_SUPPORT = "thanks-and-support"
REQUEST = re.compile(r"request|invit|comment|repl(?:y|ied) to my", re.I)
FEW = 64  # up to this many people, read each one's history; past it, one pass over all

_ANSWERS_A_GIFT = (Kind.CALL, Kind.MEETING)  # and an outgoing message
_REPLIES = (Kind.CALL, Kind.MEETING, Kind.RECEIVED)  # and a message they wrote


def outgoing_message(item: Interaction) -> bool:
    return item.kind == Kind.MESSAGE and item.direction == Direction.OUT


def answers_a_gift(item: Interaction) -> bool:
    """An outgoing message, a call or a meeting: what ends owed thanks."""
    return item.kind in _ANSWERS_A_GIFT or outgoing_message(item)


def is_reply(item: Interaction) -> bool:
    """A message they wrote, a call, a meeting or a gift from them."""
    return item.kind in _REPLIES or (item.kind == Kind.MESSAGE and item.direction == Direction.IN)


def came_by_request(contact: Contact) -> bool:
    """They reached you by a connection request, an invitation or a comment (`met_at`)."""
    return bool(REQUEST.search(contact.met_at))


def answers_gift(
    history: Sequence[Interaction], kind: Kind, direction: Direction, at: datetime
) -> bool:
    """Would logging this (kind, direction, at) answer a gift they are owed thanks for?

    What the log form and `trustboard log` ask about: then is the moment to note what
    they said they need.
    """
    gift = owed_thanks(history, at)
    probe = Interaction("", "", at, kind, direction=direction)
    return gift is not None and gift.at <= at and answers_a_gift(probe)


@dataclass(frozen=True, slots=True)
class Standing:
    """What a person's history says now (see the module's rules)."""

    owed_thanks: Interaction | None = None  # the gift not yet answered
    request: bool = False
    answered_at: datetime | None = None  # your first message after they were added
    replied: bool = False
    quiet_since: date | None = None  # the day they went quiet, if they have

    @property
    def quiet(self) -> bool:
        return self.quiet_since is not None

    @property
    def thanks_step(self) -> str | None:
        """The message owed: thanks-for-referral for a referral, else thanks-and-support."""
        if self.owed_thanks is None:
            return None
        return THANKS_FOR_REFERRAL if self.owed_thanks.value == Value.REFERRAL else THANKS_AND_SUPPORT


NOTHING = Standing()


def owed_thanks(history: Sequence[Interaction], now: datetime) -> Interaction | None:
    """The latest gift received within the window that no later answer followed, if any."""
    gift: Interaction | None = None
    for item in sorted(history, key=lambda i: i.at):
        if item.at > now:
            continue  # a future-dated entry answers nothing yet
        if item.kind == Kind.RECEIVED:
            gift = item
        elif gift is not None and answers_a_gift(item):
            gift = None
    if gift is None or now - gift.at > timedelta(days=THANKS_WITHIN_DAYS):
        return None
    return gift


def read_standing(
    contact: Contact, history: Sequence[Interaction], config: Config, now: datetime
) -> Standing:
    """Where things stand with `contact` at `now`, from their interactions (any order)."""
    thanks = owed_thanks(history, now)
    if not came_by_request(contact):
        return Standing(owed_thanks=thanks) if thanks else NOTHING
    answered: datetime | None = None
    last_out: datetime | None = None
    replied = False
    for item in sorted(history, key=lambda i: i.at):
        if item.at > now:
            continue
        if outgoing_message(item) and item.at > contact.created_at:
            answered = answered or item.at
            last_out = item.at
        elif answered is not None and is_reply(item):
            replied = True
    quiet_since = None
    if answered is not None and last_out is not None and not replied and contact.stage == Stage.MET:
        since = local_date(last_out) + timedelta(days=config.quiet_after_days)
        if since <= local_date(now):
            quiet_since = since
    return Standing(thanks, True, answered, replied, quiet_since)


def may_stand_out(contact: Contact, now: datetime) -> bool:
    """Could this contact be owed thanks or quiet? (Decided from its fields alone.)

    Owed thanks needs a gift within the window, so a last interaction within it; quiet
    needs a request still in Met with something logged.
    """
    last = contact.last_interaction_at
    if last is None:
        return False
    if now - last <= timedelta(days=THANKS_WITHIN_DAYS + 1):
        return True
    return contact.stage == Stage.MET and came_by_request(contact)


def histories(store: Store, contact_ids: Collection[str]) -> dict[str, list[Interaction]]:
    """Each contact's interactions, oldest first: one read each for a few, one pass for many."""
    if len(contact_ids) <= FEW:
        return {cid: store.interactions(cid) for cid in contact_ids}
    found: dict[str, list[Interaction]] = {cid: [] for cid in contact_ids}
    for item in store.all_interactions(found):
        bucket = found.get(item.contact_id)
        if bucket is not None:
            bucket.append(item)
    for bucket in found.values():
        bucket.sort(key=lambda i: i.at)
    return found


def standings(
    store: Store, contacts: Iterable[Contact], config: Config, now: datetime
) -> dict[str, Standing]:
    """The standing of every contact that has one worth knowing (owed thanks, quiet…).

    Contacts absent from the result stand as usual. Only those whose fields say they
    might stand out have their history read.
    """
    wanted = {c.id: c for c in contacts if may_stand_out(c, now)}
    if len(wanted) > FEW:
        # Owed thanks needs a gift received within the window: one look at the gifts alone
        # leaves only their receivers (and requests) whose whole history must be built.
        since = now - timedelta(days=THANKS_WITHIN_DAYS)
        gifted = {
            item.contact_id for item in store.all_interactions(wanted, kinds=(Kind.RECEIVED,))
            if since <= item.at <= now
        }
        wanted = {cid: c for cid, c in wanted.items() if cid in gifted or came_by_request(c)}
    found: dict[str, Standing] = {}
    for cid, history in histories(store, list(wanted)).items():
        standing = read_standing(wanted[cid], history, config, now)
        if standing.owed_thanks is not None or standing.quiet:
            found[cid] = standing
    return found


def quiet_people(store: Store, config: Config, now: datetime) -> list[Contact]:
    """Everyone on the board (archived aside) who is quiet now, by name."""
    people = store.contacts()
    known = standings(store, people, config, now)
    return sorted((c for c in people if known.get(c.id, NOTHING).quiet), key=lambda c: c.name.lower())


def archive_all(store: Store, contact_ids: Collection[str], label: str) -> Change:
    """Archive these people in one change (one undo step); who is already archived stays so."""
    from board.store import Change

    with store.transaction(label) as txn:
        for cid in contact_ids:
            person = txn.get(cid)
            if person is not None and not person.archived:
                txn.put_contact(person.copy(archived=True))
    return txn.change or Change(label)
