"""What can I give this person? Concrete gifts, best first, each with why it fits.

Three kinds, as the method names them (and as `gave` logs them):

- an **introduction**: someone in the network whose expertise fits their needs, found by
  who-knows (`Network.experts_for`, its word rules), the people you trust most first;
- a **resource** from the library whose topics fit their needs or their expertise
  (`fitting_resources`, the same word rules), with its URL;
- **feedback**: on work of theirs the record mentions ("her new newsletter issue") or on
  their own site (a link that is not a social profile).

Best first: what fits their needs (introductions, then resources, closer fits first);
then feedback on recent work; then resources for what they know; then feedback on their
site. A gift already given is not offered again: a resource shared with them (by
`resource_id`, or its URL in a `gave` summary), an introduction to someone already
offered or made (a `gave`/introduction naming them, or linked to that person's record),
someone who introduced them in the first place, feedback on a link already commented on
or on work you gave feedback on since.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from board.give import messages
from board.model import Contact, Interaction, Kind, Resource, Value
from board.model import now as clock_now
from board.outreach import (
    SENT_PREFIX,
    Network,
    Someone,
    Template,
    fitting_resources,
    placeholder_values,
)
from board.outreach.phrases import phrase
from board.text import ago

if TYPE_CHECKING:
    from board.config import Config
    from board.store import Change, Store

MAX_INTRODUCTIONS = 3
MAX_RESOURCES = 5
WORK_WINDOW = timedelta(days=120)  # work mentioned longer ago is no longer news

_WORK_NOUNS = (
    "newsletter|article|blog|post|podcast|episode|video|talk|presentation|deck|slides|"
    "website|site|portfolio|book|course|webinar|workshop|draft|proposal|pitch|brochure|"
    "flyer|report|guide|page|menu|logo|app|case study|listing photos"
)
_WORK = re.compile(
    r"\b(?P<owner>her|his|their)\s+(?P<what>(?:(?!and\b|or\b|with\b)[\w’'-]+\s+){0,3}(?:" + _WORK_NOUNS + r")"
    r"(?:\s+(?:issue|episode|draft|page|series|launch))?)\b",
    re.I,
)
_THEIR_SIDE = (Kind.MESSAGE, Kind.CALL, Kind.MEETING, Kind.NOTE, Kind.MET, Kind.RECEIVED)
_SOCIAL = frozenset("linkedin facebook fb twitter instagram tiktok threads".split())


@dataclass(frozen=True, slots=True)
class Gift:
    """One thing to give: what, why it fits, the message that gives it, how it is logged."""

    kind: Value  # introduction | resource | feedback: the value `gave` logs
    title: str  # "Introduce them to Kevin Tran (Tran Tax & Advisory)"
    why: str  # "needs: … ↔ expertise: 1099 income (Kevin Tran)"
    message: str  # ready to send
    template: str  # the message's template name (offer-intro, share-resource, …)
    summary: str  # what logging it as given writes
    url: str | None = None  # the resource's URL, or the link to give feedback on
    resource_id: str | None = None  # a resource gift: the library's id
    contact_id: str | None = None  # an introduction: the person to introduce
    contact_name: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The stable JSON of `trustboard give --json` (every key always present)."""
        return {
            "kind": self.kind.value,
            "title": self.title,
            "why": self.why,
            "url": self.url,
            "resource_id": self.resource_id,
            "contact_id": self.contact_id,
            "contact_name": self.contact_name,
            "template": self.template,
            "message": self.message,
            "summary": self.summary,
        }


def gifts_for(
    contact: Contact,
    history: Sequence[Interaction],
    network: Network | Iterable[Contact],
    resources: Sequence[Resource],
    *,
    templates: Sequence[Template] | None = None,
    my_name: str = "",
    groups: Sequence[str] = (),
    now: datetime | None = None,
    history_of: Callable[[str], Sequence[Interaction]] | None = None,
) -> list[Gift]:
    """Every gift for `contact` now, best first (see the module's docstring).

    `history` is their interactions; `network` the other contacts; `resources` the
    library; `templates` the user's (default: the built-ins); `history_of(id)` another
    contact's interactions, to see an introduction logged on both people.
    """
    network = network if isinstance(network, Network) else Network(network)
    at = now or clock_now()
    values = placeholder_values(contact, history, network, my_name=my_name, now=at, groups=groups)
    named = messages.template_map(templates)
    ranked: list[tuple[tuple[int, int, int], Gift]] = []
    for order, gift, score in _introductions(contact, history, network, values, named, history_of):
        ranked.append(((0, -score, order), gift))
    for order, gift, score, field in _resources(contact, history, resources, values, named):
        ranked.append(((0 if field == "needs" else 2, -score, 100 + order), gift))
    for order, gift, recent in _feedback(contact, history, values, at):
        ranked.append(((1 if recent else 3, 0, order), gift))
    ranked.sort(key=lambda r: r[0])
    return [gift for _, gift in ranked]


def _introductions(
    contact: Contact,
    history: Sequence[Interaction],
    network: Network,
    values: dict[str, str],
    named: dict[str, Template],
    history_of: Callable[[str], Sequence[Interaction]] | None,
) -> Iterable[tuple[int, Gift, int]]:
    if not contact.needs.strip():
        return
    offered = [i for i in history if i.kind == Kind.GAVE and i.value == Value.INTRODUCTION]
    mine = {i.id for i in history}
    linked = {i.linked_to for i in history if i.linked_to}
    found = 0
    for match in network.experts_for(contact.needs, exclude=contact.id):
        expert = match.contact
        if expert.id == contact.introduced_by or _introduced(expert, offered, mine, linked, history_of):
            continue
        filled = messages.render("offer-intro", named, {
            **values,
            "intro_name": phrase(expert.name),
            "intro_first_name": expert.first_name,
            "intro_expertise": phrase(match.expertise),
            "intro_company": phrase(expert.company),
        })
        if filled is None:
            continue
        template, text = filled
        company = f" ({phrase(expert.company)})" if expert.company.strip() else ""
        gift = Gift(
            kind=Value.INTRODUCTION,
            title=f"Introduce {contact.first_name} to {phrase(expert.name)}{company}",
            why=f"needs: {phrase(contact.needs)} ↔ expertise: {phrase(match.expertise)} ({phrase(expert.name)})",
            message=text,
            template=template,
            summary=messages.introduction_summary(expert.name, match.expertise),
            contact_id=expert.id,
            contact_name=expert.name,
        )
        yield found, gift, match.score
        found += 1
        if found == MAX_INTRODUCTIONS:
            return


def _introduced(
    expert: Someone,
    offered: Sequence[Interaction],
    mine: set[str],
    linked: set[str],
    history_of: Callable[[str], Sequence[Interaction]] | None,
) -> bool:
    """True when an introduction to `expert` was already offered or made."""
    name = " ".join(expert.name.split()).casefold()
    if any(name and name in " ".join(i.summary.split()).casefold() for i in offered):
        return True
    if history_of is None or not (linked or mine):
        return False
    # An introduction logged on both people (`trustboard introduce --sent`): their
    # interactions point at each other.
    return any(
        i.id in linked or (i.linked_to in mine and i.kind == Kind.GAVE) for i in history_of(expert.id)
    )


def _resources(
    contact: Contact,
    history: Sequence[Interaction],
    resources: Sequence[Resource],
    values: dict[str, str],
    named: dict[str, Template],
) -> Iterable[tuple[int, Gift, int, str]]:
    for order, match in enumerate(fitting_resources(contact, resources, history)[:MAX_RESOURCES]):
        resource = match.resource
        assert isinstance(resource, Resource)
        gift = resource_gift(contact, resource, values, named, field=match.field, wanted=match.wanted,
                             why=match.why)
        yield order, gift, match.score, match.field


def resource_gift(
    contact: Contact,
    resource: Resource,
    values: dict[str, str],
    named: dict[str, Template],
    *,
    field: str | None,
    wanted: str = "",
    why: str = "",
) -> Gift:
    """The gift of one resource: *share-resource* for a need, else a note for what they know
    (`field` "expertise"), else (`field` None: it fits nothing) one that just sends it."""
    filled_values = messages.resource_values(values, resource.title, resource.url)
    filled = None
    if field == "needs":
        filled = messages.render("share-resource", named, filled_values, messages.SHARE_PICKED)
    elif field == "expertise":
        filled_values["expertise"] = phrase(wanted)
        filled = messages.render(messages.SHARE_WITH_EXPERT.name, {}, filled_values, messages.SHARE_WITH_EXPERT)
    if filled is None:
        filled = messages.render(messages.SHARE_PICKED.name, {}, filled_values, messages.SHARE_PICKED)
    template, text = filled or (messages.SHARE_PICKED.name, "")
    return Gift(
        kind=Value.RESOURCE,
        title=f"Send “{phrase(resource.title)}”",
        why=why or "you picked it (it fits none of their needs or expertise)",
        message=text,
        template=template,
        summary=messages.resource_summary(resource.title, resource.url),
        url=resource.url,
        resource_id=resource.id,
    )


def _feedback(
    contact: Contact, history: Sequence[Interaction], values: dict[str, str], at: datetime
) -> Iterable[tuple[int, Gift, bool]]:
    given = [i for i in history if i.kind == Kind.GAVE and i.value == Value.FEEDBACK]
    work = their_work(history, at)
    if work is not None:
        item, what = work
        if not any(g.at >= item.at for g in given):
            yield 0, Gift(
                kind=Value.FEEDBACK,
                title=f"Feedback on their {what}",
                why=f"their work: “{phrase(item.summary)}” ({_when(item.at, at)})",
                message=messages.feedback_text(values, work=f"your {what}", verb=_verb(what)),
                template="offer-feedback",
                summary=messages.feedback_summary(f"their {what}"),
            ), True
    for url in contact.urls:
        site = site_of(url)
        if site is None:
            continue
        if any(site in g.summary or url.strip() in g.summary for g in given):
            continue
        yield 1, Gift(
            kind=Value.FEEDBACK,
            title=f"Feedback on {site}",
            why="their own site is on their card (a link, not a social profile)",
            message=messages.feedback_text(values, site=site),
            template="offer-feedback",
            summary=messages.feedback_summary(site, url.strip()),
            url=url.strip(),
        ), False
        return  # one site is enough to offer


_LISTENED = re.compile(r"\b(podcast|episode)\b", re.I)
_WATCHED = re.compile(r"\b(video|webinar)\b", re.I)
_LOOKED = re.compile(r"\b(website|site|portfolio|logo|photos|app|talk|presentation|pitch|workshop|course|menu)\b", re.I)


def _when(moment: datetime, at: datetime) -> str:
    age = ago(moment, at)
    return age if age == "today" or age.startswith("in ") else f"{age} ago"


def _verb(what: str) -> str:
    """How one takes in the work: reading a newsletter, listening to a podcast."""
    if _LISTENED.search(what):
        return "listening to"
    if _WATCHED.search(what):
        return "watching"
    if _LOOKED.search(what):
        return "looking at"
    return "reading"


def their_work(history: Sequence[Interaction], at: datetime) -> tuple[Interaction, str] | None:
    """The latest work of theirs the record mentions lately: (interaction, what it is).

    Only their side of things counts (messages, calls, meetings, notes), and only work
    that is theirs ("her new newsletter issue", never "my article").
    """
    for item in sorted(history, key=lambda i: i.at, reverse=True):
        if at - item.at > WORK_WINDOW:
            return None
        if item.kind not in _THEIR_SIDE or item.summary.startswith(SENT_PREFIX):
            continue
        found = _WORK.search(phrase(item.summary))
        if found:
            return item, " ".join(found["what"].split())
    return None


def site_of(url: str) -> str | None:
    """'whitfieldrealty.example.com' for their own site; None for a social profile or no link."""
    text = url.strip()
    if not text:
        return None
    parts = urlsplit(text if "//" in text else "https://" + text)
    host = (parts.hostname or "").lower()
    if not host or "." not in host:
        return None
    labels = set(host.split("."))
    if labels & _SOCIAL or host in ("x.com", "www.x.com"):
        return None
    path = parts.path.rstrip("/")
    return host.removeprefix("www.") + path


# -- through the store


def gifts_from_store(store: Store, contact: Contact, config: Config) -> tuple[list[Gift], list[str]]:
    """The gifts for one contact, read through the store, plus template problems."""
    from board.outreach import load_templates

    templates, problems = load_templates(config)
    gifts = gifts_for(
        contact,
        store.interactions(contact.id),
        store.contacts(),
        store.resources(),
        templates=templates,
        my_name=config.my_name,
        groups=config.groups,
        now=store.clock(),
        history_of=store.interactions,
    )
    return gifts, problems


def share_gift(store: Store, contact: Contact, resource: Resource, config: Config) -> tuple[Gift, bool]:
    """The gift of a resource the user picked for `contact`, and whether they already had it.

    The message is *share-resource* when it fits their needs, the note for an expert when
    it fits what they know, and otherwise a plain "I thought of you" with the link.
    """
    from board.outreach import already_given, load_templates

    templates, _problems = load_templates(config)
    history = store.interactions(contact.id)
    values = placeholder_values(
        contact, history, store.contacts(), my_name=config.my_name, now=store.clock(), groups=config.groups
    )
    matches = fitting_resources(contact, [resource])
    match = matches[0] if matches else None
    gift = resource_gift(
        contact, resource, values, messages.template_map(templates),
        field=match.field if match else None,
        wanted=match.wanted if match else "",
        why=match.why if match else "",
    )
    return gift, already_given(resource, history)


def log_gift(store: Store, contact_id: str, gift: Gift) -> Change:
    """Log a gift as given: a `gave` interaction with its value (and resource id)."""
    return store.log(contact_id, Kind.GAVE, gift.summary, value=gift.kind, resource_id=gift.resource_id)
