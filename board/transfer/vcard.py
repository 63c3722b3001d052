"""vCard in: 2.1, 3.0 and 4.0 as real address books write them.

Be liberal in what you accept: a card that can be read is imported. Line-level quirks
(bad quoted-printable, an unknown CHARSET, a line that is no property, CR CR LF, a UTF-8
character split by a fold) are read as well as they can be and reported as notices with
their line; only a file that holds no vCard, or whose last card is cut off, is refused.
Cards without FN are named from N, NICKNAME, ORG, EMAIL or TEL; group cards (`KIND:group`,
`X-ADDRESSBOOKSERVER-KIND:group`) are not people and are skipped with a reason.

Only CATEGORIES and NICKNAME are comma lists; every other text value keeps its commas.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from board import text
from board.errors import ImportFileError
from board.model import Contact, NameParts, new_id
from board.transfer.common import (
    Incoming,
    ParsedImport,
    Skip,
    clean,
    kind_hint,
    phone_key,
    unique,
    url_key,
)
from board.transfer.vcard_lines import (
    Line,
    Notice,
    decode_value,
    is_property,
    logical_lines,
    parse_line,
    split_unescape,
    unescape,
)
from board.transfer.when import parse_birthday

N_PARTS = ("family", "given", "additional", "prefix", "suffix")


@dataclass(slots=True)
class Card:
    """What one vCard says about a person, in trustboard's terms."""

    line: int
    name: str = ""
    name_parts: NameParts | None = None  # N as written
    nickname: str = ""
    company: str = ""
    title: str = ""
    emails: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    urls: list[str] = field(default_factory=list)
    notes: str = ""
    tags: list[str] = field(default_factory=list)
    birthday: str = ""  # YYYY-MM-DD or --MM-DD
    group: bool = False


def read_vcard(path: str, raw: bytes, *, at: datetime) -> ParsedImport:
    """Every person in a vCard file (any version), read liberally."""
    parsed = ParsedImport("vcard", path, [])
    cards = read_cards(path, raw, parsed.notices)
    for card in cards:
        if card.group:
            parsed.skipped.append(Skip(card.line, "a group card, not a person"))
        elif not card.name:
            parsed.skipped.append(Skip(card.line, "a card without a name, e-mail or phone"))
        else:
            parsed.records.append(Incoming(card.line, card_contact(card, at)))
    return parsed


def read_cards(path: str, raw: bytes, notices: list[Notice]) -> list[Card]:
    """The cards of a file; ImportFileError only when it is no vCard or is cut off."""
    data = _as_bytes(path, raw)
    cards: list[Card] = []
    lines: list[Line] | None = None
    start = 0
    first_bad: tuple[int, bytes] | None = None
    for number, logical, head in logical_lines(data):
        if logical is None:  # a property nobody reads (PHOTO, ADR, X-…), or no property
            if is_property(head):
                continue
            line = None
        else:
            line = parse_line(number, logical)
        if line is None:
            if lines is None and not cards and first_bad is None:
                first_bad = (number, head)
            elif lines is not None:
                notices.append(Notice(number, "not a vCard property line, ignored"))
            continue
        value = line.raw.strip().upper()
        if line.name == "BEGIN" and value == b"VCARD":
            if lines is not None:
                raise ImportFileError(path, start, "this vCard has no END:VCARD before the next card")
            lines, start = [], number
        elif line.name == "END" and value == b"VCARD" and lines is not None:
            cards.append(_card(start, lines, notices))
            lines = None
        elif lines is not None:
            lines.append(line)
        elif not cards and first_bad is None:
            first_bad = (number, head)
    if lines is not None:
        raise ImportFileError(path, start, "this vCard is truncated: it has no END:VCARD")
    if not cards:
        text_head = data[:65536].decode("utf-8", errors="replace")
        hint = kind_hint(text_head, "vcard")
        if first_bad is None:
            raise ImportFileError(path, 1, "the file is empty" if not data.strip() else "no vCard in it")
        number, head = first_bad
        shown = head[:40].decode("utf-8", errors="replace")
        if not is_property(head) and parse_line(number, head) is None:
            raise ImportFileError(path, number, f"not a vCard line: {shown!r}{hint}")
        raise ImportFileError(path, number, f"expected BEGIN:VCARD{hint}")
    return cards


def _as_bytes(path: str, raw: bytes) -> bytes:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16").encode("utf-8")
        except UnicodeDecodeError:
            raise ImportFileError(path, 1, "it is not readable UTF-16 text") from None
    nul = raw.find(b"\x00")
    if nul >= 0:
        raise ImportFileError(path, raw.count(b"\n", 0, nul) + 1, "binary data, not a text file")
    return raw.removeprefix(b"\xef\xbb\xbf")


def _card(start: int, lines: list[Line], notices: list[Notice]) -> Card:
    card = Card(start)
    notes: list[str] = []
    socials: list[tuple[bool, str]] = []
    urls: list[str] = []
    org_only = False
    for line in lines:
        name = line.name
        if name in ("VERSION", "BEGIN", "END"):
            continue
        value = decode_value(line, notices)
        if name == "FN" and not card.name:
            card.name = clean(text.clean(unescape(value)))
        elif name == "N" and not card.name_parts:
            parts = [clean(text.clean(p)) for p in split_unescape(value, ";")]
            if any(parts[:5]):
                card.name_parts = NameParts(*(parts + [""] * 5)[:5])
        elif name == "NICKNAME" and not card.nickname:
            card.nickname = next((n for n in _list(value) if n), "")
        elif name == "ORG" and not card.company:
            card.company = clean(text.clean(split_unescape(value, ";")[0]))
        elif name == "TITLE" and not card.title:
            card.title = clean(text.clean(unescape(value)))
        elif name == "EMAIL":
            email = re.sub(r"(?i)^mailto:", "", clean(text.clean(unescape(value))))
            if "@" in email:
                card.emails.append(email)
            elif email:
                notices.append(Notice(line.number, "an EMAIL that is no e-mail address, left out"))
        elif name == "TEL":
            phone = re.sub(r"(?i)^tel:", "", clean(text.clean(unescape(value))))
            if phone:
                card.phones.append(phone)
        elif name == "URL":
            url = clean(text.clean(unescape(value)))
            if url:
                urls.append(url)
        elif name == "X-SOCIALPROFILE":
            social = _social(line, clean(text.clean(unescape(value))))
            if social:
                socials.append(social)
        elif name == "NOTE":
            note = text.clean(unescape(value), multiline=True).strip()
            if note:
                notes.append(note)
        elif name == "CATEGORIES":
            card.tags.extend(_list(value))
        elif name == "BDAY" and not card.birthday:
            card.birthday = parse_birthday(value, (line.param("X-APPLE-OMIT-YEAR") or [""])[0]) or ""
            if not card.birthday and value.strip():
                notices.append(Notice(line.number, f"a birthday that is not a date ({value.strip()[:20]!r}), left out"))
        elif name in ("KIND", "X-ADDRESSBOOKSERVER-KIND"):
            card.group = card.group or value.strip().casefold() == "group"
        elif name == "X-ABSHOWAS":
            org_only = value.strip().upper() == "COMPANY"
    card.notes = "\n".join(notes)
    # LinkedIn first: it is the key that matches a LinkedIn import.
    card.urls = [u for is_li, u in socials if is_li] + urls + [u for is_li, u in socials if not is_li]
    card.urls = unique(card.urls, url_key)
    card.emails = unique(card.emails)
    card.phones = unique(card.phones, phone_key)
    card.tags = unique(card.tags)
    if org_only and card.company:
        card.name = card.company  # macOS "Show as company": the card is the company
        card.name_parts = None  # (its N, if any, names a person: it would contradict FN)
    card.name = card.name or _fallback_name(card)
    return card


def _list(value: str) -> list[str]:
    return [item for item in (clean(text.clean(p)) for p in split_unescape(value, ",")) if item]


def _social(line: Line, value: str) -> tuple[bool, str] | None:
    kinds = line.types() | {v.casefold() for v in line.param("X-SERVICE-TYPE")}
    linkedin = "linkedin" in kinds or "linkedin.com/" in value.casefold()
    if re.match(r"(?i)^[a-z][a-z0-9+.-]*://", value):
        return linkedin, value
    user = (line.param("X-USER") or [value])[0].strip().lstrip("@")
    if linkedin and user:
        return True, f"https://www.linkedin.com/in/{user}"
    return None


def _fallback_name(card: Card) -> str:
    family, given, additional, prefix, suffix = card.name_parts or NameParts()
    joined = clean(" ".join((prefix, given, additional, family, suffix)))
    for candidate in (joined, card.nickname, card.company, *card.emails[:1], *card.phones[:1]):
        if candidate:
            return candidate
    return ""


def card_contact(card: Card, at: datetime) -> Contact:
    """The contact a card describes, new (its id is fresh)."""
    return Contact(
        id=new_id(), name=card.name, company=card.company, title=card.title,
        emails=card.emails, phones=card.phones, urls=card.urls, tags=card.tags,
        notes=card.notes, source="vcard", created_at=at, updated_at=at, stage_changed_at=at,
        nickname=card.nickname, birthday=card.birthday, name_parts=card.name_parts,
    )
