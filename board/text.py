"""Text for people: what may come in, what may go out, and how it fits a width.

Every string that reaches the user's terminal or clipboard can have come from a hostile
file (an imported vCard, a LinkedIn CSV, a shared JSON export). A name carrying
`ESC ] 52 ; c ; …` would set the clipboard merely by being listed, `ESC [ 2 J` would clear
the screen, a bidi override would reorder a table row. So control characters are removed
twice, in depth:

- `clean` on the way **in** (importers, forms, CLI arguments, config templates): C0 and C1
  controls, DEL and bidi embedding/override/isolate characters go; a multi-line field
  (notes) keeps its newlines and tabs, a one-line field turns them into spaces.
- `safe` / `safe_line` on the way **out** (every human-readable line the CLI prints, every
  rendered board line, every clipboard payload), so data stored by an older version is
  harmless too. JSON output is left exact: JSON escapes controls itself.

The widths here are terminal cells (wide characters count two), measured by `wcwidth`.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime

ELLIPSIS = "…"

# Bidi embeddings, overrides and isolates: they reorder what surrounds them.
_BIDI = [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]
_C0 = [c for c in range(0x00, 0x20) if c not in (0x09, 0x0A, 0x0D)]
_C1 = list(range(0x7F, 0xA0))  # DEL and the C1 controls (0x9B is a one-byte CSI)
_SEPARATORS = (0x2028, 0x2029)  # line / paragraph separators

_REMOVED = dict.fromkeys([*_C0, *_C1, *_BIDI])
_MULTILINE = {**_REMOVED, 0x0D: None, **dict.fromkeys(_SEPARATORS, "\n")}
_ONE_LINE = {**_REMOVED, **dict.fromkeys([0x09, 0x0A, 0x0D, *_SEPARATORS], " ")}
_CRLF = re.compile(r"\r\n?")


def _plain(text: str) -> bool:
    """True when `text` holds nothing that `clean` would change (the common case): every
    character `clean` removes or replaces is one `str.isprintable` refuses (a test walks
    all of Unicode to hold this), accented names included."""
    return text.isprintable()


def clean(text: object, *, multiline: bool = False) -> str:
    """Text fit to store: control and bidi characters removed.

    `multiline` keeps `\\n` and `\\t` (a carriage return, alone or before `\\n`, becomes
    one newline); otherwise each of them becomes a space.
    """
    if text is None:
        return ""
    value = str(text)
    if _plain(value):
        return value
    if multiline:
        return _CRLF.sub("\n", value).translate(_MULTILINE)
    return value.translate(_ONE_LINE)


def safe(text: object) -> str:
    """Text fit to print or copy, lines kept: no control or bidi character survives."""
    return clean(text, multiline=True)


def safe_line(text: object) -> str:
    """Text fit to print on one line (a table cell, a card, a notice)."""
    return clean(text, multiline=False)


def removed_count(text: str) -> int:
    """How many characters `clean` takes out of `text` (not those it turns into spaces or
    newlines): controls and bidi overrides."""
    return 0 if _plain(text) else sum(1 for ch in text if ord(ch) in _REMOVED)


def has_controls(text: str) -> bool:
    """True when `text` holds a control or bidi character (`\n` and `\t` aside)."""
    return not _plain(text) and any(ord(ch) in _REMOVED or ch == "\r" for ch in text)


# Marks that NFKD splits off a letter (é → e + ◌́): the combining diacritical blocks.
_MARKS = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
# Letters no decomposition takes apart, as people type them without the keyboard for them.
_LETTERS = str.maketrans({"ø": "o", "ł": "l", "đ": "d", "ð": "d", "ħ": "h", "ı": "i", "æ": "ae",
                          "œ": "oe", "þ": "th"})


def folded(text: str) -> str:
    """Text as a search compares it: any case, accents and other marks off, so that
    `garcia` finds García, `angstrom` Ångström and `soren` Søren (`strasse`: Straße)."""
    if text.isascii():
        return text.lower()
    return _MARKS.sub("", unicodedata.normalize("NFKD", text)).casefold().translate(_LETTERS)


# The board's own marks and separators, one cell each (what wcwidth says: a test holds
# it): a board of plain names paints without loading wcwidth (9 ms of every start).
# Every other character's width is kept here once wcwidth has measured it.
_WIDTHS: dict[str, int] = dict.fromkeys("·…—–◆◇●○•↑↓←→▏▌▶▸✓✗×", 1)


def cells(text: str) -> int:
    """How many terminal cells `text` takes (wide characters two, combining marks none)."""
    if text.isascii():
        return len(text)
    return sum(map(_char_cells, text))


def _char_cells(ch: str) -> int:
    width = _WIDTHS.get(ch)
    if width is None:
        width = _WIDTHS[ch] = _measure(ch)
    return width


def _measure(ch: str) -> int:
    if ch.isascii():
        return 1 if " " <= ch <= "~" else 0  # what wcwidth says, without loading it
    from wcwidth import wcwidth  # loaded at the first character not known above

    width = wcwidth(ch)
    if width >= 0:
        return width
    return 0 if unicodedata.category(ch) in ("Cc", "Cf") else 1


def fit(text: str, width: int, *, pad: bool = False) -> str:
    """Cut `text` to at most `width` cells, ending a cut with "…"; `pad` fills to `width`.

    A wide character that would straddle the edge is left out whole, so the result never
    overflows by a half character.
    """
    if width <= 0:
        return ""
    size = cells(text)
    if size <= width:
        return text + " " * (width - size) if pad else text
    room = width - 1  # the ellipsis takes one cell
    out: list[str] = []
    used = 0
    for ch in text:
        w = _char_cells(ch)
        if used + w > room:
            break
        out.append(ch)
        used += w
    cut = "".join(out).rstrip() + ELLIPSIS
    used = cells(cut)
    return cut + " " * (width - used) if pad else cut


def ago(moment: datetime | None, now: datetime) -> str:
    """A short human age: 'today', '3d', '5w', '4mo', '2y' ('never' for none)."""
    if moment is None:
        return "never"
    days = (now.date() - moment.astimezone(now.tzinfo).date()).days
    if days <= 0:
        return "today" if days == 0 else f"in {-days}d"
    if days < 14:
        return f"{days}d"
    if days < 60:
        return f"{days // 7}w"
    if days < 730:
        return f"{days // 30}mo"
    return f"{days // 365}y"


def plural(count: int, noun: str, many: str | None = None, *, grouped: bool = False) -> str:
    """A count and its noun, agreed: '1 entry', '3 entries', '0 contacts'.

    `many` is the plural when adding "s" will not do (`plural(n, "person", "people")`,
    `plural(n, "entry", "entries")`); `grouped` writes thousands as '1,204'.
    """
    number = f"{count:,}" if grouped else str(count)
    return f"{number} {noun if count == 1 else many or noun + 's'}"


_HONORIFICS = frozenset("dr dr. mr mr. mrs mrs. ms ms. mx mx. prof prof. sir".split())


def first_name(name: str) -> str:
    """'Dr. Ana Lopez' → 'Ana'; 'Lopez, Ana' → 'Ana'; never empty unless the name is."""
    # rstrip, not a `[.,;:!]+$` regex: that backtracks quadratically on a run of dots
    name = " ".join(safe_line(name).split()).rstrip(" .,;:!")
    last, comma, given = name.partition(",")
    for candidate in (given, last) if comma else (name,):
        parts = [p.strip(",") for p in candidate.split() if any(c.isalnum() for c in p)]
        while len(parts) > 1 and parts[0].lower() in _HONORIFICS:
            parts.pop(0)
        if parts:
            return parts[0]
    return name
