"""Command palette: jump to any contact by name (actions come from the app's system commands)."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from rapidfuzz import fuzz, process
from textual.command import Hit, Hits, Provider
from textual.content import Content
from textual.fuzzy import Matcher

from board.text import safe_line
from widgets.messages import GoToContact
from widgets.session import Session

LIMIT = 20


def highlighted(matcher: Matcher, text: str) -> Content:
    """`text` as plain content (never markup: it holds names), the letters matched styled."""
    content = Content(text)
    _score, offsets = matcher.fuzzy_search.match(matcher.query, text)
    for offset in offsets:
        if not text[offset].isspace():
            content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


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
        labels = [safe_line(f"{c.name} · {c.company}" if c.company else c.name) for c in contacts]
        matcher = self.matcher(query)
        for label, score, index in process.extract(
            query, labels, scorer=fuzz.WRatio, limit=LIMIT, score_cutoff=60
        ):
            contact = contacts[index]
            yield Hit(
                score / 100,
                highlighted(matcher, f"Go to {label}"),
                lambda contact_id=contact.id: app.post_message(GoToContact(contact_id)),
                help=f"{contact.stage.label}" + (" · archived" if contact.archived else ""),
            )
