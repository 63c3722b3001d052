"""Notices: what one says and how long it stays, and `NoticeApp`, the app base that shows
them so: wrapped to a few lines, up long enough to read.

Notices carry import summaries, sync hints and sentences naming files: cut to one line
they were unreadable at 80 columns. Each line of a message stays a line (an import
summary is a headline and its details), wrapped to the width the notice has; past
`MAX_LINES` the last line shown ends with "…". A notice stays up for the time it takes
to read it, and never less than the caller asked for.

A notice that replaces the one shown takes its place: the same toast shows the new
words, on every screen that shows it. (Textual's way, removing a toast and mounting
another, costs the screen two more layouts and frames: a log or an edit closing, or
Today opening while a notice is up, then takes twice as long.)
"""

from __future__ import annotations

import textwrap
import time

from textual.app import App
from textual.content import Content
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.widgets._toast import Toast

from board.text import fit, safe, safe_line

MAX_LINES = 6  # a notice covers the top of the screen: a few lines, never the whole board
FRAME = 3  # cells a notice takes around its text: the severity bar and one space each side
READ_CHARS_PER_SECOND = 15.0  # about 180 words a minute, unhurried
READ_AT_LEAST = 3.0  # seconds: to notice it at all
READ_AT_MOST = 60.0


def notice_lines(message: str, title: str, width: int) -> list[str]:
    """`message` (led by `title` unless it starts with it) as the lines a notice shows.

    `width` is the screen's: the text is wrapped to what is left inside the notice's frame.
    """
    lines = [line.rstrip() for line in safe(message).splitlines() if line.strip()]
    title = safe_line(title)
    if title and not (lines and lines[0].startswith(title)):
        lines = [f"{title}: {lines[0] if lines else ''}".rstrip(": ")] + lines[1:]
    room = max(10, width - FRAME)
    shown: list[str] = []
    for line in lines:
        indent = line[: len(line) - len(line.lstrip())]
        shown.extend(textwrap.wrap(line, room, subsequent_indent=indent + "  ",
                                   break_long_words=True, break_on_hyphens=False) or [""])
    if len(shown) > MAX_LINES:
        shown = shown[:MAX_LINES]
        shown[-1] = fit(shown[-1] + " …", room) if len(shown[-1]) + 2 > room else shown[-1] + " …"
    return shown


def lines(text: str, toast: Toast, width: int) -> int:
    """The lines `text` takes in `toast` at `width` cells."""
    # As Textual measures a widget's content (Widget._get_content_height passes its styles).
    return Content(text).get_height(toast.styles, width)  # type: ignore[arg-type]


def reading_seconds(text: str, asked: float) -> float:
    """How long a notice holding `text` stays up: long enough to read, at least `asked`."""
    needed = READ_AT_LEAST + len(text) / READ_CHARS_PER_SECOND
    return max(asked, min(READ_AT_MOST, needed))


class NoticeApp(App[None]):
    """An app whose notices are plain text, a few lines long, up long enough to read,
    and do not pile up."""

    def __init__(self) -> None:
        super().__init__()
        self._shown: list[tuple[str, float]] = []  # notices on screen: severity, until when

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Show a notice at the top right: plain text, clean of control characters, wrapped
        to a few lines (`widgets.notices`) and up long enough to read.

        Every notice passes here. They hold names, file names and sentences quoting the
        user's data, so they are never markup. A title the message does not already
        start with leads the first line (no repeated title). A new piece of information
        replaces the information shown before, so notices do not stack up over what
        the user reads next; a warning or an error stays until it times out.
        """
        text = "\n".join(notice_lines(message, title, self.size.width))
        timeout = reading_seconds(text, self.NOTIFICATION_TIMEOUT if timeout is None else timeout)
        now = time.monotonic()
        self._shown = [(level, until) for level, until in self._shown if until > now]
        if severity == "information" and all(level == "information" for level, _ in self._shown):
            if self._replace_shown(text, timeout):
                self._shown = [(severity, now + timeout)]
                return
            self._clear_notices()
        self._shown.append((severity, now + timeout))
        super().notify(text, severity=severity, timeout=timeout, markup=False)

    def _replace_shown(self, text: str, timeout: float) -> bool:
        """Put `text` in the place of the one information notice shown, if there is one."""
        shown = list(self._notifications)  # (those not expired)
        if len(shown) != 1 or shown[0].severity != "information":
            return False
        notice = shown[0]
        toasts = [toast for toast in self._toasts() if toast._notification is notice]
        before = notice.message
        notice.message, notice.raised_at, notice.timeout = text, time.time(), timeout
        for toast in toasts:
            for timer in list(toast._timers):  # its time to go starts again
                timer.stop()
            toast.set_timer(timeout, toast._expire)
            # A layout only if the new words take more lines or fewer: else a repaint,
            # which joins the frame the screen draws anyway.
            width = toast.content_size.width
            toast.refresh(layout=not width or lines(before, toast, width) != lines(text, toast, width))
        return True

    def _toasts(self) -> list[Toast]:
        """Every toast on a screen of the app: those open and those kept for later."""
        screens: list[Screen[object]] = list(self.screen_stack)
        screens += [s for s in self._installed_screens.values() if isinstance(s, Screen) and s not in screens]
        return [toast for screen in screens if screen.is_mounted for toast in screen.query(Toast)]

    def _clear_notices(self) -> None:
        # Textual (8.2) removes a cleared toast but not the holder around it, which
        # keeps a line: the next notice would appear one line lower each time. So the
        # holders go first, their toasts with them.
        for screen in self.screen_stack:
            screen.query("ToastHolder").remove()
        self.clear_notifications()
        self._shown = []
