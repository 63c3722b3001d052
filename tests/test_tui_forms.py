"""The add/edit and log forms: errors focus the field they name; what is typed is cleaned and bounded."""

from __future__ import annotations

from textual.widgets import Input

from board.model import Contact, Stage, new_id
from board.store import Store
from tests.conftest import FIXED_NOW
from tests.helpers import screen_text


def _add(store: Store, name: str, stage: Stage = Stage.MET, **fields: object) -> Contact:
    contact = Contact(
        id=new_id(), name=name, stage=stage, created_at=FIXED_NOW, updated_at=FIXED_NOW,
        stage_changed_at=FIXED_NOW, **fields,  # type: ignore[arg-type]
    )
    return store.add_contact(contact).contact


def _focused_id(app) -> str | None:
    return app.focused.id if isinstance(app.focused, Input) else None


async def test_an_error_focuses_the_field_it_names(store, make_app):
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("a")
        await pilot.pause()
        await pilot.press(*"Ann Lee")
        app.screen.query_one("#field-cadence_days", Input).value = "soon"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert _focused_id(app) == "field-cadence_days"
        assert "follow up every how many days" in screen_text(app).lower()
        app.screen.query_one("#field-emails", Input).value = "not-an-email"
        app.screen.query_one("#field-cadence_days", Input).value = "10"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert _focused_id(app) == "field-emails"
        assert "does not look like an email" in screen_text(app)
    assert store.contacts() == []


async def test_a_cadence_out_of_range_is_refused_in_the_form(store, make_app):
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("a")
        await pilot.pause()
        await pilot.press(*"Ann Lee")
        while _focused_id(app) != "field-cadence_days":
            await pilot.press("tab")
        await pilot.press(*"3000000", "ctrl+s")
        await pilot.pause()
        assert type(app.screen).__name__ == "ContactForm"
        assert _focused_id(app) == "field-cadence_days"
        assert "1 to 3650" in screen_text(app)
        await pilot.press("ctrl+u", *"3650", "ctrl+s")
        await pilot.pause()
    [ann] = store.contacts()
    assert ann.cadence_days == 3650


async def test_the_log_form_refuses_a_date_out_of_range(store, make_app):
    ana = _add(store, "Ana Lima")
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        for when, words in (("3000-01-01", "more than a day ahead"), ("1850-06-01", "before 1900")):
            await pilot.press("i")
            await pilot.pause()
            await pilot.press("6", *"a note", "tab", *when, "enter")
            await pilot.pause()
            assert type(app.screen).__name__ == "LogForm"
            assert words in screen_text(app)
            assert _focused_id(app) == "log-at"
            await pilot.press("escape")
            await pilot.pause()
    assert store.interactions(ana.id) == []


async def test_what_is_typed_is_cleaned_of_control_characters(store, make_app):
    ana = _add(store, "Ana Lima")
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("a")
        await pilot.pause()
        form = app.screen
        form.query_one("#field-name", Input).value = "Zoe\x1b]0;pwned\x07 Quinn"
        form.query_one("#field-company", Input).value = "Lu\x9bmen\u202e"
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("i")
        await pilot.pause()
        await pilot.press("6")
        app.screen.query_one("#log-summary", Input).value = "met \x1b[2Jfor coffee"
        await pilot.press("enter")
        await pilot.pause()
    zoe = next(c for c in store.contacts() if c.id != ana.id)
    assert (zoe.name, zoe.company) == ("Zoe]0;pwned Quinn", "Lumen")
    assert [i.summary for i in store.interactions(zoe.id)] == ["met [2Jfor coffee"]
