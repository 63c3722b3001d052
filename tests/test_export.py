"""`trustboard export --format json|csv|vcard [-o FILE]`: every contact, archived included."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from board.exporters import export_data
from board.model import Contact, Kind, Stage, Value
from board.store import Store
from tests.helpers import data_files, person, run


@pytest.fixture
def data(tmp_path: Path, capsys) -> Path:
    root = tmp_path / "data"
    for args in (
        ["add", "Ana Lima", "--company", "Lima & Co", "--email", "ana@lima.example", "--tag", "bni"],
        ["add", "Bo Chen", "--stage", "trusted"],
        ["log", "Ana Lima", "--kind", "gave", "--value", "introduction", "--at", "2026-10-01", "Intro to Bo"],
        ["log", "Ana Lima", "--kind", "call", "--at", "2026-09-01", "First call"],
    ):
        assert run(capsys, "--data", root, *args)[0] == 0
    store = Store(root)
    store.archive(store.find("Bo Chen").id)
    return root


def test_json_export_shape(capsys, data: Path):
    code, out, err = run(capsys, "--data", data, "export", "--format", "json")
    assert (code, err) == (0, "")
    document = json.loads(out)
    assert (document["format"], document["version"]) == ("trustboard", 1)
    assert document["exported_at"]
    ana, bo = document["contacts"]  # sorted by name
    assert (ana["name"], bo["name"], bo["archived"], bo["stage"]) == ("Ana Lima", "Bo Chen", True, "trusted")
    assert set(ana) == set(Contact.__dataclass_fields__) | {"interactions"}
    assert [(i["kind"], i["summary"], i["value"]) for i in ana["interactions"]] == [
        ("call", "First call", None), ("gave", "Intro to Bo", "introduction"),  # oldest first
    ]
    assert set(ana["interactions"][0]) == {  # schema 2: who wrote, the pair, the resource
        "id", "at", "kind", "summary", "value", "direction", "linked_to", "resource_id",
    }
    assert document["resources"] == []  # the library, empty here
    assert ana["last_interaction_at"].startswith("2026-10-01")
    assert bo["interactions"] == []


def test_default_format_is_json_and_dash_means_stdout(capsys, data: Path):
    _, plain, _ = run(capsys, "--data", data, "export")
    _, dashed, _ = run(capsys, "--data", data, "export", "-o", "-")
    assert json.loads(plain)["contacts"] == json.loads(dashed)["contacts"]


@pytest.mark.parametrize("fmt", ["json", "csv", "vcard"])
def test_output_file_is_written_atomically_and_privately(capsys, data: Path, tmp_path: Path, fmt: str):
    target = tmp_path / f"network.{fmt}"
    target.write_text("old content")
    before = data_files(data)
    code, out, err = run(capsys, "--data", data, "export", "--format", fmt, "-o", target)
    assert (code, err) == (0, "")
    assert out == f"Exported 2 contacts to {target}.\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600  # it holds personal data
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []  # no temp left
    assert "Bo Chen" in target.read_text("utf-8")  # archived contacts are exported
    _, stdout_copy, _ = run(capsys, "--data", data, "export", "--format", fmt)
    if fmt != "json":  # (json carries its export time)
        assert target.read_bytes().decode("utf-8") == stdout_copy
    assert data_files(data) == before  # exporting changes no data


def test_export_errors(capsys, data: Path, tmp_path: Path):
    code, out, err = run(capsys, "--data", data, "export", "-o", tmp_path / "missing" / "x.json")
    assert (code, out) == (1, "")
    assert err == f"error: cannot write {tmp_path / 'missing' / 'x.json'}: the folder {tmp_path / 'missing'} does not exist\n"
    code, _out, err = run(capsys, "--data", data, "export", "-o", tmp_path)
    assert (code, err) == (1, f"error: {tmp_path} is a directory: name a file to export to\n")
    code, _out, err = run(capsys, "--data", data, "export", "--format", "xml")
    assert code == 2 and "'xml' is not one of" in err


def test_empty_store_exports(store: Store):
    assert json.loads(export_data(store, "json"))["contacts"] == []
    assert export_data(store, "csv").decode().startswith("name,company,title,")
    assert export_data(store, "vcard") == b""


def test_interactions_of_every_shard_are_exported(store: Store):
    at = store.clock()
    people = [person(f"P{n}", id=f"id-{n}", at=at, stage=Stage.TALKED) for n in range(60)]
    with store.transaction("seed", backup=False) as txn:
        for contact in people:
            txn.put_contact(contact)
    for contact in people:
        store.log(contact.id, Kind.RECEIVED, f"help from {contact.name}", value=Value.REFERRAL)
    document = json.loads(export_data(store, "json"))
    assert sum(len(c["interactions"]) for c in document["contacts"]) == 60
    assert all(c["interactions"][0]["summary"] == f"help from {c['name']}" for c in document["contacts"])


def test_format_follows_the_file_name_unless_given(capsys, data: Path, tmp_path: Path):
    assert run(capsys, "--data", data, "export", "-o", tmp_path / "people.vcf")[0] == 0
    assert (tmp_path / "people.vcf").read_text("utf-8").startswith("BEGIN:VCARD")
    assert run(capsys, "--data", data, "export", "-o", tmp_path / "people.CSV")[0] == 0
    assert (tmp_path / "people.CSV").read_text("utf-8").startswith("name,company,")
    assert run(capsys, "--data", data, "export", "--format", "json", "-o", tmp_path / "x.vcf")[0] == 0
    assert json.loads((tmp_path / "x.vcf").read_text("utf-8"))["format"] == "trustboard"
    assert run(capsys, "--data", data, "export", "-o", tmp_path / "backup.dat")[0] == 0
    assert json.loads((tmp_path / "backup.dat").read_text("utf-8"))["format"] == "trustboard"
