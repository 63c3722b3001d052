"""The core command line (SPEC §7, issue 2): add, log, move, list, show, --data, exit codes.

Every error path is checked for its exit code, a single `error:` line, and a data
directory left byte for byte as it was.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import orjson
import pytest

from board import __version__
from board.model import CONTACT_FIELDS, Stage
from tests.helpers import data_files, run, run_cli

SPEC_FIELDS = {
    "id", "name", "company", "title", "emails", "phones", "urls", "stage", "tags", "expertise",
    "needs", "met_at", "source", "notes", "created_at", "updated_at", "stage_changed_at",
    "last_interaction_at", "snoozed_until", "cadence_days", "archived",
    # schema 2
    "nickname", "birthday", "introduced_by", "reminder", "reconnect_on", "stage_history",
    "name_parts",
}
INTERACTION_KEYS = {"id", "at", "kind", "summary", "value", "direction", "linked_to", "resource_id"}


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def board(root: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """Ada, Adam and Grace on a board."""
    for name, company in (("Ada Lovelace", "Analytical Engines"), ("Adam Smith", "Pin Factory"),
                          ("Grace Hopper", "US Navy")):
        assert run(capsys, "--data", str(root), "add", name, "--company", company)[0] == 0
    return root


def show_json(capsys: pytest.CaptureFixture[str], root: Path, who: str) -> dict:
    code, out, err = run(capsys, "--data", str(root), "show", who, "--json")
    assert code == 0, err
    return orjson.loads(out)


def fails(capsys: pytest.CaptureFixture[str], root: Path, *args: str, code: int = 1,
          says: str = "") -> str:
    """Run a command that must fail with `code`, change nothing, and say `says`."""
    before = data_files(root)
    got, out, err = run(capsys, *args)
    assert got == code, (args, out, err)
    if code == 1:
        lines = err.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("error: "), (args, err)
    assert says in err, (args, err)
    assert data_files(root) == before, args
    return err


def test_add_with_every_option(board: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(
        capsys, "add", "Katherine Johnson", "--data", str(board), "--company", "NASA",
        "--title", "Mathematician", "--email", "kj@nasa.gov", "--email", "k@example.com",
        "--phone", "+1 555 0100", "--url", "https://www.linkedin.com/in/kj",
        "--stage", "gave value", "--tag", "space", "--tag", "math",
        "--expertise", "orbital mechanics", "--expertise", "navigation",
        "--needs", "a room of engineers to teach", "--met-at", "conference in Denver",
        "--note", "Checked the flight numbers by hand.",
    )
    assert code == 0, err
    assert out.startswith("Added Katherine Johnson (") and "to Gave value" in out
    data = show_json(capsys, board, "katherine")
    assert set(data) == SPEC_FIELDS | {"interactions"}
    assert data["emails"] == ["kj@nasa.gov", "k@example.com"]
    assert data["phones"] == ["+1 555 0100"]
    assert data["urls"] == ["https://www.linkedin.com/in/kj"]
    assert data["stage"] == "gave_value" and data["tags"] == ["space", "math"]
    assert data["expertise"] == ["orbital mechanics", "navigation"]
    assert (data["needs"], data["met_at"], data["notes"], data["source"]) == (
        "a room of engineers to teach", "conference in Denver",
        "Checked the flight numbers by hand.", "manual")
    assert (data["company"], data["title"]) == ("NASA", "Mathematician")
    assert data["interactions"] == [] and data["archived"] is False
    assert data["last_interaction_at"] is None and data["snoozed_until"] is None
    for stamp in ("created_at", "updated_at", "stage_changed_at"):
        assert datetime.fromisoformat(data[stamp]).tzinfo is not None


@pytest.mark.parametrize(
    ("args", "says"),
    [(("add", " "), "needs a name"),
     (("add", "Bo", "--email", "not-an-email"), "does not look like an email"),
     (("add", "Bo", "--stage", "friends"), "unknown stage")],
)
def test_add_errors_change_nothing(board: Path, capsys: pytest.CaptureFixture[str],
                                   args: tuple[str, ...], says: str) -> None:
    fails(capsys, board, "--data", str(board), *args, says=says)


@pytest.mark.parametrize("kind", ["met", "message", "call", "meeting", "note"])
def test_log_each_kind(board: Path, capsys: pytest.CaptureFixture[str], kind: str) -> None:
    code, out, err = run(capsys, "--data", str(board), "log", "grace", "--kind", kind, "we", "talked")
    assert code == 0, err
    assert out == f"Logged {kind} with Grace Hopper.\n"
    (item,) = show_json(capsys, board, "grace")["interactions"]
    assert (item["kind"], item["summary"], item["value"]) == (kind, "we talked", None)
    assert set(item) == INTERACTION_KEYS


@pytest.mark.parametrize("kind", ["gave", "received"])
@pytest.mark.parametrize("value", ["information", "resource", "introduction", "referral",
                                   "feedback", "other", None])
def test_log_values(board: Path, capsys: pytest.CaptureFixture[str], kind: str,
                    value: str | None) -> None:
    args = ["--data", str(board), "log", "grace", "--kind", kind, "an intro"]
    if value:
        args += ["--value", value]
    assert run(capsys, *args)[0] == 0
    (item,) = show_json(capsys, board, "grace")["interactions"]
    assert (item["kind"], item["value"]) == (kind, value or "other")


def test_log_at_a_date_or_a_datetime(board: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "--data", str(board), "log", "grace", "--at", "2026-10-01", "on a date")[0] == 0
    assert run(capsys, "--data", str(board), "log", "grace", "--at", "2026-10-02T09:30",
               "at a time")[0] == 0
    assert run(capsys, "--data", str(board), "log", "grace", "--at", "2026-10-03T09:30:00+02:00",
               "with an offset")[0] == 0
    data = show_json(capsys, board, "grace")
    ats = [datetime.fromisoformat(i["at"]) for i in data["interactions"]]
    assert ats == [
        datetime(2026, 10, 1, 12, 0).astimezone(),
        datetime(2026, 10, 2, 9, 30).astimezone(),
        datetime.fromisoformat("2026-10-03T09:30:00+02:00"),
    ]
    assert datetime.fromisoformat(data["last_interaction_at"]) == ats[-1]


@pytest.mark.parametrize(
    ("args", "says"),
    [(("log", "grace", "--at", "someday", "hi"), "cannot read the date 'someday'"),
     (("log", "grace", "--at", "2026-13-45", "hi"), "cannot read the date '2026-13-45'"),
     (("log", "grace", "--at", "9999-12-31", "hi"), "9999-12-31 is more than a day ahead"),
     (("log", "grace", "--at", "9999-12-31T23:59", "hi"), "more than a day ahead"),
     (("log", "grace", "--at", "+99999d", "hi"), "more than a day ahead"),
     (("log", "grace", "--at", "-9999999d", "hi"), "before 1900"),
     (("log", "grace", "--at", "1899-12-31", "hi"), "before 1900"),
     (("log", "grace", "--at", "", "hi"), "cannot read the date ''"),
     (("log", "grace", "--kind", "lunch", "hi"), "unknown interaction kind"),
     (("log", "grace", "--kind", "call", "--value", "referral", "hi"), "--value goes only with"),
     (("log", "grace", "--kind", "gave", "--value", "money", "hi"), "unknown value"),
     (("log", "grace", "  "), "say what happened"),
     (("log", "nobody", "hi"), "no contact matches 'nobody'")],
)
def test_log_errors_change_nothing(board: Path, capsys: pytest.CaptureFixture[str],
                                   args: tuple[str, ...], says: str) -> None:
    fails(capsys, board, "--data", str(board), *args, says=says)


@pytest.mark.parametrize(
    ("spelling", "stage"),
    [("talked", Stage.TALKED), ("gave-value", Stage.GAVE_VALUE), ("gave_value", Stage.GAVE_VALUE),
     ("gave value", Stage.GAVE_VALUE), ("Gave Value", Stage.GAVE_VALUE), ("TRUSTED", Stage.TRUSTED)],
)
def test_move_accepts_every_stage_spelling(board: Path, capsys: pytest.CaptureFixture[str],
                                           spelling: str, stage: Stage) -> None:
    code, out, err = run(capsys, "--data", str(board), "move", "grace", spelling)
    assert code == 0, err
    assert out == f"Moved Grace Hopper: Met → {stage.label}.\n"
    data = show_json(capsys, board, "grace")
    assert data["stage"] == stage.value
    assert data["stage_changed_at"] >= data["created_at"]
    code, out, _ = run(capsys, "--data", str(board), "move", "grace", spelling)
    assert code == 0 and out == f"Grace Hopper is already in {stage.label}.\n"


def test_move_errors_change_nothing(board: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fails(capsys, board, "--data", str(board), "move", "grace", "best friends", says="unknown stage")
    fails(capsys, board, "--data", str(board), "move", "nobody", "talked", says="no contact matches")


def test_ambiguous_prefix_lists_the_candidates(board: Path, capsys: pytest.CaptureFixture[str]) -> None:
    err = fails(capsys, board, "--data", str(board), "move", "ada", "talked",
                says="'ada' matches 2 contacts")
    assert "Ada Lovelace (" in err and "Adam Smith (" in err
    fails(capsys, board, "--data", str(board), "log", "ad", "hi", says="matches 2 contacts")
    fails(capsys, board, "--data", str(board), "show", "a", says="matches 2 contacts")
    # An exact name, a unique prefix and an id prefix all resolve.
    assert run(capsys, "--data", str(board), "move", "ada lovelace", "talked")[0] == 0
    adam = show_json(capsys, board, "adam")
    assert run(capsys, "--data", str(board), "move", adam["id"][:8], "trusted")[0] == 0
    assert show_json(capsys, board, adam["id"])["stage"] == "trusted"


def test_list_and_show_json(board: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "--data", str(board), "log", "grace", "--kind", "call", "first call")[0] == 0
    assert run(capsys, "--data", str(board), "move", "grace", "talked")[0] == 0
    code, out, _ = run(capsys, "--data", str(board), "list", "--json")
    assert code == 0
    listed = orjson.loads(out)
    assert [c["name"] for c in listed] == ["Ada Lovelace", "Adam Smith", "Grace Hopper"]
    assert all(set(c) == SPEC_FIELDS for c in listed)
    assert set(CONTACT_FIELDS) == SPEC_FIELDS
    grace = listed[2]
    assert grace["stage"] == "talked" and grace["last_interaction_at"] is not None
    code, out, _ = run(capsys, "--data", str(board), "list", "--stage", "met", "--json")
    assert [c["name"] for c in orjson.loads(out)] == ["Ada Lovelace", "Adam Smith"]
    shown = show_json(capsys, board, "grace")
    assert {k: v for k, v in shown.items() if k != "interactions"} == grace
    assert [i["summary"] for i in shown["interactions"]] == ["first call"]
    code, out, _ = run(capsys, "--data", str(board), "list")
    assert code == 0 and "Grace Hopper" in out and "Talked" in out
    code, out, _ = run(capsys, "--data", str(board), "show", "grace")
    assert code == 0 and "first call" in out and "US Navy" in out


def test_empty_board_lists_a_hint(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--data", str(root), "list")
    assert code == 0 and "No contacts yet" in out
    code, out, _ = run(capsys, "--data", str(root), "list", "--json")
    assert code == 0 and orjson.loads(out) == []


def test_data_before_or_after_the_command_name(board: Path, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    other = tmp_path / "other"
    assert run(capsys, "add", "Only Here", "--data", str(other))[0] == 0
    for args in (("--data", str(other), "list", "--json"), ("list", "--data", str(other), "--json"),
                 ("list", "--json", "--data", str(other))):
        code, out, _ = run(capsys, *args)
        assert code == 0 and [c["name"] for c in orjson.loads(out)] == ["Only Here"]
    code, out, _ = run(capsys, "list", "--json")  # $TRUSTBOARD_DATA: neither board
    assert code == 0 and orjson.loads(out) == []


def test_version_help_and_usage_errors(board: Path) -> None:
    version = run_cli("--version")
    assert version.returncode == 0 and version.stdout.strip() == f"trustboard {__version__}"
    helped = run_cli("--help")
    assert helped.returncode == 0
    for command in ("add", "log", "move", "list", "show"):
        assert command in helped.stdout
    assert run_cli("log", "--help").returncode == 0
    before = data_files(board)
    for args in (("log", "grace"), ("move", "grace"), ("list", "--bogus"), ("frobnicate",),
                 ("log", "grace", "--kind"), ("add",)):
        result = run_cli(*args, data=board)
        assert result.returncode == 2, (args, result.stderr)
        assert "Traceback" not in result.stderr and result.stderr.strip()
    assert data_files(board) == before
    user_error = run_cli("move", "nobody", "talked", data=board)
    assert user_error.returncode == 1
    assert user_error.stderr.startswith("error: no contact matches 'nobody'")
    assert data_files(board) == before


def test_a_name_typed_without_its_accents_resolves(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    board = tmp_path / "data"
    for name in ("José García", "Zoë Ångström", "Zoë Berg", "Jose Gomez"):
        assert run(capsys, "--data", str(board), "add", name)[0] == 0
    code, out, err = run(capsys, "--data", str(board), "log", "jose garcia", "coffee")
    assert code == 0, err
    assert out.startswith("Logged note with José García")
    assert show_json(capsys, board, "José García")["last_interaction_at"]
    assert run(capsys, "--data", str(board), "move", "ANGSTROM", "talked")[0] == 1  # a name's start only
    assert run(capsys, "--data", str(board), "move", "zoe ang", "talked")[0] == 0
    assert show_json(capsys, board, "Zoë Ångström")["stage"] == "talked"
    # Accents typed where the name has none: the same rule; a folded prefix of two is still ambiguous.
    assert show_json(capsys, board, "josé gómez")["name"] == "Jose Gomez"
    err = fails(capsys, board, "--data", str(board), "show", "zoe", says="'zoe' matches 2 contacts")
    assert "Zoë Ångström (" in err and "Zoë Berg (" in err
    fails(capsys, board, "--data", str(board), "show", "nobody", says="no contact matches 'nobody'")


@pytest.mark.parametrize("args", [
    ("log", "Ada", "a call"), ("show", "Ada"), ("move", "Ada", "talked"),
    ("edit", "Ada", "--company", "X"), ("snooze", "Ada", "+1w"), ("suggest", "Ada"),
    ("list", "--stage", "nowhere"),
])
def test_a_failed_command_leaves_no_store_where_there_was_none(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: tuple[str, ...]
) -> None:
    """A mistyped --data with a command that then fails (no such person, say): the error
    is the command's own, and no store is left behind (SPEC §9: a command that exits
    non-zero has changed nothing), neither a new directory nor files in an empty one."""
    typo, empty = tmp_path / "trustbaord", tmp_path / "empty"
    empty.mkdir()
    for where in (typo, empty):
        code, out, err = run(capsys, "--data", str(where), *args)
        assert code in (1, 2) and out == "" and err.startswith("error: ") and err.count("\n") == 1
    assert not typo.exists()
    assert list(empty.iterdir()) == []


def test_a_store_with_something_in_it_is_never_taken_back(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A command that succeeds keeps the store it made (an empty board is a board); one
    that fails after something was put there (by an earlier command) takes nothing away."""
    made = tmp_path / "new"
    assert run(capsys, "--data", str(made), "list")[0] == 0
    assert (made / "meta.json").is_file()
    other = tmp_path / "other"
    assert run(capsys, "--data", str(other), "add", "Ada Lovelace")[0] == 0
    assert run(capsys, "--data", str(other), "log", "Nobody", "a call")[0] == 1
    assert (made / "meta.json").is_file()  # (an earlier command's store is not this one's)
    assert [c["name"] for c in orjson.loads(run(capsys, "--data", str(other), "list", "--json")[1])] == ["Ada Lovelace"]
