"""`trustboard today` and `trustboard stats`: output, JSON, exit codes, nothing changed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import types
from datetime import date
from pathlib import Path

import pytest

from tests.helpers import (
    ROOT,
    TODAY,
    TRUSTBOARD,
    Clock,
    add,
    build_network,
    cli_on_clock,
    data_files,
    fixed_store,
    local,
    run,
)


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A data dir and config path in tmp, and a CLI whose clock stands at TODAY 09:00."""
    clock = Clock(local(TODAY, 9))
    data = cli_on_clock(tmp_path, monkeypatch, clock)
    # No outreach module: the queue must stand on its own (a test below fakes one).
    monkeypatch.setitem(sys.modules, "board.outreach", None)
    return data


# --- today -------------------------------------------------------------------------


def test_today_json_is_the_queue_most_overdue_first(env: Path, capsys):
    build_network(env)
    before = data_files(env)
    code, out, err = run(capsys, "today", "--json")
    assert (code, err) == (0, "")
    rows = json.loads(out)
    assert [(r["name"], r["days_overdue"], r["due_since"], r["due_for"]) for r in rows] == [
        ("Cat", 21, "2026-11-01", "thanks"),  # her referral of Nov 1 is not answered yet
        ("Dan", 304, "2026-01-22", "follow-up"),  # last touch 2025-11-23 + 60
        ("Gil", 38, "2026-10-15", "follow-up"),  # created Oct 1 + 14 (a move is no touch)
        ("Ana", 14, "2026-11-08", "follow-up"),  # created Nov 1 + 7
        ("Ivy", 3, "2026-11-19", "follow-up"),  # gave Oct 20 + 30
    ]
    dan = rows[1]
    assert dan["stage"] == "trusted"
    assert dan["last_interaction_at"] == local(date(2025, 11, 23)).isoformat()
    assert dan["next_step"] is None
    contact_fields = {
        "id", "name", "company", "title", "emails", "phones", "urls", "stage", "tags",
        "expertise", "needs", "met_at", "source", "notes", "created_at", "updated_at",
        "stage_changed_at", "last_interaction_at", "snoozed_until", "cadence_days", "archived",
        "nickname", "birthday", "introduced_by", "reminder", "reconnect_on", "stage_history",
        "name_parts",
    }
    assert set(dan) == contact_fields | {"days_overdue", "due_since", "due_for", "next_step"}
    assert data_files(env) == before  # reading the queue changes nothing


def test_today_text_one_line_per_person(env: Path, capsys):
    build_network(env)
    code, out, err = run(capsys, "today")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == "Sunday 22 November: 5 people to reach out to."
    people = [line.split()[0] for line in lines[2:]]
    assert people == ["Cat", "Dan", "Gil", "Ana", "Ivy"]
    cat, dan, gil, ana, ivy = lines[2:]
    assert "Gave value" in cat and "owed thanks" in cat and "last: received 3w ago" in cat
    assert "Trusted" in dan and "304 days overdue" in dan and "last: received 12mo ago" in dan
    assert "Talked" in gil and "38 days overdue" in gil and "added 7w ago, nothing logged yet" in gil
    assert "Met" in ana and "14 days overdue" in ana
    assert "Gave value" in ivy and "3 days overdue" in ivy and "last: gave 4w ago" in ivy


def test_today_limit_says_how_many_more(env: Path, capsys):
    build_network(env)
    code, out, _ = run(capsys, "today", "--limit", "2")
    assert code == 0
    lines = out.splitlines()
    assert [line.split()[0] for line in lines[2:4]] == ["Cat", "Dan"]
    assert lines[4] == "  … and 3 more: trustboard today --limit 0"
    code, out, _ = run(capsys, "today", "--json", "--limit", "1")
    assert [r["name"] for r in json.loads(out)] == ["Cat"]


def test_today_empty_queue_is_warm_and_says_who_is_next(env: Path, capsys):
    store, _ = fixed_store(env)
    add(store, "Noor", at=date(2026, 11, 20))  # due Nov 27
    add(store, "Omar", at=date(2026, 11, 21))
    code, out, err = run(capsys, "today")
    assert (code, err) == (0, "")
    assert out.startswith("Nobody is due today")
    assert "Next up: Noor, in 5 days (Fri 27 Nov)." in out
    code, out, _ = run(capsys, "today", "--json")
    assert (code, json.loads(out)) == (0, [])


def test_today_on_an_empty_board(env: Path, capsys):
    code, out, err = run(capsys, "today")
    assert (code, err) == (0, "")
    assert "your board is empty" in out and "trustboard add NAME" in out


def test_today_honours_cadence_from_config(env: Path, tmp_path: Path, capsys):
    build_network(env)
    (tmp_path / "config.toml").write_text("[cadence]\nmet = 30\ntalked = 60\n", "utf-8")
    code, out, _ = run(capsys, "today", "--json")
    # Ana (Met, 21 days) and Gil (Talked, 52 days) are no longer due; Cat's thanks is
    assert [r["name"] for r in json.loads(out)] == ["Cat", "Dan", "Ivy"]


def test_today_warns_about_a_bad_cadence_and_keeps_the_default(env: Path, tmp_path: Path, capsys):
    build_network(env)
    (tmp_path / "config.toml").write_text("[cadence]\nmet = 0\n", "utf-8")
    code, out, err = run(capsys, "today", "--json")
    assert code == 0
    assert err.startswith("warning:") and "cadence.met" in err
    assert [r["name"] for r in json.loads(out)] == ["Cat", "Dan", "Gil", "Ana", "Ivy"]


@pytest.mark.parametrize("bulk", [False, True], ids=["per-person", "one-pass"])
def test_today_shows_the_top_suggestion_when_outreach_is_there(
    env: Path, capsys, monkeypatch, bulk: bool
):
    build_network(env)
    if bulk:  # a long queue reads every interaction once: it must see the same histories
        monkeypatch.setattr("board.standing.FEW", 1)
    seen = []

    def suggest_messages(contact, history, network, *, my_name="", templates=None, now=None):
        assert [i.at for i in history] == sorted(i.at for i in history)
        seen.append((contact.name, len(history), len(network), now))
        return [types.SimpleNamespace(name=f"reach-{contact.name.lower()}")]

    fake = types.ModuleType("board.outreach")
    fake.suggest_messages = suggest_messages  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "board.outreach", fake)
    code, out, _ = run(capsys, "today")
    assert code == 0
    # The gift comes first: Cat's next step is the thank-you, whatever the ranking says
    assert "next: thanks-for-referral" in out.splitlines()[2]
    assert "next: reach-dan" in out.splitlines()[3]
    # Cat's and Dan's 2 interactions, Ivy's 1, nobody else's; the network: 9 live contacts
    assert sorted(seen) == [
        ("Ana", 0, 9, local(TODAY, 9)), ("Cat", 2, 9, local(TODAY, 9)),
        ("Dan", 2, 9, local(TODAY, 9)),
        ("Gil", 0, 9, local(TODAY, 9)), ("Ivy", 1, 9, local(TODAY, 9)),
    ]
    code, out, _ = run(capsys, "today", "--json")
    assert [r["next_step"] for r in json.loads(out)] == [
        "thanks-for-referral", "reach-dan", "reach-gil", "reach-ana", "reach-ivy",
    ]


def test_today_refuses_a_negative_limit_as_usage(env: Path, capsys):
    code, _, err = run(capsys, "today", "--limit", "-1")
    assert code == 2 and "-1" in err


def test_today_on_a_damaged_file_is_an_error_and_leaves_it(env: Path, capsys):
    build_network(env)
    shard = next(p for p in sorted((env / "contacts").glob("*.json")))
    shard.write_bytes(b"{not json")
    before = data_files(env)
    code, out, err = run(capsys, "today")
    assert code == 1 and out == ""
    assert err.startswith("error: ") and shard.name in err and "Traceback" not in err
    assert data_files(env) == before


# --- stats -------------------------------------------------------------------------


def test_stats_json_against_the_hand_computed_network(env: Path, capsys):
    build_network(env)
    before = data_files(env)
    code, out, err = run(capsys, "stats", "--json")
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert data["stages"] == {"met": 3, "talked": 2, "gave_value": 2, "trusted": 2}
    assert all(type(n) is int for n in data["stages"].values())
    zero = dict.fromkeys(("information", "resource", "introduction", "referral", "feedback", "other"), 0)
    assert data["given"] == {
        "last_30_days": {**zero, "information": 1, "resource": 1, "total": 2},
        "last_90_days": {**zero, "information": 1, "resource": 1, "referral": 1, "feedback": 1,
                         "other": 1, "total": 5},
        "last_365_days": {**zero, "information": 1, "resource": 1, "referral": 1, "feedback": 1,
                          "other": 1, "introduction": 1, "total": 6},
    }
    assert data["received"] == {
        "last_30_days": {**zero, "referral": 1, "total": 1},
        "last_90_days": {**zero, "referral": 1, "total": 1},
        "last_365_days": {**zero, "referral": 1, "feedback": 1, "total": 2},
    }
    assert data["sphere"] == {"count": 4, "goal": 250}
    assert data["flow"]["moved_forward"] == 1
    assert (data["cold"], data["due"]) == (3, 5)
    weekly = data["weekly"]["counts"]
    assert len(weekly) == 26 and sum(weekly) == 7 and weekly[-1] == 2
    assert data_files(env) == before


def test_stats_text_shows_the_sphere(env: Path, capsys):
    build_network(env)
    code, out, err = run(capsys, "stats")
    assert (code, err) == (0, "")
    assert "Sphere of influence  4 / 250" in out
    assert "Met 3 · Talked 2 · Gave value 2 · Trusted 2" in out
    assert "Going cold           3" in out
    referral = [line.split() for line in out.splitlines() if line.split()[:1] == ["referral"]]
    assert referral == [["referral", "0", "1", "1"], ["referral", "1", "1", "1"]]  # given, received


def test_stats_on_an_empty_board(env: Path, capsys):
    code, out, _ = run(capsys, "stats")
    assert code == 0 and "0 / 250" in out


# --- the real command ----------------------------------------------------------------


def _real(args: list[str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TRUSTBOARD_DATA": str(tmp_path / "d"),
           "TRUSTBOARD_CONFIG": str(tmp_path / "config.toml")}
    return subprocess.run([str(TRUSTBOARD), *args], capture_output=True, text=True, env=env,
                          timeout=60)


def test_real_command_exit_codes(tmp_path: Path):
    assert _real(["add", "Pia", "--stage", "talked"], tmp_path).returncode == 0
    assert _real(["log", "Pia", "--kind", "gave", "--value", "referral", "--at", "2020-01-01",
                  "intro"], tmp_path).returncode == 0
    done = _real(["today", "--json"], tmp_path)
    assert done.returncode == 0, done.stderr
    [row] = json.loads(done.stdout)
    assert (row["name"], row["due_since"]) == ("Pia", "2020-01-15")
    done = _real(["--data", str(tmp_path / "d"), "stats", "--json"], tmp_path)
    assert done.returncode == 0 and json.loads(done.stdout)["stages"]["talked"] == 1
    done = _real(["stats", "--nope"], tmp_path)
    assert done.returncode == 2 and "No such option" in done.stderr


def test_today_and_stats_never_import_textual(tmp_path: Path):
    code = (
        "import sys\n"
        "from board.cli import main\n"
        "for args in (['today'], ['stats', '--json']):\n"
        "    try:\n"
        "        main(args)\n"
        "    except SystemExit as done:\n"
        "        assert done.code == 0, done.code\n"
        "assert 'textual' not in sys.modules and 'rich' not in sys.modules\n"
        "print('clean')\n"
    )
    env = {**os.environ, "TRUSTBOARD_DATA": str(tmp_path / "d"),
           "TRUSTBOARD_CONFIG": str(tmp_path / "config.toml")}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                          cwd=ROOT, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.rstrip().endswith("clean")
