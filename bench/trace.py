"""Run a program under the memory probe with a trace of what may land on a key: one JSON
line per full (generation 2) garbage collection and per standings landing, with its start
on the monotonic clock (the harness's `time.perf_counter`, on Linux), so that
`bench_session --trace` can tell which action each fell in.

    python bench/trace.py TRACE PROBE_OUT trustboard --data DIR

Each line: {"what": "gc", "start": s, "ms": ..., "collected": n, "idle": bool (run by the
board's idle collector)} or {"what": "landing", "start": s, "ms": ...} (the standings'
result applied on the UI thread: `Standings._landed`, the redraw it asks for included;
"arrive": each part of a landing spread over several turns, the first within "landing").
With TRACE_LANDING_PROFILE=FILE in the environment, the landing is profiled (cProfile) into FILE.
"""

from __future__ import annotations

import gc
import json
import os
import runpy
import signal
import sys
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent


def main() -> None:
    trace, *rest = sys.argv[1:]
    out = open(trace, "a", buffering=1, encoding="utf-8")  # noqa: SIM115 (open for the program's life)
    started: list[float] = []
    idle = [False]

    def write(**line: Any) -> None:
        out.write(json.dumps(line) + "\n")

    def on_gc(phase: str, info: dict[str, int]) -> None:
        generation = info.get("generation")
        if phase == "start":
            started.append(time.perf_counter())
        elif started:
            start = started.pop()
            ms = 1000 * (time.perf_counter() - start)
            if generation == 2:
                write(what="gc", start=start, ms=ms, collected=info.get("collected", 0), idle=idle[0])
            elif ms > 2:
                write(what=f"gc{generation}", start=start, ms=ms, collected=info.get("collected", 0))

    gc.callbacks.append(on_gc)

    def heap(signum: int, frame: object) -> None:
        """SIGRTMIN: what the collector tracks (frozen objects left out), by type, and the
        largest containers with who holds them."""
        gc.collect()
        objects = gc.get_objects()
        kinds = Counter(f"{type(o).__module__}.{type(o).__qualname__}" for o in objects)
        big = sorted((o for o in objects if isinstance(o, dict | list | set | tuple) and len(o) > 2000),
                     key=len, reverse=True)[:12]
        holders = []
        for item in big:
            owners = [r for r in gc.get_referrers(item) if r is not objects and r is not big]
            names = []
            for owner in owners[:3]:
                if isinstance(owner, dict):
                    keys = [k for k, v in owner.items() if v is item][:1]
                    names.append(f"dict[{keys[0] if keys else '?'}]")
                else:
                    names.append(type(owner).__qualname__)
            first = next(iter(item.values() if isinstance(item, dict) else item), None)
            holders.append(f"{type(item).__name__} of {len(item)} ({type(first).__qualname__}) in {', '.join(names)}")
        del objects, big
        write(what="heap", start=time.perf_counter(), top=kinds.most_common(30), big=holders,
              frozen=gc.get_freeze_count())

    signal.signal(signal.SIGRTMIN, heap)
    from widgets import collector, standings

    landed = standings.Standings._landed

    profile_to = os.environ.get("TRACE_LANDING_PROFILE")  # a file: the landing's profile (pstats)

    def traced_landed(self: standings.Standings, result: Any) -> None:
        start = time.perf_counter()
        try:
            if profile_to:
                import cProfile

                cProfile.runctx("landed(self, result)", globals(), {"landed": landed, "self": self,
                                                                     "result": result}, profile_to)
            else:
                landed(self, result)
        finally:
            write(what="landing", start=start, ms=1000 * (time.perf_counter() - start))

    standings.Standings._landed = traced_landed  # type: ignore[method-assign]
    arrive = getattr(standings.Standings, "_arrive", None)  # a landing's later parts, if spread
    if arrive is not None:

        def traced_arrive(self: standings.Standings) -> None:
            start = time.perf_counter()
            try:
                arrive(self)
            finally:
                write(what="arrive", start=start, ms=1000 * (time.perf_counter() - start))

        standings.Standings._arrive = traced_arrive  # type: ignore[method-assign]
    tick = collector.Collector.tick

    def traced_tick(self: collector.Collector) -> bool:
        idle[0] = True
        try:
            return tick(self)
        finally:
            idle[0] = False

    collector.Collector.tick = traced_tick  # type: ignore[method-assign]
    from widgets import background, standings_reader

    run, give_way = background.Background._run, background.give_way
    went = threading.local()  # when this thread's work last went on after giving way

    def traced_give_way() -> None:
        give_way()
        went.at = time.perf_counter()

    def traced_run(self: background.Background, work: Any, done: Any) -> None:
        went.at = time.perf_counter()
        try:
            run(self, work, done)
        finally:  # (its start: when it last went on; the standings' thread waits on the child)
            start = went.at
            write(what="thread", start=start, ms=1000 * (time.perf_counter() - start),
                  work=getattr(work, "__qualname__", "?"))

    background.give_way = traced_give_way

    background.Background._run = traced_run  # type: ignore[method-assign]
    send = standings_reader.send

    def traced_send(pipe: Any, data: bytes) -> None:
        if data == standings_reader.GO_ON:
            write(what="go", start=time.perf_counter(), ms=0)
        send(pipe, data)

    standings_reader.send = traced_send
    sys.argv = [str(HERE / "probe.py"), *rest]
    runpy.run_path(str(HERE / "probe.py"), run_name="__main__")


if __name__ == "__main__":
    main()
