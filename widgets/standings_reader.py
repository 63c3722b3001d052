"""The background reading of the standings, in a process of its own.

Python runs one thread at a time, and reading the standings of a large board is seconds of
Python and of JSON parsing (13 s of CPU at 100,000 contacts): in a thread of the board's
own process it took the interpreter from the UI thread for up to a whole file's parse at a
time, and every key pressed while one shard was read took about twice as long. A child
process reads them instead; the board's thread only waits on it, which holds no lock the
UI needs. It still reads one contact shard at a time, each when the board's thread says go
on (that thread gives way to the user's keys first: `widgets.background.give_way`).

    python -m widgets.standings_child        # the child (its side: standings_child.py)

The board's thread writes one request, (root, now, contact ids, config); the child then
writes ("part",) before each shard and waits for one byte (b"g": go on; anything else or
the pipe's end: stop), and ends with ("done", standings) or ("failed", sentence). Its
store's clock is the request's `now`: the same moment the board asked about. If the child
cannot start or dies without an answer, the thread reads them itself, as it did before.
"""

from __future__ import annotations

import pickle
import subprocess
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING

from board.config import Config

if TYPE_CHECKING:
    from board.standing import Standing

COMMAND = [sys.executable, "-m", "widgets.standings_child"]
GO_ON = b"g"


class ChildGone(Exception):
    """The child ended without an answer (killed, or it could not start)."""


def read_elsewhere(
    root: Path, now: datetime, contact_ids: list[str], config: Config,
    give_way: Callable[[], None], stopped: Callable[[], bool],
) -> dict[str, Standing] | None:
    """The standings read by a child process (None: the board closed meanwhile). Before each
    shard it calls `give_way`; a failure of the reading raises its sentence as a
    `RuntimeError`; a child that cannot start or dies raises `ChildGone`."""
    try:
        child = subprocess.Popen(COMMAND, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                 stderr=subprocess.DEVNULL, cwd=Path(__file__).resolve().parent.parent)
    except OSError as exc:
        raise ChildGone(str(exc)) from None
    assert child.stdin is not None and child.stdout is not None
    try:
        send(child.stdin, pickle.dumps((str(root.resolve()), now, contact_ids, config)))
        while True:
            try:
                message = pickle.load(child.stdout)
            except (EOFError, pickle.UnpicklingError) as exc:
                raise ChildGone(f"the reader ended ({exc})") from None
            if message[0] == "part":
                give_way()
                if stopped():
                    return None
                send(child.stdin, GO_ON)
            elif message[0] == "done":
                found: dict[str, Standing] = message[1]
                return found
            else:
                raise RuntimeError(message[1])
    except BrokenPipeError:
        raise ChildGone("the reader ended") from None
    finally:
        if child.poll() is None:
            child.kill()
        child.wait()
        child.stdin.close()
        child.stdout.close()


def send(pipe: IO[bytes], data: bytes) -> None:
    pipe.write(data)
    pipe.flush()
