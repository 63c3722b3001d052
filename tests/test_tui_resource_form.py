"""The resource form's esc: nothing typed closes it at once; something typed asks first,
and "no" keeps the typing (as the contact form does)."""

from __future__ import annotations

from board.store import Store
from board.text import fit
from tests.helpers import screen_text, wait_until
from tests.test_tui_give import SIZE, _open_resources


async def test_esc_in_the_resource_form_asks_before_discarding_typing(sample_store: Store, make_app) -> None:
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        await _open_resources(pilot, app)
        await pilot.press("a", "escape")  # nothing typed: closes at once
        await wait_until(pilot, lambda: type(app.screen).__name__ == "ResourcesScreen")

        await pilot.press("a")
        await pilot.pause()
        await pilot.press(*"Half-typed guide", "escape")
        await pilot.pause()
        assert "Discard this new resource?" in screen_text(app)
        await pilot.press("n")  # no: back in the form, the typing kept
        await pilot.pause()
        assert type(app.screen).__name__ == "ResourceForm"
        assert app.screen.query_one("#resource-title").value == "Half-typed guide"
        assert app.focused is app.screen.query_one("#resource-title")
        await pilot.press("escape", "y")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "ResourcesScreen")
        assert all(r.title != "Half-typed guide" for r in Store(sample_store.root).resources())

        first = app.screen.resource.title
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("escape")  # opened to edit, nothing changed: closes at once
        await wait_until(pilot, lambda: type(app.screen).__name__ == "ResourcesScreen")
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("end", *" (2nd ed.)")
        await pilot.press("escape")
        await pilot.pause()
        assert f"Discard the changes to “{fit(first, 30)}”?" in screen_text(app)
        await pilot.press("y")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "ResourcesScreen")
        assert Store(sample_store.root).find_resource(first).title == first
