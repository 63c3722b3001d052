"""Schema 2: the new contact and interaction fields, the resource library, the migration from 1."""

from __future__ import annotations

import os
import signal
from datetime import date, datetime, timedelta
from pathlib import Path

import orjson
import pytest

from board.errors import DataError, UserError
from board.history import History
from board.model import (
    Contact,
    Direction,
    Interaction,
    Kind,
    Reminder,
    Resource,
    Stage,
    StageMark,
    new_id,
)
from board.store import (
    CONTACTS,
    INTERACTIONS,
    RESOURCES_FILE,
    SCHEMA_VERSION,
    Store,
    rel,
    shard_of,
)
from board.store.codec import contact_from_doc, contact_problem, interaction_from_doc
from tests.helpers import Clock, chat, data_files, person, run_cli

T0 = datetime(2026, 3, 2, 9, 0).astimezone()
V2_CONTACT_KEYS = {
    "nickname", "birthday", "introduced_by", "reminder", "reconnect_on", "stage_history", "name_parts",
}
V2_INTERACTION_KEYS = {"direction", "linked_to", "resource_id"}


def _v1_store(root: Path, contacts: list[Contact], talks: list[Interaction]) -> None:
    """A data directory exactly as schema 1 wrote it (no new fields, meta says 1)."""
    (root / CONTACTS).mkdir(parents=True)
    (root / INTERACTIONS).mkdir()
    shards: dict[str, dict] = {}
    for c in contacts:
        doc = {k: v for k, v in c.to_dict().items() if k not in V2_CONTACT_KEYS}
        shards.setdefault(rel(CONTACTS, shard_of(c.id)), {CONTACTS: {}})[CONTACTS][c.id] = doc
    for i in talks:
        doc = {k: v for k, v in i.to_dict().items() if k not in V2_INTERACTION_KEYS}
        shards.setdefault(rel(INTERACTIONS, shard_of(i.contact_id)), {INTERACTIONS: {}})[INTERACTIONS][i.id] = doc
    for name, data in shards.items():
        (root / name).write_bytes(orjson.dumps(data))
    (root / "meta.json").write_bytes(b'{"_meta": {"schema": {"schema_version": 1}}}')


@pytest.fixture
def v1(tmp_path: Path) -> tuple[Path, list[Contact], list[Interaction]]:
    root = tmp_path / "old"
    ada = person("Ada", at=T0, stage=Stage.TALKED)
    ada.stage_changed_at = T0 + timedelta(days=3)
    bo = person("Bo", at=T0)
    talks = [chat(ada, T0 + timedelta(days=1), Kind.MESSAGE, "hello"), chat(bo, T0, Kind.CALL)]
    ada.last_interaction_at = talks[0].at
    bo.last_interaction_at = talks[1].at
    _v1_store(root, [ada, bo], talks)
    return root, [ada, bo], talks


# --- the migration from schema 1 ------------------------------------------------------------


def test_a_schema_1_store_is_migrated_after_a_backup(v1: tuple[Path, list[Contact], list[Interaction]]) -> None:
    root, (ada, bo), talks = v1
    before = {rel_: (root / rel_).read_bytes() for rel_ in data_files(root)}
    store = Store(root, clock=Clock(T0 + timedelta(days=9)))
    assert store.schema_version() == SCHEMA_VERSION == 2
    (backup,) = list((root / "backups").iterdir())
    assert backup.name.endswith("-before-migration")
    for rel_, raw in before.items():
        assert (backup / rel_).read_bytes() == raw  # the backup holds schema 1 exactly
    got = store.get(ada.id)
    assert got.stage_history == [StageMark(Stage.MET, T0), StageMark(Stage.TALKED, T0 + timedelta(days=3))]
    assert store.get(bo.id).stage_history == [StageMark(Stage.MET, T0)]
    assert (got.updated_at, got.last_interaction_at) == (ada.updated_at, talks[0].at)  # untouched
    assert [i.direction for i in store.interactions(ada.id)] == [Direction.OUT]
    for path in [*(root / CONTACTS).iterdir(), *(root / INTERACTIONS).iterdir()]:
        table = orjson.loads(path.read_bytes())
        for doc in next(iter(table.values())).values():
            assert V2_CONTACT_KEYS <= set(doc) or V2_INTERACTION_KEYS <= set(doc)
    again = data_files(root)
    Store(root)  # a second open migrates nothing
    assert data_files(root) == again
    assert len(list((root / "backups").iterdir())) == 1


def test_a_migration_killed_part_way_is_finished_on_the_next_open(
    v1: tuple[Path, list[Contact], list[Interaction]],
) -> None:
    root, (ada, _bo), _talks = v1
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child is killed after its first shard rewrite
        try:
            import board.store.files as module

            real = module.write_atomic

            def dying(path: Path, payload: bytes, **kw: object) -> os.stat_result:
                result = real(path, payload, **kw)  # type: ignore[arg-type]
                os.kill(os.getpid(), signal.SIGKILL)
                return result

            module.write_atomic = dying  # type: ignore[assignment]
            Store(root)
        finally:
            os._exit(3)
    _, status = os.waitpid(pid, 0)
    assert os.WIFSIGNALED(status)
    assert orjson.loads((root / "meta.json").read_bytes())["_meta"]["schema"]["schema_version"] == 1
    store = Store(root)
    assert store.schema_version() == 2
    assert store.get(ada.id).stage_history[-1] == StageMark(Stage.TALKED, ada.stage_changed_at)
    assert {c.name for c in store.contacts()} == {"Ada", "Bo"}


def test_a_damaged_shard_stops_the_migration_and_nothing_changes(
    v1: tuple[Path, list[Contact], list[Interaction]],
) -> None:
    root, (ada, _), _ = v1
    (root / rel(CONTACTS, shard_of(ada.id))).write_bytes(b"{broken")
    before = data_files(root)
    with pytest.raises(DataError, match="not valid JSON"):
        Store(root)
    assert data_files(root) == before


# --- stage history ---------------------------------------------------------------------------


def test_every_stage_change_is_appended_to_the_history(tmp_path: Path) -> None:
    clock = Clock(T0)
    store = Store(tmp_path / "data", clock=clock)
    ada = store.add_contact(person("Ada", at=T0)).contact
    assert ada.stage_history == [StageMark(Stage.MET, T0)]
    clock.advance(days=1)
    store.move(ada.id, Stage.TALKED)
    clock.advance(days=1)
    store.move(ada.id, Stage.TALKED)  # no change: nothing appended
    store.update_contact(store.get(ada.id).copy(notes="likes engines"))
    clock.advance(days=1)
    store.update_contact(store.get(ada.id).copy(stage=Stage.TRUSTED))
    history = Store(store.root).get(ada.id).stage_history
    assert history == [
        StageMark(Stage.MET, T0), StageMark(Stage.TALKED, T0 + timedelta(days=1)),
        StageMark(Stage.TRUSTED, T0 + timedelta(days=3)),
    ]
    got = store.get(ada.id)
    assert got.stage_at(T0 + timedelta(hours=30)) == Stage.TALKED
    assert got.stage_at(T0 - timedelta(days=1)) == Stage.MET


def test_a_contact_added_past_met_starts_its_history_at_met(tmp_path: Path) -> None:
    store = Store(tmp_path / "data", clock=Clock(T0))
    bo = person("Bo", at=T0 - timedelta(days=5), stage=Stage.GAVE_VALUE)
    bo.stage_changed_at = T0
    saved = store.add_contact(bo).contact
    assert saved.stage_history == [StageMark(Stage.MET, T0 - timedelta(days=5)), StageMark(Stage.GAVE_VALUE, T0)]


# --- the new fields ---------------------------------------------------------------------------


def test_new_contact_and_interaction_fields_round_trip(tmp_path: Path) -> None:
    store = Store(tmp_path / "data", clock=Clock(T0))
    ada = store.add_contact(person("Ada", at=T0, reconnect_on=date(2026, 4, 1))).contact
    bo = store.add_contact(person(
        "Bo", at=T0, nickname="Bobby", birthday="--04-15", introduced_by=ada.id,
        reminder=Reminder(date(2026, 3, 9), "send the checklist"), reconnect_on=date(2026, 4, 1),
    )).contact
    note = store.log(bo.id, Kind.MESSAGE, "thanks!", direction=Direction.IN, linked_to="x" * 32,
                     resource_id="r" * 32).interaction
    again = Store(store.root)
    got = again.get(bo.id)
    assert (got.nickname, got.birthday, got.introduced_by) == ("Bobby", "--04-15", ada.id)
    assert got.reminder == Reminder(date(2026, 3, 9), "send the checklist")
    assert again.get(ada.id).reconnect_on == date(2026, 4, 1)
    assert got.reconnect_on is None  # (a log ends the reconnect plan)
    (stored,) = again.interactions(bo.id)
    assert stored == note and stored.direction == Direction.IN
    assert (stored.linked_to, stored.resource_id) == ("x" * 32, "r" * 32)
    assert contact_from_doc(got.to_dict()) == Contact.from_dict(got.to_dict()) == got
    assert interaction_from_doc(stored.to_dict()) == Interaction.from_dict(stored.to_dict())
    shown = orjson.loads(run_cli("show", "Bo", "--json", data=store.root).stdout)
    assert shown["reminder"] == {"date": "2026-03-09", "text": "send the checklist"}
    assert shown["interactions"][0]["direction"] == "in"
    listed = orjson.loads(run_cli("list", "--json", data=store.root).stdout)
    assert {c["nickname"] for c in listed} == {"", "Bobby"}


def test_only_a_message_can_come_from_them(tmp_path: Path) -> None:
    store = Store(tmp_path / "data", clock=Clock(T0))
    ada = store.add_contact(person("Ada", at=T0)).contact
    with pytest.raises(UserError, match="only a message"):
        store.log(ada.id, Kind.CALL, "they called", direction=Direction.IN)


@pytest.mark.parametrize(
    ("field", "value"),
    [("birthday", "15 April"), ("birthday", "--13-01"), ("reminder", {"text": "x"}),
     ("reminder", "tomorrow"), ("reconnect_on", "soon"), ("stage_history", [{"stage": "best", "at": "2026-01-01"}]),
     ("stage_history", "met"), ("introduced_by", 7)],
)
def test_malformed_new_fields_are_named(field: str, value: object) -> None:
    doc = {**person("Ada", at=T0).to_dict(), field: value}
    problem = contact_problem(doc)
    assert problem is not None and problem[0] == field
    with pytest.raises((ValueError, TypeError, UserError)):
        Contact.from_dict(doc) if field != "introduced_by" else contact_from_doc({**doc, "name": ""})


# --- the resource library -----------------------------------------------------------------------


def test_resources_are_added_edited_removed_and_undone(tmp_path: Path) -> None:
    clock = Clock(T0)
    store = Store(tmp_path / "data", clock=clock)
    history = History(store)
    guide = Resource(id=new_id(), title="  Launch   checklist ", url="https://example.com/launch ",
                     topics=["launch", " "], created_at=T0, updated_at=T0)
    added = history.record(store.add_resource(guide))
    assert added is not None and added.resource is not None
    assert added.resource.title == "Launch checklist" and added.resource.topics == ["launch"]
    clock.advance(hours=1)
    history.record(store.update_resource(added.resource.copy(note="the one I always send")))
    other = Store(store.root)
    (got,) = other.resources()
    assert (got.note, got.updated_at, got.created_at) == ("the one I always send", T0 + timedelta(hours=1), T0)
    assert other.find_resource("launch").id == guide.id
    assert other.find_resource(guide.id[:6]).id == guide.id
    history.record(store.remove_resource(guide.id))
    assert Store(store.root).resources() == []
    history.undo()
    assert Store(store.root).get_resource(guide.id).note == "the one I always send"
    history.undo()
    history.undo()
    assert Store(store.root).resources() == []
    with pytest.raises(UserError, match="needs a title"):
        store.add_resource(Resource(id=new_id(), title="  "))
    with pytest.raises(UserError, match="no resource"):
        store.remove_resource("missing")


def test_resources_are_backed_up_and_a_damaged_library_is_refused(tmp_path: Path) -> None:
    store = Store(tmp_path / "data", clock=Clock(T0))
    store.add_resource(Resource(id=new_id(), title="Guide", created_at=T0, updated_at=T0))
    good = store.backup("daily")
    assert (good / RESOURCES_FILE).read_bytes() == (store.root / RESOURCES_FILE).read_bytes()
    (store.root / RESOURCES_FILE).write_bytes(b'{"resources": {"a": {"id": "a", "title": 3}}}')
    before = data_files(store.root)
    with pytest.raises(DataError, match=f"{RESOURCES_FILE}.*title must be text.*{good}"):
        Store(store.root).resources()
    with pytest.raises(DataError, match=RESOURCES_FILE):
        Store(store.root).add_resource(Resource(id=new_id(), title="Another"))
    assert data_files(store.root) == before


def test_a_resource_and_a_contact_change_commit_together(tmp_path: Path) -> None:
    store = Store(tmp_path / "data", clock=Clock(T0))
    ada = store.add_contact(person("Ada", at=T0)).contact
    guide = Resource(id=new_id(), title="Guide", created_at=T0, updated_at=T0)
    with store.transaction("shared the guide") as txn:
        txn.put_resource(guide)
        txn.put_interaction(Interaction(new_id(), ada.id, T0, Kind.GAVE, "the guide", resource_id=guide.id))
    assert txn.change is not None and len(txn.change.ops) == 3
    assert txn.change.contact_ids() == {ada.id}
    assert Store(store.root).interactions(ada.id)[0].resource_id == guide.id


def test_a_malformed_birthday_is_refused_on_write(tmp_path: Path) -> None:
    store = Store(tmp_path / "data", clock=Clock(T0))
    with pytest.raises(UserError, match="birthday") as caught:
        store.add_contact(person("Ada", at=T0, birthday="15 April"))
    assert caught.value.field == "birthday"
    assert store.contacts() == []
