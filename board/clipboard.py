"""Copying text so it reaches the user's clipboard wherever they are.

Two ways, tried together:

- OSC 52, an escape sequence the terminal turns into a clipboard write. It travels
  through SSH to the user's own terminal, and tmux honours it with
  `set -g set-clipboard on` (tmux keeps it in its buffer and passes it on), so no
  passthrough wrapping is needed. Whether the terminal honoured it cannot be known.
- pyperclip, the system clipboard of the machine running trustboard. It has no backend
  without a display (`DISPLAY`/`WAYLAND_DISPLAY`) on Linux, which is normal on a server.

Nothing here raises: a clipboard that is not there is reported, never a crash. The board
sends OSC 52 through Textual's `App.copy_to_clipboard` (with `payload(text)`); the CLI
uses `copy_cli`.

Every payload is cleaned first (`payload`): the text may hold a name from an imported
file, and a control character on the clipboard would reach whatever the user pastes
into — a shell, another terminal.
"""

from __future__ import annotations

import base64
import os
import sys
import threading
from dataclasses import dataclass

from board.text import safe

SYSTEM_TIMEOUT = 2.0  # seconds; a stuck clipboard helper must not freeze the board
_backends: dict[tuple[str, ...], object] = {}


def payload(text: str) -> str:
    """What may go on a clipboard: `text` without control or bidi characters (lines kept)."""
    return safe(text)


def osc52(text: str) -> str:
    """The OSC 52 sequence that asks the terminal to put `text` on the clipboard."""
    encoded = base64.b64encode(payload(text).encode("utf-8")).decode("ascii")
    return f"\x1b]52;c;{encoded}\x07"


def _system_copier() -> object:
    """pyperclip's copy function for the current display and PATH (looked up once each).

    pyperclip picks its backend on first use and keeps it; looking it up per setting
    keeps the answer right when the environment differs (tests, a re-attached session
    with a new DISPLAY).
    """
    import pyperclip

    key = tuple(os.environ.get(name, "") for name in ("DISPLAY", "WAYLAND_DISPLAY", "PATH"))
    if key not in _backends:
        copy, _paste = pyperclip.determine_clipboard()
        _backends[key] = copy
    return _backends[key]


def copy_system(text: str) -> bool:
    """Put `text` on the system clipboard with pyperclip; False when there is none."""
    import pyperclip

    outcome: list[bool] = []

    def attempt() -> None:
        try:
            copier = _system_copier()
            if not copier:  # pyperclip's "no clipboard" stub is falsy
                outcome.append(False)
                return
            copier(payload(text))  # type: ignore[operator]
            outcome.append(True)
        except (pyperclip.PyperclipException, OSError, RuntimeError, ValueError):
            outcome.append(False)

    worker = threading.Thread(target=attempt, name="trustboard-clipboard", daemon=True)
    worker.start()
    worker.join(SYSTEM_TIMEOUT)
    return bool(outcome and outcome[0])


def system_unavailable_reason() -> str:
    """Why the system clipboard is likely missing, in words for the user."""
    if sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    ):
        return "no DISPLAY or WAYLAND_DISPLAY, so no system clipboard"
    return "no system clipboard tool (install xclip, xsel or wl-clipboard)"


def describe_copy(terminal: bool, system: bool) -> str:
    """The notice after a copy, saying which way the text went."""
    if terminal and system:
        return "Copied via terminal (OSC 52) and system clipboard"
    if terminal:
        return "Copied via terminal (OSC 52)"
    if system:
        return "Copied to the system clipboard"
    return "No clipboard reachable: select the text by hand"


@dataclass(frozen=True, slots=True)
class CopyResult:
    """Which ways a copy went: through the terminal (OSC 52), the system clipboard."""

    terminal: bool
    system: bool

    @property
    def copied(self) -> bool:
        return self.terminal or self.system

    @property
    def notice(self) -> str:
        return describe_copy(self.terminal, self.system)


def write_terminal(text: str, tty_path: str = "/dev/tty") -> bool:
    """Send OSC 52 for `text` to the controlling terminal; False if there is none."""
    try:
        fd = os.open(tty_path, os.O_WRONLY | getattr(os, "O_NOCTTY", 0))
    except OSError:
        return False
    try:
        data = osc52(text).encode("ascii")
        while data:
            data = data[os.write(fd, data) :]
        return True
    except OSError:
        return False
    finally:
        os.close(fd)


def copy_cli(text: str, *, tty: bool, tty_path: str = "/dev/tty") -> CopyResult:
    """Copy for the command line: OSC 52 to the controlling terminal when stdout is a
    terminal (`tty`), and pyperclip. Reports which ways worked."""
    terminal = write_terminal(text, tty_path) if tty else False
    return CopyResult(terminal=terminal, system=copy_system(text))
