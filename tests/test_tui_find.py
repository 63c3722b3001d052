"""Finding people: the board filter (words, fuzzy, query words) and who-knows."""

from __future__ import annotations

from datetime import timedelta

from board.model import Stage
from tests.helpers import FIXED_NOW, add, palette_choice, palette_entries, screen_text, wait_until


def _people(store):
    old = FIXED_NOW - timedelta(days=40)
    return {
        "ana": add(store, "Ana Lima", company="Acme Roofing", tags=["bni"], expertise=["storm damage claims"]),
        "bo": add(store, "Bo Chen", stage=Stage.TALKED, tags=["bni", "client"], notes="loves sailing"),
        "cy": add(store, "Cy Park", stage=Stage.TALKED, at=old, expertise=["estate law"],
                  needs="more referrals"),
        "di": add(store, "Di Ruiz", stage=Stage.TRUSTED, company="Ruiz Bookkeeping", expertise=["bookkeeping"]),
        "ed": add(store, "Ed Stone", stage=Stage.GAVE_VALUE, needs="a good estate lawyer for a client",
                  met_at="Chamber mixer"),
    }


def _shown(app) -> set[str]:
    board = app.screen
    return {card.contact.name for column in board.columns.values() for card in column.cards.cards}


async def test_filter_narrows_as_you_type_and_counts_update(store, make_app):
    _people(store)
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("slash", *"roof")
        await pilot.pause()
        assert _shown(app) == {"Ana Lima"}
        text = screen_text(app)
        assert "Met (1)" in text and "Talked (0)" in text
        await pilot.press("escape")
        await pilot.pause()
        assert len(_shown(app)) == 5
        assert "Talked (2)" in screen_text(app)


async def test_filter_fields_fuzzy_and_enter_keeps_it(store, make_app):
    people = _people(store)
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("slash", *"sailing")  # notes
        await pilot.pause()
        assert _shown(app) == {"Bo Chen"}
        await pilot.press("ctrl+u", *"bookeeping")  # a typo still finds the bookkeeper
        await pilot.pause()
        assert _shown(app) == {"Di Ruiz"}
        await pilot.press("enter")  # keep the filter, back to the cards
        await pilot.pause()
        assert app.focused is None
        assert app.screen.selected_contact().id == people["di"].id
        await pilot.press("H")  # keys act on the filtered card; the selection follows it
        await pilot.pause()
        assert _shown(app) == {"Di Ruiz"}
        assert app.screen.selected_contact().id == people["di"].id
        assert store.get(people["di"].id).stage == Stage.GAVE_VALUE


async def test_filter_query_words(store, make_app):
    _people(store)
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("slash", *"tag:bni")
        await pilot.pause()
        assert _shown(app) == {"Ana Lima", "Bo Chen"}
        await pilot.press(*" stage:talked")
        await pilot.pause()
        assert _shown(app) == {"Bo Chen"}
        await pilot.press("ctrl+u", *"due")
        await pilot.pause()
        assert _shown(app) == {"Cy Park"}  # 40 days since we met, talked cadence is 14
        await pilot.press("ctrl+u", *"chamber mixer")  # words match met_at too
        await pilot.pause()
        assert _shown(app) == {"Ed Stone"}
        await pilot.press("ctrl+u", *"stage:nowhere")
        await pilot.pause()
        assert "unknown stage" in screen_text(app)


async def test_who_knows_from_a_contact_copies_the_introduction(store, make_app):
    people = _people(store)
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("l", "l")  # Gave value: Ed, who needs an estate lawyer
        assert app.screen.selected_contact().id == people["ed"].id
        await pilot.press("w")
        await pilot.pause()
        assert "Cy Park" in screen_text(app) and "estate law" in screen_text(app)
        await pilot.press("c")
        await pilot.pause()
        assert "Ed" in app.clipboard and "Cy Park" in app.clipboard


async def test_who_knows_a_typed_topic(store, make_app):
    _people(store)
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Who knows")
        await wait_until(pilot, lambda: palette_choice(app).startswith("Who knows"))
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press(*"bookkeeping", "enter")
        await pilot.pause()
        text = screen_text(app)
        assert "Di Ruiz" in text and "Cy Park" not in text


async def test_the_palette_ranks_a_name_first_and_shows_each_command_key(sample_store, make_app):
    app = make_app(sample_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+p", *"owen")
        # Both providers have answered once the command that matched too is listed.
        await wait_until(pilot, lambda: any("Show archived" in e for e in palette_entries(app)))
        assert palette_entries(app)[0].startswith("Go to Owen Pierce")
        assert palette_choice(app).startswith("Go to Owen Pierce")
        await pilot.press("escape")
        await pilot.pause()
        commands = {c.title: c.help for c in app.get_system_commands(app.screen)}
    assert commands["Add a contact"].startswith("a · ")
    assert commands["Today"].startswith("t · ")
    assert commands["Log"].startswith("i · ") and commands["Snooze"].startswith("s · ")
    assert commands["Stage ▶"].startswith("L · ")
    assert commands["Undo"].startswith("u · ") and commands["Redo"].startswith("^r · ")


async def test_a_burst_typed_with_slash_goes_to_the_filter_not_to_the_board(store, make_app):
    """`/dana` in one read (a fast typist, a paste): every letter is the filter's; none is
    a board key (`a` would open the add form, `d` nothing, `n`…), and a `/` in the box is text."""
    from textual import events

    add(store, "Dana Whitfield")
    add(store, "Ed Stone")
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: "Ed Stone" in screen_text(app))
        for key, char in [("slash", "/"), ("d", "d"), ("a", "a"), ("n", "n"), ("a", "a")]:
            app.post_message(events.Key(key, char))  # queued together, before any is handled
        await wait_until(pilot, lambda: "Ed Stone" not in screen_text(app))
        assert app.screen.query_one("#filter").value == "dana"
        assert "Add a contact" not in screen_text(app) and "Dana Whitfield" in screen_text(app)
        await pilot.press("slash")
        assert app.screen.query_one("#filter").value == "dana/"


async def test_the_filter_finds_names_typed_without_their_accents(store, make_app):
    for name, company in (("José García", "Panadería Sol"), ("Zoë Ångström", ""), ("Søren Kjær", "Ærø Sejl"),
                          ("Anna Straße", ""), ("Ben Garcia", "")):
        add(store, name, company=company)
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("slash", *"garcia")
        await pilot.pause()
        assert _shown(app) == {"José García", "Ben Garcia"}
        await pilot.press("ctrl+u", *"GARCÍA")  # typed with the accent, in capitals: the same
        await pilot.pause()
        assert _shown(app) == {"José García", "Ben Garcia"}
        for typed, found in (("jose", "José García"), ("angstrom", "Zoë Ångström"), ("soren", "Søren Kjær"),
                             ("aero", "Søren Kjær"), ("strasse", "Anna Straße"), ("panaderia", "José García")):
            await pilot.press("ctrl+u", *typed)
            await pilot.pause()
            assert _shown(app) == {found}, typed
        assert "filter: 1 shown" in screen_text(app)
