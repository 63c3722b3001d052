"""Details at 80×24: a contact with every field filled in shows each of them, paging the
fields with pgdn / pgup while the timeline keeps its place below."""

from __future__ import annotations

from datetime import date

from board.humane import contact_fields
from board.model import Kind, Stage
from board.store import Store
from tests.helpers import add, screen_text

SIZE = (80, 24)


def _full(store: Store):
    who = add(
        store, "Ana Lima", stage=Stage.TALKED, nickname="Annie", title="Owner", company="Acme Roofing",
        emails=["ana@acme.example", "ana.lima@home.example"], phones=["+1 513 555 0100"],
        birthday="1980-03-22", urls=["https://acme.example/ana"], tags=["bni", "roofing"],
        expertise=["storm damage claims", "insurance adjusters"], needs="homeowners before hail season",
        met_at="BNI breakfast", source="manual", cadence_days=10,
        snoozed_until=date(2099, 1, 5),
        notes="Prefers calls in the morning.\nHas two kids in soccer.\nAsk about the new truck.",
    )
    for n in range(12):
        store.log(who.id, Kind.CALL, f"call number {n}")
    return store.get(who.id)


async def test_every_field_is_reachable_at_80x24(store: Store, make_app) -> None:
    ana = _full(store)
    wanted = contact_fields(ana, store.clock())
    assert len(wanted) >= 18  # every field is filled in: more than half a screen of them
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        assert type(app.screen).__name__ == "DetailScreen"
        first = screen_text(app)
        assert "↓ pgdn: 9 more lines" in first  # says that more waits below
        seen = first
        for _ in range(10):
            await pilot.press("pagedown")
            await pilot.pause()
            seen += "\n" + screen_text(app)
            if "↑ pgup: top of the details" in screen_text(app):
                break
        for label, value in wanted:
            first_line = value.splitlines()[0]
            assert label in seen, label
            assert first_line[:30] in seen, (label, first_line)
        assert "Ask about the new truck." in seen  # the last line of the last field
        # The timeline stayed where it was, and its keys still work.
        assert "call number 11" in screen_text(app)
        await pilot.press("pageup", "pageup", "pageup")
        await pilot.pause()
        assert "Stage" in screen_text(app) and "↓ pgdn: 9 more lines" in screen_text(app)
        table = app.screen.query_one("DataTable")
        await pilot.press("j")
        assert table.cursor_row == 1
