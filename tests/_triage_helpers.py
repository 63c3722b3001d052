"""Shared fixtures for the triage and givers' gain tests: fixed clocks and small networks."""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path

from board.model import Contact, Kind, Stage, Value, new_id
from board.store import Store

TODAY = date(2026, 11, 22)


def local(day: date, hour: int = 12, minute: int = 0) -> datetime:
    """A timezone-aware local moment on `day` (the triage rules work in local days)."""
    return datetime.combine(day, time(hour, minute)).astimezone()


class Clock:
    """A clock that stands still until a test moves it."""

    def __init__(self, moment: datetime) -> None:
        self.moment = moment

    def __call__(self) -> datetime:
        return self.moment


def contact(
    name: str,
    *,
    stage: Stage = Stage.MET,
    created: date = TODAY,
    last: date | None = None,
    snoozed: date | None = None,
    cadence: int | None = None,
    archived: bool = False,
) -> Contact:
    """A contact built in memory, for the pure functions of board.triage."""
    at = local(created)
    return Contact(
        id=new_id(), name=name, stage=stage, created_at=at, updated_at=at, stage_changed_at=at,
        last_interaction_at=local(last) if last else None, snoozed_until=snoozed,
        cadence_days=cadence, archived=archived,
    )


def add(store: Store, name: str, *, stage: Stage = Stage.MET, created: date | None = None,
        **fields: object) -> Contact:
    """Add a contact through the store, created on `created` (default: the store's today)."""
    at = local(created) if created else store.clock()
    person = Contact(
        id=new_id(), name=name, stage=stage, created_at=at, updated_at=at, stage_changed_at=at,
        **fields,  # type: ignore[arg-type]
    )
    return store.add_contact(person)


def log(store: Store, person: Contact, kind: Kind, day: date, value: Value | None = None,
        summary: str = "") -> None:
    store.log(person.id, kind, summary or f"{kind.value} on {day}", at=local(day), value=value)


def fixed_store(root: Path, today: date = TODAY) -> tuple[Store, Clock]:
    clock = Clock(local(today, 9))
    return Store(root, clock=clock), clock


def data_files(root: Path) -> dict[str, bytes]:
    """Every data file's bytes (backups and the lock aside), to prove nothing changed."""
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*.json"))
        if "backups" not in p.parts
    }
