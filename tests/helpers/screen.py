"""Read what a Textual app shows, as plain text lines (for asserting on the screen).

Built on `App.export_screenshot()`, Textual's public way to capture the screen: the SVG
it returns holds one `<text>` element per run of equally styled characters, placed at
its cell column, so the lines can be put back together cell by cell.
"""

from __future__ import annotations

import html
import re
import time
from collections.abc import Callable
from typing import Any
from weakref import WeakKeyDictionary

from textual.app import App
from textual.command import CommandPalette
from textual.pilot import Pilot
from textual.widgets import OptionList

from board.text import cells

# Rich's SVG export: characters 0.61 × 20 px wide, lines 1.22 × 20 px apart, baseline
# one character height below the top of the line.
CHAR_WIDTH = 20 * 0.61
LINE_HEIGHT = 20 * 1.22
CHAR_HEIGHT = 20
_TEXT = re.compile(
    r'<text class="[\w-]+-r\d+" x="(?P<x>[\d.]+)" y="(?P<y>[\d.]+)"[^>]*>(?P<text>[^<]*)</text>'
)


def svg_text(svg: str) -> str:
    """The characters of a Rich/Textual SVG screenshot as lines of plain text."""
    rows: dict[int, list[tuple[int, str]]] = {}
    for match in _TEXT.finditer(svg):
        row = round((float(match["y"]) - CHAR_HEIGHT) / LINE_HEIGHT)
        column = round(float(match["x"]) / CHAR_WIDTH)
        text = html.unescape(match["text"]).replace("\xa0", " ")
        rows.setdefault(row, []).append((column, text))
    lines = []
    for row in range(max(rows, default=-1) + 1):
        line = ""
        for column, text in sorted(rows.get(row, [])):
            line += " " * max(0, column - cells(line)) + text
        lines.append(line.rstrip())
    return "\n".join(lines)


def screen_text(app: App[Any]) -> str:
    """The visible screen (including modals on top) as lines of plain text."""
    return svg_text(app.export_screenshot())


_SEEN: WeakKeyDictionary[App[Any], list[tuple[str, str]]] = WeakKeyDictionary()


def notices(app: App[Any]) -> str:
    """Every notification the app has shown (title and message), one per line.

    `watch_notices` must have been called on the app before it ran (the `make_app`
    fixture does): it records each call of the public `App.notify`.
    """
    return "\n".join(f"{title}: {message}" for title, message in _SEEN.get(app, []))


def watch_notices(app: App[Any]) -> App[Any]:
    """Record every notification `app` shows, for `notices`."""
    seen = _SEEN.setdefault(app, [])
    notify = app.notify

    def recording(message: str, *, title: str = "", **options: Any) -> None:
        seen.append((title, str(message)))
        notify(message, title=title, **options)

    app.notify = recording  # type: ignore[method-assign]
    return app


async def wait_until(pilot: Pilot[Any], condition: Callable[[], bool], timeout: float = 5.0) -> None:
    """Let the app run until `condition()` holds (a palette search, a worker); fail after `timeout`."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"still not true after {timeout}s; the screen:\n{screen_text(pilot.app)}")
        await pilot.pause(0.02)


def palette_entries(app: App[Any]) -> list[str]:
    """The text of each entry the command palette lists, top first ([] when closed)."""
    screen = app.screen
    if not isinstance(screen, CommandPalette):
        return []
    options = screen.query_one(OptionList)
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


def palette_choice(app: App[Any]) -> str:
    """The text of the command palette's highlighted entry ('' when it shows none)."""
    screen = app.screen
    if not isinstance(screen, CommandPalette):
        return ""
    options = screen.query_one(OptionList)
    if options.highlighted is None:
        return ""
    return str(options.get_option_at_index(options.highlighted).prompt)
