"""Screens made once per app and kept: the log and contact forms, Today.

Textual composes and mounts a new screen's widgets when it opens, and removes them when
it closes, after which it lays the screen below out again: on a board of 30,000
contacts that is most of what opening a form or Today, and closing it, cost. A kept
screen is installed in the app, so closing it removes nothing, and opening it again
only fills it anew (`refill`) for what it shows this time.

Textual also works out the styles of every widget of a screen again each time it is
pushed (`ScreenResume.refresh_styles`), in case the theme or the CSS changed while it was
away: for Today two dozen widgets, some 5–8 ms, and their scrollbars' repaints then
arrive after the first frame, as a second frame ~30 ms later. `keep_styles` leaves them
as they are when nothing they depend on changed since they were last worked out.

And Textual (8.2) counts the screen under a full screen as seen (`App._background_screens`
takes the first opaque screen below the top one, even when the top one is opaque itself):
pushing Today repaints the board it covers, and that repaint is handed on to Today as a
second frame of the whole screen ~30 ms after its first. `screens_seen_below` is the App's
answer: nothing under a screen that is neither modal nor see-through.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar
from weakref import WeakKeyDictionary

from textual import events
from textual.app import App
from textual.screen import ModalScreen, Screen

S = TypeVar("S", bound=Screen[Any])
R = TypeVar("R")

# What each kept screen's styles were last worked out with (`keep_styles`).
_STYLED: WeakKeyDictionary[Screen[Any], tuple[object, ...]] = WeakKeyDictionary()
CLOSE_HOLD = 0.012  # seconds a form's closing holds the frames (see `close_with`)


def kept_screen(app: App[Any], name: str, kind: type[S], make: Callable[[], S], refill: Callable[[S], None]) -> S:
    """The app's screen `name`: made (and installed) the first time, refilled after that.

    If it is open already (a form opened from a form), a screen of its own is made.
    """
    if not app.is_screen_installed(name):
        screen = make()
        app.install_screen(screen, name=name)
        return screen
    kept = app.get_screen(name)
    if not isinstance(kept, kind) or kept in app.screen_stack:
        return make()
    refill(kept)
    return kept


def screens_seen_below(app: App[Any], seen: list[Screen[Any]]) -> list[Screen[Any]]:
    """The screens that show through the top one: `seen` (Textual's), none under an opaque full screen."""
    try:
        top = app.screen_stack[-1]
    except (IndexError, KeyError):
        return seen
    if not top.is_modal and top.styles.background.a == 1:
        return []
    return seen


def _style_inputs(app: App[Any]) -> tuple[object, ...]:
    """What a screen's styles depend on outside it: the theme, the app's classes, the CSS.

    `_css_update_count` is Textual's (8.2) own count of CSS invalidations (a theme or
    variables changed; tests/test_tui_today.py catches its going away).
    """
    return (app.theme, app.ansi_color, frozenset(app.classes), len(app.stylesheet.source),
            app._css_update_count)


def keep_styles(screen: Screen[Any], event: events.ScreenResume) -> None:
    """From a kept screen's `on_screen_resume`: skip Textual's restyle of the whole screen
    when its styles would come out the same (its handler runs after the screen's own)."""
    inputs = _style_inputs(screen.app)
    if _STYLED.get(screen) == inputs:
        event.refresh_styles = False
    _STYLED[screen] = inputs


def close_with(form: ModalScreen[R], result: R) -> None:
    """Close `form` with `result`, the frames held a moment: what the caller does with the
    result (save it, redraw the cards, say so in a notice) then shows in one frame with
    the board uncovered, rather than in two or three one after the other."""
    form.app.delay_update(CLOSE_HOLD)
    form.dismiss(result)
