"""The board's view (board.view) gives what the plain rules give, however it gets there.

The view keeps each stage's cards sorted and changes them in place, filters by picking
from those lists, and builds Today's queue from the front of the columns; each of these
is checked here against the plain functions (`due_contacts`, `filter_contacts`) over
random boards.
"""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import timedelta

import pytest

from board import card_moves
from board import view as view_module
from board.config import Config
from board.model import Contact, Interaction, Kind, Reminder, Stage, new_id
from board.search import Vocabulary, filter_contacts, haystack, parse_query
from board.standing import Standing
from board.triage import DueFor, due_contacts, reconnect_waiting
from board.view import BoardView
from tests.helpers import TODAY, local

CONFIG = Config()
FIRST = ["Ana", "Bo", "Cy", "Di", "Ed", "Lina", "Liam", "Grace", "Ada", "Owen"]
LAST = ["Lima", "Chen", "Park", "Ruiz", "Stone", "Hopper", "Lovelace", "Pierce"]
WORDS = ["roofing", "bookkeeping", "estate law", "sailing", "copper", "mortgages", "bni"]


def _board(seed: int, size: int = 300) -> list[Contact]:
    rnd = random.Random(seed)
    people = []
    for n in range(size):
        created = TODAY - timedelta(days=rnd.randint(0, 400))
        last = created + timedelta(days=rnd.randint(0, 30)) if rnd.random() < 0.7 else None
        at = local(created, rnd.choice([9, 12]))
        people.append(Contact(
            id=f"{n:04d}{new_id()[:6]}",
            name=f"{rnd.choice(FIRST)} {rnd.choice(LAST)}",  # many share a name: ties
            company=rnd.choice(["Acme Roofing", "Ruiz Bookkeeping", "", "Copper Mill"]),
            stage=rnd.choice(list(Stage)),
            tags=rnd.sample(["bni", "client", "golf"], rnd.randint(0, 2)),
            expertise=rnd.sample(WORDS, rnd.randint(0, 2)),
            notes=rnd.choice(["", "loves sailing", "met at the mixer"]),
            created_at=at, updated_at=at, stage_changed_at=at,
            last_interaction_at=local(last, 12) if last and last <= TODAY else None,
            snoozed_until=TODAY + timedelta(days=rnd.randint(-3, 5)) if rnd.random() < 0.1 else None,
            cadence_days=rnd.choice([None, None, 3, 90]),
            archived=rnd.random() < 0.08,
            reminder=(Reminder(TODAY + timedelta(days=rnd.randint(-5, 5)), "call")
                      if rnd.random() < 0.1 else None),
            reconnect_on=TODAY + timedelta(days=rnd.randint(-10, 10)) if rnd.random() < 0.1 else None,
        ))
    return people


def _view(people: list[Contact], standings=None) -> BoardView:
    view = BoardView(CONFIG)
    view.load(people, TODAY, standings)
    return view


def _ids(queue) -> list[str]:
    return [item.contact.id for item in queue]


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("limit", [0, 1, 7, 40, 1000])
def test_todays_queue_is_the_front_of_due_contacts(seed, limit):
    people = _board(seed)
    queue, count = _view(people).today_queue(limit)
    everyone = due_contacts(people, CONFIG, TODAY)
    assert count == len(everyone)
    assert queue == everyone[:limit]


@pytest.mark.parametrize("seed", range(4))
def test_todays_queue_with_standings_is_the_front_of_due_contacts(seed):
    people = _board(seed)
    rnd = random.Random(seed)
    gift = Interaction(id=new_id(), contact_id=people[0].id, kind=Kind.RECEIVED,
                       at=local(TODAY - timedelta(days=2)), summary="a referral")
    standings = {}
    for person in rnd.sample(people, 30):
        if rnd.random() < 0.5:
            standings[person.id] = Standing(owed_thanks=replace(gift, contact_id=person.id))
        else:
            standings[person.id] = Standing(request=True, quiet_since=TODAY - timedelta(days=1))
    view = _view(people, standings)
    queue, count = view.today_queue(25)
    everyone = due_contacts(people, CONFIG, TODAY, standings)
    assert count == len(everyone)
    assert queue == everyone[:25]
    assert view.due_count == len(everyone)
    assert set(view.quiet_ids()) == {
        p.id for p in people if not p.archived and p.id in standings and standings[p.id].quiet}


@pytest.mark.parametrize("seed", range(3))
def test_todays_queue_again_works_out_only_the_people_changed_since(seed, monkeypatch):
    people = _board(seed)
    view = _view(people)
    first, _count = view.today_queue(40)
    worked_out: list[str] = []
    entry = view_module.due_entry

    def counting(contact, *args, **kwargs):
        worked_out.append(contact.id)
        return entry(contact, *args, **kwargs)

    monkeypatch.setattr(view_module, "due_entry", counting)
    assert view.today_queue(40) == (first, _count)
    assert worked_out == []  # nobody changed: every entry as it was
    plain = [d.contact for d in first if d.due_for is DueFor.FOLLOW_UP and d.contact.reminder is None]
    changed = replace(plain[3], last_interaction_at=local(TODAY, 12))  # logged today: not due now
    renamed = replace(plain[5], name="Zed Renamed")
    view.update([changed, renamed])
    current = {p.id: p for p in people} | {changed.id: changed, renamed.id: renamed}
    queue, count = view.today_queue(40)
    again = list(worked_out)
    assert (queue, count) == _view(list(current.values())).today_queue(40)
    assert changed.id not in _ids(queue) and renamed.id in _ids(queue)
    # The one changed card still due, and whoever moved up into the 40: no one else again.
    assert renamed.id in again and len(again) <= 3, again


@pytest.mark.parametrize("seed", range(4))
def test_changes_in_place_give_what_a_fresh_load_gives(seed):
    people = _board(seed, 200)
    rnd = random.Random(seed)
    for text in ["", "bni", "roofnig", "stage:talked due", "archived", "copper lima"]:
        view = _view(people)
        view.query = parse_query(text)
        view.columns()
        current = {p.id: p for p in people}
        for _ in range(30):
            person = rnd.choice(list(current.values()))
            if rnd.random() < 0.15:
                del current[person.id]
                view.update([], [person.id])
                continue
            changed = replace(
                person,
                stage=rnd.choice(list(Stage)),
                name=rnd.choice([person.name, "Zed Lima"]),
                archived=rnd.random() < 0.1,
                last_interaction_at=local(TODAY - timedelta(days=rnd.randint(0, 60))),
                reminder=rnd.choice([None, Reminder(TODAY, "now")]),
            )
            current[person.id] = changed
            view.update([changed])
        fresh = _view(list(current.values()))
        fresh.query = parse_query(text)
        assert {s: _ids(c) for s, c in view.columns().items()} == {
            s: _ids(c) for s, c in fresh.columns().items()}, text
        assert view.due_count == fresh.due_count
        assert view.today_queue(50) == fresh.today_queue(50)
        assert view.reconnect_waiting() == reconnect_waiting(current.values(), TODAY)


def _ids_of(cards) -> list[str]:
    return [card.contact.id for card in cards]


@pytest.mark.parametrize("seed", range(3))
@pytest.mark.parametrize("text", ["", "lima", "hoppper", "roofnig", "bookeeping", "tag:bn",
                                  "stage:met due", "archived", "lovlace sailing", "zzz", "a"])
def test_the_board_filter_is_the_list_filter(seed, text):
    people = _board(seed)
    view = _view(people)
    view.query = query = parse_query(text)
    shown = {card.contact.id for cards in view.columns().values() for card in cards}
    pool = [p for p in people if p.archived == query.archived]
    # the board's `due` is the cadence's (the header's count), as it always was
    due = {c.id for c in pool if (card := view.card(c.id)) and card.due}
    assert shown == {c.id for c in filter_contacts(pool, query, due_ids=due)}


def test_a_clear_filter_shows_the_columns_as_they_were():
    view = _view(_board(1))
    before = {stage: list(cards) for stage, cards in view.columns().items()}
    view.query = parse_query("lima")
    assert sum(map(len, view.columns().values())) < sum(map(len, before.values()))
    view.query = parse_query("")
    assert view.columns() == before


@pytest.mark.parametrize(
    ("typed", "found"),
    [
        ("hoppper", ["hopper"]),  # an extra letter once the word has five
        ("hopperx", ["hopper"]),
        ("roofnig", ["roofing"]),  # two letters swapped, from seven letters
        ("roofinx", ["roofing"]),  # a wrong one
        ("lovlace", ["lovelace"]),  # a missing one once the word has eight
        ("bookeeping", ["bookkeeping"]),
        ("bookeep", ["bookkeeping"]),  # while still typing the word
        ("hoper", []),  # a missing letter in a short word is not forgiven
        ("rofing", []),
        ("hopper", []),  # spelled right: no other word ("copper", "hoppel") comes along
        ("lima", ["lina"]),  # a short word no word begins with: a whole word misspelled
        ("lnia", ["lina"]),
        ("mavy", ["navy"]),
        ("lin", []),  # three letters must be spelled right
        ("hopp", []),  # the start of words of the board: spelled right
        ("copp", []),
    ],
)
def test_typos_forgiven_against_the_words_of_the_board(typed, found):
    words = Vocabulary(["Grace Hopper navy".lower(), "acme roofing", "ada lovelace",
                        "ruiz bookkeeping", "copper mill", "hoppel lina"])
    assert words.near(typed) == found


def test_a_short_word_is_misspelled_only_while_no_one_is_called_so():
    people = [Contact(id=new_id(), name=name) for name in ("Lina Park", "Liam Chen", "Ada Stone")]
    assert [c.name for c in filter_contacts(people, parse_query("lima"))] == ["Lina Park", "Liam Chen"]
    lima = Contact(id=new_id(), name="Bo Lima")
    view = _view([*people, lima])
    view.query = parse_query("lima")
    assert [card.contact.name for cards in view.columns().values() for card in cards] == ["Bo Lima"]
    view.update([replace(lima, name="Bo Lind")])  # no one is called Lima any more
    view.query = parse_query("")
    view.query = parse_query("lima")
    assert sorted(card.contact.name for cards in view.columns().values() for card in cards) == [
        "Liam Chen", "Lina Park"]
    view.load([*people, lima], TODAY)  # read again from the store, someone called Lima again
    view.query = parse_query("")
    view.query = parse_query("lima")
    assert [card.contact.name for cards in view.columns().values() for card in cards] == ["Bo Lima"]
    view.load([*people, replace(lima, name="Bo Lind")], TODAY)
    view.query = parse_query("")
    view.query = parse_query("lima")
    assert len([card for cards in view.columns().values() for card in cards]) == 2
    # someone archived called Lima does not stand in the way on the board of those who are not
    archived = [*people, replace(lima, archived=True)]
    assert [c.name for c in filter_contacts(archived, parse_query("lima"))] == ["Lina Park", "Liam Chen"]


@pytest.mark.parametrize(
    ("typed", "names"),
    [
        ("garcia", ["José García", "Ben Garcia"]),
        ("García", ["José García", "Ben Garcia"]),
        ("zoe", ["Zoë Ångström"]),
        ("tag:cafe", ["Zoë Ångström"]),  # a tag is compared without its accents too
        ("lukasz", ["Łukasz Nowak"]),
        ("小龙", ["小龙 李"]),  # scripts without accents are compared as they are
    ],
)
def test_filter_words_match_without_accents(typed, names):
    people = [Contact(id=new_id(), name=name, tags=tags) for name, tags in (
        ("José García", []), ("Ben Garcia", []), ("Zoë Ångström", ["Café"]), ("Łukasz Nowak", []), ("小龙 李", []))]
    assert [c.name for c in filter_contacts(people, parse_query(typed))] == names


def _filters_as_a_fresh_load(view: BoardView, everyone: list[Contact], text: str) -> None:
    """`view`, filtered by `text`, shows what a view freshly loaded with `everyone` shows."""
    view.query = parse_query(text)
    fresh = _view(everyone)
    fresh.query = parse_query(text)
    assert {s: _ids(c) for s, c in view.columns().items()} == {
        s: _ids(c) for s, c in fresh.columns().items()}, text
    view.query = parse_query("")


@pytest.mark.parametrize("seed", range(3))
def test_a_filter_typed_again_after_changes_finds_what_a_fresh_load_finds(seed):
    # A pass reads the texts kept per column: changes in between must not leave stale ones.
    people = _board(seed, 200)
    rnd = random.Random(seed)
    view = _view(people)
    current = {p.id: p for p in people}
    for text in ["lima", "zed", "roofnig", "bni copper", "stage:met lima"] * 3:
        _filters_as_a_fresh_load(view, list(current.values()), text)
        view.columns()
        person = rnd.choice(list(current.values()))
        current[person.id] = changed = replace(
            person, name=rnd.choice(["Zed Lima", "Ana Chen", person.name]), stage=rnd.choice(list(Stage)))
        view.update([changed])


@pytest.mark.parametrize("seed", range(12))
def test_words_read_a_few_cards_at_a_time_while_cards_change_are_a_fresh_loads(seed):
    # The board reads the filter's words between keys; logs, edits and reloads come between.
    rnd = random.Random(seed)
    names = ["Kira Voss", "Kira Vass", "Lena Moss", "Lena Mass", "Zed Lima", "Bo Lind"]
    people = [replace(p, name=rnd.choice(names)) if n >= 112 else p for n, p in enumerate(_board(seed, 120))]
    view = _view(people)
    current = {p.id: p for p in people}
    done = False
    while not done:
        done = view.prepare_words(rnd.choice([1, 7, 30]))
        for _ in range(rnd.randint(0, 3)):
            person = rnd.choice(list(current.values())[-16:])  # the rare names come and go, read last
            current[person.id] = changed = replace(
                person, name=rnd.choice(names), archived=rnd.random() < 0.1)
            if rnd.random() < 0.2:
                view.load(list(current.values()), TODAY)
            else:
                view.update([changed])
    everyone = list(current.values())
    for archived in (False, True):
        assert view.vocabulary(archived).words == Vocabulary(
            haystack(c) for c in everyone if c.archived == archived).words
    for text in ["lima", "voss", "vass", "moss", "mass", "kira", "lena", "lind"]:
        _filters_as_a_fresh_load(view, everyone, text)


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("many", [card_moves.MANY, 0])  # 0: every update as many at once
def test_filter_texts_kept_through_changes_stay_aligned_with_the_columns(seed, many, monkeypatch):
    # The texts a pass reads are patched in step with each change (not made again for
    # every card): after adds, moves, archiving and removals they are every card's own.
    monkeypatch.setattr(card_moves, "MANY", many)
    people = _board(seed, 200)
    rnd = random.Random(seed)
    view = _view(people)
    current = {p.id: p for p in people}
    texts = ["lima", "roofnig", "archived lima", "stage:talked copper", "bni"]
    for step in range(60):
        text = rnd.choice(texts)
        view.query = parse_query(text)
        fresh = _view(list(current.values()))
        fresh.query = parse_query(text)
        assert {s: _ids(c) for s, c in view.columns().items()} == {
            s: _ids(c) for s, c in fresh.columns().items()}, (step, text)
        view.query = parse_query("")
        view.columns()
        person = rnd.choice(list(current.values()))
        if step % 10 == 9:  # the standings landing: many at once, some of them removed
            batch = rnd.sample(list(current.values()), 80)
            for gone in batch[:5]:
                del current[gone.id]
            for other in batch[5:]:
                current[other.id] = replace(other, stage=rnd.choice(list(Stage)), name=other.name + " Lima")
            view.update([current[p.id] for p in batch[5:]], [p.id for p in batch[:5]])
        elif rnd.random() < 0.2:
            del current[person.id]
            view.update([], [person.id])
        elif rnd.random() < 0.2:
            added = replace(person, id=new_id(), name=rnd.choice(["Lina Lima", "Bo Roofing"]))
            current[added.id] = added
            view.update([added])
        else:
            current[person.id] = changed = replace(
                person, name=rnd.choice(["Zed Lima", "Ana Chen", person.name]),
                stage=rnd.choice(list(Stage)), archived=rnd.random() < 0.15)
            view.update([changed])
        for cards, kept_texts, contacts in view._aligned.values():
            assert kept_texts == [card.facts.text for card in cards]
            assert [id(c) for c in contacts] == [id(card.facts) for card in cards]
