"""What a notice says and how long it stays: wrapped to a few lines, up long enough to read.

Notices carry import summaries, sync hints and sentences naming files: cut to one line
they were unreadable at 80 columns. Each line of a message stays a line (an import
summary is a headline and its details), wrapped to the width the notice has; past
`MAX_LINES` the last line shown ends with "…". A notice stays up for the time it takes
to read it, and never less than the caller asked for.
"""

from __future__ import annotations

import textwrap

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
