"""A board open on a machine while `trustboard sync` runs in another process."""

from __future__ import annotations

import subprocess
from pathlib import Path

from board.config import Config, load_config
from board.model import Stage
from board.store import Store
from board.sync import engine
from tests.helpers import (
    TRUSTBOARD,
    Machine,
    bare_remote,
    machine,
    notices,
    palette_choice,
    screen_text,
    wait_until,
)


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
        await wait_until(pilot, lambda: "Talked (1)" in screen_text(app))
        await pilot.press("L")
        await wait_until(pilot, lambda: child.poll() is not None, timeout=60)
        out, err = child.communicate()
        assert child.returncode == 0, err
        assert "from remote.git" in out
        # Within two seconds of the sync's end (the board polls the store every second).
        await wait_until(pilot, lambda: "Remote Rita" in screen_text(app), timeout=2.5)
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


# --- the board's own syncs: Sync now, [sync] auto, the header -----------------------


def _synced_pair(tmp_path: Path) -> tuple[Machine, Machine]:
    """A laptop and a server synced through a bare remote; the server then adds Rita."""
    remote = bare_remote(tmp_path / "remote.git")
    a, b = machine(tmp_path, "laptop", real=True), machine(tmp_path, "server", real=True)
    a.add("Ana Lima")
    engine.init(a.store, str(remote), machine="laptop")
    engine.init(b.store, str(remote), machine="server")
    b.add("Remote Rita", stage=Stage.TRUSTED)
    engine.sync(b.store)
    return a, b


def _auto(tmp_path: Path) -> Config:
    path = tmp_path / "config" / "auto.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("[sync]\nauto = true\n")
    return load_config(path)


async def test_sync_now_from_the_palette_is_one_undo_step(tmp_path: Path, make_app) -> None:
    a, _ = _synced_pair(tmp_path)
    app = make_app(a.store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert "Remote Rita" not in screen_text(app)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Sync now")
        await wait_until(pilot, lambda: palette_choice(app).startswith("Sync now"))
        await pilot.press("enter")
        # The board may poll Rita in from disk before the sync's own report arrives: wait for both.
        await wait_until(pilot, lambda: "Remote Rita" in screen_text(app) and "from remote.git" in notices(app))
        assert "1 contact from remote.git" in notices(app)
        assert "synced just now" in screen_text(app).splitlines()[0]
        await pilot.press("u")
        await wait_until(pilot, lambda: "Remote Rita" not in screen_text(app))
        assert "Undid: synced with remote.git" in notices(app)
    assert "Remote Rita" not in {c.name for c in Store(a.root).contacts()}


async def test_sync_now_on_a_store_that_does_not_sync_says_how(tmp_path: Path, make_app) -> None:
    a = machine(tmp_path, "laptop", real=True)
    a.add("Ana Lima")
    app = make_app(a.store)
    async with app.run_test(size=(100, 30)) as pilot:
        app.syncing.sync_now()
        await pilot.pause()
        assert "run `trustboard sync init REMOTE`" in notices(app)
        assert "synced" not in screen_text(app).splitlines()[0]


async def test_auto_sync_at_start_and_at_quit(tmp_path: Path, make_app) -> None:
    a, b = _synced_pair(tmp_path)
    app = make_app(a.store, _auto(tmp_path))
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: "Remote Rita" in screen_text(app))  # no key pressed
        assert app.screen.selected_contact().name == "Ana Lima"
        await pilot.press("L")  # Met → Talked, here only
        await pilot.pause()
        await pilot.press("q")  # syncs the move first, then quits
        assert "Syncing before quitting" in notices(app)
        await wait_until(pilot, lambda: app.return_code is not None, timeout=10)
    engine.sync(b.store)
    assert b.store.find("Ana Lima").stage == Stage.TALKED  # it reached the other machine


async def test_the_header_says_when_the_last_sync_was(tmp_path: Path, make_app) -> None:
    from datetime import timedelta

    from board.sync.settings import load_settings, save_settings

    a, _ = _synced_pair(tmp_path)
    settings = load_settings(a.root)
    assert settings is not None and settings.last_at is not None
    settings.last_at -= timedelta(minutes=7)  # as if a cron job synced seven minutes ago
    save_settings(settings)
    app = make_app(a.store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "synced 7 min ago" in screen_text(app).splitlines()[0]
