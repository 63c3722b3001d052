"""Durable file primitives: atomic replace, directory fsync, the inter-process lock.

Every file trustboard writes goes through `write_atomic`: a temporary file in the
same directory, flushed and fsynced, renamed over the old one with `os.replace`,
then the directory fsynced. A crash at any instant leaves the old or the new file
(plus, at worst, a stray temporary file that `remove_stale_temps` clears later).
"""

from __future__ import annotations

import errno
import fcntl
import gc
import os
import random
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import orjson

from board.errors import DataError

DIR_MODE = 0o700
FILE_MODE = 0o600
TEMP_SUFFIX = ".tmp"
RACY_NS = 2_000_000_000  # wider than any file system's timestamp granularity

StatKey = tuple[int, int, int]


def dumps(data: Any) -> bytes:
    """The one JSON encoding of every file trustboard writes."""
    return orjson.dumps(data)


def digest(raw: bytes) -> bytes:
    """A short digest of a file's bytes (to tell apart versions with one stat key)."""
    import hashlib  # (loaded when first needed: the board's opening hashes nothing)

    return hashlib.blake2b(raw, digest_size=16).digest()


def racy(key: StatKey | None) -> bool:
    """True if a file with this stat key was written too recently for the key to be trusted.

    File times are coarse and inode numbers are reused, so a file written within the
    last two seconds could be replaced by one with the very same key (the racy-git rule).
    """
    return key is not None and key[2] >= time.time_ns() - RACY_NS


def key_of(st: os.stat_result) -> StatKey:
    return (st.st_ino, st.st_size, st.st_mtime_ns)


@contextmanager
def no_gc() -> Iterator[None]:
    """Pause the cyclic GC while building many acyclic objects.

    Parsing a large board allocates hundreds of thousands of dicts and lists, which
    would trigger many full collections that find nothing (JSON has no cycles).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def ensure_dir(path: Path) -> None:
    """Create a private directory (0700) if it is missing."""
    path.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)


def fsync_dir(path: Path | str) -> None:
    """Make the directory's entries (renames, new and removed files) durable."""
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


# A temporary file as `tempfile.mkstemp` makes one (same flags, mode and name pattern:
# `.NAME.` then 8 random characters then `.tmp`), without its per-call set-up.
_TEMP_FLAGS = os.O_RDWR | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
_TEMP_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789_"
_READ_FLAGS = os.O_RDONLY | getattr(os, "O_CLOEXEC", 0)
_names = random.Random()  # its own, as tempfile's (a child after a fork draws other names)
os.register_at_fork(after_in_child=_names.seed)


def _new_temp(path: Path) -> tuple[int, str]:
    """A new private (0600) temporary file beside `path`, opened: its descriptor and path."""
    stem = os.path.join(os.path.dirname(path), f".{os.path.basename(path)}.")
    for _ in range(tempfile.TMP_MAX):
        tmp = stem + "".join(_names.choices(_TEMP_CHARS, k=8)) + TEMP_SUFFIX
        try:
            return os.open(tmp, _TEMP_FLAGS, FILE_MODE), tmp
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no usable temporary file name found", str(path))


def _write_all(fd: int, payload: bytes) -> None:
    """Write every byte of `payload` to the descriptor (a short write goes on where it stopped)."""
    done = os.write(fd, payload)
    if done < len(payload):
        view = memoryview(payload)
        while done < len(payload):
            done += os.write(fd, view[done:])


def write_atomic(
    path: Path, payload: bytes, *, sync_dir: bool = True, durable: bool = True
) -> os.stat_result:
    """Replace `path` with `payload` so that a crash leaves the old or the new content.

    Returns the stat of the new file (used as the cache key of what we wrote).
    durable=False skips the fsyncs, for caches that may be lost but never seen half-written.
    """
    fd, tmp = _new_temp(path)
    try:
        try:
            _write_all(fd, payload)
            if durable:
                os.fsync(fd)
            st = os.fstat(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    if sync_dir and durable:
        fsync_dir(os.path.dirname(path) or ".")
    # The inode is the one we wrote; rename does not change size or mtime.
    return st


def write_temp(path: Path, payload: bytes) -> Path:
    """Write `payload` to a new fsynced temporary file beside `path`; its path.

    The caller renames it over `path` later (or removes it): how a multi-file change
    gets every new file durable before it commits to any of them.
    """
    fd, tmp = _new_temp(path)
    try:
        try:
            _write_all(fd, payload)
            os.fsync(fd)
        finally:
            os.close(fd)
    except BaseException:
        unlink_quietly(Path(tmp))
        raise
    return Path(tmp)


def unlink_quietly(path: Path) -> None:
    """Remove a file if it is there (for cleaning up after a failure: never raises)."""
    try:
        os.unlink(path)
    except OSError:
        pass


def write_new(path: Path, payload: bytes) -> None:
    """Create a new private file holding `payload`, fsynced (for backups, not live data)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    with os.fdopen(fd, "wb") as handle:
        handle.write(payload)
        handle.flush()
        os.fsync(handle.fileno())


DISK_FULL = (errno.ENOSPC, errno.EDQUOT)


def disk_full(exc: OSError) -> bool:
    """True when a write failed for want of space (a full disk, or a quota used up)."""
    return exc.errno in DISK_FULL


def unwritten(exc: OSError, root: Path | None = None) -> DataError:
    """A write that failed (a full disk, say), in one sentence: nothing was changed.

    `root` is the data directory written to (the error's path when it names no file).
    """
    where = f" writing {exc.filename}" if exc.filename else ""
    if disk_full(exc):
        what = "quota is used up" if exc.errno == errno.EDQUOT else "disk is full"
        return DataError(
            f"the {what}{where}: nothing was changed; free some space and try again",
            path=exc.filename or root,
        )
    return DataError(
        f"{exc.strerror or exc}{where}: nothing was changed; free some space (or fix the "
        "problem) and try again", path=exc.filename,
    )


def stat_key(path: Path | str) -> StatKey | None:
    """(inode, size, mtime_ns) of a file, or None if it does not exist."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    return (st.st_ino, st.st_size, st.st_mtime_ns)


def read_with_key(path: Path | str) -> tuple[StatKey, bytes] | None:
    """A file's bytes with the (inode, size, mtime_ns) of exactly that version, or None.

    Stat and read go through one descriptor, so the key always describes the bytes
    even if another process replaces the file in between. (Read with plain system calls,
    to its end: the file object Python would wrap the descriptor in costs four more.)
    """
    try:
        fd = os.open(path, _READ_FLAGS)
    except FileNotFoundError:
        return None
    try:
        st = os.fstat(fd)
        raw = os.read(fd, st.st_size + 1)
        if raw:  # on to the end (a read gives less than asked only there, or when interrupted)
            parts = [raw]
            while chunk := os.read(fd, max(st.st_size + 1 - len(raw), 1 << 16)):
                parts.append(chunk)
            if len(parts) > 1:
                raw = b"".join(parts)
    finally:
        os.close(fd)
    return (st.st_ino, st.st_size, st.st_mtime_ns), raw


def stale_temps(folder: Path, keep: frozenset[str] = frozenset()) -> list[Path]:
    """Temporary files (`.NAME.*.tmp`) in a folder, except the names in `keep`."""
    try:
        names = os.listdir(folder)
    except (FileNotFoundError, NotADirectoryError):
        return []
    return [folder / n for n in names if n.startswith(".") and n.endswith(TEMP_SUFFIX) and n not in keep]


def remove_stale_temps(folder: Path, keep: frozenset[str] = frozenset()) -> int:
    """Delete temporary files left by a writer that was killed mid-write.

    Only safe while holding the exclusive lock: then no writer is between its
    `mkstemp` and its `os.replace`. Returns how many were removed.
    """
    removed = 0
    for path in stale_temps(folder, keep):
        try:
            os.unlink(path)
            removed += 1
        except FileNotFoundError:
            pass
    return removed


class FileLock:
    """An flock on a separate lock file, so `os.replace` of data files never swaps it.

    Re-entrant within a thread; other threads of the same process wait on an
    in-process lock first, because flock cannot tell threads of one process apart.
    After a fork the child opens its own descriptor: a shared descriptor would make
    parent and child share one lock instead of excluding each other.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None
        self._pid = os.getpid()
        self._depth = 0
        self._mode = 0
        self._owner = 0  # the thread holding the lock (while _depth > 0)
        self._threads = threading.RLock()

    def _check_fork(self) -> None:
        if self._pid != os.getpid():
            if self._fd is not None:
                os.close(self._fd)  # the parent's lock survives: it holds its own descriptor
            self._fd = None
            self._pid = os.getpid()
            self._depth = self._mode = 0
            self._threads = threading.RLock()

    def _open(self) -> int:
        if self._fd is None:
            # O_NOFOLLOW: a planted symlink must not make us create or lock another file.
            try:
                self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, FILE_MODE)
            except OSError as exc:
                if exc.errno != errno.ELOOP:
                    raise
                raise DataError(
                    f"{self.path} is a symbolic link, and trustboard does not follow links for "
                    "its lock file: remove it (it holds nothing) and try again", path=self.path,
                ) from None
        return self._fd

    @property
    def mutex(self) -> threading.RLock:
        """The in-process lock taken before the flock; callers that need their own
        in-process exclusion use this one too, so there is one lock order for all."""
        self._check_fork()
        return self._threads

    @property
    def held(self) -> bool:
        """True while this thread holds the lock (shared or exclusive)."""
        self._check_fork()
        return self._depth > 0 and self._owner == threading.get_ident()

    @contextmanager
    def exclusive(self, blocking: bool = True) -> Iterator[bool]:
        """Hold the exclusive lock; yields False (without it) if not blocking and busy."""
        with self._hold(fcntl.LOCK_EX, blocking) as held:
            yield held

    @contextmanager
    def shared(self, blocking: bool = True) -> Iterator[bool]:
        """Hold a shared lock; yields False (without the lock) if not blocking and busy."""
        with self._hold(fcntl.LOCK_SH, blocking) as held:
            yield held

    @contextmanager
    def _hold(self, mode: int, blocking: bool) -> Iterator[bool]:
        """Take the lock in `mode` (re-entrant within the holding thread)."""
        self._check_fork()
        if not self._threads.acquire(blocking):
            yield False
            return
        try:
            if self._depth:
                if mode == fcntl.LOCK_EX and self._mode != fcntl.LOCK_EX:
                    raise RuntimeError("cannot upgrade a shared lock to an exclusive one")
                self._depth += 1
                try:
                    yield True
                finally:
                    self._depth -= 1
                return
            fd = self._open()
            try:
                fcntl.flock(fd, mode | (0 if blocking else fcntl.LOCK_NB))
            except BlockingIOError:
                yield False
                return
            self._depth, self._mode, self._owner = 1, mode, threading.get_ident()
            try:
                yield True
            finally:
                self._depth, self._mode, self._owner = 0, 0, 0
                fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            self._threads.release()

    def close(self) -> None:
        self._check_fork()
        if self._fd is not None and not self._depth:
            os.close(self._fd)
            self._fd = None
