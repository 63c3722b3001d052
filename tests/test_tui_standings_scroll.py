"""When who is owed thanks lands on a large board (read after the first frame), the
columns show them from the top if no key was pressed yet; once the user has picked
someone, the selection stays on that person, in view."""

from __future__ import annotations

from datetime import timedelta

from board.model import Kind, Stage, Value
from tests.helpers import FIXED_NOW, add, screen_text, wait_until
from widgets import standings as standings_module

DAY = timedelta(days=1)


def _board(store):
    people = [add(store, f"Met {n:02d}", at=FIXED_NOW - (200 - n) * DAY, stage=Stage.MET) for n in range(30)]
    for person in people[10:22]:  # twelve of them gave you something: owed thanks, sorted first
        store.log(person.id, Kind.RECEIVED, "an introduction", value=Value.INTRODUCTION, at=FIXED_NOW - 2 * DAY)
    return people


def _watch(app):
    read = []
    original = app.session.standing.arrived
    app.session.standing.arrived = lambda changed: (read.append(changed), original(changed))
    return read


async def _landed(pilot, read):
    await wait_until(pilot, lambda: bool(read))
    for _ in range(3):  # the redraw, its scroll and the frame after it
        await pilot.pause()


async def test_before_any_key_the_columns_show_from_the_top(store, make_app, monkeypatch):
    _board(store)
    monkeypatch.setattr(standings_module, "WAIT_UP_TO", 0)
    app = make_app(store)
    read = _watch(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await _landed(pilot, read)
        cards = app.screen.columns[Stage.MET].cards
        assert cards.selected == 0 and cards.scroll_offset.y == 0
        shown = screen_text(app)
        assert "more" not in shown.splitlines()[2]  # no "↑ N more": the top of the column
        assert "owed thanks" in shown and app.screen.selected_contact().name in shown


async def test_after_a_key_the_selection_stays_on_that_person_in_view(store, make_app, monkeypatch):
    _board(store)
    monkeypatch.setattr(standings_module, "WAIT_UP_TO", 0)
    app = make_app(store)
    read = _watch(app)
    held = []
    app.session.standing.background = lambda work, done: held.append((work, done))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("j")  # the user picks the second card
        picked = app.screen.selected_contact()
        [(work, done)] = held
        done(work())
        await _landed(pilot, read)
        assert app.screen.selected_contact().id == picked.id
        assert app.screen.columns[Stage.MET].cards.selected > 1  # moved down by those owed thanks
        assert f"▌! {picked.name}" in screen_text(app)
