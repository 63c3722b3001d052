"""Work in a board's thread gives way to the user's keys (widgets.background.give_way).

Python runs one thread at a time: the standings' reading (seconds on a large board) took
the interpreter from the UI thread every few milliseconds of every key. Between two of its
steps it now waits until no key came for `QUIET_SECONDS`.
"""

from __future__ import annotations

import threading
import time
from types import SimpleNamespace

from board.config import Config
from widgets import background as background_module
from widgets import standings as standings_module
from widgets.background import Background, give_way
from widgets.collector import Collector


class _App(SimpleNamespace):
    def call_from_thread(self, callback, *args):
        callback(*args)


def _run_in_thread(background: Background, work) -> list:
    landed: list = []
    ran = threading.Event()

    def done(result):
        landed.append(result)
        ran.set()

    background.painted = True
    background.run(work, done)
    assert ran.wait(10)
    return landed


def test_work_waits_while_keys_come_and_goes_on_once_they_stop(monkeypatch):
    monkeypatch.setattr(background_module, "QUIET_SECONDS", 0.2)
    keys = Collector()
    background = Background(_App(), keys)
    steps: list[float] = []

    def work():
        for _ in range(3):
            give_way()
            steps.append(time.monotonic())
        return "read"

    keys.input()  # a key just now
    started = time.monotonic()
    assert _run_in_thread(background, work) == ["read"]
    assert steps[0] - started >= 0.18  # the first step waited for the quiet
    assert steps[-1] - steps[0] < 0.15  # then no key came: no more waiting


def test_without_a_collector_or_outside_a_thread_nothing_waits(monkeypatch):
    monkeypatch.setattr(background_module, "QUIET_SECONDS", 5)
    keys = Collector()
    keys.input()
    started = time.monotonic()
    give_way()  # not in a Background thread
    assert _run_in_thread(Background(_App()), lambda: give_way() or "done") == ["done"]
    assert time.monotonic() - started < 2


def test_the_standings_reading_gives_way_before_each_shard(sample_store, monkeypatch):
    calls: list[int] = []
    monkeypatch.setattr(background_module, "give_way", lambda: calls.append(1))
    contacts = sample_store.contacts()
    ids = [c.id for c in contacts if not c.archived]
    now = sample_store.clock()
    found = standings_module._read_by_shard(sample_store.root, sample_store.clock, ids, Config(), now)
    from board.store import shard_of

    assert len(calls) == len({shard_of(i) for i in ids}) > 1  # one shard at a time
    assert found == standings_module._read_all(sample_store, [c for c in contacts if not c.archived], Config(), now)


async def test_a_filter_pass_counts_as_the_board_answering_keys(sample_store, make_app):
    # On a large board the pass runs once typing pauses, long after the last key: the
    # reading must wait from the pass, not from that key.
    app = make_app(sample_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.collector.last_input = 0.0
        app.screen.show_filter("lima")
        await pilot.pause()
        assert time.monotonic() - app.collector.last_input < 5
        assert "filter:" in app.screen.sub_title  # the pass ran


def test_work_still_running_when_the_board_closes_delivers_nothing_and_waits_no_more(monkeypatch):
    """(Delivering on a loop that is ending printed a RuntimeWarning after quitting.)"""
    monkeypatch.setattr(background_module, "QUIET_SECONDS", 5)
    delivered: list = []
    app = _App(call_from_thread=lambda callback, *args: delivered.append(args))
    keys = Collector()
    background = Background(app, keys)
    background.painted = True
    finished = threading.Event()

    def work():
        give_way()  # a key just came: it would wait 5 s
        finished.set()
        return "read"

    keys.input()
    background.run(work, lambda result: None)
    time.sleep(0.05)
    background.stop()  # the board's unmount
    assert finished.wait(2)
    time.sleep(0.05)
    assert delivered == []
