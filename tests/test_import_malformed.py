"""Every malformed file is refused whole: exit 1, `error: FILE: line N: reason`, data unchanged."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.helpers import TRUSTBOARD, data_files, fixture, run


@pytest.fixture
def data(tmp_path: Path, capsys) -> Path:
    """A data directory that already holds people, so that "unchanged" means something."""
    root = tmp_path / "data"
    code, _out, _err = run(capsys, "--data", root, "import", "linkedin", fixture("linkedin/Connections.csv"))
    assert code == 0
    return root


CASES = [
    ("linkedin", "bad/wrong_header.csv", 1,
     "no LinkedIn Connections header (First Name,Last Name,URL,Email Address,Company,Position,"
     "Connected On): it looks like a CSV file, try `trustboard import csv`"),
    ("linkedin", "bad/binary.csv", 3, "binary data, not a text file"),
    ("csv", "bad/binary.csv", 3, "binary data, not a text file"),
    ("linkedin", "bad/bad_date.csv", 3,
     "cannot read the date 'sometime last year' in Connected On (expected like 24 Aug 2023)"),
    ("linkedin", "bad/truncated_connections.csv", 3,
     "a quoted field is never closed (the file may be truncated)"),
    ("invitations", "bad/bad_direction.csv", 3, "Direction must be INCOMING or OUTGOING, not 'SIDEWAYS'"),
    ("vcard", "bad/truncated.vcf", 5, "this vCard is truncated: it has no END:VCARD"),
    ("vcard", "bad/binary.csv", 3, "binary data, not a text file"),
    ("csv", "bad/bad_stage.csv", 3, "unknown stage 'best friends': use one of met, talked, gave-value, trusted"),
    ("json", "bad/invalid.json", 7, "invalid JSON: trailing comma is not allowed"),
    ("json", "bad/newer_version.json", 3,
     "it was written by a newer trustboard (format version 2; this one reads version 1): "
     "upgrade trustboard to import it"),
    ("json", "bad/binary.csv", 3, "binary data, not a JSON file"),
    ("json", "linkedin/Connections.csv", 1,
     'invalid JSON: unexpected character, expected a JSON value'),
]


@pytest.mark.parametrize(("kind", "rel", "line", "reason"), CASES)
def test_malformed_file_exits_1_and_changes_nothing(capsys, data: Path, kind, rel, line, reason):
    before = data_files(data)
    backups = sorted((data / "backups").iterdir())
    _, export_before, _ = run(capsys, "--data", data, "export")

    for extra in ([], ["--dry-run"]):
        code, out, err = run(capsys, "--data", data, "import", kind, fixture(rel), *extra)
        assert (code, out) == (1, "")
        assert err == f"error: {fixture(rel)}: line {line}: {reason}\n"

    assert data_files(data) == before
    assert sorted((data / "backups").iterdir()) == backups
    _, export_after, _ = run(capsys, "--data", data, "export")
    assert export_after.split("\n", 4)[4] == export_before.split("\n", 4)[4]  # all but exported_at


@pytest.mark.parametrize("kind", ["linkedin", "invitations", "vcard", "csv", "json"])
def test_missing_file(capsys, data: Path, tmp_path: Path, kind: str):
    before = data_files(data)
    missing = tmp_path / "nowhere" / "file.csv"
    code, out, err = run(capsys, "--data", data, "import", kind, missing)
    assert (code, out, err) == (1, "", f"error: {missing}: no such file\n")
    assert data_files(data) == before


def test_a_directory_is_not_a_file(capsys, data: Path, tmp_path: Path):
    code, _out, err = run(capsys, "--data", data, "import", "csv", tmp_path)
    assert (code, err) == (1, f"error: {tmp_path}: it is a directory, not a file\n")


def test_not_utf8(capsys, data: Path, tmp_path: Path):
    latin = tmp_path / "latin1.csv"
    latin.write_bytes("name\nAna\nJosé\n".encode("latin-1"))
    code, _out, err = run(capsys, "--data", data, "import", "csv", latin)
    assert code == 1
    assert err == (f"error: {latin}: line 3: it is not UTF-8 text (binary data or another "
                   "encoding): save it as UTF-8 and try again\n")


def test_utf16_with_bom_is_read(capsys, tmp_path: Path):
    wide = tmp_path / "wide.csv"
    wide.write_bytes("name,company\r\nZoë Ångström,Nordisk\r\n".encode("utf-16"))
    code, out, err = run(capsys, "--data", tmp_path / "d", "import", "csv", wide)
    assert (code, err) == (0, "") and "added: Zoë Ångström" in out


def test_usage_errors_exit_2(capsys, data: Path):
    code, _out, err = run(capsys, "--data", data, "import", "excel", fixture("csv/contacts.csv"))
    assert code == 2 and "'excel' is not one of" in err
    code, _out, err = run(capsys, "--data", data, "import", "csv")
    assert code == 2 and "Missing argument 'FILE'" in err


def test_real_command_refuses_a_bad_file(data: Path):
    """The installed entry point, end to end: one `error:` line, exit 1, no traceback."""
    before = data_files(data)
    done = subprocess.run(
        [str(TRUSTBOARD), "import", "json", str(fixture("bad/invalid.json")), "--data", str(data)],
        capture_output=True, text=True, env=os.environ.copy(), timeout=60,
    )
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr == f"error: {fixture('bad/invalid.json')}: line 7: invalid JSON: trailing comma is not allowed\n"
    assert data_files(data) == before


@pytest.mark.parametrize(("second_line", "reason"), [
    ("Ada," + "x" * 200_000 + ",Co", "a field longer than 131,072 characters (not a contacts export?)"),
    ('Ada,"' + "x" * 200_000 + ",Co", "a quoted field runs past 131,072 characters "
     "(a quote opened on this line is never closed?)"),
])
def test_a_field_too_long_says_what_it_means(capsys, data: Path, tmp_path: Path, second_line: str,
                                             reason: str):
    """The csv module's own words ("field larger than field limit") are not the user's:
    the line, the limit, and the likely cause, and nothing changed."""
    before = data_files(data)
    huge = tmp_path / "huge.csv"
    huge.write_text(f"name,email,company\n{second_line}\nGrace,g@example.org,Navy\n")
    code, out, err = run(capsys, "--data", data, "import", "csv", huge)
    assert (code, out, err) == (1, "", f"error: {huge}: line 2: {reason}\n")
    assert data_files(data) == before
