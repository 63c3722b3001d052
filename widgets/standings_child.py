"""The child process that reads a large board's standings (the board's side, and the
conversation over the pipes: `widgets.standings_reader`).

    python -m widgets.standings_child
"""

from __future__ import annotations

import os
import pickle
import sys
from pathlib import Path
from typing import IO, Any

from widgets.standings import _read_by_shard
from widgets.standings_reader import GO_ON, send


def serve(inbox: IO[bytes], outbox: IO[bytes]) -> None:
    """The child's side: read the request, the standings shard by shard, write the answer."""
    root, now, contact_ids, config = pickle.load(inbox)

    def ask_to_go_on() -> None:
        send(outbox, pickle.dumps(("part",)))
        if inbox.read(1) != GO_ON:
            raise SystemExit(0)  # the board closed, or asked no more

    try:
        found = _read_by_shard(Path(root), lambda: now, contact_ids, config, now, ask_to_go_on)
    except SystemExit:
        raise
    except Exception as exc:  # said on the board as it was in the thread, never a traceback
        answer: Any = ("failed", str(exc))
    else:
        answer = ("done", found)
    send(outbox, pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL))


BACKGROUND_NICENESS = 10  # below the board: on a 2-core machine, keys go first


def give_way_to_the_board() -> None:
    """Run at a lower priority than the board: its reading is seconds of CPU at 100,000
    contacts, and each key the board answers meanwhile should not share a core with it."""
    try:
        os.nice(BACKGROUND_NICENESS)
    except (AttributeError, OSError):  # (no nice on Windows; at the limit already)
        pass


if __name__ == "__main__":
    give_way_to_the_board()
    serve(sys.stdin.buffer, sys.stdout.buffer)
