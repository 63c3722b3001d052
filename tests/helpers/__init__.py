"""What the tests share, in one place: `from tests.helpers import ...`.

- `calls`: calls to a method recorded on their way through.
- `clock`: the one settable `Clock` and the fixed moments (`FIXED_NOW`, the triage `TODAY`).
- `people`: the one contact factory (`person`), interactions, adding and logging through a
  store, and the small hand-built triage network.
- `files`: fixture files, fingerprints of a data directory, running the CLI (in-process
  or the installed command).
- `sync`: stored records for the merge, machines with their own stores, a bare git remote.
- `screen`: what a Textual app shows, as text (public `export_screenshot`), its
  notifications, and waiting on a condition instead of sleeping.
- `today`: a board of people all due, opening and closing Today.

Fixtures (an isolated environment, a store on the fixed clock, the app) live in
`tests/conftest.py`.
"""

from .calls import record_calls
from .clock import FIXED_NOW, TODAY, Clock, days_ago, local
from .files import (
    FIXTURES,
    ROOT,
    TRUSTBOARD,
    age_shards,
    by_name,
    cli_on_clock,
    data_files,
    die_at_rename,
    fixture,
    network_json,
    read_to_end,
    run,
    run_cli,
    store_files,
    write_card_file,
)
from .people import (
    A_MONTH_AGO,
    add,
    build_network,
    chat,
    event,
    fixed_store,
    log,
    moment,
    one_per_shard,
    person,
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
from .sync import (
    STAGES,
    Machine,
    bare_remote,
    both_ways,
    contact_doc,
    edit,
    git,
    interaction_doc,
    machine,
    notes,
    records,
    stamp,
)
from .today import close_today, due_people, open_today

__all__ = [
    "FIXED_NOW", "TODAY", "Clock", "days_ago", "local",
    "FIXTURES", "ROOT", "TRUSTBOARD", "age_shards", "by_name", "cli_on_clock", "data_files", "die_at_rename", "fixture", "network_json", "read_to_end", "run",
    "run_cli", "store_files", "write_card_file",
    "A_MONTH_AGO", "add", "build_network", "chat", "event", "fixed_store", "log", "moment",
    "one_per_shard", "person",
    "STAGES", "Machine", "bare_remote", "both_ways", "contact_doc", "edit", "git",
    "interaction_doc", "machine", "notes", "records", "stamp",
    "notices", "palette_choice", "palette_entries", "screen_text", "svg_text", "wait_until",
    "watch_notices",
    "close_today", "due_people", "open_today", "record_calls",
]
