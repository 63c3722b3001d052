"""Checking the `[keys]` table of config.toml before handing it to Textual's keymap."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from textual.keys import KEY_NAME_REPLACEMENTS, Keys, _character_to_key

MODIFIERS = {"ctrl", "shift", "alt", "meta", "super", "hyper"}
NAMED_KEYS = {key.value for key in Keys}


def is_key_name(key: str) -> bool:
    """True for keys Textual can bind: 'x', 'X', 'ctrl+x', 'f5', 'question_mark', '?'."""
    *mods, base = key.strip().split("+")
    if not base or any(m not in MODIFIERS for m in mods):
        return False
    if len(base) == 1:
        return base.isprintable()
    if base in NAMED_KEYS or base in KEY_NAME_REPLACEMENTS.values():
        return True
    try:  # Unicode names of printable characters, e.g. "question_mark", "full_stop"
        character = unicodedata.lookup(base.replace("_", " ").upper())
    except KeyError:
        return False
    return _character_to_key(character) == base


def keymap_problems(keys: dict[str, str], path: Path | None) -> list[str]:
    """One sentence per binding whose keys Textual would not understand."""
    problems = []
    for binding_id, spec in keys.items():
        bad = [k.strip() for k in spec.split(",") if not is_key_name(k)]
        if bad:
            problems.append(
                f"{path}: keys.{binding_id} = {spec!r}: {', '.join(map(repr, bad))} is not a key name "
                "(examples: \"z\", \"ctrl+z\", \"f5\", \"question_mark\"); kept the default"
            )
    return problems
