"""A change to a few records of a contact shard splices them into its bytes instead of
parsing and encoding the shard again: the files must be byte for byte those that
encoding the changed tables gives (the path every other change takes)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from unittest import mock

import orjson
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.generate import generate
from board.kinds import Kind, Stage
from board.store import Store
from board.store.layout import CONTACTS, rel, shard_of
from board.store.transaction_splice import Splice
from tests.helpers import Clock, data_files, person

T0 = datetime(2026, 3, 2, 9, 0).astimezone()
SHARD = "3a"
IDS = [i for i in (f"{n:032x}" for n in range(20000)) if shard_of(i) == SHARD][:8]
STAGES = list(Stage)


@contextmanager
def splicing(enabled: bool) -> Iterator[list[bytes]]:
    """Changes splice (or, disabled, parse and encode); yields the payloads spliced."""
    made: list[bytes] = []
    original = Splice.payload

    def payload(self: Splice) -> bytes:
        made.append(original(self))
        return made[-1]

    if enabled:
        with mock.patch.object(Splice, "payload", payload):
            yield made
    else:
        with mock.patch.object(Splice, "of", classmethod(lambda cls, raw, contacts: None)):
            yield made


def twins(root: Path) -> tuple[Path, Path]:
    shutil.copytree(root, root.parent / "spliced")
    shutil.copytree(root, root.parent / "encoded")
    return root.parent / "spliced", root.parent / "encoded"


def same_after(root: Path, change: Callable[[Store], object]) -> list[bytes]:
    """Run `change` on two copies of `root`, splicing and not: every data file equal."""
    spliced, encoded = twins(root)
    results = []
    for path, enabled in ((spliced, True), (encoded, False)):
        store = Store(path, clock=Clock(T0))
        store.contacts()  # every shard's contacts built and its parse let go, as on a board
        ids = iter(f"{n:032x}" for n in range(1, 10**6))  # the same interaction ids both times
        with splicing(enabled) as made, mock.patch("board.store.changes.new_id", ids.__next__):
            change(store)
        results.append(made)
        store.close()
    assert records(spliced) == records(encoded)
    return results[0]


def records(root: Path) -> dict[str, str]:
    """The files holding records (not the caches, which hold stat keys)."""
    return {name: digest for name, digest in data_files(root).items()
            if name.startswith(("contacts/", "interactions/", "resources", "meta"))}


TEXT = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=24)
OP = st.tuples(st.integers(0, len(IDS) - 1), st.sampled_from(["notes", "move", "remove", "add"]), TEXT)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(notes=st.lists(TEXT, min_size=1, max_size=len(IDS)), ops=st.lists(OP, min_size=1, max_size=6))
def test_a_spliced_shard_is_the_encoded_one(tmp_path_factory: object, notes: list[str], ops: list) -> None:
    root = tmp_path_factory.mktemp("data") / "store"  # type: ignore[attr-defined]
    db = Store(root, clock=Clock(T0))
    people = [person(f"Person {n} {text}", at=T0, id=IDS[n], notes=text) for n, text in enumerate(notes)]
    with db.transaction("add", backup=False) as txn:
        txn.put_many(people, touch=False)
    db.close()

    def change(store: Store) -> None:
        with store.transaction("ops", backup=False) as txn:
            for index, what, text in ops:
                cid = IDS[index]
                current = txn.get(cid)
                if current is None:
                    if what == "add":
                        txn.put_contact(person(f"New {text}", at=T0, id=cid, notes=text))
                elif what == "notes":
                    txn.put_contact(current.copy(notes=text))
                elif what == "move":
                    txn.put_contact(current.copy(stage=STAGES[(STAGES.index(current.stage) + 1) % 4]))
                elif what == "remove":
                    txn.remove_contact(cid)

    same_after(root, change)


def test_notes_that_look_like_records_are_spliced_right(tmp_path: Path) -> None:
    """Text holding what a record start looks like, commas and quotes, in every record."""
    root = tmp_path / "store"
    db = Store(root, clock=Clock(T0))
    tricky = [f'"{IDS[1]}":{{"id":"{IDS[1]}"', ',"', '\\",', '}}', "", '":{"id":"']
    with db.transaction("add", backup=False) as txn:
        txn.put_many([person(f"P{n}", at=T0, id=IDS[n], notes=t) for n, t in enumerate(tricky)], touch=False)
    db.close()

    def change(store: Store) -> None:
        store.move(IDS[1], Stage.TRUSTED)
        store.update_contact(store.get(IDS[0]).copy(notes="plain now"))
        store.log(IDS[2], Kind.CALL, "a call")

    made = same_after(root, change)
    assert len(made) == 3  # text is escaped in the file: no record start in it, each change spliced


def test_a_board_of_generated_people_changes_alike(tmp_path: Path) -> None:
    """Real data: moves, edits and logs on a generated board, spliced or encoded."""
    root = tmp_path / "store"
    generate(root, 600, 3).close()
    board = Store(root)
    people = board.contacts(archived=None)[::37]
    board.close()

    def change(store: Store) -> None:
        for n, p in enumerate(people):
            store.move(p.id, STAGES[(STAGES.index(p.stage) + 1) % 4])
            store.update_contact(store.get(p.id).copy(notes=f"edited {n}, \"quoted\""))
            store.log(p.id, Kind.CALL, f"call {n}")
            store.move(p.id, p.stage)  # the same record put again: to the end again

    made = same_after(root, change)
    assert len(made) >= 3 * len(people)  # nearly every change was spliced
    assert all(m.startswith(b'{"contacts":{') for m in made)
    assert rel(CONTACTS, shard_of(people[0].id)) in data_files(root)


def rewrite_shard(root: Path, edit: Callable[[dict], bytes]) -> None:
    path = root / rel(CONTACTS, SHARD)
    path.write_bytes(edit(orjson.loads(path.read_bytes())))


def test_a_shard_not_as_trustboard_writes_it_is_parsed_as_before(tmp_path: Path) -> None:
    """Hand-edited (indented), a value out of range, an id JSON escapes: no splice, and
    the same bytes as ever."""
    root = tmp_path / "store"
    db = Store(root, clock=Clock(T0))
    with db.transaction("add", backup=False) as txn:
        txn.put_many([person(f"P{n}", at=T0, id=IDS[n]) for n in range(3)], touch=False)
    db.close()

    def change(store: Store) -> None:
        for cid in IDS[:3]:
            store.move(cid, Stage.TALKED)

    rewrite_shard(root, lambda data: orjson.dumps(data, option=orjson.OPT_INDENT_2))
    assert same_after(root, change) == []  # indented: parsed, then written as trustboard writes

    def out_of_range(data: dict) -> bytes:
        data[CONTACTS][IDS[0]]["cadence_days"] = 10**6  # read at its bound
        return orjson.dumps(data)

    shutil.rmtree(tmp_path / "spliced"), shutil.rmtree(tmp_path / "encoded")
    rewrite_shard(root, out_of_range)
    made = same_after(root, lambda store: [store.move(cid, Stage.TALKED) for cid in IDS[2::-1]])
    assert len(made) == 2  # the clamped one is not found as built: its shard is parsed that time

    odd = next(i for i in (f'we"ird,\\id {n}' for n in range(5000)) if shard_of(i) == SHARD)
    db = Store(root, clock=Clock(T0))
    with db.transaction("add", backup=False) as txn:
        txn.put_contact(person("Odd", at=T0, id=odd))
    db.close()
    shutil.rmtree(tmp_path / "spliced"), shutil.rmtree(tmp_path / "encoded")
    same_after(root, lambda store: store.move(odd, Stage.TRUSTED))


def test_a_same_key_rewrite_by_another_process_is_not_spliced_over(tmp_path: Path) -> None:
    """Bytes changed in place (same inode, size and mtime) since they were parsed: the change
    reads them again rather than splice into what it had."""
    root = tmp_path / "store"
    db = Store(root, clock=Clock(T0))
    with db.transaction("add", backup=False) as txn:
        txn.put_many([person(f"P{n}", at=T0, id=IDS[n]) for n in range(2)], touch=False)
    db.contacts()  # parsed, built, let go
    path = root / rel(CONTACTS, SHARD)
    st = path.stat()
    raw = path.read_bytes()
    changed = raw.replace(b'"name":"P1"', b'"name":"Q1"')
    with open(path, "r+b") as handle:
        handle.write(changed)
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    db.move(IDS[0], Stage.TRUSTED)
    stored = orjson.loads(path.read_bytes())[CONTACTS]
    assert stored[IDS[1]]["name"] == "Q1" and stored[IDS[0]]["stage"] == "trusted"
    assert db.get(IDS[1]).name == "Q1"  # and the store's own copy took the other change in
