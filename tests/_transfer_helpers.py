"""Helpers for the import/export tests: fixture paths, running the CLI, snapshots of data."""

from __future__ import annotations

import hashlib
from pathlib import Path

import orjson
import pytest

from board.cli import main
from board.exporters import export_data
from board.store import Store

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def fixture(rel: str) -> Path:
    path = FIXTURES / rel
    assert path.exists(), f"missing fixture {rel}"
    return path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Run `trustboard ARGS` in-process; (exit code, stdout, stderr)."""
    with pytest.raises(SystemExit) as done:
        main([str(a) for a in args])
    out, err = capsys.readouterr()
    return done.value.code, out, err


def data_files(root: Path) -> dict[str, str]:
    """sha256 of every data file (not the lock, not backups): equal means byte-for-byte equal."""
    found: dict[str, str] = {}
    if not root.exists():
        return found
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if path.is_dir() or rel == ".lock" or rel.startswith("backups/"):
            continue
        found[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def network_json(store: Store) -> dict:
    """The JSON export as data, without its export time (for before/after comparisons)."""
    document = orjson.loads(export_data(store, "json"))
    document.pop("exported_at")
    return document


def by_name(store: Store) -> dict:
    """Every contact (archived too) by name; fails if two share a name."""
    contacts = store.contacts(archived=None)
    named = {c.name: c for c in contacts}
    assert len(named) == len(contacts), "duplicate names in the store"
    return named
