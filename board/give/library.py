"""The doors of the resource library: what the user types, checked once for every door.

The CLI (`trustboard resource add/edit/rm`) and the board's Resources screen both come
through here, so a title, a URL and topics are cleaned and checked one way:

- text through `board.text.clean` (one line; a note keeps its newlines), spaces folded;
- a URL is a web link: `http://` or `https://` with a host, nothing else (no `ftp:`,
  no `javascript:`, no spaces); a bare `example.com/guide` is refused with the fix;
- titles are unique, any case: two "Rent vs buy" in a library would make
  `trustboard share "Rent vs buy" …` ambiguous and the gifts list read twice;
- topics are a list, each one cleaned, blanks and repeats (any case) dropped.

Each change is one store transaction returning its `Change`, so the board can undo it.
The duplicate-title check runs inside that transaction: two processes adding the same
title at once cannot both succeed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from board.errors import UserError
from board.links import check_link
from board.model import Resource, new_id
from board.store import Change, Store
from board.text import clean

MAX_TITLE = 200
MAX_TOPIC = 80
MAX_TOPICS = 20
MAX_NOTE = 2000


def check_url(text: str) -> str:
    """A web link fit to store and to send (`board.links`), or UserError saying what to type."""
    if not clean(text).strip():
        raise UserError("a resource needs a URL, like https://example.com/guide", field="url")
    return check_link(text, field="url")


def check_title(text: str) -> str:
    title = " ".join(clean(text).split())
    if not title:
        raise UserError("a resource needs a title", field="title")
    if len(title) > MAX_TITLE:
        raise UserError(f"the title is {len(title)} characters long (at most {MAX_TITLE})", field="title")
    return title


def check_topics(values: Iterable[str]) -> list[str]:
    """Topics as stored: cleaned, blanks and repeats (any case) dropped, order kept."""
    topics: list[str] = []
    seen: set[str] = set()
    for value in values:
        topic = " ".join(clean(value).split())
        if not topic or topic.casefold() in seen:
            continue
        if len(topic) > MAX_TOPIC:
            raise UserError(f"the topic {topic[:30]!r}… is too long (at most {MAX_TOPIC} characters)", field="topics")
        seen.add(topic.casefold())
        topics.append(topic)
    if len(topics) > MAX_TOPICS:
        raise UserError(f"{len(topics)} topics: at most {MAX_TOPICS} (the few it is really about)", field="topics")
    return topics


def check_note(text: str) -> str:
    note = clean(text, multiline=True).strip()
    if len(note) > MAX_NOTE:
        raise UserError(f"the note is {len(note)} characters long (at most {MAX_NOTE})", field="note")
    return note


def same_title(resources: Iterable[Resource], title: str, *, besides: str = "") -> Resource | None:
    """The resource other than `besides` with this title (any case, spaces folded)."""
    wanted = " ".join(title.split()).casefold()
    return next(
        (r for r in resources if r.id != besides and " ".join(r.title.split()).casefold() == wanted), None
    )


def _duplicate(clash: Resource) -> UserError:
    return UserError(
        f"a resource titled {clash.title!r} is already in your library ({clash.id[:8]}): "
        "give this one another title, or change that one with `trustboard resource edit`",
        field="title",
    )


def new_resource(title: str, url: str, topics: Sequence[str] = (), note: str = "") -> Resource:
    """A checked resource with a new id (not stored yet)."""
    return Resource(
        id=new_id(), title=check_title(title), url=check_url(url), topics=check_topics(topics),
        note=check_note(note),
    )


def add_resource(store: Store, resource: Resource) -> Change:
    """Add a checked resource to the library (UserError if its title is taken)."""
    resource = resource.copy(
        title=check_title(resource.title), url=check_url(resource.url),
        topics=check_topics(resource.topics), note=check_note(resource.note),
    )
    at = store.clock()
    resource = resource.copy(created_at=at, updated_at=at)
    with store.transaction(f"added resource {resource.title}") as txn:
        clash = same_title(txn.resources(), resource.title)
        if clash is not None:
            raise _duplicate(clash)
        if txn.get_resource(resource.id) is not None:
            raise UserError(f"a resource with id {resource.id} already exists", field="resource")
        txn.put_resource(resource, touch=False)  # created and updated at the same moment
        saved = txn.get_resource(resource.id)
    return _done(txn.change, f"added resource {resource.title}", saved)


def edit_resource(store: Store, edited: Resource) -> Change:
    """Save an edited resource: every field checked; a title another one has is refused.

    A resource that changed in nothing is not written (the change is empty, so falsy).
    """
    edited = edited.copy(
        title=check_title(edited.title), url=check_url(edited.url),
        topics=check_topics(edited.topics), note=check_note(edited.note),
    )
    with store.transaction(f"edited resource {edited.title}") as txn:
        current = txn.get_resource(edited.id)
        if current is None:
            raise UserError(f"no resource with id {edited.id}: another trustboard removed it", field="resource")
        clash = same_title(txn.resources(), edited.title, besides=edited.id)
        if clash is not None:
            raise _duplicate(clash)
        candidate = edited.copy(created_at=current.created_at, updated_at=current.updated_at)
        if candidate != current:
            txn.put_resource(candidate)
        saved = txn.get_resource(edited.id)
    return _done(txn.change, f"edited resource {edited.title}", saved)


def remove_resource(store: Store, resource_id: str) -> Change:
    """Take a resource out of the library (what was logged as shared keeps its summary)."""
    return store.remove_resource(resource_id)


def _done(change: Change | None, label: str, resource: Resource | None) -> Change:
    made = change or Change(label)
    made.resource = resource
    return made
