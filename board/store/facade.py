"""The store: the one door to trustboard's data.

`Store` opens a data directory (see `layout`) and is the only reader and writer of
its files; the modules beside it each do one job for it: `files` (durable writes and
the lock), `codec` (records ↔ objects), `shards` (the parsed-file cache and TinyDB),
`names` (the name index), `transaction`, `journal`, `backups` and `migrate`.

Reads of contacts come from an in-memory snapshot taken at open and renewed by
`refresh()` and by every transaction; interactions are read on demand. All reads
from disk happen under a shared lock, all writes under the exclusive one. Every
change returns the `Change` it made; undoing it is the session's (`board.history`).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from board.errors import DataError, UserError
from board.model import Contact, now, resolve_contact
from board.store import directory, files, journal
from board.store.backup_names import records
from board.store.backups import Backups
from board.store.card_reads import CardReads
from board.store.cards import CardFile
from board.store.change import Change
from board.store.changes import ContactChanges
from board.store.codec import meta_tables, meta_version
from board.store.contact_reads import ContactReads
from board.store.files import (
    FileLock,
    StatKey,
    dumps,
    ensure_dir,
    no_gc,
    unwritten,
)
from board.store.interaction_reads import InteractionReads
from board.store.layout import (
    CONTACT_RELS,
    CONTACTS,
    INTERACTIONS,
    JOURNAL_FILE,
    LEGACY_FILE,
    LOCK_FILE,
    META_FILE,
    RECORD_RELS,
    SCHEMA_VERSION,
    Tables,
)
from board.store.library import ResourceLibrary
from board.store.maintenance import Maintenance
from board.store.migrate import Migrations
from board.store.names import NameIndex
from board.store.shards import ShardCache
from board.store.store_parts import Histories
from board.store.sums import SUMS_GAIN
from board.text import folded

if TYPE_CHECKING:  # (with TinyDB, loaded at the first change: the board opens without)
    from board.store.transaction import Transaction


class Store(ContactChanges, ContactReads, InteractionReads, CardReads, ResourceLibrary, Maintenance, Migrations):
    """Opens a data directory and is the only reader and writer of its files.

    Contacts handed out are shared with the store's snapshot: treat them as
    read-only and change them with `copy(...)`.
    """

    def __init__(self, root: Path | str, *, clock: Callable[[], datetime] = now) -> None:
        self.root = Path(root).expanduser()
        self.clock = clock
        self._backups = Backups(self.root, clock)
        self._cache = ShardCache(self.root, self._backups.damaged, clock)
        self._told = 0  # notes already handed out by `notices()`
        self._index = NameIndex(self.root, self._cache)
        self._cards = CardFile(self.root, self._cache)
        self._txn: Transaction | None = None
        self._read_histories: Histories = OrderedDict()  # (`InteractionReads.interactions`)
        self._open()

    @property
    def _mutex(self) -> threading.RLock:
        # The lock file's own in-process lock: code holding `store.lock` (an exporter,
        # say) and code taking this mutex can never wait on each other in two orders.
        return self.lock.mutex

    # -- opening, schema, migration

    def _open(self) -> None:
        held = directory.claim(self.root)  # never takes over somebody else's directory
        # Set up by this open, in an empty directory or one it made (`take_back` undoes it).
        self.made_here, self._made_root = not held, held is None
        self.lock = FileLock(self.root / LOCK_FILE)
        new = LOCK_FILE not in (held or ()) and META_FILE not in (held or ())
        try:
            self._open_locked()
        except BaseException:
            if new:  # a new store that could not be set up: none is left half-made
                self.lock.close()
                directory.undo_setup(self.root, held)
            raise

    def _open_locked(self) -> None:
        with self._mutex:
            # The common case needs only a shared lock, so readers never queue behind
            # each other; setting up, migrating or finishing a journal needs the exclusive one.
            with self.lock.shared():
                ready = (self.root / META_FILE).exists() and not (self.root / JOURNAL_FILE).exists()
                if ready:
                    ready = self._check_schema() == SCHEMA_VERSION
            if not ready:
                with self.lock.exclusive():
                    self._prepare()
            elif directory.leftovers(self.root):
                with self.lock.exclusive(blocking=False) as held:
                    if held:  # busy: a writer is at work, and the next open cleans up
                        directory.clean(directory.leftovers(self.root, journal.live_temps(self.root)))

    def _prepare(self) -> None:
        """Under the exclusive lock: finish a journal, create or migrate."""
        meta_path = self.root / META_FILE
        if meta_path.exists():
            self._check_schema()  # never apply a newer version's journal
        journal.recover(self.root, self._cache)
        directory.clean(directory.leftovers(self.root))
        if not meta_path.exists():
            if (self.root / LEGACY_FILE).exists():
                self._migrate_from_legacy()
            else:
                ensure_dir(self.root / CONTACTS)
                ensure_dir(self.root / INTERACTIONS)
                self._write_meta(SCHEMA_VERSION)
        if self._check_schema() < SCHEMA_VERSION:
            self._upgrade()

    def close(self) -> None:
        """Release the lock file's descriptor (the store is not used afterwards)."""
        self._cache.sums.save_locked(self.lock)
        self.lock.close()

    def take_back(self) -> bool:
        """Close the store and, if opening it set it up and nothing has been put in it
        since, take it away: a new directory removed, an empty one emptied again (so that
        a command that failed leaves no store behind). True if it did."""
        self.close()
        return self.made_here and directory.take_back(self.root, keep_root=not self._made_root)

    def _keep_sums(self) -> None:
        """After a change, under the lock: the digests it noted written once there are enough
        of them, else when the store closes or the process exits (see `sums`)."""
        if self._cache.sums.noted() >= SUMS_GAIN:
            self._cache.sums.save()
        elif self._cache.sums.noted():
            self._cache.sums.save_at_exit(self.lock)

    def schema_version(self) -> int:
        """The schema version recorded in meta.json."""
        with self._mutex, self.lock.shared():
            return self._version(self._cache.entry(META_FILE)[0].data)

    def _version(self, meta: Tables) -> int:
        version = meta_version(meta)
        if version is None:
            raise self._backups.damaged(META_FILE, "it has no schema version (or not a number)")
        return version

    def _check_schema(self) -> int:
        """The schema version on disk; DataError if it is newer than this trustboard's."""
        entry = self._cache.entry(META_FILE)[0]
        if entry.key is None:
            raise self._backups.damaged(META_FILE, "it is missing")
        version = self._version(entry.data)
        if version > SCHEMA_VERSION:
            raise DataError(
                f"{self.root / META_FILE} was written by a newer trustboard (schema {version}; "
                f"this one reads up to {SCHEMA_VERSION}): upgrade trustboard to open it. "
                f"It was left untouched; its newest backup this version reads is "
                f"{self._backups.newest_meta()}"
            )
        return version

    def _write_meta(self, version: int) -> None:
        files.write_atomic(self.root / META_FILE, dumps(meta_tables(version)))
        self._cache.forget(META_FILE)

    # -- reading

    def _known_good(self, rel: str, key: StatKey, raw: bytes) -> int | None:
        """How many records this exact version of a file holds, if it was already checked."""
        entry = self._cache.cached(rel)
        if entry is not None and self._cache.known_good(rel, key, raw):
            if entry.contacts is not None:  # one contact built per record (no parse again)
                return len(entry.contacts)
            counted = None  # (a contact shard's parse let go: what `vouch` counted, if it read it)
            if not entry.held and rel.startswith(CONTACTS + "/"):
                counted = self._index.recorded_count(rel, key)
            return counted if counted is not None else records(rel, entry.data)
        if rel.startswith(CONTACTS + "/"):
            return self._index.recorded_count(rel, key)
        return None

    def notices(self) -> list[str]:
        """Values read out of range since the last call (each one said once per session)."""
        notes = list(self._cache.notes)
        fresh, self._told = notes[self._told:], len(notes)
        return fresh

    def _load_contacts(self, only_loaded: bool = False) -> bool:
        """Load (or re-check) every contact shard, or only those already loaded."""
        changed = False
        for rel in CONTACT_RELS:
            if only_loaded and rel not in self._cache.files:
                continue
            if self._cache.entry(rel)[1]:
                changed = True
        return changed

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
                    journal.recover(self.root, self._cache)

    def refresh(self, blocking: bool = True) -> bool:
        """Pick up other processes' changes; True if any contact shard changed.

        With blocking=False, returns False at once while another process holds the lock.
        """
        with self._reading(blocking) as held, no_gc():
            if not held:
                return False
            changed = self._load_contacts(only_loaded=True) or self._cache.unseen
            changed = self._cards.moved() or changed
            self._cache.unseen = False
            return changed

    def find(self, query: str, *, archived: bool | None = None) -> Contact:
        """Resolve a CLI `CONTACT` argument (id, id prefix, name, unique name prefix).

        Filters the raw records and builds only the candidates, so resolving a name
        among 30,000 contacts costs milliseconds; the rules are `resolve_contact`'s.
        """
        text = query.strip()
        if not text:
            return resolve_contact(query, [])
        with self._reading():
            picked = self._index.candidates(text, archived)
        if not picked:  # typed without its accents (jose for José): compared as the filter compares
            return resolve_contact(query, self.contacts(archived=archived), key=folded)
        return resolve_contact(query, picked)

    def stamp(self) -> tuple[StatKey | None, ...]:
        """Every data file's stat key, in one tuple: it differs after any write to the data.

        A caller that read the store and then takes the lock compares two stamps to know
        whether another process wrote in between (an import plans once, not twice).
        """
        return tuple(files.stat_key(self.root / rel) for rel in RECORD_RELS)

    def data_files(
        self, known: dict[str, StatKey | None] | None = None
    ) -> dict[str, tuple[StatKey | None, Tables | None]]:
        """Each data file's stat key (None: absent) and its records as stored, except those
        `known` at that very key, or known absent (None then): all from one moment, under
        a shared lock.

        For a reader that keeps its own copy, such as a sync, which then re-reads only
        the files that changed since it last looked. The tables are the store's cache:
        read-only.
        """
        known = known or {}
        found: dict[str, tuple[StatKey | None, Tables | None]] = {}
        with self._reading():
            for rel in RECORD_RELS:
                key = files.stat_key(self.root / rel)
                entry = None if rel in known and known[rel] == key else self._cache.entry(rel)[0]
                found[rel] = (key, None) if entry is None else (entry.key, entry.data)
        return found

    # -- transactions

    @contextmanager
    def transaction(
        self, label: str, *, record: bool = True, backup: bool | str = True
    ) -> Iterator[Transaction]:
        """A read-change-write cycle under the exclusive lock, durable when it exits.

        `backup` may name an event ("before-import") to keep a backup first; True keeps
        the daily one. Backups are taken only if the transaction writes something.
        After the block, `txn.change` is the `Change` it made. (`record` is accepted
        for older callers: the session's `History` records changes, not the store.)
        Transactions do not nest (an inner one would write from a stale view).
        """
        with self._mutex:
            if self._txn is not None:
                raise RuntimeError("trustboard transactions do not nest")
            with self.lock.exclusive():
                if self._check_schema() < SCHEMA_VERSION:
                    self._upgrade()  # files put back from an older backup by hand
                journal.recover(self.root, self._cache)
                # No transaction starts over a damaged contact shard (those it reads it re-reads).
                self._index.vouch(recheck_loaded=False)
                from board.store.transaction import Transaction

                txn = Transaction(self._cache, self.clock, label)
                self._txn = txn
                kept: Path | None = None
                try:
                    yield txn
                    if backup and txn.dirty():
                        kept = self._keep_backup(backup if isinstance(backup, str) else None)
                    changed, change = txn.outcome()
                    if changed:
                        journal.commit(self.root, dict(changed), self._cache, txn.touched(), txn.unsound)
                except BaseException as exc:
                    txn.abort()
                    if kept is not None:  # the change failed: so does its backup, pruning nothing
                        self._backups.discard(kept)
                    if isinstance(exc, OSError):
                        raise unwritten(exc, self.root) from None
                    raise
                finally:
                    self._txn = None
                if kept is not None:
                    self._backups.saw_daily(kept)
                    self._backups.prune()
                if change:  # a transaction that wrote nothing writes no cache either
                    self._keep_sums()
                    try:
                        self._index.maybe_write()
                    except OSError:
                        pass  # only a cache: the change itself is safely written
            txn.change = change

    def _keep_backup(self, event: str | None) -> Path | None:
        if event:
            return self._backups.make(event, [], self._known_good, self._cache.decode)
        if self._backups.daily_due():
            return self._backups.make("daily", [], self._known_good, self._cache.decode)
        return None

    def apply(self, change: Change) -> Change:
        """Write a change's `after` states, if every record is still in its `before` state.

        Refuses (UserError, nothing written) if another process changed one since:
        this is how a session's history undoes and redoes.
        """
        with self.transaction(change.label) as txn:
            for op in change.ops:
                current = txn.raw_get(op.table, op.contact_id, op.doc_id)
                if current != op.before:
                    raise UserError(
                        "that change was changed again by another trustboard since, "
                        "so it was left as it is"
                    )
            for op in change.ops:
                txn.raw_put(op.table, op.contact_id, op.doc_id, op.after)
        return self._done(txn)

