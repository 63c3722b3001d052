"""Command palette: jump to any contact by name (actions come from the app's system commands)."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from rapidfuzz import fuzz, process
from textual.command import Hit, Hits, Provider

from widgets.messages import GoToContact
from widgets.session import Session

LIMIT = 20


@runtime_checkable
class HasSession(Protocol):
    """An app that holds a board session (the palette reads the contacts from it)."""

    session: Session


class ContactsProvider(Provider):
    """'Go to <name>' for every contact, fuzzy-matched on name and company."""

    async def search(self, query: str) -> Hits:
        app = self.app
        if not isinstance(app, HasSession):
            return
        contacts = app.session.store.contacts(archived=None)
        labels = [f"{c.name} · {c.company}" if c.company else c.name for c in contacts]
        matcher = self.matcher(query)
        for label, score, index in process.extract(
            query, labels, scorer=fuzz.WRatio, limit=LIMIT, score_cutoff=60
        ):
            contact = contacts[index]
            yield Hit(
                score / 100,
                matcher.highlight(f"Go to {label}"),
                lambda contact_id=contact.id: app.post_message(GoToContact(contact_id)),
                help=f"{contact.stage.label}" + (" · archived" if contact.archived else ""),
            )
