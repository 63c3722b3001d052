"""The domain: contacts, interactions and the four stages of a relationship.

Plain dataclasses with conversion to and from the stored JSON form. Times are
timezone-aware datetimes in memory and ISO 8601 strings with an offset on disk.
"""

from __future__ import annotations

import os
import uuid
from dataclasses import dataclass, field, fields, replace
from datetime import UTC, date, datetime, tzinfo
from enum import StrEnum
from functools import lru_cache
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from board.errors import AmbiguousContact, UserError
from board.text import first_name


def now() -> datetime:
    """The current local time, timezone-aware (the one clock the domain reads)."""
    return datetime.now(UTC).astimezone()


@lru_cache(maxsize=1)
def _system_zone() -> tzinfo | None:
    """The machine's time zone as a DST-aware ZoneInfo ($TZ, else /etc/localtime)."""
    try:
        name = os.environ.get("TZ", "").lstrip(":")
        if name:
            return ZoneInfo(name)
        with open("/etc/localtime", "rb") as handle:
            return ZoneInfo.from_file(handle)
    except (OSError, ValueError, ZoneInfoNotFoundError):
        return None


def local_time(moment: datetime) -> datetime:
    """The moment in local time (the machine's zone, DST included): how a person reads it.

    A stored time keeps the offset of the machine that logged it (Tokyo, then Los
    Angeles); shown as stored, two moments a second apart would read 17 hours apart.
    So every time shown to a person goes through here (`board.humane.moment_text`).
    `astimezone()` without a zone asks the C library each time; a ZoneInfo of the same
    zone gives the same answer a few times faster, which counts over a 30,000-card board.
    """
    zone = _system_zone()
    return moment.astimezone(zone) if zone else moment.astimezone()


def local_date(moment: datetime) -> date:
    """The calendar day a moment falls on in local time."""
    return local_time(moment).date()


def new_id() -> str:
    """A fresh id that never collides across processes."""
    return uuid.uuid4().hex


class Stage(StrEnum):
    """Where a relationship stands: know, like, trust."""

    MET = "met"
    TALKED = "talked"
    GAVE_VALUE = "gave_value"
    TRUSTED = "trusted"

    @property
    def label(self) -> str:
        return _STAGE_LABELS[self]

    @property
    def next(self) -> Stage | None:
        order = list(Stage)
        i = order.index(self)
        return order[i + 1] if i + 1 < len(order) else None

    @property
    def previous(self) -> Stage | None:
        order = list(Stage)
        i = order.index(self)
        return order[i - 1] if i > 0 else None

    @classmethod
    def parse(cls, text: str) -> Stage:
        """Accept `met`, `talked`, `gave-value`, `gave_value`, `gave value`, `trusted`."""
        key = " ".join(str(text).strip().lower().replace("-", " ").replace("_", " ").split())
        for stage in cls:
            if key in (stage.value.replace("_", " "), stage.label.lower()):
                return stage
        raise UserError(
            f"unknown stage {text!r}: use one of met, talked, gave-value, trusted"
        )


_STAGE_LABELS = {
    Stage.MET: "Met",
    Stage.TALKED: "Talked",
    Stage.GAVE_VALUE: "Gave value",
    Stage.TRUSTED: "Trusted",
}


class Kind(StrEnum):
    """What happened in an interaction."""

    MET = "met"
    MESSAGE = "message"
    CALL = "call"
    MEETING = "meeting"
    GAVE = "gave"
    RECEIVED = "received"
    NOTE = "note"

    @classmethod
    def parse(cls, text: str) -> Kind:
        try:
            return cls(str(text).strip().lower())
        except ValueError:
            raise UserError(
                f"unknown interaction kind {text!r}: use one of "
                + ", ".join(k.value for k in cls)
            ) from None


class Value(StrEnum):
    """What kind of value was given or received."""

    INFORMATION = "information"
    RESOURCE = "resource"
    INTRODUCTION = "introduction"
    REFERRAL = "referral"
    FEEDBACK = "feedback"
    OTHER = "other"

    @classmethod
    def parse(cls, text: str) -> Value:
        try:
            return cls(str(text).strip().lower())
        except ValueError:
            raise UserError(
                f"unknown value {text!r}: use one of " + ", ".join(v.value for v in cls)
            ) from None


VALUE_KINDS = (Kind.GAVE, Kind.RECEIVED)


class Direction(StrEnum):
    """Who wrote a `message`: you (`out`, the default) or they (`in`)."""

    OUT = "out"
    IN = "in"

    @classmethod
    def parse(cls, text: str) -> Direction:
        try:
            return cls(str(text).strip().lower())
        except ValueError:
            raise UserError(f"unknown direction {text!r}: use out or in", field="direction") from None


class StageMark(NamedTuple):
    """One step of a contact's stage history: the stage entered, and when."""

    stage: Stage
    at: datetime

    def to_dict(self) -> dict[str, Any]:
        return {"stage": self.stage.value, "at": self.at.isoformat()}


class Reminder(NamedTuple):
    """One open, dated next step with a contact."""

    date: date
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"date": self.date.isoformat(), "text": self.text}


NAME_PART_KEYS = ("family", "given", "additional", "prefix", "suffix")


class NameParts(NamedTuple):
    """A structured name as an address book keeps it (vCard N): kept from an import so an
    export gives it back, rather than a guess from the display name."""

    family: str = ""
    given: str = ""
    additional: str = ""
    prefix: str = ""
    suffix: str = ""

    def to_dict(self) -> dict[str, str]:
        return dict(zip(NAME_PART_KEYS, self, strict=True))


def name_parts_from(value: Any) -> NameParts | None:
    """Stored or imported name parts: {"family", "given", …} (any may be missing) or null.

    All parts empty is no structured name (None). ValueError if the shape is wrong.
    """
    if value is None:
        return None
    if isinstance(value, NameParts):
        parts = value
    elif isinstance(value, dict) and set(value) <= set(NAME_PART_KEYS) and all(
        isinstance(v, str) for v in value.values()
    ):
        parts = NameParts(**value)
    else:
        raise ValueError('name_parts must be {"family", "given", "additional", "prefix", "suffix"} or null')
    return parts if any(parts) else None


def parse_birthday(text: Any) -> str:
    """A stored birthday: `YYYY-MM-DD`, `--MM-DD` (year unknown) or "" (ValueError if not)."""
    if text in (None, ""):
        return ""
    value = str(text)
    probe = "2000" + value[1:] if value.startswith("--") else value  # 2000: Feb 29 exists
    if len(probe) != 10 or probe[4] != "-" or probe[7] != "-":
        raise ValueError(f"birthday must be YYYY-MM-DD or --MM-DD, not {value!r}")
    date.fromisoformat(probe)
    return value


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


def to_iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def from_iso(text: Any) -> datetime | None:
    """Parse a stored time; a naive one is taken as local time."""
    if text in (None, ""):
        return None
    moment = datetime.fromisoformat(str(text))
    if moment.tzinfo is None:
        moment = moment.astimezone()
    return moment


def date_from_iso(text: Any) -> date | None:
    if text in (None, ""):
        return None
    return date.fromisoformat(str(text)[:10])


def _str_list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value] if value else []
    return [str(v) for v in value if str(v)]


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
        return {
            "id": self.id,
            "name": self.name,
            "company": self.company,
            "title": self.title,
            "emails": list(self.emails),
            "phones": list(self.phones),
            "urls": list(self.urls),
            "stage": self.stage.value,
            "tags": list(self.tags),
            "expertise": list(self.expertise),
            "needs": self.needs,
            "met_at": self.met_at,
            "source": self.source,
            "notes": self.notes,
            "created_at": to_iso(self.created_at),
            "updated_at": to_iso(self.updated_at),
            "stage_changed_at": to_iso(self.stage_changed_at),
            "last_interaction_at": to_iso(self.last_interaction_at),
            "snoozed_until": self.snoozed_until.isoformat() if self.snoozed_until else None,
            "cadence_days": self.cadence_days,
            "archived": self.archived,
            "nickname": self.nickname,
            "birthday": self.birthday,
            "introduced_by": self.introduced_by,
            "reminder": self.reminder.to_dict() if self.reminder else None,
            "reconnect_on": self.reconnect_on.isoformat() if self.reconnect_on else None,
            "stage_history": [mark.to_dict() for mark in self.stage_history],
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
        return replace(self, **changes)

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
            return replace(self, stage_history=seeded)
        if history[-1].stage != self.stage:
            return replace(self, stage_history=[*history, StageMark(self.stage, self.stage_changed_at)])
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
        return {
            "id": self.id,
            "contact_id": self.contact_id,
            "at": to_iso(self.at),
            "kind": self.kind.value,
            "summary": self.summary,
            "value": self.value.value if self.value else None,
            "direction": self.direction.value,
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


def resolve_contact(query: str, contacts: list[Contact]) -> Contact:
    """Find one contact by id, id prefix, exact name, or unique name prefix.

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
    exact = [c for c in contacts if c.name.lower() == lowered]
    if len(exact) == 1:
        return exact[0]
    candidates = exact or [c for c in contacts if c.name.lower().startswith(lowered)]
    if not candidates and len(lowered) >= 4:
        candidates = by_id
    if len(candidates) == 1:
        return candidates[0]
    if not candidates:
        raise UserError(f"no contact matches {query!r}: try `trustboard list`")
    listed = "; ".join(f"{c.name} ({c.id[:8]})" for c in candidates[:10])
    more = f" and {len(candidates) - 10} more" if len(candidates) > 10 else ""
    raise AmbiguousContact(f"{query!r} matches {len(candidates)} contacts: {listed}{more}", candidates)
