"""Checking the `[keys]` table of config.toml before handing it to Textual's keymap."""

from __future__ import annotations

from pathlib import Path

from textual.keys import KEY_NAME_REPLACEMENTS, Keys, _character_to_key

MODIFIERS = {"ctrl", "shift", "alt", "meta", "super", "hyper"}
NAMED_KEYS = {key.value for key in Keys} | set(KEY_NAME_REPLACEMENTS.values())
# Names Textual gives printable characters: "question_mark", "greater_than_sign", "full_stop"…
CHARACTER_KEYS = {_character_to_key(chr(code)) for code in range(0x20, 0x250) if chr(code).isprintable()}


def is_key_name(key: str) -> bool:
    """True for keys Textual can bind: 'x', 'X', 'ctrl+x', 'f5', 'question_mark', '?'."""
    *mods, base = key.strip().split("+")
    if not base or any(m not in MODIFIERS for m in mods):
        return False
    if len(base) == 1:
        return base.isprintable()
    return base in NAMED_KEYS or base in CHARACTER_KEYS


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
