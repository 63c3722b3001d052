"""Random edits on two machines from one base, then sync both ways: the merge's promises hold.

Operations mimic what the store does to records (adds, logs, unlogs, moves, edits,
notes, tags, archives, snoozes, deletes). The merged state must be the same whichever
machine merges, keep every interaction either side added, give every field one of the
two sides' values (their union for lists, both texts for text), and note every
scalar that lost.
"""

from __future__ import annotations

import copy
import tempfile
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from board.model import Kind, Stage
from board.sync import engine
from board.sync.merge import Records, Side, merge
from board.sync.rules import CONTACT_RULES, How
from tests.helpers import (
    FIXED_NOW,
    STAGES,
    Machine,
    bare_remote,
    contact_doc,
    interaction_doc,
    machine,
)

OPS = ("add", "log", "unlog", "move", "company", "notes", "tag", "untag", "archive", "snooze",
       "cadence", "delete")
COMPANIES = ("Acme", "Globex", "Initech", "")
TAGS = ("bni", "golf", "client", "mentor")

# Scalar edits weigh double, so both machines often change the same field differently.
WEIGHTED = OPS + ("move", "company", "archive", "snooze", "cadence")
op = st.tuples(st.sampled_from(WEIGHTED), st.integers(0, 2), st.integers(0, 3))
op_lists = st.lists(op, max_size=8)
side_ops = st.lists(op, min_size=3, max_size=16)


class Replica:
    """One machine's records, changed the way the store changes them."""

    def __init__(self, name: str, records: Records, start_hours: float) -> None:
        self.name = name
        self.records = copy.deepcopy(records)
        self.hours = start_hours
        self.made = 100 if name == "s" else 0

    def now(self) -> str:
        self.hours += 1.25
        return (FIXED_NOW + timedelta(hours=self.hours)).isoformat()

    def _ids(self) -> list[str]:
        """Shared people first, so both machines' edits often meet on the same person."""
        return sorted(self.records["contacts"], key=lambda cid: (not cid.startswith("s"), cid))

    def _touch(self, cid: str) -> None:
        mine = [i["at"] for i in self.records["interactions"].values() if i["contact_id"] == cid]
        doc = self.records["contacts"][cid]
        self.records["contacts"][cid] = {**doc, "last_interaction_at": max(mine) if mine else None}

    def apply(self, op: str, pick: int, value: int) -> None:
        contacts, interactions = self.records["contacts"], self.records["interactions"]
        ids = self._ids()
        if op == "add" or not ids:
            self.made += 1
            cid = f"{self.name}{self.made:031d}"
            when = self.now()
            contacts[cid] = contact_doc(cid, f"Person {self.name}{self.made}", created_at=when,
                                    updated_at=when, stage_changed_at=when)
            return
        cid = ids[pick % len(ids)]
        doc = contacts[cid]
        when = self.now()
        if op == "log":
            self.made += 1
            iid = f"{self.name}{self.made:031d}"
            interactions[iid] = interaction_doc(iid, cid, self.hours, Kind.CALL, f"call {iid[-3:]}")
            self._touch(cid)
        elif op == "unlog":
            mine = sorted(i for i, d in interactions.items() if d["contact_id"] == cid)
            if mine:
                del interactions[mine[value % len(mine)]]
                self._touch(cid)
        elif op == "delete":
            del contacts[cid]
            for iid in [i for i, d in interactions.items() if d["contact_id"] == cid]:
                del interactions[iid]
        else:
            contacts[cid] = {**doc, **self._edit(op, doc, value, when), "updated_at": when}

    def _edit(self, op: str, doc: dict[str, Any], value: int, when: str) -> dict[str, Any]:
        if op == "move":
            return {"stage": STAGES[value], "stage_changed_at": when}
        if op == "company":
            return {"company": COMPANIES[value]}
        if op == "notes":
            return {"notes": f"{doc['notes']} {self.name}{value}".strip()}
        if op == "tag":
            return {"tags": [*doc["tags"], TAGS[value]] if TAGS[value] not in doc["tags"] else doc["tags"]}
        if op == "untag":
            return {"tags": [t for t in doc["tags"] if t != TAGS[value]]}
        if op == "archive":
            return {"archived": bool(value % 2)}
        if op == "snooze":
            return {"snoozed_until": None if value == 0 else f"2026-12-0{value}"}
        return {"cadence_days": None if value == 0 else value * 7}  # cadence


def _state(ops: list[tuple[str, int, int]], name: str, start: Records, hours: float) -> Records:
    replica = Replica(name, start, hours)
    for op in ops:
        replica.apply(*op)
    return replica.records


def _fields(doc: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in doc.items() if k != "last_interaction_at"}


def _sync_a_b_a(base: Records, a: Records, b: Records) -> Records:
    """A pushes, B merges A's push and pushes, A takes B's merge: both end on it."""
    on_b = merge(base, Side(b, "b-machine"), Side(a, "a-machine"))
    on_a = merge(base, Side(a, "a-machine"), Side(b, "b-machine"))  # the other order
    assert on_a.records == on_b.records, "the result depends on which machine merged"
    event(f"conflicts: {min(len(on_b.conflicts), 3)}")
    return on_b.records


@settings(max_examples=400, deadline=None)
@given(base_ops=op_lists, a_ops=side_ops, b_ops=side_ops)
def test_random_edits_on_two_machines_merge_without_losing_anything(base_ops, a_ops, b_ops) -> None:
    seed: Records = {"contacts": {}, "interactions": {}}
    for n in range(3):  # a few people both machines know, so their edits meet
        cid = f"s{n:031d}"
        seed["contacts"][cid] = contact_doc(cid, f"Known {n}", tags=["bni"], notes="Met at BNI.")
    base = _state(base_ops, "s", seed, 0)
    a = _state(a_ops, "a", base, 100)
    b = _state(b_ops, "b", base, 100.5)
    merged = _sync_a_b_a(base, a, b)
    contacts, interactions = merged["contacts"], merged["interactions"]

    # Every interaction either side added or changed is there; so is every contact.
    for side in (a, b):
        for iid, doc in side["interactions"].items():
            if base["interactions"].get(iid) != doc:
                assert iid in interactions, f"interaction {iid} was lost"
        for cid, doc in side["contacts"].items():
            if base["contacts"].get(cid) != doc:
                assert cid in contacts, f"a changed contact {cid} was deleted"
    for doc in interactions.values():
        assert doc["contact_id"] in contacts, "an interaction lost its contact"

    notes: dict[str, list[str]] = {}
    for doc in interactions.values():
        if doc["kind"] == "note" and doc["summary"].startswith("sync: "):
            notes.setdefault(doc["contact_id"], []).append(doc["summary"])

    for cid, out in contacts.items():
        ours, theirs, old = a["contacts"].get(cid), b["contacts"].get(cid), base["contacts"].get(cid)
        if ours is None or theirs is None:  # one side deleted it, the other's edit won
            kept = ours or theirs
            assert kept is not None
            assert _fields(out) == _fields(kept)
            continue
        for name, rule in CONTACT_RULES.fields.items():
            mine, yours, was = ours.get(name), theirs.get(name), (old or {}).get(name, rule.default)
            value = out.get(name)
            if rule.how is How.LIST:
                assert set(value) <= set(mine) | set(yours)
                for item in set(mine) | set(yours):  # only an item someone removed is gone
                    assert item in value or item in (was or []), (name, item)
            elif rule.how is How.TEXT:
                for text in (mine, yours):
                    assert text.removeprefix(was or "").strip() in value, (name, text, value)
            elif rule.how in (How.SCALAR, How.EARLIEST, How.LATEST):
                assert value in (mine, yours), (name, value, mine, yours)
                changed_both = mine != was and yours != was and mine != yours
                if rule.how is How.SCALAR and changed_both and not rule.clock:
                    lost = yours if value == mine else mine
                    words = rule.words(name, lost)
                    assert any(f"had {words} (" in note for note in notes.get(cid, [])), (name, words)
        newest = max((i["at"] for i in interactions.values() if i["contact_id"] == cid), default=None)
        if newest is not None:
            assert out["last_interaction_at"] == newest


# --- the same promises through real stores, the clone and a bare remote ---------------

STORE_OPS = ("add", "log", "unlog", "move", "company", "notes", "tag", "archive", "snooze", "delete")
store_ops = st.lists(st.tuples(st.sampled_from(STORE_OPS), st.integers(0, 2), st.integers(0, 3)),
                     min_size=2, max_size=8)


def _store_op(side: Machine, op: str, pick: int, value: int) -> None:
    """One change through the store's own doors, as the board and the CLI make them."""
    store = side.store
    people = sorted(store.contacts(archived=None), key=lambda c: c.name)
    side.clock.advance(hours=1)
    if op == "add" or not people:
        side.add(f"{side.name} {side.clock.now:%H%M}")
        return
    person = people[pick % len(people)]
    if op == "log":
        store.log(person.id, Kind.CALL, f"{side.name} call", at=side.clock.now)
    elif op == "unlog":
        history = store.interactions(person.id)
        if history:
            with store.transaction("unlog") as txn:
                txn.remove_interaction(person.id, history[value % len(history)].id)
    elif op == "move":
        store.move(person.id, list(Stage)[value])
    elif op == "archive":
        store.archive(person.id, bool(value % 2))
    elif op == "snooze":
        store.snooze(person.id, None if value == 0 else date(2026, 12, value))
    elif op == "delete":
        with store.transaction("delete") as txn:
            txn.remove_contact(person.id)
    else:
        fields = {"company": {"company": COMPANIES[value]},
                  "notes": {"notes": f"{person.notes} {side.name}{value}".strip()},
                  "tag": {"tags": sorted({*person.tags, TAGS[value]})}}[op]
        side.edit(person, **fields)


@pytest.mark.slow
@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(a_ops=store_ops, b_ops=store_ops)
def test_random_store_changes_on_two_machines_sync_to_one_state(a_ops, b_ops) -> None:
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        remote = bare_remote(tmp / "remote.git")
        a, b = machine(tmp, "laptop"), machine(tmp, "server")
        for n in range(3):
            a.add(f"Known {n}", tags=["bni"])
        engine.init(a.store, str(remote))
        engine.init(b.store, str(remote))
        base = {c["id"]: c for c in a.export()}
        for op in a_ops:
            _store_op(a, *op)
        b.clock.advance(hours=0.5)
        for op in b_ops:
            _store_op(b, *op)
        sides = [{c["id"]: c for c in m.export()} for m in (a, b)]
        engine.sync(a.store)
        engine.sync(b.store)
        engine.sync(a.store)
        final = a.export()
        assert final == b.export()
        kept = {c["id"]: c for c in final}
        interactions = {i["id"] for c in final for i in c["interactions"]}
        for side in sides:
            for cid, doc in side.items():
                if base.get(cid) != doc:  # added or changed on this side: never lost
                    assert cid in kept
                    for item in doc["interactions"]:
                        if item not in base.get(cid, {}).get("interactions", []):
                            assert item["id"] in interactions
