"""The everyday changes of contacts and interactions, each one transaction.

A mixin of `Store`: each method is durable when it returns and returns the `Change`
it made, carrying the contact as saved (and the interaction logged), so the session
can record it for undo and redraw what it touched.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from board.errors import UserError
from board.model import (
    CONTACT_FIELDS,
    Contact,
    Direction,
    Interaction,
    Kind,
    Resource,
    Stage,
    Value,
    local_date,
    new_id,
)
from board.store.change import Change
from board.store.layout import CONTACTS, contact_rel
from board.store.store_parts import StoreParts

if TYPE_CHECKING:
    from board.store.transaction import Transaction  # (with TinyDB: loaded at the first change)


class ContactChanges(StoreParts):
    """add_contact, update_contact, move, snooze, archive and log."""

    def _saved(self, contact_id: str) -> Contact:
        """The contact as a change just saved it (for its `Change`): the snapshot's, or, while
        its shard's contacts are not built (a command naming one person, `trustboard log`),
        built alone from its record, not with everyone else in the shard."""
        rel = contact_rel(contact_id)
        with self._mutex:
            entry = self._cache.files.get(rel)
            if entry is not None and entry.contacts is None and entry.held:
                doc = entry.data.get(CONTACTS, {}).get(contact_id)
                if doc is not None:
                    return self._cache.build_contact(rel, doc)
        return self.get(contact_id)

    @staticmethod
    def _done(txn: Transaction, contact: Contact | None = None,
              interaction: Interaction | None = None, resource: Resource | None = None) -> Change:
        change = txn.change or Change(txn.label)
        change.contact, change.interaction, change.resource = contact, interaction, resource
        return change

    def add_contact(self, contact: Contact) -> Change:
        with self.transaction(f"added {contact.name}") as txn:
            if txn.get(contact.id) is not None:
                raise UserError(f"a contact with id {contact.id} already exists")
            txn.put_contact(contact)
        return self._done(txn, self._saved(contact.id))

    def update_contact(
        self, contact: Contact, label: str | None = None, *, base: Contact | None = None
    ) -> Change:
        """Save an edited contact.

        Fields the caller did not change (compared with `base`: pass the contact the
        edit started from; by default the store's snapshot) keep whatever another
        process saved meanwhile, so a concurrent edit of other fields is not undone.
        """
        base = base or self._snapshot(contact.id)
        with self.transaction(label or f"edited {contact.name}") as txn:
            current = txn.require(contact.id)
            if base is not None and base is not contact and base != current:
                edits = {
                    name: getattr(contact, name)
                    for name in CONTACT_FIELDS
                    if getattr(contact, name) != getattr(base, name)
                }
                contact = current.copy(**edits)
            if current.stage != contact.stage:
                contact = contact.copy(stage_changed_at=self.clock())
            if contact.name != current.name and contact.name_parts == current.name_parts:
                contact = contact.copy(name_parts=None)  # an imported N would contradict the new name
            contact = contact.copy(last_interaction_at=current.last_interaction_at)
            if contact != current:
                txn.put_contact(contact)
        return self._done(txn, self._saved(contact.id))

    def _change(self, contact_id: str, label: Callable[[Contact], str], **fields: Any) -> Change:
        """Change some fields of the latest version of a contact (read under the lock)."""
        with self.transaction("change") as txn:
            current = txn.require(contact_id)
            txn.label = label(current)
            changed = current.copy(**fields)
            if changed.stage != current.stage:
                changed = changed.copy(stage_changed_at=self.clock())
            if changed != current:
                txn.put_contact(changed)
        return self._done(txn, self._saved(contact_id))

    def move(self, contact_id: str, stage: Stage) -> Change:
        return self._change(contact_id, lambda c: f"moved {c.name} to {stage.label}", stage=stage)

    def snooze(self, contact_id: str, until: date | None) -> Change:
        return self._change(
            contact_id,
            lambda c: f"snoozed {c.name} until {until}" if until else f"woke {c.name}",
            snoozed_until=until,
        )

    def archive(self, contact_id: str, archived: bool = True) -> Change:
        return self._change(
            contact_id,
            lambda c: f"archived {c.name}" if archived else f"restored {c.name}",
            archived=archived,
        )

    def log(
        self,
        contact_id: str,
        kind: Kind,
        summary: str = "",
        *,
        at: datetime | None = None,
        value: Value | None = None,
        direction: Direction = Direction.OUT,
        linked_to: str | None = None,
        resource_id: str | None = None,
        needs: str | None = None,
    ) -> Change:
        """Log an interaction (one change with what it completes).

        An interaction on or after the day of the contact's reminder completes it, any
        ends their reconnect plan (`triage.reconnect_day`), and `needs` (what they said
        they need, asked after answering a gift) replaces theirs.
        """
        if value is not None and kind not in (Kind.GAVE, Kind.RECEIVED):
            raise UserError("a value goes only with `gave` or `received` interactions", field="value")
        if direction != Direction.OUT and kind != Kind.MESSAGE:
            raise UserError("only a message can be one they wrote to you (--in)", field="direction")
        interaction = Interaction(
            id=new_id(), contact_id=contact_id, at=at or self.clock(), kind=kind,
            summary=summary.strip(), value=value, direction=direction, linked_to=linked_to,
            resource_id=resource_id,
        )
        with self.transaction("log") as txn:
            contact = txn.require(contact_id)
            txn.label = f"logged {kind.value} with {contact.name}"
            txn.put_interaction(interaction)
            current = txn.require(contact_id)
            after = completes_reminder(current, interaction) or current
            if after.reconnect_on is not None:
                # Anything logged ends the reconnect plan for them, a log dated before the
                # import too ("coffee last March"): from now on their cadence decides.
                after = after.copy(reconnect_on=None)
            if needs is not None and needs.strip():
                after = after.copy(needs=needs.strip())
            if after is not current:  # one change, one undo: the log and what it completes
                txn.put_contact(after)
        return self._done(txn, self._saved(contact_id), interaction)


def completes_reminder(contact: Contact, interaction: Interaction) -> Contact | None:
    """The contact with its reminder done, if `interaction` falls on or after its day."""
    reminder = contact.reminder
    if reminder is None or local_date(interaction.at) < reminder.date:
        return None
    return contact.copy(reminder=None)
