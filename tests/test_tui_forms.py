"""The add/edit and log forms: errors focus the field they name; what is typed is cleaned and bounded."""

from __future__ import annotations

from textual.widgets import Input, TextArea

from board.model import Kind, Stage, Value
from tests.helpers import add, screen_text


def _focused_id(app) -> str | None:
    return app.focused.id if isinstance(app.focused, Input) else None


async def test_an_error_focuses_the_field_it_names(store, make_app):
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("a")
        await pilot.pause()
        await pilot.press(*"Ann Lee")
        app.screen.query_one("#field-cadence_days", Input).value = "soon"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert _focused_id(app) == "field-cadence_days"
        assert "follow up every how many days" in screen_text(app).lower()
        app.screen.query_one("#field-emails", Input).value = "not-an-email"
        app.screen.query_one("#field-cadence_days", Input).value = "10"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert _focused_id(app) == "field-emails"
        assert "does not look like an email" in screen_text(app)
    assert store.contacts() == []


async def test_a_cadence_out_of_range_is_refused_in_the_form(store, make_app):
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("a")
        await pilot.pause()
        await pilot.press(*"Ann Lee")
        while _focused_id(app) != "field-cadence_days":
            await pilot.press("tab")
        await pilot.press(*"3000000", "ctrl+s")
        await pilot.pause()
        assert type(app.screen).__name__ == "ContactForm"
        assert _focused_id(app) == "field-cadence_days"
        assert "1 to 3650" in screen_text(app)
        await pilot.press("ctrl+u", *"3650", "ctrl+s")
        await pilot.pause()
    [ann] = store.contacts()
    assert ann.cadence_days == 3650


async def test_the_log_form_refuses_a_date_out_of_range(store, make_app):
    ana = add(store, "Ana Lima")
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        for when, words in (("3000-01-01", "more than a day ahead"), ("1850-06-01", "before 1900")):
            await pilot.press("i")
            await pilot.pause()
            await pilot.press("6", *"a note", "tab", *when, "enter")
            await pilot.pause()
            assert type(app.screen).__name__ == "LogForm"
            assert words in screen_text(app)
            assert _focused_id(app) == "log-at"
            await pilot.press("escape")
            await pilot.pause()
    assert store.interactions(ana.id) == []


async def test_what_is_typed_is_cleaned_of_control_characters(store, make_app):
    ana = add(store, "Ana Lima")
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("a")
        await pilot.pause()
        form = app.screen
        form.query_one("#field-name", Input).value = "Zoe\x1b]0;pwned\x07 Quinn"
        form.query_one("#field-company", Input).value = "Lu\x9bmen\u202e"
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("i")
        await pilot.pause()
        await pilot.press("6")
        app.screen.query_one("#log-summary", Input).value = "met \x1b[2Jfor coffee"
        await pilot.press("enter")
        await pilot.pause()
    zoe = next(c for c in store.contacts() if c.id != ana.id)
    assert (zoe.name, zoe.company) == ("Zoe]0;pwned Quinn", "Lumen")
    assert [i.summary for i in store.interactions(zoe.id)] == ["met [2Jfor coffee"]


async def test_the_log_form_fits_80x24_and_i_4_text_enter_logs_a_gave(store, make_app):
    ana = add(store, "Ana Lima", stage=Stage.TALKED)
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("i", "4")
        await pilot.pause()
        text = screen_text(app)
        for words in ("Kind", "1 message", "7 met", "Value", "information", "other", "Summary", "When",
                      "enter save · esc cancel"):
            assert words in text, words
        assert _focused_id(app) == "log-summary"
        await pilot.press(*"sent her the checklist", "tab", *"someday", "enter")
        await pilot.pause()
        assert "cannot read the date" in screen_text(app)  # the error line is in view too
        await pilot.press("shift+tab")
        assert _focused_id(app) == "log-summary"
        await pilot.press("tab", "ctrl+u", "enter")
        await pilot.pause()
        if "Move Ana Lima" in screen_text(app):
            await pilot.press("n")
    [gave] = store.interactions(ana.id)
    assert (gave.kind, gave.value, gave.summary) == (Kind.GAVE, Value.INFORMATION, "sent her the checklist")


async def test_the_value_is_picked_with_arrows_from_the_summary_or_its_row(store, make_app):
    ana = add(store, "Ana Lima", stage=Stage.TRUSTED)
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("i", "5", "down", "down", "down", "up", "down")  # received, a referral
        await pilot.press(*"sent me the Hendersons", "enter")
        await pilot.pause()
        await pilot.press("n")  # no thank-you now
        await pilot.pause()
        await pilot.press("i", "4", "shift+tab")  # the value row itself
        assert app.focused is app.screen.query_one("#log-value")
        await pilot.press("right", "enter", *"a resource", "enter")
        await pilot.pause()
    received, gave = store.interactions(ana.id)
    assert (received.kind, received.value) == (Kind.RECEIVED, Value.REFERRAL)
    assert (gave.kind, gave.value, gave.summary) == (Kind.GAVE, Value.RESOURCE, "a resource")


LABELS = ("Name", "Company", "Title", "Emails", "Phones", "URLs", "Stage", "Tags", "Knows about",
          "Needs", "Met at", "Follow up every", "Notes")


async def test_the_add_form_fits_80x24_with_its_hint_and_scrolls_when_shorter(store, make_app):
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("a")
        await pilot.pause()
        text = screen_text(app)
        for label in LABELS:
            assert label in text, label
        assert "ctrl+s save" in text and "esc cancel" in text
        await pilot.resize_terminal(80, 16)
        await pilot.pause()
        while not isinstance(app.focused, TextArea):  # down to Notes, the last field
            await pilot.press("tab")
        await pilot.pause()
        text = screen_text(app)
        assert "ctrl+s save" in text and "Notes" in text  # the body scrolled; the hint stayed


async def test_the_form_has_two_columns_from_100_wide(store, make_app):
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("a")
        await pilot.pause()
        for width in (100, 160):
            await pilot.resize_terminal(width, 30)
            await pilot.pause()
            lines = screen_text(app).splitlines()
            assert any("Name" in line and "Tags" in line for line in lines), width
            assert any("Stage" in line and "Met  Talked  Gave value  Trusted" in line for line in lines)


async def test_escape_asks_before_discarding_what_was_typed(store, make_app):
    ana = add(store, "Ana Lima", company="Acme")
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("a", "escape")  # nothing typed: closes at once
        await pilot.pause()
        assert type(app.screen).__name__ == "BoardScreen"
        await pilot.press("a", *"Zoe", "escape")
        await pilot.pause()
        assert "Discard this new contact?" in screen_text(app)
        await pilot.press("n")
        await pilot.pause()
        assert type(app.screen).__name__ == "ContactForm"
        assert app.screen.query_one("#field-name", Input).value == "Zoe"
        assert _focused_id(app) == "field-name"
        await pilot.press("escape", "y")
        await pilot.pause()
        assert type(app.screen).__name__ == "BoardScreen"
        await pilot.press("e", "tab", "ctrl+u", "escape")
        await pilot.pause()
        assert "Discard the changes to Ana Lima?" in screen_text(app)
        await pilot.press("y")
        await pilot.pause()
    assert [c.name for c in store.contacts()] == ["Ana Lima"] and store.get(ana.id).company == "Acme"


async def test_notes_keep_their_lines_and_the_stage_is_a_row_of_choices(store, make_app):
    ana = add(store, "Ana Lima", notes="first line\nsecond line")
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        assert form.query_one("#field-notes", TextArea).text == "first line\nsecond line"
        form.query_one("#field-stage").focus()
        await pilot.press("right", "right", "ctrl+s")
        await pilot.pause()
    saved = store.get(ana.id)
    assert (saved.notes, saved.stage) == ("first line\nsecond line", Stage.GAVE_VALUE)
