"""The board as a daily driver at 80×24: cuts, column ends, the selection after Today and snoozes."""

from __future__ import annotations

from datetime import timedelta

from board.model import Stage
from board.text import cells
from tests.helpers import FIXED_NOW, add, screen_text, wait_until
from widgets.dialogs.help import PAIRS

PARTIAL_BLOCKS = set("▁▂▃▄▅▆▇")


def _column_cells(line: str) -> list[str]:
    """A board line split at the column borders."""
    return line.split("▏")


async def test_cards_are_cut_with_an_ellipsis_in_cells_and_scrollbars_are_plain(store, make_app):
    add(store, "Patrick Doyle", at=FIXED_NOW - timedelta(days=30), title="Owner",
         company="Doyle Roofing and Gutters of the Tri-County Area")
    add(store, "王小明 Wang Xiaoming 有限公司 Shanghai Trading", at=FIXED_NOW - timedelta(days=20), title="总经理",
         company="上海贸易有限公司")
    for n in range(12):  # enough cards for the column to scroll
        add(store, f"Person {n:02}", company="A company name long enough to be cut")
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        lines = screen_text(app).splitlines()
        board = lines[2:-2]
        assert not PARTIAL_BLOCKS & set("".join(board)), "a scrollbar thumb looks like a stray glyph"
        met = [_column_cells(line)[0] for line in board]
        assert len({cells(cell) for cell in met}) == 1, "a wide character pushed the column border"
        company = next(cell for cell in met if "Owner · Doyle" in cell)
        assert company[:-1].rstrip().endswith("…"), company  # the cut shows, left of the scrollbar
        wide = next(cell for cell in met if "王小明" in cell)
        assert wide[:-1].rstrip().endswith("…"), wide


async def test_column_navigation_stops_at_the_ends(store, make_app):
    ana = add(store, "Ana Met")
    add(store, "Tom Trusted", stage=Stage.TRUSTED)
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        board = app.screen
        await pilot.press("h", "left")
        assert board.column == 0 and board.selected_contact().id == ana.id
        await pilot.press("home", "h", "h", "h", "H")  # the accident of the issue: no wrap to Trusted
        await pilot.pause()
        assert store.get(ana.id).stage == Stage.MET
        await pilot.press("l", "l", "l", "l", "right")
        assert board.column == 3 and board.selected_contact().name == "Tom Trusted"


async def test_after_a_snooze_the_snoozed_person_stays_selected(store, make_app):
    first = add(store, "Ann First", at=FIXED_NOW - timedelta(days=30))
    add(store, "Bea Second", at=FIXED_NOW - timedelta(days=20))
    add(store, "Cy Fresh")  # not due
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        board = app.screen
        assert board.selected_contact().id == first.id
        await pilot.press("s", "2")  # snooze a week
        await wait_until(pilot, lambda: "snoozed to" in screen_text(app))
        assert store.get(first.id).snoozed_until is not None
        # The selection stays where the user was working (it followed the card).
        assert board.selected_contact().id == first.id
        assert screen_text(app).splitlines()[-2].strip().startswith("Ann First")


async def test_after_today_the_board_shows_who_is_due(sample_store, make_app):
    app = make_app(sample_store)
    async with app.run_test(size=(80, 24)) as pilot:
        board = app.screen
        await pilot.press("end")  # the bottom of Met: someone not due, the column scrolled
        await pilot.pause()
        cards = board.columns[Stage.MET].cards
        assert not cards.current.due and cards.scroll_offset.y > 0
        await pilot.press("t")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is board
        assert cards.current.due, "the selection sits on someone not due"
        top, bottom = cards.scroll_offset.y, cards.scroll_offset.y + cards.scrollable_content_region.height
        assert top <= cards.selected * 4 < bottom, "the selected card is out of view"


async def test_help_shows_every_board_key_at_80x24_grouped_with_the_filter_words(sample_store, make_app):
    app = make_app(sample_store)
    async with app.run_test(size=(80, 24)) as pilot:
        board = app.screen
        wanted = {
            active.binding.id: active.binding
            for active in board.active_bindings.values()
            if active.binding.id
        }
        await pilot.press("question_mark")
        await pilot.pause()
        text = screen_text(app)
        for group in ("Move", "Act", "Find", "Views", "App"):
            assert group in text, group
        paired = {ident: words for first, second, words in PAIRS for ident in (first, second)}
        for ident, binding in wanted.items():
            words = paired.get(ident) or (binding.tooltip or binding.description)[:14]
            assert words in text, f"{ident}: {words!r} is not in view"
        for word in ("tag:", "stage:", "due", "archived"):
            assert word in text, word
        assert "esc closes" in text
        await pilot.press("escape", "t", "question_mark")
        await pilot.pause()
        text = screen_text(app)
        assert "Keys — Today" in text and "⏎" in text and "Details and timeline" in text


async def test_help_uses_the_width_of_a_large_terminal(sample_store, make_app):
    app = make_app(sample_store)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        top = next(line for line in screen_text(app).splitlines() if "Keys — the board" in line)
        assert cells(top.strip()) > 110
        assert "Copy the best suggested message" in screen_text(app)


async def test_notices_sit_at_the_top_and_never_hide_the_next_step(sample_store, make_app):
    app = make_app(sample_store)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.press("t")
        await pilot.pause()
        before = screen_text(app).splitlines()
        step_row = next(i for i, line in enumerate(before) if "Next step →" in line)
        await pilot.press("c")
        await wait_until(pilot, lambda: "Copied" in screen_text(app))
        lines = screen_text(app).splitlines()
        assert lines[step_row] == before[step_row], "the notice covers the next step"
        assert lines[-3:-1] == before[-3:-1]  # nor the panel about the highlighted person
        assert [i for i, line in enumerate(lines) if "Copied" in line] == [0]  # one line, at the top
        assert screen_text(app).count("Copied") == 1  # the title is not repeated
        await pilot.press("y")
        await wait_until(pilot, lambda: "as sent" in screen_text(app))
        assert "Copied" not in screen_text(app)  # replaced, not stacked
        lines = screen_text(app).splitlines()
        assert [i for i, line in enumerate(lines) if "as sent" in line] == [0]  # not a line lower
        app.notify("Imported people.csv (CSV): 2 added.\n  added: Ina, Ole", title="Imported people.csv")
        await pilot.pause()
        text = screen_text(app)
        assert text.count("Imported people.csv") == 1 and "as sent" not in text
        # Each line of a summary stays a line (tests/test_tui_notices.py: long ones wrap).
        assert text.splitlines()[0].endswith("Imported people.csv (CSV): 2 added.")
        assert text.splitlines()[1].endswith("added: Ina, Ole")


async def test_several_config_problems_make_one_notice_and_help_lists_them(tmp_path, store, make_app):
    from board.config import load_config

    path = tmp_path / "config" / "config.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('[keys]\ncopy = "hyperspace"\nsnooze = "warp drive"\n', "utf-8")
    app = make_app(store, load_config(path))
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await pilot.pause()
        lines = screen_text(app).splitlines()
        assert [i for i, line in enumerate(lines) if "problems in the config" in line] == [0]
        await pilot.press("question_mark")
        await pilot.pause()
        text = screen_text(app)
        assert "Problems in your config" in text
        assert "'hyperspace' is not a key name" in text and "'warp drive'" in text
