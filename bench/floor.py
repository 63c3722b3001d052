"""The physical floor of a store change: the same files, bytes and fsyncs, written by a minimal script.

`record` runs a change in a child process under strace and keeps, per change, every
file system call that writes: each file opened for writing, the bytes written to it,
its fsyncs, renames, removals, directory fsyncs (the data directory's own included). `replay` does exactly those calls
(zeros for the bytes) in a copy of the data directory, with nothing else around them:
no parsing, no serialising, no checking. A change through the store can never cost
less than its replay, so the ratio of the two says what the store adds.

The recording sees only system calls, not the store's code, so it keeps working
however the store is laid out inside.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

MARK = "/trustboard-bench-mark"  # a path that does not exist: access() on it marks the trace
CALLS = ("openat,open,creat,write,pwrite64,writev,fsync,fdatasync,close,rename,renameat,"
         "renameat2,unlink,unlinkat,mkdir,mkdirat,link,linkat,ftruncate,access,faccessat,faccessat2")
LINE = re.compile(r"^(?:\d+\s+)?(\w+)\((.*)\)\s+=\s+(-?\d+)")
FD = re.compile(r"^(\d+)<")
QUOTED = re.compile(r'"((?:[^"\\]|\\.)*)"')

# The child: open the store, do one warm-up change (lazy imports, the day's backup), then
# each change between two marks. ACTION is the body of a function of (store, contact id, n).
CHILD = """
import os, sys
from board.model import Kind, Stage
from board.store import Store
STAGES = list(Stage)
def change(store, cid, n):
{action}
root, ids = sys.argv[1], sys.argv[2:]
store = Store(root)
change(store, ids[0], 0)
for n, cid in enumerate(ids):
    os.access("{mark}/begin", os.F_OK)
    change(store, cid, n + 1)
    os.access("{mark}/end", os.F_OK)
store.close()
"""

ACTIONS = {
    "move": "    store.move(cid, STAGES[(STAGES.index(store.get(cid).stage) + 1) % len(STAGES)])",
    "log": "    store.log(cid, Kind.CALL, f'benchmark call {n}')",
    "edit": "    store.update_contact(store.get(cid).copy(notes=f'edited {n}'))",
}


@dataclass
class Writes:
    """The writing system calls of one change, paths relative to the data directory."""

    calls: list[tuple] = field(default_factory=list)

    @property
    def bytes(self) -> int:
        return sum(c[2] for c in self.calls if c[0] == "write")

    @property
    def fsyncs(self) -> int:
        return sum(1 for c in self.calls if c[0] == "fsync")

    @property
    def files(self) -> int:
        """Files put in place (renamed over or created), journal and index included."""
        return sum(1 for c in self.calls if c[0] == "rename")

    def bytes_to(self, name: str) -> int:
        opened: dict[int, str] = {}
        total = 0
        for call in self.calls:
            if call[0] == "open":
                opened[call[1]] = call[2]
            elif call[0] == "write" and name in Path(opened.get(call[1], "")).name:
                total += call[2]
        return total


def _flags(text: str) -> int:
    value = 0
    for name in text.split("|"):
        value |= getattr(os, name, 0) if name.startswith("O_") else int(name, 0)
    return value


def _parse(trace: str, root: Path) -> list[Writes]:
    prefix = str(root) + "/"
    changes: list[Writes] = []
    current: Writes | None = None
    raw: list[tuple] = []
    for line in trace.splitlines():
        found = LINE.match(line)
        if not found:
            continue
        name, args, result = found[1], found[2], int(found[3])
        paths = [p for p in QUOTED.findall(args)]
        if name.startswith(("access", "faccessat")) and paths and paths[0].startswith(MARK):
            if paths[0].endswith("/begin"):
                current, raw = Writes(), []
            elif current is not None:
                current.calls = _writing(raw)
                changes.append(current)
                current = None
            continue
        if current is None or result < 0:
            continue
        fd_args = [int(m[1]) for m in (FD.match(a.strip()) for a in args.split(",")) if m]
        # The data directory itself is opened too (to fsync it after a rename in it).
        inside = [p[len(prefix):] if p != str(root) else "" for p in paths
                  if p.startswith(prefix) or p == str(root)]
        if name in ("openat", "open", "creat"):
            if inside:
                parts = [a.strip() for a in args.split(",")]
                flag_text = next((p for p in parts if p.startswith("O_")), "O_RDONLY")
                mode = next((int(p, 8) for p in parts[::-1] if re.fullmatch(r"0\d+", p)), 0o600)
                raw.append(("open", result, inside[0], _flags(flag_text), mode))
        elif name in ("write", "pwrite64", "writev") and fd_args:
            raw.append(("write", fd_args[0], result))
        elif name in ("fsync", "fdatasync") and fd_args:
            raw.append(("fsync", fd_args[0]))
        elif name == "ftruncate" and fd_args:
            raw.append(("ftruncate", fd_args[0], int(args.split(",")[-1])))
        elif name == "close" and fd_args:
            raw.append(("close", fd_args[0]))
        elif name.startswith("rename") and len(inside) == 2:
            raw.append(("rename", inside[0], inside[1]))
        elif name.startswith("unlink") and inside:
            raw.append(("unlink", inside[0]))
        elif name.startswith("mkdir") and inside:
            raw.append(("mkdir", inside[0]))
        elif name.startswith("link") and len(inside) == 2:
            raw.append(("link", inside[0], inside[1]))
    return changes


def _writing(raw: list[tuple]) -> list[tuple]:
    """Only the descriptors that were written, fsynced or truncated (not the reads)."""
    keep: set[int] = set()  # indexes of the opens to keep
    open_at: dict[int, int] = {}
    for index, call in enumerate(raw):
        if call[0] == "open":
            open_at[call[1]] = index
        elif call[0] in ("write", "fsync", "ftruncate") and call[1] in open_at:
            keep.add(open_at[call[1]])
    out: list[tuple] = []
    live: set[int] = set()
    for index, call in enumerate(raw):
        if call[0] == "open":
            if index in keep:
                live.add(call[1])
                out.append(call)
        elif call[0] in ("write", "fsync", "ftruncate", "close"):
            if call[1] in live:
                out.append(call)
                if call[0] == "close":
                    live.discard(call[1])
        else:
            out.append(call)
    return out


def available() -> bool:
    return shutil.which("strace") is not None


def record(root: Path, action: str, ids: list[str]) -> list[Writes]:
    """The writes of `action` on each of `ids` (after one unrecorded warm-up on ids[0])."""
    root = root.resolve()
    child = CHILD.format(action=ACTIONS[action], mark=MARK)
    with tempfile.TemporaryDirectory() as scratch:
        log = Path(scratch) / "trace"
        subprocess.run(
            ["strace", "-f", "-qq", "-y", "-s", "0", "-e", f"trace={CALLS}", "-o", str(log),
             sys.executable, "-c", child, str(root), *ids],
            check=True, capture_output=True,
        )
        changes = _parse(log.read_text(), root)
    if len(changes) != len(ids):
        raise RuntimeError(f"recorded {len(changes)} changes of {len(ids)}")
    return changes


class Floor:
    """Replays recorded writes in a copy of the data directory."""

    def __init__(self, root: Path, work: Path) -> None:
        self.root = work / "floor-copy"
        shutil.rmtree(self.root, ignore_errors=True)
        shutil.copytree(root, self.root, symlinks=True, ignore=shutil.ignore_patterns("backups"))
        self._zeros = bytes(1 << 20)

    def close(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)

    def replay(self, writes: Writes) -> None:
        base = str(self.root) + "/"
        fds: dict[int, int] = {}
        for call in writes.calls:
            kind = call[0]
            if kind == "open":
                fds[call[1]] = os.open(base + call[2], call[3], call[4])
            elif kind == "write":
                left = call[2]
                while left > 0:
                    left -= os.write(fds[call[1]], self._zeros[: min(left, len(self._zeros))])
            elif kind == "fsync":
                os.fsync(fds[call[1]])
            elif kind == "ftruncate":
                os.ftruncate(fds[call[1]], call[2])
            elif kind == "close":
                os.close(fds.pop(call[1]))
            elif kind == "rename":
                os.rename(base + call[1], base + call[2])
            elif kind == "unlink":
                os.unlink(base + call[1])
            elif kind == "mkdir":
                os.makedirs(base + call[1], exist_ok=True)
            elif kind == "link":
                os.link(base + call[1], base + call[2])
