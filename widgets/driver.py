"""The terminal driver: Textual's, but a lone `esc` arrives when its escape delay ends.

A terminal sends `esc` alone for the key and as the start of longer sequences (arrows,
function keys), so Textual waits `ESCDELAY` (100 ms, or what the environment says) for
more before it reports the key. Textual's Linux input thread (8.2) only checks that
wait when its `select` returns, and it selects with a fixed 0.1 s timeout: a lone `esc`
reaches the board 100 ms late whatever `ESCDELAY` says. The board's `esc` keys (clear
the filter, leave Today, close a form) then felt slow although the work took a few ms.
`PromptDriver` runs the same input loop, selecting no longer than the parser's wait.
"""

from __future__ import annotations

import os
import selectors
from codecs import getincrementaldecoder

from textual._loop import loop_last
from textual._parser import ParseError
from textual._time import get_time
from textual._xterm_parser import XTermParser
from textual.driver import Driver
from textual.drivers.linux_driver import LinuxDriver

IDLE_WAIT = 0.1  # seconds: Textual's own select timeout, kept while nothing is pending


class PromptDriver(LinuxDriver):
    """Textual's Linux driver, whose input thread wakes when a pending escape is due."""

    def run_input_thread(self) -> None:
        """Textual's `LinuxDriver.run_input_thread` (8.2), with the select timeout cut to
        the parser's pending wait (a lone `esc`)."""
        selector = selectors.SelectSelector()
        selector.register(self.fileno, selectors.EVENT_READ)
        fileno = self.fileno
        parser = XTermParser(self._debug)
        feed, tick = parser.feed, parser.tick
        decode = getincrementaldecoder("utf-8")().decode

        def process_selector_events(
            selector_events: list[tuple[selectors.SelectorKey, int]], final: bool = False
        ) -> None:
            for last, (_selector_key, mask) in loop_last(selector_events):
                if mask & selectors.EVENT_READ:
                    unicode_data = decode(os.read(fileno, 1024 * 4), final=final and last)
                    if not unicode_data:
                        break  # stdin is piped
                    for event in feed(unicode_data):
                        self.process_message(event)
            for event in tick():
                self.process_message(event)

        def wait() -> float:
            due = parser._timeout_time  # set while a lone esc may still start a sequence
            return IDLE_WAIT if due is None else max(0.0, min(IDLE_WAIT, due - get_time()))

        try:
            while not self.exit_event.is_set():
                process_selector_events(selector.select(wait()))
            selector.unregister(self.fileno)
            process_selector_events(selector.select(IDLE_WAIT), final=True)
        finally:
            selector.close()
            try:
                for _event in feed(""):
                    pass
            except (EOFError, ParseError):
                pass


def prompt_driver(default: type[Driver]) -> type[Driver]:
    """`PromptDriver` where Textual would use its Linux driver; else Textual's choice."""
    return PromptDriver if default is LinuxDriver else default
