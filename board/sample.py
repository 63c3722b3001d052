"""The sample network: Sam Rivera's 60 contacts and his library of 12 resources, moved to
the present for `--demo` and tests.

The file is a trustboard JSON export (SPEC §8) taken on a fixed morning. Loading it moves
every date forward by whole calendar days to today and keeps each time's wall-clock hour
in the local time zone, so the board shows the same ages ("3d", "2w"), the same people
due and the same Tuesday-breakfast hours whatever the time of day the demo is opened.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from collections.abc import Callable
from datetime import date, datetime, timedelta
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

import orjson

from board.errors import DataError, UserError
from board.model import Contact, Interaction, Resource, from_iso
from board.model import now as local_now
from board.store import Store


def _sample_file() -> Traversable:
    """network.json inside the `sample_data` package, installed from a wheel or editable."""
    try:
        return files("sample_data") / "network.json"
    except NotADirectoryError:
        # An editable install made before sample_data/__init__.py existed maps it as a
        # namespace package whose import hook entry importlib.resources cannot list.
        import sample_data

        folders = [Path(p) for p in sample_data.__path__ if Path(p).is_dir()]
        return folders[0] / "network.json"


SAMPLE_FILE = _sample_file()

_TIME_FIELDS = ("created_at", "updated_at", "stage_changed_at", "last_interaction_at")


def read_sample() -> dict[str, Any]:
    """The sample export as stored: {"format", "version", "exported_at", "contacts": [...]}."""
    try:
        data = orjson.loads(SAMPLE_FILE.read_bytes())
    except (OSError, orjson.JSONDecodeError) as exc:
        raise DataError(f"the sample network {SAMPLE_FILE} cannot be read ({exc})") from None
    if not isinstance(data, dict) or data.get("format") != "trustboard":
        raise DataError(f"the sample network {SAMPLE_FILE} is not a trustboard export")
    return data


def sample_records(now: datetime | None = None) -> list[tuple[Contact, list[Interaction]]]:
    """The sample's contacts with their interactions (oldest first), moved to `now`.

    Every time keeps its wall-clock hour and moves forward by the number of calendar days
    between the export and `now` (stage history included); snooze, reminder and reconnect
    dates move by the same days. `now` (default: the
    local time) also gives the time zone the times are placed in.
    """
    data = read_sample()
    move, days = _mover(data, now)
    exported = from_iso(data["exported_at"]) or local_now()  # (_mover checked it is there)
    records = []
    for raw in data["contacts"]:
        fields = {k: v for k, v in raw.items() if k != "interactions"}
        for name in _TIME_FIELDS:
            at = from_iso(fields.get(name))
            fields[name] = move(at).isoformat() if at else None
        for name in ("snoozed_until", "reconnect_on"):
            if fields.get(name):
                fields[name] = (date.fromisoformat(fields[name]) + days).isoformat()
        if fields.get("reminder"):
            day = date.fromisoformat(fields["reminder"]["date"]) + days
            fields["reminder"] = {**fields["reminder"], "date": day.isoformat()}
        fields["stage_history"] = [
            {**mark, "at": move(from_iso(mark["at"]) or exported).isoformat()}
            for mark in fields.get("stage_history") or []
        ]
        contact = Contact.from_dict(fields)
        history = []
        for item in raw.get("interactions", []):
            interaction = Interaction.from_dict(item, contact_id=contact.id)
            interaction.at = move(interaction.at)
            history.append(interaction)
        history.sort(key=lambda i: i.at)
        records.append((contact, history))
    return records


def sample_resources(now: datetime | None = None) -> list[Resource]:
    """The sample's library of resources, their dates moved to `now` as the contacts' are."""
    data = read_sample()
    move, _days = _mover(data, now)
    found = []
    for raw in data.get("resources", []):
        resource = Resource.from_dict(raw)
        found.append(resource.copy(created_at=move(resource.created_at), updated_at=move(resource.updated_at)))
    return found


def _mover(data: dict[str, Any], now: datetime | None) -> tuple[Callable[[datetime], datetime], timedelta]:
    """How the sample's times move to `now`: whole calendar days, the wall-clock hour kept."""
    moment = now or local_now()
    if moment.tzinfo is None:
        moment = moment.astimezone()
    exported = from_iso(data.get("exported_at"))
    if exported is None:
        raise DataError(f"the sample network {SAMPLE_FILE} has no exported_at time")
    days = timedelta(days=(moment.date() - exported.date()).days)

    def move(at: datetime) -> datetime:
        return (at.replace(tzinfo=None) + days).replace(tzinfo=moment.tzinfo)

    return move, days


def load_sample(store: Store, now: datetime | None = None) -> int:
    """Fill an empty store with the sample network moved to `now` (default: the store's clock).

    One transaction, kept out of the undo history: the demo starts with nothing to undo.
    Returns the number of contacts loaded.
    """
    records = sample_records(now or store.clock())
    library = sample_resources(now or store.clock())
    with store.transaction("loaded the sample network", record=False) as txn:
        if txn.contacts():
            # The sample would mix fictional people into a real network.
            raise UserError(
                f"{store.root} already holds contacts: load the sample only into an empty directory"
            )
        for contact, history in records:
            txn.put_contact(contact, touch=False)
            for interaction in history:
                txn.put_interaction(interaction)
        for resource in library:
            txn.put_resource(resource, touch=False)
    return len(records)


def demo_dir() -> Path:
    """A throwaway data directory holding the sample network, removed when the process exits."""
    root = Path(tempfile.mkdtemp(prefix="trustboard-demo-"))
    # Registered first, so a failure while loading still leaves nothing behind.
    atexit.register(shutil.rmtree, root, ignore_errors=True)
    load_sample(Store(root))
    return root
