"""A `sync init` that fails leaves nothing in the way of the next one: not its lock
file, not a half-made clone, not a directory `--data` then refuses (QA C8)."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from tests.helpers import TRUSTBOARD, bare_remote, git, run_cli

pytestmark = pytest.mark.slow


def _junk_remote(path: Path) -> Path:
    """A git remote holding something that is not trustboard data."""
    bare_remote(path)
    work = path.parent / "junk-work"
    git("clone", "-q", str(path), str(work), cwd=path.parent)
    (work / "README").write_text("hello\n", "utf-8")
    git("add", "README", cwd=work)
    git("-c", "user.name=x", "-c", "user.email=x@x.invalid", "commit", "-qm", "x", cwd=work)
    git("push", "-q", "origin", "HEAD", cwd=work)
    return path


@pytest.mark.parametrize("fresh", [True, False], ids=["new data dir", "existing store"])
def test_a_failed_sync_init_does_not_block_the_next(tmp_path: Path, fresh: bool) -> None:
    root = tmp_path / "data"
    if not fresh:
        assert run_cli("add", "Ana Lima", data=root).returncode == 0
    for bad in (tmp_path / "missing.git", _junk_remote(tmp_path / "junk.git")):
        failed = run_cli("sync", "init", str(bad), data=root)
        assert failed.returncode == 1
        assert failed.stderr.startswith("error: ") and len(failed.stderr.splitlines()) == 1
        assert not (root / "sync").exists()  # no half-made clone left behind
    good = bare_remote(tmp_path / "good.git")
    done = run_cli("sync", "init", str(good), data=root)
    assert done.returncode == 0, done.stderr
    assert run_cli("sync", data=root).returncode == 0
    assert run_cli("list", data=root).returncode == 0


def test_a_sync_init_killed_mid_fetch_does_not_block_the_next(tmp_path: Path) -> None:
    root = tmp_path / "data"
    assert run_cli("add", "Ana Lima", data=root).returncode == 0
    slow = {**os.environ, "GIT_SSH_COMMAND": "sleep 30;:"}  # an SSH remote that never answers
    started = subprocess.Popen(
        [str(TRUSTBOARD), "--data", str(root), "sync", "init", "ssh://nohost.invalid/x.git"],
        env=slow, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )
    deadline = time.monotonic() + 20
    while not (root / "sync" / ".git").exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.3)
    os.killpg(started.pid, signal.SIGKILL)  # trustboard, its git and the stuck ssh
    started.wait()
    done = run_cli("sync", "init", str(bare_remote(tmp_path / "good.git")), data=root, timeout=90)
    assert done.returncode == 0, done.stderr
    assert "sent 1 contact" in done.stdout


def test_a_first_sync_init_that_fails_inside_its_lock_leaves_no_file(tmp_path: Path, monkeypatch) -> None:
    """A git failure in the new clone (a full disk, say) happens while the sync lock is
    held: the store is then left exactly as it was, its lock file not created."""
    from board.store import Store
    from board.sync import engine
    from board.sync.clone import Clone
    from board.sync.git import GitFailed

    store = Store(tmp_path / "data")
    store.refresh()
    before = sorted(p.name for p in store.root.iterdir())
    remote = bare_remote(tmp_path / "remote.git")

    def no_space(self, remote: str) -> None:
        raise GitFailed(("init",), 128, b"", b"fatal: write error: No space left on device")

    monkeypatch.setattr(Clone, "create", no_space)
    with pytest.raises(engine.SyncError, match="the disk is full"):
        engine.init(store, str(remote), machine="here")
    assert sorted(p.name for p in store.root.iterdir()) == before
