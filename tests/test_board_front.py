"""The board's front: its first frame painted from the card file's last line, then the whole board.

A large board's first frame comes from the front the last open kept (`board.front`),
for that day, config and every contact shard as they are; it must be the very frame the
whole board shows, and give way to the whole board before any key is handled.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from board.config import Config
from board.front import FRONT_CARDS, config_mark, front_cards, front_of
from board.model import Stage
from board.store import Store
from board.store.cards import CARDS_FILE
from board.view import BoardView
from tests.helpers import add, screen_text, wait_until


def _aged(root: Path) -> None:
    """Every file as if written a minute ago: their stat keys are not racy, so recorded."""
    for written in root.rglob("*.json"):
        stat = written.stat()
        os.utime(written, ns=(stat.st_atime_ns, stat.st_mtime_ns - 60 * 10**9))


def _board(store: Store) -> None:
    """Forty people over the stages: due and not, snoozed, archived, with a reminder."""
    now = store.clock()
    stages = list(Stage)
    for n in range(40):
        when = now - timedelta(days=(n * 7) % 50)
        fields: dict[str, Any] = {"stage": stages[n % 4], "company": f"Firm {n % 5}", "title": "Founder"}
        if n % 9 == 0:
            fields["snoozed_until"] = (now + timedelta(days=5)).date()
        if n % 13 == 0:
            fields["archived"] = True
        add(store, f"Person {n:02d}", at=when, **fields)


def _kept(root: Path, config: Config, clock: Any) -> dict[str, Any]:
    """Open the board's data as the app does, and keep its front in the card file."""
    store = Store(root, clock=clock)
    view = BoardView(config, store.get)
    view.load(store.cards(), store.clock().date(), {})
    front = front_of(view, config, above=0)
    assert front is not None
    store.save_cards(front)
    store.close()
    return front


@pytest.fixture
def kept(store: Store, config: Config, clock: Any) -> dict[str, Any]:
    _board(store)
    store.close()
    _aged(store.root)
    return _kept(store.root, config, clock)


def test_the_front_kept_is_read_back_as_it_was(store: Store, config: Config, clock: Any, kept: dict[str, Any]) -> None:
    fresh = Store(store.root, clock=clock)
    found = fresh.card_front(clock().date(), config_mark(config))
    assert found is not None
    assert {k: found[k] for k in kept} == kept
    front = front_cards(found, fresh.front_facts, fresh.get, above=0)
    assert front is not None and front.size == 40
    view = BoardView(config, fresh.get)
    view.load(fresh.cards(), clock().date(), {})
    assert front.due == view.due_count
    for stage, cards in view.columns().items():
        count, first = front.columns[stage]
        assert count == len(cards)
        assert [(c.facts.id, c.facts.name, c.facts.line, c.due, c.days_overdue, c.snoozed, c.due_for)
                for c in first] == [(c.facts.id, c.facts.name, c.facts.line, c.due, c.days_overdue, c.snoozed,
                                     c.due_for) for c in cards[:FRONT_CARDS]]
        # Facts the front does not keep are read from the shard when asked.
        assert [c.facts.tags for c in first] == [c.facts.tags for c in cards[:FRONT_CARDS]]
        assert [c.facts.snoozed_until for c in first] == [c.facts.snoozed_until for c in cards[:FRONT_CARDS]]


@pytest.mark.parametrize("change", ["a shard changed", "another day", "another config", "damaged",
                                    "a board as small as waits", "no front"])
def test_a_front_that_does_not_hold_is_not_used(
    store: Store, config: Config, clock: Any, kept: dict[str, Any], change: str,
) -> None:
    day, mark, above = clock().date(), config_mark(config), 0
    path = store.root / CARDS_FILE
    if change == "a shard changed":
        other = Store(store.root, clock=clock)
        other.move(other.find("Person 05").id, Stage.TRUSTED)
        other.close()
    elif change == "another day":
        day += timedelta(days=1)
    elif change == "another config":
        config.cadence[Stage.MET] += 1
        mark = config_mark(config)
    elif change == "damaged":
        raw = path.read_bytes()
        path.write_bytes(raw.replace(b"Person 01", b"Person 91"))  # the front's CRC says so
    elif change == "a board as small as waits":
        above = 40
    else:
        raw = path.read_bytes()
        path.write_bytes(raw[: raw.rindex(b"\n", 0, len(raw) - 1)])  # as an older trustboard wrote it
    fresh = Store(store.root, clock=clock)
    found = fresh.card_front(day, mark)
    if change in ("a board as small as waits",):
        assert found is not None
        assert front_cards(found, fresh.front_facts, fresh.get, above=above) is None
    else:
        assert found is None
    if change != "damaged":
        assert sorted(f.name for f in fresh.cards()) == sorted(f"Person {n:02d}" for n in range(40))


def test_a_card_file_with_a_front_reads_as_before(store: Store, config: Config, clock: Any, kept: dict[str, Any]) -> None:
    """Its cards are the same with the front at its end (an older trustboard ignores it too)."""
    fresh = Store(store.root, clock=clock)
    with_front = sorted((f.id, f.name, f.line, f.code, f.tags, f.text) for f in fresh.cards())
    (store.root / CARDS_FILE).unlink()
    rebuilt = Store(store.root, clock=clock)
    assert sorted((f.id, f.name, f.line, f.code, f.tags, f.text) for f in rebuilt.cards()) == with_front


@pytest.mark.parametrize("size", [(120, 40), (60, 24)])
async def test_the_board_painted_from_its_front_is_the_whole_boards_frame(
    store: Store, make_app: Any, kept: dict[str, Any], monkeypatch: pytest.MonkeyPatch, clock: Any,
    size: tuple[int, int],
) -> None:
    import widgets.app
    import widgets.screens.board_front
    import widgets.standings

    monkeypatch.setattr(widgets.screens.board_front, "WAIT_UP_TO", 0)  # forty people: "a large board"
    monkeypatch.setattr(widgets.standings, "WAIT_UP_TO", 0)
    monkeypatch.setattr(widgets.app.TrustboardApp, "_started", lambda self: None)  # the front stays
    app = make_app(Store(store.root, clock=clock))
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        board = app.screen_stack[0]
        assert board._partial  # painted from the front
        front = screen_text(app)
        assert "Person" in front and "due today" in front
        board.ensure_loaded()
        await pilot.pause()
        assert not board._partial
        assert screen_text(app) == front
        assert board.front() is not None


async def test_a_key_on_the_front_is_handled_by_the_whole_board(
    store: Store, make_app: Any, config: Config, kept: dict[str, Any], monkeypatch: pytest.MonkeyPatch,
    clock: Any,
) -> None:
    import board.front
    import widgets.app
    import widgets.screens.board_front
    import widgets.standings

    monkeypatch.setattr(board.front, "FRONT_CARDS", 4)  # the front: four cards a column
    _kept(store.root, config, clock)
    monkeypatch.setattr(widgets.screens.board_front, "WAIT_UP_TO", 0)
    monkeypatch.setattr(widgets.standings, "WAIT_UP_TO", 0)
    monkeypatch.setattr(widgets.app.TrustboardApp, "_started", lambda self: None)
    app = make_app(Store(store.root, clock=clock))
    async with app.run_test(size=(120, 12)) as pilot:
        await pilot.pause()
        board = app.screen_stack[0]
        assert board._partial
        assert len(board._current_list().cards) > 4
        await pilot.press("end")  # the column's last card: beyond the front's
        await pilot.pause()
        assert not board._partial
        cards = board._current_list()
        assert cards.current is cards.cards[-1] and cards.cards == board.view.columns()[cards.stage]


@pytest.mark.parametrize("kernel_copy", [True, False])
def test_the_days_first_open_replaces_only_the_front(
    store: Store, config: Config, clock: Any, kept: dict[str, Any], kernel_copy: bool,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A front of another day: the card file's cards stay byte for byte, its last line is new
    (copied by the kernel, or block by block where it cannot)."""
    if not kernel_copy:
        def refused(*args: Any) -> int:
            raise OSError(18, "Invalid cross-device link")

        monkeypatch.setattr(os, "copy_file_range", refused, raising=False)
    path = store.root / CARDS_FILE
    before = path.read_bytes()
    cards_part = before[: before.rindex(b"\n", 0, len(before) - 1)]
    clock.advance(days=1)
    fresh = Store(store.root, clock=clock)
    assert fresh.card_front(clock().date(), config_mark(config)) is None  # yesterday's
    view = BoardView(config, fresh.get)
    view.load(fresh.cards(), clock().date(), {})
    front = front_of(view, config, above=0)
    assert front is not None and front["day"] == kept["day"] + 1
    fresh.save_cards(front)
    after = path.read_bytes()
    assert after.startswith(cards_part + b"\n") and after != before
    assert not list(store.root.glob(f".{CARDS_FILE}.*"))  # no temporary file left
    again = Store(store.root, clock=clock)
    found = again.card_front(clock().date(), config_mark(config))
    assert found is not None and found["columns"] == front["columns"]
    assert sorted(f.name for f in again.cards()) == sorted(f"Person {n:02d}" for n in range(40))
    again.save_cards(front)  # the front holds: nothing is written
    assert path.read_bytes() == after


@pytest.mark.parametrize("spoil", ["a name that is not text", "a row short", "a column short", "a reason unknown"])
def test_a_front_whose_rows_are_not_rows_is_not_used(
    store: Store, config: Config, clock: Any, kept: dict[str, Any], spoil: str,
) -> None:
    """Whole and with its CRC, but not what a front holds (another version's, say): the
    board loads as usual."""
    import copy

    front = copy.deepcopy(kept)
    front["day"] += 1  # (another day's: the file's front is replaced with this one)
    rows = front["columns"][0][1]
    if spoil == "a name that is not text":
        rows[0][1] = 5
    elif spoil == "a row short":
        rows[0].pop()
    elif spoil == "a column short":
        rows.pop()
    else:
        rows[0][10] = 99
    fresh = Store(store.root, clock=clock)
    fresh.cards()
    fresh.save_cards(front)
    clock.advance(days=1)
    again = Store(store.root, clock=clock)
    found = again.card_front(clock().date(), config_mark(config))
    assert found is not None  # read back whole...
    assert front_cards(found, again.front_facts, again.get, above=0) is None  # ...and refused


async def test_a_shard_damaged_under_its_old_stat_key_is_said_not_crashed_on(
    store: Store, make_app: Any, config: Config, kept: dict[str, Any], monkeypatch: pytest.MonkeyPatch,
    clock: Any,
) -> None:
    """The front holds by the shards' stat keys: a shard's bytes spoiled with its size and
    time put back still fail to read when the first card's person is looked up; the board
    offers its backup as on any open, rather than crash on the front."""
    import widgets.screens.board_front
    import widgets.standings
    from board.store.layout import CONTACTS, file_of
    from widgets.dialogs.damaged import DamagedDialog
    from widgets.screens.board import BoardScreen

    monkeypatch.setattr(widgets.screens.board_front, "WAIT_UP_TO", 0)
    monkeypatch.setattr(widgets.standings, "WAIT_UP_TO", 0)
    first = kept["columns"][0][1][0][0]  # the first card of Met, selected at the open
    shard = store.root / file_of(CONTACTS, first)
    stat = shard.stat()
    shard.write_bytes(b"{" * stat.st_size)
    os.utime(shard, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    app = make_app(Store(store.root, clock=clock))
    async with app.run_test(size=(120, 40)) as pilot:
        # (the front paints first; the load that meets the shard comes after that frame)
        await wait_until(pilot, lambda: isinstance(app.screen, DamagedDialog) and shard.name in screen_text(app))
        board = app.screen_stack[0]
        assert isinstance(board, BoardScreen)
        # What the board does when it shows its selection again (its status line) finds
        # the card's shard unreadable: no contact, and no crash
        assert board.selected_contact() is None
        for _ in range(3):  # (the calls it had queued behind the dialog run)
            await pilot.pause()
        assert isinstance(app.screen, DamagedDialog)
        assert app.return_code is None


async def test_a_board_closed_after_a_change_keeps_the_front_of_its_new_state(
    store: Store, make_app: Any, config: Config, kept: dict[str, Any], monkeypatch: pytest.MonkeyPatch,
    clock: Any,
) -> None:
    """The next open that day paints from it: the change's shard is read after the frame."""
    import board.store.cards
    import widgets.app
    import widgets.screens.board_front
    import widgets.standings

    for module in (widgets.screens.board_front, widgets.standings, widgets.app):
        monkeypatch.setattr(module, "WAIT_UP_TO", 0)
    monkeypatch.setattr(board.store.cards, "racy", lambda key: False)  # (the move's shard: just written)
    path = store.root / CARDS_FILE
    app = make_app(Store(store.root, clock=clock))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        unchanged = path.read_bytes()
        app.keep_front()  # nothing changed since the open: nothing written
        assert path.read_bytes() == unchanged
        mover = app.store.find("Person 04")  # (a Met card)
        assert mover.stage is Stage.MET
        app.store.move(mover.id, Stage.TRUSTED)
        app.data_changed(changed={mover.id})
        await pilot.pause()
    app.keep_front()
    fresh = Store(store.root, clock=clock)
    found = fresh.card_front(clock().date(), config_mark(config))
    assert found is not None
    view = BoardView(config, fresh.get)
    view.load(fresh.cards(), clock().date(), {})
    truth = front_of(view, config, above=0)
    assert truth is not None and found["columns"] == truth["columns"] and found["due"] == truth["due"]
    assert found["columns"][0][0] == kept["columns"][0][0] - 1  # Met: one fewer
    assert found["columns"][3][0] == kept["columns"][3][0] + 1  # Trusted: one more
