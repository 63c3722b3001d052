"""What the tests share, in one place: `from tests.helpers import ...`.

- `files`: fixture files, fingerprints of a data directory, running the CLI (in-process
  or the installed command).
- `screen`: what a Textual app shows, as text (public `export_screenshot`), its
  notifications, and waiting on a condition instead of sleeping.

Fixtures (an isolated environment, a store on the fixed clock, the app) live in
`tests/conftest.py`.
"""

from .files import (
    FIXTURES,
    ROOT,
    TRUSTBOARD,
    by_name,
    data_files,
    fixture,
    network_json,
    run,
    run_cli,
    store_files,
)
from .screen import (
    notices,
    palette_choice,
    palette_entries,
    screen_text,
    svg_text,
    wait_until,
    watch_notices,
)

__all__ = [
    "FIXTURES", "ROOT", "TRUSTBOARD", "by_name", "data_files", "fixture", "network_json", "run",
    "run_cli", "store_files",
    "notices", "palette_choice", "palette_entries", "screen_text", "svg_text", "wait_until", "watch_notices",
]
