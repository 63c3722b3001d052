"""The sync clone: a git repository in `DATA/sync/` that holds only the data that travels.

git never works in the live shard files (a checkout would not respect trustboard's
lock or journal). Commits are built by `git fast-import` from bytes and blob ids
(`commit_files`), so a commit never depends on what the work tree happens to hold; the
work tree is only a view of `main` for people who want to look (`git log -p` there).

Refs: `main` is the state this store was last brought to; `origin/main` the remote's
last fetched state; `refs/trustboard/pending` a merge that was pushed and is being
applied to the store (so a crash between the two resumes cleanly).

Crash safety is git's own (objects are written before the refs that name them, refs
change by lock file and rename) plus `begin`: lock files a killed git left behind are
removed (we hold the sync lock, so no other sync of this store is running), and after
an interrupted sync the work tree is reset to `main`.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterable
from pathlib import Path

import orjson

from board.store.files import StatKey, ensure_dir, remove_stale_temps, write_atomic
from board.sync.git import Git, GitFailed, SyncError
from board.sync.layout import META, TABLES, Records, decode, is_data_path

BRANCH = "refs/heads/main"
REMOTE_BRANCH = "refs/remotes/origin/main"
PENDING = "refs/trustboard/pending"
EMPTY_TREE = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"
MACHINE_TRAILER = "Trustboard-Machine"
_BUSY = "trustboard-busy"
_BUILDING = "refs/trustboard/building"
_EXPORTED = "trustboard-exported.json"
_STALE_LOCK_SECONDS = 2.0  # an orphaned git finishing its work holds a lock that briefly


class Clone:
    def __init__(self, root: Path, *, machine: str, interactive: bool = False) -> None:
        self.dir = (root / "sync").absolute()
        self.git_dir = self.dir / ".git"
        self.machine = machine
        self.interactive = interactive
        self.view: str | None = None  # the commit the work tree shows (see `begin`)
        self._git: Git | None = None

    @property
    def git(self) -> Git:
        if self._git is None:
            self._git = Git(self.dir, machine=self.machine, interactive=self.interactive)
        return self._git

    def exists(self) -> bool:
        return (self.git_dir / "HEAD").exists()

    # -- setting up

    def create(self, remote: str) -> None:
        ensure_dir(self.dir)
        self.git.run("init", "-q")
        self.git.run("symbolic-ref", "HEAD", BRANCH)
        for key, value in (("core.fsync", "committed,index"), ("core.fsyncMethod", "batch"),
                           ("core.logAllRefUpdates", "true"), ("gc.auto", "256")):
            self.git.run("config", key, value)
        self.git.run("remote", "add", "origin", remote)

    def point_at(self, remote: str) -> None:
        """Make `origin` this remote (the user may have changed it in sync.toml)."""
        current = self.git.run("config", "--get", "remote.origin.url", ok=(0, 1)).stdout.decode().strip()
        if current != remote:
            self.git.run("remote", "set-url" if current else "add", "origin", remote)

    def begin(self) -> None:
        """Recover from an interrupted sync, then mark this one as under way."""
        self._clear_stale_locks()
        busy = self.git_dir / _BUSY
        if busy.exists():
            if self.head() is not None:
                self.git.run("reset", "-q", "--hard", BRANCH)
            self.git.run("update-ref", "-d", _BUILDING, ok=(0, 1))  # a commit cut short
            for folder in (self.dir, *(self.dir / table for table in TABLES)):
                remove_stale_temps(folder)  # a write into the view that was cut short
        self.view = self.head()  # a sync that ended well left its view at main
        busy.write_bytes(b"")

    def end(self) -> None:
        (self.git_dir / _BUSY).unlink(missing_ok=True)

    def _clear_stale_locks(self) -> None:
        locks = [*self.git_dir.glob("*.lock"), *(self.git_dir / "refs").rglob("*.lock")]
        deadline = time.monotonic() + _STALE_LOCK_SECONDS
        for lock in locks:
            while time.monotonic() < deadline:
                try:
                    if time.time() - lock.stat().st_mtime >= _STALE_LOCK_SECONDS:
                        break
                except FileNotFoundError:
                    break
                time.sleep(0.05)  # a git still running finishes and removes it
            lock.unlink(missing_ok=True)

    # -- reading

    def head(self) -> str | None:
        return self.git.rev(BRANCH)

    def remote_head(self) -> str | None:
        return self.git.rev(REMOTE_BRANCH)

    def pending(self) -> str | None:
        return self.git.rev(PENDING)

    def meta_blob(self, rev: str) -> str | None:
        found = self.git.run("rev-parse", "-q", "--verify", f"{rev}:{META}", ok=(0, 1))
        if found.returncode != 0:
            return None
        return found.stdout.decode().strip() or None

    def tree(self, rev: str) -> str:
        return self.git.out("rev-parse", f"{rev}^{{tree}}")

    def blobs(self, rev: str | None) -> dict[str, str]:
        """Path → blob id of every data file in a commit (nothing for None)."""
        if rev is None:
            return {}
        out: dict[str, str] = {}
        for entry in self.git.run("ls-tree", "-r", "-z", rev).stdout.split(b"\0"):
            if entry:
                meta, _, path = entry.decode("utf-8", "replace").partition("\t")
                parts = meta.split()
                if len(parts) == 3 and parts[1] == "blob" and is_data_path(path):
                    out[path] = parts[2]
        return out

    def read(self, rev: str | None, paths: Iterable[str]) -> dict[str, bytes | None]:
        wanted = list(paths)
        if rev is None:
            return dict.fromkeys(wanted)
        found = self.git.cat([f"{rev}:{p}" for p in wanted])
        return {p: found[f"{rev}:{p}"] for p in wanted}

    def records(self, rev: str | None, paths: Iterable[str], where: str) -> Records:
        """The records these files of a commit hold (checked as they are read)."""
        out: Records = {table: {} for table in TABLES}
        for path, raw in self.read(rev, [p for p in paths if p != META]).items():
            if raw is not None:
                out[path.partition("/")[0]].update(decode(raw, path, where))
        return out

    def changed(self, old: str | None, new: str) -> list[str]:
        """The data files that differ between two commits (old None: the empty tree)."""
        done = self.git.run("diff-tree", "-r", "-z", "--name-only", "--no-renames", old or EMPTY_TREE, new)
        return [p for p in done.stdout.decode("utf-8", "replace").split("\0") if p and is_data_path(p)]

    def merge_base(self, one: str, two: str) -> str | None:
        done = self.git.run("merge-base", one, two, ok=(0, 1))
        return done.stdout.decode().strip() or None

    def is_ancestor(self, old: str, new: str) -> bool:
        return self.git.run("merge-base", "--is-ancestor", old, new, ok=(0, 1)).returncode == 0

    def machine_of(self, rev: str) -> str:
        """The machine that made a commit, from its trailer (for marking kept text)."""
        body = self.git.out("log", "-1", "--format=%B", rev)
        for line in reversed(body.splitlines()):
            key, _, value = line.partition(":")
            if key.strip() == MACHINE_TRAILER and value.strip():
                return value.strip()
        return "another machine"

    # -- what the last export saw (so the next one re-reads only what changed)

    def export_keys(self, head: str | None) -> dict[str, StatKey | None]:
        """The store files' versions when `head` (or an ancestor of it) was exported.

        Each such file, still at that version, holds what `main` holds for it: a sync
        that changes a clone file also rewrites the store file (a new version). Empty
        (export everything) when there is no usable record.
        """
        try:
            data = orjson.loads((self.git_dir / _EXPORTED).read_bytes())
            commit = data["commit"]
            keys = {rel: tuple(key) if key is not None else None for rel, key in data["keys"].items()}
        except (OSError, orjson.JSONDecodeError, KeyError, TypeError, AttributeError):
            return {}
        if head is None or not isinstance(commit, str) or not (commit == head or self.is_ancestor(commit, head)):
            return {}
        return {rel: key for rel, key in keys.items() if key is None or len(key) == 3}

    def save_export_keys(self, commit: str, keys: dict[str, StatKey | None]) -> None:
        payload = orjson.dumps({"commit": commit, "keys": keys})
        write_atomic(self.git_dir / _EXPORTED, payload, durable=False)  # a cache: losing it costs time only

    # -- writing

    def commit_files(self, parent: str | None, files: dict[str, bytes | str | None],
                     message: str, *, merging: str | None = None) -> tuple[str, str]:
        """A commit on `parent` (None: the first) whose tree is `parent`'s with `files`
        replaced — by these bytes, by an existing blob (its id), or removed (None) — and,
        when `merging`, that commit as its second parent. Returns (commit, tree).

        One `git fast-import` stream writes the new blobs, the tree and the commit into
        one pack (no file per object, no pass through the work tree); the commit is on
        no branch yet.
        """
        text = f"{message}\n\n{MACHINE_TRAILER}: {self.machine}\n".encode()
        who = f"{self.git.env['GIT_COMMITTER_NAME']} <{self.git.env['GIT_COMMITTER_EMAIL']}>"
        out = [f"commit {_BUILDING}\nmark :1\ncommitter {who} now\ndata {len(text)}\n".encode(), text, b"\n"]
        out.append(f"from {parent}\n".encode() if parent else b"deleteall\n")
        if merging:
            out.append(f"merge {merging}\n".encode())
        for path, raw in sorted(files.items()):
            if raw is None:
                out.append(f"D {path}\n".encode())
            elif isinstance(raw, str):
                out.append(f"M 100644 {raw} {path}\n".encode())
            else:
                out += [f"M 100644 inline {path}\ndata {len(raw)}\n".encode(), raw, b"\n"]
        out.append(b"get-mark :1\n")
        done = self.git.run("fast-import", "--quiet", "--date-format=now", "--force",
                            "--cat-blob-fd=1", input=b"".join(out))
        commit = done.stdout.decode().split()[0]
        self.git.run("update-ref", "-d", _BUILDING)
        return commit, self.tree(commit)

    def set_head(self, rev: str) -> None:
        """Move `main` to `rev` (`show_head` then brings the work tree, its view, along)."""
        self.git.run("update-ref", "-m", "trustboard sync", BRANCH, rev)

    def show_head(self) -> None:
        self.git.run("reset", "-q", "--hard", BRANCH)
        self.view = self.head()

    def set_pending(self, rev: str | None) -> None:
        if rev is None:
            self.git.run("update-ref", "-d", PENDING, ok=(0, 1))
        else:
            self.git.run("update-ref", PENDING, rev)

    # -- the remote

    def ls_remote(self) -> dict[str, str]:
        done = self._network("ls-remote", "origin")
        refs: dict[str, str] = {}
        for line in done.decode("utf-8", "replace").splitlines():
            sha, _, ref = line.partition("\t")
            if ref:
                refs[ref] = sha
        return refs

    def fetch(self) -> str | None:
        """Fetch the remote's `main`; its commit, or None if the remote has none."""
        self._network("fetch", "-q", "--no-tags", "--prune", "origin",
                      f"+{BRANCH}*:{REMOTE_BRANCH}*")
        return self.remote_head()

    def push(self, rev: str) -> bool:
        """Push `rev` as the remote's `main`: False if refused because the remote moved."""
        try:
            self._network("push", "--porcelain", "-q", "origin", f"{rev}:{BRANCH}")
        except SyncError as exc:
            if exc.__cause__ is not None and isinstance(exc.__cause__, GitFailed):
                report = exc.__cause__.stdout.decode("utf-8", "replace")
                if any(line.startswith("!") and "[rejected]" in line for line in report.splitlines()):
                    return False
            raise
        return True

    def _network(self, *args: str) -> bytes:
        try:
            return self.git.run(*args, network=True).stdout
        except GitFailed as exc:
            url = self.git.run("config", "--get", "remote.origin.url", ok=(0, 1)).stdout.decode().strip()
            raise SyncError(f"cannot {_VERBS.get(args[0], 'reach')} {url or 'the remote'}: {exc.reason}") from exc


_VERBS = {"fetch": "fetch from", "push": "push to", "ls-remote": "reach"}


def _scp_like(url: str) -> bool:
    """git's rule: `host:path` (a colon before any slash) is SSH, not a file path."""
    head, sep, _ = url.partition(":")
    return bool(sep) and "/" not in head and len(head) > 1


def absolute_remote(url: str) -> str:
    """A remote as git should see it from inside the clone: a local path made absolute
    (it was typed relative to where the user was, not to DATA/sync)."""
    if "://" in url or _scp_like(url):
        return url
    return str(Path(url).expanduser().absolute())


def remote_label(url: str) -> str:
    """A short name for a remote in messages: its host, else its file name."""
    if "://" in url:
        from urllib.parse import urlsplit

        parts = urlsplit(url)
        return parts.hostname or os.path.basename(parts.path.rstrip("/")) or url
    if _scp_like(url):  # user@host:path
        return url.partition(":")[0].rpartition("@")[2]
    return os.path.basename(url.rstrip("/")) or url
