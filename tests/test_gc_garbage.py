"""What the board leaves for full collections: Textual's virtual nodes, made once.

Each restyle of a widget with component classes made, in Textual's own
`Stylesheet._process_component_classes`, a new `DOMNode` per class and dropped the last
one as cyclic garbage; `widgets.collector.kept_component_nodes` styles the same node
again. These tests hold its styles to Textual's own, widget by widget, through a
session of screens and keys, and count the virtual nodes alive.
"""

from __future__ import annotations

import gc
from datetime import timedelta
from typing import Any

from textual.css.stylesheet import Stylesheet
from textual.dom import DOMNode

from board.model import Stage
from board.store import Store
from tests.helpers import FIXED_NOW, add, screen_text, wait_until

STAGES = list(Stage)


def _board(store: Store) -> None:
    for n in range(24):
        add(store, f"Person {n:02}", stage=STAGES[n % 4], company="Acme", at=FIXED_NOW - timedelta(days=n))


def _rules(node: DOMNode) -> dict[str, tuple[dict[str, Any], dict[str, Any]]]:
    return {name: (dict(styles.base._rules), dict(styles.inline._rules))
            for name, styles in node._component_styles.items()}


def _check(app: Any) -> int:
    """Every widget's component styles are what Textual's own pass works out for it now."""
    textuals = Stylesheet._process_component_classes.textuals  # type: ignore[attr-defined]
    compared = 0
    for screen in app.screen_stack:
        for node in [screen, *screen.walk_children()]:
            if not node._get_component_classes():
                continue
            kept = _rules(node)
            textuals(app.stylesheet, node)
            assert _rules(node) == kept, node
            app.stylesheet._process_component_classes(node)  # the kept nodes again
            compared += 1
    return compared


def _virtual_nodes_dropped() -> int:
    """Virtual nodes (plain `DOMNode`s) among the cyclic garbage since the last call."""
    found = gc.collect()
    garbage = sum(1 for o in gc.garbage if type(o) is DOMNode)
    gc.garbage.clear()
    return garbage if found else 0


async def test_component_styles_are_textuals_and_virtual_nodes_are_made_once(store: Store, make_app) -> None:
    _board(store)
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert Stylesheet._process_component_classes.kept  # type: ignore[attr-defined]
        assert _check(app) >= 4  # the card lists at least
        keys = [["l"], ["j"], ["t"], ["escape"], ["i"], ["escape"], ["e"], ["escape"], ["slash", *"acme"]]
        for step in keys:
            await pilot.press(*step)
            await pilot.pause()
            _check(app)
        await pilot.press("escape")
        await wait_until(pilot, lambda: "shown" not in screen_text(app))
        gc.collect()
        gc.set_debug(gc.DEBUG_SAVEALL)  # what a collection frees is kept in gc.garbage, to count
        try:
            for _ in range(6):  # screens and forms over the board, each a restyle of it
                for step in (["t"], ["escape"], ["i"], ["escape"], ["l"], ["h"]):
                    await pilot.press(*step)
                    await pilot.pause()
            dropped = _virtual_nodes_dropped()
        finally:
            gc.set_debug(0)
            gc.garbage.clear()
        assert dropped <= 6  # (Textual's own pass: 268 here)
        assert _check(app) >= 4
