"""Times on the command line: shown in the local zone, `--at tomorrow`, and WHEN messages.

A stored time keeps the offset of the machine that logged it; a person reads every time
in the zone they are in now (`--json` keeps the stored form). The real `trustboard` runs
in a subprocess, so each run has its own `TZ`, as on two machines.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from pathlib import Path

import orjson
import pytest

from board.dates import parse_day, parse_moment
from board.errors import UserError
from board.reminders import reminder_for
from board.triage import snooze_until
from tests.helpers import ROOT, run_cli

TOKYO = {"TZ": "Asia/Tokyo"}
LOS_ANGELES = {"TZ": "America/Los_Angeles"}
UTC_ZONE = {"TZ": "UTC"}


def timeline(out: str) -> list[tuple[str, str]]:
    """(time, summary) of each timeline row of `show`."""
    rows = re.findall(r"^  (\d{4}-\d\d-\d\d \d\d:\d\d)  \w{8}  \S+  (.*)$", out, re.M)
    return [(when, summary.strip()) for when, summary in rows]


def test_show_prints_every_time_in_the_zone_it_runs_in(tmp_path: Path) -> None:
    root = tmp_path / "data"
    assert run_cli("add", "Xavier Quinn", data=root).returncode == 0
    assert run_cli("log", "xavier", "in tokyo", data=root, env=TOKYO).returncode == 0
    assert run_cli("log", "xavier", "in LA", data=root, env=LOS_ANGELES).returncode == 0
    shown = run_cli("show", "xavier", data=root, env=LOS_ANGELES)
    assert shown.returncode == 0, shown.stderr
    rows = dict((summary, when) for when, summary in timeline(shown.stdout))
    tokyo, la = (datetime.strptime(rows[s], "%Y-%m-%d %H:%M") for s in ("in tokyo", "in LA"))
    assert abs(la - tokyo) <= timedelta(minutes=1), shown.stdout  # logged a second apart
    # --json keeps each time as stored, with the offset it was logged with
    data = orjson.loads(run_cli("show", "xavier", "--json", data=root, env=LOS_ANGELES).stdout)
    offsets = {i["summary"]: i["at"][-6:] for i in data["interactions"]}
    assert offsets == {"in tokyo": "+09:00", "in LA": "-08:00"}


@pytest.mark.parametrize(("zone", "expected"), [
    ("UTC", "2025-10-01 07:30"), ("Asia/Tokyo", "2025-10-01 16:30"),
    ("America/Los_Angeles", "2025-10-01 00:30"),
])
def test_log_at_with_an_offset_shows_in_local_time(tmp_path: Path, zone: str, expected: str) -> None:
    root = tmp_path / "data"
    assert run_cli("add", "Ada Lovelace", data=root).returncode == 0
    logged = run_cli("log", "ada", "--at", "2025-10-01 09:30+02:00", "call from Paris",
                     data=root, env={"TZ": zone})
    assert logged.returncode == 0, logged.stderr
    shown = run_cli("show", "ada", data=root, env={"TZ": zone}).stdout
    assert timeline(shown) == [(expected, "call from Paris")]


def test_unlog_and_backups_say_local_days_and_times(tmp_path: Path) -> None:
    root = tmp_path / "data"
    assert run_cli("add", "Ada Lovelace", data=root).returncode == 0
    # 23:30 in Los Angeles is already the next day in Tokyo
    assert run_cli("log", "ada", "--at", "2025-03-03T23:30-08:00", "late call", data=root).returncode == 0
    interaction = orjson.loads(run_cli("show", "ada", "--json", data=root).stdout)["interactions"][0]
    asked = run_cli("unlog", interaction["id"][:8], data=root, env=TOKYO)
    assert asked.returncode == 1
    assert "on 2025-03-04" in asked.stderr, asked.stderr
    listed = run_cli("backups", "--json", data=root, env=TOKYO)
    backups = orjson.loads(listed.stdout)
    assert backups, listed.stderr
    made = datetime.fromisoformat(backups[0]["at"])
    table = run_cli("backups", data=root, env=TOKYO).stdout
    tokyo_time = made.astimezone(datetime.fromisoformat("2025-01-01T00:00+09:00").tzinfo)
    assert f"{tokyo_time:%Y-%m-%d %H:%M}" in table, table


def test_no_command_formats_a_time_itself() -> None:
    """Every time the CLI prints goes through board.humane (local time), none straight
    from a stored moment with strftime (that prints it in the zone it was logged in)."""
    found = [
        f"{path.name}:{text.count(chr(10), 0, match.start()) + 1}"
        for path in sorted((ROOT / "board" / "cli").glob("*.py"))
        for text in [path.read_text("utf-8")]
        for match in re.finditer(r"\.strftime\(|%H:%M|%Y-%m-%d|\.astimezone\(", text)
    ]
    assert found == []


# --- log --at tomorrow -------------------------------------------------------------------------

MORNING = datetime(2026, 12, 1, 11, 1).astimezone()


def test_tomorrow_for_something_that_happened_is_this_time_tomorrow() -> None:
    assert parse_moment("tomorrow", MORNING) == MORNING + timedelta(days=1)
    assert parse_moment("Tomorrow", MORNING) == MORNING + timedelta(days=1)
    assert parse_moment("tomorrow 09:00", MORNING) == datetime(2026, 12, 2, 9, 0).astimezone()
    with pytest.raises(UserError, match="more than a day ahead"):
        parse_moment("tomorrow 12:00", MORNING)


def test_log_at_tomorrow_is_logged(tmp_path: Path) -> None:
    root = tmp_path / "data"
    assert run_cli("add", "Ada Lovelace", data=root).returncode == 0
    logged = run_cli("log", "ada", "--at", "tomorrow", "call, already tomorrow in Sydney", data=root)
    assert logged.returncode == 0, logged.stderr
    at = datetime.fromisoformat(orjson.loads(run_cli("show", "ada", "--json", data=root).stdout)
                                ["interactions"][0]["at"])
    ahead = at - datetime.now().astimezone()
    assert timedelta(hours=23) < ahead <= timedelta(days=1)


@pytest.mark.parametrize("when", ["+1d", "tomorrow's date"])
def test_every_way_of_saying_tomorrow_is_logged(tmp_path: Path, when: str) -> None:
    root = tmp_path / "data"
    assert run_cli("add", "Ada Lovelace", data=root).returncode == 0
    if when == "tomorrow's date":
        when = (datetime.now().astimezone() + timedelta(days=1)).date().isoformat()
    logged = run_cli("log", "ada", "--at", when, "call", data=root)
    assert logged.returncode == 0, logged.stderr


def test_a_log_too_far_ahead_is_one_line_naming_the_latest_moment(tmp_path: Path) -> None:
    root = tmp_path / "data"
    assert run_cli("add", "Ada Lovelace", data=root).returncode == 0
    before = run_cli("show", "ada", "--json", data=root).stdout
    refused = run_cli("log", "ada", "--at", "+3d", "call", data=root, env=TOKYO)
    assert refused.returncode == 1
    [line] = refused.stderr.splitlines()
    match = re.fullmatch(
        r"error: (\d{4}-\d\d-\d\d) is more than a day ahead: an interaction is logged up to "
        r"(\d{4}-\d\d-\d\d \d\d:\d\d) \(this time tomorrow\); "
        r"for a planned step use `trustboard remind`", line)
    assert match, line
    latest = datetime.strptime(match.group(2), "%Y-%m-%d %H:%M")
    tokyo_now = datetime.now(datetime.fromisoformat("2025-01-01T00:00+09:00").tzinfo)
    assert abs(latest - (tokyo_now.replace(tzinfo=None) + timedelta(days=1))) < timedelta(minutes=2)
    assert run_cli("show", "ada", "--json", data=root).stdout == before


def test_readme_says_what_tomorrow_means_for_log() -> None:
    readme = " ".join((ROOT / "README.md").read_text("utf-8").split())
    assert "tomorrow's date) means this time tomorrow, the latest allowed moment" in readme


# --- snooze and remind messages ----------------------------------------------------------------

TODAY = date(2026, 12, 1)


def test_every_example_a_snooze_error_gives_is_a_valid_snooze() -> None:
    with pytest.raises(UserError) as unread:
        snooze_until("someday", TODAY)
    with pytest.raises(UserError) as empty:
        snooze_until(" ", TODAY)
    for message in (str(unread.value), str(empty.value)):
        examples = message.split(": use ")[-1].split(": ")[-1].split(", ")
        assert len(examples) >= 5, message
        for example in examples:
            assert snooze_until(example, TODAY) > TODAY, example
            assert reminder_for(example, "call", TODAY).date >= TODAY, example


def test_examples_are_valid_on_any_day() -> None:
    from board.dates import day_examples, moment_examples

    for today in (date(2026, 12, 1), date(2031, 2, 28), date(2025, 1, 1)):
        for example in day_examples(today).split(", "):
            assert snooze_until(example, today) > today
        now = datetime.combine(today, datetime.min.time()).astimezone()
        for example in moment_examples(now).split(", "):
            parse_moment(example, now)  # raises when not valid


def test_a_day_past_ten_years_says_so_and_names_what_is_accepted(tmp_path: Path) -> None:
    with pytest.raises(UserError) as raised:
        parse_day("2036-12-31", TODAY, what="a snooze")
    assert str(raised.value) == (
        "2036-12-31 is more than ten years ahead: pick a day up to 2036-11-28, like +2w or 2026-12-15"
    )
    with pytest.raises(UserError) as far:
        parse_day("+9999999d", TODAY)
    assert str(far.value).startswith("'+9999999d' is more than ten years ahead: pick a day up to ")
    root = tmp_path / "data"
    assert run_cli("add", "Ada Lovelace", data=root).returncode == 0
    refused = run_cli("snooze", "ada", "2099-12-31", data=root)
    assert refused.returncode == 1
    today = datetime.now().astimezone().date()
    assert refused.stderr == (
        f"error: 2099-12-31 is more than ten years ahead: pick a day up to "
        f"{today + timedelta(days=3650)}, like +2w or {today + timedelta(days=14)}\n"
    )


@pytest.mark.parametrize("typed", ["2099-12-31", "+99999d", "yesterday", "today"])
def test_every_example_a_refused_snooze_gives_is_accepted(typed: str) -> None:
    with pytest.raises(UserError) as refused:
        snooze_until(typed, TODAY)
    examples = re.split(r", like | or ", str(refused.value).split(": pick ")[1])[1:]
    assert len(examples) == 2, refused.value
    for example in examples:
        assert snooze_until(example, TODAY) > TODAY, example
    if "ten years" in str(refused.value):
        latest = date.fromisoformat(re.search(r"up to (\S+),", str(refused.value)).group(1))
        assert snooze_until(latest.isoformat(), TODAY) == latest
        with pytest.raises(UserError):
            snooze_until((latest + timedelta(days=1)).isoformat(), TODAY)
