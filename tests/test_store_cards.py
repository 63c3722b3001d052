"""The card file (`board.store.cards`): the board's cards without building every contact,
never trusted over the shards it was taken from."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import orjson
import pytest

import board.store.shards as shards_module
from board.model import Kind, Stage
from board.store import Store
from board.store.card_facts import CardFacts
from board.store.cards import CARDS_FILE
from board.store.maintenance import check
from tests.helpers import add, age_shards, write_card_file


def _card(f: CardFacts) -> list[Any]:
    """Everything a card says, comparable."""
    return [f.id, f.name, f.line, f.stage, f.archived, f.touch_day, f.last_interaction_at, *f.cold_row()]


def _rows(facts: list[CardFacts]) -> list[list[Any]]:
    return sorted(_card(f) for f in facts)


def _truth(root: Path) -> list[list[Any]]:
    """Every contact's card as the shards themselves say, read by a store of its own."""
    return _rows([CardFacts.of(c) for c in Store(root).contacts(archived=None)])


def _shard_reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The contact shards the store parses from now on."""
    reads: list[str] = []
    real = shards_module.read_with_key

    def counting(path: Path | str) -> Any:
        if "/contacts/" in str(path):
            reads.append(str(path))
        return real(path)

    monkeypatch.setattr(shards_module, "read_with_key", counting)
    return reads


@pytest.fixture
def board_dir(store: Store, data_dir: Path) -> Path:
    add(store, "Ana Lima", company="Acme", title="CTO", tags=["bni"])
    add(store, "Bo Chen", stage=Stage.TRUSTED, expertise=["tax"], notes="met at the\nfair")
    for n in range(40):
        add(store, f"Person {n:02}", stage=Stage.TALKED if n % 3 else Stage.MET)
    write_card_file(data_dir)
    return data_dir


def test_cards_are_the_shards_cards(board_dir: Path) -> None:
    assert _rows(Store(board_dir).cards()) == _truth(board_dir)


def test_a_board_opens_without_parsing_a_shard(board_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    reads = _shard_reads(monkeypatch)
    store = Store(board_dir)
    facts = store.cards()
    assert reads == []
    assert len(facts) == 42
    # The whole contact is read when asked for: its shard alone.
    ana = next(f for f in facts if f.name == "Ana Lima")
    assert store.get(ana.id).company == "Acme"
    assert len(reads) == 1


def test_a_shard_changed_behind_the_cards_back_is_read_again(board_dir: Path) -> None:
    board = Store(board_dir)
    before = {f.name: f for f in board.cards()}
    other = Store(board_dir)  # another trustboard: `trustboard move`, `trustboard log`
    other.move(before["Ana Lima"].id, Stage.GAVE_VALUE)
    other.log(before["Bo Chen"].id, Kind.CALL, "a call")
    assert board.refresh() is True
    after = {f.name: f for f in board.cards()}
    assert after["Ana Lima"].stage is Stage.GAVE_VALUE
    assert after["Bo Chen"].last_interaction_at is not None
    assert _card(after["Person 07"]) == _card(before["Person 07"])
    # Aged afterwards, the changed shards have keys unlike the recorded ones: still re-read.
    age_shards(board_dir)
    fresh = {f.name: f for f in Store(board_dir).cards()}
    assert fresh["Ana Lima"].stage is Stage.GAVE_VALUE
    assert _rows(list(fresh.values())) == _truth(board_dir)


def test_a_new_contact_from_another_process_shows(board_dir: Path) -> None:
    board = Store(board_dir)
    board.cards()
    add(Store(board_dir), "Cy Dorn")
    assert board.refresh() is True
    assert "Cy Dorn" in {f.name for f in board.cards()}


def _valid(root: Path) -> dict[str, Any]:
    """The card file's first line (each shard's key and columns)."""
    data: dict[str, Any] = orjson.loads((root / CARDS_FILE).read_bytes().split(b"\n", 1)[0])
    return data


def _foreign_rows(root: Path) -> bytes:
    data = _valid(root)
    rel = next(iter(data["shards"]))
    data["shards"][rel]["names"][0] = 5  # a name that is not text
    return orjson.dumps(data)


def _bad_code(root: Path) -> bytes:
    data = _valid(root)
    rel = next(iter(data["shards"]))
    data["shards"][rel]["codes"][0] = 1000
    return orjson.dumps(data)


def _short_column(root: Path) -> bytes:
    data = _valid(root)
    rel = next(iter(data["shards"]))
    data["shards"][rel]["days"].pop()
    return orjson.dumps(data)


def _other_zone(root: Path) -> bytes:
    data = _valid(root)
    data["zone"] = "Mars/Olympus"
    return orjson.dumps(data)


def _other_version(root: Path) -> bytes:
    data = _valid(root)
    data["version"] = 99
    return orjson.dumps(data)


@pytest.mark.parametrize("damage", [
    lambda root: b"",
    lambda root: b"{not json",
    lambda root: (root / CARDS_FILE).read_bytes()[:1000],
    lambda root: b'{"version": 2, "shards": []}',
    lambda root: b'{"version": 2, "shards": {"contacts/zz.json": {"key": [1, 2, 3]}}}',
    lambda root: b"[1, 2, 3]",
    _foreign_rows,
    _bad_code,
    _short_column,
    _other_version,
    _other_zone,
], ids=["empty", "not-json", "torn", "shards-a-list", "not-a-shard", "a-list", "foreign-row",
        "bad-code", "short-column", "other-version", "other-zone"])
def test_a_damaged_or_foreign_card_file_is_ignored_and_rebuilt(
    board_dir: Path, damage: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    (board_dir / CARDS_FILE).write_bytes(damage(board_dir))
    store = Store(board_dir)
    assert _rows(store.cards()) == _truth(board_dir)
    store.save_cards()
    truth = _truth(board_dir)
    reads = _shard_reads(monkeypatch)
    assert _rows(Store(board_dir).cards()) == truth
    assert reads == []  # rebuilt: trusted again
    assert check(board_dir).problems == []


def _damage_cold(root: Path, change: Any) -> None:
    header, cold = (root / CARDS_FILE).read_bytes().split(b"\n", 1)
    (root / CARDS_FILE).write_bytes(header + b"\n" + change(cold))


@pytest.mark.parametrize("change", [
    lambda cold: cold.replace(b"Acme", b"Acne"),  # not as written: its digest says so
    lambda cold: cold[: len(cold) // 2],
    lambda cold: b"",
], ids=["altered", "torn", "gone"])
def test_damaged_cold_fields_are_read_from_the_shard(board_dir: Path, change: Any) -> None:
    _damage_cold(board_dir, change)
    facts = {f.name: f for f in Store(board_dir).cards()}
    assert facts["Ana Lima"].company == "Acme" and facts["Ana Lima"].tags == ["bni"]
    assert _rows(list(facts.values())) == _truth(board_dir)


def test_a_missing_card_file_is_rebuilt(board_dir: Path) -> None:
    (board_dir / CARDS_FILE).unlink()
    store = Store(board_dir)
    assert _rows(store.cards()) == _truth(board_dir)
    store.save_cards()
    assert (board_dir / CARDS_FILE).exists()


def test_killed_while_writing_it_leaves_the_store_readable(board_dir: Path) -> None:
    (board_dir / CARDS_FILE).unlink()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child is killed
        try:
            def dying(source: Any, target: Any) -> None:
                os.kill(os.getpid(), signal.SIGKILL)  # the new file written, never put in place

            store = Store(board_dir)
            store.cards()
            os.replace = dying  # type: ignore[assignment]
            store.save_cards()
        finally:
            os._exit(3)
    _, status = os.waitpid(pid, 0)
    assert os.WIFSIGNALED(status)
    assert [p.name for p in board_dir.glob(f".{CARDS_FILE}.*")]  # its temporary file
    store = Store(board_dir)
    assert _rows(store.cards()) == _truth(board_dir)
    assert not list(board_dir.glob(f".{CARDS_FILE}.*"))  # cleaned up on open
    assert check(board_dir).problems == []


def test_another_trustboard_opening_meanwhile_leaves_the_file_being_written_alone(
    board_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Opening a store clears a killed writer's temporary files: never the card file's
    while it is being written (it is written under the shared lock)."""
    (board_dir / CARDS_FILE).unlink()
    real = os.replace

    def opened_elsewhere_first(source: Any, target: Any) -> None:
        if str(target).endswith(CARDS_FILE):
            subprocess.run([sys.executable, "-c", "import sys; from board.store import Store; Store(sys.argv[1])",
                            str(board_dir)], check=True)
        real(source, target)

    store = Store(board_dir)
    store.cards()
    monkeypatch.setattr(os, "replace", opened_elsewhere_first)
    store.save_cards()
    assert (board_dir / CARDS_FILE).exists()
    assert _rows(Store(board_dir).cards()) == _truth(board_dir)


def test_a_racy_shard_is_not_recorded(store: Store, data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    add(store, "Ana Lima")  # its shard written just now: its key could hide a same-size rewrite
    writer = Store(data_dir)
    writer.cards()
    writer.save_cards()
    reads = _shard_reads(monkeypatch)
    assert [f.name for f in Store(data_dir).cards()] == ["Ana Lima"]
    assert len(reads) == 1


def test_the_card_file_is_not_data(board_dir: Path, tmp_path: Path) -> None:
    """Backups hold no card file; a restored store reads its shards again."""
    store = Store(board_dir)
    ana = next(f for f in store.cards() if f.name == "Ana Lima")
    backup = store.backup("before-test")
    assert not (backup / CARDS_FILE).exists()
    store.move(ana.id, Stage.TRUSTED)
    store.restore(backup.name)
    assert next(f for f in Store(board_dir).cards() if f.name == "Ana Lima").stage is Stage.MET


def test_cards_read_before_the_file_is_rewritten_keep_their_fields(board_dir: Path) -> None:
    board = Store(board_dir)
    facts = {f.name: f for f in board.cards()}
    other = Store(board_dir)
    other.move(facts["Bo Chen"].id, Stage.MET)  # another shard changes: the file is rewritten
    age_shards(board_dir)
    board.refresh()
    board.cards()
    board.save_cards()
    Store(board_dir).save_cards()  # and once more by another trustboard
    assert facts["Ana Lima"].tags == ["bni"] and facts["Ana Lima"].company == "Acme"
    assert "fair" in facts["Bo Chen"].text
