"""The method on the board, driven from the keyboard (issue 13): each flow end to end.

received → Today top → thank → leaves; who-knows intro → both logged → counted once;
request answered → 21 days → quiet → archived; reminder due → shown → logged → cleared.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from board.config import Config
from board.model import Direction, Kind, Reminder, Stage, Value
from board.stats import givers_gain_for
from board.store import Store
from tests.helpers import A_MONTH_AGO, FIXED_NOW, Clock, add, notices, screen_text

DAY = timedelta(days=1)


def moving_store(tmp_path: Path) -> tuple[Store, Clock]:
    clock = Clock(FIXED_NOW)
    return Store(tmp_path / "data", clock=clock), clock


async def open_today(app, pilot) -> None:
    await pilot.press("t")
    await pilot.pause()
    assert type(app.screen).__name__ == "TodayScreen"


def today_lines(app) -> list[str]:
    return [line for line in screen_text(app).splitlines() if line.strip()]


# --- 1. reciprocity ------------------------------------------------------------------


async def test_a_gift_puts_the_giver_at_the_top_until_thanked(tmp_path, make_app):
    store, _ = moving_store(tmp_path)
    giver = add(store, "Gia Giver", stage=Stage.TRUSTED, at=FIXED_NOW - 100 * DAY)
    store.log(giver.id, Kind.MEETING, "lunch", at=FIXED_NOW - 2 * DAY)  # Trusted: not due for 58 days
    add(store, "Old Overdue", at=FIXED_NOW - 90 * DAY)  # Met, 83 days overdue
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        # Log what she gave on the board.
        await pilot.press("l", "l", "l")  # Met (where the board opens) → Trusted
        assert app.screen.selected_contact().id == giver.id
        await pilot.press("i")
        await pilot.pause()
        await pilot.press("5", "down", "down", "down", *"sent me the Hendersons", "enter")
        await pilot.pause()
        assert "Copy a thank-you" in screen_text(app)
        await pilot.press("n")
        await pilot.pause()
        await open_today(app, pilot)
        lines = today_lines(app)
        first = next(i for i, line in enumerate(lines) if "Gia Giver" in line)
        second = next(i for i, line in enumerate(lines) if "Old Overdue" in line)
        assert first < second and "thanks" in lines[first]
        assert "Thank them for a referral" in lines[first]
        assert app.screen.selected_contact().id == giver.id
        # c copies the thank-you, y marks it sent: then what do they need?
        await pilot.press("c")
        await pilot.pause()
        assert app.clipboard.startswith("Hi Gia") and "referral" in app.clipboard
        await pilot.press("y")
        await pilot.pause()
        assert "What did Gia say they need?" in screen_text(app)
        await pilot.press("ctrl+u", *"a stager for her listings", "enter")
        await pilot.pause()
        text = screen_text(app)
        assert "Gia Giver" not in text.split("Next step")[0]  # she left the queue
        assert "Old Overdue" in text
    assert store.get(giver.id).needs == "a stager for her listings"
    *_, gift, thanks = store.interactions(giver.id)
    assert (gift.kind, gift.summary) == (Kind.RECEIVED, "sent me the Hendersons")
    assert thanks.kind == Kind.MESSAGE and thanks.summary.startswith("sent: thanks-for-referral")


async def test_logging_a_call_after_a_gift_asks_what_they_need(tmp_path, make_app):
    store, _ = moving_store(tmp_path)
    giver = add(store, "Gia Giver", at=A_MONTH_AGO, stage=Stage.TALKED)
    store.log(giver.id, Kind.RECEIVED, "a tip", value=Value.INFORMATION, at=FIXED_NOW - DAY)
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.screen.selected_contact().id == giver.id  # the board opens where people are
        await pilot.press("i")
        await pilot.pause()
        await pilot.press("2", *"thanked her by phone", "enter")
        await pilot.pause()
        assert "What did Gia say they need?" in screen_text(app)
        await pilot.press("escape")  # skips: nothing but the call is saved
        await pilot.pause()
    assert store.get(giver.id).needs == ""
    assert store.interactions(giver.id)[-1].kind == Kind.CALL


# --- 2. introductions on both sides ------------------------------------------------------


async def test_who_knows_intro_is_logged_on_both_and_counted_once(tmp_path, make_app):
    store, _ = moving_store(tmp_path)
    ann = add(store, "Ann Lee", at=A_MONTH_AGO, stage=Stage.TALKED, needs="a good estate lawyer")
    rosa = add(store, "Rosa Delgado", at=A_MONTH_AGO, stage=Stage.TRUSTED, expertise=["estate law"])
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.screen.selected_contact().id == ann.id  # Talked, the first column with people
        await pilot.press("w")
        await pilot.pause()
        assert type(app.screen).__name__ == "WhoKnowsScreen"
        assert app.screen.selected_contact().id == rosa.id
        await pilot.press("c")
        await pilot.pause()
        assert app.clipboard.startswith("Hi Ann and Rosa,")
        assert "Rosa knows estate law" in app.clipboard
        await pilot.press("y")
        await pilot.pause()
    [on_ann], [on_rosa] = store.interactions(ann.id), store.interactions(rosa.id)
    assert (on_ann.kind, on_ann.value, on_rosa.value) == (Kind.GAVE, Value.INTRODUCTION, Value.INTRODUCTION)
    assert (on_ann.linked_to, on_rosa.linked_to) == (on_rosa.id, on_ann.id)
    assert "Rosa Delgado" in on_ann.summary and "Ann Lee" in on_rosa.summary
    gain = givers_gain_for(store, Config())
    assert gain.given[30][Value.INTRODUCTION] == 1 and gain.given_total(30) == 1


async def test_details_show_who_introduced_them_and_the_introductions(tmp_path, make_app):
    from board.introductions import log_introduction

    store, _ = moving_store(tmp_path)
    rosa = add(store, "Rosa Delgado", at=A_MONTH_AGO, stage=Stage.TRUSTED, expertise=["estate law"])
    ann = add(store, "Ann Lee", at=A_MONTH_AGO, stage=Stage.TALKED, introduced_by=rosa.id)
    log_introduction(store, ann, rosa, why="estate law")
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        text = screen_text(app)
        assert "Introduced by" in text and "Rosa Delgado" in text
        assert "Introduced  " in text and "Rosa Delgado (estate law)" in text


# --- 3. let them qualify themselves --------------------------------------------------


async def test_an_answered_request_goes_quiet_after_21_days_and_is_archived(tmp_path, make_app):
    store, clock = moving_store(tmp_path)
    ria = add(store, "Ria Request", met_at="LinkedIn request", at=FIXED_NOW - 3 * DAY)
    store.log(ria.id, Kind.MESSAGE, "LinkedIn invitation", direction=Direction.IN, at=FIXED_NOW - 3 * DAY)
    add(store, "Sol Someone", stage=Stage.TALKED, at=FIXED_NOW - 1 * DAY)
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        # Answer the request from the board: a message (from me).
        await pilot.press("i")
        await pilot.pause()
        await pilot.press("1", *"Thanks for connecting: a 20-minute call next week?", "enter")
        await pilot.pause()
        assert store.interactions(ria.id)[-1].direction == Direction.OUT
        clock.now = FIXED_NOW + 21 * DAY  # three weeks without a reply
        await open_today(app, pilot)
        assert "Ria Request" not in screen_text(app)  # Today stops chasing her
        await pilot.press("escape")
        await pilot.pause()
        app.data_changed()  # the board's day moved on (the clock poll would do this)
        await pilot.pause()
        text = screen_text(app)
        assert "… Ria Request" in text and "no reply" in text
        await pilot.press("slash", *"quiet", "enter")
        await pilot.pause()
        assert "Met (1)" in screen_text(app) and "Sol Someone" not in screen_text(app)
        await pilot.press("escape", "g")
        await pilot.pause()
        assert "Quiet 1" in screen_text(app) and "x archives" in screen_text(app)
        await pilot.press("x")
        await pilot.pause()
        assert "Archive 1 quiet person (Ria Request)?" in screen_text(app)
        await pilot.press("y")
        await pilot.pause()
        assert store.get(ria.id).archived
        assert "Ria Request" not in screen_text(app)
        await pilot.press("u")  # one undo step brings her back
        await pilot.pause()
        assert not store.get(ria.id).archived


async def test_a_message_from_them_is_a_reply(tmp_path, make_app):
    store, clock = moving_store(tmp_path)
    ria = add(store, "Ria Request", met_at="LinkedIn request", at=FIXED_NOW - 40 * DAY)
    store.log(ria.id, Kind.MESSAGE, "sent: answer-request", at=FIXED_NOW - 25 * DAY)
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        assert "… Ria Request" in screen_text(app)
        await pilot.press("i")
        await pilot.pause()
        await pilot.press("1", "down")  # message, from them
        await pilot.pause()
        assert "From" in screen_text(app)
        await pilot.press(*"Sorry, just saw this! Thursday?", "enter")
        await pilot.pause()
        text = screen_text(app)
        assert "… Ria Request" not in text and "Logged message from Ria Request." in notices(app)
    last = store.interactions(ria.id)[-1]
    assert (last.kind, last.direction) == (Kind.MESSAGE, Direction.IN)


# --- 5. the next step, dated ----------------------------------------------------------


async def test_a_reminder_is_due_on_its_day_and_a_log_clears_it(tmp_path, make_app):
    store, clock = moving_store(tmp_path)
    gus = add(store, "Gus Grant", stage=Stage.TRUSTED, at=FIXED_NOW - 100 * DAY)
    store.log(gus.id, Kind.CALL, "catch-up", at=FIXED_NOW - DAY)
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.screen.selected_contact().id == gus.id
        await pilot.press("r")
        await pilot.pause()
        assert "Remind me about Gus Grant" in screen_text(app)
        await pilot.press(*"+2d", "tab", *"send him the launch checklist", "enter")
        await pilot.pause()
        assert store.get(gus.id).reminder == Reminder(FIXED_NOW.date() + 2 * DAY, "send him the launch checklist")
        await open_today(app, pilot)
        text = screen_text(app)  # not due yet: Trusted, talked yesterday; next up on its day
        assert "Nobody is due today" in text and "Next up: Gus Grant on Saturday Nov 21" in text
        await pilot.press("escape")
        clock.now = FIXED_NOW + 2 * DAY
        app.data_changed()
        await pilot.pause()
        await open_today(app, pilot)
        row = next(line for line in today_lines(app) if "Gus Grant" in line)
        assert "remind" in row and "send him the launch" in row
        await pilot.press("i")
        await pilot.pause()
        await pilot.press("1", *"sent the checklist", "enter")
        await pilot.pause()
        text = screen_text(app)  # done: the queue is empty, and he is next on his cadence
        assert "Nobody is due today" in text and "Next up: Gus Grant on Wednesday Jan 20" in text
    assert store.get(gus.id).reminder is None


async def test_the_reminder_form_replaces_and_clears_in_details(tmp_path, make_app):
    store, _ = moving_store(tmp_path)
    gus = add(store, "Gus Grant", at=A_MONTH_AGO)
    store.update_contact(store.get(gus.id).copy(reminder=Reminder(FIXED_NOW.date() + DAY, "first")))
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        assert "Reminder" in screen_text(app) and "tomorrow: first" in screen_text(app)
        await pilot.press("r")
        await pilot.pause()
        assert "Now: tomorrow: first" in screen_text(app)
        await pilot.press("ctrl+u", *"yesterday", "tab", "ctrl+u", *"second", "enter")
        await pilot.pause()
        assert "is in the past" in screen_text(app)  # refused: nothing changed
        assert store.get(gus.id).reminder.text == "first"
        await pilot.press("ctrl+u", *"friday", "enter")  # the error put the cursor on When
        await pilot.pause()
        assert store.get(gus.id).reminder.text == "second"
        await pilot.press("r")
        await pilot.pause()
        await pilot.press("ctrl+d")
        await pilot.pause()
        assert store.get(gus.id).reminder is None
        await pilot.press("u")
        await pilot.pause()
        assert store.get(gus.id).reminder.text == "second"
