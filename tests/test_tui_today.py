"""Today: the morning queue worked from the keyboard — log, snooze, move — and it advances."""

from __future__ import annotations

from datetime import timedelta

from board.model import Contact, Kind, Stage, new_id
from board.triage import due_contacts
from tests.conftest import FIXED_NOW
from tests.helpers import screen_text


def _queue(store, config):
    return [d.contact for d in due_contacts(store.contacts(), config, FIXED_NOW.date())]


async def _open_today(app, pilot):
    await pilot.press("t")
    await pilot.pause()
    assert type(app.screen).__name__ == "TodayScreen"


async def test_today_lists_the_due_most_overdue_first(sample_store, make_app, config):
    expected = _queue(sample_store, config)
    assert len(expected) >= 5
    app = make_app(sample_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await _open_today(app, pilot)
        text = screen_text(app)
        assert f"{len(expected)} to reach out to" in text
        positions = [text.index(c.name) for c in expected[:5]]
        assert positions == sorted(positions)
        assert "overdue" in text and "→" in text  # how overdue, and the next step


async def test_logging_advances_the_queue(sample_store, make_app, config):
    first, second = _queue(sample_store, config)[:2]
    app = make_app(sample_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await _open_today(app, pilot)
        assert app.screen.selected_contact().id == first.id
        await pilot.press("i")
        await pilot.pause()
        await pilot.press("6", *"checked in about the hail season", "enter")  # a note
        await pilot.pause()
        if "Copy a thank-you" in screen_text(app) or "Move " in screen_text(app):
            await pilot.press("n")
            await pilot.pause()
        assert app.screen.selected_contact().id == second.id
        assert first.id not in [c.id for c in _queue(sample_store, config)]
    [*_, note] = sample_store.interactions(first.id)
    assert (note.kind, note.summary) == (Kind.NOTE, "checked in about the hail season")


async def test_snooze_a_week_leaves_the_queue(sample_store, make_app, config):
    first = _queue(sample_store, config)[0]
    app = make_app(sample_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await _open_today(app, pilot)
        await pilot.press("s")
        await pilot.pause()
        await pilot.press("2")
        await pilot.pause()
        assert first.name not in screen_text(app).split("Next step")[0].split("\n", 3)[-1]
    assert sample_store.get(first.id).snoozed_until == FIXED_NOW.date() + timedelta(days=7)
    assert first.id not in [c.id for c in _queue(sample_store, config)]


async def test_stage_prompt_accept_and_decline(store, make_app, config):
    old = FIXED_NOW - timedelta(days=30)
    for name in ("Ana Met", "Bo Met"):
        store.add_contact(Contact(id=new_id(), name=name, created_at=old, updated_at=old, stage_changed_at=old))
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await _open_today(app, pilot)
        for answer in ("y", "n"):
            who = app.screen.selected_contact()
            await pilot.press("i")
            await pilot.pause()
            await pilot.press("3", *"coffee", "enter")  # a meeting
            await pilot.pause()
            assert f"Move {who.name} to Talked?" in screen_text(app)
            await pilot.press(answer)
            await pilot.pause()
            assert store.get(who.id).stage == (Stage.TALKED if answer == "y" else Stage.MET)
        assert "Nobody is due today" in screen_text(app)


async def test_received_offers_the_thank_you(store, make_app):
    old = FIXED_NOW - timedelta(days=30)
    ana = store.add_contact(
        Contact(id=new_id(), name="Ana Lima", stage=Stage.TRUSTED, created_at=old, updated_at=old, stage_changed_at=old)
    ).contact
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("i")
        await pilot.pause()
        await pilot.press("5")  # received → value list
        await pilot.pause()
        await pilot.press("down", "down", "down", "enter")  # referral
        await pilot.press(*"sent me the Hendersons", "enter")
        await pilot.pause()
        assert "Copy a thank-you" in screen_text(app)
        await pilot.press("y")
        await pilot.pause()
        assert "Ana" in app.clipboard
        assert "support" in app.clipboard.lower() or "thank" in app.clipboard.lower()
    [received] = store.interactions(ana.id)
    assert received.kind == Kind.RECEIVED and received.value.value == "referral"


async def test_empty_queue_says_when_the_next_person_falls_due(store, make_app):
    store.add_contact(Contact(id=new_id(), name="Fresh Face", created_at=FIXED_NOW, updated_at=FIXED_NOW, stage_changed_at=FIXED_NOW))
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await _open_today(app, pilot)
        text = screen_text(app)
        assert "Nobody is due today" in text
        assert "Next up: Fresh Face on" in text
