"""Property: any contact (commas, semicolons, backslashes, newlines, non-ASCII in every
field) comes back with the same fields through vCard export → import and CSV export → import."""

from __future__ import annotations

import tempfile
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from board.exporters import csv_bytes, vcard_bytes
from board.importers import read_import
from board.kinds import name_parts_from
from board.model import Contact, NameParts, Stage
from board.transfer.common import clean, url_key
from board.transfer.vcard_write import name_parts_of
from tests.helpers import person

pytestmark = pytest.mark.slow  # 200 random networks through each exporter and back

AT = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
_CHARS = st.characters(
    blacklist_categories=("Cc", "Cs", "Cf", "Zl", "Zp", "Co", "Cn"),
    blacklist_characters="\u2028\u2029",
)
_TRICKY = st.sampled_from([",", ";", "\\", ":", '"', "'", " ", "é", "ß", "李", "😀", "=", "\\n", "\\,"])
_piece = st.one_of(_CHARS, _TRICKY)


def _one_line(min_size: int = 0) -> st.SearchStrategy[str]:
    return st.lists(_piece, min_size=min_size, max_size=30).map("".join).map(clean).filter(
        lambda s: len(s) >= min_size
    )


_multiline = st.lists(_one_line(), max_size=4).map("\n".join).map(str.strip)


def _distinct(items: st.SearchStrategy[str], key=str.casefold, **kw) -> st.SearchStrategy[list[str]]:
    return st.lists(items.filter(bool), unique_by=key, max_size=3, **kw)


_email = st.from_regex(r"[a-z0-9._%+-]{1,10}@[a-z0-9-]{1,10}\.[a-z]{2,4}", fullmatch=True)
_phone = st.from_regex(r"\+?[0-9]{1,3}( [0-9]{2,4}){1,3}", fullmatch=True)
def _list_item() -> st.SearchStrategy[str]:
    # Inside one CSV cell, list items are separated by `;` (and Google's ` ::: `).
    return _one_line(1).filter(lambda s: ";" not in s and ":::" not in s)


_url = st.builds(lambda path: f"https://example.com/{path}", _list_item().map(lambda s: s.replace(" ", "-")))


_birthday = st.one_of(
    st.just(""),
    st.dates(date(1900, 1, 1), date(2023, 12, 31)).map(date.isoformat),
    st.dates(date(2000, 1, 1), date(2000, 12, 31)).map(lambda d: f"--{d:%m-%d}"),  # year unknown
)

_name_parts = st.none() | st.builds(NameParts, *[_one_line()] * 5).filter(any)

contacts = st.builds(
    lambda name, company, title, emails, phones, urls, tags, notes, expertise, needs, met_at, stage,
    nickname, birthday, name_parts: person(
        name, at=AT, company=company, title=title, emails=emails, phones=phones,
        urls=urls, tags=tags, notes=notes, expertise=expertise, needs=needs, met_at=met_at,
        stage=stage, source="csv", nickname=nickname, birthday=birthday, name_parts=name_parts,
    ),
    _one_line(1), _one_line(), _one_line(), _distinct(_email), _distinct(_phone, key=lambda p: "".join(filter(str.isdigit, p))),
    _distinct(_url, key=url_key), _distinct(_list_item()), _multiline,
    _distinct(_list_item()), _multiline, _one_line(), st.sampled_from(list(Stage)), _one_line(), _birthday,
    _name_parts,
)

FIELDS = ("name", "company", "title", "emails", "phones", "urls", "tags", "notes", "nickname", "birthday")
VCARD_FIELDS = (*FIELDS, "name_parts")
CSV_FIELDS = (*FIELDS, "expertise", "needs", "met_at", "stage")


def _round_trip(people: list[Contact], fmt: str, fields: tuple[str, ...]) -> None:
    """What the exporter writes, read back by the importer's reader (the store plays no
    part in either; the corpus tests cover the store's side)."""
    payload = vcard_bytes(people) if fmt == "vcard" else csv_bytes(people)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "out"
        path.write_bytes(payload)
        parsed = read_import(fmt, path, at=AT)
    assert parsed.skipped == [] and parsed.notices == []

    def view(contacts: list[Contact]) -> list[tuple]:
        return sorted((tuple(getattr(c, f) for f in fields) for c in contacts), key=repr)

    if fmt == "vcard":  # a contact without a structured name is written with the guess
        people = [c.copy(name_parts=name_parts_from(NameParts(*name_parts_of(c)))) for c in people]
    assert view([r.contact for r in parsed.records]) == view(people)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(contacts, min_size=1, max_size=3, unique_by=lambda c: c.name.casefold()))
def test_vcard_export_then_import_gives_back_the_fields(people: list[Contact]):
    _round_trip(people, "vcard", VCARD_FIELDS)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(contacts, min_size=1, max_size=3, unique_by=lambda c: c.name.casefold()))
def test_csv_export_then_import_gives_back_the_fields(people: list[Contact]):
    _round_trip(people, "csv", CSV_FIELDS)
