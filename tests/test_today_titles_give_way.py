"""On a large board Today's next steps are worked out in a thread, and that thread waits
for the keys to pause (`widgets.background.give_way`) before it builds the network of
everyone: at 100,000 contacts that is tens of milliseconds of Python after every change,
and it took the interpreter from the key that came next (closing Today took twice as long).
"""

from __future__ import annotations

import time

from tests.helpers import screen_text, wait_until
from widgets import background as background_module


async def test_the_next_steps_wait_for_the_keys_to_pause(sample_store, make_app, monkeypatch):
    from widgets.screens import today as today_module
    from widgets.session import Session

    monkeypatch.setattr(today_module, "WAIT_UP_TO", 0)  # this board counts as large
    monkeypatch.setattr(background_module, "QUIET_SECONDS", 0.4)
    ran: list[float] = []
    job = Session.best_titles_job

    def recording(self, contacts):
        work = job(self, contacts)

        def timed():
            ran.append(time.monotonic())
            return work()

        return timed

    monkeypatch.setattr(Session, "best_titles_job", recording)
    app = make_app(sample_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("t")
        pressed = app.collector.last_input
        await wait_until(pilot, lambda: "Next step →" in screen_text(app))
        await pilot.pause()
        assert ran and ran[0] - pressed >= 0.35  # not while the key was fresh
        assert "Next step →" in screen_text(app)  # and then the steps are shown
