"""One plural helper (`board.text.plural`) for every count and noun people read: no
"1 entries" on the board, in a notice or from the command line."""

from __future__ import annotations

import re
from pathlib import Path

from board.model import Kind
from board.store import Store
from board.text import plural
from tests.helpers import add, screen_text

ROOT = Path(__file__).resolve().parent.parent
# A count's noun made plural by hand: {n} thing{'s' if n != 1 else ''}, "x" if n == 1 else "xs"
HAND_MADE = re.compile(r"""\{['"]s['"] if |['"]s['"] if \w+ ?!= ?1|\(['"]s['"] if |else ['"]s['"]\}""")


def test_plural_agrees_with_the_count() -> None:
    assert plural(1, "entry", "entries") == "1 entry"
    assert plural(0, "entry", "entries") == "0 entries"
    assert plural(2, "person", "people") == "2 people"
    assert plural(1, "contact") == "1 contact"
    assert plural(30000, "contact") == "30000 contacts"
    assert plural(30000, "contact", grouped=True) == "30,000 contacts"


def test_no_module_makes_plurals_by_hand() -> None:
    found = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for folder in ("board", "widgets")
        for path in sorted((ROOT / folder).rglob("*.py"))
        for number, line in enumerate(path.read_text("utf-8").splitlines(), 1)
        if HAND_MADE.search(line)
    ]
    assert not found, "use board.text.plural:\n" + "\n".join(found)


async def test_one_entry_one_interaction_on_screen(store: Store, make_app) -> None:
    ana = add(store, "Ana Lima")
    store.log(ana.id, Kind.CALL, "first call")
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        text = screen_text(app)
        assert "1 entry · e corrects" in text and "1 entries" not in text
        await pilot.press("escape", "g")
        await pilot.pause()
        text = screen_text(app)
        assert "1 interaction, this week 1" in text and "1 interactions" not in text
