"""Two commits' data combined shard by shard: the merged tree, the store's changes, the counts.

Only the shards either side changed since the merge base take part, and each is
handled at the least cost that gives the merge's answer:

- changed on one side only: that side's files are the result, taken by blob id (no
  parsing, no re-encoding), and only the files whose versions differ are parsed, to
  count the records and to change the store;
- changed on both sides: parsed (each distinct blob once) and merged record by record
  (`board.sync.merge`), the shard's contacts with their interactions — unless the
  interactions file is the same on all three sides: then it is read only if the merge
  logs a note there (the contacts' derived fields cannot have moved without it).

People added on both machines are then looked for across every shard either side
changed.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from board.sync import layout
from board.sync.clone import Clone
from board.sync.dupes import Duplicate, find_duplicates
from board.sync.merge import Conflict, Merged, Side, merge
from board.sync.records import RecordChange, count, differences

Tables = dict[str, dict[str, Any]]


@dataclass
class Combined:
    files: dict[str, bytes | str | None] = field(default_factory=dict)  # the result's files that
    # differ from theirs: new bytes, an existing blob id, or None (no such file)
    changes: list[RecordChange] = field(default_factory=list)  # ours → the result, for the store
    sent: Counter[str] = field(default_factory=Counter)  # theirs → the result: what they gain
    conflicts: list[Conflict] = field(default_factory=list)
    duplicates: list[Duplicate] = field(default_factory=list)
    notes: set[str] = field(default_factory=set)


class _Blobs:
    """Parsed files by blob id: each distinct version is read and parsed once."""

    def __init__(self, clone: Clone, where: str) -> None:
        self.clone, self.where = clone, where
        self.parsed: dict[tuple[str, str], Tables] = {}

    def load(self, wanted: set[tuple[str, str]]) -> None:
        missing = sorted(w for w in wanted if w not in self.parsed)
        raw = self.clone.git.cat([blob for _, blob in missing])
        for path, blob in missing:
            data = raw.get(blob)
            self.parsed[(path, blob)] = layout.decode(data, path, self.where) if data is not None else {}

    def tables(self, path: str, blob: str | None) -> Tables:
        return self.parsed[(path, blob)] if blob is not None else {}


def _records(blobs: _Blobs, files: dict[str, str | None]) -> layout.Records:
    """One side's records of a group (the same dicts wherever the blob is the same)."""
    out: layout.Records = {}
    for path, blob in files.items():
        out[path.partition("/")[0]] = blobs.tables(path, blob)
    return out


def _merge(blobs: _Blobs, paths: list[str], b: dict[str, str | None], o: dict[str, str | None],
           t: dict[str, str | None], names: tuple[str, str]) -> Merged:
    def side(versions: dict[str, str | None]) -> layout.Records:
        return _records(blobs, {p: versions[p] for p in paths})

    return merge(side(b), Side(side(o), names[0]), Side(side(t), names[1]))


def combine(clone: Clone, base: str | None, ours: str, theirs: str, remote: str) -> Combined:
    """Combine `ours` and `theirs` against `base` (None: two unrelated histories)."""
    trees = [clone.blobs(rev) for rev in (base, ours, theirs)]
    paths = {p for tree in trees for p in tree if p != layout.META}
    groups = {g for p in paths if (g := layout.group_of(p)) and
              (trees[1].get(p) != trees[0].get(p) or trees[2].get(p) != trees[0].get(p))}
    blobs = _Blobs(clone, remote)
    plans = []
    wanted: set[tuple[str, str]] = set()
    for group in sorted(groups):
        files = layout.group_paths([group])
        b, o, t = ({p: tree.get(p) for p in files} for tree in trees)
        if o == t:
            continue
        both = o != b and t != b
        same = {p for p in files if p.startswith("interactions/") and b[p] == o[p] == t[p]}
        for path in files:
            needed = (b[path], o[path], t[path]) if both else (o[path], t[path])
            if (both and path not in same) or o[path] != t[path]:
                wanted.update((path, blob) for blob in needed if blob is not None)
            if path.startswith("contacts/"):  # for people added on both machines
                wanted.update((path, blob) for blob in (b[path], o[path], t[path]) if blob is not None)
        plans.append((files, same, b, o, t, both))
    blobs.load(wanted)
    out = Combined()
    merged_contacts: dict[str, Any] = {}
    sides: list[dict[str, Any]] = [{}, {}, {}]
    names = (clone.machine, clone.machine_of(theirs))
    for files, same, b, o, t, both in plans:
        for side, versions in zip(sides, (b, o, t), strict=True):
            for path, blob in versions.items():
                if path.startswith("contacts/"):
                    side.update(blobs.tables(path, blob))
        if not both:  # one side's files are the answer, as they are
            winner = o if t == b else t
            differing = [p for p in files if o[p] != t[p]]
            mine = _records(blobs, {p: o[p] for p in differing})
            yours = _records(blobs, {p: t[p] for p in differing})
            if winner is o:
                out.files.update({p: o[p] for p in differing})
                out.sent += count(differences(yours, mine))
            else:
                out.changes += differences(mine, yours)
            for path in files:
                if path.startswith("contacts/"):
                    merged_contacts.update(blobs.tables(path, winner[path]))
            continue
        shown = [p for p in files if p not in same]
        result = _merge(blobs, shown, b, o, t, names)
        if result.notes and same:  # a note goes into the unchanged interactions: read them
            blobs.load({(p, v) for p in same if (v := b[p]) is not None})
            shown = files
            result = _merge(blobs, shown, b, o, t, names)
        written = layout.files_of(result.records)
        for path in shown:
            raw = written.get(path)
            if (raw is None and t[path] is not None) or (raw is not None and layout.blob_id(raw) != t[path]):
                out.files[path] = raw
        theirs_records = _records(blobs, {p: t[p] for p in shown})
        ours_records = _records(blobs, {p: o[p] for p in shown})
        out.sent += count(differences(theirs_records, result.records))
        out.changes += differences(ours_records, result.records)
        out.conflicts += result.conflicts
        out.notes |= result.notes
        merged_contacts.update(result.records.get("contacts", {}))
    out.duplicates = find_duplicates(sides[0], sides[1], sides[2], merged_contacts)
    return out
