"""TOML read with the line of every key: what `config.toml` and the built-in templates share.

A message about a bad setting should say where it is written ("config.toml: line 12:
cadence.talked …"), but `tomllib` gives only values and tomlkit's tree keeps no positions
(and reorders a `[[templates]]` list split by other tables). So `read_toml` runs tomlkit's
own parser with a small hook that notes, as it goes, the line where each table header and
each key starts, and hands back plain values plus a map from key path to line.

A path is a tuple of keys and list indices: `("cadence", "talked")`,
`("templates", 2, "text")`. `TomlDoc.line` answers for the nearest enclosing key that has
a line, so an entry of an inline array reports the line of its array.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Any

import tomlkit
from tomlkit.exceptions import TOMLKitError
from tomlkit.items import AoT, Item, Key, Table
from tomlkit.parser import Parser

KeyPath = tuple[str | int, ...]


class TomlError(ValueError):
    """The text is not valid TOML; the message names the line."""


@dataclass
class TomlDoc:
    """A TOML document's plain values and the line each key was written on."""

    data: dict[str, Any]
    lines: dict[KeyPath, int] = field(default_factory=dict)

    def line(self, *path: str | int) -> int | None:
        """The line of `path`, or of its nearest enclosing key that has one."""
        key: KeyPath = tuple(path)
        while key:
            found = self.lines.get(key)
            if found is not None:
                return found
            key = key[:-1]
        return None


class _Positions(Parser):
    """tomlkit's parser, noting where each table header and each key starts.

    Relies on three of the parser's internals (`_idx`, `_peek_table`, and the two
    methods it extends); if a tomlkit release changes them, `read_toml` still parses,
    without lines, and the tests that check lines fail loudly.
    """

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.lines: dict[KeyPath, int] = {}
        self._newlines: list[int] = []
        found = text.find("\n")
        while found >= 0:
            self._newlines.append(found)
            found = text.find("\n", found + 1)
        self._table: KeyPath = ()  # the path of the table whose keys are being read
        self._aot_counts: dict[tuple[str, ...], int] = {}  # elements seen per [[array]]
        self._value_depth = 0  # > 0 inside an inline table or array

    def _here(self) -> int:
        return bisect.bisect_right(self._newlines, self._idx - 1) + 1

    def _parse_table(
        self, parent_name: Key | None = None, parent: Table | None = None
    ) -> tuple[Key, Table | AoT]:
        line = self._here()
        is_aot, key = self._peek_table()
        names = tuple(part.key for part in key)
        if is_aot:
            self._aot_counts[names] = self._aot_counts.get(names, 0) + 1
            for other in [n for n in self._aot_counts if n[: len(names)] == names and n != names]:
                del self._aot_counts[other]  # a new element starts its own nested arrays
        path: list[str | int] = []
        for depth in range(len(names)):
            path.append(names[depth])
            count = self._aot_counts.get(names[: depth + 1])
            if count:
                path.append(count - 1)
        self._table = tuple(path)
        self.lines.setdefault(self._table, line)
        if is_aot:  # the array itself is where its first element is
            self.lines.setdefault(self._table[:-1], line)
        return super()._parse_table(parent_name, parent)

    def _parse_key_value(self, parse_comment: bool = False) -> tuple[Key, Item]:
        line = self._here()
        self._value_depth += 1
        try:
            key, value = super()._parse_key_value(parse_comment)
        finally:
            self._value_depth -= 1
        if self._value_depth == 0:
            self.lines.setdefault(self._table + tuple(part.key for part in key), line)
        return key, value


def read_toml(text: str) -> TomlDoc:
    """Parse TOML text into plain values and key lines; `TomlError` when it is not TOML."""
    try:
        try:
            parser = _Positions(text)
            document = parser.parse()
            lines = parser.lines
        except AttributeError:  # tomlkit's internals moved: parse without lines
            document, lines = tomlkit.parse(text), {}
        return TomlDoc(document.unwrap(), lines)
    except RecursionError:
        raise TomlError("it nests tables or arrays too deeply") from None
    except (TOMLKitError, ValueError) as exc:
        raise TomlError(str(exc)) from None
