"""`trustboard import` and `trustboard export`: bringing a network in and taking it out.

The import and export modules are imported inside the commands: this module is loaded
for every command, and `trustboard list` should not pay for CSV, vCard and JSON code.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from board.cli.base import cli, path_arg, session
from board.cli.output import emit_bytes, escape_json, say
from board.text import safe

KINDS = ("linkedin", "invitations", "vcard", "csv", "json")
FORMATS = ("json", "csv", "vcard")


@cli.command(name="import")
@click.argument("args", metavar="[linkedin|invitations|vcard|csv|json] FILE", nargs=-1, required=True,
                type=click.Path())  # a file name is taken as typed, never cleaned
@click.option("--dry-run", is_flag=True, help="Show what would change and write nothing.")
@click.pass_context
def import_(ctx: click.Context, args: tuple[str, ...], dry_run: bool) -> None:
    """Import contacts from a LinkedIn export, vCard, CSV or trustboard JSON FILE.

    Without a kind, it is worked out from the file's content (and said).

    \b
    linkedin     Connections.csv from LinkedIn's "Get a copy of your data"
    invitations  Invitations.csv: incoming invitations become Met contacts
    vcard        .vcf address book (vCard 3.0 or 4.0)
    csv          a header row; columns matched by name (name, company, email, …)
    json         a trustboard export (merged by id)

    Re-importing updates and never duplicates: your stage, notes, tags and
    interactions are kept. A malformed file changes nothing.
    """
    from board.importers import import_file

    kind, file = _kind_and_file(ctx, args)
    state = session()
    summary = import_file(
        state.store(), kind, path_arg(file), dry_run=dry_run, my_name=state.config().my_name,
        reconnect_per_day=state.config().reconnect_per_day,
    )
    say("\n".join(summary.describe()))


def _kind_and_file(ctx: click.Context, args: tuple[str, ...]) -> tuple[str | None, str]:
    """`import KIND FILE` or `import FILE` (the kind detected); usage errors exit 2."""
    if len(args) > 2:
        raise click.UsageError(f"Got unexpected extra argument ({args[2]})", ctx)
    if len(args) == 2:
        kind = args[0].lower()
        if kind not in KINDS:
            raise click.BadParameter(
                f"{args[0]!r} is not one of {', '.join(map(repr, KINDS))}.", ctx, param_hint="'KIND'"
            )
        return kind, args[1]
    (only,) = args
    if only.lower() in KINDS and not Path(only).expanduser().exists():
        raise click.UsageError("Missing argument 'FILE'.", ctx)
    return None, only


@cli.command()
@click.option("--format", "fmt", type=click.Choice(FORMATS, case_sensitive=False), default=None,
              help="json (everything, the default), csv or vcard; with -o, taken from the "
              "file name (.json, .csv, .vcf) when not given.")
@click.option("-o", "--output", metavar="FILE", type=click.Path(), default=None,
              help="Write to FILE (atomically) instead of standard output.")
def export(fmt: str | None, output: str | None) -> None:
    """Export every contact (archived too) as JSON, CSV or vCard."""
    from board.exporters import export_data, export_file, format_for

    store = session().store()
    if output is None or output == "-":
        fmt = (fmt or "json").lower()
        data = export_data(store, fmt)
        if fmt == "json":
            data = escape_json(data)  # same data; nothing a terminal would act on
        elif sys.stdout.isatty():  # shown to a person, not piped to a file: made safe
            data = safe(data.decode("utf-8")).encode("utf-8")
        emit_bytes(data)
        return
    fmt = (fmt or format_for(output) or "json").lower()
    count = export_file(store, fmt, path_arg(output))
    noun = "contact" if count == 1 else "contacts"
    say(f"Exported {count} {noun} to {output}.")
