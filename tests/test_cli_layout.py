"""The command line's layout: one module per command group, each registered, each command
taking `--data`, and the version read from one place."""

from __future__ import annotations

import importlib.metadata
import os
import pkgutil
import re
import tomllib
from pathlib import Path

import click
import pytest

import board
import board.cli
from board.cli.base import Commands, cli
from board.cli.base import session as current_session
from tests.helpers import ROOT, run_cli

SHARED = {"base", "output", "fields", "opening"}  # plumbing, not command groups


def all_commands(group: click.Group, prefix: str = "") -> dict[str, click.Command]:
    found: dict[str, click.Command] = {}
    for name, command in group.commands.items():
        found[prefix + name] = command
        if isinstance(command, click.Group):
            found.update(all_commands(command, f"{prefix}{name} "))
    return found


def test_every_module_of_the_package_is_a_registered_command_group() -> None:
    modules = {m.name for m in pkgutil.iter_modules(board.cli.__path__)}
    assert modules - SHARED == set(board.cli.COMMAND_GROUPS)
    board.cli.register_commands()
    for name in board.cli.COMMAND_GROUPS:
        module = importlib.import_module(f"board.cli.{name}")
        attached = [
            c for c in all_commands(cli).values()
            if getattr(c.callback, "__module__", None) == module.__name__
        ]
        assert attached, f"board.cli.{name} attaches no command"


def test_every_command_takes_data_after_its_name() -> None:
    board.cli.register_commands()
    commands = all_commands(cli)
    assert {"add", "log", "move", "list", "show", "today", "stats", "suggest", "import",
            "export"} <= set(commands)
    for name, command in commands.items():
        if isinstance(command, click.Group):
            continue
        data = [p for p in command.params if p.name == "data"]
        assert len(data) == 1, name
        assert isinstance(data[0], click.Option) and data[0].opts == ["--data"], name


def test_a_new_group_and_its_sub_commands_get_data_too(tmp_path: Path) -> None:
    seen: list[str | None] = []
    root = Commands()

    @root.group()
    def sync() -> None:
        """One store on several machines."""

    @sync.command()
    def status() -> None:
        seen.append(current_session().data)

    assert isinstance(sync, Commands)
    root.main(["sync", "status", "--data", str(tmp_path)], standalone_mode=False)
    assert seen == [str(tmp_path)]


def test_the_version_is_pyprojects() -> None:
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["version"]
    assert importlib.metadata.version("trustboard") == declared == board.__version__
    done = run_cli("--version")
    assert (done.returncode, done.stdout) == (0, f"trustboard {declared}\n")
    with pytest.raises(AttributeError):
        board.no_such_thing  # noqa: B018


def test_no_version_literal_elsewhere() -> None:
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["version"]
    for path in (ROOT / "board").rglob("*.py"):
        assert f'"{declared}"' not in path.read_text("utf-8"), path


def test_commands_write_only_through_the_output_helpers() -> None:
    """`say`/`tell`/`warn`/`emit_json` make every line safe; nothing may write around them."""
    writers = re.compile(r"\bclick\.echo\(|\bprint\(|\bsys\.std(out|err)\b|\bclick\.secho\(")
    allowed = {"output.py"}
    for path in sorted((ROOT / "board" / "cli").glob("*.py")):
        if path.name in allowed:
            continue
        source = path.read_text("utf-8")
        code = re.sub(r'""".*?"""', "", source, flags=re.S)  # docstrings may mention them
        for line in code.splitlines():
            if writers.search(line) and "isatty()" not in line:
                raise AssertionError(f"{path.name}: writes around the output helpers: {line.strip()}")


NO_UI = """
import sys
from board.cli import main
from board.model import Kind
from board.store import Store
store = Store(sys.argv[1])
ana = store.find("ana")
item = store.log(ana.id, Kind.NOTE, "hello").interaction
for args in (["--help"], ["list", "tag:x", "due"], ["edit", "ana", "--add-tag", "x"],
             ["snooze", "ana", "+3d"], ["snooze", "ana", "--clear"], ["archive", "ana"],
             ["unarchive", "ana"], ["unlog", item.id[:8], "--yes"], ["edit", "--help"]):
    try:
        main(["--data", sys.argv[1], *args])
    except SystemExit as done:
        assert done.code == 0, (args, done.code)
ui = sorted(m for m in sys.modules if m.split(".")[0] in ("textual", "rich"))
assert not ui, ui
print("clean")
"""


def test_the_new_commands_do_not_import_textual(tmp_path: Path) -> None:
    import subprocess
    import sys

    root = tmp_path / "data"
    assert run_cli("add", "Ana Lima", data=root).returncode == 0
    done = subprocess.run([sys.executable, "-c", NO_UI, str(root)], capture_output=True,
                          text=True, timeout=60, cwd=ROOT,
                          env={**os.environ, "TRUSTBOARD_CONFIG": str(tmp_path / "c.toml")})
    assert done.returncode == 0, done.stderr
    assert done.stdout.rstrip().endswith("clean")


def test_file_names_are_taken_as_typed(tmp_path: Path) -> None:
    """Text is cleaned on the way in, paths are not: a tab in a file name is the user's."""
    odd = tmp_path / "from\tphone.csv"
    odd.write_text("name,company\nAna Lima,Acme\n", "utf-8")
    done = run_cli("import", "csv", str(odd), data=tmp_path / "data")
    assert done.returncode == 0, done.stderr
    out = tmp_path / "out\tput.json"
    done = run_cli("export", "-o", str(out), data=tmp_path / "data")
    assert done.returncode == 0 and out.exists(), done.stderr
