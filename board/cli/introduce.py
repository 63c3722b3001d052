"""`trustboard introduce A B [--copy] [--sent]`: one introduction, logged on both people."""

from __future__ import annotations

import click

from board.cli.base import cli, session, short_id
from board.cli.output import copy_shown, say, tell, warn
from board.errors import UserError
from board.model import Stage
from board.text import safe


@cli.command()
@click.argument("a", metavar="A")
@click.argument("b", metavar="B")
@click.option("--about", default="", metavar="TOPIC",
              help="What A needs that B knows (default: A's or B's needs, matched to the other's expertise).")
@click.option("--copy", "copy", is_flag=True, help="Copy the message to the clipboard.")
@click.option("--sent", is_flag=True,
              help="Log it as given to both: a gave/introduction on each, linked (one undo step).")
def introduce(a: str, b: str, about: str, copy: bool, sent: bool) -> None:
    """Print an introduction of A and B to each other: it names both and why they should talk.

    Ask each of them first (double opt-in); once both said yes, send this to both. With
    --sent it is logged on both, each summary naming the other, and counted once in
    givers' gain. Someone added within the last day with nothing logged yet gets the
    other as the one who introduced them (`introduced_by`).
    """
    from board.introductions import introduction, log_introduction, templates_for

    store = session().store()
    config = session().config()
    one, two = store.find(a), store.find(b)
    if one.id == two.id:
        raise UserError(f"{a!r} and {b!r} are both {one.name}: an introduction takes two people")
    templates, problems = templates_for(config)
    for problem in problems:
        warn(problem)
    made = introduction(one, two, templates=templates, my_name=config.my_name,
                        topic=about.strip(), now=store.clock())
    text = safe(made.text)
    say(text)
    if copy:
        copy_shown(text, f"the introduction of {one.name} and {two.name}")
    if not sent:
        tell(f"Once you have sent it: trustboard introduce {short_id(one.id)} {short_id(two.id)} --sent")
        return
    before = {one.id: one.introduced_by, two.id: two.introduced_by}
    log_introduction(store, made.first, made.second, why=made.why)
    tell(f"Logged the introduction on both: {made.first.name} and {made.second.name}.")
    for person in (store.get(made.first.id), store.get(made.second.id)):
        if person.introduced_by != before[person.id] and person.introduced_by:
            tell(f"{person.name} is new to you: introduced by {store.get(person.introduced_by).name}.")
        if person.stage in (Stage.MET, Stage.TALKED):
            tell(f"tip: you gave {person.first_name} value — "
                 f"trustboard move {short_id(person.id)} gave-value")
