"""The sample network: a believable, consistent export, moved to today for `--demo`."""

from __future__ import annotations

import json
import os
import re
import subprocess
from collections import Counter
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from urllib.parse import urlparse

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from board.config import DEFAULT_CADENCE
from board.errors import UserError
from board.model import CONTACT_FIELDS, Contact, Kind, Stage, Value, new_id
from board.sample import SAMPLE_FILE, load_sample, read_sample, sample_records, sample_resources
from board.store import Store
from tests.helpers import TRUSTBOARD, Clock

HEX32 = re.compile(r"^[0-9a-f]{32}$")
FIXED_NOW = datetime(2027, 3, 9, 9, 30, tzinfo=timezone(timedelta(hours=1)))


@pytest.fixture(scope="module")
def sample() -> dict:
    return read_sample()


def _contacts(sample: dict) -> list[dict]:
    return sample["contacts"]


def _interactions(sample: dict) -> list[dict]:
    return [i for c in _contacts(sample) for i in c["interactions"]]


def _at(text: str) -> datetime:
    moment = datetime.fromisoformat(text)
    assert moment.tzinfo is not None, f"{text} has no offset"
    return moment


def _due(contacts: list[Contact], today: date) -> list[Contact]:
    """SPEC §5, written out independently of the triage module."""
    out = []
    for c in contacts:
        if c.archived or (c.snoozed_until and c.snoozed_until > today):
            continue
        cadence = c.cadence_days or DEFAULT_CADENCE[c.stage]
        if c.last_touch.date() + timedelta(days=cadence) <= today:
            out.append(c)
    return out


# --- the file


def test_the_file_is_a_trustboard_export(sample: dict) -> None:
    assert json.loads(SAMPLE_FILE.read_text("utf-8")) == sample
    assert sample["format"] == "trustboard"
    assert sample["version"] == 1
    _at(sample["exported_at"])
    assert isinstance(sample["contacts"], list)


def test_sixty_people_across_all_four_stages(sample: dict) -> None:
    stages = Counter(c["stage"] for c in _contacts(sample))
    assert len(_contacts(sample)) == 60
    assert stages == {"met": 25, "talked": 15, "gave_value": 12, "trusted": 8}
    archived = [c["name"] for c in _contacts(sample) if c["archived"]]
    assert 2 <= len(archived) <= 5


def test_every_contact_has_exactly_the_spec_fields_and_parses(sample: dict) -> None:
    for raw in _contacts(sample):
        assert set(raw) == set(CONTACT_FIELDS) | {"interactions"}, raw["name"]
        contact = Contact.from_dict(raw)
        stored = contact.to_dict()
        assert stored == {k: v for k, v in raw.items() if k != "interactions"}, raw["name"]


def test_ids_are_unique_32_hex_uuids(sample: dict) -> None:
    ids = [c["id"] for c in _contacts(sample)] + [i["id"] for i in _interactions(sample)]
    assert all(HEX32.match(i) for i in ids)
    assert len(set(ids)) == len(ids)
    names = [c["name"] for c in _contacts(sample)]
    assert len(set(names)) == len(names)


def test_interactions_are_valid_and_within_four_months(sample: dict) -> None:
    exported = _at(sample["exported_at"])
    for raw in _interactions(sample):
        assert set(raw) == {
            "id", "at", "kind", "summary", "value", "direction", "linked_to", "resource_id",
        }
        assert raw["direction"] in ("out", "in")
        kind = Kind(raw["kind"])
        if kind in (Kind.GAVE, Kind.RECEIVED):
            Value(raw["value"])
        else:
            assert raw["value"] is None, raw
        assert raw["summary"].strip()
        at = _at(raw["at"])
        # Nothing on the export day itself: loaded at any hour, nothing lands in the future.
        assert at.date() < exported.date()
        assert exported - at <= timedelta(days=125)


def test_last_interaction_at_is_the_latest_interaction(sample: dict) -> None:
    for raw in _contacts(sample):
        times = [_at(i["at"]) for i in raw["interactions"]]
        expected = max(times) if times else None
        actual = _at(raw["last_interaction_at"]) if raw["last_interaction_at"] else None
        assert actual == expected, raw["name"]


def test_stage_dates_and_histories_agree_with_the_stage(sample: dict) -> None:
    for raw in _contacts(sample):
        kinds = {i["kind"] for i in raw["interactions"]}
        created, changed = _at(raw["created_at"]), _at(raw["stage_changed_at"])
        assert created <= changed <= _at(raw["updated_at"]), raw["name"]
        if raw["stage"] in ("talked", "gave_value"):
            assert kinds & {"call", "meeting"}, f"{raw['name']} was never talked to"
        if raw["stage"] == "gave_value":
            assert "gave" in kinds, f"{raw['name']} was never given anything"
        if raw["stage"] == "trusted":
            assert len(raw["interactions"]) >= 5, f"{raw['name']} is trusted on a thin history"
            assert kinds & {"gave", "received"}


def test_the_network_shows_the_method(sample: dict) -> None:
    contacts = _contacts(sample)
    values = Counter((i["kind"], i["value"]) for i in _interactions(sample) if i["value"])
    for value in ("information", "resource", "introduction", "referral", "feedback"):
        assert values[("gave", value)] >= 1, value
    assert values[("received", "referral")] >= 2
    assert sum(n for (k, v), n in values.items() if k == "received" and v != "referral") >= 2
    met_at = {c["met_at"] for c in contacts}
    assert {"BNI breakfast", "LinkedIn request", "comment on my article", "Chamber mixer"} <= met_at
    assert {"manual", "linkedin", "vcard", "csv"} <= {c["source"] for c in contacts}
    tags = Counter(t for c in contacts for t in c["tags"])
    assert {"bni", "linkedin", "client", "referral-partner", "mentor"} <= set(tags)
    # LinkedIn strangers may have nothing but their invitation.
    assert any(
        c["met_at"] == "LinkedIn request" and len(c["interactions"]) == 1 for c in contacts
    )


def test_the_methods_moments_are_all_in_the_demo(tmp_path: Path) -> None:
    """A giver owed thanks, a quiet request, reminders, an introduction on both sides."""
    from board.config import Config
    from board.standing import standings
    from board.stats import givers_gain_for
    from board.triage import DueFor, due_contacts

    store = Store(tmp_path / "data", clock=Clock(FIXED_NOW))
    load_sample(store)
    people = store.contacts()
    known = standings(store, people, Config(), FIXED_NOW)
    queue = due_contacts(people, Config(), FIXED_NOW.date(), known)
    reasons = [(d.contact.name, d.due_for) for d in queue]
    assert reasons[:3] == [
        ("Zach Morgan", DueFor.THANKS), ("Derek Washington", DueFor.THANKS),
        ("Dana Whitfield", DueFor.REMINDER),
    ]
    assert [store.get(cid).name for cid, s in known.items() if s.quiet] == ["Amanda Price"]
    assert "Amanda Price" not in {name for name, _ in reasons}
    reminders = {c.name: c.reminder for c in people if c.reminder}
    assert set(reminders) == {"Dana Whitfield", "Kevin Tran"}
    assert reminders["Kevin Tran"].date > FIXED_NOW.date()  # one still ahead
    kevin, grace = store.find("kevin tran"), store.find("grace okonkwo")
    [to_grace] = [i for i in store.interactions(kevin.id) if i.linked_to]
    [to_kevin] = [i for i in store.interactions(grace.id) if i.linked_to]
    assert (to_grace.linked_to, to_kevin.linked_to) == (to_kevin.id, to_grace.id)
    assert to_grace.at == to_kevin.at and to_grace.value == to_kevin.value == Value.INTRODUCTION
    gain = givers_gain_for(store, Config())
    assert gain.funnel["quiet"] == 1 and gain.funnel["replied"] >= 5
    assert gain.received_by_stage[Stage.MET] >= 1


def test_who_wrote_and_who_introduced_whom(sample: dict) -> None:
    contacts = {c["name"]: c for c in _contacts(sample)}
    ids = {c["id"] for c in contacts.values()}
    for raw in _interactions(sample):
        if raw["summary"].startswith(("LinkedIn invitation", "Commented on")):
            assert raw["direction"] == "in", raw["summary"]
        if raw["summary"].startswith(("Thanked", "Accepted", "Sent ")):
            assert raw["direction"] == "out", raw["summary"]
    introduced = {name: c["introduced_by"] for name, c in contacts.items() if c["introduced_by"]}
    assert introduced == {
        "Ben Okafor": contacts["Dana Whitfield"]["id"],
        "Paul Reyes": contacts["Dana Whitfield"]["id"],
        "Andre Thompson": contacts["Ruth Adeyemi"]["id"],
        "Ethan Brooks": contacts["Paul Reyes"]["id"],  # a first message with common ground
    }
    assert set(introduced.values()) <= ids


def test_stage_histories_lead_to_the_stage(sample: dict) -> None:
    for raw in _contacts(sample):
        marks = raw["stage_history"]
        assert marks[0] == {"stage": "met", "at": raw["created_at"]}, raw["name"]
        assert marks[-1]["stage"] == raw["stage"]
        assert marks[-1]["at"] == (raw["stage_changed_at"] if raw["stage"] != "met" else raw["created_at"])
        times = [_at(m["at"]) for m in marks]
        assert times == sorted(times), raw["name"]


def test_some_needs_match_someone_elses_expertise(sample: dict) -> None:
    def stems(text: str) -> set[str]:
        return {w[:6] for w in re.findall(r"[a-z]+", text.lower()) if len(w) >= 6}

    matches = set()
    for asker in _contacts(sample):
        for expert in _contacts(sample):
            if asker is expert or not asker["needs"]:
                continue
            if stems(asker["needs"]) & stems(" ".join(expert["expertise"])):
                matches.add(asker["name"])
    assert len(matches) >= 5, matches


def test_contact_details_are_fictional(sample: dict) -> None:
    reserved = ("example.com", "example.org", "example.net")
    for raw in _contacts(sample):
        for email in raw["emails"]:
            assert email.split("@")[1].endswith(reserved), email
        for url in raw["urls"]:
            assert urlparse(url).hostname.endswith(reserved), url
        for phone in raw["phones"]:
            assert re.search(r"555\D?01\d\d$", phone), phone


def test_a_believable_morning_queue(sample: dict) -> None:
    records = sample_records(FIXED_NOW)
    contacts = [c for c, _ in records]
    today = FIXED_NOW.date()
    due = _due(contacts, today)
    assert 8 <= len(due) <= 15, [c.name for c in due]
    assert {c.stage for c in due} == set(Stage)
    snoozed = [c for c in contacts if c.snoozed_until and c.snoozed_until > today]
    assert len(snoozed) >= 2
    fresh = [c for c in contacts if (today - c.last_touch.date()).days <= 2]
    assert len(fresh) >= 5


# --- moving the sample to the present


@settings(max_examples=40, deadline=None)
@given(
    moment=st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2035, 12, 31)),
    offset_minutes=st.integers(min_value=-12 * 60, max_value=14 * 60).map(lambda m: m - m % 15),
)
def test_moving_keeps_ages_and_hours_and_nothing_lands_in_the_future(
    moment: datetime, offset_minutes: int
) -> None:
    now = moment.replace(tzinfo=timezone(timedelta(minutes=offset_minutes)))
    data = read_sample()
    exported = _at(data["exported_at"])
    originals = {i["id"]: _at(i["at"]) for i in _interactions(data)}
    records = sample_records(now)
    assert len(records) == 60
    for contact, history in records:
        for item in history:
            before = originals[item.id]
            assert item.at <= now
            assert item.at.utcoffset() == now.utcoffset()
            assert (now.date() - item.at.date()) == (exported.date() - before.date())
            assert (item.at.hour, item.at.minute) == (before.hour, before.minute)
        if history:
            assert contact.last_interaction_at == history[-1].at
        if contact.snoozed_until:
            assert contact.snoozed_until > now.date()


def test_the_queue_is_the_same_at_any_hour_of_the_day() -> None:
    zone = timezone(timedelta(hours=-7))
    early = datetime(2027, 1, 5, 0, 1, tzinfo=zone)
    late = datetime(2027, 1, 5, 23, 59, tzinfo=zone)
    due_early = {c.name for c in _due([c for c, _ in sample_records(early)], early.date())}
    due_late = {c.name for c in _due([c for c, _ in sample_records(late)], late.date())}
    assert due_early == due_late
    assert 8 <= len(due_early) <= 15


def test_load_sample_fills_an_empty_store(tmp_path: Path, sample: dict) -> None:
    store = Store(tmp_path / "data", clock=Clock(FIXED_NOW))
    assert load_sample(store) == 60
    # The demo starts with nothing to undo: the store keeps no history (sessions do).

    reopened = Store(tmp_path / "data", clock=Clock(FIXED_NOW))
    contacts = reopened.contacts(archived=None)
    assert len(contacts) == 60
    assert len(reopened.contacts()) == 60 - sum(c["archived"] for c in _contacts(sample))
    by_name = {c.name: c for c in contacts}
    total = 0
    newest = None
    for raw in _contacts(sample):
        contact = by_name[raw["name"]]
        assert contact.id == raw["id"]
        assert contact.stage == Stage(raw["stage"])
        assert contact.tags == raw["tags"]
        history = reopened.interactions(contact.id)
        assert [i.id for i in history] == [i["id"] for i in raw["interactions"]]
        total += len(history)
        latest = max((i.at for i in history), default=None)
        assert contact.last_interaction_at == latest
        if latest and (newest is None or latest > newest):
            newest = latest
    assert total == len(_interactions(sample))
    assert newest is not None
    assert timedelta(0) < FIXED_NOW - newest < timedelta(days=3)

    dana = by_name["Dana Whitfield"]
    raw_dana = next(c for c in _contacts(sample) if c["name"] == "Dana Whitfield")
    exported = _at(sample["exported_at"])
    shift = FIXED_NOW.date() - exported.date()
    assert dana.created_at.date() == _at(raw_dana["created_at"]).date() + shift
    assert dana.stage_changed_at.date() == _at(raw_dana["stage_changed_at"]).date() + shift
    assert dana.updated_at.date() == _at(raw_dana["updated_at"]).date() + shift
    snoozed = [c for c in contacts if c.snoozed_until]
    assert snoozed and all(c.snoozed_until > FIXED_NOW.date() for c in snoozed)
    # Reminders and stage histories move with everything else.
    assert dana.reminder is not None
    assert dana.reminder.date == date.fromisoformat(raw_dana["reminder"]["date"]) + shift
    assert [m.at.date() for m in dana.stage_history] == [
        _at(m["at"]).date() + shift for m in raw_dana["stage_history"]
    ]

    library = reopened.resources()
    assert sorted(r.id for r in library) == sorted(r["id"] for r in sample["resources"])
    assert all(r.created_at.date() < FIXED_NOW.date() for r in library)
    shared = [i for c in contacts for i in reopened.interactions(c.id) if i.resource_id]
    assert shared and {i.resource_id for i in shared} <= {r.id for r in library}


def test_a_small_library_of_believable_resources(sample: dict) -> None:
    library = sample["resources"]
    assert 8 <= len(library) <= 12
    ids = [r["id"] for r in library]
    assert all(HEX32.match(i) for i in ids) and len(set(ids)) == len(ids)
    titles = [r["title"].casefold() for r in library]
    assert len(set(titles)) == len(titles)
    exported = _at(sample["exported_at"])
    for raw in library:
        assert set(raw) == {"id", "title", "url", "topics", "note", "created_at", "updated_at"}
        assert urlparse(raw["url"]).scheme == "https"
        assert urlparse(raw["url"]).hostname.endswith(("example.com", "example.org")), raw["url"]
        assert 1 <= len(raw["topics"]) <= 4
        assert _at(raw["created_at"]) <= _at(raw["updated_at"]) < exported
    # What was shared from it points at it, as a `gave` of a resource.
    shared = [i for i in _interactions(sample) if i.get("resource_id")]
    assert shared and all(i["resource_id"] in ids for i in shared)
    assert all((i["kind"], i["value"]) == ("gave", "resource") for i in shared)


def test_the_library_fits_the_needs_of_several_people(sample: dict) -> None:
    from board.outreach import fitting_resources

    library = sample_resources(FIXED_NOW)
    fitted = {
        contact.name
        for contact, history in sample_records(FIXED_NOW)
        if any(m.field == "needs" for m in fitting_resources(contact, library, history))
    }
    assert len(fitted) >= 8, fitted


def test_load_sample_refuses_a_store_that_has_people(tmp_path: Path) -> None:
    store = Store(tmp_path / "data", clock=Clock(FIXED_NOW))
    mine = Contact(id=new_id(), name="My Real Client", created_at=FIXED_NOW)
    store.add_contact(mine)
    with pytest.raises(UserError, match="empty"):
        load_sample(store)
    assert [c.name for c in Store(tmp_path / "data").contacts(archived=None)] == ["My Real Client"]


# --- trustboard --demo


def _run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(TRUSTBOARD), *args], env=env, capture_output=True, text=True, timeout=60
    )


@pytest.fixture
def isolated_env(tmp_path: Path) -> dict[str, str]:
    """Every place trustboard could write points into tmp_path, so the test can check them."""
    (tmp_path / "tmp").mkdir()
    (tmp_path / "home").mkdir()
    env = dict(os.environ)
    env.update(
        TRUSTBOARD_DATA=str(tmp_path / "data"),
        TRUSTBOARD_CONFIG=str(tmp_path / "config.toml"),
        TMPDIR=str(tmp_path / "tmp"),
        HOME=str(tmp_path / "home"),
        XDG_DATA_HOME=str(tmp_path / "home" / "data"),
        XDG_CONFIG_HOME=str(tmp_path / "home" / "config"),
    )
    return env


def test_demo_list_json_never_touches_the_users_data(tmp_path: Path, isolated_env: dict) -> None:
    first = _run(["--demo", "list", "--json"], isolated_env)
    assert first.returncode == 0, first.stderr
    assert first.stderr == ""
    people = json.loads(first.stdout)
    assert len(people) >= 40
    assert {p["stage"] for p in people} == {"met", "talked", "gave_value", "trusted"}
    assert all("interactions" not in p for p in people)

    second = _run(["--demo", "list", "--json"], isolated_env)
    assert second.returncode == 0, second.stderr
    assert [p["name"] for p in json.loads(second.stdout)] == [p["name"] for p in people]

    assert not (tmp_path / "data").exists()
    assert list((tmp_path / "home").iterdir()) == []
    assert list((tmp_path / "tmp").iterdir()) == []  # the throwaway copies were removed


def test_demo_ignores_an_existing_data_dir_and_forgets_changes(
    tmp_path: Path, isolated_env: dict, sample: dict
) -> None:
    real = tmp_path / "data"
    Store(real).add_contact(Contact(id=new_id(), name="My Real Client"))
    before = {p: p.read_bytes() for p in real.rglob("*.json")}

    logged = _run(["--demo", "log", "Dana Whitfield", "--kind", "call", "Demo call"], isolated_env)
    assert logged.returncode == 0, logged.stderr
    assert "Dana Whitfield" in logged.stdout

    shown = _run(["--demo", "show", "Dana Whitfield", "--json"], isolated_env)
    assert shown.returncode == 0, shown.stderr
    dana = json.loads(shown.stdout)
    assert "Demo call" not in [i["summary"] for i in dana["interactions"]]  # a fresh copy each run
    raw_dana = next(c for c in _contacts(sample) if c["name"] == "Dana Whitfield")
    assert [i["id"] for i in dana["interactions"]] == [i["id"] for i in raw_dana["interactions"]]

    listed = _run(["--demo", "list"], isolated_env)
    assert "My Real Client" not in listed.stdout
    assert {p: p.read_bytes() for p in real.rglob("*.json")} == before
    assert list((tmp_path / "tmp").iterdir()) == []
