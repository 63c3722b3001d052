"""The parsed-file cache and the TinyDB adapter every shard is read and written through.

Parsed files are cached and reused while their (inode, size, mtime_ns) are
unchanged, which is also how another process's change is noticed. A file written
within the last two seconds could be replaced by one with the very same key, so such
"racy" entries are also checked against their bytes (or a digest of them) until they
age. Interaction shards are many and read on demand: the least recently used go. A
transaction reads through this cache (`transaction_tables`) and writes through `journal`.
"""

from __future__ import annotations

import os
from collections import OrderedDict
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any, cast

import orjson

from board.errors import DataError
from board.model import Contact
from board.store import codec
from board.store.files import StatKey, digest, no_gc, racy, read_with_key, stat_key
from board.store.layout import CONTACTS, INTERACTIONS, Tables, is_interactions
from board.store.shard_entry import PENDING, Entry
from board.store.shard_records import ShardRecords
from board.store.sums import CheckedSums
from board.store.transaction_append import finished, tail_state
from board.store.transaction_splice import canonical_contacts, is_contacts_only

INTERACTION_SHARDS_CACHED = 32  # parsed interaction shards kept (least recently used go)
# ... and no more of them than this many bytes of files (a parse holds about three times its
# file's size): a board's shards grow with it, 0.3 MB each at 30,000 contacts, 1.1 MB at
# 100,000, where 32 of them held over 100 MiB. At least the last few stay, however large.
INTERACTION_BYTES_CACHED = 10 * 2**20
INTERACTION_SHARDS_KEPT = 4
WRITTEN_PARSES_HELD = 8  # contact shards this process wrote whose records stay parsed (the latest)
WRITTEN_BYTES_HELD = 4  # files this process read or wrote last whose bytes are kept while racy
RACY_BYTES_HELD = 8 << 20  # and of older ones still racy, up to this many bytes (see `_hold_bytes`)

Damaged = Callable[[str, str], DataError]


class ShardCache(ShardRecords):
    """Parsed data files of one directory, re-read only when their stat key changes."""

    def __init__(self, root: Path, damaged: Damaged, clock: Callable[[], datetime]) -> None:
        self.root = root
        self.damaged = damaged  # builds the "cannot be read" error for a file
        self.clock = clock
        self.notes: dict[str, None] = {}  # values read out of range (see `bounds`), in order
        self.files: dict[str, Entry] = {}  # meta and contact shards
        self.alone: OrderedDict[str, tuple[Entry, Contact | None]] = OrderedDict()  # `one_contact`
        self.ifiles: OrderedDict[str, Entry] = OrderedDict()  # interaction shards (LRU)
        self._paths: dict[str, str] = {}
        # The contact shards written last keep their records: the next change is most
        # likely to the same people, and it then reads them without parsing again.
        self._held: OrderedDict[str, None] = OrderedDict()
        self._bytes_held: OrderedDict[str, Entry] = OrderedDict()  # see `Entry.same_bytes`
        self._parked: OrderedDict[str, tuple[Entry, int]] = OrderedDict()  # see `_hold_bytes`
        self._parked_bytes = 0
        # The version (stat key) of each file whose shape was last checked, kept after its
        # parse leaves the cache: reading that very version again needs no second check
        # (checking costs more than parsing; Today rereads many interaction files).
        self._checked: dict[str, StatKey] = {}
        # Interaction shards this process wrote (or read and found so), let go of by the cache:
        # the key and digest of those very bytes (None: a key old enough to trust). Read
        # again as they are, they need no shape check, and a log appends to them.
        self._ours: dict[str, tuple[StatKey, bytes | None]] = {}
        self._last_read: tuple[Entry, bytes] | None = None  # the interaction shard read last
        self.sums = CheckedSums(root)  # digests of interaction shards known good (`appending`)
        self.unsound: set[str] = set()  # interaction shards written with a record of a bad shape
        self.unseen = False  # a shard another process changed was loaded since `Store.refresh`
        self._changed: set[str] | None = set()  # `files` entries changed since (`take_changed`)

    def path(self, rel: str) -> str:
        """The file's path as a string (cached: this is on every read's hot path)."""
        found = self._paths.get(rel)
        if found is None:
            found = self._paths[rel] = os.path.join(self.root, rel)
        return found

    def decode(self, rel: str, raw: bytes) -> Tables:
        """Parse and shape-check a data file's bytes (DataError naming it if damaged)."""
        data = self._parse(rel, raw)
        problem = codec.shape_problem(rel, data)
        if problem:
            raise self.damaged(rel, problem)
        return data

    def _parse(self, rel: str, raw: bytes) -> Any:
        if not raw.strip():
            raise self.damaged(rel, "it is empty")
        try:
            return orjson.loads(raw)
        except orjson.JSONDecodeError as exc:
            raise self.damaged(rel, f"it is not valid JSON ({exc})") from None

    def _decode_version(self, rel: str, key: StatKey, raw: bytes, is_racy: bool) -> Tables:
        """`decode`, skipping the shape check of a version already checked (not racy)."""
        if not is_racy and self._checked.get(rel) == key:
            return cast(Tables, self._parse(rel, raw))
        data = self.decode(rel, raw)
        if not is_racy:
            self._checked[rel] = key
        return data

    def cached(self, rel: str) -> Entry | None:
        """The entry as cached, without checking the file (None if never loaded)."""
        return (self.ifiles if is_interactions(rel) else self.files).get(rel)

    def entry(self, rel: str) -> tuple[Entry, bool]:
        """The cached parse of a file, re-read if it changed; True if it was (re)loaded."""
        cache = self.ifiles if is_interactions(rel) else self.files
        old = cache.get(rel)
        path = self.path(rel)
        key = stat_key(path)
        if old is not None and old.key == key and old.digest is None:
            entry, loaded = old, False
        elif key is None:
            entry, loaded = Entry(None, {}), old is not None
        else:
            found = read_with_key(path)
            if found is None:  # removed between stat and open
                entry, loaded = Entry(None, {}), old is not None
            else:
                key, raw = found
                is_racy = racy(key)
                if old is not None and old.key == key and old.same_bytes(raw):
                    entry, loaded = old, False
                    if not is_racy:
                        old.trusted()
                else:
                    ours, tail = self._ours_again(rel, key, raw) if cache is self.ifiles else (False, None)
                    with no_gc():
                        # Exactly the bytes this process wrote (from checked records): parsed only.
                        data = cast(Tables, self._parse(rel, raw)) if ours else self._decode_version(
                            rel, key, raw, is_racy)
                        entry = Entry(key, data)
                        entry.canonical = ours or canonical_contacts(rel, data, raw)
                        entry.tail = tail
                    if cache is self.ifiles:
                        self._last_read = (entry, raw)
                    if is_racy:  # its bytes kept for the next look, digested only if pushed out
                        self._hold_bytes(rel, entry, raw)
                    loaded = True
                    # Picked up inside a transaction, say: the next refresh must still report it.
                    self.unseen = self.unseen or (old is not None and cache is self.files)
        self._keep(rel, entry)
        return entry, loaded

    def _ours_again(self, rel: str, key: StatKey, raw: bytes) -> tuple[bool, Any]:
        """(True, the digest state of its bytes but the closing `}}` or None) if `raw`, read at
        `key`, are the bytes of an interaction shard this process let go of (`_let_go`)."""
        known = self._ours.pop(rel, None)
        if known is None or known[0] != key:
            return False, None
        if known[1] is None:  # (a key trusted once stays so: its time only grows older)
            return True, None
        state = tail_state(raw)
        return (True, state) if finished(state) == known[1] else (False, None)

    def let_go_of(self, rel: str) -> bool:
        """True if this process let go of a version of this shard it knew (`_let_go`)."""
        return rel in self._ours

    def ours(self, rel: str, key: StatKey) -> bytes | None:
        """The digest of the bytes of a shard this process let go of, if it had this key
        (b"": a key old enough to trust); None if it was not let go of at this key."""
        known = self._ours.get(rel)
        if known is None or known[0] != key:
            return None
        return known[1] if known[1] is not None else b""

    def _let_go(self, rel: str, entry: Entry) -> None:
        """An interaction shard leaves the cache: if its bytes are this process's encoding,
        their key and digest are kept (`_ours_again`)."""
        if not entry.canonical or entry.key is None:
            return
        if entry.digest is None:
            self._ours[rel] = (entry.key, None)
        elif entry.tail is not None:
            self._ours[rel] = (entry.key, finished(entry.tail))
        elif entry.digest != PENDING:
            self._ours[rel] = (entry.key, entry.digest)

    def reread(self, rel: str, entry: Entry) -> Tables:
        """The records of the version of a file that `entry` was parsed from, parsed again
        (not kept); if the file has moved on since, its current version's."""
        found = read_with_key(self.path(rel))
        if found is not None and found[0] == entry.key and entry.same_bytes(found[1]):
            if is_interactions(rel):  # logged into unparsed (`wrote_unparsed`): its bytes are ours
                entry.parsed(self.parse_known(rel, found[1]))
                return entry.data
            with no_gc():
                return self._decode_version(rel, found[0], found[1], racy(found[0]))
        return self.entry(rel)[0].data

    def current_bytes(self, rel: str, entry: Entry) -> bytes | None:
        """The file's bytes if it is still the version `entry` was parsed from (else None)."""
        found = read_with_key(self.path(rel))
        if found is not None and found[0] == entry.key and entry.same_bytes(found[1]):
            return found[1]
        return None

    def bytes_of(self, rel: str, entry: Entry) -> bytes | None:
        """The bytes `entry` was read or written as: held, or read again if still that version."""
        if entry._raw is not None:
            return entry._raw
        last = self._last_read
        return last[1] if last is not None and last[0] is entry else self.current_bytes(rel, entry)

    def parse_known(self, rel: str, raw: bytes) -> Tables:
        """The tables of bytes `current_bytes` gave (a version already checked)."""
        with no_gc():
            return cast(Tables, self._parse(rel, raw))

    def wrote(
        self, rel: str, key: StatKey, data: Tables | None, payload: bytes,
        payload_digest: bytes | None = None, changed: set[str] | None = None,
        spliced: dict[str, dict[str, Any] | None] | None = None, tail: Any = None,
    ) -> None:
        """Record what this process just wrote (its bytes are known good; `tail`: the digest
        state of an interaction shard's bytes but the last two, see `transaction_append`).

        `data` is the file's new tables, or None when the change spliced its records
        into the old bytes (`spliced`: the records it put, None for those it removed):
        the contacts are then updated from those, and the tables read again if asked for.
        While racy, its bytes are checked on the next look (`_hold_bytes`, or `payload_digest`).

        The contacts already built for the shard's previous version are kept, all but
        the `changed` ones, which are built again: a move rebuilds one contact, not its
        whole shard. When most of the shard changed (an import), none is built now: they
        are built when first asked for, as after a read.
        """
        entry = Entry(key, data if data is not None else {}, payload_digest)
        if racy(key):
            self._hold_bytes(rel, entry, payload)
        elif payload_digest is None:
            entry.digest = digest(payload)  # checked once more on the next look, as any write
        old = self.files.get(rel)
        if data is None:
            entry.canonical = True  # spliced from a canonical version
            if old is None or old.contacts is None or spliced is None:
                self.forget(rel)  # read again when next needed
                return
            changed, docs = set(spliced), {c: d for c, d in spliced.items() if d is not None}
            if old.key is not None and self._checked.get(rel) == old.key and not codec.shape_problem(rel, {CONTACTS: docs}):
                # Records of a checked version and records put, checked now: a reread (the name
                # index's, once it ages) parses it without checking every record again.
                self._checked[rel] = key
        else:
            entry.canonical = is_contacts_only(rel, data) or (is_interactions(rel) and list(data) == [INTERACTIONS])
            entry.tail = tail
            docs = data.get(CONTACTS, {})
        if (changed is not None and old is not None and old.contacts is not None
                and (data is None or 2 * len(changed) <= len(old.contacts))):
            built = dict(old.contacts)
            bounds = self.bounds()
            for cid in changed:
                doc = docs.get(cid)
                if doc is None:
                    built.pop(cid, None)
                else:
                    built[cid] = self.build_contact(rel, doc, bounds)
            entry.contacts = built
            if data is None:
                entry.let_go(self, rel)
            else:
                self._hold(rel)
        elif data is None:
            self.forget(rel)
            return
        self._keep(rel, entry)

    def wrote_unparsed(self, rel: str, key: StatKey, payload: bytes, payload_digest: bytes | None,
                       tail: Any) -> None:
        """Record an interaction shard this process just wrote by appending to bytes it did
        not parse (`appending`): parsed only if a reader asks for its tables."""
        entry = Entry(key, {}, payload_digest)
        entry.canonical, entry.tail = True, tail
        entry.unparsed(self, rel)
        if racy(key):
            self._hold_bytes(rel, entry, payload)
        elif payload_digest is None:
            entry.digest = digest(payload)
        self._keep(rel, entry)

    def _hold_bytes(self, rel: str, entry: Entry, raw: bytes) -> None:
        """Keep a racy entry's bytes for its next look (`Entry.same_bytes`); beyond the last
        few files read or written, a digest (so one person's log digests none of its reads).
        One pushed out while still racy is parked instead, its bytes kept while the parked
        are few (`RACY_BYTES_HELD`), until it ages: a burst of changes to many shards then
        digests none of them (a fifth of a move's CPU)."""
        entry.hold_bytes(raw)
        self._bytes_held.pop(rel, None)
        self._unpark(rel)
        self._bytes_held[rel] = entry
        while len(self._bytes_held) > WRITTEN_BYTES_HELD:
            old_rel, old = self._bytes_held.popitem(last=False)
            if old._raw is not None and old.key is not None and racy(old.key):
                self._parked[old_rel] = (old, len(old._raw))
                self._parked_bytes += len(old._raw)
            else:
                self._push_out(old_rel, old)
        while self._parked:  # (parked in the order written: the oldest age first)
            old_rel, (old, size) = next(iter(self._parked.items()))
            if self._parked_bytes <= RACY_BYTES_HELD and old.key is not None and racy(old.key):
                break
            self._unpark(old_rel)
            self._push_out(old_rel, old)

    def _unpark(self, rel: str) -> None:
        found = self._parked.pop(rel, None)
        if found is not None:
            self._parked_bytes -= found[1]

    def _push_out(self, rel: str, old: Entry) -> None:
        if old._raw is not None and old.key is not None and not racy(old.key):
            # Old enough now: compared with the file once, as its next look would, and
            # trusted if unchanged (a fifth of digesting it).
            found = read_with_key(self.path(rel))
            if found is not None and found[0] == old.key and found[1] == old._raw:
                old.trusted()
                return
        old.drop_bytes()

    def _hold(self, rel: str) -> None:
        """Keep the records of a shard just written; let go of the oldest held beyond the bound."""
        self._held[rel] = None
        self._held.move_to_end(rel)
        while len(self._held) > WRITTEN_PARSES_HELD:
            old, _ = self._held.popitem(last=False)
            entry = self.files.get(old)
            if entry is not None:
                entry.let_go(self, old)

    def take_changed(self) -> set[str] | None:
        """The files whose `files` entry was put, replaced or dropped since the last call
        (None: maybe all); `vouched` classifies again only those."""
        changed, self._changed = self._changed, set()
        return changed

    def forget(self, rel: str) -> None:
        self._bytes_held.pop(rel, None)
        self._unpark(rel)
        if self.files.pop(rel, None) is not None and self._changed is not None:
            self._changed.add(rel)
        self.ifiles.pop(rel, None)
        self._checked.pop(rel, None)
        self._ours.pop(rel, None)
        self._last_read = None

    def forget_all(self) -> None:
        self._bytes_held.clear()
        self._parked.clear()
        self._parked_bytes = 0
        self.files.clear()
        self._changed = None
        self.ifiles.clear()
        self._checked.clear()
        self._ours.clear()
        self._last_read = None

    def _keep(self, rel: str, entry: Entry) -> None:
        if is_interactions(rel):
            self.ifiles[rel] = entry
            self.ifiles.move_to_end(rel)
            self._ours.pop(rel, None)
            # Only parses weigh: a shard logged into unparsed (`wrote_unparsed`) holds none, and
            # letting a parse go for it cost the log the parse's freeing (a tenth of its CPU).
            held = sum(kept.key[1] for kept in self.ifiles.values() if kept.key is not None and kept.held)
            while len(self.ifiles) > INTERACTION_SHARDS_CACHED or (
                held > INTERACTION_BYTES_CACHED and len(self.ifiles) > INTERACTION_SHARDS_KEPT
            ):
                gone, old = self.ifiles.popitem(last=False)
                held -= old.key[1] if old.key is not None and old.held else 0
                self._let_go(gone, old)
        elif self.files.get(rel) is not entry:
            self.files[rel] = entry
            if self._changed is not None:
                self._changed.add(rel)

    def tables(self, rel: str) -> Tables:
        return self.entry(rel)[0].data

    def known_good(self, rel: str, key: StatKey, raw: bytes) -> bool:
        """True if this exact version of a file was parsed and checked by this process."""
        entry = self.cached(rel)
        if entry is None or entry.key != key or not entry.same_bytes(raw):
            return False
        if not racy(key):  # old enough now, and the same bytes: trusted, as `entry` would
            entry.trusted()
        return True
