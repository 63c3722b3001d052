"""`trustboard check`, `backups` and `restore` (issue 11): find damage, list backups, bring one back."""

from __future__ import annotations

import os
import signal
from datetime import UTC, datetime
from pathlib import Path

import orjson
import pytest

from board.model import Kind, Resource, Stage, new_id
from board.store import CONTACTS, INTERACTIONS, Store, rel, shard_of
from board.store.maintenance import check, list_backups, restore
from tests.helpers import data_files, die_at_rename, person, run_cli

T0 = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


def _board(root: Path) -> tuple[Store, list[str]]:
    store = Store(root)
    ids = []
    for n, name in enumerate(["Ada Lovelace", "Bo Chen", "Cy Park", "Di Mora"]):
        c = store.add_contact(person(name, at=T0)).contact
        store.log(c.id, Kind.CALL, f"call {n}", at=T0)
        ids.append(c.id)
    store.add_resource(Resource(id=new_id(), title="Launch checklist", url="https://example.com"))
    return store, ids


def _stdout_lines(result) -> list[str]:
    return [line for line in result.stdout.splitlines() if line]


def test_a_healthy_store_checks_clean(tmp_path: Path) -> None:
    store, _ = _board(tmp_path / "data")
    store.backup("daily")
    before = data_files(store.root)
    result = run_cli("check", data=store.root)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("ok: 4 contacts, 4 interactions, 1 resource and ")
    assert result.stderr == ""
    assert data_files(store.root) == before


def test_check_finds_a_garbled_shard_an_orphan_a_bad_clock_and_a_damaged_backup(tmp_path: Path) -> None:
    store, (ada, bo, cy, _di) = _board(tmp_path / "data")
    for path in store.root.rglob("*.json"):
        os.utime(path, ns=(10**18, 10**18))  # old enough for backups to share the unchanged files
    store.backup("daily")
    older = store.backup("before-import")
    # 1. a same-size garbled contact shard (not valid JSON any more)
    shard = store.root / rel(CONTACTS, shard_of(ada))
    raw = shard.read_bytes()
    shard.write_bytes(raw.replace(b'"name":', b'"name"!', 1))
    assert len(shard.read_bytes()) == len(raw)
    # 2. an interaction whose contact is missing
    orphan = {"id": "f" * 32, "contact_id": "0" * 32, "at": T0.isoformat(), "kind": "note",
              "summary": "lost", "value": None, "direction": "out", "linked_to": None, "resource_id": None}
    talks = store.root / rel(INTERACTIONS, shard_of("0" * 32))
    data = orjson.loads(talks.read_bytes()) if talks.exists() else {INTERACTIONS: {}}
    data[INTERACTIONS][orphan["id"]] = orphan
    talks.write_bytes(orjson.dumps(data))
    # 3. a last_interaction_at that disagrees with the interactions
    cy_shard = store.root / rel(CONTACTS, shard_of(cy))
    cy_data = orjson.loads(cy_shard.read_bytes())
    cy_data[CONTACTS][cy]["last_interaction_at"] = "2020-01-01T00:00:00+00:00"
    cy_shard.write_bytes(orjson.dumps(cy_data))
    # 4. a damaged backup: one byte of a copy changed
    copy = older / rel(CONTACTS, shard_of(bo))
    body = bytearray(copy.read_bytes())
    body[-3] = ord("X") if body[-3] != ord("X") else ord("Y")
    copy.write_bytes(bytes(body))

    result = run_cli("check", data=store.root)
    assert result.returncode == 1
    lines = _stdout_lines(result)
    assert any(line.startswith(f"{shard}: damaged: it is not valid JSON") for line in lines), lines
    assert any(line.startswith(f"{talks}:") and "which does not exist" in line for line in lines), lines
    assert any(line.startswith(f"{cy_shard}:") and "last_interaction_at" in line for line in lines), lines
    assert any(line.startswith(f"{copy}: damaged") for line in lines), lines
    assert len(result.stderr.strip().splitlines()) == 1 and result.stderr.startswith("error: check found")
    assert check(store.root).problems == lines  # the same through the API


def test_check_never_opens_creates_or_changes_anything(tmp_path: Path) -> None:
    missing = tmp_path / "nothing-here"
    result = run_cli("check", data=missing)
    assert result.returncode == 1 and "holds no trustboard data" in result.stderr
    assert not missing.exists()
    store, (ada, *_rest) = _board(tmp_path / "data")
    (store.root / "meta.json").write_bytes(b"{garbage")  # a store that cannot even open
    before = data_files(store.root)
    result = run_cli("check", data=store.root)
    assert result.returncode == 1 and "meta.json: damaged" in result.stdout
    assert data_files(store.root) == before


def test_backups_are_listed_newest_first_with_what_they_hold(tmp_path: Path) -> None:
    store, (ada, *_rest) = _board(tmp_path / "data")
    first = store.backup("daily")
    store.move(ada, Stage.TALKED)
    second = store.backup("before-import")
    result = run_cli("backups", data=store.root)
    assert result.returncode == 0, result.stderr
    lines = _stdout_lines(result)
    assert lines[0].split() == ["BACKUP", "WHEN", "WHY", "CONTACTS", "INTERACTIONS", "VERIFIES"]
    assert lines[1].startswith(second.name) and "before import" in lines[1] and lines[1].endswith("yes")
    assert lines[2].startswith(first.name) and " daily " in lines[2]
    listed = orjson.loads(run_cli("backups", "--json", data=store.root).stdout)
    assert [(b["name"], b["contacts"], b["interactions"], b["verifies"]) for b in listed][:2] == [
        (second.name, 4, 4, True), (first.name, 4, 4, True),
    ]


def test_restore_latest_brings_back_the_backup_exactly(tmp_path: Path) -> None:
    store, (ada, bo, *_rest) = _board(tmp_path / "data")
    good = store.backup("daily")
    wanted = {p.relative_to(good).as_posix(): p.read_bytes() for p in good.rglob("*.json")
              if p.name != "manifest.json"}
    store.move(ada, Stage.TRUSTED)
    store.log(bo, Kind.NOTE, "after the backup")
    store.add_contact(person("Eve New", at=T0))
    (store.root / rel(CONTACTS, shard_of(bo))).write_bytes(b"{damaged")  # and then damage
    result = run_cli("restore", "latest", "--yes", data=store.root)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"Restored {good.name}: 4 contacts, 4 interactions.")
    now = {p.relative_to(store.root).as_posix(): p.read_bytes()
           for p in [store.root / "meta.json", store.root / "resources.json",
                     *(store.root / CONTACTS).glob("*.json"), *(store.root / INTERACTIONS).glob("*.json")]}
    assert now == wanted
    kept = [b for b in list_backups(store.root) if b.reason == "before-restore"]
    assert len(kept) == 1 and kept[0].problems  # the damaged state is kept, but never offered as good
    again = Store(store.root)
    assert again.get(ada).stage == Stage.MET and [c.name for c in again.contacts() if c.name == "Eve New"] == []
    healthy = run_cli("check", data=store.root)  # the kept damaged state is as found, not a problem
    assert healthy.returncode == 0, healthy.stdout


def test_restore_asks_on_a_terminal_and_refuses_without_one(tmp_path: Path) -> None:
    store, _ = _board(tmp_path / "data")
    store.backup("daily")
    before = data_files(store.root)
    result = run_cli("restore", "latest", data=store.root)  # stdin is not a terminal here
    assert result.returncode == 1 and "--yes" in result.stderr
    assert data_files(store.root) == before


def test_a_damaged_backup_is_refused(tmp_path: Path) -> None:
    store, (ada, *_rest) = _board(tmp_path / "data")
    folder = store.backup("daily")
    (folder / rel(CONTACTS, shard_of(ada))).write_bytes(b"{}")
    before = data_files(store.root)
    count = len(list_backups(store.root))
    result = run_cli("restore", folder.name[:6], "--yes", data=store.root)
    assert result.returncode == 1 and "is damaged, so it was not restored" in result.stderr
    assert data_files(store.root) == before and len(list_backups(store.root)) == count
    with pytest.raises(Exception, match="damaged"):
        restore(store.root, "latest")


def test_the_damaged_file_message_names_restore(tmp_path: Path) -> None:
    store, (ada, *_rest) = _board(tmp_path / "data")
    store.backup("daily")
    (store.root / rel(CONTACTS, shard_of(ada))).write_bytes(b"{broken")
    result = run_cli("list", data=store.root)
    assert result.returncode == 1 and "trustboard restore" in result.stderr


def test_a_store_restores_through_its_own_lock(tmp_path: Path) -> None:
    store, (ada, *_rest) = _board(tmp_path / "data")
    good = store.backup("daily")
    store.move(ada, Stage.TRUSTED)
    assert store.get(ada).stage == Stage.TRUSTED
    done = store.restore(good.name)
    assert done.backup == good
    store.refresh()
    assert store.get(ada).stage == Stage.MET


@pytest.mark.parametrize("renames_before_kill", [0, 1, 2, 5, 40])
def test_a_restore_killed_at_any_point_leaves_the_old_or_the_restored_data(
    tmp_path: Path, renames_before_kill: int
) -> None:
    store, (ada, *_rest) = _board(tmp_path / "data")
    good = store.backup("daily")
    store.move(ada, Stage.TRUSTED)
    for n in range(30):
        store.add_contact(person(f"Later {n}", at=T0))  # files the backup does not have
    later = {c.id for c in store.contacts()}
    store.close()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child is killed part-way through the restore
        try:
            die_at_rename(renames_before_kill)
            if renames_before_kill == 0:  # killed with every new file written, before the journal
                import board.store.files as module

                real_atomic = module.write_atomic

                def dying_atomic(path: Path, payload: bytes, **kw: object) -> os.stat_result:
                    if path.name == "journal.json":
                        os.kill(os.getpid(), signal.SIGKILL)
                    return real_atomic(path, payload, **kw)  # type: ignore[arg-type]

                module.write_atomic = dying_atomic  # type: ignore[assignment]
            restore(store.root, good.name)
        finally:
            os._exit(3)
    _, status = os.waitpid(pid, 0)
    assert os.WIFSIGNALED(status) == (renames_before_kill < 40)
    after = Store(store.root)
    ids = {c.id for c in after.contacts()}
    restored = {ada, *_rest}
    assert ids in (later, restored), "a mix of the old and the restored data"
    assert ids == (later if renames_before_kill == 0 else restored)
    assert run_cli("check", data=store.root).stdout.count("contacts/") == 0
