"""A large board paints before it knows who is owed thanks, and shows them once it does.

Reading the standings means reading most interaction files of a large board (seconds at
30,000 contacts), so the board paints from cadences and reminders and reads them in a
thread. Here the threshold is lowered so that a small board takes that path.
"""

from __future__ import annotations

from datetime import timedelta

from board.model import Kind, Stage, Value
from tests.helpers import FIXED_NOW, add, screen_text, wait_until
from widgets import standings as standings_module

DAY = timedelta(days=1)


def _met(store, name, stage, days_ago):
    return add(store, name, at=FIXED_NOW - days_ago * DAY, stage=stage)


async def test_the_giver_comes_first_once_the_standings_are_read(store, make_app, monkeypatch):
    giver = _met(store, "Gia Giver", Stage.TRUSTED, 100)
    store.log(giver.id, Kind.RECEIVED, "sent me the Hendersons", value=Value.REFERRAL,
              at=FIXED_NOW - 2 * DAY)  # Trusted: not due by cadence, but owed thanks
    _met(store, "Old Overdue", Stage.MET, 90)
    monkeypatch.setattr(standings_module, "WAIT_UP_TO", 0)  # this board counts as large
    read = []
    app = make_app(store)
    original = app.session.standing.arrived

    def arrived(changed):
        read.append(set(changed))
        original(changed)

    app.session.standing.arrived = arrived
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: bool(read))
        await pilot.pause()
        assert read == [{giver.id}]  # only the giver's card had to be redrawn
        assert "2 due today" in screen_text(app)
        await pilot.press("t")
        await pilot.pause()
        lines = [line for line in screen_text(app).splitlines() if line.strip()]
        first = next(i for i, line in enumerate(lines) if "Gia Giver" in line)
        second = next(i for i, line in enumerate(lines) if "Old Overdue" in line)
        assert first < second and "thanks" in lines[first]


async def test_a_change_while_reading_is_not_lost(store, make_app, monkeypatch):
    giver = _met(store, "Gia Giver", Stage.TRUSTED, 30)  # not due for 30 days
    monkeypatch.setattr(standings_module, "WAIT_UP_TO", 0)
    app = make_app(store)
    held = []
    app.session.standing.background = lambda work, done: held.append((work, done))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "0 due today" in screen_text(app)  # painted without waiting
        [(work, done)] = held
        result = work()  # read before the gift below
        app.session.store.log(giver.id, Kind.RECEIVED, "a referral", value=Value.REFERRAL,
                              at=FIXED_NOW - DAY)
        app.data_changed(changed={giver.id})
        done(result)  # lands after the change: the giver's standing is read again
        await pilot.pause()
        assert giver.id in app.session.standings()
        assert "1 due today" in screen_text(app)


def test_reading_in_parts_gives_the_same_standings(sample_store, monkeypatch):
    from board.config import Config

    monkeypatch.setattr(standings_module, "SHARDS_AT_ONCE", 1)
    contacts = sample_store.contacts()
    now = sample_store.clock()
    whole = standings_module._read_all(sample_store, contacts, Config(), now)
    assert whole  # the sample has people owed thanks and quiet requests
    assert standings_module._read_in_parts(sample_store, contacts, Config(), now) == whole


async def test_todays_next_steps_fill_in_from_a_thread_on_a_large_board(sample_store, make_app,
                                                                      monkeypatch):
    from widgets.screens import today as today_module

    small = make_app(sample_store)
    async with small.run_test(size=(100, 30)) as pilot:  # a small board works them out at once
        await pilot.press("t")
        await pilot.pause()
        expected = screen_text(small)
    assert "Next step →" in expected
    monkeypatch.setattr(today_module, "WAIT_UP_TO", 0)  # now this board counts as large
    app = make_app(sample_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("t")
        await pilot.pause()
        await wait_until(pilot, lambda: "Next step →" in screen_text(app))
        await pilot.pause()
        assert screen_text(app) == expected  # the same screen, a moment later
        assert app.session._network is not None  # the thread's network is kept for later


async def test_today_opened_again_asks_the_thread_only_for_people_new_or_changed(
    sample_store, make_app, monkeypatch
):
    from widgets.screens import today as today_module
    from widgets.session import Session

    monkeypatch.setattr(today_module, "WAIT_UP_TO", 0)  # this board counts as large
    asked: list[set[str]] = []
    job = Session.best_titles_job

    def recording(self, contacts):
        asked.append({c.id for c in contacts})
        return job(self, contacts)

    monkeypatch.setattr(Session, "best_titles_job", recording)
    app = make_app(sample_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("t")
        await wait_until(pilot, lambda: "Next step →" in screen_text(app))
        await pilot.pause()
        first = screen_text(app)
        assert asked and asked[0]
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("t")  # nobody changed: the steps come back at once, no thread
        await pilot.pause()
        assert len(asked) == 1
        assert screen_text(app) == first
        top = app.screen.selected_contact()
        await pilot.press("escape")
        await pilot.pause()
        sample_store.update_contact(top.copy(title="Chief of Everything"))  # a new version
        app.data_changed(None, {top.id})
        await pilot.press("t")
        await wait_until(pilot, lambda: len(asked) == 2)
        assert asked[1] == {top.id}  # only the one who changed is worked out again
