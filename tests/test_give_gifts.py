"""What can I give? The gifts for one person: matching, order, and never the same gift twice."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from board.give.gifts import Gift, gifts_for, site_of, their_work
from board.model import Contact, Interaction, Kind, Resource, Stage, Value
from board.outreach import load_templates
from board.outreach.network import Network
from tests.helpers import FIXED_NOW, event, person


def resource(title: str, url: str, *topics: str, id: str | None = None) -> Resource:
    return Resource(id=id or f"r-{title[:10]}", title=title, url=url, topics=list(topics))


REVERSE = resource("Reverse mortgages: the family questions", "https://example.com/reverse",
                   "reverse mortgages", id="r-reverse")
TEN99 = resource("Qualifying on 1099 income", "https://example.com/1099", "1099 income", id="r-1099")
GOLF = resource("Golf etiquette", "https://example.com/golf", "golf", id="r-golf")
LIBRARY = [GOLF, REVERSE, TEN99]

KEVIN = person("Kevin Tran", stage="trusted", company="Tran Tax", expertise=["1099 income", "S-corp elections"])
MARCUS = person("Marcus Bell", stage="talked", expertise=["estate law", "reverse mortgages"])
WENDY = person("Wendy Mills", stage="met", expertise=["reverse mortgage lending"])


def gifts(contact: Contact, history: list[Interaction] = (), network: list[Contact] | None = None,
          library: list[Resource] = LIBRARY, **options: object) -> list[Gift]:
    people = [contact, KEVIN, MARCUS, WENDY] if network is None else network
    return gifts_for(contact, list(history), people, library, my_name="Sam Rivera", now=FIXED_NOW, **options)


def test_resource_matching_follows_who_knows_word_rules() -> None:
    julia = person("Julia Ferreira", needs="Understanding reverse mortgage options for aging parents")
    (intro_marcus, intro_wendy, shared) = [g for g in gifts(julia) if g.kind != Value.FEEDBACK]
    # "reverse mortgages" meets "reverse mortgage" (the stemmer), "golf" meets nothing.
    assert shared.kind == Value.RESOURCE and shared.resource_id == "r-reverse"
    assert shared.why == "needs: Understanding reverse mortgage options for aging parents ↔ topic: reverse mortgages"
    assert shared.url == "https://example.com/reverse"
    assert shared.template == "share-resource"
    assert "Reverse mortgages: the family questions" in shared.message
    assert "https://example.com/reverse" in shared.message
    assert "I'll put the link below" not in shared.message
    assert shared.message.endswith("Sam Rivera")
    # Introductions come as who-knows finds them: the closest fit, then the most trusted.
    assert (intro_marcus.contact_name, intro_wendy.contact_name) == ("Marcus Bell", "Wendy Mills")
    assert intro_marcus.why == (
        "needs: Understanding reverse mortgage options for aging parents ↔ expertise: reverse mortgages (Marcus Bell)"
    )
    assert intro_marcus.contact_id == MARCUS.id and intro_marcus.template == "offer-intro"
    assert "Marcus Bell" in intro_marcus.message and "reverse mortgages" in intro_marcus.message
    assert intro_marcus.title == "Introduce Julia to Marcus Bell"


def test_one_shared_word_is_no_fit_two_are() -> None:
    # "mortgage" alone is one word of a three-word need: no fit; "reverse mortgage" two.
    loose = person("Lou", needs="mortgage broker recommendations")
    assert not [g for g in gifts(loose, network=[loose]) if g.kind == Value.RESOURCE]
    close = person("Cy", needs="comparing reverse mortgage lenders")
    assert [g.resource_id for g in gifts(close, network=[close])] == ["r-reverse"]


def test_expertise_fits_come_after_needs_and_say_so() -> None:
    sandra = person("Sandra Hughes", needs="qualifying for a mortgage on two years of 1099 income",
                    expertise=["golf coaching"])
    found = gifts(sandra)
    assert [(g.kind.value, g.resource_id or g.contact_name) for g in found] == [
        ("introduction", "Kevin Tran"), ("resource", "r-1099"), ("resource", "r-golf"),
    ]
    golf = found[-1]
    assert golf.why == "expertise: golf coaching ↔ topic: golf"
    assert golf.template == "share-with-expert"
    assert "your work in golf coaching" in golf.message and "https://example.com/golf" in golf.message


def test_no_needs_no_expertise_no_links_means_no_gifts() -> None:
    assert gifts(person("Blank Slate")) == []
    assert gifts(person("Only Needs", needs="a golf partner"), library=[]) == []


def test_a_resource_already_shared_is_not_offered_again() -> None:
    julia = person("Julia", needs="reverse mortgage questions")
    by_id = replace(event(julia, "gave", 40, "Sent the guide", "resource"), resource_id="r-reverse")
    assert "r-reverse" not in [g.resource_id for g in gifts(julia, [by_id])]
    by_url = event(julia, "gave", 400, "Sent https://example.com/reverse last year", "information")
    assert "r-reverse" not in [g.resource_id for g in gifts(julia, [by_url])]
    # Only a `gave` counts: their message quoting the link is not a gift from you.
    theirs = event(julia, "message", 3, "Did you see https://example.com/reverse ?")
    assert "r-reverse" in [g.resource_id for g in gifts(julia, [theirs])]
    # Another person still gets it.
    cy = person("Cy", needs="reverse mortgage questions")
    assert "r-reverse" in [g.resource_id for g in gifts(cy, [replace(by_id, contact_id=cy.id)][:0])]


def test_an_introduction_already_offered_or_made_is_not_offered_again() -> None:
    julia = person("Julia", needs="reverse mortgage questions")
    offered = event(julia, "gave", 10, "Offered an introduction to MARCUS  bell (estate law)", "introduction")
    names = [g.contact_name for g in gifts(julia, [offered]) if g.kind == Value.INTRODUCTION]
    assert names == ["Wendy Mills"]
    # Logged on both people, linked to each other: found through the other's record.
    mine = replace(event(julia, "gave", 5, "Introduced you two", "introduction"), linked_to="i-wendy")
    wendys = Interaction(id="i-wendy", contact_id=WENDY.id, at=mine.at, kind=Kind.GAVE,
                         summary="Introduced to Julia", value=Value.INTRODUCTION, linked_to=mine.id)
    history_of = {WENDY.id: [wendys]}.get
    names = [g.contact_name for g in gifts(julia, [mine], history_of=lambda cid: history_of(cid, []))
             if g.kind == Value.INTRODUCTION]
    assert names == ["Marcus Bell"]
    # Whoever introduced them already knows them.
    introduced = replace(julia, introduced_by=MARCUS.id)
    assert [g.contact_name for g in gifts(introduced) if g.kind == Value.INTRODUCTION] == ["Wendy Mills"]


def test_archived_people_are_never_introduced() -> None:
    julia = person("Julia", needs="reverse mortgage questions")
    gone = replace(MARCUS, archived=True)
    names = [g.contact_name for g in gifts(julia, network=[julia, gone, WENDY]) if g.contact_name]
    assert names == ["Wendy Mills"]


def test_at_most_three_introductions() -> None:
    asker = person("Asker", needs="estate law")
    lawyers = [person(f"Lawyer {n}", expertise=["estate law"]) for n in range(6)]
    found = gifts(asker, network=[asker, *lawyers], library=[])
    assert len(found) == 3 and all(g.kind == Value.INTRODUCTION for g in found)


def test_feedback_on_their_recent_work_and_on_their_site() -> None:
    sophie = person("Sophie Laurent", urls=["https://linkedin.com/in/sophie", "https://laurent.example.com/"])
    history = [
        event(sophie, "message", 90, "Commented on my rate-buydown article"),  # my work, not hers
        event(sophie, "message", 3, "She sent me her new newsletter issue"),
    ]
    work, site = gifts(sophie, history)
    assert (work.kind, work.title) == (Value.FEEDBACK, "Feedback on their new newsletter issue")
    assert work.why == "their work: “She sent me her new newsletter issue” (3d ago)"
    assert "I've been reading your new newsletter issue" in work.message
    assert work.summary == "Offered feedback on their new newsletter issue"
    assert (site.title, site.url) == ("Feedback on laurent.example.com", "https://laurent.example.com/")
    assert "I spent some time on laurent.example.com" in site.message
    assert site.summary == "Offered feedback on laurent.example.com: https://laurent.example.com/"


def test_feedback_already_given_is_not_offered_again() -> None:
    sophie = person("Sophie", urls=["https://laurent.example.com"])
    mention = event(sophie, "message", 10, "Sent me his podcast episode on pricing")
    later = event(sophie, "gave", 2, "Feedback on the episode", "feedback")
    on_site = event(sophie, "gave", 200, "Offered feedback on laurent.example.com", "feedback")
    assert [g.title for g in gifts(sophie, [mention])] == [
        "Feedback on their podcast episode", "Feedback on laurent.example.com",
    ]
    assert "listening to your podcast episode" in gifts(sophie, [mention])[0].message
    assert [g.title for g in gifts(sophie, [mention, later])] == ["Feedback on laurent.example.com"]
    assert gifts(sophie, [mention, later, on_site]) == []
    # Work mentioned long ago is no longer news.
    assert their_work([event(sophie, "message", 200, "her new blog post")], FIXED_NOW) is None


@pytest.mark.parametrize(("summary", "what"), [
    ("Liked his hail-season post", "hail-season post"),
    ("Coffee: she showed me their pitch deck", "pitch deck"),
    ("Call: walked me through her portfolio", "portfolio"),
    ("Commented on my pre-approval article", None),
    ("Saw your post on rate buydowns", None),
    ("sent: event-follow-up", None),
])
def test_their_work_is_only_theirs(summary: str, what: str | None) -> None:
    someone = person("Someone")
    found = their_work([event(someone, "message", 1, summary)], FIXED_NOW)
    assert (found[1] if found else None) == what


@pytest.mark.parametrize(("url", "site"), [
    ("https://whitfieldrealty.example.com", "whitfieldrealty.example.com"),
    ("https://www.example.com/portfolio/", "example.com/portfolio"),
    ("example.org/work", "example.org/work"),
    ("https://www.linkedin.com/in/ana", None),
    ("https://linkedin.example.com/in/ana", None),
    ("https://x.com/ana", None),
    ("https://instagram.com/ana", None),
    ("", None),
    ("localhost", None),
])
def test_site_of(url: str, site: str | None) -> None:
    assert site_of(url) == site


def test_order_needs_first_then_recent_work_then_expertise_then_site() -> None:
    pat = person("Pat Doyle", needs="comparing reverse mortgage lenders", expertise=["golf"],
                 urls=["https://doyle.example.com"])
    history = [event(pat, "message", 5, "Liked his hail-season post")]
    found = gifts(pat, history, network=[pat, WENDY])
    assert [(g.kind.value, g.title) for g in found] == [
        ("introduction", "Introduce Pat to Wendy Mills"),
        ("resource", "Send “Reverse mortgages: the family questions”"),
        ("feedback", "Feedback on their hail-season post"),
        ("resource", "Send “Golf etiquette”"),
        ("feedback", "Feedback on doyle.example.com"),
    ]


def test_the_users_own_templates_word_the_gifts(config_with_templates) -> None:
    julia = person("Julia", needs="reverse mortgage questions")
    templates, problems = load_templates(config_with_templates)
    assert problems == []
    found = gifts(julia, templates=templates)
    shared = next(g for g in found if g.kind == Value.RESOURCE)
    intro = next(g for g in found if g.kind == Value.INTRODUCTION)
    assert shared.message == "Julia: Reverse mortgages: the family questions https://example.com/reverse"
    assert intro.message.startswith("Julia, meet Marcus Bell")


@pytest.fixture
def config_with_templates(tmp_path):
    from board.config import load_config

    path = tmp_path / "config.toml"
    path.write_text(
        '[[templates]]\nname = "share-resource"\ntext = "{first_name}: {resource_title} {resource_url}"\n'
        '[[templates]]\nname = "offer-intro"\ntext = "{first_name}, meet {intro_name}."\n',
        "utf-8",
    )
    return load_config(path)


def test_json_shape_is_stable() -> None:
    julia = person("Julia", needs="reverse mortgage questions", stage=Stage.TALKED)
    for gift in gifts(julia):
        data = gift.to_dict()
        assert list(data) == ["kind", "title", "why", "url", "resource_id", "contact_id", "contact_name",
                              "template", "message", "summary"]
        assert data["kind"] in ("introduction", "resource", "feedback")
        assert (data["resource_id"] is None) == (data["kind"] != "resource")
        assert (data["contact_id"] is None) == (data["kind"] != "introduction")


def test_a_network_built_once_answers_many() -> None:
    network = Network([KEVIN, MARCUS, WENDY])
    first = gifts_for(person("A", needs="reverse mortgage"), [], network, LIBRARY, now=FIXED_NOW)
    second = gifts_for(person("B", needs="1099 income"), [], network, LIBRARY, now=FIXED_NOW)
    assert [g.contact_name for g in first if g.contact_name] == ["Marcus Bell", "Wendy Mills"]
    assert [g.contact_name for g in second if g.contact_name] == ["Kevin Tran"]
    assert FIXED_NOW - timedelta(0) == FIXED_NOW
