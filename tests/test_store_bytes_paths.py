"""A change worked on a shard's bytes (a contact's record spliced: `transaction_splice`; a
log appended: `appending`) writes exactly the files that the general path writes (every
table parsed, encoded whole): on first writes to shards read from disk and repeat writes,
with hostile text (control characters, unicode, quotes, text that looks like a record), a
shard another program rewrote in between (in another encoding, or in ours under the very
same stat key while racy), and a shard another store changed."""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import shutil
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from board.kinds import Kind, Stage
from board.model import Interaction, Reminder
from board.store import Store, shard_entry, shards
from board.store import changes as changes_module
from board.store.files import digest
from board.store.layout import CONTACTS, contact_rel, interaction_rel
from board.store.shard_entry import Entry
from board.store.transaction import Transaction
from board.store.transaction_append import tail_state
from board.store.transaction_files import TransactionFiles
from board.store.transaction_splice import Splice
from tests.helpers import Clock, data_files, one_per_shard, person

T0 = datetime(2026, 3, 2, 9, 0).astimezone()
HOSTILE = [
    "Zoë \u202eevil\u202c Ünïcödé",
    "tab\there and\nnewline",
    "controls \x01\x1f\x7f\x00 end",
    'quote " back \\ slash',
    '":{"id":"ffffffffffffffffffffffffffffffff","name":"x"},"',
    '{"contacts":{}}',
    "emoji 😀 and 𝔘 and \ud7ff",
]


def _records(root: Path) -> dict[str, str]:
    return {rel: fp for rel, fp in data_files(root).items() if rel.startswith(("contacts/", "interactions/"))}


def _age(root: Path) -> None:
    """Every data file an hour old: read from disk, its stat key is trusted."""
    old = 1_000_000_000 * (int(datetime.now().timestamp()) - 3600)
    for sub in ("contacts", "interactions"):
        for path in (root / sub).glob("*.json"):
            os.utime(path, ns=(old, old))


def _rewrite_elsewhere(root: Path, rel: str) -> None:
    """Another program rewrites a shard in its own encoding (indented: not ours)."""
    path = root / rel
    path.write_text(json.dumps(json.loads(path.read_bytes()), indent=1, ensure_ascii=False), encoding="utf-8")


def _rewrite_same_key(root: Path, rel: str) -> None:
    """Another program changes a shard in place, same size, and puts its times back: the
    very same stat key (the file is racy: only its bytes tell)."""
    path = root / rel
    st = os.stat(path)
    raw = path.read_bytes()
    # (in our encoding, or still in the other program's indented one when the move above
    # changed nothing: the contact already talked)
    found = re.search(rb'"updated_at": ?"', raw)
    assert found, rel
    at = found.end() + 18  # the seconds' last digit
    changed = raw[:at] + str((int(raw[at : at + 1]) + 1) % 10).encode() + raw[at + 1 :]
    with open(path, "r+b") as handle:
        handle.write(changed)
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))


def _script(store: Store, ids: list[str], rng: random.Random, clock: Clock, root: Path) -> None:
    """One random change (or another writer's), mostly to people whose shard was not written yet."""
    cid = rng.choice(ids)
    clock.advance(minutes=1)
    roll = rng.random()
    text = rng.choice(HOSTILE) + f" {rng.random():.6f}"
    if roll < 0.25:
        store.log(cid, rng.choice([Kind.CALL, Kind.NOTE]), text)
    elif roll < 0.4:
        store.update_contact(store.get(cid).copy(notes=text))
    elif roll < 0.55:
        store.move(cid, rng.choice(list(Stage)))
    elif roll < 0.6:
        store.update_contact(store.get(cid).copy(name=rng.choice(["Ünï Cödé", "Zoë Ñ", "李 小龍"])))
    elif roll < 0.65:
        store.snooze(cid, date(2026, 4, rng.randint(1, 28)))
    elif roll < 0.7:
        day = date(2026, 3, 2)
        store.update_contact(store.get(cid).copy(reminder=Reminder(day, text)))
    elif roll < 0.75:
        store.log(cid, Kind.CALL, text, at=T0 - timedelta(days=rng.randint(1, 900)))
    elif roll < 0.8:
        store.archive(cid, rng.random() < 0.5)
    elif roll < 0.86:
        _rewrite_elsewhere(root, rng.choice([contact_rel(cid), interaction_rel(cid)]))
    elif roll < 0.93:
        store.move(cid, Stage.TALKED)  # written racy, then changed under its key
        _rewrite_same_key(root, contact_rel(cid))
    else:
        other = Store(root, clock=clock)  # another process changes the shard meanwhile
        other.update_contact(other.get(cid).copy(notes=f"elsewhere {text}"))
        other.close()


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_changes_on_bytes_write_what_the_general_path_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seed: int
) -> None:
    base = tmp_path / "base"
    store = Store(base, clock=Clock(T0))
    rng = random.Random(seed)
    people = [person(f"Person {n}", at=T0, notes=rng.choice(HOSTILE)) for n in range(40)]
    people += [person(name, at=T0) for name in ("Zoë Ünïcödé", 'Quote " Back \\', "Ctl \x01 Char")]
    # Several people in one shard: a first write, then repeat writes, to it.
    people += [person(f"Shard Mate {n}", at=T0).copy(id=people[0].id[:2] + f"{n:030x}") for n in range(4)]
    history = [
        Interaction(id=f"{n:02x}" + p.id[2:], contact_id=p.id, at=T0 - timedelta(days=n + 1), kind=Kind.NOTE,
                    summary=rng.choice(HOSTILE))
        for p in people for n in range(3)
    ]
    with store.transaction("add") as txn:
        txn.put_many(people, history, touch=False)
    store.close()
    _age(base)
    ids = [p.id for p in people]
    spliced: list[bool] = []

    def run(root: Path, on_bytes: bool) -> list[dict[str, str]]:
        counter = itertools.count()
        monkeypatch.setattr(changes_module, "new_id", lambda: f"{next(counter):032x}")
        if on_bytes:
            original: Callable[..., object] = Splice.payload

            def payload(self: Splice) -> bytes:
                spliced.append(True)
                return original(self)  # type: ignore[return-value]

            monkeypatch.setattr(Splice, "payload", payload)
        else:  # every shard parsed and encoded whole
            monkeypatch.setattr(TransactionFiles, "_splice", lambda self, rel: None)
            monkeypatch.setattr(TransactionFiles, "_appending", lambda self, rel: None)
            monkeypatch.setattr(Transaction, "_appended", lambda self, rel, ops: None)
        clock = Clock(T0)
        store = Store(root, clock=clock)
        store.contacts()  # (as the board does: every shard's contacts built, their parse let go)
        steps = random.Random(seed * 7)
        states = []
        for _ in range(80):
            _script(store, ids, steps, clock, root)
            states.append(_records(root))
        states.append({**_records(root), "contacts": repr(sorted(repr(c) for c in store.contacts(archived=None)))})
        store.close()
        monkeypatch.undo()
        return states

    shutil.copytree(base, tmp_path / "general")
    shutil.copytree(base, tmp_path / "on-bytes")
    general = run(tmp_path / "general", on_bytes=False)
    on_bytes = run(tmp_path / "on-bytes", on_bytes=True)
    for n, (one, other) in enumerate(zip(general, on_bytes, strict=True)):
        assert one == other, f"after change {n}"
    assert len(spliced) >= 20  # most changes to a contact were spliced



def test_a_logged_shard_let_go_while_racy_has_its_very_digest(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Shards logged into and pushed out of the held bytes while racy keep the digest of
    their bytes (taken from the digest state their log left, `Entry.tail`)."""
    store = Store(tmp_path / "data", clock=Clock(T0))
    ids = one_per_shard(store, shards.WRITTEN_BYTES_HELD + 4, T0)
    for cid in ids:
        store.log(cid, Kind.NOTE, "first")
    monkeypatch.setattr(shards, "RACY_BYTES_HELD", 0)  # every one pushed out is let go of
    for cid in ids:
        store.log(cid, Kind.CALL, "again")
    let_go = [(rel, e) for rel, e in store._cache.ifiles.items() if e._raw is None and e.digest]
    assert len(let_go) >= 4
    for rel, entry in let_go:
        assert entry.digest == digest((store.root / rel).read_bytes())
    assert not store.refresh() and [i.summary for i in store.interactions(ids[0])] == ["first", "again"]


def test_an_entry_with_its_digest_state_reads_none_of_its_bytes_to_digest_them(monkeypatch: pytest.MonkeyPatch) -> None:
    raw = b'{"interactions":{"a":{"id":"a","summary":"\\u00e9"}}}'
    entry = Entry((1, len(raw), 0), {})
    entry.hold_bytes(raw)
    entry.tail = tail_state(raw)
    monkeypatch.setattr(shard_entry, "digest", lambda raw: pytest.fail("digested its bytes"))
    entry.drop_bytes()
    assert entry.digest == digest(raw) and entry._raw is None


def test_a_log_into_a_shard_it_does_not_parse_lets_no_parse_go(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The interaction cache's byte budget weighs parses: a shard logged into on its bytes
    (`wrote_unparsed`) holds none, so it pushes out no other shard's parse."""
    writer = Store(tmp_path / "data", clock=Clock(T0))
    ids = one_per_shard(writer, 6, T0)
    for cid in ids:
        writer.log(cid, Kind.NOTE, "met " * 50)
    writer.close()  # (their digests recorded: a log in the next store appends unparsed)
    size = os.stat(tmp_path / "data" / interaction_rel(ids[0])).st_size
    monkeypatch.setattr(shards, "INTERACTION_BYTES_CACHED", 3 * size + 3 * 4)
    store = Store(tmp_path / "data", clock=Clock(T0))
    read = [interaction_rel(cid) for cid in ids[:3]]
    for cid in ids[:3]:
        store.interactions(cid)  # parsed
    for cid in ids[3:]:
        store.log(cid, Kind.CALL, "again")
    assert [rel for rel in read if store._cache.ifiles.get(rel) is not None and store._cache.ifiles[rel].held] == read
    assert not any(store._cache.ifiles[interaction_rel(cid)].held for cid in ids[3:])  # logged into unparsed


@pytest.mark.parametrize("base_checked", [True, False])
def test_a_spliced_version_of_a_checked_one_is_read_again_unchecked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, base_checked: bool
) -> None:
    """Records of a checked version and records put, checked when put: the name index's
    reread of that version (once aged) parses it without checking every record again;
    a version whose base was not checked is checked as before."""
    writer = Store(tmp_path / "data", clock=Clock(T0))
    ids = one_per_shard(writer, 1, T0)
    writer.close()
    _age(tmp_path / "data")
    store = Store(tmp_path / "data", clock=Clock(T0))
    store.contacts()  # (parsed and checked, its parse let go)
    rel = contact_rel(ids[0])
    if not base_checked:
        store._cache._checked.clear()
    store.move(ids[0], Stage.TALKED)  # spliced
    checked: list[str] = []
    original = shards.codec.shape_problem
    monkeypatch.setattr(shards.codec, "shape_problem", lambda rel, data: checked.append(rel) or original(rel, data))
    monkeypatch.setattr(shards, "racy", lambda key: False)  # aged
    entry = store._cache.files[rel]
    assert not entry.held  # (let go: its records are read again)
    assert entry.data[CONTACTS][ids[0]]["stage"] == Stage.TALKED.value
    assert checked == ([] if base_checked else [rel])
