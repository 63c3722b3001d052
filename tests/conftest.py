"""Shared fixtures: an isolated environment, a store on a fixed clock, the sample network, the app."""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest

from board.config import Config, load_config
from board.sample import load_sample
from board.store import Store
from tests.helpers import FIXED_NOW, Clock, watch_notices

# The fast loop (`pytest -m "not slow"`) is the logic. Besides the tests marked one by one
# (scale, crash, tmux, packaging, stateful), three kinds are slow by nature and marked here
# so that no new one is forgotten: a test that drives the board (every async test runs the
# app through Textual's pilot; a snapshot test runs it too), a test that runs the installed
# `trustboard` command in a fresh interpreter (its body calls `run_cli`, `subprocess` or
# `TRUSTBOARD`), and a test of sync, which runs real git repositories.
SLOW_MODULE_PREFIXES = ("test_sync_",)
RUNS_THE_COMMAND = re.compile(r"\brun_cli\(|\bsubprocess\.|\bTRUSTBOARD\b")


def _runs_the_command(function: object) -> bool:
    try:
        return bool(RUNS_THE_COMMAND.search(inspect.getsource(function)))  # type: ignore[arg-type]
    except (OSError, TypeError):  # no source (a builtin, a generated test): not ours to judge
        return False


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        function = getattr(item, "function", None)
        drives_board = (function is not None and inspect.iscoroutinefunction(function)) or (
            "snap_compare" in getattr(item, "fixturenames", ())
        )
        runs_command = function is not None and _runs_the_command(function)
        if drives_board or runs_command or item.path.name.startswith(SLOW_MODULE_PREFIXES):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(autouse=True)
def isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Never touch the user's real data, config or clipboard tools."""
    monkeypatch.setenv("TRUSTBOARD_DATA", str(tmp_path / "default-data"))
    monkeypatch.setenv("TRUSTBOARD_CONFIG", str(tmp_path / "config" / "config.toml"))
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("TMUX", raising=False)  # tests that want tmux start their own


@pytest.fixture
def clock() -> Clock:
    """The fixed moment (a Thursday morning, local time): every test that reads "today" sees it."""
    return Clock(FIXED_NOW)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def store(data_dir: Path, clock: Callable[[], datetime]) -> Store:
    return Store(data_dir, clock=clock)


@pytest.fixture
def sample_store(store: Store) -> Store:
    load_sample(store, FIXED_NOW)
    return store


@pytest.fixture
def config(tmp_path: Path) -> Config:
    path = tmp_path / "config" / "config.toml"
    return load_config(path)


@pytest.fixture
def make_app(config: Config) -> Callable[..., object]:
    from widgets.app import TrustboardApp

    def make(store: Store, cfg: Config | None = None) -> TrustboardApp:
        app = TrustboardApp(store, cfg or config)
        watch_notices(app)
        return app

    return make
