"""A full disk at every write point of a command (OSError ENOSPC simulated at the Nth
fsync, rename, replace or hard link): one `error:` line saying the disk is full, exit 1, and
every file as it was, backups included. Needs no root (tests/test_full_disk.py uses a
real small tmpfs where it can mount one)."""

from __future__ import annotations

import errno
import hashlib
import os
import stat
from pathlib import Path

import pytest

from board.store import Store
from tests.helpers import add, run


def _all_files(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file() and p.name not in (".lock", ".sync.lock")}


class Full:
    """Makes the Nth call of `os.<name>` fail as a full disk does."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, name: str, n: int) -> None:
        self.calls, self.n, self.name, self.real = 0, n, name, getattr(os, name)
        monkeypatch.setattr(os, name, self)

    def __call__(self, *args, **kwargs):
        if self.name == "fsync" and not stat.S_ISREG(os.fstat(args[0]).st_mode):
            # a directory's fsync after a rename allocates nothing: a full disk fails the
            # file writes (their fsync), not these (the tmpfs test sees the real ones)
            return self.real(*args, **kwargs)
        self.calls += 1
        if self.calls == self.n:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return self.real(*args, **kwargs)


COMMANDS = {
    "log (and the day's first backup)": ("log", "ana", "--kind", "call", "the disk was full"),
    "add": ("add", "Newcomer", "--note", "hello"),
    "edit": ("edit", "ana", "--company", "Acme"),
    "resource add": ("resource", "add", "Guide", "https://guide.example/g"),
}


@pytest.mark.parametrize("call", ["fsync", "replace", "rename", "link"])
@pytest.mark.parametrize("command", list(COMMANDS))
def test_a_full_disk_at_each_write_point_is_one_line_and_changes_nothing(
    capsys, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str, call: str
) -> None:
    root = tmp_path / "data"
    add(Store(root), "Ana Lima")
    if "backup" not in command:
        assert run(capsys, "--data", root, "log", "ana", "warm-up: today's backup")[0] == 0
    failed = 0
    for n in range(1, 200):
        before = _all_files(root)
        with monkeypatch.context() as patch:
            Full(patch, call, n)
            code, out, err = run(capsys, "--data", root, *COMMANDS[command])
        if code == 0:
            break
        failed += 1
        lines = err.splitlines()
        assert code == 1 and len(lines) == 1, (n, err)
        if "will be completed the next time" in lines[0]:  # failed after the journal was whole
            assert "No space left on device" in lines[0]
            assert (root / "journal.json").exists()
            assert run(capsys, "--data", root, "list")[0] == 0  # completes it, once
            assert not (root / "journal.json").exists()
            break
        assert lines[0].startswith("error: the disk is full"), (n, lines[0])
        assert "nothing was changed; free some space and try again" in lines[0]
        assert _all_files(root) == before, f"the failure at {call} #{n} changed the store"
    else:
        pytest.fail("the command never succeeded")
    if call == "fsync":
        assert failed > 0  # the simulation reached the command's writes
    assert run(capsys, "--data", root, "check")[0] == 0


@pytest.mark.parametrize("call", ["fsync", "replace"])
def test_an_export_to_a_full_disk_says_so_and_leaves_the_older_file(
    capsys, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, call: str
) -> None:
    root, target = tmp_path / "data", tmp_path / "network.json"
    add(Store(root), "Ana Lima")
    target.write_text("an older export\n")
    before = _all_files(root)
    with monkeypatch.context() as patch:
        Full(patch, call, 1)
        code, _out, err = run(capsys, "--data", root, "export", "--format", "json", "-o", target)
    assert code == 1 and err.splitlines() == [
        f"error: the disk is full: {target} was not written (nothing was changed); "
        "free some space and try again"
    ]
    assert target.read_text() == "an older export\n"
    assert _all_files(root) == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".network")] == []
