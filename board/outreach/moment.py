"""The contact's situation right now: which moments hold, and the values to fill templates.

`read_moment` looks at the stage, how you met (`source`, `met_at`), the last
interactions and who in the network knows what they need, and returns the situations
that hold (each with the reason, in words, that the suggestion shows) and the
placeholder values. It decides nothing about order: that is `rank`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from board.model import Contact, Interaction, Kind, Stage, Value
from board.outreach.ground import common_ground
from board.outreach.network import Network
from board.outreach.phrases import (
    COMMENT,
    GAVE_WORDS,
    INTRODUCED,
    RECEIVED_WORDS,
    REQUEST,
    first_name_of,
    inline,
    link,
    list_words,
    met_at,
    phrase,
    shorten,
)
from board.outreach.resources import ResourceLike, fitting_resources
from board.standing import owed_thanks

SITUATIONS: dict[str, str] = {
    "connection-request": "they asked to connect (an invitation, or a connection made in the last 30 days) "
    "and you have not talked",
    "reconnect": "you connected more than 30 days ago (a LinkedIn connection, say) and have never talked",
    "commented": "you met through their comment on something you wrote",
    "event": "you met somewhere in person (met_at) and have not talked since",
    "talked": "you have had a real conversation (a call or meeting, or a stage past Met)",
    "needs-known": "you know what they need (and, given your resources, one fits it)",
    "intro-match": "someone in your network knows what they need",
    "gave-recently": "you gave them something in the last 30 days",
    "received": "they helped you (last 90 days) and no message, call or meeting of yours answered it yet",
    "referral-received": "like received, and the help was a referral",
    "trusted": "they are in Trusted",
    "introducing": "you are introducing them to someone (trustboard introduce; c in Who knows)",
}

RECENT_GAVE = timedelta(days=30)
RECENT_CONNECTION = timedelta(days=30)  # older, "thanks for the connection request" is stale
INVITATION = re.compile(r"request|invit", re.I)  # they asked, and the request is still theirs
SENT_PREFIX = "sent: "

_EXCHANGES = (Kind.MESSAGE, Kind.CALL, Kind.MEETING, Kind.GAVE, Kind.RECEIVED)
_CONVERSATIONS = (Kind.CALL, Kind.MEETING)


@dataclass
class Moment:
    """What is true of the contact right now: situations that hold, values, reasons."""

    situations: dict[str, str]  # situation → why, in words
    values: dict[str, str]  # placeholder → value ("" or absent when unknown)
    sent_at: dict[str, datetime]  # template name → when it was last marked as sent
    fresh_talk: bool  # talked, and still at Met or Talked: time to ask how to help
    ground: str = ""  # where the data shows the common ground in values["common_ground"]


def connected_since(created: datetime, at: datetime) -> str:
    """When a connection was made, to follow "since": "2019", or "March" within a year."""
    return f"{created:%B}" if at - created < timedelta(days=365) else str(created.year)


def read_moment(
    contact: Contact,
    history: Sequence[Interaction],
    network: Network,
    my_name: str,
    at: datetime,
    *,
    groups: Sequence[str] = (),
    resources: Sequence[ResourceLike] | None = None,
    ground: bool = True,
) -> Moment:
    """The situations that hold for `contact` at `at`, and the values for its templates.

    `groups` are the user's communities (common ground). `resources` is the user's
    library: when given, "needs-known" holds only if one of them fits their needs, and
    its title and URL fill the message; None means no library is known to the caller.
    `ground=False` skips looking for common ground (no message that could say it fits).
    """
    history = sorted(history, key=lambda i: i.at)
    exchanges = [i for i in history if i.kind in _EXCHANGES]
    talked = contact.stage != Stage.MET or any(i.kind in _CONVERSATIONS for i in history)
    situations: dict[str, str] = {}
    values = {
        "first_name": first_name_of(contact.name),
        "name": phrase(contact.name),
        "company": phrase(contact.company),
        "title": phrase(contact.title),
        "met_at": met_at(contact.met_at),
        "expertise": list_words(contact.expertise),
        "needs": inline(contact.needs),
        "my_name": phrase(my_name),
        "my_first_name": first_name_of(my_name),
    }

    topics = [
        i for i in exchanges if i.summary.strip() and not i.summary.startswith(SENT_PREFIX)
    ]
    if topics:
        values["last_topic"] = shorten(inline(topics[-1].summary))
    conversations = [i for i in topics if i.kind in _CONVERSATIONS]
    if conversations:
        values["last_conversation"] = shorten(inline(conversations[-1].summary))

    where = values["met_at"]
    if not talked:
        if COMMENT.search(where):
            situations["commented"] = "they commented on your writing: thank them and open a conversation"
        elif REQUEST.search(where) or (
            not where and contact.source.lower().startswith(("linkedin", "invitation"))
        ):
            if INVITATION.search(where) or at - contact.created_at <= RECENT_CONNECTION:
                situations["connection-request"] = (
                    "they asked to connect and you have not talked yet: offer a call or coffee"
                )
            else:
                values["connected_since"] = connected_since(contact.created_at, at)
                situations["reconnect"] = (
                    f"you connected in {values['connected_since']} and have never really talked: "
                    "reconnect with a warm note"
                )
        elif where and not INTRODUCED.search(where):
            situations["event"] = f"you met at {where}: follow up while it is fresh"
    if talked:
        situations["talked"] = "you have talked: ask how you can support them"
    if contact.stage == Stage.TRUSTED:
        situations["trusted"] = "trusted: stay in touch without asking for anything"

    gift = owed_thanks(history, at)  # the rule Today follows: the same gift, the same answer
    if gift is not None:
        value = gift.value or Value.OTHER
        values["received"] = RECEIVED_WORDS[value]
        situations["received"] = f"they gave you {values['received']}: thank them, then offer help back"
        if value == Value.REFERRAL:
            situations["referral-received"] = "they sent you a referral: thank them and tell them how it went"

    gifts = [i for i in history if i.kind == Kind.GAVE and at - i.at <= RECENT_GAVE]
    if gifts:
        values["gave"] = GAVE_WORDS[gifts[-1].value or Value.OTHER]
        situations["gave-recently"] = f"you gave {values['gave']} lately: check in without asking"

    if values["needs"]:
        if resources is None:  # no library known: the message asks for a link
            situations["needs-known"] = f"you know what they need ({values['needs']}): send something useful"
        else:
            fits = [m for m in fitting_resources(contact, resources, history) if m.field == "needs"]
            if fits:
                values["resource_title"] = phrase(fits[0].resource.title)
                values["resource_url"] = link(fits[0].resource.url)
                situations["needs-known"] = f"{fits[0].why}: send them {values['resource_title']}"
        matches = network.experts_for(contact.needs, exclude=contact.id)
        if matches:
            match = matches[0]
            values["intro_name"] = phrase(match.contact.name)
            values["intro_first_name"] = first_name_of(match.contact.name)
            values["intro_expertise"] = phrase(match.expertise)
            values["intro_company"] = phrase(match.contact.company)
            situations["intro-match"] = (
                f"{values['intro_name']} knows {values['intro_expertise']}, which they need"
            )

    sent_at: dict[str, datetime] = {}
    for item in history:
        if item.kind == Kind.MESSAGE and item.summary.startswith(SENT_PREFIX):
            # "sent: <template>" then, on the next lines, the text as sent
            sent_at[item.summary[len(SENT_PREFIX) :].split("\n", 1)[0].strip()] = item.at
    fresh_talk = talked and contact.stage in (Stage.MET, Stage.TALKED)
    shared = common_ground(contact, history, network, groups) if ground else None
    if shared is not None:
        values["common_ground"] = shared.clause
    return Moment(situations, values, sent_at, fresh_talk, shared.reason if shared else "")
