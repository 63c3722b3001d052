"""Durable file primitives: atomic replace, directory fsync, the inter-process lock.

Every file trustboard writes goes through `write_atomic`: a temporary file in the
same directory, flushed and fsynced, renamed over the old one with `os.replace`,
then the directory fsynced. A crash at any instant leaves the old or the new file.
"""

from __future__ import annotations

import fcntl
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

DIR_MODE = 0o700
FILE_MODE = 0o600


def ensure_dir(path: Path) -> None:
    """Create a private directory (0700) if it is missing."""
    path.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)


def fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_atomic(path: Path, payload: bytes, *, sync_dir: bool = True) -> os.stat_result:
    """Replace `path` with `payload` so that a crash leaves the old or the new content.

    Returns the stat of the new file (used as the cache key of what we wrote).
    """
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, FILE_MODE)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    if sync_dir:
        fsync_dir(path.parent)
    return os.stat(path)


def stat_key(path: Path) -> tuple[int, int, int] | None:
    """(inode, size, mtime_ns) of a file, or None if it does not exist."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    return (st.st_ino, st.st_size, st.st_mtime_ns)


class FileLock:
    """An flock on a separate lock file, so `os.replace` of data files never swaps it."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None
        self._depth = 0
        self._mode = 0

    def _open(self) -> int:
        if self._fd is None:
            self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT, FILE_MODE)
        return self._fd

    @contextmanager
    def exclusive(self) -> Iterator[None]:
        """Hold the exclusive lock (re-entrant within one process)."""
        if self._depth and self._mode == fcntl.LOCK_EX:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        if self._depth:
            raise RuntimeError("cannot upgrade a shared lock to an exclusive one")
        fd = self._open()
        fcntl.flock(fd, fcntl.LOCK_EX)
        self._depth, self._mode = 1, fcntl.LOCK_EX
        try:
            yield
        finally:
            self._depth, self._mode = 0, 0
            fcntl.flock(fd, fcntl.LOCK_UN)

    @contextmanager
    def shared(self, blocking: bool = True) -> Iterator[bool]:
        """Hold a shared lock; yields False (without the lock) if not blocking and busy."""
        if self._depth:
            self._depth += 1
            try:
                yield True
            finally:
                self._depth -= 1
            return
        fd = self._open()
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | (0 if blocking else fcntl.LOCK_NB))
        except BlockingIOError:
            yield False
            return
        self._depth, self._mode = 1, fcntl.LOCK_SH
        try:
            yield True
        finally:
            self._depth, self._mode = 0, 0
            fcntl.flock(fd, fcntl.LOCK_UN)

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
