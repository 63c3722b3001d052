"""Today: the morning queue worked from the keyboard — log, snooze, move — and it advances."""

from __future__ import annotations

from datetime import timedelta

from board.model import Kind, Stage
from board.standing import standings
from board.triage import due_contacts
from tests.helpers import FIXED_NOW, add, screen_text


def _queue(store, config):
    """Today's queue as the rules have it: owed thanks and reminders first, quiet people out."""
    people = store.contacts()
    known = standings(store, people, config, FIXED_NOW)
    return [d.contact for d in due_contacts(people, config, FIXED_NOW.date(), known)]


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
        # A call: it answers a gift owed thanks too (a note would not: they would stay first)
        await pilot.press("2", *"checked in about the hail season", "enter")
        await pilot.pause()
        if "Copy a thank-you" in screen_text(app) or "Move " in screen_text(app):
            await pilot.press("n")
            await pilot.pause()
        if "say they need?" in screen_text(app):  # the call answered a gift: esc skips
            await pilot.press("escape")
            await pilot.pause()
        assert app.screen.selected_contact().id == second.id
        assert first.id not in [c.id for c in _queue(sample_store, config)]
    [*_, note] = sample_store.interactions(first.id)
    assert (note.kind, note.summary) == (Kind.CALL, "checked in about the hail season")


async def test_snooze_a_week_leaves_the_queue(sample_store, make_app, config):
    first = _queue(sample_store, config)[0]
    app = make_app(sample_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await _open_today(app, pilot)
        await pilot.press("s")
        await pilot.pause()
        await pilot.press("2")
        await pilot.pause()
        listing = screen_text(app).split("Next step →")[0]  # the queue, down to the next step
        assert first.name not in listing
    assert sample_store.get(first.id).snoozed_until == FIXED_NOW.date() + timedelta(days=7)
    assert first.id not in [c.id for c in _queue(sample_store, config)]


async def test_stage_prompt_accept_and_decline(store, make_app, config):
    old = FIXED_NOW - timedelta(days=30)
    for name in ("Ana Met", "Bo Met"):
        add(store, name, at=old)
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
    ana = add(store, "Ana Lima", at=old, stage=Stage.TRUSTED)
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("i")
        await pilot.pause()
        await pilot.press("5")  # received: on to the summary, where ↑↓ pick the value
        await pilot.pause()
        await pilot.press("down", "down", "down")  # referral
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
    add(store, "Fresh Face", at=FIXED_NOW)
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await _open_today(app, pilot)
        text = screen_text(app)
        assert "Nobody is due today" in text
        assert "Next up: Fresh Face on" in text


async def test_one_line_per_person_at_every_width_with_4_digit_counts_aligned(store, make_app):
    people = {}
    for name, days in (("Al Oldfriend", 1241), ("Bo Middle", 63), ("Cy Newer", 7)):
        when = FIXED_NOW - timedelta(days=days)
        people[name] = add(store, name, at=when, met_at="BNI breakfast")
    app = make_app(store)
    async with app.run_test(size=(60, 24)) as pilot:
        await _open_today(app, pilot)
        steps = {c.id: app.screen.next_step(c) for c in people.values()}
        for width in (60, 80, 100, 160):
            await pilot.resize_terminal(width, 24)
            await pilot.pause()
            lines = screen_text(app).splitlines()
            rows = [next(line for line in lines if line.startswith(name)) for name in people]
            assert [sum(line.startswith(name) for line in lines) for name in people] == [1, 1, 1]
            assert "1234d" in rows[0] and "56d" in rows[1] and "today" in rows[2]
            ends = {row.index("1234d") + 5 if "1234d" in row else row.index("56d") + 3
                    if "56d" in row else row.index("today") + 5 for row in rows}
            assert len(ends) == 1, f"the late column is not aligned at {width}: {rows}"
            for row, contact in zip(rows, people.values(), strict=True):
                step = steps[contact.id]
                if width >= 100 or step in row:
                    assert row.rstrip().endswith(step), (width, row)
                else:
                    cut = row.rstrip()
                    assert cut.endswith("…") and step.startswith(cut[cut.rindex("  ") + 2:-1]), (width, row)


async def test_today_opened_again_shows_the_queue_as_it_is_now_from_its_top(sample_store, make_app, config):
    first, second, third = _queue(sample_store, config)[:3]
    app = make_app(sample_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await _open_today(app, pilot)
        today = app.screen
        await pilot.press("j", "j")
        assert today.selected_contact().id == third.id
        await pilot.press("escape")
        await pilot.pause()
        # Changed while Today is closed: the first person is logged from elsewhere.
        sample_store.log(first.id, Kind.CALL, "caught up")
        app.data_changed(changed={first.id})
        await pilot.pause()
        await _open_today(app, pilot)
        assert app.screen is today  # the same screen, its queue drawn anew
        text = screen_text(app)
        assert first.name not in text and second.name in text
        assert today.selected_contact().id == second.id  # from the top again
        assert f"{len(_queue(sample_store, config))} to reach out to" in text
