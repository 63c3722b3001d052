"""The network of everyone holds `Known` people (what matching needs of them), and one
change gives a network with just those people replaced: both answer as a network of the
whole contacts would."""

from __future__ import annotations

from dataclasses import replace

from board.model import Stage
from board.outreach import Known, Network
from tests.helpers import person


def _people():
    return [
        person("Ana Lopez", company="Acme Inc.", stage=Stage.TRUSTED, expertise=["estate planning"]),
        person("Ben Okafor", company="ACME", stage=Stage.TALKED, expertise=["tax strategy", "bookkeeping"]),
        person("Chen Wong", company="Quarry Labs", expertise=["bookkeeper"]),
        person("Dara Kim", company="Quarry Labs", stage=Stage.GAVE_VALUE),
        person("Eva Berg", expertise=["estate planning"], archived=True),
    ]


def _answers(network: Network, people):
    ana, ben, chen, dara, _ = people
    return (
        [(m.contact.id, m.expertise, m.score) for m in network.experts_for("a bookkeeping and tax strategy person")],
        [(m.contact.id, m.expertise) for m in network.experts_for("estate planning")],
        [getattr(network.person(p.id), "id", None) for p in people],
        [getattr(network.named(p.name.upper()), "id", None) for p in people],
        [getattr(network.colleague(p), "id", None) for p in (ana, ben, chen, dara)],
    )


def test_known_people_answer_as_whole_contacts():
    people = _people()
    whole, known = Network(people), Network(map(Known, people))
    assert _answers(known, people) == _answers(whole, people)
    for _ in range(2):  # the second question of each kind answers from an index
        assert _answers(known, people) == _answers(whole, people)
    match = known.experts_for("estate planning")[0].contact
    assert isinstance(match, Known) and (match.name, match.first_name, match.company) == ("Ana Lopez", "Ana", "Acme Inc.")


def test_with_changes_is_the_network_built_again():
    people = _people()
    network = Network(map(Known, people))
    _answers(network, people)  # its indexes built
    ana, ben, chen, dara, eva = people
    now = [replace(ana, expertise=[]), ben, replace(chen, archived=True), dara, replace(eva, archived=False)]
    changed = network.with_changes([now[0], now[2], now[4]], removed=[dara.id])
    rest = [p for p in now if p.id != dara.id]
    assert _answers(changed, now) == _answers(Network(rest), now)
    assert changed.person(dara.id) is None and changed.person(eva.id) is not None
    assert network.person(dara.id) is not None  # the old network is as it was
