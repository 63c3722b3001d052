"""On a large board Today works out its next steps in a thread that waits for the keys to
pause, and each such thread builds the network of everyone (half a second of Python at
100,000 contacts). Today opened again after every change used to send one each: the
keys' first pause set them all off together, over the keys that followed. Now one is out
at a time, and one that finds the data changed before it began builds nothing.
"""

from __future__ import annotations

import threading

from tests.helpers import screen_text, wait_until


async def test_one_thread_at_a_time_and_none_for_data_out_of_date(sample_store, make_app, monkeypatch):
    from widgets.screens import today as today_module
    from widgets.session import Session

    monkeypatch.setattr(today_module, "WAIT_UP_TO", 0)  # this board counts as large
    gate = threading.Event()  # the keys' pause, when the test says so
    monkeypatch.setattr(today_module, "give_way", lambda: gate.wait(10))
    sent: list[set[str]] = []
    ran: list[set[str]] = []
    job = Session.best_titles_job

    def recording(self, contacts):
        ids = {c.id for c in contacts}
        sent.append(ids)
        work = job(self, contacts)

        def counted():
            ran.append(ids)
            return work()

        return counted

    monkeypatch.setattr(Session, "best_titles_job", recording)
    app = make_app(sample_store)
    async with app.run_test(size=(100, 30)) as pilot:
        for title in ("Chief of Everything", "Chief of Something", "Chief of Nothing"):
            await pilot.press("t")
            await pilot.pause()
            top = app.screen.selected_contact()
            await pilot.press("escape")
            await pilot.pause()
            sample_store.update_contact(top.copy(title=title))  # a new version of the data
            app.data_changed(None, {top.id})
            await pilot.pause()
        await pilot.press("t")
        await pilot.pause()
        assert len(sent) == 1  # the first is still waiting for the pause: no second one
        assert "Next step →" not in screen_text(app)
        gate.set()
        await wait_until(pilot, lambda: "Next step →" in screen_text(app))
        await pilot.pause()
        assert len(sent) == 2  # the first found the data changed; the second, all that is wanted now
        assert len(ran) == 1  # and only the second built a network and ranked messages
        assert app.session._network is not None
        today = app.screen.queue[0].contact
        assert app.screen.next_step(today)  # the top row's step is known, and shown
        assert f"Next step → {app.screen.next_step(today)}" in screen_text(app)
