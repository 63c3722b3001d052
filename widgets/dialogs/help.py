"""`?`: every key of the screen underneath, grouped in columns, then the method.

The keys are read from the screen's live bindings (so the list never goes stale and
shows the user's own keymap) and grouped — Move, Act, Find, Views, App — into as many
columns as the terminal allows. A key and its opposite share a row (`j ↓ / k ↑`), so that
all of the board's keys and the method fit 80×24 without scrolling.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import combinations

from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from board.text import cells, fit, safe_line
from widgets.keys import bindings

METHOD = (
    "The method: Met → Talked → Gave value → Trusted. People refer business to those they "
    "know, like and trust: talk for real, give first (a resource, an introduction, a "
    "referral) until trust runs both ways. Answer requests with an offer to talk; when "
    "someone helps you, ask “How can I support you?”"
)
FILTER_WORDS = ("tag:bni  stage:talked", "due  quiet  archived  or words")
PAIRED = " / "  # between a key and its opposite
# A key and its opposite on one row: (first id, second id, what the row says).
PAIRS = (
    ("column_left", "column_right", "Column left/right"),
    ("card_down", "card_up", "Card down/up"),
    ("page_down", "page_up", "Page down/up"),
    ("first_card", "last_card", "First/last card"),
    ("today.down", "today.up", "Next/previous person"),
    ("who.down", "who.up", "Next/previous person"),
    ("detail.down", "detail.up", "Next/previous entry"),
    ("detail.fields_down", "detail.fields_up", "Details down/up"),
    ("gifts.down", "gifts.up", "Next/previous gift"),
    ("resources.down", "resources.up", "Next/previous resource"),
    ("undo", "redo", "Undo/redo a change"),
)
ORDER = ("Move", "Act", "Find", "Views", "App")
GROUP_OF = {
    **dict.fromkeys(
        ("column_left", "column_right", "card_down", "card_up", "page_down", "page_up",
         "first_card", "last_card", "today.down", "today.up", "who.down", "who.up",
         "detail.down", "detail.up", "detail.fields_down", "detail.fields_up", "gifts.down", "gifts.up", "resources.down", "resources.up"),
        "Move",
    ),
    **dict.fromkeys(("filter", "clear_filter", "who_knows", "who.topic"), "Find"),
    **dict.fromkeys(
        ("details", "today", "givers_gain", "gifts", "today.back", "detail.back", "who.back",
         "gifts.back", "resources.back", "givers-gain-close"),
        "Views",
    ),
    **dict.fromkeys(("help", "givers-gain-help", "quit", "undo", "redo", "command_palette"), "App"),
}  # every other key acts on the data: "Act"
KEY_WIDTH = 9  # the key cell of a group of single keys; pairs widen their own group's
MIN_COLUMN = 34  # cells: a key and a readable description
CHROME = 4  # the dialog's border and padding, in cells across


@dataclass
class Group:
    """One heading and its (keys, description) rows."""

    name: str
    rows: list[tuple[str, str]] = field(default_factory=list)
    notes: tuple[str, ...] = ()

    @property
    def height(self) -> int:
        return 1 + len(self.rows) + len(self.notes)


def key_groups(screen: Screen[object]) -> list[Group]:
    """The keys active on `screen`, grouped (keys of one binding joined: `h ←`)."""
    keys: dict[str, list[str]] = {}
    text: dict[str, str] = {}
    for active in screen.active_bindings.values():
        binding = active.binding
        ident = binding.id or binding.action
        if binding.id is None and binding.action not in ("command_palette", "app.command_palette"):
            continue  # widgets' own scrolling keys: noise here
        display = screen.app.get_key_display(binding).replace("shift+", "⇧")
        keys.setdefault(ident, []).append(display)
        text[ident] = binding.tooltip or binding.description or binding.action
    groups = {name: Group(name) for name in ORDER}
    shown = {ident: " ".join(dict.fromkeys(displays)) for ident, displays in keys.items()}
    for first, second, words in PAIRS:
        if first in shown and second in shown:
            shown[first] = f"{shown[first]}{PAIRED}{shown.pop(second)}"
            text[first] = words
    for ident, display in shown.items():
        group = GROUP_OF.get(ident.removeprefix("app."), "Act")
        groups[group].rows.append((display, text[ident]))
    if any(ident == "filter" for ident in keys):
        groups["Find"].notes = FILTER_WORDS
    return [group for group in groups.values() if group.rows]


def columns(groups: list[Group], count: int) -> list[list[Group]]:
    """The groups in order, cut into `count` columns as even in height as can be."""
    count = max(1, min(count, len(groups)))
    best: list[list[Group]] = [groups]
    best_height = sum(g.height for g in groups)
    for cuts in combinations(range(1, len(groups)), count - 1):
        bounds = (0, *cuts, len(groups))
        parts = [groups[a:b] for a, b in zip(bounds, bounds[1:], strict=False)]
        height = max(sum(g.height for g in part) for part in parts)
        if height < best_height:
            best, best_height = parts, height
    return best


def render_column(groups: list[Group], width: int) -> Content:
    """One column of groups as lines cut to `width` cells, each group's keys aligned."""
    lines: list[Content] = []
    singles = [cells(k) for g in groups for k, _ in g.rows if PAIRED not in k]
    column = min(KEY_WIDTH, max(singles, default=1) + 2)
    for group in groups:
        keys = min(width // 2, max(column, max((cells(k) for k, _ in group.rows), default=1) + 2))
        lines.append(Content.assemble((group.name, "bold")))
        for key, description in group.rows:
            lines.append(
                Content.assemble((fit(key, keys - 1, pad=True), "bold"), " ", fit(description, width - keys))
            )
        lines.extend(Content(" " * keys + fit(note, width - keys)) for note in group.notes)
    return Content("\n").join(lines)


class HelpScreen(ModalScreen[None]):
    """The keys of the screen below, from its bindings, in grouped columns."""

    BINDINGS = bindings("help")

    def __init__(self, screen: Screen[object], problems: list[str] | None = None) -> None:
        super().__init__()
        self.target = screen
        self.groups = key_groups(screen)
        self.problems = [safe_line(p) for p in problems or []]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="dialog", classes="help") as dialog:
            dialog.border_title = f"Keys — {self._screen_name()}"
            dialog.border_subtitle = "esc closes"
            yield Horizontal(id="help-keys")
            if self.problems:
                yield Static(
                    Content.assemble(("Problems in your config", "bold"), *(f"\n• {p}" for p in self.problems)),
                    id="help-problems",
                )
            note = getattr(self.target, "HELP_NOTE", "")
            if note:
                yield Static(note, id="help-note", markup=False)
            yield Static(METHOD, id="help-method", markup=False)

    def on_mount(self) -> None:
        self._lay_out(self.app.size.width)

    def on_resize(self, event: events.Resize) -> None:
        self._lay_out(event.size.width)

    def _lay_out(self, width: int) -> None:
        inner = min(width, 124) - CHROME
        parts = columns(self.groups, max(1, min(3, inner // MIN_COLUMN)))
        column_width = inner // len(parts) - 2  # two cells between columns
        holder = self.query_one("#help-keys", Horizontal)
        holder.remove_children()
        holder.mount_all(
            Static(render_column(part, column_width), classes="help-column") for part in parts
        )

    def _screen_name(self) -> str:
        return {"BoardScreen": "the board", "TodayScreen": "Today", "DetailScreen": "details",
                "WhoKnowsScreen": "who knows", "GiftsScreen": "what can I give?",
                "ResourcesScreen": "resources", "GiversGainScreen": "givers' gain"}.get(type(self.target).__name__, type(self.target).__name__)
