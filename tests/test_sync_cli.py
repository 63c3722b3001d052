"""`trustboard sync` on the command line: its output, its JSON, and every refusal as one
`error:` line with the store left exactly as it was."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.helpers import TRUSTBOARD, bare_remote, git, run_cli, store_files


def _store(path: Path, *names: str) -> Path:
    for name in names:
        assert run_cli("add", name, data=path).returncode == 0
    if not names:
        assert run_cli("list", data=path).returncode == 0  # creates an empty store
    return path


def _refused(done: subprocess.CompletedProcess[str], words: str) -> None:
    assert done.returncode == 1, done.stderr
    lines = done.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), done.stderr
    assert words in lines[0], lines[0]
    assert "Traceback" not in done.stderr and done.stdout == ""


def _remote_holding(tmp_path: Path, files: dict[str, str], branch: str = "main") -> Path:
    """A bare remote whose `branch` holds these files (someone else's repository, say)."""
    remote = bare_remote(tmp_path / f"other-{branch}.git")
    work = tmp_path / f"work-{branch}"
    work.mkdir()
    git("init", "-q", cwd=work)
    git("checkout", "-q", "-b", branch, cwd=work)
    for name, text in files.items():
        (work / name).write_text(text)
    git("add", "-A", cwd=work)
    git("commit", "-q", "-m", "x", cwd=work)
    git("push", "-q", str(remote), f"{branch}:{branch}", cwd=work)
    return remote


def test_init_push_then_init_fetch_then_sync(tmp_path: Path) -> None:
    remote = bare_remote(tmp_path / "remote.git")
    a = _store(tmp_path / "a", "Ana Lima", "Bo Chen")
    b = _store(tmp_path / "b")
    done = run_cli("sync", "init", str(remote), "--machine", "laptop", data=a)
    assert (done.returncode, done.stdout) == (0, "sent 2 contacts to remote.git\n"), done.stderr
    done = run_cli("sync", "init", str(remote), "--data", str(b))  # --data after the name works too
    assert done.stdout == "2 contacts from remote.git\n"
    assert run_cli("add", "Cy Park", data=b).returncode == 0
    done = run_cli("sync", "--json", data=b)
    report = json.loads(done.stdout)
    assert report["sent"] == {"contacts": 1, "interactions": 0, "resources": 0}
    assert report["received"] == {"contacts": 0, "interactions": 0, "resources": 0}
    assert set(report) == {"remote", "machine", "at", "commit", "attempts", "received", "sent",
                           "conflicts", "duplicates"}
    assert run_cli("sync", data=a).stdout == "1 contact from remote.git\n"
    names = lambda d: sorted(c["name"] for c in json.loads(run_cli("list", "--json", data=d).stdout))  # noqa: E731
    assert names(a) == names(b) == ["Ana Lima", "Bo Chen", "Cy Park"]
    assert "sync.toml" in {p.name for p in a.iterdir()}
    assert 'machine = "laptop"' in (a / "sync.toml").read_text()


def test_status_in_words_and_in_json(tmp_path: Path) -> None:
    remote = bare_remote(tmp_path / "remote.git")
    a = _store(tmp_path / "a", "Ana Lima")
    run_cli("sync", "init", str(remote), "--machine", "laptop", data=a)
    run_cli("move", "Ana", "talked", data=a)
    lines = run_cli("sync", "status", data=a).stdout.splitlines()
    assert lines[0] == f"remote        {remote}"
    assert lines[1] == "this machine  laptop"
    assert lines[2].startswith("last sync     ") and "(just now): sent 1 contact to remote.git" in lines[2]
    assert lines[3] == "not pushed    1 contact changed here"
    status = json.loads(run_cli("sync", "status", "--json", data=a).stdout)
    assert status["not_pushed"] == {"contacts": 1, "interactions": 0, "resources": 0}
    assert status["machine"] == "laptop" and status["last_sync"]


def test_a_remote_written_by_a_newer_trustboard_is_refused(tmp_path: Path) -> None:
    newer = _remote_holding(tmp_path, {"meta.json": '{"format": "trustboard-sync", "schema_version": 99}'})
    a = _store(tmp_path / "a", "Ana Lima")
    before = store_files(a)
    _refused(run_cli("sync", "init", str(newer), data=a), "written by a newer trustboard (schema 99")
    assert store_files(a) == before and not (a / "sync").exists() and not (a / "sync.toml").exists()


def test_a_remote_that_becomes_newer_later_is_refused_too(tmp_path: Path) -> None:
    remote = bare_remote(tmp_path / "remote.git")
    a = _store(tmp_path / "a", "Ana Lima")
    run_cli("sync", "init", str(remote), data=a)
    work = tmp_path / "elsewhere"
    git("clone", "-q", "-b", "main", str(remote), str(work), cwd=tmp_path)
    (work / "meta.json").write_text('{"format": "trustboard-sync", "schema_version": 7}\n')
    git("commit", "-qam", "upgrade", cwd=work)
    git("push", "-q", "origin", "HEAD:main", cwd=work)
    run_cli("move", "Ana", "trusted", data=a)
    before = store_files(a)
    _refused(run_cli("sync", data=a), "upgrade trustboard here")
    assert store_files(a) == before


@pytest.mark.parametrize("kind", ["code on main", "code on master"])
def test_a_remote_that_is_not_a_trustboard_store_is_refused(tmp_path: Path, kind: str) -> None:
    branch = kind.rpartition(" ")[2]
    other = _remote_holding(tmp_path, {"README.md": "# my project\n", "main.py": "print(1)\n"}, branch)
    a = _store(tmp_path / "a", "Ana Lima")
    before = store_files(a)
    _refused(run_cli("sync", "init", str(other), data=a), "is not a trustboard store")
    assert store_files(a) == before and not (a / "sync").exists()
    assert git("ls-remote", str(other), cwd=tmp_path).count("refs/heads/") == 1  # nothing pushed


def test_git_missing_is_said_plainly(tmp_path: Path) -> None:
    a = _store(tmp_path / "a", "Ana Lima")
    before = store_files(a)
    _refused(run_cli("sync", "init", str(tmp_path / "r.git"), data=a, env={"PATH": "/nonexistent"}),
             "no `git` command was found")
    assert store_files(a) == before


def test_an_unreachable_remote_is_refused_at_init_and_later(tmp_path: Path) -> None:
    a = _store(tmp_path / "a", "Ana Lima")
    before = store_files(a)
    _refused(run_cli("sync", "init", str(tmp_path / "missing.git"), data=a), "cannot fetch from")
    assert store_files(a) == before and not (a / "sync").exists()
    remote = bare_remote(tmp_path / "remote.git")
    run_cli("sync", "init", str(remote), data=a)
    shutil.move(remote, tmp_path / "moved.git")
    run_cli("move", "Ana", "talked", data=a)
    before = store_files(a)
    _refused(run_cli("sync", data=a), "does not appear to be a git repository")
    assert store_files(a) == before


def test_sync_before_init_says_what_to_do(tmp_path: Path) -> None:
    a = _store(tmp_path / "a", "Ana Lima")
    _refused(run_cli("sync", data=a), "run `trustboard sync init REMOTE` first")
    _refused(run_cli("sync", "status", data=a), "run `trustboard sync init REMOTE` first")
    done = run_cli("sync", "init", data=a)
    assert done.returncode == 2 and "REMOTE" in done.stderr  # a usage error


def test_a_relative_path_remote_is_taken_from_where_it_was_typed(tmp_path: Path) -> None:
    bare_remote(tmp_path / "remote.git")
    a = _store(tmp_path / "a", "Ana Lima")
    done = subprocess.run([str(TRUSTBOARD), "--data", "a", "sync", "init", "./remote.git"],
                          cwd=tmp_path, capture_output=True, text=True)
    assert (done.returncode, done.stdout) == (0, "sent 1 contact to remote.git\n"), done.stderr
    assert f'remote = "{tmp_path / "remote.git"}"' in (a / "sync.toml").read_text()
    assert run_cli("sync", data=a).returncode == 0  # from anywhere afterwards
