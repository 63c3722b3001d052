"""A contact's fields as phrases that read well inside a sentence.

Templates add their own punctuation, so a value loses its trailing full stop; "Hiring a
CTO." reads "hiring a CTO" mid-sentence; a place you met takes "the" when it is a common
noun ("the BNI breakfast") and not when it is a name ("PyCon 2024"). What the stored data
holds is never trusted to be printable: `phrase` removes control characters too.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from board.model import Value
from board.text import clean, first_name

INTRODUCED = re.compile(r"^(introduced|referred|recommended|sent) (to me )?by\b|^(via|through)\b", re.I)
REQUEST = re.compile(r"request|invit|connect|linkedin", re.I)
COMMENT = re.compile(r"comment|article|blog|post\b|newsletter|repl(y|ied)|my (talk|writing|piece)", re.I)
_LOWER_LEADS = frozenset(
    "a an the some more our my your their his her its this that these those".split()
)
_DETERMINERS = _LOWER_LEADS | {"one", "two", "every", "last", "next"}
_AT = re.compile(r"^(at|@)\s+", re.I)

RECEIVED_WORDS = {
    Value.INFORMATION: "the information",
    Value.RESOURCE: "the resource",
    Value.INTRODUCTION: "the introduction",
    Value.REFERRAL: "the referral",
    Value.FEEDBACK: "your feedback",
    Value.OTHER: "your help",
}
GAVE_WORDS = {
    Value.INFORMATION: "the information",
    Value.RESOURCE: "the resource",
    Value.INTRODUCTION: "the introduction",
    Value.REFERRAL: "the referral",
    Value.FEEDBACK: "my feedback",
    Value.OTHER: "what I sent",
}


def phrase(value: object) -> str:
    """One line, single spaces, no trailing sentence punctuation (templates add their own)."""
    if value is None:
        return ""
    # rstrip, not a `[.,;:!]+$` regex: that backtracks quadratically on a long run of dots
    return " ".join(clean(value).split()).rstrip(" .,;:!")


def link(url: str) -> str:
    """A URL fit to paste: one piece, no space or control character in it."""
    return "".join(clean(url).split())


def inline(text: str) -> str:
    """A phrase that reads mid-sentence: 'Hiring a CTO' → 'hiring a CTO'."""
    text = phrase(text)
    first, _, rest = text.partition(" ")
    if first[:1].isupper() and (first[1:] == "" or first[1:].islower()) and (
        first.lower() in _LOWER_LEADS or first.lower().endswith(("ing", "ed"))
    ):
        return first.lower() + (" " + rest if rest else "")
    return text


def shorten(text: str, limit: int = 60) -> str:
    """At most `limit` characters, cut at a word and ended with "…"."""
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(",;:-")
    return cut + "…"


def first_name_of(name: str) -> str:
    """The first name a message greets (the one rule, in `board.text`)."""
    return first_name(name)


def list_words(items: Sequence[str]) -> str:
    """Up to three items as a list: 'SEO, law and tax'."""
    phrases = [p for p in (phrase(i) for i in items) if p][:3]
    if len(phrases) <= 1:
        return "".join(phrases)
    return ", ".join(phrases[:-1]) + " and " + phrases[-1]


def met_at(text: str) -> str:
    """Where you met, ready to follow 'at': 'at BNI breakfast' → 'the BNI breakfast'.

    A place named by a common noun ('Chamber mixer', 'homebuyer seminar') takes 'the';
    a proper name ('PyCon 2024', 'Toastmasters') or a phrase that already has its
    determiner ('a friend's barbecue', 'Sam's party') is left as it is.
    """
    text = _AT.sub("", phrase(text))
    words = text.split()
    if not words or REQUEST.search(text) or COMMENT.search(text) or INTRODUCED.search(text):
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
