"""Copying: OSC 52 through the terminal, pyperclip for the system clipboard, and the
notice saying which worked — never a crash when there is no clipboard at all."""

from __future__ import annotations

import base64
import os
import re
import time
from pathlib import Path

import pyperclip
import pytest

from board import clipboard
from board.clipboard import CopyResult, copy_cli, copy_system, describe_copy, osc52, write_terminal

MESSAGE = "Hi Ana,\n\nThanks for the connection request — coffee? ☕"


@pytest.fixture
def no_display(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.setattr(clipboard, "_backends", {})


def _decode(sequence: str) -> str:
    match = re.fullmatch(r"\x1b\]52;c;([A-Za-z0-9+/=]*)\x07", sequence)
    assert match, repr(sequence)
    return base64.b64decode(match.group(1)).decode("utf-8")


def test_osc52_carries_the_text_base64_encoded() -> None:
    assert osc52("hi") == "\x1b]52;c;aGk=\x07"
    assert _decode(osc52(MESSAGE)) == MESSAGE
    assert _decode(osc52("")) == ""


@pytest.mark.usefixtures("no_display")
def test_without_a_display_the_system_clipboard_reports_false_without_raising() -> None:
    assert copy_system(MESSAGE) is False
    assert "DISPLAY" in clipboard.system_unavailable_reason()


@pytest.mark.usefixtures("no_display")
def test_without_a_display_copy_still_succeeds_through_the_terminal(tmp_path: Path) -> None:
    master, slave = os.openpty()
    try:
        result = copy_cli(MESSAGE, tty=True, tty_path=os.ttyname(slave))
        assert result == CopyResult(terminal=True, system=False)
        assert result.copied
        assert result.notice == "Copied via terminal (OSC 52)"
        written = os.read(master, 65536).decode("ascii")
        assert _decode(written) == MESSAGE
    finally:
        os.close(master)
        os.close(slave)


@pytest.mark.usefixtures("no_display")
def test_no_terminal_and_no_display_means_nothing_copied_and_says_so() -> None:
    result = copy_cli(MESSAGE, tty=False)
    assert result == CopyResult(terminal=False, system=False)
    assert not result.copied
    assert result.notice == "No clipboard reachable: select the text by hand"


def test_a_terminal_that_cannot_be_opened_is_reported_not_raised(tmp_path: Path) -> None:
    assert write_terminal(MESSAGE, str(tmp_path / "no-such-tty")) is False


def test_pyperclip_with_a_real_backend_on_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With a display and an `xclip` on PATH, pyperclip hands it the text."""
    out = tmp_path / "clipboard.txt"
    fake = tmp_path / "bin" / "xclip"
    fake.parent.mkdir()
    fake.write_text(f'#!/bin/sh\ncat > "{out}"\n')
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{fake.parent}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("DISPLAY", ":99")
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.setattr(clipboard, "_backends", {})
    assert copy_system(MESSAGE) is True
    assert out.read_text("utf-8") == MESSAGE


@pytest.mark.parametrize(
    "error", [pyperclip.PyperclipException("no backend"), OSError(5, "I/O error"), RuntimeError("x")]
)
def test_backend_failures_are_caught(monkeypatch: pytest.MonkeyPatch, error: Exception) -> None:
    def broken(_text: str) -> None:
        raise error

    monkeypatch.setattr(clipboard, "_system_copier", lambda: broken)
    assert copy_system(MESSAGE) is False


def test_a_stuck_backend_does_not_freeze_the_caller(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clipboard, "_system_copier", lambda: lambda _text: time.sleep(3))
    monkeypatch.setattr(clipboard, "SYSTEM_TIMEOUT", 0.2)
    started = time.perf_counter()
    assert copy_system(MESSAGE) is False
    assert time.perf_counter() - started < 1.5


def test_describe_copy_names_each_way() -> None:
    assert describe_copy(True, True) == "Copied via terminal (OSC 52) and system clipboard"
    assert describe_copy(True, False) == "Copied via terminal (OSC 52)"
    assert describe_copy(False, True) == "Copied to the system clipboard"
    assert describe_copy(False, False) == "No clipboard reachable: select the text by hand"
    assert CopyResult(False, True).copied and CopyResult(False, True).notice.startswith("Copied")


HOSTILE = "Hi Zed\x1b]52;c;ZXZpbA==\x07\x1b]0;t\x07\x1b[2J\x9b31m\u202eok\u202c,\n\tsee you"


def test_every_payload_is_cleaned_of_control_characters(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """OSC 52, the terminal write and pyperclip all carry the cleaned text (lines and tabs kept)."""
    clean = "Hi Zed]52;c;ZXZpbA==]0;t[2J31mok,\n\tsee you"
    assert clipboard.payload(HOSTILE) == clean
    assert _decode(osc52(HOSTILE)) == clean
    master, slave = os.openpty()
    try:
        assert write_terminal(HOSTILE, os.ttyname(slave))
        assert _decode(os.read(master, 65536).decode("ascii")) == clean
    finally:
        os.close(master)
        os.close(slave)
    out = tmp_path / "clipboard.txt"
    fake = tmp_path / "bin" / "xclip"
    fake.parent.mkdir()
    fake.write_text(f'#!/bin/sh\ncat > "{out}"\n')
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{fake.parent}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("DISPLAY", ":99")
    monkeypatch.setattr(clipboard, "_backends", {})
    assert copy_system(HOSTILE) is True
    assert out.read_text("utf-8") == clean


def _fake_tmux(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, mode: str, *, has_w: bool = True) -> Path:
    """A `tmux` on PATH that answers `show-options` with `mode` and keeps what it loads."""
    log = tmp_path / "tmux.log"
    buffer = tmp_path / "tmux.buffer"
    fake = tmp_path / "bin" / "tmux"
    fake.parent.mkdir(exist_ok=True)
    fake.write_text(
        "#!/bin/sh\n"
        f'echo "$@" >> "{log}"\n'
        f'if [ "$1" = show-options ]; then echo {mode}; exit 0; fi\n'
        + ('if [ "$2" = -w ]; then echo "unknown flag -w" >&2; exit 1; fi\n' if not has_w else "")
        + f'if [ "$1" = load-buffer ]; then cat > "{buffer}"; exit 0; fi\n'
        "exit 1\n"
    )
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{fake.parent}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("TMUX", "/tmp/tmux-0/default,1,0")
    return buffer


@pytest.mark.usefixtures("no_display")
def test_inside_tmux_with_its_defaults_the_text_goes_to_tmux_and_the_notice_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    buffer = _fake_tmux(tmp_path, monkeypatch, "external")
    result = clipboard.copy_elsewhere(HOSTILE)
    assert buffer.read_text("utf-8") == clipboard.payload(HOSTILE)  # cleaned, like every payload
    assert result.tmux == clipboard.TmuxCopy(buffer=True, forwarded=True, osc52_passes=False)
    assert not result.terminal  # tmux's default drops an application's OSC 52: not claimed
    assert result.notice == "Copied to tmux's buffer and your terminal"
    assert "load-buffer -w -" in (tmp_path / "tmux.log").read_text()


@pytest.mark.usefixtures("no_display")
def test_tmux_modes_and_an_old_tmux_are_told_truthfully(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _fake_tmux(tmp_path, monkeypatch, "off")
    result = clipboard.copy_elsewhere(MESSAGE)
    assert result.notice == "Copied to tmux's buffer" and not result.terminal
    _fake_tmux(tmp_path, monkeypatch, "on")
    result = clipboard.copy_elsewhere(MESSAGE)
    assert result.terminal  # set-clipboard on lets OSC 52 through
    assert result.notice == "Copied via terminal (OSC 52) and tmux's buffer"
    buffer = _fake_tmux(tmp_path, monkeypatch, "external", has_w=False)  # tmux before 3.2
    result = clipboard.copy_elsewhere(MESSAGE)
    assert buffer.read_text("utf-8") == MESSAGE
    assert result.tmux == clipboard.TmuxCopy(buffer=True, forwarded=False, osc52_passes=False)
    assert result.notice == "Copied to tmux's buffer"


@pytest.mark.usefixtures("no_display")
def test_a_tmux_that_cannot_be_run_is_reported_not_raised(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TMUX", "/tmp/tmux-0/default,1,0")
    monkeypatch.setenv("PATH", str(tmp_path))  # no tmux here
    result = clipboard.copy_elsewhere(MESSAGE)
    assert result.tmux == clipboard.TmuxCopy(buffer=False, forwarded=False, osc52_passes=False)
    assert not result.copied and result.notice == "No clipboard reachable: select the text by hand"
    monkeypatch.delenv("TMUX")
    assert clipboard.copy_tmux(MESSAGE) is None
