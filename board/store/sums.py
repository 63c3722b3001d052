"""The digests of interaction shards known good: a log then appends without parsing.

`interaction-sums.json` records, for each interaction shard, the digest (`files.digest`)
of the last version of it that a trustboard wrote from records it had checked, in
exactly the bytes that encoding its tables gives (`files.dumps`, its interactions
alone). A log into a shard whose bytes have that digest appends its record to those
bytes (`appending`) instead of parsing and checking a thousand records: the digest is
the one the journal names anyway, so checking it costs nothing more.

The record is of bytes, not of stat keys: a shard changed in any way since (by hand,
by an older trustboard, under the same stat key) has another digest and is parsed and
checked as before, so a damaged shard is still refused and never written over. It is
only a cache: missing, damaged or stale, it costs speed, never correctness; it is
written, not durably, by the writer of the shards it names, under the exclusive lock.
"""

from __future__ import annotations

import atexit
import os
from pathlib import Path

import orjson

from board.store.files import (
    FileLock,
    StatKey,
    dumps,
    key_of,
    read_with_key,
    stat_key,
    write_atomic,
)
from board.store.layout import INTERACTION_RELS

SUMS_FILE = "interaction-sums.json"
VERSION = 1
SUMS_GAIN = 16  # shards' digests noted before a change writes them (else at close or exit)
_NAMES = frozenset(INTERACTION_RELS)

# Digests noted and not saved yet, with their data directory's lock: saved at exit (a
# command's one write of them), even once its store is gone (the CLI drops it first).
_AT_EXIT: dict[int, tuple[CheckedSums, FileLock]] = {}


@atexit.register
def _save_at_exit() -> None:
    for sums, lock in list(_AT_EXIT.values()):
        try:
            sums.save_locked(lock)
        except Exception:  # noqa: BLE001 - only a cache: its directory may be gone, say
            pass


class CheckedSums:
    """interaction-sums.json as read, and the digests this process noted since."""

    def __init__(self, root: Path) -> None:
        self.path = os.path.join(root, SUMS_FILE)
        self._key: StatKey | None = None  # of the version read (None: none read)
        self._sums: dict[str, str] = {}
        self._noted: dict[str, str] = {}  # written since, not saved yet

    def _load(self) -> None:
        """Read the file again if it changed since it was read; a damaged one is empty."""
        key = stat_key(self.path)
        if key is not None and key == self._key:
            return
        self._key, self._sums = key, {}
        try:
            found = read_with_key(self.path) if key is not None else None
        except OSError:  # not a file we can read (a directory, say): no digest known
            return
        if found is None:
            return
        self._key = found[0]
        try:
            data = orjson.loads(found[1])
        except orjson.JSONDecodeError:
            return
        sums = data.get("sums") if isinstance(data, dict) and data.get("version") == VERSION else None
        if isinstance(sums, dict):
            self._sums = {rel: s for rel, s in sums.items()
                          if rel in _NAMES and isinstance(s, str) and len(s) == 32}

    def recorded(self, rel: str) -> str | None:
        """The digest (hex) of the version of shard `rel` recorded good, if any."""
        self._load()
        return self._noted.get(rel, self._sums.get(rel))

    def noted(self) -> int:
        """How many shards' digests were noted and not saved yet."""
        return len(self._noted)

    def note(self, rel: str, found: bytes) -> None:
        """Shard `rel` was just written as a version known good with digest `found`."""
        self._noted[rel] = found.hex()

    def save_at_exit(self, lock: FileLock) -> None:
        """Save what was noted when the process exits, under `lock` (unless saved before)."""
        _AT_EXIT[id(self)] = (self, lock)

    def save_locked(self, lock: FileLock) -> None:
        """`save` under the exclusive lock, if it is free (else it waits for a next time)."""
        if self._noted:
            with lock.exclusive(blocking=False) as held:
                if held:
                    self.save()

    def save(self) -> None:
        """Under the exclusive lock: write what was noted over the file as it is now (a
        cache: never fsynced; a failure leaves the old file, whose digests are then stale)."""
        _AT_EXIT.pop(id(self), None)
        if not self._noted:
            return
        self._load()
        merged = {**self._sums, **self._noted}
        self._noted = {}
        kept = {rel: merged[rel] for rel in sorted(merged)}
        try:
            st = write_atomic(Path(self.path), dumps({"version": VERSION, "sums": kept}), durable=False)
        except OSError:
            return
        self._key, self._sums = key_of(st), kept
