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


class _Card:
    """What a board's card holds of a person: its own id and name strings."""

    def __init__(self, contact_id: str, name: str) -> None:
        self.id, self.name = "".join(list(contact_id)), "".join(list(name))  # equal, not the same


def test_known_people_share_strings_with_their_cards_and_each_other():
    people = _people()
    cards = {p.id: _Card(p.id, p.name) for p in people}
    cards[people[1].id] = _Card(people[1].id, "Ben Okafor-Smith")  # renamed since the card was made
    same: dict = {}
    # each person's company and expertise as a shard's parse makes them: copies of their own
    copied = [replace(p, company="".join(list(p.company)), expertise=["".join(list(e)) for e in p.expertise])
              for p in people]
    copied.append(replace(people[0], id="zz-second-ana", company="".join(list("Acme Inc."))))
    known = [Known(p, cards.get(p.id), same) for p in copied]
    ana, ben, chen, dara, _, ana2 = known
    assert ana.id is cards[ana.id].id and ana.name is cards[ana.id].name
    assert ben.name == "Ben Okafor" and ben.name is not cards[ben.id].name  # the contact's own
    assert ana2.company is ana.company and dara.company is chen.company
    assert ana2.expertise is ana.expertise == ("estate planning",)
    assert _answers(Network(known), copied[:5]) == _answers(Network(copied), copied[:5])


def test_the_sessions_network_shares_the_boards_strings(tmp_path):
    from datetime import date

    from board.config import Config
    from board.store import Store
    from board.view import BoardView
    from widgets.session import everyone_known

    store = Store(tmp_path / "data")
    people = _people()
    for p in people:
        store.add_contact(p)
    view = BoardView(Config(), store.get)
    view.load(store.cards(), date.today())
    network = everyone_known(store, view)
    for p in people:
        if p.archived:
            continue
        held, card = network.person(p.id), view.card(p.id)
        assert held is not None and card is not None
        assert held.id is card.facts.id and held.name is card.facts.name
