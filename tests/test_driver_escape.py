"""A lone esc reaches the board when its escape delay ends, not at the input loop's 0.1 s.

The input loop is run on a pipe: keys and escape sequences parse as Textual's do, and
while a lone esc waits, the loop selects no longer than the delay still to go.
"""

from __future__ import annotations

import os
import selectors
import threading
import time

import pytest
from textual import constants, events

from widgets.driver import IDLE_WAIT, PromptDriver, prompt_driver


def test_only_the_linux_driver_is_replaced() -> None:
    from textual.drivers.headless_driver import HeadlessDriver
    from textual.drivers.linux_driver import LinuxDriver

    assert prompt_driver(LinuxDriver) is PromptDriver
    assert prompt_driver(HeadlessDriver) is HeadlessDriver


def test_keys_parse_and_a_lone_escape_waits_only_its_delay(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(constants, "ESCAPE_DELAY", 0.005)
    timeouts: list[float | None] = []
    select = selectors.SelectSelector.select

    def recording(self: selectors.SelectSelector, timeout: float | None = None) -> list:  # type: ignore[type-arg]
        timeouts.append(timeout)
        return select(self, timeout)

    monkeypatch.setattr(selectors.SelectSelector, "select", recording)
    read, write = os.pipe()
    driver = PromptDriver.__new__(PromptDriver)  # no terminal: only the input loop runs
    driver.fileno, driver._debug, driver.exit_event = read, False, threading.Event()
    keys: list[str] = []
    driver.process_message = lambda message: keys.append(message.key) if isinstance(message, events.Key) else None  # type: ignore[method-assign]
    thread = threading.Thread(target=driver.run_input_thread, daemon=True)
    thread.start()

    def until(n: int) -> None:
        deadline = time.monotonic() + 5
        while len(keys) < n and time.monotonic() < deadline:
            time.sleep(0.001)

    try:
        os.write(write, b"\x1b[D")  # an arrow: one sequence, one key
        until(1)
        before = len(timeouts)
        os.write(write, b"\x1b")  # a lone esc
        until(2)
        os.write(write, b"a")
        until(3)
    finally:
        driver.exit_event.set()
        os.close(write)
        thread.join(timeout=2)
        os.close(read)
    assert keys == ["left", "escape", "a"]
    waits = [t for t in timeouts[before:] if t is not None]
    assert waits and min(waits) <= 0.005 < IDLE_WAIT  # the esc's wait, not the idle 0.1 s
