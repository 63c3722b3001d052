"""The three-way merge of two machines' records against their common ancestor.

Pure functions over stored records (`Records`: table → id → the JSON record as the
store keeps it): no git, no disk, no clock. Per record:

1. Added on one side: kept. Deleted on one side: deleted only if the other side did
   not change it; an edit beats a delete. A contact also survives a delete when the
   other side logged or changed one of its interactions, and then the interactions
   that went only because of that delete come back with it.
2. Changed on both sides: field by field against the base, by `board.sync.rules`.
   Every losing scalar is kept visible: as a `note` interaction on the contact
   ("sync: the other machine had Gave value (kept Trusted)"), or, for a record
   without a contact (a resource), appended to its note text.
3. Derived fields (`last_interaction_at`) are recomputed from the merged interactions.

Convergence: the result depends on the two sides, never on which one is "ours" —
every choice is decided by the records themselves (the later clock, then the larger
record), and notes get ids derived from what they record — so both machines reach
the same state whichever syncs first.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import orjson

from board.model import Interaction, Kind
from board.sync.dupes import Duplicate, find_duplicates
from board.sync.rules import TABLES, How, Rule, TableRules

Doc = dict[str, Any]
Records = dict[str, dict[str, Doc]]

CONTACTS = "contacts"
INTERACTIONS = "interactions"
NOTE_PREFIX = "sync: "
_OLDEST = datetime.min.replace(tzinfo=UTC)
_FALLBACK = datetime(1900, 1, 1, tzinfo=UTC)  # the earliest time the store accepts

__all__ = ["Conflict", "Duplicate", "Merged", "Records", "Side", "merge", "merge_list", "merge_text"]


@dataclass(frozen=True, slots=True)
class Side:
    """One machine's records and the name its text is marked with when both are kept."""

    records: Records
    machine: str = "another machine"


@dataclass(frozen=True, slots=True)
class Conflict:
    """A field both machines changed differently: what was kept and what was noted."""

    table: str
    record_id: str
    name: str
    field: str
    kept: str
    noted: str

    def describe(self) -> str:
        return f"{self.name}'s {self.field} (kept {self.kept}, {self.noted} noted)"


@dataclass(slots=True)
class Merged:
    records: Records
    conflicts: list[Conflict] = field(default_factory=list)
    duplicates: list[Duplicate] = field(default_factory=list)
    notes: set[str] = field(default_factory=set)  # ids of the notes this merge logged


# --- small pure helpers -------------------------------------------------------


def canonical(value: Any) -> bytes:
    """The one byte form of a JSON value (sorted keys): for comparing and hashing."""
    return orjson.dumps(value, option=orjson.OPT_SORT_KEYS)


def moment(text: Any) -> datetime | None:
    """A stored ISO time as an aware datetime (naive taken as UTC), or None."""
    if not isinstance(text, str) or not text:
        return None
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)


def _rank(doc: Doc, clock: str = "updated_at") -> tuple[datetime, datetime, bytes]:
    """Which version of a record wins a scalar: the later clock, then the later
    `updated_at`, then the larger record (so every machine picks the same one)."""
    return (
        moment(doc.get(clock)) or _OLDEST,
        moment(doc.get("updated_at")) or _OLDEST,
        canonical(doc),
    )


def merge_text(base: str, winner: str, loser: str, origin: str, sep: str = "\n\n") -> str:
    """Both versions of a text both sides changed: never drops either one's words."""
    if loser in winner:
        return winner
    if winner in loser:
        return loser
    extra = loser[len(base):] if base and loser.startswith(base) and winner.startswith(base) else loser
    if extra.strip() in winner:  # nothing new (or merged once already)
        return winner
    return f"{winner.rstrip()}{sep}[from {origin}] {extra.strip()}"


def merge_list(base: list[Any], winner: list[Any], loser: list[Any]) -> list[Any]:
    """Union of both lists minus what either removed from the base (winner's order first)."""
    removed = [x for x in base if x not in winner or x not in loser]
    out: list[Any] = []
    for item in (*winner, *loser):
        if item not in out and item not in removed:
            out.append(item)
    return out


def _history(items: list[Any]) -> list[Any]:
    return sorted(items, key=lambda e: (moment(e.get("at")) if isinstance(e, dict) else None) or _OLDEST)


def _note_id(table: str, record_id: str, name: str, kept: Any, lost: Any) -> str:
    """A note's id from what it records, so both machines create the very same note."""
    key = f"{table}\x00{record_id}\x00{name}\x00".encode() + canonical(lost) + b"\x00" + canonical(kept)
    return hashlib.blake2b(key, digest_size=16).hexdigest()


# --- one record ---------------------------------------------------------------


@dataclass(slots=True)
class _Loss:
    field: str
    rule: Rule
    kept: Any
    lost: Any


def _merge_doc(rules: TableRules, base: Doc, ours: Doc, theirs: Doc, names: tuple[str, str]) -> tuple[Doc, list[_Loss]]:
    """Merge two changed versions of one record field by field against `base`."""
    ours_wins = _rank(ours) > _rank(theirs)
    winner, loser = (ours, theirs) if ours_wins else (theirs, ours)
    origin = names[1] if ours_wins else names[0]
    keys = list(winner) + [k for k in loser if k not in winner]
    out: Doc = {}
    losses: list[_Loss] = []
    done: set[str] = set()
    for key in keys:
        if key in done:
            continue
        rule = rules.rule(key)
        if rule.group:
            members = [m for m in rules.groups[rule.group] if m in winner or m in loser]
            done.update(members)
            _merge_group(rules, members, base, ours, theirs, out, losses)
            continue
        default = rule.default
        bv, wv, lv = base.get(key, default), winner.get(key, default), loser.get(key, default)
        if wv == lv or lv == bv:
            out[key] = wv
            continue
        if wv == bv:
            out[key] = lv
            continue
        how = rule.how
        if how is How.TEXT and isinstance(wv, str) and isinstance(lv, str):
            out[key] = merge_text(bv if isinstance(bv, str) else "", wv, lv, origin, rule.sep)
        elif how in (How.LIST, How.HISTORY) and isinstance(wv, list) and isinstance(lv, list):
            merged = merge_list(bv if isinstance(bv, list) else [], wv, lv)
            out[key] = _history(merged) if how is How.HISTORY else merged
        elif how in (How.EARLIEST, How.LATEST) and moment(wv) and moment(lv):
            pick = min if how is How.EARLIEST else max
            out[key] = pick((wv, lv), key=lambda v: moment(v) or _OLDEST)
        else:
            out[key] = wv
            if how not in (How.DERIVED, How.IDENTITY):
                losses.append(_Loss(key, rule, wv, lv))
    return out, losses


def _merge_group(
    rules: TableRules, members: list[str], base: Doc, ours: Doc, theirs: Doc,
    out: Doc, losses: list[_Loss],
) -> None:
    """Fields that change together (stage and stage_changed_at) merge as one value."""
    def values(doc: Doc) -> tuple[Any, ...]:
        return tuple(doc.get(m, rules.rule(m).default) for m in members)

    clock = next((m for m in members if rules.rule(m).clock), "updated_at")
    bv, ov, tv = values(base), values(ours), values(theirs)
    if ov == tv or tv == bv:
        chosen = ov
    elif ov == bv:
        chosen = tv
    else:
        ours_wins = _rank(ours, clock) > _rank(theirs, clock)
        chosen, other = (ov, tv) if ours_wins else (tv, ov)
        if chosen[0] != other[0]:
            losses.append(_Loss(members[0], rules.rule(members[0]), chosen[0], other[0]))
    out.update(zip(members, chosen, strict=True))


# --- whole tables -------------------------------------------------------------


def _touched(base: dict[str, Doc], side: dict[str, Doc]) -> set[str]:
    """Contacts whose interactions this side added, changed or removed."""
    if side is base:
        return set()
    found: set[str] = set()
    for iid in base.keys() | side.keys():
        before, after = base.get(iid), side.get(iid)
        if before != after:
            found.add(str((after or before or {}).get("contact_id")))
    return found


class _Merge:
    """One merge run: walks every table and collects conflicts and notes."""

    def __init__(self, base: Records, ours: Side, theirs: Side) -> None:
        self.base, self.ours, self.theirs = base, ours.records, theirs.records
        self.names = (ours.machine, theirs.machine)
        self.out: Records = {}
        self.conflicts: list[Conflict] = []
        self.notes: list[tuple[str, str, str]] = []  # (note id, contact id, text)
        self.overruled: dict[str, str] = {}  # contact id → the side whose delete lost

    def table(self, name: str) -> tuple[dict[str, Doc], dict[str, Doc], dict[str, Doc]]:
        return self.base.get(name, {}), self.ours.get(name, {}), self.theirs.get(name, {})

    def run(self) -> Merged:
        names = sorted({*self.base, *self.ours, *self.theirs} - {CONTACTS, INTERACTIONS})
        bc, oc, tc = self.table(CONTACTS)
        bi, oi, ti = self.table(INTERACTIONS)
        self._contacts(bc, oc, tc, _touched(bi, oi), _touched(bi, ti))
        self._interactions(bi, oi, ti)
        self._add_notes()
        self._derive()
        for name in names:
            self._plain(name)
        dupes = find_duplicates(bc, oc, tc, self.out.get(CONTACTS, {}))
        return Merged(self.out, self.conflicts, dupes, {note[0] for note in self.notes})

    def _decide(self, rules: TableRules, b: Doc | None, o: Doc | None, t: Doc | None,
                keep_ours: bool = False, keep_theirs: bool = False
                ) -> tuple[Doc | None, list[_Loss], str | None]:
        """The merged version of one record (None: deleted), the values it lost, and
        which side's delete was overruled ("ours"/"theirs"), if one was.

        keep_ours / keep_theirs: that side touched the record in a way a delete on the
        other side must not undo (a contact whose interactions it changed).
        """
        if o == t:
            return o, [], None
        if o == b:
            if t is None and keep_ours:
                return o, [], "theirs"
            return t, [], None
        if t == b:
            if o is None and keep_theirs:
                return t, [], "ours"
            return o, [], None
        if o is None:  # an edit beats a delete
            return t, [], "ours"
        if t is None:
            return o, [], "theirs"
        doc, losses = _merge_doc(rules, b or {}, o, t, self.names)
        return doc, losses, None

    def _contacts(self, bc: dict[str, Doc], oc: dict[str, Doc], tc: dict[str, Doc],
                  touched_ours: set[str], touched_theirs: set[str]) -> None:
        rules = TABLES[CONTACTS]
        out = self.out[CONTACTS] = {}
        for cid in _ids(bc, oc, tc):
            doc, losses, overruled = self._decide(
                rules, bc.get(cid), oc.get(cid), tc.get(cid), cid in touched_ours, cid in touched_theirs
            )
            if overruled:
                self.overruled[cid] = overruled
            if doc is not None:
                out[cid] = doc
                self._record_losses(rules, cid, str(doc.get("name") or cid), losses, cid)

    def _interactions(self, bi: dict[str, Doc], oi: dict[str, Doc], ti: dict[str, Doc]) -> None:
        rules = TABLES[INTERACTIONS]
        contacts = self.out[CONTACTS]
        out = self.out[INTERACTIONS] = {}
        for iid in _ids(bi, oi, ti):
            b, o, t = bi.get(iid), oi.get(iid), ti.get(iid)
            owner = str((o or t or b or {}).get("contact_id"))
            lost_by = self.overruled.get(owner)
            losses: list[_Loss] = []
            if lost_by == "theirs" and t is None and o == b:
                doc = o  # it went only with the contact whose delete lost
            elif lost_by == "ours" and o is None and t == b:
                doc = t
            else:
                doc, losses, _ = self._decide(rules, b, o, t)
            if doc is not None:
                out[iid] = doc
                who = contacts.get(owner, {}).get("name") or owner
                self._record_losses(rules, iid, f"an interaction with {who}", losses, owner)

    def _plain(self, name: str) -> None:
        """A table without contacts' special cases (resources)."""
        rules = TABLES.get(name) or TableRules(name, {}, title="id")
        b, o, t = self.table(name)
        out = self.out[name] = {}
        for rid in _ids(b, o, t):
            doc, losses, _ = self._decide(rules, b.get(rid), o.get(rid), t.get(rid))
            if doc is None:
                continue
            if losses and rules.note_text:
                lines = [f"[{NOTE_PREFIX}the other machine had {x.rule.words(x.field, x.lost)}]"
                         for x in losses]
                kept = str(doc.get(rules.note_text) or "")
                doc = {**doc, rules.note_text: "\n\n".join(filter(None, [kept, *lines]))}
            out[rid] = doc
            self._record_losses(rules, rid, str(doc.get(rules.title) or rid), losses, None)

    def _record_losses(self, rules: TableRules, rid: str, title: str, losses: list[_Loss],
                       contact_id: str | None) -> None:
        """Report each losing value, and queue a note for it on its contact (if any)."""
        for loss in losses:
            kept, lost = loss.rule.words(loss.field, loss.kept), loss.rule.words(loss.field, loss.lost)
            label = loss.rule.label or loss.field.replace("_", " ")
            self.conflicts.append(Conflict(rules.name, rid, title, label, kept, lost))
            if contact_id is not None:
                text = f"{NOTE_PREFIX}the other machine had {lost} (kept {kept})"
                self.notes.append((_note_id(rules.name, rid, loss.field, loss.kept, loss.lost),
                                   contact_id, text))

    def _add_notes(self) -> None:
        """Log each losing value as a note, dated so it does not restart the follow-up
        clock: a microsecond after the contact's latest interaction (or its creation),
        in id order, so the notes top its timeline in the same order on every machine."""
        contacts, interactions = self.out[CONTACTS], self.out[INTERACTIONS]
        latest = _latest_by_contact(interactions.values())
        step: dict[str, int] = {}
        for note_id, cid, text in sorted(self.notes):
            if note_id in interactions:
                continue  # merged once already
            contact = contacts.get(cid, {})
            start = (latest.get(cid) or moment(contact.get("created_at"))
                     or moment(contact.get("updated_at")) or _FALLBACK)
            step[cid] = step.get(cid, 0) + 1
            when = start + timedelta(microseconds=step[cid])
            interactions[note_id] = Interaction(note_id, cid, when, Kind.NOTE, text).to_dict()

    def _derive(self) -> None:
        """`last_interaction_at` from the merged interactions (kept as merged when there are none)."""
        contacts = self.out[CONTACTS]
        for cid, newest in _latest_by_contact(self.out[INTERACTIONS].values()).items():
            doc = contacts.get(cid)
            if doc is not None and moment(doc.get("last_interaction_at")) != newest:
                contacts[cid] = {**doc, "last_interaction_at": newest.isoformat()}


def _latest_by_contact(interactions: Iterable[Doc]) -> dict[str, datetime]:
    latest: dict[str, datetime] = {}
    for doc in interactions:
        at = moment(doc.get("at"))
        cid = doc.get("contact_id")
        if at is not None and isinstance(cid, str) and (cid not in latest or at > latest[cid]):
            latest[cid] = at
    return latest


def _ids(*tables: dict[str, Doc]) -> list[str]:
    return sorted(set().union(*tables))


def merge(base: Records, ours: Side, theirs: Side) -> Merged:
    """Merge two machines' records against their common ancestor (see the module doc)."""
    return _Merge(base, ours, theirs).run()
