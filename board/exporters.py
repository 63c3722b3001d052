"""Taking the network out: trustboard JSON (everything), CSV and vCard 3.0.

Every export includes archived contacts. JSON carries every field and every
interaction and imports back as the identity; CSV writes the columns `import csv`
reads; vCard writes what address books understand (name, company, title, emails,
phones, urls, notes and tags as CATEGORIES).
"""

from __future__ import annotations

import csv
import io
import re
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from board.clock import to_iso
from board.errors import UserError
from board.files import disk_full, write_atomic
from board.model import Contact, Interaction
from board.transfer.common import LIST_SEPARATOR, gc_paused
from board.transfer.csvfile import CSV_COLUMNS
from board.transfer.jsonfile import JSON_FORMAT, JSON_VERSION
from board.transfer.vcard_write import contact_vcard

if TYPE_CHECKING:
    from board.store import Store

FORMATS = ("json", "csv", "vcard")


def network(store: Store) -> list[tuple[Contact, list[Interaction]]]:
    """Every contact (archived included) with its interactions, in a stable order."""
    store.refresh()  # (outside the lock: it may have to finish a crashed writer's change)
    with store.lock.shared():
        # Contacts and interactions from one moment: no writer can commit in between.
        store.refresh()
        contacts = store.contacts(archived=None)
        history: dict[str, list[Interaction]] = defaultdict(list)
        for interaction in store.all_interactions():
            history[interaction.contact_id].append(interaction)
    contacts.sort(key=lambda c: (c.name.casefold(), c.id))
    # sorted() is stable: interactions at the same instant keep the store's order.
    return [(c, sorted(history.get(c.id, []), key=lambda i: i.at)) for c in contacts]


def export_json(store: Store) -> bytes:
    """The full trustboard format of SPEC §8: contacts with nested interactions, and the
    resource library as a top-level "resources" array."""
    items: list[dict[str, Any]] = []
    for contact, interactions in network(store):
        item = contact.to_dict()
        item["interactions"] = [
            {k: v for k, v in i.to_dict().items() if k != "contact_id"}  # every field, nested
            for i in interactions
        ]
        items.append(item)
    document = {
        "format": JSON_FORMAT,
        "version": JSON_VERSION,
        "exported_at": to_iso(store.clock()),
        "contacts": items,
        # The library of things worth sharing (schema 2), by title.
        "resources": [r.to_dict() for r in store.resources()],
    }
    return orjson.dumps(document, option=orjson.OPT_INDENT_2) + b"\n"


_FORMULA = re.compile(r"^'*[=+\-@\t\r]")
_NUMBER = r"[+-]?[\d\s().-]*\d[\d\s().-]*"
_PLAIN_NUMBER = re.compile(rf"^{_NUMBER}(?:;{_NUMBER})*$")  # phone numbers, "; "-joined


def formula_safe(cell: str) -> str:
    """A cell a spreadsheet will not run: OWASP's leading `'` before `= + - @ tab CR`.

    Plain numbers (`+1 555 0100`, `-3`) are left as they are. A cell already starting
    with `'` before one of those gets one more, so `import csv` (which removes one) gives
    back exactly what was exported.
    """
    if _FORMULA.match(cell) and not _PLAIN_NUMBER.match(cell):
        return "'" + cell
    return cell


def export_csv(store: Store) -> bytes:
    """One row per contact with the columns `trustboard import csv` reads, formula-safe."""
    return csv_bytes(c for c, _i in network(store))


def csv_bytes(contacts: Iterable[Contact]) -> bytes:
    """Contacts as the CSV `export --format csv` writes."""
    out = io.StringIO(newline="")
    writer = csv.writer(out)  # RFC 4180: CRLF line ends, quotes where needed
    writer.writerow(CSV_COLUMNS)
    joiner = f"{LIST_SEPARATOR} "
    for contact in contacts:
        row = [
            contact.name, contact.company, contact.title, joiner.join(contact.emails),
            joiner.join(contact.phones), joiner.join(contact.urls), contact.stage.value,
            joiner.join(contact.tags), joiner.join(contact.expertise), contact.needs,
            contact.met_at, contact.notes, to_iso(contact.created_at) or "",
            "yes" if contact.archived else "no", contact.nickname, contact.birthday,
        ]
        writer.writerow([formula_safe(cell) for cell in row])
    return out.getvalue().encode("utf-8")


def export_vcard(store: Store) -> bytes:
    """vCard 3.0, the version address books (Apple, Google, Outlook) read most reliably."""
    return vcard_bytes(c for c, _i in network(store))


def vcard_bytes(contacts: Iterable[Contact]) -> bytes:
    return "".join(contact_vcard(c) for c in contacts).encode("utf-8")


_EXPORTERS = {"json": export_json, "csv": export_csv, "vcard": export_vcard}
_SUFFIXES = {".json": "json", ".csv": "csv", ".vcf": "vcard", ".vcard": "vcard"}


def format_for(path: str | Path) -> str | None:
    """The export format a file name asks for (`people.vcf` → vcard), or None."""
    return _SUFFIXES.get(Path(path).suffix.lower())


def export_data(store: Store, fmt: str) -> bytes:
    """The whole network in `fmt` (one of FORMATS), as bytes."""
    exporter = _EXPORTERS.get(fmt.strip().lower())
    if exporter is None:
        raise UserError(f"unknown export format {fmt!r}: use one of {', '.join(FORMATS)}")
    with gc_paused():
        return exporter(store)


def export_file(store: Store, fmt: str, path: str | Path) -> int:
    """Write the network in `fmt` to `path` atomically; returns how many contacts it holds."""
    payload = export_data(store, fmt)
    target = Path(path).expanduser()
    if target.is_dir():
        raise UserError(f"{path} is a directory: name a file to export to")
    if not target.parent.is_dir():
        raise UserError(f"cannot write {path}: the folder {target.parent} does not exist")
    try:
        write_atomic(target, payload)
    except OSError as exc:
        if disk_full(exc):
            raise UserError(f"the disk is full: {path} was not written (nothing was changed); "
                            "free some space and try again") from None
        raise UserError(f"cannot write {path}: {exc.strerror or exc}") from None
    return len(store.contacts(archived=None))
