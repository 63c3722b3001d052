"""Hostile text never reaches the terminal or the clipboard through the command line.

A store written by an older version (straight through the store, nothing cleaned) holds
names, companies, notes and summaries carrying OSC 52 (sets the clipboard), OSC 0
(renames the terminal), OSC 8 (a hidden link), CSI (clears the screen), a one-byte C1
CSI (0x9b) and bidi overrides. Every command's stdout and stderr must hold no control
character (newlines and tabs aside) and no bidi control; `--json` keeps the data exact.
"""

from __future__ import annotations

import base64
import fcntl
import os
import re
import subprocess
import termios
from pathlib import Path

import orjson
import pytest

from board import clipboard
from board.cli.output import table
from board.clipboard import osc52
from board.model import Kind, Stage, Value
from board.store import Store
from board.text import cells
from tests.helpers import TODAY, TRUSTBOARD, Clock, local, read_to_end, run

OSC52 = "\x1b]52;c;cm0gLXJmIH4K\x07"
OSC0 = "\x1b]0;pwned\x07"
OSC8 = "\x1b]8;;http://evil.example/\x1b\\click\x1b]8;;\x1b\\"
CSI = "\x1b[2J\x1b[31m"
C1 = "\x9b2J\x9d0;title\x9c"
BIDI = "\u202eevil\u202c \u2066x\u2069 \u202a\u202b\u202d"
PAYLOADS = (OSC52, OSC0, OSC8, CSI, C1, BIDI)

FORBIDDEN = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]"
)


def hostile(text: str) -> str:
    return text + "".join(PAYLOADS)


def assert_harmless(*outputs: str) -> None:
    for output in outputs:
        found = FORBIDDEN.findall(output)
        assert not found, (found, output[:400])


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Hostile contacts as an older version would have stored them, and a hostile config."""
    data = tmp_path / "data"
    monkeypatch.setenv("TRUSTBOARD_DATA", str(data))
    config = tmp_path / "config.toml"
    config.write_text(
        'my_name = "Sam\\u001b]52;c;aGk=\\u0007 Rivera\\u202e"\n', "utf-8"
    )
    monkeypatch.setenv("TRUSTBOARD_CONFIG", str(config))
    clock = Clock(local(TODAY, 9))
    store = Store(data, clock=clock)
    from tests.helpers import add

    zed = add(
        store, hostile("Zed Zorn"), at=TODAY.replace(month=9),
        company=hostile("Evil Corp"), title=hostile("CEO"), emails=["zed@example.com"],
        tags=[hostile("bni")], expertise=[hostile("estate law")], needs=hostile("clients"),
        met_at=hostile("LinkedIn request"), notes=hostile("line one\nline two"),
        source="linkedin",
    )
    store.log(zed.id, Kind.RECEIVED, hostile("sent a referral"), at=local(TODAY.replace(day=1)),
              value=Value.REFERRAL)
    store.log(zed.id, Kind.CALL, hostile("a call"), at=local(TODAY.replace(day=2)))
    add(store, hostile("Zed Zimmer"), at=TODAY.replace(month=10), stage=Stage.TALKED,
        company=hostile("Other"))
    add(store, "山田太郎", at=TODAY.replace(month=10), company="ヤマダ")
    store.move(zed.id, Stage.TRUSTED)
    monkeypatch.setattr("board.cli.base.Store", lambda path: Store(path, clock=clock))
    return data


ZED = "zed zorn"  # the hostile names start with plain text, so a prefix finds them

COMMANDS: list[tuple[str, ...]] = [
    ("list",), ("list", "--due"), ("list", "--stage", "trusted"), ("list", "--archived"),
    ("list", "--tag", "bni"), ("show", ZED), ("show", "zed zimmer"), ("today",),
    ("today", "--limit", "1"), ("stats",), ("suggest", ZED), ("suggest", "zed zimmer"),
    ("move", "zed zimmer", "gave value"), ("log", ZED, "--kind", "note", "hello"),
    ("show", "zed"),  # ambiguous: the error lists both hostile names
    ("move", "zed", "met"), ("log", "zed", "x"), ("suggest", "zed"),
    ("show", hostile("nobody")),  # unknown: the error quotes what was typed
    ("frobnicate", hostile("x")),  # a usage error quotes it too
    ("list", "--stage", hostile("friends")),
    ("add", hostile("Eve Evans"), "--company", hostile("Acme"), "--note", hostile("a\nb")),
    ("show", "eve"),
    ("export", "--format", "json"),
    ("list", "zed"), ("list", "tag:bni"), ("list", "evil", "corp"), ("list", hostile("zed")),
    ("list", "stage:" + hostile("x")),
    ("edit", ZED, "--add-tag", hostile("golf"), "--company", hostile("New Co")),
    ("edit", ZED, "--remove-tag", "nope"),  # the error lists the hostile tags
    ("edit", "zed zimmer", "--name", hostile("Zed Zorn"), "--company", hostile("Evil Corp")),
    ("edit", "zed"),
    ("snooze", ZED, "+3d"), ("snooze", ZED, "--clear"), ("snooze", ZED, hostile("soon")),
    ("archive", ZED), ("unarchive", ZED), ("archive", "zed"),
    ("unlog", hostile("abcd")),
]


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: " ".join(a)[:40])
def test_no_control_character_reaches_stdout_or_stderr(
    root: Path, capsys: pytest.CaptureFixture[str], args: tuple[str, ...]
) -> None:
    code, out, err = run(capsys, *args)
    assert code in (0, 1, 2), (code, err)
    assert out or err
    assert_harmless(out, err)
    if code == 1:
        assert len(err.splitlines()) == 1 and err.startswith("error: ")


def test_json_output_is_exact_yet_escaped(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for args in (("list", "--json"), ("show", ZED, "--json"), ("today", "--json"),
                 ("stats", "--json")):
        code, out, err = run(capsys, *args)
        assert code == 0, err
        assert_harmless(out, err)
        orjson.loads(out)
    data = orjson.loads(run(capsys, "show", ZED, "--json")[1])
    assert data["name"] == hostile("Zed Zorn")  # the stored value, control bytes and all
    assert data["notes"] == hostile("line one\nline two")
    assert {i["summary"] for i in data["interactions"]} == {hostile("sent a referral"),
                                                            hostile("a call")}
    export = orjson.loads(run(capsys, "export", "--format", "json")[1])
    assert hostile("Zed Zorn") in {c["name"] for c in export["contacts"]}


def test_arguments_are_cleaned_on_the_way_in(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "add", hostile("Eve Evans"), "--company", hostile("Acme"),
               "--tag", hostile("golf"), "--note", hostile("first\nsecond\tthird"))[0] == 0
    assert run(capsys, "log", "eve", "--kind", "call", hostile("we talked"))[0] == 0
    data = orjson.loads(run(capsys, "show", "eve", "--json")[1])
    for value in (data["name"], data["company"], data["tags"][0], data["notes"],
                  data["interactions"][0]["summary"]):
        assert not FORBIDDEN.search(value), value
    assert data["name"].startswith("Eve Evans") and data["company"].startswith("Acme")
    assert data["notes"].startswith("first\nsecond\tthird")  # a multi-line field keeps its lines
    assert "\n" not in data["name"]


def test_the_clipboard_gets_the_safe_text(root: Path, capsys: pytest.CaptureFixture[str],
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    copied: list[str] = []
    monkeypatch.setattr(clipboard, "_system_copier", lambda: copied.append)
    code, out, err = run(capsys, "suggest", ZED, "--copy")
    assert code == 0, err
    assert_harmless(out, err)
    assert len(copied) == 1 and "Zed" in copied[0]
    assert_harmless(copied[0])
    assert copied[0].rstrip("\n") == out.rstrip("\n")  # what is copied is what is shown
    sequence = osc52(hostile("Hi Zed"))
    payload = base64.b64decode(sequence[len("\x1b]52;c;"):-1]).decode("utf-8")
    assert payload.startswith("Hi Zed") and not FORBIDDEN.search(payload)


def test_tables_stay_aligned_in_cells(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """No bidi control survives to reorder a row; wide names are measured in cells."""
    code, out, _ = run(capsys, "list")
    assert code == 0
    lines = out.splitlines()
    stage_at = set()
    for line in lines:
        for label in ("Met", "Talked", "Trusted"):
            if f"  {label}  " in line:
                stage_at.add(cells(line[: line.index(f"  {label}  ")]))
    assert len(stage_at) == 1 and len(lines) == 3, out
    assert table([("山田太郎", "x"), ("Al", "y")]) == ["山田太郎  x", "Al        y"]
    assert table([("a" * 40, "x")], limits=(10,)) == ["aaaaaaaaa…  x"]


def test_the_real_command_in_a_terminal_sends_no_raw_controls(root: Path) -> None:
    """Through a pty, as a user sees it: the bytes written, OSC 52 copy payload included."""
    master, slave = os.openpty()

    def own_terminal() -> None:
        os.setsid()
        fcntl.ioctl(slave, termios.TIOCSCTTY, 0)

    try:
        child = subprocess.Popen(
            [str(TRUSTBOARD), "--data", str(root), "suggest", ZED, "--copy"],
            stdin=slave, stdout=slave, stderr=slave, preexec_fn=own_terminal,
            env={k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")},
        )
        os.close(slave)
        child.wait(timeout=60)
        output = read_to_end(master)
    finally:
        os.close(master)
    assert child.returncode == 0, output
    copies = re.findall(rb"\x1b\]52;c;([A-Za-z0-9+/=]*)\x07", output)
    assert len(copies) == 1
    rest = re.sub(rb"\x1b\]52;c;[A-Za-z0-9+/=]*\x07", b"", output).decode("utf-8")
    assert_harmless(rest.replace("\r", ""))  # the pty turns \n into \r\n
    assert_harmless(base64.b64decode(copies[0]).decode("utf-8"))


def test_unlog_says_no_control_character(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = Store(root)
    [first, second] = store.interactions(store.find(ZED).id)
    for args in (("unlog", first.id[:8]), ("unlog", first.id[:8], "--yes"),
                 ("unlog", second.id, "--yes"), ("show", ZED)):
        code, out, err = run(capsys, *args)
        assert code in (0, 1) and (out or err)
        assert_harmless(out, err)


def test_what_cleaning_took_out_is_said_once_the_command_succeeds(
    root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A name saved without the escape and bidi characters typed in it says so (one warning
    per argument, after the command's own output); a command that fails says only its error."""
    code, out, err = run(capsys, "add", "Ana\x1b[31mRed", "--company", "Ac\u202eme\x07")
    assert code == 0 and out.startswith("Added Ana[31mRed")
    assert err.splitlines() == [
        "warning: 2 control or bidi characters removed from --company",
        "warning: 1 control or bidi character removed from NAME",
    ]
    code, out, err = run(capsys, "show", "nob\x1body")
    assert (code, out) == (1, "") and err.splitlines() == ["error: no contact matches 'nobody': try `trustboard list`"]
    code, _out, err = run(capsys, "show", "ana")
    assert code == 0 and err == ""  # (said for the command that cleaned, not the next)
