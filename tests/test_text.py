"""board.text: control characters out of data, cell-width cuts, the one first-name rule."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from board.dates import (
    MAX_CADENCE,
    check_cadence,
    check_interaction_time,
    clamp_cadence,
    clamp_day,
)
from board.errors import UserError
from board.text import ago, cells, clean, first_name, fit, has_controls, safe, safe_line

HOSTILE = "Zed\x1b]52;c;cm0gLXJmIH4K\x07 \x1b[2J\x9b31m\u202eevil\u202c\u2066x\u2069\x7f"


def test_clean_removes_escapes_and_bidi_controls() -> None:
    out = clean(HOSTILE)
    assert "\x1b" not in out and "\x07" not in out and "\x9b" not in out
    assert not any(0x202A <= ord(c) <= 0x202E or 0x2066 <= ord(c) <= 0x2069 for c in out)
    assert out == "Zed]52;c;cm0gLXJmIH4K [2J31mevilx"


def test_one_line_and_multiline_fields() -> None:
    assert clean("met at\tconf\r\nlikes golf") == "met at conf  likes golf"
    assert clean("met at\tconf\r\nlikes golf\rend", multiline=True) == "met at\tconf\nlikes golf\nend"
    assert safe_line("a\nb") == "a b"
    assert safe("a\u2028b") == "a\nb"


@given(st.text())
def test_nothing_dangerous_survives(text: str) -> None:
    for out in (clean(text), safe(text), safe_line(text)):
        assert not has_controls(out)
    assert "\n" not in safe_line(text) and "\t" not in safe_line(text)


def test_plain_text_is_untouched() -> None:
    for text in ("Ana Lima", "Łukasz Wiśniewski", "山田 太郎", "Zoë — CTO", ""):
        assert clean(text) == text


@pytest.mark.parametrize(
    ("text", "width", "expected"),
    [
        ("Owner · Doyle Roofing", 16, "Owner · Doyle R…"),
        ("short", 16, "short"),
        ("日本語テキスト", 7, "日本語…"),
        ("日本語テキスト", 6, "日本…"),  # a wide character never straddles the edge
        ("abc", 0, ""),
    ],
)
def test_fit_cuts_in_cells_with_an_ellipsis(text: str, width: int, expected: str) -> None:
    assert fit(text, width) == expected
    assert cells(fit(text, width, pad=True)) == width


def test_first_name_rule() -> None:
    assert first_name("Dr. Ana Lopez") == "Ana"
    assert first_name("Lopez, Ana") == "Ana"
    assert first_name("Cher") == "Cher"
    assert first_name("\x1b[2JMallory Evil") == "[2JMallory"
    assert first_name("") == ""


def test_ago() -> None:
    now = datetime(2026, 12, 1, 12, tzinfo=UTC)
    assert ago(None, now) == "never"
    assert ago(now, now) == "today"
    assert ago(now - timedelta(days=3), now) == "3d"
    assert ago(now - timedelta(days=800), now) == "2y"


def test_bounds() -> None:
    now = datetime(2026, 12, 1, 12, tzinfo=UTC)
    with pytest.raises(UserError, match="more than a day ahead"):
        check_interaction_time(datetime(9999, 12, 31, tzinfo=UTC), now)
    with pytest.raises(UserError, match="before 1900"):
        check_interaction_time(datetime(1899, 12, 31, tzinfo=UTC), now)
    assert check_interaction_time(now + timedelta(hours=20), now)
    with pytest.raises(UserError, match="1 to 3650"):
        check_cadence(3_000_000)
    with pytest.raises(UserError):
        check_cadence(True)
    assert clamp_cadence(2**63) == MAX_CADENCE
    assert clamp_day(datetime(9999, 12, 31).date()).isoformat() == "9999-12-30"


def test_a_printable_text_is_left_as_it_is_and_every_removed_character_is_unprintable() -> None:
    """`clean` keeps a printable text untouched without looking at it further, so every
    character it removes or replaces must be one `str.isprintable` refuses."""
    for code in range(0x110000):
        char = chr(code)
        if char.isprintable():
            assert clean(f"a{char}b") == f"a{char}b", hex(code)
            assert clean(f"a{char}b", multiline=True) == f"a{char}b", hex(code)
        elif code in (0x1B, 0x9B, 0x202E, 0x2066, 0x7F):
            assert char not in clean(f"a{char}b"), hex(code)


def test_the_widths_known_without_wcwidth_are_what_wcwidth_says() -> None:
    """The board's own marks are measured without loading wcwidth at start: the same widths."""
    from wcwidth import wcwidth

    from board import text

    assert set("·…—↑↓◆▏▌") <= set(text._WIDTHS)
    for ch, width in list(text._WIDTHS.items()):
        assert wcwidth(ch) == width, ch
        assert text.cells(f"a{ch}b") == 2 + width
