"""Unfolding a vCard is linear: a folded value costs about what the same value on one line does.

Prints, for a PHOTO and a NOTE of 4 and 8 MiB, the best of five reads folded (74-octet
lines) and unfolded, and the ratios folded/one-line and 8 MiB/4 MiB (linear: about 2).

    .venv/bin/python bench/bench_vcard_fold.py
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from board.importers import read_import  # noqa: E402


def card(value: bytes, folded: bool, prop: bytes) -> bytes:
    if folded:
        value = b"\r\n ".join(value[i:i + 74] for i in range(0, len(value), 74))
    return b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Big\r\n" + prop + b":" + value + b"\r\nEND:VCARD\r\n"


def best(path: Path, runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        read_import("vcard", path)
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        for prop in (b"PHOTO;ENCODING=b;TYPE=JPEG", b"NOTE"):
            got = {}
            for mib in (4, 8):
                value = b"QUJD" * (mib << 18)
                for folded in (False, True):
                    path = Path(tmp) / f"{mib}-{folded}.vcf"
                    path.write_bytes(card(value, folded, prop))
                    got[mib, folded] = best(path)
            name = prop.split(b";")[0].decode()
            print(
                f"{name:5} 4 MiB one line {got[4, False] * 1000:7.1f} ms, folded {got[4, True] * 1000:7.1f} ms: "
                f"folded/one-line {got[4, True] / got[4, False]:.2f}; "
                f"folded 8 MiB / 4 MiB {got[8, True] / got[4, True]:.2f}"
            )


if __name__ == "__main__":
    main()
