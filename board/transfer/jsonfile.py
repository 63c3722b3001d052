"""The trustboard JSON format (SPEC §8): every contact with its interactions nested, and
the resource library as a top-level "resources" array (merged by id, like contacts)."""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable, Iterator
from datetime import datetime
from operator import attrgetter
from typing import Any

import orjson

from board.dates import MAX_CADENCE, MIN_CADENCE, check_interaction_time, interaction_window
from board.errors import ImportFileError, TrustboardError
from board.kinds import name_parts_from
from board.model import (
    Contact,
    Interaction,
    NameParts,
    Resource,
    from_iso,
    new_id,
    now,
)
from board.store.codec import (
    DIRECTIONS,
    KINDS,
    VALUES,
    contact_from_doc,
    contact_problem,
    interaction_problem,
    resource_problem,
)
from board.text import clean as clean_text
from board.transfer.common import LIST_FIELDS, Incoming, ParsedImport, kind_hint, line_at
from board.transfer.when import bounded_created

JSON_FORMAT = "trustboard"
JSON_VERSION = 1


_ONE_LINE = ("name", "company", "title", "met_at", "source", "nickname", "birthday")
_MULTI_LINE = ("notes", "needs")
_TEXT_FIELDS = _ONE_LINE + _MULTI_LINE
_texts_of = attrgetter(*_TEXT_FIELDS)
_lists_of = attrgetter(*LIST_FIELDS)


def _cleaned(contact: Contact) -> Contact:
    """The contact with control and bidi characters removed from every text field (the
    contact itself when there were none: the common case, not copied)."""
    texts = list(_texts_of(contact))  # each side fetched in one call
    for values in _lists_of(contact):
        texts += values
    if contact.name_parts:
        texts += contact.name_parts
    if "".join(texts).isprintable():
        return contact  # nothing `clean_text` would change (`text._plain`'s rule)
    changes: dict[str, object] = {}
    for multiline, names in ((False, _ONE_LINE), (True, _MULTI_LINE)):
        for f in names:
            value = getattr(contact, f)
            if (cleaned := clean_text(value, multiline=multiline)) != value:
                changes[f] = cleaned
    for f in LIST_FIELDS:
        values = getattr(contact, f)
        if (cleaned_list := [clean_text(v) for v in values]) != values:
            changes[f] = cleaned_list
    if contact.name_parts and (parts := NameParts(*map(clean_text, contact.name_parts))) != contact.name_parts:
        changes["name_parts"] = name_parts_from(parts)
    return contact.copy(**changes) if changes else contact


# What `Contact.from_dict` takes for a field a file leaves out (the times aside): filled
# in, a contact of a file written by hand or by another tool is in the store's own form
# and takes `contact_from_doc`'s fast path (a fifth of `from_dict`'s time). Both paths
# copy the lists, so these are never a contact's own.
_ABSENT: dict[str, Any] = {
    "company": "", "title": "", "emails": [], "phones": [], "urls": [], "stage": "met",
    "tags": [], "expertise": [], "needs": "", "met_at": "", "source": "manual", "notes": "",
    "last_interaction_at": None, "snoozed_until": None, "cadence_days": None, "archived": False,
    "nickname": "", "birthday": "", "introduced_by": None, "reminder": None, "reconnect_on": None,
    "stage_history": [], "name_parts": None,
}


def contact_of(item: dict[str, Any], created: str) -> Contact:
    """`Contact.from_dict(item)` created at `created` (ISO text) when the item says nothing
    else: its updated and stage times default to that moment, as `from_dict`'s do."""
    return contact_from_doc(
        {**_ABSENT, "updated_at": created, "stage_changed_at": created, **item, "created_at": created}
    )


def read_json(path: str, raw: bytes, *, at: datetime | None = None) -> ParsedImport:
    """A trustboard export: every contact with its interactions, validated field by field.

    Text is stripped of control characters; a creation date in the future is read as the
    import's day (and said); a cadence out of 1–3650 days or an interaction more than a day
    ahead is refused with its line."""
    at = at or now()
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    if not raw.strip():
        raise ImportFileError(path, 1, "the file is empty")
    nul = raw.find(b"\x00")
    if nul >= 0:
        raise ImportFileError(path, line_at(raw, nul), "binary data, not a JSON file")
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        line = getattr(exc, "lineno", None) or 1
        reason = str(exc.msg) if hasattr(exc, "msg") else str(exc)
        if "UTF-8" in reason:
            line, reason = 1, "it is not UTF-8 text (binary data or another encoding)"
        raise ImportFileError(path, line, f"invalid JSON: {reason}") from None
    @functools.cache
    def text() -> str:
        """The file as text, decoded only when a line number is asked for (valid: orjson
        accepted it); a big file's decoded copy is tens of megabytes and milliseconds."""
        return raw.decode("utf-8")

    def fail(where: tuple[str | int, ...], reason: str) -> ImportFileError:
        return ImportFileError(path, _json_line(text(), where), reason)

    if not isinstance(data, dict) or data.get("format") != JSON_FORMAT:
        raise fail((), 'not a trustboard export (it needs "format": "trustboard")' + kind_hint(text(), "json"))
    version = data.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise fail(("version",), f"unknown format version {version!r} (expected {JSON_VERSION})")
    if version > JSON_VERSION:
        raise fail(
            ("version",),
            f"it was written by a newer trustboard (format version {version}; this one reads "
            f"version {JSON_VERSION}): upgrade trustboard to import it",
        )
    items = data.get("contacts")
    if not isinstance(items, list):
        raise fail(("contacts",) if "contacts" in data else (), '"contacts" must be a list of contacts')
    parsed = ParsedImport("json", path, [])
    earliest, latest = interaction_window(at)  # what `check_interaction_time` allows, once
    seen_contacts: dict[str, int] = {}
    seen_interactions: dict[str, int] = {}
    for index, item in enumerate(items):
        where: tuple[str | int, ...] = ("contacts", index)
        if not isinstance(item, dict):
            raise fail(where, "each contact must be a JSON object")
        problem = contact_problem(item)
        if problem:
            key, reason = problem
            raise fail((*where, key) if key in item else where, reason)
        cadence = item.get("cadence_days")
        if isinstance(cadence, int) and not isinstance(cadence, bool) and not (
            MIN_CADENCE <= cadence <= MAX_CADENCE
        ):
            raise fail((*where, "cadence_days"),
                       f"cadence_days must be a whole number of days, {MIN_CADENCE} to {MAX_CADENCE}")
        try:
            # no creation date in the file: the default, the moment of the import (not a
            # moment read "in the future" because the clock moved on while reading)
            contact = _cleaned(contact_of(item, item.get("created_at") or at.isoformat()))
            if not contact.name.strip():
                raise ValueError("a contact needs a name")
            created = bounded_created(contact.created_at, at, None, parsed.notices, "a creation date")
            if created is not contact.created_at:
                contact = contact.copy(created_at=created, stage_changed_at=max(created, contact.stage_changed_at))
        except (ValueError, TypeError, TrustboardError) as exc:
            raise fail(where, f"contact {index + 1}: {exc}") from None
        has_id = bool(item.get("id"))
        if has_id:
            if contact.id in seen_contacts:
                raise fail(where, f"contact id {contact.id} appears twice")
            seen_contacts[contact.id] = index
        history = item.get("interactions") or []
        if not isinstance(history, list):
            raise fail((*where, "interactions"), '"interactions" must be a list')
        interactions = []
        for j, doc in enumerate(history):
            try:
                interaction = _interaction(doc, contact.id)
                if not earliest <= interaction.at <= latest:
                    check_interaction_time(interaction.at, at)  # says why it is refused
            except _FieldError as exc:
                spot = (*where, "interactions", j)
                raise fail((*spot, exc.key) if exc.key else spot, exc.reason) from None
            except (ValueError, TypeError, TrustboardError) as exc:
                raise fail((*where, "interactions", j), f"interaction {j + 1} of {contact.name}: {exc}") from None
            if doc.get("id"):
                if interaction.id in seen_interactions:
                    raise fail((*where, "interactions", j), f"interaction id {interaction.id} appears twice")
                seen_interactions[interaction.id] = j
            interactions.append(interaction)
        parsed.records.append(Incoming(0, contact, interactions, by_id=has_id))
    parsed.resources = _resources(data, fail, at)
    if not all(record.by_id for record in parsed.records):
        # Records without an id are matched like other files' and may be reported by
        # line: find every line in one pass (looking each up alone would be quadratic).
        for record, line in zip(parsed.records, _json_item_lines(text()), strict=False):
            record.line = line
    return parsed


def _resources(
    data: dict[str, Any], fail: Callable[[tuple[str | int, ...], str], ImportFileError], at: datetime
) -> list[Resource]:
    """The top-level "resources" array (the library; absent from older files): each one
    checked like a resource the user types, a duplicate id refused with its line."""
    from board.give.library import check_note, check_title, check_topics, check_url

    items = data.get("resources")
    if items is None:
        return []
    if not isinstance(items, list):
        raise fail(("resources",), '"resources" must be a list of resources')
    found: list[Resource] = []
    seen: set[str] = set()
    for index, doc in enumerate(items):
        where: tuple[str | int, ...] = ("resources", index)
        problem = resource_problem(doc)
        if problem:
            key, reason = problem
            raise fail((*where, key) if key and key in doc else where, reason)
        try:
            resource = Resource.from_dict(doc)
            resource = resource.copy(
                title=check_title(resource.title),
                url=check_url(resource.url) if resource.url.strip() else "",
                topics=check_topics(resource.topics),
                note=check_note(resource.note),
                created_at=min(resource.created_at, at),
                updated_at=min(resource.updated_at, at),
            )
        except (ValueError, TypeError, TrustboardError) as exc:
            raise fail(where, f"resource {index + 1}: {exc}") from None
        if doc.get("id"):
            if resource.id in seen:
                raise fail(where, f"resource id {resource.id} appears twice")
            seen.add(resource.id)
        found.append(resource)
    return found


class _FieldError(Exception):
    def __init__(self, key: str, reason: str) -> None:
        super().__init__(reason)
        self.key = key
        self.reason = reason


_TEXT = (str, type(None))  # what every text field of an interaction may be
_fromiso = datetime.fromisoformat


def _interaction(doc: Any, contact_id: str) -> Interaction:
    """One nested interaction, checked, its summary cleaned (`board.text.clean`, lines
    kept); a fast path for the 100,000s a big file holds."""
    if type(doc) is dict:  # each field read once, and the usual record built at once
        get = doc.get
        iid, summary, kind_text, raw_value = get("id"), get("summary"), get("kind"), get("value")
        at_text, direction, linked, resource = get("at"), get("direction"), get("linked_to"), get("resource_id")
        if (type(at_text) is str and at_text and type(iid) in _TEXT and type(summary) in _TEXT
                and type(kind_text) in _TEXT and type(raw_value) in _TEXT and type(direction) in _TEXT
                and type(linked) in _TEXT and type(resource) in _TEXT
                and (kind := KINDS.get(kind_text or "note")) is not None
                and (direction or "out") in DIRECTIONS and (not raw_value or raw_value in VALUES)):
            at = _fromiso(at_text)  # `from_iso`, inline (ValueError as it raises)
            summary = summary or ""  # printable: what `clean` leaves as it is (`text._plain`)
            return Interaction(
                iid or new_id(), contact_id, at if at.tzinfo is not None else at.astimezone(), kind,
                summary if summary.isprintable() else clean_text(summary, multiline=True),
                VALUES[raw_value] if raw_value else None, DIRECTIONS[direction or "out"],
                linked or None, resource or None,
            )
    # Anything else: the checks one by one, each with its reason.
    interaction = _checked_interaction(doc, contact_id)
    interaction.summary = clean_text(interaction.summary, multiline=True)
    return interaction


def _checked_interaction(doc: Any, contact_id: str) -> Interaction:
    """`_interaction`'s checks one by one, its summary not cleaned yet."""
    problem = interaction_problem(doc)
    if problem:
        raise _FieldError(*problem)
    kind = KINDS.get(doc.get("kind") or "note")
    raw_value = doc.get("value")
    value = VALUES.get(raw_value) if raw_value else None
    if kind is None or (raw_value and value is None):
        return Interaction.from_dict(doc, contact_id=contact_id)  # its errors say what to use
    at = from_iso(doc.get("at"))
    if at is None:
        raise _FieldError("at" if "at" in doc else "", "an interaction needs a time ('at')")
    return Interaction(
        id=doc.get("id") or new_id(), contact_id=contact_id, at=at, kind=kind,
        summary=doc.get("summary") or "", value=value,
        direction=DIRECTIONS[doc.get("direction") or "out"],  # checked by interaction_problem
        linked_to=doc.get("linked_to") or None, resource_id=doc.get("resource_id") or None,
    )


_WS = re.compile(r"\s*")


def _skip_ws(text: str, pos: int) -> int:
    match = _WS.match(text, pos)
    return match.end() if match else pos


def _json_line(text: str, where: tuple[str | int, ...]) -> int:
    """The line where the value at `where` (keys and indexes) starts; found only on error."""
    return text.count("\n", 0, _json_pos(text, where)) + 1


def _json_pos(text: str, where: tuple[str | int, ...]) -> int:
    """The offset where the value at `where` starts (or of the closest container found)."""
    decoder = json.JSONDecoder()
    pos = _skip_ws(text, 0)
    try:
        for step in where:
            if isinstance(step, int):
                if text[pos] != "[":
                    break
                pos = _skip_ws(text, pos + 1)
                for _ in range(step):
                    _, pos = decoder.raw_decode(text, pos)
                    pos = _skip_ws(text, pos)
                    if text[pos] == ",":
                        pos = _skip_ws(text, pos + 1)
                continue
            if text[pos] != "{":
                break
            start = pos
            pos = _skip_ws(text, pos + 1)
            while text[pos] != "}":
                key, pos = decoder.raw_decode(text, pos)
                pos = _skip_ws(text, pos)
                pos = _skip_ws(text, pos + 1)  # past ':'
                if key == step:
                    break
                _, pos = decoder.raw_decode(text, pos)
                pos = _skip_ws(text, pos)
                if text[pos] == ",":
                    pos = _skip_ws(text, pos + 1)
            else:
                pos = start
                break
    except (IndexError, ValueError):
        pass
    return pos


def _json_item_lines(text: str) -> Iterator[int]:
    """The starting line of each element of the top-level "contacts" array, in one pass."""
    decoder = json.JSONDecoder()
    start = _json_pos(text, ("contacts",))
    if not text.startswith("[", start):
        return
    pos, line = start + 1, text.count("\n", 0, start + 1) + 1
    while True:
        skip = _skip_ws(text, pos)
        line += text.count("\n", pos, skip)
        if text.startswith("]", skip):
            return
        yield line
        try:
            _, end = decoder.raw_decode(text, skip)
        except ValueError:
            return
        end = _skip_ws(text, end)
        if end < len(text) and text[end] == ",":
            end += 1
        line += text.count("\n", skip, end)
        pos = end
