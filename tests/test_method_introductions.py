"""An introduction is one gift on both sides (issue 13, part 2)."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest

from board.config import Config
from board.history import History
from board.introductions import details, introduction, is_new, log_introduction
from board.model import Kind, Stage, Value
from board.outreach import BUILT_IN_TEMPLATES
from board.stats import givers_gain_for
from board.store import Store
from tests.helpers import TODAY, Clock, add, cli_on_clock, fixed_store, local, run

DAY = timedelta(days=1)
CONFIG = Config()


def network(root: Path) -> tuple[Store, Clock]:
    store, clock = fixed_store(root)
    add(store, "Ann Lee", stage=Stage.TALKED, at=TODAY - 60 * DAY,
        needs="a good estate lawyer for her parents", company="Lee Bakery")
    add(store, "Rosa Delgado", stage=Stage.TRUSTED, at=TODAY - 300 * DAY,
        expertise=["estate law", "probate"], company="Delgado Law")
    return store, clock


def two(store: Store):
    return store.find("ann"), store.find("rosa")


# --- the message --------------------------------------------------------------------


def test_the_message_names_both_and_why_they_should_talk(tmp_path: Path):
    store, clock = network(tmp_path)
    ann, rosa = two(store)
    made = introduction(rosa, ann, templates=BUILT_IN_TEMPLATES, my_name="Sam Rivera", now=clock())
    # Whoever has the need is addressed first, whatever order they were given in.
    assert (made.first.name, made.second.name, made.why) == ("Ann Lee", "Rosa Delgado", "estate law")
    text = made.text
    assert text.startswith("Hi Ann and Rosa,")
    assert "Rosa, meet Ann Lee at Lee Bakery. Ann is working on a good estate lawyer" in text
    assert "Ann, meet Rosa Delgado of Delgado Law. Rosa knows estate law really well" in text
    assert text.rstrip().endswith("Sam Rivera")
    assert "{" not in text and "[" not in text


def test_without_a_matching_need_it_still_reads_well(tmp_path: Path):
    store, clock = fixed_store(tmp_path)
    a = add(store, "Bo")
    b = add(store, "Cy Young", title="Chef")
    made = introduction(a, b, templates=BUILT_IN_TEMPLATES, now=clock())
    assert "I think you two will have a lot to talk about." in made.text
    assert made.why == "" and "{" not in made.text
    about = introduction(a, b, templates=BUILT_IN_TEMPLATES, topic="cooking", now=clock())
    assert "Bo is working on cooking." in about.text


def test_a_user_template_named_introduce_replaces_the_built_in(tmp_path: Path):
    from board.config import load_config
    from board.outreach import load_templates

    path = tmp_path / "config.toml"
    path.write_text('[[templates]]\nname = "introduce"\ntext = "{first_name}, meet {intro_name}."\n')
    templates, problems = load_templates(load_config(path))
    store, clock = network(tmp_path / "d")
    ann, rosa = two(store)
    assert problems == []
    assert introduction(ann, rosa, templates=templates).text == "Ann, meet Rosa Delgado."


def test_the_introduce_template_never_shows_up_among_suggestions(tmp_path: Path):
    from board.outreach import suggest_messages

    store, clock = network(tmp_path)
    ann, rosa = two(store)
    names = [s.name for s in suggest_messages(ann, [], [rosa], now=clock())]
    assert "offer-intro" in names and "introduce" not in names


# --- logging it on both -------------------------------------------------------------


def test_logged_on_both_linked_each_naming_the_other_in_one_undo_step(tmp_path: Path):
    store, clock = network(tmp_path)
    ann, rosa = two(store)
    history = History(store)
    change = history.record(log_introduction(store, ann, rosa, why="estate law"))
    assert change is not None and change.contact_ids() == {ann.id, rosa.id}
    [on_ann], [on_rosa] = store.interactions(ann.id), store.interactions(rosa.id)
    assert (on_ann.kind, on_ann.value, on_rosa.kind, on_rosa.value) == (
        Kind.GAVE, Value.INTRODUCTION, Kind.GAVE, Value.INTRODUCTION,
    )
    assert on_ann.summary == "introduced to Rosa Delgado (estate law)"
    assert on_rosa.summary == "introduced to Ann Lee (estate law)"
    assert (on_ann.linked_to, on_rosa.linked_to) == (on_rosa.id, on_ann.id)
    assert on_ann.at == on_rosa.at == clock()
    assert store.get(ann.id).last_interaction_at == clock()
    history.undo()
    assert store.interactions(ann.id) == [] and store.interactions(rosa.id) == []
    history.redo()
    assert len(store.interactions(ann.id)) == len(store.interactions(rosa.id)) == 1


def test_givers_gain_counts_an_introduction_once_even_with_one_side_deleted(tmp_path: Path):
    store, _ = network(tmp_path)
    ann, rosa = two(store)
    log_introduction(store, ann, rosa)
    gain = givers_gain_for(store, CONFIG)
    assert gain.given[30][Value.INTRODUCTION] == 1 and gain.given_total(30) == 1
    assert gain.weekly[-1] == 1
    [half] = store.interactions(rosa.id)
    with store.transaction("deleted one half") as txn:
        txn.remove_interaction(rosa.id, half.id)
    assert givers_gain_for(store, CONFIG).given[30][Value.INTRODUCTION] == 1
    store.log(ann.id, Kind.GAVE, "another intro, logged by hand", value=Value.INTRODUCTION)
    assert givers_gain_for(store, CONFIG).given[30][Value.INTRODUCTION] == 2


def test_someone_new_is_introduced_by_the_other(tmp_path: Path):
    store, clock = network(tmp_path)
    ann, rosa = two(store)
    clock.now = local(TODAY, 8)
    new = add(store, "Nia New", at=None)  # added this morning, nothing logged
    clock.now = local(TODAY, 9)
    assert is_new(store.get(new.id), [], clock()) and not is_new(rosa, [], clock())
    log_introduction(store, rosa, store.get(new.id))
    assert store.get(new.id).introduced_by == rosa.id
    assert store.get(rosa.id).introduced_by is None
    # Someone already introduced by another keeps who it was; two new people: nobody.
    other = add(store, "Otto Other", at=None, introduced_by=ann.id)
    log_introduction(store, rosa, store.get(other.id))
    assert store.get(other.id).introduced_by == ann.id
    pair = add(store, "Pia New", at=None), add(store, "Quin New", at=None)
    log_introduction(store, store.get(pair[0].id), store.get(pair[1].id))
    assert [store.get(p.id).introduced_by for p in pair] == [None, None]


def test_new_means_added_within_a_day_and_nothing_logged_before(tmp_path: Path):
    store, clock = fixed_store(tmp_path)
    yesterday = add(store, "Yan", at=TODAY - DAY)
    assert is_new(store.get(yesterday.id), [], local(TODAY, 12))
    assert not is_new(store.get(yesterday.id), [], local(TODAY, 12, 1))
    store.log(yesterday.id, Kind.NOTE, "met at the mixer", at=local(TODAY - DAY, 13))
    assert not is_new(store.get(yesterday.id), store.interactions(yesterday.id), local(TODAY, 9))


def test_details_say_who_introduced_them_and_whom_they_were_introduced_to(tmp_path: Path):
    store, clock = network(tmp_path)
    ann, rosa = two(store)
    store.update_contact(ann.copy(introduced_by=rosa.id))
    log_introduction(store, ann, rosa, why="estate law")
    rows = details(store, store.get(ann.id), store.interactions(ann.id))
    assert rows == [
        ("Introduced by", "Rosa Delgado"),
        ("Introduced", f"Rosa Delgado (estate law) ({TODAY.isoformat()})"),
    ]


# --- the command line ---------------------------------------------------------------


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    clock = Clock(local(TODAY, 9))
    data = cli_on_clock(tmp_path, monkeypatch, clock)
    return data


def test_introduce_prints_the_message_and_changes_nothing(env: Path, capsys):
    network(env)
    code, out, err = run(capsys, "introduce", "rosa", "ann")
    assert code == 0
    assert out.startswith("Hi Ann and Rosa,") and "Rosa knows estate law" in out
    assert "trustboard introduce" in err and "--sent" in err
    code, out, _ = run(capsys, "show", "ann", "--json")
    assert json.loads(out)["interactions"] == []


def test_introduce_sent_logs_both_and_show_json_has_the_link(env: Path, capsys):
    network(env)
    code, out, err = run(capsys, "introduce", "ann", "rosa", "--sent")
    assert code == 0 and "Logged the introduction on both: Ann Lee and Rosa Delgado." in err
    assert "trustboard move" in err  # Ann is in Talked: giving may move her on
    shown = {}
    for who in ("ann", "rosa"):
        code, out, _ = run(capsys, "show", who, "--json")
        shown[who] = json.loads(out)
    [a], [r] = shown["ann"]["interactions"], shown["rosa"]["interactions"]
    assert set(a) == {"id", "at", "kind", "summary", "value", "direction", "linked_to", "resource_id"}
    assert (a["kind"], a["value"], a["direction"], a["linked_to"]) == ("gave", "introduction", "out", r["id"])
    assert r["linked_to"] == a["id"] and r["summary"] == "introduced to Ann Lee (estate law)"
    code, out, _ = run(capsys, "stats", "--json")
    given = json.loads(out)["given"]["last_30_days"]
    assert (given["introduction"], given["total"]) == (1, 1)
    code, out, _ = run(capsys, "show", "ann")
    assert f"Introduced       Rosa Delgado (estate law) ({TODAY.isoformat()})" in out


def test_introduce_someone_new_sets_introduced_by_and_list_json_has_it(env: Path, capsys):
    network(env)
    code, _, _ = run(capsys, "add", "Nia New")
    code, _, err = run(capsys, "introduce", "nia", "rosa", "--sent")
    assert code == 0 and "Nia New is new to you: introduced by Rosa Delgado." in err
    code, out, _ = run(capsys, "list", "--json")
    people = {p["name"]: p for p in json.loads(out)}
    assert people["Nia New"]["introduced_by"] == people["Rosa Delgado"]["id"]
    assert people["Rosa Delgado"]["introduced_by"] is None


def test_add_and_edit_introduced_by(env: Path, capsys):
    network(env)
    code, out, _ = run(capsys, "add", "Zed", "--introduced-by", "rosa")
    assert code == 0
    code, out, _ = run(capsys, "show", "zed", "--json")
    rosa_id = json.loads(run(capsys, "show", "rosa", "--json")[1])["id"]
    assert json.loads(out)["introduced_by"] == rosa_id
    code, out, _ = run(capsys, "edit", "zed", "--introduced-by", "ann")
    assert (code, out) == (0, "Edited Zed: introduced by → Ann Lee.\n")
    code, out, _ = run(capsys, "show", "zed")
    assert "Introduced by    Ann Lee" in out
    code, out, _ = run(capsys, "edit", "zed", "--introduced-by", "")
    assert out == "Edited Zed: introduced by → nobody.\n"
    code, _, err = run(capsys, "edit", "zed", "--introduced-by", "zed")
    assert code == 1 and err == "error: Zed cannot have introduced themselves\n"
    code, _, err = run(capsys, "add", "Yu", "--introduced-by", "nobody-like-this")
    assert code == 1 and err.startswith("error: no contact matches")
    assert run(capsys, "show", "yu")[0] == 1  # a failed add added nothing


@pytest.mark.parametrize(("args", "message"), [
    (("ann", "ann"), "an introduction takes two people"),
    (("ann", "nobody-like-this"), "no contact matches"),
])
def test_introduce_refuses_what_cannot_be_an_introduction(env: Path, capsys, args, message):
    network(env)
    code, out, err = run(capsys, "introduce", *args, "--sent")
    assert code == 1 and out == "" and err.startswith("error:") and message in err
    assert json.loads(run(capsys, "show", "ann", "--json")[1])["interactions"] == []


def test_introduce_copy_without_a_clipboard_still_prints(env: Path, capsys):
    network(env)
    code, out, err = run(capsys, "introduce", "ann", "rosa", "--copy")
    assert code == 0 and out.startswith("Hi Ann and Rosa,")
    assert "select the message above by hand" in err or "Copied" in err or "copied" in err
