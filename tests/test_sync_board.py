"""A board open on a machine while `trustboard sync` runs in another process."""

from __future__ import annotations

import asyncio
import subprocess
from pathlib import Path

from board.model import Stage
from board.store import Store
from board.sync import engine
from tests._store_helpers import TRUSTBOARD
from tests._sync_helpers import bare_remote, machine
from tests.screen_text import screen_text


async def test_the_board_shows_what_a_sync_brought_within_two_seconds(tmp_path: Path, make_app) -> None:
    remote = bare_remote(tmp_path / "remote.git")
    a, b = machine(tmp_path, "laptop", real=True), machine(tmp_path, "server", real=True)
    ana = a.add("Ana Lima")
    engine.init(a.store, str(remote))
    engine.init(b.store, str(remote))
    b.add("Remote Rita", stage=Stage.TRUSTED)
    engine.sync(b.store)

    app = make_app(a.store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.screen.selected_contact().id == ana.id
        child = subprocess.Popen([str(TRUSTBOARD), "--data", str(a.root), "sync"],
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        await pilot.press("L")  # keystrokes while the sync runs: Ana moves on twice
        await asyncio.sleep(0.3)
        await pilot.press("L")
        while child.poll() is None:
            await asyncio.sleep(0.05)
        out, err = child.communicate()
        assert child.returncode == 0, err
        assert "from remote.git" in out
        for _ in range(20):  # within two seconds of the sync's end
            await asyncio.sleep(0.1)
            await pilot.pause()
            if "Remote Rita" in screen_text(app):
                break
        text = screen_text(app)
        assert "Remote Rita" in text and "Trusted (1)" in text and "Gave value (1)" in text
    stored = Store(a.root)
    assert stored.get(ana.id).stage == Stage.GAVE_VALUE  # no keystroke was lost
    engine.sync(a.store)
    engine.sync(b.store)
    assert b.store.get(ana.id).stage == Stage.GAVE_VALUE


def test_refresh_reports_another_process_change_that_a_local_change_read_first(tmp_path: Path) -> None:
    """The board redraws on `refresh()`; a transaction of its own that happened to read
    another process's change first (a keystroke right after a sync) must not hide it."""
    board, elsewhere = machine(tmp_path, "laptop", real=True), Store(tmp_path / "laptop")
    ana = board.add("Ana Lima")
    board.store.contacts()
    assert board.store.refresh() is False
    rita = elsewhere.add_contact(board.store.get(ana.id).copy(id="f" * 32, name="Remote Rita")).contact
    board.store.move(ana.id, Stage.TALKED)  # its transaction reads Rita's shard
    assert board.store.refresh() is True
    assert rita.id in {c.id for c in board.store.contacts()}
    assert board.store.refresh() is False
