"""The domain's clock and stamps: now, local time, stored ISO times, fresh ids.

Times are timezone-aware datetimes in memory and ISO 8601 strings with an offset on
disk; a person reads them in local time (`local_time`, through `board.humane`).
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime, tzinfo
from functools import lru_cache
from typing import Any


def now() -> datetime:
    """The current local time, timezone-aware (the one clock the domain reads)."""
    return datetime.now(UTC).astimezone()


@lru_cache(maxsize=1)
def _system_zone() -> tzinfo | None:
    """The machine's time zone as a DST-aware ZoneInfo ($TZ, else /etc/localtime)."""
    # (The zone database loads when first needed: the board's first frame needs none.)
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        name = os.environ.get("TZ", "").lstrip(":")
        if name:
            return ZoneInfo(name)
        with open("/etc/localtime", "rb") as handle:
            return ZoneInfo.from_file(handle)
    except (OSError, ValueError, ZoneInfoNotFoundError):
        return None


def local_time(moment: datetime) -> datetime:
    """The moment in local time (the machine's zone, DST included): how a person reads it.

    A stored time keeps the offset of the machine that logged it (Tokyo, then Los
    Angeles); shown as stored, two moments a second apart would read 17 hours apart.
    So every time shown to a person goes through here (`board.humane.moment_text`).
    `astimezone()` without a zone asks the C library each time; a ZoneInfo of the same
    zone gives the same answer a few times faster, which counts over a 30,000-card board.
    """
    zone = _system_zone()
    return moment.astimezone(zone) if zone else moment.astimezone()


def local_date(moment: datetime) -> date:
    """The calendar day a moment falls on in local time."""
    return local_time(moment).date()


def new_id() -> str:
    """A fresh id that never collides across processes: the hex of a random (version 4)
    UUID, as `uuid.uuid4().hex` gives, at a third of its cost (an import makes 30,000)."""
    raw = bytearray(os.urandom(16))
    raw[6] = (raw[6] & 0x0F) | 0x40  # version 4
    raw[8] = (raw[8] & 0x3F) | 0x80  # the RFC 4122 variant
    return raw.hex()


def to_iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


_SHARED_ISO: dict[int, tuple[datetime, str]] = {}
_SHARED_HELD = 8192  # moments remembered (a LinkedIn file has a few thousand days)


def shared_iso(moment: datetime) -> str:
    """`moment.isoformat()`, made once for a moment object many records share: an import
    stamps 30,000 contacts with its one `at`, and rows of one day share one moment.

    Keyed by the object itself (held, so its id is not reused while remembered): equal
    moments in other zones are other texts. A datetime is immutable, so the text stays its.
    """
    held = _SHARED_ISO.get(id(moment))
    if held is not None and held[0] is moment:
        return held[1]
    text = moment.isoformat()
    if len(_SHARED_ISO) >= _SHARED_HELD:
        _SHARED_ISO.clear()
    _SHARED_ISO[id(moment)] = (moment, text)
    return text


def from_iso(text: Any) -> datetime | None:
    """Parse a stored time; a naive one is taken as local time."""
    if text in (None, ""):
        return None
    moment = datetime.fromisoformat(str(text))
    if moment.tzinfo is None:
        moment = moment.astimezone()
    return moment


def date_from_iso(text: Any) -> date | None:
    if text in (None, ""):
        return None
    return date.fromisoformat(str(text)[:10])
