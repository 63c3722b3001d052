"""A full disk while the board saves: a clear notice, the board still usable, nothing changed.

ENOSPC is raised where every write of the store and of the config ends (`os.fsync`,
before each atomic rename), so each change fails as it would on a full disk. The real
thing, on a small tmpfs, is in the end-to-end checks (tests/test_full_disk.py for the CLI).
"""

from __future__ import annotations

import errno
import hashlib
import os
from pathlib import Path
from typing import NoReturn

import pytest

from board.model import Kind, Stage
from board.store import Store
from tests.helpers import add, screen_text, wait_until


def _every_file(root: Path) -> dict[str, str]:
    """sha256 of every file, backups included (not the lock)."""
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*")) if p.is_file() and p.name != ".lock"
    }


def _no_space(*_: object) -> NoReturn:
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


async def test_a_full_disk_shows_a_notice_and_changes_nothing(
    store: Store, make_app, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ada = add(store, "Ada Lovelace", company="Engines")
    add(store, "Bo Chen")
    store.log(ada.id, Kind.CALL, "engines")
    app = make_app(store)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await wait_until(pilot, lambda: "Ada Lovelace" in screen_text(app))
        before = _every_file(data_dir)
        monkeypatch.setattr(os, "fsync", _no_space)
        await pilot.press("L")  # move Ada to Talked
        await wait_until(pilot, lambda: "Not saved" in screen_text(app))
        text = screen_text(app)
        assert "No space left on device" in text or "disk is full" in text
        # The board shows the data as it is: Ada's card still in Met, nobody in Talked
        # (read once the notice, which names the data directory and so may cover the
        # top cards, is gone).
        app.clear_notifications()
        await wait_until(pilot, lambda: "Not saved" not in screen_text(app))
        text = screen_text(app)
        columns = [line.split("▏") for line in text.splitlines() if line.count("▏") == 3]
        assert columns[0][:2] == [" Met (2)            ", " Talked (0)        "]
        columns = columns[1:]  # the cards under the column titles
        assert any("Ada Lovelace" in row[0] for row in columns)
        assert not any(row[1].strip() for row in columns)
        await pilot.press("i", *"coffee", "ctrl+s")  # log
        await pilot.press("a", *"Cy Twombly", "ctrl+s")  # add
        await pilot.press("s", "2")  # snooze a week
        for _ in range(3):
            await pilot.pause()
        app.theme = "nord" if app.theme != "nord" else "gruvbox"  # saved into the config
        await wait_until(pilot, lambda: "Theme not saved" in screen_text(app))
        # Still usable: the keys move the selection, and nothing became undoable.
        await pilot.press("escape", "j")
        await wait_until(pilot, lambda: screen_text(app).splitlines()[-2].strip() == "Bo Chen")
        assert not app.session.history.can_undo
        assert "Cy Twombly" not in screen_text(app)
        monkeypatch.undo()
        assert _every_file(data_dir) == before
        assert app.is_running
    reopened = Store(data_dir)
    assert {c.name: c.stage for c in reopened.contacts()} == {"Ada Lovelace": Stage.MET, "Bo Chen": Stage.MET}
    assert [i.summary for i in reopened.interactions(ada.id)] == ["engines"]
    assert reopened.get(ada.id).snoozed_until is None


async def test_a_log_the_full_disk_refused_opens_again_with_what_was_typed(
    store: Store, make_app, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ada = add(store, "Ada Lovelace")
    app = make_app(store)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await wait_until(pilot, lambda: "Ada Lovelace" in screen_text(app))
        store.backup("daily")  # (the day's backup taken: the log is the only write)
        with monkeypatch.context() as full:
            full.setattr(os, "fsync", _no_space)
            await pilot.press("i", "2", *"long call about engines", "enter")
            await wait_until(pilot, lambda: "Not saved" in screen_text(app))
            await wait_until(pilot, lambda: "Log an interaction with Ada" in screen_text(app))
            form = app.screen
            assert form.query_one("#log-summary").value == "long call about engines"
            assert form.kind is Kind.CALL
            assert store.interactions(ada.id) == []
        await pilot.press("enter")  # space freed: the same log, saved
        await wait_until(pilot, lambda: bool(store.interactions(ada.id)))
        [logged] = store.interactions(ada.id)
        assert (logged.kind, logged.summary) == (Kind.CALL, "long call about engines")
