"""What a sync did, in words for people and in JSON for scripts."""

from __future__ import annotations

from collections import Counter
from typing import Any

from board.sync.result import SyncResult
from board.text import plural, safe_line

_NAMES = {"contacts": ("contact", "contacts"), "interactions": ("interaction", "interactions"),
          "resources": ("resource", "resources")}
SHOWN_CONFLICTS = 5


def counted(counts: Counter[str]) -> str:
    """`3 contacts and 12 interactions`; empty when nothing was counted."""
    words = []
    for table in ("contacts", "interactions", "resources"):
        n = counts.get(table, 0)
        if n:
            one, many = _NAMES[table]
            words.append(f"{n} {one if n == 1 else many}")
    if len(words) > 1:
        return ", ".join(words[:-1]) + " and " + words[-1]
    return words[0] if words else ""


def summary(result: SyncResult) -> str:
    """One line: `3 contacts from server; sent 1 interaction; 1 conflict resolved: …`."""
    parts = []
    got, sent = counted(result.received), counted(result.sent)
    if got:
        parts.append(f"{got} from {result.source}")
    if sent:
        parts.append(f"sent {sent} to {result.source}")
    if not parts:
        parts.append(f"already in sync with {result.source}")
    if result.conflicts:
        n = len(result.conflicts)
        shown = "; ".join(c.describe() for c in result.conflicts[:SHOWN_CONFLICTS])
        more = f"; and {n - SHOWN_CONFLICTS} more (notes on each contact)" if n > SHOWN_CONFLICTS else ""
        parts.append(f"{plural(n, 'conflict')} resolved: {shown}{more}")
    return safe_line("; ".join(parts))


def report_lines(result: SyncResult) -> list[str]:
    """The summary, then one line per pair of people who may be one person."""
    lines = [summary(result)]
    for dup in result.duplicates:
        lines.append(safe_line(f"possible duplicate (added on both machines): {dup.describe()}"))
    return lines


def as_json(result: SyncResult) -> dict[str, Any]:
    def tables(counts: Counter[str]) -> dict[str, int]:
        return {table: counts.get(table, 0) for table in ("contacts", "interactions", "resources")}

    return {
        "remote": result.remote,
        "machine": result.machine,
        "at": result.at.isoformat(),
        "commit": result.commit,
        "attempts": result.attempts,
        "received": tables(result.received),
        "sent": tables(result.sent),
        "conflicts": [
            {"table": c.table, "id": c.record_id, "name": c.name, "field": c.field,
             "kept": c.kept, "noted": c.noted}
            for c in result.conflicts
        ],
        "duplicates": [
            {"first": {"id": d.first_id, "name": d.first_name},
             "second": {"id": d.second_id, "name": d.second_name}, "why": d.why}
            for d in result.duplicates
        ],
    }
