"""Two machines and a bare repository on local disk: init, offline edits, sync in both orders."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from board.history import History
from board.model import Kind, Stage
from board.store import shard_of
from board.sync import engine, records
from board.sync.clone import Clone
from board.sync.git import SyncError
from board.sync.report import summary
from board.sync.status import status
from tests.helpers import FIXED_NOW, Machine, bare_remote, git, machine, store_files


@pytest.fixture(autouse=True)
def trusted_versions(monkeypatch: pytest.MonkeyPatch) -> None:
    """Trust every file version at once (not only those two seconds old), so a sync
    re-reads only what changed even here, where every file was just written."""
    monkeypatch.setattr(records, "racy", lambda key: False)


def _two_machines(tmp_path: Path) -> tuple[Machine, Machine, Path, dict[str, str]]:
    """A (laptop) with three people pushed to an empty remote; B (server) set up from it."""
    remote = bare_remote(tmp_path / "remote.git")
    a, b = machine(tmp_path, "laptop"), machine(tmp_path, "server", FIXED_NOW)
    ana = a.add("Ana Lima", company="Acme", tags=["bni"])
    bo, cy = a.add("Bo Chen"), a.add("Cy Park")
    a.store.log(ana.id, Kind.CALL, "first call", at=a.clock.advance(hours=1))
    first = engine.init(a.store, str(remote), machine="laptop")
    assert summary(first) == "sent 3 contacts and 1 interaction to remote.git"
    b.clock.now = a.clock.now  # the two machines' clocks agree (skew is its own test)
    second = engine.init(b.store, str(remote), machine="server")
    assert summary(second) == "3 contacts and 1 interaction from remote.git"
    assert a.export() == b.export()
    return a, b, remote, {"ana": ana.id, "bo": bo.id, "cy": cy.id}


def _offline_edits(a: Machine, b: Machine, ids: dict[str, str]) -> set[str]:
    """Adds, logs, moves, edits, archives, snoozes and tag changes on both; new interaction ids."""
    a.clock.advance(hours=2)
    b.clock.advance(hours=2.5)
    ana, bo, cy = (a.store.get(ids[k]) for k in ("ana", "bo", "cy"))
    logged = {a.store.log(ana.id, Kind.MEETING, "lunch at the harbour", at=a.clock.advance(hours=1)).interaction.id}
    a.edit(ana, company="Globex", tags=["bni", "golf"])
    a.store.move(bo.id, Stage.TALKED)
    logged.add(a.store.log(cy.id, Kind.MESSAGE, "sent the deck", at=a.clock.advance(hours=1)).interaction.id)
    a.store.snooze(cy.id, date(2026, 12, 1))
    a.add("Dee Rao", emails=["dee@rao.example"])

    b.store.refresh()
    b.edit(b.store.get(ana.id), title="CFO", tags=["client"])  # removes bni, adds client
    logged.add(b.store.log(ana.id, Kind.CALL, "called about the referral", at=b.clock.advance(hours=1)).interaction.id)
    b.clock.advance(hours=2)
    b.store.move(bo.id, Stage.GAVE_VALUE)  # later than A's move: it wins
    b.store.archive(cy.id)
    b.add("Eve Moss", emails=["eve@moss.example"])
    return logged


@pytest.mark.parametrize("order", ["laptop, server, laptop", "server, laptop, server"])
def test_offline_edits_on_both_machines_meet_with_nothing_lost(tmp_path: Path, order: str) -> None:
    a, b, _, ids = _two_machines(tmp_path)
    logged = _offline_edits(a, b, ids)
    machines = {"laptop": a, "server": b}
    results = [engine.sync(machines[name].store) for name in order.split(", ")]
    assert a.export() == b.export()
    people = {c["name"]: c for c in a.export()}
    assert set(people) == {"Ana Lima", "Bo Chen", "Cy Park", "Dee Rao", "Eve Moss"}
    ana, bo, cy = people["Ana Lima"], people["Bo Chen"], people["Cy Park"]
    assert (ana["company"], ana["title"], sorted(ana["tags"])) == ("Globex", "CFO", ["client", "golf"])
    assert (cy["archived"], cy["snoozed_until"]) == (True, "2026-12-01")
    assert bo["stage"] == "gave_value"
    everything = {i["id"] for c in people.values() for i in c["interactions"]}
    assert logged <= everything
    assert [i["summary"] for i in bo["interactions"]] == ["sync: the other machine had Talked (kept Gave value)"]
    merged = [r for r in results if r.conflicts]
    assert len(merged) == 1 and summary(merged[0]).endswith(
        "1 conflict resolved: Bo Chen's stage (kept Gave value, Talked noted)")
    assert engine.sync(a.store).received == engine.sync(b.store).received == {}  # settled


def test_both_orders_reach_the_very_same_state(tmp_path: Path) -> None:
    finals = []
    for order in ("ab", "ba"):
        a, b, _, ids = _two_machines(tmp_path / order)
        _offline_edits(a, b, ids)
        first, second = (a, b) if order == "ab" else (b, a)
        engine.sync(first.store)
        engine.sync(second.store)
        engine.sync(first.store)
        finals.append(_by_name(a.export()))
        assert Clone(a.root, machine="x").tree("refs/heads/main") == Clone(b.root, machine="x").tree("refs/heads/main")
    assert finals[0] == finals[1]


def _by_name(export: list[dict[str, Any]]) -> dict[str, Any]:
    """A state with each run's random ids left out (the two runs made different ids)."""
    out = {}
    for item in export:
        history = sorted((i["at"], i["kind"], i["summary"]) for i in item["interactions"])
        out[item["name"]] = {**{k: v for k, v in item.items() if k not in ("id", "interactions")},
                             "interactions": history}
    return out


def test_a_sync_is_one_backed_up_change_that_undo_takes_back(tmp_path: Path) -> None:
    a, b, _, ids = _two_machines(tmp_path)
    b.store.move(ids["ana"], Stage.TRUSTED)
    b.add("Fay Wong")
    engine.sync(b.store)
    before = a.export()
    history = History(a.store)
    result = engine.sync(a.store)
    history.record(result.change)  # the session records what the sync changed
    assert summary(result) == "2 contacts from remote.git"
    assert len(history.undo_stack) == 1 and result.change is history.undo_stack[-1]
    assert result.change.label == "synced with remote.git"
    assert any(p.name.endswith("-before-sync") for p in (a.root / "backups").iterdir())
    history.undo()
    assert a.export() == before


def test_a_sync_with_nothing_to_do_writes_nothing(tmp_path: Path) -> None:
    a, _, remote, _ = _two_machines(tmp_path)
    files, head = store_files(a.root), git("rev-parse", "main", cwd=remote)
    result = engine.sync(a.store)
    assert summary(result) == "already in sync with remote.git" and result.change is None
    assert store_files(a.root) == files and git("rev-parse", "main", cwd=remote) == head


def test_only_the_data_travels(tmp_path: Path) -> None:
    a, _, remote, _ = _two_machines(tmp_path)
    (a.root / "journal.json").exists()  # (absent: no change was interrupted)
    paths = git("ls-tree", "-r", "--name-only", "main", cwd=remote).splitlines()
    assert "meta.json" in paths
    assert all(p == "meta.json" or p.startswith(("contacts/", "interactions/")) for p in paths)
    assert git("status", "--porcelain", cwd=a.root / "sync") == ""  # the clone's view is clean


def test_a_push_refused_because_the_remote_moved_is_retried(tmp_path: Path, monkeypatch) -> None:
    a, b, _, ids = _two_machines(tmp_path)
    a.store.move(ids["ana"], Stage.TALKED)
    b.add("Gil Stone")
    real_push = Clone.push
    calls = []

    def push(self: Clone, rev: str) -> bool:
        if not calls and self.machine == "laptop":
            calls.append(rev)
            engine.sync(b.store)  # the server pushes first, in between
        return real_push(self, rev)

    monkeypatch.setattr(Clone, "push", push)
    result = engine.sync(a.store)
    assert result.attempts == 2
    assert "Gil Stone" in {c["name"] for c in a.export()}
    engine.sync(b.store)
    assert a.export() == b.export()


def test_a_remote_that_keeps_moving_is_given_up_on_with_the_store_unchanged(tmp_path: Path, monkeypatch) -> None:
    a, b, _, ids = _two_machines(tmp_path)
    b.store.move(ids["ana"], Stage.TRUSTED)
    engine.sync(b.store)
    a.store.move(ids["bo"], Stage.TALKED)
    files = store_files(a.root)
    monkeypatch.setattr(Clone, "push", lambda self, rev: False)
    with pytest.raises(SyncError, match="kept changing during the sync"):
        engine.sync(a.store)
    assert store_files(a.root) == files
    monkeypatch.undo()
    engine.sync(a.store)
    assert a.store.get(ids["ana"]).stage == Stage.TRUSTED


def test_a_change_made_here_during_the_merge_is_kept(tmp_path: Path, monkeypatch) -> None:
    a, b, _, ids = _two_machines(tmp_path)
    b.edit(b.store.get(ids["ana"]), company="Initech")
    engine.sync(b.store)
    real_apply = engine.apply
    edited = []

    def apply(store, changes, label):  # noqa: ANN001, ANN202 - the engine's signature
        if not edited:  # another trustboard on this machine edits Ana meanwhile
            edited.append(True)
            other = machine(tmp_path, "laptop")
            other.store.update_contact(other.store.get(ids["ana"]).copy(title="Founder"))
        return real_apply(store, changes, label)

    monkeypatch.setattr(engine, "apply", apply)
    result = engine.sync(a.store)
    assert result.attempts == 2
    ana = a.store.get(ids["ana"])
    assert (ana.company, ana.title) == ("Initech", "Founder")
    engine.sync(b.store)
    assert a.export() == b.export()


def test_a_stop_after_applying_resumes_from_the_merge(tmp_path: Path, monkeypatch) -> None:
    a, b, _, ids = _two_machines(tmp_path)
    b.store.move(ids["ana"], Stage.TRUSTED)
    engine.sync(b.store)
    a.store.move(ids["bo"], Stage.TALKED)
    real_set_head = Clone.set_head

    def crash_after_apply(self: Clone, rev: str) -> None:
        if self.pending() == rev:
            raise KeyboardInterrupt  # the process dies right after the store took the merge
        real_set_head(self, rev)

    monkeypatch.setattr(Clone, "set_head", crash_after_apply)
    with pytest.raises(KeyboardInterrupt):
        engine.sync(a.store)
    monkeypatch.undo()
    assert a.store.get(ids["ana"]).stage == Stage.TRUSTED  # applied
    pending = Clone(a.root, machine="laptop").pending()
    result = engine.sync(a.store)
    assert result.received == {} and Clone(a.root, machine="laptop").head() == pending
    engine.sync(b.store)
    assert a.export() == b.export()


def test_two_stores_with_data_merge_at_init_and_report_duplicates(tmp_path: Path) -> None:
    remote = bare_remote(tmp_path / "remote.git")
    a, b = machine(tmp_path, "laptop"), machine(tmp_path, "server")
    a.add("Ana Lima", emails=["ana@lima.example"])
    b.add("Ana L.", emails=["ANA@lima.example"])
    b.add("Bo Chen")
    engine.init(a.store, str(remote))
    result = engine.init(b.store, str(remote))
    assert [d.why for d in result.duplicates] == ["same e-mail ana@lima.example"]
    engine.sync(a.store)
    assert sorted(c["name"] for c in a.export()) == ["Ana L.", "Ana Lima", "Bo Chen"]
    assert a.export() == b.export()


def test_a_clone_removed_by_hand_is_rebuilt(tmp_path: Path) -> None:
    import shutil

    a, b, _, ids = _two_machines(tmp_path)
    shutil.rmtree(a.root / "sync")
    b.clock.advance(hours=1)
    b.store.move(ids["cy"], Stage.TRUSTED)
    engine.sync(b.store)
    engine.sync(a.store)
    assert a.store.get(ids["cy"]).stage == Stage.TRUSTED
    engine.sync(b.store)
    assert a.export() == b.export()


def test_status_counts_what_the_remote_does_not_have(tmp_path: Path) -> None:
    a, _, _, ids = _two_machines(tmp_path)
    assert sum(status(a.store).not_pushed.values()) == 0
    a.store.move(ids["ana"], Stage.TALKED)
    a.store.log(ids["bo"], Kind.NOTE, "likes golf")
    found = status(a.store)
    assert found.not_pushed == {"contacts": 2, "interactions": 1}
    assert found.remote.endswith("remote.git") and found.last_at is not None
    engine.sync(a.store)
    assert sum(status(a.store).not_pushed.values()) == 0


def test_the_resource_library_travels_and_merges_like_contacts(tmp_path: Path) -> None:
    from board.model import Resource

    a, b, _, _ = _two_machines(tmp_path)
    guide = Resource(id="9" * 32, title="Pricing guide", url="https://x.example/pricing",
                     topics=["pricing"], created_at=a.clock.advance(hours=1), updated_at=a.clock.now)
    a.store.add_resource(guide)
    engine.sync(a.store)
    assert summary(engine.sync(b.store)) == "1 resource from remote.git"
    a.clock.advance(hours=1)
    a.store.update_resource(a.store.get_resource(guide.id).copy(url="https://x.example/p2", topics=["pricing", "sales"]))
    b.clock.advance(hours=3)
    b.store.update_resource(b.store.get_resource(guide.id).copy(url="https://y.example/p"))
    engine.sync(a.store)
    result = engine.sync(b.store)
    assert [c.describe() for c in result.conflicts] == [
        "Pricing guide's url (kept url https://y.example/p, url https://x.example/p2 noted)"
    ]
    engine.sync(a.store)
    kept = a.store.get_resource(guide.id)
    assert (kept.url, kept.topics) == ("https://y.example/p", ["pricing", "sales"])
    assert kept.note == "[sync: the other machine had url https://x.example/p2]"
    assert b.store.get_resource(guide.id) == kept


def test_a_sync_reads_again_only_the_store_files_that_changed(tmp_path: Path, monkeypatch) -> None:
    a, b, _, ids = _two_machines(tmp_path)
    seen: list[records.Export] = []
    real_export = engine.export

    def export(store, known):  # noqa: ANN001, ANN202 - the engine's signature
        seen.append(real_export(store, known))
        return seen[-1]

    monkeypatch.setattr(engine, "export", export)
    engine.sync(a.store)
    assert seen[-1].read == 0  # nothing changed: nothing read
    a.store.move(ids["ana"], Stage.TALKED)
    a.store.log(ids["bo"], Kind.NOTE, "likes golf")
    engine.sync(a.store)
    touched = {f"contacts/{shard_of(ids['ana'])}.json", f"contacts/{shard_of(ids['bo'])}.json",
               f"interactions/{shard_of(ids['bo'])}.json"}
    assert seen[-1].read == len(touched)
    assert {p for p, raw in seen[-1].files.items() if raw is not None} == touched
    engine.sync(b.store)
    assert b.store.get(ids["ana"]).stage == Stage.TALKED
    b.store.move(ids["cy"], Stage.TRUSTED)
    engine.sync(b.store)
    engine.sync(a.store)  # applying the server's change rewrote Cy's shard here…
    engine.sync(a.store)  # …which the next sync reads once, finds equal, and commits nothing
    assert a.store.get(ids["cy"]).stage == Stage.TRUSTED and a.export() == b.export()
    assert git("status", "--porcelain", cwd=a.root / "sync") == ""


def test_files_written_in_the_last_two_seconds_are_always_read_again(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.undo()  # the real rule: a version younger than two seconds is not trusted
    a, _, _, _ = _two_machines(tmp_path)
    keys = records.export(a.store, {}).keys
    assert keys and all(key is None for key in keys.values())  # only absent files: the rest is new


def test_a_conflict_on_someone_whose_history_did_not_change_keeps_it_and_adds_the_note(tmp_path: Path) -> None:
    a, b, _, ids = _two_machines(tmp_path)  # Ana has one call, the same on both machines
    a.clock.advance(hours=1)
    a.store.move(ids["ana"], Stage.TALKED)
    b.clock.advance(hours=2)
    b.store.move(ids["ana"], Stage.TRUSTED)
    engine.sync(a.store)
    engine.sync(b.store)
    engine.sync(a.store)
    assert [i.summary for i in a.store.interactions(ids["ana"])] == [
        "first call", "sync: the other machine had Talked (kept Trusted)"]
    assert a.export() == b.export()
