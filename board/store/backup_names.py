"""How backups are named, described and summed (see `backups`).

`NNNNNN-YYYYMMDDTHHMMSSZ-reason`: a sequence number, which alone orders them, then the
UTC time and why. Backups made before sequence numbers were named by local time
(`YYYYMMDD-HHMMSS-ffffff-reason`); they sort before every numbered one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from board.store.layout import CONTACTS, INTERACTIONS, RESOURCES, RESOURCES_FILE, Tables

NAME = re.compile(r"^(\d{6,})-(\d{8}T\d{6}Z)-([a-z][a-z-]*)$")
OLD_NAME = re.compile(r"^(\d{8})-(\d{6})-(\d{6})-([a-z][a-z-]*)$")  # local time, before §3
REASONS = {
    "daily": "daily", "before-import": "before import", "before-migration": "before migration",
    "before-restore": "before restore", "before-sync": "before sync",
}



def sha256(raw: bytes) -> str:
    import hashlib  # (OpenSSL's: loaded when a backup is made or checked, not at every open)

    return hashlib.sha256(raw).hexdigest()


def records(rel: str, data: Tables) -> int:
    """How many records a data file holds."""
    table = CONTACTS if rel.startswith(CONTACTS + "/") else (
        INTERACTIONS if rel.startswith(INTERACTIONS + "/") else RESOURCES if rel == RESOURCES_FILE else ""
    )
    return len(data.get(table, {})) if table else 0


@dataclass
class BackupInfo:
    """One backup as `trustboard backups` lists it."""

    path: Path
    at: datetime | None
    reason: str
    contacts: int | None
    interactions: int | None
    resources: int | None
    problems: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def why(self) -> str:
        return REASONS.get(self.reason, self.reason.replace("-", " "))


def order(path: Path) -> tuple[int, int, str]:
    """Newest last: numbered backups after the old clock-named ones, by number."""
    found = NAME.match(path.name)
    if found:
        return (1, int(found.group(1)), path.name)
    return (0, 0, path.name)


def backup_time(path: Path) -> datetime | None:
    """When a backup was made, from its name (None if its name says nothing)."""
    found = NAME.match(path.name)
    if found:
        return datetime.strptime(found.group(2), "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
    old = OLD_NAME.match(path.name)
    if old:
        stamp = f"{old.group(1)}{old.group(2)}{old.group(3)}"
        return datetime.strptime(stamp, "%Y%m%d%H%M%S%f").astimezone()
    return None


def backup_reason(path: Path) -> str:
    found = NAME.match(path.name) or OLD_NAME.match(path.name)
    return found.groups()[-1] if found else "unknown"
