"""Errors the user can act on. Their text is shown as is, after `error: `.

An error may say *where* it is, as data rather than inside the sentence:

- `field` names the input it is about, by the key the contact form uses for it
  (`name`, `emails`, `stage`, `cadence_days`, … — the form's inputs are `field-<key>`;
  the log form's are `at`, `summary`), so a form focuses that input and the CLI prints
  the sentence alone;
- `DataError.path` names the file that cannot be used, so a caller can offer a backup.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Protocol, Self


class Candidate(Protocol):
    """What an ambiguity names of each person it could mean."""

    id: str
    name: str


class TrustboardError(Exception):
    """Base class: a problem explained in one sentence for the user."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field

    def with_field(self, field: str | None) -> Self:
        """This error, naming `field` unless it names one already (for re-raising)."""
        if self.field is None:
            self.field = field
        return self


class UserError(TrustboardError):
    """Bad input: an unknown contact, a bad stage or date, a malformed form field."""


class AmbiguousContact(UserError):
    """A CONTACT argument matches several people; `candidates` are all of them."""

    def __init__(self, message: str, candidates: Sequence[Candidate]) -> None:
        super().__init__(message, field="contact")
        self.candidates = list(candidates)


class DataError(TrustboardError):
    """The data directory cannot be used as it is (damaged file, newer schema, lock)."""

    def __init__(
        self, message: str, *, path: Path | str | None = None, field: str | None = None
    ) -> None:
        super().__init__(message, field=field)
        self.path = Path(path) if path is not None else None


class ImportFileError(TrustboardError):
    """An import file is malformed; the message names the file and the line."""

    def __init__(self, path: str, line: int | None, reason: str) -> None:
        where = f"{path}: line {line}" if line else str(path)
        super().__init__(f"{where}: {reason}")
        self.path = path
        self.line = line
        self.reason = reason
