"""The message picker, driven with Pilot in a minimal host app: cycle, edit, pick, close."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Static, TextArea

from board.outreach import Suggestion
from widgets.dialogs.message_picker import MessagePicker, PickedMessage

SUGGESTIONS = [
    Suggestion("answer-request", "Answer a request", "Hi Ana,\n\nThanks for the request.", "a request"),
    Suggestion("offer-intro", "Offer an intro", "Hi Ana,\n\nMeet Dana Lee.", "Dana knows it"),
    Suggestion("invite-to-talk", "Invite", "Hi Ana,\n\nCoffee soon?", "you have met"),
]


class Host(App[None]):
    """Opens the picker and keeps what it dismissed with."""

    def __init__(self, suggestions: list[Suggestion]) -> None:
        super().__init__()
        self.suggestions = suggestions
        self.results: list[PickedMessage | None] = []

    def compose(self) -> ComposeResult:
        yield Static("board")

    def on_mount(self) -> None:
        self.push_screen(MessagePicker(self.suggestions, "Ana Lopez"), self.results.append)


def _shown(app: Host) -> str:
    return app.screen.query_one("#picker-text", TextArea).text


def _heading(app: Host) -> str:
    return str(app.screen.query_one("#picker-heading", Static).render())


async def test_cycles_with_j_k_and_tab_both_ways() -> None:
    app = Host(SUGGESTIONS)
    async with app.run_test() as pilot:
        await pilot.pause()
        assert isinstance(app.screen, MessagePicker)
        assert _shown(app) == SUGGESTIONS[0].text
        assert "1/3" in _heading(app) and "answer-request" in _heading(app)
        await pilot.press("j")
        assert _shown(app) == SUGGESTIONS[1].text
        await pilot.press("tab")
        assert _shown(app) == SUGGESTIONS[2].text
        await pilot.press("tab")  # wraps around
        assert _shown(app) == SUGGESTIONS[0].text
        await pilot.press("k")
        assert _shown(app) == SUGGESTIONS[2].text
        await pilot.press("shift+tab")
        assert _shown(app) == SUGGESTIONS[1].text
        assert "2/3" in _heading(app) and "offer-intro" in _heading(app)


async def test_enter_picks_the_shown_message() -> None:
    app = Host(SUGGESTIONS)
    async with app.run_test() as pilot:
        await pilot.press("j", "enter")
        await pilot.pause()
        assert app.results == [PickedMessage("offer-intro", SUGGESTIONS[1].text, edited=False)]
        assert not isinstance(app.screen, MessagePicker)


async def test_edit_then_enter_returns_the_edited_text() -> None:
    app = Host(SUGGESTIONS)
    async with app.run_test() as pilot:
        await pilot.press("e")
        area = app.screen.query_one("#picker-text", TextArea)
        assert not area.read_only and area.has_focus
        # While editing, letters are typed, not taken as keys: j/k/e/enter go in the text.
        await pilot.press("space", "j", "k", "e", "enter", "B", "y", "e")
        assert _shown(app) == SUGGESTIONS[0].text + " jke\nBye"
        await pilot.press("escape")  # leaves editing, keeps the picker open
        assert isinstance(app.screen, MessagePicker) and area.read_only
        assert "(edited)" in _heading(app)
        await pilot.press("enter")
        await pilot.pause()
        assert app.results == [
            PickedMessage("answer-request", SUGGESTIONS[0].text + " jke\nBye", edited=True)
        ]


async def test_edits_survive_cycling() -> None:
    app = Host(SUGGESTIONS)
    async with app.run_test() as pilot:
        await pilot.press("e", "!", "escape", "j", "k")
        assert _shown(app) == SUGGESTIONS[0].text + "!"
        await pilot.press("e", "?", "tab")  # tab while editing keeps the edit and moves on
        assert _shown(app) == SUGGESTIONS[1].text
        await pilot.press("shift+tab", "enter")
        await pilot.pause()
        assert app.results[0] == PickedMessage("answer-request", SUGGESTIONS[0].text + "!?", True)


async def test_escape_closes_with_none() -> None:
    app = Host(SUGGESTIONS)
    async with app.run_test() as pilot:
        await pilot.press("j", "escape")
        await pilot.pause()
        assert app.results == [None]
        assert not isinstance(app.screen, MessagePicker)


async def test_no_suggestions_says_so_and_enter_closes_with_none() -> None:
    app = Host([])
    async with app.run_test() as pilot:
        await pilot.pause()
        assert "No message fits" in _heading(app)
        await pilot.press("j", "e", "x", "enter")
        await pilot.pause()
        assert app.results == [None]


def test_every_binding_has_an_id_and_a_description() -> None:
    for binding in MessagePicker.BINDINGS:
        assert binding.id and binding.id.startswith("picker-"), binding
        assert binding.description and binding.tooltip, binding
    ids = [b.id for b in MessagePicker.BINDINGS]
    assert len(ids) == len(set(ids))
