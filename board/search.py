"""Finding people: the board filter's query language.

("Who knows X?" — matching a need to people's expertise — lives with the outreach
messages in `board.outreach`, which use it to suggest introductions.)

A query is words; every word must match. Plain words match name, company, title,
tags, expertise, needs, notes and met_at — as a substring, or fuzzily (a typo or a
dropped letter still matches) through rapidfuzz. Query words narrow further:

    tag:bni          has the tag (prefix match)
    stage:talked     in that stage (met, talked, gave-value, trusted)
    due              due for a follow-up today
    quiet            requests you answered that never replied (`board.standing`)
    archived         include archived contacts (the board hides them otherwise)
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from board.model import Contact, Stage

FUZZY_CUTOFF = 85
MIN_FUZZY_LEN = 4


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
    for token in text.lower().split():
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
    """Everything a plain word may match, lowercased once."""
    return " ".join(
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
    ).lower()


def filter_contacts(
    contacts: list[Contact],
    query: Query,
    *,
    due_ids: set[str] | frozenset[str] = frozenset(),
    haystacks: dict[str, str] | None = None,
    quiet_ids: set[str] | frozenset[str] = frozenset(),
) -> list[Contact]:
    """The contacts matching every part of the query, in their given order.

    `due_ids` and `quiet_ids` say who is due and who is quiet (the caller knows).
    `haystacks` (id → `haystack(contact)`) may be passed in by callers that filter
    the same contacts on every keystroke.
    """
    pool = [c for c in contacts if c.archived == query.archived]
    if query.stages:
        pool = [c for c in pool if c.stage in query.stages]
    for tag in query.tags:
        pool = [c for c in pool if any(t.lower().startswith(tag) for t in c.tags)]
    if query.due:
        pool = [c for c in pool if c.id in due_ids]
    if query.quiet:
        pool = [c for c in pool if c.id in quiet_ids]
    if not query.words:
        return pool
    texts = [haystacks[c.id] if haystacks and c.id in haystacks else haystack(c) for c in pool]
    keep = list(range(len(pool)))
    for word in query.words:
        keep = _matching(word, keep, texts)
        if not keep:
            break
    return [pool[i] for i in keep]


def _matching(word: str, candidates: list[int], texts: list[str]) -> list[int]:
    exact = {i for i in candidates if word in texts[i]}
    if len(word) < MIN_FUZZY_LEN:
        return [i for i in candidates if i in exact]
    rest = [i for i in candidates if i not in exact]
    fuzzy = process.extract(
        word,
        [texts[i] for i in rest],
        scorer=fuzz.partial_ratio,
        score_cutoff=FUZZY_CUTOFF,
        limit=None,
    )
    found = exact | {rest[index] for _text, _score, index in fuzzy}
    return [i for i in candidates if i in found]
