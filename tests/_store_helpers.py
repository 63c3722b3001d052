"""Helpers for the store, durability and core-CLI tests: file snapshots and running the CLI."""

from __future__ import annotations

from datetime import datetime, timedelta

from board.model import Contact, Interaction, Kind, Stage, new_id


def person(name: str, *, at: datetime, stage: Stage = Stage.MET, **fields: object) -> Contact:
    return Contact(id=new_id(), name=name, stage=stage, created_at=at, updated_at=at,
                   stage_changed_at=at, **fields)  # type: ignore[arg-type]


def chat(contact: Contact, at: datetime, kind: Kind = Kind.CALL, summary: str = "chat") -> Interaction:
    return Interaction(id=new_id(), contact_id=contact.id, at=at, kind=kind, summary=summary)


class Clock:
    """A settable clock for stores: starts at `start`, moves only when told."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now = self.now + timedelta(**delta)
