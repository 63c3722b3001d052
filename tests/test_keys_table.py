"""Every key binding comes from one table, widgets/keys.toml: each part is bound by a
screen, dialog or widget, each row is well formed, and no screen binds one key twice."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest

import widgets
import widgets.keys as keys
from widgets.keys import bindings, screens


def _classes_with_bindings() -> list[type]:
    found = []
    for info in pkgutil.walk_packages(widgets.__path__, "widgets."):
        module = importlib.import_module(info.name)
        found += [obj for obj in vars(module).values()
                  if inspect.isclass(obj) and obj.__module__ == info.name and "BINDINGS" in vars(obj)]
    return found


def test_every_part_of_the_table_is_bound_and_every_binding_comes_from_it() -> None:
    tabled = {(b.id, b.key, b.action) for part in screens() for b in bindings(part)}
    bound = {(b.id, b.key, b.action) for cls in _classes_with_bindings() for b in cls.BINDINGS}
    assert tabled <= bound  # no part of the table that no class binds
    made_in_code = {b for b in bound - tabled if b[0] and (b[0].endswith((".down", ".up"))
                                                          or b[0].startswith("log.kind"))}
    assert bound - tabled == made_in_code  # j/k of the lists, the log form's digits


@pytest.mark.parametrize("part", screens())
def test_no_part_binds_one_key_twice(part: str) -> None:
    seen: dict[str, str] = {}
    for binding in bindings(part):
        for key in binding.key.split(","):
            assert key not in seen, f"[{part}] {key!r} is bound by {seen[key]} and {binding.id}"
            seen[key] = str(binding.id)


def test_a_row_it_does_not_understand_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(keys, "_table", lambda: {"odd": [{"keys": "x", "action": "a", "description": "A",
                                                          "colour": "red"}],
                                                 "short": [{"keys": "x", "action": "a"}]})
    for part in ("odd", "short"):
        with pytest.raises(ValueError, match=part):
            bindings(part)
    with pytest.raises(KeyError):
        bindings("nowhere")
