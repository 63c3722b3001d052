"""What can I give, in the outreach engine: resources that fit (share-resource names the
real link) and common ground in first messages, only ever what the data shows."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from board.config import load_config
from board.model import Contact, Interaction, Kind, Stage
from board.outreach import Network, suggest_for, suggest_messages
from board.outreach.ground import common_ground
from board.outreach.resources import Resource, already_given, fitting_resources
from board.store import Store
from tests.helpers import FIXED_NOW, Clock, event, person

GUIDE = Resource("Reverse mortgages, a plain guide.", "https://example.org/rm-guide",
                 ("reverse mortgages", "retirement income"), id="r1")
SEO = Resource("SEO checklist", "https://example.org/seo", ("SEO", "small business marketing"))
HIRING = Resource("Hiring your first engineer", "https://example.org/hire", ("engineer hiring",))


def suggest(contact, history=(), network=(), **options):
    options.setdefault("now", FIXED_NOW)
    return suggest_messages(contact, list(history), list(network), **options)


def message(found, name: str) -> str:
    return next(s.text for s in found if s.name == name)


def why(found, name: str) -> str:
    return next(s.why for s in found if s.name == name)


# --- resources that fit ---------------------------------------------------------------


def test_share_resource_names_the_fitting_resource_and_its_link() -> None:
    ana = person(stage="gave_value", needs="a reverse mortgage lender for my parents")
    found = suggest(ana, resources=[SEO, GUIDE, HIRING], my_name="Sam")
    assert found[0].name == "share-resource"
    assert found[0].text == (
        "Hi Ana,\n\nI remembered you're working on a reverse mortgage lender for my parents, and I "
        "came across something that might help: Reverse mortgages, a plain guide.\n\n"
        "https://example.org/rm-guide\n\nNo need to reply unless it's useful; I'm happy to talk it "
        "through if it is.\n\nSam"
    )
    assert "link below" not in found[0].text
    assert found[0].why == (
        "needs: a reverse mortgage lender for my parents ↔ topic: reverse mortgages: "
        "send them Reverse mortgages, a plain guide"
    )


def test_share_resource_is_not_suggested_when_no_resource_fits() -> None:
    ana = person(stage="gave_value", needs="a good roofer")
    assert "share-resource" not in [s.name for s in suggest(ana, resources=[SEO, GUIDE])]
    assert "share-resource" not in [s.name for s in suggest(ana, resources=[])]
    # Without a library the caller knows of, the message still asks for a link.
    assert "I'll put the link below." in message(suggest(ana), "share-resource")


def test_a_resource_already_given_is_not_offered_again() -> None:
    ana = person(stage="talked", needs="reverse mortgages and retirement income")
    other = Resource("Retirement income basics", "https://example.org/ri", ("retirement income",))
    by_url = [event(ana, "gave", 5, "Sent the guide https://example.org/rm-guide", "resource")]
    assert "https://example.org/ri" in message(suggest(ana, by_url, resources=[GUIDE, other]), "share-resource")
    assert already_given(GUIDE, by_url) and not already_given(other, by_url)

    @dataclass(slots=True)
    class Shared(Interaction):  # schema 2 adds resource_id to interactions
        resource_id: str | None = None

    by_id = [Shared(id="i1", contact_id=ana.id, at=FIXED_NOW, kind=Kind.GAVE, summary="the guide", resource_id="r1")]
    assert already_given(GUIDE, by_id)
    assert [m.resource for m in fitting_resources(ana, [GUIDE, other], by_id)] == [other]
    # A message mentioning the URL is not a gift.
    mentioned = [event(ana, "message", 1, "asked about https://example.org/rm-guide")]
    assert not already_given(GUIDE, mentioned)


def test_matching_uses_the_who_knows_word_rules() -> None:
    ana = person(needs="finding a bookkeeper", expertise=["estate law", "roof repair"])
    books = Resource("Bookkeeping 101", "u1", ("bookkeeping",))
    law = Resource("Estate planning for lawyers", "u2", ("estate lawyer",))
    roofing = Resource("Roofing contracts", "u3", ("roofing contracts law",))
    loose = Resource("Finding things", "u4", ("finding",))  # a stopword only: no fit
    matches = fitting_resources(ana, [roofing, law, loose, books])
    assert [(m.resource.title, m.field, m.wanted, m.topic) for m in matches] == [
        ("Bookkeeping 101", "needs", "finding a bookkeeper", "bookkeeping"),
        ("Estate planning for lawyers", "expertise", "estate law", "estate lawyer"),
    ]
    assert matches[0].why == "needs: finding a bookkeeper ↔ topic: bookkeeping"


def test_closer_fits_first_then_the_given_order() -> None:
    ana = person(needs="small business marketing and SEO")
    broad = Resource("Marketing", "u1", ("small business marketing",))
    twin = Resource("Marketing again", "u2", ("small business marketing",))
    assert [m.resource.title for m in fitting_resources(ana, [SEO, broad, twin])] == [
        "SEO checklist", "Marketing", "Marketing again",
    ]


def test_resource_text_from_the_library_is_made_safe() -> None:
    ana = person(stage="trusted", needs="SEO")
    hostile = Resource("SEO\x1b]52;c;ZXZpbA==\x07 tips\n", "https://x.example/\x1b[2Jseo  ", ("SEO",))
    text = message(suggest(ana, resources=[hostile]), "share-resource")
    assert "\x1b" not in text and "\x07" not in text
    assert "might help: SEO]52;c;ZXZpbA== tips.\n\nhttps://x.example/[2Jseo\n\n" in text


# --- common ground ------------------------------------------------------------------------


def test_a_group_where_you_met_is_said_in_the_event_follow_up() -> None:
    ana = person(met_at="BNI Riverside breakfast")
    found = suggest(ana, groups=["PyOhio", "BNI Riverside"])
    assert found[0].name == "event-follow-up"
    assert found[0].text.startswith(
        "Hi Ana,\n\nIt was good to meet you at the BNI Riverside breakfast. We're both part of "
        "BNI Riverside. I'd like to continue our conversation:"
    )
    assert found[0].why.endswith("; common ground: BNI Riverside is where you met")


def test_a_group_in_their_tags_or_their_invitation_opens_the_answer() -> None:
    tagged = person(met_at="LinkedIn request", source="linkedin", tags=["bni-riverside"])
    text = suggest(tagged, groups=["BNI Riverside"])[0].text
    assert "Thanks for the connection request. We're both part of BNI Riverside. I'd rather" in text

    invited = person(met_at="LinkedIn request", source="linkedin")
    invitation = Interaction(id="inv", contact_id=invited.id, at=invited.created_at, kind=Kind.MESSAGE,
                             summary="Hi Sam, fellow pyohio speaker here!")
    found = suggest(invited, [invitation], groups=["PyOhio"])
    assert "We're both part of PyOhio." in found[0].text
    assert "common ground: PyOhio is in the invitation they wrote" in found[0].why


def test_common_ground_is_never_a_guess() -> None:
    groups = ["BNI Riverside"]
    network = Network([])
    # One word of the group is another chapter, or nothing at all.
    assert common_ground(person(tags=["bni"], met_at="BNI breakfast"), [], network, groups) is None
    assert common_ground(person(met_at="Riverside BNI"), [], network, groups) is None
    assert common_ground(person(met_at="BNI Riversider"), [], network, groups) is None
    # Your own note or message naming the group says nothing about them.
    ana = person(met_at="LinkedIn request", source="linkedin")
    mine = [event(ana, "message", 2, "Told her about BNI Riverside"), event(ana, "note", 1, "BNI Riverside?")]
    assert common_ground(ana, mine, network, groups) is None
    # No groups configured, no company, nobody named: nothing to say.
    assert common_ground(person(met_at="BNI Riverside"), [], network, []) is None
    texts = [s.text for s in suggest(person(met_at="BNI Riverside"))]
    assert not any("both part" in t for t in texts)


def test_someone_in_your_network_who_introduced_them() -> None:
    ruth = person("Ruth Adeyemi", stage="trusted")
    ana = person(met_at="introduced by Ruth Adeyemi")
    found = suggest(ana, network=[ruth, ana])
    assert found[0].name == "invite-to-talk"
    assert found[0].text.startswith(
        "Hi Ana,\n\nI've been meaning to follow up since we met. I see you know Ruth Adeyemi too. "
        "I'd like to get to know you"
    )
    assert found[0].why.endswith("; common ground: Ruth Adeyemi introduced you")
    # Two people of that name: which one is a guess, so neither is named.
    twin = person("Ruth Adeyemi")
    assert common_ground(ana, [], Network([ruth, twin]), []) is None
    # An archived introducer is not named.
    assert common_ground(ana, [], Network([ruth.copy(archived=True)]), []) is None


def test_introduced_by_names_the_introducer() -> None:
    @dataclass(slots=True)
    class V2Contact(Contact):  # schema 2 adds introduced_by to contacts
        introduced_by: str | None = None

    tomasz = person("Tomasz Wiśniewski", company="Lee Law")
    ana = V2Contact(id="v2", name="Ana Lopez", created_at=FIXED_NOW, introduced_by=tomasz.id,
                    met_at="LinkedIn request", source="linkedin", company="Acme")
    ground = common_ground(ana, [], Network([tomasz]), ["PyOhio"])
    assert ground is not None and ground.clause == "I see you know Tomasz Wiśniewski too"
    text = suggest(ana, network=[tomasz])[0].text
    assert "Thanks for the connection request. I see you know Tomasz Wiśniewski too. I'd rather" in text


def test_someone_who_works_where_they_work() -> None:
    ana = person(company="Acme, Inc.", met_at="LinkedIn request", source="linkedin")
    met = person("Bo Met", company="ACME")
    trusted = person("Zed Trusted", company="acme inc", stage="trusted")
    gone = person("Al Gone", company="Acme", stage="trusted", archived=True)
    elsewhere = person("Cy Other", company="Acme Labs", stage="trusted")
    found = suggest(ana, network=[ana, met, trusted, gone, elsewhere])
    assert "Thanks for the connection request. I also know Zed Trusted at Acme, Inc. I'd rather" in found[0].text
    assert found[0].why.endswith("; common ground: Zed Trusted works at Acme, Inc too")
    assert common_ground(person(company="Acme"), [], Network([elsewhere]), []) is None
    assert common_ground(person(company=""), [], Network([person("No Company")]), []) is None


def test_the_introducer_comes_before_a_group_and_a_group_before_a_colleague() -> None:
    ruth = person("Ruth Adeyemi")
    colleague = person("Cole League", company="Acme")
    ana = person(met_at="introduced by Ruth Adeyemi", tags=["PyOhio"], company="Acme")
    network = Network([ruth, colleague])
    assert common_ground(ana, [], network, ["PyOhio"]).clause == "I see you know Ruth Adeyemi too"
    assert common_ground(ana.copy(met_at=""), [], network, ["PyOhio"]).clause == "We're both part of PyOhio"
    assert common_ground(ana.copy(met_at="", tags=[]), [], network, ["PyOhio"]).clause == (
        "I also know Cole League at Acme"
    )


def test_only_the_first_messages_say_it() -> None:
    colleague = person("Cole League", company="Acme")
    for stage in ("talked", "gave_value", "trusted"):
        ana = person(stage=stage, company="Acme", needs="SEO")
        for suggestion in suggest(ana, network=[colleague]):
            assert "Cole League" not in suggestion.text and "common ground" not in suggestion.why


@pytest.mark.parametrize("group", ["", "  ", "!!!", "\x1b[2J"])
def test_odd_groups_are_harmless(group: str) -> None:
    ana = person(met_at="!!! at the mixer", tags=["!!!"])
    assert all("both part" not in s.text for s in suggest(ana, groups=[group]))


def test_a_group_name_never_carries_control_characters_into_the_message() -> None:
    hostile = "Py\x1b]0;owned\x07Ohio"
    found = suggest(person(met_at=hostile + " sprint"), groups=[hostile])
    assert "We're both part of Py]0;ownedOhio." in found[0].text
    assert all("\x1b" not in s.text + s.why and "\x07" not in s.text + s.why for s in found)


def test_suggest_for_reads_groups_from_config(tmp_path: Path) -> None:
    config_file = tmp_path / "config.toml"
    config_file.write_text('[me]\nmy_name = "Sam Rivera"\ngroups = ["BNI Riverside"]\n', "utf-8")
    config = load_config(config_file)
    store = Store(tmp_path / "data", clock=Clock(FIXED_NOW))
    ana = store.add_contact(person(met_at="BNI Riverside lunch", needs="SEO")).contact
    found, problems = suggest_for(store, ana, config, resources=[SEO])
    assert problems == []
    assert "We're both part of BNI Riverside." in found[0].text and found[0].text.endswith("Sam Rivera")
    assert "https://example.org/seo" in message(found, "share-resource")


def test_the_colleague_index_answers_like_the_first_scan() -> None:
    companies, stages = ["Acme", "ACME Inc", "Lee Law", ""], ["met", "talked", "gave_value", "trusted"]
    crowd = [person(f"P{i}", company=companies[i % 4], stage=stages[i // 4 % 4]) for i in range(40)]
    scanned = [Network(crowd).colleague(c) for c in crowd]  # each a first question: a scan
    network = Network(crowd)
    indexed = [network.colleague(c) for c in crowd]  # from the second on: the index
    assert indexed == scanned
    top = min((c for c in crowd if c.company in ("Acme", "ACME Inc")), key=lambda c: (-list(Stage).index(c.stage), c.name))
    assert top.stage == Stage.TRUSTED and network.colleague(top) is not None
    assert network.colleague(top).id != top.id and network.colleague(top).stage == Stage.TRUSTED
    assert all(found is None for c, found in zip(crowd, indexed, strict=True) if not c.company)
