"""`trustboard resource add|edit|rm` and `trustboard resources [--json]`.

Every error is checked for its exit code, its one `error:` line and a data directory left
byte for byte as it was; every change for the data it leaves.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from board.cli import main
from board.store import Store
from tests.helpers import FIXED_NOW, TRUSTBOARD, Clock, data_files


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr("board.cli.base.Store", lambda path: Store(path, clock=Clock(FIXED_NOW)))
    return tmp_path / "data"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    with pytest.raises(SystemExit) as done:
        main(list(args))
    out, err = capsys.readouterr()
    return int(done.value.code or 0), out, err


def ok(capsys: pytest.CaptureFixture[str], root: Path, *args: str) -> str:
    code, out, err = run(capsys, "--data", str(root), *args)
    assert code == 0, (args, err)
    return out


def fails(capsys: pytest.CaptureFixture[str], root: Path, *args: str, code: int = 1) -> str:
    """Run a command that must fail: its exit code, one error line, nothing changed."""
    before = data_files(root) if root.exists() else {}
    got, out, err = run(capsys, "--data", str(root), *args)
    assert got == code, (args, out, err)
    if code == 1:
        assert err.startswith("error: ") and err.count("\n") == 1, err
    assert (data_files(root) if root.exists() else {}) == before
    return err


def library(root: Path) -> list[dict]:
    return [r.to_dict() for r in Store(root).resources()]


def add_two(capsys: pytest.CaptureFixture[str], root: Path) -> None:
    ok(capsys, root, "resource", "add", "Rent or buy? A calculator", "https://example.com/rent-or-buy",
       "--topic", "renting or buying", "--topic", "first home", "--note", "For renters\nin spring")
    ok(capsys, root, "resource", "add", "Closing costs explained", "https://example.com/closing")


def test_add_lists_and_json(capsys, root: Path) -> None:
    out = ok(capsys, root, "resource", "add", "Rent or buy? A calculator", "https://example.com/rent-or-buy",
             "--topic", "renting or buying", "--topic", " first  home ", "--note", "For renters\nin spring")
    (saved,) = library(root)
    assert out == f"Added “Rent or buy? A calculator” ({saved['id'][:8]}) to your library, about renting or buying, first home.\n"
    assert saved["topics"] == ["renting or buying", "first home"]
    assert saved["note"] == "For renters\nin spring"
    assert saved["created_at"] == FIXED_NOW.isoformat()
    out = ok(capsys, root, "resource", "add", "Closing costs explained", "https://example.com/closing")
    assert "Add a --topic" in out  # a resource without topics cannot be matched yet

    listed = ok(capsys, root, "resources")
    assert listed.index("Closing costs explained") < listed.index("Rent or buy? A calculator")  # by title
    assert "https://example.com/rent-or-buy" in listed
    assert "topics: renting or buying, first home" in listed
    assert "note: For renters in spring" in listed
    assert listed.rstrip().endswith("2 resources. trustboard give CONTACT shows which fit someone.")

    data = json.loads(ok(capsys, root, "resources", "--json"))
    assert [r["title"] for r in data] == ["Closing costs explained", "Rent or buy? A calculator"]
    assert data == library(root)
    assert set(data[0]) == {"id", "title", "url", "topics", "note", "created_at", "updated_at"}


def test_an_empty_library_says_how_to_start(capsys, root: Path) -> None:
    assert "Your library is empty: trustboard resource add" in ok(capsys, root, "resources")
    assert json.loads(ok(capsys, root, "resources", "--json")) == []


@pytest.mark.parametrize(("args", "said"), [
    (["resource", "add", "Guide", "ftp://example.com/g"], "only web links"),
    (["resource", "add", "Guide", "example.com/g"], "start it with https://"),
    (["resource", "add", "Guide", "javascript:alert(1)"], "only web links"),
    (["resource", "add", "Guide", ""], "needs a URL"),
    (["resource", "add", "   ", "https://example.com"], "needs a title"),
    (["resource", "add", "rent OR buy?  a calculator", "https://example.com/x"], "already in your library"),
    (["resource", "edit", "closing", "--title", "Rent or buy? A calculator"], "already in your library"),
    (["resource", "edit", "closing", "--url", "gopher://x"], "only web links"),
    (["resource", "edit", "nothing-like-it", "--title", "X"], "no resource matches 'nothing-like-it'"),
    (["resource", "edit", "rent", "--remove-topic", "golf"], "has no topic 'golf' to remove"),
    (["resource", "rm", "nothing-like-it", "--yes"], "no resource matches"),
    (["resource", "rm", "rent"], "not removed: to remove"),  # no terminal to ask on
])
def test_errors_are_one_line_and_change_nothing(capsys, root: Path, args: list[str], said: str) -> None:
    add_two(capsys, root)
    assert said in fails(capsys, root, *args)


def test_usage_errors_exit_2(capsys, root: Path) -> None:
    add_two(capsys, root)
    fails(capsys, root, "resource", "add", "Only a title", code=2)
    fails(capsys, root, "resource", "edit", "rent", code=2)  # nothing to change
    fails(capsys, root, "resource", "frobnicate", code=2)


def test_edit_changes_only_what_it_is_told(capsys, root: Path) -> None:
    add_two(capsys, root)
    before = {r["title"]: r for r in library(root)}["Rent or buy? A calculator"]
    out = ok(capsys, root, "resource", "edit", "rent", "--add-topic", "Lease renewal",
             "--add-topic", "FIRST HOME", "--remove-topic", "Renting or Buying")
    assert out.startswith("Edited “Rent or buy? A calculator”")
    after = {r["title"]: r for r in library(root)}["Rent or buy? A calculator"]
    assert after["topics"] == ["first home", "Lease renewal"]
    assert {k: v for k, v in after.items() if k not in ("topics", "updated_at")} == {
        k: v for k, v in before.items() if k not in ("topics", "updated_at")
    }
    ok(capsys, root, "resource", "edit", before["id"][:6], "--title", "Rent or buy?", "--url",
       "https://example.com/v2", "--note", "", "--topic", "renting")
    (edited,) = [r for r in library(root) if r["id"] == before["id"]]
    assert (edited["title"], edited["url"], edited["note"], edited["topics"]) == (
        "Rent or buy?", "https://example.com/v2", "", ["renting"],
    )
    files = data_files(root)
    assert "Nothing to change" in ok(capsys, root, "resource", "edit", "rent or buy?", "--title", "Rent or buy?")
    assert data_files(root) == files


def test_rm_with_yes_removes_it(capsys, root: Path) -> None:
    add_two(capsys, root)
    assert ok(capsys, root, "resource", "rm", "closing", "--yes") == "Removed “Closing costs explained” from your library.\n"
    assert [r["title"] for r in library(root)] == ["Rent or buy? A calculator"]


def test_an_ambiguous_prefix_names_the_candidates(capsys, root: Path) -> None:
    ok(capsys, root, "resource", "add", "Closing costs explained", "https://example.com/a")
    ok(capsys, root, "resource", "add", "Closing day checklist", "https://example.com/b")
    err = fails(capsys, root, "resource", "rm", "closing", "--yes")
    assert "matches 2 resources" in err and "Closing day checklist" in err


def test_hostile_text_never_reaches_the_terminal(capsys, root: Path) -> None:
    ok(capsys, root, "resource", "add", "Guide\x1b]52;c;aGk=\x07", "https://example.com/g",
       "--topic", "x\u202ey")
    (saved,) = library(root)
    assert saved["title"] == "Guide]52;c;aGk=" and saved["topics"] == ["xy"]
    assert "\x1b" not in ok(capsys, root, "resources")


def test_the_real_command_and_its_help(tmp_path: Path) -> None:
    data = tmp_path / "data"
    done = subprocess.run(
        [str(TRUSTBOARD), "resource", "add", "Guide", "https://example.com/g", "--data", str(data), "--topic", "x"],
        capture_output=True, text=True, timeout=60,
    )
    assert done.returncode == 0, done.stderr
    listed = subprocess.run([str(TRUSTBOARD), "--data", str(data), "resources", "--json"],
                            capture_output=True, text=True, timeout=60)
    assert [r["title"] for r in json.loads(listed.stdout)] == ["Guide"]
    shown = subprocess.run([str(TRUSTBOARD), "--help"], capture_output=True, text=True, timeout=60)
    assert "resource" in shown.stdout and "resources" in shown.stdout


def test_two_processes_adding_one_title_at_once_add_it_once(tmp_path: Path) -> None:
    data = tmp_path / "data"
    Store(data)  # created before the race
    runs = [
        subprocess.Popen(
            [str(TRUSTBOARD), "--data", str(data), "resource", "add", "Same Guide", f"https://example.com/{n}"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        for n in range(4)
    ]
    errors = [run.communicate(timeout=60)[1] for run in runs]
    results = [(run.returncode, err) for run, err in zip(runs, errors, strict=True)]
    assert sorted(code for code, _ in results) == [0, 1, 1, 1], results
    assert all("already in your library" in err for code, err in results if code)
    assert [r.title for r in Store(data).resources()] == ["Same Guide"]
