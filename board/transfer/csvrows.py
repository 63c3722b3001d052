"""CSV rows as every CSV reader takes them: split on the delimiter the header uses, each
with the line it starts on, a quoting error or a row wider than its header named by line.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator

from board.errors import ImportFileError

DELIMITERS = {",": "comma", ";": "semicolon", "\t": "tab"}


def sniff_delimiter(text: str) -> str:
    """`,`, `;` or tab: the one the header row uses most (outside quotes).

    The header is the first line naming a few columns, after any preamble (LinkedIn's
    `Notes:` and its note, padded with delimiters when Excel saved the file again).
    """
    for line in text[:65536].splitlines()[:20]:
        unquoted = re.sub(r'"[^"]*"', "", line)
        counts = {d: unquoted.count(d) for d in DELIMITERS}
        best = max(counts, key=lambda d: counts[d])
        words = [w for w in re.split("[,;\t]", unquoted) if w.strip()]
        if counts[best] and len(words) >= 2:
            return best
    return ","


def sniffed_rows(path: str, text: str) -> tuple[Iterator[tuple[int, list[str]]], str]:
    """The rows of `csv_rows`, split on the delimiter the header uses, and how the file was
    read, for the import summary ("semicolon-separated"; nothing for commas)."""
    delimiter = sniff_delimiter(text)
    return csv_rows(path, text, delimiter), delimiter_detail(delimiter)


def delimiter_detail(delimiter: str) -> str:
    return "" if delimiter == "," else f"{DELIMITERS[delimiter]}-separated"


def csv_rows(path: str, text: str, delimiter: str = ",") -> Iterator[tuple[int, list[str]]]:
    """(first line, cells) of each non-blank row; a quoting error names its line."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True, delimiter=delimiter)
    start = 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            reason = _reason(str(exc), text, start)
            raise ImportFileError(path, start, reason) from None
        joined = "".join(row)  # (one string to ask, not each cell)
        if joined.strip():  # not a blank row: some cell holds more than white space
            # A quoted multi-line cell keeps the file's line ends: make them plain "\n".
            yield start, [c.replace("\r\n", "\n").replace("\r", "\n") for c in row] if "\r" in joined else row
        start = reader.line_num + 1


def _reason(error: str, text: str, line: int) -> str:
    """What the csv module's error means to someone who exported the file."""
    if "end of data" in error:
        return "a quoted field is never closed (the file may be truncated)"
    if "field limit" in error:
        limit = f"{csv.field_size_limit():,}"
        # Which: one huge cell, or a quote opened on this line that runs on into the rest.
        opened = text.splitlines()[line - 1:line]
        if opened and opened[0].count('"') % 2:
            return f"a quoted field runs past {limit} characters (a quote opened on this line is never closed?)"
        return f"a field longer than {limit} characters (not a contacts export?)"
    return f"bad CSV quoting ({error})"


def check_width(path: str, line: int, cells: list[str], header: list[str]) -> None:
    """More cells than the header is an error, unless the extra ones are empty (Outlook
    and Excel end rows with a trailing delimiter)."""
    if len(cells) > len(header) and any(c.strip() for c in cells[len(header):]):
        raise ImportFileError(
            path, line, f"{len(cells)} fields where the header has {len(header)} (a comma outside quotes?)"
        )
