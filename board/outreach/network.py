"""Who knows what: matching a need to the expertise of people in the user's network.

Words are compared after a light stemmer (`keywords`), so "a reverse mortgage" meets
"reverse mortgages" and "bookkeeper" meets "bookkeeping"; a few words that name the
person meet their field ("lawyer" and "law"). `Network` answers many questions against
one index, built on the second question, so a queue of contacts ranked together shares it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from board.model import Contact, Stage

_STOPWORDS = frozenset(
    """a an the and or but for to of in on at by with from into about as is are be been
    being i me my we us our you your they them their he him his she her it its this that
    these those some any more new need needs needed needing want wants wanted looking
    look find finding get getting someone somebody who what which how help helping
    advice good great best way ways thing things""".split()
)


@lru_cache(maxsize=65536)
def keywords(text: str) -> frozenset[str]:
    """The significant words of a phrase, lightly stemmed so 'mortgages' meets 'mortgage'."""
    words = set()
    for word in re.findall(r"\w+", text.lower()):
        if word in _STOPWORDS or len(word) < 2:
            continue
        words.add(_stem(word))
    return frozenset(words)


# Words a stemmer cannot bring together: the person and the field.
_SAME_AS = {
    "lawyer": "law", "lawyers": "law", "attorney": "law", "attorneys": "law", "legal": "law",
    "accountant": "accounting", "accountants": "accounting", "cpa": "accounting",
    "photographer": "photography", "photographers": "photography",
}


def _stem(word: str) -> str:
    """A deliberately small stemmer: plurals, then -ment/-ing/-er/-ed, then a final e, so
    'bookkeeper', 'bookkeeping' and 'bookkeepers' meet, as do 'planner' and 'planning'
    (and a few words that name the person meet their field: 'lawyer' and 'law')."""
    word = _SAME_AS.get(word, word)
    if len(word) > 4 and word.endswith("ies"):
        word = word[:-3] + "y"
    elif len(word) > 4 and word.endswith(("sses", "xes", "ches", "shes")):
        word = word[:-2]
    elif len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    stripped = True
    while stripped:  # offering → offer → off, as offer → off
        stripped = False
        for suffix in ("ment", "ing", "er", "ed"):
            if word.endswith(suffix) and len(word) - len(suffix) >= 3:
                word = word[: -len(suffix)]
                if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "aeiouls":
                    word = word[:-1]  # planning → plan, not plann
                stripped = True
                break
    if len(word) > 3 and word.endswith("e"):
        word = word[:-1]
    return word


@dataclass(frozen=True, slots=True)
class ExpertMatch:
    """Someone whose expertise fits a need: the contact, the matching item, how well."""

    contact: Contact
    expertise: str
    score: int


_STAGE_ORDER = {stage: i for i, stage in enumerate(Stage)}


class Network:
    """The user's other contacts, searchable by the words of their expertise.

    The first question scans the contacts; from the second on, an index by word
    answers it, so build one Network and reuse it for many contacts (the Today queue)
    while a one-off question (the board's `c`) costs a single scan. A plain list of
    contacts passed to `suggest_messages` is wrapped in a fresh Network.
    """

    def __init__(self, contacts: Iterable[Contact]) -> None:
        self._contacts = [c for c in contacts if not c.archived and c.expertise]
        self._by_word: dict[str, list[tuple[Contact, str, frozenset[str]]]] | None = None
        self._asked = 0

    def _items(self) -> Iterator[tuple[Contact, str, frozenset[str]]]:
        for contact in self._contacts:
            for item in contact.expertise:
                yield contact, item, keywords(item)

    def _index(self) -> dict[str, list[tuple[Contact, str, frozenset[str]]]]:
        if self._by_word is None:
            self._by_word = {}
            for entry in self._items():
                for word in entry[2]:
                    self._by_word.setdefault(word, []).append(entry)
        return self._by_word

    def experts_for(self, topic: str, *, exclude: str | None = None) -> list[ExpertMatch]:
        """People whose expertise fits `topic` (a need), best first.

        An expertise item fits when all its significant words are in the topic, all the
        topic's words are in it, or they share at least two words. Better fits share
        more words; then people you trust more come first (they are the ones to
        introduce), then by name.
        """
        wanted = keywords(topic)
        if not wanted:
            return []
        self._asked += 1
        if self._asked == 1 and self._by_word is None:
            candidates: Iterable[tuple[Contact, str, frozenset[str]]] = self._items()
        else:
            index = self._index()
            candidates = (entry for word in wanted for entry in index.get(word, ()))
        best: dict[str, ExpertMatch] = {}
        for contact, item, words in candidates:
            if contact.id == exclude:
                continue
            score = len(words & wanted)
            if not score or not (words <= wanted or wanted <= words or score >= 2):
                continue
            held = best.get(contact.id)
            if held is None or score > held.score:
                best[contact.id] = ExpertMatch(contact, item, score)
        return sorted(
            best.values(),
            key=lambda m: (-m.score, -_STAGE_ORDER[m.contact.stage], m.contact.name.lower(), m.contact.id),
        )


def who_knows(topic: str, contacts: Iterable[Contact] | Network) -> list[ExpertMatch]:
    """People in the network whose expertise matches a need or topic, best first."""
    network = contacts if isinstance(contacts, Network) else Network(contacts)
    return network.experts_for(topic)


