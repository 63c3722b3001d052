"""The fast path of the shape check (`store/shape_pass.py`, fields read by subscript) passes
exactly the tables whose every record passes the record-by-record test, so a damaged
record is still found, and named, as before."""

from __future__ import annotations

from typing import Any

import pytest

from board.kinds import Kind
from board.store import codec
from board.store.shape_pass import passes
from tests.helpers import FIXED_NOW, person


def _reference(kind: str, table: dict[str, Any]) -> bool:
    """The record-by-record test (with `get`), as `shape_problem` words it."""
    for key, doc in table.items():
        if kind == "contacts":
            ok = (type(doc) is dict and doc.get("id") == key and type(name := doc.get("name")) is str
                  and name.strip() and doc.get("stage") in codec.STAGES)
        else:
            ok = (type(doc) is dict and doc.get("id") == key and type(owner := doc.get("contact_id")) is str
                  and owner and doc.get("kind") in codec.KINDS and type(doc.get("at")) is str)
        if not ok:
            return False
    return True


def _contacts() -> dict[str, Any]:
    people = [person(f"Person {n}", at=FIXED_NOW) for n in range(3)]
    return {p.id: codec.contact_to_doc(p) for p in people}


def _interactions() -> dict[str, Any]:
    return {f"i{n}": {"id": f"i{n}", "contact_id": "c1", "at": FIXED_NOW.isoformat(), "kind": Kind.CALL.value,
                      "summary": "", "value": None, "direction": "out", "linked_to": None, "resource_id": None}
            for n in range(3)}


DAMAGE = [
    ("id", None), ("id", 5), ("id", "other"), ("name", None), ("name", "   "), ("name", 3), ("stage", "nope"),
    ("stage", None), ("contact_id", ""), ("contact_id", 7), ("kind", "nope"), ("at", 12), ("at", None),
]


@pytest.mark.parametrize("kind", ["contacts", "interactions"])
@pytest.mark.parametrize("field, value", [*DAMAGE, ("id", "drop"), ("name", "drop"), ("stage", "drop"),
                                          ("contact_id", "drop"), ("kind", "drop"), ("at", "drop")])
def test_a_damaged_record_fails_the_fast_path_as_it_fails_record_by_record(kind: str, field: str, value: Any) -> None:
    table = _contacts() if kind == "contacts" else _interactions()
    assert passes(kind, table, codec.STAGES, codec.KINDS) and _reference(kind, table)
    key = list(table)[1]
    doc = table[key]
    if value == "drop":
        doc.pop(field, None)
    else:
        doc[field] = value
    assert passes(kind, table, codec.STAGES, codec.KINDS) == _reference(kind, table)
    rel = f"{kind}/00.json"
    if not _reference(kind, table):
        problem = codec.shape_problem(rel, {kind: table})
        assert problem is not None and key in problem


@pytest.mark.parametrize("kind", ["contacts", "interactions"])
def test_a_record_that_is_not_an_object_fails_it(kind: str) -> None:
    table = _contacts() if kind == "contacts" else _interactions()
    table[list(table)[0]] = ["not", "a", "record"]
    assert not passes(kind, table, codec.STAGES, codec.KINDS)
    assert "is not an object" in (codec.shape_problem(f"{kind}/00.json", {kind: table}) or "")
