"""The board's front: what its first frame shows, kept in the card file for the next open.

A large board's first frame shows a few cards at the top of each column, the columns'
counts and how many are due; working that out means reading and sorting every card (25 ms
at 10,000 contacts, 200 ms at 100,000). So once the board has loaded them all, the
front they make is written at the card file's end (`board.store.cards`, after the first
frame, in the background): each column's count and first `FRONT_CARDS` cards as drawn,
the due count, for that day and config. The next open, on that day, with that config
and every contact shard as it was, paints from the front alone and loads the whole board
right after that frame (before any key is handled): the same frame, sooner.

Only for boards that do not wait for their standings (who is owed thanks or quiet: read
in the background above `widgets.standings.WAIT_UP_TO` contacts, given here as `above`),
whose first frame shows none: the front is what a board loaded without standings shows.
A board closed after changes keeps the front of its new state (`keep_front`), so that
the next open that day paints from it too.
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from board.card import Card, order_of
from board.config import Config
from board.errors import TrustboardError
from board.model import Contact, Stage
from board.store.card_facts import SNOOZED, STAGES, CardFacts
from board.triage import DueFor
from board.view import BoardView

if TYPE_CHECKING:
    from board.store import Store

FRONT_CARDS = 32  # each column's first cards kept: a column up to 128 rows high
_REASONS = list(DueFor)


def config_mark(config: Config) -> str:
    """What of the config the board's order depends on (each stage's cadence, the quiet days)."""
    return f"{sorted((stage.value, days) for stage, days in config.cadence.items())}|{config.quiet_after_days}"


@dataclass(slots=True)
class Front:
    """A board's front: its size, due count and each column's count and first cards."""

    size: int
    due: int
    columns: dict[Stage, tuple[int, list[Card]]]

    def fits(self, rows: int) -> bool:
        """True if every column's first cards fill `rows` rows (or are all its cards)."""
        return all(len(cards) == count or len(cards) * 4 >= rows + 4 for count, cards in self.columns.values())


def front_of(view: BoardView, config: Config, above: int) -> dict[str, Any] | None:
    """The front of `view` as the card file keeps it (None: a board of `above` contacts or
    fewer, or a filtered one). `view` must have been loaded without standings."""
    if view.size <= above or not view.query.empty:
        return None
    columns = view.columns()
    return {
        "day": view.today.toordinal(), "config": config_mark(config), "size": view.size, "due": view.due_count,
        "columns": [[len(columns[stage]), [_row(card) for card in columns[stage][:FRONT_CARDS]]] for stage in STAGES],
    }


def keep_front(store: Store, config: Config, above: int) -> None:
    """Keep the front of the board as `store` now has it in the card file (a board of more
    than `above` contacts, whose first frame shows no standings). A cache: any failure
    leaves the card file as it was."""
    collecting = gc.isenabled()
    gc.disable()  # (tens of thousands of cards, no cycles)
    try:
        cards = store.cards()
        if len(cards) > above:
            view = BoardView(config, store.get)
            view.load(cards, store.clock().date(), {})
            front = front_of(view, config, above)
            if front is not None:
                store.keep_front(front)
    except TrustboardError:
        pass
    finally:
        if collecting:
            gc.enable()


def _row(card: Card) -> list[Any]:
    facts = card.facts
    last = facts.last_interaction_at
    snoozed = facts.snoozed_until if facts.code & SNOOZED else None
    return [
        facts.id, facts.name, facts.line, facts.code, facts.touch_day, last.isoformat() if last else None,
        card.due, card.days_overdue, card.snoozed, card.quiet,
        None if card.due_for is None else _REASONS.index(card.due_for),
        snoozed.isoformat() if snoozed else None,
    ]


def front_cards(
    found: dict[str, Any], facts_of: Callable[[list[Any]], CardFacts], read: Callable[[str], Contact],
    above: int,
) -> Front | None:
    """The `Front` of what `CardFile.front` read (None if it is not one, or of a board of
    `above` contacts or fewer: the board then loads as usual). `facts_of` makes a row's
    card facts; `read` is the store's `get`."""
    try:
        size, due, columns = found["size"], found["due"], found["columns"]
        if type(size) is not int or size <= above or type(due) is not int or len(columns) != len(STAGES):
            return None
        made: dict[Stage, tuple[int, list[Card]]] = {}
        for stage, (count, rows) in zip(STAGES, columns, strict=True):
            if type(count) is not int or len(rows) != min(count, FRONT_CARDS):
                return None  # (each column's first cards, as many as this version keeps)
            made[stage] = (count, [_card(row, facts_of, read) for row in rows])
        return Front(size, due, made)
    except (TypeError, ValueError, KeyError, IndexError, AttributeError):
        return None


def _card(row: list[Any], facts_of: Callable[[list[Any]], CardFacts], read: Callable[[str], Contact]) -> Card:
    cid, name, line, code, day, last, due, overdue, snoozed, quiet, reason, snoozed_until = row
    if not (type(cid) is type(name) is type(line) is str and type(code) is type(day) is type(overdue) is int
            and 0 <= code < 128
            and type(due) is type(snoozed) is type(quiet) is bool and (last is None or type(last) is str)):
        raise TypeError("not a front row")
    if last is not None:
        datetime.fromisoformat(last)  # (ValueError: not a time)
    due_for = None if reason is None else _REASONS[reason]
    facts = facts_of(row)
    if snoozed_until is not None:
        facts.set_snoozed(date.fromisoformat(snoozed_until))
    order = order_of(name.lower(), cid, due_for if due else None, overdue)
    return Card(facts, due, overdue, snoozed, quiet, due_for, order, read)
