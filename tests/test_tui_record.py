"""Correcting the record on the board: the details timeline's e and d, undoable; s 0 wakes."""

from __future__ import annotations

from datetime import timedelta

from board.model import Kind, Stage, Value
from board.store import Store
from tests.helpers import FIXED_NOW, add, notices, screen_text


def _ana(store):
    when = FIXED_NOW - timedelta(days=60)
    ana = add(store, "Ana Lima", at=when, stage=Stage.TALKED)
    store.log(ana.id, Kind.CALL, "first call", at=FIXED_NOW - timedelta(days=20))
    store.log(ana.id, Kind.NOTE, "a typo'd date", at=FIXED_NOW - timedelta(days=3))
    return ana


async def test_e_in_the_timeline_corrects_an_entry_and_u_undoes_it(store, make_app):
    ana = _ana(store)
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        assert "a typo'd date" in screen_text(app) and "first call" in screen_text(app)
        await pilot.press("j")  # the older entry: the call
        await pilot.press("e")
        await pilot.pause()
        assert "Correct the call with Ana Lima" in screen_text(app)
        await pilot.press("4", "down", "down")  # a gave, an introduction
        await pilot.press("ctrl+u", *"introduced her to Bo", "tab", "ctrl+u", *"2026-11-10 10:00", "enter")
        await pilot.pause()
        if "Move Ana Lima" in screen_text(app):
            await pilot.press("n")
        assert "introduced her to Bo" in screen_text(app)
        fixed = [i for i in Store(store.root).interactions(ana.id) if i.summary == "introduced her to Bo"]
        assert [(i.kind, i.value, f"{i.at.astimezone():%Y-%m-%d %H:%M}") for i in fixed] == [
            (Kind.GAVE, Value.INTRODUCTION, "2026-11-10 10:00")
        ]
        assert len(Store(store.root).interactions(ana.id)) == 2
        await pilot.press("u")
        await pilot.pause()
        assert "Undid" in notices(app) and "first call" in screen_text(app)
    assert sorted(i.summary for i in Store(store.root).interactions(ana.id)) == ["a typo'd date", "first call"]


async def test_d_deletes_an_entry_after_asking_and_the_clock_goes_back(store, make_app):
    ana = _ana(store)
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
        assert "Delete the note of" in screen_text(app) and "a typo'd date" in screen_text(app)
        await pilot.press("n")  # no: nothing changes
        await pilot.pause()
        assert len(store.interactions(ana.id)) == 2
        await pilot.press("d", "y")
        await pilot.pause()
        [left] = Store(store.root).interactions(ana.id)
        assert left.summary == "first call"
        assert Store(store.root).get(ana.id).last_interaction_at == left.at
        assert "a typo'd date" not in screen_text(app)
        await pilot.press("u")
        await pilot.pause()
        assert "a typo'd date" in screen_text(app)
    assert len(Store(store.root).interactions(ana.id)) == 2
    assert Store(store.root).get(ana.id).last_interaction_at == FIXED_NOW - timedelta(days=3)


async def test_s_then_0_wakes_a_snoozed_contact(store, make_app):
    ana = _ana(store)
    store.snooze(ana.id, FIXED_NOW.date() + timedelta(days=30))
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("s")
        await pilot.pause()
        assert "0  wake now" in screen_text(app)
        await pilot.press("0")
        await pilot.pause()
        assert store.get(ana.id).snoozed_until is None
        assert "Woke Ana Lima" in notices(app)
        await pilot.press("u")
        await pilot.pause()
    assert store.get(ana.id).snoozed_until == FIXED_NOW.date() + timedelta(days=30)
