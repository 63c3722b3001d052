"""Web links: the one rule for every URL stored, a contact's or a resource's.

A URL is a web link: `http://` or `https://` with a host, no spaces, at most `MAX_URL`
characters. Anything else (`javascript:`, `data:`, `file:`, `ftp:`) is refused: a link on
a card is opened, copied and sent, so it must be one a browser treats as a page. A bare
`example.com/guide` is refused with the fix (`https://example.com/guide`).

Every door comes through here: `add` / `edit` (`board.cli.fields`), the board's contact
form (`board.editing.build_contact`), imports (`repair_link`: a bare host gets its
`https://`, anything else is left out with a note) and the resource library
(`board.give.library.check_url`).
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from board.errors import UserError
from board.text import clean

MAX_URL = 2000
# An http(s) link to a plain dotted host name (no port, no user), printable and without
# spaces: nearly every stored or imported URL. Such a link passes every check below
# unchanged, so it is taken as it is (an import checks 30,000 of them).
_PLAIN_WEB = re.compile(
    r"(?i:https?)://[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*"
    r"(?=[/?#]|\Z)"
)
_SPACE = re.compile(r"\s")  # what str.isspace calls white space, found in C
_HOST = re.compile(r"^(?:[^\W_](?:[\w-]*[^\W_])?\.?)+$|^[0-9a-f:.]+$")  # names (IDN too), IPs


def is_plain_link(text: str) -> bool:
    """Whether `text` is a plain http(s) link, which every rule of `checked_in_full` passes
    unchanged (a Hypothesis test holds this)."""
    return (type(text) is str and len(text) <= MAX_URL and text.isprintable() and " " not in text
            and _PLAIN_WEB.match(text) is not None)


def check_link(text: str, *, field: str = "urls") -> str:
    """A web link fit to store and to send, or UserError (naming `field`) saying what to type."""
    if is_plain_link(text):
        return text
    return checked_in_full(text, field=field)


def checked_in_full(text: str, *, field: str = "urls") -> str:
    """`check_link` without its shortcut for plain links: every rule, one by one."""
    url = clean(text).strip()
    if not url:
        raise UserError("a URL is empty: give a web link, like https://example.com", field=field)
    if _SPACE.search(url):
        raise UserError(f"bad URL {url!r}: a link has no spaces in it", field=field)
    if len(url) > MAX_URL:
        raise UserError(f"bad URL: it is {len(url)} characters long (at most {MAX_URL})", field=field)
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        raise UserError(f"bad URL {url!r}: it cannot be read as a web link", field=field) from None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        if not parts.scheme or "." in parts.scheme:  # "example.com/guide", "www.example.com:8080"
            raise UserError(
                f"bad URL {url!r}: start it with https:// (https://{url.split('//')[-1]})", field=field
            )
        raise UserError(
            f"bad URL {url!r}: only web links (http:// or https://), not {parts.scheme}:",
            field=field,
        )
    if not host:
        raise UserError(f"bad URL {url!r}: it names no site (https://example.com/…)", field=field)
    if not _HOST.match(host):
        raise UserError(f"bad URL {url!r}: {host!r} is not a site's name", field=field)
    return url


def repair_link(text: str) -> str | None:
    """An imported URL as a web link: as it is, with `https://` before a bare host, or None."""
    try:
        return check_link(text)
    except UserError:
        pass
    url = clean(text).strip()
    try:
        scheme = urlsplit(url).scheme
    except ValueError:
        return None
    if url and "://" not in url and (not scheme or "." in scheme):  # example.com/x, www.x.com:80
        try:
            fixed = check_link("https://" + url)
        except UserError:
            return None
        return fixed if "." in (urlsplit(fixed).hostname or "") else None
    return None
