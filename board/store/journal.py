"""Writing several files so that all or none of them take effect.

One change rewrites only the shard(s) it touches. A change touching several files
is first written whole to `journal.json`, so a crash at any instant leaves the old
or the new state: a reader or writer that finds a journal finishes it first.
"""

from __future__ import annotations

from pathlib import Path

import orjson

from board.store import codec, files
from board.store.files import dumps, ensure_dir, fsync_dir, key_of, remove_stale_temps
from board.store.layout import CONTACTS, INTERACTIONS, JOURNAL_FILE, SHARD_RE, Tables
from board.store.shards import ShardCache


def write_files(root: Path, changed: dict[str, Tables], cache: ShardCache) -> None:
    """Write these files (relative path → new tables), all or none, durably."""
    payloads = {rel: dumps(data) for rel, data in changed.items()}
    journal = root / JOURNAL_FILE
    if len(payloads) > 1:
        body = b",".join(dumps(rel) + b":" + p for rel, p in payloads.items())
        files.write_atomic(journal, b'{"files":{' + body + b"}}")
    dirs = set()
    for rel, payload in payloads.items():
        path = root / rel
        st = files.write_atomic(path, payload, sync_dir=False)
        dirs.add(path.parent)
        cache.wrote(rel, key_of(st), changed[rel], payload)
    for folder in dirs:
        fsync_dir(folder)
    if len(payloads) > 1:
        journal.unlink()
        fsync_dir(root)


def recover(root: Path, cache: ShardCache) -> None:
    """Finish a multi-file change that a crash interrupted (journal is complete or absent)."""
    path = root / JOURNAL_FILE
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return
    damaged = cache.damaged
    try:
        listed = orjson.loads(raw)["files"]
    except (orjson.JSONDecodeError, KeyError, TypeError) as exc:
        raise damaged(JOURNAL_FILE, f"it is not a valid change journal ({exc})") from None
    if not isinstance(listed, dict) or not listed:
        raise damaged(JOURNAL_FILE, "it lists no files")
    for rel, data in listed.items():
        if not isinstance(rel, str) or not SHARD_RE.match(rel):
            raise damaged(JOURNAL_FILE, f"it names an unexpected file {rel!r}")
        problem = codec.shape_problem(rel, data)
        if problem:
            raise damaged(JOURNAL_FILE, f"its copy of {rel}: {problem}")
    dirs = set()
    for rel, data in listed.items():
        target = root / rel
        ensure_dir(target.parent)
        files.write_atomic(target, dumps(data), sync_dir=False)
        dirs.add(target.parent)
        cache.forget(rel)
    for folder in dirs:
        fsync_dir(folder)
    path.unlink()
    fsync_dir(root)
    for folder in (root, root / CONTACTS, root / INTERACTIONS):
        remove_stale_temps(folder)
