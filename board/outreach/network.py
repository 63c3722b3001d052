"""Who knows what: matching a need to the expertise of people in the user's network.

Words are compared after a light stemmer (`keywords`), so "a reverse mortgage" meets
"reverse mortgages" and "bookkeeper" meets "bookkeeping"; a few words that name the
person meet their field ("lawyer" and "law"). `Network` answers many questions against
one index, built on the second question, so a queue of contacts ranked together shares it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain, compress
from operator import attrgetter, not_
from typing import Any, Protocol, TypeAlias

from board.model import Contact, Sketch, Stage
from board.text import first_name

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


def fit(words: frozenset[str], wanted: frozenset[str]) -> int:
    """How well an item's keywords fit a need's: the words they share, 0 for no fit.

    They fit when all the item's significant words are in the need, all the need's are
    in the item, or they share at least two words. (Expertise and resource topics are
    matched to needs by this one rule.)
    """
    score = len(words & wanted)
    if not score or not (words <= wanted or wanted <= words or score >= 2):
        return 0
    return score


_LEGAL_SUFFIXES = frozenset("inc incorporated llc ltd limited gmbh corp corporation co plc ag sa bv pty".split())
_PUNCTUATION = str.maketrans(dict.fromkeys("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~‘’“”–—·•", " "))


@lru_cache(maxsize=8192)
def company_key(company: str) -> str:
    """A company name as compared: 'Acme, Inc.' and 'ACME' are one company.

    (Remembered: names repeat across people and networks, and each costs microseconds;
    8,192 of them hold under 2 MiB, where a network of 100,000 might name as many.)
    """
    words = company.casefold().translate(_PUNCTUATION).split()
    while len(words) > 1 and words[-1] in _LEGAL_SUFFIXES:
        words.pop()
    return " ".join(words)


def _name_key(name: str) -> str:
    """A name as compared: any case, its words one space apart."""
    return " ".join(name.casefold().split())


class Named(Protocol):
    """Anything else that holds a person's id and name strings (the board's card)."""

    id: str
    name: str


class Known:
    """A person as a network of everyone holds them: who they are, where they work and
    what they know (the board's network of 100,000 whole contacts held 115 MiB).

    `card`, when it holds the same id and name, lends its very strings, and `same` (one
    dict for a whole network) makes equal companies and expertise one string each: a
    network of 100,000 held its own copies of every one, about 19 MiB of them."""

    __slots__ = ("id", "name", "stage", "company", "expertise", "archived")

    def __init__(self, contact: Contact | Sketch, card: Named | None = None, same: dict[Any, Any] | None = None) -> None:
        self.id, self.name = contact.id, contact.name
        if card is not None and card.id == self.id and card.name == self.name:
            self.id, self.name = card.id, card.name
        self.stage, self.archived = contact.stage, contact.archived
        same = {} if same is None else same
        company, items = contact.company, tuple([same.setdefault(e, e) for e in contact.expertise or ()])
        self.company = same.setdefault(company, company)
        self.expertise: Sequence[str] = same.setdefault(items, items) if items else ()

    @property
    def first_name(self) -> str:
        return first_name(self.name)


Someone: TypeAlias = Contact | Known
"""What the network knows of a person: a whole `Contact`, or the `Known` part of one."""


def _trust_order(contact: Someone) -> tuple[int, str, str]:
    """People you trust more first (they are the ones to name), then by name."""
    return (-_STAGE_ORDER[contact.stage], contact.name.casefold(), contact.id)


@dataclass(frozen=True, slots=True)
class ExpertMatch:
    """Someone whose expertise fits a need: the contact, the matching item, how well."""

    contact: Someone
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

    def __init__(self, contacts: Iterable[Someone]) -> None:
        # One pass, over the people alone: a one-off question (the CLI's suggest) builds a
        # Network over every contact, and each look at every contact's expertise list
        # costs milliseconds at 30,000 (the lists lie all over memory), so it waits for
        # a question, which reads them once
        self._people = [contact for contact in contacts if not contact.archived]
        # item → the people holding it (in order); word → the items holding that word
        self._holders: dict[str, list[Someone]] | None = None
        self._by_word: dict[str, list[str]] | None = None
        self._asked = 0
        self._by_id: dict[str, Someone] | None = None
        self._by_name: dict[str, list[Someone]] | None = None
        self._name_asks = 0
        self._by_company: dict[str, list[Someone]] | None = None
        self._company_asks = 0

    # -- who is who: like the expertise index, the first question scans, later ones
    #    use an index built on the second, so one-off questions stay cheap

    def with_changes(self, contacts: Iterable[Contact], removed: Iterable[str] = ()) -> Network:
        """A network of the same people but these, as they are now (`removed` gone): one
        change need not read everyone again. Its indexes are built again when asked."""
        people = [Known(c) for c in contacts]
        gone = {*removed, *(p.id for p in people)}
        return Network([*(p for p in self._people if p.id not in gone), *people])

    def person(self, contact_id: str) -> Someone | None:
        """The contact with that id, unless archived or not in the network."""
        if self._by_id is None:
            self._by_id = {c.id: c for c in self._people}
        return self._by_id.get(contact_id)

    def named(self, name: str) -> Someone | None:
        """The one contact with exactly that name (any case); None when none or several."""
        wanted = _name_key(name)
        self._name_asks += 1
        if self._by_name is None and self._name_asks == 1:
            found = self._named_by_scan(wanted)
        else:
            if self._by_name is None:
                self._by_name = {}
                for contact in self._people:
                    self._by_name.setdefault(_name_key(contact.name), []).append(contact)
            found = self._by_name.get(wanted, [])
        return found[0] if len(found) == 1 else None

    def _named_by_scan(self, wanted: str) -> list[Someone]:
        """Everyone whose name is `wanted` (as compared), found by one scan: the names
        are searched as one text for the longest word of `wanted`, and only the names it
        is found in are compared whole (a network made for one question, like the board's
        after each change, would otherwise index every name: ~20 ms at 30,000)."""
        people = self._people
        longest = max(wanted.split(), key=len, default="")
        names = "\n".join(map(attrgetter("name"), people)).casefold()
        if not longest or names.count("\n") != len(people) - 1:  # (a name of several lines)
            return [person for person in people if _name_key(person.name) == wanted]
        found: list[Someone] = []
        index = start = 0  # the name that starts at `start` in `names`
        while (at := names.find(longest, start)) >= 0:
            index += names.count("\n", start, at)
            if _name_key(people[index].name) == wanted:
                found.append(people[index])
            start = names.find("\n", at) + 1
            if not start:
                break
            index += 1
        return found

    def colleague(self, contact: Someone) -> Someone | None:
        """The most trusted other person who works where `contact` works, if anyone."""
        key = company_key(contact.company)
        if not key:
            return None
        self._company_asks += 1
        if self._by_company is None and self._company_asks == 1:
            return min(self._working_at(key, contact.id), key=_trust_order, default=None)
        if self._by_company is None:
            self._by_company = self._two_most_trusted_by_company()
        return next((p for p in self._by_company.get(key, ()) if p.id != contact.id), None)

    def _working_at(self, key: str, other_than: str) -> list[Someone]:
        """Everyone but `other_than` whose company is `key`, found by one scan.

        Company names repeat (and are interned), so each distinct name is compared once
        and the people are picked by name in C-level passes, not one by one.
        """
        first = key.split()[0]
        companies = list(map(attrgetter("company"), self._people))
        same = {
            name for name in set(companies)
            if name and first in name.casefold() and company_key(name) == key
        }
        if not same:
            return []
        found = compress(self._people, map(same.__contains__, companies))
        return [p for p in found if p.id != other_than]

    def _two_most_trusted_by_company(self) -> dict[str, list[Someone]]:
        """Per company, its two most trusted people: enough to name one other than anyone."""
        keys: dict[str, str] = {}
        best: dict[str, list[Someone]] = {}
        for person in self._people:
            if not person.company:
                continue
            key = keys.get(person.company)
            if key is None:
                key = keys[person.company] = company_key(person.company)
            top = best.get(key)
            if top is None:
                best[key] = [person]
            elif len(top) < 2 or _trust_order(person) < _trust_order(top[1]):
                top.append(person)
                top.sort(key=_trust_order)
                del top[2:]
        return best

    # -- who knows what

    def _scores(self, items: Iterable[str], wanted: frozenset[str]) -> dict[str, int]:
        """Each of the (distinct) items that fits `wanted`, with its fit."""
        return {item: score for item in items if (score := fit(keywords(item), wanted))}

    def _scanned(self, wanted: frozenset[str], exclude: str | None) -> dict[str, ExpertMatch]:
        """The first question's answer, by one scan: each holder's first best item.

        Expertise items repeat from person to person, so each distinct item is stemmed
        and compared once, and the people holding one that fits are picked in C-level
        passes; only they are looked at one by one.
        """
        held = list(map(attrgetter("expertise"), self._people))
        scores = self._scores(set(chain.from_iterable(held)), wanted)
        best: dict[str, ExpertMatch] = {}
        if not scores:
            return best
        fits = scores.__contains__
        for contact in compress(self._people, map(not_, map(scores.keys().isdisjoint, held))):
            if contact.id == exclude:
                continue
            item = max(filter(fits, contact.expertise), key=scores.__getitem__)  # the first best
            match = best.get(contact.id)
            if match is None or scores[item] > match.score:
                best[contact.id] = ExpertMatch(contact, item, scores[item])
        return best

    def _index(self) -> tuple[dict[str, list[Someone]], dict[str, list[str]]]:
        """Who holds each item, and which items hold each word (each item stemmed once)."""
        if self._holders is None or self._by_word is None:
            holders: dict[str, list[Someone]] = {}
            known = holders.get
            for person in self._people:
                for item in person.expertise:
                    found = known(item)
                    if found is None:
                        holders[item] = [person]
                    else:
                        found.append(person)
            by_word: dict[str, list[str]] = {}
            for item in holders:
                for word in keywords(item):
                    by_word.setdefault(word, []).append(item)
            self._holders, self._by_word = holders, by_word
        return self._holders, self._by_word

    def _indexed(self, wanted: frozenset[str], exclude: str | None) -> dict[str, ExpertMatch]:
        """A later question's answer, from the index: each holder's best item.

        Between a person's items that fit as well, the one holding the need's earliest
        word (in the order the words are held) is named, then their earlier item: the
        index was once a list of people per word, read word by word, and answers must
        not change with how they are found.
        """
        holders, by_word = self._index()
        first_word: dict[str, int] = {}  # item → the need's first word it holds
        for rank, word in enumerate(wanted):
            for item in by_word.get(word, ()):
                first_word.setdefault(item, rank)
        scores = self._scores(first_word, wanted)
        best: dict[str, ExpertMatch] = {}
        # best first: more shared words, then (a stable sort keeping the order they were
        # found in, word by word) the need's earlier word
        for item in sorted(scores, key=scores.__getitem__, reverse=True):
            score, rank = scores[item], first_word[item]
            for contact in holders[item]:
                if contact.id == exclude:
                    continue
                match = best.get(contact.id)
                if match is None:
                    best[contact.id] = ExpertMatch(contact, item, score)
                elif (  # as good (items come best first) and listed before it
                    match.score == score and first_word[match.expertise] == rank
                    and contact.expertise.index(item) < contact.expertise.index(match.expertise)
                ):
                    best[contact.id] = ExpertMatch(contact, item, score)
        return best

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
        if self._asked == 1 and self._holders is None:
            best = self._scanned(wanted, exclude)
        else:
            best = self._indexed(wanted, exclude)
        return sorted(
            best.values(),
            key=lambda m: (-m.score, -_STAGE_ORDER[m.contact.stage], m.contact.name.lower(), m.contact.id),
        )


def who_knows(topic: str, contacts: Iterable[Someone] | Network) -> list[ExpertMatch]:
    """People in the network whose expertise matches a need or topic, best first."""
    network = contacts if isinstance(contacts, Network) else Network(contacts)
    return network.experts_for(topic)


