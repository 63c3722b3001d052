"""A log into an interaction shard, worked on the shard's bytes instead of its parse.

A first log into a shard of a thousand interactions used to parse and shape-check all
of it (most of the change's CPU) only to put one record at its end and to find the
contact's newest time. When the shard's bytes are known good and exactly `files.dumps`
of its tables — this process's own, as cached, or a version whose digest `sums`
records — a transaction works on those bytes (`Appending`): a new record's id is known
absent when `"<id>":` is nowhere in them, the contact's times are read from its
records' starts (`"<id>":{"id":"<id>","contact_id":"<contact>","at":"<time>"`), and the
new file is the old bytes with the new records put before the closing `}}`
(`transaction_append.appended`), byte for byte what encoding the whole table gives.
Anything else (a record replaced or removed, a record not laid out just so, a reader
of the whole table) parses the bytes after all (`Transaction._unappend`), without a
second check.

Why the bytes can be searched: inside a JSON string every `"` is escaped, so `"x":` and
`"contact_id":"…"` can only be the file's own structure, never text in a summary.
"""

from __future__ import annotations

import re
from typing import Any

from board.store import transaction_append, transaction_splice
from board.store.files import read_with_key
from board.store.layout import INTERACTIONS, Tables
from board.store.shards import ShardCache
from board.store.transaction_append import HEAD, TAIL, Appended, finished, tail_state

PLAIN_ID = re.compile(transaction_splice.PLAIN_ID.pattern.encode())  # the same ids, as bytes
RECORD_HEAD = b'{"id":"'
OWNER = b'"contact_id":"'
AT = b',"at":"'  # right after a record's owner, as `to_dict` orders its fields

Doc = dict[str, Any]


def appendable(cache: ShardCache, rel: str) -> Appending | None:
    """The shard's bytes to log into without parsing them, if they are known good and
    canonical (under the exclusive lock: nobody else writes); None: read it as before."""
    entry = cache.cached(rel)
    if entry is not None:
        entry = cache.entry(rel)[0]  # re-checked by stat key (and by bytes while racy)
        if entry.canonical and entry.key is not None:
            raw = cache.bytes_of(rel, entry)
            if raw is not None:
                tail = entry.tail if entry.tail is not None else tail_state(raw)
                return Appending.of(raw, tail, entry.data if entry.held else None)
            return None
        if entry.held:  # parsed and checked already: as before, with its records at hand
            return None
    recorded = cache.sums.recorded(rel)
    if recorded is None and not cache.let_go_of(rel):
        return None  # (nothing to compare its bytes with: not worth reading them)
    found = read_with_key(cache.path(rel))
    if found is None:
        return None
    key, raw = found
    ours = cache.ours(rel, key)
    if ours is None and recorded is None:
        return None
    tail = tail_state(raw)  # (the journal needs the new bytes' digest: it goes on from this)
    found_digest = finished(tail)
    if ours in (b"", found_digest) or recorded == found_digest.hex():
        return Appending.of(raw, tail, None)
    return None


class Appending:
    """One interaction shard's trusted bytes, with the new records a transaction put."""

    __slots__ = ("raw", "tail", "base", "puts", "_absent")

    def __init__(self, raw: bytes, tail: Any, base: Tables | None) -> None:
        self.raw = raw
        self.tail = tail  # the digest state of `raw` but its closing `}}`
        self.base = base  # its tables, when already parsed (kept parsed after the change)
        self.puts: dict[str, Doc] = {}  # the records added, in order
        self._absent: set[str] = set()  # ids found nowhere in `raw` (each search reads it all)

    @classmethod
    def of(cls, raw: bytes, tail: Any, base: Tables | None) -> Appending | None:
        if not (raw.startswith(HEAD) and raw.endswith(TAIL)):
            return None
        if base is not None and list(base) != [INTERACTIONS]:
            return None
        return cls(raw, tail, base)

    def get(self, doc_id: str) -> tuple[bool, Doc | None]:
        """(True, the record or None if absent) when known without parsing; else (False, None)."""
        if doc_id in self.puts:
            return True, self.puts[doc_id]
        if self.base is not None:
            return True, self.base[INTERACTIONS].get(doc_id)
        if doc_id in self._absent:
            return True, None
        encoded = doc_id.encode()
        if PLAIN_ID.fullmatch(encoded) and b'"' + encoded + b'":' not in self.raw:
            self._absent.add(doc_id)
            return True, None
        return False, None

    def put(self, doc_id: str, doc: Doc | None) -> bool:
        """Add a record absent from the bytes (or replace one added); False if it cannot."""
        if doc is None:
            return False
        if doc_id not in self.puts:
            known, old = self.get(doc_id)
            if not known or old is not None:
                return False
        self.puts.pop(doc_id, None)
        self.puts[doc_id] = doc
        return True

    def appended(self, new_ids: set[str]) -> Appended | None:
        """The shard's new bytes, if the change added exactly the records put here."""
        if set(self.puts) != new_ids:
            return None
        if self.base is None:
            return transaction_append.appended(self.raw, None, self.tail, {INTERACTIONS: self.puts}, list(self.puts))
        records = self.base[INTERACTIONS]
        table = {**records, **{doc_id: dict(doc) for doc_id, doc in self.puts.items()}}
        return transaction_append.appended(self.raw, records, self.tail, {INTERACTIONS: table}, list(self.puts))

    def times(self, wanted: set[str]) -> list[tuple[str, Any, Any]] | None:
        """(contact id, time as stored, record id) of every record of these contacts;
        None if a record of theirs is not laid out as this version writes it."""
        found: list[tuple[str, Any, Any]] = []
        if self.base is not None:
            found = [(d["contact_id"], d["at"], key) for key, d in self.base[INTERACTIONS].items()
                     if d["contact_id"] in wanted]
        else:
            for cid in wanted:
                times = self._times_of(cid)
                if times is None:
                    return None
                found.extend(times)
        found.extend((d["contact_id"], d["at"], key) for key, d in self.puts.items() if d["contact_id"] in wanted)
        return found

    def _times_of(self, contact_id: str) -> list[tuple[str, Any, Any]] | None:
        encoded = contact_id.encode()
        if not PLAIN_ID.fullmatch(encoded):
            return None
        # Every record of theirs holds `"contact_id":"<id>"`: each one found must be read here.
        raw, owner = self.raw, OWNER + encoded + b'"'
        found: list[tuple[str, Any, Any]] = []
        at = raw.find(owner)
        while at >= 0:
            start = raw.rfind(RECORD_HEAD, 0, at)
            record_id = raw[start + len(RECORD_HEAD) : at - 2]
            key = b'"' + record_id + b'":'
            begin = at + len(owner) + len(AT)
            end = raw.find(b'"', begin)
            text = raw[begin:end]
            if (start <= len(key) or raw[at - 2 : at] != b'",' or not PLAIN_ID.fullmatch(record_id)
                    or raw[start - len(key) : start] != key or raw[start - len(key) - 1] not in b"{,"
                    or not raw.startswith(AT, at + len(owner)) or end < 0 or b"\\" in text):
                return None
            found.append((contact_id, text.decode(), record_id.decode()))
            at = raw.find(owner, end)
        return found
