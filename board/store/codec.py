"""The one conversion between stored documents and model objects, and its shape checks.

Every reader of records goes through here: the store (shards, journal, backups,
migration), the JSON importer and `trustboard check`. A record is checked once,
field by field, by `contact_problem` / `interaction_problem`; the builders turn a
checked record into a `Contact` or `Interaction`, on a fast path for records in
exactly the form the store writes (it decides how fast a 30,000-contact board opens).
"""

from __future__ import annotations

import sys
from datetime import date, datetime
from operator import itemgetter
from typing import Any

from board.clock import date_from_iso
from board.dates import MAX_CADENCE, MIN_CADENCE
from board.kinds import name_parts_from, parse_birthday
from board.model import (
    Contact,
    Direction,
    Interaction,
    Kind,
    NameParts,
    Resource,
    Sketch,
    Stage,
    StageMark,
    Value,
    from_iso,
)
from board.store.layout import CONTACTS, INTERACTIONS, META_FILE, RESOURCES, RESOURCES_FILE, Tables
from board.store.shape_pass import passes

STAGES = {s.value: s for s in Stage}
KINDS = {k.value: k for k in Kind}
VALUES = {v.value: v for v in Value}
DIRECTIONS = {d.value: d for d in Direction}
_ANY_DIRECTION = frozenset((None, "", *DIRECTIONS))  # "" and None: the default, out
CONTACT_TEXT_FIELDS = (
    "id", "name", "company", "title", "needs", "met_at", "source", "notes", "stage",
    "nickname", "birthday", "introduced_by", "reconnect_on",
)
CONTACT_TIME_FIELDS = ("created_at", "updated_at", "stage_changed_at", "last_interaction_at")
CONTACT_LIST_FIELDS = ("emails", "phones", "urls", "tags", "expertise")
_CONTACT_TEXTS = CONTACT_TEXT_FIELDS + CONTACT_TIME_FIELDS + ("snoozed_until",)
INTERACTION_TEXT_FIELDS = ("id", "summary", "kind", "value", "at", "direction", "linked_to", "resource_id")

_fromiso = datetime.fromisoformat
_intern = sys.intern  # a few texts recur on many contacts (sources, places, titles)
_PARTS = itemgetter("family", "given", "additional", "prefix", "suffix")  # NameParts' order
_mark = tuple.__new__  # a StageMark without its Python-level __new__ (30,000 of them at open)


def _aware_iso(text: str) -> datetime:
    """A stored time that carries its offset (ValueError if naive: the slow path reads it)."""
    moment = _fromiso(text)
    if moment.tzinfo is None:
        raise ValueError(text)
    return moment


# --- what is wrong with a record, in words ------------------------------------


def contact_problem(doc: dict[str, Any]) -> tuple[str, str] | None:
    """The first field of a contact record with a wrong type or value: (field, reason).

    Fields may be missing (they take their defaults); present ones must be well formed.
    """
    get = doc.get  # (an import asks this of each of 10,000s of records)
    for key in _CONTACT_TEXTS:
        value = get(key)
        if value is not None and not isinstance(value, str):
            return key, f"{key} must be text"
    for key in CONTACT_LIST_FIELDS:
        value = get(key)
        if value is not None and not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
            return key, f"{key} must be a list of text"
    if "archived" in doc and not isinstance(doc["archived"], bool):
        return "archived", "archived must be true or false"
    cadence = doc.get("cadence_days")
    if cadence is not None and (
        isinstance(cadence, bool) or not isinstance(cadence, int) or not MIN_CADENCE <= cadence <= MAX_CADENCE
    ):
        return "cadence_days", f"cadence_days must be a whole number of days, {MIN_CADENCE} to {MAX_CADENCE}"
    if not str(doc.get("name") or "").strip():
        return "name", "a contact needs a name"
    read = None  # a time text read already: a contact's times are often one moment
    for key in CONTACT_TIME_FIELDS:
        value = get(key)
        if value is None or value == read:
            continue  # (`from_iso` takes None as no time; text by now)
        try:
            from_iso(value)
        except ValueError:
            return key, f"{key} is not an ISO 8601 time: {doc[key]!r}"
        read = value
    for key in ("snoozed_until", "reconnect_on"):
        try:
            if get(key):
                date.fromisoformat(str(doc[key])[:10])
        except ValueError:
            return key, f"{key} is not a date: {doc[key]!r}"
    try:
        if get("birthday"):  # (None and "" are no birthday: no call for the common case)
            parse_birthday(doc["birthday"])
    except ValueError as exc:
        return "birthday", str(exc)
    try:
        if get("name_parts") is not None:
            name_parts_from(doc["name_parts"])
    except ValueError as exc:
        return "name_parts", str(exc)
    reminder = doc.get("reminder")
    if reminder is not None:
        if not isinstance(reminder, dict) or not isinstance(reminder.get("text", ""), str):
            return "reminder", 'reminder must be {"date": "YYYY-MM-DD", "text": "…"} or null'
        try:
            if date_from_iso(reminder.get("date")) is None:
                return "reminder", "a reminder needs a date"
        except ValueError:
            return "reminder", f"the reminder's date is not a date: {reminder.get('date')!r}"
    history = doc.get("stage_history")
    if history is not None:
        if not isinstance(history, list):
            return "stage_history", "stage_history must be a list of {stage, at}"
        for mark in history:
            if not isinstance(mark, dict) or mark.get("stage") not in STAGES:
                return "stage_history", f"stage_history holds an unknown stage: {mark!r}"
            try:
                if not isinstance(mark.get("at"), str) or from_iso(mark["at"]) is None:
                    return "stage_history", f"a stage_history entry needs a time: {mark!r}"
            except ValueError:
                return "stage_history", f"a stage_history time is not ISO 8601: {mark.get('at')!r}"
    return None


def interaction_problem(doc: Any) -> tuple[str, str] | None:
    """The first field of an interaction record with a wrong type: (field, reason)."""
    if not isinstance(doc, dict):
        return "", "each interaction must be a JSON object"
    for key in INTERACTION_TEXT_FIELDS:
        value = doc.get(key)
        if value is not None and type(value) is not str:
            return key, f"interaction {key} must be text"
    if doc.get("direction") not in _ANY_DIRECTION:  # (text or None by now: hashable)
        return "direction", f"interaction direction must be out or in, not {doc['direction']!r}"
    return None


def resource_problem(doc: Any) -> tuple[str, str] | None:
    """The first field of a resource record with a wrong type: (field, reason)."""
    if not isinstance(doc, dict):
        return "", "each resource must be a JSON object"
    for key in ("id", "title", "url", "note", "created_at", "updated_at"):
        if doc.get(key) is not None and type(doc[key]) is not str:
            return key, f"resource {key} must be text"
    if not str(doc.get("title") or "").strip():
        return "title", "a resource needs a title"
    topics = doc.get("topics")
    if topics is not None and not (isinstance(topics, list) and all(type(t) is str for t in topics)):
        return "topics", "resource topics must be a list of text"
    return None


def shape_problem(rel: str, data: Any) -> str | None:
    """What is wrong with a parsed data file's shape, or None if it holds trustboard tables.

    Cheap checks on every record, so a damaged file is refused by every command
    that reads it, not only by the ones that build its records. One combined test
    per record; the reason is worked out only for a record that fails it.
    """
    if not isinstance(data, dict):
        return "it does not hold trustboard tables"
    for name, table in data.items():
        if not isinstance(table, dict):
            return f"its table {name!r} is not a set of records"
    if rel == META_FILE:
        return None
    if rel == RESOURCES_FILE:
        for name, table in data.items():
            if name != RESOURCES:
                if table:
                    return f"it holds an unexpected table {name!r}"
                continue
            for key, doc in table.items():
                if not isinstance(doc, dict):
                    return f"record {key} is not an object"
                if doc.get("id") != key:
                    return f"record {key} has the wrong id {doc.get('id')!r}"
                problem = resource_problem(doc)
                if problem:
                    return f"resource {key}: {problem[1]}"
        return None
    kind = CONTACTS if rel.startswith(CONTACTS + "/") else INTERACTIONS
    for name, table in data.items():
        if name != kind:
            if table:
                return f"it holds an unexpected table {name!r}"
            continue
        if passes(kind, table, STAGES, KINDS):
            continue
        if kind == CONTACTS:
            for key, doc in table.items():
                if not (
                    type(doc) is dict and doc.get("id") == key
                    and type(name_ := doc.get("name")) is str and name_.strip()
                    and doc.get("stage") in STAGES
                ):
                    return record_problem(kind, key, doc)
        else:
            for key, doc in table.items():
                if not (
                    type(doc) is dict and doc.get("id") == key
                    and type(owner := doc.get("contact_id")) is str and owner
                    and doc.get("kind") in KINDS and type(doc.get("at")) is str
                ):
                    return record_problem(kind, key, doc)
    return None


def record_problem(kind: str, key: str, doc: Any) -> str:
    """Why one record failed `shape_problem`'s test, in words."""
    if not isinstance(doc, dict):
        return f"record {key} is not an object"
    if doc.get("id") != key:
        return f"record {key} has the wrong id {doc.get('id')!r}"
    if kind == CONTACTS:
        name = doc.get("name")
        if not isinstance(name, str) or not name.strip():
            return f"contact {key} has no name"
        return f"contact {key} has an unknown stage {doc.get('stage')!r}"
    if not isinstance(doc.get("contact_id"), str) or not doc["contact_id"]:
        return f"interaction {key} belongs to no contact"
    if doc.get("kind") not in KINDS:
        return f"interaction {key} has an unknown kind {doc.get('kind')!r}"
    return f"interaction {key} has no time"


def meta_version(meta: Tables) -> int | None:
    """The schema version meta.json records, or None if it records none (or not a number)."""
    try:
        record = next(iter(meta["_meta"].values()))
        version = record["schema_version"]
    except (KeyError, StopIteration, TypeError, AttributeError):
        return None
    if isinstance(version, bool) or not isinstance(version, int):
        return None
    return version


def meta_tables(version: int) -> Tables:
    return {"_meta": {"schema": {"schema_version": version}}}


# --- building objects ------------------------------------------------------------


def aware(text: str) -> datetime:
    """A stored time as an aware datetime (a naive one is taken as local time)."""
    moment = _fromiso(text)
    return moment if moment.tzinfo is not None else moment.astimezone()


def _strings(value: Any) -> list[str]:
    """A copy of a stored list of non-empty strings (TypeError if it is not one)."""
    if type(value) is not list:
        raise TypeError
    for item in value:
        if type(item) is not str or not item:
            raise TypeError
    return value[:]


def _words(value: Any) -> list[str]:
    """`_strings` for lists whose items recur across contacts (tags, expertise): one
    copy of each word for the whole board rather than one per contact."""
    if type(value) is not list:
        raise TypeError
    words = value[:]  # sized exactly (a list built item by item is over-allocated)
    for at, item in enumerate(words):
        if type(item) is not str or not item:
            raise TypeError
        words[at] = _intern(item)
    return words


def _name_parts(doc: dict[str, Any]) -> NameParts:
    """The five parts as `Contact.to_dict` writes them (KeyError/TypeError if not)."""
    parts = _PARTS(doc)  # KeyError if one is missing
    if not "".join(parts):  # TypeError if one is not a string; all five empty is no name
        raise TypeError
    return _mark(NameParts, parts)


def contact_from_doc(doc: dict[str, Any]) -> Contact:
    """Build a contact from a record; equal to `Contact.from_dict(doc)`, faster.

    Records in exactly the form `Contact.to_dict` writes take the fast path, about
    five times faster; anything else, such as imported or hand-edited records, goes
    through `Contact.from_dict` (ValueError/TypeError on a malformed value).
    """
    try:
        cid, name, source = doc["id"], doc["name"], doc["source"]
        company, title, needs = doc["company"], doc["title"], doc["needs"]
        met_at, notes, archived = doc["met_at"], doc["notes"], doc["archived"]
        cadence, snoozed, last = doc["cadence_days"], doc["snoozed_until"], doc["last_interaction_at"]
        nickname, birthday, introducer = doc["nickname"], doc["birthday"], doc["introduced_by"]
        reminder, reconnect, history = doc["reminder"], doc["reconnect_on"], doc["stage_history"]
        parts = doc["name_parts"]
        if (
            type(cid) is str and cid and type(name) is str and name and name == name.strip()
            and type(source) is str and source and type(company) is str
            and type(title) is str and type(needs) is str and type(met_at) is str
            and type(notes) is str and type(archived) is bool
            and (cadence is None or (type(cadence) is int and cadence >= 1))
            and type(nickname) is str and birthday == "" and reminder is None
            and (introducer is None or (type(introducer) is str and introducer))
            and (reconnect is None or type(reconnect) is str) and type(history) is list
            and (parts is None or (type(parts) is dict and len(parts) == 5))
        ):
            # A contact's times are often one moment (created, updated and entered its
            # stage together): each distinct text parsed once, equal datetimes shared.
            created_text, updated_text, changed_text = doc["created_at"], doc["updated_at"], doc["stage_changed_at"]
            created = _fromiso(created_text)
            updated = created if updated_text == created_text else _fromiso(updated_text)
            changed = (
                created if changed_text == created_text
                else updated if changed_text == updated_text else _fromiso(changed_text)
            )
            touched = _fromiso(last) if last else None
            marks: list[Any] = history[:]  # sized exactly, then each record replaced by its mark
            if len(marks) == 1 and (only := marks[0])["at"] == created_text:  # nearly every contact
                marks[0] = _mark(StageMark, (STAGES[only["stage"]], created))
            else:
                for at, m in enumerate(marks):
                    when = m["at"]
                    moment = created if when == created_text else changed if when == changed_text else _aware_iso(when)
                    marks[at] = _mark(StageMark, (STAGES[m["stage"]], moment))
            if (
                created.tzinfo is not None and updated.tzinfo is not None
                and changed.tzinfo is not None and (touched is None or touched.tzinfo is not None)
            ):
                # Most lists are empty: `== []` (False for anything not a list) spares a call.
                emails, phones, urls = doc["emails"], doc["phones"], doc["urls"]
                tags, expertise = doc["tags"], doc["expertise"]
                return Contact(
                    cid, name, _intern(company), _intern(title),
                    [] if emails == [] else _strings(emails), [] if phones == [] else _strings(phones),
                    [] if urls == [] else _strings(urls), STAGES[doc["stage"]],
                    [] if tags == [] else _words(tags), [] if expertise == [] else _words(expertise),
                    needs, _intern(met_at),
                    _intern(source), notes, created, updated,
                    changed, touched, date.fromisoformat(snoozed[:10]) if snoozed else None,
                    cadence, archived, nickname, "", introducer, None,
                    date.fromisoformat(reconnect[:10]) if reconnect else None, marks,
                    None if parts is None else _name_parts(parts),
                )
    except (KeyError, TypeError, ValueError):
        pass
    return Contact.from_dict(doc)


def sketch_from_doc(doc: dict[str, Any]) -> Sketch:
    """The `Sketch` of a record: the six fields as `contact_from_doc` gives them, read
    straight from a record that holds them in the form `Contact.to_dict` writes, else
    from the contact built (ValueError/TypeError if it cannot be)."""
    try:
        cid, name, stage, company = doc["id"], doc["name"], doc["stage"], doc["company"]
        expertise, archived = doc["expertise"], doc["archived"]
        if (
            type(cid) is str and cid and type(name) is str and name and name == name.strip()
            and type(company) is str and type(archived) is bool and type(stage) is str
        ):
            return Sketch(cid, name, STAGES[stage], _intern(company),
                          [] if expertise == [] else _words(expertise), archived)
    except (KeyError, TypeError):
        pass
    contact = contact_from_doc(doc)
    return Sketch(contact.id, contact.name, contact.stage, contact.company, contact.expertise, contact.archived)


def interaction_from_doc(doc: dict[str, Any], contact_id: str | None = None) -> Interaction:
    """Build an interaction from a record; equal to `Interaction.from_dict(doc, contact_id)`."""
    try:
        iid, cid, summary, value = doc["id"], contact_id or doc["contact_id"], doc["summary"], doc["value"]
        direction, linked, resource = doc["direction"], doc["linked_to"], doc["resource_id"]
        if (
            type(iid) is str and iid and type(cid) is str and cid and type(summary) is str
            and (value is None or value in VALUES) and direction in DIRECTIONS
            and (linked is None or (type(linked) is str and linked))
            and (resource is None or (type(resource) is str and resource))
        ):
            at = aware(doc["at"])
            return Interaction(
                iid, cid, at, KINDS[doc["kind"]], summary, VALUES[value] if value else None,
                DIRECTIONS[direction], linked, resource,
            )
    except (KeyError, TypeError, ValueError):
        pass
    return Interaction.from_dict(doc, contact_id=contact_id)


def resource_from_doc(doc: dict[str, Any]) -> Resource:
    """Build a resource from a record (ValueError/TypeError if malformed)."""
    problem = resource_problem(doc)
    if problem:
        raise ValueError(problem[1])
    return Resource.from_dict(doc)


def contact_to_doc(contact: Contact) -> dict[str, Any]:
    return contact.to_dict()


def interaction_to_doc(interaction: Interaction) -> dict[str, Any]:
    return interaction.to_dict()
