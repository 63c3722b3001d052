"""Opening the board: what `trustboard` does without a command.

`board.cli.main` calls `open_board` itself for `trustboard` and `trustboard --data DIR`
(click is not loaded for those); the click group calls it for `--demo`. Nothing here
loads click unless there is a warning to print.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from board.config import Config


def open_board(data: str | None, *, demo: bool = False) -> None:
    """Open the board on `--data DIR` (or the default store, or `--demo`'s copy of the
    sample); the config's problems and the store's notices are said as warnings, as every
    command says them. Nothing here loads click: `trustboard` alone opens without it."""
    from board.config import data_dir
    from board.store import Store

    if demo:
        from board.sample import demo_dir

        store = Store(demo_dir())
    else:
        store = Store(data_dir(data))
    try:
        config = loaded_config()
        from widgets.app import run_board  # the only place the CLI imports Textual

        run_board(store, config)
    finally:
        _warn(store.notices())  # values the store read out of range (and used at their bound)


def loaded_config() -> Config:
    """The config, each of its problems said as a warning (the defaults are used for it)."""
    from board.config import load_config

    config = load_config()
    _warn(f"{problem} (using the defaults for it)" for problem in config.problems)
    return config


def _warn(lines: Iterable[str]) -> None:
    for line in lines:
        from board.cli.output import warn  # (click: only when there is something to say)

        warn(line)
