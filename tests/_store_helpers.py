"""Helpers for the store, durability and core-CLI tests: file snapshots and running the CLI."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

from board.model import Contact, Interaction, Kind, Stage, new_id

ROOT = Path(__file__).resolve().parent.parent
TRUSTBOARD = Path(sys.executable).parent / "trustboard"


def data_files(root: Path) -> dict[str, str]:
    """sha256 of every file under a data directory except the lock file and backups."""
    found: dict[str, str] = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if path.is_dir() or rel == ".lock" or rel.startswith("backups/"):
            continue
        found[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def run_cli(*args: str, data: Path | None = None, env: dict[str, str] | None = None,
            timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """Run the installed `trustboard` with `--data` first (when given); text output."""
    argv = [str(TRUSTBOARD), *(["--data", str(data)] if data else []), *args]
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(argv, capture_output=True, text=True, env=full_env, timeout=timeout)


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
