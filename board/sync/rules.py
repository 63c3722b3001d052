"""How each field of each record merges when both machines changed it: one table per table.

A field changed on one side only always takes that change; these rules decide only
when both sides changed a field differently (see `board.sync.merge`). A new field is
one line here; a field missing from the table merges as a scalar, so nothing is
ever silently dropped.

- `SCALAR`: one value wins (the side with the later clock: `updated_at`, or the
  group's own clock such as `stage_changed_at`); the losing value is noted.
- `TEXT`: the longer if one contains the other, else both, the second marked with
  the machine it came from.
- `LIST`: union, minus what either side removed relative to the base.
- `HISTORY`: a `LIST` of timestamped entries, kept in order of their `at`.
- `EARLIEST` / `LATEST`: the minimum / maximum time (`created_at` / `updated_at`).
- `DERIVED`: recomputed from the merged interactions, never merged.
- `IDENTITY`: never changes (`id`, an interaction's `contact_id`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from board.model import Stage


class How(Enum):
    SCALAR = "scalar"
    TEXT = "text"
    LIST = "list"
    HISTORY = "history"
    EARLIEST = "earliest"
    LATEST = "latest"
    DERIVED = "derived"
    IDENTITY = "identity"


Show = Callable[[Any], str]


def _named(label: str) -> Show:
    """Words for a plain value: `company Acme`, `no company`."""
    return lambda value: f"{label} {value}" if value not in (None, "", []) else f"no {label}"


def _stage(value: Any) -> str:
    try:
        return Stage(value).label
    except ValueError:
        return f"stage {value}"


def _flag(yes: str, no: str) -> Show:
    return lambda value: yes if value else no


def _cadence(value: Any) -> str:
    return f"a cadence of {value} days" if value else "the stage's cadence"


def _reminder(value: Any) -> str:
    if isinstance(value, dict):
        return f"a reminder on {value.get('date', '?')}: {value.get('text', '')}".rstrip(": ")
    return "no reminder"


@dataclass(frozen=True, slots=True)
class Rule:
    """How one field merges; `label` and `show` are the words a note uses for it."""

    how: How
    default: Any = None
    label: str = ""
    show: Show | None = None
    group: str | None = None  # fields of one group merge as a unit (the first one leads)
    clock: bool = False  # in a group: this field's time decides the winner
    sep: str = "\n\n"  # TEXT: what goes between two kept versions

    def words(self, name: str, value: Any) -> str:
        return (self.show or _named(self.label or name.replace("_", " ")))(value)


SCALAR_RULE = Rule(How.SCALAR)


@dataclass(frozen=True, slots=True)
class TableRules:
    """A table's fields and where a record's losing values are kept.

    `note_on` names the field holding the contact a `note` interaction is logged on
    (contacts: their own id; interactions: their contact); a table without contacts
    (resources) appends losing values to its `note_text` field instead.
    """

    name: str
    fields: dict[str, Rule]
    title: str  # the field that names a record in reports
    note_on: str | None = None
    note_text: str | None = None
    groups: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def rule(self, name: str) -> Rule:
        return self.fields.get(name, SCALAR_RULE)


def _groups(fields: dict[str, Rule]) -> dict[str, tuple[str, ...]]:
    found: dict[str, list[str]] = {}
    for name, rule in fields.items():
        if rule.group:
            found.setdefault(rule.group, []).append(name)
    return {group: tuple(names) for group, names in found.items()}


def _table(name: str, fields: dict[str, Rule], **rest: Any) -> TableRules:
    return TableRules(name, fields, groups=_groups(fields), **rest)


CONTACT_RULES = _table("contacts", {
    "id": Rule(How.IDENTITY),
    "name": Rule(How.SCALAR, "", "the name", group="name"),
    "name_parts": Rule(How.SCALAR, None, group="name"),  # with the name: it must never contradict it
    "nickname": Rule(How.SCALAR, "", "nickname"),
    "company": Rule(How.SCALAR, "", "company"),
    "title": Rule(How.SCALAR, "", "title"),
    "emails": Rule(How.LIST, []),
    "phones": Rule(How.LIST, []),
    "urls": Rule(How.LIST, []),
    "tags": Rule(How.LIST, []),
    "expertise": Rule(How.LIST, []),
    "stage": Rule(How.SCALAR, "met", "stage", _stage, group="stage"),
    "stage_changed_at": Rule(How.SCALAR, None, group="stage", clock=True),
    "stage_history": Rule(How.HISTORY, []),
    "needs": Rule(How.TEXT, "", sep="; "),
    "met_at": Rule(How.TEXT, "", sep="; "),
    "notes": Rule(How.TEXT, ""),
    "source": Rule(How.SCALAR, "manual", "source"),
    "birthday": Rule(How.SCALAR, "", "birthday"),
    "introduced_by": Rule(How.SCALAR, None, "introduced by"),
    "reminder": Rule(How.SCALAR, None, "reminder", _reminder),
    "reconnect_on": Rule(How.SCALAR, None, "reconnect on"),
    "snoozed_until": Rule(How.SCALAR, None, "snooze", _named("snoozed until")),
    "cadence_days": Rule(How.SCALAR, None, "cadence", _cadence),
    "archived": Rule(How.SCALAR, False, "archived", _flag("archived", "not archived")),
    "created_at": Rule(How.EARLIEST),
    "updated_at": Rule(How.LATEST),
    "last_interaction_at": Rule(How.DERIVED),
}, title="name", note_on="id")

INTERACTION_RULES = _table("interactions", {
    "id": Rule(How.IDENTITY),
    "contact_id": Rule(How.IDENTITY),
    "at": Rule(How.SCALAR, None, "time"),
    "kind": Rule(How.SCALAR, "note", "kind"),
    "summary": Rule(How.TEXT, ""),
    "value": Rule(How.SCALAR, None, "value"),
    "direction": Rule(How.SCALAR, "out", "direction"),
    "linked_to": Rule(How.SCALAR, None, "link"),
    "resource_id": Rule(How.SCALAR, None, "resource"),
}, title="summary", note_on="contact_id")

RESOURCE_RULES = _table("resources", {
    "id": Rule(How.IDENTITY),
    "title": Rule(How.SCALAR, "", "title"),
    "url": Rule(How.SCALAR, "", "url"),
    "topics": Rule(How.LIST, []),
    "note": Rule(How.TEXT, ""),
    "created_at": Rule(How.EARLIEST),
    "updated_at": Rule(How.LATEST),
}, title="title", note_text="note")

TABLES: dict[str, TableRules] = {
    rules.name: rules for rules in (CONTACT_RULES, INTERACTION_RULES, RESOURCE_RULES)
}
