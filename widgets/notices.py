"""Notices: what one says and how long it stays, and `NoticeApp`, the app base that shows
them so: wrapped to a few lines, up long enough to read.

Notices carry import summaries, sync hints and sentences naming files: cut to one line
they were unreadable at 80 columns. Each line of a message stays a line (an import
summary is a headline and its details), wrapped to the width the notice has; past
`MAX_LINES` the last line shown ends with "…". A notice stays up for the time it takes
to read it, and never less than the caller asked for.
"""

from __future__ import annotations

import textwrap
import time

from textual.app import App
from textual.notifications import SeverityLevel

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
            self._clear_notices()
        self._shown.append((severity, now + timeout))
        super().notify(text, severity=severity, timeout=timeout, markup=False)

    def _clear_notices(self) -> None:
        # Textual (8.2) removes a cleared toast but not the holder around it, which
        # keeps a line: the next notice would appear one line lower each time. So the
        # holders go first, their toasts with them.
        for screen in self.screen_stack:
            screen.query("ToastHolder").remove()
        self.clear_notifications()
        self._shown = []
