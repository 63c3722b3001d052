"""`board/` never imports Textual or Rich, and neither does any command but the board itself."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from board.model import Contact, new_id
from board.store import Store

IMPORT_ALL = """
import json, pkgutil, sys
import board
names = [m.name for m in pkgutil.walk_packages(board.__path__, "board.")]
for name in names:
    __import__(name)
print(json.dumps({"modules": names,
                  "ui": sorted(m for m in sys.modules if m.split(".")[0] in ("textual", "rich"))}))
"""

# Runs the real entry point; at exit (after main's sys.exit) it reports the UI modules loaded.
RUN_CLI = """
import atexit, json, sys
report = sys.argv.pop(1)
def dump():
    with open(report, "w") as handle:
        json.dump(sorted(m for m in sys.modules if m.split(".")[0] in ("textual", "rich")), handle)
atexit.register(dump)
from board.cli import main
sys.argv[0] = "trustboard"
main()
"""


def test_every_board_module_imports_without_textual_or_rich() -> None:
    done = subprocess.run([sys.executable, "-c", IMPORT_ALL], capture_output=True, text=True,
                          check=True)
    report = json.loads(done.stdout)
    assert {"board.store", "board.cli", "board.model", "board.files"} <= set(report["modules"])
    assert report["ui"] == []


@pytest.mark.parametrize(
    "args",
    [["--help"], ["--version"], ["list"], ["list", "--json"], ["today"], ["today", "--json"],
     ["show", "ada"], ["add", "Grace Hopper"], ["log", "ada", "hello"], ["move", "ada", "talked"],
     ["stats"], ["suggest", "ada"], ["export", "--format", "json"]],
    ids=lambda a: " ".join(a),
)
def test_commands_do_not_import_textual_or_rich(tmp_path: Path, args: list[str]) -> None:
    root = tmp_path / "data"
    Store(root).add_contact(Contact(id=new_id(), name="Ada Lovelace"))
    report = tmp_path / "ui-modules.json"
    env = {**os.environ, "TRUSTBOARD_DATA": str(root),
           "TRUSTBOARD_CONFIG": str(tmp_path / "config.toml")}
    done = subprocess.run([sys.executable, "-c", RUN_CLI, str(report), *args],
                          capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
    assert json.loads(report.read_text()) == []
