"""CSV in: trustboard's own columns, Google Contacts, Outlook and Thunderbird exports.

Columns are matched by name (`board.transfer.columns`); the delimiter (`,`, `;` or tab) is
detected from the header and said in the summary. Google's ` ::: ` separates several
values in one cell, its labels become tags, Outlook's `Title` is an honorific. A trailing
empty field never refuses a file. A cell that our export neutralised against spreadsheet
formulas (a leading `'` before `=`, `+`, `-`, `@`, tab or CR) is read back as it was.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from datetime import datetime

from board import text
from board.errors import ImportFileError, UserError
from board.model import Contact, NameParts, Stage, new_id
from board.transfer.columns import column_keys, google_labels
from board.transfer.common import (
    Incoming,
    Notice,
    ParsedImport,
    Skip,
    clean,
    kind_hint,
    norm,
    split_emails,
    split_list,
    unique,
)
from board.transfer.csvrows import check_width, sniffed_rows
from board.transfer.when import bounded_created, date_error, parse_birthday_cell, parse_moment

CSV_COLUMNS = (
    "name", "company", "title", "emails", "phones", "urls", "stage", "tags", "expertise",
    "needs", "met_at", "notes", "created_at", "archived", "nickname", "birthday",
)  # what `export --format csv` writes, in order

_TRUE = {"1", "yes", "y", "true", "x", "archived"}
_FALSE = {"", "0", "no", "n", "false"}
_MULTILINE = {"notes", "needs"}
_NEUTRALISED = re.compile(r"^'+[=+\-@\t\r]")


def unneutralise(cell: str) -> str:
    """Undo the export's formula guard: `'=SUM(1)` → `=SUM(1)`, `''=x` → `'=x`."""
    return cell[1:] if _NEUTRALISED.match(cell) else cell


def read_csv(path: str, text_in: str, *, at: datetime) -> ParsedImport:
    """A CSV with a header row; columns are matched by name, case-insensitively."""
    rows, detail = sniffed_rows(path, text_in)
    first = next(rows, None)
    if first is None:
        raise ImportFileError(path, 1, "the file is empty")
    header_line, cells = first
    header = [norm(c) for c in cells]
    columns = column_keys(header)
    if not {"name", "first", "last"} & set(columns):
        raise ImportFileError(
            path, header_line,
            "no name column: the header row needs `name` (or `first name` and `last name`)"
            + kind_hint(text_in, "csv"),
        )
    parsed = ParsedImport("csv", path, [], detail=detail)
    parsed.ignored_columns = [
        text.clean(c.strip()) for c, k in zip(cells, columns, strict=True)
        if k is None and c.strip()
    ]
    for line, cells in rows:
        check_width(path, line, cells, header)
        row: dict[str, list[str]] = defaultdict(list)
        for key, cell in zip(columns, cells, strict=False):
            if key and cell.strip():
                value = unneutralise(cell.strip())
                row[key].append(text.clean(value, multiline=key in _MULTILINE).strip())
        record = _csv_record(path, line, row, at, parsed.notices)
        if isinstance(record, Skip):
            parsed.skipped.append(record)
        else:
            parsed.records.append(record)
    return parsed


def _csv_record(
    path: str, line: int, row: dict[str, list[str]], at: datetime, notices: list[Notice]
) -> Incoming | Skip:
    def one(key: str) -> str:
        for cell in row.get(key, []):
            value = clean(cell)
            if value:
                return value
        return ""

    def many(key: str) -> list[str]:
        items: list[str] = []
        for cell in row.get(key, []):
            items.extend(split_list(cell))
        return unique(items)

    emails: list[str] = []
    for cell in row.get("emails", []):
        for email in split_emails(cell.replace(":::", " ")):
            if "@" in email:
                emails.append(email)
            else:
                notices.append(Notice(line, f"{email[:40]!r} in an e-mail column is no address, left out"))
    first, middle, last = one("first"), one("middle"), one("last")
    name = one("name") or clean(f"{first} {middle} {last}")
    name = name or one("nickname") or one("company") or (emails[0] if emails else "") or next(iter(many("phones")), "")
    if not name:
        return Skip(line, "no name")
    stage = Stage.MET
    if one("stage"):
        try:
            stage = Stage.parse(one("stage"))
        except UserError as exc:
            raise ImportFileError(path, line, str(exc)) from None
    created = at
    if one("created_at"):
        try:
            created = parse_moment(one("created_at"))
        except ValueError:
            raise date_error(path, line, "created_at", one("created_at"), "2024-03-01") from None
        created = bounded_created(created, at, line, notices, "a creation date")
    archived = one("archived").casefold()
    if archived not in _TRUE | _FALSE:
        raise ImportFileError(path, line, f"archived must be yes or no, not {one('archived')!r}")
    tags = unique(many("tags") + [t for cell in row.get("labels", []) for t in google_labels(cell)])
    contact = Contact(
        id=new_id(), name=name, company=one("company"), title=one("title"),
        emails=unique(emails), phones=many("phones"), urls=many("urls"), stage=stage,
        tags=tags, expertise=many("expertise"), needs="\n".join(row.get("needs", [])),
        met_at=one("met_at"), source="csv", notes="\n".join(row.get("notes", [])),
        created_at=created, updated_at=at, stage_changed_at=created,
        archived=archived in _TRUE,
        nickname=one("nickname"), birthday=_birthday(one, line, notices),
        name_parts=NameParts(last, first, middle, one("prefix"), one("suffix")) if first or last else None,
    )
    return Incoming(line, contact)


def _birthday(one: Callable[[str], str], line: int, notices: list[Notice]) -> str:
    cell = one("birthday")
    month, day = one("birth_month"), one("birth_day")
    if not cell and month.isdigit() and day.isdigit():  # Thunderbird's three columns
        cell = f"{one('birth_year') or '-'}-{int(month):02d}-{int(day):02d}"
    if not cell:
        return ""
    birthday = parse_birthday_cell(cell)
    if birthday is None:
        if cell not in ("0/0/00", "0/0/0000"):
            notices.append(Notice(line, f"a birthday that is not a date ({cell[:20]!r}), left out"))
        return ""
    return birthday
