"""Plain CSV: a header row, columns matched by name (`name`, `company`, `email`, …)."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from board.errors import ImportFileError, UserError
from board.model import Contact, Stage, new_id
from board.transfer.common import (
    Incoming,
    ParsedImport,
    Skip,
    check_width,
    clean,
    csv_rows,
    date_error,
    kind_hint,
    norm,
    parse_moment,
    split_emails,
    split_list,
    unique,
)

_CSV_COLUMNS = {
    "name": "name", "full name": "name", "display name": "name", "contact name": "name",
    "first name": "first", "given name": "first", "firstname": "first",
    "last name": "last", "family name": "last", "surname": "last", "lastname": "last",
    "company": "company", "organization": "company", "organisation": "company",
    "org": "company", "company name": "company",
    "title": "title", "position": "title", "job title": "title", "role": "title",
    "email": "emails", "emails": "emails", "e mail": "emails", "email address": "emails",
    "e mail address": "emails", "email addresses": "emails",
    "phone": "phones", "phones": "phones", "phone number": "phones", "mobile": "phones",
    "telephone": "phones", "tel": "phones",
    "url": "urls", "urls": "urls", "website": "urls", "web site": "urls",
    "linkedin": "urls", "profile url": "urls", "linkedin url": "urls",
    "stage": "stage",
    "tags": "tags", "tag": "tags", "labels": "tags", "categories": "tags",
    "expertise": "expertise",
    "needs": "needs",
    "met at": "met_at",
    "notes": "notes", "note": "notes", "comments": "notes",
    "created at": "created_at", "created": "created_at",
    "archived": "archived",
}
CSV_COLUMNS = (
    "name", "company", "title", "emails", "phones", "urls", "stage", "tags", "expertise",
    "needs", "met_at", "notes", "created_at", "archived",
)  # what `export --format csv` writes, in order; the reader accepts each of them


_TRUE = {"1", "yes", "y", "true", "x", "archived"}
_FALSE = {"", "0", "no", "n", "false"}


def read_csv(path: str, text: str, *, at: datetime) -> ParsedImport:
    """A CSV with a header row; columns are matched by name, case-insensitively."""
    rows = csv_rows(path, text)
    first = next(rows, None)
    if first is None:
        raise ImportFileError(path, 1, "the file is empty")
    header_line, cells = first
    header = [norm(c) for c in cells]
    columns = [_CSV_COLUMNS.get(k) for k in header]
    if "name" not in columns and "first" not in columns:
        raise ImportFileError(
            path, header_line,
            "no name column: the header row needs `name` (or `first name` and `last name`)"
            + kind_hint(text, "csv"),
        )
    parsed = ParsedImport("csv", path, [])
    parsed.ignored_columns = [c.strip() for c, k in zip(cells, columns, strict=True) if k is None and c.strip()]
    for line, cells in rows:
        check_width(path, line, cells, header)
        row: dict[str, list[str]] = defaultdict(list)
        for key, cell in zip(columns, cells, strict=False):
            if key and cell.strip():
                row[key].append(cell.strip())
        record = _csv_record(path, line, row, at)
        if isinstance(record, Skip):
            parsed.skipped.append(record)
        else:
            parsed.records.append(record)
    return parsed


def _csv_record(path: str, line: int, row: dict[str, list[str]], at: datetime) -> Incoming | Skip:
    def one(key: str) -> str:
        return clean(row[key][0]) if row.get(key) else ""

    def many(key: str) -> list[str]:
        items: list[str] = []
        for cell in row.get(key, []):
            items.extend(split_emails(cell) if key == "emails" else split_list(cell))
        return unique(items)

    name = one("name") or clean(f"{one('first')} {one('last')}")
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
    archived = one("archived").casefold()
    if archived not in _TRUE | _FALSE:
        raise ImportFileError(path, line, f"archived must be yes or no, not {one('archived')!r}")
    for email in many("emails"):
        if "@" not in email or any(ch.isspace() for ch in email):
            raise ImportFileError(path, line, f"{email!r} does not look like an email address")
    notes = "\n".join(cell.strip() for cell in row.get("notes", []))
    contact = Contact(
        id=new_id(), name=name, company=one("company"), title=one("title"),
        emails=many("emails"), phones=many("phones"), urls=many("urls"), stage=stage,
        tags=many("tags"), expertise=many("expertise"), needs=one("needs"),
        met_at=one("met_at"), source="csv", notes=notes, created_at=created,
        updated_at=at, stage_changed_at=created, archived=archived in _TRUE,
    )
    return Incoming(line, contact)
