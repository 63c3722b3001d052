"""The name index is searched in the bytes of index.json: the same lines as its decoded
text gives, and a text damaged where no check looked is still only ignored."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from board.kinds import Stage
from board.store import Store
from board.store.files import dumps
from board.store.layout import shard_of
from board.store.names import INDEX_VERSION, parse_view
from tests.helpers import person

T0 = datetime(2024, 1, 1, 12, 0, tzinfo=UTC)

TEXTS = [
    "a\\", "a\\b", "a\\\\", 'a"b', 'b\\"', "c\x01d", "c\td", "é", "ü\\n", "ü\\\\n", "x\x7f1f", "zz",
    "q" + "\\" * 300, "q" + "\\" * 301 + "n",  # runs of backslashes longer than one look
]
PREFIXES = ["", "a", "a\\", "a\\\\", 'a"', "b", "b\\", "c", "c\x01", "c\t", "é", "ü\\", "ü\\n",
            "ü\\\\", "x", "x\x7f", "z", "zzz", "\U0010ffff",
            "q", "q" + "\\" * 300, "q" + "\\" * 301]


def _lines(text: str, prefix: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith(prefix)]


@pytest.mark.parametrize("count", [0, 1, 5, len(TEXTS)])
def test_lines_found_in_the_bytes_are_those_of_the_decoded_text(count: int) -> None:
    texts = sorted(TEXTS[:count])
    text = "".join(t + "\n" for t in texts)
    raw = dumps({"version": INDEX_VERSION, "shards": {}, "names": text, "ids": text[::-1]})
    view = parse_view(raw)
    assert (view.names, view.ids) == (text, text[::-1])
    assert view.name_lines is not None
    for prefix in PREFIXES + texts:
        assert list(view.name_lines.starting_with(prefix)) == _lines(text, prefix), prefix


@pytest.mark.parametrize("raw", [
    b'{"version":4,"shards":{},"names":"a\\n","ids":"a\\n"}x',
    b'{"version":4,"shards":{},"names":"a\\n","idz":"a\\n"}',
    b'{"version":3,"shards":{},"names":"a\\n","ids":"a\\n"}',
    b'{"version":4,"shards":{"../x":[1,2,3,4]},"names":"a\\n","ids":"a\\n"}',
    b'{"version":4,"shards":{},"names":"a\\n',
])
def test_an_index_not_as_written_is_refused_when_read(raw: bytes) -> None:
    with pytest.raises((ValueError, KeyError, TypeError)):
        parse_view(raw)


def _aged(root: Path) -> None:
    for path in root.rglob("*.json"):
        if "backups" not in path.parts:
            os.utime(path, ns=(10**18, 10**18))


def test_a_line_damaged_inside_the_index_is_ignored_and_rewritten(tmp_path: Path) -> None:
    db = Store(tmp_path / "data")
    people = [person(f"Person {n:03d}", at=T0) for n in range(300)]
    with db.transaction("bulk", backup=False) as txn:
        txn.put_many(people)
    _aged(db.root)
    db.refresh()
    db.move(people[0].id, Stage.TALKED)  # writes the index (all but that shard, just written)
    # The damaged line and the one looked up are in shards neither move rewrites: a shard
    # written within the last two seconds is left out of the index.
    moved = {shard_of(people[0].id), shard_of(people[5].id)}
    damaged, looked_up = [n for n in range(1, 300) if shard_of(people[n].id) not in moved][:2]
    index = db.root / "index.json"
    raw = index.read_bytes()
    at = raw.index(f"person {damaged:03d}".encode())
    index.write_bytes(raw[:at] + b"\\q" + raw[at + 2:])  # an escape JSON does not have
    cli = Store(db.root)
    assert cli.find(f"person {looked_up:03d}").id == people[looked_up].id  # the damage is read: all shards parsed
    shards = len(list((db.root / "contacts").glob("*.json")))
    assert len([rel for rel in cli._cache.files if rel.startswith("contacts/")]) == shards
    assert not index.exists()  # so that the next writer writes it anew
    _aged(db.root)
    cli.move(people[5].id, Stage.TALKED)
    assert b"\\q" not in index.read_bytes()
    assert Store(db.root).find(f"person {damaged:03d}").id == people[damaged].id


@settings(max_examples=200, deadline=None)
@given(
    texts=st.lists(st.text(alphabet=st.sampled_from(['a', 'b', 'n', '\\', '"', 'é', '\x01', '\t', ' ', '🦉']),
                           min_size=1, max_size=12), max_size=30),
    prefix=st.text(alphabet=st.sampled_from(['a', 'b', 'n', '\\', '"', 'é', '🦉']), max_size=4),
)
def test_any_lines_are_found_in_the_bytes_as_in_the_text(texts: list[str], prefix: str) -> None:
    text = "".join(t + "\n" for t in sorted(texts))
    view = parse_view(dumps({"version": INDEX_VERSION, "shards": {}, "names": text, "ids": text}))
    assert view.name_lines is not None and view.names == text
    assert list(view.name_lines.starting_with(prefix)) == _lines(text, prefix)
