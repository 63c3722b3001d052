"""A command that names one person builds that person, not everyone in their shard:
the change it returns carries the contact as saved, equal to what any store reads."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from board.kinds import Kind, Stage
from board.store import Store
from board.store.layout import contact_rel
from tests.helpers import person

T0 = datetime(2024, 1, 1, 12, 0, tzinfo=UTC)


def _board(root: Path) -> list[str]:
    db = Store(root)
    people = [person(f"Person {n:03d}", at=T0) for n in range(600)]
    with db.transaction("bulk", backup=False) as txn:
        txn.put_many(people)
    return [p.id for p in people]


def test_a_log_from_the_command_line_builds_only_the_person_it_names(tmp_path: Path) -> None:
    ids = _board(tmp_path / "data")
    cli = Store(tmp_path / "data")  # as `trustboard log "person 123" ...` opens it
    found = cli.find("person 123")
    change = cli.log(found.id, Kind.CALL, "called")
    entry = cli._cache.files[contact_rel(found.id)]
    assert entry.contacts is None  # nobody else in the shard was built for it
    assert change.contact == Store(tmp_path / "data").get(ids[123])
    assert change.contact is not None and change.contact.last_interaction_at is not None
    moved = cli.move(found.id, Stage.TRUSTED)
    assert moved.contact == Store(tmp_path / "data").get(ids[123])
    assert moved.contact is not None and moved.contact.stage == Stage.TRUSTED


def test_on_a_board_whose_contacts_are_built_the_change_carries_the_snapshots_contact(
    tmp_path: Path,
) -> None:
    ids = _board(tmp_path / "data")
    board = Store(tmp_path / "data")
    board.contacts()
    change = board.log(ids[7], Kind.NOTE, "noted")
    assert change.contact is board.get(ids[7])
