"""The board drawn from the card file: what another trustboard changes still shows."""

from __future__ import annotations

from pathlib import Path

from board.model import Kind, Stage
from board.store import Store
from board.store.cards import CARDS_FILE
from tests.helpers import add, age_shards, screen_text, wait_until, write_card_file


def _board_dir(store: Store, data_dir: Path) -> dict[str, str]:
    ids = {
        "ana": add(store, "Ana Lima", company="Acme", title="CTO").id,
        "bo": add(store, "Bo Chen", stage=Stage.TRUSTED).id,
    }
    write_card_file(data_dir)
    return ids


async def test_a_change_made_elsewhere_shows_on_a_board_drawn_from_the_card_file(store, data_dir, make_app):
    ids = _board_dir(store, data_dir)
    board = Store(data_dir)
    app = make_app(board)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "Met (1)" in text and "Trusted (1)" in text and "Acme" in text
        other = Store(data_dir)  # `trustboard move` and `trustboard log` in another terminal
        other.move(ids["ana"], Stage.TRUSTED)
        other.log(ids["bo"], Kind.CALL, "a call")
        app.poll_store()
        await pilot.pause()
        text = screen_text(app)
        assert "Met (0)" in text and "Trusted (2)" in text


async def test_the_selected_card_reads_its_whole_contact(store, data_dir, make_app):
    ids = _board_dir(store, data_dir)
    other = Store(data_dir)
    app = make_app(Store(data_dir))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.screen.selected_contact().id == ids["ana"]
        assert app.screen.selected_contact().company == "Acme"  # not on the card file's card
        other.log(ids["ana"], Kind.CALL, "a call")
        app.poll_store()
        await pilot.pause()
        assert app.screen.selected_contact().last_interaction_at is not None
        assert "today ago" not in screen_text(app) and "today" in screen_text(app)


async def test_the_board_writes_the_card_file_after_it_paints(store, data_dir, make_app):
    add(store, "Ana Lima")
    age_shards(data_dir)
    app = make_app(Store(data_dir))
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, (data_dir / CARDS_FILE).exists)


async def test_a_card_whose_last_interaction_is_ahead_says_in_not_ago(store, make_app):
    from datetime import timedelta

    from tests.helpers import FIXED_NOW

    ana = add(store, "Ana Lima")
    store.log(ana.id, Kind.CALL, "booked for tomorrow", at=FIXED_NOW + timedelta(hours=20))  # (`--at tomorrow`)
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "in 1d" in text and "ago" not in text
