"""`unlog ID` finds its interaction without parsing the whole store (it cost ten logs at
30,000 contacts): only the shards whose bytes hold the id are parsed, only matches built."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.generate import generate
from board.cli.correct import find_interaction
from board.errors import UserError
from board.store import Store
from board.store.shards import ShardCache


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("big") / "data"
    generate(root, 2000, 3)
    return root


def test_unlog_parses_only_the_shard_that_holds_the_id(big: Path, monkeypatch) -> None:
    store = Store(big)
    person = store.contacts()[17]
    target = store.interactions(person.id)[1]
    decoded: list[str] = []
    built: list[str] = []
    decode, build = ShardCache.decode, ShardCache.build_interaction
    monkeypatch.setattr(ShardCache, "decode", lambda self, rel, raw: decoded.append(rel) or decode(self, rel, raw))
    monkeypatch.setattr(ShardCache, "build_interaction",
                        lambda self, rel, doc, *a: built.append(doc["id"]) or build(self, rel, doc, *a))
    fresh = Store(big)
    assert find_interaction(fresh, target.id[:8]) == target
    assert find_interaction(fresh, target.id[:8].upper()) == target  # any case, as before
    assert find_interaction(fresh, target.id) == target
    assert len(set(decoded)) <= 3, decoded  # 256 shards in this store
    assert set(built) == {target.id}


def test_a_prefix_shared_by_two_interactions_lists_both(big: Path) -> None:
    store = Store(big)
    everything = sorted(i.id for i in store.all_interactions())
    pairs = [(a, b) for a, b in zip(everything, everything[1:], strict=False) if a[:4] == b[:4]]
    first, second = pairs[0]
    with pytest.raises(UserError, match=f"'{first[:4]}' starts 2 interactions' ids") as raised:
        find_interaction(store, first[:4])
    assert first[:8] in str(raised.value) and second[:8] in str(raised.value)
    with pytest.raises(UserError, match="no interaction has an id starting with 'zzzzzzzz'"):
        find_interaction(store, "zzzzzzzz")
