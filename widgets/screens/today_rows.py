"""Today's queue as lines: its rows, their columns, and the list that shows them.

Opening Today draws its rows again (the queue moves as people are reached), and the list
shows them in a frame of its own. On a large board that was a good part of opening it: 300
rows made anew (each a `Content`, an `Option`), and every line in view rendered anew
through Textual's text wrapping, though the queue had moved by a row or two. Here a row
is made once for what it shows (`RowOptions`), and the list (`QueueList`) keeps each
line it drew by what it shows, so a Today opened again draws only the rows that changed;
a next step worked out later repaints its one line (`QueueList.show_rows`).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass

from textual.content import Content
from textual.geometry import Size
from textual.strip import Strip
from textual.style import Style
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from board.text import cells, fit
from widgets.lru import LRU

GAP = 2  # cells between columns
MAX_NAME = 28
MIN_NAME = 10
WIDE_STEPS = 100  # from this width the next step's title is shown whole
LINES_KEPT = 1200  # drawn lines the list keeps: each row in view, plain and highlighted


@dataclass(frozen=True, slots=True)
class Row:
    """One person in the queue, as shown."""

    name: str
    stage: str
    late: str
    step: str


@dataclass(frozen=True, slots=True)
class Widths:
    name: int
    stage: int
    late: int
    step: int


def column_widths(rows: list[Row], width: int) -> Widths:
    """Columns sized to what they hold, fitting `width` cells on one line.

    From 100 columns the next step keeps its whole title (names give way, down to
    MIN_NAME); below that the step is what is cut.
    """
    name = min(MAX_NAME, max(cells(r.name) for r in rows))
    stage = max(cells(r.stage) for r in rows)
    late = max(4, max(cells(r.late) for r in rows))
    step = max(cells(r.step) for r in rows)
    fixed = stage + late + 3 * GAP
    if width >= WIDE_STEPS:
        name = max(MIN_NAME, min(name, width - fixed - step))
    else:
        name = max(MIN_NAME, min(name, (width - fixed) // 2))
    return Widths(name, stage, late, max(0, min(step, width - fixed - name)))


def render_row(row: Row, widths: Widths) -> tuple[str, str]:
    """A row's name column, and the rest: each fitted to its width (the late count
    right-aligned, so 4-digit counts line up)."""
    gap = " " * GAP
    rest = (
        gap + fit(row.stage, widths.stage, pad=True) + gap
        + " " * (widths.late - cells(row.late)) + row.late + gap + fit(row.step, widths.step)
    )
    return fit(row.name, widths.name, pad=True), rest


class OneLine(Content):
    """A queue row, fitted to the list's width: one line. (Content would wrap it to find
    out, for all 300 rows on every draw: about a third of drawing them.)"""

    def get_height(self, rules: object, width: int) -> int:
        return 1


class RowOption(Option):
    """A row of the queue: its name in bold, then the rest. `look` is what it shows."""

    def __init__(self, look: tuple[str, str], id: str) -> None:
        super().__init__(OneLine.assemble(*zip(look, ("bold", ""), strict=True)), id=id)
        self.look = look


class RowOptions:
    """The queue's rows as options, each made once for what it shows: a row that shows
    the same as in the last draw is the same option (its lines kept by the list)."""

    def __init__(self) -> None:
        self._made: dict[tuple[str, Row, Widths], RowOption] = {}

    def options(self, rows: Iterable[tuple[str, Row]], widths: Widths) -> list[RowOption]:
        """The options for `rows` (contact id and row) at `widths`; only those of this draw
        are kept for the next."""
        made, kept = self._made, {}
        for contact_id, row in rows:
            key = (contact_id, row, widths)
            option = made.get(key)
            kept[key] = option if option is not None else RowOption(render_row(row, widths), contact_id)
        self._made = kept
        return list(kept.values())


class QueueList(OptionList):
    """Today's list: an `OptionList` whose layouts leave its scrollbar alone, and which
    keeps the lines it drew by what they show.

    An OptionList keeps its own virtual size (one line per row); each layout of the screen
    hands it another (its height), and Textual (8.2) then updates the scrollbar for the
    difference: a repaint of it asked for during the layout, which a frame of its own
    draws some 30 ms after the layout's (the same scrollbar). Its size unchanged, nothing
    about the scrollbar changed: the layout's own frame draws it as it is.

    Textual keeps an option's drawn lines by the option, and lets them all go when the
    options are set again (every draw of the queue); each line drawn anew goes through
    Content's wrapping. A `RowOption`'s lines are kept here by its look, style and width
    (without the option's index, which Textual puts in each line for the mouse, and which
    moves with the queue) in `_get_option_render`, Textual's own (8.2, private; see
    tests/test_tui_today_lines.py, which compares the two).
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._kept_lines: LRU[Hashable, list[Strip]] = LRU(LINES_KEPT)

    def _size_updated(self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True) -> bool:
        if self.is_mounted and size == self.size and container_size == self.container_size:
            return False  # (what Textual's returns then: no Resize to send)
        return super()._size_updated(size, virtual_size, container_size, layout)

    def _get_option_render(self, option: Option, style: Style) -> list[Strip]:
        padding = self.get_component_styles("option-list--option").padding
        if not isinstance(option, RowOption) or option._divider or padding:
            return super()._get_option_render(option, style)
        drawn = self._option_render_cache.get((option, style, padding))
        if drawn is not None:
            return drawn
        width = self.scrollable_content_region.width - self._get_left_gutter_width()
        look = (option.look, style, padding, width)
        lines = self._kept_lines.get(look)
        if lines is None:  # drawn as Textual draws it, less the option's index
            visual = self._get_visual(option)
            lines = [
                strip.extend_cell_length(width, style.rich_style)
                for strip in visual.to_strips(self, visual, width, None, style)
            ]
            self._kept_lines[look] = lines
        meta = {"option": self._option_to_index[option]}
        drawn = [strip.apply_meta(meta) for strip in lines]
        self._option_render_cache[(option, style, padding)] = drawn
        return drawn

    def show_rows(self, rows: dict[int, RowOption]) -> None:
        """Put these rows in the place of those at their indexes, repainting only their
        lines: the same people in the same columns, one of them showing something else
        (a next step worked out in a thread). `set_options` would reset the highlight and
        the scroll, and repaint every line. (`_options`, `_option_to_index` and
        `_id_to_option` are Textual's own (8.2): tests/test_tui_today_lines.py checks the
        list after such a change.)"""
        for index, option in rows.items():
            old = self._options[index]
            if old.id != option.id:
                raise ValueError(f"row {index} is {old.id}, not {option.id}")
            self._options[index] = option
            del self._option_to_index[old]
            self._option_to_index[option] = index
            if option.id is not None:
                self._id_to_option[option.id] = option
            self.refresh_line(index)  # (one line per row: its line is its index)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._kept_lines.clear()  # (the lines are drawn with the list's styles)
