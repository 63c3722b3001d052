"""`trustboard suggest CONTACT [--copy]` through the real command, and copying in tmux."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import tempfile
import time
import uuid
from pathlib import Path

import pytest

from board.model import Kind, Value
from board.store import Store
from tests.helpers import FIXED_NOW, TRUSTBOARD, Clock, person, read_to_end


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    """A clean environment: no display, a config of our own, no real data dir."""
    config = tmp_path / "config.toml"
    config.write_text('my_name = "Sam Rivera"\n', "utf-8")
    clean = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    clean.update(TRUSTBOARD_CONFIG=str(config), TRUSTBOARD_DATA=str(tmp_path / "default-data"))
    return clean


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """Ana (a LinkedIn request), Dana (just sent a referral), two Sams (ambiguous)."""
    root = tmp_path / "data"
    store = Store(root, clock=Clock(FIXED_NOW))
    store.add_contact(person("Ana Lopez", id="a" * 32, met_at="LinkedIn request",
                             source="linkedin", company="Acme"))
    dana = store.add_contact(person("Dana Lee", id="d" * 32, stage="trusted", company="Lee Law")).contact
    store.log(dana.id, Kind.RECEIVED, "Referred the Parks family", value=Value.REFERRAL)
    store.add_contact(person("Sam One", id="5" * 32))
    store.add_contact(person("Sam Two", id="6" * 32))
    return root


def run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([TRUSTBOARD, *args], capture_output=True, text=True, env=env, timeout=60)


def snapshot(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*")) if p.is_file() and p.name != ".lock"
    }


def test_suggest_prints_every_message_top_first_headed_by_its_name(env, data) -> None:
    done = run(env, "--data", str(data), "suggest", "ana")
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    blocks = done.stdout.rstrip("\n").split("\n\n[")
    assert blocks[0].startswith("[answer-request] ")
    headers = [line for line in done.stdout.splitlines() if line.startswith("[")]
    assert [h.split("]")[0][1:] for h in headers] == ["answer-request", "invite-to-talk"]
    assert "Hi Ana,\n\nThanks for the connection request." in done.stdout
    assert "at Acme" in done.stdout
    assert done.stdout.count("Sam Rivera") == 2  # each message signed from config my_name
    assert "\n\n[invite-to-talk] " in done.stdout  # separated by a blank line


def test_data_option_after_the_command_name(env, data) -> None:
    done = run(env, "suggest", "dana", "--data", str(data))
    assert done.returncode == 0, done.stderr
    first = done.stdout.splitlines()[0]
    assert first.startswith("[thanks-for-referral] ")
    assert "Thank you for the referral." in done.stdout


def test_copy_without_any_clipboard_prints_the_message_and_says_so(env, data) -> None:
    before = snapshot(data)
    done = run(env, "--data", str(data), "suggest", "Dana Lee", "--copy")
    assert done.returncode == 0
    assert done.stdout.startswith("Hi Dana,\n\nThank you for the referral.")
    assert done.stdout.rstrip().endswith("Sam Rivera")
    assert "[" not in done.stdout  # just the message, ready to select by hand
    assert done.stderr.startswith("warning: no clipboard reachable")
    assert "select the message above by hand" in done.stderr
    assert "Traceback" not in done.stderr
    assert snapshot(data) == before


def test_copy_in_a_terminal_sends_osc52_to_it(env, data) -> None:
    """stdout is a tty: OSC 52 goes to the controlling terminal, the notice says so."""
    import fcntl
    import termios

    master, slave = os.openpty()

    def own_terminal() -> None:
        os.setsid()
        fcntl.ioctl(slave, termios.TIOCSCTTY, 0)

    try:
        child = subprocess.Popen(
            [TRUSTBOARD, "--data", str(data), "suggest", "ana", "--copy"],
            stdin=slave, stdout=slave, stderr=subprocess.PIPE, env=env,
            preexec_fn=own_terminal, text=True,
        )
        os.close(slave)
        stderr = child.communicate(timeout=60)[1]
        output = read_to_end(master)
    finally:
        os.close(master)
    assert child.returncode == 0, stderr
    assert b"\x1b]52;c;" in output
    assert "Copied via terminal (OSC 52): answer-request for Ana Lopez." in stderr


def test_unknown_contact_is_an_error_and_changes_nothing(env, data) -> None:
    before = snapshot(data)
    done = run(env, "--data", str(data), "suggest", "nobody", "--copy")
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr.startswith("error: no contact matches 'nobody'")
    assert len(done.stderr.strip().splitlines()) == 1
    assert snapshot(data) == before


def test_ambiguous_contact_lists_the_candidates(env, data) -> None:
    done = run(env, "--data", str(data), "suggest", "sam")
    assert done.returncode == 1
    assert "Sam One" in done.stderr and "Sam Two" in done.stderr


def test_missing_contact_argument_is_a_usage_error(env, data) -> None:
    done = run(env, "--data", str(data), "suggest")
    assert done.returncode == 2
    assert "CONTACT" in done.stderr


def test_template_problems_are_warnings_and_the_rest_still_works(env, data, tmp_path) -> None:
    config = Path(env["TRUSTBOARD_CONFIG"])
    config.write_text(
        'my_name = "Sam Rivera"\n\n[[templates]]\nname = "hello"\nstages = ["met"]\n'
        'text = "Hello {first_name}[ at {company}]!"\n\n'
        '[[templates]]\nname = "broken"\ntext = "Hi {first_name"\n',
        "utf-8",
    )
    done = run(env, "--data", str(data), "suggest", "ana")
    assert done.returncode == 0
    assert done.stderr == f"warning: {config}: line 8: template 'broken': '{{' at character 4 is never closed with '}}'\n"
    assert "[hello] your template" in done.stdout
    assert "Hello Ana at Acme!" in done.stdout
    assert done.stdout.startswith("[answer-request] ")


def test_no_fitting_message(env, data) -> None:
    config = Path(env["TRUSTBOARD_CONFIG"])
    # Override the only Met template without a situation so it needs a company.
    config.write_text('[[templates]]\nname = "invite-to-talk"\ntext = "Hi {first_name} of {company}"\n', "utf-8")
    done = run(env, "--data", str(data), "suggest", "sam one")
    assert done.returncode == 0
    assert done.stdout == "No message fits Sam One yet: add their needs or where you met.\n"
    done = run(env, "--data", str(data), "suggest", "sam one", "--copy")
    assert done.returncode == 1
    assert done.stderr.startswith("error: no message fits Sam One yet")


@pytest.mark.slow  # a real tmux
def test_copy_in_tmux_lands_in_the_tmux_buffer(env, data, tmp_path) -> None:
    """End to end: tmux with set-clipboard on keeps what OSC 52 copied."""
    tmux = shutil.which("tmux")
    assert tmux, "the end-to-end copy test needs tmux"
    # Sockets have a short path limit, so not under tmp_path.
    socket = Path(tempfile.gettempdir()) / f"tb-{uuid.uuid4().hex[:8]}.sock"
    base = [tmux, "-S", str(socket), "-f", os.devnull]
    tenv = dict(env, TERM=env.get("TERM") or "xterm-256color")
    tenv.pop("TMUX", None)
    expected = run(env, "--data", str(data), "suggest", "ana").stdout.split("\n\n[")[0]
    expected = expected.split("\n", 1)[1]  # the top message without its header
    try:
        subprocess.run([*base, "new-session", "-d", "-x", "120", "-y", "40", "sh"],
                       env=tenv, check=True, timeout=30)
        subprocess.run([*base, "set-option", "-g", "set-clipboard", "on"], check=True, timeout=30)
        # printf, so the typed line (which tmux may wrap) never holds the word it prints.
        command = f"{TRUSTBOARD} --data {data} suggest ana --copy; printf 'copy-%s\\n' finished"
        subprocess.run([*base, "send-keys", command, "Enter"], check=True, timeout=30)
        buffer = ""
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            shown = subprocess.run([*base, "show-buffer"], capture_output=True, text=True, timeout=30)
            pane = subprocess.run([*base, "capture-pane", "-p"], capture_output=True, text=True, timeout=30)
            if shown.returncode == 0 and "copy-finished\n" in pane.stdout:
                buffer = shown.stdout
                break
            time.sleep(0.2)
        assert buffer == expected
        assert "Copied via terminal (OSC 52)" in pane.stdout
    finally:
        subprocess.run([*base, "kill-server"], capture_output=True, timeout=30)
        socket.unlink(missing_ok=True)
