"""Things worth sharing: which of the user's resources fit a contact.

A resource is anything the user would send someone (an article, a guide, a tool, a talk):
a title, a URL and the topics it is about. The caller passes them in (the outreach engine
keeps no library of its own); anything with `title`, `url` and `topics` will do, such as
the plain `Resource` below. A topic fits a contact's needs (or expertise) by the very
rule who-knows uses for expertise (`network.fit`), and a resource you already gave them
is not offered again.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal, Protocol

from board.model import Contact, Interaction, Kind
from board.outreach.network import fit, keywords


class ResourceLike(Protocol):
    """What the engine reads of a resource (the store's own records qualify)."""

    @property
    def title(self) -> str: ...

    @property
    def url(self) -> str: ...

    @property
    def topics(self) -> Sequence[str]: ...


@dataclass(frozen=True, slots=True)
class Resource:
    """A thing worth sharing: its title, where it is, what it is about."""

    title: str
    url: str
    topics: tuple[str, ...] = ()
    id: str | None = None  # the store's id, when it has one: "already given" checks it


@dataclass(frozen=True, slots=True)
class ResourceMatch:
    """A resource that fits: which topic met which of the contact's words, and how well."""

    resource: ResourceLike
    topic: str
    wanted: str  # the need or expertise item it fits
    field: Literal["needs", "expertise"]
    score: int

    @property
    def why(self) -> str:
        """'needs: reverse mortgage lender ↔ topic: reverse mortgages'."""
        return f"{self.field}: {self.wanted} ↔ topic: {self.topic}"


def already_given(resource: ResourceLike, history: Iterable[Interaction]) -> bool:
    """True when a `gave` interaction shared it: by its id, or its URL in the summary."""
    resource_id = getattr(resource, "id", None)
    url = resource.url.strip()
    for item in history:
        if item.kind != Kind.GAVE:
            continue
        if resource_id and getattr(item, "resource_id", None) == resource_id:
            return True
        if url and url in item.summary:
            return True
    return False


def fitting_resources(
    contact: Contact, resources: Iterable[ResourceLike], history: Sequence[Interaction] = ()
) -> list[ResourceMatch]:
    """The resources that fit the contact's needs or expertise, best first.

    A fit to their needs comes before a fit to their expertise, a closer fit (more words
    shared) before a looser one, and otherwise the order the resources were given in.
    One match per resource (its best topic); resources already given to them are left out.
    """
    wanted: list[tuple[Literal["needs", "expertise"], str, frozenset[str]]] = []
    if contact.needs.strip():
        wanted.append(("needs", contact.needs, keywords(contact.needs)))
    wanted.extend(("expertise", item, keywords(item)) for item in contact.expertise if item.strip())
    ranked: list[tuple[int, int, int, ResourceMatch]] = []
    for order, resource in enumerate(resources):
        best: ResourceMatch | None = None
        for topic in resource.topics:
            words = keywords(topic)
            for field, text, need_words in wanted:
                score = fit(words, need_words)
                if score and (best is None or _order(field, score) < _order(best.field, best.score)):
                    best = ResourceMatch(resource, topic, text, field, score)
        if best is not None and not already_given(resource, history):
            ranked.append((*_order(best.field, best.score), order, best))
    ranked.sort(key=lambda r: r[:3])
    return [match for *_, match in ranked]


def _order(field: str, score: int) -> tuple[int, int]:
    """Needs before expertise, then closer fits first."""
    return (0 if field == "needs" else 1, -score)
