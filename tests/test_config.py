"""config.toml as one declared type: every key, unknown keys refused by name, bad values
reported with file, line and key (defaults kept), and hostile files never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from board.cli import main
from board.config import (
    DEFAULT_CADENCE,
    SETTINGS,
    Config,
    TemplateEntry,
    load_config,
    read_config_text,
)
from board.dates import MAX_CADENCE
from board.errors import UserError
from board.model import Stage
from board.tomldoc import TomlError, read_toml


def write(tmp_path: Path, body: str) -> tuple[Config, Path]:
    path = tmp_path / "config.toml"
    path.write_text(body, "utf-8")
    return load_config(path), path


FULL = '''my_name = "Sam Rivera"
theme = "nord"
quiet_after_days = 30

[cadence]
met = 3
"gave value" = 45

[keys]
snooze = "z"

[import]
reconnect_per_day = 5

[sync]
auto = true

[me]
groups = ["BNI Riverside", "PyOhio", "BNI Riverside", " "]

[[templates]]
name = "coffee"
text = "Hi {first_name}"
'''


def test_every_key_is_read(tmp_path: Path) -> None:
    config, path = write(tmp_path, FULL)
    assert config.problems == []
    assert config.my_name == "Sam Rivera" and config.theme == "nord"
    assert config.quiet_after_days == 30
    assert config.cadence == {**DEFAULT_CADENCE, Stage.MET: 3, Stage.GAVE_VALUE: 45}
    assert config.keys == {"snooze": "z"}
    assert config.reconnect_per_day == 5
    assert config.sync_auto is True
    assert config.groups == ["BNI Riverside", "PyOhio"]  # blanks and repeats dropped
    assert config.templates == [TemplateEntry({"name": "coffee", "text": "Hi {first_name}"}, path, 21)]
    assert config.templates[0].where == f"{path}: line 21"


def test_defaults_without_a_file(tmp_path: Path) -> None:
    config = load_config(tmp_path / "missing.toml")
    assert config == Config(path=tmp_path / "missing.toml")
    assert (config.quiet_after_days, config.reconnect_per_day, config.sync_auto) == (21, 3, False)
    assert config.groups == [] and config.templates == [] and config.my_name == ""


def test_me_my_name_is_the_same_setting(tmp_path: Path) -> None:
    config, _ = write(tmp_path, '[me]\nmy_name = "Sam Rivera"\ngroups = ["PyOhio"]\n')
    assert config.problems == [] and config.my_name == "Sam Rivera"
    same, _ = write(tmp_path, 'my_name = "Sam"\n[me]\nmy_name = "Sam"\n')
    assert same.problems == [] and same.my_name == "Sam"
    differ, path = write(tmp_path, 'my_name = "Sam"\n[me]\nmy_name = "Samuel"\n')
    assert differ.my_name == "Samuel"
    assert differ.problems == [
        f"{path}: line 3: my_name and [me] my_name differ: using [me] my_name (keep one of them)"
    ]


def test_unknown_keys_are_refused_by_name_and_line(tmp_path: Path) -> None:
    config, path = write(tmp_path, '''my_nmae = "Sam"
theme = "nord"

[sync]
atuo = true

[me]
group = ["BNI"]

[colours]
x = 1
''')
    assert config.theme == "nord" and config.sync_auto is False and config.my_name == ""
    assert config.problems[0].startswith(f"{path}: line 1: unknown key 'my_nmae': the keys are my_name, theme")
    assert "[cadence]" in config.problems[0] and "[[templates]]" in config.problems[0]
    assert config.problems[1] == f"{path}: line 5: unknown key 'sync.atuo': [sync] takes auto"
    assert config.problems[2] == f"{path}: line 8: unknown key 'me.group': [me] takes my_name, groups"
    assert config.problems[3].startswith(f"{path}: line 10: unknown key 'colours'")
    assert len(config.problems) == 4


@pytest.mark.parametrize(
    ("body", "key", "line"),
    [
        ("my_name = 5", "my_name must be text", 1),
        ("theme = ['nord']", "theme must be text", 1),
        ("quiet_after_days = 0", "quiet_after_days must be a whole number from 1 to 3650 (got 0)", 1),
        ("quiet_after_days = 99999", "quiet_after_days must be a whole number from 1 to 3650", 1),
        ("quiet_after_days = 'soon'", "quiet_after_days must be a whole number", 1),
        ("\n[import]\nreconnect_per_day = 0", "import.reconnect_per_day must be a whole number 1 or more", 3),
        ("[import]\nreconnect_per_day = 2.5", "import.reconnect_per_day must be a whole number", 2),
        ("[sync]\nauto = 'yes'", "sync.auto must be true or false", 2),
        ("[me]\ngroups = 'BNI'", "me.groups must be a list of names", 2),
        ("[me]\ngroups = [1, 2]", "me.groups must be a list of names", 2),
        ("sync = 5", "sync must be a table", 1),
        ("cadence = 7", "[cadence] must be a table of stage = days", 1),
        ("[keys]\nsnooze = 5", "keys.snooze must name keys", 2),
        ("keys = 'z'", "[keys] must map binding ids to key names", 1),
        ("templates = 'hi'", "templates must be written as [[templates]] tables", 1),
        ("templates = [1]", "templates must be written as [[templates]] tables", 1),
    ],
)
def test_a_bad_value_names_file_line_and_key_and_keeps_the_default(
    tmp_path: Path, body: str, key: str, line: int
) -> None:
    config, path = write(tmp_path, body + "\n")
    assert len(config.problems) == 1, config.problems
    assert config.problems[0].startswith(f"{path}: line {line}: {key}"), config.problems[0]
    defaults = Config(path=path)
    for setting in SETTINGS.values():
        assert getattr(config, setting.attribute) == getattr(defaults, setting.attribute)
    assert config.cadence == DEFAULT_CADENCE and config.keys == {} and config.templates == []
    with pytest.raises(UserError, match=key.split()[0].replace("[", r"\[")):
        load_config(path, strict=True)


def test_cadences_are_bounded_and_a_huge_one_keeps_the_default(tmp_path: Path) -> None:
    config, path = write(tmp_path, "[cadence]\nmet = 9223372036854775807\ntalked = 3650\ntrusted = 0\n")
    assert config.cadence == {**DEFAULT_CADENCE, Stage.TALKED: 3650}
    assert [p.split(": ", 2)[1:] for p in config.problems] == [
        ["line 2", "cadence.met: a follow-up cadence is a whole number of days from 1 to 3650, "
         "not 9223372036854775807"],
        ["line 4", "cadence.trusted: a follow-up cadence is a whole number of days from 1 to 3650, not 0"],
    ]


def test_a_stored_cadence_out_of_range_is_read_as_the_bound() -> None:
    config = Config()
    assert config.cadence_for(Stage.MET, 2**63) == MAX_CADENCE
    assert config.cadence_for(Stage.MET, -5) == 1
    assert config.cadence_for(Stage.MET, None) == 7 and config.cadence_for(Stage.MET, 10) == 10


def test_today_warns_about_a_huge_cadence_and_still_works(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "config.toml"
    config.write_text("[cadence]\nmet = 9223372036854775807\n", "utf-8")
    monkeypatch.setenv("TRUSTBOARD_CONFIG", str(config))
    data = tmp_path / "data"
    for args in (["add", "Ana Lopez"], ["today"], ["stats"], ["list", "--due"]):
        with pytest.raises(SystemExit) as done:
            main(["--data", str(data), *args])
        out, err = capsys.readouterr()
        assert done.value.code == 0, (args, err)
        assert "Traceback" not in err and "Overflow" not in err
        if args[0] != "add":
            assert f"warning: {config}: line 2: cadence.met: a follow-up cadence" in err


def test_control_characters_are_removed_on_the_way_in(tmp_path: Path) -> None:
    config, _ = write(
        tmp_path,
        'my_name = "Sam\\u001b]52;c;ZWNobyBoaQ==\\u0007 Rivera"\ntheme = "nord\\u009b2J"\n'
        '[me]\ngroups = ["BNI\\u202e Riverside", "\\u0000"]\n[keys]\nsnooze = "z\\u001b"\n',
    )
    assert config.problems == []
    assert config.my_name == "Sam]52;c;ZWNobyBoaQ== Rivera"
    assert config.theme == "nord2J"
    assert config.groups == ["BNI Riverside"]
    assert config.keys == {"snooze": "z"}


def test_a_toml_syntax_error_names_file_and_line(tmp_path: Path) -> None:
    config, path = write(tmp_path, 'my_name = "Sam"\n[cadence\nmet = 3\n')
    assert config == Config(path=path, problems=config.problems)
    assert len(config.problems) == 1
    assert config.problems[0].startswith(f"{path}: ") and "line 2" in config.problems[0]


def test_deeply_nested_toml_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    config, path = write(tmp_path, "x = " + "[" * 50_000 + "]" * 50_000 + "\n")
    assert len(config.problems) == 1 and config.problems[0].startswith(f"{path}: ")
    config, _ = write(tmp_path, "a" + ".a" * 5_000 + " = 1\n")
    assert len(config.problems) == 1


def test_not_utf8_and_unreadable(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(b'my_name = "\xff"\n')
    assert load_config(path).problems == [f"{path}: it is not UTF-8 text"]
    path.unlink()
    path.mkdir()
    assert load_config(path).problems[0].startswith(f"{path}: cannot read it")


# --- the line of every key ----------------------------------------------------------


def test_lines_follow_the_file_even_when_templates_are_split(tmp_path: Path) -> None:
    config, path = write(tmp_path, '''# my settings
[[templates]]
name = "one"
text = """a
b"""

[keys]
snooze = 5

[[templates]]
name = "two"

  [[templates]]
  name = "three"
''')
    assert [(t.fields["name"], t.line) for t in config.templates] == [("one", 2), ("two", 10), ("three", 13)]
    assert config.problems == [f'{path}: line 8: keys.snooze must name keys, like snooze = "z"']


def test_read_toml_lines_and_values() -> None:
    doc = read_toml('a = 1\n[t]\nb.c = 2\n[[l]]\nx = 1\n[[l]]\n[l.sub]\ny = {z = 3}\nq = [1,\n 2]\n')
    assert doc.data == {"a": 1, "t": {"b": {"c": 2}}, "l": [{"x": 1}, {"sub": {"y": {"z": 3}, "q": [1, 2]}}]}
    assert doc.line("a") == 1 and doc.line("t") == 2 and doc.line("t", "b", "c") == 3
    assert doc.line("l") == 4 and doc.line("l", 0) == 4 and doc.line("l", 1) == 6
    assert doc.line("l", 1, "sub") == 7 and doc.line("l", 1, "sub", "y", "z") == 8
    assert doc.line("l", 1, "sub", "q", 1) == 9  # inside an inline value: the key's line
    assert doc.line("missing") is None
    with pytest.raises(TomlError, match="line 1"):
        read_toml("a = ")


_FRAGMENTS = st.sampled_from([
    'my_name = "Sam"', "my_name = 5", "[cadence]", "met = 3", "met = 99999999999999999",
    "[me]", 'groups = ["a"]', "groups = [1]", "[[templates]]", 'name = "x"', "text = 5",
    "[sync]", "auto = true", "auto = 1", "[import]", "reconnect_per_day = -1", "[keys]",
    'snooze = "z"', "x = {", "[[me]]", "a.b.c = 1", '"' * 3, "[", "]", "= 1", "\x00", "é = 1",
    "quiet_after_days = 1e9", "cadence.met = 2", "templates = []", "me = 1", "\ttheme = ''",
])


@settings(max_examples=300, deadline=None)
@given(st.lists(_FRAGMENTS, max_size=12))
def test_any_file_gives_a_config_never_a_traceback(lines: list[str]) -> None:
    config = read_config_text("\n".join(lines) + "\n")
    assert isinstance(config, Config)
    for stage in Stage:
        assert 1 <= config.cadence[stage] <= MAX_CADENCE
    assert 1 <= config.quiet_after_days <= 3650 and config.reconnect_per_day >= 1
    assert all(isinstance(group, str) for group in config.groups)
    assert all(isinstance(p, str) for p in config.problems)
