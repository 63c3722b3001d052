"""Helpers for the sync tests: stored records built by the model, two machines, a bare remote."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from board.model import Contact, Interaction, Kind, Stage
from board.sync.merge import Records, Side, merge

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


def at(hours: float) -> str:
    return (T0 + timedelta(hours=hours)).isoformat()


def contact(cid: str, name: str, **fields: Any) -> dict[str, Any]:
    """A contact record exactly as the store writes it, with `fields` overriding."""
    doc = Contact(id=cid, name=name, created_at=T0, updated_at=T0, stage_changed_at=T0).to_dict()
    doc.update(fields)
    return doc


def edit(doc: dict[str, Any], hours: float, **fields: Any) -> dict[str, Any]:
    """The record after an edit `hours` after T0 (updated_at moves, as the store does)."""
    changed = {**doc, **fields, "updated_at": at(hours)}
    if "stage" in fields and "stage_changed_at" not in fields:
        changed["stage_changed_at"] = at(hours)
    return changed


def interaction(iid: str, cid: str, hours: float, kind: Kind = Kind.CALL, summary: str = "chat") -> dict[str, Any]:
    return Interaction(iid, cid, T0 + timedelta(hours=hours), kind, summary).to_dict()


def records(*docs: dict[str, Any], resources: tuple[dict[str, Any], ...] = ()) -> Records:
    out: Records = {"contacts": {}, "interactions": {}}
    for doc in docs:
        out["interactions" if "contact_id" in doc else "contacts"][doc["id"]] = doc
    if resources:
        out["resources"] = {r["id"]: r for r in resources}
    return out


def both_ways(base: Records, ours: Records, theirs: Records) -> Any:
    """Merge as each machine would (each as "ours"); both must give the same records."""
    first = merge(base, Side(ours, "laptop"), Side(theirs, "server"))
    second = merge(base, Side(theirs, "server"), Side(ours, "laptop"))
    assert first.records == second.records, "the merge depends on which machine runs it"
    return first


def notes(merged: Any, cid: str) -> list[str]:
    return sorted(
        d["summary"] for d in merged.records["interactions"].values()
        if d["contact_id"] == cid and d["kind"] == "note" and d["summary"].startswith("sync: ")
    )


STAGES = [s.value for s in Stage]
