"""vCard as lines: unfolding bytes, splitting properties, decoding and unescaping values.

Liberal in what it reads (RFC 6350 §3.2 folding, vCard 2.1 quoted-printable soft breaks,
any mix of CR and LF, a fold that cuts a UTF-8 character in two, parameters without a
name, a property line with no colon), so that one producer's quirk never costs the user a
whole address book. Everything works on bytes until a value is decoded, with the charset
its line declares: that is what makes a UTF-8 character split across a fold whole again.

Unfolding is linear: the pieces of a logical line are collected in a list and joined once,
and the values of properties nobody reads (PHOTO, LOGO, SOUND, KEY…) are never kept.
"""

from __future__ import annotations

import binascii
import codecs
import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from board.transfer.common import Notice

# The properties a card is read for; all others are skipped without keeping their value.
WANTED = frozenset({
    b"BEGIN", b"END", b"VERSION", b"FN", b"N", b"NICKNAME", b"ORG", b"TITLE", b"EMAIL", b"TEL",
    b"URL", b"NOTE", b"CATEGORIES", b"BDAY", b"KIND", b"X-ADDRESSBOOKSERVER-KIND",
    b"X-SOCIALPROFILE", b"X-ABSHOWAS",
})
_LINE_END = re.compile(rb"\r*\n")  # LF, CRLF, and the CR CR LF of iOS 5
_OLD_MAC_LINE_END = re.compile(rb"\r+")  # a file with no LF at all
_NAME = re.compile(rb"^(?:([A-Za-z0-9_-]+)\.)?([A-Za-z0-9_-]+)")
_SHAPE = re.compile(rb"^(?:[A-Za-z0-9_-]+\.)?[A-Za-z0-9_-]+[;:]")


@dataclass(slots=True)
class Line:
    """One logical (unfolded) property line."""

    number: int  # the physical line it starts on
    name: str  # upper case, without the group
    params: dict[str, list[str]] = field(default_factory=dict)  # upper-case keys
    raw: bytes = b""  # the value as written (still escaped and encoded)

    def param(self, key: str) -> list[str]:
        return self.params.get(key, [])

    def types(self) -> set[str]:
        return {t.casefold() for t in self.param("TYPE")}


def logical_lines(data: bytes) -> Iterator[tuple[int, bytes | None, bytes]]:
    """(line number, unfolded bytes, first physical line) of each non-blank logical line.

    Linear in the size of the file. A line whose property is not WANTED comes with None
    for its bytes: its name is read, its value never gathered, so a 20 MB folded PHOTO
    costs one pass and no memory.
    """
    current: list[bytes] | None = None
    start, head = 0, b""
    keep = True
    soft = False  # the last piece ended in a quoted-printable soft line break
    line_end = _LINE_END if b"\n" in data else _OLD_MAC_LINE_END
    for number, physical in enumerate(line_end.split(data), 1):
        if soft and current is not None:
            # vCard 2.1: "=" at the end of a quoted-printable line continues it on the next.
            if keep:
                current[-1] = current[-1][:-1]
                current.append(physical)
            soft = physical.endswith(b"=")
            continue
        if current is not None and physical[:1] in (b" ", b"\t"):
            if keep:
                current.append(physical[1:])  # RFC 6350 §3.2: drop one space or tab
            continue
        if current is not None:
            yield start, b"".join(current) if keep else None, head
            current = None
        if not physical.strip():
            continue
        match = _NAME.match(physical)
        keep = match is None or match.group(2).upper() in WANTED
        current = [physical] if keep else []
        start, head = number, physical
        soft = physical.endswith(b"=") and _is_qp(physical)
    if current is not None:
        yield start, b"".join(current) if keep else None, head


def is_property(line: bytes) -> bool:
    """Whether a line has the shape of a property (`[group.]NAME;…:` or `NAME:`)."""
    return _SHAPE.match(line) is not None


def _is_qp(line: bytes) -> bool:
    head = line.split(b":", 1)[0].upper()
    return b"QUOTED-PRINTABLE" in head


def parse_line(number: int, logical: bytes) -> Line | None:
    """A logical line split into name, parameters and raw value; None when it is no property."""
    match = _NAME.match(logical)
    if match is None:
        return None
    name = match.group(2).decode("ascii").upper()
    rest = logical[match.end():]
    params: dict[str, list[str]] = {}
    if not rest.startswith((b";", b":")):
        # A bare name (Evolution writes `FN` alone): a property with an empty value.
        bare = not rest.strip() and name.encode() in WANTED
        return Line(number, name, params, b"") if bare else None
    pos = 0
    value = b""
    while pos < len(rest) and rest[pos:pos + 1] == b";":
        pos += 1
        end = pos
        quoted = False
        while end < len(rest):
            ch = rest[end:end + 1]
            if ch == b'"':
                quoted = not quoted
            elif not quoted and ch in (b";", b":"):
                break
            end += 1
        _add_param(params, rest[pos:end])
        pos = end
    if rest[pos:pos + 1] == b":":
        value = rest[pos + 1:]
    return Line(number, name, params, value)


def _add_param(params: dict[str, list[str]], raw: bytes) -> None:
    text = raw.decode("utf-8", errors="replace").strip()
    if not text:
        return
    key, eq, value = text.partition("=")
    if not eq:  # vCard 2.1: `TEL;CELL;PREF`, `NOTE;QUOTED-PRINTABLE`
        upper = key.upper()
        if upper in ("QUOTED-PRINTABLE", "BASE64", "B", "8BIT", "7BIT"):
            params.setdefault("ENCODING", []).append(upper)
        else:
            params.setdefault("TYPE", []).append(key)
        return
    values = [v.strip() for v in next(csv.reader([value], skipinitialspace=True))]
    params.setdefault(key.strip().upper(), []).extend(v for v in values if v)


def decode_value(line: Line, notices: list[Notice], default_charset: str = "utf-8") -> str:
    """The value as text: quoted-printable undone and bytes decoded in the declared charset.

    A bad quoted-printable sequence is kept as written, an unknown charset read as UTF-8
    (then Windows-1252), each with a notice naming the line: never a refused file.
    """
    raw = line.raw
    encoding = {e.upper() for e in line.param("ENCODING")}
    if "QUOTED-PRINTABLE" in encoding:
        if re.search(rb"=(?![0-9A-Fa-f]{2}|\r?\n|$)", raw):
            notices.append(Notice(line.number, "a bad quoted-printable sequence, kept as written"))
        raw = binascii.a2b_qp(raw)
    declared = [c.strip().lower() for c in line.param("CHARSET")]
    charset = declared[0] if declared else default_charset
    try:
        codecs.lookup(charset)
    except LookupError:
        notices.append(Notice(line.number, f"unknown CHARSET {charset!r}, read as UTF-8"))
        charset, declared = "utf-8", []
    try:
        return raw.decode(charset)
    except UnicodeDecodeError:
        pass
    if not declared or charset.replace("-", "") != "utf8":
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            # No charset said (vCard 2.1 from Windows): the ANSI code page it was written in.
            notices.append(Notice(line.number, "text that is not UTF-8, read as Windows-1252"))
            return raw.decode("cp1252", errors="replace").replace("\ufffd", "")
    notices.append(Notice(line.number, "bytes that are not UTF-8 in a UTF-8 value, left out"))
    return raw.decode("utf-8", errors="replace").replace("\ufffd", "")


_ESCAPES = {"n": "\n", "N": "\n", "\\": "\\", ",": ",", ";": ";", ":": ":"}


def split_unescape(value: str, separator: str | None) -> list[str]:
    """A text value unescaped (`\\n`, `\\,`, `\\;`, `\\:`, `\\\\`), split on unescaped `separator`.

    With separator None, the value is one piece: commas and semicolons written without a
    backslash stay text (vCard 2.1 and many 3.0 producers never escape them).
    """
    if "\\" not in value:
        return value.split(separator) if separator and separator in value else [value]
    out: list[str] = []
    current: list[str] = []
    chars = iter(value)
    for ch in chars:
        if ch == "\\":
            nxt = next(chars, "")
            current.append(_ESCAPES.get(nxt, nxt))  # an unknown escape keeps its character
        elif ch == separator:
            out.append("".join(current))
            current = []
        else:
            current.append(ch)
    out.append("".join(current))
    return out


def unescape(value: str) -> str:
    return split_unescape(value, None)[0]
