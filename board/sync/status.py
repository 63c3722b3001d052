"""`trustboard sync status`: the remote, the last sync, and what is here but not there.

It never touches the network: "not pushed" compares the store with the remote's state
as of the last fetch (so it also counts a change that was committed but whose push
failed).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from board.sync import layout
from board.sync.clone import Clone
from board.sync.git import SyncError, find_git
from board.sync.records import count, differences, export
from board.sync.settings import load_settings
from board.text import ago

if TYPE_CHECKING:
    from board.store import Store


@dataclass
class SyncStatus:
    remote: str
    machine: str
    last_at: datetime | None
    last_summary: str
    not_pushed: Counter[str] = field(default_factory=Counter)

    def as_json(self) -> dict[str, Any]:
        return {
            "remote": self.remote,
            "machine": self.machine,
            "last_sync": self.last_at.isoformat() if self.last_at else None,
            "last_summary": self.last_summary,
            "not_pushed": {t: self.not_pushed.get(t, 0) for t in ("contacts", "interactions", "resources")},
        }


def since(moment: datetime | None, now: datetime) -> str:
    """How long ago a sync was, to the minute ('just now', '5 min ago', '3 h ago', '2d ago')."""
    if moment is None:
        return "never"
    seconds = (now - moment).total_seconds()
    if seconds < 60:
        return "just now"
    if seconds < 3600:
        return f"{int(seconds // 60)} min ago"
    if seconds < 86400:
        return f"{int(seconds // 3600)} h ago"
    return f"{ago(moment, now)} ago"


def last_sync(root: Any) -> datetime | None:
    """When this store last synced (None: never, or it does not sync); cheap, for the board."""
    try:
        settings = load_settings(root)
    except Exception:  # a broken sync.toml is reported by `sync` itself, not by a header
        return None
    return settings.last_at if settings else None


def status(store: Store) -> SyncStatus:
    settings = load_settings(store.root)
    if settings is None:
        raise SyncError("this store does not sync yet: run `trustboard sync init REMOTE` first")
    find_git()
    found = SyncStatus(settings.remote, settings.machine, settings.last_at, settings.last_summary)
    clone = Clone(store.root, machine=settings.machine)
    remote = clone.remote_head() if clone.exists() else None
    files = {p: raw for p, raw in export(store, {}).files.items() if raw is not None}
    known = clone.blobs(remote)
    paths = {p for p, raw in files.items() if known.get(p) != layout.blob_id(raw)}
    paths |= {p for p in known if p not in files and p != layout.META}
    groups = {g for g in map(layout.group_of, paths) if g}
    wanted = layout.group_paths(groups)
    here: layout.Records = {table: {} for table in layout.TABLES}
    for path in wanted:
        if files.get(path) is not None:
            here[path.partition("/")[0]].update(layout.decode(files[path] or b"", path, "this store"))
    theirs = clone.records(remote, wanted, "the remote")
    found.not_pushed = count(differences(theirs, here))
    return found
