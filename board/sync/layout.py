"""The files of the sync clone: what travels, in one byte form every machine writes alike.

    meta.json               {"format": "trustboard-sync", "schema_version": N}
    contacts/XX.json        the contacts whose id hashes to shard XX
    interactions/XX.json    the interactions of those same contacts
    resources/XX.json       the resources whose id hashes to shard XX

A shard is a function of the record's id (of its contact's id for an interaction): the
store's own, so each clone file mirrors one store shard, shards line up across
machines, and a contact always travels with its interactions.
Each file is a JSON object, one record per line (sorted by id, keys sorted), so the
same records make the same bytes everywhere: equal states have equal git trees, and a
change to one record is a one-line diff.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import Any

import orjson

from board.errors import DataError
from board.store import shard_of

FORMAT = "trustboard-sync"
META = "meta.json"
TABLES = ("contacts", "interactions", "resources")
OWNER = {"contacts": "id", "interactions": "contact_id", "resources": "id"}
DATA_PATHS = (META, *TABLES)  # what `git add` may touch: nothing else travels

Records = dict[str, dict[str, dict[str, Any]]]


def path_of(table: str, doc: dict[str, Any]) -> str:
    return f"{table}/{shard_of(str(doc[OWNER[table]]))}.json"


def group_of(path: str) -> str | None:
    """The files that merge together: a contact shard with its interaction shard
    (`people/3f.json`), a resource shard alone (`resources/3f.json`); None for meta.json."""
    table, _, name = path.partition("/")
    if table in ("contacts", "interactions"):
        return f"people/{name}"
    if table == "resources":
        return path
    return None


def group_paths(groups: Iterable[str]) -> list[str]:
    """Every file of these groups."""
    out: list[str] = []
    for group in sorted(set(groups)):
        kind, _, name = group.partition("/")
        out.extend([f"contacts/{name}", f"interactions/{name}"] if kind == "people" else [group])
    return out


def meta_bytes(schema_version: int) -> bytes:
    return orjson.dumps({"format": FORMAT, "schema_version": schema_version}) + b"\n"


def read_meta(raw: bytes | None, where: str) -> int | None:
    """The schema version a clone's meta.json records; None if there is none at all."""
    if raw is None:
        return None
    try:
        data = orjson.loads(raw)
        version = data["schema_version"]
        if data.get("format") != FORMAT or isinstance(version, bool) or not isinstance(version, int):
            raise ValueError
    except (orjson.JSONDecodeError, KeyError, TypeError, ValueError, AttributeError):
        raise DataError(f"{where} is not a trustboard sync repository (its meta.json is not ours); nothing was changed") from None
    return version


def encode(docs: Iterable[dict[str, Any]]) -> bytes:
    """One shard file: the records sorted by id, one per line, keys sorted."""
    lines = [
        orjson.dumps(doc["id"]) + b":" + orjson.dumps(doc, option=orjson.OPT_SORT_KEYS)
        for doc in sorted(docs, key=lambda d: str(d["id"]))
    ]
    return b"{\n" + b",\n".join(lines) + b"\n}\n"


def decode(raw: bytes, path: str, where: str) -> dict[str, dict[str, Any]]:
    """A shard file's records, checked to be records of that table and that shard."""
    table = path.partition("/")[0]
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise DataError(f"{where}: {path} is not valid JSON ({exc}); nothing was changed") from None
    if not isinstance(data, dict):
        raise DataError(f"{where}: {path} does not hold records")
    for key, doc in data.items():
        if not isinstance(doc, dict) or doc.get("id") != key or not isinstance(doc.get(OWNER[table]), str):
            raise DataError(f"{where}: {path} holds a malformed record {key!r}")
        if path_of(table, doc) != path:
            raise DataError(f"{where}: {path} holds record {key} of another shard")
    return data


def files_of(records: Records) -> dict[str, bytes]:
    """Every data file (except meta.json) for these records; empty shards have no file."""
    grouped: dict[str, list[dict[str, Any]]] = {}
    for table in TABLES:
        for doc in records.get(table, {}).values():
            grouped.setdefault(path_of(table, doc), []).append(doc)
    return {path: encode(docs) for path, docs in grouped.items()}


def blob_id(raw: bytes) -> str:
    """The id git gives these bytes as a blob (to compare with a tree without asking git)."""
    return hashlib.sha1(b"blob %d\x00" % len(raw) + raw, usedforsecurity=False).hexdigest()


def is_data_path(path: str) -> bool:
    table, _, name = path.partition("/")
    return path == META or (table in TABLES and name.endswith(".json") and "/" not in name)
