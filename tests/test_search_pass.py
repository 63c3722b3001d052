"""One filter pass (`board.search.matching`) finds what matching each contact on its own
finds, whichever way the pass reads the texts (all of them in order, or some by index)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from board.model import Contact
from board.search import Vocabulary, haystack, matching, parse_query

SYLLABLES = ["li", "ma", "na", "ho", "pper", "roo", "fing", "lo", "ve", "lace", "a", "ch", "en"]
word = st.lists(st.sampled_from(SYLLABLES), min_size=1, max_size=4).map("".join)
person = st.tuples(st.lists(word, min_size=1, max_size=3).map(" ".join), st.booleans())


def _typed(words: list[str]) -> st.SearchStrategy[str]:
    """A word of the board as typed: whole, cut short, or with a letter changed or dropped."""
    return st.one_of(word, st.sampled_from(words or ["x"]).flatmap(lambda w: st.sampled_from(
        [w, w[:-1] or w, w[1:] or w, w + "x", w[:2] + "z" + w[3:], w[:1] + w[2:]])))


def _one_by_one(texts: list[str], typed: list[str], vocabulary: Vocabulary) -> list[int]:
    return [i for i, text in enumerate(texts)
            if all(w in text or any(o in text for o in vocabulary.near(w)) for w in typed)]


@settings(max_examples=200, deadline=None)
@given(st.lists(person, min_size=0, max_size=40).flatmap(
    lambda people: st.tuples(st.just(people), st.lists(
        _typed([w for name, _ in people for w in name.split()]), min_size=1, max_size=3))))
def test_a_pass_finds_what_each_contact_matched_alone_finds(case):
    people, typed = case
    contacts = [Contact(id=f"{n:04d}", name=name, archived=archived) for n, (name, archived) in enumerate(people)]
    query = parse_query(" ".join(typed))
    # Every contact, their texts given: the pass reads all of them in order.
    texts = [haystack(c) for c in contacts]
    vocabulary = Vocabulary(texts)
    expected = _one_by_one(texts, list(query.words), vocabulary)
    assert matching(contacts, query, texts=texts, vocabulary=vocabulary, archived_checked=True) == expected
    # Only those unarchived: the pass reads some texts by index.
    shown = [i for i, c in enumerate(contacts) if not c.archived]
    pool = Vocabulary(texts[i] for i in shown)
    assert matching(contacts, query) == [i for i in _one_by_one(texts, list(query.words), pool) if i in shown]
