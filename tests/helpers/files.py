"""The data on disk and the CLI: fixture files, fingerprints of a data directory, running commands."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import orjson
import pytest

from board.cli import main
from board.exporters import export_data
from board.model import Contact
from board.store import Store

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
TRUSTBOARD = Path(sys.executable).parent / "trustboard"  # the installed command of this venv

_NOT_DATA = (".lock",)
_NOT_STORE = (".lock", ".sync.lock", "sync.toml")  # sync's own files beside the store's


def fixture(rel: str) -> Path:
    """A file under tests/fixtures (fails if it is missing)."""
    path = FIXTURES / rel
    assert path.exists(), f"missing fixture {rel}"
    return path


def _fingerprints(root: Path, skip: tuple[str, ...], skip_dirs: tuple[str, ...]) -> dict[str, str]:
    found: dict[str, str] = {}
    for path in sorted(root.rglob("*")):  # nothing when `root` does not exist
        rel = path.relative_to(root).as_posix()
        if path.is_dir() or rel in skip or rel.startswith(skip_dirs):
            continue
        found[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def data_files(root: Path) -> dict[str, str]:
    """sha256 of every data file (not the lock, not backups): equal means byte-for-byte equal."""
    return _fingerprints(root, _NOT_DATA, ("backups/",))


def store_files(root: Path) -> dict[str, str]:
    """`data_files` without sync's clone and settings: what "the store is unchanged" means."""
    return _fingerprints(root, _NOT_STORE, ("backups/", "sync/"))


def run_cli(*args: str, data: Path | None = None, env: dict[str, str] | None = None,
            timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """Run the installed `trustboard` with `--data` first (when given); text output."""
    argv = [str(TRUSTBOARD), *(["--data", str(data)] if data else []), *args]
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(argv, capture_output=True, text=True, env=full_env, timeout=timeout)


def run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    """Run `trustboard ARGS` in-process; (exit code, stdout, stderr) of this command alone."""
    capsys.readouterr()
    with pytest.raises(SystemExit) as done:
        main([str(a) for a in args])
    out, err = capsys.readouterr()
    return int(done.value.code or 0), out, err


def cli_on_clock(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, clock: Callable[[], datetime]) -> Path:
    """The data dir for in-process `run`s: config in tmp, every store the CLI opens on `clock`."""
    data = tmp_path / "data"
    monkeypatch.setenv("TRUSTBOARD_DATA", str(data))
    monkeypatch.setenv("TRUSTBOARD_CONFIG", str(tmp_path / "config.toml"))
    monkeypatch.setattr("board.cli.base.Store", lambda root: Store(root, clock=clock))
    return data


def die_at_rename(n: int) -> None:
    """In a forked child: SIGKILL this process right after its `n`-th `os.replace`
    (a store's renames, in order: the journal into place, then each new file)."""
    real = os.replace
    calls = 0

    def dying(source: str | Path, target: str | Path) -> None:
        nonlocal calls
        real(source, target)
        calls += 1
        if calls == n:
            os.kill(os.getpid(), signal.SIGKILL)

    os.replace = dying  # type: ignore[assignment]


def read_to_end(fd: int) -> bytes:
    """Everything a pseudo-terminal's master end still holds (the child has exited)."""
    output = b""
    while True:
        try:
            chunk = os.read(fd, 65536)
        except OSError:  # EIO once the slave side is closed and drained
            break
        if not chunk:
            break
        output += chunk
    return output


def network_json(store: Store) -> dict[str, Any]:
    """The JSON export as data, without its export time (for before/after comparisons)."""
    document: dict[str, Any] = orjson.loads(export_data(store, "json"))
    document.pop("exported_at")
    return document


def by_name(store: Store) -> dict[str, Contact]:
    """Every contact (archived too) by name; fails if two share a name."""
    contacts = store.contacts(archived=None)
    named = {c.name: c for c in contacts}
    assert len(named) == len(contacts), "duplicate names in the store"
    return named


def age_shards(root: Path) -> None:
    """Make every contact shard an hour old: only keys that are not racy are recorded."""
    old = time.time_ns() - 3600 * 10**9
    for path in (root / "contacts").glob("*.json"):
        os.utime(path, ns=(old, old))


def write_card_file(root: Path) -> None:
    """The card file as a first open leaves it: every shard recorded (made old enough first)."""
    age_shards(root)
    writer = Store(root)
    writer.cards()
    writer.save_cards()
    assert (root / "cards.json").exists()
