"""What a committed change did, record by record: what a session undoes and a screen redraws.

A `Transaction` (`board.store.transaction`) notes each record's state before and after;
committed, they are its `Change`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from board.model import Contact, Interaction, Resource


@dataclass(slots=True)
class Op:
    """One record's state before and after a change (None: absent)."""

    table: str
    contact_id: str  # "" for a resource (the library belongs to no contact)
    doc_id: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    file: str  # the data file the record lives in (`layout.file_of` of table and contact)


@dataclass
class Change:
    """A committed change: what it was called and every record it touched.

    `contact` and `interaction` are what the operation that made it produced (the
    contact as saved, the interaction logged), for the caller to show; a change that
    changed nothing is falsy but still carries them.
    """

    label: str
    ops: list[Op] = field(default_factory=list)
    contact: Contact | None = None
    interaction: Interaction | None = None
    resource: Resource | None = None

    def __bool__(self) -> bool:
        return bool(self.ops)

    def inverse(self, label: str) -> Change:
        """The change that undoes this one."""
        return Change(
            label,
            [Op(o.table, o.contact_id, o.doc_id, o.after, o.before, o.file) for o in reversed(self.ops)],
        )

    def contact_ids(self) -> set[str]:
        """The contacts whose records this change touched."""
        return {op.contact_id for op in self.ops if op.contact_id}
