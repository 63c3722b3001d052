"""What every import reader shares: the records it produces, text decoding, names and lists.

A reader reads and validates a whole file before anything is written: a problem raises
`ImportFileError`, whose text names the file and the line (`FILE: line N: reason`).
"""

from __future__ import annotations

import csv
import gc
import io
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from board import text
from board.errors import ImportFileError
from board.model import Contact, Interaction, Resource
from board.transfer.csvrows import sniff_delimiter

KINDS = ("linkedin", "invitations", "vcard", "csv", "json")
KIND_LABELS = {
    "linkedin": "LinkedIn connections",
    "invitations": "LinkedIn invitations",
    "vcard": "vCard",
    "csv": "CSV",
    "json": "trustboard JSON",
}
LIST_SEPARATOR = ";"  # inside one CSV cell: "a; b"


@dataclass(slots=True)
class Incoming:
    """One person read from a file, with the line where they start."""

    line: int
    contact: Contact
    interactions: list[Interaction] = field(default_factory=list)
    by_id: bool = False  # trustboard JSON with an id: merge by id, the newer copy wins


@dataclass(frozen=True, slots=True)
class Notice:
    """Something read, but not as written (a bad byte, an unknown charset, a clamped date)."""

    line: int | None
    reason: str


@dataclass(frozen=True, slots=True)
class Skip:
    """A record left out of an import, and why."""

    line: int | None
    reason: str


@dataclass
class ParsedImport:
    """A whole file, read and validated: nothing in it can make the import fail."""

    kind: str
    path: str
    records: list[Incoming]
    skipped: list[Skip] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    user_names: set[str] = field(default_factory=set)  # normalized; never become contacts
    notices: list[Notice] = field(default_factory=list)  # read, but not as written
    detail: str = ""  # how the file was read ("delimiter ;"), for the summary
    resources: list[Resource] = field(default_factory=list)  # trustboard JSON: the library


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while an import or export builds many objects.

    They hold no reference cycles, yet each batch of new objects makes Python scan every
    live one again: with the store's cached contacts that is most of the time spent.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def read_bytes(path: Path, shown: str) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise ImportFileError(shown, None, "no such file") from None
    except IsADirectoryError:
        raise ImportFileError(shown, None, "it is a directory, not a file") from None
    except PermissionError:
        raise ImportFileError(shown, None, "permission denied: cannot read it") from None
    except OSError as exc:
        raise ImportFileError(shown, None, f"cannot read it ({exc.strerror})") from None


def decode_text(path: str, raw: bytes) -> str:
    """The file as text (UTF-8 with or without BOM, or UTF-16 with BOM); binary is refused."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            raise ImportFileError(path, 1, "it is not readable UTF-16 text") from None
    nul = raw.find(b"\x00")
    if nul >= 0:
        raise ImportFileError(path, line_at(raw, nul), "binary data, not a text file")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFileError(
            path,
            line_at(raw, exc.start),
            "it is not UTF-8 text (binary data or another encoding): save it as UTF-8 and try again",
        ) from None
    if not text.strip():
        raise ImportFileError(path, 1, "the file is empty")
    return text


def line_at(raw: bytes, offset: int) -> int:
    return raw.count(b"\n", 0, offset) + 1


def norm(text: str) -> str:
    """A column name or person's name as compared: case-, space- and separator-blind."""
    return " ".join(text.replace("_", " ").replace("-", " ").casefold().split())


def clean(text: str | None) -> str:
    return " ".join((text or "").split())


def split_list(cell: str) -> list[str]:
    """A list cell: items separated by `;` (ours, Outlook's) or ` ::: ` (Google's)."""
    parts = re.split(r";|:::", cell) if ":::" in cell else cell.split(LIST_SEPARATOR)
    return [item for item in (clean(text.clean(p)) for p in parts) if item]


_EMAIL_SEPARATORS = re.compile(r"[;,\s]+")


def split_emails(cell: str) -> list[str]:
    return [item for item in _EMAIL_SEPARATORS.split(cell) if item] if cell else []


def unique(items: list[str], key: Callable[[str], str] = str.casefold) -> list[str]:
    seen: set[str] = set()
    out = []
    for item in items:
        k = key(item)
        if k not in seen:
            seen.add(k)
            out.append(item)
    return out


_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*://")
_NOT_DIAL = re.compile(r"[^\d+]")


def url_key(url: str) -> str:
    """A URL as compared: no scheme, `www.`, fragment or trailing slash; any case.

    A query is part of what a URL names (`?id=1` and `?id=2` are two pages), so it is
    kept, except an empty one and on LinkedIn, whose profile links carry tracking only.
    """
    key = _SCHEME.sub("", url.strip().casefold())
    key = key.removeprefix("www.").split("#")[0]
    path, _, query = key.partition("?")
    if not query or path.startswith("linkedin.com/"):
        return path.rstrip("/")
    return f"{path.rstrip('/')}?{query}"


def phone_key(phone: str) -> str:
    """A phone number as compared: its digits (and +)."""
    return _NOT_DIAL.sub("", phone) or phone.casefold()


LIST_FIELDS = ("emails", "phones", "urls", "tags", "expertise")


def kind_hint(text: str, asked: str) -> str:
    guessed = guess_kind_from_text(text)
    if guessed and guessed != asked:
        return f": it looks like a {KIND_LABELS[guessed]} file, try `trustboard import {guessed}`"
    return ""


def guess_kind_from_text(text: str) -> str | None:
    stripped = text.lstrip()
    if stripped.startswith("{"):
        return "json"
    if re.search(r"(?im)^begin:vcard", text):
        return "vcard"
    if stripped.startswith("Notes:"):
        return "linkedin"
    reader = csv.reader(io.StringIO(text[:8192], newline=""), delimiter=sniff_delimiter(text))
    try:
        for index, row in enumerate(reader):
            keys = {norm(c) for c in row}
            if {"first name", "last name", "connected on"} <= keys:
                return "linkedin"
            if {"from", "to", "sent at", "direction"} <= keys:
                return "invitations"
            if keys & {"name", "full name"} or {"first name", "last name"} <= keys:
                return "csv"
            if index >= 5:
                break
    except csv.Error:
        return None
    return None
