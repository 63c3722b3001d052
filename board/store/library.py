"""The resource library: things worth sharing, in `resources.json` (schema 2).

A mixin of `Store`, like `changes`: reads under the shared lock, each change one
transaction returning its `Change` (so adding, editing and removing resources is
undoable like any other change).
"""

from __future__ import annotations

from board.errors import UserError
from board.model import Resource
from board.store.change import Change
from board.store.layout import RESOURCES, RESOURCES_FILE
from board.store.store_parts import StoreParts


class ResourceLibrary(StoreParts):
    """resources, get_resource, find_resource, add_resource, update_resource, remove_resource."""

    def resources(self) -> list[Resource]:
        """Every resource of the library, by title."""
        with self._reading():
            docs = self._cache.entry(RESOURCES_FILE)[0].data.get(RESOURCES, {})
            found = [self._cache.build_resource(d) for d in docs.values()]
        found.sort(key=lambda r: (r.title.lower(), r.id))
        return found

    def get_resource(self, resource_id: str) -> Resource:
        for resource in self.resources():
            if resource.id == resource_id:
                return resource
        raise UserError(f"no resource with id {resource_id}", field="resource")

    def find_resource(self, query: str) -> Resource:
        """Resolve a `RESOURCE` argument: an id, an id prefix, a title or a unique title prefix."""
        text = query.strip()
        lowered = text.lower()
        everyone = self.resources()
        for rule in (
            lambda r: r.id == text,
            lambda r: len(lowered) >= 4 and r.id.startswith(lowered),
            lambda r: r.title.lower() == lowered,
            lambda r: r.title.lower().startswith(lowered),
        ):
            found = [r for r in everyone if rule(r)] if text else []
            if len(found) == 1:
                return found[0]
            if len(found) > 1:
                listed = "; ".join(f"{r.title} ({r.id[:8]})" for r in found[:10])
                raise UserError(f"{query!r} matches {len(found)} resources: {listed}", field="resource")
        raise UserError(f"no resource matches {query!r}: try `trustboard resources`", field="resource")

    def add_resource(self, resource: Resource) -> Change:
        resource = _checked_resource(resource)
        with self.transaction(f"added resource {resource.title}") as txn:
            if txn.get_resource(resource.id) is not None:
                raise UserError(f"a resource with id {resource.id} already exists", field="resource")
            txn.put_resource(resource)
            saved = txn.get_resource(resource.id)
        return self._done(txn, resource=saved)

    def update_resource(self, resource: Resource) -> Change:
        """Save an edited resource (the latest stored version is replaced)."""
        resource = _checked_resource(resource)
        with self.transaction(f"edited resource {resource.title}") as txn:
            current = txn.get_resource(resource.id)
            if current is None:
                raise UserError(f"no resource with id {resource.id}", field="resource")
            edited = resource.copy(created_at=current.created_at, updated_at=current.updated_at)
            if edited != current:
                txn.put_resource(edited)
            saved = txn.get_resource(resource.id)
        return self._done(txn, resource=saved)

    def remove_resource(self, resource_id: str) -> Change:
        with self.transaction("removed resource") as txn:
            current = txn.get_resource(resource_id)
            if current is None:
                raise UserError(f"no resource with id {resource_id}", field="resource")
            txn.label = f"removed resource {current.title}"
            txn.remove_resource(resource_id)
        return self._done(txn, resource=current)


def _checked_resource(resource: Resource) -> Resource:
    """A resource as stored: trimmed, with a title (UserError otherwise)."""
    title = " ".join(resource.title.split())
    if not title:
        raise UserError("a resource needs a title", field="title")
    topics = [t.strip() for t in resource.topics if t.strip()]
    return resource.copy(title=title, url=resource.url.strip(), topics=topics, note=resource.note.strip())
