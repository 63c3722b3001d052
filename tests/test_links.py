"""One rule for every stored URL (board.links): add, edit, the contact form, imports and
the resource library refuse or leave out what is not a web link."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from board.editing import build_contact
from board.errors import UserError
from board.give.library import check_url
from board.links import check_link, checked_in_full, repair_link
from board.store import Store
from tests.helpers import add, data_files, run

HOSTILE = ["javascript:alert(1)", "JavaScript:alert(1)", "data:text/html,<b>x</b>",
           "file:///etc/passwd", "ftp://example.com/x", "https://", "https://base64,xx"]


@pytest.mark.parametrize("url", HOSTILE)
def test_every_door_refuses_what_is_not_a_web_link(url: str) -> None:
    for check in (check_link, check_url):
        with pytest.raises(UserError):
            check(url)
    with pytest.raises(UserError) as form:
        build_contact({"name": "Una Vale", "urls": f"https://una.example, {url}"})
    assert form.value.field == "urls"
    assert repair_link(url) is None


@pytest.mark.parametrize("url", ["https://una.example/about", "http://192.168.1.10:8080/x",
                                 "https://bücher.example/", "http://[::1]/"])
def test_web_links_are_kept_as_typed(url: str) -> None:
    assert check_link(url) == url
    assert build_contact({"name": "Una Vale", "urls": url}).urls == [url]


URLISH = st.text(st.sampled_from("hH tTpPsS:/.-_@[]?#%:0129azAZé\x00\x1b\u202e\t "), max_size=40)


@given(st.one_of(URLISH, st.builds("https://{}".format, URLISH), st.builds("http://a{}".format, URLISH)))
@example("https://www.linkedin.com/in/ana-000001")
@example("https://a..b/")
@example("https://a-/x")
@example("HTTPS://A.B:99999/")
@example("https://una.example/a b")
@example("https://una.example/a\x1b[2J")
@example("https://una.example/\u202eb")
@example("https://una.example/\u00e9")
@example("https://una.example/se\u00e1n\u3000x")
@example("https://una.example/a\u00a0b")
@example("https://una.example\u00e9/")
@example("https://user@una.example/")
def test_the_shortcut_for_plain_links_agrees_with_every_rule(text: str) -> None:
    """check_link takes plain links as they are: it must say what the full rules say."""
    try:
        expected: str | None = checked_in_full(text)
    except UserError:
        expected = None
    try:
        assert check_link(text) == expected
    except UserError:
        assert expected is None


def test_a_bare_host_is_refused_with_the_fix_and_repaired_on_import() -> None:
    with pytest.raises(UserError, match=r"start it with https:// \(https://una.example/about\)"):
        check_link("una.example/about")
    assert repair_link("una.example/about") == "https://una.example/about"
    assert repair_link("www.una.example:8080/x") == "https://www.una.example:8080/x"
    assert repair_link("notahost") is None


@pytest.mark.parametrize("args", [
    ("add", "Una Vale", "--url", "javascript:alert(1)"),
    ("edit", "vic", "--url", "javascript:alert(1)"),
    ("edit", "vic", "--add-url", "data:text/html,hi"),
    ("edit", "vic", "--url", "https://vic.example", "--add-url", "JAVASCRIPT:x"),
])
def test_add_and_edit_refuse_it_and_change_nothing(capsys, tmp_path: Path, args) -> None:
    root = tmp_path / "data"
    assert run(capsys, "--data", root, "add", "Vic Wu", "--url", "https://vic.example")[0] == 0
    before = data_files(root)
    code, out, err = run(capsys, "--data", root, *args)
    assert code == 1 and out == ""
    [line] = err.splitlines()
    assert line.startswith("error: bad URL ") and "only web links (http:// or https://)" in line
    assert data_files(root) == before


def test_a_bad_url_stored_before_the_check_can_still_be_removed(capsys, tmp_path: Path) -> None:
    root = tmp_path / "data"
    add(Store(root), "Vic Wu", urls=["javascript:alert(1)", "https://vic.example"])
    code, _, err = run(capsys, "--data", root, "edit", "vic", "--remove-url", "javascript:alert(1)")
    assert code == 0, err
    assert Store(root).find("vic").urls == ["https://vic.example"]


def test_import_leaves_out_a_url_that_is_not_a_web_link_and_says_so(capsys, tmp_path: Path) -> None:
    root = tmp_path / "data"
    source = tmp_path / "people.csv"
    source.write_text(
        "name,email,url\n"
        "Ann Evil,ann@x.example,javascript:alert(1)\n"
        "Bob Bare,bob@x.example,bob.example/about\n"
        "Cy Fine,cy@x.example,https://cy.example\n", "utf-8")
    code, out, err = run(capsys, "--data", root, "import", "csv", source)
    assert code == 0, err
    assert "note: a URL that is not a web link (http:// or https://) left out (line 2)" in out
    code, listed, _ = run(capsys, "--data", root, "list", "--json")
    urls = {c["name"]: c["urls"] for c in orjson.loads(listed)}
    assert urls == {"Ann Evil": [], "Bob Bare": ["https://bob.example/about"],
                    "Cy Fine": ["https://cy.example"]}


def test_json_import_leaves_it_out_too(capsys, tmp_path: Path) -> None:
    root = tmp_path / "data"
    source = tmp_path / "people.json"
    source.write_bytes(orjson.dumps({"format": "trustboard", "version": 1, "contacts": [
        {"name": "Jay Son", "urls": ["javascript:alert(3)", "https://jay.example"]}]}))
    code, out, err = run(capsys, "--data", root, "import", "json", source)
    assert code == 0, err
    assert "left out" in out
    assert Store(root).find("jay").urls == ["https://jay.example"]
