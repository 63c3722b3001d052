"""The shortcuts big imports take give what the general paths give: record encoding with
shared times formatted once, the builder's one-mark history, the matcher's remembered keys."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from board import clock
from board.clock import from_iso, shared_iso
from board.dates import MAX_CADENCE, MIN_CADENCE, check_cadence, check_created
from board.errors import TrustboardError, UserError
from board.kinds import NameParts, Reminder, Stage, StageMark, name_parts_from, parse_birthday
from board.model import Contact, Interaction, Kind
from board.store.bounds import Bounds, check_contact
from board.store.codec import (
    CONTACT_LIST_FIELDS,
    CONTACT_TEXT_FIELDS,
    CONTACT_TIME_FIELDS,
    contact_from_doc,
    contact_problem,
)
from board.text import clean as clean_text
from board.transfer.common import Incoming, norm, unique, url_key
from board.transfer.csvrows import csv_rows
from board.transfer.jsonfile import _checked_interaction, _interaction, contact_of
from board.transfer.merge import (
    _LIST_KEYS,
    FILLED_WHILE_EMPTY,
    _Matcher,
    _new_name_parts,
    merge_contact,
)
from board.transfer.reconnect import plan_reconnects
from board.transfer.stored import History

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


# --- a JSON file's contacts ------------------------------------------------------

_FIELDS = [
    "id", "name", "company", "title", "emails", "phones", "urls", "stage", "tags", "expertise", "needs",
    "met_at", "source", "notes", "created_at", "updated_at", "stage_changed_at", "last_interaction_at",
    "snoozed_until", "cadence_days", "archived", "nickname", "birthday", "introduced_by", "reminder",
    "reconnect_on", "stage_history", "name_parts",
]
_ODD = st.sampled_from([
    None, "", " ", "x", "Talked", "met", "2020-01-02T12:00:00+00:00", "2020-01-02T12:00:00", "2020-01-02",
    "--02-29", "1990-13-01", "not a time", 0, 7, 5000, True, 3.5, [], ["a"], ["", "b"], [1], "a;b",
    {}, {"family": "Doe"}, {"family": 1}, {"date": "2030-01-01", "text": "call"}, {"date": "x"},
    [{"stage": "met", "at": "2020-01-02T12:00:00+00:00"}], [{"stage": "odd", "at": "2020-01-02"}], [{"stage": "met"}],
])


@st.composite
def json_items(draw: st.DrawFn) -> dict[str, Any]:
    """A contact as a file may hold it: the store's own form with fields left out, or odd."""
    created = draw(st.datetimes(datetime(1990, 1, 1), datetime(2030, 1, 1), timezones=st.just(UTC)))
    item = _contact(
        created_at=created, updated_at=draw(st.sampled_from([created, created + timedelta(hours=5)])),
        stage_changed_at=created, stage_history=[StageMark(Stage.MET, created)],
        emails=draw(st.lists(st.sampled_from(["a@x.org", "b@y.org"]), max_size=2)),
        source=draw(st.sampled_from(["linkedin", "manual"])),
    ).to_dict()
    for key in draw(st.lists(st.sampled_from(_FIELDS), max_size=8)):
        item.pop(key, None)
    for key in draw(st.lists(st.sampled_from(_FIELDS), max_size=3)):
        item[key] = draw(_ODD)
    return item


def _contact_problem_one_by_one(doc: dict[str, Any]) -> tuple[str, str] | None:
    """`contact_problem` as it was written first, every check made in full: the reference."""
    for key in CONTACT_TEXT_FIELDS + CONTACT_TIME_FIELDS + ("snoozed_until",):
        if doc.get(key) is not None and not isinstance(doc[key], str):
            return key, f"{key} must be text"
    not_texts = [key for key in CONTACT_LIST_FIELDS if doc.get(key) is not None
                 and (type(doc[key]) is not list or any(type(v) is not str for v in doc[key]))]
    if not_texts:
        return not_texts[0], f"{not_texts[0]} must be a list of text"
    if type(doc.get("archived", False)) is not bool:
        return "archived", "archived must be true or false"
    days = doc.get("cadence_days", MIN_CADENCE)
    if days is not None and (type(days) is not int or days < MIN_CADENCE or days > MAX_CADENCE):
        return "cadence_days", f"cadence_days must be a whole number of days, {MIN_CADENCE} to {MAX_CADENCE}"
    if not str(doc.get("name") or "").strip():
        return "name", "a contact needs a name"
    for key in CONTACT_TIME_FIELDS:
        try:
            from_iso(doc.get(key))
        except ValueError:
            return key, f"{key} is not an ISO 8601 time: {doc[key]!r}"
    for key in ("snoozed_until", "reconnect_on"):
        try:
            if doc.get(key):
                date.fromisoformat(str(doc[key])[:10])
        except ValueError:
            return key, f"{key} is not a date: {doc[key]!r}"
    try:
        parse_birthday(doc.get("birthday"))
    except ValueError as exc:
        return "birthday", str(exc)
    try:
        name_parts_from(doc.get("name_parts"))
    except ValueError as exc:
        return "name_parts", str(exc)
    rest = {key: doc[key] for key in ("reminder", "stage_history") if key in doc}
    return contact_problem({"name": "x", **rest})  # (those two checks are unchanged)


@given(json_items())
@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
def test_a_contact_is_found_wrong_as_every_check_in_full_finds_it(item: dict[str, Any]) -> None:
    assert contact_problem(item) == _contact_problem_one_by_one(item)


@given(json_items())
@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
def test_a_json_contact_with_fields_left_out_is_built_as_from_dict_builds_it(item: dict[str, Any]) -> None:
    if contact_problem(item):
        return  # refused before it is built
    created = item.get("created_at") or "2031-01-01T00:00:00+00:00"
    try:
        expected = Contact.from_dict({**item, "created_at": created})
    except (ValueError, TypeError, TrustboardError) as exc:
        with pytest.raises(type(exc)):
            contact_of(item, created)
        return
    built = contact_of(item, created)
    if not item.get("id"):
        assert built.id and built.id != expected.id  # each a fresh one
        built = built.copy(id=expected.id)
    assert built == expected


def test_a_contact_left_bare_takes_from_dict_defaults() -> None:
    item = {"name": "Ana", "id": "c9"}
    built = contact_of(item, "2020-01-02T12:00:00+00:00")
    assert built == Contact.from_dict({**item, "created_at": "2020-01-02T12:00:00+00:00"})
    assert built.updated_at is built.created_at and built.source == "manual"


@pytest.mark.parametrize("summary", [None, "", "plain", "two\nlines\ttab", "bell\x07 and \x1b[2J", "crlf\r\nend", "\u202eevil"])
@pytest.mark.parametrize("at", ["2024-05-06T07:08:09+00:00", "2024-05-06T07:08:09"])
@pytest.mark.parametrize("kind", ["call", "Call"])  # "Call": only the checks one by one read it
def test_an_interaction_is_read_as_the_checks_one_by_one_read_it(summary: str | None, at: str, kind: str) -> None:
    doc = {"id": "i1", "at": at, "kind": kind, "summary": summary}
    fast = _interaction(doc, "c1")
    slow = _checked_interaction(doc, "c1")
    slow.summary = clean_text(slow.summary, multiline=True)
    assert fast == slow
    assert fast.at.tzinfo is not None


# --- the matcher: keys remembered, names indexed once asked ----------------------

_PEOPLE = st.builds(
    lambda n, name, company, url, email: Contact(
        id=f"c{n}", name=name, company=company, urls=[url] if url else [], emails=[email] if email else [],
    ),
    st.integers(0, 30), st.sampled_from(["Ana Okafor", "ana  okafor", "Ben Chen", "Zoë Berg"]),
    st.sampled_from(["", "Acme", "acme"]),
    st.sampled_from(["", "https://www.linkedin.com/in/ana", "linkedin.com/in/ana/", "https://acme.com", "https://x.org/b"]),
    st.sampled_from(["", "a@x.org", "A@X.org", "b@y.org"]),
)


def _matches_by_hand(added: list[Contact], contact: Contact) -> list[str]:
    """`_Matcher.find`'s rules over every version of every contact added (a merged one is
    added again: its old keys still find it), nothing indexed or remembered."""
    current = {c.id: c for c in added}
    keys = {k for k in map(url_key, contact.urls) if "/" in k}
    ids = sorted({c.id for c in added if keys & {url_key(u) for u in c.urls}})
    if ids:
        return ids
    emails = {e.casefold() for e in contact.emails}
    ids = sorted({c.id for c in added if emails & {e.casefold() for e in c.emails}})
    if ids:
        return ids
    named = [current[i] for i in sorted({c.id for c in added if norm(c.name) == norm(contact.name)})]
    if not contact.company:
        return [c.id for c in named]
    same = [c.id for c in named if norm(c.company) == norm(contact.company)]
    return same or [c.id for c in named if not c.company]


@given(st.lists(_PEOPLE, max_size=6), st.lists(st.tuples(st.booleans(), _PEOPLE), max_size=12))
@settings(max_examples=300)
def test_the_matcher_finds_whom_the_rules_find(existing: list[Contact], steps: list[tuple[bool, Contact]]) -> None:
    matcher = _Matcher(existing)
    added = list(existing)
    for adding, contact in steps:
        if adding:
            matcher.add(contact)
            added.append(contact)
        else:
            assert [c.id for c in matcher.find(contact)] == _matches_by_hand(added, contact)


# --- the reconnect plan: each moment's instant and local day worked out once --------

def test_the_plan_orders_shared_and_equal_moments_as_each_alone() -> None:
    today = date(2026, 6, 1)
    noon = datetime(2026, 5, 25, 12, 0, tzinfo=UTC)  # fresh (within 30 days)
    old = datetime(2019, 3, 1, 12, 0, tzinfo=UTC)
    moments = [old, noon, old, noon.astimezone(timezone(timedelta(hours=9))), old + timedelta(0),
               noon - timedelta(minutes=1), old.astimezone(timezone(timedelta(hours=-5)))]
    adds = [Incoming(n + 1, _contact(id=f"c{n}", created_at=m, stage_changed_at=m)) for n, m in enumerate(moments)]
    out, _moved, plan = plan_reconnects(adds, [], today, 1)
    assert plan is not None and plan.fresh == 3
    days = {r.contact.id: r.contact.reconnect_on for r in out}
    # Most recent first, the file's order among people of the same instant, a day each.
    order = ["c1", "c3", "c5", "c0", "c2", "c4", "c6"]
    assert [days[c] for c in order] == [today + timedelta(days=n + 1) for n in range(7)]


# --- CSV rows: blank rows and line ends asked of the row at once --------------------

@pytest.mark.parametrize("text", [
    "a,b\r\n1,2\r\n",
    "a,b\n , \t\n,,\n1,2\n",  # blank rows (white space only) are left out
    'a,b\r\n"x\r\ny",2\r\n"\r",3\n',  # a quoted cell's line ends made "\\n"
    'a;b\n"x\ry";\n', "a\n\n\n",
])
def test_csv_rows_are_the_rows_each_cell_asked_alone_gives(text: str) -> None:
    reader = csv.reader(io.StringIO(text, newline=""), strict=True, delimiter=";" if ";" in text else ",")
    expected = [
        [c.replace("\r\n", "\n").replace("\r", "\n") if "\r" in c else c for c in row]
        for row in reader if any(cell.strip() for cell in row)
    ]
    assert [cells for _line, cells in csv_rows("f.csv", text, ";" if ";" in text else ",")] == expected


# --- merging: sides alike skipped at once ---------------------------------------

_MERGE_SIDES = st.builds(
    lambda name, company, emails, urls, tags, met_at, nickname, parts: Contact(
        id="c1", name=name, company=company, emails=emails, urls=urls, tags=tags, met_at=met_at,
        nickname=nickname, name_parts=parts,
    ),
    st.sampled_from(["Ana Okafor", "ana okafor", "Okafor, Ana"]), st.sampled_from(["", "Acme"]),
    st.lists(st.sampled_from(["a@x.org", "A@x.org", "b@y.org"]), max_size=2),
    st.lists(st.sampled_from(["https://x.org/a", "x.org/a/", "https://y.org"]), max_size=2),
    st.lists(st.sampled_from(["bni", "BNI", "friend"]), max_size=2), st.sampled_from(["", "LinkedIn"]),
    st.sampled_from(["", "Annie"]),
    st.sampled_from([None, NameParts("Okafor", "Ana"), NameParts("Okafor", "Ana", "B")]),
)


def _merged_field_by_field(current: Contact, incoming: Contact) -> tuple[Contact | None, list[str]]:
    """`merge_contact` with every field compared, no shortcut: the reference."""
    changes: dict[str, Any] = {}
    if incoming.company and incoming.company != current.company:
        changes["company"] = incoming.company
    if incoming.title and incoming.title != current.title:
        changes["title"] = incoming.title
    for name, key in _LIST_KEYS.items():
        have, offered = getattr(current, name), getattr(incoming, name)
        known = {key(v) for v in have}
        added = unique([v for v in offered if key(v) not in known], key)
        if added:
            changes[name] = [*have, *added]
    for name in FILLED_WHILE_EMPTY:
        if getattr(incoming, name) and not getattr(current, name):
            changes[name] = getattr(incoming, name)
    if _new_name_parts(current, incoming):
        changes["name_parts"] = incoming.name_parts
    return (current.copy(**changes), list(changes)) if changes else (None, [])


@given(_MERGE_SIDES, _MERGE_SIDES)
@settings(max_examples=400)
def test_a_merge_changes_what_comparing_every_field_changes(current: Contact, incoming: Contact) -> None:
    assert merge_contact(current, incoming) == _merged_field_by_field(current, incoming)
    assert merge_contact(current, current) == (None, [])


# --- the bounds a stored contact is checked against: at a glance for most ----------

def _checked_in_full(contact: Contact, bounds: Bounds) -> str | None:
    """Each of `check_contact`'s checks, every one made: the reference (the error's field)."""
    try:
        parse_birthday(contact.birthday)
        if contact.introduced_by is not None and contact.introduced_by == contact.id:
            return "introduced_by"
        if contact.cadence_days is not None:
            check_cadence(contact.cadence_days)
        check_created(contact.created_at, bounds.now)
        for day in (contact.snoozed_until, contact.reconnect_on, contact.reminder.date if contact.reminder else None):
            if day is not None and not date(1900, 1, 1) <= day <= date(9999, 12, 30):
                return "day"
    except (ValueError, UserError):
        return "refused"
    return None


@given(
    st.sampled_from(["", "1990-01-31", "--02-29", "1990-02-30"]), st.sampled_from([None, "c1", "c2"]),
    st.sampled_from([None, 1, 7, 0, 99999]),
    st.sampled_from([datetime(1899, 12, 31, tzinfo=UTC), datetime(2020, 1, 1, tzinfo=UTC),
                     datetime(2026, 1, 1, 12, 3, tzinfo=UTC), datetime(2026, 1, 1, 12, 30, tzinfo=UTC)]),
    st.sampled_from([None, date(1899, 1, 1), date(2030, 1, 1), date(9999, 12, 31)]),
    st.sampled_from([None, date(1850, 1, 1), date(2031, 5, 5), date(9999, 12, 31)]),
    st.sampled_from([None, Reminder(date(2030, 1, 1), "call"), Reminder(date(1800, 1, 1), "x")]),
)
@settings(max_examples=400)
def test_a_contact_stored_is_refused_as_every_check_refuses_it(
    birthday: str, introducer: str | None, cadence: int | None, created: datetime,
    snoozed: date | None, reconnect: date | None, reminder: Reminder | None,
) -> None:
    contact = _contact(birthday=birthday, introduced_by=introducer, cadence_days=cadence, created_at=created,
                       snoozed_until=snoozed, reconnect_on=reconnect, reminder=reminder)
    now = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)  # (created 12:03 is within the clock's slack, 12:30 not)
    bounds = Bounds(now, now + timedelta(days=1), now.year)
    expected = _checked_in_full(contact, bounds)
    if expected is None:
        assert check_contact(contact, bounds) is contact
    else:
        with pytest.raises(UserError):
            check_contact(contact, bounds)


# --- the stored interactions a merge by id asks for: all at once when many are --------

@pytest.mark.parametrize("expected", [0, 10, 65, 1000])
def test_the_ids_a_plan_expects_to_ask_for_are_the_ones_asked_one_by_one(expected: int) -> None:
    at = datetime(2024, 1, 1, tzinfo=UTC)
    stored = [Interaction(f"i{n}", f"c{n % 7}", at, Kind.CALL) for n in range(40)]
    asked: list[str] = []

    def one(contact_id: str) -> list[Interaction]:
        asked.append(contact_id)
        return [i for i in stored if i.contact_id == contact_id]

    history = History(one, lambda: iter(stored), lambda: ((i.contact_id, i.id) for i in stored))
    history.expect(expected)
    found = {f"c{n}": history.ids(f"c{n}") for n in range(9)}
    assert found == {f"c{n}": {i.id for i in stored if i.contact_id == f"c{n}"} for n in range(9)}
    assert asked == ([] if expected > History.ONE_BY_ONE else [f"c{n}" for n in range(9)])
