"""Hostile clocks, values, directories and leftovers (issue 11 §3–§7, §9): the store copes.

- backups are named by UTC time and a sequence number, so a clock that goes back or a
  time-zone change never makes a command loop (§3);
- a value already stored out of range is read as the nearest bound, reported once, and
  refused on write (§4);
- `--data` on somebody else's directory is refused untouched; a `.lock` symlink is not
  followed (§6);
- stale temporary files and partial backups are cleaned on open (§7);
- every backup's manifest carries a checksum of each file, and a backup whose files do
  not match is reported as damaged, never offered as good (§9).
"""

from __future__ import annotations

import os
import threading
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import orjson
import pytest

from board.errors import DataError, UserError
from board.model import Interaction, Kind, Stage, new_id
from board.store import CONTACTS, INTERACTIONS, KEEP_EVENT, Store, rel, shard_of
from tests.helpers import Clock, chat, data_files, person, run_cli

TOKYO = ZoneInfo("Asia/Tokyo")
LOS_ANGELES = ZoneInfo("America/Los_Angeles")
NOON_UTC = datetime(2026, 11, 19, 12, 0, tzinfo=UTC)


def _finishes(action, seconds: float = 10.0) -> None:
    """Run `action` in a thread; fail (instead of hanging) if it does not end in time."""
    errors: list[BaseException] = []

    def run() -> None:
        try:
            action()
        except BaseException as exc:  # reported below
            errors.append(exc)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), "the command did not finish: it loops on the clock"
    if errors:
        raise errors[0]


# --- §3 backups never depend on the wall clock going forward -----------------------------


def test_backups_after_a_time_zone_change_and_a_clock_set_back_finish_at_once(tmp_path: Path) -> None:
    clock = Clock(NOON_UTC.astimezone(TOKYO))
    store = Store(tmp_path / "data", clock=clock)
    ada = store.add_contact(person("Ada", at=NOON_UTC - timedelta(days=3))).contact
    made = [store.backup("daily"), store.backup("before-import")]
    clock.now = NOON_UTC.astimezone(LOS_ANGELES)  # the same instant, 17 hours "earlier" locally
    _finishes(lambda: made.append(store.backup("before-import")))
    clock.now = (NOON_UTC - timedelta(days=1)).astimezone(LOS_ANGELES)  # the clock set back a day
    _finishes(lambda: made.append(store.backup("before-import")))
    _finishes(lambda: store.move(ada.id, Stage.TALKED))
    listed = [b.name for b in store.backups()]
    assert listed == [p.name for p in reversed(made)]  # newest first: the order they were made in
    assert all("T" in name and "Z-" in name for name in listed)  # UTC in the name


def test_pruning_keeps_the_newest_by_sequence_even_when_the_clock_jumps(tmp_path: Path) -> None:
    clock = Clock(NOON_UTC)
    store = Store(tmp_path / "data", clock=clock)
    store.add_contact(person("Ada", at=NOON_UTC - timedelta(days=1)))
    made = []
    for n in range(KEEP_EVENT + 3):
        clock.now = NOON_UTC + timedelta(days=(-1) ** n * n * 30)  # back and forth
        made.append(store.backup("before-import").name)
    kept = sorted(p.name for p in (store.root / "backups").iterdir())
    assert kept == sorted(made[-KEEP_EVENT:])


def test_the_cli_under_tokyo_then_los_angeles_time_finishes(tmp_path: Path) -> None:
    root = tmp_path / "data"
    tokyo = {"TZ": "Asia/Tokyo"}
    assert run_cli("add", "Ada Lovelace", data=root, env=tokyo).returncode == 0
    assert run_cli("log", "ada", "first call", data=root, env=tokyo).returncode == 0
    people = tmp_path / "people.csv"
    people.write_text("name\nBo Chen\n", "utf-8")
    assert run_cli("import", "csv", str(people), data=root, env=tokyo).returncode == 0
    started = time.monotonic()
    result = run_cli("import", "csv", str(people), data=root, env={"TZ": "America/Los_Angeles"}, timeout=30)
    result = run_cli("log", "ada", "second call", data=root, env={"TZ": "America/Los_Angeles"}, timeout=30)
    assert result.returncode == 0, result.stderr
    assert time.monotonic() - started < 20


# --- §4 values out of range ----------------------------------------------------------------------


def _plant(root: Path, table: str, owner: str, doc: dict) -> Path:
    """Write a record straight into its shard, as an older trustboard or a hand edit might."""
    path = root / rel(table, shard_of(owner))
    data = orjson.loads(path.read_bytes()) if path.exists() else {table: {}}
    data[table][doc["id"]] = doc
    path.write_bytes(orjson.dumps(data))
    return path


def _hostile_board(root: Path) -> tuple[Store, str]:
    store = Store(root)
    ada = store.add_contact(person("Ada Lovelace", at=datetime(2026, 1, 5, 9, 0).astimezone())).contact
    bo = store.add_contact(person("Bo Chen", at=datetime(2026, 1, 5, 9, 0).astimezone())).contact
    store.close()
    doc = {**ada.to_dict(), "cadence_days": 2**63, "created_at": "9999-12-31T23:59:00+00:00",
           "snoozed_until": "9999-12-31", "last_interaction_at": "9999-12-31T23:59:00+00:00"}
    _plant(root, CONTACTS, ada.id, doc)
    far = Interaction(new_id(), ada.id, datetime(9999, 12, 31, 23, 59, tzinfo=UTC), Kind.CALL, "from the future")
    _plant(root, INTERACTIONS, ada.id, far.to_dict())
    bo_doc = {**bo.to_dict(), "cadence_days": 0, "created_at": "1066-10-14T09:00:00+00:00",
              "reminder": {"date": "9999-12-31", "text": "far away"}}
    _plant(root, CONTACTS, bo.id, bo_doc)
    return Store(root), ada.id


@pytest.mark.parametrize("args", [
    ("today",), ("today", "--json"), ("stats",), ("stats", "--json"), ("list", "--due"),
    ("list",), ("list", "--json"), ("show", "Ada Lovelace"), ("show", "Bo Chen", "--json"),
    ("log", "Ada Lovelace", "a real call"), ("move", "Bo Chen", "talked"),
    ("export", "--format", "json"),
])
def test_values_stored_out_of_range_never_crash_a_command(tmp_path: Path, args: tuple[str, ...]) -> None:
    root = tmp_path / "data"
    _hostile_board(root)[0].close()
    result = run_cli(*args, data=root)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr and "internal problem" not in result.stderr
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning: ")]
    assert warnings, result.stderr  # said once...
    assert len(warnings) == len(set(warnings))  # ...not once per use
    assert all("out of range" in w for w in warnings)
    if args[0] in ("today", "stats", "list", "export"):  # these read everyone
        assert any("cadence_days" in w and "3650" in w for w in warnings)


def test_out_of_range_values_read_as_the_nearest_bound(tmp_path: Path) -> None:
    store, ada_id = _hostile_board(tmp_path / "data")
    now = datetime.now(UTC)
    ada = store.get(ada_id)
    assert ada.cadence_days == 3650
    assert ada.created_at <= now + timedelta(minutes=1)
    assert ada.snoozed_until == date(9999, 12, 30)
    assert ada.last_interaction_at is not None and ada.last_interaction_at <= now + timedelta(days=1, minutes=1)
    (far,) = store.interactions(ada_id)
    assert far.at <= now + timedelta(days=1, minutes=1)
    bo = store.find("Bo Chen")
    assert bo.cadence_days == 1 and bo.created_at.year == 1900
    assert bo.reminder is not None and bo.reminder.date == date(9999, 12, 30)
    notices = store.notices()
    assert any("cadence_days" in n and ada_id[:8] in n for n in notices)
    assert store.notices() == []  # reported once


def test_the_store_refuses_out_of_range_values_on_write(tmp_path: Path) -> None:
    store = Store(tmp_path / "data")
    before = data_files(store.root)
    with pytest.raises(UserError, match="future"):
        store.add_contact(person("Ada", at=datetime(9999, 1, 1, tzinfo=UTC)))
    ada = store.add_contact(person("Ada", at=datetime(2026, 1, 1, tzinfo=UTC))).contact
    before = data_files(store.root)
    with pytest.raises(UserError, match="more than a day ahead"):
        store.log(ada.id, Kind.CALL, "x", at=datetime(9999, 12, 31, tzinfo=UTC))
    with pytest.raises(UserError, match="before 1900"):
        store.log(ada.id, Kind.CALL, "x", at=datetime(1800, 1, 1, tzinfo=UTC))
    for cadence in (0, 3651, 2**63):
        with pytest.raises(UserError, match="cadence") as caught:
            store.update_contact(store.get(ada.id).copy(cadence_days=cadence))
        assert caught.value.field == "cadence_days"
    with pytest.raises(UserError, match="9999"):
        store.snooze(ada.id, date(9999, 12, 31))
    with store.transaction("bulk") as txn:
        with pytest.raises(UserError, match="more than a day ahead"):
            txn.put_many([], [chat(ada, datetime(9000, 1, 1, tzinfo=UTC))])
    assert data_files(store.root) == before


# --- §6 somebody else's directory -------------------------------------------------------------


def test_a_foreign_directory_is_refused_and_left_untouched(tmp_path: Path) -> None:
    downloads = tmp_path / "Downloads"
    downloads.mkdir()
    (downloads / "holiday.jpg").write_bytes(b"\xff\xd8 not really")
    (downloads / "notes").mkdir()
    os.chmod(downloads, 0o755)
    before = sorted(p.name for p in downloads.rglob("*"))
    for args in (("list",), ("add", "Ada"), ("check",), ("backups",)):
        result = run_cli(*args, data=downloads)
        assert result.returncode == 1, (args, result.stderr)
        assert result.stderr.startswith(f"error: {downloads} is not a trustboard data directory"), result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
    assert sorted(p.name for p in downloads.rglob("*")) == before
    assert oct(downloads.stat().st_mode & 0o777) == oct(0o755)
    with pytest.raises(DataError, match="not a trustboard data directory"):
        Store(downloads)


@pytest.mark.parametrize("meta", [b'{"name": "photos", "version": "1.0"}', b"not json at all", b"[1, 2]",
                                  b'{"_meta": {"schema": {"schema_version": "1"}}}'])
def test_a_directory_with_another_programs_meta_json_is_refused_and_left_untouched(
    tmp_path: Path, meta: bytes
) -> None:
    photos = tmp_path / "photos"
    photos.mkdir()
    (photos / "meta.json").write_bytes(meta)
    (photos / "a.jpg").write_bytes(b"pic")
    os.chmod(photos, 0o755)
    for args in (("list",), ("add", "Ada"), ("check",)):
        result = run_cli(*args, data=photos)
        assert result.returncode == 1, (args, result.stderr)
        assert result.stderr.startswith(f"error: {photos} is not a trustboard data directory"), result.stderr
        assert "meta.json is not trustboard's" in result.stderr
    assert sorted(p.name for p in photos.iterdir()) == ["a.jpg", "meta.json"]  # no .lock
    assert (photos / "meta.json").read_bytes() == meta
    assert oct(photos.stat().st_mode & 0o777) == oct(0o755)


def test_a_store_whose_meta_json_is_damaged_is_still_a_store(tmp_path: Path) -> None:
    root = tmp_path / "data"
    Store(root).close()
    (root / "meta.json").write_bytes(b"{damaged")
    result = run_cli("list", data=root)
    assert result.returncode == 1
    assert "not a trustboard data directory" not in result.stderr and "meta.json" in result.stderr


def test_an_empty_or_new_directory_and_an_existing_store_are_fine(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    Store(tmp_path / "empty").add_contact(person("Ada", at=datetime(2026, 1, 1, tzinfo=UTC)))
    Store(tmp_path / "empty")  # now a store
    Store(tmp_path / "new" / "nested")
    crashed = tmp_path / "crashed"  # set up by a trustboard killed before meta.json
    (crashed / "contacts").mkdir(parents=True)
    (crashed / ".lock").write_bytes(b"")
    Store(crashed)


def test_a_dangling_lock_symlink_is_not_followed(tmp_path: Path) -> None:
    root = tmp_path / "data"
    Store(root).close()
    target = tmp_path / "elsewhere" / "planted"
    (root / ".lock").unlink()
    (root / ".lock").symlink_to(target)
    result = run_cli("list", data=root)
    assert result.returncode == 1
    assert result.stderr.startswith("error: ") and ".lock" in result.stderr and "symbolic link" in result.stderr
    assert not target.exists() and not target.parent.exists()


# --- §7 crash leftovers ------------------------------------------------------------------------


def test_stale_temporary_files_and_partial_backups_are_removed_on_open(tmp_path: Path) -> None:
    root = tmp_path / "data"
    store = Store(root)
    ada = store.add_contact(person("Ada", at=datetime(2026, 1, 1, tzinfo=UTC))).contact
    store.backup("daily")
    store.close()
    shard = shard_of(ada.id)
    leftovers = [
        root / ".journal.json.abc123.tmp", root / ".index.json.k2j3.tmp", root / ".meta.json.x.tmp",
        root / CONTACTS / f".{shard}.json.zz9.tmp", root / INTERACTIONS / ".00.json.q.tmp",
        root / "backups" / ".partial-000009-20260101T000000Z-daily" / "meta.json",
    ]
    for path in leftovers:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"half written")
    keep = root / CONTACTS / "notes.txt"  # not ours: never removed
    keep.write_bytes(b"mine")
    Store(root).contacts()
    assert [p for p in leftovers if p.exists()] == []
    assert not (root / "backups" / ".partial-000009-20260101T000000Z-daily").exists()
    assert keep.exists()


# --- §9 backups carry checksums --------------------------------------------------------------


def test_each_backup_manifest_has_a_checksum_of_every_file(tmp_path: Path) -> None:
    store = Store(tmp_path / "data")
    ada = store.add_contact(person("Ada", at=datetime(2026, 1, 1, tzinfo=UTC))).contact
    store.log(ada.id, Kind.CALL, "hello")
    folder = store.backup("daily")
    manifest = orjson.loads((folder / "manifest.json").read_bytes())
    files = {p.relative_to(folder).as_posix() for p in folder.rglob("*.json")} - {"manifest.json"}
    assert set(manifest["sha256"]) == files
    assert manifest["contacts"] == 1 and manifest["interactions"] == 1
    assert store.verify_backup(folder) == []


def test_damage_shared_through_hard_links_is_found_and_never_offered_as_good(tmp_path: Path) -> None:
    store = Store(tmp_path / "data")
    ada = store.add_contact(person("Ada", at=datetime(2026, 1, 1, tzinfo=UTC))).contact
    for path in store.root.rglob("*.json"):
        os.utime(path, ns=(10**18, 10**18))  # old enough for the next backup to link them
    older = store.backup("daily")
    newer = store.backup("before-import")
    shard = rel(CONTACTS, shard_of(ada.id))
    assert (older / shard).stat().st_ino == (newer / shard).stat().st_ino  # one inode, two backups
    raw = (newer / shard).read_bytes()
    with open(newer / shard, "r+b") as handle:  # same size, garbled: both backups see it
        handle.write(raw.replace(b"Ada", b"Eve"))
    for folder in (older, newer):
        problems = store.verify_backup(folder)
        assert problems and shard in problems[0]
    live = store.root / shard
    live.write_bytes(b"{broken")
    with pytest.raises(DataError) as caught:
        Store(store.root).contacts()
    message = str(caught.value)
    assert str(older) not in message and str(newer) not in message
    assert "no good backup" in message
