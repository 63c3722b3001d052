"""The log and contact forms opened again in one session: each time as a new form would be.

The app keeps one of each (installed, never removed): what was typed, chosen or refused
the last time must not show through for the next person.
"""

from __future__ import annotations

from textual.widgets import Input, TextArea

from board.model import Direction, Kind, Stage, Value
from tests.helpers import add, notices, screen_text, wait_until
from widgets.choices import ChoiceRow


async def test_the_log_form_opens_fresh_for_the_next_person(store, make_app):
    ana = add(store, "Ana Lima", stage=Stage.TALKED)
    bo = add(store, "Bo Chen", stage=Stage.TALKED)
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        board = app.screen
        await pilot.press("i")
        await pilot.pause()
        first = app.screen
        # A gift with a value, a time refused, then cancelled.
        await pilot.press("4", *"a book", "down", "tab", *"3000-01-01", "enter")
        await pilot.pause()
        assert "more than a day ahead" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is board
        selected = board.selected_contact()
        assert selected is not None
        other = bo if selected.id == ana.id else ana
        board.refresh_data(other.id)
        await pilot.pause()
        await pilot.press("i")
        await pilot.pause()
        form = app.screen
        assert form is first  # the same form, filled again
        text = screen_text(app)
        assert f"Log an interaction with {other.name}" in text
        assert "more than a day ahead" not in text
        assert form.query_one("#log-kind", ChoiceRow).index == 0  # message
        assert form.query_one("#log-value", ChoiceRow).labels[0] == "me"
        assert form.query_one("#log-summary", Input).value == ""
        assert form.query_one("#log-at", Input).value == ""
        assert app.focused is form.query_one("#log-kind", ChoiceRow)
        await pilot.press("enter", *"hello", "enter")  # the kind row's enter: on to the summary
        await pilot.pause()
    assert store.interactions(selected.id) == []
    [said] = store.interactions(other.id)
    assert (said.kind, said.summary, said.value, said.direction) == (Kind.MESSAGE, "hello", None, Direction.OUT)


async def test_the_log_form_keeps_the_value_picked_for_a_gift(store, make_app):
    ana = add(store, "Ana Lima", stage=Stage.TRUSTED)
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        for summary in ("first", "second"):
            await pilot.press("i")
            await pilot.pause()
            await pilot.press("4", "down", *summary, "enter")
            await pilot.pause()
    assert [(i.kind, i.summary, i.value) for i in store.interactions(ana.id)] == [
        (Kind.GAVE, "first", list(Value)[1]), (Kind.GAVE, "second", list(Value)[1]),
    ]


async def test_the_contact_form_opens_fresh_to_add_after_an_edit(store, make_app):
    ana = add(store, "Ana Lima", company="Acme", notes="likes tea", stage=Stage.TALKED)
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("e")
        await pilot.pause()
        edit = app.screen
        assert edit.query_one("#field-company", Input).value == "Acme"
        edit.query_one("#field-cadence_days", Input).value = "soon"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "follow up every how many days" in screen_text(app).lower()
        edit.query_one("#field-cadence_days", Input).value = ""
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        add_form = app.screen
        assert add_form is edit
        text = screen_text(app)
        assert "Add a contact" in text and "Edit Ana Lima" not in text
        assert "follow up every how many days" not in text.lower()
        assert add_form.query_one("#field-company", Input).value == ""
        assert add_form.query_one("#field-notes", TextArea).text == ""
        assert add_form.query_one("#field-stage", ChoiceRow).index == 0
        assert app.focused is add_form.query_one("#field-name", Input)
        # Nothing typed yet: esc closes without asking.
        await pilot.press("escape")
        await pilot.pause()
        assert type(app.screen).__name__ == "BoardScreen"
        await pilot.press("e")
        await pilot.pause()
        assert "Edit Ana Lima" in screen_text(app)
        assert app.screen.query_one("#field-notes", TextArea).text == "likes tea"
        await pilot.press(*"Bea Lu")
        await pilot.press("escape")
        await pilot.pause()
        assert "Discard the changes to Ana Lima?" in screen_text(app)
    assert store.get(ana.id).name == "Ana Lima"


async def test_an_esc_keeps_the_note_typed_for_the_next_log_with_that_person(store, make_app):
    """A stray esc while writing a note throws nothing away: the next log with the same
    person starts from it (kind, value and summary), another person's form opens fresh,
    and once saved the draft is gone."""
    ana = add(store, "Ana Lima", stage=Stage.TRUSTED)
    bo = add(store, "Bo Chen", stage=Stage.TRUSTED)
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        board = app.screen
        selected = board.selected_contact()
        assert selected is not None
        other = bo if selected.id == ana.id else ana
        await pilot.press("i")
        await pilot.pause()
        await pilot.press("4", *"lent my book on", "down", "escape")  # a gift, valued, then esc
        await pilot.pause()
        assert app.screen is board
        await wait_until(pilot, lambda: "Not logged: your note is kept" in notices(app))
        assert store.interactions(selected.id) == []
        board.refresh_data(other.id)  # another person: a fresh form
        await pilot.pause()
        await pilot.press("i")
        await pilot.pause()
        assert app.screen.query_one("#log-summary", Input).value == ""
        await pilot.press("escape")  # nothing typed: nothing kept
        await pilot.pause()
        board.refresh_data(selected.id)
        await pilot.pause()
        await pilot.press("i")
        await pilot.pause()
        form = app.screen
        summary = form.query_one("#log-summary", Input)
        assert summary.value == "lent my book on" and app.focused is summary
        assert form.query_one("#log-kind", ChoiceRow).index == 3  # gave
        await pilot.press(*" DDIA", "enter")
        await pilot.pause()
        assert app.screen is board
        board.refresh_data(selected.id)
        await pilot.pause()
        await pilot.press("i")  # saved: the next log starts empty
        await pilot.pause()
        assert app.screen.query_one("#log-summary", Input).value == ""
    [gave] = store.interactions(selected.id)
    assert (gave.kind, gave.summary, gave.value) == (Kind.GAVE, "lent my book on DDIA", list(Value)[1])
    assert store.interactions(other.id) == []
