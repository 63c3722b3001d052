"""The add/edit and log forms: errors focus the field they name; what is typed is cleaned and bounded."""

from __future__ import annotations

from textual.widgets import Input

from board.model import Contact, Stage, new_id
from board.store import Store
from tests.conftest import FIXED_NOW
from tests.screen_text import screen_text


def _add(store: Store, name: str, stage: Stage = Stage.MET, **fields: object) -> Contact:
    contact = Contact(
        id=new_id(), name=name, stage=stage, created_at=FIXED_NOW, updated_at=FIXED_NOW,
        stage_changed_at=FIXED_NOW, **fields,  # type: ignore[arg-type]
    )
    return store.add_contact(contact)


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
