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
restore). Shared plumbing (`base`, `output`, `fields`) is imported by the groups, never listed;
`opening` is the board's door (no click).

`trustboard` alone (or with just `--data DIR`) opens the board without loading click:
`main` knows those two forms itself and calls `opening.open_board`, which `--demo` and the
group use too; every other command line is click's to parse.

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

from board.errors import TrustboardError

PROG = "trustboard"

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
    except SystemExit as done:
        base = sys.modules.get("board.cli.base")  # (loaded if a command was named)
        if base is not None:  # a failed command leaves no store it set up
            base.command_ended(failed=bool(done.code))
        raise
    finally:
        if collecting:
            gc.enable()


def _run(argv: list[str] | None, collecting: bool) -> None:
    board = _board_only(sys.argv[1:] if argv is None else list(argv))
    try:
        if board is not None:
            _open_board_at_once(board[0])
        else:
            _click_main(argv, collecting)
    except TrustboardError as exc:
        _error(exc)
        sys.exit(1)
    except KeyboardInterrupt:
        sys.exit(130)
    except OSError as exc:
        if os.environ.get("TRUSTBOARD_DEBUG"):
            raise
        from board.store.files import disk_full, unwritten

        if disk_full(exc):  # a write outside a store transaction (the store says so itself)
            _error(unwritten(exc))
        else:
            _error(f"{exc.strerror or exc}" + (f": {exc.filename}" if exc.filename else ""))
        sys.exit(1)
    except Exception as exc:  # a bug: still one line, not a traceback (TRUSTBOARD_DEBUG=1 shows it)
        if os.environ.get("TRUSTBOARD_DEBUG"):
            raise
        _error(
            f"trustboard hit an internal problem ({type(exc).__name__}: {exc}); nothing "
            "was changed. Run again with TRUSTBOARD_DEBUG=1 for details and please report it."
        )
        sys.exit(1)
    sys.exit(0)


def _click_main(argv: list[str] | None, collecting: bool) -> None:
    """Every command, `--help`, `--version`, `--demo`: click parses the command line."""
    import click

    from board.cli.base import cli
    from board.cli.output import error, usage_error

    # When a command is named (not to open the board).
    cli.load_commands = partial(register_commands, collecting)
    try:
        cli.main(args=argv, prog_name=PROG, standalone_mode=False)
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


def _board_only(args: list[str]) -> tuple[str | None] | None:
    """(DIR or None,) when `args` just open the board: none, or `--data DIR` alone.

    The board then opens without click (loading and running its parser is a tenth of
    the board's start-up over a bare Textual app's). Anything else, shell completion
    included (and any command line on Windows), is click's to parse, as before.
    """
    if f"_{PROG.upper()}_COMPLETE" in os.environ or os.name == "nt":  # (click expands globs there)
        return None
    if not args:
        return (None,)
    if len(args) == 2 and args[0] == "--data" and args[1] and not args[1].startswith("-"):
        return (args[1],)
    if len(args) == 1 and args[0].startswith("--data=") and len(args[0]) > len("--data="):
        return (args[0][len("--data="):],)
    return None


def _open_board_at_once(data: str | None) -> None:
    """`trustboard [--data DIR]` as click would run it: a ^C before the board has the
    terminal is "aborted", as click says it."""
    from board.cli.opening import open_board

    try:
        open_board(data)
    except (EOFError, KeyboardInterrupt):
        from board.cli.output import tell

        tell("")  # closes the terminal's ^C echo, as click does
        _error("aborted")
        sys.exit(1)


def _error(text: object) -> None:
    from board.cli.output import error

    error(text)


def register_commands(collect: bool = False) -> None:
    """Import every module of `COMMAND_GROUPS` (importing one attaches its commands);
    `collect` turns the garbage collector back on (a command runs with it, as usual).

    A module missing from an install fails loudly rather than dropping its commands.
    """
    if collect:
        gc.enable()
    for name in COMMAND_GROUPS:
        importlib.import_module(f"board.cli.{name}")
