"""Property test: random sequences of changes read back exactly what a plain model predicts.

A hypothesis state machine drives add/log/move/edit/archive/snooze/undo/redo and
reopening through the store, and keeps a dict-and-list model of what must be there.
After every step the store (and a freshly opened one) must equal the model.
"""

from __future__ import annotations

import copy
import shutil
import tempfile
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    consumes,
    invariant,
    precondition,
    rule,
)

from board.history import History
from board.model import Contact, Kind, Stage, Value
from board.store import Store
from tests._store_helpers import Clock

T0 = datetime(2026, 5, 4, 8, 0).astimezone()
names = st.text(st.characters(codec="utf-8", blacklist_categories=["Cs", "Cc"]),
                min_size=1, max_size=12).filter(lambda s: s.strip() == s and s)
words = st.text(st.characters(codec="utf-8", blacklist_categories=["Cs"]), max_size=20)
stages = st.sampled_from(list(Stage))
kinds = st.sampled_from(list(Kind))

Model = dict[str, dict[str, Any]]


class StoreMachine(RuleBasedStateMachine):
    contacts = Bundle("contacts")

    def __init__(self) -> None:
        super().__init__()
        self.dir = Path(tempfile.mkdtemp(prefix="tb-prop-"))
        self.clock = Clock(T0)
        self.store = Store(self.dir, clock=self.clock)
        self.history = History(self.store)
        self.model: Model = {}
        self.talks: dict[str, list[tuple[str, Kind, str, datetime, Value | None]]] = {}
        self.undo: list[tuple[Model, dict]] = []
        self.redo: list[tuple[Model, dict]] = []
        self.serial = 0

    def teardown(self) -> None:
        self.store.close()
        shutil.rmtree(self.dir, ignore_errors=True)

    # -- helpers

    def _state(self) -> tuple[Model, dict]:
        return copy.deepcopy(self.model), copy.deepcopy(self.talks)

    def _changed(self, before: tuple[Model, dict]) -> None:
        """Record a change for undo, as the store does: only if something changed."""
        if before != (self.model, self.talks):
            self.undo.append(before)
            self.redo.clear()

    def _tick(self) -> datetime:
        self.clock.advance(minutes=1)
        return self.clock.now

    # -- rules

    @rule(target=contacts, name=names, company=words, stage=stages)
    def add(self, name: str, company: str, stage: Stage) -> str:
        at = self._tick()
        self.serial += 1
        cid = f"{self.serial:04d}" + "0" * 28
        before = self._state()
        self.history.record(self.store.add_contact(Contact(id=cid, name=name, company=company, stage=stage,
                                       created_at=at, updated_at=at, stage_changed_at=at)))
        self.model[cid] = {"name": name, "company": company, "stage": stage, "notes": "",
                           "tags": [], "archived": False, "snoozed_until": None,
                           "stage_changed_at": at, "last_interaction_at": None}
        self.talks[cid] = []
        self._changed(before)
        return cid

    @precondition(lambda self: self.model)
    @rule(data=st.data(), kind=kinds, summary=words, days_ago=st.integers(0, 400))
    def log(self, data: st.DataObject, kind: Kind, summary: str, days_ago: int) -> None:
        cid = data.draw(st.sampled_from(sorted(self.model)))
        now = self._tick()
        at = now - timedelta(days=days_ago)
        value = data.draw(st.sampled_from(list(Value))) if kind in (Kind.GAVE, Kind.RECEIVED) else None
        before = self._state()
        item = self.history.record(self.store.log(cid, kind, summary, at=at, value=value)).interaction
        self.talks[cid].append((item.id, kind, summary.strip(), at, value))
        latest = max(t[3] for t in self.talks[cid])
        self.model[cid]["last_interaction_at"] = latest
        self._changed(before)

    @precondition(lambda self: self.model)
    @rule(data=st.data(), stage=stages)
    def move(self, data: st.DataObject, stage: Stage) -> None:
        cid = data.draw(st.sampled_from(sorted(self.model)))
        at = self._tick()
        before = self._state()
        self.history.record(self.store.move(cid, stage))
        if self.model[cid]["stage"] != stage:
            self.model[cid]["stage"] = stage
            self.model[cid]["stage_changed_at"] = at
        self._changed(before)

    @precondition(lambda self: self.model)
    @rule(data=st.data(), name=names, notes=words, tags=st.lists(names, max_size=3))
    def edit(self, data: st.DataObject, name: str, notes: str, tags: list[str]) -> None:
        cid = data.draw(st.sampled_from(sorted(self.model)))
        self._tick()
        before = self._state()
        current = self.store.get(cid)
        self.history.record(self.store.update_contact(current.copy(name=name, notes=notes, tags=tags)))
        self.model[cid].update(name=name, notes=notes, tags=tags)
        self._changed(before)

    @precondition(lambda self: self.model)
    @rule(data=st.data(), archived=st.booleans())
    def archive(self, data: st.DataObject, archived: bool) -> None:
        cid = data.draw(st.sampled_from(sorted(self.model)))
        self._tick()
        before = self._state()
        self.history.record(self.store.archive(cid, archived))
        self.model[cid]["archived"] = archived
        self._changed(before)

    @precondition(lambda self: self.model)
    @rule(data=st.data(), until=st.none() | st.dates(date(2026, 1, 1), date(2027, 12, 31)))
    def snooze(self, data: st.DataObject, until: date | None) -> None:
        cid = data.draw(st.sampled_from(sorted(self.model)))
        self._tick()
        before = self._state()
        self.history.record(self.store.snooze(cid, until))
        self.model[cid]["snoozed_until"] = until
        self._changed(before)

    @precondition(lambda self: self.undo)
    @rule()
    def undo_last(self) -> None:
        self._tick()
        self.history.undo()
        self.redo.append(self._state())
        self.model, self.talks = self.undo.pop()

    @precondition(lambda self: self.redo)
    @rule()
    def redo_last(self) -> None:
        self._tick()
        self.history.redo()
        self.undo.append(self._state())
        self.model, self.talks = self.redo.pop()

    @rule()
    def reopen(self) -> None:
        self.store.close()
        self.store = Store(self.dir, clock=self.clock)
        self.history = History(self.store)
        self.undo.clear()  # the undo history belongs to a session
        self.redo.clear()

    @rule(cid=consumes(contacts))
    def forget(self, cid: str) -> None:
        """Keeps the bundle small; the contact stays in the store and the model."""

    # -- what must hold

    def _check(self, store: Store) -> None:
        everyone = {c.id: c for c in store.contacts(archived=None)}
        assert set(everyone) == set(self.model)
        for cid, want in self.model.items():
            got = everyone[cid]
            seen = {k: getattr(got, k) for k in want}
            assert seen == want, (cid, seen, want)
            talks = sorted(self.talks[cid], key=lambda t: t[3])
            stored = store.interactions(cid)
            assert [(i.id, i.kind, i.summary, i.at, i.value) for i in stored] == talks
        assert len(list(store.all_interactions())) == sum(len(t) for t in self.talks.values())

    @invariant()
    def store_matches_model(self) -> None:
        self._check(self.store)

    @invariant()
    def a_fresh_store_matches_model(self) -> None:
        fresh = Store(self.dir, clock=self.clock)
        try:
            self._check(fresh)
        finally:
            fresh.close()


StoreMachine.TestCase.settings = settings(
    max_examples=25, stateful_step_count=20, deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
TestStoreMachine = StoreMachine.TestCase
