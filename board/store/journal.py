"""Writing several files so that all or none of them take effect.

One change rewrites only the file(s) it touches. A change touching one file replaces
it atomically. A change touching several:

1. writes each new file as a temporary file beside its target, fsynced (and the
   folders holding them), so nothing live has changed yet;
2. writes `journal.json` naming each temporary file, its target and a digest of its
   bytes, plus the files to remove. Its atomic rename is the commit point: a journal
   exists only for a change whose every new byte is already on disk;
3. renames the temporary files over their targets, removes what is to go, fsyncs the
   folders, and deletes the journal.

A failure before the commit point (a full disk, say) removes the temporary files: the
store is byte-identical, and nothing is applied later. A crash after it leaves a
journal that the next reader or writer finishes (`recover`), so a crash at any instant
leaves the old or the new state. Journals of older versions, holding the files' whole
contents, are finished too.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import orjson

from board.errors import DataError
from board.store import codec, files
from board.store.files import digest, dumps, ensure_dir, fsync_dir, key_of, unlink_quietly
from board.store.layout import (
    DATA_FILE_RE,
    INTERACTIONS,
    JOURNAL_FILE,
    LEGACY_FILE,
    SHARD_RE,
    Tables,
    is_interactions,
)
from board.store.shards import ShardCache
from board.store.transaction_append import TAIL, Appended, finished, tail_state
from board.store.transaction_splice import Spliced

JOURNAL_VERSION = 2


def commit(
    root: Path, changed: dict[str, Tables | Spliced | Appended | None], cache: ShardCache,
    records: dict[str, set[str]] | None = None, unsound: set[str] | frozenset[str] = frozenset(),
) -> None:
    """Write these files (relative path → new tables, or bytes spliced or appended; None:
    remove it), all or none.

    `records` names, per file, the records the change touched (so the cache rebuilds
    only those). Each interaction shard written from records known good (all but those
    `unsound`: a record put failed the shape check), in the one encoding, has its digest
    noted in `cache.sums`, so that a log, here or in the next trustboard, appends to it.
    """
    payloads = {rel: data.payload if isinstance(data, Spliced | Appended) else dumps(data)
                for rel, data in changed.items() if data is not None}
    removals = sorted(rel for rel, data in changed.items() if data is None)
    touched = records or {}
    cache.unsound |= unsound  # (its later versions hold that record too: never vouched for)
    unsound = cache.unsound
    tails: dict[str, Any] = {}
    sums: dict[str, bytes] = {}
    journaled = len(payloads) > 1 or bool(removals)  # the journal names their digests
    for rel, payload in payloads.items():
        data = changed[rel]
        if isinstance(data, Appended):  # its digest goes on from the old bytes'
            tails[rel] = data.tail
        elif is_interactions(rel) and payload.endswith(TAIL) and (journaled or _sound(rel, data, unsound)):
            tails[rel] = tail_state(payload)  # for the next log to go on from
        if journaled:
            sums[rel] = finished(tails[rel]) if rel in tails else digest(payload)
    if journaled:
        replace_files(root, payloads, removals, sums)
    for rel, payload in payloads.items():
        data = changed[rel]
        key = key_of(files.write_atomic(root / rel, payload) if not sums else os.stat(root / rel))
        if isinstance(data, Spliced):
            cache.wrote(rel, key, None, payload, sums.get(rel), spliced=data.puts)
        elif isinstance(data, Appended) and data.tables is None:
            cache.wrote_unparsed(rel, key, payload, sums.get(rel), tails[rel])
        elif isinstance(data, Appended):
            cache.wrote(rel, key, data.tables, payload, sums.get(rel), touched.get(rel), tail=tails.get(rel))
        else:
            cache.wrote(rel, key, data or {}, payload, sums.get(rel), touched.get(rel), tail=tails.get(rel))
        if rel in tails and _sound(rel, data, unsound):
            cache.sums.note(rel, sums.get(rel) or finished(tails[rel]))
    for rel in removals:
        cache.forget(rel)


def _sound(rel: str, data: Tables | Spliced | Appended | None, unsound: set[str] | frozenset[str]) -> bool:
    """True for an interaction shard's new version made of records known good, in the one
    encoding of its interactions alone (its base was checked when read: `shards`)."""
    return is_interactions(rel) and rel not in unsound and (
        isinstance(data, Appended) or (isinstance(data, dict) and list(data) == [INTERACTIONS]))


def replace_files(
    root: Path, payloads: dict[str, bytes] | Iterable[tuple[str, bytes]], removals: list[str],
    sums: dict[str, bytes] | None = None,
) -> None:
    """Give these files these bytes and remove those, all or none, through the journal.

    `payloads` may be produced one file at a time (a migration of a large store): each
    is written to its temporary file at once, so they are never all in memory together.
    """
    temps: dict[str, Path] = {}
    entries: dict[str, dict[str, str]] = {}
    journal = root / JOURNAL_FILE
    try:
        for rel, payload in (payloads.items() if isinstance(payloads, dict) else payloads):
            try:
                temps[rel] = files.write_temp(root / rel, payload)
            except FileNotFoundError:  # its folder is missing: made, then written
                ensure_dir((root / rel).parent)
                temps[rel] = files.write_temp(root / rel, payload)
            entries[rel] = {"temp": temps[rel].name, "digest": (sums or {}).get(rel, b"").hex()
                            or digest(payload).hex()}
        for folder in {path.parent for path in temps.values()}:
            fsync_dir(folder)  # the journal must never name a temporary file a crash could lose
        body = {"version": JOURNAL_VERSION, "renames": entries, "removes": removals}
        files.write_atomic(journal, dumps(body))
    except BaseException:
        unlink_quietly(journal)  # if its rename happened before the failure: nothing committed
        for path in temps.values():
            unlink_quietly(path)
        raise
    try:
        _finish(root, {rel: path.name for rel, path in temps.items()}, removals)
    except OSError as exc:
        raise DataError(
            f"{root}: the file system failed in the middle of a change ({exc.strerror}); "
            "it was written whole to journal.json and will be completed the next time "
            "trustboard opens this data", path=journal,
        ) from None


def _finish(root: Path, renames: dict[str, str], removals: list[str]) -> None:
    """Rename each named temporary file over its target, remove the rest, drop the journal."""
    base = str(root)
    dirs: dict[str, None] = {}  # (in order: each folder fsynced once)
    for rel, temp in renames.items():
        target = os.path.join(base, rel)
        folder = os.path.dirname(target)
        try:
            os.replace(os.path.join(folder, temp), target)
        except FileNotFoundError:  # renamed already (a journal finished again after a crash)
            pass
        dirs[folder] = None
    for rel in removals:
        target = os.path.join(base, rel)
        unlink_quietly(Path(target))
        dirs[os.path.dirname(target)] = None
    for folder in dirs:
        fsync_dir(folder)
    os.unlink(os.path.join(base, JOURNAL_FILE))
    fsync_dir(base)


def recover(root: Path, cache: ShardCache) -> bool:
    """Finish a multi-file change that a crash interrupted; True if there was one."""
    found = files.read_with_key(os.path.join(root, JOURNAL_FILE))
    if found is None:
        return False
    raw = found[1]
    damaged = cache.damaged
    try:
        body = orjson.loads(raw)
        if not isinstance(body, dict):
            raise TypeError("not an object")
    except (orjson.JSONDecodeError, TypeError) as exc:
        raise damaged(JOURNAL_FILE, f"it is not a valid change journal ({exc})") from None
    if "renames" in body:
        renames, removals = _checked(root, body, cache)
    else:
        renames, removals = _from_contents(root, body, cache), []
    _finish(root, renames, removals)
    for rel in [*renames, *removals]:
        cache.forget(rel)
    return True


def _checked(root: Path, body: dict[str, Any], cache: ShardCache) -> tuple[dict[str, str], list[str]]:
    """A journal of this version, checked: {target: temporary file}, files to remove."""
    damaged = cache.damaged
    entries, removals = body.get("renames"), body.get("removes", [])
    if not isinstance(entries, dict) or not isinstance(removals, list) or not (entries or removals):
        raise damaged(JOURNAL_FILE, "it lists no files")
    renames: dict[str, str] = {}
    for rel in [*entries, *removals]:
        if not isinstance(rel, str) or not DATA_FILE_RE.match(rel):
            raise damaged(JOURNAL_FILE, f"it names an unexpected file {rel!r}")
    for rel, entry in entries.items():
        temp = entry.get("temp") if isinstance(entry, dict) else None
        name = Path(rel).name
        if not isinstance(temp, str) or "/" in temp or not temp.startswith(f".{name}."):
            raise damaged(JOURNAL_FILE, f"its entry for {rel} names no temporary file")
        source = (root / rel).parent / temp
        if source.exists():
            raw = source.read_bytes()
            if digest(raw).hex() != entry.get("digest"):
                raise damaged(JOURNAL_FILE, f"the new copy of {rel} ({source.name}) does not match it")
            problem = codec.shape_problem(rel, orjson.loads(raw)) if rel != LEGACY_FILE else None
            if problem:
                raise damaged(JOURNAL_FILE, f"the new copy of {rel}: {problem}")
        elif not (root / rel).exists():
            raise damaged(JOURNAL_FILE, f"the new copy of {rel} ({temp}) is missing")
        renames[rel] = temp
    return renames, [str(r) for r in removals]


def _from_contents(root: Path, body: dict[str, Any], cache: ShardCache) -> dict[str, str]:
    """An older journal holding whole files: write each as a temporary file to rename."""
    damaged = cache.damaged
    listed = body.get("files")
    if not isinstance(listed, dict) or not listed:
        raise damaged(JOURNAL_FILE, "it lists no files")
    for rel, data in listed.items():
        if not isinstance(rel, str) or not SHARD_RE.match(rel):
            raise damaged(JOURNAL_FILE, f"it names an unexpected file {rel!r}")
        problem = codec.shape_problem(rel, data)
        if problem:
            raise damaged(JOURNAL_FILE, f"its copy of {rel}: {problem}")
    renames: dict[str, str] = {}
    for rel, data in listed.items():
        target = root / rel
        ensure_dir(target.parent)
        renames[rel] = files.write_temp(target, dumps(data)).name
    for folder in {(root / rel).parent for rel in listed}:
        fsync_dir(folder)
    return renames


def live_temps(root: Path) -> frozenset[str]:
    """The temporary files a journal on disk still needs (never cleaned as stale)."""
    try:
        body = orjson.loads((root / JOURNAL_FILE).read_bytes())
        return frozenset(e["temp"] for e in body["renames"].values())
    except (OSError, orjson.JSONDecodeError, KeyError, TypeError, AttributeError):
        return frozenset()


