"""Checking the `[keys]` table of config.toml before handing it to Textual's keymap."""

from __future__ import annotations

from dataclasses import dataclass
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


@dataclass(frozen=True, slots=True)
class BadBinding:
    """A `[keys]` entry Textual would not understand: which binding, as written, which keys."""

    binding_id: str
    spec: str
    bad_keys: tuple[str, ...]

    def describe(self, path: Path | None) -> str:
        """One sentence for the user, naming the file and the entry."""
        return (
            f"{path}: keys.{self.binding_id} = {self.spec!r}: {', '.join(map(repr, self.bad_keys))} "
            "is not a key name (examples: \"z\", \"ctrl+z\", \"f5\", \"question_mark\"); kept the default"
        )


def check_keymap(keys: dict[str, str]) -> tuple[dict[str, str], list[BadBinding]]:
    """Split the `[keys]` table into the bindings to apply and the ones to refuse."""
    good: dict[str, str] = {}
    refused: list[BadBinding] = []
    for binding_id, spec in keys.items():
        bad = tuple(k.strip() for k in spec.split(",") if not is_key_name(k))
        if bad:
            refused.append(BadBinding(binding_id, spec, bad))
        else:
            good[binding_id] = spec
    return good, refused
