"""SIGKILL during `trustboard sync`, at random moments: the store and the clone stay sound,
and the next sync completes with nothing lost."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import time
from pathlib import Path

import pytest

from board.model import Kind, Stage
from board.store import Store
from board.sync import engine
from tests.helpers import TRUSTBOARD, bare_remote, git, machine, run_cli

ROUNDS = 8


def _sound(root: Path) -> set[str]:
    """The store opens and reads; the clone passes `git fsck`. Returns the names stored."""
    store = Store(root)
    names = {c.name for c in store.contacts(archived=None)}
    list(store.all_interactions())
    store.close()
    fsck = subprocess.run(["git", "fsck", "--no-dangling"], cwd=root / "sync", capture_output=True, text=True)
    assert fsck.returncode == 0, fsck.stdout + fsck.stderr
    return names


@pytest.mark.slow
def test_sigkill_at_random_moments_never_breaks_the_store_or_the_clone(tmp_path: Path) -> None:
    remote = bare_remote(tmp_path / "remote.git")
    # Real clocks: the killed commands run on the real clock too, and backups are named by time.
    a, b = machine(tmp_path, "laptop", real=True), machine(tmp_path, "server", real=True)
    people = [a.add(f"Person {n}") for n in range(40)]
    engine.init(a.store, str(remote))
    engine.init(b.store, str(remote))
    rng = random.Random(14)
    expected = {p.name for p in people}
    started = time.monotonic()
    assert run_cli("sync", data=a.root).returncode == 0
    full = time.monotonic() - started  # how long one sync with nothing to do takes
    killed = 0
    for round_ in range(ROUNDS):
        b.store.refresh()
        for person in rng.sample(people, 5):  # the server moves on and pushes
            b.store.move(person.id, rng.choice(list(Stage)))
        expected.add(b.add(f"Server {round_}").name)
        engine.sync(b.store)
        a.store.refresh()
        for person in rng.sample(people, 5):  # the laptop too, offline
            a.store.log(person.id, Kind.NOTE, f"round {round_}")
        expected.add(a.add(f"Laptop {round_}").name)

        child = subprocess.Popen([str(TRUSTBOARD), "--data", str(a.root), "sync"], start_new_session=True,
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.0, full * 1.5))
        if child.poll() is None:
            killed += 1
            if round_ % 2:
                os.killpg(child.pid, signal.SIGKILL)  # git dies with it, mid-command
            else:
                child.send_signal(signal.SIGKILL)
        child.wait()
        _sound(a.root)
        done = run_cli("sync", data=a.root)
        assert done.returncode == 0, done.stderr
        assert _sound(a.root) == expected
    assert killed >= ROUNDS // 2, "the kills came too late to test anything"
    engine.sync(b.store)
    assert run_cli("sync", data=a.root).returncode == 0
    assert _sound(a.root) == _sound(b.root) == expected
    assert a.export() == b.export()
    assert git("status", "--porcelain", cwd=a.root / "sync") == ""
