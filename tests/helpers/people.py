"""The one contact factory, and contacts, interactions and small networks built on it."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from board.model import Contact, Interaction, Kind, Stage, Value, new_id
from board.store import Store
from board.store.layout import shard_of

from .clock import FIXED_NOW, TODAY, Clock, days_ago, local

# When `person` is not told otherwise, the contact was met a month before the fixed moment.
A_MONTH_AGO = FIXED_NOW - timedelta(days=30)


def moment(when: datetime | date) -> datetime:
    """`when` as a moment: a bare day means noon local time that day."""
    return when if isinstance(when, datetime) else local(when)


def person(
    name: str = "Ana Lopez", *, at: datetime | date = A_MONTH_AGO, stage: Stage | str = Stage.MET,
    **fields: Any,
) -> Contact:
    """A contact in memory, created, edited and moved to `stage` at `at`, with a fresh id.

    `fields` are the model's own (`company=`, `cadence_days=`, `id=`, or one of the three
    times to set it apart from `at`); `last_interaction_at` may be given as a day, like `at`.
    """
    when = moment(at)
    fields = {"id": new_id(), "created_at": when, "updated_at": when, "stage_changed_at": when,
              **fields}
    if isinstance(fields.get("last_interaction_at"), date):
        fields["last_interaction_at"] = moment(fields["last_interaction_at"])
    return Contact(name=name, stage=Stage.parse(stage), **fields)


def add(store: Store, name: str, *, at: datetime | date | None = None, **fields: Any) -> Contact:
    """`person(...)` added through the store, at `at` (default: the store's clock); as stored."""
    return store.add_contact(person(name, at=store.clock() if at is None else at, **fields)).contact


def chat(contact: Contact, at: datetime, kind: Kind = Kind.CALL, summary: str = "chat",
         value: Value | None = None) -> Interaction:
    """An interaction with `contact` at `at`, in memory."""
    return Interaction(id=new_id(), contact_id=contact.id, at=at, kind=kind, summary=summary,
                       value=value)


def event(contact: Contact, kind: str, days_ago: float, summary: str = "",
          value: str | None = None) -> Interaction:
    """An interaction `days_ago` days before FIXED_NOW, kind and value given as words."""
    return chat(contact, FIXED_NOW - timedelta(days=days_ago), Kind(kind), summary,
                Value(value) if value else None)


def log(store: Store, contact: Contact, kind: Kind, day: date, value: Value | None = None,
        summary: str = "") -> None:
    """Log an interaction through the store at noon on `day`."""
    store.log(contact.id, kind, summary or f"{kind.value} on {day}", at=moment(day), value=value)


def fixed_store(root: Path, today: date = TODAY) -> tuple[Store, Clock]:
    """A store whose clock stands at 09:00 on `today`, and that clock."""
    clock = Clock(local(today, 9))
    return Store(root, clock=clock), clock


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
    add(store, "Ana", at=date(2026, 11, 1))
    ben = add(store, "Ben", stage=Stage.TALKED, at=date(2026, 6, 1))
    log(store, ben, Kind.GAVE, days_ago(2), Value.INFORMATION)
    log(store, ben, Kind.GAVE, days_ago(82), Value.REFERRAL)
    log(store, ben, Kind.CALL, days_ago(7))
    log(store, ben, Kind.GAVE, days_ago(50), None)
    cat = add(store, "Cat", stage=Stage.GAVE_VALUE, at=date(2026, 1, 10))
    log(store, cat, Kind.GAVE, days_ago(266), Value.INTRODUCTION)
    log(store, cat, Kind.RECEIVED, days_ago(21), Value.REFERRAL)
    dan = add(store, "Dan", stage=Stage.TRUSTED, at=date(2025, 6, 1))
    log(store, dan, Kind.RECEIVED, days_ago(365), Value.OTHER)
    log(store, dan, Kind.RECEIVED, days_ago(364), Value.FEEDBACK)
    eve = add(store, "Eve", at=date(2026, 8, 1))
    log(store, eve, Kind.GAVE, days_ago(1), Value.RESOURCE)
    store.archive(eve.id)
    fay = add(store, "Fay")
    log(store, fay, Kind.MEETING, TODAY + timedelta(days=3))
    gil = add(store, "Gil", at=date(2026, 10, 1))
    clock.now = local(date(2026, 11, 10))
    store.move(gil.id, Stage.TALKED)
    add(store, "Hal", stage=Stage.TRUSTED, at=TODAY)
    ivy = add(store, "Ivy", stage=Stage.TALKED, at=date(2026, 9, 1))
    clock.now = local(days_ago(33))
    store.move(ivy.id, Stage.GAVE_VALUE)
    log(store, ivy, Kind.GAVE, days_ago(33), Value.FEEDBACK)
    jon = add(store, "Jon", at=date(2026, 10, 1))
    store.snooze(jon.id, date(2026, 11, 30))
    clock.now = local(TODAY, 9)
    return store


def one_per_shard(store: Store, count: int, at: datetime) -> list[str]:
    """Ids of `count` new contacts, each in a contact shard of its own, added at `at`."""
    seen: set[str] = set()
    people = []
    while len(people) < count:
        p = person(f"Person {len(people)}", at=at)
        if shard_of(p.id) not in seen:
            seen.add(shard_of(p.id))
            people.append(p)
    with store.transaction("add") as txn:
        txn.put_many(people, touch=False)
    return [p.id for p in people]
