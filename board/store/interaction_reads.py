"""Reading interactions: one contact's, every one (stats, export), or those an id names.

A mixin of `Store`, like `changes` and `library`: every read under the shared lock, from
the shard cache when a file is unchanged. `interactions_by_id` (unlog) parses only the
shards the id index does not rule out, so naming one interaction among 300,000 costs
about one shard's parse, not the store's.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator

from board.model import Interaction, Kind
from board.store.files import racy, read_with_key, stat_key
from board.store.id_index import IdIndex
from board.store.layout import INTERACTION_RELS, INTERACTIONS, Tables, interaction_rel
from board.store.store_parts import StoreParts

HISTORIES_KEPT = 256  # people's histories remembered (`interactions`), the last read


class InteractionReads(StoreParts):
    """interactions, all_interactions, interaction_ids, interactions_by_id."""

    def interactions(self, contact_id: str) -> list[Interaction]:
        """The contact's interactions, oldest first.

        A history read before is read again from memory while its shard is the very file
        it was read from, as the cache trusts a stat key: Today's next steps read 25
        people's histories each time Today opens after a change, and at 100,000 their
        shards (3.4 MiB each parsed) do not all fit in the cache: each was parsed again."""
        rel = interaction_rel(contact_id)
        read = self._read_histories
        with self._reading():
            key = stat_key(self._cache.path(rel))
            kept = read.get(contact_id)
            if kept is not None and kept[0] == key:
                read.move_to_end(contact_id)
                return list(kept[1])
            entry = self._cache.entry(rel)[0]
            found = self._cache.interactions_of(rel, entry.data.get(INTERACTIONS, {}), contact_id)
            if entry.key == key and key is not None and not racy(key):
                read[contact_id] = (key, tuple(found))
                while len(read) > HISTORIES_KEPT:
                    read.popitem(last=False)
            return found

    def all_interactions(
        self, contact_ids: Collection[str] | None = None, kinds: Collection[Kind] | None = None
    ) -> Iterator[Interaction]:
        """Every interaction (reads every interaction shard: for stats and export).

        The files are read together under one lock (a consistent snapshot) and
        parsed one at a time as the caller iterates, so memory stays bounded. With
        `contact_ids`, only those contacts' interactions (only their shards are read,
        and only their records built); with `kinds`, only interactions of those kinds.
        """
        wanted = None if contact_ids is None else set(contact_ids)
        of_kind = None if kinds is None else {kind.value for kind in kinds}
        rels = INTERACTION_RELS if wanted is None else sorted({interaction_rel(c) for c in wanted})
        sources = self._interaction_sources(rels)
        bounds = self._cache.bounds()  # once, not per record: reading the clock is not free
        for rel, source in sources:
            data = self._cache.decode(rel, source) if isinstance(source, bytes) else source
            for doc in data.get(INTERACTIONS, {}).values():
                if (wanted is None or doc.get("contact_id") in wanted) and (
                    of_kind is None or doc.get("kind") in of_kind
                ):
                    yield self._cache.build_interaction(rel, doc, bounds)

    def interaction_ids(self) -> Iterator[tuple[str, str]]:
        """Every interaction's (contact id, id), from the records as stored: what a merge by
        id needs, without building 300,000 interactions for it (the read of
        `all_interactions`, one consistent snapshot)."""
        for rel, source in self._interaction_sources(INTERACTION_RELS):
            data = self._cache.decode(rel, source) if isinstance(source, bytes) else source
            for doc in data.get(INTERACTIONS, {}).values():
                owner, interaction_id = doc.get("contact_id"), doc.get("id")
                if type(owner) is not str or type(interaction_id) is not str:
                    raise self._cache.damaged(rel, f"interaction {interaction_id} cannot be read")
                yield owner, interaction_id

    def interactions_by_id(self, prefix: str) -> list[Interaction]:
        """The interactions whose id starts with `prefix` (any case), the exact one included.

        A shard the id index (`board.store.id_index`) vouches holds no such id is not
        read; any other is parsed, and what it holds learnt for `save_interaction_ids`.
        """
        folded = prefix.lower()
        plain = folded.isascii() and folded.isalnum()  # an id as the index holds it
        index = self._ids()
        found: list[Interaction] = []
        with self._reading():
            index.load()
            bounds = self._cache.bounds()
            for rel in INTERACTION_RELS:
                key = stat_key(self.root / rel)
                if key is None or (plain and not index.may_hold(rel, key, folded)):
                    continue
                read = read_with_key(self.root / rel)
                if read is None:
                    continue
                docs = self._cache.decode(rel, read[1]).get(INTERACTIONS, {})
                ids = {str(doc.get("id", name)): doc for name, doc in docs.items()}
                index.learn(rel, read[0], ids)
                found += [self._cache.build_interaction(rel, doc, bounds)
                          for id_, doc in ids.items() if id_.lower().startswith(folded)]
        return found

    def save_interaction_ids(self) -> None:
        """Keep what `interactions_by_id` learnt: call it once the command succeeded.

        Under the shared lock, as the card file: a store opening meanwhile clears only a
        killed writer's temporary files (`Store.save_cards`)."""
        with self._reading(blocking=False) as held:
            if held:
                self._ids().save()

    def _ids(self) -> IdIndex:
        index: IdIndex | None = getattr(self, "_id_index", None)
        if index is None:
            index = self._id_index = IdIndex(self.root)
        return index

    def _interaction_sources(self, rels: Collection[str]) -> list[tuple[str, Tables | bytes]]:
        """Each shard of `rels` under one lock: the cached tables when current, else its bytes."""
        sources: list[tuple[str, Tables | bytes]] = []
        with self._reading():
            for rel in rels:
                entry = self._cache.cached(rel)
                found = read_with_key(self.root / rel)
                if found is None:
                    continue
                if entry is not None and entry.key == found[0] and entry.same_bytes(found[1]):
                    sources.append((rel, entry.data))
                else:
                    sources.append((rel, found[1]))
        return sources
