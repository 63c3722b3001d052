"""The baselines: a bare Textual app (Header + Static + Footer), started like trustboard.

    python bench/bare_app.py           # first paint and memory baseline
    python bench/bare_app.py --modal   # the same, and `m` opens a dialog (an Input and a
                                       # Footer) that `enter` closes: what a screen cycle
                                       # costs Textual itself, in time, objects and memory
"""

import sys

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Header, Input, Static


class Bare(App[None]):
    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("bare app ready")
        yield Footer()


class Dialog(ModalScreen[str]):
    BINDINGS = [Binding("escape", "dismiss", "Cancel")]

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("bare dialog open")
            yield Input(placeholder="type, then enter")
        yield Footer()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)


class BareModal(Bare):
    BINDINGS = [Binding("m", "dialog", "Dialog")]

    def action_dialog(self) -> None:
        self.push_screen(Dialog())


if __name__ == "__main__":
    (BareModal if "--modal" in sys.argv[1:] else Bare)().run()
