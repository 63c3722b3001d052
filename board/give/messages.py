"""The words of each gift: the message to send, and the summary that logs it as given.

An introduction is offered with the *offer-intro* template and a resource that fits their
needs with *share-resource* — the user's own versions when config.toml overrides them —
filled for exactly that person or resource. The texts only gifts need (a resource for
what they know, one the user picked that fits nothing, an offer of feedback) are below,
in the same template language (`board.outreach.syntax`), so they read like the rest.

The summaries are what `already_given` and the gift finder read back: a shared resource's
summary carries its URL (and the interaction its `resource_id`), an introduction's names
the person introduced, a feedback offer's names the link or the work.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from board.outreach import BUILT_IN_TEMPLATES_BY_NAME, Template
from board.outreach.phrases import link, phrase

SHARE_WITH_EXPERT = Template(
    name="share-with-expert",
    title="Send something for what they know",
    text="""
Hi {first_name},

I came across {resource_title} and thought of you[ and your work in {expertise}].

{resource_url}

No need to reply; I just thought it might be useful to you or someone you work with.[

{my_name}]""",
)

SHARE_PICKED = Template(
    name="share-picked",
    title="Send something you picked for them",
    text="""
Hi {first_name},

I came across {resource_title} and thought of you.

{resource_url}

No need to reply unless it's useful; I'm happy to talk it through if it is.[

{my_name}]""",
)

FEEDBACK_ON_WORK = """\
Hi {first_name},

I've been {verb} {work} and jotted down a couple of thoughts: what really worked for \
me, and one small thing I'd try. Would they be useful? I'm happy to send them over or \
talk them through.{signature}"""

FEEDBACK_ON_LINK = """\
Hi {first_name},

I spent some time on {site} and jotted down a couple of thoughts from a visitor's point \
of view: what works really well, and one small thing I'd change. Would they be useful? \
I'm happy to send them over or talk them through.{signature}"""


def render(name: str, templates: Mapping[str, Template], values: Mapping[str, str],
           fallback: Template | None = None) -> tuple[str, str] | None:
    """(template name, text) from the user's template `name`, else the built-in, else
    `fallback`; None when none of them can be filled."""
    for template in (templates.get(name), BUILT_IN_TEMPLATES_BY_NAME.get(name), fallback):
        if template is None:
            continue
        text = template.render(values)
        if text is not None:
            return template.name, text
    return None


def resource_values(values: Mapping[str, str], title: str, url: str) -> dict[str, str]:
    return {**values, "resource_title": phrase(title), "resource_url": link(url)}


def feedback_text(values: Mapping[str, str], *, work: str = "", site: str = "", verb: str = "reading") -> str:
    """The offer of honest feedback on their work ("your new newsletter issue") or site."""
    signature = f"\n\n{values['my_name']}" if values.get("my_name") else ""
    first = values.get("first_name") or "there"
    if work:
        return FEEDBACK_ON_WORK.format(first_name=first, verb=verb, work=phrase(work), signature=signature)
    return FEEDBACK_ON_LINK.format(first_name=first, site=phrase(site), signature=signature)


def resource_summary(title: str, url: str) -> str:
    """'Shared “Title”: https://…' — names the resource and its URL."""
    return f"Shared “{phrase(title)}”: {link(url)}" if url else f"Shared “{phrase(title)}”"


def introduction_summary(name: str, expertise: str) -> str:
    return f"Offered an introduction to {phrase(name)} ({phrase(expertise)})"


def feedback_summary(what: str, url: str = "") -> str:
    return f"Offered feedback on {phrase(what)}" + (f": {link(url)}" if url and url not in what else "")


def template_map(templates: Sequence[Template] | None) -> dict[str, Template]:
    return {t.name: t for t in templates or ()}
