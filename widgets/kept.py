"""Screens made once per app and kept: the log and contact forms, Today.

Textual composes and mounts a new screen's widgets when it opens, and removes them when
it closes, after which it lays the screen below out again: on a board of 30,000
contacts that is most of what opening a form or Today, and closing it, cost. A kept
screen is installed in the app, so closing it removes nothing, and opening it again
only fills it anew (`refill`) for what it shows this time.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from textual.app import App
from textual.screen import ModalScreen, Screen

S = TypeVar("S", bound=Screen[Any])
R = TypeVar("R")

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


def close_with(form: ModalScreen[R], result: R) -> None:
    """Close `form` with `result`, the frames held a moment: what the caller does with the
    result (save it, redraw the cards, say so in a notice) then shows in one frame with
    the board uncovered, rather than in two or three one after the other."""
    form.app.delay_update(CLOSE_HOLD)
    form.dismiss(result)
