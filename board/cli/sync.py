"""`trustboard sync`, `sync init REMOTE`, `sync status`: one store on several machines.

    trustboard sync init server:trustboard.git   # once per machine
    trustboard sync                              # whenever (cron, or [sync] auto in the board)
    trustboard sync status
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from board.cli.base import cli, session
from board.cli.output import emit_json, say

if TYPE_CHECKING:
    from board.sync.result import SyncResult


@cli.group(name="sync", invoke_without_command=True)
@click.option("--json", "as_json", is_flag=True, help="Output what the sync did as JSON.")
@click.pass_context
def sync_group(ctx: click.Context, as_json: bool) -> None:
    """Sync this store with the git remote `sync init` set up (merging record by record).

    Under the hood: commit this store to its clone in DATA/sync, fetch, merge each
    contact field by field with what the other machines did, push, and apply the result
    here as one change (backed up first). Exit 0 when in sync; 1 with one `error:` line
    otherwise, and then nothing here was changed.
    """
    if ctx.invoked_subcommand is not None:
        return
    from board.sync.engine import sync

    _show(sync(session().store(), interactive=True), as_json)


@sync_group.command(name="init")
@click.argument("remote")
@click.option("--machine", default=None, metavar="NAME",
              help="This machine's name in merges (default: the host name).")
@click.option("--json", "as_json", is_flag=True, help="Output what the sync did as JSON.")
def sync_init(remote: str, machine: str | None, as_json: bool) -> None:
    """Sync this store with REMOTE from now on (any git URL: server:trustboard.git, ssh://…, a path).

    An empty REMOTE receives this store; an empty store receives REMOTE's data; when both
    hold data they are merged. Create the remote once with `git init --bare` on the server.
    """
    from board.sync.engine import init

    _show(init(session().store(), remote, machine=machine, interactive=True), as_json)


@sync_group.command(name="status")
@click.option("--json", "as_json", is_flag=True, help="Output the status as JSON.")
def sync_status(as_json: bool) -> None:
    """The remote, the last sync, and the changes made here that the remote does not have yet."""
    from board.humane import moment_text
    from board.sync.report import counted
    from board.sync.status import since, status

    store = session().store()
    found = status(store)
    if as_json:
        emit_json(found.as_json())
        return
    from board.text import safe_line

    last = since(found.last_at, store.clock())
    if found.last_at is not None:
        last = f"{moment_text(found.last_at)} ({last})"
        if found.last_summary:
            last += f": {found.last_summary}"
    waiting = counted(found.not_pushed)
    lines = [
        f"remote        {found.remote}",
        f"this machine  {found.machine}",
        f"last sync     {last}",
        f"not pushed    {waiting + ' changed here' if waiting else 'nothing: the remote has everything'}",
    ]
    say("\n".join(safe_line(line) for line in lines))


def _show(result: SyncResult, as_json: bool) -> None:
    from board.sync.report import as_json as to_json
    from board.sync.report import report_lines

    if as_json:
        emit_json(to_json(result))
        return
    say("\n".join(report_lines(result)))
