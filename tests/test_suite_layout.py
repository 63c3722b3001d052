"""The tests keep to their own rules: one clock and one factory (tests/helpers), public APIs
only, and waiting on a condition rather than for a fixed time on the board."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
MODULES = sorted(p for p in TESTS.glob("test_*.py") if p.name != Path(__file__).name)

RULES = {
    "a Clock of its own (use tests.helpers.Clock)": re.compile(r"^class \w*Clock\b", re.M),
    "a contact factory of its own (use tests.helpers.person or add)": re.compile(
        r"^def _?(person|add|make_contact)\(", re.M),
    "a Textual private (use export_screenshot, query_one or the Pilot)": re.compile(
        r"\b(app|screen|pilot|widget)\._[a-z]\w*|\._compositor\b"),
    "a sys.path change (bench and tests are packages)": re.compile(r"\bsys\.path\b"),
    "a fixed wait on the board (wait_until a condition)": re.compile(r"\bpilot\.pause\(\s*[\d.]+"),
}


@pytest.mark.parametrize("rule", RULES)
def test_no_test_module_breaks_the_rule(rule: str) -> None:
    found = [
        f"{path.name}:{text.count(chr(10), 0, match.start()) + 1}"
        for path in MODULES
        for text in [path.read_text("utf-8")]
        for match in RULES[rule].finditer(text)
    ]
    assert found == [], f"{rule}: {', '.join(found)}"


def test_the_rules_can_fail() -> None:
    samples = {
        "a Clock of its own (use tests.helpers.Clock)": "class ZoneClock:\n",
        "a contact factory of its own (use tests.helpers.person or add)": "def _add(store, name):\n",
        "a Textual private (use export_screenshot, query_one or the Pilot)": "app._compositor.render()",
        "a sys.path change (bench and tests are packages)": "sys.path.insert(0, '.')",
        "a fixed wait on the board (wait_until a condition)": "await pilot.pause(0.3)",
    }
    assert samples.keys() == RULES.keys()
    assert all(RULES[rule].search(sample) for rule, sample in samples.items())
