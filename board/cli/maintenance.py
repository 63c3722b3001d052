"""`trustboard check`, `trustboard backups`, `trustboard restore BACKUP|latest [--yes]`.

    trustboard check              read and verify every file and every backup
    trustboard backups            the backups, newest first, and whether each verifies
    trustboard restore latest     bring the whole store back from a backup

They work on a data directory that a damaged file keeps from opening (that is what
they are for): they never create one, and `check` and `backups` change nothing.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from board.cli.base import cli, session
from board.cli.output import emit_json, say, table, tell
from board.errors import DataError, UserError
from board.humane import moment_text
from board.text import plural


def _root() -> Path:
    state = session()
    if state.demo:
        return state.store().root
    from board.config import data_dir

    return data_dir(state.data)


@cli.command()
def check() -> None:
    """Read and verify every file of the store and every backup's checksums.

    Prints one line per problem, naming the file; exit 0 when all is healthy, 1 otherwise.
    """
    from board.store.maintenance import check as check_store

    report = check_store(_root())
    for problem in report.problems:
        say(problem)
    if report.problems:
        count = len(report.problems)
        raise DataError(
            f"check found {plural(count, 'problem')} (listed above); "
            "`trustboard backups` lists the backups that verify, `trustboard restore` brings one back"
        )
    say(f"ok: {plural(report.contacts, 'contact', grouped=True)}, "
        f"{plural(report.interactions, 'interaction', grouped=True)}, "
        f"{plural(report.resources, 'resource', grouped=True)} and {plural(report.backups, 'backup')} "
        "checked; no problem found")


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Output the backups as JSON.")
def backups(as_json: bool) -> None:
    """List the backups, newest first: when, why, what they hold, whether they verify."""
    from board.store.maintenance import list_backups

    found = list_backups(_root())
    if as_json:
        emit_json([{
            "name": b.name, "path": str(b.path), "at": b.at.isoformat() if b.at else None,
            "reason": b.reason, "contacts": b.contacts, "interactions": b.interactions,
            "resources": b.resources, "verifies": not b.problems, "problems": b.problems,
        } for b in found])
        return
    if not found:
        say("No backups yet: trustboard keeps one a day once there are contacts, and one "
            "before each import, migration, restore and sync.")
        return
    rows: list[list[object]] = [["BACKUP", "WHEN", "WHY", "CONTACTS", "INTERACTIONS", "VERIFIES"]]
    for b in found:
        when = moment_text(b.at) if b.at else "?"
        verdict = "yes" if not b.problems else f"NO: {_short(b.problems[0], b.path)}"
        rows.append([b.name, when, b.why, _count(b.contacts), _count(b.interactions), verdict])
    for line in table(rows, right=(3, 4)):
        say(line)


@cli.command()
@click.argument("backup", metavar="BACKUP|latest")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation (for scripts).")
def restore(backup: str, yes: bool) -> None:
    """Replace all the store's data with BACKUP's (a name from `trustboard backups`, or latest).

    The backup is verified whole first, and the current data is kept as a backup of its
    own ("before restore"), so a restore can itself be undone by restoring that one.
    """
    from board.store.maintenance import find_backup, list_backups
    from board.store.maintenance import restore as restore_store

    root = _root()
    found = {b.path: b for b in list_backups(root)}
    chosen = found[find_backup(list(found), backup)]
    if chosen.problems:
        raise DataError(
            f"backup {chosen.name} is damaged, so it was not restored: "
            f"{chosen.problems[0]}. Nothing was changed; `trustboard backups` shows which backups verify"
        )
    if not yes:
        if not sys.stdin.isatty():
            raise UserError("restore replaces all the data: add --yes to confirm (there is no terminal to ask on)")
        when = moment_text(chosen.at) if chosen.at else "an unknown time"
        question = (
            f"Replace all data in {root} with backup {chosen.name} (made {when}, {chosen.why}: "
            f"{_count(chosen.contacts)} contacts, {_count(chosen.interactions)} interactions)? "
            "The current data is backed up first"
        )
        if not click.confirm(question, default=False):
            tell("Nothing was changed.")
            return
    done = restore_store(root, chosen.name)
    say(f"Restored {done.backup.name}: {_count(done.contacts)} contacts, "
        f"{_count(done.interactions)} interactions. The data as it was is kept in {done.kept.name}"
        " (`trustboard restore` it to go back).")


def _count(value: int | None) -> str:
    return f"{value:,}" if value is not None else "?"


def _short(problem: str, folder: Path) -> str:
    """A problem line of a backup, with the backup's own path left out."""
    return problem.replace(f"{folder}/", "", 1)
