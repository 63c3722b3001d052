"""Changing a few records of a contact shard without parsing the whole shard again.

A contact shard whose contacts are built keeps no parse (`shards.Entry.let_go`), and a
change to one of its people (a move, an edit, the time a log sets) used to parse all of
it again only to encode it again. When the file is exactly as trustboard encodes it
(`Entry.canonical`: its bytes are `files.dumps` of its tables, its contacts alone), a
record is found in its bytes instead: `"<id>":` followed by the encoding of the contact
built from it, found once, in a file with one record start per contact. The new file is
then the old bytes less the records put, followed by the records put in the order they
were last put: byte for byte what encoding the changed tables gives, since TinyDB puts
a replaced record at the end (a test compares the two on many changes).

Anything else (an id that needs escaping, a record not found just so, a reader of the
whole table) reads the file's tables after all (`Transaction._tables`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import orjson

from board.model import Contact
from board.store import codec
from board.store.files import dumps
from board.store.layout import CONTACT_REL_SET, CONTACTS, Tables

HEAD = b'{"contacts":{'
TAIL = b"}}"
RECORD_START = b'":{"id":"'  # each contact record begins `"<id>":{"id":"<id>"`
PLAIN_ID = re.compile(r"[0-9A-Za-z_-]+")  # ids that JSON writes as they are

Doc = dict[str, Any]


def is_contacts_only(rel: str, data: Tables) -> bool:
    """True for a contact shard whose only table is its contacts."""
    return rel in CONTACT_REL_SET and len(data) == 1 and CONTACTS in data


def canonical_contacts(rel: str, data: Tables, raw: bytes) -> bool:
    """True for a contact shard holding its contacts alone, in exactly the bytes that
    encoding its tables gives (as every file trustboard writes: not one edited by hand).
    Checked when a version is parsed: a twentieth of the parse's cost."""
    return is_contacts_only(rel, data) and dumps(data) == raw


@dataclass(frozen=True, slots=True)
class Spliced:
    """A contact shard's new bytes, made by splicing, and the records put (None: removed)."""

    payload: bytes
    puts: dict[str, Doc | None]


class Splice:
    """One contact shard, as read, with the records a transaction put into it."""

    __slots__ = ("raw", "contacts", "puts", "_spans", "_found", "_starts")

    def __init__(self, raw: bytes, contacts: dict[str, Contact]) -> None:
        self.raw = raw
        self.contacts = contacts  # built from exactly these bytes
        self.puts: dict[str, Doc | None] = {}  # in the order last put
        self._spans: dict[str, tuple[int, int]] = {}  # records of `raw` found
        self._found: dict[str, Doc] = {}  # and as stored
        self._starts: int | None = None  # record starts counted in `raw`

    @classmethod
    def of(cls, raw: bytes, contacts: dict[str, Contact]) -> Splice | None:
        if not (raw.startswith(HEAD) and raw.endswith(TAIL)):
            return None
        return cls(raw, contacts)

    def get(self, doc_id: str) -> tuple[bool, Doc | None]:
        """(True, the record as stored or None if absent) when known without parsing;
        (False, None) when the file must be parsed after all."""
        if doc_id in self.puts:
            return True, self.puts[doc_id]
        if doc_id in self._found:
            return True, self._found[doc_id]
        contact = self.contacts.get(doc_id)
        if contact is None:
            return True, None  # its contacts are built from every record of the file
        if not PLAIN_ID.fullmatch(doc_id):
            return False, None
        encoded = dumps(codec.contact_to_doc(contact))
        piece = dumps(doc_id) + b":" + encoded
        raw = self.raw
        at = raw.find(piece, len(HEAD))
        end = at + len(piece)
        if (
            at < len(HEAD) or raw[at - 1] not in b"{," or raw[end] not in b",}"
            or raw.find(piece, at + 1) >= 0 or self._record_starts() != len(self.contacts)
        ):
            # Not the contact as built (a value clamped on read, say), or not only once.
            return False, None
        # A record start can only be a record's own (the count says there is no other),
        # and the bytes are exactly its contact's: the record is `doc` as stored.
        self._spans[doc_id] = (at, end)
        doc = self._found[doc_id] = orjson.loads(encoded)
        return True, doc

    def built(self, doc_id: str) -> Contact | None:
        """The contact built from a record `get` found (and not put since): the record is
        that contact's very encoding, so building it again gives the same contact."""
        if doc_id in self.puts or doc_id not in self._found:
            return None
        return self.contacts.get(doc_id)

    def _record_starts(self) -> int:
        if self._starts is None:
            self._starts = self.raw.count(RECORD_START)
        return self._starts

    def put(self, doc_id: str, doc: Doc | None) -> None:
        """Replace (or with None remove) a record that `get` found or knows absent."""
        self.puts.pop(doc_id, None)
        self.puts[doc_id] = doc

    def payload(self) -> bytes:
        """The file's new bytes: the records not put, as they were, then those put."""
        raw = memoryview(self.raw)  # (its segments joined without copying each one first)
        cuts = sorted(self._spans[d] for d in self.puts if d in self._spans)
        pieces: list[bytes | memoryview] = []
        begin = len(HEAD)
        bounds = [*cuts, (len(raw) - len(TAIL), len(raw) - len(TAIL))]
        for n, (start, end) in enumerate(bounds):
            segment = raw[begin:start]
            # The commas next to a record taken out are the ones between records.
            if n and segment[:1] == b",":
                segment = segment[1:]
            if n < len(cuts) and segment[-1:] == b",":
                segment = segment[:-1]
            if segment:
                pieces.append(segment)
            begin = end
        for doc_id, doc in self.puts.items():
            if doc is not None:
                pieces.append(dumps(doc_id) + b":" + dumps(doc))
        joined: list[bytes | memoryview] = [HEAD]  # (one copy of the bytes kept, in one join)
        for n, piece in enumerate(pieces):
            if n:
                joined.append(b",")
            joined.append(piece)
        joined.append(TAIL)
        return b"".join(joined)
