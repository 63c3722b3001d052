"""A full disk (issue 11 §5): a command that fails changes nothing, now or later.

The data directory lives on a small tmpfs filled to leave 4 KB and then 8 KB. Every
command that fails must leave every file byte-identical (backups included), nothing
may be applied by a later command, and a retry once space is freed stores the change
exactly once. Mounting needs root (as in CI); elsewhere the test is skipped, saying why.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import orjson
import pytest

from board.store import Store
from tests.helpers import person, run_cli

pytestmark = pytest.mark.slow
T0 = datetime(2026, 1, 5, 9, 0).astimezone()


def _all_files(root: Path) -> dict[str, str]:
    """sha256 of every file under the data directory, backups included (not the lock)."""
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*")) if p.is_file() and p.name != ".lock"
    }


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m,mode=0700", "tmpfs", str(mount)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here (it needs root): {done.stderr.strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def _leave(mount: Path, free: int) -> Path:
    """Fill the disk, then free exactly `free` bytes; the filler file."""
    filler = mount / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    try:
        for chunk in (1 << 20, 65536, 4096):
            try:
                while True:
                    os.write(fd, b"\0" * chunk)
            except OSError:
                pass
    finally:
        os.close(fd)
    size = filler.stat().st_size
    os.truncate(filler, max(0, size - free))
    st = os.statvfs(mount)
    assert st.f_bavail * st.f_frsize == free, st
    return filler


def _board(root: Path) -> None:
    store = Store(root)
    for n in range(12):
        store.add_contact(person(f"Person {n:02d}", at=T0, notes="x" * 900))
    for _ in range(5):  # five before-import backups: a failed import must not rotate one away
        store.backup("before-import")
    store.backup("daily")  # today's: so a write need not make one
    store.close()


def _summaries(root: Path) -> list[str]:
    shown = orjson.loads(run_cli("show", "Person 03", "--json", data=root).stdout)
    return [i["summary"] for i in shown["interactions"]]


@pytest.mark.parametrize("free", [4096, 8192])
def test_every_command_that_fails_on_a_full_disk_changes_nothing_now_or_later(
    small_disk: Path, tmp_path: Path, free: int
) -> None:
    root = small_disk / "data"
    _board(root)
    people = tmp_path / "people.csv"
    people.write_text("name,notes\n" + "".join(f"New {n},{'y' * 300}\n" for n in range(30)), "utf-8")
    commands = {
        "log": ("log", "Person 03", "--kind", "call", "the disk was full"),
        "add": ("add", "Newcomer", "--note", "z" * 3000),
        "move": ("move", "Person 04", "talked"),
        "import": ("import", "csv", str(people)),
        "log many": ("log", "Person 05", "--kind", "note", "v" * 6000),
    }
    filler = _leave(small_disk, free)
    failed = []
    for name, args in commands.items():
        before = _all_files(root)
        result = run_cli(*args, data=root)
        if result.returncode == 0:
            continue  # it fitted: fine
        failed.append(name)
        assert result.returncode == 1, (name, result.stderr)
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("error: "), (name, lines)
        assert lines[0].startswith("error: the disk is full"), lines[0]
        assert "nothing was changed" in lines[0], lines[0]
        assert _all_files(root) == before, f"{name} left the store changed"
        assert not (root / "journal.json").exists()
    assert "log" in failed and "import" in failed, failed
    listing = run_cli("list", data=root)  # still readable on the full disk
    assert listing.returncode == 0 and "Person 03" in listing.stdout
    filler.unlink()  # space again
    assert "the disk was full" not in _summaries(root)  # nothing applied later
    backups = sorted(p.name for p in (root / "backups").iterdir())
    assert sum(n.endswith("-before-import") for n in backups) == 5  # none rotated away
    for name in failed:
        result = run_cli(*commands[name], data=root)
        assert result.returncode == 0, (name, result.stderr)
    assert _summaries(root).count("the disk was full") == 1  # the retry stored it once
    assert run_cli("check", data=root).returncode == 0


def test_a_migration_and_a_restore_on_a_full_disk_change_nothing(small_disk: Path) -> None:
    root = small_disk / "data"
    _board(root)
    store = Store(root)
    kept = store.backup("daily")
    store.move(store.find("Person 01").id, __import__("board.model", fromlist=["Stage"]).Stage.TRUSTED)
    store.close()
    # An older store: schema 1 (the migration rewrites every shard in the new form).
    for path in [*(root / "contacts").glob("*.json"), *(root / "interactions").glob("*.json")]:
        data = orjson.loads(path.read_bytes())
        for doc in next(iter(data.values())).values():
            for key in ("nickname", "birthday", "introduced_by", "reminder", "reconnect_on",
                        "stage_history", "name_parts", "direction", "linked_to", "resource_id"):
                doc.pop(key, None)
        path.write_bytes(orjson.dumps(data))
    (root / "meta.json").write_bytes(b'{"_meta": {"schema": {"schema_version": 1}}}')
    filler = _leave(small_disk, 8192)
    for args in (("list",), ("restore", kept.name, "--yes")):
        before = _all_files(root)
        result = run_cli(*args, data=root)
        assert result.returncode == 1, (args, result.stdout)
        assert "the disk is full" in result.stderr and "nothing was changed" in result.stderr, result.stderr
        assert _all_files(root) == before, args
        assert not (root / "journal.json").exists()
    filler.unlink()
    assert run_cli("list", data=root).returncode == 0  # migrates now there is room
    assert orjson.loads((root / "meta.json").read_bytes())["_meta"]["schema"]["schema_version"] == 2
    done = run_cli("restore", kept.name, "--yes", data=root)
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("there", [False, True])
def test_a_new_board_that_the_full_disk_refuses_leaves_nothing_behind(small_disk: Path, there: bool) -> None:
    """The first command on a disk with no room at all: the store cannot be set up, so the
    directory is left as it was (absent, or empty), not a store without its meta.json that
    `check` then reports broken."""
    root = small_disk / "board"
    if there:
        root.mkdir()
    _leave(small_disk, 0)
    result = run_cli("add", "Ada Lovelace", data=root)
    assert result.returncode == 1
    assert result.stderr.startswith("error: the disk is full") and result.stderr.count("\n") == 1
    assert (sorted(os.listdir(root)) == []) if there else not root.exists()
