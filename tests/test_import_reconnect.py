"""The reconnect plan (issue 10, "the first morning after an import"): years of LinkedIn
connections never fall due at once; Today takes a few a day, most recent first; an old
connection is offered the *reconnect* note, never *answer-request*."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

import board.cli.base as cli_base
from board.cli import main
from board.config import Config
from board.importers import import_file
from board.model import Kind
from board.outreach import suggest_for
from board.store import Store
from board.triage import due_contacts, reconnect_waiting
from tests.helpers import Clock, local

IMPORT_DAY = date(2026, 11, 19)
CONFIG = Config()  # reconnect_per_day = 3


def connections(path: Path, people: list[tuple[str, date]]) -> Path:
    """A LinkedIn Connections.csv (2023+ layout) of (name, connected on)."""
    lines = ["Notes:", '"When exporting your connection data…"', "",
             "First Name,Last Name,URL,Email Address,Company,Position,Connected On"]
    for name, day in people:
        first, last = name.split(" ", 1)
        slug = name.lower().replace(" ", "-")
        lines.append(f"{first},{last},https://www.linkedin.com/in/{slug},,Acme,Engineer,{day:%d %b %Y}")
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    return path


def old_network(count: int) -> list[tuple[str, date]]:
    """`count` connections made between 2018 and 2023, one every two weeks, oldest first."""
    return [(f"Person Number{i:03d}", date(2018, 1, 7) + timedelta(days=14 * i)) for i in range(count)]


@pytest.fixture
def clock() -> Clock:
    return Clock(local(IMPORT_DAY, 9))


@pytest.fixture
def store(tmp_path: Path, clock: Clock) -> Store:
    return Store(tmp_path / "data", clock=clock)


def due_names(store: Store, day: date) -> list[str]:
    store.refresh()
    return [d.contact.name for d in due_contacts(store.contacts(), CONFIG, day)]


def test_old_connections_fall_due_at_the_daily_pace_most_recent_first(store: Store, clock: Clock, tmp_path: Path):
    people = old_network(40)
    summary = import_file(store, "linkedin", connections(tmp_path / "Connections.csv", people))
    assert len(summary.added) == 40
    assert due_names(store, IMPORT_DAY) == []  # nothing is due on the day of the import
    newest_first = [name for name, _day in reversed(people)]

    day1 = IMPORT_DAY + timedelta(days=1)
    assert sorted(due_names(store, day1)) == sorted(newest_first[:3])
    queue = due_contacts(store.contacts(), CONFIG, day1)
    assert all(d.days_overdue == 0 and d.due_since == day1 for d in queue)  # not "2760 days overdue"

    # Day one's people are written to (logged): the next day brings the next three.
    clock.now = local(day1, 10)
    for item in queue:
        store.log(item.contact.id, Kind.MESSAGE, "sent: reconnect")
    day2 = IMPORT_DAY + timedelta(days=2)
    assert sorted(due_names(store, day2)) == sorted(newest_first[3:6])
    # Those logged follow their stage's cadence now (Met: a week after the message).
    assert sorted(due_names(store, day1 + timedelta(days=7))) == sorted(
        newest_first[:3] + newest_first[3:24]  # and the plan's people of days 2 … 8
    )
    assert reconnect_waiting(store.contacts(), day2) == (40 - 6, IMPORT_DAY + timedelta(days=14))


def test_a_log_dated_before_the_import_ends_the_plan_for_that_person(store: Store, clock: Clock, tmp_path: Path):
    """"Coffee with Ana last March", logged the day after importing her: the plan no longer
    holds her back to her planned day, her cadence from that coffee decides (Met: a week,
    so she is due now), and undoing the log puts her back in the plan."""
    import_file(store, "linkedin", connections(tmp_path / "Connections.csv", old_network(40)))
    planned = sorted((c for c in store.contacts()), key=lambda c: c.reconnect_on or date.max)
    last = planned[-1]  # the plan's last day: weeks away
    assert last.reconnect_on is not None and last.reconnect_on > IMPORT_DAY + timedelta(days=10)
    clock.now = local(IMPORT_DAY + timedelta(days=1), 10)
    change = store.log(last.id, Kind.MEETING, "coffee", at=local(date(2026, 3, 12), 9))
    after = store.get(last.id)
    assert after.reconnect_on is None
    assert last.name in due_names(store, IMPORT_DAY + timedelta(days=1))
    assert reconnect_waiting(store.contacts(), IMPORT_DAY + timedelta(days=1))[0] == 40 - 3 - 1
    store.apply(change.inverse("undo"))
    assert store.get(last.id).reconnect_on == last.reconnect_on
    assert last.name not in due_names(store, IMPORT_DAY + timedelta(days=1))


def test_on_any_day_at_most_the_pace_joins_the_queue(store: Store, tmp_path: Path):
    import_file(store, "linkedin", connections(tmp_path / "Connections.csv", old_network(100)),
                reconnect_per_day=5)
    seen: set[str] = set()
    for ahead in range(0, 25):
        due = set(due_names(store, IMPORT_DAY + timedelta(days=ahead)))
        assert len(due - seen) <= 5 and seen <= due  # nobody leaves unless written to
        seen = due
    assert len(seen) == 100 and reconnect_waiting(store.contacts(), IMPORT_DAY + timedelta(days=20)) == (0, None)


def test_an_old_connection_is_offered_reconnect_never_answer_request(store: Store, clock: Clock, tmp_path: Path):
    people = [("Old Friend", date(2019, 3, 4)), ("Recent Contact", IMPORT_DAY - timedelta(days=10))]
    import_file(store, "linkedin", connections(tmp_path / "Connections.csv", people))
    clock.now = local(IMPORT_DAY + timedelta(days=1), 9)
    by_name = {c.name: c for c in store.contacts()}
    old, _ = suggest_for(store, by_name["Old Friend"], CONFIG)
    assert old[0].name == "reconnect" and "answer-request" not in [s.name for s in old]
    assert "We've been connected since 2019 but have never really talked" in old[0].text
    assert "{" not in old[0].text and "[" not in old[0].text  # nothing leaks
    recent, _ = suggest_for(store, by_name["Recent Contact"], CONFIG)
    assert recent[0].name == "answer-request" and "reconnect" not in [s.name for s in recent]
    # Most recent first: the fresh connection is due on the first day.
    assert by_name["Recent Contact"].reconnect_on == IMPORT_DAY + timedelta(days=1)


def test_every_due_person_of_a_big_old_import_gets_reconnect(store: Store, clock: Clock, tmp_path: Path):
    import_file(store, "linkedin", connections(tmp_path / "Connections.csv", old_network(30)))
    for ahead in range(1, 11):
        clock.now = local(IMPORT_DAY + timedelta(days=ahead), 9)
        for item in due_contacts(store.contacts(), CONFIG, clock.now.date()):
            found, _ = suggest_for(store, item.contact, CONFIG)
            assert "answer-request" not in [s.name for s in found]
            if not store.interactions(item.contact.id):  # (once sent, it waits its turn)
                assert found[0].name == "reconnect"
            store.log(item.contact.id, Kind.MESSAGE, "sent: reconnect")


def test_a_second_import_of_old_connections_is_appended_after_the_last_planned_day(
    store: Store, clock: Clock, tmp_path: Path
):
    import_file(store, "linkedin", connections(tmp_path / "a.csv", old_network(7)))
    last = max(c.reconnect_on for c in store.contacts())
    assert last == IMPORT_DAY + timedelta(days=3)  # 3 + 3 + 1
    clock.now = local(IMPORT_DAY + timedelta(days=1), 9)
    later = [(f"Later Person{i}", date(2016, 5, 1 + i)) for i in range(4)]
    summary = import_file(store, "linkedin", connections(tmp_path / "b.csv", later))
    days = sorted(c.reconnect_on for c in store.contacts() if c.name.startswith("Later"))
    assert days == [last + timedelta(days=1)] * 3 + [last + timedelta(days=2)]
    assert summary.describe()[-1] == (
        "  reconnect plan: 4 people, 3 a day from Mon 23 Nov 2026 to Tue 24 Nov 2026, most recent first "
        "(none due today)"
    )
    # Re-importing changes nothing, and plans nobody again.
    again = import_file(store, "linkedin", connections(tmp_path / "a.csv", old_network(7)))
    assert not again.changed and again.reconnect is None


def test_a_later_imports_fresh_connections_go_first_and_the_pace_holds(store: Store, clock: Clock, tmp_path: Path):
    import_file(store, "linkedin", connections(tmp_path / "a.csv", old_network(30)))  # Nov 20 … 29
    before = {c.name: c.reconnect_on for c in store.contacts()}
    today = IMPORT_DAY + timedelta(days=4)  # Nov 23: 12 are due by now, 18 wait (Nov 24 … 29)
    clock.now = local(today, 9)
    fresh = [(f"Fresh Person{i}", today - timedelta(days=1 + i)) for i in range(4)]  # this week
    summary = import_file(store, "linkedin", connections(tmp_path / "b.csv", [*fresh, ("Old Timer", date(2012, 1, 1))]))
    assert summary.describe()[-1] == (
        "  reconnect plan: 5 people, 3 a day from Tue 24 Nov 2026 to Wed 2 Dec 2026, most recent first "
        "(none due today); 4 people connected in the last 30 days go first, so the 18 people waiting move back 2 days"
    )
    assert len(summary.added) == 5 and summary.updated == []  # a move is not an edit of theirs
    people = {c.name: c.reconnect_on for c in store.contacts()}
    assert [people[f"Fresh Person{i}"] for i in range(4)] == [date(2026, 11, 24)] * 3 + [date(2026, 11, 25)]
    for name, day in before.items():  # the due stay due; whoever waited moved back two days
        assert people[name] == (day if day <= today else day + timedelta(days=2))
    assert people["Old Timer"] == date(2026, 12, 2)  # after the last day planned

    # A phone's vCards carry no connection date: taken as connected today, they go first too.
    vcards = tmp_path / "phone.vcf"
    vcards.write_text("BEGIN:VCARD\nVERSION:3.0\nFN:Card Person\nEND:VCARD\n")
    due_before = due_names(store, today)
    summary = import_file(store, "vcard", vcards)
    assert summary.describe()[-1].endswith(
        "; 1 person connected in the last 30 days goes first, so the 23 people waiting move back 1 day"
    )
    after = {c.name: c.reconnect_on for c in store.contacts()}
    assert after["Card Person"] == date(2026, 11, 24)
    assert after["Fresh Person0"] == date(2026, 11, 25) and after["Old Timer"] == date(2026, 12, 3)
    assert due_names(store, today) == due_before  # nobody more is due today
    per_day: dict[date, int] = {}
    for day in after.values():
        if day and day > today:
            per_day[day] = per_day.get(day, 0) + 1
    assert max(per_day.values()) <= 3  # no day takes more than the pace


def test_csv_and_invitations_follow_the_same_rule(store: Store, tmp_path: Path):
    csv = tmp_path / "people.csv"
    csv.write_text("name,met_at,created_at,archived\nAna Lima,LinkedIn,2020-05-01,no\n"
                   "Bo Chen,LinkedIn,2020-05-01,yes\n")
    import_file(store, "csv", csv)
    invitations = tmp_path / "Invitations.csv"
    invitations.write_text("From,To,Sent At,Message,Direction\n"
                           'Cy Dray,Sam Rivera,"3/2/21, 6:45 PM",Loved your talk,INCOMING\n')
    import_file(store, "invitations", invitations)
    people = {c.name: c for c in store.contacts(archived=None)}
    assert people["Ana Lima"].reconnect_on == IMPORT_DAY + timedelta(days=1)
    assert people["Bo Chen"].reconnect_on is None  # archived: not planned
    assert people["Cy Dray"].reconnect_on == IMPORT_DAY + timedelta(days=2)
    assert due_names(store, IMPORT_DAY) == []  # the 2021 invitation is not due at once either
    found, _ = suggest_for(store, people["Ana Lima"], CONFIG)
    assert found[0].name == "reconnect"
    # An invitation is theirs to answer, however old: answer-request it stays.
    invited, _ = suggest_for(store, people["Cy Dray"], CONFIG)
    assert invited[0].name == "answer-request"
    message = store.interactions(people["Cy Dray"].id)[0]
    assert (message.summary, message.direction.value) == ("Loved your talk", "in")


def test_json_keeps_its_own_plan_and_a_dry_run_says_what_the_real_run_does(store: Store, tmp_path: Path):
    path = connections(tmp_path / "Connections.csv", old_network(5))
    dry = import_file(store, "linkedin", path, dry_run=True)
    real = import_file(store, "linkedin", path)
    assert dry.describe()[1:] == real.describe()[1:] and dry.reconnect == real.reconnect
    export = tmp_path / "all.json"
    from board.exporters import export_file
    export_file(store, "json", export)
    fresh = Store(tmp_path / "fresh", clock=store.clock)
    summary = import_file(fresh, "json", export)
    assert summary.reconnect is None
    assert {c.name: c.reconnect_on for c in fresh.contacts()} == {c.name: c.reconnect_on for c in store.contacts()}


def test_a_plan_too_long_for_ten_years_goes_faster_and_says_so(store: Store, tmp_path: Path):
    people = [(f"P Number{i:05d}", date(2020, 1, 1)) for i in range(3700)]
    summary = import_file(store, "linkedin", connections(tmp_path / "Connections.csv", people),
                          reconnect_per_day=1)
    assert summary.reconnect is not None and summary.reconnect.per_day == 2
    assert summary.reconnect.last <= IMPORT_DAY + timedelta(days=3650)
    assert "2 a day (not 1: a plan ends within ten years)" in summary.describe()[-1]


# --- what Today says ----------------------------------------------------------


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as done:
        main([str(a) for a in args])
    out, err = capsys.readouterr()
    return done.value.code, out, err


def test_trustboard_today_lists_only_those_due_and_counts_the_rest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys, clock: Clock
):
    monkeypatch.setattr(cli_base, "Store", lambda root: Store(root, clock=clock))
    data = tmp_path / "data"
    path = connections(tmp_path / "Connections.csv", old_network(10))
    code, out, _ = cli(capsys, "--data", data, "import", path)
    assert code == 0 and "reconnect plan: 10 people, 3 a day from Fri 20 Nov 2026 to Mon 23 Nov 2026" in out

    code, out, _ = cli(capsys, "--data", data, "today")
    assert code == 0 and out.startswith("Nobody is due today. Next up: Person Number007, tomorrow (Fri 20 Nov).")
    assert "heard from you recently" not in out  # they have not heard from you at all
    assert "10 more people wait in the reconnect plan, a few a day until Mon 23 Nov 2026." in out
    assert json.loads(cli(capsys, "--data", data, "today", "--json")[1]) == []

    clock.now = datetime.combine(IMPORT_DAY + timedelta(days=1), clock.now.timetz())
    code, out, _ = cli(capsys, "--data", data, "today")
    assert out.startswith("Friday 20 November: 3 people to reach out to.")
    assert "7 more people wait in the reconnect plan" in out
    assert out.count("due today") == 3 and "overdue" not in out
    rows = json.loads(cli(capsys, "--data", data, "today", "--json")[1])
    assert [r["name"] for r in rows] == [f"Person Number{i:03d}" for i in (7, 8, 9)]  # the 3 most recent
    assert all(r["days_overdue"] == 0 and r["reconnect_on"] == "2026-11-20" for r in rows)


# --- the due rule (board.triage) ----------------------------------------------


def _planned(name: str, day: date, **fields: object):
    from tests.helpers import person

    return person(name, at=date(2019, 5, 1), **fields).copy(reconnect_on=day)  # type: ignore[arg-type]


def test_the_plan_decides_the_due_day_until_something_is_logged_after_they_joined():
    from board.triage import due_date, is_due, next_due, reconnect_day

    ana = _planned("Ana", IMPORT_DAY + timedelta(days=2))
    assert reconnect_day(ana) == due_date(ana, CONFIG) == IMPORT_DAY + timedelta(days=2)
    assert not is_due(ana, CONFIG, IMPORT_DAY + timedelta(days=1))
    assert is_due(ana, CONFIG, IMPORT_DAY + timedelta(days=2))
    assert next_due([ana], CONFIG, IMPORT_DAY) == (ana, IMPORT_DAY + timedelta(days=2))
    # The invitation an import logs is at the moment they joined: the plan still decides.
    invited = ana.copy(last_interaction_at=ana.created_at)
    assert reconnect_day(invited) == IMPORT_DAY + timedelta(days=2)
    # Once something is logged after that, the stage's cadence applies (Met: 7 days).
    written = ana.copy(last_interaction_at=local(IMPORT_DAY, 10))
    assert reconnect_day(written) is None
    assert due_date(written, CONFIG) == IMPORT_DAY + timedelta(days=7)
    # Without a plan day, nothing changes: creation plus cadence.
    assert due_date(ana.copy(reconnect_on=None), CONFIG) == date(2019, 5, 8)


def test_waiting_counts_the_plan_after_today_without_the_archived_or_the_written_to():
    people = [
        _planned("Ana", IMPORT_DAY + timedelta(days=1)),
        _planned("Bo", IMPORT_DAY + timedelta(days=5)),
        _planned("Cy", IMPORT_DAY + timedelta(days=9), archived=True),
        _planned("Di", IMPORT_DAY + timedelta(days=12)).copy(last_interaction_at=local(IMPORT_DAY, 10)),
        _planned("Ed", IMPORT_DAY - timedelta(days=3)),  # due already
    ]
    assert reconnect_waiting(people, IMPORT_DAY) == (2, IMPORT_DAY + timedelta(days=5))
    assert reconnect_waiting(people, IMPORT_DAY + timedelta(days=5)) == (0, None)


# --- the board's Today -------------------------------------------------------


async def test_the_boards_today_says_how_many_wait_in_the_plan(tmp_path: Path, make_app):
    from tests.helpers import FIXED_NOW, screen_text

    store = Store(tmp_path / "data", clock=Clock(FIXED_NOW))
    people = [(f"Person Number{i:03d}", date(2020, 1, 5) + timedelta(days=i)) for i in range(8)]
    import_file(store, "linkedin", connections(tmp_path / "Connections.csv", people))
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("t")
        await pilot.pause()
        text = " ".join(screen_text(app).split())
        assert "Nobody is due today." in text and "8 more wait in the reconnect plan." in text
        # Tomorrow's three are the most recent connections (the first of them by name is shown).
        assert "Next up: Person Number005 on Friday Nov 20." in text
    store.clock = Clock(FIXED_NOW + timedelta(days=1))  # the next morning
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("t")
        await pilot.pause()
        text = " ".join(screen_text(app).split())
        assert "3 to reach out to (5 more wait in the reconnect plan)" in text


# --- which opener: the 30-day line -------------------------------------------


@pytest.mark.parametrize(("met_at", "days_ago", "top", "since"), [
    ("LinkedIn", 30, "answer-request", None),  # a connection of the last 30 days
    ("LinkedIn", 31, "reconnect", "October"),
    ("", 400, "reconnect", "2025"),  # source linkedin, no met_at
    ("LinkedIn request", 700, "answer-request", None),  # an invitation is still theirs to answer
    ("LinkedIn invitation", 90, "answer-request", None),
])
def test_the_opener_follows_the_age_of_the_connection(met_at: str, days_ago: int, top: str, since: str | None):
    from board.outreach import suggest_messages
    from tests.helpers import FIXED_NOW, person

    ana = person(met_at=met_at, source="linkedin", created_at=FIXED_NOW - timedelta(days=days_ago))
    found = suggest_messages(ana, [], [], my_name="Sam Rivera", now=FIXED_NOW)
    assert found[0].name == top
    assert {"reconnect", "answer-request"} - {s.name for s in found} != set()  # never both
    if since:
        assert f"We've been connected since {since} but have never really talked" in found[0].text
        assert found[0].text.endswith("no worries at all.\n\nSam Rivera")


def test_someone_both_merged_and_moved_back_is_written_once(store: Store, tmp_path: Path):
    import_file(store, "linkedin", connections(tmp_path / "a.csv", old_network(6)))
    ana = next(c for c in store.contacts() if c.name == "Person Number005")  # planned for tomorrow
    cards = tmp_path / "cards.vcf"
    cards.write_text(
        "BEGIN:VCARD\nVERSION:3.0\nFN:Person Number005\nTITLE:CTO\n"
        "X-SOCIALPROFILE;type=linkedin:https://www.linkedin.com/in/person-number005\nEND:VCARD\n"
        "BEGIN:VCARD\nVERSION:3.0\nFN:Brand New\nEND:VCARD\n"
    )
    summary = import_file(store, "vcard", cards)
    assert summary.added == ["Brand New"] and summary.updated == [("Person Number005", ["title"])]
    after = store.get(ana.id)
    assert (after.title, after.reconnect_on) == ("CTO", ana.reconnect_on + timedelta(days=1))
    assert summary.change is not None and summary.change.contact_ids() >= {ana.id}
