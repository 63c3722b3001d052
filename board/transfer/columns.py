"""Which CSV column holds what: trustboard's own, Google Contacts, Outlook and Thunderbird.

Header names are compared with `norm` (case-, space-, `-` and `_`-blind), so `E-mail 1 -
Value` is `e mail 1 value`. Numbered columns (`E-mail 2 - Value`, `Phone 3 - Value`,
`Organization 1 - Name`, `Web Page 2`) are matched by pattern.

`Title` is the job title in trustboard's and most people's CSV, but in Outlook's it is the
honorific ("Dr.") and the position is `Job Title`: when a file has a more specific
position column, `Title` is read as the honorific.
"""

from __future__ import annotations

import re

# field keys: name, first, middle, last, prefix, suffix, nickname, company, title, emails,
# phones, urls, tags, labels (Google's), stage, expertise, needs, met_at, notes, created_at,
# archived, birthday, birth_year, birth_month, birth_day
_EXACT = {
    "name": "name", "full name": "name", "display name": "name", "contact name": "name",
    "first name": "first", "given name": "first", "firstname": "first",
    "middle name": "middle", "additional name": "middle",
    "last name": "last", "family name": "last", "surname": "last", "lastname": "last",
    "name prefix": "prefix", "prefix": "prefix", "suffix": "suffix", "name suffix": "suffix",
    "nickname": "nickname", "nick name": "nickname",
    "company": "company", "organization": "company", "organisation": "company",
    "org": "company", "company name": "company", "organization name": "company",
    "title": "title", "position": "title", "job title": "title", "role": "title",
    "organization title": "title",
    "email": "emails", "emails": "emails", "e mail": "emails", "email address": "emails",
    "e mail address": "emails", "email addresses": "emails", "primary email": "emails",
    "secondary email": "emails",
    "phone": "phones", "phones": "phones", "phone number": "phones", "mobile": "phones",
    "telephone": "phones", "tel": "phones", "mobile phone": "phones", "mobile number": "phones",
    "business phone": "phones", "business phone 2": "phones", "home phone": "phones",
    "home phone 2": "phones", "primary phone": "phones", "company main phone": "phones",
    "other phone": "phones", "car phone": "phones", "work phone": "phones",
    "url": "urls", "urls": "urls", "website": "urls", "web site": "urls", "web page": "urls",
    "linkedin": "urls", "profile url": "urls", "linkedin url": "urls",
    "stage": "stage",
    "tags": "tags", "tag": "tags", "categories": "tags",
    "labels": "labels", "group membership": "labels",
    "expertise": "expertise",
    "needs": "needs",
    "met at": "met_at",
    "notes": "notes", "note": "notes", "comments": "notes",
    "created at": "created_at", "created": "created_at",
    "archived": "archived",
    "birthday": "birthday", "birth date": "birthday", "date of birth": "birthday",
    "birth year": "birth_year", "birth month": "birth_month", "birth day": "birth_day",
}
_PATTERNS = [
    (re.compile(r"^e ?mail \d+ value$"), "emails"),  # Google
    (re.compile(r"^e ?mail \d+ address$"), "emails"),  # Outlook's E-mail 2 Address
    (re.compile(r"^phone \d+ value$"), "phones"),
    (re.compile(r"^website \d+ value$"), "urls"),
    (re.compile(r"^web page \d+$"), "urls"),  # Thunderbird
    (re.compile(r"^organization \d+ name$"), "company"),
    (re.compile(r"^organization \d+ title$"), "title"),
]
_POSITION_COLUMNS = {"job title", "organization title", "position"}

SINGLE = frozenset({
    "name", "first", "middle", "last", "prefix", "suffix", "nickname", "company", "title",
    "stage", "needs", "met_at", "created_at", "archived", "birthday", "birth_year",
    "birth_month", "birth_day",
})  # one value: the first non-empty cell (of a ` ::: ` list, its first item)


def column_keys(header: list[str]) -> list[str | None]:
    """The field each (normalized) header cell holds, None for a column we do not read."""
    specific_title = any(
        h in _POSITION_COLUMNS or re.match(r"^organization \d+ title$", h) for h in header
    )
    keys: list[str | None] = []
    for name in header:
        key = _EXACT.get(name)
        if key is None:
            key = next((k for pattern, k in _PATTERNS if pattern.match(name)), None)
        if name == "title" and specific_title:
            key = "prefix"  # Outlook: "Dr.", "Mr."
        keys.append(key)
    return keys


def google_labels(cell: str) -> list[str]:
    """`* myContacts ::: Friends` → ["friends"]: Google's own groups are not tags."""
    labels = []
    for label in cell.split(":::"):
        label = " ".join(label.split())
        if not label or label.casefold() in ("* mycontacts", "* starred", "* other contacts"):
            continue
        labels.append(label.removeprefix("* ").casefold())
    return labels
