"""Shared fixtures: an isolated environment, a store on a fixed clock, the sample network, the app."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest

from board.config import Config, load_config
from board.sample import load_sample
from board.store import Store
from tests.helpers import FIXED_NOW, Clock, watch_notices


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
