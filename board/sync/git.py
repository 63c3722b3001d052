"""git as a subprocess: the user's own git, so their SSH keys, agents, `~/.ssh/config`,
credential helpers and URL rewrites just work.

Everything else about the user's git setup that could change what a commit is made of
or run code on our behalf is switched off per command: hooks, signing, line-ending
conversion, the fsmonitor, colour. Messages are read in the C locale. A board runs git
with no terminal, so nothing can stop to ask for a password; the command line keeps
the terminal, so `ssh` can ask for a key's passphrase.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from board.errors import TrustboardError
from board.text import safe_line

LOCAL_TIMEOUT = 300
NETWORK_TIMEOUT = 900  # a first push of a large store over a slow link
_OVERRIDES = (
    "core.hooksPath=/dev/null", "commit.gpgSign=false", "core.autocrlf=false",
    "core.safecrlf=false", "core.fsmonitor=false", "color.ui=false", "core.quotePath=false",
    "gc.autoDetach=false", "advice.detachedHead=false",
)
# What a failed network command says that explains nothing on its own.
_GENERIC = (
    "Could not read from remote repository", "Please make sure you have the correct access",
    "and the repository exists",
)


class SyncError(TrustboardError):
    """Sync cannot go on; nothing in the store was changed."""


class GitFailed(Exception):
    """A git command failed; `reason` is its most specific line of explanation."""

    def __init__(self, args: tuple[str, ...], code: int, stdout: bytes, stderr: bytes) -> None:
        super().__init__(f"git {' '.join(args)} exited {code}")
        self.args_ = args
        self.code = code
        self.stdout = stdout
        self.stderr = stderr.decode("utf-8", "replace")

    @property
    def reason(self) -> str:
        lines = [line.strip() for line in self.stderr.splitlines() if line.strip()]
        useful = [line for line in lines if not any(g in line for g in _GENERIC)]
        text = (useful or lines or [f"git exited with status {self.code}"])[0]
        for prefix in ("fatal: ", "error: ", "remote: "):
            text = text.removeprefix(prefix)
        return safe_line(text.rstrip("."))


def find_git() -> str:
    found = shutil.which("git")
    if found is None:
        raise SyncError("sync needs git, and no `git` command was found on PATH: install git "
                        "(your package manager's `git` package) and try again")
    return found


class Git:
    """Runs git in one repository with trustboard's identity and safe settings."""

    def __init__(self, repo: Path, *, machine: str, interactive: bool = False) -> None:
        self.repo = repo
        self.exe = find_git()
        self.interactive = interactive
        env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_") or k in _KEEP}
        who = f"trustboard on {machine}"
        env.update(
            LC_ALL="C", LANGUAGE="C", GIT_AUTHOR_NAME=who, GIT_COMMITTER_NAME=who,
            GIT_AUTHOR_EMAIL="sync@trustboard.invalid", GIT_COMMITTER_EMAIL="sync@trustboard.invalid",
        )
        if not interactive:
            env["GIT_TERMINAL_PROMPT"] = "0"
        self.env = env

    def run(self, *args: str, input: bytes | None = None, network: bool = False,
            ok: tuple[int, ...] = (0,)) -> subprocess.CompletedProcess[bytes]:
        """Run `git ARGS` in the repository; GitFailed unless its exit status is in `ok`."""
        argv = [self.exe, "-C", str(self.repo)]
        for setting in _OVERRIDES:
            argv += ["-c", setting]
        detach = network and not self.interactive
        try:
            done = subprocess.run(
                [*argv, *args], input=input, capture_output=True, env=self.env,
                stdin=subprocess.DEVNULL if input is None and detach else None,
                start_new_session=detach,  # no terminal: ssh fails instead of prompting
                timeout=NETWORK_TIMEOUT if network else LOCAL_TIMEOUT,
            )
        except subprocess.TimeoutExpired:
            raise GitFailed(args, -1, b"", b"it took too long and was stopped") from None
        except OSError as exc:
            raise GitFailed(args, -1, b"", str(exc).encode()) from None
        if done.returncode not in ok:
            raise GitFailed(args, done.returncode, done.stdout, done.stderr)
        return done

    def out(self, *args: str, ok: tuple[int, ...] = (0,)) -> str:
        return self.run(*args, ok=ok).stdout.decode("utf-8", "replace").strip()

    def rev(self, spec: str) -> str | None:
        """The commit a name points to, or None if it names nothing."""
        found = self.run("rev-parse", "-q", "--verify", f"{spec}^{{commit}}", ok=(0, 1))
        if found.returncode != 0:
            return None
        return found.stdout.decode().strip() or None

    def cat(self, specs: list[str]) -> dict[str, bytes | None]:
        """The contents of many `REV:path` blobs in one git process (None: no such file)."""
        if not specs:
            return {}
        done = self.run("cat-file", "--batch", input="".join(f"{s}\n" for s in specs).encode())
        data, pos = done.stdout, 0
        out: dict[str, bytes | None] = {}
        for spec in specs:
            end = data.index(b"\n", pos)
            header = data[pos:end].split()
            pos = end + 1
            if len(header) == 3 and header[1] == b"blob":
                size = int(header[2])
                out[spec] = data[pos:pos + size]
                pos += size + 1
            else:  # "<spec> missing", or a tree where a file was expected
                out[spec] = None
                if len(header) == 3:
                    pos += int(header[2]) + 1
        return out


# Variables of the user's git setup that say how to reach a remote, not where the repository is.
_KEEP = frozenset({
    "GIT_SSH", "GIT_SSH_COMMAND", "GIT_SSH_VARIANT", "GIT_ASKPASS", "GIT_CONFIG_GLOBAL",
    "GIT_CONFIG_SYSTEM", "GIT_CONFIG_NOSYSTEM", "GIT_SSL_NO_VERIFY", "GIT_SSL_CAINFO",
    "GIT_PROXY_COMMAND", "GIT_TRACE", "GIT_TRACE_PACKET", "GIT_CURL_VERBOSE", "GIT_EXEC_PATH",
    "GIT_PROTOCOL_FROM_USER", "GIT_ALLOW_PROTOCOL",
})
