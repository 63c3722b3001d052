"""Today's rows are made once for what they show, and the list keeps the lines it drew.

Opening Today again drew its 300 rows anew (a `Content` and an `Option` each) and every
line in view anew through Content's wrapping, though the queue had moved by a row: on a
board of 30,000 about half of opening it. `QueueList` keeps the lines by what they show
(in Textual's `_get_option_render`, a private method: the first test compares the two).
"""

from __future__ import annotations

from typing import Any

import pytest
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from board.model import Kind
from board.store import Store
from tests.helpers import close_today, due_people, open_today, record_calls, screen_text
from widgets.screens import today as today_screen
from widgets.screens import today_rows
from widgets.screens.today import TodayScreen
from widgets.screens.today_rows import OneLine, QueueList, RowOption


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_a_row_the_list_keeps_is_drawn_as_textual_draws_it(store: Store, make_app, size: tuple[int, int]) -> None:
    due_people(store)
    app = make_app(store)
    async with app.run_test(size=size) as pilot:
        today = await open_today(app, pilot, pauses=3)
        options = today.query_one(QueueList)
        plain = options.get_visual_style("option-list--option")
        lit = options.get_visual_style("option-list--option", "option-list--option-highlighted")
        assert plain != lit
        for index in (0, 1, 7, options.option_count - 1):
            option = options.get_option_at_index(index)
            assert isinstance(option, RowOption)
            for style in (plain, lit, plain):  # the last one kept from the first
                ours = options._get_option_render(option, style)
                options._option_render_cache.clear()
                textuals = OptionList._get_option_render(options, option, style)
                options._option_render_cache.clear()
                assert ours == textuals, (index, ours, textuals)
                assert [s.style.meta if s.style else None for strip in ours for s in strip] == [
                    s.style.meta if s.style else None for strip in textuals for s in strip
                ]  # the option's index, for the mouse, as Textual puts it
                assert ours[0].text.startswith(f"Person {59 - index:02}")


async def test_today_opened_again_makes_and_draws_only_the_rows_that_changed(
    store: Store, make_app, monkeypatch: pytest.MonkeyPatch
) -> None:
    due_people(store)
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_today(app, pilot, pauses=3)
        await close_today(app, pilot)
        made: list[tuple[str, str]] = []
        drawn: list[str] = []
        make = RowOption.__init__
        draw = OneLine.to_strips

        def making(option: RowOption, look: tuple[str, str], id: str) -> None:
            made.append(look)
            make(option, look, id)

        def drawing(cls: type[OneLine], widget: Any, visual: Any, *args: Any, **kwargs: Any) -> Any:
            drawn.append(visual.plain)
            return draw.__func__(cls, widget, visual, *args, **kwargs)  # type: ignore[attr-defined]

        monkeypatch.setattr(RowOption, "__init__", making)
        monkeypatch.setattr(OneLine, "to_strips", classmethod(drawing))
        today = await open_today(app, pilot, pauses=3)
        assert made == [] and drawn == []  # the same queue: nothing made, nothing drawn
        assert "Person 59" in screen_text(app)
        await close_today(app, pilot)

        top = today.queue[0].contact
        store.log(top.id, Kind.CALL, "caught up")  # the queue moves up by a row
        app.data_changed(changed={top.id})
        await pilot.pause()
        await open_today(app, pilot, pauses=3)
        text = screen_text(app)
        assert "Person 59" not in text and "Person 58" in text and "59 to reach out to" in text
        # Every row moved up, and shows what it showed: made again is only the one that
        # now shows its next step (the 25th). Drawn anew: that one, the row highlighted
        # now, and the row that came into view at the bottom.
        assert [look[0].split() for look in made] == [["Person", "34"]] and made[0][1].strip().endswith(
            today.step_for(today.queue[today_screen.NEXT_STEPS - 1]))
        assert sorted(line.split()[1] for line in drawn) == ["25", "34", "58"], drawn
        highlighted = today.query_one(QueueList).highlighted
        assert highlighted == 0 and today.selected_contact() is not None
        assert today.selected_contact().name == "Person 58"  # type: ignore[union-attr]


async def test_a_renamed_person_is_the_one_row_made_again_when_the_columns_stay(store: Store, make_app, monkeypatch: pytest.MonkeyPatch) -> None:
    due_people(store)
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        today = await open_today(app, pilot, pauses=3)
        await close_today(app, pilot)
        made: list[str] = []
        make = RowOption.__init__

        def making(option: RowOption, look: tuple[str, str], id: str) -> None:
            made.append(look[0].strip())
            make(option, look, id)

        monkeypatch.setattr(RowOption, "__init__", making)
        third = today.queue[2].contact
        store.update_contact(third.copy(name="Renamed 57"))
        app.data_changed(changed={third.id})
        await pilot.pause()
        await open_today(app, pilot, pauses=3)
        assert made == ["Renamed 57"]
        assert "Renamed 57" in screen_text(app)


def test_rows_kept_are_only_those_of_the_last_draw() -> None:
    rows = today_rows.RowOptions()
    widths = today_rows.Widths(10, 6, 4, 0)
    first = rows.options([("a", today_rows.Row("Ann", "Met", "3d", "")), ("b", today_rows.Row("Bo", "Met", "2d", ""))], widths)
    second = rows.options([("b", today_rows.Row("Bo", "Met", "2d", ""))], widths)
    assert second == [first[1]]  # the same option for the same row
    third = rows.options([("a", today_rows.Row("Ann", "Met", "3d", ""))], widths)
    assert third[0] is not first[0]  # Ann's went with the draw that did not show her
    assert isinstance(third[0], Option) and third[0].id == "a"


async def test_a_next_step_worked_out_later_repaints_its_one_line(
    store: Store, make_app, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The thread's next step for one person: only their row changes, only its line repaints."""
    due_people(store)
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        today = await open_today(app, pilot, pauses=3)
        await pilot.press("j", "j", "j", "j")
        options = today.query_one(QueueList)
        before = screen_text(app)
        third = today.queue[2].contact
        step = today.next_step(third)
        assert step and step in before
        repainted = record_calls(monkeypatch, QueueList, "refresh", lambda widget, *regions, **how: regions)
        today._steps[today_screen._step_key(third)] = "Worked out since"  # as a thread's answer lands
        today._draw_rows()
        await pilot.pause()
        assert [[(r.y, r.height) for r in regions] for regions in repainted] == [[(2, 1)]]
        after = screen_text(app)
        row = next(line for line in after.splitlines() if line.startswith(third.name))
        assert row.rstrip().endswith("Worked out since") and step not in row
        assert [line for line in after.splitlines() if third.name not in line and "Next step →" not in line] == [
            line for line in before.splitlines() if third.name not in line and "Next step →" not in line]
        # The list holds the new row where the old one was: found by id, selected, clicked.
        option = options.get_option(third.id)
        assert options.get_option_index(third.id) == 2 and isinstance(option, RowOption)
        assert option.look[1].rstrip().endswith("Worked out since")
        assert options.highlighted == 4  # the highlight stayed where it was
        await pilot.press("k", "k")
        assert today.selected_contact() == third
        assert "Next step → Worked out since" in screen_text(app)
        await pilot.click(QueueList, offset=(3, 2))
        await pilot.pause()
        assert today.selected_contact() == third


async def test_today_opened_again_on_the_same_queue_draws_no_line_of_its_list(
    store: Store, make_app, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each repaint of the list draws every line in view again (300 rows' worth of work
    to find them): reopening at the top, focused, on the same rows repaints none."""
    due_people(store)
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        today = await open_today(app, pilot, pauses=3)
        await close_today(app, pilot)
        options = today.query_one(QueueList)
        drawn = record_calls(monkeypatch, QueueList, "render_line", lambda widget, y: y)
        await open_today(app, pilot, pauses=3)
        assert drawn == []
        assert "Person 59" in screen_text(app) and today.focused is options and options.highlighted == 0
        await pilot.press("j", "j")
        await close_today(app, pilot)
        await open_today(app, pilot, pauses=3)  # moved down: from the top again
        assert options.highlighted == 0 and options.scroll_offset.y == 0
        assert today.selected_contact() == today.queue[0].contact
        assert "Person 59 · last:" in screen_text(app)


@pytest.mark.parametrize("size", [(60, 12), (80, 24), (120, 40)])
@pytest.mark.parametrize("people", [0, 60])
async def test_todays_widgets_cover_its_screen_whole(store: Store, make_app, size: tuple[int, int], people: int) -> None:
    """Today's own lines never show (`TodayScreen.BLANK`): its widgets cover every cell."""
    due_people(store, people)
    app = make_app(store)
    async with app.run_test(size=size) as pilot:
        today = await open_today(app, pilot, pauses=3)
        assert TodayScreen.BLANK
        width, height = size
        covered: set[tuple[int, int]] = set()
        for widget in today.children:
            if widget.styles.layer == "default" or not widget.styles.layer:
                region = widget.region
                covered |= {(x, y) for x in range(region.x, region.right) for y in range(region.y, region.bottom)}
        missing = {(x, y) for x in range(width) for y in range(height)} - covered
        assert not missing, sorted(missing)[:10]
        assert ("Nobody is due today" if not people else "60 to reach out to") in screen_text(app)
