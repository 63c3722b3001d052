"""The startup baseline: a bare Textual app (Header + Static + Footer), started like trustboard."""

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Static


class Bare(App[None]):
    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("bare app ready")
        yield Footer()


if __name__ == "__main__":
    Bare().run()
