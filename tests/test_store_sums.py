"""A log into an interaction shard known good works on its bytes (`store/appending.py`),
known by this process or by the digests `interaction-sums.json` records (`store/sums.py`):
the files written are byte for byte a whole encoding's, a shard changed since in any way
(even under its old stat key) is parsed and checked as before, and a lost or damaged
record costs speed, never a different file."""

from __future__ import annotations

import itertools
import os
import random
import shutil
from datetime import datetime, timedelta
from pathlib import Path

import orjson
import pytest

from board.errors import DataError
from board.kinds import Kind, Stage
from board.store import Store, appending, codec
from board.store import changes as changes_module
from board.store import journal as journal_module
from board.store.files import TEMP_SUFFIX, digest
from board.store.layout import interaction_rel
from board.store.maintenance import check
from board.store.sums import SUMS_FILE
from board.store.transaction import Transaction
from tests.helpers import Clock, data_files, person, run_cli

T0 = datetime(2026, 3, 2, 9, 0).astimezone()


def records(root: Path) -> dict[str, str]:
    return {rel: fp for rel, fp in data_files(root).items() if rel.startswith(("contacts/", "interactions/"))}


def _board(root: Path) -> list[str]:
    store = Store(root, clock=Clock(T0))
    people = [person(f"Person {n}", at=T0) for n in range(5)]
    people += [person("Same Shard", at=T0).copy(id=people[0].id[:2] + "f" * 30)]
    with store.transaction("add") as txn:
        txn.put_many(people, touch=False)
    for p in people:
        store.log(p.id, Kind.CALL, "first call", at=T0)
    store.close()
    return [p.id for p in people]


def _checks(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The interaction shards shape-checked from now on (each parse of one from disk is)."""
    checked: list[str] = []
    original = codec.shape_problem

    def counting(rel: str, data: object) -> str | None:
        if rel.startswith("interactions/"):
            checked.append(rel)
        return original(rel, data)

    monkeypatch.setattr(codec, "shape_problem", counting)
    return checked


def test_a_fresh_store_logs_into_a_recorded_shard_without_parsing_or_checking_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "data"
    ids = _board(root)
    assert (root / SUMS_FILE).exists()  # written when the store closed
    checked = _checks(monkeypatch)
    parsed: list[int] = []
    loads = appending.ShardCache.parse_known
    monkeypatch.setattr(appending.ShardCache, "parse_known",
                        lambda self, rel, raw: parsed.append(len(raw)) or loads(self, rel, raw))
    store = Store(root, clock=Clock(T0 + timedelta(hours=1)))
    change = store.log(ids[1], Kind.NOTE, "second", at=T0 + timedelta(hours=1))
    assert checked == [] and parsed == []
    assert store.get(ids[1]).last_interaction_at == T0 + timedelta(hours=1)
    assert [op.before for op in change.ops if op.table == "interactions"] == [None]
    # Read afterwards, the shard is as logged (parsed then, never checked).
    assert [i.summary for i in store.interactions(ids[1])] == ["first call", "second"]
    assert checked == []


def _script(store: Store, ids: list[str], rng: random.Random, clock: Clock) -> None:
    cid = rng.choice(ids)
    roll = rng.random()
    clock.advance(minutes=1)
    if roll < 0.6:
        store.log(cid, Kind.CALL, f"call {rng.random():.6f} \u00e9\"\\\n \"contact_id\":\"{cid}\",\"at\":\"x")
    elif roll < 0.7:
        store.log(cid, Kind.NOTE, "long ago", at=T0 - timedelta(days=400))
    elif roll < 0.8:
        store.move(cid, rng.choice(list(Stage)))
    elif roll < 0.9:
        logged = store.interactions(cid)
        if logged:
            with store.transaction("unlog") as txn:
                txn.remove_interaction(cid, rng.choice(logged).id)
    else:
        store.log(cid, Kind.CALL, "backdated", at=T0 - timedelta(days=rng.randint(1, 30)))


@pytest.mark.parametrize("seed", [1, 2])
def test_logs_on_bytes_write_the_files_a_whole_encoding_writes_in_fresh_stores_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seed: int
) -> None:
    base = tmp_path / "base"
    ids = _board(base)

    def run(root: Path, on_bytes: bool, lose: str | None = None) -> list[dict[str, str]]:
        counter = itertools.count()
        monkeypatch.setattr(changes_module, "new_id", lambda: f"{next(counter):032x}")
        if not on_bytes:
            monkeypatch.setattr("board.store.transaction_files.appendable", lambda cache, rel: None)
            monkeypatch.setattr(Transaction, "_appended", lambda self, rel, ops: None)
        clock = Clock(T0)
        rng = random.Random(seed)
        states = []
        for n in range(40):
            store = Store(root, clock=clock)  # a new trustboard for every few changes
            for _ in range(1 + n % 3):
                _script(store, ids, rng, clock)
                states.append(records(root))
            store.close()
            if lose == "missing":
                (root / SUMS_FILE).unlink(missing_ok=True)
            elif lose == "damaged" and (root / SUMS_FILE).exists():
                (root / SUMS_FILE).write_bytes(b'{"version":1,"sums":{"interactions/00.json":' + b"7" * 40)
        monkeypatch.undo()
        return states

    named: list[tuple[bytes, bytes]] = []
    replace_files = journal_module.replace_files

    def checking(root: Path, payloads: dict[str, bytes], removals: list[str], sums: dict[str, bytes]) -> None:
        named.extend((sums[rel], digest(payload)) for rel, payload in payloads.items())
        replace_files(root, payloads, removals, sums)

    for name in ("whole", "bytes", "missing", "damaged"):
        shutil.copytree(base, tmp_path / name)
    whole = run(tmp_path / "whole", on_bytes=False)
    made: list[bool] = []
    original = appending.appendable
    monkeypatch.setattr("board.store.transaction_files.appendable",
                        lambda cache, rel: made.append(bool(found := original(cache, rel))) or found)
    monkeypatch.setattr(journal_module, "replace_files", checking)
    assert run(tmp_path / "bytes", on_bytes=True) == whole
    assert sum(made) >= 10  # most logs worked on the bytes, first ones in a new store included
    assert named and all(said == real for said, real in named)
    assert run(tmp_path / "missing", on_bytes=True) == whole
    assert run(tmp_path / "damaged", on_bytes=True) == whole
    assert not check(tmp_path / "bytes").problems


def _rewrite_same_key(path: Path, old: bytes, new: bytes) -> None:
    """Change a file's bytes in place keeping its inode, size and mtime: its stat key."""
    st = path.stat()
    raw = path.read_bytes()
    changed = raw.replace(old, new, 1)
    assert len(changed) == len(raw) and changed != raw
    with open(path, "r+b") as handle:
        handle.write(changed)
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert (st.st_ino, st.st_size, st.st_mtime_ns) == (lambda s: (s.st_ino, s.st_size, s.st_mtime_ns))(path.stat())


@pytest.mark.parametrize("damage", [(b'"kind":"call"', b'"kind":"cal!"'), (b'{"id":"', b'{"id" "')])
def test_a_recorded_shard_changed_in_place_under_its_stat_key_is_still_refused(
    tmp_path: Path, damage: tuple[bytes, bytes]
) -> None:
    root = tmp_path / "data"
    ids = _board(root)
    shard = root / interaction_rel(ids[1])
    _rewrite_same_key(shard, *damage)
    damaged = shard.read_bytes()
    store = Store(root, clock=Clock(T0 + timedelta(hours=1)))
    with pytest.raises(DataError, match="interactions/"):
        store.log(ids[1], Kind.NOTE, "on a damaged shard", at=T0 + timedelta(hours=1))
    assert shard.read_bytes() == damaged  # never written over
    assert any(interaction_rel(ids[1]) in p for p in check(root).problems)


def test_a_shard_this_store_wrote_changed_in_place_while_racy_is_still_refused(tmp_path: Path) -> None:
    root = tmp_path / "data"
    ids = _board(root)
    store = Store(root, clock=Clock(T0))
    store.log(ids[1], Kind.NOTE, "held", at=T0 + timedelta(hours=1))  # its bytes held: racy
    shard = root / interaction_rel(ids[1])
    _rewrite_same_key(shard, b'"kind":"note"', b'"kind":"nope"')
    with pytest.raises(DataError, match="interactions/"):
        store.log(ids[1], Kind.NOTE, "again", at=T0 + timedelta(hours=2))


def test_a_shard_edited_by_hand_into_another_valid_encoding_is_parsed_and_its_times_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "data"
    ids = _board(root)
    shard = root / interaction_rel(ids[1])
    # Still good data, no longer the one encoding (spaces), and its newest time moved on.
    raw = shard.read_bytes().replace(b'"at":"', b'"at": "').replace(b"2026-03-02T09:00:00", b"2026-05-02T09:00:00")
    shard.write_bytes(raw)
    checked = _checks(monkeypatch)
    store = Store(root, clock=Clock(T0))
    store.log(ids[1], Kind.NOTE, "older", at=T0 + timedelta(days=1))
    assert checked == [interaction_rel(ids[1])]
    assert store.get(ids[1]).last_interaction_at == datetime(2026, 5, 2, 9, 0).astimezone()


def test_records_laid_out_otherwise_are_read_by_parsing_and_a_bad_record_is_never_vouched_for(
    tmp_path: Path
) -> None:
    root = tmp_path / "data"
    ids = _board(root)
    store = Store(root, clock=Clock(T0))
    rel = interaction_rel(ids[1])
    later = (T0 + timedelta(days=3)).isoformat()
    # A record put as it came (keys in another order, as a sync or an undo may put one).
    odd = {"contact_id": ids[1], "id": "a" * 32, "kind": "call", "at": later, "summary": "odd"}
    with store.transaction("raw") as txn:
        txn.raw_put("interactions", ids[1], odd["id"], odd)
    store.close()
    store = Store(root, clock=Clock(T0))
    store.log(ids[1], Kind.NOTE, "after the odd one", at=T0 + timedelta(days=1))
    assert store.get(ids[1]).last_interaction_at == T0 + timedelta(days=3)  # found by parsing
    bad = {"id": "b" * 32, "contact_id": ids[1], "at": later, "kind": "not-a-kind"}
    with store.transaction("raw") as txn:
        txn.raw_put("interactions", ids[1], bad["id"], bad)
    assert rel in txn.unsound
    store.log(ids[1], Kind.NOTE, "appended after it", at=T0 + timedelta(days=2))  # by this store
    store.close()
    recorded = orjson.loads((root / SUMS_FILE).read_bytes())["sums"]
    assert recorded[rel] != digest((root / rel).read_bytes()).hex()  # its version before, at most
    store = Store(root, clock=Clock(T0))
    with pytest.raises(DataError, match=rel):
        store.log(ids[1], Kind.NOTE, "onto the bad record", at=T0 + timedelta(days=4))


def test_a_lost_record_costs_one_check_and_is_written_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "data"
    ids = _board(root)
    (root / SUMS_FILE).unlink()
    checked = _checks(monkeypatch)
    store = Store(root, clock=Clock(T0))
    store.log(ids[1], Kind.NOTE, "checked again", at=T0 + timedelta(hours=1))
    store.close()
    assert checked == [interaction_rel(ids[1])]
    assert interaction_rel(ids[1]) in (root / SUMS_FILE).read_text()
    checked.clear()
    store = Store(root, clock=Clock(T0))
    store.log(ids[1], Kind.NOTE, "on its bytes", at=T0 + timedelta(hours=2))
    assert checked == []


def test_a_cli_log_leaves_the_digest_of_the_shard_it_wrote(tmp_path: Path) -> None:
    root = tmp_path / "data"
    ids = _board(root)
    (root / SUMS_FILE).unlink()
    done = run_cli("log", ids[1], "from the command line", data=root)
    assert done.returncode == 0, done.stderr
    rel = interaction_rel(ids[1])
    recorded = orjson.loads((root / SUMS_FILE).read_bytes())["sums"]
    assert recorded == {rel: digest((root / rel).read_bytes()).hex()}


def test_a_shard_with_no_digest_recorded_is_not_digested_only_to_be_parsed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "data"
    ids = _board(root)
    (root / SUMS_FILE).unlink()
    digested: list[int] = []
    original = appending.tail_state
    monkeypatch.setattr(appending, "tail_state", lambda raw: digested.append(len(raw)) or original(raw))
    store = Store(root, clock=Clock(T0))
    store.log(ids[1], Kind.NOTE, "parsed as before", at=T0 + timedelta(hours=1))
    assert digested == []


@pytest.mark.parametrize("cache", [SUMS_FILE, "index.json"])
def test_a_directory_where_a_cache_file_goes_costs_speed_not_the_log(tmp_path: Path, cache: str) -> None:
    root = tmp_path / "data"
    ids = _board(root)
    (root / cache).unlink(missing_ok=True)
    (root / cache).mkdir()
    before = records(root)
    done = run_cli("log", ids[1], "beside a directory", data=root)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert (root / cache).is_dir()
    changed = {rel for rel, fp in records(root).items() if before.get(rel) != fp}
    shard = interaction_rel(ids[1])
    assert changed == {shard, shard.replace("interactions/", "contacts/")}  # the log, its contact
    assert not [p for p in root.iterdir() if p.name.endswith(TEMP_SUFFIX)]  # no temporary file left
    store = Store(root, clock=Clock(T0))
    assert [i.summary for i in store.interactions(ids[1])][-1:] == ["beside a directory"]
