"""The board's "What can I give?" (`G`) and the resource library (ctrl+p → Resources…).

Driven with Pilot on the sample network at 80×24: every flow is asserted on the data it
leaves and on what the screen shows.
"""

from __future__ import annotations

from board.model import Kind, Stage, Value
from board.store import Store
from tests.helpers import notices, palette_choice, screen_text, wait_until

SIZE = (80, 24)


async def _select(pilot, name: str) -> None:
    """Filter the board down to one person (their card is then selected)."""
    await pilot.press("slash", *name, "enter")
    await pilot.pause()


def _gift_rows(app) -> list[str]:
    return [f"{g.kind.value}: {g.title}" for g in app.screen.gifts]


async def test_give_pick_a_resource_copy_log_and_it_is_no_longer_offered(sample_store: Store, make_app) -> None:
    store = sample_store
    sandra = store.find("sandra")
    guide = store.find_resource("Qualifying for a mortgage on 1099 income")
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await _select(pilot, "sandra")
        await pilot.press("G")
        await pilot.pause()
        assert type(app.screen).__name__ == "GiftsScreen"
        text = screen_text(app)
        assert "3 gifts for Sandra Hughes (Met), best first" in text
        assert "introduction Introduce Sandra to Kevin Tran (Tran Tax & Advisory)" in text
        assert "resource     Send “Qualifying for a mortgage on 1099 income”" in text
        assert "↔ topic: 1099 income" in text
        assert all(len(line) <= 80 for line in text.splitlines())
        assert "enter copies its message · y logs it as given" in text

        await pilot.press("j")  # the resource
        await pilot.pause()
        assert "https://riverahomelending.example.com/guides/1099-income-mortgage" in screen_text(app)
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert guide.url in app.clipboard and "Hi Sandra" in app.clipboard
        assert "I'll put the link below" not in app.clipboard
        assert "Copied" in notices(app)

        await pilot.press("y")
        await pilot.pause()
        # Giving to someone in Met offers Gave value; any key but y declines.
        assert "Move Sandra Hughes to Gave value?" in screen_text(app)
        await pilot.press("n")
        await pilot.pause()
        assert "Logged the resource given to Sandra Hughes: Send “Qualifying for a mortgage on 1099 income”." in notices(app)
        assert _gift_rows(app) == [
            "introduction: Introduce Sandra to Kevin Tran (Tran Tax & Advisory)",
            "feedback: Feedback on sandrahughes.example.com",
        ]
        assert "Send “Qualifying" not in screen_text(app)
        assert "2 gifts for Sandra Hughes" in screen_text(app)

    logged = Store(store.root).interactions(sandra.id)[-1]
    assert (logged.kind, logged.value, logged.resource_id) == (Kind.GAVE, Value.RESOURCE, guide.id)
    assert logged.summary == f"Shared “{guide.title}”: {guide.url}"
    assert Store(store.root).get(sandra.id).stage == Stage.MET  # declined the move


async def test_an_introduction_from_details_logged_and_the_stage_moved(sample_store: Store, make_app) -> None:
    store = sample_store
    omar = store.find("omar")
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await _select(pilot, "omar")
        await pilot.press("enter")  # details
        await pilot.pause()
        assert type(app.screen).__name__ == "DetailScreen"
        await pilot.press("G")
        await pilot.pause()
        assert app.screen.gifts[0].contact_name == "Mei Tanaka"
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "Mei Tanaka (Tanaka Property Management) knows rental property management" in app.clipboard
        await pilot.press("y")
        await pilot.pause()
        await pilot.press("y")  # yes, move Omar to Gave value
        await pilot.pause()
        assert [g.kind for g in app.screen.gifts] == [Value.RESOURCE]
        await pilot.press("escape")  # back to details, which show the gift
        await pilot.pause()
        assert "gave (introduction)" in screen_text(app)
    history = Store(store.root).interactions(omar.id)
    assert (history[-1].kind, history[-1].value) == (Kind.GAVE, Value.INTRODUCTION)
    assert history[-1].summary == "Offered an introduction to Mei Tanaka (rental property management)"
    assert Store(store.root).get(omar.id).stage == Stage.GAVE_VALUE


async def test_undo_brings_the_gift_back(sample_store: Store, make_app) -> None:
    store = sample_store
    priya = store.find("priya")
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await _select(pilot, "priya")
        await pilot.press("G", "enter")
        await app.workers.wait_for_complete()
        await pilot.press("y")  # Priya is in Gave value: no stage question
        await pilot.pause()
        assert len(app.screen.gifts) == 2
        await pilot.press("u")
        await pilot.pause()
        assert len(app.screen.gifts) == 3
    assert all(i.kind != Kind.GAVE or i.at < store.clock() for i in Store(store.root).interactions(priya.id))


async def test_nothing_to_give_says_what_would_help(sample_store: Store, make_app) -> None:
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        await _select(pilot, "chloe")
        await pilot.press("G")
        await pilot.pause()
        text = screen_text(app)
        assert "Nothing to give Chloe Bennett yet." in text
        assert "Resources…" in text
        await pilot.press("enter", "y")  # nothing to copy, nothing to log
        await pilot.pause()
    assert len(Store(sample_store.root).interactions(sample_store.find("chloe").id)) == 1


async def _open_resources(pilot, app) -> None:
    await pilot.press("ctrl+p")
    await pilot.press(*"Resources")
    await wait_until(pilot, lambda: palette_choice(app).startswith("Resources"))
    await pilot.press("enter")
    await wait_until(pilot, lambda: type(app.screen).__name__ == "ResourcesScreen")


async def test_resources_list_add_edit_delete_and_undo_by_keyboard(sample_store: Store, make_app) -> None:
    store = sample_store
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await _open_resources(pilot, app)
        text = screen_text(app)
        assert "12 resources, by title" in text
        assert "Buying out a spouse: refinancing the house in a divorce" in text
        assert "  https://riverahomelending.example.com/guides/spousal-buyout" in text
        assert all(len(line) <= 80 for line in text.splitlines())

        await pilot.press("a")
        await pilot.pause()
        assert "Add a resource to your library" in screen_text(app)
        await pilot.press(*"Moving day checklist", "tab", *"example.com/move", "enter")
        await pilot.pause()
        assert "start it with https://" in screen_text(app)  # still in the form, nothing saved
        assert len(Store(store.root).resources()) == 12
        await pilot.press("ctrl+u", *"https://example.com/move", "tab", *"moving, downsizing", "enter")
        await pilot.pause()
        added = Store(store.root).find_resource("Moving day checklist")
        assert (added.url, added.topics) == ("https://example.com/move", ["moving", "downsizing"])
        assert "13 resources" in screen_text(app)
        assert app.screen.resource.id == added.id  # the new one is highlighted

        await pilot.press("e")
        await pilot.pause()
        await pilot.press("ctrl+u", *"Moving day: the checklist", "ctrl+s")
        await pilot.pause()
        assert Store(store.root).find_resource(added.id).title == "Moving day: the checklist"

        await pilot.press("a")
        await pilot.pause()
        await pilot.press(*"moving DAY: the checklist", "tab", *"https://example.com/x", "enter")
        await pilot.pause()
        assert "is already in your library" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert "Discard this new resource?" in screen_text(app)
        await pilot.press("y")
        await pilot.pause()

        await pilot.press("d")
        await pilot.pause()
        assert "Delete “Moving day: the checklist” from your library?" in screen_text(app)
        await pilot.press("y")
        await pilot.pause()
        assert [r.title for r in Store(store.root).resources()].count("Moving day: the checklist") == 0
        await pilot.press("u")  # the delete, undone
        await pilot.pause()
        assert Store(store.root).find_resource(added.id).title == "Moving day: the checklist"
        await pilot.press("u", "u")  # the edit, then the add
        await pilot.pause()
        assert len(Store(store.root).resources()) == 12
        assert "12 resources" in screen_text(app)


async def test_a_new_resource_is_offered_at_once(sample_store: Store, make_app) -> None:
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        await _open_resources(pilot, app)
        await pilot.press("a", *"Second-location leases for cafés", "tab",
                          *"https://example.com/cafe-leases", "tab", *"second coffee shop", "enter")
        await pilot.pause()
        await pilot.press("escape")
        await _select(pilot, "leo")
        await pilot.press("G")
        await pilot.pause()
        (gift,) = app.screen.gifts
        assert gift.title == "Send “Second-location leases for cafés”"
        assert "https://example.com/cafe-leases" in screen_text(app)


async def test_c_shares_the_real_link_from_the_board(sample_store: Store, make_app) -> None:
    """The session passes the library: *share-resource* carries the link on the board too."""
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        await _select(pilot, "julia")
        contact = app.screen.selected_contact()
        suggestions = app.session.suggestions(contact)
        shared = next(s for s in suggestions if s.name == "share-resource")
        assert "https://riverahomelending.example.com/guides/reverse-mortgage-questions" in shared.text


async def test_narrow_terminals_cut_rows_rather_than_wrap_them(sample_store: Store, make_app) -> None:
    app = make_app(sample_store)
    async with app.run_test(size=(60, 20)) as pilot:
        await _select(pilot, "omar")
        await pilot.press("G")
        await pilot.pause()
        lines = screen_text(app).splitlines()
        assert all(len(line) <= 60 for line in lines)
        assert any(line.startswith("▊ introduction Introduce Omar to Mei Tanaka") and line.rstrip(" ▎").endswith("…")
                   for line in lines)
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        assert "introduction Introduce Omar to Mei Tanaka (Tanaka Property Management)" in screen_text(app)
