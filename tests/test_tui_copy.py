"""Copying outreach messages from the board: `c`, the `m` picker, and marking as sent."""

from __future__ import annotations

from board.model import Kind, Stage
from tests.helpers import FIXED_NOW, add, notices, screen_text


def _ana(store, **fields):
    return add(store, "Ana Lima", at=FIXED_NOW, company="Acme", met_at="BNI breakfast", **fields)


async def test_c_copies_the_top_message_over_osc52_without_a_display(store, make_app):
    ana = _ana(store)
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("c")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.clipboard.startswith("Hi Ana")
        assert "{" not in app.clipboard and "None" not in app.clipboard
        said = notices(app)
        assert "Copied" in said and "terminal (OSC 52)" in said  # no DISPLAY: OSC 52 only
        assert "system clipboard" not in said
        await pilot.press("y")  # mark as sent
        await pilot.pause()
    [sent] = store.interactions(ana.id)
    assert sent.kind == Kind.MESSAGE and sent.summary.startswith("sent: ")
    assert store.get(ana.id).last_interaction_at == sent.at


async def test_y_does_nothing_before_a_copy(store, make_app):
    ana = _ana(store)
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("y")
        await pilot.pause()
    assert store.interactions(ana.id) == []


async def test_picker_cycles_edits_and_copies(store, make_app):
    ana = _ana(store, stage=Stage.TALKED, needs="more clients for estate planning")
    add(store, "Bo Chen", at=FIXED_NOW, expertise=["estate planning"])
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("l")  # the Talked column
        await pilot.press("m")
        await pilot.pause()
        picker = app.screen
        assert type(picker).__name__ == "MessagePicker" and len(picker.suggestions) >= 2
        first = picker.current.name
        await pilot.press("j")
        await pilot.pause()
        second = picker.current
        assert second.name != first
        assert second.text.splitlines()[0] in screen_text(app)
        await pilot.press("e")
        await pilot.pause()
        await pilot.press(*" Cheers!", "escape")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert app.clipboard.endswith(" Cheers!")
        assert second.text in app.clipboard
        await pilot.press("y")
        await pilot.pause()
        copied = app.clipboard
    [sent] = store.interactions(ana.id)
    assert sent.summary == f"sent: {second.name}\n{copied}"  # the text as edited and copied


def _bo(store):
    return add(store, "Bo Chen", at=FIXED_NOW, company="Lumen", met_at="BNI breakfast")


def _footer(app) -> str:
    return screen_text(app).splitlines()[-1]


async def test_y_is_disarmed_when_the_selection_moves(store, make_app):
    ana, bo = _ana(store), _bo(store)
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.screen.selected_contact().id == ana.id
        await pilot.press("c")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "y Mark sent" in _footer(app)  # whole, at 80 columns
        await pilot.press("j")  # Bo now: y must not log Ana's message on Bo, nor on Ana
        await pilot.pause()
        assert app.screen.selected_contact().id == bo.id
        assert "Mark sent" not in _footer(app)
        await pilot.press("y")
        await pilot.pause()
    assert store.interactions(ana.id) == [] and store.interactions(bo.id) == []


async def test_y_belongs_to_the_screen_where_the_copy_happened(store, make_app):
    ana = _ana(store)
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("c")
        await pilot.pause()
        await pilot.press("enter")  # Ana's details: y is the board's, not theirs
        await pilot.pause()
        assert "Mark sent" not in _footer(app)
        await pilot.press("y")
        await pilot.pause()
        assert store.interactions(ana.id) == []
        await pilot.press("escape")
        await pilot.pause()
        assert "y Mark sent" in _footer(app)
        await pilot.press("y")
        await pilot.pause()
    assert [i.kind for i in store.interactions(ana.id)] == [Kind.MESSAGE]


async def test_y_names_the_person_and_logs_the_text_copied(store, make_app):
    ana = _ana(store)
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        first = app.screen.session.suggestions(ana)[0]
        await pilot.press("m", "e", *" See you soon.", "escape", "enter")  # an edit in the picker
        await pilot.pause()
        copied = app.clipboard
        assert copied.endswith("See you soon.")
        await pilot.press("y")
        await pilot.pause()
        assert "Logged the message to Ana Lima as sent" in notices(app)
        await pilot.press("c")  # what was just sent is not offered first again
        await pilot.pause()
        assert app.clipboard != copied and not app.clipboard.startswith(first.text[:40])
    [sent] = store.interactions(ana.id)
    assert sent.summary == f"sent: {first.name}\n{copied}"
