"""Ranking the messages that fit a contact now, and marking one as sent.

A template fits when its stages include the contact's stage, one of its situations holds
(or it names none), and every value it cannot do without is known. Its score is the
weight of the strongest situation it answers; a template that asks something waits when
you just gave, and one you sent lately goes down the list. Equal scores keep the
templates' order, so the ranking is deterministic.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from board.model import Contact, Interaction, Kind, Stage
from board.model import now as clock_now
from board.outreach.library import BUILT_IN, BUILT_IN_TEMPLATES, Template, load_templates
from board.outreach.moment import SENT_PREFIX, read_moment
from board.outreach.network import Network
from board.outreach.resources import ResourceLike
from board.outreach.syntax import PLACEHOLDERS

if TYPE_CHECKING:
    from board.config import Config
    from board.store import Change, Store

# How strongly each situation calls for its message; the best-matching situation scores
# the template. A template without situations scores STAGE_ONLY if it names stages.
WEIGHTS: dict[str, int] = {
    "referral-received": 100,
    "received": 90,
    "commented": 85,
    "connection-request": 80,
    "reconnect": 80,  # the same moment, long after: a connection made years ago
    "event": 70,
    "intro-match": 60,
    "gave-recently": 55,  # you just gave: check in before giving or asking more
    "trusted": 55,
    "needs-known": 50,
    "talked": 40,
    "introducing": 0,  # never holds in a ranking: `board.introductions` fills it for a pair
}
TALKED_FRESH = 55  # at Met or Talked, "How can I support you?" is the natural next step
STAGE_ONLY = 20
GENERAL = 10
ASKS_AFTER_GIVING = 40  # a template that asks something waits when you just gave
SENT_RECENTLY = 70  # the same message sent lately goes down the list: now you wait
RECENT_SENT = timedelta(days=30)


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A ready-to-send message: which template, its title, the text, and why it fits."""

    name: str
    title: str
    text: str
    why: str


def suggest_messages(
    contact: Contact,
    history: Iterable[Interaction],
    network: Iterable[Contact] | Network,
    *,
    my_name: str = "",
    templates: Sequence[Template] | None = None,
    now: datetime | None = None,
    groups: Sequence[str] = (),
    resources: Sequence[ResourceLike] | None = None,
) -> list[Suggestion]:
    """Every message that fits the contact now, best first.

    `history` is the contact's interactions (any order); `network` the other contacts
    (or a prebuilt `Network`), searched for someone whose expertise meets their needs.
    `templates` defaults to the built-ins (pass `load_templates(config)[0]` to include
    the user's). `groups` are the user's communities (config `[me] groups`), for common
    ground. `resources` is the user's library of things worth sharing: given, the
    *share-resource* message names the one that fits (and is left out when none does);
    None keeps the message that asks the user to add a link.
    """
    templates = BUILT_IN_TEMPLATES if templates is None else templates
    network = network if isinstance(network, Network) else Network(network)
    at = now or clock_now()
    templates = [t for t in templates if not t.stages or contact.stage in t.stages]
    ground = any("common_ground" in t.uses for t in templates)  # only if a message can say it
    moment = read_moment(
        contact, list(history), network, my_name, at, groups=groups, resources=resources, ground=ground
    )
    weights = WEIGHTS if not moment.fresh_talk else {**WEIGHTS, "talked": TALKED_FRESH}
    ranked: list[tuple[int, int, Suggestion]] = []
    for order, template in enumerate(templates):
        held = [s for s in template.situations if s in moment.situations]
        if template.situations and not held:
            continue
        text = template.render(moment.values)
        if text is None:
            continue
        if held:
            best = max(held, key=lambda s: weights[s])
            score, why = weights[best], moment.situations[best]
        elif template.stages:
            score, why = STAGE_ONLY, _stage_reason(contact.stage)
        else:
            score, why = GENERAL, "fits any stage"
        if template.origin != BUILT_IN:
            why = f"your template; {why}"
        if moment.ground and "common_ground" in template.placeholders:
            why += f"; common ground: {moment.ground}"
        if template.asks and "gave-recently" in moment.situations:
            score -= ASKS_AFTER_GIVING
            why += "; you gave lately, so it can wait"
        sent = moment.sent_at.get(template.name)
        if sent is not None and at - sent <= RECENT_SENT:
            score -= SENT_RECENTLY
            days = max(0, (at - sent).days)
            why += "; you sent it today" if days == 0 else f"; you sent it {days}d ago"
        ranked.append((-score, order, Suggestion(template.name, template.title, text, why)))
    ranked.sort(key=lambda r: (r[0], r[1]))
    return [suggestion for _, _, suggestion in ranked]


def top_suggestion(
    contact: Contact,
    history: Iterable[Interaction],
    network: Iterable[Contact] | Network,
    **options: Any,
) -> Suggestion | None:
    """The best message for the contact now, or None when no template fits."""
    found = suggest_messages(contact, history, network, **options)
    return found[0] if found else None


def _stage_reason(stage: Stage) -> str:
    if stage == Stage.MET:
        return "you have met: turn it into a conversation"
    return f"fits {stage.label}"


def placeholder_values(
    contact: Contact,
    history: Iterable[Interaction],
    network: Iterable[Contact] | Network,
    *,
    my_name: str = "",
    now: datetime | None = None,
    groups: Sequence[str] = (),
    resources: Sequence[ResourceLike] | None = None,
) -> dict[str, str]:
    """The values templates are filled with for this contact (empty when unknown)."""
    network = network if isinstance(network, Network) else Network(network)
    moment = read_moment(
        contact, list(history), network, my_name, now or clock_now(), groups=groups, resources=resources
    )
    return {name: moment.values.get(name, "") for name in PLACEHOLDERS}


def suggest_for(
    store: Store,
    contact: Contact,
    config: Config,
    resources: Sequence[ResourceLike] | None = None,
) -> tuple[list[Suggestion], list[str]]:
    """The ranked messages for one contact, read through the store, plus template problems.

    What `trustboard suggest` calls; `resources` is the user's library, when there is one.
    """
    templates, problems = load_templates(config)
    suggestions = suggest_messages(
        contact,
        store.interactions(contact.id),
        store.contacts(),
        my_name=config.my_name,
        templates=templates,
        now=store.clock(),
        groups=config.groups,
        resources=resources,
    )
    return suggestions, problems


def sent_summary(template_name: str, text: str = "") -> str:
    """The summary of the `message` interaction that marks a suggestion as sent: the
    template's name on the first line, then the text as sent (if given)."""
    return f"{SENT_PREFIX}{template_name}" + (f"\n{text.strip()}" if text.strip() else "")


def mark_sent(store: Store, contact_id: str, template_name: str, text: str = "") -> Change:
    """Log that the message was sent (a `message` interaction); resets the follow-up clock."""
    return store.log(contact_id, Kind.MESSAGE, sent_summary(template_name, text))
