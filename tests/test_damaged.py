"""Damaged files: every command refuses with one clear line, and nothing is changed or "fixed".

Contact shards, meta.json and the journal are checked by every command (`list`, `add`,
`log`). An interaction shard is read by the commands that need it (`log` and `show` of
a contact in it, stats, export) and by the daily backup, not by `list` or `add`: a board
of 300,000 interactions does not parse them all to list names.
"""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

import pytest

from board.model import Contact, Kind, new_id
from board.store import CONTACTS, INTERACTIONS, JOURNAL_FILE, Store, shard_of
from board.store import rel as _rel
from tests.helpers import data_files, run_cli

COMMANDS = {
    "list": ("list",),
    "add": ("add", "Grace Hopper", "--company", "Navy"),
    "log": ("log", "Ada Lovelace", "--kind", "call", "talked about engines"),
}


def _board(root: Path, *, backup: bool = True) -> tuple[Store, Contact]:
    """Ada (with one interaction) and a dozen colleagues; a backup of them unless told."""
    store = Store(root)
    ada = store.add_contact(Contact(id=new_id(), name="Ada Lovelace", company="Engines")).contact
    for n in range(12):
        store.add_contact(Contact(id=new_id(), name=f"Colleague {n}"))
    store.log(ada.id, Kind.MEETING, "coffee", at=datetime(2026, 1, 5, 10, 0).astimezone())
    if backup:
        store.backup("daily")
    return store, ada


KINDS = ("truncated", "not json", "wrong shape", "missing name", "newer schema", "journal")


def _damage(root: Path, ada: Contact, kind: str) -> tuple[Path, str]:
    """Damage one file as `kind` says: the file, and what the refusal then says about it."""
    contacts = root / _rel(CONTACTS, shard_of(ada.id))
    if kind == "truncated":
        contacts.write_bytes(contacts.read_bytes()[: contacts.stat().st_size // 2])
        return contacts, "not valid JSON"
    if kind == "not json":
        contacts.write_bytes(b"this is not JSON at all\n")
        return contacts, "not valid JSON"
    if kind == "wrong shape":
        contacts.write_bytes(b'{"contacts": {"' + ada.id.encode() + b'": ["Ada", "met"]}}')
        return contacts, "not an object"
    if kind == "missing name":
        contacts.write_bytes(b'{"contacts": {"' + ada.id.encode() + b'": {"id": "' + ada.id.encode()
                             + b'", "stage": "met"}}}')
        return contacts, "has no name"
    if kind == "newer schema":
        meta = root / "meta.json"
        meta.write_bytes(b'{"_meta": {"schema": {"schema_version": 7}}}')
        return meta, "newer trustboard"
    if kind == "journal":
        journal = root / JOURNAL_FILE
        journal.write_bytes(b'{"files": {"contacts/00.json": {"contacts": {')
        return journal, "unfinished change"
    raise AssertionError(kind)


@pytest.mark.parametrize("kind", KINDS)
def test_every_command_refuses_a_damaged_file(tmp_path: Path, kind: str) -> None:
    root = tmp_path / "data"
    store, ada = _board(root)
    store.close()
    damaged, reason = _damage(root, ada, kind)
    before = data_files(root)
    damaged_bytes = damaged.read_bytes()
    backups_before = sorted(p.name for p in (root / "backups").iterdir())
    for name, args in COMMANDS.items():
        result = run_cli(*args, data=root)
        assert result.returncode == 1, (name, result.stdout, result.stderr)
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("error: "), (name, result.stderr)
        message = lines[0]
        assert str(damaged) in message, (name, message)
        assert reason in message, (name, message)
        assert "Traceback" not in result.stderr
        newest = root / "backups" / backups_before[-1]
        assert str(newest) in message, (name, message)  # names the newest good backup
        assert damaged.read_bytes() == damaged_bytes
        assert data_files(root) == before, name
    assert sorted(p.name for p in (root / "backups").iterdir()) == backups_before


def test_without_a_backup_the_message_says_so(tmp_path: Path) -> None:
    root = tmp_path / "data"
    store, ada = _board(root, backup=False)
    store.close()
    shutil.rmtree(root / "backups")  # the day's automatic one too
    damaged, _ = _damage(root, ada, "truncated")
    before = data_files(root)
    result = run_cli("list", data=root)
    assert result.returncode == 1
    assert result.stderr.startswith(f"error: {damaged} cannot be read")
    assert "no good backup of it exists, so repair it or move it aside" in result.stderr
    assert data_files(root) == before


def test_a_damaged_backup_is_skipped_for_an_older_good_one(tmp_path: Path) -> None:
    root = tmp_path / "data"
    store, ada = _board(root)
    older = sorted((root / "backups").iterdir())[-1]
    store.move(ada.id, store.get(ada.id).stage.next)  # type: ignore[arg-type]
    newer = store.backup("before-import")
    rel = _rel(CONTACTS, shard_of(ada.id))
    (newer / rel).write_bytes(b"{broken")
    store.close()
    damaged, _ = _damage(root, ada, "not json")
    result = run_cli("list", data=root)
    assert result.returncode == 1
    assert str(older / rel) in result.stderr and str(newer) not in result.stderr
    assert damaged.read_bytes() == b"this is not JSON at all\n"


def test_a_damaged_interaction_shard_stops_the_commands_that_read_it(tmp_path: Path) -> None:
    root = tmp_path / "data"
    store, ada = _board(root)
    store.close()
    damaged = root / _rel(INTERACTIONS, shard_of(ada.id))
    damaged.write_bytes(damaged.read_bytes()[:-9])
    before = data_files(root)
    for args in (COMMANDS["log"], ("show", "Ada Lovelace"), ("show", "Ada Lovelace", "--json")):
        result = run_cli(*args, data=root)
        assert result.returncode == 1, args
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith(f"error: {damaged} cannot be read"), lines
        assert "backups" in lines[0]
        assert data_files(root) == before
    # Listing names does not need interactions, and still works.
    listed = run_cli("list", data=root)
    assert listed.returncode == 0 and "Ada Lovelace" in listed.stdout
