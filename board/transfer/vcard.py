"""vCard in (3.0 and 4.0, Apple's `itemN.` groups, folding, escapes; 2.1 too) and out (3.0).

vobject parses and writes the properties; this module decides which ones matter.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from board.errors import ImportFileError
from board.model import Contact, new_id
from board.transfer.common import (
    Incoming,
    ParsedImport,
    Skip,
    clean,
    kind_hint,
    phone_key,
    split_emails,
    unique,
    url_key,
)

# Only these properties are handed to vobject: PHOTO, LOGO and every unknown property
# are dropped before parsing, so that they can never make a card unreadable.
_VCARD_KEEP = {
    "BEGIN", "END", "VERSION", "FN", "N", "ORG", "TITLE", "EMAIL", "TEL", "URL", "NOTE",
    "CATEGORIES", "X-SOCIALPROFILE",
}
_PROPERTY = re.compile(r"^(?:[A-Za-z0-9_-]+\.)?([A-Za-z0-9_-]+)[;:]")


def _vcard_cards(path: str, text: str) -> Iterator[tuple[int, list[tuple[int, str]]]]:
    """Each card's first line and its kept property lines, unfolded, with their line numbers."""
    logical: list[tuple[int, str]] = []
    for number, line in enumerate(re.split(r"\r\n|\r|\n", text), 1):
        if logical and _soft_break(logical[-1][1]):
            start, so_far = logical[-1]
            logical[-1] = (start, so_far[:-1] + line)  # vCard 2.1 quoted-printable "=" break
        elif line[:1] in (" ", "\t") and logical:
            start, so_far = logical[-1]
            logical[-1] = (start, so_far + line[1:])  # RFC 6350 §3.2 unfolding
        else:
            logical.append((number, line))
    start: int | None = None
    props: list[tuple[int, str]] = []
    seen_card = False
    for number, line in logical:
        if not line.strip():
            continue
        # Before the first card, a mistake is likely the wrong kind of file: say which.
        hint = "" if seen_card else kind_hint(text, "vcard")
        match = _PROPERTY.match(line)
        if match is None:
            raise ImportFileError(path, number, f"not a vCard line: {line[:40]!r}{hint}")
        name = match.group(1).upper()
        value = line[line.find(":") + 1:].strip().upper() if ":" in line else ""
        if name == "BEGIN" and value == "VCARD":
            if start is not None:
                raise ImportFileError(path, start, "this vCard has no END:VCARD before the next card")
            start, props, seen_card = number, [(number, line)], True
            continue
        if start is None:
            raise ImportFileError(path, number, f"expected BEGIN:VCARD{hint}")
        if name == "END" and value == "VCARD":
            props.append((number, line))
            yield start, props
            start = None
            continue
        if name in _VCARD_KEEP and name not in ("BEGIN", "END"):
            props.append((number, line))
    if start is not None:
        raise ImportFileError(path, start, "this vCard is truncated: it has no END:VCARD")


def _soft_break(line: str) -> bool:
    # Android and Outlook still write vCard 2.1, whose quoted-printable values end a
    # physical line with "=" to continue it on the next (vobject decodes the value).
    return line.endswith("=") and "QUOTED-PRINTABLE" in line.split(":", 1)[0].upper()


def read_vcard(path: str, text: str, *, at: datetime) -> ParsedImport:
    """vCard 3.0 or 4.0 (Apple `itemN.` groups, folding and escapes included)."""
    import vobject  # imported here: only imports need it, and it is slow to import

    parsed = ParsedImport("vcard", path, [])
    found = False
    for start, props in _vcard_cards(path, text):
        found = True
        try:
            card = vobject.readOne("\r\n".join(line for _n, line in props) + "\r\n")
        except Exception as exc:  # vobject raises many kinds (ParseError, ValueError, …)
            line = _vcard_error_line(exc, start, props)
            raise ImportFileError(path, line, f"cannot read this vCard ({_short(exc)})") from None
        contact = _card_contact(card, at)
        if contact is None:
            parsed.skipped.append(Skip(start, "a card without a name"))
        else:
            parsed.records.append(Incoming(start, contact))
    if not found:
        raise ImportFileError(path, 1, "no vCard in it (no BEGIN:VCARD)" + kind_hint(text, "vcard"))
    return parsed


def _vcard_error_line(exc: Exception, start: int, props: list[tuple[int, str]]) -> int:
    text = str(exc)
    for number, line in props:
        if line and line in text:
            return number
    return start


def _short(exc: Exception) -> str:
    text = " ".join(str(exc).split())
    text = re.sub(r"^At line \d+: ", "", text)
    return text[:120] or type(exc).__name__


def _values(card: Any, name: str) -> list[Any]:
    return [prop.value for prop in card.contents.get(name, [])]


def _text(value: Any) -> str:
    if isinstance(value, list | tuple):
        return " ".join(_text(v) for v in value if _text(v))
    return clean(str(value)) if value is not None else ""


def _card_contact(card: Any, at: datetime) -> Contact | None:
    name = next((_text(v) for v in _values(card, "fn") if _text(v)), "")
    if not name:
        for n in _values(card, "n"):
            name = _text([getattr(n, part, "") for part in ("prefix", "given", "additional", "family", "suffix")])
            if name:
                break
    if not name:
        return None
    orgs = _values(card, "org")
    org = orgs[0] if orgs else ""
    company = _text(org[0] if isinstance(org, list | tuple) and org else org)
    phones = [re.sub(r"^tel:", "", _text(v), flags=re.I) for v in _values(card, "tel")]
    urls = [_text(v) for v in _values(card, "url")]
    urls += [_text(v) for v in _values(card, "x-socialprofile") if re.match(r"(?i)https?://", _text(v))]
    tags: list[str] = []
    for value in _values(card, "categories"):
        items = value if isinstance(value, list | tuple) else str(value).split(",")
        tags.extend(clean(str(t)) for t in items)
    notes = "\n".join(str(v).strip() for v in _values(card, "note") if str(v).strip())
    notes = notes.replace("\r\n", "\n").replace("\r", "\n")
    emails: list[str] = []
    for value in _values(card, "email"):
        emails.extend(split_emails(re.sub(r"(?i)^mailto:", "", _text(value))))
    return Contact(
        id=new_id(), name=name, company=company,
        title=next((_text(v) for v in _values(card, "title") if _text(v)), ""),
        emails=unique(emails), phones=unique([p for p in phones if p], phone_key),
        urls=unique([u for u in urls if u], url_key), tags=unique([t for t in tags if t]),
        notes=notes, source="vcard", created_at=at, updated_at=at, stage_changed_at=at,
    )


# --- writing


def contact_vcard(contact: Contact) -> str:
    """One contact as a vCard 3.0 (vobject does the escaping and line folding)."""
    import vobject  # slow to import: only exports need it

    card = vobject.vCard()
    card.add("uid").value = contact.id
    card.add("fn").value = contact.name
    if "," in contact.name:  # "Dubois, Claire": family name first
        family, given = (part.strip() for part in contact.name.split(",", 1))
    else:
        parts = contact.name.split()
        family = parts[-1] if len(parts) > 1 else ""
        given = " ".join(parts[:-1]) if len(parts) > 1 else contact.name
    card.add("n").value = vobject.vcard.Name(family=family, given=given)
    if contact.company:
        card.add("org").value = [contact.company]
    if contact.title:
        card.add("title").value = contact.title
    for email in contact.emails:
        prop = card.add("email")
        prop.value = email
        prop.type_param = "INTERNET"
    for phone in contact.phones:
        card.add("tel").value = phone
    for url in contact.urls:
        card.add("url").value = url
    if contact.notes:
        card.add("note").value = contact.notes.replace("\r\n", "\n")
    if contact.tags:
        card.add("categories").value = list(contact.tags)
    return card.serialize()
