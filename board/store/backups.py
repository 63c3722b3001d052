"""Rotating backups of a data directory, and what to tell the user about a damaged file.

Every backup is a complete directory a user can copy files out of. A file unchanged
since the previous backup (same inode, size and mtime as recorded in that backup's
manifest) is hard-linked to the previous backup's copy; only changed files are read,
checked and copied. So backups never share an inode with the live data (damage to a
live file cannot reach them), a day's backup costs about what that day changed, and a
damaged file is refused here instead of rotating the last good copies away. A backup
is built under a hidden name and renamed into place when complete.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import orjson

from board.errors import DataError
from board.store import codec
from board.store.files import StatKey, dumps, ensure_dir, fsync_dir, racy, read_with_key, write_new
from board.store.layout import (
    BACKUPS,
    CONTACTS,
    INTERACTIONS,
    JOURNAL_FILE,
    LEGACY_FILE,
    MANIFEST,
    META_FILE,
    RESOURCES_FILE,
    SCHEMA_VERSION,
    Tables,
)

KEEP_DAILY = 7
KEEP_EVENT = 5
PARTIAL = ".partial-"

KnownGood = Callable[[str, StatKey, bytes], bool]
Decode = Callable[[str, bytes], Tables]


class Backups:
    """The backups/ folder of one data directory."""

    def __init__(self, root: Path, clock: Callable[[], datetime]) -> None:
        self.root = root
        self.folder = root / BACKUPS
        self.clock = clock
        self._daily_seen: str | None = None

    def dirs(self) -> list[Path]:
        """Complete backups, newest first (a backup appears only once fully written)."""
        try:
            entries = list(os.scandir(self.folder))
        except FileNotFoundError:
            return []
        found = [Path(e.path) for e in entries if e.is_dir() and not e.name.startswith(".")]
        return sorted(found, key=lambda p: p.name, reverse=True)

    def maybe_daily(self, known_good: KnownGood, decode: Decode) -> None:
        """Keep the day's backup if none exists yet (and there is something to keep)."""
        today = self.clock().strftime("%Y%m%d")
        if self._daily_seen == today:
            return
        # ">=": after the clock went back, a "future" daily backup still counts as today's.
        if any(p.name[:8] >= today and p.name.endswith("-daily") for p in self.dirs()):
            self._daily_seen = today
            return
        try:
            if not any(n.endswith(".json") for n in os.listdir(self.root / CONTACTS)):
                return  # no contacts yet: nothing worth keeping
        except FileNotFoundError:
            return
        self.make("daily", [], known_good, decode)
        self._daily_seen = today

    def make(self, reason: str, extra: Iterable[Path], known_good: KnownGood, decode: Decode) -> Path:
        """Snapshot the data files into backups/<time>-<reason>/ and prune old backups."""
        folder = self.folder
        ensure_dir(folder)
        for name in os.listdir(folder):
            if name.startswith(PARTIAL):
                shutil.rmtree(folder / name, ignore_errors=True)
        previous = self.dirs()
        moment = self.clock()
        # Names sort by time; a clock that has not moved (or went back) still sorts last.
        newest = previous[0].name[:22] if previous else ""
        while (stamp := moment.strftime("%Y%m%d-%H%M%S-%f")) <= newest:
            moment += timedelta(microseconds=1)
        target = folder / f"{stamp}-{reason}"
        prev_dir = previous[0] if previous else None
        prev_files = self.manifest(prev_dir) if prev_dir else {}
        partial = folder / f"{PARTIAL}{target.name}"
        ensure_dir(partial)
        try:
            rels = [META_FILE, *(str(p.relative_to(self.root)) for p in extra)]
            if (self.root / RESOURCES_FILE).exists():
                rels.append(RESOURCES_FILE)
            for table in (CONTACTS, INTERACTIONS):
                if (self.root / table).is_dir():
                    ensure_dir(partial / table)
                    names = sorted(
                        n for n in os.listdir(self.root / table)
                        if n.endswith(".json") and not n.startswith(".")
                    )
                    rels.extend(f"{table}/{n}" for n in names)
            manifest: dict[str, list[int] | None] = {}
            for rel in rels:
                manifest[rel] = self._copy(rel, partial, prev_dir, prev_files, known_good, decode)
            body = dumps({"reason": reason, "schema": SCHEMA_VERSION, "files": manifest})
            write_new(partial / MANIFEST, body)
            for sub in (partial / CONTACTS, partial / INTERACTIONS, partial):
                if sub.is_dir():
                    fsync_dir(sub)
            os.rename(partial, target)
            fsync_dir(folder)
        except BaseException:
            shutil.rmtree(partial, ignore_errors=True)
            raise
        self.prune()
        return target

    def manifest(self, folder: Path) -> dict[str, Any]:
        try:
            listed = orjson.loads((folder / MANIFEST).read_bytes())["files"]
        except (OSError, orjson.JSONDecodeError, KeyError, TypeError):
            return {}
        return listed if isinstance(listed, dict) else {}

    def _copy(
        self, rel: str, partial: Path, prev_dir: Path | None, prev_files: dict[str, Any],
        known_good: KnownGood, decode: Decode,
    ) -> list[int] | None:
        """Link or copy one file into a backup being built; its recorded key (None if racy)."""
        source = self.root / rel
        try:
            st = os.stat(source)
        except FileNotFoundError:
            return None
        key = [st.st_ino, st.st_size, st.st_mtime_ns]
        if prev_dir is not None and prev_files.get(rel) == key:
            try:
                os.link(prev_dir / rel, partial / rel)
                return key
            except OSError:
                pass  # no hard links here (or the old copy is gone): copy instead
        found = read_with_key(source)
        if found is None:
            return None
        found_key, raw = found
        if rel != LEGACY_FILE and not known_good(rel, found_key, raw):
            # Refuse to back up a damaged file: it would rotate the good copies away.
            decode(rel, raw)
        write_new(partial / rel, raw)
        return None if racy(found_key) else list(found_key)

    def prune(self) -> None:
        backups = self.dirs()
        daily = [p for p in backups if p.name.endswith("-daily")]
        events = [p for p in backups if not p.name.endswith("-daily")]
        for old in daily[KEEP_DAILY:] + events[KEEP_EVENT:]:
            shutil.rmtree(old, ignore_errors=True)

    def newest_good(self, rel: str) -> Path | None:
        """The newest backup folder holding a readable copy of `rel` (or predating it)."""
        for folder in self.dirs():
            candidate = folder / rel
            try:
                raw = candidate.read_bytes()
            except FileNotFoundError:
                if rel.startswith((CONTACTS, INTERACTIONS, RESOURCES_FILE)) and (folder / META_FILE).exists():
                    return folder  # the file was empty then
                continue
            except OSError:
                continue
            try:
                data = orjson.loads(raw)
            except orjson.JSONDecodeError:
                continue
            if codec.shape_problem(rel, data):
                continue
            if rel == META_FILE:
                version = codec.meta_version(data)
                if version is None or version > SCHEMA_VERSION:
                    continue
            return folder
        return None

    # -- what to say about a damaged file

    def damaged(self, rel: str, reason: str) -> DataError:
        """The error for a file that cannot be read, naming what the user can do."""
        path = self.root / rel
        reason = " ".join(reason.split())  # one line on stderr, whatever the parser said
        if rel == JOURNAL_FILE:
            folder = self.newest_good(META_FILE)
            backup = f"; the newest good backup is {folder}" if folder else ""
            return DataError(
                f"{path} (an unfinished change) cannot be read: {reason}. It was left "
                "untouched: move it out of the data directory to open the data as it was "
                f"before that change{backup}"
            )
        return DataError(f"{path} cannot be read: {reason}. It was left untouched: {self.hint(rel)}")

    def hint(self, rel: str) -> str:
        """What the user can do about a damaged file, naming its newest good backup."""
        folder = self.newest_good(rel)
        if folder is None:
            return "no good backup of it exists, so repair it or move it aside"
        if (folder / rel).exists():
            return f"to recover, copy its newest good backup over it: {folder / rel}"
        return (
            f"it did not exist yet in the newest good backup, {folder}, "
            "so move it aside to go on without it"
        )

    def newest_meta(self) -> str:
        folder = self.newest_good(META_FILE)
        return str(folder / META_FILE) if folder else "none (no backup exists)"
