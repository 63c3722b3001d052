"""Where each piece of a data directory lives, and which shard a contact belongs to.

Layout of a data directory::

    meta.json               schema version (TinyDB table `_meta`)
    contacts/XX.json        contacts whose id hashes to shard XX (256 shards)
    interactions/XX.json    the interactions of those same contacts
    resources.json          the library of resources worth sharing (schema 2)
    journal.json            present only while a multi-file change is being applied
    index.json              a cache: contact names per shard (see `names`)
    interaction-ids.json    a cache: interaction ids per shard (see `id_index`)
    interaction-sums.json   a cache: digests of interaction shards known good (see `sums`)
    cards.json              a cache: what the board draws of each contact, per shard (see `cards`)
    backups/                rotating snapshots (see `backups`)
    .lock                   the flock every read-change-write cycle holds
"""

from __future__ import annotations

import re
import zlib
from typing import Any

SCHEMA_VERSION = 2
SHARDS = 256
CONTACTS = "contacts"
INTERACTIONS = "interactions"
RESOURCES = "resources"  # one small table, in its own file
RESOURCES_FILE = "resources.json"
META_FILE = "meta.json"
JOURNAL_FILE = "journal.json"
LEGACY_FILE = "trustboard.json"  # schema 0: one TinyDB file with both tables
BACKUPS = "backups"
MANIFEST = "manifest.json"
INDEX_FILE = "index.json"
LOCK_FILE = ".lock"

Tables = dict[str, dict[str, dict[str, Any]]]

SHARD_RE = re.compile(r"^((contacts|interactions)/[0-9a-f]{2}|resources)\.json$")
DATA_FILE_RE = re.compile(r"^((contacts|interactions)/[0-9a-f]{2}|resources|meta|trustboard)\.json$")


_crc32 = zlib.crc32
_SHARD_NAMES = tuple(f"{n:02x}" for n in range(SHARDS))
# Each table's shard paths made once: an import asks for hundreds of thousands of them.
_RELS = {table: tuple(f"{table}/{name}.json" for name in _SHARD_NAMES) for table in (CONTACTS, INTERACTIONS)}


def _shard_number(contact_id: str) -> int:
    return _crc32(contact_id.encode()) & 0xFF


def shard_of(contact_id: str) -> str:
    """The shard a contact and its interactions live in (stable for any id string)."""
    return _SHARD_NAMES[_shard_number(contact_id)]


def rel(table: str, shard: str) -> str:
    """A shard file's path relative to the data directory."""
    return f"{table}/{shard}.json"


def file_of(table: str, contact_id: str) -> str:
    """The file holding a record of `table` (contacts and interactions: the contact's shard)."""
    if table == RESOURCES:
        return RESOURCES_FILE
    return _RELS[table][_shard_number(contact_id)]


def contact_rel(contact_id: str) -> str:
    return _RELS[CONTACTS][_shard_number(contact_id)]


def interaction_rel(contact_id: str) -> str:
    return _RELS[INTERACTIONS][_shard_number(contact_id)]


def is_interactions(rel_path: str) -> bool:
    return rel_path.startswith(INTERACTIONS + "/")


CONTACT_RELS = tuple(rel(CONTACTS, f"{n:02x}") for n in range(SHARDS))
INTERACTION_RELS = tuple(rel(INTERACTIONS, f"{n:02x}") for n in range(SHARDS))
CONTACT_REL_SET = frozenset(CONTACT_RELS)
RECORD_RELS = (*CONTACT_RELS, *INTERACTION_RELS, RESOURCES_FILE)  # every file holding records
