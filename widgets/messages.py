"""What screens ask of the App, as small messages (the App routes between screens).

A screen posts one of these and bubbles it to the App, which handles it with `@on(...)`:
so screens never import the App or each other, and the imports run one way
(app → screens → dialogs → widgets).
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from board.errors import DataError
from board.model import Contact


@dataclass
class OpenDetails(Message):
    """Show one contact's details and timeline."""

    contact_id: str


@dataclass
class OpenWhoKnows(Message):
    """Find people whose expertise fits a need (starting from `contact`'s, if any)."""

    contact: Contact | None


@dataclass
class GoToContact(Message):
    """Select a contact on the board, clearing a filter that would hide them."""

    contact_id: str


@dataclass
class OpenGifts(Message):
    """Show what the user could give one contact."""

    contact_id: str


@dataclass
class OpenResources(Message):
    """Show the library of things worth sharing."""


@dataclass
class StoreDamaged(Message):
    """A data file cannot be read: the board cannot show the data until it is dealt with."""

    error: DataError
