"""Every key bound on every screen is listed by `?` on that screen, and footers that do not
fit end with "…" rather than a key cut in two.

The keys are taken from each screen's `BINDINGS` (its classes' and, under full screens,
the App's), not from the help's own reading of them, and looked for in the key cells of
the help as the screen shows it at 80×24.
"""

from __future__ import annotations

import re
from typing import Any

from textual.binding import Binding
from textual.screen import ModalScreen

from board.store import Store
from tests.helpers import notices, screen_text, wait_until
from widgets.messages import OpenResources

SIZE = (80, 24)
ROW = re.compile(r"\s{2,}")


def bound_keys(app: Any, screen: Any) -> dict[str, str]:
    """Each key of each binding with an id on `screen`, as the help shows it → the binding id."""
    classes = [cls for cls in type(screen).__mro__ if "BINDINGS" in vars(cls)]
    bindings = [b for cls in classes for b in vars(cls)["BINDINGS"]]
    if not isinstance(screen, ModalScreen):
        bindings += type(app).BINDINGS
    keys: dict[str, str] = {}
    for binding in bindings:
        assert isinstance(binding, Binding)
        if binding.id is None:
            continue
        for key in binding.key.split(","):
            shown = app.get_key_display(Binding(key.strip(), "")).replace("shift+", "⇧")
            keys.setdefault(shown, binding.id)
    return keys


def help_keys(app: Any) -> set[str]:
    """The keys in the key cells of the help on screen (each column's rows, left part)."""
    from widgets.dialogs.help import HelpScreen

    help_screen = app.screen
    assert isinstance(help_screen, HelpScreen)
    lines = screen_text(app).splitlines()
    found: set[str] = set()
    for column in help_screen.query(".help-column"):
        region = column.region
        for line in lines[region.y:region.bottom]:
            cell = ROW.split(line[region.x:region.right], maxsplit=1)[0]
            found.update(token for keys in cell.split(" / ") for token in keys.split())
    return found


async def _open(pilot: Any, *keys: str) -> None:
    for key in keys:
        await pilot.press(key)
        await pilot.pause()


async def _check_help(pilot: Any, name: str) -> str:
    app = pilot.app
    screen = app.screen
    wanted = bound_keys(app, screen)
    await _open(pilot, "question_mark")
    assert type(app.screen).__name__ == "HelpScreen", f"? on {name} opened no help"
    text = screen_text(app)
    assert f"Keys — {name}" in text
    shown = help_keys(app)
    missing = {key: ident for key, ident in wanted.items() if key not in shown}
    assert not missing, f"{name}: keys bound but not in its help: {missing}\n{text}"
    await _open(pilot, "escape")
    assert app.screen is screen
    return text


async def test_every_bound_key_of_every_screen_is_in_its_help(sample_store: Store, make_app) -> None:
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        text = await _check_help(pilot, "the board")
        assert "After c: log it as sent" in text  # `y`, though nothing is copied yet
        await _open(pilot, "t")
        text = await _check_help(pilot, "Today")
        assert "Back to the board" in text
        await _open(pilot, "enter")
        assert type(app.screen).__name__ == "DetailScreen"
        await _check_help(pilot, "details")
        assert " e Correct " in screen_text(app).splitlines()[-1]  # its letter, not ⏎, in the footer
        await _open(pilot, "escape", "escape", "G")
        assert type(app.screen).__name__ == "GiftsScreen"
        await _check_help(pilot, "what can I give?")
        await _open(pilot, "escape", "w")
        assert type(app.screen).__name__ == "WhoKnowsScreen"
        assert type(app.focused).__name__ == "OptionList"  # their needs found people
        await _check_help(pilot, "who knows")
        await _open(pilot, "escape")
        app.post_message(OpenResources())
        await wait_until(pilot, lambda: type(app.screen).__name__ == "ResourcesScreen")
        await _check_help(pilot, "resources")
        await _open(pilot, "escape", "g")
        assert type(app.screen).__name__ == "GiversGainScreen"
        text = await _check_help(pilot, "givers' gain")
        assert "Archive quiet requests (asks)" in text and "Going cold" in text
        assert type(app.screen).__name__ == "GiversGainScreen"  # esc closed the help only


async def test_y_before_a_copy_says_what_it_is_for_and_after_one_names_the_gift(
    sample_store: Store, make_app
) -> None:
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"sandra", "enter")
        await _open(pilot, "G")
        assert "Mark sent" not in screen_text(app).splitlines()[-1]  # nothing copied: not offered
        await _open(pilot, "y")
        assert "Nothing copied here to log yet: enter copies the highlighted gift's message" in notices(app)
        title = app.screen.gift.title
        await _open(pilot, "enter")
        await wait_until(pilot, lambda: "Copied" in notices(app))
        assert "for Sandra Hughes · y logs it as given" in notices(app)
        assert title[:30] in notices(app).splitlines()[-1]
        assert "y Mark sent" in screen_text(app).splitlines()[-1]
        await _open(pilot, "y")
        await wait_until(pilot, lambda: "Logged the" in notices(app))
        assert f"given to Sandra Hughes: {title[:30]}" in notices(app).splitlines()[-1]


async def test_a_footer_that_does_not_fit_ends_with_an_ellipsis(sample_store: Store, make_app) -> None:
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        await _open(pilot, "enter")  # details: more keys than 80 columns hold
        footer = screen_text(app).splitlines()[-1]
        keys_part = footer.split("▏")[0].rstrip()
        assert keys_part.endswith(" …"), footer
        # What is left out is left out whole: each shown key still has its whole word.
        for word in ("Log", "Copy msg", "Correct", "Back"):
            assert word in keys_part
    app = make_app(sample_store)
    async with app.run_test(size=(160, 24)) as pilot:
        await _open(pilot, "enter")
        assert "…" not in screen_text(app).splitlines()[-1]  # room for all: nothing cut


def _method_shown(app: Any) -> str:
    """The method paragraph as the help shows it, its lines joined."""
    lines = screen_text(app).splitlines()
    start = next(i for i, line in enumerate(lines) if "The method:" in line)
    body = []
    for line in lines[start:]:
        if "▄▄" in line:  # the dialog's bottom border
            break
        body.append(line.strip(" █"))
    return " ".join(body)


async def test_help_shows_all_keys_and_the_whole_method_at_80x24_without_scrolling(
    sample_store: Store, make_app
) -> None:
    from widgets.dialogs.help import METHOD

    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        for name, keys in (("the board", ()), ("Today", ("t",)), ("details", ("enter",))):
            await _open(pilot, *keys)
            await _open(pilot, "question_mark")
            dialog = app.screen.query_one("#dialog")
            assert dialog.max_scroll_y == 0, f"the help on {name} scrolls"
            assert _method_shown(app) == METHOD, name
            assert "esc closes" in screen_text(app)
            await _open(pilot, "escape")
