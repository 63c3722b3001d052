"""What the Store's mixins share: the state and the few doors the facade gives them all.

`Store` (in `facade`) is built from mixins, one job each: reading contacts, cards and
histories, changing contacts, the resource library, backups, migration. Each reads the
facade's shard cache and takes its locks; this base names those once, for the type
checker, so that no mixin declares them again. At run time it adds nothing.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from board.model import Interaction
from board.store.files import StatKey

# People's histories read last, each with the stat key of the shard it was read from
# (`InteractionReads.interactions`).
Histories = OrderedDict[str, tuple[StatKey, tuple[Interaction, ...]]]

if TYPE_CHECKING:
    from board.model import Contact
    from board.store.backups import Backups
    from board.store.cards import CardFile
    from board.store.change import Change
    from board.store.shards import ShardCache
    from board.store.transaction import Transaction


class StoreParts:
    """The facade's state as its mixins see it (declarations only)."""

    if TYPE_CHECKING:
        root: Path
        clock: Callable[[], datetime]
        _cache: ShardCache
        _cards: CardFile
        _backups: Backups
        _read_histories: Histories  # the histories read last (`interactions`)

        @property
        def _mutex(self) -> threading.RLock: ...

        def _reading(self, blocking: bool = True) -> AbstractContextManager[bool]: ...

        def transaction(
            self, label: str, *, record: bool = True, backup: bool | str = True
        ) -> AbstractContextManager[Transaction]: ...

        def _known_good(self, rel: str, key: StatKey, raw: bytes) -> int | None: ...

        def get(self, contact_id: str) -> Contact: ...

        def _snapshot(self, contact_id: str) -> Contact | None: ...

        _done: Callable[..., Change]
