"""The template library: built-ins as data checked like the user's own, `asks` settable,
and hostile templates (control characters, deep nesting, bad values) reported, never raised."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest

from board.config import load_config, read_config_text
from board.model import Stage
from board.outreach import (
    BUILT_IN_TEMPLATES,
    Template,
    TemplateError,
    load_templates,
    parse_template,
    suggest_messages,
)
from board.outreach.library import TEMPLATE_KEYS, template_from_entry
from board.outreach.syntax import MAX_NESTING
from board.text import has_controls
from board.tomldoc import read_toml
from tests.helpers import FIXED_NOW, event, person

BUILT_IN_FILE = resources.files("board.outreach") / "templates.toml"


def user_templates(tmp_path: Path, body: str) -> tuple[list[Template], list[str], Path]:
    path = tmp_path / "config.toml"
    path.write_text(body, "utf-8")
    config = load_config(path)
    assert config.problems == []
    templates, problems = load_templates(config)
    return templates, problems, path


def by_name(templates: list[Template]) -> dict[str, Template]:
    return {t.name: t for t in templates}


# --- the built-ins are data ------------------------------------------------------------


def test_the_built_in_file_holds_only_templates_in_the_users_format() -> None:
    doc = read_toml(BUILT_IN_FILE.read_text("utf-8"))
    assert set(doc.data) == {"templates"}
    entries = doc.data["templates"]
    assert [e["name"] for e in entries] == [t.name for t in BUILT_IN_TEMPLATES]
    for entry in entries:
        assert set(entry) <= set(TEMPLATE_KEYS) and {"name", "title", "text"} <= set(entry)
    asking = {e["name"] for e in entries if e.get("asks")}
    assert asking == {t.name for t in BUILT_IN_TEMPLATES if t.asks}
    assert asking == {"answer-request", "event-follow-up", "how-can-i-support", "invite-to-talk", "reconnect"}


def test_a_built_in_copied_into_config_is_the_same_template(tmp_path: Path) -> None:
    """What the user reads in templates.toml is what they get when they copy it."""
    text = BUILT_IN_FILE.read_text("utf-8")
    start = text.index('[[templates]]\nname = "answer-request"')
    entry = text[start : text.index("[[templates]]", start + 1)]
    templates, problems, path = user_templates(tmp_path, 'my_name = "Sam"\n\n' + entry)
    assert problems == []
    copied = by_name(templates)["answer-request"]
    original = by_name(list(BUILT_IN_TEMPLATES))["answer-request"]
    assert copied == Template(**{**_fields(original), "origin": f"{path}: line 3"})


def _fields(template: Template) -> dict[str, object]:
    return {k: getattr(template, k) for k in ("name", "title", "text", "stages", "situations", "asks", "origin")}


def test_the_built_ins_go_through_the_users_checks() -> None:
    """A mistake in the shipped file is refused exactly as in a user's config."""
    config = read_config_text('[[templates]]\nname = "x"\ntext = "Hi {firstname}"\n', Path("t.toml"))
    with pytest.raises(TemplateError, match="unknown placeholder"):
        template_from_entry(config.templates[0], None, "built-in")


# --- asks ----------------------------------------------------------------------------------


def test_users_can_say_a_template_asks(tmp_path: Path) -> None:
    templates, problems, _ = user_templates(tmp_path, '''[[templates]]
name = "lunch"
situations = ["talked"]
asks = true
text = "Lunch soon, {first_name}?"

[[templates]]
name = "how-can-i-support"
asks = false

text = "How can I help, {first_name}?"

[[templates]]
name = "event-follow-up"
situations = ["event", "talked"]
text = "Good to see you, {first_name}."
''')
    assert problems == []
    found = by_name(templates)
    assert found["lunch"].asks is True
    assert found["how-can-i-support"].asks is False  # said so, though the built-in asks
    assert found["event-follow-up"].asks is False  # new situations, no asks given

    ana = person(stage="talked")
    history = [event(ana, "call", 40), event(ana, "gave", 3, "", "introduction")]
    ranked = suggest_messages(ana, history, [], templates=templates, now=FIXED_NOW)
    why = {s.name: s.why for s in ranked}
    assert why["lunch"].endswith("you gave lately, so it can wait")
    assert "can wait" not in why["how-can-i-support"]


def test_an_override_keeps_the_built_ins_asks(tmp_path: Path) -> None:
    templates, _, _ = user_templates(tmp_path, '[[templates]]\nname = "answer-request"\ntext = "Hi {first_name}"\n')
    assert by_name(templates)["answer-request"].asks is True


# --- hostile templates -----------------------------------------------------------------------


def test_control_characters_are_removed_from_user_templates(tmp_path: Path) -> None:
    templates, problems, _ = user_templates(tmp_path, r'''[[templates]]
name = "co\u001b[2Jffee"
title = "Coffee\u0007 \u202etime\ttoday"
text = "Hi {first_name},\u001bc\u009d52;c;ZWNobyBoaQ==\u0007\n\n\tCoffee\u009b?\r\n{my_name}"
''')
    assert problems == []
    coffee = templates[-1]
    assert coffee.name == "co[2Jffee"
    assert coffee.title == "Coffee time today"
    assert coffee.text == "Hi {first_name},c52;c;ZWNobyBoaQ==\n\n\tCoffee?\n{my_name}"
    text = coffee.render({"first_name": "Ana", "my_name": "Sam"})
    assert text is not None and not has_controls(text)


def test_nesting_is_bounded_and_reported_like_any_template_error(tmp_path: Path) -> None:
    depth = 100_000
    templates, problems, path = user_templates(
        tmp_path,
        f'my_name = "Sam"\n\n[[templates]]\nname = "deep"\ntext = "{"[" * depth}{{first_name}}{"]" * depth}"\n',
    )
    assert [t.name for t in templates] == [t.name for t in BUILT_IN_TEMPLATES]
    assert problems == [
        f"{path}: line 3: template 'deep': '[' at character {MAX_NESTING + 1} nests segments "
        f"more than {MAX_NESTING} deep"
    ]
    nested = "[" * MAX_NESTING + "{first_name}" + "]" * MAX_NESTING
    assert Template(name="t", title="t", text="Hi " + nested).render({"first_name": "Ana"}) == "Hi Ana"
    with pytest.raises(TemplateError, match="nests segments"):
        parse_template("[" * (MAX_NESTING + 1) + "]" * (MAX_NESTING + 1))
    with pytest.raises(TemplateError, match="nests segments"):
        parse_template("[a|" * 5000)


@pytest.mark.parametrize(
    ("lines", "reason"),
    [
        ('name = 5\ntext = "x"', "a [[templates]] entry has no name"),
        ('name = ""\ntext = "x"', "a [[templates]] entry has no name"),
        ('name = "t"\ntext = 5', "template 't': text must be text in quotes"),
        ('name = "t"\ntext = "  \\n "', "template 't': has no text"),
        ('name = "t"\ntitle = 5\ntext = "Hi"', "template 't': title must be text"),
        ('name = "t"\nstages = 5\ntext = "Hi"', "template 't': stages must be a list of names"),
        ('name = "t"\nstages = [1]\ntext = "Hi"', "template 't': stages must be a list of names"),
        ('name = "t"\nsituations = {a = 1}\ntext = "Hi"', "template 't': situations must be a list"),
        ('name = "t"\nasks = "yes"\ntext = "Hi"', "template 't': asks must be true or false"),
        ('name = "t"\nasks = 1\ntext = "Hi"', "template 't': asks must be true or false"),
        ('name = "t"\ntext = "Hi"\n[templates.extra]\nx = 1', "template 't': unknown key 'extra'"),
        ('name = "t"\ntext = "Hi {first_name"', "template 't': '{' at character 4 is never closed"),
    ],
)
def test_bad_values_in_a_template_are_reported_never_raised(
    tmp_path: Path, lines: str, reason: str
) -> None:
    templates, problems, path = user_templates(tmp_path, f"\n[[templates]]\n{lines}\n")
    assert problems and problems[0].startswith(f"{path}: line 2: {reason}"), problems
    assert len(problems) == 1
    assert templates == list(BUILT_IN_TEMPLATES)


def test_a_single_stage_or_situation_may_be_a_string(tmp_path: Path) -> None:
    templates, problems, _ = user_templates(
        tmp_path, '[[templates]]\nname = "t"\nstages = "met"\nsituations = "event"\ntext = "Hi"\n'
    )
    assert problems == []
    assert (templates[-1].stages, templates[-1].situations) == ((Stage.MET,), ("event",))


def test_hostile_field_values_cost_linear_time() -> None:
    """A run of dots used to make the trailing-punctuation regex backtrack for minutes."""
    import time

    dots = "." * 200_000 + "x"
    ana = person(dots, company=dots, needs=dots, met_at=dots, expertise=[dots])
    started = time.perf_counter()
    found = suggest_messages(ana, [event(ana, "call", 2, dots)], [ana], my_name=dots, now=FIXED_NOW)
    assert found and time.perf_counter() - started < 5  # quadratic took minutes
