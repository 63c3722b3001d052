"""End to end: the installed `trustboard` in a real terminal (tmux), as a user runs it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
import uuid
from pathlib import Path

import pytest

from tests.helpers import TRUSTBOARD

pytestmark = [pytest.mark.slow, pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")]


class Terminal:
    """A tmux session on its own server, running one command."""

    def __init__(
        self, command: str, env: dict[str, str], width: int = 80, height: int = 24,
        set_clipboard: str | None = "on",
    ) -> None:
        """`set_clipboard=None` leaves tmux's own default (`external`: it drops OSC 52)."""
        self.socket = f"tb-{uuid.uuid4().hex[:8]}"
        self.env = env
        self.tmux("-f", "/dev/null", "new-session", "-d", "-s", "main", "-x", str(width), "-y", str(height))
        if set_clipboard is not None:
            self.tmux("set", "-g", "set-clipboard", set_clipboard)
        self.tmux("send-keys", "-t", "main", command, "Enter")

    def buffer(self, timeout: float = 10) -> str:
        """tmux's newest paste buffer ('' if none came within `timeout`)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                return self.tmux("show-buffer")
            except subprocess.CalledProcessError:
                time.sleep(0.1)
        return ""

    def tmux(self, *args: str) -> str:
        return subprocess.run(
            ["tmux", "-L", self.socket, *args], env=self.env, capture_output=True, text=True, check=True
        ).stdout

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", "main")

    def keys(self, *keys: str) -> None:
        self.tmux("send-keys", "-t", "main", *keys)

    def wait_for(self, text: str, timeout: float = 20) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(0.1)
        raise AssertionError(f"{text!r} never appeared; the screen was:\n{self.screen()}")

    def close(self) -> None:
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True)


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    environment = dict(os.environ)
    environment.update(
        TRUSTBOARD_DATA=str(tmp_path / "data"),
        TRUSTBOARD_CONFIG=str(tmp_path / "config.toml"),
        TERM="xterm-256color",
    )
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "NO_COLOR", "TMUX"):
        environment.pop(name, None)
    return environment


def cli(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([TRUSTBOARD, *args], env=env, capture_output=True, text=True)


def test_board_shows_four_columns_and_a_move_persists(env):
    assert cli(env, "add", "Ana Lima", "--company", "Acme").returncode == 0
    assert cli(env, "add", "Bo Chen", "--stage", "talked").returncode == 0
    term = Terminal(TRUSTBOARD, env)
    try:
        screen = term.wait_for("Ana Lima")
        for title in ("Met (1)", "Talked (1)", "Gave value (0)", "Trusted (0)"):
            assert title in screen
        term.keys("L")
        term.wait_for("Talked (2)")
        term.keys("q")
        deadline = time.monotonic() + 10
        while "Talked (2)" in term.screen() and time.monotonic() < deadline:
            time.sleep(0.1)
    finally:
        term.close()
    people = {c["name"]: c["stage"] for c in json.loads(cli(env, "list", "--json").stdout)}
    assert people == {"Ana Lima": "talked", "Bo Chen": "talked"}


def test_c_copies_through_tmux_without_a_display(env):
    cli(env, "add", "Ana Lima", "--company", "Acme", "--met-at", "BNI breakfast")
    term = Terminal(TRUSTBOARD, env, width=100, height=30)
    try:
        term.wait_for("Ana Lima")
        term.keys("c")
        term.wait_for("Copied")
        assert term.buffer().startswith("Hi Ana")
        term.keys("y")  # mark as sent
        term.wait_for("as sent")
        term.keys("q")
    finally:
        term.close()
    [ana] = json.loads(cli(env, "list", "--json").stdout)
    shown = json.loads(cli(env, "show", ana["id"], "--json").stdout)
    assert [i["kind"] for i in shown["interactions"]] == ["message"]


def test_demo_opens_on_the_sample_and_leaves_no_data(env, tmp_path):
    term = Terminal(f"{TRUSTBOARD} --demo", env, width=100, height=30)
    try:
        screen = term.wait_for("due today")
        assert "Met (" in screen and "Trusted (" in screen
        term.keys("t")
        term.wait_for("to reach out to")
        term.keys("Escape", "q")
    finally:
        term.close()
    assert not (tmp_path / "data").exists()


def test_c_copies_into_tmux_with_tmux_defaults(env):
    """tmux -f /dev/null: set-clipboard is `external`, so only handing the text to tmux works."""
    cli(env, "add", "Ana Lima", "--company", "Acme", "--met-at", "BNI breakfast")
    term = Terminal(TRUSTBOARD, env, width=100, height=30, set_clipboard=None)
    try:
        assert term.tmux("show-options", "-gv", "set-clipboard").strip() == "external"
        term.wait_for("Ana Lima")
        term.keys("c")
        screen = term.wait_for("Copied")
        assert "tmux's buffer" in screen and "OSC 52" not in screen  # the notice tells the truth
        copied = term.buffer()
        assert copied.startswith("Hi Ana") and "{" not in copied
        term.keys("q")
    finally:
        term.close()
