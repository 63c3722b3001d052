"""Common ground: what the data shows you share with a contact, said in one clause.

What turns a first message into a conversation is what the two of you have in common
("We're both part of BNI Riverside"). This is never a guess; it is only one of:

- someone in your network introduced them: `introduced_by` holds that person's id, or
  where you met says "introduced by NAME" and exactly one contact has that name;
- one of your groups (config `[me] groups`) is named in their tags, where you met, or
  the invitation they wrote you;
- someone in your network works where they work (same company, legal suffix aside).

The first of these that holds is the one said; `common_ground` returns it with the reason
the suggestion shows, or None.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from board.model import Contact, Interaction, Kind
from board.outreach.network import Network
from board.outreach.phrases import REQUEST, phrase

_INTRODUCER = re.compile(
    r"^(?:at\s+|@\s*)?(?:introduced|referred|recommended|sent)(?:\s+to\s+me)?\s+by\s+(?P<name>.+)$", re.I
)


@dataclass(frozen=True, slots=True)
class Ground:
    """Common ground in one clause (no final full stop), and where the data shows it."""

    clause: str  # "We're both part of BNI Riverside"
    reason: str  # "BNI Riverside is in their tags"


def common_ground(
    contact: Contact,
    history: Sequence[Interaction],
    network: Network,
    groups: Sequence[str],
) -> Ground | None:
    """The common ground the data shows with `contact`, or None when it shows none."""
    return _introducer(contact, network) or _group(contact, history, groups) or _colleague(contact, network)


def _introducer(contact: Contact, network: Network) -> Ground | None:
    introducer = None
    by_id = getattr(contact, "introduced_by", None)  # schema 2; absent before it
    if isinstance(by_id, str) and by_id:
        introducer = network.person(by_id)
    if introducer is None:
        said = _INTRODUCER.match(phrase(contact.met_at))
        if said:
            introducer = network.named(said["name"])
    if introducer is None or introducer.id == contact.id:
        return None
    name = phrase(introducer.name)
    return Ground(f"I see you know {name} too", f"{name} introduced you")


def _group(contact: Contact, history: Sequence[Interaction], groups: Sequence[str]) -> Ground | None:
    if not groups:
        return None
    tags = {_squash(tag) for tag in contact.tags}
    met = phrase(contact.met_at)
    invitations = [phrase(i.summary) for i in history if _theirs(i, contact)]
    for group in groups:
        name = phrase(group)
        pattern = _phrase_pattern(name)
        if pattern is None:
            continue
        if _squash(name) in tags:
            where = "is in their tags"
        elif pattern.search(met):
            where = "is where you met"
        elif any(pattern.search(text) for text in invitations):
            where = "is in the invitation they wrote"
        else:
            continue
        return Ground(f"We're both part of {name}", f"{name} {where}")
    return None


def _colleague(contact: Contact, network: Network) -> Ground | None:
    if not contact.company.strip():
        return None
    colleague = network.colleague(contact)
    if colleague is None:
        return None
    name, company = phrase(colleague.name), phrase(contact.company)
    return Ground(f"I also know {name} at {company}", f"{name} works at {company} too")


def _theirs(item: Interaction, contact: Contact) -> bool:
    """A message they wrote: marked incoming (schema 2), or the invitation an import logged
    (a message at the very moment a LinkedIn request created the contact)."""
    if item.kind != Kind.MESSAGE:
        return False
    direction = getattr(item, "direction", None)
    if direction is not None and str(direction) == "in":
        return True
    return item.at == contact.created_at and bool(
        REQUEST.search(contact.met_at) or contact.source.lower().startswith(("linkedin", "invitation"))
    )


def _squash(text: str) -> str:
    """Letters and digits only, any case: the tag 'bni-riverside' is 'BNI Riverside'."""
    return "".join(ch for ch in text.casefold() if ch.isalnum())


@lru_cache(maxsize=256)
def _phrase_pattern(name: str) -> re.Pattern[str] | None:
    """The group's name as whole words, any case and spacing: 'BNI  riverside.' matches."""
    words = re.findall(r"\w+", name)
    if not words:
        return None
    return re.compile(r"(?<!\w)" + r"\W+".join(map(re.escape, words)) + r"(?!\w)", re.I)
