"""The method's fields travel: JSON export and import carry them exactly, twice is once."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import board.cli.base as cli_base
from board.introductions import log_introduction
from board.model import Direction, Kind, Reminder, Stage, Value
from board.store import Store
from tests.helpers import TODAY, Clock, add, local, run


def test_export_import_round_trip_is_exact_and_idempotent(tmp_path: Path, monkeypatch, capsys):
    clock = Clock(local(TODAY, 9))
    monkeypatch.setattr(cli_base, "Store", lambda root: Store(root, clock=clock))
    monkeypatch.setenv("TRUSTBOARD_CONFIG", str(tmp_path / "config.toml"))
    first = Store(tmp_path / "a", clock=clock)
    rosa = add(first, "Rosa Delgado", stage=Stage.TRUSTED, expertise=["estate law"])
    ann = add(first, "Ann Lee", stage=Stage.TALKED, introduced_by=rosa.id)
    first.log(ann.id, Kind.MESSAGE, "their reply", direction=Direction.IN, at=local(TODAY, 8))
    first.log(rosa.id, Kind.RECEIVED, "a client", value=Value.REFERRAL, at=local(TODAY, 8))
    log_introduction(first, first.get(ann.id), first.get(rosa.id), why="estate law", at=local(TODAY, 7))
    first.move(ann.id, Stage.GAVE_VALUE)
    tomorrow = TODAY + timedelta(days=1)  # set last: a log on or after its day completes it
    first.update_contact(first.get(ann.id).copy(reminder=Reminder(tomorrow, "send the checklist")))

    exported = tmp_path / "one.json"
    assert run(capsys, "--data", str(tmp_path / "a"), "export", "--format", "json", "-o", str(exported))[0] == 0
    for _ in range(2):
        code, out, err = run(capsys, "--data", str(tmp_path / "b"), "import", "json", str(exported))
        assert (code, err) == (0, "")
    assert "0 added, 0 updated, 2 unchanged" in out  # the second time changes nothing
    again = tmp_path / "two.json"
    assert run(capsys, "--data", str(tmp_path / "b"), "export", "--format", "json", "-o", str(again))[0] == 0
    one, two = json.loads(exported.read_text()), json.loads(again.read_text())
    assert one["contacts"] == two["contacts"]
    people = {c["name"]: c for c in one["contacts"]}
    assert people["Ann Lee"]["introduced_by"] == rosa.id
    assert people["Ann Lee"]["reminder"] == {"date": tomorrow.isoformat(), "text": "send the checklist"}
    assert [m["stage"] for m in people["Ann Lee"]["stage_history"]] == ["met", "talked", "gave_value"]
    directions = {i["summary"]: i["direction"] for c in one["contacts"] for i in c["interactions"]}
    assert directions["their reply"] == "in"
    links = {i["id"]: i["linked_to"] for c in one["contacts"] for i in c["interactions"] if i["linked_to"]}
    assert len(links) == 2 and all(links[other] == mine for mine, other in links.items())
