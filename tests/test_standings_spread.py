"""A large board's standings land all at once, but the board redraws the people whose
standing moved a few at a time, one turn of the UI's loop each, keys in between: at
100,000 contacts about 8,800 cards move, and redrawn together they held the board for
three quarters of a second. Those owed thanks come first (they lead the columns)."""

from __future__ import annotations

from datetime import date, timedelta

from board.config import Config
from board.model import Interaction, Kind
from board.standing import Standing
from tests.helpers import FIXED_NOW, screen_text, wait_until
from widgets import standings as standings_module
from widgets.standings import Standings


def _found(quiet: int, owed: int) -> dict[str, Standing]:
    gift = Interaction(id="g", contact_id="x", at=FIXED_NOW, kind=Kind.RECEIVED)
    found = {f"q{n:03}": Standing(quiet_since=date(2026, 1, 1) + timedelta(days=n)) for n in range(quiet)}
    found.update({f"o{n:03}": Standing(owed_thanks=gift) for n in range(owed)})
    return found


def _telling(store, monkeypatch) -> tuple[Standings, list[set[str]], list]:
    """Standings told four people at a time: (them, the parts told, the later steps)."""
    monkeypatch.setattr(standings_module, "ARRIVE_AT_ONCE", 4, raising=False)
    standings = Standings(store, Config())
    told: list[set[str]] = []
    steps: list = []
    standings.arrived = told.append
    standings.later = steps.append
    return standings, told, steps


def test_a_landing_is_told_a_few_at_a_time(store, monkeypatch) -> None:
    standings, told, steps = _telling(store, monkeypatch)
    found = _found(quiet=7, owed=3)
    standings._reading = True
    standings._landed((FIXED_NOW.date(), found))
    assert standings.get(wait=False) is found  # known at once, for whatever asks
    assert told == [{"o000", "o001", "o002", "q000"}]  # owed thanks first; the rest later
    while steps:
        steps.pop(0)()
    assert [len(part) for part in told] == [4, 4, 2]
    assert set().union(*told) == found.keys()


def test_a_landing_while_one_is_told_joins_it(store, monkeypatch) -> None:
    standings, told, steps = _telling(store, monkeypatch)
    standings._reading = True
    standings._landed((FIXED_NOW.date(), _found(quiet=6, owed=0)))
    assert len(steps) == 1
    later = _found(quiet=6, owed=1)
    standings._reading = True
    standings._landed((FIXED_NOW.date(), later))  # one more moved, the others as they were
    assert len(steps) == 1  # no second chain of steps
    while steps:
        steps.pop(0)()
    assert set().union(*told) == later.keys()
    assert sum(len(part) for part in told) == 7  # each told once


def test_without_a_loop_to_spread_on_it_is_told_at_once(store) -> None:
    standings = Standings(store, Config())
    told: list[set[str]] = []
    standings.arrived = told.append
    standings._reading = True
    standings._landed((FIXED_NOW.date(), _found(quiet=300, owed=0)))
    assert [len(part) for part in told] == [300]


async def test_the_board_shows_every_one_once_all_are_told(sample_store, make_app, monkeypatch) -> None:
    expected_app = make_app(sample_store)
    async with expected_app.run_test(size=(100, 30)) as pilot:  # a small board waits for them
        await pilot.pause()
        expected = screen_text(expected_app)
    monkeypatch.setattr(standings_module, "WAIT_UP_TO", 0)  # this board counts as large
    monkeypatch.setattr(standings_module, "ARRIVE_AT_ONCE", 1, raising=False)
    app = make_app(sample_store)
    told: list[set[str]] = []
    original = app.session.standing.arrived
    app.session.standing.arrived = lambda changed: (told.append(changed), original(changed))
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: len(told) > 1 and not app.session.standing._arriving)
        await pilot.pause()
        assert all(len(part) == 1 for part in told)
        assert screen_text(app) == expected
