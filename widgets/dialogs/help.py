"""`?`: every key of the screen underneath, grouped in columns, then the method.

The keys are read from the screen's live bindings (so the list never goes stale and
shows the user's own keymap) and grouped — Move, Act, Find, Views, App — into as many
columns as the terminal allows, so that all of the board's keys show at 80×24.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import combinations

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from board.text import cells, fit, safe_line

METHOD = (
    "The method — Met → Talked → Gave value → Trusted. People refer business to those they "
    "know, like and trust. Met: you crossed paths. Talked: a real conversation. Gave value: "
    "you helped first — information, a resource, an introduction, a referral, honest "
    "feedback. Trusted: they trust you and you them. Answer connection requests with an "
    "offer to talk; nurture each stage on its rhythm (t shows who is due); after someone "
    "helps you, ask “How can I support you?”."
)
FILTER_WORDS = ("tag:bni  stage:talked", "due  quiet  archived  or words")

ORDER = ("Move", "Act", "Find", "Views", "App")
GROUP_OF = {
    **dict.fromkeys(
        ("column_left", "column_right", "card_down", "card_up", "page_down", "page_up",
         "first_card", "last_card", "today.down", "today.up", "who.down", "who.up",
         "detail.down", "detail.up", "gifts.down", "gifts.up", "resources.down", "resources.up"),
        "Move",
    ),
    **dict.fromkeys(("filter", "clear_filter", "who_knows", "who.topic"), "Find"),
    **dict.fromkeys(
        ("details", "today", "givers_gain", "gifts", "today.back", "detail.back", "who.back",
         "gifts.back", "resources.back"),
        "Views",
    ),
    **dict.fromkeys(("help", "quit", "undo", "redo", "command_palette"), "App"),
}  # every other key acts on the data: "Act"
KEY_WIDTH = 9
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
        shown = screen.app.get_key_display(binding).replace("shift+", "⇧")
        keys.setdefault(ident, []).append(shown)
        text[ident] = binding.tooltip or binding.description or binding.action
    groups = {name: Group(name) for name in ORDER}
    for ident, displays in keys.items():
        group = GROUP_OF.get(ident.removeprefix("app."), "Act")
        groups[group].rows.append((" ".join(dict.fromkeys(displays)), text[ident]))
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
    """One column of groups as lines cut to `width` cells."""
    keys = min(KEY_WIDTH, max((cells(k) for g in groups for k, _ in g.rows), default=1) + 2)
    lines: list[Content] = []
    for group in groups:
        lines.append(Content.assemble((group.name, "bold")))
        for key, description in group.rows:
            lines.append(
                Content.assemble((fit(key, keys - 1, pad=True), "bold"), " ", fit(description, width - keys))
            )
        lines.extend(Content(" " * keys + fit(note, width - keys)) for note in group.notes)
    return Content("\n").join(lines)


class HelpScreen(ModalScreen[None]):
    """The keys of the screen below, from its bindings, in grouped columns."""

    BINDINGS = [Binding("escape,question_mark,q", "dismiss", "Close", id="help.close")]

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
                "ResourcesScreen": "resources"}.get(type(self.target).__name__, type(self.target).__name__)
