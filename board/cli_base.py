"""Shared plumbing of the command line: the click group, `--data`, output and dates.

Command modules (`board.cli`, `board.cli_triage`, …) attach their commands to `cli`.
Nothing here imports Textual: only opening the board does.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click
import orjson

from board import __version__
from board.config import Config, data_dir, load_config
from board.store import Store


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
        return self._store

    def config(self) -> Config:
        if self._config is None:
            self._config = load_config()
            for problem in self._config.problems:
                click.echo(f"warning: {problem} (using the defaults for it)", err=True)
        return self._config


def _set_data(ctx: click.Context, _param: click.Parameter, value: str | None) -> None:
    if value:
        ctx.ensure_object(Session).data = value


data_option = click.option(
    "--data",
    metavar="DIR",
    expose_value=False,
    is_eager=True,
    callback=_set_data,
    help="Data directory (default: $TRUSTBOARD_DATA or your user data directory).",
)


def session() -> Session:
    return click.get_current_context().ensure_object(Session)


@click.group(
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@data_option
@click.option("--demo", is_flag=True, help="Use a throwaway copy of the sample network.")
@click.version_option(__version__, "--version", prog_name="trustboard", message="%(prog)s %(version)s")
@click.pass_context
def cli(ctx: click.Context, demo: bool) -> None:
    """trustboard: a relationship board — Met → Talked → Gave value → Trusted.

    Run without a command to open the board.
    """
    state = ctx.ensure_object(Session)
    state.demo = demo
    if ctx.invoked_subcommand is None:
        store = state.store()
        from widgets.app import run_board  # the only place the CLI imports Textual

        run_board(store, state.config())


def emit_json(data: Any) -> None:
    sys.stdout.buffer.write(orjson.dumps(data, option=orjson.OPT_INDENT_2) + b"\n")
    sys.stdout.flush()


def short_id(contact_id: str) -> str:
    return contact_id[:8]


def path_arg(path: str) -> Path:
    return Path(path).expanduser()
