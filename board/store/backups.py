"""Rotating backups of a data directory, and what to tell the user about a damaged file.

Every backup is a complete directory a user can copy files out of. A file unchanged
since the previous backup (same inode, size and mtime as recorded in that backup's
manifest) is hard-linked to the previous backup's copy; only changed files are read,
checked and copied. So backups never share an inode with the live data, a day's backup
costs about what that day changed, and a damaged file is refused here instead of
rotating the last good copies away. A backup is built under a hidden name and renamed
into place when complete.

Backups are named `NNNNNN-YYYYMMDDTHHMMSSZ-reason`: a sequence number, then the UTC
time. They are ordered by the number, never by the clock, so a time-zone change or a
clock set back cannot make a name collide or sort wrong. Each manifest records a
SHA-256 of every file (hard-linked copies share an inode, and so would share damage):
a backup whose files do not match is reported as damaged and never offered as good.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import orjson

from board.errors import DataError
from board.store import codec, layout
from board.store.backup_names import (
    NAME,
    BackupInfo,
    backup_reason,
    backup_time,
    order,
    records,
    sha256,
)
from board.store.files import StatKey, dumps, ensure_dir, fsync_dir, racy, read_with_key, write_new

COUNTED = (layout.CONTACTS, layout.INTERACTIONS, layout.RESOURCES)  # a manifest's record counts
KEEP_DAILY = 7
KEEP_EVENT = 5
PARTIAL = ".partial-"

KnownGood = Callable[[str, StatKey, bytes], int | None]  # the record count of a checked file
Decode = Callable[[str, bytes], layout.Tables]


class Backups:
    """The backups/ folder of one data directory."""

    def __init__(self, root: Path, clock: Callable[[], datetime]) -> None:
        self.root = root
        self.folder = root / layout.BACKUPS
        self.clock = clock
        self._daily_seen: date | None = None

    def dirs(self) -> list[Path]:
        """Complete backups, newest first (a backup appears only once fully written)."""
        try:
            entries = list(os.scandir(self.folder))
        except FileNotFoundError:
            return []
        found = [Path(e.path) for e in entries if e.is_dir() and not e.name.startswith(".")]
        return sorted(found, key=order, reverse=True)

    def remove_partial(self) -> None:
        """Remove half-built backups a killed writer left (only under the exclusive lock)."""
        try:
            names = os.listdir(self.folder)
        except FileNotFoundError:
            return
        for name in names:
            if name.startswith(PARTIAL):
                shutil.rmtree(self.folder / name, ignore_errors=True)

    def daily_due(self) -> bool:
        """True if today (the clock's day) has no daily backup yet."""
        now = self.clock()
        today = now.date()
        if self._daily_seen == today:
            return False
        for path in self.dirs():
            if backup_reason(path) != "daily":
                continue
            made = backup_time(path)
            # ">=": after the clock went back, a "future" daily backup still counts as today's.
            if made is not None and made.astimezone(now.tzinfo).date() >= today:
                self._daily_seen = today
                return False
            break  # only the newest daily one matters
        try:
            return any(n.endswith(".json") for n in os.listdir(self.root / layout.CONTACTS))
        except FileNotFoundError:
            return False  # no contacts yet: nothing worth keeping

    def saw_daily(self, made: Path | None) -> None:
        self._daily_seen = self.clock().date() if made is not None else None

    def make(
        self, reason: str, extra: Iterable[Path], known_good: KnownGood, decode: Decode,
        *, as_is: bool = False,
    ) -> Path:
        """Snapshot the data files into backups/NNNNNN-<UTC time>-<reason>/ (not pruning).

        A damaged file stops the backup, unless `as_is` (the backup before a restore keeps
        the store as it was, damage included): then the manifest lists it as damaged, so
        the backup never verifies and its copy is never offered as good.
        """
        folder = self.folder
        ensure_dir(folder)
        self.remove_partial()
        previous = self.dirs()
        numbered = [int(m.group(1)) for p in previous if (m := NAME.match(p.name))]
        seq = max(numbered, default=0) + 1
        stamp = self.clock().astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
        target = folder / f"{seq:06d}-{stamp}-{reason}"
        prev_dir = previous[0] if previous else None
        prev = self.manifest(prev_dir) if prev_dir else {}
        partial = folder / f"{PARTIAL}{target.name}"
        ensure_dir(partial)
        try:
            rels = [layout.META_FILE, *(str(p.relative_to(self.root)) for p in extra)]
            if (self.root / layout.RESOURCES_FILE).exists():
                rels.append(layout.RESOURCES_FILE)
            for table in (layout.CONTACTS, layout.INTERACTIONS):
                if (self.root / table).is_dir():
                    ensure_dir(partial / table)
                    names = sorted(
                        n for n in os.listdir(self.root / table)
                        if n.endswith(".json") and not n.startswith(".")
                    )
                    rels.extend(f"{table}/{n}" for n in names)
            keys: dict[str, list[int] | None] = {}
            sums: dict[str, str] = {}
            counts: dict[str, int] = {}
            damage: dict[str, str] = {}
            for rel in rels:
                try:
                    copied = self._copy(rel, partial, prev_dir, prev, known_good, decode)
                except DataError as exc:
                    if not as_is:
                        raise
                    copied = self._copy(rel, partial, None, {}, lambda *_: 0, decode)
                    damage[rel] = " ".join(str(exc).split(". It was left")[0].split())
                if copied is not None:
                    keys[rel], sums[rel], counts[rel] = copied
            body = dumps({
                "reason": reason, "schema": layout.SCHEMA_VERSION, "seq": seq,
                "at": self.clock().astimezone(UTC).isoformat(), "files": keys, "sha256": sums,
                "counts": counts, **{t: _total(counts, t) for t in COUNTED},
                "damaged": damage,
            })
            write_new(partial / layout.MANIFEST, body)
            for sub in (partial / layout.CONTACTS, partial / layout.INTERACTIONS, partial):
                if sub.is_dir():
                    fsync_dir(sub)
            os.rename(partial, target)
        except BaseException:
            shutil.rmtree(partial, ignore_errors=True)
            raise
        try:
            fsync_dir(folder)
        except BaseException:  # in place but not durable: the change fails, so goes its backup
            shutil.rmtree(target, ignore_errors=True)
            raise
        return target

    def discard(self, folder: Path) -> None:
        """Remove a backup this command made for a change that then failed."""
        shutil.rmtree(folder, ignore_errors=True)
        self._daily_seen = None

    def manifest(self, folder: Path) -> dict[str, Any]:
        """A backup's manifest ({} if it has none that can be read)."""
        try:
            body = orjson.loads((folder / layout.MANIFEST).read_bytes())
        except (OSError, orjson.JSONDecodeError):
            return {}
        return body if isinstance(body, dict) and isinstance(body.get("files"), dict) else {}

    def _copy(
        self, rel: str, partial: Path, prev_dir: Path | None, prev: dict[str, Any],
        known_good: KnownGood, decode: Decode,
    ) -> tuple[list[int] | None, str, int] | None:
        """Link or copy one file into a backup being built: (its key or None if racy, sum, count)."""
        source = self.root / rel
        try:
            st = os.stat(source)
        except FileNotFoundError:
            return None
        key = [st.st_ino, st.st_size, st.st_mtime_ns]
        sums, counts = prev.get("sha256") or {}, prev.get("counts") or {}
        if prev_dir is not None and prev["files"].get(rel) == key and rel in sums and rel in counts:
            try:
                os.link(prev_dir / rel, partial / rel)
                return key, sums[rel], counts[rel]
            except OSError:
                pass  # no hard links here (or the old copy is gone): copy instead
        found = read_with_key(source)
        if found is None:
            return None
        found_key, raw = found
        count = known_good(rel, found_key, raw) if rel != layout.LEGACY_FILE else 0
        if count is None:
            # Refuse to back up a damaged file: it would rotate the good copies away.
            count = records(rel, decode(rel, raw))
        write_new(partial / rel, raw)
        return (None if racy(found_key) else list(found_key)), sha256(raw), count

    def prune(self) -> None:
        backups = self.dirs()
        daily = [p for p in backups if backup_reason(p) == "daily"]
        events = [p for p in backups if backup_reason(p) != "daily"]
        for old in daily[KEEP_DAILY:] + events[KEEP_EVENT:]:
            shutil.rmtree(old, ignore_errors=True)

    # -- verifying

    def verify(
        self, folder: Path, sums_seen: dict[tuple[int, int, int, int], str] | None = None,
        *, as_found: bool = True,
    ) -> list[str]:
        """What is wrong with a backup, one line per file (empty: it verifies whole).

        A backup made before checksums were kept is checked by parsing each file.
        `sums_seen` shares the work between backups: hard-linked copies are hashed once.
        With as_found=False, files the manifest says were already damaged when backed up
        (a "before restore" backup keeps the store as it was) are not counted: their
        copies are faithful, only never good.
        """
        manifest = self.manifest(folder)
        if not manifest:
            return [f"{folder / layout.MANIFEST}: missing or unreadable, so the backup cannot be verified"]
        sums = manifest.get("sha256")
        problems: list[str] = []
        on_disk = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}
        on_disk.discard(layout.MANIFEST)
        if not isinstance(sums, dict):  # an older backup: check that each file parses
            for rel in sorted(on_disk):
                problem = self._parse_problem(folder, rel)
                if problem:
                    problems.append(f"{folder / rel}: {problem}")
            return problems
        for rel, expected in sorted(sums.items()):
            path = folder / rel
            try:
                st = os.stat(path)
            except FileNotFoundError:
                problems.append(f"{path}: missing (the manifest lists it)")
                continue
            ident = (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)
            got = sums_seen.get(ident) if sums_seen is not None else None
            if got is None:
                got = sha256(path.read_bytes())
                if sums_seen is not None:
                    sums_seen[ident] = got
            if got != expected:
                problems.append(f"{path}: damaged (its bytes do not match the checksum taken when it was made)")
        for rel in sorted(on_disk - set(sums)):
            problems.append(f"{folder / rel}: not part of the backup (the manifest does not list it)")
        damage = manifest.get("damaged")
        if as_found and isinstance(damage, dict):  # kept as the store was (before a restore)
            problems.extend(f"{folder / rel}: was already damaged when backed up" for rel in sorted(damage))
        return problems

    def _parse_problem(self, folder: Path, rel: str) -> str | None:
        try:
            data = orjson.loads((folder / rel).read_bytes())
        except OSError as exc:
            return f"unreadable ({exc.strerror})"
        except orjson.JSONDecodeError as exc:
            return f"not valid JSON ({exc})"
        return codec.shape_problem(rel, data) if rel != layout.LEGACY_FILE else None

    def _good_copy(self, folder: Path, rel: str) -> bool | None:
        """True if the backup holds a good copy of `rel`, False if a bad one, None if none."""
        manifest = self.manifest(folder)
        sums = manifest.get("sha256") if manifest else None
        path = folder / rel
        if isinstance(sums, dict):
            if rel not in sums:
                return None
            if rel in (manifest.get("damaged") or {}):
                return False
            try:
                return sha256(path.read_bytes()) == sums[rel]
            except OSError:
                return False
        if not path.exists():
            return None
        return self._parse_problem(folder, rel) is None

    def newest_good(self, rel: str) -> Path | None:
        """The newest backup folder holding a good copy of `rel` (or predating it)."""
        for folder in self.dirs():
            good = self._good_copy(folder, rel)
            if good is None:
                shard = rel.startswith((layout.CONTACTS, layout.INTERACTIONS, layout.RESOURCES_FILE))
                if shard and (folder / layout.META_FILE).exists():
                    return folder  # the file was empty then
                continue
            if not good:
                continue
            if rel == layout.META_FILE:
                try:
                    version = codec.meta_version(orjson.loads((folder / rel).read_bytes()))
                except (OSError, orjson.JSONDecodeError):
                    continue
                if version is None or version > layout.SCHEMA_VERSION:
                    continue
            return folder
        return None

    def info(self, folder: Path, sums_seen: dict[tuple[int, int, int, int], str] | None = None) -> BackupInfo:
        """A backup described and verified."""
        manifest = self.manifest(folder)
        counts = [manifest.get(t) if isinstance(manifest.get(t), int) else None
                  for t in COUNTED]
        if manifest and counts[0] is None:  # an older backup: count what it holds
            counts = [self._count(folder, t) for t in COUNTED]
        return BackupInfo(folder, backup_time(folder), backup_reason(folder), counts[0], counts[1],
                          counts[2], self.verify(folder, sums_seen))

    def _count(self, folder: Path, table: str) -> int | None:
        if table == layout.RESOURCES:
            paths = [folder / layout.RESOURCES_FILE]
        else:
            paths = sorted((folder / table).glob("*.json"))
        total = 0
        for path in paths:
            try:
                data = orjson.loads(path.read_bytes())
                total += len(data.get(table, {}))
            except (OSError, orjson.JSONDecodeError, AttributeError):
                if path.exists():
                    return None
        return total

    # -- what to say about a damaged file

    def damaged(self, rel: str, reason: str) -> DataError:
        """The error for a file that cannot be read, naming what the user can do."""
        path = self.root / rel
        reason = " ".join(reason.split())  # one line on stderr, whatever the parser said
        if rel == layout.JOURNAL_FILE:
            folder = self.newest_good(layout.META_FILE)
            backup = f"; the newest good backup is {folder}" if folder else ""
            return DataError(
                f"{path} (an unfinished change) cannot be read: {reason}. It was left "
                "untouched: move it out of the data directory to open the data as it was "
                f"before that change{backup}", path=path,
            )
        return DataError(
            f"{path} cannot be read: {reason}. It was left untouched: {self.hint(rel)}", path=path
        )

    def hint(self, rel: str) -> str:
        """What the user can do about a damaged file, naming its newest good backup."""
        folder = self.newest_good(rel)
        if folder is None:
            return "no good backup of it exists, so repair it or move it aside"
        if (folder / rel).exists():
            return (
                f"to recover, copy its newest good backup over it: {folder / rel} "
                f"(or bring back the whole store with `trustboard restore {folder.name}`)"
            )
        return (
            f"it did not exist yet in the newest good backup, {folder}, "
            f"so move it aside to go on without it (or `trustboard restore {folder.name}`)"
        )

    def newest_meta(self) -> str:
        folder = self.newest_good(layout.META_FILE)
        return str(folder / layout.META_FILE) if folder else "none (no backup exists)"


def _total(counts: dict[str, int], table: str) -> int:
    if table == layout.RESOURCES:
        return counts.get(layout.RESOURCES_FILE, 0)
    return sum(n for rel, n in counts.items() if rel.startswith(table + "/"))
