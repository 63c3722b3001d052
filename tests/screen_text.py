"""Read what a Textual app shows, as plain text lines (for asserting on the screen)."""

from __future__ import annotations

from textual.app import App


def screen_text(app: App[object]) -> str:
    """The visible screen (including modals on top) as lines of plain text."""
    strips = app.screen._compositor.render_strips()
    return "\n".join(strip.text for strip in strips)


def notices(app: App[object]) -> str:
    """Every notification currently shown (title and message), one per line."""
    return "\n".join(f"{n.title}: {n.message}" for n in app._notifications)
