"""The shortcuts big imports take give what the general paths give: record encoding with
shared times formatted once, the builder's one-mark history, the matcher's remembered keys."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from board import clock
from board.clock import shared_iso
from board.kinds import NameParts, Stage, StageMark
from board.model import Contact
from board.store.codec import contact_from_doc

MOMENT = datetime(2024, 5, 6, 7, 8, 9, 123456, tzinfo=UTC)


def test_a_shared_moment_is_formatted_as_isoformat_does() -> None:
    assert shared_iso(MOMENT) == MOMENT.isoformat()
    assert shared_iso(MOMENT) == MOMENT.isoformat()  # remembered: the same text


def test_an_equal_moment_in_another_zone_keeps_its_own_text() -> None:
    shifted = MOMENT.astimezone(timezone(timedelta(hours=2)))
    assert shifted == MOMENT
    assert shared_iso(MOMENT) == "2024-05-06T07:08:09.123456+00:00"
    assert shared_iso(shifted) == "2024-05-06T09:08:09.123456+02:00"


def test_more_moments_than_are_remembered_are_each_formatted_right(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clock, "_SHARED_HELD", 8)
    moments = [MOMENT + timedelta(seconds=n) for n in range(50)]
    for _ in range(2):
        assert [shared_iso(m) for m in moments] == [m.isoformat() for m in moments]
    # Moments made and dropped one by one (their ids reused) are never taken for another.
    for n in range(50):
        moment = MOMENT + timedelta(minutes=n)
        assert shared_iso(moment) == moment.isoformat()
        del moment


def _contact(**changes: object) -> Contact:
    created = datetime(2020, 1, 2, 12, 0, tzinfo=UTC)
    contact = Contact(
        id="c1", name="Ana Okafor", created_at=created, updated_at=created, stage_changed_at=created,
        stage_history=[StageMark(Stage.MET, created)], name_parts=NameParts("Okafor", "Ana"),
    )
    return contact.copy(**changes)


@pytest.mark.parametrize("updated", ["same object", "equal copy", "later"])
def test_a_contact_is_encoded_the_same_whether_its_times_are_shared_or_not(updated: str) -> None:
    contact = _contact()
    shared = contact.created_at
    other = {
        "same object": shared,
        "equal copy": shared + timedelta(0),
        "later": shared + timedelta(days=3),
    }[updated]
    contact = contact.copy(updated_at=other, stage_changed_at=other)
    doc = contact.to_dict()
    assert doc["created_at"] == shared.isoformat()
    assert doc["updated_at"] == other.isoformat()
    assert doc["stage_changed_at"] == other.isoformat()
    assert doc["stage"] == "met" and doc["stage_history"] == [{"stage": "met", "at": shared.isoformat()}]


@pytest.mark.parametrize("history", [
    [{"stage": "talked", "at": "2020-01-02T12:00:00+00:00"}],  # one mark at creation: the shortcut
    [{"stage": "met", "at": "2020-01-03T12:00:00+00:00"}],  # one mark later
    [{"stage": "met", "at": "2020-01-02T12:00:00+00:00"}, {"stage": "talked", "at": "2020-02-01T09:00:00+00:00"}],
    [{"stage": "Talked", "at": "2020-01-02T12:00:00+00:00"}],  # a spelling only from_dict reads
    [{"stage": "met", "at": "2020-01-02T12:00:00"}],  # naive: not the creation text
    [{"stage": "met"}],
    ["met"],
])
def test_the_builder_reads_a_stage_history_as_from_dict_does(history: list[object]) -> None:
    doc = _contact().to_dict()
    doc["stage_history"] = history
    try:
        expected = Contact.from_dict(doc)
    except (ValueError, TypeError) as exc:
        with pytest.raises(type(exc)):
            contact_from_doc(doc)
        return
    built = contact_from_doc(doc)
    assert built == expected
    if history == [{"stage": "talked", "at": doc["created_at"]}]:
        assert built.stage_history[0].at is built.created_at  # shared, as the store writes it back
