"""Copying text so it reaches the user's clipboard wherever they are.

Three ways, tried together:

- OSC 52, an escape sequence the terminal turns into a clipboard write. It travels
  through SSH to the user's own terminal. Whether the terminal honoured it cannot be
  known. Inside tmux it counts only with `set-clipboard on`: with tmux's default
  (`external`) tmux drops an application's OSC 52.
- tmux itself, when `$TMUX` is set: `tmux load-buffer -w -` fills tmux's buffer (paste
  with prefix `]`) and, on tmux 3.2 and later, passes it on to the outer terminal's
  clipboard — with tmux's defaults too.
- pyperclip, the system clipboard of the machine running trustboard. It has no backend
  without a display (`DISPLAY`/`WAYLAND_DISPLAY`) on Linux, which is normal on a server.

Nothing here raises: a clipboard that is not there is reported, never a crash, and the
notice (`describe_copy`) names only the ways that took the text. The board sends OSC 52
through Textual's `App.copy_to_clipboard` (with `payload(text)`) and the rest with
`copy_elsewhere`; the CLI uses `copy_cli`.

Every payload is cleaned first (`payload`): the text may hold a name from an imported
file, and a control character on the clipboard would reach whatever the user pastes
into — a shell, another terminal.
"""

from __future__ import annotations

import base64
import os
import subprocess
import sys
import threading
from dataclasses import dataclass

from board.text import safe

SYSTEM_TIMEOUT = 2.0  # seconds; a stuck clipboard helper must not freeze the board
TMUX_TIMEOUT = 2.0
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
            copier(payload(text))  # type: ignore[operator]  # pyperclip types its copier as possibly None
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


@dataclass(frozen=True, slots=True)
class TmuxCopy:
    """What tmux did with a copy: kept it in its buffer, passed it on, lets OSC 52 through."""

    buffer: bool  # tmux's buffer holds the text
    forwarded: bool  # tmux passes it on to the outer terminal's clipboard (`load-buffer -w`)
    osc52_passes: bool  # `set-clipboard on`: an application's OSC 52 reaches the terminal too


def _tmux(*args: str, data: bytes | None = None) -> subprocess.CompletedProcess[bytes] | None:
    try:
        return subprocess.run(
            ["tmux", *args], input=data, capture_output=True, timeout=TMUX_TIMEOUT, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return None


def copy_tmux(text: str) -> TmuxCopy | None:
    """Hand `text` to the tmux this runs in; None when not inside tmux (`$TMUX` unset)."""
    if not os.environ.get("TMUX"):
        return None
    shown = _tmux("show-options", "-gv", "set-clipboard")
    mode = shown.stdout.decode(errors="replace").strip() if shown and shown.returncode == 0 else ""
    data = payload(text).encode("utf-8")
    loaded = _tmux("load-buffer", "-w", "-", data=data)
    forwarded = loaded is not None and loaded.returncode == 0
    if not forwarded:  # tmux before 3.2 has no -w: its buffer, at least
        loaded = _tmux("load-buffer", "-", data=data)
    buffer = loaded is not None and loaded.returncode == 0
    return TmuxCopy(buffer=buffer, forwarded=forwarded and mode != "off", osc52_passes=mode == "on")


def describe_copy(terminal: bool, system: bool, tmux: TmuxCopy | None = None) -> str:
    """The notice after a copy, naming only the ways that took the text."""
    also = " and system clipboard" if system else ""
    if tmux is not None and tmux.buffer:
        if terminal:  # set-clipboard on: tmux let the OSC 52 through to the terminal
            return f"Copied via terminal (OSC 52) and tmux's buffer{also}"
        if tmux.forwarded:
            return f"Copied to tmux's buffer and your terminal{also}"
        return f"Copied to tmux's buffer{also}"
    if terminal and system:
        return "Copied via terminal (OSC 52) and system clipboard"
    if terminal:
        return "Copied via terminal (OSC 52)"
    if system:
        return "Copied to the system clipboard"
    return "No clipboard reachable: select the text by hand"


def osc52_counts(tmux: TmuxCopy | None) -> bool:
    """Whether an OSC 52 sent now reaches the terminal: always outside tmux, inside it
    only with `set-clipboard on` (tmux's default drops it)."""
    return tmux is None or tmux.osc52_passes


@dataclass(frozen=True, slots=True)
class CopyResult:
    """Which ways a copy went: the terminal (OSC 52), the system clipboard, tmux."""

    terminal: bool
    system: bool
    tmux: TmuxCopy | None = None

    @property
    def copied(self) -> bool:
        return self.terminal or self.system or (self.tmux is not None and self.tmux.buffer)

    @property
    def notice(self) -> str:
        return describe_copy(self.terminal, self.system, self.tmux)


def copy_elsewhere(text: str) -> CopyResult:
    """After OSC 52 was sent: tmux and the system clipboard too (the board's copy).

    Blocks up to a few seconds on a stuck helper: call it from a thread.
    """
    tmux = copy_tmux(text)
    return CopyResult(terminal=osc52_counts(tmux), system=copy_system(text), tmux=tmux)


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
    terminal (`tty`), tmux when inside it, and pyperclip. Reports which ways worked."""
    terminal = write_terminal(text, tty_path) if tty else False
    tmux = copy_tmux(text)
    return CopyResult(
        terminal=terminal and osc52_counts(tmux), system=copy_system(text), tmux=tmux
    )
