"""Where data and configuration live, and the user's `config.toml`.

    my_name = "Sam Rivera"          # signs outreach messages
    theme = "textual-dark"          # remembered by the board
    [cadence]                       # days between follow-ups, per stage
    met = 7
    talked = 14
    gave_value = 30
    trusted = 60
    [keys]                          # binding id = "key[,key...]"
    snooze = "z"
    [[templates]]                   # extra or overriding outreach messages
    name = "coffee"
    stages = ["met"]
    text = "Hi {first_name}, coffee next week?"
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from board.errors import UserError
from board.model import Stage

DEFAULT_CADENCE: dict[Stage, int] = {
    Stage.MET: 7,
    Stage.TALKED: 14,
    Stage.GAVE_VALUE: 30,
    Stage.TRUSTED: 60,
}


def data_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """`--data DIR`, else $TRUSTBOARD_DATA, else the platform user data directory."""
    if explicit:
        return Path(explicit).expanduser()
    env = os.environ.get("TRUSTBOARD_DATA")
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("trustboard"))


def config_path() -> Path:
    """$TRUSTBOARD_CONFIG, else config.toml in the platform user config directory."""
    env = os.environ.get("TRUSTBOARD_CONFIG")
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_config_dir("trustboard")) / "config.toml"


@dataclass
class Config:
    """The user's settings, validated. `problems` lists what was ignored and why."""

    path: Path | None = None
    my_name: str = ""
    theme: str = ""
    cadence: dict[Stage, int] = field(default_factory=lambda: dict(DEFAULT_CADENCE))
    keys: dict[str, str] = field(default_factory=dict)
    templates: list[dict[str, Any]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def cadence_for(self, stage: Stage, override: int | None = None) -> int:
        return override if override else self.cadence[stage]


def load_config(path: Path | None = None, *, strict: bool = False) -> Config:
    """Read config.toml. A missing file gives defaults.

    A malformed file or value is reported in `problems` (naming the file, line or key)
    and the defaults stay in force; with strict=True the first problem is raised.
    """
    path = path or config_path()
    config = Config(path=path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return config
    except OSError as exc:
        return _problem(config, f"{path}: cannot read it ({exc.strerror})", strict)
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        return _problem(config, f"{path}: it is not UTF-8 text", strict)
    except tomllib.TOMLDecodeError as exc:
        return _problem(config, f"{path}: {exc}", strict)

    my_name = data.get("my_name", "")
    if not isinstance(my_name, str):
        _problem(config, f"{path}: my_name must be text", strict)
    else:
        config.my_name = my_name.strip()
    theme = data.get("theme", "")
    if not isinstance(theme, str):
        _problem(config, f"{path}: theme must be text", strict)
    else:
        config.theme = theme

    cadence = data.get("cadence", {})
    if not isinstance(cadence, dict):
        _problem(config, f"{path}: [cadence] must be a table of stage = days", strict)
        cadence = {}
    for key, days in cadence.items():
        try:
            stage = Stage.parse(key)
        except UserError:
            _problem(config, f"{path}: cadence.{key} is not a stage (met, talked, gave_value, trusted)", strict)
            continue
        if isinstance(days, bool) or not isinstance(days, int) or days < 1:
            _problem(
                config,
                f"{path}: cadence.{key} must be a whole number of days, 1 or more (got {days!r})",
                strict,
            )
            continue
        config.cadence[stage] = days

    keys = data.get("keys", {})
    if not isinstance(keys, dict) or not all(isinstance(v, str) for v in keys.values()):
        _problem(config, f'{path}: [keys] must map binding ids to key names, like snooze = "z"', strict)
    else:
        config.keys = dict(keys)

    templates = data.get("templates", [])
    if not isinstance(templates, list) or not all(isinstance(t, dict) for t in templates):
        _problem(config, f"{path}: templates must be written as [[templates]] tables", strict)
    else:
        config.templates = templates
    return config


def _problem(config: Config, message: str, strict: bool) -> Config:
    if strict:
        raise UserError(message)
    config.problems.append(message)
    return config


def save_setting(key: str, value: str, path: Path | None = None) -> None:
    """Set one top-level setting in config.toml, keeping the user's comments and layout."""
    import tomlkit

    from board.files import ensure_dir, write_atomic

    path = path or config_path()
    try:
        document = tomlkit.parse(path.read_text("utf-8")) if path.exists() else tomlkit.document()
    except Exception as exc:  # tomlkit raises its own ParseError family
        raise UserError(f"{path}: cannot update it ({exc})") from None
    document[key] = value
    ensure_dir(path.parent)
    write_atomic(path, tomlkit.dumps(document).encode("utf-8"))
