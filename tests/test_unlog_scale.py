"""`unlog ID` finds its interaction without parsing the whole store (it cost ten logs at
30,000 contacts): the id index (board.store.id_index) rules shards out, only the shards
it cannot are parsed, and it is written only when the command succeeded."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from bench.generate import generate
from board.cli.correct import find_interaction
from board.errors import UserError
from board.model import Kind
from board.store import Store
from board.store.id_index import IDS_FILE
from board.store.layout import interaction_rel
from board.store.shards import ShardCache
from tests.helpers import data_files, run


def _age(root: Path) -> None:
    """Files as if written a minute ago (a key written in the last seconds is not trusted)."""
    old = time.time() - 60
    for path in (root / "interactions").glob("*.json"):
        os.utime(path, (old, old))


@pytest.fixture
def big(tmp_path: Path) -> Path:
    root = tmp_path / "data"
    generate(root, 600, 2)  # most of the 256 shards hold some
    _age(root)
    return root


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The interaction shards parsed from bytes, as they are."""
    seen: list[str] = []
    decode = ShardCache.decode

    def spy(self: ShardCache, rel: str, raw: bytes):  # type: ignore[no-untyped-def]
        if rel.startswith("interactions/"):
            seen.append(rel)
        return decode(self, rel, raw)

    monkeypatch.setattr(ShardCache, "decode", spy)
    return seen


def test_after_one_unlog_the_next_parses_only_the_shard_that_holds_the_id(big: Path, parsed) -> None:
    store = Store(big)
    person = store.contacts()[17]
    first, second = store.interactions(person.id)[:2]
    parsed.clear()
    assert find_interaction(store, first.id[:8]) == first  # no index yet: every shard
    assert len(set(parsed)) == len(list((big / "interactions").glob("*.json"))) > 200
    store.save_interaction_ids()
    assert (big / IDS_FILE).exists()
    parsed.clear()
    fresh = Store(big)
    assert find_interaction(fresh, second.id[:8]) == second
    assert find_interaction(fresh, second.id[:8].upper()) == second  # any case, as before
    assert find_interaction(fresh, second.id) == second
    assert set(parsed) == {interaction_rel(person.id)}


def test_a_shard_changed_since_the_index_is_read_again(big: Path, capsys) -> None:
    store = Store(big)
    person = store.contacts()[3]
    store.interactions_by_id("0000")
    store.save_interaction_ids()
    store.log(person.id, Kind.NOTE, "after the index was written")
    logged = store.interactions(person.id)[-1]
    _age(big)
    assert find_interaction(Store(big), logged.id[:8]) == logged
    with pytest.raises(UserError, match="no interaction has an id starting with 'zzzzzzzz'"):
        find_interaction(Store(big), "zzzzzzzz")


def test_a_damaged_index_is_ignored(big: Path) -> None:
    store = Store(big)
    target = store.interactions(store.contacts()[5].id)[0]
    for junk in (b"{", b'{"version": 1, "shards": {"interactions/00.json": [1, 2, "x", 4]}}',
                 b'{"version": 1, "shards": []}', b"\xff\xfe"):
        (big / IDS_FILE).write_bytes(junk)
        assert find_interaction(Store(big), target.id[:8]) == target


def test_an_index_that_lies_is_caught_by_the_key(big: Path) -> None:
    store = Store(big)
    target = store.interactions(store.contacts()[9].id)[0]
    store.interactions_by_id("0000")
    store.save_interaction_ids()
    text = (big / IDS_FILE).read_text("utf-8").replace(target.id[:12], "ffffffffffff")
    (big / IDS_FILE).write_text(text, "utf-8")
    store.log(target.contact_id, Kind.NOTE, "rewrites the shard: its key changes")
    _age(big)
    assert find_interaction(Store(big), target.id[:8]) == target


def test_a_failed_unlog_writes_no_index_and_a_done_one_does(big: Path, capsys) -> None:
    store = Store(big)
    target = store.interactions(store.contacts()[11].id)[0]
    before = data_files(big)
    code, _, err = run(capsys, "--data", big, "unlog", target.id[:8])  # no terminal, no --yes
    assert code == 1 and "not deleted" in err
    assert data_files(big) == before
    code, _, err = run(capsys, "--data", big, "unlog", target.id[:8], "--yes")
    assert code == 0, err
    assert (big / IDS_FILE).exists()


def test_a_prefix_shared_by_two_interactions_lists_both(big: Path) -> None:
    store = Store(big)
    everything = sorted(i.id for i in store.all_interactions())
    pairs = [(a, b) for a, b in zip(everything, everything[1:], strict=False) if a[:4] == b[:4]]
    first, second = pairs[0]
    store.interactions_by_id("0000")
    store.save_interaction_ids()
    with pytest.raises(UserError, match=f"'{first[:4]}' starts 2 interactions' ids") as raised:
        find_interaction(Store(big), first[:4])
    assert first[:8] in str(raised.value) and second[:8] in str(raised.value)
