"""Durable file primitives, for code outside the store (config, exports).

They live in `board.store.files`; this module names them for the rest of `board`.
"""

from board.store.files import (
    FileLock,
    disk_full,
    ensure_dir,
    fsync_dir,
    remove_stale_temps,
    write_atomic,
    write_new,
)

__all__ = ["FileLock", "disk_full", "ensure_dir", "fsync_dir", "remove_stale_temps", "write_atomic", "write_new"]
