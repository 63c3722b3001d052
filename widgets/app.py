"""The Textual app: opens the board, routes between screens, keeps them current.

Behaviour lives on the screens (`widgets/screens/`): they run the store changes and open
the dialogs. The App creates the session, applies the config (theme, keys), polls the
store for other processes' changes, and answers the screens' messages by showing the
screen they ask for.
"""

from __future__ import annotations

import gc
import sys
import time
from collections.abc import Callable, Iterable
from functools import partial
from typing import TYPE_CHECKING, Any

from textual import events, on
from textual.app import App, SystemCommand
from textual.screen import Screen

from board.config import Config, save_setting
from board.errors import DataError, TrustboardError
from board.front import keep_front
from board.history import History
from board.store import Store
from board.text import safe_line
from widgets.background import Background
from widgets.collector import Collector, one_malloc_arena
from widgets.kept import screens_seen_below
from widgets.keys import bindings
from widgets.messages import (
    GoToContact,
    OpenDetails,
    OpenGifts,
    OpenResources,
    OpenWhoKnows,
    StoreDamaged,
)
from widgets.notices import NoticeApp
from widgets.palette import ContactsProvider, board_commands
from widgets.screens.base import SessionScreen, redraw_screens
from widgets.screens.board import BoardScreen
from widgets.screens.contact import ContactScreen
from widgets.session import Session
from widgets.standings import WAIT_UP_TO
from widgets.syncing import BoardSync
from widgets.typeahead import TypeAhead

if TYPE_CHECKING:  # the screens and dialogs the board does not open at start: loaded when first opened
    from board.store.backup_names import BackupInfo
    from widgets.dialogs.damaged import Answer

STARTED = time.perf_counter()
POLL_SECONDS = 1.0
SYNC_HEADER_SECONDS = 30.0  # how often the header's "synced 5 min ago" is brought up to date
ARRIVING_SECONDS = 1 / 60  # between two parts of the standings landing (`Standings.later`): a frame


class TrustboardApp(NoticeApp):
    """trustboard's board, Today queue, details and dialogs."""

    CSS_PATH = "trustboard.tcss"
    TITLE = "trustboard"
    COMMANDS = App.COMMANDS | {ContactsProvider}

    # `screen.…` actions run on the screen on top (see `SessionScreen`).
    BINDINGS = bindings("app")

    def __init__(self, store: Store, config: Config) -> None:
        super().__init__()
        self.session = Session(store, config, warn=self._template_problem)
        self.startup_seconds: float | None = None
        self._touched = False  # a key or the mouse used since the board opened
        self._opened_version = -1  # the session's data version the card file's front was made at
        self.problems: list[str] = []  # with the config and templates: help lists them
        self.syncing = BoardSync(self, self.session)
        self._quitting = False
        self._configured = False  # set once the config's theme and keys are applied
        self.collector = Collector()  # full garbage collections while no key is pressed
        self.typeahead = TypeAhead(self, self._on_input)  # a key typed in a burst waits for the one before
        self.damaged: DataError | None = None  # a file that cannot be read, while its dialog is up
        self.quit_damaged: DataError | None = None  # quit rather than restore: the CLI says it
        # A large board reads who is owed thanks or quiet in a thread, after it painted.
        self.background = Background(self, self.collector)  # (its work gives way to keys)
        self.session.standing.background = self.background.run
        self.session.background = self.background.run
        self.session.standing.arrived = self._standings_arrived
        self.session.standing.later = lambda step: self.set_timer(ARRIVING_SECONDS, step)  # (a landing spread)

    @property
    def store(self) -> Store:
        return self.session.store

    @property
    def config(self) -> Config:
        return self.session.config

    @property
    def history(self) -> History:
        return self.session.history

    # -- start-up

    def get_default_screen(self) -> Screen[Any]:
        return BoardScreen(self.session)

    @property
    def _background_screens(self) -> list[Screen[Any]]:
        # Textual's (8.2) private: nothing shows under Today or details (widgets/kept.py).
        return screens_seen_below(self, super()._background_screens)

    def on_mount(self) -> None:
        problems = list(self.config.problems)
        if self.config.theme:
            if self.config.theme in self.available_themes:
                self.theme = self.config.theme
            else:
                problems.append(
                    f"{self.config.path}: theme {self.config.theme!r} is not a theme "
                    f"(try one of: {', '.join(sorted(self.available_themes)[:6])}…)"
                )
        if self.config.keys:  # (the key names' check loads only for a config that rebinds)
            from widgets.keymap import check_keymap

            good, refused = check_keymap(self.config.keys)
            problems.extend(bad.describe(self.config.path) for bad in refused)
            if good:
                self.set_keymap(good)
        self.problems = problems
        if len(problems) == 1:
            self.notify(problems[0], title="Config", severity="warning", timeout=12)
        elif problems:
            self.notify(
                f"{len(problems)} problems in the config — ? lists them; first: {problems[0]}",
                severity="warning", timeout=12,
            )
        self._configured = True
        self.collector.start()
        self.set_interval(POLL_SECONDS, self.poll_store)
        self.set_interval(POLL_SECONDS, self.collector.tick)
        self.set_interval(SYNC_HEADER_SECONDS, self._sync_header)
        if self.config.sync_auto:
            self.syncing.start(quiet=True)
        self.call_after_refresh(self._started)
        # A screen opened before that callback ran keeps it until the board is idle again
        # (Textual runs it on the screen that was current): start the background then.
        self.screen_change_signal.subscribe(self, self._screen_changed)
        self.screen_change_signal.subscribe(self, lambda _screen: self.typeahead.opened(), immediate=True)

    def on_unmount(self) -> None:
        self.background.stop()
        self.collector.stop()

    async def on_event(self, event: events.Event) -> None:
        if not self.typeahead.take(event):  # (a key typed right behind another waits for it)
            await self._on_input(event)

    async def _on_key(self, event: events.Key) -> None:
        # A key back up at the app: Textual's own `App._on_key` runs its binding right after
        # this (each class's handler is called); the next key waits for what that asked for.
        self.typeahead.came_back()

    async def _on_input(self, event: events.Event) -> None:
        if isinstance(event, events.InputEvent):
            self.collector.input()
            self._touched = True
            board = self.screen_stack[0] if self.screen_stack else None
            if isinstance(board, BoardScreen):
                board.ensure_loaded()  # (a key within a frame of the board's front: the whole board first)
        await super().on_event(event)

    def _screen_changed(self, screen: Screen[Any]) -> None:
        if self.startup_seconds is None and not isinstance(screen, BoardScreen):
            self._started()

    def _started(self) -> None:
        if self.startup_seconds is not None:
            return
        self.startup_seconds = time.perf_counter() - STARTED
        self.log.info(f"trustboard started in {self.startup_seconds:.3f}s")
        board = self._board_screen()
        board.ensure_loaded()  # painted from the card file's front: the whole board now
        self._opened_version = self.session.version  # (the data as the front kept below)
        if not gc.isenabled():  # held off from the start (`board.cli.main`) until the first frame
            gc.freeze()  # what start-up made stays out of later collections, as the loaded board does
            gc.enable()
        # The card file brought up to date with what this open read, and the front the board
        # now shows kept for the next open today (a cache: in a thread).
        front = board.front()
        self.background.run(lambda: self.store.save_cards(front), lambda _: None)
        self.background.start()

    def keep_front(self) -> None:
        """Once the board has closed: if its data changed since it opened, keep the front
        of the board as it now is in the card file (`board.front`), so that its next open
        today paints from it too. A cache: any failure leaves the card file as it was."""
        if self.startup_seconds is not None and self.session.version != self._opened_version and not self.quit_damaged:
            keep_front(self.store, self.config, WAIT_UP_TO)

    def _standings_arrived(self, changed: set[str]) -> None:
        """Who is owed thanks or quiet is known now: redraw just those people (and, before
        any key, show the columns from the top, where those owed thanks now lead)."""
        for screen in self.screen_stack:
            if isinstance(screen, SessionScreen):
                screen.standings_changed(changed)
        if not self._touched and isinstance(self.screen, BoardScreen):
            self.screen.to_top()

    def _template_problem(self, problem: str) -> None:
        self.problems.append(problem)
        self.notify(problem, title="Templates", severity="warning", timeout=12)

    def watch_theme(self, theme: str) -> None:
        # Only a theme the user picks while the board runs is saved, not the one the
        # board starts with.
        if self._configured and theme != self.config.theme and self.config.path is not None:
            try:
                save_setting("theme", theme, self.config.path)
                self.config.theme = theme
            except TrustboardError as exc:
                self.notify(str(exc), title="Theme not saved", severity="warning")
            except OSError as exc:  # a full disk, a read-only config: the board goes on
                self.notify(f"{exc.strerror or exc}: {self.config.path}", title="Theme not saved",
                            severity="warning", timeout=12)

    # -- keeping screens current

    def poll_store(self) -> None:
        """Pick up changes another trustboard made (checked once a second)."""
        try:
            changed = self.store.refresh(blocking=False)
        except TrustboardError as exc:
            self.notify(str(exc), severity="error", timeout=15)
            return
        if changed:
            try:
                self.data_changed()
            except DataError as exc:
                self.post_message(StoreDamaged(exc))

    # -- a damaged file

    @on(StoreDamaged)
    def _store_damaged(self, message: StoreDamaged) -> None:
        """Say which file cannot be read; offer its newest good backup, or quitting."""
        if self.damaged is not None:
            return  # its dialog is up already
        from widgets.dialogs.damaged import DamagedDialog, good_backup

        self.damaged = message.error
        backup = good_backup(self.store, message.error)
        self.push_screen(DamagedDialog(str(message.error), backup), partial(self._damaged_answer, backup))

    def _damaged_answer(self, backup: BackupInfo | None, answer: Answer | None) -> None:
        from widgets.dialogs.damaged import RESTORE

        error, self.damaged = self.damaged, None
        if answer != RESTORE or backup is None:
            self.quit_damaged = error
            self.exit(return_code=1)
            return
        try:
            done = self.store.restore(backup.name)
        except TrustboardError as exc:
            self.notify(f"The restore failed, nothing was changed: {exc}", severity="error", timeout=20)
        else:
            self.history.clear()  # the changes it holds were to the data just replaced
            self.notify(
                f"Restored the backup {done.backup.name}. The data as it was is kept as the backup "
                f"{done.kept.name} (`trustboard restore {done.kept.name}` brings it back).",
                title="Restored", timeout=20,
            )
        self.data_changed()  # a file still damaged: its dialog again

    def _sync_header(self) -> None:
        self.session.reload_sync()
        self._board_screen().show_header()

    async def action_quit(self) -> None:
        """Quit; with `[sync] auto`, sync first (q again closes the board at once)."""
        if self.config.sync_auto and not self._quitting and self.syncing.start(quiet=True, then=self.exit):
            self._quitting = True
            self.notify("Syncing before quitting… (q again closes the board; the sync still finishes)",
                        title="Sync")
            return
        self.exit()

    def data_changed(self, select_id: str | None = None, changed: set[str] | None = None) -> None:
        """Tell every open screen to redraw (only `changed` contacts, when known)."""
        redraw_screens(self, self.session, select_id, changed)

    # -- going between screens

    def _open_once(self, kind: type[Screen[Any]], make: Callable[[], Screen[Any]]) -> None:
        """Open the screen `make` builds, unless a `kind` screen is on top already."""
        if not isinstance(self.screen, kind):
            self.push_screen(make())

    def action_today(self) -> None:
        from widgets.screens.today import TodayScreen, today_screen

        self._open_once(TodayScreen, lambda: today_screen(self, self.session))

    def action_givers_gain(self) -> None:
        from board.stats import givers_gain_for
        from widgets.screens.givers_gain import ARCHIVE_QUIET, GiversGainScreen

        def closed(result: str | None) -> None:
            if result == ARCHIVE_QUIET:
                screen = self.session_screen()
                if isinstance(screen, ContactScreen):
                    screen.action_archive_quiet()

        self.push_screen(GiversGainScreen(givers_gain_for(self.store, self.config)), closed)

    def action_help(self) -> None:
        from widgets.dialogs.help import HelpScreen

        self._open_once(HelpScreen, lambda: HelpScreen(self.screen, self.problems))

    @on(OpenDetails)
    def _open_details(self, message: OpenDetails) -> None:
        from widgets.screens.detail import DetailScreen

        self.push_screen(DetailScreen(self.session, message.contact_id))

    @on(OpenWhoKnows)
    def _open_who_knows(self, message: OpenWhoKnows) -> None:
        from widgets.screens.who_knows import WhoKnowsScreen

        self.push_screen(WhoKnowsScreen(self.session, message.contact))

    @on(OpenGifts)
    def _open_gifts(self, message: OpenGifts) -> None:
        from widgets.screens.gifts import GiftsScreen  # loaded when first opened

        self.push_screen(GiftsScreen(self.session, message.contact_id))

    @on(OpenResources)
    def _open_resources(self, message: OpenResources) -> None:
        from widgets.screens.resources import ResourcesScreen  # loaded when first opened

        self._open_once(ResourcesScreen, lambda: ResourcesScreen(self.session))

    @on(GoToContact)
    def _go_to_contact(self, message: GoToContact) -> None:
        """Jump to a contact on the board (clearing a filter that hides them)."""
        board = self.board_on_top()
        board.show_filter("archived" if self.store.get(message.contact_id).archived else "")
        board.refresh_data(message.contact_id)

    def session_screen(self) -> SessionScreen:
        """The top-most full screen (under any dialogs)."""
        return next(s for s in reversed(self.screen_stack) if isinstance(s, SessionScreen))

    def _board_screen(self) -> BoardScreen:
        board = self.screen_stack[0]
        assert isinstance(board, BoardScreen)
        return board

    def board_on_top(self) -> BoardScreen:
        """The board, the screens over it closed."""
        while not isinstance(self.screen, BoardScreen) and len(self.screen_stack) > 1:
            self.pop_screen()
        board = self.screen_stack[0]
        assert isinstance(board, BoardScreen)
        return board

    # -- command palette

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield from board_commands(self, screen)


def run_board(store: Store, config: Config) -> None:
    """Open the board full-screen (the CLI's only door to Textual)."""
    one_malloc_arena()  # before Textual and the board start their threads
    app = TrustboardApp(store, config)
    if sys.platform != "win32":  # a lone esc without the Linux input thread's 0.1 s lag
        from widgets.driver import prompt_driver

        app.driver_class = prompt_driver(app.driver_class)
    app.run()
    app.keep_front()  # (the terminal is the shell's again already)
    if app.quit_damaged is not None:
        raise DataError(
            f"{app.quit_damaged} · Nothing was changed: `trustboard check` lists every problem, "
            "`trustboard restore latest` brings the whole store back from the latest backup"
        )
    if app.syncing.problem:  # the sync at quit failed after the board was gone: say so
        print(f"trustboard: the sync at quit failed: {safe_line(app.syncing.problem)}", file=sys.stderr)
