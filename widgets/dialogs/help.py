"""`?`: every key of the screen underneath, read from its live bindings, and the method."""

from __future__ import annotations

from rich.markup import escape
from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

METHOD = """[b]The method[/b]  Met → Talked → Gave value → Trusted
People refer business to those they know, like and trust. [b]Met[/b]: you crossed paths.
[b]Talked[/b]: a real conversation. [b]Gave value[/b]: you helped first — information, a resource,
an introduction, a referral, honest feedback. [b]Trusted[/b]: they trust you and you them.
Answer connection requests with an offer to talk; nurture each stage on its rhythm
(t shows who is due); after someone helps you, ask “How can I support you?”."""


class HelpScreen(ModalScreen[None]):
    """The keys of the screen below, from its bindings (so this list never goes stale)."""

    BINDINGS = [Binding("escape,question_mark,q", "dismiss", "Close", id="help.close")]

    def __init__(self, screen: Screen[object]) -> None:
        super().__init__()
        self.target = screen

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="dialog", classes="help"):
            yield Static(f"Keys — {self._screen_name()}", classes="dialog-title")
            yield Static(self._keys_table(), id="help-keys")
            yield Static(METHOD, id="help-method")
            yield Static("esc closes", classes="dialog-help")

    def _screen_name(self) -> str:
        return {"BoardScreen": "the board", "TodayScreen": "Today", "DetailScreen": "details"}.get(
            type(self.target).__name__, type(self.target).__name__
        )

    def _keys_table(self) -> Table:
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold", no_wrap=True)
        table.add_column()
        seen: dict[str, list[str]] = {}
        descriptions: dict[str, str] = {}
        for active in self.target.active_bindings.values():
            binding = active.binding
            if binding.id is None and binding.action not in ("command_palette", "app.command_palette"):
                continue  # widgets' own scrolling keys: noise here
            label = binding.tooltip or binding.description or binding.action
            ident = binding.id or binding.action
            seen.setdefault(ident, []).append(self.app.get_key_display(binding))
            descriptions[ident] = label
        for ident, keys in seen.items():
            table.add_row(escape(" ".join(dict.fromkeys(keys))), escape(descriptions[ident]))
        return table
