"""Feeling at home: help, keymap, themes, NO_COLOR, small terminals, mouse, live reload, palette."""

from __future__ import annotations

import subprocess
import sys

import pytest

from board.config import load_config
from board.model import Stage
from tests.helpers import add, notices, palette_choice, screen_text, wait_until


def _config(tmp_path, text):
    path = tmp_path / "config" / "config.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")
    return load_config(path)


async def test_help_lists_the_keys_of_the_screen_and_the_method(sample_store, make_app):
    app = make_app(sample_store)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        text = screen_text(app)
        for words in ("Snooze", "Undo/redo a change", "Copy the best suggested message",
                      "Filter the board", "Move to the next stage", "Met → Talked → Gave value → Trusted"):
            assert words in text, words
        await pilot.press("escape", "t", "question_mark")
        await pilot.pause()
        text = screen_text(app)
        assert "Keys — Today" in text and "Back to the board" in text


async def test_keymap_from_config_remaps_keys(tmp_path, store, make_app):
    ana = add(store, "Ana Lima")
    config = _config(tmp_path, '[keys]\nsnooze = "z"\nmove_forward = "ctrl+right,greater_than_sign"\n')
    app = make_app(store, config)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("z")
        await pilot.pause()
        assert type(app.screen).__name__ == "SnoozeModal"
        await pilot.press("escape")
        await pilot.press("ctrl+right")
        await pilot.pause()
        assert store.get(ana.id).stage == Stage.TALKED
        await pilot.press("greater_than_sign")
        await pilot.pause()
        assert store.get(ana.id).stage == Stage.GAVE_VALUE
        await pilot.press("s")  # the old key no longer snoozes
        await pilot.pause()
        assert type(app.screen).__name__ == "BoardScreen"


async def test_a_bad_key_name_is_reported_by_name(tmp_path, store, make_app):
    add(store, "Ana Lima")
    config = _config(tmp_path, '[keys]\ncopy = "hyperspace"\nsnooze = "z"\n')
    app = make_app(store, config)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        said = notices(app)
        assert "keys.copy" in said and "'hyperspace' is not a key name" in said
        await pilot.press("z")  # the good line still applies
        await pilot.pause()
        assert type(app.screen).__name__ == "SnoozeModal"


async def test_theme_from_config_and_remembered(tmp_path, store, make_app):
    config = _config(tmp_path, '# my settings\ntheme = "textual-light"\n[cadence]\nmet = 5\n')
    app = make_app(store, config)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.theme == "textual-light"
        app.theme = "nord"
        await pilot.pause()
    saved = config.path.read_text("utf-8")
    assert 'theme = "nord"' in saved and "# my settings" in saved and "met = 5" in saved
    assert load_config(config.path).theme == "nord"


async def test_no_color_keeps_cards_distinguishable(monkeypatch, sample_store, make_app):
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(sample_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.no_color
        lines = screen_text(app).splitlines()
        assert any(line.startswith("▌!") for line in lines)  # selected and due, by symbol
        assert any(line.startswith(" !") for line in lines)  # due, not selected
        assert "due today" in screen_text(app)


async def test_80_columns_fit_all_four_stages(sample_store, make_app):
    app = make_app(sample_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        title_line = screen_text(app).splitlines()[1]
        for stage in ("Met (", "Talked (", "Gave value (", "Trusted ("):
            assert stage in title_line


async def test_narrow_terminal_shows_one_column_with_tabs(sample_store, make_app):
    app = make_app(sample_store)
    async with app.run_test(size=(60, 24)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        met = len([c for c in sample_store.contacts() if c.stage == Stage.MET])
        assert f"Met {met} │ Talked" in text and "│ Trusted 8" in text  # the tabs
        assert text.count("Talked (") == 0  # only the active column shows
        await pilot.press("l")
        await pilot.pause()
        assert "Talked (" in screen_text(app)
        board = app.screen
        await pilot.press("j", "j")
        chosen = board.selected_contact().id
        await pilot.resize_terminal(120, 30)
        await pilot.pause()
        assert "Trusted (" in screen_text(app) and board.selected_contact().id == chosen
        await pilot.resize_terminal(60, 24)
        await pilot.pause()
        assert board.selected_contact().id == chosen


async def test_clicking_a_card_selects_it(store, make_app):
    add(store, "Ana Lima")
    bo = add(store, "Bo Chen", stage=Stage.TALKED)
    cy = add(store, "Cy Park", stage=Stage.TALKED)
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.click("#cards-talked", offset=(3, 5))  # second card: rows 4-7
        await pilot.pause()
        assert app.screen.selected_contact().id == cy.id
        await pilot.click("#cards-talked", offset=(3, 1))
        await pilot.pause()
        assert app.screen.selected_contact().id == bo.id


async def test_board_picks_up_another_process_change(store, make_app):
    add(store, "Ana Lima")
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        chosen = app.screen.selected_contact().id
        subprocess.run(
            [sys.executable, "-m", "board", "--data", str(store.root), "add", "Remote Rita", "--stage", "trusted"],
            check=True, capture_output=True,
        )
        # Within two seconds (the board polls the store every second).
        await wait_until(pilot, lambda: "Remote Rita" in screen_text(app), timeout=2.5)
        assert "Remote Rita" in screen_text(app) and "Trusted (1)" in screen_text(app)
        assert app.screen.selected_contact().id == chosen


async def test_palette_jumps_to_a_contact(sample_store, make_app):
    target = next(c for c in sample_store.contacts() if c.stage == Stage.TRUSTED)
    app = make_app(sample_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*target.name)
        await wait_until(pilot, lambda: f"Go to {target.name}" in palette_choice(app))
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.selected_contact().id == target.id


@pytest.mark.parametrize("size", [(60, 24), (80, 24), (160, 48)])
def test_layout_snapshots(size, sample_store, make_app, snap_compare):
    assert snap_compare(make_app(sample_store), terminal_size=size)


async def test_palette_offers_every_board_action(sample_store, make_app):
    app = make_app(sample_store)
    async with app.run_test(size=(100, 30)):
        titles = {command.title for command in app.get_system_commands(app.screen)}
    for title in ("Add a contact", "Today", "Givers' gain", "Who knows…", "Import…", "Export…",
                  "Undo", "Redo", "Filter the board…", "Help: keys and the method", "Theme",
                  "Log", "Copy msg", "Messages", "Edit", "Snooze", "Stage ▶", "◀ Stage", "Archive"):
        assert title in titles, title
