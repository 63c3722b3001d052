"""The resource library's doors (`board.give.library`) and its part of JSON export/import."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import orjson
import pytest

from board.errors import ImportFileError, UserError
from board.exporters import export_data
from board.give.library import (
    add_resource,
    check_topics,
    check_url,
    edit_resource,
    new_resource,
    remove_resource,
)
from board.history import History
from board.importers import import_file
from board.model import Kind, Resource, Value, new_id
from board.store import Store
from tests.helpers import FIXED_NOW, Clock, data_files, person


@pytest.mark.parametrize("url", [
    "https://example.com/guide",
    "http://example.com",
    "HTTPS://Example.com/a?b=c#d",
    "https://127.0.0.1:8080/x",
    "  https://example.com/padded  ",
])
def test_web_links_are_accepted(url: str) -> None:
    assert check_url(url) == url.strip()


@pytest.mark.parametrize(("url", "said"), [
    ("", "needs a URL"),
    ("ftp://example.com/file", "only web links"),
    ("javascript:alert(1)", "only web links"),
    ("mailto:ana@example.com", "only web links"),
    ("file:///etc/passwd", "only web links"),
    ("example.com/guide", "start it with https:// (https://example.com/guide)"),
    ("www.example.com:8080/x", "start it with https://"),
    ("https://", "names no site"),
    ("http:///path", "names no site"),
    ("https://exa mple.com", "no spaces"),
    ("https://example.com:port/", "cannot be read"),
])
def test_anything_but_a_web_link_is_refused_with_what_to_type(url: str, said: str) -> None:
    with pytest.raises(UserError, match="URL") as refused:
        check_url(url)
    assert said in str(refused.value)


def test_topics_are_cleaned_and_repeats_dropped() -> None:
    assert check_topics([" reverse  mortgages ", "", "Reverse Mortgages", "aging\x1b[2J parents"]) == [
        "reverse mortgages", "aging[2J parents",
    ]
    with pytest.raises(UserError, match="at most 20"):
        check_topics([f"topic {n}" for n in range(21)])


def test_add_edit_remove_are_each_one_undoable_change(store: Store) -> None:
    history = History(store)
    guide = new_resource("Rent or buy?", "https://example.com/rent", ["renting", "buying"], "the one I send")
    added = history.record(add_resource(store, guide))
    assert added and added.resource is not None
    assert added.resource.created_at == FIXED_NOW
    assert [r.title for r in Store(store.root).resources()] == ["Rent or buy?"]

    edited = history.record(edit_resource(store, added.resource.copy(title="Rent or buy this spring?")))
    assert edited and [r.title for r in Store(store.root).resources()] == ["Rent or buy this spring?"]
    assert not edit_resource(store, edited.resource)  # nothing changed: nothing written

    history.record(remove_resource(store, guide.id))
    assert Store(store.root).resources() == []
    history.undo()
    assert [r.title for r in Store(store.root).resources()] == ["Rent or buy this spring?"]
    history.undo()
    history.undo()
    assert Store(store.root).resources() == []
    history.redo()
    (back,) = Store(store.root).resources()
    assert (back.id, back.title, back.topics, back.note) == (guide.id, "Rent or buy?", ["renting", "buying"],
                                                             "the one I send")


def test_a_title_is_taken_whatever_its_case_and_spacing(store: Store) -> None:
    first = add_resource(store, new_resource("Rent or Buy?", "https://example.com/a")).resource
    other = add_resource(store, new_resource("Closing costs", "https://example.com/b")).resource
    assert first and other
    before = data_files(store.root)
    with pytest.raises(UserError, match="already in your library"):
        add_resource(store, new_resource("  rent   or buy? ", "https://example.com/c"))
    with pytest.raises(UserError, match="already in your library"):
        edit_resource(store, other.copy(title="RENT OR BUY?"))
    assert data_files(store.root) == before
    # Its own title, in another case, is no clash.
    assert edit_resource(store, first.copy(title="Rent or buy?"))


def test_a_bad_edit_or_a_vanished_resource_changes_nothing(store: Store) -> None:
    guide = add_resource(store, new_resource("Guide", "https://example.com/g")).resource
    assert guide
    before = data_files(store.root)
    for bad in (guide.copy(url="not a url"), guide.copy(title="  "), guide.copy(id=new_id())):
        with pytest.raises(UserError):
            edit_resource(store, bad)
    with pytest.raises(UserError, match="no resource"):
        remove_resource(store, new_id())
    assert data_files(store.root) == before


# --- JSON export and import


def _library_store(root: Path) -> Store:
    store = Store(root, clock=Clock(FIXED_NOW))
    store.add_contact(person("Ana Lopez", id="a" * 32))
    guide = add_resource(store, new_resource(
        "Rent or buy?", "https://example.com/rent", ["renting", "first home"], "line one\nline two",
    )).resource
    add_resource(store, new_resource("Closing costs", "https://example.com/closing"))
    assert guide
    store.log("a" * 32, Kind.GAVE, "Shared “Rent or buy?”: https://example.com/rent",
              value=Value.RESOURCE, resource_id=guide.id, at=FIXED_NOW - timedelta(days=2))
    return store


def test_export_carries_the_library_and_resource_ids_and_imports_back_exactly(tmp_path: Path) -> None:
    source = _library_store(tmp_path / "a")
    exported = orjson.loads(export_data(source, "json"))
    assert [r["title"] for r in exported["resources"]] == ["Closing costs", "Rent or buy?"]
    assert exported["resources"] == [r.to_dict() for r in source.resources()]
    (gave,) = exported["contacts"][0]["interactions"]
    assert gave["resource_id"] == source.find_resource("rent").id

    path = tmp_path / "export.json"
    path.write_bytes(export_data(source, "json"))
    target = Store(tmp_path / "b", clock=Clock(FIXED_NOW))
    summary = import_file(target, "json", path)
    assert summary.resources == (2, 0, 0)
    assert "  resources: 2 added, 0 updated, 0 unchanged" in summary.describe()
    assert target.resources() == source.resources()
    assert target.interactions("a" * 32) == source.interactions("a" * 32)
    again = orjson.loads(export_data(target, "json"))
    assert {**again, "exported_at": None} == {**exported, "exported_at": None}

    # Idempotent: the same file again changes nothing at all.
    before = data_files(target.root)
    second = import_file(target, "json", path)
    assert second.resources == (0, 0, 2) and not second.changed
    assert data_files(target.root) == before


def test_import_merges_resources_by_id_the_newer_copy_wins(tmp_path: Path) -> None:
    store = _library_store(tmp_path / "a")
    store = Store(store.root, clock=Clock(FIXED_NOW + timedelta(hours=1)))  # importing later
    rent = store.find_resource("rent")
    document = orjson.loads(export_data(store, "json"))
    newer = {**rent.to_dict(), "note": "from the other machine",
             "updated_at": (FIXED_NOW + timedelta(minutes=5)).isoformat()}
    older = {**store.find_resource("closing").to_dict(), "url": "https://example.com/old",
             "updated_at": (FIXED_NOW - timedelta(days=9)).isoformat()}
    clash = {"id": new_id(), "title": "rent OR buy?", "url": "https://example.com/other", "topics": []}
    fresh = {"id": new_id(), "title": "Moving checklist", "url": "https://example.com/move", "topics": ["moving"]}
    document["resources"] = [newer, older, clash, fresh]
    path = tmp_path / "in.json"
    path.write_bytes(orjson.dumps(document))
    summary = import_file(store, "json", path)
    assert summary.resources == (1, 1, 1)
    assert summary.resources_skipped and "already has one of that title" in summary.resources_skipped[0]
    library = {r.title: r for r in Store(store.root).resources()}
    assert sorted(library) == ["Closing costs", "Moving checklist", "Rent or buy?"]
    assert library["Rent or buy?"].note == "from the other machine"
    assert library["Closing costs"].url == "https://example.com/closing"  # the older copy lost


def test_a_file_without_resources_imports_as_before(tmp_path: Path) -> None:
    store = _library_store(tmp_path / "a")
    document = orjson.loads(export_data(store, "json"))
    del document["resources"]
    path = tmp_path / "old.json"
    path.write_bytes(orjson.dumps(document))
    target = Store(tmp_path / "b", clock=Clock(FIXED_NOW))
    summary = import_file(target, "json", path)
    assert summary.resources == (0, 0, 0)
    assert not any("resources" in line for line in summary.describe())
    assert target.resources() == []


@pytest.mark.parametrize(("resources", "reason"), [
    ("{}", '"resources" must be a list'),
    ('[{"title": "", "url": "https://example.com"}]', "needs a title"),
    ('[{"title": "X", "url": "javascript:alert(1)"}]', "only web links"),
    ('[{"title": "X", "url": "https://example.com", "topics": "a"}]', "topics must be a list"),
    ('[{"id": "r1", "title": "X", "url": "https://example.com/x"},\n'
     ' {"id": "r1", "title": "Y", "url": "https://example.com/y"}]', "appears twice"),
])
def test_a_bad_resource_refuses_the_whole_file_with_its_line(tmp_path: Path, resources: str, reason: str) -> None:
    store = Store(tmp_path / "data", clock=Clock(FIXED_NOW))
    path = tmp_path / "bad.json"
    path.write_text('{"format": "trustboard", "version": 1,\n"contacts": [{"name": "Ana"}],\n'
                    f'"resources": {resources}}}\n', "utf-8")
    before = data_files(store.root)
    with pytest.raises(ImportFileError) as refused:
        import_file(store, "json", path)
    assert reason in str(refused.value)
    assert "line 3" in str(refused.value) or "line 4" in str(refused.value)
    assert data_files(store.root) == before
    assert store.contacts() == [] and store.resources() == []


def test_imported_resource_text_is_cleaned(tmp_path: Path) -> None:
    store = Store(tmp_path / "data", clock=Clock(FIXED_NOW))
    path = tmp_path / "in.json"
    path.write_bytes(orjson.dumps({"format": "trustboard", "version": 1, "contacts": [], "resources": [
        {"id": "r" * 32, "title": "Guide\x1b]52;c;aGk=\x07", "url": " https://example.com/g ",
         "topics": ["a\u202eb", "A\u202eB"], "note": "one\r\ntwo\x9b"},
    ]}))
    import_file(store, "json", path)
    (guide,) = store.resources()
    assert isinstance(guide, Resource)
    assert (guide.title, guide.url, guide.topics, guide.note) == (
        "Guide]52;c;aGk=", "https://example.com/g", ["ab"], "one\ntwo",
    )
