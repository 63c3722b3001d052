"""The library of things worth sharing: `resource add|edit|rm` and `resources [--json]`.

    trustboard resource add TITLE URL [--topic T]... [--note TEXT]
    trustboard resource edit RESOURCE [--title T] [--url U] [--topic T]... [--add-topic T]...
                                      [--remove-topic T]... [--note TEXT]
    trustboard resource rm RESOURCE [--yes]
    trustboard resources [--json]

RESOURCE is an id, an id prefix (4 characters or more), a title or a unique title
prefix, any case. Every check (a web link, a title not taken, clean text) is
`board.give.library`'s, the board's too; each command is one store transaction.
"""

from __future__ import annotations

import click

from board.cli.base import MULTILINE, cli, session, short_id
from board.cli.output import agreed, emit_json, say
from board.errors import UserError
from board.model import Resource
from board.text import fit, plural

TITLE_CELLS = 60


@cli.group(name="resource")
def resource_group() -> None:
    """Add, change or remove a resource of your library (see `trustboard resources`).

    \b
    trustboard resource add "Rent or buy? A calculator" https://example.com/rent-or-buy \\
        --topic "renting or buying" --topic "first home"
    trustboard resource edit rent --add-topic "lease renewal"
    trustboard resource rm rent
    """


@resource_group.command(name="add")
@click.argument("title")
@click.argument("url")
@click.option("--topic", "topics", multiple=True, help="What it is about (repeatable): matched to needs and expertise.")
@click.option("--note", default="", type=MULTILINE, help="Your note: why it is good, who it is for.")
def add(title: str, url: str, topics: tuple[str, ...], note: str) -> None:
    """Add TITLE at URL (http:// or https://) to your library."""
    from board.give.library import add_resource, new_resource

    resource = new_resource(title, url, topics, note)
    store = session().store()
    change = add_resource(store, resource)
    saved = change.resource or resource
    say(f"Added “{saved.title}” ({short_id(saved.id)}) to your library" + _about(saved) + ".")
    if not saved.topics:
        say("Add a --topic or two (trustboard resource edit … --add-topic T) so it can be matched to people's needs.")


@resource_group.command(name="edit")
@click.argument("resource")
@click.option("--title", default=None, help="A new title.")
@click.option("--url", default=None, help="A new URL.")
@click.option("--topic", "topics", multiple=True, help="Replace every topic with these (repeatable).")
@click.option("--add-topic", "add_topics", multiple=True, help="Add a topic (repeatable).")
@click.option("--remove-topic", "remove_topics", multiple=True, help="Remove a topic (repeatable).")
@click.option("--note", default=None, type=MULTILINE, help='Replace the note ("" empties it).')
def edit(resource: str, title: str | None, url: str | None, topics: tuple[str, ...],
         add_topics: tuple[str, ...], remove_topics: tuple[str, ...], note: str | None) -> None:
    """Change RESOURCE: each option given replaces that field (topics: --add/--remove-topic)."""
    from board.give.library import check_topics, edit_resource

    if title is None and url is None and note is None and not (topics or add_topics or remove_topics):
        raise click.UsageError("say what to change, e.g. --title T, --url U, --add-topic T or --note TEXT")
    store = session().store()
    current = store.find_resource(resource)
    new_topics = check_topics(topics) if topics else list(current.topics)
    for topic in check_topics(add_topics):
        if topic.casefold() not in (t.casefold() for t in new_topics):
            new_topics.append(topic)
    for topic in check_topics(remove_topics):
        kept = [t for t in new_topics if t.casefold() != topic.casefold()]
        if len(kept) == len(new_topics):
            shown = ", ".join(new_topics) or "none"
            raise UserError(f"“{current.title}” has no topic {topic!r} to remove (its topics: {shown})")
        new_topics = kept
    edited = current.copy(
        title=current.title if title is None else title,
        url=current.url if url is None else url,
        topics=new_topics,
        note=current.note if note is None else note,
    )
    change = edit_resource(store, edited)
    saved = change.resource or edited
    if not change:
        say(f"Nothing to change: “{saved.title}” already has those values.")
        return
    say(f"Edited “{saved.title}” ({short_id(saved.id)})" + _about(saved) + ".")


@resource_group.command(name="rm")
@click.argument("resource")
@click.option("--yes", "-y", is_flag=True, help="Remove without asking (for scripts).")
def rm(resource: str, yes: bool) -> None:
    """Remove RESOURCE from your library. Asks first on a terminal; --yes for scripts.

    What you logged as shared keeps its summary (the title and the URL).
    """
    from board.give.library import remove_resource

    store = session().store()
    found = store.find_resource(resource)
    refusal = (f"not removed: to remove “{found.title}” without a terminal to ask on, run "
               f"`trustboard resource rm {short_id(found.id)} --yes`")
    if not agreed(f"Remove “{found.title}” from your library?", yes=yes, refusal=refusal):
        raise UserError("not removed: you said no")
    remove_resource(store, found.id)
    say(f"Removed “{found.title}” from your library.")


@cli.command(name="resources")
@click.option("--json", "as_json", is_flag=True, help="Output a JSON array of resources.")
def list_resources(as_json: bool) -> None:
    """List your library of things worth sharing, by title."""
    store = session().store()
    library = store.resources()
    if as_json:
        emit_json([r.to_dict() for r in library])
        return
    if not library:
        say('Your library is empty: trustboard resource add "TITLE" https://… --topic "what it is about"')
        return
    blocks = []
    for item in library:
        lines = [f"{short_id(item.id)}  {fit(item.title, TITLE_CELLS)}", f"          {item.url}"]
        if item.topics:
            lines.append(f"          topics: {', '.join(item.topics)}")
        if item.note:
            lines.append(f"          note: {fit(' '.join(item.note.split()), TITLE_CELLS)}")
        blocks.append("\n".join(lines))
    count = plural(len(library), "resource")
    say("\n".join(blocks) + f"\n\n{count}. trustboard give CONTACT shows which fit someone.")


def _about(resource: Resource) -> str:
    return f", about {', '.join(resource.topics)}" if resource.topics else ""
