"""`trustboard suggest CONTACT [--copy]`: the messages worth sending, best first."""

from __future__ import annotations

import sys

import click

from board.cli.base import cli, session
from board.errors import UserError


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
    suggestions, problems = suggest_for(store, person, config)
    for problem in problems:
        click.echo(f"warning: {problem}", err=True)
    if not suggestions:
        if copy:
            raise UserError(
                f"no message fits {person.name} yet: add their needs or where you met "
                "(trustboard add/edit), or write a template in config.toml"
            )
        click.echo(f"No message fits {person.name} yet: add their needs or where you met.")
        return

    if copy:
        from board.clipboard import copy_cli, system_unavailable_reason

        best = suggestions[0]
        tty = sys.stdout.isatty()
        result = copy_cli(best.text, tty=tty)
        click.echo(best.text)
        if result.copied:
            click.echo(f"{result.notice}: {best.name} for {person.name}.", err=True)
        else:
            terminal = "no terminal to send OSC 52 to" if tty else "stdout is not a terminal"
            click.echo(
                f"warning: no clipboard reachable ({system_unavailable_reason()}; {terminal}): "
                "select the message above by hand.",
                err=True,
            )
        return

    blocks = [f"[{s.name}] {s.why}\n{s.text}" for s in suggestions]
    click.echo("\n\n".join(blocks))
