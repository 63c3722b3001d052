"""Standings that land on a large board move the cards on the facts they have: nobody's
record is read for it (on a board opened from the card file that would parse every
contact shard the standings touch, and keep all of them built: most of the memory)."""

from __future__ import annotations

from datetime import timedelta

from board.model import Kind, Stage, Value
from tests.helpers import FIXED_NOW, add, screen_text, wait_until
from widgets import standings as standings_module

DAY = timedelta(days=1)


async def test_standings_landing_reads_no_record(store, make_app, monkeypatch):
    people = [add(store, f"Met {n:02d}", at=FIXED_NOW - (200 - n) * DAY, stage=Stage.MET) for n in range(20)]
    owed = people[5:9]
    for person in owed:
        store.log(person.id, Kind.RECEIVED, "an introduction", value=Value.INTRODUCTION, at=FIXED_NOW - 2 * DAY)
    monkeypatch.setattr(standings_module, "WAIT_UP_TO", 0)
    app = make_app(store)
    read = []
    original = app.session.standing.arrived
    app.session.standing.arrived = lambda changed: (read.append(changed), original(changed))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        asked = []
        get = store.get
        monkeypatch.setattr(store, "get", lambda cid: (asked.append(cid), get(cid))[1])
        await wait_until(pilot, lambda: bool(read))
        for _ in range(3):
            await pilot.pause()
        landed = set().union(*read)
        assert {p.id for p in owed} <= landed
        selected = app.screen.selected_contact()
        assert not (set(asked) - {selected.id})  # at most the selected card's record (the status line)
        shown = screen_text(app)
        assert "owed thanks" in shown
        for person in owed[:2]:
            assert f"! {person.name}" in shown
