"""`sync.toml` in the data directory: where this store syncs to, this machine's name,
and how the last sync went. It never travels (each machine has its own).

    remote = "server:trustboard.git"
    machine = "laptop"              # marks text kept from this machine in a merge
    [last]
    at = "2026-11-19T09:30:12+01:00"
    summary = "3 contacts from server; sent 1 contact"
"""

from __future__ import annotations

import socket
import tomllib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from board.errors import UserError
from board.files import write_atomic
from board.text import clean

SETTINGS_FILE = "sync.toml"


@dataclass
class SyncSettings:
    path: Path
    remote: str
    machine: str
    last_at: datetime | None = None
    last_summary: str = ""

    @property
    def exists(self) -> bool:
        return self.path.exists()


def default_machine() -> str:
    return clean(socket.gethostname().split(".")[0]) or "this machine"


def settings_path(root: Path) -> Path:
    return root / SETTINGS_FILE


def load_settings(root: Path) -> SyncSettings | None:
    """This store's sync settings, or None if it was never set up to sync."""
    path = settings_path(root)
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise UserError(f"{path} cannot be read ({exc}): fix it, or run `trustboard sync init REMOTE` again") from None
    remote, machine = data.get("remote"), data.get("machine", "")
    if not isinstance(remote, str) or not remote.strip():
        raise UserError(f"{path}: `remote` must be the git URL to sync with")
    if not isinstance(machine, str):
        raise UserError(f"{path}: `machine` must be text (this machine's name)")
    last = data.get("last", {})
    at = last.get("at") if isinstance(last, dict) else None
    when: datetime | None = None
    if isinstance(at, datetime):
        when = at if at.tzinfo else at.astimezone()
    elif isinstance(at, str):
        try:
            when = datetime.fromisoformat(at)
        except ValueError:
            when = None
    summary = last.get("summary", "") if isinstance(last, dict) else ""
    return SyncSettings(path, remote.strip(), clean(machine) or default_machine(), when,
                        summary if isinstance(summary, str) else "")


def save_settings(settings: SyncSettings) -> None:
    """Write sync.toml, keeping the user's comments and any keys we do not know."""
    import tomlkit

    try:
        document = tomlkit.parse(settings.path.read_text("utf-8")) if settings.path.exists() else None
    except Exception:  # tomlkit raises its own ParseError family; rewrite a broken file
        document = None
    if document is None:
        document = tomlkit.document()
        document.add(tomlkit.comment("trustboard sync: written by `trustboard sync init` (see the README, Several machines)"))
    document["remote"] = settings.remote
    document["machine"] = settings.machine
    if settings.last_at is not None:
        last = tomlkit.table()
        last["at"] = settings.last_at.isoformat(timespec="seconds")
        last["summary"] = settings.last_summary
        document["last"] = last
    write_atomic(settings.path, tomlkit.dumps(document).encode("utf-8"))
