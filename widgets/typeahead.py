"""Keys typed in one burst reach what each key before them opened, in the order typed.

Textual hands a key to the focused widget's queue and runs a binding only once the key
has come back up to the app; the keys typed right behind it are handed out before that.
So `i 4 gift enter`, typed fast or arriving in one read over SSH, went to the board, not
to the log form that `i` opened (and `4`'s move of the focus to the summary came after
the letters). Here a key from the terminal waits while the one before it is on its way
(`take`): until every message it set off has been handled (no queue of the app's
screens and widgets holds one) and the screen in front is mounted with its focus set.
Then it goes, and the keys behind it wait for it in turn. Letters typed into the text
box the letter before went to do not wait: the box takes them in order itself.
"""

from __future__ import annotations

import asyncio
import sys
import time
from collections import deque
from collections.abc import Awaitable, Callable
from typing import Any

from textual import events
from textual.app import App
from textual.message_pump import MessagePump
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Input

LOOK_SECONDS = 0.005  # how often a waiting key looks again
WAIT_AT_MOST = 0.5  # a key that has waited this long goes anyway (a screen never focused)


class TypeAhead:
    """The keys from the terminal waiting for the one before them."""

    def __init__(self, app: App[Any], handle: Callable[[events.Key], Awaitable[None]]) -> None:
        self.app = app
        self._handle = handle  # the app's handling of a key that did not wait
        self._held: deque[events.Key] = deque()
        self._busy_since: float | None = None  # the last key went (or a screen opened) then
        self._timer: Timer | None = None
        self._typed_into: Widget | None = None  # the text box the last key, a letter, went to
        self._fresh = False  # a screen opened and not settled since (see `_typing`)

    def take(self, event: events.Event) -> bool:
        """True if `event`, a key from the terminal, waits for the one before it."""
        if not isinstance(event, events.Key) or event.is_forwarded:
            return False
        now, went = time.monotonic(), self._busy_since
        if not self._held and (went is None or now - went >= WAIT_AT_MOST or self._typing(event) or self._settled()):
            self._went(event)  # (looked at only when the next key comes)
            return False
        self._held.append(event)
        self._look_soon()
        return True

    def _typing(self, key: events.Key) -> bool:
        """A letter right behind a letter into the same text box: the box takes them in
        order itself (and waiting would filter the board on half a word). Not on a screen
        just opened: the box focused there may be the one it had last time (a kept form),
        about to give the focus to the field it starts at."""
        focused = self.app.focused
        return (not self._fresh and key.is_printable and self._typed_into is not None
                and focused is self._typed_into)

    def _went(self, key: events.Key) -> None:
        self._busy_since = time.monotonic()  # (the next key, held or not yet typed, waits for it)
        focused = self.app.focused
        self._typed_into = focused if key.is_printable and _text_box(focused) else None

    def opened(self) -> None:
        """A screen opened (or the screens changed): a key now waits until it is ready."""
        self._busy_since = time.monotonic()
        self._fresh = True  # (until it has settled once)

    def came_back(self) -> None:
        """The key on its way came back up to the app: look again once its binding ran."""
        if self._held:
            self.app.call_later(self._look)

    def _look_soon(self) -> None:
        # A timer's callback runs in the timer's own task, beside whatever the app is
        # handling then (a key's binding, half done, its focus change not asked for yet):
        # the look is queued to the app instead, to run between two of its messages.
        if self._timer is None:
            self._timer = self.app.set_timer(LOOK_SECONDS, lambda: self.app.call_later(self._look))

    def _settled(self) -> bool:
        app = self.app
        if not app.screen_stack:
            return True  # (the app is closing)
        screen = app.screen
        # A screen that focuses a widget of its own once shown is ready when it has; one
        # that never does (the board: its cards take the keys, and a kept filter's box
        # stays in the focus chain unfocused) is not waited for.
        auto_focus = app.AUTO_FOCUS if screen.AUTO_FOCUS is None else screen.AUTO_FOCUS
        if not screen.is_mounted or (auto_focus and screen.focused is None and screen.focus_chain):
            return False
        if app.message_queue_size:
            return False
        if any(_busy(node) for s in app.screen_stack for node in s.walk_children(with_self=True)):
            return False
        self._fresh = False
        return True

    async def _look(self) -> None:
        self._timer = None
        while self._held:
            started, key = self._busy_since, self._held[0]
            if (started is not None and not self._typing(key) and not self._settled()
                    and time.monotonic() - started < WAIT_AT_MOST):
                self._look_soon()
                return
            if not self.app.screen_stack or not self.app.is_running:  # (the app is closing)
                self._held.clear()
                break
            key = self._held.popleft()
            self._went(key)
            await self._handle(key)


def _busy(node: MessagePump) -> bool:
    """A message waits in its queue or is being handled: the key before may be on its way
    through it (taken off a queue, a message is not counted there, but its task is done
    only once handled, and a key bubbles to the parent's queue before that)."""
    queue: asyncio.Queue[Any] = node._message_queue
    return bool(getattr(queue, "_unfinished_tasks", queue.qsize()))


def _text_box(widget: Widget | None) -> bool:
    if isinstance(widget, Input):
        return True
    area = sys.modules.get("textual.widgets._text_area")  # (loaded with the contact form only)
    return area is not None and isinstance(widget, area.TextArea)
