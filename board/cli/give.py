"""What can I give? `trustboard give CONTACT` and `trustboard share RESOURCE CONTACT`.

    trustboard give CONTACT [--json] [--messages]
    trustboard share RESOURCE CONTACT [--copy] [--sent]

`give --json` is one object, stable for scripts:

    {"contact": {"id", "name", "stage"},
     "gifts": [{"kind", "title", "why", "url", "resource_id", "contact_id",
                "contact_name", "template", "message", "summary"}, ...]}

best first. `kind` is `introduction`, `resource` or `feedback` (the value to log it
with); `url` is the resource's link or the site to give feedback on; `resource_id` a
resource gift's library id; `contact_id` / `contact_name` the person an introduction
is to; `message` the text to send; `summary` what logging it as given writes. A key
that does not apply is null.
"""

from __future__ import annotations

import click

from board.cli.base import cli, session, short_id
from board.cli.output import copy_shown, emit_json, say, tell, warn
from board.model import Contact, Kind, Value
from board.text import safe

KIND_CELLS = 12


def nothing_to_give(person: Contact) -> str:
    """What to do when no gift fits `person`, naming the commands that do it.

    Their needs are set with `edit --needs` (or `log --needs` as they tell you); once set,
    what is missing is someone whose expertise fits, or a resource on it.
    """
    key = short_id(person.id)
    needs = " ".join(person.needs.split())
    if needs:
        steps = ["add it to the expertise of someone who can help (trustboard edit NAME "
                 "--add-expertise TEXT)", "add a resource on it (trustboard resource add TITLE "
                 "URL --topic TEXT)"]
        said = f"Nobody's expertise and no resource fits their needs ({needs}). "
    else:
        steps = [f"add what they need (trustboard edit {key} --needs TEXT, or trustboard log "
                 f"{key} --needs TEXT SUMMARY as they tell you)", "add resources whose topics "
                 "fit (trustboard resource add TITLE URL --topic TEXT)"]
        said = ""
    if not person.urls:
        steps.append(f"add a link to their work (trustboard edit {key} --add-url URL)")
    listed = ", ".join(steps[:-1]) + f", or {steps[-1]}"
    return f"Nothing to give {person.name} yet. {said}{listed[0].upper()}{listed[1:]}."


@cli.command()
@click.argument("contact")
@click.option("--json", "as_json", is_flag=True, help="Output the gifts as JSON (with each message).")
@click.option("--messages", "-m", "with_messages", is_flag=True, help="Print each gift's message under it.")
def give(contact: str, as_json: bool, with_messages: bool) -> None:
    """Concrete gifts for CONTACT, best first: introductions, resources, feedback.

    Each says why it fits. A resource already shared with them is not offered again,
    nor an introduction already offered.
    """
    from board.give.gifts import gifts_from_store

    store = session().store()
    person = store.find(contact)
    gifts, problems = gifts_from_store(store, person, session().config())
    for problem in problems:
        warn(problem)
    if as_json:
        emit_json({
            "contact": {"id": person.id, "name": person.name, "stage": person.stage.value},
            "gifts": [g.to_dict() for g in gifts],
        })
        return
    if not gifts:
        say(nothing_to_give(person))
        return
    lines = [f"Gifts for {person.name} ({person.stage.label}), best first:", ""]
    for number, gift in enumerate(gifts, 1):
        lines.append(f"{number}. {gift.kind.value:<{KIND_CELLS}} {gift.title}")
        if gift.url:
            lines.append(f"   {'':<{KIND_CELLS}} {gift.url}")
        lines.append(f"   {'':<{KIND_CELLS}} why: {gift.why}")
        if with_messages:
            lines.append("")
            lines.extend(f"      {line}".rstrip() for line in gift.message.split("\n"))
            lines.append("")
    if not with_messages:
        lines += ["", "--messages prints each message; trustboard share RESOURCE CONTACT --copy copies one."]
    say("\n".join(lines).rstrip())


@cli.command()
@click.argument("resource")
@click.argument("contact")
@click.option("--copy", "copy", is_flag=True, help="Copy the message to the clipboard.")
@click.option("--sent", is_flag=True, help="Log it as given: gave (resource), with the resource and its URL.")
def share(resource: str, contact: str, copy: bool, sent: bool) -> None:
    """Print the share-resource message for RESOURCE, written for CONTACT, with its link.

    With --copy, copy it (OSC 52 to your terminal, and the system clipboard); with
    --sent, log a `gave` (resource) interaction naming the resource and its URL.
    """
    from board.give.gifts import log_gift, share_gift

    store = session().store()
    item = store.find_resource(resource)
    person = store.find(contact)
    gift, already = share_gift(store, person, item, session().config())
    if already:
        warn(f"you already shared “{item.title}” with {person.name} (trustboard show {short_id(person.id)})")
    text = safe(gift.message)  # what is copied is what is shown
    say(text)
    tell(f"why: {gift.why}")
    if copy:
        copy_shown(text, f"{gift.template} for {person.name}")
    if sent:
        log_gift(store, person.id, gift)
        tell(f"Logged {Kind.GAVE.value} ({Value.RESOURCE.value}) with {person.name}: {gift.summary}")
