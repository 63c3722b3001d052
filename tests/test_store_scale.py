"""At 30,000 contacts one change rewrites one small file, never everything (SPEC §10)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import board.store.files as store_files
from bench.generate import make_network
from board.model import Kind, Stage
from board.store import CONTACTS, INTERACTIONS, JOURNAL_FILE, Store, shard_of
from board.store import rel as _rel
from tests.helpers import run_cli

pytestmark = pytest.mark.slow  # 30,000 contacts built once

SIZE = 30_000


def _files(root: Path) -> dict[str, tuple[int, int, int]]:
    """(inode, size, mtime_ns) of every file but the lock and backups: a rewrite changes it."""
    out = {}
    for path in root.rglob("*"):
        rel = path.relative_to(root).as_posix()
        if path.is_file() and rel != ".lock" and not rel.startswith("backups/"):
            st = path.stat()
            out[rel] = (st.st_ino, st.st_size, st.st_mtime_ns)
    return out


def _changed(before: dict, after: dict) -> set[str]:
    return {rel for rel in before.keys() | after.keys() if before.get(rel) != after.get(rel)}


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("scale") / "data"
    store = Store(root)
    people, talks = make_network(SIZE, 1, seed=3)
    with store.transaction("generated", record=False, backup=False) as txn:
        txn.put_many(people, talks, touch=False)
    for path in root.rglob("*.json"):  # as if written a while ago (past the racy window)
        os.utime(path, ns=(10**18, 10**18))
    store.refresh()  # as the board does each second: it sees the files as they are now
    store.backup("daily")
    store.move(people[-1].id, Stage.TALKED)  # the first write also records the name index
    assert (root / "index.json").exists()
    store.close()
    return root


class Meter:
    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.written: dict[str, int] = {}
        real = store_files.write_atomic

        def counting(path: Path, payload: bytes, **kw: object) -> os.stat_result:
            self.written[path.name if path.name == JOURNAL_FILE else
                         path.relative_to(path.parent.parent).as_posix()] = len(payload)
            return real(path, payload, **kw)  # type: ignore[arg-type]

        real_temp = store_files.write_temp

        def counting_temp(path: Path, payload: bytes) -> Path:  # a new shard of a multi-file change
            self.written[path.relative_to(path.parent.parent).as_posix()] = len(payload)
            return real_temp(path, payload)

        monkeypatch.setattr(store_files, "write_atomic", counting)
        monkeypatch.setattr(store_files, "write_temp", counting_temp)


def test_moving_a_card_rewrites_only_its_small_shard(big: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = Store(big)
    someone = store.find(next(c for c in store.contacts()[1234:] if c.stage != Stage.TRUSTED).id)
    total = sum(size for _, size, _ in _files(big).values())
    meter = Meter(monkeypatch)
    before = _files(big)
    store.move(someone.id, Stage.TRUSTED)
    after = _files(big)
    shard = _rel(CONTACTS, shard_of(someone.id))
    assert _changed(before, after) == {shard}
    assert set(meter.written) == {shard}
    assert meter.written[shard] == after[shard][1] < total / 100
    assert Store(big).get(someone.id).stage == Stage.TRUSTED


def test_logging_touches_only_the_contacts_two_shards(big: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = Store(big)
    someone = store.find(store.contacts()[4321].id)
    total = sum(size for _, size, _ in _files(big).values())
    meter = Meter(monkeypatch)
    before = _files(big)
    store.log(someone.id, Kind.CALL, "checked in")
    after = _files(big)
    shards = {_rel(CONTACTS, shard_of(someone.id)), _rel(INTERACTIONS, shard_of(someone.id))}
    assert _changed(before, after) == shards
    assert set(meter.written) == shards | {JOURNAL_FILE}
    assert not (big / JOURNAL_FILE).exists()
    assert sum(meter.written.values()) < 2 * total / 100


def test_the_cli_resolves_and_moves_without_rewriting_anything_else(big: Path) -> None:
    store = Store(big)
    someone = next(c for c in store.contacts()[777:] if c.stage != Stage.GAVE_VALUE)
    store.close()
    before = _files(big)
    result = run_cli("move", someone.id[:12], "gave value", data=big)
    assert result.returncode == 0, result.stderr
    after = _files(big)
    assert _changed(before, after) == {_rel(CONTACTS, shard_of(someone.id))}
    assert Store(big).get(someone.id).stage == Stage.GAVE_VALUE
