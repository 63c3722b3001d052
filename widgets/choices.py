"""A row of choices on one line (`1 message  2 call  …`): arrows move, enter picks.

A list of options takes a line per choice; the log form must fit 80×24 with every field
in view, so its kinds and values are each one row.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from textual import events
from textual.binding import BindingType
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.style import Style
from textual.widget import Widget

from widgets.keys import bindings

GAP = "  "


@dataclass
class ChoiceMessage(Message):
    """What a row says about one of its choices: the row, and the choice's index."""

    row: ChoiceRow
    index: int

    @property
    def control(self) -> ChoiceRow:
        return self.row


class ChoiceRow(Widget, can_focus=True):
    """One line of labelled choices, one of them selected."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"choice--selected", "choice--key"}

    DEFAULT_CSS = """
    ChoiceRow { height: auto; width: 1fr; }
    ChoiceRow > .choice--key { color: $text-muted; }
    ChoiceRow > .choice--selected { background: $boost; text-style: bold; }
    ChoiceRow:focus > .choice--selected { background: $accent; color: $text; }
    ChoiceRow:disabled { color: $text-disabled; }
    ChoiceRow:disabled > .choice--selected { background: transparent; text-style: none; }
    """

    BINDINGS: ClassVar[list[BindingType]] = bindings("choices")

    index: reactive[int] = reactive(0)

    class Changed(ChoiceMessage):
        """The selected choice changed."""

    class Chosen(ChoiceMessage):
        """The user picked the selected choice (enter, or a click)."""

    def __init__(
        self,
        labels: Sequence[str],
        keys: Sequence[str] | None = None,
        *,
        index: int = 0,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.labels = list(labels)
        self.keys = list(keys) if keys is not None else [""] * len(self.labels)
        self.set_reactive(ChoiceRow.index, index)

    @property
    def chosen(self) -> str:
        return self.labels[self.index]

    def validate_index(self, index: int) -> int:
        return max(0, min(len(self.labels) - 1, index))

    def watch_index(self, index: int) -> None:
        self.post_message(self.Changed(self, index))

    def action_step(self, step: int) -> None:
        self.index += step

    def action_choose(self) -> None:
        self.post_message(self.Chosen(self, self.index))

    def render(self) -> Content:
        key_style = self.get_visual_style("choice--key", partial=True)
        selected_style = self.get_visual_style("choice--selected", partial=True)
        parts: list[str | tuple[str, Style]] = []
        for index, (key, label) in enumerate(zip(self.keys, self.labels, strict=True)):
            if index:
                parts.append(GAP)
            if key:
                parts.append((f"{key} ", key_style))
            parts.append((label, selected_style) if index == self.index else label)
        return Content.assemble(*parts)

    def on_click(self, event: events.Click) -> None:
        """Pick the choice under the mouse."""
        x = event.x - self.gutter.left
        for index, width in enumerate(self._widths()):
            if x < width:
                self.index = index
                self.post_message(self.Chosen(self, index))
                return
            x -= width + len(GAP)

    def _widths(self) -> list[int]:
        return [len(f"{key} " if key else "") + len(label) for key, label in zip(self.keys, self.labels, strict=True)]
