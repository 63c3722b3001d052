"""LinkedIn's data export: Connections.csv and Invitations.csv."""

from __future__ import annotations

from datetime import datetime

from board import text
from board.errors import ImportFileError
from board.model import Contact, Direction, Interaction, Kind, NameParts, Stage, StageMark, new_id
from board.transfer.common import Incoming, ParsedImport, Skip, clean, kind_hint, norm, split_emails
from board.transfer.csvrows import check_width, sniffed_rows
from board.transfer.when import (
    at_noon,
    bounded_created,
    date_error,
    in_bounds,
    parse_day,
    parse_moment,
)

_CONNECTION_COLUMNS = {
    "first name": "first",
    "last name": "last",
    "url": "url",
    "profile url": "url",
    "email address": "email",
    "email": "email",
    "company": "company",
    "position": "title",
    "connected on": "connected",
}
# A NameParts or StageMark made without its Python-level __new__ (one of each per row).
_tuple = tuple.__new__
_HEADER_SEARCH_ROWS = 10  # the `Notes:` preamble is a few rows; a header further down is not ours


def read_linkedin(path: str, text_in: str, *, at: datetime) -> ParsedImport:
    """LinkedIn's Connections.csv: current (the `Notes:` preamble and URL), 2018 (no URL,
    `1/8/18, 6:14 PM` dates, member URNs where the e-mail goes) or saved again by Excel
    (`6-Feb-26`, preamble padded with delimiters, maybe `;`-separated)."""
    rows, detail = sniffed_rows(path, text_in)
    header: list[str] | None = None
    names: list[str] = []
    for count, (_line, cells) in enumerate(rows):
        keys = [norm(c) for c in cells]
        if "first name" in keys and "last name" in keys:
            header, names = keys, [c.strip() for c in cells]
            break
        if count + 1 >= _HEADER_SEARCH_ROWS:
            break
    if header is None:
        raise ImportFileError(
            path, 1,
            "no LinkedIn Connections header (First Name,Last Name,URL,Email Address,Company,"
            "Position,Connected On)" + kind_hint(text_in, "linkedin"),
        )
    columns = [_CONNECTION_COLUMNS.get(k) for k in header]
    parsed = ParsedImport("linkedin", path, [], detail=detail)
    parsed.ignored_columns = [c for c, k in zip(names, columns, strict=True) if k is None and c]
    days: dict[str, tuple[datetime, bool]] = {}  # each date read, and whether it is in bounds
    for line, cells in rows:
        if len(cells) > len(header) and not any(c.strip() for c in cells[len(header):]):
            cells = cells[: len(header)]  # a trailing delimiter (Excel, Outlook)
        if len(cells) != len(header):
            raise ImportFileError(
                path, line, f"{len(cells)} fields where the header has {len(header)} "
                "(the file may be truncated or edited)",
            )
        row: dict[str, str] = {}
        plain = "".join(cells).isprintable()  # nothing to clean in any cell: the common case
        for key, cell in zip(columns, cells, strict=True):
            if key and (cell := cell.strip()):
                row[key] = cell if plain else text.clean(cell)
        squeeze = _squeezed if plain else clean
        first, last = squeeze(row.get("first", "")), squeeze(row.get("last", ""))
        name = f"{first} {last}" if first and last else first or last
        created = at
        connected = row.get("connected")
        if connected:
            known = days.get(connected)  # thousands of rows share few dates: read each once
            if known is None:
                try:
                    moment = _connected_on(connected)
                except ValueError:
                    raise date_error(path, line, "Connected On", connected, "24 Aug 2023") from None
                known = days[connected] = (moment, in_bounds(moment, at))
            moment, fits = known
            created = moment if fits else bounded_created(moment, at, line, parsed.notices, "a connection date")
        if not name:
            parsed.skipped.append(Skip(line, "no name (LinkedIn hides some members' names)"))
            continue
        email = row.get("email")
        emails = split_emails(email) if email else []
        if emails and any("@" not in e for e in emails):
            # 2018 exports put the member's URN (`urn:li:member:12345`) where hidden e-mails go.
            emails = [e for e in emails if "@" in e and not e.startswith("urn:")]
        contact = Contact(
            id=new_id(), name=name, company=squeeze(row.get("company", "")),
            title=squeeze(row.get("title", "")), emails=emails,
            urls=[row["url"]] if row.get("url") else [], stage=Stage.MET, met_at="LinkedIn",
            source="linkedin", created_at=created, updated_at=at, stage_changed_at=created,
            name_parts=_tuple(NameParts, (last, first, "", "", "")) if first or last else None,
            stage_history=[_tuple(StageMark, (Stage.MET, created))],  # as the store marks a new contact
        )
        parsed.records.append(Incoming(line, contact))
    return parsed


def _squeezed(cell: str) -> str:
    """`clean` (runs of white space made one space) for a stripped cell of a printable row:
    its only white space can be the plain space, so most cells are left as they are."""
    return clean(cell) if "  " in cell else cell


def _connected_on(value: str) -> datetime:
    """`24 Aug 2023`, `6-Feb-26` (at noon) or `1/8/18, 6:14 PM` (at that time)."""
    try:
        return at_noon(parse_day(value))
    except ValueError:
        return parse_moment(value)


_INVITATION_COLUMNS = {
    "from": "from",
    "to": "to",
    "sent at": "sent",
    "message": "message",
    "direction": "direction",
    "inviterprofileurl": "from_url",
    "inviter profile url": "from_url",
    "inviteeprofileurl": "to_url",
    "invitee profile url": "to_url",
}
NO_MESSAGE = "Sent you a LinkedIn invitation (no message)"


def read_invitations(path: str, text_in: str, *, at: datetime) -> ParsedImport:
    """LinkedIn's Invitations.csv: incoming invitations become Met contacts.

    The invitation message is logged as a `message` interaction they wrote (direction
    `in`) at the time it was sent.
    Outgoing invitations and the user's own name (the `To` of incoming rows, the `From`
    of outgoing ones) never become contacts.
    """
    rows, detail = sniffed_rows(path, text_in)
    first = next(rows, None)
    names = [c.strip() for c in first[1]] if first else []
    header = [norm(c) for c in names]
    columns = [_INVITATION_COLUMNS.get(k) for k in header]
    missing = [n for n in ("from", "to", "sent", "direction") if n not in columns]
    if first is None or missing:
        raise ImportFileError(
            path, first[0] if first else 1,
            "no LinkedIn Invitations header (From,To,Sent At,Message,Direction,…)"
            + kind_hint(text_in, "invitations"),
        )
    parsed = ParsedImport("invitations", path, [], detail=detail)
    parsed.ignored_columns = [c for c, k in zip(names, columns, strict=True) if k is None and c]
    rows_read: list[tuple[int, dict[str, str], str]] = []
    for line, cells in rows:
        check_width(path, line, cells, header)
        row = {
            k: text.clean(cell.strip(), multiline=k == "message")
            for k, cell in zip(columns, cells, strict=False) if k
        }
        direction = row.get("direction", "").casefold()
        if direction not in ("incoming", "outgoing"):
            raise ImportFileError(
                path, line, f"Direction must be INCOMING or OUTGOING, not {row.get('direction', '')!r}"
            )
        rows_read.append((line, row, direction))
        # The user is the addressee of every incoming row and the sender of every outgoing one.
        me = row.get("to") if direction == "incoming" else row.get("from")
        if me:
            parsed.user_names.add(norm(me))
    for line, row, direction in rows_read:
        try:
            sent = parse_moment(row["sent"]) if row.get("sent") else at
        except ValueError:
            raise date_error(path, line, "Sent At", row["sent"], "11/2/26, 6:45 PM") from None
        sent = bounded_created(sent, at, line, parsed.notices, "an invitation date")
        if direction == "outgoing":
            parsed.skipped.append(Skip(line, "an invitation you sent"))
            continue
        name = clean(row.get("from"))
        if not name:
            parsed.skipped.append(Skip(line, "no name"))
            continue
        contact = Contact(
            id=new_id(), name=name, urls=[row["from_url"]] if row.get("from_url") else [],
            stage=Stage.MET, met_at="LinkedIn request", source="linkedin",
            created_at=sent, updated_at=at, stage_changed_at=sent,
        )
        message = Interaction(
            id=new_id(), contact_id=contact.id, at=sent, kind=Kind.MESSAGE,
            summary=row.get("message", "").strip() or NO_MESSAGE, direction=Direction.IN,  # they wrote
        )
        parsed.records.append(Incoming(line, contact, [message]))
    return parsed
