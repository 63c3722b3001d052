"""While the log form is open, a thread reads the selected contact's interactions file
(`ContactScreen._read_ahead`): the log then finds it parsed when the form closes. A first
read of that file is half the store's part of a log on a large board."""

from __future__ import annotations

import threading

from board.model import Kind
from board.store import Store
from tests.helpers import add, wait_until


async def test_the_log_form_reads_the_contacts_history_ahead_in_a_thread(store, make_app, monkeypatch):
    ana = add(store, "Ana Lima")
    store.log(ana.id, Kind.NOTE, "an earlier note")
    read: list[tuple[str, str]] = []
    original = Store.interactions

    def recording(self, contact_id):
        read.append((threading.current_thread().name, contact_id))
        return original(self, contact_id)

    monkeypatch.setattr(Store, "interactions", recording)
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        read.clear()
        await pilot.press("i")
        await wait_until(pilot, lambda: ("trustboard-background", ana.id) in read)
        assert type(app.screen).__name__ == "LogForm"  # read while the form is open
        await pilot.press("6", *"a second note", "enter")
        await wait_until(pilot, lambda: type(app.screen).__name__ != "LogForm")
        await pilot.pause()
    assert [i.summary for i in store.interactions(ana.id)] == ["an earlier note", "a second note"]


async def test_a_damaged_history_read_ahead_says_nothing_until_the_log(store, make_app, monkeypatch):
    from board.store import shard_of

    ana = add(store, "Ana Lima")
    store.log(ana.id, Kind.NOTE, "an earlier note")
    failed: list[str] = []
    original = Store.interactions

    def recording(self, contact_id):
        try:
            return original(self, contact_id)
        except Exception:
            failed.append(threading.current_thread().name)
            raise

    monkeypatch.setattr(Store, "interactions", recording)
    app = make_app(store)
    said: list[str] = []
    notify = app.notify
    app.notify = lambda message, **kw: said.append(message) or notify(message, **kw)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        (store.root / "interactions" / f"{shard_of(ana.id)}.json").write_text("{ damaged")
        await pilot.press("i")
        await wait_until(pilot, lambda: "trustboard-background" in failed)
        await pilot.pause()
        assert type(app.screen).__name__ == "LogForm"
        assert said == []  # the thread's reading kept quiet
