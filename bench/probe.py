"""Run a program with a memory probe: on SIGUSR1 it appends one JSON line of counts to a file.

    python bench/probe.py OUT trustboard --data DIR     # the installed console script
    python bench/probe.py OUT path/to/app.py [ARGS]     # a script

With pyinstrument installed, SIGUSR2 starts and stops a profiler of the main thread; each
stop writes the profile of every started-to-stopped stretch so far to OUT.profile.txt (a
call tree), OUT.profile-total.txt and OUT.profile-flat.txt (functions by time including
callees, and by own time) and OUT.pyisession (`pyinstrument --load` renders it again).
bench/profile_keys.py uses it to profile single keys.

Each line, taken after a full collection: objects the cyclic GC tracks, objects frozen
out of it (`gc.freeze`), Textual widgets alive and footer keys alive among them, the
full (generation 2) collections so far with their total pause (and the longest since the
previous probe), and the allocators' memory: pymalloc's arenas and what is in use in them,
glibc's heap in use and free. Counting happens in the program's main thread, between two of its
bytecodes, while it is idle.

With TRUSTBOARD_PROBE_TRACEMALLOC set, the program runs under `tracemalloc` and each probe
also appends the memory Python holds, by the line that allocated it (the largest 30), to
OUT.tracemalloc.txt: what a session's growth is made of (it runs several times slower).
"""

from __future__ import annotations

import ctypes
import gc
import json
import os
import re
import runpy
import signal
import sys
import tempfile
import time
from importlib.metadata import entry_points
from types import FrameType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pyinstrument import Profiler

_full: list[float] = []
_started: list[float] = []
_ours: list[int] = []  # the probe's own full collections
_reported: list[int] = []  # how many full collections each probe had seen


def _on_gc(phase: str, info: dict[str, int]) -> None:
    if info.get("generation") != 2:
        return
    if phase == "start":
        _started.append(time.perf_counter())
    elif _started:
        _full.append(time.perf_counter() - _started.pop())


def _counts() -> dict[str, float]:
    collections, pauses = len(_full), list(_full)  # before ours below
    recent = pauses[_reported[-1] if _reported else 0:]
    _reported.append(collections)
    gc.collect()
    if _full:
        _full.pop()  # our own collection is not the program's
    _ours.append(1)
    objects = gc.get_objects()
    widget_type = sys.modules.get("textual.widget")
    widget = getattr(widget_type, "Widget", None) if widget_type else None
    widgets = footer_keys = 0
    for item in objects:
        if widget is not None and isinstance(item, widget):
            widgets += 1
            if any(kind.__name__ == "FooterKey" for kind in type(item).__mro__):  # (or one made from it)
                footer_keys += 1
    return {
        "tracked": len(objects),
        "frozen": gc.get_freeze_count(),
        "widgets": widgets,
        "footer_keys": footer_keys,
        "full_collections": collections,
        # CPython's own count, as a check of the callback's (the probe's collections left out)
        "gen2_collections": gc.get_stats()[2]["collections"] - len(_ours),
        "full_gc_ms": 1000 * sum(pauses),
        "full_gc_max_ms": 1000 * max(recent, default=0.0),  # since the previous probe
        **_allocators(),
        **_trimmed(),
    }


class _MallInfo2(ctypes.Structure):
    _fields_ = [(name, ctypes.c_size_t) for name in (
        "arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks", "fordblks", "keepcost")]


def _allocators() -> dict[str, float]:
    """Where the process's memory sits, in bytes: pymalloc's arenas (1 MiB each, small
    objects) against the blocks in them in use, and glibc's heap (larger objects) in use
    and free, and its mmapped blocks. What is held but free is memory a session's churn
    keeps from the system without any object alive in it."""
    out: dict[str, float] = {}
    libc = ctypes.CDLL(None)
    mallinfo2 = getattr(libc, "mallinfo2", None)  # (glibc 2.33 and later)
    if mallinfo2 is not None:
        mallinfo2.restype = _MallInfo2
        info = mallinfo2()
        out.update(heap_used=info.uordblks, heap_free=info.fordblks, heap_mmap=info.hblkhd)
    libc.fopen.restype = ctypes.c_void_p
    libc.fopen.argtypes = [ctypes.c_char_p, ctypes.c_char_p]
    libc.fclose.argtypes = [ctypes.c_void_p]
    stats = ctypes.pythonapi._PyObject_DebugMallocStats
    stats.argtypes = [ctypes.c_void_p]
    with tempfile.NamedTemporaryFile("r", suffix=".txt") as handle:  # (it writes to a FILE*)
        stream = libc.fopen(handle.name.encode(), b"w")
        stats(stream)
        libc.fclose(stream)
        text = handle.read()

    def field(label: str) -> int:
        found = re.search(rf"# {label}\s*=\s*([\d,]+)", text)
        return int(found.group(1).replace(",", "")) if found else 0

    out.update(pymalloc_arenas=field("arenas allocated current") * 2**20,
               pymalloc_used=field("bytes in allocated blocks"))
    return out


def _trimmed() -> dict[str, float]:
    """With TRUSTBOARD_PROBE_TRIM set: the resident memory before glibc's `malloc_trim(0)`
    and what the call took (the probe's caller reads the memory after it)."""
    if not os.environ.get("TRUSTBOARD_PROBE_TRIM"):
        return {}
    with open("/proc/self/status", encoding="ascii") as status:
        rss = next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))
    started = time.perf_counter()
    ctypes.CDLL(None).malloc_trim(0)
    return {"rss_before_trim_kib": rss, "trim_ms": 1000 * (time.perf_counter() - started)}


class Toggle:
    """SIGUSR2: start or stop profiling; writes the combined profile at each stop."""

    def __init__(self, out: str) -> None:
        self.out = out
        self.profiler: Profiler | None = None

    def __call__(self, signum: int, frame: FrameType | None) -> None:
        from pyinstrument import Profiler

        if self.profiler is None:
            self.profiler = Profiler(interval=0.0005, async_mode="disabled")
        profiler = self.profiler
        if profiler.is_running:
            profiler.stop()
            with open(self.out + ".profile.txt", "w", encoding="utf-8") as handle:
                handle.write(profiler.output_text(unicode=True, show_all=False))
            with open(self.out + ".profile-total.txt", "w", encoding="utf-8") as handle:
                handle.write(profiler.output_text(flat=True, flat_time="total"))
            if profiler.last_session is not None:  # `pyinstrument --load` renders it again
                profiler.last_session.save(self.out + ".pyisession")
            with open(self.out + ".profile-flat.txt", "w", encoding="utf-8") as handle:
                handle.write(profiler.output_text(flat=True))
            return
        root = frame
        while root is not None and root.f_back is not None:
            root = root.f_back
        profiler.start(caller_frame=root)


def _allocations(out: str, number: int) -> None:
    """Where the memory Python holds was allocated, the largest lines first."""
    import tracemalloc

    statistics = tracemalloc.take_snapshot().statistics("lineno")
    held = sum(stat.size for stat in statistics)
    with open(out + ".tracemalloc.txt", "a", encoding="utf-8") as handle:
        handle.write(f"== probe {number}: {held / 2**20:.1f} MiB held by Python\n")
        handle.writelines(f"{stat}\n" for stat in statistics[:30])


def main() -> None:
    out, program, *args = sys.argv[1:]
    traced = bool(os.environ.get("TRUSTBOARD_PROBE_TRACEMALLOC"))
    if traced:
        import tracemalloc

        tracemalloc.start()

    def probe(signum: int, frame: FrameType | None) -> None:
        counts = _counts()
        if traced:
            _allocations(out, len(_reported))
        with open(out, "a", encoding="utf-8") as handle:
            handle.write(json.dumps(counts) + "\n")

    signal.signal(signal.SIGUSR1, probe)
    signal.signal(signal.SIGUSR2, Toggle(out))
    gc.callbacks.append(_on_gc)
    if program.endswith(".py"):
        sys.argv = [program, *args]
        runpy.run_path(program, run_name="__main__")
        return
    [script] = entry_points(group="console_scripts", name=program)
    sys.argv = [program, *args]
    sys.exit(script.load()())


if __name__ == "__main__":
    main()
