"""Command palette: jump to any contact by name (actions come from the app's system commands)."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, cast

from rapidfuzz import fuzz, process
from textual.command import Hit, Hits, Provider

if TYPE_CHECKING:
    from widgets.app import TrustboardApp

LIMIT = 20


class ContactsProvider(Provider):
    """'Go to <name>' for every contact, fuzzy-matched on name and company."""

    async def search(self, query: str) -> Hits:
        app = cast("TrustboardApp", self.app)
        contacts = app.store.contacts(archived=None)
        labels = [f"{c.name} · {c.company}" if c.company else c.name for c in contacts]
        matcher = self.matcher(query)
        for label, score, index in process.extract(
            query, labels, scorer=fuzz.WRatio, limit=LIMIT, score_cutoff=60
        ):
            contact = contacts[index]
            yield Hit(
                score / 100,
                matcher.highlight(f"Go to {label}"),
                partial(app.go_to_contact, contact.id),
                help=f"{contact.stage.label}" + (" · archived" if contact.archived else ""),
            )
