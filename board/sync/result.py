"""What one sync did, as the engine returns it and the report words it."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from board.model import now
from board.sync.clone import remote_label
from board.sync.merge import Conflict, Duplicate

if TYPE_CHECKING:
    from board.store import Change


@dataclass
class SyncResult:
    """What one sync did: records in and out, conflicts resolved, possible duplicates."""

    remote: str
    machine: str
    received: Counter[str] = field(default_factory=Counter)
    sent: Counter[str] = field(default_factory=Counter)
    conflicts: list[Conflict] = field(default_factory=list)
    duplicates: list[Duplicate] = field(default_factory=list)
    change: Change | None = None  # the store transaction, for the board's undo
    attempts: int = 1
    commit: str = ""
    at: datetime = field(default_factory=now)

    @property
    def source(self) -> str:
        return remote_label(self.remote)
