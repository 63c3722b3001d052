"""The command palette: every action (the app's system commands) and every contact by name.

A contact whose name the query starts words of (`owen` → Owen Pierce) ranks above every
command, since jumping to a person is what a name is typed for; other fuzzy matches of
contacts (a company, a typo) rank among the commands.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from textual.command import Hit, Hits, Provider
from textual.content import Content
from textual.fuzzy import Matcher

from board.text import safe_line
from widgets.messages import GoToContact
from widgets.session import Session

LIMIT = 20
# Textual's fuzzy scores for commands run to about 10; a match on a name is put above
# them all, other contact matches (a company, a typo) keep rapidfuzz's 0.6–1.
NAME_RANK = 100.0


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


def name_match(query: str, name: str) -> bool:
    """True when every word of `query` starts a word of `name` (case aside)."""
    words = name.casefold().split()
    wanted = query.casefold().split()
    return bool(wanted) and all(any(w.startswith(q) for w in words) for q in wanted)


class ContactsProvider(Provider):
    """'Go to <name>' for every contact, fuzzy-matched on name and company."""

    async def search(self, query: str) -> Hits:
        app = self.app
        if not isinstance(app, HasSession):
            return
        from rapidfuzz import fuzz, process  # loaded when the palette is first used

        contacts = app.session.store.contacts(archived=None)
        labels = [safe_line(f"{c.name} · {c.company}" if c.company else c.name) for c in contacts]
        matcher = self.matcher(query)
        for label, score, index in process.extract(
            query, labels, scorer=fuzz.WRatio, limit=LIMIT, score_cutoff=60
        ):
            contact = contacts[index]
            on_name = name_match(query, safe_line(contact.name))
            yield Hit(
                NAME_RANK + score / 100 if on_name else score / 100,
                highlighted(matcher, f"Go to {label}"),
                lambda contact_id=contact.id: app.post_message(GoToContact(contact_id)),
                help=f"{contact.stage.label}" + (" · archived" if contact.archived else ""),
            )
