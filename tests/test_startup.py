"""Start-up: what the board does before its first frame, and what waits until after it."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

import board.cli
from board.cli import main
from tests.helpers import add, screen_text


@pytest.fixture
def collecting():
    """Whatever a test does to the garbage collector, it is on again afterwards."""
    yield
    gc.enable()


def test_a_command_runs_with_the_garbage_collector_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, collecting: None
) -> None:
    seen: list[bool] = []
    loaded = board.cli.register_commands

    def register(collect: bool = False) -> None:
        loaded(collect)
        seen.append(gc.isenabled())

    monkeypatch.setattr(board.cli, "register_commands", register)
    with pytest.raises(SystemExit) as done:
        main(["--data", str(tmp_path / "data"), "list"])
    assert done.value.code == 0
    assert seen == [True]  # on again as soon as a command is named, before it runs
    assert gc.isenabled()


def test_the_board_opens_with_the_collector_held_off(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, collecting: None
) -> None:
    import widgets.app

    seen: list[bool] = []
    monkeypatch.setattr(widgets.app, "run_board", lambda store, config: seen.append(gc.isenabled()))
    with pytest.raises(SystemExit) as done:
        main(["--data", str(tmp_path / "data")])
    assert done.value.code == 0
    assert seen == [False]  # no collection before the first frame: the App turns it on
    assert gc.isenabled()


def test_the_cli_leaves_the_garbage_collector_as_it_found_it(tmp_path: Path, collecting: None) -> None:
    gc.disable()
    with pytest.raises(SystemExit):
        main(["--data", str(tmp_path / "data"), "list"])
    assert not gc.isenabled()
    gc.enable()
    with pytest.raises(SystemExit):
        main(["--version"])
    assert gc.isenabled()


async def test_the_board_turns_the_collector_on_once_it_has_painted(store, make_app, collecting) -> None:
    add(store, "Ana Lima", company="Acme")
    gc.disable()  # as `trustboard` opens the board (board.cli.main)
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "Ana Lima" in screen_text(app)
        assert app.startup_seconds is not None
        assert gc.isenabled()


async def test_a_board_opened_with_the_collector_on_keeps_it_on(store, make_app, collecting) -> None:
    add(store, "Ana Lima")
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        assert gc.isenabled()  # the board's load turns it off only while it loads
        await pilot.pause()
        assert gc.isenabled()


# -- `trustboard [--data DIR]`: the board opened without click


OPENS_WITHOUT_CLICK = """
import json, sys
import widgets.app
report = sys.argv.pop(1)
def run_board(store, config):
    with open(report, "w") as handle:
        json.dump({"root": str(store.root), "click": "click" in sys.modules}, handle)
widgets.app.run_board = run_board
from board.cli import main
sys.argv[0] = "trustboard"
main()
"""


@pytest.mark.parametrize("form", ["--data DIR", "--data=DIR", "TRUSTBOARD_DATA", "--demo"])
def test_opening_the_board_loads_click_only_when_it_parses(tmp_path: Path, form: str) -> None:
    import json
    import os
    import subprocess
    import sys

    data, report = tmp_path / "data", tmp_path / "report.json"
    env = {**os.environ, "TRUSTBOARD_CONFIG": str(tmp_path / "config.toml")}
    env.pop("TRUSTBOARD_DATA", None)
    args = {"--data DIR": ["--data", str(data)], "--data=DIR": [f"--data={data}"],
            "TRUSTBOARD_DATA": [], "--demo": ["--demo"]}[form]
    if form == "TRUSTBOARD_DATA":
        env["TRUSTBOARD_DATA"] = str(data)
    done = subprocess.run([sys.executable, "-c", OPENS_WITHOUT_CLICK, str(report), *args],
                          capture_output=True, text=True, env=env, timeout=60)
    assert (done.returncode, done.stderr) == (0, "")
    opened = json.loads(report.read_text())
    if form == "--demo":  # click's to parse: a throwaway copy of the sample
        assert opened["click"] and opened["root"] != str(data)
    else:
        assert opened == {"root": str(data), "click": False}


def test_the_board_opened_without_click_warns_and_fails_as_before(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import widgets.app
    from board.errors import DataError

    config = tmp_path / "config.toml"
    config.write_text('theme = 3\n[cadence]\nmet = "soon"\n', "utf-8")
    monkeypatch.setenv("TRUSTBOARD_CONFIG", str(config))
    data = tmp_path / "data"
    opened: list[object] = []
    monkeypatch.setattr(widgets.app, "run_board", lambda store, config: opened.append(config))

    def said(*args: str) -> tuple[int, str, str]:
        capsys.readouterr()
        with pytest.raises(SystemExit) as done:
            main(list(args))
        out, err = capsys.readouterr()
        return int(done.value.code or 0), out, err

    code, out, err = said("--data", str(data))
    listed = said("--data", str(data), "today")  # a command: click's parsing, the same warnings
    assert (code, out) == (0, "") and opened
    assert err.count("warning: ") >= 1 and "(using the defaults for it)" in err
    assert err in listed[2]

    def damaged(store: object, config: object) -> None:
        raise DataError("contacts/00.json is damaged")

    monkeypatch.setattr(widgets.app, "run_board", damaged)
    code, out, err = said(f"--data={data}")
    assert (code, out) == (1, "") and err.endswith("error: contacts/00.json is damaged\n")

    def interrupted(store: object, config: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(widgets.app, "run_board", interrupted)
    assert said("--data", str(data))[0::2] == (1, err.split("error:")[0] + "\nerror: aborted\n")


def test_only_the_plain_forms_skip_click(monkeypatch: pytest.MonkeyPatch) -> None:
    from board.cli import _board_only

    assert _board_only([]) == (None,)
    assert _board_only(["--data", "d"]) == _board_only(["--data=d"]) == ("d",)
    for args in (["--data"], ["--data", ""], ["--data="], ["--data", "-x"], ["--data", "d", "list"],
                 ["list"], ["--help"], ["--version"], ["--demo"], ["--data", "d", "--demo"], ["-h"]):
        assert _board_only(args) is None, args
    monkeypatch.setenv("_TRUSTBOARD_COMPLETE", "bash_complete")
    assert _board_only([]) is None  # shell completion is click's


# -- what the board loads before its first frame

PAINTED = """
import json, sys
import widgets.app
report = sys.argv.pop(1)
started = widgets.app.TrustboardApp._started
def painted(self):
    started(self)
    if not hasattr(self, "reported"):
        self.reported = True
        with open(report, "w") as handle:
            json.dump({"loaded": sorted(sys.modules), "screen": self.screen.query_one("#board-header").render().plain}, handle)
        self.exit()
widgets.app.TrustboardApp._started = painted
run = widgets.app.TrustboardApp.run
widgets.app.TrustboardApp.run = lambda self, **kw: run(self, headless=True, size=(120, 40))
from board.cli import main
sys.argv[0] = "trustboard"
main()
"""

NOT_BEFORE_THE_FIRST_FRAME = (
    "click",  # `trustboard [--data DIR]` is parsed by main itself
    "wcwidth",  # the board's own marks are measured without it
    "widgets.dialogs.log_form", "widgets.dialogs.snooze", "widgets.dialogs.remind", "widgets.choices",
    "widgets.keymap",  # only a config with a [keys] table needs it
    "board.sync.status", "board.sync.clone",  # a store that does not sync
    "board.clipboard", "importlib.resources", "calendar",
)


# Nor, opened on a board whose card file holds, what only a change, a backup or cards read
# from the shards need: TinyDB and the transaction, OpenSSL's hashes, the zone database.
WRITES = ("tinydb", "board.store.transaction")
NOT_FROM_THE_CARD_FILE = (*WRITES, "hashlib", "_hashlib", "zoneinfo")


@pytest.mark.parametrize("card_file", [False, True])
def test_the_board_paints_without_what_it_does_not_show(tmp_path: Path, card_file: bool) -> None:
    import json
    import os
    import subprocess
    import sys

    from board.store import Store

    data, report = tmp_path / "data", tmp_path / "report.json"
    store = Store(data)
    add(store, "Ana Lima", title="Founder", company="Acme")  # her card reads "Founder · Acme"
    if card_file:  # the shards as if written a minute ago (not racy), and their cards recorded
        for written in data.rglob("*.json"):
            os.utime(written, ns=(written.stat().st_atime_ns, written.stat().st_mtime_ns - 60 * 10**9))
        fresh = Store(data)
        fresh.cards()
        fresh.save_cards()
        fresh.close()
        assert (data / "cards.json").exists()
    store.close()
    env = {**os.environ, "TRUSTBOARD_CONFIG": str(tmp_path / "config.toml")}
    done = subprocess.run([sys.executable, "-c", PAINTED, str(report), "--data", str(data)],
                          capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 0, done.stderr
    found = json.loads(report.read_text())
    assert found["screen"] == "◆ trustboard — 0 due today"
    assert "widgets.screens.board" in found["loaded"]
    absent = (*NOT_BEFORE_THE_FIRST_FRAME, *(NOT_FROM_THE_CARD_FILE if card_file else WRITES))
    assert [m for m in absent if m in found["loaded"]] == []


@pytest.mark.parametrize("size", [0, 10, (1 << 20) - 1, 1 << 20, (1 << 20) + 1, 3 << 20])
def test_the_card_files_first_line_is_what_readline_reads(tmp_path: Path, size: int) -> None:
    from board.store.cards import _first_line

    path = tmp_path / "cards.json"
    for body in (b"x" * size + b"\n" + b"cold\nmore", b"x" * size, b"x" * size + b"\n"):
        path.write_bytes(body)
        with open(path, "rb") as handle:
            assert _first_line(path) == handle.readline()


# -- the board's first showing is not styled twice


@pytest.mark.parametrize("size", [(120, 40), (60, 24)])
async def test_the_board_shown_first_is_styled_as_a_full_restyle_would(store, make_app, size) -> None:
    """The first ScreenResume skips Textual's restyle of the whole screen (each widget was
    styled as it mounted): what every widget then has is what that restyle would give."""
    for n in range(6):
        add(store, f"Person {n}", company="Acme")
    app = make_app(store)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        screen = app.screen_stack[0]
        nodes = list(screen.walk_children(with_self=True))

        def styles() -> list[tuple[str, str, str]]:
            return [(repr(node), node.styles.css, str(node.rich_style)) for node in nodes]

        shown = styles()
        assert any("-active" in node.classes for node in nodes)
        app.stylesheet.update_nodes(nodes, animate=False)
        assert styles() == shown
        assert "Person 0" in screen_text(app)
