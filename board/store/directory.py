"""The data directory itself: recognising one, refusing somebody else's, cleaning leftovers.

`trustboard --data ~/Downloads` (or `TRUSTBOARD_DATA=$HOME` by mistake) must not take
over a directory of the user's files: an existing, non-empty directory that holds
neither `meta.json` nor the legacy `trustboard.json`, and holds anything trustboard
would not have put there, is refused and left exactly as it was (no chmod, no files);
so is one whose meta.json is another program's (not trustboard's schema record, and no
store folders beside it).

Temporary files of a writer killed mid-write (`.journal.json.*.tmp`, `.index.json.*.tmp`,
`contacts/.XX.json.*.tmp`, …) and half-built backups (`backups/.partial-*`) are removed
on open, under the exclusive lock (so no live writer is between creating and renaming
one) and sparing the temporary files a journal still names.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import orjson

from board.errors import DataError
from board.store import codec, layout
from board.store.cards import CARDS_FILE
from board.store.files import DIR_MODE, TEMP_SUFFIX, ensure_dir, stale_temps
from board.store.id_index import IDS_FILE
from board.store.sums import SUMS_FILE

PARTIAL = ".partial-"
META_BYTES = 64 << 10  # trustboard's meta.json is one short line
# What a trustboard data directory may hold before meta.json exists (a set-up killed
# part-way), and beside it (the sync engine's clone, settings and lock).
OURS = frozenset({
    layout.LOCK_FILE, layout.META_FILE, layout.CONTACTS, layout.INTERACTIONS, layout.BACKUPS,
    layout.JOURNAL_FILE, layout.INDEX_FILE, layout.RESOURCES_FILE, layout.LEGACY_FILE, IDS_FILE,
    CARDS_FILE, SUMS_FILE, "sync", "sync.toml", ".sync.lock",
})
# The folders of a store, and what a new one holds before anything is added to it
# (`take_back`): ours, less what holds records, a change under way, or sync's.
FOLDERS = (layout.CONTACTS, layout.INTERACTIONS, layout.BACKUPS)
NEW_STORE = OURS - {layout.JOURNAL_FILE, layout.RESOURCES_FILE, layout.LEGACY_FILE, "sync", "sync.toml", ".sync.lock"}


def claim(root: Path, *, create: bool = True) -> frozenset[str] | None:
    """Make sure `root` is (or becomes) a trustboard data directory; DataError if not ours.

    Returns the names it held (None: it did not exist, and was made), so that a set-up
    that fails can take away what it added (`undo_setup`). With create=False (check,
    backups, restore) a missing directory is an error too.
    """
    try:
        names = os.listdir(root)
    except FileNotFoundError:
        if not create:
            raise DataError(f"{root} holds no trustboard data (it does not exist)", path=root) from None
        try:
            ensure_dir(root)
            os.chmod(root, DIR_MODE)
        except OSError as exc:
            raise DataError(f"cannot use data directory {root}: {exc.strerror}", path=root) from None
        return None
    except NotADirectoryError:
        raise DataError(f"{root} is not a directory: give --data a directory", path=root) from None
    except OSError as exc:
        raise DataError(f"cannot use data directory {root}: {exc.strerror}", path=root) from None
    if layout.META_FILE in names and not _ours_with_meta(root, names):
        raise DataError(
            f"{root} is not a trustboard data directory (its meta.json is not trustboard's, "
            "and it holds no contacts/ or interactions/), so it was left untouched: give "
            "--data (or TRUSTBOARD_DATA) a new or empty directory, or the one trustboard made",
            path=root,
        )
    if layout.META_FILE not in names and layout.LEGACY_FILE not in names:
        foreign = sorted(n for n in names if n not in OURS and not _our_temp(n))
        if foreign or (not create and not names):
            what = f"it holds {foreign[0]!r} and more" if len(foreign) > 1 else (
                f"it holds {foreign[0]!r}" if foreign else "it is empty")
            raise DataError(
                f"{root} is not a trustboard data directory ({what}, and no meta.json), so "
                "it was left untouched: give --data (or TRUSTBOARD_DATA) a new or empty "
                "directory, or the one trustboard made", path=root,
            )
    if not create:
        return frozenset(names)  # only reading it (check, backups): change nothing, not even its mode
    try:
        if os.stat(root).st_mode & 0o777 != DIR_MODE:
            os.chmod(root, DIR_MODE)
    except OSError as exc:
        raise DataError(f"cannot use data directory {root}: {exc.strerror}", path=root) from None
    return frozenset(names)


def undo_setup(root: Path, held: frozenset[str] | None) -> None:
    """A new store's set-up failed before its meta.json was written (a full disk, say):
    take away what it added, so that the failed command leaves the directory as it found
    it (`held`, as `claim` returned it: None if `claim` made the directory itself)."""
    if (root / layout.META_FILE).exists():
        return  # set up after all: an empty store, which is one
    for name in (layout.CONTACTS, layout.INTERACTIONS):
        if held is None or name not in held:
            try:
                os.rmdir(root / name)
            except OSError:  # not empty, or not there: not only what the set-up made
                pass
    if held is None or layout.LOCK_FILE not in held:
        try:
            if os.stat(root / layout.LOCK_FILE).st_size == 0:
                os.unlink(root / layout.LOCK_FILE)
        except OSError:
            pass
    if held is None:
        try:
            os.rmdir(root)
        except OSError:
            pass


def take_back(root: Path, *, keep_root: bool = False) -> bool:
    """Remove a store set up a moment ago in a directory that did not exist (or, with
    `keep_root`, was empty), if it holds no data yet (no contact, interaction or
    resource, no journal, no backup): a command that set it up and then failed
    (`trustboard --data typo log ...`) leaves nothing behind.

    Call it with the store closed. Anything not a new store's own (a file another process
    put there meanwhile, a shard) keeps the directory as it is. True if it was taken away."""
    try:
        names = set(os.listdir(root))
        holding = [n for folder in FOLDERS if folder in names for n in os.listdir(root / folder)]
    except OSError:
        return False
    if holding or not names <= NEW_STORE or layout.META_FILE not in names:
        return False
    for name in names:
        path = root / name
        try:
            if name in FOLDERS:
                os.rmdir(path)
            else:
                os.unlink(path)
        except OSError:
            return False
    if keep_root:
        return True
    try:
        os.rmdir(root)
    except OSError:
        return False
    return True


def _ours_with_meta(root: Path, names: list[str]) -> bool:
    """Whether a directory holding a meta.json is trustboard's: it holds the store's
    folders (or its legacy file) beside it, whatever state meta.json is in (a damaged
    store's meta.json is the store's to report), or its meta.json records a schema as
    trustboard writes it. Another program's meta.json is not read past 64 KiB."""
    if any(name in names for name in (layout.CONTACTS, layout.INTERACTIONS, layout.BACKUPS, layout.LEGACY_FILE)):
        return True
    try:
        with open(root / layout.META_FILE, "rb") as handle:
            raw = handle.read(META_BYTES + 1)
        data = orjson.loads(raw) if len(raw) <= META_BYTES else None
    except (OSError, orjson.JSONDecodeError):
        return False
    return isinstance(data, dict) and codec.meta_version(data) is not None


def _our_temp(name: str) -> bool:
    return name.startswith(".") and name.endswith(TEMP_SUFFIX)


def leftovers(root: Path, keep: frozenset[str] = frozenset()) -> list[Path]:
    """Temporary files and partial backups a killed writer left (none named in `keep`)."""
    found = [path for folder in (root, root / layout.CONTACTS, root / layout.INTERACTIONS)
             for path in stale_temps(folder, keep)]
    try:
        backups = root / layout.BACKUPS
        found.extend(backups / n for n in os.listdir(backups) if n.startswith(PARTIAL))
    except (FileNotFoundError, NotADirectoryError):
        pass
    return found


def clean(paths: list[Path]) -> None:
    """Remove leftovers (only while holding the exclusive lock)."""
    for path in paths:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            try:
                os.unlink(path)
            except FileNotFoundError:
                pass
