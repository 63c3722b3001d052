"""board.editing: form text to contacts, and errors that name the input they are about."""

from __future__ import annotations

import pytest

from board.editing import build_contact, check_email, form_values, parse_cadence
from board.errors import DataError, TrustboardError, UserError
from board.model import Contact, Stage

GOOD = {"name": "Ana Lima", "emails": "ana@example.com", "stage": "talked", "cadence_days": "10"}
FORM_KEYS = set(form_values(Contact(id="x", name="x")))


@pytest.mark.parametrize(
    ("changes", "field", "says"),
    [
        ({"name": "   "}, "name", "needs a name"),
        ({"emails": "ana@example.com, nope"}, "emails", "'nope' does not look like an email"),
        ({"stage": "friends"}, "stage", "unknown stage 'friends'"),
        ({"cadence_days": "0"}, "cadence_days", "from 1 to 3650"),
        ({"cadence_days": "3651"}, "cadence_days", "3651"),
        ({"cadence_days": "3000000"}, "cadence_days", "3000000"),
        ({"cadence_days": "9" * 5000}, "cadence_days", "whole number from 1 to 3650"),
        ({"cadence_days": "two weeks"}, "cadence_days", "'two weeks'"),
        ({"cadence_days": "²"}, "cadence_days", "whole number"),
        ({"cadence_days": "-5"}, "cadence_days", "whole number"),
    ],
)
def test_every_error_names_its_form_field(changes: dict[str, str], field: str, says: str) -> None:
    with pytest.raises(UserError) as raised:
        build_contact({**GOOD, **changes})
    assert raised.value.field == field and field in FORM_KEYS
    assert says in str(raised.value)
    # The sentence stands alone (the CLI prints it after "error:"): no "field:" prefix.
    assert not str(raised.value).startswith(f"{field}:")
    assert len(str(raised.value)) < 200


def test_a_good_form_builds_the_contact() -> None:
    contact = build_contact({**GOOD, "tags": "bni; golf, ", "notes": "  likes jazz "})
    assert (contact.name, contact.emails, contact.stage) == ("Ana Lima", ["ana@example.com"],
                                                             Stage.TALKED)
    assert (contact.cadence_days, contact.tags, contact.notes) == (10, ["bni", "golf"], "likes jazz")
    assert parse_cadence("") is None and parse_cadence(" 3650 ") == 3650


def test_single_checks_name_their_field_too() -> None:
    with pytest.raises(UserError) as raised:
        check_email("ana at example")
    assert raised.value.field == "emails"
    with pytest.raises(UserError) as raised:
        parse_cadence("0")
    assert raised.value.field == "cadence_days"


def test_errors_carry_a_field_and_a_path_as_data() -> None:
    plain = UserError("bad")
    assert (plain.field, plain.message, str(plain)) == (None, "bad", "bad")
    assert plain.with_field("name").field == "name"
    assert plain.with_field("stage").field == "name"  # the first, most precise, one stays
    damaged = DataError("contacts/0a.json cannot be read", path="/d/contacts/0a.json")
    assert damaged.path is not None and damaged.path.name == "0a.json"
    assert isinstance(damaged, TrustboardError) and damaged.field is None


def test_form_text_is_cleaned_on_the_way_in() -> None:
    hostile = "\x1b]52;c;aGk=\x07\x9b2J\u202e"
    contact = build_contact({
        "name": f"Zed{hostile}  Zorn", "company": f"Evil{hostile}", "tags": f"bni{hostile}, golf",
        "notes": f"one{hostile}\ntwo\tthree\r\nfour", "stage": "met",
    })
    assert contact.name == "Zed]52;c;aGk=2J Zorn"
    assert contact.company == "Evil]52;c;aGk=2J"
    assert contact.tags == ["bni]52", "c", "aGk=2J", "golf"]  # ";" separates list items
    assert contact.notes == "one]52;c;aGk=2J\ntwo\tthree\nfour"
