"""Errors the user can act on. Their text is shown as is, after `error: `."""


class TrustboardError(Exception):
    """Base class: a problem explained in one sentence for the user."""


class UserError(TrustboardError):
    """Bad input: an unknown contact, a bad stage or date, a malformed form field."""


class DataError(TrustboardError):
    """The data directory cannot be used as it is (damaged file, newer schema, lock)."""


class ImportFileError(TrustboardError):
    """An import file is malformed; the message names the file and the line."""

    def __init__(self, path: str, line: int | None, reason: str) -> None:
        where = f"{path}: line {line}" if line else str(path)
        super().__init__(f"{where}: {reason}")
        self.path = path
        self.line = line
        self.reason = reason
