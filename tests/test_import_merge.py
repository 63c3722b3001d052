"""Merging without loss: re-imports keep what the user made, update what changed, never duplicate;
every import is one atomic, undoable change; --dry-run writes nothing."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from board.history import History
from board.importers import import_file
from board.model import Contact, Kind, Stage, new_id
from board.store import Store
from board.transfer.merge import merge_contact
from tests.helpers import by_name, data_files, fixture, network_json, run


def test_reimport_keeps_stage_notes_tags_interactions_and_snooze_and_updates_position(store: Store):
    import_file(store, "linkedin", fixture("linkedin/Connections.csv"))
    jane = by_name(store)["Jane Doe"]
    store.move(jane.id, Stage.GAVE_VALUE)
    store.update_contact(store.get(jane.id).copy(notes="Owes me a call", tags=["warm lead"]))
    store.log(jane.id, Kind.CALL, "Talked about Q3")
    store.snooze(jane.id, date(2026, 12, 24))
    store.archive(by_name(store)["Priya 🌱 Raman"].id)
    before = store.get(jane.id)

    summary = import_file(store, "linkedin", fixture("linkedin/Connections_newer.csv"))

    assert ("Jane Doe", ["title", "emails"]) in summary.updated
    after = store.get(jane.id)
    assert after.title == "VP Sales" and after.emails == ["jane.doe@acme.example"]
    assert (after.stage, after.notes, after.tags) == (Stage.GAVE_VALUE, "Owes me a call", ["warm lead"])
    assert after.snoozed_until == date(2026, 12, 24)
    assert after.stage_changed_at == before.stage_changed_at
    assert after.last_interaction_at == before.last_interaction_at
    assert [i.summary for i in store.interactions(jane.id)] == ["Talked about Q3"]
    priya = by_name(store)["Priya 🌱 Raman"]
    assert priya.archived  # matched, not re-added, and still archived
    assert len(store.contacts(archived=None)) == 7


def test_vcard_adds_tags_and_fills_empty_notes_but_never_replaces_notes(store: Store, tmp_path: Path):
    at = store.clock()
    with store.transaction("seed", backup=False) as txn:
        txn.put_contact(Contact(id="g", name="Grace Okafor", company="Okafor & Daughters, Ltd.",
                                tags=["client"], notes="My own notes", stage=Stage.TRUSTED,
                                created_at=at, updated_at=at, stage_changed_at=at))
        txn.put_contact(Contact(id="o", name="Omar Haddad", company="Cedar Freight",
                                created_at=at, updated_at=at, stage_changed_at=at))
    import_file(store, "vcard", fixture("vcard/apple.vcf"))
    grace, omar = store.get("g"), store.get("o")
    assert grace.tags == ["client", "BNI", "mentors"]
    assert grace.notes == "My own notes" and grace.stage == Stage.TRUSTED
    assert grace.emails == ["grace@okafor.example", "grace.o@mail.example"]
    assert omar.phones == ["+1 (555) 010-2020"]  # matched by name + company


def test_merge_contact_rules():
    current = Contact(id="c", name="Ana Lima", company="Old Co", title="CFO",
                      emails=["ana@old.example"], tags=["Friend"], notes="mine", needs="")
    incoming = Contact(id="n", name="ANA LIMA", company="New Co", title="",
                       emails=["ANA@old.example", "ana@new.example"], tags=["friend", "bni"],
                       notes="theirs", needs="an accountant", stage=Stage.TRUSTED, archived=True)
    merged, changed = merge_contact(current, incoming)
    assert changed == ["company", "emails", "tags", "needs"]
    assert merged is not None and merged.id == "c" and merged.name == "Ana Lima"
    assert (merged.company, merged.title) == ("New Co", "CFO")  # an empty value never erases
    assert merged.emails == ["ana@old.example", "ana@new.example"]  # case-blind
    assert merged.tags == ["Friend", "bni"]
    assert (merged.notes, merged.needs, merged.stage, merged.archived) == ("mine", "an accountant", Stage.MET, False)
    assert merge_contact(merged, incoming) == (None, [])


def test_ambiguous_name_is_left_alone(store: Store, tmp_path: Path):
    at = store.clock()
    with store.transaction("seed", backup=False) as txn:
        for cid in ("a", "b"):
            txn.put_contact(Contact(id=cid, name="Sam Lee", created_at=at, updated_at=at, stage_changed_at=at))
    path = tmp_path / "people.csv"
    path.write_text("name,title\nSam Lee,Chef\n")
    summary = import_file(store, "csv", path)
    assert summary.added == [] and summary.updated == []
    assert [s.reason for s in summary.skipped] == ["matches several contacts (Sam Lee (a), Sam Lee (b)): left alone"]


def test_a_company_website_is_not_a_profile_to_match_on(store: Store, tmp_path: Path):
    path = tmp_path / "people.csv"
    path.write_text("name,company,url\nAna Lima,Acme,https://acme.example/\nBo Chen,Acme,https://acme.example\n")
    summary = import_file(store, "csv", path)
    assert sorted(summary.added) == ["Ana Lima", "Bo Chen"]


def test_an_import_is_one_undoable_change_with_a_backup_before_it(store: Store, data_dir: Path):
    history = History(store)
    history.record(import_file(store, "linkedin", fixture("linkedin/Connections.csv")).change)
    snapshot = network_json(store)
    depth = len(history.undo_stack)

    history.record(import_file(store, "linkedin", fixture("linkedin/Connections_newer.csv")).change)

    assert len(history.undo_stack) == depth + 1
    assert history.undo_stack[-1].label == "imported 3 contacts from Connections_newer.csv"
    backups = sorted(p.name for p in (data_dir / "backups").iterdir())
    assert sum(name.endswith("-before-import") for name in backups) == 2
    history.undo()
    assert network_json(store) == snapshot


def test_dry_run_reports_the_same_and_writes_nothing(store: Store, data_dir: Path):
    import_file(store, "linkedin", fixture("linkedin/Connections.csv"))
    before = data_files(data_dir)
    backups = sorted((data_dir / "backups").iterdir())

    dry = import_file(store, "linkedin", fixture("linkedin/Connections_newer.csv"), dry_run=True)

    assert data_files(data_dir) == before
    assert sorted((data_dir / "backups").iterdir()) == backups
    assert dry.describe()[0] == (
        "Dry run of Connections_newer.csv (LinkedIn connections), nothing written: "
        "would be 1 added, 2 updated, 4 unchanged, 0 skipped."
    )
    real = import_file(store, "linkedin", fixture("linkedin/Connections_newer.csv"))
    assert (real.added, sorted(real.updated), real.unchanged) == (dry.added, sorted(dry.updated), dry.unchanged)


def test_cli_dry_run(capsys, tmp_path: Path):
    data = tmp_path / "d"
    assert run(capsys, "--data", data, "add", "Someone First")[0] == 0
    before = data_files(data)
    code, out, err = run(capsys, "import", "invitations", fixture("linkedin/Invitations.csv"),
                         "--dry-run", "--data", data)
    assert (code, err) == (0, "")
    assert out.splitlines()[0].startswith("Dry run of Invitations.csv (LinkedIn invitations), nothing written")
    assert "  interactions would be logged: 3" in out.splitlines()
    assert data_files(data) == before


def test_a_fresh_id_per_new_contact_and_no_two_imports_collide(store: Store, tmp_path: Path):
    path = tmp_path / "people.csv"
    path.write_text("name\n" + "".join(f"Person {n}\n" for n in range(300)))
    import_file(store, "csv", path)
    ids = [c.id for c in store.contacts()]
    assert len(ids) == len(set(ids)) == 300
    assert new_id() not in ids


def test_a_change_made_by_another_process_meanwhile_is_seen_before_writing(
    store: Store, tmp_path: Path, monkeypatch
):
    """The plan is made again under the lock: no duplicate of a person added meanwhile."""
    import board.importers as importers

    calls = []
    real_plan = importers.plan_import

    def plan_then_someone_else_writes(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        plan = real_plan(*args, **kwargs)
        if not calls:  # between the first plan and the transaction, another process adds Jane
            other = Store(store.root, clock=store.clock)
            at = store.clock()
            other.add_contact(Contact(id="jane", name="Jane Doe", company="Acme, Inc.", notes="theirs",
                                      created_at=at, updated_at=at, stage_changed_at=at))
        calls.append(plan)
        return plan

    monkeypatch.setattr(importers, "plan_import", plan_then_someone_else_writes)
    summary = import_file(store, "linkedin", fixture("linkedin/Connections.csv"))

    assert len(calls) == 2 and "Jane Doe" in calls[0].adds[0].contact.name
    assert "Jane Doe" not in summary.added
    assert ("Jane Doe", ["title", "urls", "met_at"]) in summary.updated
    janes = [c for c in store.contacts() if c.name == "Jane Doe"]
    assert [(j.id, j.notes, j.title) for j in janes] == [("jane", "theirs", "Head of Sales")]
