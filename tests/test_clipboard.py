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
