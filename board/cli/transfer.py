"""`trustboard import` and `trustboard export`: bringing a network in and taking it out.

The import and export modules are imported inside the commands: this module is loaded
for every command, and `trustboard list` should not pay for CSV, vCard and JSON code.
"""

from __future__ import annotations

import sys

import click

from board.cli.base import cli, path_arg, session

KINDS = ("linkedin", "invitations", "vcard", "csv", "json")
FORMATS = ("json", "csv", "vcard")


@cli.command(name="import")
@click.argument("kind", metavar="linkedin|invitations|vcard|csv|json",
                type=click.Choice(KINDS, case_sensitive=False))
@click.argument("file", metavar="FILE")
@click.option("--dry-run", is_flag=True, help="Show what would change and write nothing.")
def import_(kind: str, file: str, dry_run: bool) -> None:
    """Import contacts from a LinkedIn export, vCard, CSV or trustboard JSON FILE.

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

    state = session()
    summary = import_file(
        state.store(), kind.lower(), path_arg(file), dry_run=dry_run, my_name=state.config().my_name
    )
    click.echo("\n".join(summary.describe()))


@cli.command()
@click.option("--format", "fmt", type=click.Choice(FORMATS, case_sensitive=False), default=None,
              help="json (everything, the default), csv or vcard; with -o, taken from the "
              "file name (.json, .csv, .vcf) when not given.")
@click.option("-o", "--output", metavar="FILE", default=None,
              help="Write to FILE (atomically) instead of standard output.")
def export(fmt: str | None, output: str | None) -> None:
    """Export every contact (archived too) as JSON, CSV or vCard."""
    from board.exporters import export_data, export_file, format_for

    store = session().store()
    if output is None or output == "-":
        sys.stdout.buffer.write(export_data(store, (fmt or "json").lower()))
        sys.stdout.flush()
        return
    fmt = (fmt or format_for(output) or "json").lower()
    count = export_file(store, fmt, path_arg(output))
    noun = "contact" if count == 1 else "contacts"
    click.echo(f"Exported {count} {noun} to {output}.")
