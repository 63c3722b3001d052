"""On a large board the standings read only the histories that can matter, with the same answer.

Past `FEW` candidates, `standings` first looks at the gifts alone (`received` within the
window) and builds the whole history only for their receivers and for people who came
by a request; everyone else could be neither owed thanks nor quiet. The answer must be
what reading every candidate's history one by one gives, gifts on the window's edges and
future-dated ones included.
"""

from __future__ import annotations

import random
from datetime import timedelta

from board.config import Config
from board.model import Direction, Interaction, Kind, Stage, Value, new_id
from board.standing import FEW, THANKS_WITHIN_DAYS, may_stand_out, read_standing, standings
from tests.helpers import fixed_store, person

CONFIG = Config()
EDGES = [0, 1, 30, 30, THANKS_WITHIN_DAYS - 1, THANKS_WITHIN_DAYS, THANKS_WITHIN_DAYS + 1, 200, -3]


def _board(tmp_path, seed: int):
    store, clock = fixed_store(tmp_path / "data")
    now = clock()
    rng = random.Random(seed)
    people, history = [], []
    for n in range(4 * FEW):
        met = now - timedelta(days=rng.choice([10, 120, 400, 500]))
        who = person(f"P{n}", at=met, stage=rng.choice([Stage.MET, Stage.MET, Stage.TALKED, Stage.TRUSTED]),
                     met_at=rng.choice(["LinkedIn request", "conference", ""]))
        items = []
        for _ in range(rng.randrange(0, 5)):
            days = rng.choice(EDGES) + rng.choice([0, 0, 0.5])
            kind = rng.choice([Kind.RECEIVED, Kind.RECEIVED, Kind.MESSAGE, Kind.CALL, Kind.NOTE])
            direction = rng.choice([Direction.OUT, Direction.IN]) if kind == Kind.MESSAGE else Direction.OUT
            items.append(Interaction(new_id(), who.id, now - timedelta(days=days), kind, "x",
                                     Value.REFERRAL if kind == Kind.RECEIVED else None, direction))
        if items:
            who.last_interaction_at = max(i.at for i in items if i.at <= now) if any(
                i.at <= now for i in items) else None
        people.append(who)
        history.extend(items)
    quiet = person("Quinn Quiet", at=now - timedelta(days=100), met_at="LinkedIn request",
                   last_interaction_at=now - timedelta(days=30))
    people.append(quiet)  # answered a month ago, never replied
    history.append(Interaction(new_id(), quiet.id, now - timedelta(days=30), Kind.MESSAGE, "hi"))
    with store.transaction("bulk") as txn:
        txn.put_many(people, history, touch=False)
    return store, now


def test_many_candidates_give_what_reading_each_history_gives(tmp_path):
    for seed in range(3):
        store, now = _board(tmp_path / str(seed), seed)
        people = store.contacts()
        assert sum(may_stand_out(c, now) for c in people) > FEW  # the many-candidates path
        expected = {}
        for c in people:
            if may_stand_out(c, now):
                standing = read_standing(c, store.interactions(c.id), CONFIG, now)
                if standing.owed_thanks is not None or standing.quiet:
                    expected[c.id] = standing
        assert any(s.owed_thanks for s in expected.values())
        assert any(s.quiet for s in expected.values())
        assert standings(store, people, CONFIG, now) == expected


def test_all_interactions_of_some_kinds(tmp_path):
    store, _now = _board(tmp_path, 7)
    every = list(store.all_interactions())
    gifts = list(store.all_interactions(kinds=(Kind.RECEIVED,)))
    assert gifts and sorted(i.id for i in gifts) == sorted(i.id for i in every if i.kind == Kind.RECEIVED)
    some = {every[0].contact_id}
    assert [i.id for i in store.all_interactions(some, kinds=(Kind.RECEIVED, Kind.CALL))] == [
        i.id for i in every if i.contact_id in some and i.kind in (Kind.RECEIVED, Kind.CALL)]
