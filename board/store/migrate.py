"""Reading older layouts and schemas forward (the store applies what is read here).

Schema 0 kept everything in one TinyDB file, `trustboard.json`; schema 1 splits it
into shards. Migrations are safe to repeat after a crash: records keep their ids,
so a second run rewrites the same shards, and the old form goes only once the new
`meta.json` exists.
"""

from __future__ import annotations

from pathlib import Path

import orjson

from board.errors import DataError, TrustboardError
from board.model import Contact, Interaction
from board.store import codec
from board.store.files import read_with_key
from board.store.layout import LEGACY_FILE, SCHEMA_VERSION
from board.store.shards import Damaged


def read_legacy(root: Path, damaged: Damaged) -> tuple[list[Contact], list[Interaction]]:
    """The records of a schema-0 `trustboard.json` (DataError if it cannot be read)."""
    legacy = root / LEGACY_FILE
    found = read_with_key(legacy)
    raw = found[1] if found else b""
    try:
        tables = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise damaged(LEGACY_FILE, f"it is not valid JSON ({exc})") from None
    if not isinstance(tables, dict) or not all(isinstance(t, dict) for t in tables.values()):
        raise damaged(LEGACY_FILE, "it does not hold trustboard tables")
    if tables.get("_meta"):
        version = codec.meta_version(tables)
        if version is None:
            raise damaged(LEGACY_FILE, "it has no schema version")
        if version > SCHEMA_VERSION:
            raise DataError(
                f"{legacy} was written by a newer trustboard (schema {version}): "
                "upgrade trustboard to open it. It was left untouched"
            )
    contacts: list[Contact] = []
    interactions: list[Interaction] = []
    where = "records"
    try:
        for key, doc in (tables.get("contacts") or {}).items():
            where = f"contact {key}"
            if not isinstance(doc, dict):
                raise ValueError("it is not an object")
            contacts.append(codec.contact_from_doc({**doc, "id": doc.get("id") or str(key)}))
        for key, doc in (tables.get("interactions") or {}).items():
            where = f"interaction {key}"
            if not isinstance(doc, dict):
                raise ValueError("it is not an object")
            item = codec.interaction_from_doc({**doc, "id": doc.get("id") or f"legacy-{key}"})
            if not item.contact_id:
                raise ValueError("it belongs to no contact")
            interactions.append(item)
    except (ValueError, TypeError, TrustboardError) as exc:
        raise damaged(LEGACY_FILE, f"its {where} cannot be read ({exc})") from None
    return contacts, interactions
