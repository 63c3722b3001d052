"""Sync: stored records built by the model, machines with their own stores, a bare remote."""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import orjson

from board.exporters import export_json
from board.model import Contact, Interaction, Kind, Stage
from board.store import Store
from board.sync.merge import Records, Side, merge

from .clock import FIXED_NOW, Clock
from .people import person

STAGES = [s.value for s in Stage]


def stamp(hours: float) -> str:
    """The moment `hours` after FIXED_NOW, as a record holds it."""
    return (FIXED_NOW + timedelta(hours=hours)).isoformat()


def contact_doc(cid: str, name: str, **fields: Any) -> dict[str, Any]:
    """A contact record exactly as the store writes it (made at FIXED_NOW), `fields` overriding."""
    return {**person(name, id=cid, at=FIXED_NOW).to_dict(), **fields}


def edit(doc: dict[str, Any], hours: float, **fields: Any) -> dict[str, Any]:
    """The record after an edit `hours` after FIXED_NOW (updated_at moves, as the store does)."""
    changed = {**doc, **fields, "updated_at": stamp(hours)}
    if "stage" in fields and "stage_changed_at" not in fields:
        changed["stage_changed_at"] = stamp(hours)
    return changed


def interaction_doc(iid: str, cid: str, hours: float, kind: Kind = Kind.CALL,
                    summary: str = "chat") -> dict[str, Any]:
    """An interaction record `hours` after FIXED_NOW."""
    return Interaction(iid, cid, FIXED_NOW + timedelta(hours=hours), kind, summary).to_dict()


def records(*docs: dict[str, Any], resources: tuple[dict[str, Any], ...] = ()) -> Records:
    """One side's records: contacts and interactions told apart by `contact_id`."""
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
    """The summaries of the notes sync left on contact `cid`."""
    return sorted(
        d["summary"] for d in merged.records["interactions"].values()
        if d["contact_id"] == cid and d["kind"] == "note" and d["summary"].startswith("sync: ")
    )


# --- machines and remotes on local disk -----------------------------------------

GIT_ENV = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.invalid"}


def git(*args: str, cwd: Path) -> str:
    done = subprocess.run(["git", *args], cwd=cwd, env=GIT_ENV, capture_output=True, text=True,
                          check=True)
    return done.stdout.strip()


def bare_remote(path: Path) -> Path:
    path.mkdir(parents=True)
    git("init", "-q", "--bare", cwd=path)
    return path


@dataclass
class Machine:
    """One machine: its own store, and the clock its edits are stamped with."""

    name: str
    store: Store
    clock: Clock

    @property
    def root(self) -> Path:
        return self.store.root

    def add(self, name: str, **fields: Any) -> Contact:
        when = self.clock.advance(hours=0.1)
        return self.store.add_contact(person(name, at=when, **fields)).contact

    def edit(self, contact: Contact, **fields: Any) -> Contact:
        self.clock.advance(hours=0.1)
        current = self.store.get(contact.id)
        return self.store.update_contact(current.copy(**fields)).contact

    def export(self) -> list[dict[str, Any]]:
        """The whole store as `export --format json` writes it (without the export time)."""
        self.store.refresh()
        return orjson.loads(export_json(self.store))["contacts"]


def machine(tmp_path: Path, name: str, start: datetime = FIXED_NOW, *, real: bool = False) -> Machine:
    """A machine's store on a settable clock from `start` (or on the real clock)."""
    clock = Clock(start)
    store = Store(tmp_path / name) if real else Store(tmp_path / name, clock=clock)
    return Machine(name, store, clock)
