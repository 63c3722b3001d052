"""The words of the domain: stages, interaction kinds, values, directions, and the small
values a contact carries (a stage mark, a reminder, structured name parts, a birthday).

Each enum parses what a user types (`Stage.parse("gave-value")`) and says, as a
`UserError`, what it accepts.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum, auto
from typing import Any, ClassVar, NamedTuple, Self

from board.errors import UserError


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
        stored = _STAGE_VALUES.get(text) if type(text) is str else None  # as stored: every record read
        if stored is not None:
            return stored
        key = " ".join(str(text).strip().lower().replace("-", " ").replace("_", " ").split())
        for stage in cls:
            if key in (stage.value.replace("_", " "), stage.label.lower()):
                return stage
        raise UserError(
            f"unknown stage {text!r}: use one of met, talked, gave-value, trusted"
        )


_STAGE_VALUES: dict[str, Stage] = {stage.value: stage for stage in Stage}
_STAGE_LABELS = {
    Stage.MET: "Met",
    Stage.TALKED: "Talked",
    Stage.GAVE_VALUE: "Gave value",
    Stage.TRUSTED: "Trusted",
}


class _Word(StrEnum):
    """A word the user types (a kind, a value, a direction): `parse` takes it in any case,
    spaces around it ignored; anything else is a `UserError` naming what was typed and what
    to use (by default: one of every value). Each word says its name in its class line."""

    _what: ClassVar[str]
    _use: ClassVar[str]
    _field: ClassVar[str | None]

    def __init_subclass__(cls, *, what: str, use: str = "", field: str | None = None) -> None:
        super().__init_subclass__()
        cls._what, cls._use, cls._field = what, use, field

    @classmethod
    def parse(cls, text: str) -> Self:
        try:
            return cls(str(text).strip().lower())
        except ValueError:
            use = cls._use or "one of " + ", ".join(member.value for member in cls)
            raise UserError(f"unknown {cls._what} {text!r}: use {use}", field=cls._field) from None


class Kind(_Word, what="interaction kind"):
    """What happened in an interaction."""

    MET = "met"
    MESSAGE = "message"
    CALL = "call"
    MEETING = "meeting"
    GAVE = "gave"
    RECEIVED = "received"
    NOTE = "note"


class Value(_Word, what="value"):
    """What kind of value was given or received, stored as its name in lower case
    (`StrEnum`'s `auto`: "information", "resource", …)."""

    INFORMATION = auto()
    RESOURCE = auto()
    INTRODUCTION = auto()
    REFERRAL = auto()
    FEEDBACK = auto()
    OTHER = auto()


VALUE_KINDS = (Kind.GAVE, Kind.RECEIVED)


class Direction(_Word, what="direction", use="out or in", field="direction"):
    """Who wrote a `message`: you (`out`, the default) or they (`in`)."""

    OUT = "out"
    IN = "in"


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
        return {"family": self.family, "given": self.given, "additional": self.additional,
                "prefix": self.prefix, "suffix": self.suffix}  # NAME_PART_KEYS, in order


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
