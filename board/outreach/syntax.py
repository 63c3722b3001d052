"""The template language: placeholders, optional segments, alternatives, escapes.

    {first_name}            replaced by the value; if the value is empty, the whole
                            template is left out (it needs that value to make sense)
    [ at {company}]         an optional segment: kept only when every placeholder
                            directly inside it has a value, otherwise dropped whole
    [ in {expertise}| at {company}]
                            alternatives: the first one whose placeholders all have
                            values is used; if none has, the segment is dropped
    \\[ \\] \\{ \\} \\| \\\\     a literal bracket, brace, bar or backslash

Segments nest (`[ at {company}[ in {met_at}]]`), up to `MAX_NESTING` deep: deeper is an
error like any other, so a hostile template can never exhaust the interpreter's stack.
After rendering, `tidy` removes doubled spaces, spaces before punctuation and runs of
blank lines, so a missing value never leaves a trace. `PLACEHOLDERS` lists every name a
template may use.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

PLACEHOLDERS: dict[str, str] = {
    "first_name": "the contact's first name",
    "name": "the contact's full name",
    "company": "where they work",
    "title": "their role",
    "met_at": 'where you met, ready to follow "at": "BNI breakfast" becomes "the BNI breakfast"',
    "expertise": 'what they know, as a list ("SEO and bookkeeping")',
    "needs": "what they are trying to achieve",
    "last_topic": "the summary of your latest exchange (notes and sent-markers skipped)",
    "last_conversation": "the summary of your latest call or meeting",
    "received": 'what they recently gave you ("the referral", "your feedback")',
    "gave": 'what you recently gave them ("the introduction", "my feedback")',
    "intro_name": "the full name of someone in your network who knows what they need",
    "intro_first_name": "that person's first name",
    "intro_expertise": "what that person knows that matches the need",
    "intro_company": "where that person works",
    "resource_title": "the title of one of your resources that fits what they need",
    "resource_url": "that resource's link",
    "connected_since": 'when you connected, to follow "since": "2019", or "March" within a year',
    "common_ground": 'what the data shows you share, as a clause: "We\'re both part of BNI Riverside"',
    "my_name": "your name, from my_name in config.toml",
    "my_first_name": "your first name",
}

MAX_NESTING = 12  # segments inside segments; real templates use two or three


class TemplateError(ValueError):
    """A template's text cannot be used; the message says why."""


@dataclass(frozen=True, slots=True)
class Placeholder:
    """A placeholder: `{name}`."""

    name: str


@dataclass(frozen=True, slots=True)
class Segment:
    """A segment `[a|b]`: its alternatives, the first complete one is used."""

    alternatives: tuple[tuple[Node, ...], ...]


Node = str | Placeholder | Segment
_ESCAPABLE = "[]{}|\\"


def parse_template(text: str) -> tuple[Node, ...]:
    """Parse template text into nodes; raises TemplateError naming the first problem."""
    nodes, pos = _parse_sequence(text, 0, depth=0)
    if pos < len(text):  # only a stray ']' stops the top level early
        raise TemplateError(f"']' at character {pos + 1} has no matching '['")
    return nodes


def _parse_sequence(text: str, pos: int, depth: int) -> tuple[tuple[Node, ...], int]:
    """Read nodes until the end, or (inside a segment) an unescaped ']' or '|'."""
    nodes: list[Node] = []
    literal: list[str] = []

    def flush() -> None:
        if literal:
            nodes.append("".join(literal))
            literal.clear()

    while pos < len(text):
        char = text[pos]
        if char == "\\" and pos + 1 < len(text) and text[pos + 1] in _ESCAPABLE:
            literal.append(text[pos + 1])
            pos += 2
        elif char == "{":
            end = text.find("}", pos + 1)
            if end < 0:
                raise TemplateError(f"'{{' at character {pos + 1} is never closed with '}}'")
            name = text[pos + 1 : end].strip()
            if not name:
                raise TemplateError(f"'{{}}' at character {pos + 1} names no placeholder")
            if name not in PLACEHOLDERS:
                raise TemplateError(
                    f"unknown placeholder {{{name}}}: use one of "
                    + ", ".join(f"{{{p}}}" for p in PLACEHOLDERS)
                )
            flush()
            nodes.append(Placeholder(name))
            pos = end + 1
        elif char == "}":
            raise TemplateError(f"'}}' at character {pos + 1} has no matching '{{'")
        elif char == "[":
            if depth >= MAX_NESTING:
                raise TemplateError(
                    f"'[' at character {pos + 1} nests segments more than {MAX_NESTING} deep"
                )
            flush()
            start = pos
            alternatives: list[tuple[Node, ...]] = []
            pos += 1
            while True:
                alternative, pos = _parse_sequence(text, pos, depth + 1)
                alternatives.append(alternative)
                if pos >= len(text):
                    raise TemplateError(f"'[' at character {start + 1} is never closed with ']'")
                if text[pos] == "]":
                    pos += 1
                    break
                pos += 1  # the '|' between alternatives
            nodes.append(Segment(tuple(alternatives)))
        elif char in "]|" and depth > 0:
            break
        elif char == "]":
            break
        else:
            literal.append(char)
            pos += 1
    flush()
    return tuple(nodes), pos


def fill(nodes: Sequence[Node], values: Mapping[str, str]) -> str | None:
    """The nodes with values filled in, or None when a placeholder they need is empty."""
    out: list[str] = []
    for node in nodes:
        if isinstance(node, str):
            out.append(node)
        elif isinstance(node, Placeholder):
            value = values.get(node.name, "")
            if not value:
                return None
            out.append(value)
        else:
            for alternative in node.alternatives:
                filled = fill(alternative, values)
                if filled is not None:
                    out.append(filled)
                    break
    return "".join(out)


def placeholders_in(nodes: Sequence[Node]) -> set[str]:
    """Every placeholder the nodes use, required or optional."""
    found: set[str] = set()
    for node in nodes:
        if isinstance(node, Placeholder):
            found.add(node.name)
        elif isinstance(node, Segment):
            for alternative in node.alternatives:
                found |= placeholders_in(alternative)
    return found


# Each starts with what it looks for, and looks behind only then: one that looked
# behind first, or began with a repeat, was tried at every character (tidying was a
# fifth of ranking a contact's messages)
_RUNS = re.compile(r"[ \t](?<=\S[ \t])[ \t]+")  # two or more blanks after a word
_BEFORE_PUNCTUATION = re.compile(r" (?<=\S ) *(?=[,.;:!?)])")  # spaces between a word and , . ) …
_AFTER_PAREN = re.compile(r"\( +")
_BLANK_LINES = re.compile(r"\n\n\n+")


def tidy(text: str) -> str:
    """Remove the traces a dropped segment can leave: doubled spaces, a space before
    punctuation, trailing spaces, runs of blank lines."""
    # None of the patterns reaches past a line's end, so the text is tidied whole; most
    # texts have no two blanks in a row, and those are spared the search for them.
    if "  " in text or "\t" in text:
        text = _RUNS.sub(" ", text)
    text = _AFTER_PAREN.sub("(", _BEFORE_PUNCTUATION.sub("", text))
    lines = [line.rstrip() for line in text.split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()
