"""The one way commands write: every human-readable line is made safe where it is written.

Any text can have come from a hostile file (a name carrying `ESC ] 52 ;` sets the user's
clipboard merely by being printed; a bidi override reorders a table row), and a store
written by an older version may hold it raw. So commands never call `click.echo` or
`print`: they call `say` (stdout), `warn` / `tell` (stderr) or `emit_json`, and the
entry point prints its `error:` line with `error` (usage errors with `usage_error`). The text ones pass everything
through `board.text.safe` / `safe_line`; `emit_json` stays exact (JSON escapes C0
controls itself and scripts need the data as stored). A test keeps `click.echo`,
`print` and `sys.stdout` out of the command modules.

`table` lays rows out in terminal cells (wide characters count two), cutting a cell
with "…" rather than in the middle of a character.
"""

from __future__ import annotations

import io
import re
import sys
from collections.abc import Sequence
from typing import Any

import click
import orjson

from board.errors import UserError
from board.text import cells, fit, safe, safe_line


def say(text: object = "") -> None:
    """Print text to stdout, lines kept, no control or bidi character."""
    click.echo(safe(text))


def tell(text: object) -> None:
    """A one-line notice on stderr (what was copied, a hint for the next step)."""
    click.echo(safe_line(text), err=True)


def warn(text: object) -> None:
    """A `warning:` line on stderr: the command still succeeds."""
    click.echo("warning: " + safe_line(text), err=True)


def interactive() -> bool:
    """True when a person can answer a question: stdin and stderr are a terminal."""
    return sys.stdin.isatty() and sys.stderr.isatty()


def confirm(question: object) -> bool:
    """Ask a yes/no question on stderr (no is the default); the question is made safe."""
    return click.confirm(safe_line(question), default=False, err=True)


def agreed(question: object, *, yes: bool, refusal: str) -> bool:
    """Whether to go ahead: `--yes` was given, or the person at the terminal said yes.

    With no terminal to ask on, the command stops with `refusal` (which names `--yes`).
    """
    if yes:
        return True
    if not interactive():
        raise UserError(refusal)
    return confirm(question)


def copy_shown(text: str, what: str) -> None:
    """Put `text`, just shown, on the clipboard; say which way it went (`what` names the
    message: "reconnect for Ana Lima"), or that none was reachable and to select it by hand."""
    from board.clipboard import copy_cli, system_unavailable_reason

    tty = sys.stdout.isatty()
    result = copy_cli(text, tty=tty)
    if result.copied:
        tell(f"{result.notice}: {what}.")
        return
    terminal = "no terminal to send OSC 52 to" if tty else "stdout is not a terminal"
    warn(f"no clipboard reachable ({system_unavailable_reason()}; {terminal}): select the message above by hand.")


def error_line(text: object) -> str:
    """The one line a failed command prints on stderr."""
    return "error: " + safe_line(text)


def error(text: object) -> None:
    """Print a failed command's one `error:` line on stderr (the entry point does this)."""
    click.echo(error_line(text), err=True)


def usage_error(exc: click.UsageError) -> None:
    """click's usage message, made safe: it quotes what was typed ("No such command 'x'")."""
    shown = io.StringIO()
    exc.show(file=shown)
    click.echo(safe(shown.getvalue()), err=True, nl=False)


# What orjson writes raw although a terminal may act on it: DEL, the C1 controls (U+0080–
# U+009F, two bytes in UTF-8; 0x9B is a CSI), line separators, bidi overrides and
# isolates. Inside valid UTF-8 these byte sequences can only be those characters.
_RAW_IN_JSON = re.compile(rb"\x7f|\xc2[\x80-\x9f]|\xe2\x80[\xa8-\xae]|\xe2\x81[\xa6-\xa9]")


def _json_escape(match: re.Match[bytes]) -> bytes:
    return b"\\u%04x" % ord(match.group().decode("utf-8"))


def json_bytes(data: Any) -> bytes:
    """`data` as indented JSON whose every character a terminal could act on is escaped.

    The JSON value is exact (a reader gets the stored strings back, controls included):
    only their spelling changes, `\\u009b` instead of the raw character.
    """
    return escape_json(orjson.dumps(data, option=orjson.OPT_INDENT_2))


def escape_json(raw: bytes) -> bytes:
    """UTF-8 JSON with DEL, C1, separator and bidi characters written as `\\uXXXX`."""
    return raw if raw.isascii() else _RAW_IN_JSON.sub(_json_escape, raw)


def emit_json(data: Any) -> None:
    """Write `data` as JSON for scripts: exact data, safe on a terminal too."""
    emit_bytes(json_bytes(data) + b"\n")


def emit_bytes(data: bytes) -> None:
    """Write a file's bytes to stdout as they are (an export piped to a file or a script)."""
    sys.stdout.buffer.write(data)
    sys.stdout.flush()


def table(
    rows: Sequence[Sequence[object]],
    *,
    limits: Sequence[int | None] = (),
    right: Sequence[int] = (),
    indent: str = "",
) -> list[str]:
    """Rows as aligned lines: each cell made safe, columns sized to their widest cell.

    `limits[i]` caps column i (cut with "…"); columns listed in `right` are right-aligned;
    the last column is never padded. Returns the lines for `say`.
    """
    clean = [[safe_line(cell) for cell in row] for row in rows]
    if not clean:
        return []
    count = max(len(row) for row in clean)
    for row in clean:
        row.extend([""] * (count - len(row)))
    widths = []
    for index in range(count):
        width = max(cells(row[index]) for row in clean)
        limit = limits[index] if index < len(limits) else None
        widths.append(min(width, limit) if limit is not None else width)
    lines = []
    for row in clean:
        out = []
        for index, cell in enumerate(row):
            last = index == count - 1
            text = fit(cell, widths[index])
            if index in right:
                text = " " * (widths[index] - cells(text)) + text
            elif not last:
                text = text + " " * (widths[index] - cells(text))
            out.append(text)
        lines.append((indent + "  ".join(out)).rstrip())
    return lines
