"""Outreach messages that fit the moment: the template library, its syntax and the ranking.

A template is text with placeholders and optional segments:

    {first_name}            replaced by the value; if the value is empty, the whole
                            template is left out (it needs that value to make sense)
    [ at {company}]         an optional segment: kept only when every placeholder
                            directly inside it has a value, otherwise dropped whole
    [ in {expertise}| at {company}]
                            alternatives: the first one whose placeholders all have
                            values is used; if none has, the segment is dropped
    \\[ \\] \\{ \\} \\| \\\\     a literal bracket, brace, bar or backslash

Segments nest (`[ at {company}[ in {met_at}]]`). After rendering, doubled spaces, spaces
before punctuation and runs of blank lines are tidied away, so a missing value never
leaves a trace. `PLACEHOLDERS` lists every name a template may use.

`suggest_messages` reads the contact's stage, how you met (`source`, `met_at`), the last
interactions and who in the network knows what they need, and ranks the templates that
fit. It is deterministic: equal scores keep the templates' order.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from board.errors import UserError
from board.model import Contact, Interaction, Kind, Stage, Value
from board.model import now as clock_now
from board.text import first_name

if TYPE_CHECKING:
    from board.config import Config
    from board.store import Change, Store

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
    "my_name": "your name, from my_name in config.toml",
    "my_first_name": "your first name",
}

SITUATIONS: dict[str, str] = {
    "connection-request": "they asked to connect (a LinkedIn request or invitation) and you have not talked",
    "commented": "you met through their comment on something you wrote",
    "event": "you met somewhere in person (met_at) and have not talked since",
    "talked": "you have had a real conversation (a call or meeting, or a stage past Met)",
    "needs-known": "you know what they need",
    "intro-match": "someone in your network knows what they need",
    "gave-recently": "you gave them something in the last 30 days",
    "received": "their help is your latest exchange (last 90 days) and you have not replied",
    "referral-received": "like received, and the help was a referral",
    "trusted": "they are in Trusted",
}

# How strongly each situation calls for its message; the best-matching situation scores
# the template. A template without situations scores STAGE_ONLY if it names stages.
_WEIGHTS: dict[str, int] = {
    "referral-received": 100,
    "received": 90,
    "commented": 85,
    "connection-request": 80,
    "event": 70,
    "intro-match": 60,
    "gave-recently": 55,  # you just gave: check in before giving or asking more
    "trusted": 55,
    "needs-known": 50,
    "talked": 40,
}
TALKED_FRESH = 55  # at Met or Talked, "How can I support you?" is the natural next step
STAGE_ONLY = 20
GENERAL = 10
ASKS_AFTER_GIVING = 40  # a template that asks something waits when you just gave
SENT_RECENTLY = 70  # the same message sent lately goes down the list: now you wait
RECENT_GAVE = timedelta(days=30)
RECENT_RECEIVED = timedelta(days=90)
RECENT_SENT = timedelta(days=30)
SENT_PREFIX = "sent: "

_EXCHANGES = (Kind.MESSAGE, Kind.CALL, Kind.MEETING, Kind.GAVE, Kind.RECEIVED)
_CONVERSATIONS = (Kind.CALL, Kind.MEETING)


class TemplateError(ValueError):
    """A template's text cannot be used; the message says why."""


# --- the template syntax -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Field:
    name: str


@dataclass(frozen=True, slots=True)
class _Optional:
    alternatives: tuple[tuple[_Node, ...], ...]


_Node = str | _Field | _Optional
_ESCAPABLE = "[]{}|\\"


def parse_template(text: str) -> tuple[_Node, ...]:
    """Parse template text into nodes; raises TemplateError naming the first problem."""
    nodes, pos = _parse_sequence(text, 0, depth=0)
    if pos < len(text):  # only a stray ']' stops the top level early
        raise TemplateError(f"']' at character {pos + 1} has no matching '['")
    return nodes


def _parse_sequence(text: str, pos: int, depth: int) -> tuple[tuple[_Node, ...], int]:
    """Read nodes until the end, or (inside a segment) an unescaped ']' or '|'."""
    nodes: list[_Node] = []
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
            nodes.append(_Field(name))
            pos = end + 1
        elif char == "}":
            raise TemplateError(f"'}}' at character {pos + 1} has no matching '{{'")
        elif char == "[":
            flush()
            start = pos
            alternatives: list[tuple[_Node, ...]] = []
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
            nodes.append(_Optional(tuple(alternatives)))
        elif char in "]|" and depth > 0:
            break
        elif char == "]":
            break
        else:
            literal.append(char)
            pos += 1
    flush()
    return tuple(nodes), pos


def _fill(nodes: Sequence[_Node], values: dict[str, str]) -> str | None:
    """The nodes with values filled in, or None when a placeholder they need is empty."""
    out: list[str] = []
    for node in nodes:
        if isinstance(node, str):
            out.append(node)
        elif isinstance(node, _Field):
            value = values.get(node.name, "")
            if not value:
                return None
            out.append(value)
        else:
            for alternative in node.alternatives:
                filled = _fill(alternative, values)
                if filled is not None:
                    out.append(filled)
                    break
    return "".join(out)


def _placeholders(nodes: Sequence[_Node]) -> set[str]:
    found: set[str] = set()
    for node in nodes:
        if isinstance(node, _Field):
            found.add(node.name)
        elif isinstance(node, _Optional):
            for alternative in node.alternatives:
                found |= _placeholders(alternative)
    return found


def tidy(text: str) -> str:
    """Remove the traces a dropped segment can leave: doubled spaces, a space before
    punctuation, trailing spaces, runs of blank lines."""
    lines = []
    for line in text.split("\n"):
        line = re.sub(r"(?<=\S)[ \t]{2,}", " ", line)
        line = re.sub(r"(?<=\S) +(?=[,.;:!?)])", "", line)
        line = re.sub(r"\( +", "(", line)
        lines.append(line.rstrip())
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


# --- templates ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Template:
    """One outreach message: where it fits (stages, situations) and its text."""

    name: str
    title: str
    text: str
    stages: tuple[Stage, ...] = ()  # empty: any stage
    situations: tuple[str, ...] = ()  # empty: not tied to a situation
    asks: bool = False  # asks something of them, so it waits after you gave
    origin: str = "built-in"  # or "<config file>: line N"
    nodes: tuple[_Node, ...] = field(default=(), compare=False, repr=False)

    def __post_init__(self) -> None:
        if not self.nodes:
            object.__setattr__(self, "nodes", parse_template(self.text))
        unknown = [s for s in self.situations if s not in SITUATIONS]
        if unknown:
            raise TemplateError(f"unknown situation {unknown[0]!r}")

    @property
    def placeholders(self) -> set[str]:
        return _placeholders(self.nodes)

    def render(self, values: dict[str, str]) -> str | None:
        """The message, or None when a value it cannot do without is missing."""
        filled = _fill(self.nodes, values)
        return tidy(filled) if filled is not None else None


_SIGN = "[\n\n{my_name}]"

BUILT_IN_TEMPLATES: tuple[Template, ...] = (
    Template(
        name="thanks-for-referral",
        title="Thank them for a referral and tell them how it went",
        situations=("referral-received",),
        text=(
            "Hi {first_name},\n\n"
            "Thank you for the referral. It means a lot that you'd trust me with someone "
            "you know. A quick update: we've spoken, it's off to a good start, and I'll "
            "take good care of them. I'll keep you posted.\n\n"
            "And if there's anyone I could introduce you to, or anything you're looking "
            "for right now, I'd be glad to return the favor." + _SIGN
        ),
    ),
    Template(
        name="thanks-and-support",
        title='Thank them for their help, then ask "How can I support you?"',
        situations=("received",),
        text=(
            "Hi {first_name},\n\n"
            "Thank you for {received}. It made a real difference, and I don't take it "
            "for granted.\n\n"
            "I'd like this to go both ways: how can I support you?[ I remember you're "
            "working on {needs}; if there's someone I could introduce you to or "
            "something I could send your way, I'd be glad to.]" + _SIGN
        ),
    ),
    Template(
        name="thanks-for-comment",
        title="Thank them for commenting on your writing and open a conversation",
        stages=(Stage.MET,),
        situations=("commented",),
        text=(
            "Hi {first_name},\n\n"
            "Thank you for taking the time to comment on what I wrote. Thoughtful replies "
            "are rare, and yours gave me something to think about.\n\n"
            "I'd like to keep the conversation going. Would you be up for a short call "
            "sometime? I'd love to hear more about your work[ in {expertise}| at {company}]."
            + _SIGN
        ),
    ),
    Template(
        name="answer-request",
        title="Answer a connection request with an offer to talk or meet",
        stages=(Stage.MET,),
        situations=("connection-request",),
        asks=True,
        text=(
            "Hi {first_name},\n\n"
            "Thanks for the connection request. I'd rather know people than collect "
            "connections, so I'd like to learn what you're working on[ at {company}] and "
            "where I might be useful.\n\n"
            "Would you have 20 minutes for a phone call in the next week or two? If you're "
            "nearby, coffee is on me." + _SIGN
        ),
    ),
    Template(
        name="event-follow-up",
        title="Follow up after meeting at an event",
        stages=(Stage.MET,),
        situations=("event",),
        asks=True,
        text=(
            "Hi {first_name},\n\n"
            "It was good to meet you at {met_at}. I'd like to continue our conversation: "
            "are you free for a coffee or a short call in the next couple of weeks? I'm "
            "curious about your work[ in {expertise}| at {company}] and whether there's "
            "anyone I could introduce you to." + _SIGN
        ),
    ),
    Template(
        name="offer-intro",
        title="Offer an introduction to someone who knows what they need",
        situations=("intro-match",),
        text=(
            "Hi {first_name},\n\n"
            "You mentioned you're looking into {needs}. I know someone who could help: "
            "{intro_name}[ ({intro_company})] knows {intro_expertise} really well.\n\n"
            "Would an introduction be useful? If so, I'll write to you both." + _SIGN
        ),
    ),
    Template(
        name="share-resource",
        title="Share something useful for what they need (add the link)",
        situations=("needs-known",),
        text=(
            "Hi {first_name},\n\n"
            "I remembered you're working on {needs}, and I came across something that "
            "might help. I'll put the link below. No need to reply unless it's useful; "
            "I'm happy to talk it through if it is." + _SIGN
        ),
    ),
    Template(
        name="keep-warm",
        title="Stay in touch without asking for anything",
        situations=("trusted", "gave-recently"),
        text=(
            "Hi {first_name},\n\n"
            "No agenda: I was thinking of you and wanted to say hello.[ I hope {gave} "
            "turned out to be useful.] How have things been[ at {company}]? Whenever you "
            "feel like catching up, I'm around." + _SIGN
        ),
    ),
    Template(
        name="how-can-i-support",
        title='After a real conversation: "How can I support you?"',
        situations=("talked",),
        asks=True,
        text=(
            "Hi {first_name},\n\n"
            "Thanks again for our conversation. I've been thinking about "
            "what you're working toward[: {needs}], and I'd like to be useful.\n\n"
            "How can I support you? An introduction, a resource, a second pair of eyes: "
            "whatever would help most." + _SIGN
        ),
    ),
    Template(
        name="invite-to-talk",
        title="Turn a new connection into a conversation",
        stages=(Stage.MET,),
        asks=True,
        text=(
            "Hi {first_name},\n\n"
            "I've been meaning to follow up since we met. I'd like to get to know you "
            "beyond a name in my contacts: would you have time for a short call or a coffee "
            "soon? I'd love to hear what you're working on[ at {company}] and what would "
            "help you most right now." + _SIGN
        ),
    ),
)


# --- who knows what: matching a need to expertise in the network --------------------

_STOPWORDS = frozenset(
    """a an the and or but for to of in on at by with from into about as is are be been
    being i me my we us our you your they them their he him his she her it its this that
    these those some any more new need needs needed needing want wants wanted looking
    look find finding get getting someone somebody who what which how help helping
    advice good great best way ways thing things""".split()
)


@lru_cache(maxsize=65536)
def _keywords(text: str) -> frozenset[str]:
    """The significant words of a phrase, lightly stemmed so 'mortgages' meets 'mortgage'."""
    words = set()
    for word in re.findall(r"\w+", text.lower()):
        if word in _STOPWORDS or len(word) < 2:
            continue
        words.add(_stem(word))
    return frozenset(words)


# Words a stemmer cannot bring together: the person and the field.
_SAME_AS = {
    "lawyer": "law", "lawyers": "law", "attorney": "law", "attorneys": "law", "legal": "law",
    "accountant": "accounting", "accountants": "accounting", "cpa": "accounting",
    "photographer": "photography", "photographers": "photography",
}


def _stem(word: str) -> str:
    """A deliberately small stemmer: plurals, then -ment/-ing/-er/-ed, then a final e, so
    'bookkeeper', 'bookkeeping' and 'bookkeepers' meet, as do 'planner' and 'planning'
    (and a few words that name the person meet their field: 'lawyer' and 'law')."""
    word = _SAME_AS.get(word, word)
    if len(word) > 4 and word.endswith("ies"):
        word = word[:-3] + "y"
    elif len(word) > 4 and word.endswith(("sses", "xes", "ches", "shes")):
        word = word[:-2]
    elif len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    stripped = True
    while stripped:  # offering → offer → off, as offer → off
        stripped = False
        for suffix in ("ment", "ing", "er", "ed"):
            if word.endswith(suffix) and len(word) - len(suffix) >= 3:
                word = word[: -len(suffix)]
                if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "aeiouls":
                    word = word[:-1]  # planning → plan, not plann
                stripped = True
                break
    if len(word) > 3 and word.endswith("e"):
        word = word[:-1]
    return word


@dataclass(frozen=True, slots=True)
class ExpertMatch:
    """Someone whose expertise fits a need: the contact, the matching item, how well."""

    contact: Contact
    expertise: str
    score: int


_STAGE_ORDER = {stage: i for i, stage in enumerate(Stage)}


class Network:
    """The user's other contacts, searchable by the words of their expertise.

    The first question scans the contacts; from the second on, an index by word
    answers it, so build one Network and reuse it for many contacts (the Today queue)
    while a one-off question (the board's `c`) costs a single scan. A plain list of
    contacts passed to `suggest_messages` is wrapped in a fresh Network.
    """

    def __init__(self, contacts: Iterable[Contact]) -> None:
        self._contacts = [c for c in contacts if not c.archived and c.expertise]
        self._by_word: dict[str, list[tuple[Contact, str, frozenset[str]]]] | None = None
        self._asked = 0

    def _items(self) -> Iterator[tuple[Contact, str, frozenset[str]]]:
        for contact in self._contacts:
            for item in contact.expertise:
                yield contact, item, _keywords(item)

    def _index(self) -> dict[str, list[tuple[Contact, str, frozenset[str]]]]:
        if self._by_word is None:
            self._by_word = {}
            for entry in self._items():
                for word in entry[2]:
                    self._by_word.setdefault(word, []).append(entry)
        return self._by_word

    def experts_for(self, topic: str, *, exclude: str | None = None) -> list[ExpertMatch]:
        """People whose expertise fits `topic` (a need), best first.

        An expertise item fits when all its significant words are in the topic, all the
        topic's words are in it, or they share at least two words. Better fits share
        more words; then people you trust more come first (they are the ones to
        introduce), then by name.
        """
        wanted = _keywords(topic)
        if not wanted:
            return []
        self._asked += 1
        if self._asked == 1 and self._by_word is None:
            candidates: Iterable[tuple[Contact, str, frozenset[str]]] = self._items()
        else:
            index = self._index()
            candidates = (entry for word in wanted for entry in index.get(word, ()))
        best: dict[str, ExpertMatch] = {}
        for contact, item, words in candidates:
            if contact.id == exclude:
                continue
            score = len(words & wanted)
            if not score or not (words <= wanted or wanted <= words or score >= 2):
                continue
            held = best.get(contact.id)
            if held is None or score > held.score:
                best[contact.id] = ExpertMatch(contact, item, score)
        return sorted(
            best.values(),
            key=lambda m: (-m.score, -_STAGE_ORDER[m.contact.stage], m.contact.name.lower(), m.contact.id),
        )


def who_knows(topic: str, contacts: Iterable[Contact] | Network) -> list[ExpertMatch]:
    """People in the network whose expertise matches a need or topic, best first."""
    network = contacts if isinstance(contacts, Network) else Network(contacts)
    return network.experts_for(topic)


# --- reading the moment ------------------------------------------------------------------

_INTRODUCED = re.compile(r"^(introduced|referred|recommended|sent) (to me )?by\b|^(via|through)\b", re.I)
_REQUEST = re.compile(r"request|invit|connect|linkedin", re.I)
_COMMENT = re.compile(r"comment|article|blog|post\b|newsletter|repl(y|ied)|my (talk|writing|piece)", re.I)
_LOWER_LEADS = frozenset(
    "a an the some more our my your their his her its this that these those".split()
)
_RECEIVED_WORDS = {
    Value.INFORMATION: "the information",
    Value.RESOURCE: "the resource",
    Value.INTRODUCTION: "the introduction",
    Value.REFERRAL: "the referral",
    Value.FEEDBACK: "your feedback",
    Value.OTHER: "your help",
}
_GAVE_WORDS = {
    Value.INFORMATION: "the information",
    Value.RESOURCE: "the resource",
    Value.INTRODUCTION: "the introduction",
    Value.REFERRAL: "the referral",
    Value.FEEDBACK: "my feedback",
    Value.OTHER: "what I sent",
}


def _clean(value: Any) -> str:
    """One line, single spaces, no trailing sentence punctuation (templates add their own)."""
    if value is None:
        return ""
    return re.sub(r"[\s.,;:!]+$", "", " ".join(str(value).split()))


def _inline(text: str) -> str:
    """A phrase that reads mid-sentence: 'Hiring a CTO' → 'hiring a CTO'."""
    text = _clean(text)
    first, _, rest = text.partition(" ")
    if first[:1].isupper() and (first[1:] == "" or first[1:].islower()) and (
        first.lower() in _LOWER_LEADS or first.lower().endswith(("ing", "ed"))
    ):
        return first.lower() + (" " + rest if rest else "")
    return text


def _shorten(text: str, limit: int = 60) -> str:
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(",;:-")
    return cut + "…"


def first_name_of(name: str) -> str:
    """The first name a message greets (the one rule, in `board.text`)."""
    return first_name(name)


def _list_words(items: Sequence[str]) -> str:
    items = [_clean(i) for i in items if _clean(i)][:3]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


_DETERMINERS = _LOWER_LEADS | {"one", "two", "every", "last", "next"}


def _met_at(text: str) -> str:
    """Where you met, ready to follow 'at': 'at BNI breakfast' → 'the BNI breakfast'.

    A place named by a common noun ('Chamber mixer', 'homebuyer seminar') takes 'the';
    a proper name ('PyCon 2024', 'Toastmasters') or a phrase that already has its
    determiner ('a friend's barbecue', 'Sam's party') is left as it is.
    """
    text = re.sub(r"^(at|@)\s+", "", _clean(text), flags=re.I)
    words = text.split()
    if not words or _REQUEST.search(text) or _COMMENT.search(text) or _INTRODUCED.search(text):
        return text
    last, first = words[-1], words[0].lower()
    if (
        len(words) > 1
        and last.isalpha()
        and last.islower()
        and first not in _DETERMINERS
        and not any("'s" in w or "’s" in w for w in words)
    ):
        return "the " + text
    return text


@dataclass
class _Moment:
    """What is true of the contact right now: situations that hold, values, reasons."""

    situations: dict[str, str]  # situation → why, in words
    weights: dict[str, int]  # situation → how strongly it calls for its message
    values: dict[str, str]
    sent_at: dict[str, datetime]  # template name → when it was last marked as sent


def _read_moment(
    contact: Contact,
    history: Sequence[Interaction],
    network: Network,
    my_name: str,
    at: datetime,
) -> _Moment:
    history = sorted(history, key=lambda i: i.at)
    exchanges = [i for i in history if i.kind in _EXCHANGES]
    talked = contact.stage != Stage.MET or any(i.kind in _CONVERSATIONS for i in history)
    situations: dict[str, str] = {}
    values = {
        "first_name": first_name_of(contact.name),
        "name": _clean(contact.name),
        "company": _clean(contact.company),
        "title": _clean(contact.title),
        "met_at": _met_at(contact.met_at),
        "expertise": _list_words(contact.expertise),
        "needs": _inline(contact.needs),
        "my_name": _clean(my_name),
        "my_first_name": first_name_of(my_name),
    }

    topics = [
        i for i in exchanges if i.summary.strip() and not i.summary.startswith(SENT_PREFIX)
    ]
    if topics:
        values["last_topic"] = _shorten(_inline(topics[-1].summary))
    conversations = [i for i in topics if i.kind in _CONVERSATIONS]
    if conversations:
        values["last_conversation"] = _shorten(_inline(conversations[-1].summary))

    met_at = values["met_at"]
    if not talked:
        if _COMMENT.search(met_at):
            situations["commented"] = "they commented on your writing: thank them and open a conversation"
        elif _REQUEST.search(met_at) or (
            not met_at and contact.source.lower().startswith(("linkedin", "invitation"))
        ):
            situations["connection-request"] = (
                "they asked to connect and you have not talked yet: offer a call or coffee"
            )
        elif met_at and not _INTRODUCED.search(met_at):
            situations["event"] = f"you met at {met_at}: follow up while it is fresh"
    if talked:
        situations["talked"] = "you have talked: ask how you can support them"
    if contact.stage == Stage.TRUSTED:
        situations["trusted"] = "trusted: stay in touch without asking for anything"

    latest = exchanges[-1] if exchanges else None
    if latest is not None and latest.kind == Kind.RECEIVED and at - latest.at <= RECENT_RECEIVED:
        value = latest.value or Value.OTHER
        values["received"] = _RECEIVED_WORDS[value]
        situations["received"] = f"they gave you {values['received']}: thank them, then offer help back"
        if value == Value.REFERRAL:
            situations["referral-received"] = "they sent you a referral: thank them and tell them how it went"

    gifts = [i for i in history if i.kind == Kind.GAVE and at - i.at <= RECENT_GAVE]
    if gifts:
        values["gave"] = _GAVE_WORDS[gifts[-1].value or Value.OTHER]
        situations["gave-recently"] = f"you gave {values['gave']} lately: check in without asking"

    if values["needs"]:
        situations["needs-known"] = f"you know what they need ({values['needs']}): send something useful"
        matches = network.experts_for(contact.needs, exclude=contact.id)
        if matches:
            match = matches[0]
            values["intro_name"] = _clean(match.contact.name)
            values["intro_first_name"] = first_name_of(match.contact.name)
            values["intro_expertise"] = _clean(match.expertise)
            values["intro_company"] = _clean(match.contact.company)
            situations["intro-match"] = (
                f"{values['intro_name']} knows {values['intro_expertise']}, which they need"
            )

    sent_at: dict[str, datetime] = {}
    for item in history:
        if item.kind == Kind.MESSAGE and item.summary.startswith(SENT_PREFIX):
            sent_at[item.summary[len(SENT_PREFIX) :].strip()] = item.at
    weights = dict(_WEIGHTS)
    if talked and contact.stage in (Stage.MET, Stage.TALKED):
        weights["talked"] = TALKED_FRESH
    return _Moment(situations, weights, values, sent_at)


# --- suggestions -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A ready-to-send message: which template, its title, the text, and why it fits."""

    name: str
    title: str
    text: str
    why: str


def suggest_messages(
    contact: Contact,
    history: Iterable[Interaction],
    network: Iterable[Contact] | Network,
    *,
    my_name: str = "",
    templates: Sequence[Template] | None = None,
    now: datetime | None = None,
) -> list[Suggestion]:
    """Every message that fits the contact now, best first.

    `history` is the contact's interactions (any order); `network` the other contacts
    (or a prebuilt `Network`), searched for someone whose expertise meets their needs.
    `templates` defaults to the built-ins (pass `load_templates(config)[0]` to include
    the user's). A template fits when its stages include the contact's stage, one of its
    situations holds (or it names none), and every value it cannot do without is known.
    """
    templates = BUILT_IN_TEMPLATES if templates is None else templates
    network = network if isinstance(network, Network) else Network(network)
    at = now or clock_now()
    moment = _read_moment(contact, list(history), network, my_name, at)
    ranked: list[tuple[int, int, Suggestion]] = []
    for order, template in enumerate(templates):
        if template.stages and contact.stage not in template.stages:
            continue
        held = [s for s in template.situations if s in moment.situations]
        if template.situations and not held:
            continue
        text = template.render(moment.values)
        if text is None:
            continue
        if held:
            best = max(held, key=lambda s: moment.weights[s])
            score, why = moment.weights[best], moment.situations[best]
        elif template.stages:
            score, why = STAGE_ONLY, _stage_reason(contact.stage)
        else:
            score, why = GENERAL, "fits any stage"
        if template.origin != "built-in":
            why = f"your template; {why}"
        if template.asks and "gave-recently" in moment.situations:
            score -= ASKS_AFTER_GIVING
            why += "; you gave lately, so it can wait"
        sent = moment.sent_at.get(template.name)
        if sent is not None and at - sent <= RECENT_SENT:
            score -= SENT_RECENTLY
            days = max(0, (at - sent).days)
            why += "; you sent it today" if days == 0 else f"; you sent it {days}d ago"
        ranked.append((-score, order, Suggestion(template.name, template.title, text, why)))
    ranked.sort(key=lambda r: (r[0], r[1]))
    return [suggestion for _, _, suggestion in ranked]


def top_suggestion(
    contact: Contact,
    history: Iterable[Interaction],
    network: Iterable[Contact] | Network,
    **options: Any,
) -> Suggestion | None:
    """The best message for the contact now, or None when no template fits."""
    found = suggest_messages(contact, history, network, **options)
    return found[0] if found else None


def _stage_reason(stage: Stage) -> str:
    if stage == Stage.MET:
        return "you have met: turn it into a conversation"
    return f"fits {stage.label}"


def suggest_for(store: Store, contact: Contact, config: Config) -> tuple[list[Suggestion], list[str]]:
    """The ranked messages for one contact, read through the store, plus template problems.

    What the board's `c`/`m` keys and `trustboard suggest` call.
    """
    templates, problems = load_templates(config)
    suggestions = suggest_messages(
        contact,
        store.interactions(contact.id),
        store.contacts(),
        my_name=config.my_name,
        templates=templates,
        now=store.clock(),
    )
    return suggestions, problems


def sent_summary(template_name: str) -> str:
    """The summary of the `message` interaction that marks a suggestion as sent."""
    return f"{SENT_PREFIX}{template_name}"


def mark_sent(store: Store, contact_id: str, template_name: str) -> Change:
    """Log that the message was sent (a `message` interaction); resets the follow-up clock."""
    return store.log(contact_id, Kind.MESSAGE, sent_summary(template_name))


# --- the user's templates ----------------------------------------------------------------

_TEMPLATE_KEYS = ("name", "title", "text", "stages", "situations")
_HEADER = re.compile(r"^\s*\[\[\s*templates\s*\]\]")
_INLINE = re.compile(r"^\s*templates\s*=")


def _entry_lines(path: Path | None, count: int) -> list[int | None]:
    """The line of each `[[templates]]` entry in the config file (tomllib gives none)."""
    if path is None:
        return [None] * count
    try:
        lines = path.read_text("utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return [None] * count
    headers = [n for n, line in enumerate(lines, 1) if _HEADER.match(line)]
    if len(headers) == count:
        return list(headers)
    inline = [n for n, line in enumerate(lines, 1) if _INLINE.match(line)]
    return [inline[0] if inline else None] * count


def _string_list(raw: Any, key: str) -> list[str]:
    if isinstance(raw, str):
        return [raw]
    if isinstance(raw, list) and all(isinstance(item, str) for item in raw):
        return list(raw)
    raise TemplateError(f'{key} must be a list of names, like {key} = ["..."]')


def _user_template(entry: dict[str, Any], base: Template | None, origin: str) -> Template:
    unknown = [k for k in entry if k not in _TEMPLATE_KEYS]
    if unknown:
        raise TemplateError(f"unknown key {unknown[0]!r}: use " + ", ".join(_TEMPLATE_KEYS))
    text = entry.get("text")
    if not isinstance(text, str) or not text.strip():
        raise TemplateError('has no text: add text = "Hi {first_name}, ..."')
    title = entry.get("title", base.title if base else entry["name"])
    if not isinstance(title, str):
        raise TemplateError("title must be text")
    stages: tuple[Stage, ...] = base.stages if base else ()
    if "stages" in entry:
        try:
            stages = tuple(Stage.parse(s) for s in _string_list(entry["stages"], "stages"))
        except UserError as exc:
            raise TemplateError(str(exc)) from None
    situations: tuple[str, ...] = base.situations if base else ()
    if "situations" in entry:
        situations = tuple(_string_list(entry["situations"], "situations"))
        for situation in situations:
            if situation not in SITUATIONS:
                raise TemplateError(
                    f"unknown situation {situation!r}: use one of " + ", ".join(SITUATIONS)
                )
    return Template(
        name=entry["name"].strip(),
        title=title.strip() or entry["name"].strip(),
        text=text.strip(),
        stages=stages,
        situations=situations,
        asks=base.asks if base and "situations" not in entry else False,
        origin=origin,
    )


def load_templates(config: Config | None) -> tuple[list[Template], list[str]]:
    """The built-in templates with the user's `[[templates]]` added or overriding by name.

    Returns the usable templates and one message per entry that could not be used (it
    names the config file and the entry's line); the built-ins always remain. An entry
    overriding a built-in keeps the built-in's title, stages and situations unless it
    gives its own.
    """
    templates = list(BUILT_IN_TEMPLATES)
    problems: list[str] = []
    entries = list(config.templates) if config is not None else []
    if not entries:
        return templates, problems
    path = config.path if config is not None else None
    lines = _entry_lines(path, len(entries))
    seen: dict[str, str] = {}
    for entry, line in zip(entries, lines, strict=True):
        where = f"{path}: line {line}" if line else str(path or "config.toml")
        name = entry.get("name")
        if not isinstance(name, str) or not name.strip():
            problems.append(f'{where}: a [[templates]] entry has no name: add name = "my-template"')
            continue
        name = name.strip()
        position = next((i for i, t in enumerate(templates) if t.name == name), None)
        base = BUILT_IN_TEMPLATES_BY_NAME.get(name)
        try:
            template = _user_template(entry, base, where)
        except TemplateError as exc:
            problems.append(f"{where}: template {name!r}: {exc}")
            continue
        if name in seen:
            problems.append(f"{where}: template {name!r} is defined again (first at {seen[name]}); this one is used")
        seen[name] = where
        if position is None:
            templates.append(template)
        else:
            templates[position] = template
    return templates, problems


BUILT_IN_TEMPLATES_BY_NAME: dict[str, Template] = {t.name: t for t in BUILT_IN_TEMPLATES}


def placeholder_values(
    contact: Contact,
    history: Iterable[Interaction],
    network: Iterable[Contact] | Network,
    *,
    my_name: str = "",
    now: datetime | None = None,
) -> dict[str, str]:
    """The values templates are filled with for this contact (empty when unknown)."""
    network = network if isinstance(network, Network) else Network(network)
    moment = _read_moment(contact, list(history), network, my_name, now or clock_now())
    return {name: moment.values.get(name, "") for name in PLACEHOLDERS}


__all__ = [
    "BUILT_IN_TEMPLATES",
    "PLACEHOLDERS",
    "SITUATIONS",
    "ExpertMatch",
    "Network",
    "Suggestion",
    "Template",
    "TemplateError",
    "first_name_of",
    "load_templates",
    "mark_sent",
    "parse_template",
    "placeholder_values",
    "sent_summary",
    "suggest_for",
    "suggest_messages",
    "tidy",
    "top_suggestion",
    "who_knows",
]
