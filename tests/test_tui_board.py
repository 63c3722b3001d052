"""The board driven with Pilot: add, edit, log, move, details — asserting the store and the screen."""

from __future__ import annotations

from board.model import Kind, Stage
from board.store import Store
from tests.helpers import add, screen_text


async def test_four_columns_with_counts(store, make_app):
    add(store, "Ana Lima", company="Acme")
    add(store, "Bo Chen", stage=Stage.TRUSTED)
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        for title in ("Met (1)", "Talked (0)", "Gave value (0)", "Trusted (1)"):
            assert title in text
        assert "Ana Lima" in text and "Bo Chen" in text


async def test_add_contact_through_the_form(store, make_app, data_dir):
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("a")
        await pilot.pause()
        await pilot.press(*"Zoe Quinn")
        await pilot.press("tab", *"Lumen")
        await pilot.press("tab", "tab", *"zoe@lumen.example")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "Zoe Quinn" in screen_text(app)
    reopened = Store(data_dir)
    [contact] = reopened.contacts()
    assert (contact.name, contact.company, contact.emails, contact.stage) == (
        "Zoe Quinn", "Lumen", ["zoe@lumen.example"], Stage.MET,
    )


async def test_form_refuses_empty_name_and_bad_email(store, make_app):
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("a")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "needs a name" in screen_text(app)
        await pilot.press(*"Ann", "tab", "tab", "tab", *"not-an-email", "ctrl+s")
        await pilot.pause()
        assert "does not look like an email" in screen_text(app)
        assert store.contacts() == []
        await pilot.press("escape")
        await pilot.pause()
    assert store.contacts() == []


async def test_edit_contact(store, make_app, data_dir):
    ana = add(store, "Ana Lima", company="Acme")
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("tab", "ctrl+u", *"Globex", "enter")
        await pilot.pause()
        assert "Globex" in screen_text(app)
    assert Store(data_dir).get(ana.id).company == "Globex"


async def test_log_a_call_then_accept_the_move_to_talked(store, make_app, data_dir):
    ana = add(store, "Ana Lima")
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("i")
        await pilot.pause()
        await pilot.press("2")  # call
        await pilot.press(*"coffee at the BNI breakfast", "enter")
        await pilot.pause()
        assert "Move Ana Lima to Talked?" in screen_text(app)
        await pilot.press("y")
        await pilot.pause()
    reopened = Store(data_dir)
    [call] = reopened.interactions(ana.id)
    assert (call.kind, call.summary) == (Kind.CALL, "coffee at the BNI breakfast")
    assert reopened.get(ana.id).stage == Stage.TALKED
    assert reopened.get(ana.id).last_interaction_at == call.at


async def test_log_gave_with_value_and_decline_the_move(store, make_app, data_dir):
    ana = add(store, "Ana Lima", stage=Stage.TALKED)
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("i")
        await pilot.pause()
        await pilot.press("4")  # gave: on to the summary, where ↑↓ pick the value
        await pilot.pause()
        await pilot.press("down", "down")  # introduction
        await pilot.press(*"introduced her to an estate lawyer", "enter")
        await pilot.pause()
        assert "Move Ana Lima to Gave value?" in screen_text(app)
        await pilot.press("n")
        await pilot.pause()
    reopened = Store(data_dir)
    [gave] = reopened.interactions(ana.id)
    assert gave.kind == Kind.GAVE and gave.value is not None and gave.value.value == "introduction"
    assert reopened.get(ana.id).stage == Stage.TALKED


async def test_log_refuses_a_bad_date_in_the_form(store, make_app):
    ana = add(store, "Ana Lima")
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("i")
        await pilot.pause()
        await pilot.press("6", *"a note", "tab", *"yesterday-ish", "enter")
        await pilot.pause()
        assert "cannot read the date" in screen_text(app)
        await pilot.press("escape")
    assert store.interactions(ana.id) == []


async def test_move_with_L_and_H_selection_follows(store, make_app, data_dir):
    ana = add(store, "Ana Lima")
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("L", "L")
        await pilot.pause()
        assert app.screen.selected_contact().id == ana.id
        assert app.screen.column == 2
        assert "Gave value (1)" in screen_text(app)
        await pilot.press("H")
        await pilot.pause()
        await pilot.press("shift+right", "shift+right", "shift+right")
        await pilot.pause()
        assert "Trusted (1)" in screen_text(app)
    assert Store(data_dir).get(ana.id).stage == Stage.TRUSTED


async def test_a_moved_card_stays_selected_among_many(store, make_app):
    for name in ("Ada", "Bo", "Cy", "Dee", "Eve"):
        add(store, name, stage=Stage.TALKED)
    moved = add(store, "Cat")  # lands third of six in Talked (Ada, Bo, Cat, Cy, …)
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("L")
        await pilot.pause()
        board = app.screen
        assert board.column == 1
        assert board.selected_contact().id == moved.id
        assert board.columns[Stage.TALKED].cards.selected == 2
        await pilot.press("j")
        assert board.selected_contact().name == "Cy"


async def test_navigation_keys(store, make_app):
    for name in ("Ana", "Bea", "Cid"):
        add(store, name)
    add(store, "Dov", stage=Stage.TALKED)
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        board = app.screen
        await pilot.press("j", "j")
        assert board.selected_contact().name == "Cid"
        await pilot.press("k")
        assert board.selected_contact().name == "Bea"
        await pilot.press("l")
        assert board.selected_contact().name == "Dov"
        await pilot.press("right", "right", "right")  # stops at Trusted (no wrapping round)
        assert board.column == 3 and board.selected_contact() is None
        await pilot.press("h", "h", "h", "h")  # and at Met
        assert board.column == 0 and board.selected_contact().name == "Bea"


async def test_details_show_fields_and_timeline(store, make_app):
    ana = add(store, "Ana Lima", company="Acme", expertise=["estate law"], needs="more clients")
    store.log(ana.id, Kind.MEETING, "lunch at Luigi's")
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        text = screen_text(app)
        assert "estate law" in text and "more clients" in text
        assert "lunch at Luigi's" in text and "meeting" in text
        await pilot.press("escape")
        await pilot.pause()
        assert "Met (1)" in screen_text(app)


async def test_quit(store, make_app):
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0
