"""What every command shares: the `cli` group, `--data`, the session and small helpers.

Command modules (`board.cli.core`, `board.cli.triage`, …) attach their commands to `cli`
with `@cli.command()` (or a sub-group with `@cli.group()`). The group does two things for
every command attached to it, sub-groups' commands too, so that none can forget them:

- it adds the `--data DIR` option, so `--data` works before or after any command's name;
- it cleans every text argument and option on the way in (`board.text.clean`: control
  and bidi characters removed; newlines and tabs become spaces unless the parameter is
  declared `type=MULTILINE`, as notes are). Paths (`type=click.Path()`) and choices are
  left as typed.

Nothing here imports Textual: only opening the board does.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click

from board.cli.output import say, warn
from board.config import Config, data_dir
from board.store import Store
from board.text import clean, plural, removed_count

MADE: list[Store] = []
"""Stores this command set up where its data directory was new or empty (`command_ended`)."""
CLEANED: list[str] = []
"""What `CleanText` took out of this command's arguments, said once it has succeeded."""


def command_ended(failed: bool) -> None:
    """After a command: if it failed, take away each store it set up that holds nothing
    yet (a mistyped --data with `log`, say, must leave no directory: SPEC §9, a command
    that exits non-zero has changed nothing); if it succeeded, say what was taken out of
    its text (a failed command's one line is its error). Either way the next command
    starts afresh."""
    if not failed:
        for said in CLEANED:
            warn(said)
    CLEANED.clear()
    while MADE:
        store = MADE.pop()
        if failed:
            try:
                store.take_back()
            except OSError:
                pass  # left as it is: an empty store, which is one


@dataclass
class Session:
    """What the group's options decided, shared with every command through ctx.obj."""

    data: str | None = None
    demo: bool = False
    _store: Store | None = field(default=None, repr=False)
    _config: Config | None = field(default=None, repr=False)

    def store(self) -> Store:
        if self._store is None:
            if self.demo:
                from board.sample import demo_dir

                self._store = Store(demo_dir())
            else:
                self._store = Store(data_dir(self.data))
                if self._store.made_here:
                    MADE.append(self._store)
            # Values the store read out of range (and used at their nearest bound): said once.
            click.get_current_context().find_root().call_on_close(self._tell_notices)
        return self._store

    def _tell_notices(self) -> None:
        if self._store is not None:
            for notice in self._store.notices():
                warn(notice)

    def config(self) -> Config:
        if self._config is None:
            from board.cli.opening import loaded_config

            self._config = loaded_config()
        return self._config


def _set_data(ctx: click.Context, _param: click.Parameter, value: str | None) -> None:
    if value:
        ctx.ensure_object(Session).data = value


DATA_HELP = "Data directory (default: $TRUSTBOARD_DATA or your user data directory)."


def _data_param() -> click.Option:
    return click.Option(
        ["--data"], metavar="DIR", type=click.Path(), expose_value=False, is_eager=True,
        callback=_set_data, help=DATA_HELP,
    )


class CleanText(click.ParamType):
    """Text as the user typed it, with control and bidi characters removed."""

    name = "text"

    def __init__(self, *, multiline: bool = False) -> None:
        self.multiline = multiline

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        text = str(value)
        removed = removed_count(text)
        if removed:  # said, not done silently: what is saved is not quite what was typed
            what = f"--{param.name.replace('_', '-')}" if isinstance(param, click.Option) and param.name else (
                param.human_readable_name if param is not None else "the text")
            CLEANED.append(f"{plural(removed, 'control or bidi character')} removed from {what}")
        return clean(text, multiline=self.multiline)


TEXT = CleanText()
MULTILINE = CleanText(multiline=True)
"""For a multi-line field (notes): newlines and tabs kept, every other control removed."""


class Commands(click.Group):
    """A click group whose commands (and sub-groups' commands) all take `--data DIR` and
    receive their text cleaned."""

    group_class = type  # sub-groups made with @cli.group() are Commands too
    # Imports the command modules (`board.cli.register_commands`) the first time a command
    # is looked up: opening the board (no command) starts without importing any of them.
    load_commands: Callable[[], None] | None = None

    def _loaded(self) -> None:
        load, self.load_commands = self.load_commands, None
        if load is not None:
            load()

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        self._loaded()
        return super().get_command(ctx, cmd_name)

    def list_commands(self, ctx: click.Context) -> list[str]:
        self._loaded()
        return super().list_commands(ctx)

    def add_command(self, cmd: click.Command, name: str | None = None) -> None:
        for param in cmd.params:
            if isinstance(param.type, click.types.StringParamType):
                param.type = TEXT
        if not any(param.name == "data" for param in cmd.params):
            cmd.params.append(_data_param())
        super().add_command(cmd, name)


def session() -> Session:
    return click.get_current_context().ensure_object(Session)


@click.group(
    cls=Commands,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.option("--demo", is_flag=True, help="Use a throwaway copy of the sample network.")
@click.version_option(
    package_name="trustboard", prog_name="trustboard", message="%(prog)s %(version)s"
)
@click.pass_context
def cli(ctx: click.Context, demo: bool) -> None:
    """trustboard: a relationship board — Met → Talked → Gave value → Trusted.

    Run without a command to open the board.
    """
    state = ctx.ensure_object(Session)
    state.demo = demo
    if ctx.invoked_subcommand is None:  # (`trustboard [--data DIR]` opens it without click)
        from board.cli.opening import open_board

        open_board(state.data, demo=demo)


cli.params.append(_data_param())  # the group's own: `trustboard --data DIR list`


def clear_marker(had: object, take_away: Callable[[], object], nothing: str, done: str) -> None:
    """`--clear` of a contact's one dated marker (a reminder, a snooze): take it away and
    say `done`; with none to clear (`had` is None), say `nothing` and change nothing."""
    if had is None:
        say(nothing)
        return
    take_away()
    say(done)


def short_id(any_id: str) -> str:
    """The short form of a contact's or an interaction's id, as `list` and `show` print it."""
    return any_id[:8]


def path_arg(path: str) -> Path:
    return Path(path).expanduser()
