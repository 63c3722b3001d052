"""vCard out: strict RFC 2426 vCard 3.0, the version address books read most reliably.

Text values escape `\\`, `,`, `;` and newlines (RFC 6350 §3.4); URLs are written as they
are (a URI value is not text: `https://…/@52.52,13.40` keeps its commas). Lines fold at 75
octets without ever cutting a UTF-8 character, with CRLF line ends.

N is the structured name the contact was imported with when it still has one (renaming a
contact drops it, so it never contradicts FN); otherwise it is guessed from the display name ("Dubois, Claire" → family Dubois; "Dr. Ana Lopez Jr." →
prefix Dr., given Ana, family Lopez, suffix Jr.).
"""

from __future__ import annotations

from board.model import Contact

_PREFIXES = frozenset("dr dr. mr mr. mrs mrs. ms ms. mx mx. prof prof. sir dame".split())
_SUFFIXES = frozenset("jr jr. sr sr. ii iii iv phd ph.d. md m.d. esq esq. mba".split())


def escape(value: str) -> str:
    return (
        value.replace("\\", "\\\\").replace("\r\n", "\n").replace("\r", "\n")
        .replace("\n", "\\n").replace(",", "\\,").replace(";", "\\;")
    )


def fold(line: str) -> str:
    """One content line folded at 75 octets (continuations start with a space), CRLF ended."""
    data = line.encode("utf-8")
    if len(data) <= 75:
        return line + "\r\n"
    out: list[str] = []
    pos, limit = 0, 75
    while pos < len(data):
        end = min(pos + limit, len(data))
        while end < len(data) and (data[end] & 0xC0) == 0x80:
            end -= 1  # never cut inside a UTF-8 character
        out.append(data[pos:end].decode("utf-8"))
        pos, limit = end, 74  # a continuation's leading space counts
    return "\r\n ".join(out) + "\r\n"


def guess_name_parts(name: str) -> tuple[str, str, str, str, str]:
    """(family, given, additional, prefix, suffix) guessed from a display name."""
    if "," in name:
        family, given = (part.strip() for part in name.split(",", 1))
        return family, given, "", "", ""
    words = name.split()
    prefix = [w for w in words[:1] if w.casefold() in _PREFIXES and len(words) > 1]
    words = words[len(prefix):]
    suffix = [w for w in words[-1:] if w.casefold() in _SUFFIXES and len(words) > 1]
    words = words[: len(words) - len(suffix)]
    if len(words) > 1:
        family, given, additional = words[-1], words[0], " ".join(words[1:-1])
    else:
        family, given, additional = "", " ".join(words), ""
    return family, given, additional, " ".join(prefix), " ".join(suffix)


def name_parts_of(contact: Contact) -> tuple[str, ...]:
    """The N a contact was imported with (a rename drops it), else a guess from the name."""
    return contact.name_parts or guess_name_parts(contact.name)


def contact_vcard(contact: Contact) -> str:
    """One contact as a vCard 3.0 card."""
    parts = name_parts_of(contact)
    lines = ["BEGIN:VCARD", "VERSION:3.0", f"UID:{escape(contact.id)}", f"FN:{escape(contact.name)}",
             "N:" + ";".join(escape(p) for p in parts)]
    if contact.nickname:
        lines.append(f"NICKNAME:{escape(contact.nickname)}")
    if contact.company:
        lines.append(f"ORG:{escape(contact.company)}")
    if contact.title:
        lines.append(f"TITLE:{escape(contact.title)}")
    lines += [f"EMAIL;TYPE=INTERNET:{escape(email)}" for email in contact.emails]
    lines += [f"TEL:{escape(phone)}" for phone in contact.phones]
    lines += [f"URL:{_uri(url)}" for url in contact.urls]
    if contact.birthday:
        lines.append(f"BDAY:{vcard_birthday(contact.birthday)}")
    if contact.notes:
        lines.append(f"NOTE:{escape(contact.notes)}")
    if contact.tags:
        lines.append("CATEGORIES:" + ",".join(escape(tag) for tag in contact.tags))
    lines.append("END:VCARD")
    return "".join(fold(line) for line in lines)


def vcard_birthday(birthday: str) -> str:
    """`1980-03-22` as it is; a year-less `--04-15` as `--0415`, the form RFC 6350 defines
    (vCard 3.0 has none: Google writes this one, Apple a year 1604; readers take both)."""
    if birthday.startswith("--"):
        return "--" + birthday[2:].replace("-", "")
    return birthday


def _uri(url: str) -> str:
    # A URI is not text: only what would break the line (and the escape character) changes.
    return url.replace("\\", "\\\\").replace("\r", "").replace("\n", "")
