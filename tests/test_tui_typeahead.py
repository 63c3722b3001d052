"""Keys typed while a screen opens reach it, in order: `i 4 gift enter` in one burst (a
fast typist, or keys arriving in one read over SSH) logs a gave called "Gift test"."""

from __future__ import annotations

from textual import events

from board.model import Kind
from tests.helpers import add, screen_text, wait_until


def _burst(app, keys: list[str]) -> None:
    """Keys as the terminal's driver posts them: all at once, none waiting for the last."""
    for key in keys:
        character = " " if key == "space" else (key if len(key) == 1 else None)
        app.post_message(events.Key(key, character))


async def test_keys_typed_while_the_log_form_opens_reach_it(store, make_app):
    ana = add(store, "Ana Lima")
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        _burst(app, ["i", "4", *"Gift", "space", *"test", "enter"])
        await wait_until(pilot, lambda: bool(store.interactions(ana.id)) and "Log an" not in screen_text(app))
        [logged] = store.interactions(ana.id)
        assert (logged.kind, logged.summary) == (Kind.GAVE, "Gift test")
        assert "Log an interaction" not in screen_text(app)  # the enter closed the form


async def test_a_second_burst_reaches_the_kept_form_too(store, make_app):
    ana = add(store, "Ana Lima")
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        for n, summary in enumerate(("first", "second"), 1):
            _burst(app, ["i", "6", *summary, "enter"])  # (a note: no question follows it)
            await wait_until(pilot, lambda n=n: len(store.interactions(ana.id)) == n and "Log an" not in screen_text(app))
        assert [(i.kind, i.summary) for i in store.interactions(ana.id)] == [
            (Kind.NOTE, "first"), (Kind.NOTE, "second")]


async def test_with_a_filter_kept_the_next_key_is_not_held(store, make_app):
    """The board never focuses a widget of its own (its cards take the keys): a kept
    filter's box, shown but unfocused, must not make every key wait for a focus that never
    comes (half a second each, for keys typed within half a second of the last)."""
    add(store, "Ana Lima")
    add(store, "Bo Chen")
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("slash", *"ana", "enter")
        await wait_until(pilot, lambda: "filter: 1 shown" in screen_text(app))
        assert app.screen.focused is None and app.screen.focus_chain  # the box, kept, unfocused
        assert not app.typeahead.take(events.Key("j", "j"))  # goes at once, not held
