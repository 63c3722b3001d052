"""The trustboard JSON format: import merges by id, is idempotent, and export → import is the identity."""

from __future__ import annotations

import json
import re
import tempfile
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from board.errors import ImportFileError
from board.exporters import export_data
from board.importers import import_file, read_import
from board.model import Contact, Interaction, Kind, Stage, Value
from board.store import Store
from tests.helpers import by_name, data_files, fixture, network_json, run_cli

MAYA = "7f3c0a9e2b8d4c1e9a6b5d4c3b2a1f00"


def test_import_of_a_trustboard_file(store: Store):
    summary = import_file(store, "json", fixture("json/network.json"))

    assert sorted(summary.added) == ["Ken Adams", "Maya Chen", "Nora Berg"]
    assert summary.interactions == 4
    maya = store.get(MAYA)
    assert (maya.stage, maya.cadence_days, maya.snoozed_until) == (Stage.GAVE_VALUE, 21, date(2026, 3, 10))
    assert maya.expertise == ["pricing", "market sizing"]
    assert maya.updated_at == datetime.fromisoformat("2026-02-10T10:00:00+01:00")  # kept, not "now"
    # Derived: recomputed from the interactions, not the file's 1999 value.
    assert maya.last_interaction_at == datetime.fromisoformat("2026-01-15T12:00:00+01:00")
    history = store.interactions(MAYA)
    assert [(i.id, i.kind, i.value) for i in history] == [
        ("int-maya-1", Kind.MESSAGE, None),
        ("int-maya-2", Kind.CALL, None),
        ("int-maya-3", Kind.GAVE, Value.INTRODUCTION),
    ]
    ken = store.get("c0ffee00c0ffee00c0ffee00c0ffee00")
    assert ken.archived and ken.last_interaction_at is None
    nora = by_name(store)["Nora Berg"]  # no id in the file: a new one, defaults for the rest
    assert len(nora.id) == 32 and nora.stage == Stage.MET and nora.source == "manual"
    assert [i.summary for i in store.interactions(nora.id)] == ["Met at a fika"]


def test_importing_the_same_file_twice_changes_nothing(store: Store, data_dir: Path):
    import_file(store, "json", fixture("json/network.json"))
    before = data_files(data_dir)

    again = import_file(store, "json", fixture("json/network.json"))

    assert (len(again.added), len(again.updated), again.unchanged, again.interactions) == (0, 0, 3, 0)
    assert data_files(data_dir) == before


def edited(tmp_path: Path, change) -> Path:  # noqa: ANN001 - a small test helper
    document = orjson.loads(fixture("json/network.json").read_bytes())
    change(document["contacts"][0])
    path = tmp_path / "edited.json"
    path.write_bytes(orjson.dumps(document))
    return path


def test_a_newer_copy_of_a_contact_wins_and_interactions_unite(store: Store, tmp_path: Path):
    import_file(store, "json", fixture("json/network.json"))
    store.log(MAYA, Kind.NOTE, "logged here after the export", at=datetime(2026, 2, 20, tzinfo=UTC))

    def newer(maya: dict) -> None:
        maya["title"] = "CEO"
        maya["updated_at"] = "2026-03-01T08:00:00+01:00"
        maya["interactions"].append(
            {"id": "int-maya-4", "at": "2026-02-25T09:00:00+01:00", "kind": "meeting", "summary": "Lunch"}
        )

    summary = import_file(store, "json", edited(tmp_path, newer))

    assert summary.updated == [("Maya Chen", ["title", "interactions"])]
    maya = store.get(MAYA)
    assert maya.title == "CEO"
    assert maya.updated_at == datetime.fromisoformat("2026-03-01T08:00:00+01:00")
    summaries = [i.summary for i in store.interactions(MAYA)]
    assert "logged here after the export" in summaries and "Lunch" in summaries and len(summaries) == 5
    assert maya.last_interaction_at == datetime.fromisoformat("2026-02-25T09:00:00+01:00")


def test_an_older_copy_of_a_contact_does_not_overwrite(store: Store, tmp_path: Path):
    import_file(store, "json", fixture("json/network.json"))
    store.move(MAYA, Stage.TRUSTED)  # edited here, after the file was written

    def stale(maya: dict) -> None:
        maya["title"] = "Intern"

    summary = import_file(store, "json", edited(tmp_path, stale))
    assert summary.updated == [] and summary.unchanged == 3
    maya = store.get(MAYA)
    assert (maya.title, maya.stage) == ("Founder", Stage.TRUSTED)


def test_a_contact_with_an_unknown_id_merges_into_the_same_person(store: Store):
    import_file(store, "invitations", fixture("linkedin/Invitations.csv"))
    local = by_name(store)["Maya Chen"]
    store.move(local.id, Stage.TALKED)

    summary = import_file(store, "json", fixture("json/network.json"))

    assert ("Maya Chen", ["company", "title", "emails", "phones", "tags", "expertise", "needs",
                          "notes", "interactions"]) in summary.updated
    maya = by_name(store)["Maya Chen"]  # still one Maya
    assert maya.id == local.id and maya.stage == Stage.TALKED  # the user's stage is kept
    assert maya.company == "Chen Analytics"
    assert len(store.interactions(maya.id)) == 1 + 3
    again = import_file(store, "json", fixture("json/network.json"))
    assert not again.changed


@pytest.mark.parametrize(
    ("rel", "line", "reason"),
    [
        ("bad/invalid.json", 7, "invalid JSON: trailing comma is not allowed"),
        ("bad/newer_version.json", 3,
         "it was written by a newer trustboard (format version 2; this one reads version 1): "
         "upgrade trustboard to import it"),
        ("bad/bad_kind.json", 12,
         "interaction 2 of John Doe: unknown interaction kind 'telepathy': use one of met, "
         "message, call, meeting, gave, received, note"),
    ],
)
def test_malformed_fixtures(rel: str, line: int, reason: str):
    with pytest.raises(ImportFileError) as failed:
        read_import("json", fixture(rel))
    assert (failed.value.line, failed.value.reason) == (line, reason)


def document(*contacts: str) -> str:
    body = ",\n".join(contacts)
    return f'{{\n"format": "trustboard",\n"version": 1,\n"contacts": [\n{body}\n]\n}}\n'


@pytest.mark.parametrize(
    ("text", "line", "reason"),
    [
        ("[1, 2]", 1, 'not a trustboard export (it needs "format": "trustboard")'),
        ('{"format": "other"}', 1, 'not a trustboard export (it needs "format": "trustboard")'),
        ('{"format": "trustboard", "version": "1"}', 1, "unknown format version '1' (expected 1)"),
        ('{"format": "trustboard",\n "version": 1,\n "contacts": {}}', 3,
         '"contacts" must be a list of contacts'),
        (document('{"name": "A"}', '{\n"name": "B",\n"emails": "b@x.example"}'), 8,
         "emails must be a list of text"),
        (document('{"name": "A"}', '{"name": "  "}'), 6, "a contact needs a name"),
        (document('{"id": "x", "name": "A"}', '{"id": "x", "name": "B"}'), 6, "contact id x appears twice"),
        (document('{"name": "A", "archived": "no"}'), 5, "archived must be true or false"),
        (document('{"name": "A",\n"created_at": "last tuesday"}'), 6,
         "created_at is not an ISO 8601 time: 'last tuesday'"),
        (document('{"name": "A", "stage": "friends"}'), 5,
         "contact 1: unknown stage 'friends': use one of met, talked, gave-value, trusted"),
        (document('{"name": "A", "interactions": [{"kind": "call"}]}'), 5,
         "an interaction needs a time ('at')"),
        (document('{"name": "A", "interactions": [{"at": 5}]}'), 5, "interaction at must be text"),
        ("", 1, "the file is empty"),
        ("\x00\x01binary", 1, "binary data, not a JSON file"),
    ],
)
def test_malformed_json_names_the_line(tmp_path: Path, text: str, line: int, reason: str):
    path = tmp_path / "bad.json"
    path.write_text(text)
    with pytest.raises(ImportFileError) as failed:
        read_import("json", path)
    assert (failed.value.line, failed.value.reason) == (line, reason)


def test_invalid_utf8_is_refused(tmp_path: Path):
    path = tmp_path / "bad.json"
    path.write_bytes(b'{"format": "trustboard", "version": 1, "contacts": [{"name": "\xff"}]}')
    with pytest.raises(ImportFileError) as failed:
        read_import("json", path)
    assert failed.value.reason == "invalid JSON: it is not UTF-8 text (binary data or another encoding)"


# --- export → import is the identity --------------------------------------------------


ZONES = [UTC, timezone(timedelta(hours=5, minutes=30)), timezone(timedelta(hours=-8)),
         timezone(timedelta(hours=1))]
# Text as the store keeps it (control characters are stripped on the way in: see
# test_import_producers), at moments within the bounds every door enforces.
text = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Cf", "Zl", "Zp")), max_size=20)
moments = st.datetimes(
    min_value=datetime(1990, 1, 1), max_value=datetime(2024, 1, 1), timezones=st.sampled_from(ZONES)
)
ids = st.uuids().map(lambda u: u.hex) | st.text(
    st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=12
)


@st.composite
def interactions(draw: st.DrawFn) -> dict:
    kind = draw(st.sampled_from(list(Kind)))
    value = draw(st.sampled_from(list(Value))) if kind in (Kind.GAVE, Kind.RECEIVED) else None
    return {"id": draw(st.uuids()).hex, "at": draw(moments), "kind": kind, "summary": draw(text),
            "value": value}


# what a store holds since every door checks URLs (board.links)
web_links = st.builds(
    "{}://{}.example/{}".format, st.sampled_from(["http", "https"]),
    st.from_regex(r"[a-z0-9](?:[a-z0-9-]{0,10}[a-z0-9])?", fullmatch=True),
    st.from_regex(r"[A-Za-z0-9_~%-]{0,12}", fullmatch=True),
)


@st.composite
def contacts(draw: st.DrawFn) -> tuple[Contact, list[dict]]:
    created = draw(moments)
    contact = Contact(
        id=draw(ids), name=draw(text.map(str.strip).filter(bool)), company=draw(text),
        title=draw(text), emails=draw(st.lists(text.filter(bool), max_size=2)),
        phones=draw(st.lists(text.filter(bool), max_size=2)),
        urls=draw(st.lists(web_links, max_size=2)), stage=draw(st.sampled_from(list(Stage))),
        tags=draw(st.lists(text.filter(bool), max_size=3)),
        expertise=draw(st.lists(text.filter(bool), max_size=2)), needs=draw(text),
        met_at=draw(text), source=draw(st.sampled_from(["manual", "linkedin", "vcard", "csv"])),
        notes=draw(text), created_at=created, updated_at=draw(moments), stage_changed_at=draw(moments),
        snoozed_until=draw(st.none() | st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1))),
        cadence_days=draw(st.none() | st.integers(min_value=1, max_value=400)),
        archived=draw(st.booleans()),
    )
    return contact, draw(st.lists(interactions(), max_size=4))


@pytest.mark.slow  # 40 random stores exported and imported again
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(contacts(), max_size=6, unique_by=lambda pair: pair[0].id))
def test_json_export_then_import_into_an_empty_store_is_the_identity(network):
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        source = Store(root / "a")
        with source.transaction("seed", backup=False) as txn:
            for contact, history in network:
                txn.put_contact(contact, touch=False)
                for item in history:
                    txn.put_interaction(Interaction(contact_id=contact.id, **item))
        exported = export_data(source, "json")
        (root / "export.json").write_bytes(exported)

        target = Store(root / "b")
        summary = import_file(target, "json", root / "export.json")

        assert len(summary.added) == len(network) and not summary.skipped
        assert network_json(target) == network_json(source)
        for contact, _history in network:
            assert target.get(contact.id) == source.get(contact.id)
            assert target.interactions(contact.id) == source.interactions(contact.id)
        again = import_file(target, "json", root / "export.json")
        assert not again.changed and again.unchanged == len(network)


def test_json_text_is_stripped_of_controls_and_dates_kept_in_bounds(store: Store, tmp_path: Path):
    path = tmp_path / "hostile.json"
    path.write_text(json.dumps({"format": "trustboard", "version": 1, "contacts": [
        {"name": "Zed\x1b]52;c;ZWNobw==\x07\u202e", "notes": "a\x9b31m\nb", "created_at": "9999-12-31T00:00:00+00:00",
         "interactions": [{"at": "2020-01-01T10:00:00+00:00", "kind": "note", "summary": "x\x1b[2Jy"}]},
    ]}))
    summary = import_file(store, "json", path)
    (zed,) = store.contacts()
    assert (zed.name, zed.notes) == ("Zed]52;c;ZWNobw==", "a31m\nb")
    assert zed.created_at <= store.clock()
    assert [i.summary for i in store.interactions(zed.id)] == ["x[2Jy"]
    assert "note: a creation date in the future, read as the day of the import" in "\n".join(summary.describe())


@pytest.mark.parametrize(
    ("item", "reason"),
    [
        ({"name": "A", "cadence_days": 2**63}, "cadence_days must be a whole number of days, 1 to 3650"),
        ({"name": "\x1b\x07"}, "a contact needs a name"),
        ({"name": "A", "interactions": [{"at": "9999-12-31T23:59:00+00:00", "kind": "call"}]}, "more than a day ahead"),
    ],
)
def test_json_out_of_bounds_is_refused_with_its_line(tmp_path: Path, item: dict, reason: str):
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({"format": "trustboard", "version": 1, "contacts": [item]}))
    with pytest.raises(ImportFileError, match=re.escape(reason)):
        read_import("json", path)


def test_a_contact_without_created_at_is_added_as_of_the_import_with_no_note(tmp_path: Path) -> None:
    """No creation date in the file is the default (the import's moment), not a date "in
    the future" the import moved: the summary has no note about it."""
    source = tmp_path / "people.json"
    source.write_bytes(orjson.dumps({"format": "trustboard", "version": 1, "contacts": [
        {"id": "1" * 32, "name": "Nat Created", "stage": "talked", "interactions": [
            {"id": "2" * 32, "at": "2025-05-01T10:00:00+00:00", "kind": "call", "summary": "hi"}]},
        {"name": "No Id"},
        {"name": "Far Ahead", "created_at": "2999-01-01T00:00:00+00:00"},
    ]}))
    done = run_cli("import", "json", str(source), data=tmp_path / "data")
    assert done.returncode == 0, done.stderr
    notes = [line for line in done.stdout.splitlines() if "note:" in line]
    assert notes == ["  note: a creation date in the future, read as the day of the import"], done.stdout
    listed = orjson.loads(run_cli("list", "--json", data=tmp_path / "data").stdout)
    for contact in listed:
        created = datetime.fromisoformat(contact["created_at"])
        assert abs(created - datetime.now(UTC)) < timedelta(minutes=5), contact


def test_a_big_re_import_merges_interactions_by_stored_id_without_building_them(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    # More contacts than History asks about one by one: the ids come from one pass over
    # the stored records, and the interactions already there are never built for it.
    people = [
        {"id": f"{n:032x}", "name": f"Person {n}", "created_at": "2025-01-01T09:00:00+00:00",
         "interactions": [{"id": f"talk-{n}", "at": "2025-02-01T09:00:00+00:00", "kind": "call",
                           "summary": f"call {n}"}]}
        for n in range(100)
    ]
    path = tmp_path / "many.json"
    path.write_bytes(orjson.dumps({"format": "trustboard", "version": 1, "contacts": people}))
    import_file(store, "json", path)
    people[7]["interactions"].append(
        {"id": "talk-new", "at": "2025-03-01T09:00:00+00:00", "kind": "meeting", "summary": "lunch"})
    path.write_bytes(orjson.dumps({"format": "trustboard", "version": 1, "contacts": people}))

    def not_built(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("every interaction built for a merge by id")

    monkeypatch.setattr(Store, "all_interactions", not_built)
    again = import_file(store, "json", path)

    assert (len(again.updated), again.unchanged, again.interactions) == (1, 99, 1)
    assert [i.id for i in store.interactions(f"{7:032x}")] == ["talk-7", "talk-new"]
    assert [i.id for i in store.interactions(f"{8:032x}")] == ["talk-8"]
