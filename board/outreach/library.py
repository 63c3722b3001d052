"""The template library: the built-in templates and the user's, read and checked one way.

The built-ins are data, not code: `templates.toml` beside this module, written in exactly
the `[[templates]]` format of the user's config.toml, so a user can read one, copy it into
their config and change it. Both files go through `board.config` (one TOML reader, with
the line of every entry) and then through `template_from_entry`, so the shipped templates
pass the very checks a user's do.

An entry takes `name`, `title`, `text`, `stages`, `situations` and `asks`. A user's entry
named like a built-in replaces it and keeps the built-in's title, stages, situations and
`asks` unless it gives its own (new situations mean a new `asks`, false unless given).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from board.config import Config, TemplateEntry, read_config_text
from board.errors import UserError
from board.model import Stage
from board.outreach.moment import SITUATIONS
from board.outreach.syntax import Node, TemplateError, fill, parse_template, placeholders_in, tidy
from board.text import clean

BUILT_IN = "built-in"
TEMPLATE_KEYS = ("name", "title", "text", "stages", "situations", "asks")


@dataclass(frozen=True, slots=True)
class Template:
    """One outreach message: where it fits (stages, situations) and its text."""

    name: str
    title: str
    text: str
    stages: tuple[Stage, ...] = ()  # empty: any stage
    situations: tuple[str, ...] = ()  # empty: not tied to a situation
    asks: bool = False  # asks something of them, so it waits after you gave
    origin: str = BUILT_IN  # or "<config file>: line N"
    nodes: tuple[Node, ...] = field(default=(), compare=False, repr=False)
    uses: frozenset[str] = field(default=frozenset(), compare=False, repr=False)

    def __post_init__(self) -> None:
        if not self.nodes:
            object.__setattr__(self, "nodes", parse_template(self.text))
        object.__setattr__(self, "uses", frozenset(placeholders_in(self.nodes)))
        unknown = [s for s in self.situations if s not in SITUATIONS]
        if unknown:
            raise TemplateError(f"unknown situation {unknown[0]!r}")

    @property
    def placeholders(self) -> frozenset[str]:
        """Every placeholder the text uses, required or optional."""
        return self.uses

    def render(self, values: Mapping[str, str]) -> str | None:
        """The message, or None when a value it cannot do without is missing."""
        filled = fill(self.nodes, values)
        return tidy(filled) if filled is not None else None


def _names(raw: Any, key: str) -> list[str]:
    if isinstance(raw, str):
        raw = [raw]
    if isinstance(raw, list) and all(isinstance(item, str) for item in raw):
        return [clean(item).strip() for item in raw]
    raise TemplateError(f'{key} must be a list of names, like {key} = ["..."]')


def template_from_entry(entry: TemplateEntry, base: Template | None, origin: str) -> Template:
    """The template an entry describes, or TemplateError saying what is wrong with it.

    `base` is the built-in it overrides (None for a new template or a built-in itself).
    Text comes in through `board.text.clean`: no control character reaches a message.
    """
    fields = entry.fields
    unknown = [k for k in fields if k not in TEMPLATE_KEYS]
    if unknown:
        raise TemplateError(f"unknown key {unknown[0]!r}: use " + ", ".join(TEMPLATE_KEYS))
    name = clean(fields.get("name", "")).strip() if isinstance(fields.get("name"), str) else ""
    if not name:
        raise TemplateError('has no name: add name = "my-template"')
    text = fields.get("text")
    if text is not None and not isinstance(text, str):
        raise TemplateError('text must be text in quotes, like text = "Hi {first_name}, ..."')
    text = clean(text or "", multiline=True).strip()
    if not text:
        raise TemplateError('has no text: add text = "Hi {first_name}, ..."')
    title = fields.get("title", base.title if base else name)
    if not isinstance(title, str):
        raise TemplateError("title must be text")
    stages: tuple[Stage, ...] = base.stages if base else ()
    if "stages" in fields:
        try:
            stages = tuple(Stage.parse(s) for s in _names(fields["stages"], "stages"))
        except UserError as exc:
            raise TemplateError(str(exc)) from None
    situations: tuple[str, ...] = base.situations if base else ()
    if "situations" in fields:
        situations = tuple(_names(fields["situations"], "situations"))
        for situation in situations:
            if situation not in SITUATIONS:
                raise TemplateError(
                    f"unknown situation {situation!r}: use one of " + ", ".join(SITUATIONS)
                )
    asks = bool(base and base.asks and "situations" not in fields)
    if "asks" in fields:
        if not isinstance(fields["asks"], bool):
            raise TemplateError("asks must be true or false")
        asks = fields["asks"]
    return Template(
        name=name,
        title=clean(title).strip() or name,
        text=text,
        stages=stages,
        situations=situations,
        asks=asks,
        origin=origin,
    )


def _read_built_ins() -> tuple[Template, ...]:
    """The shipped templates; a problem in them is a bug, so it raises."""
    source = resources.files("board.outreach") / "templates.toml"
    path = Path(str(source))
    config = read_config_text(source.read_text("utf-8"), path, strict=True)
    templates: list[Template] = []
    for entry in config.templates:
        try:
            templates.append(template_from_entry(entry, None, BUILT_IN))
        except TemplateError as exc:
            raise TemplateError(f"{entry.where}: {exc}") from None
    return tuple(templates)


BUILT_IN_TEMPLATES: tuple[Template, ...] = _read_built_ins()
BUILT_IN_TEMPLATES_BY_NAME: dict[str, Template] = {t.name: t for t in BUILT_IN_TEMPLATES}


def load_templates(config: Config | None) -> tuple[list[Template], list[str]]:
    """The built-in templates with the user's `[[templates]]` added or overriding by name.

    Returns the usable templates and one message per entry that could not be used (it
    names the config file and the entry's line); the built-ins always remain.
    """
    templates = list(BUILT_IN_TEMPLATES)
    problems: list[str] = []
    seen: dict[str, str] = {}
    for entry in config.templates if config is not None else []:
        where = entry.where
        raw = entry.fields.get("name")
        name = clean(raw).strip() if isinstance(raw, str) else ""
        if not name:
            problems.append(f'{where}: a [[templates]] entry has no name: add name = "my-template"')
            continue
        try:
            template = template_from_entry(entry, BUILT_IN_TEMPLATES_BY_NAME.get(name), where)
        except TemplateError as exc:
            problems.append(f"{where}: template {name!r}: {exc}")
            continue
        if name in seen:
            problems.append(f"{where}: template {name!r} is defined again (first at {seen[name]}); this one is used")
        seen[name] = where
        position = next((i for i, t in enumerate(templates) if t.name == name), None)
        if position is None:
            templates.append(template)
        else:
            templates[position] = template
    return templates, problems
