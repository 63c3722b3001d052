"""The `trustboard` command: one module per command group, attached to one click group.

    base.py       the `cli` group, the session (store, config), `--data` on every command
    output.py     the only way commands write (every line made safe), JSON, tables
    fields.py     the contact options `add` and `edit` share
    core.py       add, log, move, list, show
    correct.py    edit, unlog, archive, unarchive
    triage.py     today, snooze, stats
    outreach.py   suggest
    introduce.py  introduce
    remind.py     remind
    resources.py  resource add/edit/rm, resources
    give.py       give, share
    transfer.py   import, export
    sync.py       sync, sync init, sync status
    maintenance.py  check, backups, restore

Adding a command group is one line: write `board/cli/NAME.py`, whose commands attach to
the group with `@cli.command()` (or `@cli.group()` for sub-commands, as `sync init`;
import `cli` from `board.cli.base`), then add `"NAME"` to `COMMAND_GROUPS` below. Every
command then takes `--data DIR` before or after its name, and its errors get the exit
codes below without any code of its own: raise `UserError` (or any `TrustboardError`)
with one sentence. Write with `board.cli.output` (`say`, `warn`, `emit_json`, `table`),
never `click.echo` or `print`, so every line is made safe (a test holds every module to
it); text arguments arrive already cleaned of control characters.

The groups still to come take the same one step: `maintenance` (check, backups,
restore). Shared plumbing (`base`, `output`, `fields`) is imported by the groups, never listed.

Exit codes (SPEC §7): 0 success; 1 a user or data error, with one `error:` line on
stderr; 2 a usage error. Command modules import what only they need inside their
commands, so `trustboard list` does not pay for importers or templates, and nothing but
opening the board imports Textual.
"""

from __future__ import annotations

import gc
import importlib
import os
import sys
from functools import partial

import click

from board.errors import TrustboardError

COMMAND_GROUPS = (
    "core", "correct", "triage", "outreach", "introduce", "remind", "resources", "give", "transfer",
    "sync", "maintenance",
)
"""The modules under `board.cli` whose commands make up `trustboard`, in help order."""

__all__ = ["COMMAND_GROUPS", "main"]


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the CLI and turn every failure into the exit codes of SPEC §7."""
    # Opening the board collects no garbage before its first frame: the imports and the
    # loaded board make almost none, yet the collector would walk them again and again
    # (a fifth of the board's start-up over a bare Textual app's). The board turns it
    # back on once it has painted (`widgets.app`); naming a command turns it on at once.
    collecting = gc.isenabled()
    gc.disable()
    try:
        _run(argv, collecting)
    finally:
        if collecting:
            gc.enable()


def _run(argv: list[str] | None, collecting: bool) -> None:
    from board.cli.base import cli
    from board.cli.output import error, usage_error

    # When a command is named (not to open the board).
    cli.load_commands = partial(register_commands, collecting)
    try:
        cli.main(args=argv, prog_name="trustboard", standalone_mode=False)
    except click.exceptions.Exit as done:
        sys.exit(done.exit_code)
    except click.UsageError as exc:
        usage_error(exc)
        sys.exit(2)
    except click.ClickException as exc:
        error(exc.format_message())
        sys.exit(1)
    except click.Abort:
        error("aborted")
        sys.exit(1)
    except TrustboardError as exc:
        error(exc)
        sys.exit(1)
    except KeyboardInterrupt:
        sys.exit(130)
    except OSError as exc:
        if os.environ.get("TRUSTBOARD_DEBUG"):
            raise
        from board.store.files import disk_full, unwritten

        if disk_full(exc):  # a write outside a store transaction (the store says so itself)
            error(unwritten(exc))
        else:
            error(f"{exc.strerror or exc}" + (f": {exc.filename}" if exc.filename else ""))
        sys.exit(1)
    except Exception as exc:  # a bug: still one line, not a traceback (TRUSTBOARD_DEBUG=1 shows it)
        if os.environ.get("TRUSTBOARD_DEBUG"):
            raise
        error(
            f"trustboard hit an internal problem ({type(exc).__name__}: {exc}); nothing "
            "was changed. Run again with TRUSTBOARD_DEBUG=1 for details and please report it."
        )
        sys.exit(1)
    sys.exit(0)


def register_commands(collect: bool = False) -> None:
    """Import every module of `COMMAND_GROUPS` (importing one attaches its commands);
    `collect` turns the garbage collector back on (a command runs with it, as usual).

    A module missing from an install fails loudly rather than dropping its commands.
    """
    if collect:
        gc.enable()
    for name in COMMAND_GROUPS:
        importlib.import_module(f"board.cli.{name}")
