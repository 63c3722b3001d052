"""The board's key bindings, read from `keys.toml` (package data): one table of every key.

Each screen binds its part (`BINDINGS = bindings("board")`), so what a key does, its
footer word and help text are found in one place, and a key bound twice or missing from
a screen shows in one file rather than across twenty classes.
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path
from typing import Any

from textual.binding import Binding, BindingType

_REQUIRED = ("keys", "action", "description")
_OPTIONAL = ("id", "show", "key_display", "priority", "tooltip")


@cache
def _table() -> dict[str, list[dict[str, Any]]]:
    # Beside this module, as pip installs package data (importlib.resources would load
    # its zip readers first: a few ms of every start).
    return tomllib.loads(Path(__file__).with_name("keys.toml").read_text("utf-8"))


def bindings(screen: str) -> list[BindingType]:
    """The bindings `keys.toml` lists for `screen`, in its order (KeyError: no such part;
    ValueError: a row with a field it does not know or without a required one)."""
    made: list[BindingType] = []
    for row in _table()[screen]:
        unknown = row.keys() - {*_REQUIRED, *_OPTIONAL}
        if unknown or not all(field in row for field in _REQUIRED):
            raise ValueError(f"keys.toml [{screen}]: a row with fields {sorted(row)}")
        made.append(Binding(
            row["keys"], row["action"], row["description"], show=row.get("show", True),
            key_display=row.get("key_display"), priority=row.get("priority", False),
            tooltip=row.get("tooltip", ""), id=row.get("id"),
        ))
    return made


def screens() -> list[str]:
    """Every part of `keys.toml` (a screen, dialog or widget that binds keys)."""
    return list(_table())
