"""What one board session holds: the store, the config, its undo history and its caches.

Plain Python (no Textual): screens get the session when they are made and call it for
data and for changes; the App only creates it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, cast

from board.config import Config
from board.errors import UserError
from board.history import History
from board.model import Contact
from board.store import Change, Store
from board.view import BoardView
from widgets.standings import Background, Standings

if TYPE_CHECKING:  # loaded on first use: the board opens without the outreach engine
    from board.give.gifts import Gift
    from board.model import Resource
    from board.outreach import Network, Suggestion, Template
    from board.standing import Standing


BestTitles = tuple[int, "Network", dict[str, str]]  # data version, network, contact id → title
NETWORK_CHANGES = 200  # more people changed at once (an import): the network is built again
CHANGES_KEPT = 64  # changes kept for a network being built (see `adopt_network`)


def everyone_known(store: Store, view: BoardView | None = None) -> Network:
    """Who knows what among everyone, read shard by shard: the network holds what it
    needs of each person, and the store keeps no shard built for it (a network of whole
    contacts had every shard built and kept: 115 MiB at 100,000), read from the records
    without building any contact (`Store.each_sketch`). Each person's id and
    name are the strings their card on `view` holds already (see `Known`)."""
    from board.outreach import Known, Network

    same: dict[Any, Any] = {}
    cards = view.card if view is not None else lambda _id: None
    return Network(
        Known(sketch, card.facts if (card := cards(sketch.id)) is not None else None, same)
        for sketch in store.each_sketch()
    )


@dataclass(frozen=True, slots=True)
class Copied:
    """A message on the clipboard that `y` can log as sent: for whom, which, the text.

    `selected_id` is whom the screen had selected when it was copied (in who knows, the
    person to introduce): selecting someone else disarms `y`. A `gift`'s message is
    logged as given (`gave`) rather than as a message sent.
    """

    contact_id: str
    contact_name: str
    template: str
    text: str
    selected_id: str | None
    gift: Gift | None = None


class Session:
    """The store and config of one board, with the session's undo history and caches."""

    def __init__(
        self, store: Store, config: Config, warn: Callable[[str], None] = lambda _: None
    ) -> None:
        self.store = store
        self.config = config
        self.warn = warn  # how the session reports a problem it found (shown as a notice)
        self.history = History(store)  # what this session did, nothing from before it
        self.view = BoardView(config, store.get)  # the board's cards: the board keeps it, Today reads it
        self._templates: list[Template] | None = None
        self._network: Network | None = None  # who knows what: built once, then kept up to date
        self._since: list[tuple[int, set[str] | None]] = []  # (version, who changed) while there is none
        self.standing = Standings(store, config)  # who is owed thanks or quiet
        self.background: Background | None = None  # runs work in a thread (set by the App)
        self.version = 0  # one more at every change of the data
        self._last_sync: datetime | None = None
        self._sync_read = False  # sync.toml read yet (it says when the last sync was)

    # -- changes

    def apply(self, change: Callable[[], Change | None]) -> set[str]:
        """Run one store change and record it for undo; the ids of the contacts it touched.

        A change that changed nothing touched no one and is not recorded. Raises the
        change's `TrustboardError`, leaving everything as it was.
        """
        made = self.history.record(change())
        return made.contact_ids() if made else set()

    def undo(self) -> Change:
        """Revert the session's last change (`UserError` when there is none)."""
        return self.history.undo()

    def redo(self) -> Change:
        return self.history.redo()

    def adopt(self, change: Change | None) -> None:
        """Make a change another store made for this session (an import) undoable here."""
        self.history.record(change)

    def data_changed(self, changed: set[str] | None = None) -> None:
        """The data moved on: drop what was worked out from the old version.

        `changed` names the only contacts that changed (None: anything may have): their
        standings are read again, the others' kept.
        """
        self._network = self._network_after(changed)
        self.version += 1
        if self._network is None:  # (a network a thread is building catches up with these)
            self._since.append((self.version, changed))
            del self._since[:-CHANGES_KEPT]
        self.standing.changed(changed)

    def _network_after(self, changed: set[str] | None) -> Network | None:
        """The network with the changed people as they are now (None: build it again)."""
        if self._network is None or changed is None or len(changed) > NETWORK_CHANGES:
            return None
        return self._changed(self._network, changed)

    def _changed(self, network: Network, changed: set[str]) -> Network:
        present, gone = [], []
        for contact_id in changed:
            try:
                present.append(self.store.get(contact_id))
            except UserError:
                gone.append(contact_id)
        return network.with_changes(present, gone)

    def standings(self, *, wait: bool | None = None) -> dict[str, Standing]:
        """Who is owed thanks and who is quiet (`board.standing`), worked out once a day and
        kept up to date contact by contact as changes come in. `wait` False: what is known
        now, the rest read in the background (see `widgets.standings`); None: wait on a
        small board only."""
        return self.standing.get(wait=wait)

    def log_sent(self, copied: Copied) -> Change:
        """Log what `copied` holds as done: a message as sent, a gift as given (`gave`)."""
        if copied.gift is not None:
            from board.give.gifts import log_gift

            return log_gift(self.store, copied.contact_id, copied.gift)
        from board.outreach import mark_sent

        return mark_sent(self.store, copied.contact_id, copied.template, copied.text)

    # -- sync (see widgets.syncing)

    def syncs(self) -> bool:
        """True if this store was set up to sync (`trustboard sync init`)."""
        from board.sync.settings import settings_path

        return settings_path(self.store.root).exists()

    def reload_sync(self) -> None:
        """Read when the last sync was (a cron job may have synced meanwhile)."""
        if not self.syncs():  # most stores: the board paints without loading the sync code
            self._last_sync, self._sync_read = None, True
            return
        from board.sync.status import last_sync

        self._last_sync, self._sync_read = last_sync(self.store.root), True

    def synced(self, at: datetime) -> None:
        self._last_sync, self._sync_read = at, True

    def sync_line(self, now: datetime) -> str:
        """`synced 5 min ago` for the header; empty for a store that does not sync."""
        if not self._sync_read:
            self.reload_sync()
        if self._last_sync is None:
            return ""
        from board.sync.status import since

        return f"synced {since(self._last_sync, now)}"

    # -- messages

    def templates(self) -> list[Template]:
        if self._templates is None:
            from board.outreach import load_templates

            self._templates, problems = load_templates(self.config)
            for problem in problems:
                self.warn(problem)
        return self._templates

    def network(self) -> Network:
        if self._network is None:  # indexing once makes each later ranking ~10× cheaper
            self._network = everyone_known(self.store, self.view)
        return self._network

    def suggestions(self, contact: Contact, network: list[Contact] | None = None) -> list[Suggestion]:
        """The messages that fit `contact`, best first (against `network`, else everyone)."""
        # The library makes *share-resource* carry a real link (none yet: the message
        # that asks for one). Read each time: another trustboard may add one.
        return self._suggest(
            contact, self.network() if network is None else network,
            self.templates(), self.store.resources(),
        )

    def _suggest(
        self, contact: Contact, network: Network | list[Contact], templates: list[Template],
        resources: list[Resource],
    ) -> list[Suggestion]:
        from board.outreach import suggest_messages

        return suggest_messages(
            contact, self.store.interactions(contact.id), network, my_name=self.config.my_name,
            templates=templates, now=self.store.clock(), groups=self.config.groups,
            resources=resources,
        )

    def best_titles_job(self, contacts: list[Contact]) -> Callable[[], BestTitles]:
        """Work for a thread: the title of the best message for each of `contacts` (by id).

        What the UI thread owns is read here first (templates, resources); the thread
        builds the network if there is none yet and hands it back with the data version it
        was built from (see `adopt_network`). The store's reads are safe from a thread: it
        serialises them.
        """
        templates, resources, version = self.templates(), self.store.resources(), self.version
        network, store, view = self._network, self.store, self.view

        def work() -> BestTitles:
            net = network if network is not None else everyone_known(store, view)
            titles = {}
            for contact in contacts:
                found = self._suggest(contact, net, templates, resources)
                titles[contact.id] = found[0].title if found else ""
            return version, net, titles

        return work

    def adopt_network(self, version: int, network: Network) -> None:
        """Keep a network a thread built from data `version`, brought up to date with the
        people changed since (building one of 100,000 takes a second: on a board in use
        it would never be of the version it was started at)."""
        if self._network is not None:
            return
        if version != self.version:
            later = [changed for made, changed in self._since if made > version]
            if len(later) != self.version - version or any(changed is None for changed in later):
                return  # (not every change since is known, or one may have changed anyone)
            people = set().union(*cast(list[set[str]], later))
            if len(people) > NETWORK_CHANGES:
                return
            network = self._changed(network, people)
        self._network = network
        self._since.clear()

    # -- giving

    def resources(self) -> list[Resource]:
        """The library, read each time (another trustboard may have changed it)."""
        return self.store.resources()

    def gifts(self, contact: Contact) -> list[Gift]:
        """What the user could give `contact` now, best first."""
        from board.give.gifts import gifts_for

        return gifts_for(
            contact,
            self.store.interactions(contact.id),
            self.network(),
            self.store.resources(),
            templates=self.templates(),
            my_name=self.config.my_name,
            groups=self.config.groups,
            now=self.store.clock(),
            history_of=self.store.interactions,
        )
