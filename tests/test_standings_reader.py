"""A large board's standings are read by a child process (widgets.standings_reader), out of
the UI thread's way: the same answer as the reading in a thread, shard by shard after the
board's thread gave way to keys, and the thread's own reading when no child can do it.
While a reading is under way, the board's redraws ask for the standings without taking the
store's cards again (on a large board that list is milliseconds)."""

from __future__ import annotations

import os
import subprocess
import sys
import threading

import pytest

from board.config import Config
from board.store import Store, shard_of
from tests.helpers import FIXED_NOW, add
from widgets import standings as standings_module
from widgets import standings_reader
from widgets.standings import Standings
from widgets.standings_reader import ChildGone, read_elsewhere


def _ids(store: Store) -> list[str]:
    return [c.id for c in store.contacts() if not c.archived]


def test_the_child_reads_the_same_standings_shard_by_shard(sample_store):
    ids = _ids(sample_store)
    now = sample_store.clock()
    asked: list[int] = []
    found = read_elsewhere(sample_store.root, now, ids, Config(), lambda: asked.append(1), lambda: False)
    expected = standings_module._read_by_shard(sample_store.root, sample_store.clock, ids, Config(), now,
                                               lambda: None)
    assert found == expected and found  # the sample has people owed thanks and quiet requests
    assert len(asked) == len({shard_of(i) for i in ids}) > 1  # it gave way before each shard


def test_a_board_closing_meanwhile_stops_the_child(sample_store):
    asked: list[int] = []
    found = read_elsewhere(sample_store.root, sample_store.clock(), _ids(sample_store), Config(),
                           lambda: asked.append(1), lambda: bool(asked))
    assert found is None and asked == [1]  # asked once, then told to stop: nothing read after


def test_a_failed_reading_says_why(store):
    person = add(store, "Dana Damaged")
    (store.root / "contacts" / f"{shard_of(person.id)}.json").write_text("{ not json")
    with pytest.raises(RuntimeError, match="cannot be read"):
        read_elsewhere(store.root, FIXED_NOW, [person.id], Config(), lambda: None, lambda: False)


def test_without_a_child_the_thread_reads_them_itself(sample_store, monkeypatch):
    monkeypatch.setattr(standings_reader, "COMMAND", ["/nonexistent/python"])
    with pytest.raises(ChildGone):
        read_elsewhere(sample_store.root, sample_store.clock(), _ids(sample_store), Config(),
                       lambda: None, lambda: False)
    ids, now = _ids(sample_store), sample_store.clock()
    expected = standings_module._read_by_shard(sample_store.root, sample_store.clock, ids, Config(), now,
                                               lambda: None)
    assert standings_module._read_away(sample_store.root, sample_store.clock, ids, Config(), now) == expected
    # a child that ends without an answer: the same
    monkeypatch.setattr(standings_reader, "COMMAND", ["python3", "-c", "pass"])
    assert standings_module._read_away(sample_store.root, sample_store.clock, ids, Config(), now) == expected


def test_while_reading_the_board_asks_without_taking_the_cards(sample_store, monkeypatch):
    monkeypatch.setattr(standings_module, "WAIT_UP_TO", 0)  # this board counts as large
    standing = Standings(sample_store, Config())
    held: list = []
    standing.background = lambda work, done: held.append((work, done))
    assert standing.get() == {}  # painted from cadences: the reading starts
    assert standing.reading and len(held) == 1
    taken: list[int] = []
    cards = sample_store.cards
    monkeypatch.setattr(sample_store, "cards", lambda: taken.append(1) or cards())
    for _ in range(3):  # the redraws of the keys meanwhile
        assert standing.get() == {}
    assert taken == [] and len(held) == 1
    work, done = held[0]
    result: list = []
    thread = threading.Thread(target=lambda: result.append(work()))
    thread.start()
    thread.join(60)
    done(result[0])
    assert not standing.reading and standing.get() == result[0][1] != {}


def test_the_child_reads_at_a_lower_priority_than_the_board(tmp_path):
    """The reading is seconds of CPU on a large board: the child runs niced, so that on a
    small machine the board's answer to a key never shares a core with it on equal terms."""
    code = ("import os; from widgets.standings_child import give_way_to_the_board\n"
            "before = os.nice(0); give_way_to_the_board(); print(os.nice(0) - before)")
    if os.nice(0) > 9:
        pytest.skip("this test runs niced already")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=os.path.dirname(os.path.dirname(os.path.abspath(__file__)))).stdout
    assert int(out) == 10
