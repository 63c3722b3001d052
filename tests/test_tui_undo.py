"""Undo and redo of every kind of change made in the board, asserting the store; archive/restore."""

from __future__ import annotations

import subprocess
import sys
from datetime import timedelta

from board.history import History
from board.model import Kind, Stage
from board.store import Store
from tests.helpers import FIXED_NOW, add, notices, palette_choice, screen_text, wait_until


def _ana(store):
    return add(store, "Ana Lima", at=FIXED_NOW, company="Acme")


async def _undo_redo(app, pilot, before, after):
    """Press u and ctrl+r, checking the store each time with the two predicates."""
    assert after(), "the change itself did not land"
    await pilot.press("u")
    await pilot.pause()
    assert before(), "undo did not restore the store"
    assert "Undid" in notices(app)
    await pilot.press("ctrl+r")
    await pilot.pause()
    assert after(), "redo did not re-apply the change"
    assert "Redid" in notices(app)


async def test_undo_redo_move(store, make_app):
    ana = _ana(store)
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("L")
        await pilot.pause()
        await _undo_redo(
            app, pilot,
            lambda: Store(store.root).get(ana.id).stage == Stage.MET,
            lambda: Store(store.root).get(ana.id).stage == Stage.TALKED,
        )


async def test_undo_redo_log(store, make_app):
    ana = _ana(store)
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("i")
        await pilot.pause()
        await pilot.press("6", *"a note", "enter")
        await pilot.pause()
        await _undo_redo(
            app, pilot,
            lambda: Store(store.root).interactions(ana.id) == []
            and Store(store.root).get(ana.id).last_interaction_at is None,
            lambda: [i.summary for i in Store(store.root).interactions(ana.id)] == ["a note"]
            and Store(store.root).get(ana.id).last_interaction_at is not None,
        )


async def test_undo_redo_edit(store, make_app):
    ana = _ana(store)
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("tab", "ctrl+u", *"Globex", "ctrl+s")
        await pilot.pause()
        await _undo_redo(
            app, pilot,
            lambda: Store(store.root).get(ana.id).company == "Acme",
            lambda: Store(store.root).get(ana.id).company == "Globex",
        )


async def test_undo_redo_add(store, make_app):
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("a")
        await pilot.pause()
        await pilot.press(*"Zed Ray", "ctrl+s")
        await pilot.pause()
        await _undo_redo(
            app, pilot,
            lambda: Store(store.root).contacts(archived=None) == [],
            lambda: [c.name for c in Store(store.root).contacts()] == ["Zed Ray"],
        )
        assert "Zed Ray" in screen_text(app)


async def test_undo_redo_archive_and_restore(store, make_app):
    ana = _ana(store)
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("x")
        await pilot.pause()
        assert "Archive Ana Lima?" in screen_text(app)
        await pilot.press("y")
        await pilot.pause()
        assert "Ana Lima" not in screen_text(app)
        await _undo_redo(
            app, pilot,
            lambda: not Store(store.root).get(ana.id).archived,
            lambda: Store(store.root).get(ana.id).archived,
        )
        # See archived people and restore one.
        await pilot.press("slash", *"archived", "enter")
        await pilot.pause()
        assert "Ana Lima" in screen_text(app)
        await pilot.press("x")
        await pilot.pause()
        assert not Store(store.root).get(ana.id).archived
        await pilot.press("escape")
        await pilot.pause()
        assert "Ana Lima" in screen_text(app)


async def test_archive_needs_confirmation(store, make_app):
    ana = _ana(store)
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("x", "n")
        await pilot.pause()
    assert not store.get(ana.id).archived


async def test_undo_redo_snooze(store, make_app):
    ana = _ana(store)
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("s", "3")
        await pilot.pause()
        await _undo_redo(
            app, pilot,
            lambda: Store(store.root).get(ana.id).snoozed_until is None,
            lambda: Store(store.root).get(ana.id).snoozed_until is not None,
        )


async def test_undo_redo_import(store, make_app, tmp_path):
    from board.importers import import_file

    people = tmp_path / "people.csv"
    people.write_text("name,company\nIna Imported,Initech\nOle Other,Oracle\n", "utf-8")
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        app.history.record(import_file(store, "csv", people).change)  # as the palette's Import… does
        app.data_changed()
        await pilot.pause()
        assert "Ina Imported" in screen_text(app)
        await _undo_redo(
            app, pilot,
            lambda: Store(store.root).contacts() == [],
            lambda: {c.name for c in Store(store.root).contacts()} == {"Ina Imported", "Ole Other"},
        )


async def test_undo_never_reverts_another_process(store, make_app):
    ana = _ana(store)
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("L")  # our change: Met → Talked
        await pilot.pause()
        subprocess.run(  # someone else moves Ana on, from another process
            [sys.executable, "-m", "board", "--data", str(store.root), "move", ana.id, "trusted"],
            check=True, capture_output=True,
        )
        await pilot.press("u")
        await pilot.pause()
        assert "changed again by another trustboard" in notices(app)
    assert Store(store.root).get(ana.id).stage == Stage.TRUSTED


async def test_nothing_to_undo(store, make_app):
    _ana(store)
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("u")
        await pilot.pause()
        assert app.history.undo_stack == []
    assert store.get(store.contacts()[0].id).stage == Stage.MET


def test_store_undo_of_a_backdated_log_restores_the_clock(store):
    ana = _ana(store)
    history = History(store)
    history.record(store.log(ana.id, Kind.CALL, "old call", at=FIXED_NOW - timedelta(days=3)))
    history.record(store.log(ana.id, Kind.NOTE, "older note", at=FIXED_NOW - timedelta(days=9)))
    assert store.get(ana.id).last_interaction_at == FIXED_NOW - timedelta(days=3)
    history.undo()
    history.undo()
    assert store.get(ana.id).last_interaction_at is None


async def _import_from_palette(app, pilot, path) -> None:
    await pilot.press("ctrl+p")
    await pilot.pause()
    await pilot.press(*"Import")
    await wait_until(pilot, lambda: palette_choice(app).startswith("Import"))
    await pilot.press("enter")
    await pilot.pause()
    await pilot.press(*str(path), "enter")
    await app.workers.wait_for_complete()
    await pilot.pause()


async def test_import_from_the_palette_then_undo(store, make_app, tmp_path):
    people = tmp_path / "people.vcf"
    people.write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Vera Card\r\nORG:Vcorp\r\nEMAIL:vera@vcorp.example\r\nEND:VCARD\r\n",
        "utf-8",
    )
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await _import_from_palette(app, pilot, people)
        assert "Vera Card" in screen_text(app)
        assert "Imported people.vcf" in notices(app)
        await pilot.press("u")
        await pilot.pause()
        assert Store(store.root).contacts() == []
        assert "Vera Card" not in screen_text(app)


async def test_import_of_a_bad_file_from_the_palette_changes_nothing(store, make_app, tmp_path):
    bad = tmp_path / "broken.json"
    bad.write_text('{"format": "trustboard", "version": 1, "contacts": [', "utf-8")
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await _import_from_palette(app, pilot, bad)
        assert "broken.json" in notices(app) and "Import refused" in notices(app)
    assert Store(store.root).contacts() == []
