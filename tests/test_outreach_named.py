"""`Network.named`: the introducer a "met at" names, found by one scan on the first question.

The board makes a network after each change and asks it about one person (Today's next
step for whoever changed): indexing every name for that one question cost ~20 ms at
30,000. The first question scans; from the second on an index answers, as for expertise.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from board.outreach import Network
from tests.helpers import person

NAMES = ["Ruth Adeyemi", "ruth  ADEYEMI", "Ruth Ade", "Adeyemi Ruth", "Bo Li", "Li Bo", "Chloé Straße",
         "Ana", "A Client", "Two\nLines", "  Spaced   Out  "]


def _index_answer(network: Network, name: str) -> object:
    network.named("")  # (a first question, so the next is answered by the index)
    return network.named(name)


def test_the_first_question_is_answered_without_indexing_every_name() -> None:
    people = [person(name) for name in ("Ruth Adeyemi", "Bo Li", "Ana Lopez")]
    network = Network(people)
    assert network.named("ruth   adeyemi") is people[0]
    assert network._by_name is None  # one scan, no index
    assert network.named("BO LI") is people[1]  # the second question: the index
    assert network._by_name is not None


def test_scan_and_index_agree_on_case_spacing_and_namesakes() -> None:
    people = [person(name) for name in NAMES] + [person("Bo Li")]  # two Bo Lis: neither is the one
    for asked in ["ruth adeyemi", "RUTH ADEYEMI", "Ruth  Adeyemi ", "ade", "Bo Li", "li", "a client",
                  "chloé strasse", "chloé straße", "two lines", "spaced out", "Ana", "", "nobody"]:
        scanned = Network(people).named(asked)
        assert scanned is _index_answer(Network(people), asked), asked
    assert Network(people).named("ruth  adeyemi") is None  # two people have that name
    assert Network(people).named("Ruth Ade") is people[2]
    assert Network(people).named("Bo Li") is None
    assert Network(people).named("two lines") is people[9]  # a name of two lines, as compared


def test_archived_people_are_not_named() -> None:
    gone = person("Ruth Adeyemi", archived=True)
    assert Network([gone]).named("Ruth Adeyemi") is None


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.text(alphabet="aAbBß \n\tÉé", min_size=0, max_size=8), min_size=0, max_size=8),
    st.text(alphabet="aAbBß \tÉé", max_size=8),
)
def test_scan_and_index_agree_on_any_names(names: list[str], asked: str) -> None:
    people = [person(name or "x") for name in names]
    assert Network(people).named(asked) is _index_answer(Network(people), asked)
