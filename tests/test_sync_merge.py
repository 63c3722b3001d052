"""The three-way merge by record: one targeted case per rule of issue 14, both ways round."""

from __future__ import annotations

import copy
from datetime import datetime, timedelta

from board.model import Kind
from board.sync.merge import Side, merge, merge_list, merge_text
from tests.helpers import both_ways, contact_doc, edit, interaction_doc, notes, records, stamp

ANA = contact_doc("a" * 32, "Ana Lima", company="Acme", tags=["bni"], notes="Met at the breakfast.")
BO = contact_doc("b" * 32, "Bo Chen")
CALL = interaction_doc("c" * 32, ANA["id"], 1)


# --- rule 1: added, deleted, edit beats delete --------------------------------


def test_added_on_one_side_is_kept() -> None:
    base = records(ANA)
    merged = both_ways(base, records(ANA, BO), base)
    assert merged.records["contacts"][BO["id"]] == BO


def test_deleted_on_one_side_and_unchanged_on_the_other_is_deleted() -> None:
    base = records(ANA, BO, CALL)
    merged = both_ways(base, records(BO), base)  # Ana and her call removed on one side
    assert set(merged.records["contacts"]) == {BO["id"]}
    assert merged.records["interactions"] == {}


def test_an_edit_beats_a_delete_and_brings_the_history_back() -> None:
    base = records(ANA, BO, CALL)
    edited = edit(ANA, 2, company="Globex")
    merged = both_ways(base, records(BO), records(edited, BO, CALL))
    assert merged.records["contacts"][ANA["id"]]["company"] == "Globex"
    assert CALL["id"] in merged.records["interactions"]  # it went only with the overruled delete


def test_logging_with_someone_beats_deleting_them() -> None:
    base = records(ANA, BO, CALL)
    later = interaction_doc("d" * 32, ANA["id"], 5, Kind.MEETING, "lunch")
    logged = {**ANA, "last_interaction_at": later["at"]}
    merged = both_ways(base, records(BO), records(logged, BO, CALL, later))
    assert set(merged.records["interactions"]) == {CALL["id"], later["id"]}
    assert merged.records["contacts"][ANA["id"]]["last_interaction_at"] == later["at"]


def test_an_unlog_is_honoured_unless_the_other_side_changed_it() -> None:
    other = interaction_doc("e" * 32, ANA["id"], 2, Kind.NOTE, "first")
    base = records(ANA, CALL, other)
    reworded = {**other, "summary": "first, reworded"}
    merged = both_ways(base, records(ANA, other), records(ANA, CALL, reworded))
    assert CALL["id"] not in merged.records["interactions"]  # unlogged, untouched elsewhere
    assert merged.records["interactions"][other["id"]]["summary"] == "first, reworded"
    merged = both_ways(base, records(ANA, CALL), records(ANA, CALL, reworded))
    assert merged.records["interactions"][other["id"]]["summary"] == "first, reworded"


def test_deleted_on_both_sides_stays_deleted() -> None:
    base = records(ANA, BO)
    assert both_ways(base, records(BO), records(BO)).records["contacts"] == {BO["id"]: BO}


# --- rule 2: field by field ---------------------------------------------------


def test_fields_changed_on_different_sides_both_land() -> None:
    base = records(ANA)
    ours = records(edit(ANA, 1, title="CFO"))
    theirs = records(edit(ANA, 2, company="Globex"))
    merged = both_ways(base, ours, theirs)
    doc = merged.records["contacts"][ANA["id"]]
    assert (doc["title"], doc["company"]) == ("CFO", "Globex")
    assert merged.conflicts == [] and notes(merged, ANA["id"]) == []


def test_lists_are_unions_minus_what_either_side_removed() -> None:
    base = records(contact_doc(ANA["id"], "Ana Lima", tags=["bni", "golf", "client"]))
    ours = records(edit(base["contacts"][ANA["id"]], 1, tags=["bni", "client", "mentor"]))  # -golf +mentor
    theirs = records(edit(base["contacts"][ANA["id"]], 2, tags=["golf", "client", "speaker"]))  # -bni +speaker
    tags = both_ways(base, ours, theirs).records["contacts"][ANA["id"]]["tags"]
    assert sorted(tags) == ["client", "mentor", "speaker"]


def test_list_merge_keeps_the_winners_order_then_the_others_additions() -> None:
    assert merge_list(["a", "b"], ["b", "a", "c"], ["a", "b", "d"]) == ["b", "a", "c", "d"]


def test_text_that_contains_the_other_keeps_the_longer() -> None:
    base = records(ANA)
    longer = edit(ANA, 1, notes="Met at the breakfast. Two kids, loves hiking.")
    shorter = edit(ANA, 2, notes="Met at the breakfast. Two kids")
    doc = both_ways(base, records(longer), records(shorter)).records["contacts"][ANA["id"]]
    assert doc["notes"] == "Met at the breakfast. Two kids, loves hiking."


def test_text_versus_text_keeps_both_the_second_marked() -> None:
    base = records(ANA)
    ours = records(edit(ANA, 1, notes="Prefers mornings."))
    theirs = records(edit(ANA, 2, notes="Moving to Lisbon in spring."))
    merged = both_ways(base, ours, theirs)
    text = merged.records["contacts"][ANA["id"]]["notes"]
    assert text == "Moving to Lisbon in spring.\n\n[from laptop] Prefers mornings."
    assert merged.conflicts == []  # nothing was lost, so nothing to report


def test_two_additions_to_the_same_text_keep_the_base_once() -> None:
    base = records(ANA)
    ours = records(edit(ANA, 1, notes="Met at the breakfast. Has two kids."))
    theirs = records(edit(ANA, 2, notes="Met at the breakfast. Loves hiking."))
    text = both_ways(base, ours, theirs).records["contacts"][ANA["id"]]["notes"]
    assert text == "Met at the breakfast. Loves hiking.\n\n[from laptop] Has two kids."
    assert merge_text(ANA["notes"], text, "Met at the breakfast. Has two kids.", "laptop") == text


def test_the_later_scalar_wins_and_the_loser_becomes_a_note() -> None:
    base = records(ANA, CALL)
    ours = records(edit(ANA, 3, company="Globex"), CALL)
    theirs = records(edit(ANA, 2, company="Initech"), CALL)
    merged = both_ways(base, ours, theirs)
    doc = merged.records["contacts"][ANA["id"]]
    assert doc["company"] == "Globex"
    assert notes(merged, ANA["id"]) == ["sync: the other machine had company Initech (kept company Globex)"]
    assert [c.describe() for c in merged.conflicts] == [
        "Ana Lima's company (kept company Globex, company Initech noted)"
    ]
    # The note does not restart the follow-up clock: it comes a microsecond after the last call.
    assert doc["last_interaction_at"] == (datetime.fromisoformat(CALL["at"]) + timedelta(microseconds=1)).isoformat()


def test_stage_moves_with_its_time_and_the_later_move_wins() -> None:
    base = records(ANA)
    trusted = edit(ANA, 1, stage="trusted")
    trusted["updated_at"] = stamp(9)  # an unrelated edit later on this side
    gave = edit(ANA, 5, stage="gave_value")
    merged = both_ways(base, records(trusted), records(gave))
    doc = merged.records["contacts"][ANA["id"]]
    assert (doc["stage"], doc["stage_changed_at"]) == ("gave_value", stamp(5))
    assert doc["updated_at"] == stamp(9)
    assert notes(merged, ANA["id"]) == ["sync: the other machine had Trusted (kept Gave value)"]
    assert merged.conflicts[0].describe() == "Ana Lima's stage (kept Gave value, Trusted noted)"


def test_a_tie_is_broken_the_same_way_on_both_machines() -> None:
    base = records(ANA)
    ours, theirs = records(edit(ANA, 1, title="CFO")), records(edit(ANA, 1, title="CEO"))
    merged = both_ways(base, ours, theirs)
    kept = merged.records["contacts"][ANA["id"]]["title"]
    assert kept in ("CFO", "CEO") and len(notes(merged, ANA["id"])) == 1


def test_updated_at_is_the_latest_and_created_at_the_earliest() -> None:
    base = records(ANA)
    ours = records(edit(ANA, 4, title="CFO", created_at=stamp(-10)))
    theirs = records(edit(ANA, 6, company="Globex", created_at=stamp(-20)))
    doc = both_ways(base, ours, theirs).records["contacts"][ANA["id"]]
    assert (doc["updated_at"], doc["created_at"]) == (stamp(6), stamp(-20))


def test_last_interaction_is_recomputed_from_the_merged_interactions() -> None:
    base = records(ANA)
    early, late = interaction_doc("1" * 32, ANA["id"], 3), interaction_doc("2" * 32, ANA["id"], 7)
    ours = records({**ANA, "last_interaction_at": early["at"]}, early)
    theirs = records({**ANA, "last_interaction_at": late["at"]}, late)
    merged = both_ways(base, ours, theirs)
    assert merged.records["contacts"][ANA["id"]]["last_interaction_at"] == late["at"]
    assert set(merged.records["interactions"]) == {early["id"], late["id"]}
    assert merged.conflicts == []  # a derived field is never a conflict


def test_snooze_archive_and_cadence_conflicts_are_all_noted() -> None:
    base = records(ANA)
    ours = records(edit(ANA, 5, snoozed_until="2026-12-01", archived=True, cadence_days=10))
    theirs = records(edit(ANA, 2, snoozed_until="2026-11-20", archived=False, cadence_days=3))
    base["contacts"][ANA["id"]] = {**ANA, "archived": False, "cadence_days": None}
    theirs["contacts"][ANA["id"]]["archived"] = False
    merged = both_ways(base, ours, theirs)
    assert notes(merged, ANA["id"]) == [
        "sync: the other machine had a cadence of 3 days (kept a cadence of 10 days)",
        "sync: the other machine had snoozed until 2026-11-20 (kept snoozed until 2026-12-01)",
    ]


# --- schema 2 fields, resources and fields nobody knows yet -------------------


def test_schema_two_fields_merge_by_their_rules() -> None:
    moved = {"stage": "talked", "at": stamp(1)}
    base = records({**ANA, "stage_history": [{"stage": "met", "at": stamp(0)}], "birthday": ""})
    doc = base["contacts"][ANA["id"]]
    ours = records(edit(doc, 3, stage_history=[*doc["stage_history"], moved], nickname="Annie",
                        reminder={"date": "2026-12-01", "text": "send the deck"}))
    theirs = records(edit(doc, 2, stage_history=[*doc["stage_history"], {"stage": "trusted", "at": stamp(2)}],
                          nickname="Nana", reminder={"date": "2026-11-25", "text": "call"},
                          birthday="--04-15"))
    merged = both_ways(base, ours, theirs)
    out = merged.records["contacts"][ANA["id"]]
    assert [e["stage"] for e in out["stage_history"]] == ["met", "talked", "trusted"]
    assert (out["nickname"], out["birthday"]) == ("Annie", "--04-15")
    assert out["reminder"] == {"date": "2026-12-01", "text": "send the deck"}
    assert notes(merged, ANA["id"]) == [
        "sync: the other machine had a reminder on 2026-11-25: call "
        "(kept a reminder on 2026-12-01: send the deck)",
        "sync: the other machine had nickname Nana (kept nickname Annie)",
    ]


def test_resources_merge_like_contacts_and_keep_losing_values_in_their_note() -> None:
    guide = {"id": "f" * 32, "title": "Pricing guide", "url": "https://x.example/p", "topics": ["pricing"],
             "note": "", "created_at": stamp(0), "updated_at": stamp(0)}
    base = records(resources=(guide,))
    ours = records(resources=({**guide, "url": "https://x.example/p2", "topics": ["pricing", "sales"],
                               "updated_at": stamp(3)},))
    theirs = records(resources=({**guide, "url": "https://y.example/p", "topics": [], "updated_at": stamp(1)},))
    merged = both_ways(base, ours, theirs)
    out = merged.records["resources"][guide["id"]]
    assert out["url"] == "https://x.example/p2" and out["topics"] == ["sales"]
    assert out["note"] == "[sync: the other machine had url https://y.example/p]"


def test_a_field_missing_from_the_rules_merges_as_a_noted_scalar() -> None:
    base = records({**ANA, "mood": "calm"})
    ours = records(edit(base["contacts"][ANA["id"]], 2, mood="busy"))
    theirs = records(edit(base["contacts"][ANA["id"]], 1, mood="happy"))
    merged = both_ways(base, ours, theirs)
    assert merged.records["contacts"][ANA["id"]]["mood"] == "busy"
    assert notes(merged, ANA["id"]) == ["sync: the other machine had mood happy (kept mood busy)"]


# --- convergence, idempotence, purity -----------------------------------------


def test_merging_again_after_a_merge_changes_nothing() -> None:
    base = records(ANA, CALL)
    ours = records(edit(ANA, 3, company="Globex", notes="Prefers mornings.", tags=["x"]), CALL)
    theirs = records(edit(ANA, 2, company="Initech", notes="Moving to Lisbon."), CALL)
    merged = both_ways(base, ours, theirs).records
    # One machine applied the merge; merging its state with the other's again is a no-op.
    assert both_ways(base, merged, theirs).records == merged
    assert both_ways(base, merged, ours).records == merged


def test_the_merge_never_changes_its_inputs() -> None:
    base = records(ANA, CALL)
    ours = records(edit(ANA, 3, company="Globex"), CALL)
    theirs = records(edit(ANA, 2, company="Initech"))
    before = copy.deepcopy((base, ours, theirs))
    merge(base, Side(ours), Side(theirs))
    assert (base, ours, theirs) == before


# --- rule 4: duplicates are reported, not merged ------------------------------


def test_people_added_on_both_machines_are_reported_when_they_match() -> None:
    base = records(ANA)
    one = contact_doc("1" * 32, "Cy Park", emails=["cy@park.example"])
    two = contact_doc("2" * 32, "Cyrus Park", emails=["CY@park.example"])
    url_one = contact_doc("3" * 32, "Dee Rao", urls=["https://www.linkedin.com/in/deerao/"])
    url_two = contact_doc("4" * 32, "Deepa Rao", urls=["http://linkedin.com/in/deerao"])
    name_one = contact_doc("5" * 32, "Eli Moss", company="Zenith")
    name_two = contact_doc("6" * 32, "eli moss", company="zenith")
    stranger = contact_doc("7" * 32, "Fay Wong")
    merged = both_ways(base, records(ANA, one, url_one, name_one, stranger),
                       records(ANA, two, url_two, name_two))
    found = {(d.first_id[0], d.second_id[0]): d.why for d in merged.duplicates}
    assert found == {
        ("1", "2"): "same e-mail cy@park.example",
        ("3", "4"): "same profile URL linkedin.com/in/deerao",
        ("5", "6"): "same name and company (Eli Moss, Zenith)",
    }
    assert len(merged.records["contacts"]) == 8  # reported, never merged


def test_a_contact_already_in_the_base_is_never_a_duplicate() -> None:
    twin = contact_doc("9" * 32, "Ana Lima", company="Acme")
    assert both_ways(records(ANA), records(ANA), records(ANA, twin)).duplicates == []
