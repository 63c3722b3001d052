"""`trustboard suggest CONTACT [--copy]`: the messages worth sending, best first."""

from __future__ import annotations

import click

from board.cli.base import cli, session
from board.cli.output import copy_shown, say, warn
from board.errors import UserError
from board.text import safe


@cli.command()
@click.argument("contact")
@click.option("--copy", "copy", is_flag=True, help="Copy the best message to the clipboard.")
def suggest(contact: str, copy: bool) -> None:
    """Print the messages that fit CONTACT now, best first, each headed by its name.

    With --copy, copy the best one (OSC 52 to your terminal, and the system clipboard)
    and print it; when no clipboard is reachable, say so and print it to copy by hand.
    """
    from board.outreach import suggest_for

    store = session().store()
    config = session().config()
    person = store.find(contact)
    # The library makes *share-resource* name a real link (an empty one keeps the message
    # that asks for a link: the user has not started a library).
    suggestions, problems = suggest_for(store, person, config, resources=store.resources())
    for problem in problems:
        warn(problem)
    if not suggestions:
        if copy:
            raise UserError(
                f"no message fits {person.name} yet: add their needs or where you met "
                "(trustboard add/edit), or write a template in config.toml"
            )
        say(f"No message fits {person.name} yet: add their needs or where you met.")
        return

    if copy:
        best = suggestions[0]
        text = safe(best.text)  # what is copied is what is shown
        say(text)
        copy_shown(text, f"{best.name} for {person.name}")
        return

    blocks = [f"[{s.name}] {s.why}\n{s.text}" for s in suggestions]
    say("\n\n".join(blocks))
