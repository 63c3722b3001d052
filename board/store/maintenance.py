"""Checking a whole store, listing its backups and restoring one: `trustboard check`,
`trustboard backups` and `trustboard restore`.

These work on a data directory even when it cannot be opened as a `Store` (a damaged
meta.json or shard is what they are for), taking the directory's lock themselves:
`check` and `backups` the shared one and change nothing; `restore` the exclusive one.
A `Store` offers the same through its methods, on its own lock.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import orjson

from board.errors import DataError
from board.model import now
from board.store import codec, directory, journal
from board.store.backup_names import BackupInfo
from board.store.backups import Backups
from board.store.checker import Checker
from board.store.files import FileLock, unwritten
from board.store.layout import (
    CONTACTS,
    DATA_FILE_RE,
    INDEX_FILE,
    INTERACTIONS,
    LEGACY_FILE,
    LOCK_FILE,
    META_FILE,
    RESOURCES_FILE,
    SCHEMA_VERSION,
)
from board.store.shards import ShardCache
from board.store.store_parts import StoreParts


@dataclass
class Restored:
    """What `restore` did: the backup brought back, and the one kept of the state before."""

    backup: Path
    kept: Path
    contacts: int | None
    interactions: int | None


@dataclass
class Report:
    """What `check` found: every problem (one line each, naming its file) and what it read."""

    problems: list[str]
    contacts: int
    interactions: int
    resources: int
    backups: int


def check(root: Path | str, clock: Callable[[], datetime] = now) -> Report:
    """Read and verify every file of a store and of its backups (changing nothing)."""
    path = Path(root).expanduser()
    directory.claim(path, create=False)
    lock = FileLock(path / LOCK_FILE)
    try:
        with lock.shared():
            checker = Checker(path, clock)
            problems = checker.run()
    finally:
        lock.close()
    return Report(problems, len(checker.contacts), len(checker.interactions),
                  len(checker.resources), checker.backup_count)


def list_backups(root: Path | str, clock: Callable[[], datetime] = now) -> list[BackupInfo]:
    """Every backup, newest first, each verified against its checksums."""
    path = Path(root).expanduser()
    directory.claim(path, create=False)
    lock = FileLock(path / LOCK_FILE)
    try:
        with lock.shared():
            return infos(Backups(path, clock))
    finally:
        lock.close()


def infos(backups: Backups) -> list[BackupInfo]:
    seen: dict[tuple[int, int, int, int], str] = {}
    return [backups.info(folder, seen) for folder in backups.dirs()]


def restore(root: Path | str, which: str, clock: Callable[[], datetime] = now) -> Restored:
    """Replace the store's data with a backup's (`latest` or a backup's name), whole."""
    path = Path(root).expanduser()
    directory.claim(path, create=False)
    lock = FileLock(path / LOCK_FILE)
    try:
        with lock.exclusive():
            return restore_locked(path, which, Backups(path, clock))
    finally:
        lock.close()


def find_backup(folders: list[Path], which: str) -> Path:
    """Which of these backups (newest first) `latest` or a name (or its unique start) means."""
    if not folders:
        raise DataError("there is no backup to restore: `trustboard backups` lists them")
    text = which.strip().rstrip("/")
    if text == "latest":
        return folders[0]
    named = Path(text).name
    exact = [f for f in folders if f.name == named]
    found = exact or [f for f in folders if f.name.startswith(named)]
    if len(found) == 1:
        return found[0]
    if not found:
        raise DataError(f"no backup is called {which!r}: `trustboard backups` lists them")
    listed = ", ".join(f.name for f in found[:5])
    raise DataError(f"{which!r} names {len(found)} backups ({listed}): give the whole name")


def restore_locked(root: Path, which: str, backups: Backups) -> Restored:
    """`restore`, for a caller already holding the exclusive lock."""
    folder = find_backup(backups.dirs(), which)
    problems = backups.verify(folder) + _content_problems(folder)
    if problems:
        more = f" (and {len(problems) - 1} more problems)" if len(problems) > 1 else ""
        raise DataError(
            f"backup {folder.name} is damaged, so it was not restored: {problems[0]}{more}. "
            "Nothing was changed; `trustboard backups` shows which backups verify"
        )
    cache = ShardCache(root, backups.damaged, backups.clock)
    try:
        kept = backups.make("before-restore", [p for p in [root / LEGACY_FILE] if p.exists()],
                            lambda *_: None, cache.decode, as_is=True)
    except OSError as exc:
        raise unwritten(exc, root) from None
    wanted = {rel: (folder / rel).read_bytes() for rel in _data_files(folder)}
    removals = [rel for rel in _data_files(root) if rel not in wanted]
    try:
        journal.replace_files(root, wanted, removals)
    except BaseException as exc:
        backups.discard(kept)  # nothing restored: keep the backups as they were
        if isinstance(exc, OSError):
            raise unwritten(exc, root) from None
        raise
    try:
        (root / INDEX_FILE).unlink()  # a cache of the data that was replaced
    except FileNotFoundError:
        pass
    backups.prune()
    info = backups.info(folder)
    return Restored(folder, kept, info.contacts, info.interactions)


def _data_files(folder: Path) -> list[str]:
    """The data files a store (or a backup of one) holds, as paths relative to it."""
    found = [rel for rel in (META_FILE, RESOURCES_FILE, LEGACY_FILE) if (folder / rel).is_file()]
    for table in (CONTACTS, INTERACTIONS):
        if (folder / table).is_dir():
            found.extend(f"{table}/{p.name}" for p in sorted((folder / table).iterdir())
                         if p.is_file() and DATA_FILE_RE.match(f"{table}/{p.name}"))
    return found


def _content_problems(folder: Path) -> list[str]:
    """What would make a verified backup unusable: files that do not parse, a newer schema."""
    problems: list[str] = []
    rels = _data_files(folder)
    if META_FILE not in rels and LEGACY_FILE not in rels:
        problems.append(f"{folder}: it holds no meta.json")
    for rel in rels:
        try:
            data = orjson.loads((folder / rel).read_bytes())
        except (OSError, orjson.JSONDecodeError) as exc:
            problems.append(f"{folder / rel}: cannot be read ({exc})")
            continue
        if rel == META_FILE:
            version = codec.meta_version(data)
            if version is None or version > SCHEMA_VERSION:
                problems.append(f"{folder / rel}: schema {version!r}, which this trustboard cannot read")
        elif rel != LEGACY_FILE and (problem := codec.shape_problem(rel, data)):
            problems.append(f"{folder / rel}: {problem}")
    return problems


class Maintenance(StoreParts):
    """The Store's own door to its backups (a mixin: the Store's lock, no second one)."""

    lock: FileLock

    def backup(self, reason: str, extra: Iterable[Path] = ()) -> Path:
        """Snapshot the data files into backups/NNNNNN-<UTC time>-<reason>/ and prune old ones."""
        with self.lock.mutex, self.lock.exclusive():
            made = self._backups.make(reason, list(extra), self._known_good, self._cache.decode)
            self._backups.prune()
            return made

    def backups(self) -> list[BackupInfo]:
        """Every backup, newest first, each verified against its checksums."""
        with self.lock.mutex, self.lock.shared():
            return infos(self._backups)

    def verify_backup(self, folder: Path) -> list[str]:
        """What is wrong with one backup (one line per file; empty if it verifies)."""
        with self.lock.mutex, self.lock.shared():
            return self._backups.verify(folder)

    def newest_good_backup(self, rel: str) -> Path | None:
        """The newest backup folder holding a good copy of `rel` (or predating it)."""
        return self._backups.newest_good(rel)

    def restore(self, which: str) -> Restored:
        """Replace this store's data with a backup's, whole (see `restore`)."""
        with self.lock.mutex, self.lock.exclusive():
            done = restore_locked(self.root, which, self._backups)
            self._forget()
            return done

    def _forget(self) -> None:
        """Drop every cached file (the data was replaced underneath)."""
        self._cache.forget_all()

