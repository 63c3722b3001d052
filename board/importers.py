"""Bringing a network in: LinkedIn exports, vCards, CSV and trustboard JSON.

The one call the CLI and the board make is `import_file(store, kind, path)`. It runs in
three steps, so that a bad file never changes anything:

1. *read* (`board.transfer.<format>`): the whole file becomes `Incoming` records, or an
   `ImportFileError` naming the file, the line and the reason, before the store is touched;
2. *plan* (`board.transfer.merge`): each record is matched against the contacts already
   there (profile URL, then any email, then exact name + company) and merged without loss;
3. *apply*: the plan is written as one store transaction (one atomic change, one undo
   step) after a "before-import" backup.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from board import text
from board.config import DEFAULT_RECONNECT_PER_DAY
from board.errors import ImportFileError, UserError
from board.links import is_plain_link, repair_link
from board.model import local_date, now
from board.text import plural
from board.transfer.common import (
    KIND_LABELS,
    KINDS,
    Notice,
    ParsedImport,
    Skip,
    decode_text,
    gc_paused,
    guess_kind_from_text,
    read_bytes,
)
from board.transfer.csvfile import read_csv
from board.transfer.jsonfile import read_json
from board.transfer.linkedin import read_invitations, read_linkedin
from board.transfer.merge import ImportPlan, apply_plan, plan_import
from board.transfer.reconnect import ReconnectPlan
from board.transfer.stored import History
from board.transfer.vcard import read_vcard

if TYPE_CHECKING:
    from board.store import Change, Store

__all__ = [
    "KINDS", "KIND_LABELS", "ImportSummary", "detect_kind", "guess_kind", "import_file", "read_import",
]


def read_import(kind: str, path: str | Path, *, at: datetime | None = None) -> ParsedImport:
    """Read and validate a whole import file of `kind` (one of KINDS).

    `at` is the moment of the import (new contacts without a date in the file are
    created then). Raises ImportFileError for a missing or malformed file.
    """
    kind = kind.strip().lower()
    if kind not in KINDS:
        raise UserError(f"unknown import kind {kind!r}: use one of {', '.join(KINDS)}")
    at = at or now()
    shown = str(path)
    raw = read_bytes(Path(path).expanduser(), shown)
    if kind == "json":
        return _web_links(read_json(shown, raw, at=at))
    if kind == "vcard":
        return _web_links(read_vcard(shown, raw, at=at))
    readers = {
        "linkedin": read_linkedin, "invitations": read_invitations, "csv": read_csv,
    }
    return _web_links(readers[kind](shown, decode_text(shown, raw), at=at))


def _web_links(parsed: ParsedImport) -> ParsedImport:
    """Each record's URLs as web links (`board.links`, the rule of add and edit): a bare
    host gets its https://, any other (`javascript:`, `file:`) is left out with a note."""
    for record in parsed.records:
        if all(map(is_plain_link, record.contact.urls)):
            continue  # nearly every link: nothing to repair
        repaired = [repair_link(url) for url in record.contact.urls]
        if repaired == record.contact.urls:
            continue
        parsed.notices += [
            Notice(record.line, "a URL that is not a web link (http:// or https://) left out")
            for fixed in repaired if fixed is None
        ]
        record.contact = record.contact.copy(urls=[url for url in repaired if url is not None])
    return parsed


def guess_kind(path: str | Path) -> str | None:
    """The import kind a file looks like (one of KINDS), or None; reads only its start."""
    try:
        with open(Path(path).expanduser(), "rb") as handle:
            head = handle.read(65536)
    except OSError:
        return None
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = head[: len(head) // 2 * 2].decode("utf-16", errors="replace")
    else:
        text = head.decode("utf-8-sig", errors="replace")
    kind = guess_kind_from_text(text)
    if kind is None and str(path).lower().endswith(".csv"):
        return "csv"
    return kind


def detect_kind(path: str | Path) -> str:
    """The kind of an import file, worked out from its content (ImportFileError if unclear)."""
    shown = str(path)
    read_bytes(Path(path).expanduser(), shown)  # the same "no such file" as an import
    kind = guess_kind(path)
    if kind is None:
        raise ImportFileError(
            shown, None,
            "cannot tell what kind of file this is: name it, as in `trustboard import csv FILE` "
            f"(kinds: {', '.join(KINDS)})",
        )
    return kind


@dataclass
class ImportSummary:
    """What an import did (or, for a dry run, would do)."""

    kind: str
    path: str
    dry_run: bool = False
    detected: bool = False  # the kind was worked out from the content
    added: list[str] = field(default_factory=list)  # names
    updated: list[tuple[str, list[str]]] = field(default_factory=list)  # name, fields changed
    unchanged: int = 0
    skipped: list[Skip] = field(default_factory=list)
    interactions: int = 0
    resources: tuple[int, int, int] = (0, 0, 0)  # trustboard JSON: added, updated, unchanged
    resources_skipped: list[str] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    detail: str = ""  # how the file was read ("semicolon-separated")
    change: Change | None = None  # the store change the import made (None if it wrote nothing)
    reconnect: ReconnectPlan | None = None  # the days the new people fall due

    @classmethod
    def of(cls, parsed: ParsedImport, plan: ImportPlan, *, dry_run: bool) -> ImportSummary:
        return cls(
            kind=parsed.kind, path=parsed.path, dry_run=dry_run,
            added=[r.contact.name for r in plan.adds],
            updated=[
                (u.before.name, u.changed + (["interactions"] if u.interactions else []))
                for u in plan.updates
            ],
            unchanged=plan.unchanged, skipped=plan.skipped,
            interactions=sum(len(r.interactions) for r in plan.adds)
            + sum(len(u.interactions) for u in plan.updates),
            ignored_columns=parsed.ignored_columns, notices=parsed.notices, detail=parsed.detail,
            resources=(len(plan.resource_adds), len(plan.resource_updates), plan.resources_unchanged),
            resources_skipped=plan.resources_skipped,
            reconnect=plan.reconnect,
        )

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.resources[0] or self.resources[1])

    def describe(self) -> list[str]:
        """The human summary: one headline, then details (a few lines at most)."""
        name = Path(self.path).name
        label = KIND_LABELS[self.kind] + (", detected" if self.detected else "")
        label += f", {self.detail}" if self.detail else ""
        counts = (
            f"{len(self.added)} added, {len(self.updated)} updated, "
            f"{self.unchanged} unchanged, {len(self.skipped)} skipped"
        )
        if self.dry_run:
            lines = [f"Dry run of {name} ({label}), nothing written: would be {counts}."]
        else:
            lines = [f"Imported {name} ({label}): {counts}."]
        if self.added and len(self.added) <= 8:
            lines.append("  added: " + ", ".join(self.added))
        if self.updated:
            fields_changed = Counter(f for _name, changed in self.updated for f in changed)
            detail = ", ".join(f"{f} {n}" for f, n in fields_changed.most_common())
            who = ", ".join(n for n, _c in self.updated) if len(self.updated) <= 8 else ""
            lines.append(f"  updated: {detail}" + (f" ({who})" if who else ""))
        if self.interactions:
            verb = "would be logged" if self.dry_run else "logged"
            lines.append(f"  interactions {verb}: {self.interactions}")
        if any(self.resources) or self.resources_skipped:
            added, updated, same = self.resources
            lines.append(
                f"  resources: {added} added, {updated} updated, {same} unchanged"
                + (f", {len(self.resources_skipped)} skipped" if self.resources_skipped else "")
            )
            lines += [f"  skipped {reason}" for reason in self.resources_skipped[:8]]
        if self.reconnect:
            lines.append(_plan_line(self.reconnect))
        lines += _by_reason("skipped", self.skipped)
        lines += _by_reason("note:", self.notices)
        if self.ignored_columns:
            lines.append("  ignored columns: " + _capped(self.ignored_columns))
        return [text.safe_line(line) for line in lines]


def _plan_line(plan: ReconnectPlan) -> str:
    """`  reconnect plan: 40 people, 3 a day from … to …, most recent first (none due today)`."""
    people = _people(plan.count)
    if plan.first == plan.last:
        line = f"  reconnect plan: {people} due on {_day(plan.first)} (none due today)"
    else:
        pace = f"{plan.per_day} a day"
        if plan.per_day > plan.asked_per_day:
            pace += f" (not {plan.asked_per_day}: a plan ends within ten years)"
        line = (
            f"  reconnect plan: {people}, {pace} from {_day(plan.first)} to {_day(plan.last)}, "
            "most recent first (none due today)"
        )
    if plan.moved:
        days = "1 day" if plan.moved_days == 1 else f"{plan.moved_days} days"
        fresh = "1 person connected in the last 30 days goes" if plan.fresh == 1 else (
            f"{plan.fresh} people connected in the last 30 days go"
        )
        waiting = "the 1 person waiting moves" if plan.moved == 1 else f"the {plan.moved} people waiting move"
        line += f"; {fresh} first, so {waiting} back {days}"
    return line


def _people(count: int) -> str:
    return "1 person" if count == 1 else f"{count} people"


def _day(day: date) -> str:
    return f"{day:%a} {day.day} {day:%b} {day.year}"


def _by_reason(verb: str, items: Sequence[Skip | Notice]) -> list[str]:
    """One line per reason, most frequent first, with a few of its line numbers."""
    by_reason: dict[str, list[int | None]] = defaultdict(list)
    for item in items:
        by_reason[item.reason].append(item.line)
    lines = []
    for index, (reason, where) in enumerate(sorted(by_reason.items(), key=lambda kv: -len(kv[1]))):
        if index == 8:
            lines.append(f"  … and {len(by_reason) - 8} more reasons")
            break
        numbers = [str(n) for n in where if n]
        shown = ", ".join(numbers[:6]) + (", …" if len(numbers) > 6 else "")
        place = f"line {shown}" if len(numbers) == 1 else f"lines {shown}" if numbers else ""
        count = f"{len(where)} × " if len(where) > 1 else ""
        lines.append(f"  {verb} {count}{reason}" + (f" ({place})" if place else ""))
    return lines


IGNORED_SHOWN = 12  # column names listed; a hostile header may have a million


def _capped(names: list[str]) -> str:
    shown = ", ".join(text.fit(name, 40) for name in names[:IGNORED_SHOWN])
    more = len(names) - IGNORED_SHOWN
    return shown + (f" … and {more} more" if more > 0 else "")


def import_file(
    store: Store,
    kind: str | None,
    path: str | Path,
    *,
    dry_run: bool = False,
    my_name: str = "",
    reconnect_per_day: int = DEFAULT_RECONNECT_PER_DAY,
) -> ImportSummary:
    """Import a file of `kind` into the store, all or nothing; the board and CLI call this.

    The whole file is read and validated first (ImportFileError names the line of the
    first problem). The changes are then written as one transaction labelled
    "imported N contacts from FILE", after a "before-import" backup. With dry_run,
    nothing is written and the summary tells what would change. With kind None, the
    kind is worked out from the content (`detect_kind`) and the summary says so. New
    people join the reconnect plan, `reconnect_per_day` a day (`board.transfer.reconnect`).
    """
    detected = kind is None
    if kind is None:
        kind = detect_kind(path)
    with gc_paused():
        summary = _import_file(store, kind, path, dry_run=dry_run, my_name=my_name, per_day=reconnect_per_day)
    summary.detected = detected
    return summary


def _import_file(
    store: Store, kind: str, path: str | Path, *, dry_run: bool, my_name: str, per_day: int
) -> ImportSummary:
    at = store.clock()
    parsed = read_import(kind, path, at=at)
    stamp = store.stamp()
    store.refresh()
    history = History(store.interactions, store.all_interactions, store.interaction_ids)
    today = local_date(at)
    plan = plan_import(parsed, store.contacts(archived=None), history, my_name=my_name, today=today,
                       per_day=per_day, library=store.resources() if parsed.resources else ())
    if dry_run or not plan.writes:
        return ImportSummary.of(parsed, plan, dry_run=dry_run)
    name = Path(path).name
    with store.transaction(f"imported contacts from {name}", backup="before-import") as txn:
        if store.stamp() != stamp:
            # Another process wrote since the plan was made: plan again under the lock.
            # (Nothing is written before apply_plan, so the store's reads are this state.)
            history = History(txn.interactions, store.all_interactions, store.interaction_ids)
            plan = plan_import(parsed, txn.contacts(), history, my_name=my_name, today=today,
                               per_day=per_day, library=txn.resources() if parsed.resources else ())
        txn.label = f"imported {plural(len(plan.adds) + len(plan.updates), 'contact')} from {name}"
        if plan.resource_adds or plan.resource_updates:
            txn.label += f" and {plural(len(plan.resource_adds) + len(plan.resource_updates), 'resource')}"
        apply_plan(txn, plan, store.clock())
    summary = ImportSummary.of(parsed, plan, dry_run=False)
    summary.change = txn.change
    return summary
