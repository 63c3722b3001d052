"""The store: the one door to trustboard's data.

Layout of a data directory::

    meta.json               schema version (TinyDB table `_meta`)
    contacts/XX.json        contacts whose id hashes to shard XX (256 shards)
    interactions/XX.json    the interactions of those same contacts
    journal.json            present only while a multi-file change is being applied
    backups/                rotating snapshots: one a day (last 7), one before each
                            import/migration (last 5); see `Store.backup`
    .lock                   the flock every read-change-write cycle holds

Each shard is a TinyDB database whose `Storage` is bound to a transaction: TinyDB
does the document bookkeeping, the transaction decides when and how bytes reach the
disk. One change rewrites only the shard(s) it touches; a change touching several
files is first written whole to `journal.json`, so a crash at any instant leaves the
old or the new state (a reader or writer that finds a journal finishes it first).

Parsed files are cached and reused while their (inode, size, mtime_ns) are
unchanged, which is also how another process's change is noticed. A file written
within the last two seconds could be replaced by one with the very same key (file
times are coarse and inode numbers are reused), so such "racy" entries are also
checked against a digest of their bytes until they age (the racy-git rule).

Reads of contacts come from an in-memory snapshot taken at open and renewed by
`refresh()` and by every transaction; interactions are read on demand. All reads
from disk happen under a shared lock, all writes under the exclusive one.
"""

from __future__ import annotations

import gc
import hashlib
import os
import re
import shutil
import threading
import time
import zlib
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import orjson
from tinydb import TinyDB
from tinydb.storages import Storage
from tinydb.table import Document, Table

from board.errors import DataError, TrustboardError, UserError
from board.files import (
    FileLock,
    StatKey,
    ensure_dir,
    fsync_dir,
    read_with_key,
    remove_stale_temps,
    stat_key,
    write_atomic,
    write_new,
)
from board.model import (
    CONTACT_FIELDS,
    Contact,
    Interaction,
    Kind,
    Stage,
    Value,
    from_iso,
    new_id,
    now,
    resolve_contact,
)

SCHEMA_VERSION = 1
SHARDS = 256
CONTACTS = "contacts"
INTERACTIONS = "interactions"
META_FILE = "meta.json"
JOURNAL_FILE = "journal.json"
LEGACY_FILE = "trustboard.json"  # schema 0: one TinyDB file with both tables
BACKUPS = "backups"
MANIFEST = "manifest.json"
INDEX_FILE = "index.json"  # a cache: contact names per shard, see `Store._vouch`
INDEX_VERSION = 2
INDEX_GAIN = 16  # a writer rewrites the index once it would spare readers this many parses
KEEP_DAILY = 7
KEEP_EVENT = 5
RACY_NS = 2_000_000_000  # wider than any file system's timestamp granularity
INTERACTION_SHARDS_CACHED = 32  # parsed interaction shards kept (least recently used go)

Tables = dict[str, dict[str, dict[str, Any]]]

_CONTACT_REL_SET: frozenset[str] = frozenset()
_SHARD_RE = re.compile(r"^(contacts|interactions)/[0-9a-f]{2}\.json$")
_STAGES = {s.value: s for s in Stage}
_KINDS = {k.value: k for k in Kind}
_VALUES = {v.value: v for v in Value}
_fromiso = datetime.fromisoformat


def shard_of(contact_id: str) -> str:
    """The shard a contact and its interactions live in (stable for any id string)."""
    return f"{zlib.crc32(contact_id.encode()) & 0xFF:02x}"


def _rel(table: str, shard: str) -> str:
    return f"{table}/{shard}.json"


CONTACT_RELS = tuple(_rel(CONTACTS, f"{n:02x}") for n in range(SHARDS))
INTERACTION_RELS = tuple(_rel(INTERACTIONS, f"{n:02x}") for n in range(SHARDS))
_CONTACT_REL_SET = frozenset(CONTACT_RELS)


def _dumps(data: Any) -> bytes:
    return orjson.dumps(data)


def _digest(raw: bytes) -> bytes:
    return hashlib.blake2b(raw, digest_size=16).digest()


def _racy(key: StatKey | None) -> bool:
    return key is not None and key[2] >= time.time_ns() - RACY_NS


@contextmanager
def _no_gc() -> Iterator[None]:
    """Pause the cyclic GC while building many acyclic objects.

    Parsing a large board allocates hundreds of thousands of dicts and lists, which
    would trigger many full collections that find nothing (JSON has no cycles).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


# --- record shape checks and fast builders -----------------------------------


def _shape_problem(rel: str, data: Any) -> str | None:
    """What is wrong with a parsed file's shape, or None if it holds trustboard tables.

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
    kind = CONTACTS if rel.startswith(CONTACTS + "/") else INTERACTIONS
    for name, table in data.items():
        if name != kind:
            if table:
                return f"it holds an unexpected table {name!r}"
            continue
        if kind == CONTACTS:
            for key, doc in table.items():
                if not (
                    type(doc) is dict and doc.get("id") == key
                    and type(name_ := doc.get("name")) is str and name_.strip()
                    and doc.get("stage") in _STAGES
                ):
                    return _record_problem(kind, key, doc)
        else:
            for key, doc in table.items():
                if not (
                    type(doc) is dict and doc.get("id") == key
                    and type(owner := doc.get("contact_id")) is str and owner
                    and doc.get("kind") in _KINDS and type(doc.get("at")) is str
                ):
                    return _record_problem(kind, key, doc)
    return None


def _record_problem(kind: str, key: str, doc: Any) -> str:
    """Why one record failed `_shape_problem`'s test, in words."""
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
    if doc.get("kind") not in _KINDS:
        return f"interaction {key} has an unknown kind {doc.get('kind')!r}"
    return f"interaction {key} has no time"


def _aware(text: str) -> datetime:
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


def _contact_from_doc(doc: dict[str, Any]) -> Contact:
    """Build a contact from a stored record, fast for records the store wrote itself.

    Equal to `Contact.from_dict(doc)` (a property test holds it to that): records in
    exactly the form `Contact.to_dict` writes take this path, about five times faster
    (it decides how fast a 30,000-contact board opens); anything else, such as
    imported or hand-edited records, goes through `Contact.from_dict`.
    """
    try:
        cid, name, source = doc["id"], doc["name"], doc["source"]
        company, title, needs = doc["company"], doc["title"], doc["needs"]
        met_at, notes, archived = doc["met_at"], doc["notes"], doc["archived"]
        cadence, snoozed, last = doc["cadence_days"], doc["snoozed_until"], doc["last_interaction_at"]
        if (
            type(cid) is str and cid and type(name) is str and name and name == name.strip()
            and type(source) is str and source and type(company) is str
            and type(title) is str and type(needs) is str and type(met_at) is str
            and type(notes) is str and type(archived) is bool
            and (cadence is None or (type(cadence) is int and cadence >= 1))
        ):
            created = _fromiso(doc["created_at"])
            updated = _fromiso(doc["updated_at"])
            changed = _fromiso(doc["stage_changed_at"])
            touched = _fromiso(last) if last else None
            if (
                created.tzinfo is not None and updated.tzinfo is not None
                and changed.tzinfo is not None and (touched is None or touched.tzinfo is not None)
            ):
                return Contact(
                    cid, name, company, title, _strings(doc["emails"]), _strings(doc["phones"]),
                    _strings(doc["urls"]), _STAGES[doc["stage"]], _strings(doc["tags"]),
                    _strings(doc["expertise"]), needs, met_at, source, notes, created, updated,
                    changed, touched, date.fromisoformat(snoozed[:10]) if snoozed else None,
                    cadence, archived,
                )
    except (KeyError, TypeError, ValueError):
        pass
    return Contact.from_dict(doc)


def _interaction_from_doc(doc: dict[str, Any]) -> Interaction:
    """Build an interaction from a stored record; equal to `Interaction.from_dict(doc)`."""
    try:
        iid, cid, summary, value = doc["id"], doc["contact_id"], doc["summary"], doc["value"]
        if (
            type(iid) is str and iid and type(cid) is str and cid and type(summary) is str
            and (value is None or value in _VALUES)
        ):
            at = _aware(doc["at"])
            return Interaction(
                iid, cid, at, _KINDS[doc["kind"]], summary, _VALUES[value] if value else None
            )
    except (KeyError, TypeError, ValueError):
        pass
    return Interaction.from_dict(doc)


# --- TinyDB plumbing ---------------------------------------------------------


class _StrIdTable(Table):
    """Documents keyed by our own string ids; TinyDB never invents an id."""

    document_id_class = str  # type: ignore[assignment]

    def _get_next_id(self) -> str:  # pragma: no cover - we always pass ids
        raise RuntimeError("trustboard assigns document ids itself")


class _ShardDB(TinyDB):
    table_class = _StrIdTable


class _TxnStorage(Storage):
    """A TinyDB storage that reads through the store's cache and writes into a transaction.

    Only `insert`, `insert_multiple` and `remove` are used on its tables: they build
    new table dicts, whereas `update`/`upsert` would edit the cached documents in
    place and leak an aborted change into the cache.
    """

    def __init__(self, txn: Transaction, rel: str) -> None:
        self._txn = txn
        self._rel = rel

    def read(self) -> Tables | None:
        # A shallow copy: TinyDB replaces whole tables, never edits our cached documents.
        return dict(self._txn._tables(self._rel))

    def write(self, data: Tables) -> None:
        self._txn._pending[self._rel] = data


# --- changes and undo --------------------------------------------------------


@dataclass(slots=True)
class Op:
    """One record's state before and after a change (None: absent)."""

    table: str
    contact_id: str
    doc_id: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None


@dataclass
class Change:
    """A committed change: what it was called and every record it touched."""

    label: str
    ops: list[Op] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.ops)

    def inverse(self, label: str) -> Change:
        return Change(
            label,
            [Op(o.table, o.contact_id, o.doc_id, o.after, o.before) for o in reversed(self.ops)],
        )


@dataclass(slots=True)
class _Names:
    """One contact shard as index.json records it: its stat key then, and who is in it."""

    key: StatKey
    ids: list[str]
    names: list[str]  # folded: stripped and lowercase, as CONTACT arguments are matched
    archived: list[bool]


@dataclass(slots=True)
class _Entry:
    """A parsed file as cached: its stat key, tables and (while racy) a digest of its bytes."""

    key: StatKey | None
    data: Tables
    digest: bytes | None = None
    contacts: dict[str, Contact] | None = None


# --- the store ---------------------------------------------------------------


class Store:
    """Opens a data directory and is the only reader and writer of its files.

    Contacts handed out are shared with the store's snapshot: treat them as
    read-only and change them with `copy(...)`.
    """

    def __init__(self, root: Path | str, *, clock: Callable[[], datetime] = now) -> None:
        self.root = Path(root).expanduser()
        self.clock = clock
        self._files: dict[str, _Entry] = {}  # meta and contact shards
        self._ifiles: OrderedDict[str, _Entry] = OrderedDict()  # interaction shards (LRU)
        self._paths: dict[str, str] = {}
        self._txn: Transaction | None = None
        self._daily_seen: str | None = None
        self._migrating = False
        self._index: tuple[StatKey, dict[str, _Names]] | None = None
        self._index_hits = 0  # shards the index on disk vouched for at the last check
        self._unseen = False  # a contact shard another process changed was loaded since `refresh`
        self.undo_stack: list[Change] = []
        self.redo_stack: list[Change] = []
        self._open()

    @property
    def _mutex(self) -> threading.RLock:
        # The lock file's own in-process lock: code holding `store.lock` (an exporter,
        # say) and code taking this mutex can never wait on each other in two orders.
        return self.lock.mutex

    # -- opening, schema, migration

    def _open(self) -> None:
        try:
            ensure_dir(self.root)
            os.chmod(self.root, 0o700)
        except OSError as exc:
            raise DataError(f"cannot use data directory {self.root}: {exc.strerror}") from None
        self.lock = FileLock(self.root / ".lock")
        with self._mutex:
            # The common case needs only a shared lock, so readers never queue behind
            # each other; setting up, migrating or finishing a journal needs the exclusive one.
            with self.lock.shared():
                ready = (self.root / META_FILE).exists() and not (self.root / JOURNAL_FILE).exists()
                if ready:
                    self._check_schema()
            if not ready:
                with self.lock.exclusive():
                    self._prepare()

    def _prepare(self) -> None:
        """Under the exclusive lock: finish a journal, create or migrate."""
        meta_path = self.root / META_FILE
        if meta_path.exists():
            self._check_schema()  # never apply a newer version's journal
        self._recover_journal()
        if not meta_path.exists():
            if (self.root / LEGACY_FILE).exists():
                self._migrate_from_legacy()
            else:
                ensure_dir(self.root / CONTACTS)
                ensure_dir(self.root / INTERACTIONS)
                self._write_meta(SCHEMA_VERSION)
        self._check_schema()

    def close(self) -> None:
        """Release the lock file's descriptor (the store is not used afterwards)."""
        self.lock.close()

    def schema_version(self) -> int:
        """The schema version recorded in meta.json."""
        with self._mutex, self.lock.shared():
            entry, _ = self._entry(META_FILE)
        return self._version_of(entry.data, META_FILE)

    def _version_of(self, meta: Tables, rel: str) -> int:
        try:
            record = next(iter(meta["_meta"].values()))
            version = record["schema_version"]
        except (KeyError, StopIteration, TypeError, AttributeError):
            raise self._damaged(rel, "it has no schema version") from None
        if isinstance(version, bool) or not isinstance(version, int):
            raise self._damaged(rel, f"its schema version {version!r} is not a number")
        return version

    def _check_schema(self) -> None:
        entry, _ = self._entry(META_FILE)
        if entry.key is None:
            raise self._damaged(META_FILE, "it is missing")
        version = self._version_of(entry.data, META_FILE)
        if version > SCHEMA_VERSION:
            raise DataError(
                f"{self.root / META_FILE} was written by a newer trustboard (schema {version}; "
                f"this one reads up to {SCHEMA_VERSION}): upgrade trustboard to open it. "
                f"It was left untouched; its newest backup this version reads is "
                f"{self._newest_meta_backup()}"
            )

    def _newest_meta_backup(self) -> str:
        folder = self.newest_good_backup(META_FILE)
        return str(folder / META_FILE) if folder else "none (no backup exists)"

    def _write_meta(self, version: int) -> None:
        payload = _dumps({"_meta": {"schema": {"schema_version": version}}})
        write_atomic(self.root / META_FILE, payload)
        self._files.pop(META_FILE, None)

    def _migrate_from_legacy(self) -> None:
        """Schema 0 kept everything in one TinyDB file; split it into shards.

        Safe to repeat after a crash: records keep their ids, so a second run
        rewrites the same shards; the legacy file goes only once meta.json exists.
        """
        legacy = self.root / LEGACY_FILE
        found = read_with_key(legacy)
        raw = found[1] if found else b""
        try:
            tables = orjson.loads(raw)
        except orjson.JSONDecodeError as exc:
            raise self._damaged(LEGACY_FILE, f"it is not valid JSON ({exc})") from None
        if not isinstance(tables, dict) or not all(isinstance(t, dict) for t in tables.values()):
            raise self._damaged(LEGACY_FILE, "it does not hold trustboard tables")
        meta = tables.get("_meta")
        if meta:
            version = self._version_of(tables, LEGACY_FILE)
            if version > SCHEMA_VERSION:
                raise DataError(
                    f"{legacy} was written by a newer trustboard (schema {version}): "
                    "upgrade trustboard to open it. It was left untouched"
                )
        contacts: list[Contact] = []
        interactions: list[Interaction] = []
        try:
            for key, doc in (tables.get("contacts") or {}).items():
                where = f"contact {key}"
                if not isinstance(doc, dict):
                    raise ValueError("it is not an object")
                contacts.append(Contact.from_dict({**doc, "id": doc.get("id") or str(key)}))
            for key, doc in (tables.get("interactions") or {}).items():
                where = f"interaction {key}"
                if not isinstance(doc, dict):
                    raise ValueError("it is not an object")
                item = Interaction.from_dict({**doc, "id": doc.get("id") or f"legacy-{key}"})
                if not item.contact_id:
                    raise ValueError("it belongs to no contact")
                interactions.append(item)
        except (ValueError, TypeError, TrustboardError) as exc:
            raise self._damaged(LEGACY_FILE, f"its {where} cannot be read ({exc})") from None
        self.backup("before-migration", extra=[legacy])
        ensure_dir(self.root / CONTACTS)
        ensure_dir(self.root / INTERACTIONS)
        self._migrating = True
        try:
            with self.transaction("migration", record=False, backup=False) as txn:
                txn.put_many(contacts, interactions, touch=False)
        finally:
            self._migrating = False
        self._write_meta(SCHEMA_VERSION)
        legacy.unlink()
        fsync_dir(self.root)

    # -- reading files

    def _decode(self, rel: str, raw: bytes) -> Tables:
        if not raw.strip():
            raise self._damaged(rel, "it is empty")
        try:
            data = orjson.loads(raw)
        except orjson.JSONDecodeError as exc:
            raise self._damaged(rel, f"it is not valid JSON ({exc})") from None
        problem = _shape_problem(rel, data)
        if problem:
            raise self._damaged(rel, problem)
        return data

    def _damaged(self, rel: str, reason: str) -> DataError:
        path = self.root / rel
        reason = " ".join(reason.split())  # one line on stderr, whatever the parser said
        if rel == JOURNAL_FILE:
            folder = self.newest_good_backup(META_FILE)
            backup = f"; the newest good backup is {folder}" if folder else ""
            return DataError(
                f"{path} (an unfinished change) cannot be read: {reason}. It was left "
                "untouched: move it out of the data directory to open the data as it was "
                f"before that change{backup}"
            )
        return DataError(
            f"{path} cannot be read: {reason}. It was left untouched: "
            f"{self._backup_hint(rel)}"
        )

    def _backup_hint(self, rel: str) -> str:
        """What the user can do about a damaged file, naming its newest good backup."""
        folder = self.newest_good_backup(rel)
        if folder is None:
            return "no good backup of it exists, so repair it or move it aside"
        if (folder / rel).exists():
            return f"to recover, copy its newest good backup over it: {folder / rel}"
        return (
            f"it did not exist yet in the newest good backup, {folder}, "
            "so move it aside to go on without it"
        )

    def _entry(self, rel: str) -> tuple[_Entry, bool]:
        """The cached parse of a file, re-read if it changed; True if it was (re)loaded."""
        cache = self._ifiles if rel.startswith(INTERACTIONS + "/") else self._files
        old = cache.get(rel)
        path = self._paths.get(rel) or self._path(rel)
        try:
            st = os.stat(path)
            key: StatKey | None = (st.st_ino, st.st_size, st.st_mtime_ns)
        except FileNotFoundError:
            key = None
        if old is not None and old.key == key and old.digest is None:
            entry, loaded = old, False
        elif key is None:
            entry, loaded = _Entry(None, {}), old is not None
        else:
            found = read_with_key(path)
            if found is None:  # removed between stat and open
                entry, loaded = _Entry(None, {}), old is not None
            else:
                key, raw = found
                racy = _racy(key)
                if old is not None and old.key == key and old.digest == _digest(raw):
                    entry, loaded = old, False
                    if not racy:
                        old.digest = None
                else:
                    with _no_gc():
                        entry = _Entry(key, self._decode(rel, raw), _digest(raw) if racy else None)
                    loaded = True
                    # Picked up inside a transaction, say: the next `refresh` must still report it.
                    self._unseen = self._unseen or (old is not None and cache is self._files)
        cache[rel] = entry
        if cache is self._ifiles:
            self._ifiles.move_to_end(rel)
            while len(self._ifiles) > INTERACTION_SHARDS_CACHED:
                self._ifiles.popitem(last=False)
        return entry, loaded

    def _path(self, rel: str) -> str:
        """The file's path as a string (cached: this is on every read's hot path)."""
        path = self._paths[rel] = os.path.join(self.root, rel)
        return path

    def _load_contacts(self, only_loaded: bool = False) -> bool:
        """Load (or re-check) every contact shard, or only those already loaded."""
        changed = False
        for rel in CONTACT_RELS:
            if only_loaded and rel not in self._files:
                continue
            if self._entry(rel)[1]:
                changed = True
        return changed

    # -- the name index: lets a command that names one contact skip parsing all the others

    def _read_index(self) -> dict[str, _Names]:
        """index.json as {shard: its stat key then and its names}; {} if unusable.

        It is only a cache: whatever is wrong with it, it is ignored (and rewritten by
        the next writer), never reported. Names are kept folded (stripped, lowercase),
        in parallel lists, so checking and scanning 30,000 of them is cheap.
        """
        found = read_with_key(self.root / INDEX_FILE)
        if found is None:
            return {}
        key, raw = found
        if self._index is not None and self._index[0] == key:
            return self._index[1]
        parsed: dict[str, _Names] = {}
        try:
            data = orjson.loads(raw)
            if data["version"] != INDEX_VERSION:
                raise ValueError("another version")
            for rel, item in data["shards"].items():
                ids, names, archived = item["ids"], item["names"], item["archived"]
                shard_key = tuple(item["key"])
                if (
                    rel not in _CONTACT_REL_SET or len(shard_key) != 3
                    or not len(ids) == len(names) == len(archived)
                    or not set(map(type, ids)) | set(map(type, names)) <= {str}
                    or not set(map(type, archived)) <= {bool}
                    or not set(map(type, shard_key)) <= {int}
                ):
                    raise ValueError(rel)
                parsed[rel] = _Names(shard_key, ids, names, archived)  # type: ignore[arg-type]
        except (orjson.JSONDecodeError, KeyError, TypeError, ValueError, AttributeError):
            parsed = {}
        self._index = (key, parsed)
        return parsed

    def _vouch(self) -> dict[str, _Names]:
        """Make sure every contact shard is readable; the index names of those left unparsed.

        A shard already loaded is re-checked by its stat key; one that is not is
        trusted without parsing if index.json recorded this very (inode, size,
        mtime) for it (it was parsed and checked then, and the index records only
        keys old enough to be unambiguous); any other shard is parsed and checked
        now. So `trustboard log NAME` on 30,000 contacts reads one small index
        instead of parsing every contact, and still refuses a damaged shard.
        """
        index = self._read_index()
        vouched: dict[str, _Names] = {}
        hits = 0
        for rel in CONTACT_RELS:
            recorded = index.get(rel)
            if rel in self._files:
                key = self._entry(rel)[0].key
                hits += key is not None and recorded is not None and recorded.key == key
                continue
            try:
                st = os.stat(self._paths.get(rel) or self._path(rel))
            except FileNotFoundError:
                continue
            if recorded is not None and recorded.key == (st.st_ino, st.st_size, st.st_mtime_ns):
                vouched[rel] = recorded
                hits += 1
            else:
                self._entry(rel)
        self._index_hits = hits
        return vouched

    def _maybe_write_index(self) -> None:
        """Under the exclusive lock: rewrite index.json if it would spare readers enough parses."""
        index = self._read_index()
        vouched: list[tuple[str, _Entry | _Names]] = []  # counted first: building names costs
        for rel in CONTACT_RELS:
            entry = self._files.get(rel)
            if entry is not None:
                if entry.key is not None and not _racy(entry.key):
                    vouched.append((rel, entry))
            elif rel in index:
                recorded = index[rel]
                if recorded.key == stat_key(self.root / rel):
                    vouched.append((rel, recorded))
        gain = len(vouched) - self._index_hits
        if gain < INDEX_GAIN and (gain <= 0 or index):
            return
        shards: dict[str, Any] = {}
        for rel, source in vouched:
            if isinstance(source, _Names):
                names = source
            else:
                docs = source.data.get(CONTACTS, {})
                names = _Names(
                    source.key,  # type: ignore[arg-type]
                    list(docs),
                    [d["name"].strip().lower() for d in docs.values()],
                    [bool(d.get("archived", False)) for d in docs.values()],
                )
            shards[rel] = {"key": names.key, "ids": names.ids, "names": names.names,
                           "archived": names.archived}
        # A cache: atomic so readers never see half of it, but not worth an fsync.
        payload = _dumps({"version": INDEX_VERSION, "shards": shards})
        write_atomic(self.root / INDEX_FILE, payload, durable=False)
        self._index_hits = len(shards)

    def _shard_contacts(self, rel: str) -> dict[str, Contact]:
        entry = self._files.get(rel)
        if entry is None:
            with self._reading():
                entry = self._entry(rel)[0]
        built = entry.contacts
        if built is None:
            built = {}
            with _no_gc():
                for cid, doc in entry.data.get(CONTACTS, {}).items():
                    built[cid] = self._build_contact(rel, doc)
            entry.contacts = built
        return built

    def _build_contact(self, rel: str, doc: dict[str, Any]) -> Contact:
        try:
            return _contact_from_doc(doc)
        except (ValueError, TypeError, TrustboardError) as exc:
            raise self._damaged(rel, f"contact {doc.get('id')} cannot be read ({exc})") from None

    def _build_interaction(self, rel: str, doc: dict[str, Any]) -> Interaction:
        try:
            return _interaction_from_doc(doc)
        except (ValueError, TypeError, TrustboardError) as exc:
            raise self._damaged(rel, f"interaction {doc.get('id')} cannot be read ({exc})") from None

    @contextmanager
    def _reading(self, blocking: bool = True) -> Iterator[bool]:
        """A shared lock for reading files, after finishing any journal a crash left."""
        with self._mutex:
            if self.lock.held:  # inside our own transaction: already consistent
                yield True
                return
            while True:
                with self.lock.shared(blocking) as held:
                    if not held:
                        yield False
                        return
                    if not (self.root / JOURNAL_FILE).exists():
                        yield True
                        return
                # A writer died mid-change (its lock died with it): finish its change.
                with self.lock.exclusive(blocking) as held:
                    if not held:
                        yield False
                        return
                    self._recover_journal()

    # -- public reads

    def refresh(self, blocking: bool = True) -> bool:
        """Pick up other processes' changes; True if any contact shard changed.

        With blocking=False, returns False at once while another process holds the lock.
        """
        with self._reading(blocking) as held, _no_gc():
            if not held:
                return False
            changed = self._load_contacts(only_loaded=True) or self._unseen
            self._unseen = False
            return changed

    def contacts(self, *, archived: bool | None = False) -> list[Contact]:
        """Every contact (archived ones only if asked: False hides, True only, None all)."""
        out: list[Contact] = []
        # One GC pause for the whole load: re-enabling it after each shard would run
        # ever larger collections over everything built so far (a third of the time).
        with self._mutex, _no_gc():
            if not all(rel in self._files for rel in CONTACT_RELS):
                with self._reading():
                    self._load_contacts()
            for rel in CONTACT_RELS:
                built = self._shard_contacts(rel)
                if archived is None:
                    out.extend(built.values())
                else:
                    out.extend(c for c in built.values() if c.archived == archived)
        return out

    def get(self, contact_id: str) -> Contact:
        contact = self._snapshot(contact_id)
        if contact is None:
            raise UserError(f"no contact with id {contact_id}")
        return contact

    def find(self, query: str, *, archived: bool | None = None) -> Contact:
        """Resolve a CLI `CONTACT` argument (id, id prefix, name, unique name prefix).

        Filters the raw records and builds only the candidates, so resolving a name
        among 30,000 contacts costs milliseconds; the rules are `resolve_contact`'s.
        """
        text = query.strip()
        lowered = text.lower()
        if not text:
            return resolve_contact(query, [])
        picked: list[Contact] = []
        with self._reading():
            indexed = self._vouch()
            for rel in CONTACT_RELS:
                entry = self._files.get(rel)
                if entry is None:
                    names = indexed.get(rel)
                    if names is None:
                        continue  # no such file: no contacts in this shard
                    hits = [
                        cid for cid, name, gone in zip(names.ids, names.names, names.archived, strict=True)
                        if (name.startswith(lowered) or cid.startswith(lowered) or cid == text)
                        and (archived is None or gone == archived)
                    ]
                    if not hits:
                        continue
                    entry = self._entry(rel)[0]  # a candidate lives here: parse this shard
                    docs = entry.data.get(CONTACTS, {})
                    picked.extend(self._build_contact(rel, docs[cid]) for cid in hits if cid in docs)
                    continue
                for cid, doc in entry.data.get(CONTACTS, {}).items():
                    if archived is not None and bool(doc.get("archived", False)) != archived:
                        continue
                    if (
                        cid == text
                        or cid.startswith(lowered)
                        or doc["name"].strip().lower().startswith(lowered)
                    ):
                        built = entry.contacts
                        picked.append(built[cid] if built else self._build_contact(rel, doc))
        return resolve_contact(query, picked)

    def interactions(self, contact_id: str) -> list[Interaction]:
        """The contact's interactions, oldest first."""
        rel = _rel(INTERACTIONS, shard_of(contact_id))
        with self._reading():
            docs = self._entry(rel)[0].data.get(INTERACTIONS, {})
            found = [self._build_interaction(rel, d) for d in docs.values() if d["contact_id"] == contact_id]
        found.sort(key=lambda i: i.at)
        return found

    def all_interactions(self) -> Iterator[Interaction]:
        """Every interaction (reads every interaction shard: for stats and export).

        The files are read together under one lock (a consistent snapshot) and
        parsed one at a time as the caller iterates, so memory stays bounded.
        """
        sources: list[tuple[str, Tables | bytes]] = []
        with self._reading():
            for rel in INTERACTION_RELS:
                entry = self._ifiles.get(rel)
                found = read_with_key(self.root / rel)
                if found is None:
                    continue
                if entry is not None and entry.key == found[0] and (
                    entry.digest is None or entry.digest == _digest(found[1])
                ):
                    sources.append((rel, entry.data))
                else:
                    sources.append((rel, found[1]))
        for rel, source in sources:
            data = self._decode(rel, source) if isinstance(source, bytes) else source
            for doc in data.get(INTERACTIONS, {}).values():
                yield self._build_interaction(rel, doc)

    # -- transactions

    @contextmanager
    def transaction(
        self, label: str, *, record: bool = True, backup: bool | str = True
    ) -> Iterator[Transaction]:
        """A read-change-write cycle under the exclusive lock, durable when it exits.

        `backup` may name an event ("before-import") to keep a backup first; True keeps
        the daily one. Backups are taken only if the transaction writes something.
        With `record`, the change joins the session's undo history. Transactions do
        not nest (an inner one would write from a stale view).
        """
        with self._mutex:
            if self._txn is not None:
                raise RuntimeError("trustboard transactions do not nest")
            with self.lock.exclusive():
                if not self._migrating:
                    self._check_schema()
                self._recover_journal()
                self._vouch()  # no transaction starts over a damaged contact shard
                txn = Transaction(self, label)
                self._txn = txn
                try:
                    yield txn
                    if backup and txn._dirty():
                        self._maybe_backup(backup if isinstance(backup, str) else None)
                    change = txn._commit()
                except BaseException:
                    txn._abort()
                    raise
                finally:
                    self._txn = None
                if change:  # a transaction that wrote nothing writes no cache either
                    try:
                        self._maybe_write_index()
                    except OSError:
                        pass  # only a cache: the change itself is safely written
            if record and change:
                self.undo_stack.append(change)
                self.redo_stack.clear()
            txn.change = change

    def _write_files(self, files: dict[str, Tables]) -> None:
        """Write several files so that all or none of them take effect."""
        payloads = {rel: _dumps(data) for rel, data in files.items()}
        journal = self.root / JOURNAL_FILE
        if len(payloads) > 1:
            body = b",".join(_dumps(rel) + b":" + p for rel, p in payloads.items())
            write_atomic(journal, b'{"files":{' + body + b"}}")
        dirs = set()
        for rel, payload in payloads.items():
            path = self.root / rel
            st = write_atomic(path, payload, sync_dir=False)
            dirs.add(path.parent)
            entry = _Entry((st.st_ino, st.st_size, st.st_mtime_ns), files[rel], _digest(payload))
            if rel.startswith(INTERACTIONS + "/"):
                self._ifiles[rel] = entry
                self._ifiles.move_to_end(rel)
                while len(self._ifiles) > INTERACTION_SHARDS_CACHED:
                    self._ifiles.popitem(last=False)
            else:
                self._files[rel] = entry
        for folder in dirs:
            fsync_dir(folder)
        if len(payloads) > 1:
            journal.unlink()
            fsync_dir(self.root)

    def _recover_journal(self) -> None:
        """Finish a multi-file change that a crash interrupted (journal is complete or absent)."""
        path = self.root / JOURNAL_FILE
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            return
        try:
            files = orjson.loads(raw)["files"]
        except (orjson.JSONDecodeError, KeyError, TypeError) as exc:
            raise self._damaged(JOURNAL_FILE, f"it is not a valid change journal ({exc})") from None
        if not isinstance(files, dict) or not files:
            raise self._damaged(JOURNAL_FILE, "it lists no files")
        for rel, data in files.items():
            if not isinstance(rel, str) or not _SHARD_RE.match(rel):
                raise self._damaged(JOURNAL_FILE, f"it names an unexpected file {rel!r}")
            problem = _shape_problem(rel, data)
            if problem:
                raise self._damaged(JOURNAL_FILE, f"its copy of {rel}: {problem}")
        dirs = set()
        for rel, data in files.items():
            target = self.root / rel
            ensure_dir(target.parent)
            write_atomic(target, _dumps(data), sync_dir=False)
            dirs.add(target.parent)
            self._files.pop(rel, None)
            self._ifiles.pop(rel, None)
        for folder in dirs:
            fsync_dir(folder)
        path.unlink()
        fsync_dir(self.root)
        for folder in (self.root, self.root / CONTACTS, self.root / INTERACTIONS):
            remove_stale_temps(folder)

    # -- backups

    def _backup_dirs(self) -> list[Path]:
        """Complete backups, newest first (a backup appears only once fully written)."""
        folder = self.root / BACKUPS
        try:
            entries = list(os.scandir(folder))
        except FileNotFoundError:
            return []
        found = [Path(e.path) for e in entries if e.is_dir() and not e.name.startswith(".")]
        return sorted(found, key=lambda p: p.name, reverse=True)

    def _maybe_backup(self, event: str | None) -> None:
        if event:
            self.backup(event)
            return
        today = self.clock().strftime("%Y%m%d")
        if self._daily_seen == today:
            return
        # ">=": after the clock went back, a "future" daily backup still counts as today's.
        if any(p.name[:8] >= today and p.name.endswith("-daily") for p in self._backup_dirs()):
            self._daily_seen = today
            return
        try:
            if not any(n.endswith(".json") for n in os.listdir(self.root / CONTACTS)):
                return  # no contacts yet: nothing worth keeping
        except FileNotFoundError:
            return
        self.backup("daily")
        self._daily_seen = today

    def backup(self, reason: str, extra: Iterable[Path] = ()) -> Path:
        """Snapshot the data files into backups/<time>-<reason>/ and prune old backups.

        Every backup is a complete directory a user can copy files out of. A file
        unchanged since the previous backup (same inode, size and mtime as recorded
        in that backup's manifest) is hard-linked to the previous backup's copy;
        only changed files are read, checked and copied. So backups never share an
        inode with the live data (damage to a live file cannot reach them), a day's
        backup costs about what that day changed, and a damaged file is refused
        here instead of rotating the last good copies away. The backup is built
        under a hidden name and renamed into place when complete.
        """
        with self._mutex, self.lock.exclusive():
            return self._backup(reason, list(extra))

    def _backup(self, reason: str, extra: list[Path]) -> Path:
        folder = self.root / BACKUPS
        ensure_dir(folder)
        for name in os.listdir(folder):
            if name.startswith(".partial-"):
                shutil.rmtree(folder / name, ignore_errors=True)
        previous = self._backup_dirs()
        moment = self.clock()
        # Names sort by time; a clock that has not moved (or went back) still sorts last.
        newest = previous[0].name[:22] if previous else ""
        while (stamp := moment.strftime("%Y%m%d-%H%M%S-%f")) <= newest:
            moment += timedelta(microseconds=1)
        target = folder / f"{stamp}-{reason}"
        prev_dir = previous[0] if previous else None
        prev_files = self._manifest(prev_dir) if prev_dir else {}
        partial = folder / f".partial-{target.name}"
        ensure_dir(partial)
        try:
            rels = [META_FILE, *(str(p.relative_to(self.root)) for p in extra)]
            for table in (CONTACTS, INTERACTIONS):
                if (self.root / table).is_dir():
                    ensure_dir(partial / table)
                    names = sorted(
                        n for n in os.listdir(self.root / table)
                        if n.endswith(".json") and not n.startswith(".")
                    )
                    rels.extend(f"{table}/{n}" for n in names)
            manifest: dict[str, list[int] | None] = {}
            for rel in rels:
                manifest[rel] = self._backup_file(rel, partial, prev_dir, prev_files)
            body = _dumps({"reason": reason, "schema": SCHEMA_VERSION, "files": manifest})
            write_new(partial / MANIFEST, body)
            for sub in (partial / CONTACTS, partial / INTERACTIONS, partial):
                if sub.is_dir():
                    fsync_dir(sub)
            os.rename(partial, target)
            fsync_dir(folder)
        except BaseException:
            shutil.rmtree(partial, ignore_errors=True)
            raise
        self._prune_backups()
        return target

    def _manifest(self, folder: Path) -> dict[str, Any]:
        try:
            files = orjson.loads((folder / MANIFEST).read_bytes())["files"]
        except (OSError, orjson.JSONDecodeError, KeyError, TypeError):
            return {}
        return files if isinstance(files, dict) else {}

    def _backup_file(
        self, rel: str, partial: Path, prev_dir: Path | None, prev_files: dict[str, Any]
    ) -> list[int] | None:
        """Link or copy one file into a backup being built; its recorded key (None if racy)."""
        source = self.root / rel
        try:
            st = os.stat(source)
        except FileNotFoundError:
            return None
        key = [st.st_ino, st.st_size, st.st_mtime_ns]
        if prev_dir is not None and prev_files.get(rel) == key:
            try:
                os.link(prev_dir / rel, partial / rel)
                return key
            except OSError:
                pass  # no hard links here (or the old copy is gone): copy instead
        found = read_with_key(source)
        if found is None:
            return None
        found_key, raw = found
        if rel != LEGACY_FILE and not self._known_good(rel, found_key, raw):
            # Refuse to back up a damaged file: it would rotate the good copies away.
            self._decode(rel, raw)
        write_new(partial / rel, raw)
        return None if _racy(found_key) else list(found_key)

    def _known_good(self, rel: str, key: StatKey, raw: bytes) -> bool:
        """True if this exact version of a file was already parsed and checked."""
        entry = (self._ifiles if rel.startswith(INTERACTIONS + "/") else self._files).get(rel)
        if entry is not None and entry.key == key:
            return entry.digest is None or entry.digest == _digest(raw)
        recorded = self._read_index().get(rel) if rel.startswith(CONTACTS + "/") else None
        return recorded is not None and recorded.key == key

    def _prune_backups(self) -> None:
        backups = self._backup_dirs()
        daily = [p for p in backups if p.name.endswith("-daily")]
        events = [p for p in backups if not p.name.endswith("-daily")]
        for old in daily[KEEP_DAILY:] + events[KEEP_EVENT:]:
            shutil.rmtree(old, ignore_errors=True)

    def newest_good_backup(self, rel: str) -> Path | None:
        """The newest backup folder holding a readable copy of `rel` (or predating it)."""
        for folder in self._backup_dirs():
            candidate = folder / rel
            try:
                raw = candidate.read_bytes()
            except FileNotFoundError:
                if rel.startswith((CONTACTS, INTERACTIONS)) and (folder / META_FILE).exists():
                    return folder  # the shard was empty then
                continue
            except OSError:
                continue
            try:
                data = orjson.loads(raw)
            except orjson.JSONDecodeError:
                continue
            if _shape_problem(rel, data):
                continue
            if rel == META_FILE:
                try:
                    version = next(iter(data["_meta"].values()))["schema_version"]
                except (KeyError, StopIteration, TypeError, AttributeError):
                    continue
                if not isinstance(version, int) or version > SCHEMA_VERSION:
                    continue
            return folder
        return None

    # -- high-level changes (each durable when it returns, each undoable)

    def add_contact(self, contact: Contact) -> Contact:
        with self.transaction(f"added {contact.name}") as txn:
            if txn.get(contact.id) is not None:
                raise UserError(f"a contact with id {contact.id} already exists")
            txn.put_contact(contact)
        return self.get(contact.id)

    def update_contact(
        self, contact: Contact, label: str | None = None, *, base: Contact | None = None
    ) -> Contact:
        """Save an edited contact.

        Fields the caller did not change (compared with `base`: pass the contact the
        edit started from; by default the store's snapshot) keep whatever another
        process saved meanwhile, so a concurrent edit of other fields is not undone.
        """
        base = base or self._snapshot(contact.id)
        with self.transaction(label or f"edited {contact.name}") as txn:
            current = txn.require(contact.id)
            if base is not None and base is not contact and base != current:
                edits = {
                    name: getattr(contact, name)
                    for name in CONTACT_FIELDS
                    if getattr(contact, name) != getattr(base, name)
                }
                contact = current.copy(**edits)
            if current.stage != contact.stage:
                contact = contact.copy(stage_changed_at=self.clock())
            contact = contact.copy(last_interaction_at=current.last_interaction_at)
            if contact != current:
                txn.put_contact(contact)
        return self.get(contact.id)

    def _snapshot(self, contact_id: str) -> Contact | None:
        """The contact as in this store's snapshot (loading its shard if needed)."""
        with self._mutex:
            return self._shard_contacts(_rel(CONTACTS, shard_of(contact_id))).get(contact_id)

    def _change(self, contact_id: str, label: Callable[[Contact], str], **fields: Any) -> Contact:
        """Change some fields of the latest version of a contact (read under the lock)."""
        with self.transaction("change") as txn:
            current = txn.require(contact_id)
            txn.label = label(current)
            changed = current.copy(**fields)
            if changed.stage != current.stage:
                changed = changed.copy(stage_changed_at=self.clock())
            if changed != current:
                txn.put_contact(changed)
        return self.get(contact_id)

    def move(self, contact_id: str, stage: Stage) -> Contact:
        return self._change(contact_id, lambda c: f"moved {c.name} to {stage.label}", stage=stage)

    def snooze(self, contact_id: str, until: date | None) -> Contact:
        return self._change(
            contact_id,
            lambda c: f"snoozed {c.name} until {until}" if until else f"woke {c.name}",
            snoozed_until=until,
        )

    def archive(self, contact_id: str, archived: bool = True) -> Contact:
        return self._change(
            contact_id,
            lambda c: f"archived {c.name}" if archived else f"restored {c.name}",
            archived=archived,
        )

    def log(
        self,
        contact_id: str,
        kind: Kind,
        summary: str = "",
        *,
        at: datetime | None = None,
        value: Value | None = None,
    ) -> Interaction:
        if value is not None and kind not in (Kind.GAVE, Kind.RECEIVED):
            raise UserError("a value goes only with `gave` or `received` interactions")
        interaction = Interaction(
            id=new_id(), contact_id=contact_id, at=at or self.clock(), kind=kind,
            summary=summary.strip(), value=value,
        )
        with self.transaction("log") as txn:
            contact = txn.require(contact_id)
            txn.label = f"logged {kind.value} with {contact.name}"
            txn.put_interaction(interaction)
        return interaction

    # -- undo / redo

    def undo(self) -> Change:
        """Revert the session's last change; refuses if another process changed it since."""
        if not self.undo_stack:
            raise UserError("nothing to undo")
        change = self.undo_stack[-1]
        self._apply(change.inverse(f"undid: {change.label}"))
        self.redo_stack.append(self.undo_stack.pop())
        return change

    def redo(self) -> Change:
        if not self.redo_stack:
            raise UserError("nothing to redo")
        change = self.redo_stack[-1]
        self._apply(Change(f"redid: {change.label}", change.ops))
        self.undo_stack.append(self.redo_stack.pop())
        return change

    def _apply(self, change: Change) -> None:
        with self.transaction(change.label, record=False) as txn:
            for op in change.ops:
                current = txn._raw_get(op.table, op.contact_id, op.doc_id)
                if current != op.before:
                    raise UserError(
                        "that change was changed again by another trustboard since, "
                        "so it was left as it is"
                    )
            for op in change.ops:
                txn._raw_put(op.table, op.contact_id, op.doc_id, op.after)


class Transaction:
    """The changes of one locked read-change-write cycle (see `Store.transaction`)."""

    def __init__(self, store: Store, label: str) -> None:
        self.store = store
        self.label = label
        self.change: Change | None = None
        self._pending: dict[str, Tables] = {}
        self._dbs: dict[str, _ShardDB] = {}
        self._ops: dict[tuple[str, str], Op] = {}

    # plumbing used by _TxnStorage

    def _tables(self, rel: str) -> Tables:
        if rel in self._pending:
            return self._pending[rel]
        return self.store._entry(rel)[0].data

    def _table(self, rel: str, table: str) -> _StrIdTable:
        db = self._dbs.get(rel)
        if db is None:
            db = _ShardDB(storage=_TxnStorage, txn=self, rel=rel)  # type: ignore[arg-type]
            self._dbs[rel] = db
        return db.table(table, cache_size=0)  # type: ignore[return-value]

    def _raw_get(self, table: str, contact_id: str, doc_id: str) -> dict[str, Any] | None:
        rel = _rel(table, shard_of(contact_id))
        return self._tables(rel).get(table, {}).get(doc_id)

    def _note(self, table: str, contact_id: str, doc_id: str, before: Any, after: Any) -> None:
        op = self._ops.get((table, doc_id))
        if op is None:
            self._ops[(table, doc_id)] = Op(table, contact_id, doc_id, before, after)
        else:
            op.after = after

    def _raw_put(
        self, table: str, contact_id: str, doc_id: str, doc: dict[str, Any] | None
    ) -> None:
        rel = _rel(table, shard_of(contact_id))
        before = self._raw_get(table, contact_id, doc_id)
        tinytable = self._table(rel, table)
        if before is not None:
            tinytable.remove(doc_ids=[doc_id])
        if doc is not None:
            tinytable.insert(Document(doc, doc_id=doc_id))
        self._note(table, contact_id, doc_id, before, doc)

    def _put_batch(self, table: str, docs: Iterable[tuple[str, dict[str, Any]]]) -> None:
        """Insert or replace many records: one TinyDB rebuild per shard, not per record."""
        by_rel: dict[str, list[tuple[str, dict[str, Any]]]] = {}
        for contact_id, doc in docs:
            by_rel.setdefault(_rel(table, shard_of(contact_id)), []).append((contact_id, doc))
        for rel, items in by_rel.items():
            current = self._tables(rel).get(table, {})
            latest: dict[str, tuple[str, dict[str, Any]]] = {}
            for contact_id, doc in items:
                latest[doc["id"]] = (contact_id, doc)
            replaced = [doc_id for doc_id in latest if doc_id in current]
            for doc_id, (contact_id, doc) in latest.items():
                self._note(table, contact_id, doc_id, current.get(doc_id), doc)
            tinytable = self._table(rel, table)
            if replaced:
                tinytable.remove(doc_ids=replaced)
            tinytable.insert_multiple(Document(doc, doc_id=doc_id) for doc_id, (_, doc) in latest.items())
            # Let the undo record share TinyDB's stored copies instead of holding its own.
            stored = self._pending[rel][table]
            for doc_id in latest:
                self._ops[(table, doc_id)].after = stored[doc_id]

    # reads inside the transaction (see the latest state, including this one's changes)

    def get(self, contact_id: str) -> Contact | None:
        rel = _rel(CONTACTS, shard_of(contact_id))
        doc = self._raw_get(CONTACTS, contact_id, contact_id)
        return self.store._build_contact(rel, doc) if doc is not None else None

    def require(self, contact_id: str) -> Contact:
        contact = self.get(contact_id)
        if contact is None:
            raise UserError(f"no contact with id {contact_id} (another session may have removed it)")
        return contact

    def contacts(self) -> list[Contact]:
        """Every contact, archived included, as of this transaction."""
        out: list[Contact] = []
        for rel in CONTACT_RELS:
            if rel in self._pending:
                docs = self._pending[rel].get(CONTACTS, {}).values()
                out.extend(self.store._build_contact(rel, d) for d in docs)
            else:
                out.extend(self.store._shard_contacts(rel).values())
        return out

    def interactions(self, contact_id: str) -> list[Interaction]:
        rel = _rel(INTERACTIONS, shard_of(contact_id))
        docs = self._tables(rel).get(INTERACTIONS, {})
        found = [
            self.store._build_interaction(rel, d)
            for d in docs.values() if d["contact_id"] == contact_id
        ]
        found.sort(key=lambda i: i.at)
        return found

    # writes

    def put_contact(self, contact: Contact, *, touch: bool = True) -> None:
        """Insert or replace a contact (updated_at set to now unless touch=False).

        `last_interaction_at` is the store's to keep: when the contact has
        interactions it is set to the newest one's time, whatever was passed.
        """
        if touch:
            contact = contact.copy(updated_at=self.store.clock())
        doc = contact.to_dict()
        current = self._raw_get(CONTACTS, contact.id, contact.id)
        if (
            # A new contact can only have interactions put earlier in this transaction.
            _rel(INTERACTIONS, shard_of(contact.id)) in self._pending
            if current is None
            else current.get("last_interaction_at") != doc["last_interaction_at"]
        ):
            latest = self._latest_interactions({contact.id}).get(contact.id)
            if latest is not None:
                doc["last_interaction_at"] = latest.isoformat()
        self._raw_put(CONTACTS, contact.id, contact.id, doc)

    def put_many(
        self,
        contacts: Iterable[Contact] = (),
        interactions: Iterable[Interaction] = (),
        *,
        touch: bool = True,
    ) -> None:
        """Insert or replace many contacts and interactions at once (imports, migrations).

        Same result as `put_contact` for each contact then `put_interaction` for each
        interaction, in time linear in the number of records.
        """
        stamp = self.store.clock() if touch else None
        contact_docs: list[tuple[str, dict[str, Any]]] = []
        for contact in contacts:
            doc = contact.to_dict()
            if stamp is not None:
                doc["updated_at"] = stamp.isoformat()
            contact_docs.append((contact.id, doc))
        interaction_docs: list[tuple[str, dict[str, Any]]] = []
        for interaction in interactions:
            if not interaction.contact_id:
                raise UserError("an interaction must belong to a contact")
            interaction_docs.append((interaction.contact_id, interaction.to_dict()))
        with _no_gc():
            self._put_batch(CONTACTS, contact_docs)
            self._put_batch(INTERACTIONS, interaction_docs)
            touched = {cid for cid, _ in contact_docs} | {cid for cid, _ in interaction_docs}
            self._sync_many(touched)

    def remove_contact(self, contact_id: str) -> None:
        """Delete a contact and its interactions (used by undo of an add, never by the UI)."""
        for interaction in self.interactions(contact_id):
            self._raw_put(INTERACTIONS, contact_id, interaction.id, None)
        self._raw_put(CONTACTS, contact_id, contact_id, None)

    def put_interaction(self, interaction: Interaction) -> None:
        """Insert or replace an interaction and keep the contact's last_interaction_at."""
        if not interaction.contact_id:
            raise UserError("an interaction must belong to a contact")
        self._raw_put(INTERACTIONS, interaction.contact_id, interaction.id, interaction.to_dict())
        self._sync_many({interaction.contact_id})

    def remove_interaction(self, contact_id: str, interaction_id: str) -> None:
        self._raw_put(INTERACTIONS, contact_id, interaction_id, None)
        self._sync_many({contact_id}, clear=True)

    def _latest_interactions(self, contact_ids: set[str]) -> dict[str, datetime]:
        """The newest interaction time of each of these contacts that has any."""
        by_rel: dict[str, set[str]] = {}
        for cid in contact_ids:
            by_rel.setdefault(_rel(INTERACTIONS, shard_of(cid)), set()).add(cid)
        latest: dict[str, datetime] = {}
        for rel, wanted in by_rel.items():
            for doc in self._tables(rel).get(INTERACTIONS, {}).values():
                cid = doc["contact_id"]
                if cid in wanted:
                    try:
                        at = _aware(doc["at"])
                    except (TypeError, ValueError):
                        raise self.store._damaged(
                            rel, f"interaction {doc.get('id')} has an unreadable time"
                        ) from None
                    if cid not in latest or at > latest[cid]:
                        latest[cid] = at
        return latest

    def _sync_many(self, contact_ids: set[str], *, clear: bool = False) -> None:
        """Make each contact's last_interaction_at its newest interaction's time.

        A contact without interactions keeps its value unless `clear` (its last
        interaction was just removed).
        """
        latest = self._latest_interactions(contact_ids)
        updates: list[tuple[str, dict[str, Any]]] = []
        for cid in contact_ids:
            doc = self._raw_get(CONTACTS, cid, cid)
            if doc is None:
                continue
            newest = latest.get(cid)
            if newest is None and not clear:
                continue
            current = from_iso(doc.get("last_interaction_at"))
            if newest != current:
                updated = dict(doc)
                updated["last_interaction_at"] = newest.isoformat() if newest else None
                updates.append((cid, updated))
        if len(updates) == 1:
            cid, doc = updates[0]
            self._raw_put(CONTACTS, cid, cid, doc)
        elif updates:
            self._put_batch(CONTACTS, updates)

    # commit / abort

    def _dirty(self) -> bool:
        return any(op.before != op.after for op in self._ops.values())

    def _commit(self) -> Change:
        ops = [op for op in self._ops.values() if op.before != op.after]
        changed = {_rel(op.table, shard_of(op.contact_id)) for op in ops}
        files = {rel: self._pending[rel] for rel in changed}
        if files:
            self.store._write_files(files)
        return Change(self.label, ops)

    def _abort(self) -> None:
        self._pending.clear()
