"""Factories shared by the outreach tests: contacts, interactions, a fixed clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from itertools import count
from typing import Any

from board.model import Contact, Interaction, Kind, Stage, Value

NOW = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)
_ids = count(1)


def person(name: str = "Ana Lopez", **fields: Any) -> Contact:
    """A contact created a month before NOW, Met unless told otherwise."""
    fields.setdefault("id", f"c{next(_ids):04d}")
    fields.setdefault("created_at", NOW - timedelta(days=30))
    if isinstance(fields.get("stage"), str):
        fields["stage"] = Stage.parse(fields["stage"])
    return Contact(name=name, **fields)


def event(
    contact: Contact, kind: str, days_ago: float, summary: str = "", value: str | None = None
) -> Interaction:
    """An interaction `days_ago` days before NOW."""
    return Interaction(
        id=f"i{next(_ids):04d}",
        contact_id=contact.id,
        at=NOW - timedelta(days=days_ago),
        kind=Kind(kind),
        summary=summary,
        value=Value(value) if value else None,
    )
