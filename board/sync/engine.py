"""`trustboard sync`: commit, fetch, merge by record, push, apply — under the sync lock.

One cycle (`_attempt`), repeated (bounded) when the remote moved during the push or
the store changed during the merge:

1. Export what changed in the store since the last sync and commit it to the clone's
   `main` (see `records.export`).
2. Fetch the remote's `main`, and refuse, changing nothing, if it is not a trustboard
   store or was written by a newer trustboard.
3. Merge: nothing new there → keep ours; ours is behind → take theirs; both moved →
   combine every shard either side changed against the merge base (`combine`: a shard
   one side changed is taken whole, one both changed is merged record by record by
   `board.sync.merge`), and commit the merge (two parents).
4. Push. A refused push (the remote moved) starts the cycle again.
5. Apply the merged records to the store as one transaction (backup first, one undo
   step), only where the store still holds what the clone says it held; then `main` =
   the merge (a crash in between resumes from `refs/trustboard/pending`).

Pushing before applying means a sync that fails anywhere has not changed the store.
The store's own lock is held only to read what changed and to apply (never across the
network, so other trustboards on this machine never wait for a slow remote); the
sync lock (`.sync.lock`) keeps two syncs of one store from running at once.
"""

from __future__ import annotations

import shutil
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from board.files import FileLock
from board.model import now
from board.sync import layout
from board.sync.clone import Clone, absolute_remote, remote_label
from board.sync.combine import combine
from board.sync.git import GitFailed, SyncError, find_git
from board.sync.merge import Conflict
from board.sync.records import StoreMoved, apply, count, differences, export
from board.sync.report import summary
from board.sync.result import SyncResult
from board.sync.settings import (
    SyncSettings,
    default_machine,
    load_settings,
    save_settings,
    settings_path,
)
from board.text import clean, plural

if TYPE_CHECKING:
    from board.store import Store

MAX_ATTEMPTS = 5
LOCK_WAIT_SECONDS = 60.0
LOCK_FILE = ".sync.lock"


@contextmanager
def sync_lock(root: Path) -> Iterator[None]:
    """Hold the sync lock, waiting a while for another sync of this store to finish.

    A local git command that fails inside (a full disk, say) is a `SyncError`: one line.
    """
    lock = FileLock(root / LOCK_FILE)
    deadline = time.monotonic() + LOCK_WAIT_SECONDS
    try:
        while True:
            with lock.exclusive(blocking=False) as held:
                if held:
                    try:
                        yield
                    except GitFailed as exc:
                        raise _git_failed(exc, root) from exc
                    return
            if time.monotonic() > deadline:
                raise SyncError("another sync of this store is still running; try again when it is done")
            time.sleep(0.2)
    finally:
        lock.close()


def _git_failed(exc: GitFailed, root: Path) -> SyncError:
    """A local git failure in the sync clone, as one sentence (nothing here was changed)."""
    where = root / "sync"  # the clone (`board.sync.clone.Clone.dir`)
    if "No space left on device" in exc.stderr or "Disk quota exceeded" in exc.stderr:
        return SyncError(f"the disk is full (git could not write in {where}): nothing was "
                         "changed; free some space and try again")
    return SyncError(f"git failed in {where} ({exc.reason}): nothing was changed")


def init(store: Store, remote: str, *, machine: str | None = None, interactive: bool = False) -> SyncResult:
    """Set this store up to sync with REMOTE, then sync: push to an empty remote, take
    the remote's data into an empty store, merge when both hold data."""
    find_git()
    remote = remote.strip()
    if not remote:
        raise SyncError("name the remote: a git URL such as server:trustboard.git or a path")
    remote = absolute_remote(remote)
    known = load_settings(store.root)
    settings = SyncSettings(settings_path(store.root), remote,
                            clean(machine or "") or (known.machine if known else default_machine()))
    lock_was_there = (store.root / LOCK_FILE).exists()
    try:
        with sync_lock(store.root):
            clone = Clone(store.root, machine=settings.machine, interactive=interactive)
            created = not clone.exists()
            try:
                if created:
                    shutil.rmtree(clone.dir, ignore_errors=True)  # what an interrupted init left
                    clone.create(remote)
                else:
                    clone.point_at(remote)
                result = run_cycle(store, clone, remote)
            except BaseException:
                if created:
                    shutil.rmtree(clone.dir, ignore_errors=True)
                raise
            _remember(settings, result)
    except BaseException:
        if not lock_was_there and known is None:  # a first init that failed leaves nothing behind
            (store.root / LOCK_FILE).unlink(missing_ok=True)
        raise
    return result


def sync(store: Store, *, interactive: bool = False) -> SyncResult:
    """Sync with the remote `sync init` set up (see the module doc)."""
    find_git()
    settings = load_settings(store.root)
    if settings is None:
        raise SyncError("this store does not sync yet: run `trustboard sync init REMOTE` first "
                        "(REMOTE: a git URL such as server:trustboard.git)")
    with sync_lock(store.root):
        clone = Clone(store.root, machine=settings.machine, interactive=interactive)
        if not clone.exists():  # removed by hand: start a new clone and merge into it
            shutil.rmtree(clone.dir, ignore_errors=True)
            clone.create(settings.remote)
        clone.point_at(settings.remote)
        result = run_cycle(store, clone, settings.remote)
        _remember(settings, result)
    return result


def _remember(settings: SyncSettings, result: SyncResult) -> None:
    settings.last_at = result.at
    settings.last_summary = summary(result)
    save_settings(settings)


def run_cycle(store: Store, clone: Clone, remote: str) -> SyncResult:
    """Sync until in step with the remote (see the module doc); SyncError otherwise."""
    clone.begin()
    result = SyncResult(remote, clone.machine)
    for attempt in range(1, MAX_ATTEMPTS + 1):
        result.attempts = attempt
        try:
            if _attempt(store, clone, result):
                clone.end()
                return result
        except StoreMoved:
            continue
    raise SyncError(
        f"the remote or this store kept changing during the sync ({MAX_ATTEMPTS} tries); "
        "nothing was lost: run `trustboard sync` again"
    )


def _attempt(store: Store, clone: Clone, result: SyncResult) -> bool:
    """One cycle; False when it must start over (the remote moved during the push)."""
    version = store.schema_version()
    local = _commit_local(clone, store, version)
    theirs = clone.fetch()
    if theirs is None:  # an empty remote: this store becomes its first state
        if clone.ls_remote():
            raise SyncError(f"{result.remote} is not a trustboard store: it holds "
                            "other branches but no trustboard data; nothing was changed")
        if not clone.push(local):
            return False
        result.sent = count(differences({}, clone.records(local, clone.blobs(local), "this store")))
        return _done(clone, result, local)
    if theirs != local:
        _check_remote(clone, theirs, version, result.remote)
    if local == theirs or clone.is_ancestor(theirs, local):  # nothing new there
        if local != theirs:
            result.sent = _counted_between(clone, theirs, local)
            if not clone.push(local):
                return False
        return _done(clone, result, local)
    base = clone.merge_base(local, theirs)  # None: unrelated (two stores meeting at init)
    combined = combine(clone, base, local, theirs, result.remote)
    result.sent = combined.sent
    result.conflicts, result.duplicates = combined.conflicts, combined.duplicates
    ours_meta, theirs_meta = (clone.blobs(rev).get(layout.META) for rev in (local, theirs))
    if ours_meta != theirs_meta:  # ours is newer (a newer theirs was refused above)
        combined.files[layout.META] = ours_meta
    if combined.files:  # ours adds something: commit the merge (its tree: theirs plus our part)
        message = _merge_message(result, combined.conflicts)
        target, _ = clone.commit_files(theirs, combined.files, message, merging=local)
        if not clone.push(target):
            return False
    else:
        target = theirs  # the merge is the remote's state: take it as it is
    changes = combined.changes
    clone.set_pending(target)
    result.received = count(c for c in changes if c.id not in combined.notes)
    result.change = apply(store, changes, f"synced with {remote_label(result.remote)}")
    clone.set_head(target)
    clone.set_pending(None)
    return _done(clone, result, target)


def _done(clone: Clone, result: SyncResult, head: str) -> bool:
    if clone.view != head:
        clone.show_head()
    result.commit = head
    result.at = now()
    return True


def _commit_local(clone: Clone, store: Store, version: int) -> str:
    """Commit what changed in the store on `main` (if anything did); returns `main` after."""
    head = clone.head()
    exported = export(store, clone.export_keys(head))
    meta = layout.meta_bytes(version)
    if head is not None and not exported.files and clone.meta_blob(head) == layout.blob_id(meta):
        clone.set_pending(None)  # nothing changed here since the last sync
        clone.save_export_keys(head, exported.keys)
        return head
    files = {**exported.files, layout.META: meta}
    known = clone.blobs(head)
    changes: dict[str, bytes | str | None] = {}
    for path, raw in files.items():
        if raw is None:
            if path in known:
                changes[path] = None
        elif known.get(path) != layout.blob_id(raw):
            changes[path] = raw
    if head is not None and not changes:
        clone.set_pending(None)
        clone.save_export_keys(head, exported.keys)
        return head
    commit, tree = clone.commit_files(head, changes, _local_message(clone, changes))
    pending = clone.pending()
    if pending is not None and clone.tree(pending) == tree and (head is None or clone.is_ancestor(head, pending)):
        commit = pending  # a sync applied this merge to the store, then stopped: resume there
    clone.set_pending(None)
    clone.set_head(commit)
    clone.save_export_keys(commit, exported.keys)
    return commit


def _check_remote(clone: Clone, rev: str, version: int, remote: str) -> None:
    found = layout.read_meta(clone.read(rev, [layout.META])[layout.META], remote)
    if found is None:
        raise SyncError(f"{remote} is not a trustboard store (its main branch has "
                        "no trustboard data); nothing was changed")
    if found > version:
        raise SyncError(f"{remote} was written by a newer trustboard (schema {found}; "
                        f"this one has {version}): upgrade trustboard here, then sync; nothing was changed")


def _counted_between(clone: Clone, older: str, newer: str) -> Counter[str]:
    """How many records `newer` changes relative to `older` (what a push of it sends):
    only the files whose versions differ are read."""
    before, after = clone.blobs(older), clone.blobs(newer)
    paths = [p for p in sorted({*before, *after} - {layout.META}) if before.get(p) != after.get(p)]
    return count(differences(clone.records(older, paths, "the remote"), clone.records(newer, paths, "this store")))


def _local_message(clone: Clone, changes: dict[str, bytes | str | None]) -> str:
    shards = sum(1 for p in changes if p != layout.META)
    return f"{clone.machine}: {plural(shards, 'shard')} changed"


def _merge_message(result: SyncResult, conflicts: list[Conflict]) -> str:
    lines = [f"merge {result.source} into {result.machine}"]
    lines += [f"conflict: {c.describe()}" for c in conflicts]
    return "\n\n".join([lines[0], "\n".join(lines[1:])]) if len(lines) > 1 else lines[0]
