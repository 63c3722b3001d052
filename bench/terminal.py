"""A program in a real terminal (a private tmux server), driven key by key and timed.

One tmux control-mode client sends the keys and reads the screen (no process started
per key or per look), so the harness itself adds well under a millisecond to a key.
The program's CPU is read from /proc: the main thread's scheduler clock tells when it
is working, every thread's together what a key cost.

An action is *settled* when the program's main thread has been idle for `quiet`
seconds (and the screen shows what the action should show): its wall time is from
the key leaving the harness to the last moment the program was still working. Idle
means on the CPU less than a quarter of the time: a timer's 0.1 ms tick is not work.
"""

from __future__ import annotations

import os
import shlex
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

SIZE = (120, 40)
# A lone esc: Textual waits ESCDELAY ms for the rest of an escape sequence (100 by
# default). tmux sends esc alone, so the wait would only add a constant to esc keys.
ENV = {"TERM": "xterm-256color", "ESCDELAY": "5"}
POLL = 0.001  # seconds between two looks at the program's CPU clock
BUSY = 0.25  # share of an interval on the CPU that counts as working


def _schedstat_ns(path: str) -> int:
    with open(path, "rb") as handle:
        return int(handle.read().split()[0])


@dataclass
class Timing:
    wall: float  # seconds from the key to settled
    cpu: float  # seconds of CPU, every thread of the program
    shown: float | None  # seconds until the screen showed what it should (None: not checked)
    start: float = 0.0  # when the key left the harness (`time.perf_counter`: the monotonic clock)


class Terminal:
    """`command` running in a `size` terminal; use as a context manager."""

    def __init__(self, command: str, size: tuple[int, int] = SIZE, env: dict[str, str] | None = None) -> None:
        if signal.getsignal(signal.SIGTERM) is signal.SIG_DFL:  # a killed harness still cleans up
            signal.signal(signal.SIGTERM, lambda number, frame: sys.exit(128 + number))
        self.socket = f"bench-{uuid.uuid4().hex[:8]}"
        self._thread_ns: dict[str, int] = {}  # each thread's CPU as last read (see cpu_ns)
        pid_file = Path(tempfile.mkdtemp(prefix="tb-term-")) / "pid"
        variables = " ".join(f"{k}={shlex.quote(v)}" for k, v in {**ENV, **(env or {})}.items())
        wrapped = f"echo $$ > {pid_file}; exec env {variables} {command}"
        subprocess.run(
            ["tmux", "-L", self.socket, "-f", "/dev/null", "new-session", "-d",
             "-x", str(size[0]), "-y", str(size[1]), wrapped],
            check=True,
        )
        self._ctl = subprocess.Popen(
            ["tmux", "-L", self.socket, "-C", "attach"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1,
        )
        try:
            self._attached()
            self.command("set-option -g window-size manual")
            # If the harness dies, its client goes, and the session (the program) with it.
            self.command("set-option -g destroy-unattached on")
            self.command("refresh-client -f no-output")  # we read the screen, not the byte stream
            deadline = time.perf_counter() + 10
            while not (pid_file.exists() and pid_file.read_text().strip()):
                if time.perf_counter() > deadline:
                    raise RuntimeError(f"{command} did not start")
                time.sleep(0.005)
            self.pid = int(pid_file.read_text())
        except BaseException:
            self.close()
            raise
        finally:
            pid_file.unlink(missing_ok=True)
            pid_file.parent.rmdir()

    def _attached(self) -> None:
        """Wait until the control client is attached (commands before that find no client)."""
        assert self._ctl.stdout is not None
        while True:
            text = self._ctl.stdout.readline()
            if not text:
                raise RuntimeError("tmux control client ended before attaching")
            if text.startswith("%session-changed"):
                return

    def __enter__(self) -> Terminal:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        try:
            assert self._ctl.stdin is not None
            self._ctl.stdin.close()
        except OSError:
            pass
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True)
        self._ctl.wait(timeout=10)
        Path(f"/tmp/tmux-{os.getuid()}/{self.socket}").unlink(missing_ok=True)

    # -- tmux

    def command(self, line: str) -> list[str]:
        """Run one tmux command through the control client; its output lines."""
        assert self._ctl.stdin is not None and self._ctl.stdout is not None
        self._ctl.stdin.write(line + "\n")
        self._ctl.stdin.flush()
        out: list[str] = []
        mine = False
        while True:
            text = self._ctl.stdout.readline()
            if not text:
                raise RuntimeError(f"tmux went away running {line!r}")
            text = text.rstrip("\n")
            if text.startswith("%begin"):
                mine = text.split()[-1] == "1"  # flag 1: a command this client sent
            elif text.startswith(("%end", "%error")) and mine:
                if text.startswith("%error"):
                    raise RuntimeError(f"tmux: {line!r}: {out}")
                return out
            elif mine:
                out.append(text)

    def screen(self) -> str:
        return "\n".join(self.command("capture-pane -p"))

    def send(self, keys: str, literal: bool = False) -> None:
        """tmux key names (`j`, `Enter`, `Escape`, `Tab`), or text with literal=True."""
        self.command(("send-keys -l " if literal else "send-keys ") + (shlex.quote(keys) if literal else keys))

    # -- the program

    def main_cpu_ns(self) -> int:
        return _schedstat_ns(f"/proc/{self.pid}/schedstat")

    def cpu_ns(self) -> int:
        """CPU of every thread the program ran, ended ones included (as last seen), so the
        figure never goes down when a background thread ends; and of its child processes'
        threads (the board reads its standings in one), the same way."""
        seen = self._thread_ns
        pids = [self.pid]
        while pids:
            pid = pids.pop()
            try:
                tids = os.listdir(f"/proc/{pid}/task")
            except (FileNotFoundError, ProcessLookupError):
                continue  # a child that just ended: its last reading stands
            for tid in tids:
                try:
                    seen[f"{pid}/{tid}"] = _schedstat_ns(f"/proc/{pid}/task/{tid}/schedstat")
                    with open(f"/proc/{pid}/task/{tid}/children") as handle:
                        pids += [int(child) for child in handle.read().split()]
                except (FileNotFoundError, ProcessLookupError):
                    pass  # a thread that just ended: its last reading stands
        return sum(seen.values())

    def memory_kib(self) -> dict[str, int]:
        """VmRSS and VmHWM (peak) of the program, KiB."""
        out = {}
        for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                out[key] = int(value.split()[0])
        return out

    def signal(self, number: int = signal.SIGUSR1) -> None:
        os.kill(self.pid, number)

    def wait_for(self, shows: Callable[[str], bool], timeout: float = 60) -> float:
        """Seconds until the screen satisfies `shows`."""
        start = time.perf_counter()
        while time.perf_counter() - start < timeout:
            if shows(self.screen()):
                return time.perf_counter() - start
            time.sleep(0.005)
        raise RuntimeError(f"timed out; the screen shows:\n{self.screen()}")

    def settle(self, quiet: float = 0.05, timeout: float = 60) -> None:
        """Wait until the program's main thread has been idle for `quiet` seconds."""
        self.act(None, quiet=quiet, timeout=timeout)

    def act(
        self,
        keys: str | None,
        *,
        literal: bool = False,
        shows: Callable[[str], bool] | None = None,
        quiet: float = 0.03,
        timeout: float = 60,
    ) -> Timing:
        """Send `keys`; wait until the program settled and the screen `shows` the result."""
        main = self.main_cpu_ns()
        cpu0 = self.cpu_ns()
        start = time.perf_counter()
        if keys is not None:
            self.send(keys, literal)
        last_busy = looked = start
        worked = keys is None
        shown: float | None = None
        next_look = start
        while True:
            time.sleep(POLL)
            now = time.perf_counter()
            clock = self.main_cpu_ns()
            # Working: on the CPU for a quarter of the interval at least (a timer's
            # 0.1 ms blip while idle is not the key's work).
            if clock - main >= BUSY * (now - looked) * 1e9:
                last_busy, worked = now, True
            main, looked = clock, now
            if shows is not None and shown is None and now >= next_look:
                if shows(self.screen()):
                    shown = time.perf_counter() - start
                next_look = now + 0.004
            if worked and (shows is None or shown is not None) and now - last_busy >= quiet:
                break
            if now - start > timeout:
                raise RuntimeError(f"{keys!r} did not settle in {timeout} s; the screen shows:\n{self.screen()}")
        return Timing(last_busy - start, (self.cpu_ns() - cpu0) / 1e9, shown, start)
