"""Finding people: the board filter's query language.

("Who knows X?" — matching a need to people's expertise — lives with the outreach
messages in `board.outreach`, which use it to suggest introductions.)

A query is words; every word must match. Plain words match name, company, title,
tags, expertise, needs, notes and met_at — as a substring, or with one typo in a
longer word — in any case and without their accents (`garcia` finds García). Query words narrow further:

    tag:bni          has the tag (prefix match)
    stage:talked     in that stage (met, talked, gave-value, trusted)
    due              due for a follow-up today
    quiet            requests you answered that never replied (`board.standing`)
    archived         include archived contacts (the board hides them otherwise)

A typo is forgiven only once in a word, at the start of a word: an extra letter once the
word meant has five letters (`hoppper` finds Hopper), a wrong or swapped letter from seven
letters (`roofnig`), a missing one once the word meant has eight (`lovlace`). A shorter
word of four to six letters that no word on the board begins with (the board: the
contacts on the query's side of `archived`) may have one wrong or swapped letter, of a
whole word as long (`lima` finds Lina and Liam, unless someone is called Lima); three
letters must be spelled right, and so must a missing letter in a shorter word (`hoper`
finds nobody). A typed word is compared with the distinct words of the texts
(`Vocabulary`), not with every text: the words within one typo of it are found once, with
one scan of the vocabulary, and then the texts are searched for those words, in one scan.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice

from board.model import Contact, Stage
from board.text import folded

WHOLE_FROM = 4  # typed letters from which a wrong or swapped letter of a whole word is forgiven
EXTRA_FROM = 6  # typed letters from which an extra letter is forgiven (the word meant: 5+)
EDIT_FROM = 7  # typed letters from which a wrong, swapped or missing letter is forgiven


@dataclass(frozen=True)
class Query:
    """A parsed filter."""

    words: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    stages: frozenset[Stage] = field(default_factory=frozenset)
    due: bool = False
    archived: bool = False
    quiet: bool = False

    @property
    def empty(self) -> bool:
        return not (
            self.words or self.tags or self.stages or self.due or self.archived or self.quiet
        )


def parse_query(text: str) -> Query:
    """Split a typed filter into words and query words; a bad stage raises UserError."""
    words: list[str] = []
    tags: list[str] = []
    stages: set[Stage] = set()
    due = archived = quiet = False
    for token in folded(text).split():
        key, sep, value = token.partition(":")
        if sep and key == "tag" and value:
            tags.append(value)
        elif sep and key == "stage" and value:
            stages.add(Stage.parse(value))
        elif token == "due":
            due = True
        elif token == "archived":
            archived = True
        elif token == "quiet":
            quiet = True
        elif sep and key in ("tag", "stage") and not value:
            continue  # still typing
        else:
            words.append(token)
    return Query(tuple(words), tuple(tags), frozenset(stages), due, archived, quiet)


def haystack(contact: Contact) -> str:
    """Everything a plain word may match, `folded` once (any case, accents off)."""
    return folded(" ".join(
        [
            contact.name,
            contact.company,
            contact.title,
            " ".join(contact.tags),
            " ".join(contact.expertise),
            contact.needs,
            contact.notes,
            contact.met_at,
        ]
    ))


# -- typos


def _typo_patterns(word: str) -> list[str]:
    """Regular expressions for the start of a word that `word` is, with the one typo its
    length forgives.

    A typo is looked for at the start of a word: one typed in the middle of a word is
    rare, and anywhere else the word less one letter is in too many other words ("hopper"
    less its h is in "copper"). An extra last letter needs seven letters, like a wrong one:
    while typing, the two cannot be told apart.
    """
    size = len(word)
    literal = re.escape
    patterns = []
    if size >= EXTRA_FROM:  # an extra letter typed: the word without one of its letters
        last = size if size >= EDIT_FROM else size - 1
        patterns += [literal(word[:i] + word[i + 1 :]) for i in range(last)]
    if size >= EDIT_FROM:
        # a wrong letter, two letters swapped, a letter missing (inside the word: one
        # missing at its end leaves the typed word the start of the word meant)
        patterns += [literal(word[:i]) + "." + literal(word[i + 1 :]) for i in range(size)]
        patterns += [literal(word[:i] + word[i + 1] + word[i] + word[i + 2 :]) for i in range(size - 1)]
        patterns += [literal(word[:i]) + "." + literal(word[i:]) for i in range(size)]
    return patterns


def _whole_word_patterns(word: str) -> list[str]:
    """Regular expressions for a whole word as long as the shorter `word`, with one letter
    wrong or two letters swapped (punctuation after it allowed: "lina," is a word too)."""
    size = len(word)
    if not WHOLE_FROM <= size < EDIT_FROM:
        return []
    literal = re.escape
    end = r"\W*$"
    patterns = [literal(word[:i]) + r"[^\W\d_]" + literal(word[i + 1 :]) + end for i in range(size)]
    patterns += [literal(word[:i] + word[i + 1] + word[i] + word[i + 2 :]) + end
                 for i in range(size - 1) if word[i] != word[i + 1]]
    return patterns


def _typable(text: str) -> list[str]:
    """The words of `text` long enough to be typed with a typo that is forgiven."""
    return [w for w in text.split() if len(w) >= WHOLE_FROM]


class Vocabulary:
    """The distinct words of some texts, to find the words one typo away from a typed word.

    It counts how many times each word was taken in, so that a text taken out again
    (`remove`, when a contact changes) leaves no word that no text holds: whether a short
    typed word is misspelled depends on which words there are. Its source can be read a
    few texts at a time (`read`); texts added and removed meanwhile count as at any time
    (a word's count may fall below zero until the source's text holding it is read).
    """

    def __init__(
        self, texts: Iterable[str] = (), *, source: Callable[[], Iterable[str]] | None = None
    ) -> None:
        """The words of `texts`, and of what `source` gives once a word could be a typo
        (most filter words are too short to be: then the texts are never split). `source`
        gives the texts as they are when it is called: a list, not a view of a dict that
        may change while it is read."""
        self._words: Counter[str] = Counter()
        self._joined: str | None = None  # the words, one per line, for one regex scan
        self._near: dict[str, list[str]] = {}
        self._source: Callable[[], Iterable[str]] | None = None
        self._reading: Iterator[str] | None = None  # the source's texts not read yet
        for text in texts:
            self.add(text)
        self._source = source

    @property
    def pending(self) -> bool:
        """Its source not called yet: it will give the texts as they are then, so `add`
        and `remove` have nothing to do until it is."""
        return self._source is not None

    @property
    def words(self) -> set[str]:
        """Its distinct words (its source read first, all of it)."""
        self.read()
        return set(self._words)

    def add(self, text: str) -> None:
        """Take in the words of a text (only those long enough to be typed with a typo)."""
        if self.pending:
            return
        words = self._words
        before = len(words)
        words.update(_typable(text))
        if len(words) != before:
            self._forget()

    def remove(self, text: str) -> None:
        """Take out the words of a text taken in before (or that its source gives)."""
        if self.pending:
            return
        words = self._words
        taken = _typable(text)
        words.subtract(taken)
        if self._reading is None:
            self._drop([w for w in set(taken) if words[w] <= 0])

    def read(self, some: int | None = None) -> bool:
        """Take in the words of its source's next `some` texts (all of them if None);
        whether the whole source is read. (Every text at 30,000 contacts: some 65 ms; the
        board reads 4,000 at a time while no key comes once the filter box is open.)"""
        if self._source is not None:
            source, self._source = self._source, None
            self._reading = iter(source())
        reading = self._reading
        if reading is None:
            return True
        texts = list(reading if some is None else islice(reading, some))
        update = self._words.update
        for text in texts:
            update(text.split())  # each text's words counted in C; the short ones go at the end
        if some is not None and len(texts) == some:
            return False  # perhaps more (the next call finds out)
        self._reading = None
        self._drop([w for w, n in self._words.items() if n <= 0 or len(w) < WHOLE_FROM])
        self._forget()
        return True

    def _drop(self, gone: list[str]) -> None:
        for word in gone:
            del self._words[word]
        if gone:
            self._forget()

    def _forget(self) -> None:
        self._joined = None
        self._near.clear()

    def near(self, word: str) -> list[str]:
        """The words of the texts one forgiven typo away from `word` (none of them holding
        `word` itself, and none holding another of them: a text that holds one of these
        words, or `word`, matches). A short `word` that begins none of the words is taken
        for a whole word misspelled: one letter wrong or two swapped."""
        found = self._near.get(word)
        if found is not None:
            return found
        patterns = _typo_patterns(word)
        whole = _whole_word_patterns(word)
        found = []
        if patterns or whole:
            self.read()  # all that is left of its source
            if self._joined is None:
                self._joined = "\n".join(sorted(self._words))
            joined = self._joined
            if whole and not re.search("^" + re.escape(word), joined, re.MULTILINE):
                patterns += whole
            if patterns:
                hits: set[str] = set()
                # `.` never matches the newline between two words, so no match spans words.
                for match in re.finditer("^(?:" + "|".join(patterns) + ")", joined, re.MULTILINE):
                    start = joined.rfind("\n", 0, match.start()) + 1
                    end = joined.find("\n", match.end())
                    hits.add(joined[start:] if end < 0 else joined[start:end])
                hits = {w for w in hits if word not in w}
                found = sorted(w for w in hits if not any(o != w and o in w for o in hits))
        if len(self._near) > 256:
            self._near.clear()
        self._near[word] = found
        return found


def word_matches(word: str, texts: Sequence[str], keep: list[int], vocabulary: Vocabulary) -> list[int]:
    """The indexes in `keep` (in order) of the texts `word` matches, as typed or with a typo.

    (`keep` holds indexes in order: as long as `texts`, it is every one, and the texts are
    read in order rather than each by its index, a third of a first word's pass.)"""
    every = len(keep) == len(texts)
    exact = [i for i, text in enumerate(texts) if word in text] if every else [i for i in keep if word in texts[i]]
    alternatives = vocabulary.near(word)
    if not alternatives:
        return exact
    found = set(exact)
    if len(alternatives) == 1:
        [other] = alternatives
        found.update([i for i, text in enumerate(texts) if other in text] if every
                     else [i for i in keep if other in texts[i]])
    else:  # one scan for them all: a third less than one scan each for two
        holds = re.compile("|".join(map(re.escape, alternatives))).search
        found.update([i for i, text in enumerate(texts) if holds(text)] if every
                     else [i for i in keep if holds(texts[i])])
    return [i for i in keep if i in found]


# -- filtering


def matching(
    contacts: Sequence[Contact],
    query: Query,
    *,
    texts: Sequence[str] | None = None,
    vocabulary: Vocabulary | None = None,
    due_ids: set[str] | frozenset[str] = frozenset(),
    quiet_ids: set[str] | frozenset[str] = frozenset(),
    archived_checked: bool = False,
) -> list[int]:
    """The indexes (in order) of the contacts matching every part of the query.

    `texts` are their `haystack`s (the board keeps them), `vocabulary` the words of all
    the contacts on the query's side of `archived`, stage and tags aside (whether a short
    word is misspelled is decided over them); both are worked out here when not given.
    `archived_checked`: the caller passes only contacts on the query's side already.
    """
    if archived_checked:
        keep = list(range(len(contacts)))
    else:
        keep = [i for i, c in enumerate(contacts) if c.archived == query.archived]
    side = keep  # whether a short word is misspelled is decided over all of these
    if query.stages:
        keep = [i for i in keep if contacts[i].stage in query.stages]
    for tag in query.tags:
        keep = [i for i in keep if any(folded(t).startswith(tag) for t in contacts[i].tags)]
    if query.due:
        keep = [i for i in keep if contacts[i].id in due_ids]
    if query.quiet:
        keep = [i for i in keep if contacts[i].id in quiet_ids]
    if not query.words or not keep:
        return keep
    if texts is None:
        made = {i: haystack(contacts[i]) for i in keep}
        texts = [made.get(i, "") for i in range(len(contacts))]
    if vocabulary is None:
        words_of = texts
        vocabulary = Vocabulary(source=lambda: (words_of[i] or haystack(contacts[i]) for i in side))
    for word in query.words:
        keep = word_matches(word, texts, keep, vocabulary)
        if not keep:
            break
    return keep


def filter_contacts(
    contacts: list[Contact],
    query: Query,
    *,
    due_ids: set[str] | frozenset[str] = frozenset(),
    haystacks: dict[str, str] | None = None,
    quiet_ids: set[str] | frozenset[str] = frozenset(),
    board: Sequence[Contact] | None = None,
) -> list[Contact]:
    """The contacts matching every part of the query, in their given order.

    `due_ids` and `quiet_ids` say who is due and who is quiet (the caller knows).
    `haystacks` (id → `haystack(contact)`) may be passed in by callers that filter
    the same contacts on every keystroke. `board`: the contacts on the query's side of
    `archived` that `contacts` were picked from (by stage or tag, say), whose words decide
    whether a short word is misspelled, as on the board; `contacts` when not given.
    """
    texts = None
    if haystacks is not None and query.words:
        texts = [haystacks.get(c.id) or haystack(c) for c in contacts]
    vocabulary = None
    if board is not None and query.words:
        vocabulary = Vocabulary(source=lambda: (haystack(c) for c in board if c.archived == query.archived))
    keep = matching(contacts, query, texts=texts, vocabulary=vocabulary, due_ids=due_ids, quiet_ids=quiet_ids)
    return [contacts[i] for i in keep]
