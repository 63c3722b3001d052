"""Where data and configuration live, and the user's `config.toml`: one declared type.

    my_name = "Sam Rivera"          # signs outreach messages (same as [me] my_name)
    theme = "textual-dark"          # remembered by the board
    quiet_after_days = 21           # a request you answered, unanswered this long: quiet
    [cadence]                       # days between follow-ups, per stage (1–3650)
    met = 7
    talked = 14
    gave_value = 30
    trusted = 60
    [keys]                          # binding id = "key[,key...]"
    snooze = "z"
    [import]
    reconnect_per_day = 3           # imported connections the Today queue takes per day
    [sync]
    auto = false                    # sync when the board starts and quits
    [me]
    my_name = "Sam Rivera"
    groups = ["BNI Riverside"]      # your communities: common ground in first messages
    [[templates]]                   # extra or overriding outreach messages
    name = "coffee"
    stages = ["met"]
    text = "Hi {first_name}, coffee next week?"

`load_config` reads the file in one pass into `Config`. Every key is declared here
(`SETTINGS` for single values, `_TABLES` for the tables whose keys are the user's own); an
unknown key is refused by name, a bad value is reported with the file, the line and the
key, and its default stays in force. Text comes in through `board.text.clean`. Template
entries are kept as written (`TemplateEntry`, with their line) and checked by
`board.outreach.library`, which reads the built-in templates through this same code.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from board.dates import check_cadence, clamp_cadence
from board.errors import UserError
from board.model import Stage
from board.text import clean

if TYPE_CHECKING:
    from board.tomldoc import TomlDoc

DEFAULT_CADENCE: dict[Stage, int] = {
    Stage.MET: 7,
    Stage.TALKED: 14,
    Stage.GAVE_VALUE: 30,
    Stage.TRUSTED: 60,
}
DEFAULT_QUIET_AFTER_DAYS = 21
DEFAULT_RECONNECT_PER_DAY = 3
MAX_DAYS = 3650


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


@dataclass(frozen=True)
class TemplateEntry:
    """One `[[templates]]` table as written, and where; `board.outreach` checks it."""

    fields: dict[str, Any]
    source: Path | None = None
    line: int | None = None

    @property
    def where(self) -> str:
        place = str(self.source) if self.source else "config.toml"
        return f"{place}: line {self.line}" if self.line else place


@dataclass
class Config:
    """The user's settings, validated. `problems` lists what was ignored and why."""

    path: Path | None = None
    my_name: str = ""  # my_name, or [me] my_name
    theme: str = ""
    quiet_after_days: int = DEFAULT_QUIET_AFTER_DAYS
    cadence: dict[Stage, int] = field(default_factory=lambda: dict(DEFAULT_CADENCE))
    keys: dict[str, str] = field(default_factory=dict)
    templates: list[TemplateEntry] = field(default_factory=list)
    reconnect_per_day: int = DEFAULT_RECONNECT_PER_DAY  # [import] reconnect_per_day
    sync_auto: bool = False  # [sync] auto
    groups: list[str] = field(default_factory=list)  # [me] groups
    problems: list[str] = field(default_factory=list)

    def cadence_for(self, stage: Stage, override: int | None = None) -> int:
        """Days between follow-ups: the contact's own cadence, else its stage's.

        A stored cadence out of range (from an older version) is read as the nearest
        bound, so date arithmetic never overflows.
        """
        return clamp_cadence(override) if override else self.cadence[stage]


# --- the declared keys -------------------------------------------------------------------


class _Bad(ValueError):
    """A value that does not fit its key; the message ends the sentence after the key."""


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise _Bad('must be text in quotes, like "Sam Rivera"')
    return clean(value).strip()


def _flag(value: Any) -> bool:
    if not isinstance(value, bool):
        raise _Bad("must be true or false")
    return value


def _whole(value: Any, low: int, high: int | None) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < low or (
        high is not None and value > high
    ):
        bound = f"from {low} to {high}" if high is not None else f"{low} or more"
        raise _Bad(f"must be a whole number {bound} (got {value!r})")
    return value


def _days(value: Any) -> int:
    return _whole(value, 1, MAX_DAYS)


def _per_day(value: Any) -> int:
    return _whole(value, 1, None)


def _names(value: Any) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise _Bad('must be a list of names, like ["BNI Riverside", "PyOhio"]')
    names = [clean(item).strip() for item in value]
    return list(dict.fromkeys(name for name in names if name))


@dataclass(frozen=True)
class Setting:
    """One key of config.toml: the `Config` attribute it sets and how it is checked."""

    attribute: str
    read: Callable[[Any], Any]


SETTINGS: dict[str, Setting] = {
    "my_name": Setting("my_name", _text),
    "theme": Setting("theme", _text),
    "quiet_after_days": Setting("quiet_after_days", _days),
    "import.reconnect_per_day": Setting("reconnect_per_day", _per_day),
    "sync.auto": Setting("sync_auto", _flag),
    "me.my_name": Setting("my_name", _text),
    "me.groups": Setting("groups", _names),
}
_SECTIONS = sorted({key.split(".")[0] for key in SETTINGS if "." in key})


class _Reader:
    """One validation pass over a parsed document, filling a `Config`."""

    def __init__(self, config: Config, doc: TomlDoc, strict: bool) -> None:
        self.config, self.doc, self.strict = config, doc, strict

    def where(self, *path: str | int) -> str:
        place = str(self.config.path) if self.config.path else "config.toml"
        line = self.doc.line(*path)
        return f"{place}: line {line}" if line else place

    def problem(self, message: str, *path: str | int) -> None:
        text = f"{self.where(*path)}: {message}"
        if self.strict:
            raise UserError(text)
        self.config.problems.append(text)

    def read(self) -> None:
        data = self.doc.data
        for key, value in data.items():
            if key in _TABLES:
                _TABLES[key](self, value)
            elif key in _SECTIONS:
                self.section(key, value)
            else:
                self.setting(key, value, (key,))
        mine, alias = _text_or_none(data.get("my_name")), _text_or_none(_get(data, "me", "my_name"))
        if mine is not None and alias is not None and mine != alias:
            self.config.my_name = alias
            self.problem(
                "my_name and [me] my_name differ: using [me] my_name (keep one of them)",
                "me", "my_name",
            )

    def section(self, name: str, value: Any) -> None:
        if not isinstance(value, dict):
            self.problem(f"{name} must be a table: write [{name}] and its keys below it", name)
            return
        for key, item in value.items():
            self.setting(f"{name}.{key}", item, (name, key))

    def setting(self, dotted: str, value: Any, path: tuple[str, ...]) -> None:
        setting = SETTINGS.get(dotted)
        if setting is None:
            self.problem(f"unknown key {dotted!r}: {_known_keys(dotted)}", *path)
            return
        try:
            setattr(self.config, setting.attribute, setting.read(value))
        except _Bad as exc:
            self.problem(f"{dotted} {exc}", *path)

    def cadence(self, value: Any) -> None:
        if not isinstance(value, dict):
            self.problem("[cadence] must be a table of stage = days", "cadence")
            return
        for key, days in value.items():
            try:
                stage = Stage.parse(key)
            except UserError:
                self.problem(
                    f"cadence.{key} is not a stage (met, talked, gave_value, trusted)", "cadence", key
                )
                continue
            try:
                self.config.cadence[stage] = check_cadence(days)
            except UserError as exc:
                self.problem(f"cadence.{key}: {exc}", "cadence", key)

    def keys(self, value: Any) -> None:
        if not isinstance(value, dict):
            self.problem('[keys] must map binding ids to key names, like snooze = "z"', "keys")
            return
        for binding, keys in value.items():
            if isinstance(keys, str) and clean(keys).strip():
                self.config.keys[clean(binding)] = clean(keys).strip()
            else:
                self.problem(f'keys.{binding} must name keys, like snooze = "z"', "keys", binding)

    def templates(self, value: Any) -> None:
        if not isinstance(value, list):
            self.problem("templates must be written as [[templates]] tables", "templates")
            return
        for index, entry in enumerate(value):
            if not isinstance(entry, dict):
                self.problem("templates must be written as [[templates]] tables", "templates", index)
                continue
            line = self.doc.line("templates", index)
            self.config.templates.append(TemplateEntry(entry, self.config.path, line))


def _text_or_none(value: Any) -> str | None:
    return clean(value).strip() if isinstance(value, str) else None


def _get(data: dict[str, Any], table: str, key: str) -> Any:
    section = data.get(table)
    return section.get(key) if isinstance(section, dict) else None


def _known_keys(dotted: str) -> str:
    section, _, _ = dotted.rpartition(".")
    if section:
        own = [key.split(".", 1)[1] for key in SETTINGS if key.startswith(section + ".")]
        return f"[{section}] takes " + ", ".join(own)
    tables = [f"[{name}]" for name in ("cadence", "keys", *_SECTIONS)]
    top = [key for key in SETTINGS if "." not in key]
    return "the keys are " + ", ".join([*top, *tables, "[[templates]]"])


_TABLES: dict[str, Callable[[_Reader, Any], None]] = {
    "cadence": _Reader.cadence,
    "keys": _Reader.keys,
    "templates": _Reader.templates,
}


# --- reading and writing the file -------------------------------------------------------


def read_config_text(text: str, path: Path | None = None, *, strict: bool = False) -> Config:
    """The settings in `text` (the contents of `path`), checked in one pass."""
    # tomlkit (positions for every message) loads only when there is a file to read:
    # most boards have none, and it is a twentieth of the board's start-up imports.
    from board.tomldoc import TomlError, read_toml

    config = Config(path=path)
    try:
        doc = read_toml(text)
    except TomlError as exc:
        return _problem(config, f"{path or 'config.toml'}: {exc}", strict)
    _Reader(config, doc, strict).read()
    return config


def load_config(path: Path | None = None, *, strict: bool = False) -> Config:
    """Read config.toml. A missing file gives defaults.

    A malformed file or value is reported in `problems` (naming the file, line and key)
    and the defaults stay in force; with strict=True the first problem is raised.
    """
    path = path or config_path()
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Config(path=path)
    except OSError as exc:
        return _problem(Config(path=path), f"{path}: cannot read it ({exc.strerror})", strict)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return _problem(Config(path=path), f"{path}: it is not UTF-8 text", strict)
    return read_config_text(text, path, strict=strict)


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
