"""Today on a board opened from its card file queues its people on their cards' facts:
it reads the records of only the rows that show a next step (reading every queued
person's would build most of a large store, and keep it), and acts on whole records."""

from __future__ import annotations

from board.model import Contact
from board.store import Store
from tests.helpers import screen_text, wait_until, write_card_file
from tests.helpers.today import due_people, open_today
from widgets import standings as standings_module
from widgets.screens import today as today_module


async def test_today_reads_only_the_records_it_shows_steps_for(store, data_dir, clock, make_app, monkeypatch):
    due_people(store, 90)
    write_card_file(data_dir)
    opened = Store(data_dir, clock=clock)  # its cards from the card file
    assert all(card.contact is None for card in opened.cards())
    monkeypatch.setattr(standings_module, "WAIT_UP_TO", 0)
    asked: list[str] = []
    get = opened.get
    monkeypatch.setattr(opened, "get", lambda cid: (asked.append(cid), get(cid))[1])
    app = make_app(opened)
    async with app.run_test(size=(100, 40)) as pilot:
        await wait_until(pilot, lambda: app.screen.view.loaded)
        asked.clear()
        today = await open_today(app, pilot, pauses=3)
        assert today.count == 90
        assert len(set(asked)) <= today_module.NEXT_STEPS + 1  # the next steps' rows (and the selected)
        shown = screen_text(app)
        assert "90 to reach out to" in shown and "Person 89" in shown
        assert "Next step →" in shown
        selected = today.selected_contact()
        assert isinstance(selected, Contact) and selected.name == "Person 89"
        assert selected == store.get(selected.id)
