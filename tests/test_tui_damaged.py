"""The board on a store with a damaged file: one clear dialog, never a traceback.

It names the file, says nothing was changed, and offers the newest good backup (`r`,
through the store's restore, keeping the damaged state as a backup of its own) or
quitting (`q`), after which the command line prints one `error:` line saying what to run.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from board.errors import DataError
from board.model import Kind
from board.store import CONTACTS, INTERACTIONS, Store, shard_of
from board.store import rel as shard_rel
from tests.helpers import add, run, screen_text, wait_until
from widgets.dialogs.damaged import DamagedDialog


def _every_file(root: Path) -> dict[str, str]:
    """sha256 of every file, backups included (not the lock)."""
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*")) if p.is_file() and p.name != ".lock"
    }


def _damaged_board(store: Store, table: str = CONTACTS) -> Path:
    """Ada and Bo, backed up; then Cy added and Ada's shard of `table` broken."""
    ada = add(store, "Ada Lovelace", company="Engines")
    add(store, "Bo Chen")
    store.log(ada.id, Kind.CALL, "engines")
    store.backup("daily")
    add(store, "Cy Twombly")
    damaged = store.root / shard_rel(table, shard_of(ada.id))
    damaged.write_bytes(b"this is not JSON {")
    return damaged


@pytest.mark.parametrize("table", [CONTACTS, INTERACTIONS])
async def test_a_damaged_file_shows_a_dialog_and_quitting_changes_nothing(
    store: Store, make_app, data_dir: Path, table: str
) -> None:
    damaged = _damaged_board(store, table)
    before = _every_file(data_dir)
    app = make_app(Store(data_dir, clock=store.clock))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: "A data file is damaged" in screen_text(app))
        text = screen_text(app)
        assert "A data file is damaged" in text
        assert damaged.name in text and "not valid JSON" in text
        assert "Nothing has been changed." in text
        assert "r restore the backup of" in text and "2 contacts" in text
        assert "trustboard check" in text
        assert "Traceback" not in text
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 1
    assert isinstance(app.quit_damaged, DataError) and app.quit_damaged.path == damaged
    assert _every_file(data_dir) == before


async def test_r_restores_the_good_backup_and_keeps_the_damaged_state(
    store: Store, make_app, data_dir: Path
) -> None:
    _damaged_board(store)
    app = make_app(Store(data_dir, clock=store.clock))
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await wait_until(pilot, lambda: "A data file is damaged" in screen_text(app))
        await pilot.press("r")
        await wait_until(pilot, lambda: "Restored the backup" in screen_text(app))
        text = screen_text(app)
        assert "Bo Chen" in text and text.splitlines()[-2].strip() == "Ada Lovelace"
        assert "Cy Twombly" not in text  # added after the backup: kept in the before-restore one
        await pilot.press("q")
    assert app.return_code in (0, None) and app.quit_damaged is None
    reopened = Store(data_dir)
    assert sorted(c.name for c in reopened.contacts()) == ["Ada Lovelace", "Bo Chen"]
    kept = [b for b in reopened.backups() if b.reason == "before-restore"]
    assert len(kept) == 1  # the damaged state, kept: the restore can itself be undone


async def test_without_a_good_backup_only_quitting_is_offered(store: Store, make_app, data_dir: Path) -> None:
    ada = add(store, "Ada Lovelace")
    damaged = data_dir / shard_rel(CONTACTS, shard_of(ada.id))
    damaged.write_bytes(b"[1, 2")
    before = _every_file(data_dir)
    app = make_app(Store(data_dir, clock=store.clock))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: "A data file is damaged" in screen_text(app))
        assert "There is no good backup to restore." in screen_text(app)
        await pilot.press("r")  # nothing to restore: the dialog stays
        await pilot.pause()
        assert isinstance(app.screen, DamagedDialog)
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 1
    assert _every_file(data_dir) == before


def test_quitting_the_dialog_ends_with_one_error_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, store: Store, data_dir: Path
) -> None:
    damaged = _damaged_board(store)
    from widgets.app import TrustboardApp

    def quit_at_the_dialog(self: TrustboardApp) -> None:  # what `q` in the dialog leaves
        self.quit_damaged = DataError(f"{damaged} cannot be read: it is not valid JSON", path=damaged)

    monkeypatch.setattr(TrustboardApp, "run", quit_at_the_dialog)
    code, out, err = run(capsys, "--data", data_dir)
    assert code == 1 and out == ""
    [line] = err.strip().splitlines()
    assert line.startswith("error: ") and str(damaged) in line
    assert "`trustboard restore latest`" in line and "`trustboard check`" in line
