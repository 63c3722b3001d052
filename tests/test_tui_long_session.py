"""A long session: screens leave nothing behind, full collections wait for an idle moment.

Textual's own Footer rebuilt itself on every screen change and kept every key widget
it had ever made (the keys were data-bound to the footer), and its Header stayed
watched by the App; a day's work piled up thousands of dead widgets and made each
full garbage collection slower.
"""

from __future__ import annotations

import gc

from textual.widget import Widget
from textual.widgets._footer import FooterKey

from tests.helpers import screen_text
from widgets import collector
from widgets.chrome import KeyFooter
from widgets.collector import FULL_EVERY, IDLE_SECONDS, Collector

CYCLES = 50


def _alive() -> tuple[int, int]:
    """Footer keys and widgets alive (after a full collection)."""
    gc.collect()
    objects = gc.get_objects()
    keys = sum(1 for o in objects if isinstance(o, FooterKey))
    widgets = sum(1 for o in objects if isinstance(o, Widget))
    return keys, widgets


async def test_footer_keys_do_not_pile_up_over_50_dialog_cycles(sample_store, make_app):
    app = make_app(sample_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        board_footer = app.screen.query_one(KeyFooter)
        composed = []
        original = board_footer.recompose

        async def counted() -> None:
            composed.append(1)
            await original()

        board_footer.recompose = counted  # type: ignore[method-assign]

        async def cycle(n: int) -> None:
            await pilot.press("i")  # the log form (a dialog without a footer) ...
            await pilot.pause()
            await pilot.press("escape")  # ... and back to the board
            await pilot.pause()
            if n % 5 == 0:
                await pilot.press("t")  # Today, a full screen with its own footer
                await pilot.pause()
                await pilot.press("escape")
                await pilot.pause()

        await cycle(0)
        keys_before, widgets_before = _alive()
        composed.clear()
        for n in range(1, CYCLES + 1):
            await cycle(n)
        keys_after, widgets_after = _alive()
        assert keys_before > 0
        assert keys_after == keys_before, (keys_before, keys_after)
        assert widgets_after <= widgets_before + 5, (widgets_before, widgets_after)
        # The board's keys were the same after every dialog: its footer was never rebuilt.
        assert composed == []
        footer = screen_text(app).splitlines()[-1]
        assert "i Log" in footer and "/ Filter" in footer


async def test_footer_is_rebuilt_when_its_keys_change(sample_store, make_app):
    app = make_app(sample_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert "Board" not in screen_text(app).splitlines()[-1]
        await pilot.press("t")
        await pilot.pause()
        assert "esc Board" in screen_text(app).splitlines()[-1]
        await pilot.press("escape", "slash")  # the filter box has the focus: its keys differ
        await pilot.pause()
        footer = screen_text(app).splitlines()[-1]
        assert "esc Board" not in footer
        await pilot.press("escape")
        await pilot.pause()
        assert "i Log" in screen_text(app).splitlines()[-1]


def test_full_collections_wait_until_no_key_arrives(monkeypatch):
    saved = gc.get_threshold()
    runs = []
    monkeypatch.setattr(gc, "collect", lambda *args: runs.append(args) or 0)
    idle = Collector()
    idle.start()
    try:
        assert gc.get_threshold() == (saved[0], saved[1], FULL_EVERY)
        monkeypatch.setattr(gc, "get_count", lambda: (0, 0, 3))
        assert not idle.tick()  # the default policy would not have run one yet
        monkeypatch.setattr(gc, "get_count", lambda: (0, 0, 10))
        idle.input()
        assert not idle.tick()  # a key just arrived: no pause now
        later = idle.last_input + IDLE_SECONDS + 0.1
        monkeypatch.setattr(collector.time, "monotonic", lambda: later)
        assert idle.tick() and runs == [()]
    finally:
        idle.stop()
    assert gc.get_threshold() == saved


def test_free_memory_goes_back_once_in_each_idle_stretch(monkeypatch):
    given: list[float] = []
    clock = [1000.0]
    monkeypatch.setattr(collector.time, "monotonic", lambda: clock[0])
    monkeypatch.setattr(gc, "get_count", lambda: (0, 0, 0))  # no full collection due
    idle = Collector(give_back=lambda: given.append(clock[0]))
    idle.start()
    try:
        assert not idle.tick() and given == []  # just opened: not idle yet
        clock[0] += IDLE_SECONDS + 0.1
        idle.tick()
        idle.tick()  # still the same idle stretch: once
        assert given == [clock[0]]
        idle.input()
        idle.tick()
        assert len(given) == 1  # a key just arrived
        clock[0] += IDLE_SECONDS + 0.1
        idle.tick()
        assert len(given) == 2
    finally:
        idle.stop()


def test_giving_free_memory_back_hands_pages_to_the_system():
    if not collector._glibc():
        assert not collector.give_back_free_memory()
        return

    def resident_kib() -> int:
        with open("/proc/self/status", encoding="ascii") as status:
            return int(next(line for line in status if line.startswith("VmRSS:")).split()[1])

    held = [bytearray(16384) for _ in range(4000)]  # 64 MiB in the heap (each under mmap's threshold), touched
    del held[:-1]  # the last one kept: the heap's top cannot shrink by itself
    before = resident_kib()
    assert collector.give_back_free_memory()
    assert resident_kib() < before - 32 * 1024  # most of the 64 MiB freed went back
