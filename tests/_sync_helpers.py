"""Helpers for the sync tests: stored records built by the model, two machines, a bare remote."""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import orjson

from board.exporters import export_json
from board.model import Contact, Interaction, Kind, Stage, new_id
from board.store import Store
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


# --- machines and remotes on local disk -----------------------------------------

GIT_ENV = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.invalid"}


def git(*args: str, cwd: Path) -> str:
    done = subprocess.run(["git", *args], cwd=cwd, env=GIT_ENV, capture_output=True, text=True, check=True)
    return done.stdout.strip()


def bare_remote(path: Path) -> Path:
    path.mkdir(parents=True)
    git("init", "-q", "--bare", cwd=path)
    return path


class Clock:
    """A settable clock for one machine's store."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def tick(self, hours: float = 1) -> datetime:
        self.now += timedelta(hours=hours)
        return self.now


@dataclass
class Machine:
    name: str
    store: Store
    clock: Clock

    @property
    def root(self) -> Path:
        return self.store.root

    def add(self, name: str, **fields: Any) -> Contact:
        when = self.clock.tick(0.1)
        return self.store.add_contact(Contact(id=new_id(), name=name, created_at=when,
                                              updated_at=when, stage_changed_at=when, **fields)).contact

    def edit(self, contact: Contact, **fields: Any) -> Contact:
        self.clock.tick(0.1)
        current = self.store.get(contact.id)
        return self.store.update_contact(current.copy(**fields)).contact

    def export(self) -> list[dict[str, Any]]:
        """The whole store as `export --format json` writes it (without the export time)."""
        self.store.refresh()
        return orjson.loads(export_json(self.store))["contacts"]


def machine(tmp_path: Path, name: str, start: datetime = T0, *, real: bool = False) -> Machine:
    """A machine's store on a settable clock from `start` (or on the real clock)."""
    clock = Clock(start)
    store = Store(tmp_path / name) if real else Store(tmp_path / name, clock=clock)
    return Machine(name, store, clock)
