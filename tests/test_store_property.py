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

import pytest
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
from board.model import (
    Contact,
    Direction,
    Kind,
    NameParts,
    Reminder,
    Resource,
    Stage,
    StageMark,
    Value,
    local_date,
)
from board.store import Store
from tests.helpers import Clock

pytestmark = pytest.mark.slow  # the Hypothesis state machine of the store

pytestmark = pytest.mark.slow  # crash, scale and stateful tests: the full run, not the fast loop

T0 = datetime(2026, 5, 4, 8, 0).astimezone()
names = st.text(st.characters(codec="utf-8", blacklist_categories=["Cs", "Cc"]),
                min_size=1, max_size=12).filter(lambda s: s.strip() == s and s)
words = st.text(st.characters(codec="utf-8", blacklist_categories=["Cs"]), max_size=20)
stages = st.sampled_from(list(Stage))
kinds = st.sampled_from(list(Kind))
birthdays = st.sampled_from(["", "1990-02-28", "--04-15", "--02-29"])
days = st.none() | st.dates(date(2026, 1, 1), date(2030, 12, 31))
reminders = st.none() | st.builds(Reminder, st.dates(date(2026, 1, 1), date(2030, 12, 31)), words)
name_parts = st.none() | st.builds(NameParts, words, words).filter(any)

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
        self.talks: dict[str, list[tuple[Any, ...]]] = {}
        self.library: dict[str, dict[str, Any]] = {}
        self.undo: list[tuple[Model, dict, dict]] = []
        self.redo: list[tuple[Model, dict, dict]] = []
        self.serial = 0

    def teardown(self) -> None:
        self.store.close()
        shutil.rmtree(self.dir, ignore_errors=True)

    # -- helpers

    def _state(self) -> tuple[Model, dict, dict]:
        return copy.deepcopy(self.model), copy.deepcopy(self.talks), copy.deepcopy(self.library)

    def _changed(self, before: tuple[Model, dict, dict]) -> None:
        """Record a change for undo, as the session does: only if something changed."""
        if before != (self.model, self.talks, self.library):
            self.undo.append(before)
            self.redo.clear()

    def _tick(self) -> datetime:
        self.clock.advance(minutes=1)
        return self.clock.now

    # -- rules

    @rule(target=contacts, data=st.data(), name=names, company=words, stage=stages,
          nickname=words, birthday=birthdays, reminder=reminders, reconnect=days, parts=name_parts)
    def add(self, data: st.DataObject, name: str, company: str, stage: Stage, nickname: str,
            birthday: str, reminder: Reminder | None, reconnect: date | None,
            parts: NameParts | None) -> str:
        at = self._tick()
        self.serial += 1
        cid = f"{self.serial:04d}" + "0" * 28
        introducer = data.draw(st.none() | st.sampled_from(sorted(self.model))) if self.model else None
        before = self._state()
        self.history.record(self.store.add_contact(Contact(
            id=cid, name=name, company=company, stage=stage, created_at=at, updated_at=at,
            stage_changed_at=at, nickname=nickname, birthday=birthday, introduced_by=introducer,
            reminder=reminder, reconnect_on=reconnect, name_parts=parts,
        )))
        history = [StageMark(Stage.MET, at)] + ([StageMark(stage, at)] if stage != Stage.MET else [])
        self.model[cid] = {"name": name, "company": company, "stage": stage, "notes": "",
                           "tags": [], "archived": False, "snoozed_until": None,
                           "stage_changed_at": at, "last_interaction_at": None,
                           "nickname": nickname, "birthday": birthday, "introduced_by": introducer,
                           "reminder": reminder, "reconnect_on": reconnect, "stage_history": history,
                           "name_parts": parts}
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
        direction = data.draw(st.sampled_from(list(Direction))) if kind == Kind.MESSAGE else Direction.OUT
        linked = data.draw(st.none() | st.just("f" * 32))
        resource = data.draw(st.none() | st.sampled_from(sorted(self.library))) if self.library else None
        before = self._state()
        item = self.history.record(self.store.log(
            cid, kind, summary, at=at, value=value, direction=direction, linked_to=linked,
            resource_id=resource,
        )).interaction
        self.talks[cid].append((item.id, kind, summary.strip(), at, value, direction, linked, resource))
        latest = max(t[3] for t in self.talks[cid])
        self.model[cid]["last_interaction_at"] = latest
        reminder = self.model[cid]["reminder"]
        if reminder is not None and local_date(at) >= reminder.date:
            self.model[cid]["reminder"] = None  # logging on or after its day completes it
        self.model[cid]["reconnect_on"] = None  # and anything logged ends the reconnect plan
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
            self.model[cid]["stage_history"].append(StageMark(stage, at))
        self._changed(before)

    @precondition(lambda self: self.model)
    @rule(data=st.data(), name=names, notes=words, tags=st.lists(names, max_size=3))
    def edit(self, data: st.DataObject, name: str, notes: str, tags: list[str]) -> None:
        cid = data.draw(st.sampled_from(sorted(self.model)))
        self._tick()
        before = self._state()
        current = self.store.get(cid)
        self.history.record(self.store.update_contact(current.copy(name=name, notes=notes, tags=tags)))
        if name != self.model[cid]["name"]:
            self.model[cid]["name_parts"] = None  # a rename drops the structured name
        self.model[cid].update(name=name, notes=notes, tags=tags)
        self._changed(before)

    @precondition(lambda self: self.model)
    @rule(data=st.data(), nickname=words, birthday=birthdays, reminder=reminders, reconnect=days)
    def edit_more(self, data: st.DataObject, nickname: str, birthday: str,
                  reminder: Reminder | None, reconnect: date | None) -> None:
        cid = data.draw(st.sampled_from(sorted(self.model)))
        self._tick()
        before = self._state()
        current = self.store.get(cid)
        self.history.record(self.store.update_contact(current.copy(
            nickname=nickname, birthday=birthday, reminder=reminder, reconnect_on=reconnect,
        )))
        self.model[cid].update(nickname=nickname, birthday=birthday, reminder=reminder,
                               reconnect_on=reconnect)
        self._changed(before)

    @rule(title=names, url=words, topics=st.lists(names, max_size=3))
    def add_resource(self, title: str, url: str, topics: list[str]) -> None:
        at = self._tick()
        self.serial += 1
        rid = f"r{self.serial:03d}" + "0" * 28
        before = self._state()
        self.history.record(self.store.add_resource(
            Resource(id=rid, title=title, url=url, topics=topics, created_at=at, updated_at=at)
        ))
        self.library[rid] = {"title": " ".join(title.split()), "url": url.strip(),
                             "topics": [t.strip() for t in topics if t.strip()], "note": ""}
        self._changed(before)

    @precondition(lambda self: self.library)
    @rule(data=st.data(), note=words)
    def edit_resource(self, data: st.DataObject, note: str) -> None:
        rid = data.draw(st.sampled_from(sorted(self.library)))
        self._tick()
        before = self._state()
        self.history.record(self.store.update_resource(self.store.get_resource(rid).copy(note=note)))
        self.library[rid]["note"] = note.strip()
        self._changed(before)

    @precondition(lambda self: self.library)
    @rule(data=st.data())
    def remove_resource(self, data: st.DataObject) -> None:
        rid = data.draw(st.sampled_from(sorted(self.library)))
        self._tick()
        before = self._state()
        self.history.record(self.store.remove_resource(rid))
        del self.library[rid]
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
        self.model, self.talks, self.library = self.undo.pop()

    @precondition(lambda self: self.redo)
    @rule()
    def redo_last(self) -> None:
        self._tick()
        self.history.redo()
        self.undo.append(self._state())
        self.model, self.talks, self.library = self.redo.pop()

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
            assert [
                (i.id, i.kind, i.summary, i.at, i.value, i.direction, i.linked_to, i.resource_id)
                for i in stored
            ] == talks
        assert len(list(store.all_interactions())) == sum(len(t) for t in self.talks.values())
        library = {r.id: {"title": r.title, "url": r.url, "topics": r.topics, "note": r.note}
                   for r in store.resources()}
        assert library == self.library

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
