"""The domain's records: contacts, interactions and resources.

Plain dataclasses with conversion to and from the stored JSON form. The words they use
(stages, kinds, values, reminders) live in `board.kinds`, times and ids in `board.clock`;
the ones nearly every caller needs beside a record are importable from here too
(`from board.model import Contact, Kind, Stage, new_id`), so the record and its words come
from one place.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, fields, replace
from datetime import date, datetime
from operator import attrgetter
from typing import Any, NamedTuple

from board.clock import date_from_iso, from_iso, local_date, new_id, now, shared_iso, to_iso
from board.errors import AmbiguousContact, UserError
from board.kinds import (
    Direction,
    Kind,
    NameParts,
    Reminder,
    Stage,
    StageMark,
    Value,
    name_parts_from,
    parse_birthday,
)
from board.text import first_name

__all__ = [
    "CONTACT_FIELDS", "INTERACTION_FIELDS", "RESOURCE_FIELDS", "Contact", "Interaction",
    "Resource", "resolve_contact",
    # their words and stamps, used beside the records by most of the code
    "Direction", "Kind", "NameParts", "Reminder", "Stage", "StageMark", "Value",
    "from_iso", "local_date", "new_id", "now",
]

def _reminder(value: Any) -> Reminder | None:
    if value is None:
        return None
    if not isinstance(value, dict) or not isinstance(value.get("text", ""), str):
        raise ValueError("reminder must be {\"date\": \"YYYY-MM-DD\", \"text\": ...}")
    day = date_from_iso(value.get("date"))
    if day is None:
        raise ValueError("a reminder needs a date")
    return Reminder(day, value.get("text") or "")


def _stage_history(value: Any) -> list[StageMark]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise ValueError("stage_history must be a list of {\"stage\", \"at\"}")
    marks = []
    for item in value:
        if not isinstance(item, dict):
            raise ValueError("stage_history must be a list of {\"stage\", \"at\"}")
        at = from_iso(item.get("at"))
        if at is None:
            raise ValueError("a stage_history entry needs a time ('at')")
        marks.append(StageMark(Stage.parse(item.get("stage") or ""), at))
    return marks


def _optional_id(value: Any) -> str | None:
    return str(value) if value not in (None, "") else None


def _str_list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value] if value else []
    return [str(v) for v in value if str(v)]


class Sketch(NamedTuple):
    """Who a contact is, where they work and what they know: the part of a contact that
    the network of everyone holds (`Store.each_sketch` reads it from the records without
    building whole contacts, about a fifth of the work)."""

    id: str
    name: str
    stage: Stage
    company: str
    expertise: list[str]
    archived: bool


@dataclass(slots=True)
class Contact:
    """A person in the user's network."""

    id: str
    name: str
    company: str = ""
    title: str = ""
    emails: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    urls: list[str] = field(default_factory=list)
    stage: Stage = Stage.MET
    tags: list[str] = field(default_factory=list)
    expertise: list[str] = field(default_factory=list)
    needs: str = ""
    met_at: str = ""
    source: str = "manual"
    notes: str = ""
    created_at: datetime = field(default_factory=now)
    updated_at: datetime = field(default_factory=now)
    stage_changed_at: datetime = field(default_factory=now)
    last_interaction_at: datetime | None = None
    snoozed_until: date | None = None
    cadence_days: int | None = None
    archived: bool = False
    nickname: str = ""
    birthday: str = ""  # YYYY-MM-DD, or --MM-DD when the year is unknown
    introduced_by: str | None = None  # the id of the contact who introduced them
    reminder: Reminder | None = None
    reconnect_on: date | None = None  # when the reconnect plan makes them due
    stage_history: list[StageMark] = field(default_factory=list)
    name_parts: NameParts | None = None  # the N of an imported card; dropped on a rename

    @property
    def first_name(self) -> str:
        return first_name(self.name)

    @property
    def last_touch(self) -> datetime:
        """The moment the follow-up clock started: last interaction, else creation."""
        return self.last_interaction_at or self.created_at

    def to_dict(self) -> dict[str, Any]:
        # Times shared by many contacts (an import's stamp, a day's moment) are formatted
        # once (`shared_iso`); `_value_` as in `Interaction.to_dict`.
        created_at, updated_at, changed = self.created_at, self.updated_at, self.stage_changed_at
        created = shared_iso(created_at)
        return {
            "id": self.id,
            "name": self.name,
            "company": self.company,
            "title": self.title,
            "emails": list(self.emails),
            "phones": list(self.phones),
            "urls": list(self.urls),
            "stage": self.stage._value_,
            "tags": list(self.tags),
            "expertise": list(self.expertise),
            "needs": self.needs,
            "met_at": self.met_at,
            "source": self.source,
            "notes": self.notes,
            "created_at": created,
            "updated_at": created if updated_at is created_at else shared_iso(updated_at),
            # (a contact still in its first stage entered it when it was created)
            "stage_changed_at": created if changed is created_at else changed.isoformat(),
            "last_interaction_at": to_iso(self.last_interaction_at),
            "snoozed_until": self.snoozed_until.isoformat() if self.snoozed_until else None,
            "cadence_days": self.cadence_days,
            "archived": self.archived,
            "nickname": self.nickname,
            "birthday": self.birthday,
            "introduced_by": self.introduced_by,
            "reminder": self.reminder.to_dict() if self.reminder else None,
            "reconnect_on": self.reconnect_on.isoformat() if self.reconnect_on else None,
            # StageMark.to_dict, with a mark at the creation moment (nearly every first
            # one) formatted once
            "stage_history": [{"stage": only.stage._value_, "at": created}]  # nearly every contact
            if len(history := self.stage_history) == 1 and (only := history[0]).at is created_at else [
                {"stage": mark.stage._value_, "at": created if mark.at is created_at else mark.at.isoformat()}
                for mark in history
            ],
            "name_parts": self.name_parts.to_dict() if self.name_parts else None,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Contact:
        """Build a contact from stored or imported data; missing fields take defaults.

        Raises ValueError/TypeError on malformed values (callers turn them into
        user-facing messages with the file and place).
        """
        created = from_iso(data.get("created_at")) or now()
        cadence = data.get("cadence_days")
        if cadence is not None:
            # A whole number; one out of range is the store's to clamp (or refuse) as it reads.
            if isinstance(cadence, bool) or not isinstance(cadence, int):
                raise ValueError(f"cadence_days must be a whole number of days, not {cadence!r}")
        name = str(data.get("name") or "").strip()
        if not name:
            raise ValueError("a contact needs a name")
        return cls(
            id=str(data.get("id") or new_id()),
            name=name,
            company=str(data.get("company") or ""),
            title=str(data.get("title") or ""),
            emails=_str_list(data.get("emails")),
            phones=_str_list(data.get("phones")),
            urls=_str_list(data.get("urls")),
            stage=Stage.parse(data.get("stage") or "met"),
            tags=_str_list(data.get("tags")),
            expertise=_str_list(data.get("expertise")),
            needs=str(data.get("needs") or ""),
            met_at=str(data.get("met_at") or ""),
            source=str(data.get("source") or "manual"),
            notes=str(data.get("notes") or ""),
            created_at=created,
            updated_at=from_iso(data.get("updated_at")) or created,
            stage_changed_at=from_iso(data.get("stage_changed_at")) or created,
            last_interaction_at=from_iso(data.get("last_interaction_at")),
            snoozed_until=date_from_iso(data.get("snoozed_until")),
            cadence_days=cadence,
            archived=bool(data.get("archived", False)),
            nickname=str(data.get("nickname") or ""),
            birthday=parse_birthday(data.get("birthday")),
            introduced_by=_optional_id(data.get("introduced_by")),
            reminder=_reminder(data.get("reminder")),
            reconnect_on=date_from_iso(data.get("reconnect_on")),
            stage_history=_stage_history(data.get("stage_history")),
            name_parts=name_parts_from(data.get("name_parts")),
        )

    def copy(self, **changes: Any) -> Contact:
        """This contact with `changes`: a shallow copy, as `dataclasses.replace` makes, at a
        quarter of its cost (an import copies each of 30,000 people several times)."""
        new = Contact(*_contact_values(self))
        for name, value in changes.items():
            setattr(new, name, value)  # a name that is no field raises AttributeError
        return new

    def marked(self) -> Contact:
        """This contact with its current stage at the end of its stage history.

        An empty history is seeded as migration does: `met` at creation, then the
        current stage when it was entered (if it is not `met`).
        """
        history = self.stage_history
        if not history:
            seeded = [StageMark(Stage.MET, self.created_at)]
            if self.stage != Stage.MET:
                seeded.append(StageMark(self.stage, self.stage_changed_at))
            return self.copy(stage_history=seeded)
        if history[-1].stage != self.stage:
            return self.copy(stage_history=[*history, StageMark(self.stage, self.stage_changed_at)])
        return self

    def stage_at(self, moment: datetime) -> Stage:
        """The stage this contact was in at `moment`, from its stage history."""
        current = self.stage_history[0].stage if self.stage_history else self.stage
        for mark in self.stage_history:
            if mark.at > moment:
                break
            current = mark.stage
        return current


CONTACT_FIELDS = tuple(f.name for f in fields(Contact))
_contact_values = attrgetter(*CONTACT_FIELDS)  # every field's value, in `__init__`'s order


@dataclass(slots=True)
class Interaction:
    """Something that happened between the user and a contact."""

    id: str
    contact_id: str
    at: datetime
    kind: Kind
    summary: str = ""
    value: Value | None = None
    direction: Direction = Direction.OUT  # for a message: who wrote it
    linked_to: str | None = None  # the paired interaction on another contact
    resource_id: str | None = None  # the library resource it shared

    def to_dict(self) -> dict[str, Any]:
        # `_value_`, the member's value as `Enum` keeps it: `.value` is a descriptor call
        # (170 ns against 25), and these three were a fifth of encoding an interaction.
        return {
            "id": self.id,
            "contact_id": self.contact_id,
            "at": to_iso(self.at),
            "kind": self.kind._value_,
            "summary": self.summary,
            "value": self.value._value_ if self.value else None,
            "direction": self.direction._value_,
            "linked_to": self.linked_to,
            "resource_id": self.resource_id,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any], contact_id: str | None = None) -> Interaction:
        at = from_iso(data.get("at"))
        if at is None:
            raise ValueError("an interaction needs a time ('at')")
        value = data.get("value")
        return cls(
            id=str(data.get("id") or new_id()),
            contact_id=str(contact_id or data.get("contact_id") or ""),
            at=at,
            kind=Kind.parse(data.get("kind") or "note"),
            summary=str(data.get("summary") or ""),
            value=Value.parse(value) if value else None,
            direction=Direction.parse(data.get("direction") or "out"),
            linked_to=_optional_id(data.get("linked_to")),
            resource_id=_optional_id(data.get("resource_id")),
        )


INTERACTION_FIELDS = tuple(f.name for f in fields(Interaction))


@dataclass(slots=True)
class Resource:
    """Something worth sharing: an article, a checklist, a tool (the library)."""

    id: str
    title: str
    url: str = ""
    topics: list[str] = field(default_factory=list)
    note: str = ""
    created_at: datetime = field(default_factory=now)
    updated_at: datetime = field(default_factory=now)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "url": self.url,
            "topics": list(self.topics),
            "note": self.note,
            "created_at": to_iso(self.created_at),
            "updated_at": to_iso(self.updated_at),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Resource:
        """Build a resource from stored data; missing fields take defaults (ValueError if bad)."""
        title = str(data.get("title") or "").strip()
        if not title:
            raise ValueError("a resource needs a title")
        created = from_iso(data.get("created_at")) or now()
        return cls(
            id=str(data.get("id") or new_id()),
            title=title,
            url=str(data.get("url") or ""),
            topics=_str_list(data.get("topics")),
            note=str(data.get("note") or ""),
            created_at=created,
            updated_at=from_iso(data.get("updated_at")) or created,
        )

    def copy(self, **changes: Any) -> Resource:
        return replace(self, **changes)


RESOURCE_FIELDS = tuple(f.name for f in fields(Resource))


def resolve_contact(query: str, contacts: list[Contact], *, key: Callable[[str], str] = str.lower) -> Contact:
    """Find one contact by id, id prefix, exact name, or unique name prefix, the names
    compared as `key` gives them (any case; `text.folded`: accents off too).

    Ambiguity is an error that lists the candidates.
    """
    text = query.strip()
    if not text:
        raise UserError("name a contact: an id, an id prefix or a name")
    lowered = text.lower()
    for contact in contacts:
        if contact.id == text:
            return contact
    by_id = [c for c in contacts if c.id.startswith(lowered)]
    if len(by_id) == 1 and len(lowered) >= 4:
        return by_id[0]
    wanted = key(text)
    names = [key(c.name) for c in contacts]
    exact = [c for c, name in zip(contacts, names, strict=True) if name == wanted]
    if len(exact) == 1:
        return exact[0]
    candidates = exact or [c for c, name in zip(contacts, names, strict=True) if name.startswith(wanted)]
    if not candidates and len(lowered) >= 4:
        candidates = by_id
    if len(candidates) == 1:
        return candidates[0]
    if not candidates:
        raise UserError(f"no contact matches {query!r}: try `trustboard list`")
    listed = "; ".join(f"{c.name} ({c.id[:8]})" for c in candidates[:10])
    more = f" and {len(candidates) - 10} more" if len(candidates) > 10 else ""
    raise AmbiguousContact(f"{query!r} matches {len(candidates)} contacts: {listed}{more}", candidates)
