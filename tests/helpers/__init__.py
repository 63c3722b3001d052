"""What the tests share, in one place: `from tests.helpers import ...`.

- `screen`: what a Textual app shows, as text (public `export_screenshot`), its
  notifications, and waiting on a condition instead of sleeping.

Fixtures (an isolated environment, a store on the fixed clock, the app) live in
`tests/conftest.py`.
"""

from .screen import notices, palette_choice, screen_text, svg_text, wait_until, watch_notices

__all__ = [
    "notices", "palette_choice", "screen_text", "svg_text", "wait_until", "watch_notices",
]
