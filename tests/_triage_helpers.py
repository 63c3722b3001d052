"""Shared fixtures for the triage and givers' gain tests: fixed clocks and small networks."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
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
    return store.add_contact(person).contact


def log(store: Store, person: Contact, kind: Kind, day: date, value: Value | None = None,
        summary: str = "") -> None:
    store.log(person.id, kind, summary or f"{kind.value} on {day}", at=local(day), value=value)


def fixed_store(root: Path, today: date = TODAY) -> tuple[Store, Clock]:
    clock = Clock(local(today, 9))
    return Store(root, clock=clock), clock


def days_ago(n: int) -> date:
    return TODAY - timedelta(days=n)


def build_network(root: Path) -> Store:
    """A small network built by hand; the tests compute their expectations from this table.

    name  stage       created     interactions (age in days)               due? cold?
    Ana   Met         Nov 1       -                                        yes  yes (14 > 7)
    Ben   Talked      Jun 1       gave info 2, gave referral 82,           no
                                  call 7, gave (no value) 50
    Cat   Gave value  Jan 10      gave intro 266, received referral 21     no
    Dan   Trusted     2025-06-01  received other 365, received feedback 364 yes yes
    Eve   Met, archived           gave resource 1                          -
    Fay   Met         today       meeting in 3 days (future)               no
    Gil   Met→Talked  Oct 1       moved on Nov 10 (flow)                   yes  yes (38 > 14)
    Hal   Trusted     today       added straight into Trusted (no flow)    no
    Ivy   Talked→GV   Sep 1       moved and gave feedback 33 days ago      yes  no (3)
    Jon   Met         Oct 1       snoozed until Nov 30                     no
    """
    store, clock = fixed_store(root)
    add(store, "Ana", created=date(2026, 11, 1))
    ben = add(store, "Ben", stage=Stage.TALKED, created=date(2026, 6, 1))
    log(store, ben, Kind.GAVE, days_ago(2), Value.INFORMATION)
    log(store, ben, Kind.GAVE, days_ago(82), Value.REFERRAL)
    log(store, ben, Kind.CALL, days_ago(7))
    log(store, ben, Kind.GAVE, days_ago(50), None)
    cat = add(store, "Cat", stage=Stage.GAVE_VALUE, created=date(2026, 1, 10))
    log(store, cat, Kind.GAVE, days_ago(266), Value.INTRODUCTION)
    log(store, cat, Kind.RECEIVED, days_ago(21), Value.REFERRAL)
    dan = add(store, "Dan", stage=Stage.TRUSTED, created=date(2025, 6, 1))
    log(store, dan, Kind.RECEIVED, days_ago(365), Value.OTHER)
    log(store, dan, Kind.RECEIVED, days_ago(364), Value.FEEDBACK)
    eve = add(store, "Eve", created=date(2026, 8, 1))
    log(store, eve, Kind.GAVE, days_ago(1), Value.RESOURCE)
    store.archive(eve.id)
    fay = add(store, "Fay")
    log(store, fay, Kind.MEETING, TODAY + timedelta(days=3))
    gil = add(store, "Gil", created=date(2026, 10, 1))
    clock.moment = local(date(2026, 11, 10))
    store.move(gil.id, Stage.TALKED)
    add(store, "Hal", stage=Stage.TRUSTED, created=TODAY)
    ivy = add(store, "Ivy", stage=Stage.TALKED, created=date(2026, 9, 1))
    clock.moment = local(days_ago(33))
    store.move(ivy.id, Stage.GAVE_VALUE)
    log(store, ivy, Kind.GAVE, days_ago(33), Value.FEEDBACK)
    jon = add(store, "Jon", created=date(2026, 10, 1))
    store.snooze(jon.id, date(2026, 11, 30))
    clock.moment = local(TODAY, 9)
    return store
