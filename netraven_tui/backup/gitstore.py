"""The configuration repository: a bare git repository with ``configs/<hostname>.cfg``.

Device tasks store each new configuration as a blob (written to a temporary file and renamed
into place by git's object store, so it is complete or absent); a run then makes one commit
from HEAD's tree plus the new blobs, and moves HEAD with a compare-and-swap (``update-ref``
with the old value) under a file lock. Nothing is ever staged in a working tree, so a process
killed half-way leaves HEAD, and every file in it, exactly as the last finished run left it.

Browse it with ordinary git: ``git -C <data>/configs.git log -p configs/r1.cfg``, or clone it.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import os
import subprocess
import tempfile
import threading
import zlib
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import git

from netraven_tui.domain import NetRavenError

CONFIG_DIR = "configs"
AUTHOR_NAME = "NetRaven"
AUTHOR_EMAIL = "netraven@localhost"


class GitStoreError(NetRavenError):
    """The repository refused a write; the message is one line naming the path and why."""


# What git prints for the two faults a person can fix (disk full, read-only repository).
_NO_SPACE = ("no space left on device", "out of diskspace", "disk quota exceeded")
_READ_ONLY = ("read-only file system", "permission denied", "operation not permitted")


@dataclass(frozen=True, slots=True)
class StagedConfig:
    """A configuration stored as a blob, waiting for the run's commit."""

    path: str
    blob: str  # hex sha1 of the blob
    previous_path: str | None = None  # set when the device was renamed since its last version


@dataclass(frozen=True, slots=True)
class Revision:
    commit: str
    time: datetime
    message: str


def config_path(hostname: str) -> str:
    return f"{CONFIG_DIR}/{hostname}.cfg"


class GitStore:
    """One per process; safe to use from many threads."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._local = threading.local()
        try:
            if not (path / "HEAD").exists():
                path.mkdir(mode=0o700, parents=True, exist_ok=True)
                git.Repo.init(path, bare=True, initial_branch="main")
        except OSError as error:
            raise storage_error(error, path) from None
        except git.GitCommandError as error:
            raise _git_failure("init", path, str(error.stderr)) from None
        self._repo_for_writes = git.Repo(path)
        # gitdb makes every loose object 0444 whatever the umask: keep configs private (0400).
        self._repo_for_writes.odb.new_objects_mode = 0o400

    # ------------------------------------------------------------------ reading

    def read(self, path: str, commit: str | None = None) -> str | None:
        """The text of ``path`` at ``commit`` (default HEAD), or None if it is not there."""
        repo = self._repo()
        try:
            target = repo.commit(commit or "HEAD")
            blob = target.tree / path
        except (ValueError, KeyError, git.BadName):
            return None
        return blob.data_stream.read().decode("utf-8", errors="replace")

    def read_many(self, items: Iterable[tuple[str, str | None]]) -> list[str | None]:
        """The texts of many ``(path, commit)`` pairs, in order (None where absent).

        Each commit's folder tree is parsed once, so 1,000 configurations of one run cost one
        tree walk and 1,000 blob reads instead of 1,000 walks of a 1,000-entry tree.
        """
        repo = self._repo()
        trees: dict[tuple[str | None, str], git.Tree | None] = {}
        texts: list[str | None] = []
        for path, commit in items:
            folder, _, name = path.rpartition("/")
            key = (commit, folder)
            if key not in trees:
                try:
                    root = repo.commit(commit or "HEAD").tree
                    trees[key] = root / folder if folder else root
                except (ValueError, KeyError, git.BadName):
                    trees[key] = None
            tree = trees[key]
            try:
                blob = tree / name if tree is not None else None
            except KeyError:
                blob = None
            texts.append(
                blob.data_stream.read().decode("utf-8", errors="replace")
                if blob is not None
                else None
            )
        return texts

    def head(self) -> str | None:
        try:
            return self._repo().head.commit.hexsha
        except ValueError:
            return None

    def history(self, path: str, limit: int = 200) -> list[Revision]:
        """Commits that changed ``path`` (following renames), newest first."""
        if self.head() is None:
            return []
        out = self._repo().git.log("--follow", f"-n{limit}", "--format=%H%x1f%ct%x1f%s", "--", path)
        revisions = []
        for line in out.splitlines():
            sha, stamp, subject = line.split("\x1f", 2)
            revisions.append(Revision(sha, datetime.fromtimestamp(int(stamp), UTC), subject))
        return revisions

    def diff(self, old_commit: str, new_commit: str, path: str, old_path: str | None = None) -> str:
        """Unified diff of one file between two commits."""
        return self._repo().git.diff(
            old_commit, new_commit, "--", *(p for p in {old_path or path, path})
        )

    # ------------------------------------------------------------------ writing

    def stage(self, path: str, text: str, previous_path: str | None = None) -> StagedConfig:
        """Store ``text`` as a blob (atomic) for the next commit.

        Written as git writes a loose object (zlib-compressed ``blob <size>\\0<data>`` in a
        temporary file of the object's folder, renamed to its SHA-1): no lock, so device
        threads write in parallel (sha1 and zlib release the GIL); the rename makes the object
        whole or absent, and an object that is already there is left alone.
        """
        data = text.encode("utf-8")
        try:
            hexsha = _write_loose_blob(self.path / "objects", data)
        except OSError as error:  # the object is written to a temp file first: never half a blob
            full = error.errno in (errno.ENOSPC, errno.EDQUOT)
            raise storage_error(error, self.path / "objects" if full else self.path) from None
        return StagedConfig(path, hexsha, previous_path if previous_path != path else None)

    def commit(self, staged: Sequence[StagedConfig], message: str) -> str | None:
        """One commit holding every staged file (renames applied); None when nothing changed."""
        if not staged:
            return None
        try:
            with self._exclusive():
                return self._commit_locked(staged, message)
        except OSError as error:
            raise storage_error(error, self.path) from None

    # ------------------------------------------------------------------ internals

    def _commit_locked(self, staged: Sequence[StagedConfig], message: str) -> str | None:
        old_head = self.head()
        index_file = self.path / f"netraven-index-{os.getpid()}-{threading.get_ident()}"
        env = {"GIT_INDEX_FILE": str(index_file), **_IDENTITY}
        try:
            self._git(["read-tree", old_head] if old_head else ["read-tree", "--empty"], env=env)
            lines = []
            for item in staged:
                if item.previous_path:
                    lines.append(f"0 {'0' * 40}\t{item.previous_path}")  # drop the old name
                lines.append(f"100644 {item.blob}\t{item.path}")
            self._git(["update-index", "--index-info"], "\n".join(lines) + "\n", env)
            tree = self._git(["write-tree"], env=env).strip()
            if old_head and self._git(["rev-parse", f"{old_head}^{{tree}}"]).strip() == tree:
                return None
            parents = ["-p", old_head] if old_head else []
            commit = self._git(["commit-tree", tree, *parents], message, env).strip()
            # Compare-and-swap: fails if HEAD moved under us (it cannot while we hold the lock).
            self._git(
                ["update-ref", "-m", "netraven backup", "refs/heads/main", commit, old_head or ""],
                env=env,
            )
            return commit
        finally:
            index_file.unlink(missing_ok=True)

    def _git(
        self, args: list[str], text: str | None = None, env: dict[str, str] | None = None
    ) -> str:
        result = subprocess.run(
            ["git", *args],
            input=text,
            capture_output=True,
            text=True,
            cwd=self.path,
            env={**os.environ, **(env or {})},
            check=False,
        )
        if result.returncode != 0:
            raise _git_failure(args[0], self.path, result.stderr)
        return result.stdout

    @contextmanager
    def _exclusive(self) -> Iterator[None]:
        """Only one writer at a time, across threads and processes."""
        with self._lock, open(self.path / "netraven.lock", "a") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def _repo(self) -> git.Repo:
        # GitPython keeps a `git cat-file` process per Repo: one Repo per thread.
        repo = getattr(self._local, "repo", None)
        if repo is None:
            repo = git.Repo(self.path)
            self._local.repo = repo
        return repo

    def close(self) -> None:
        self._repo_for_writes.close()
        repo = getattr(self._local, "repo", None)
        if repo is not None:
            repo.close()


def _write_loose_blob(objects: Path, data: bytes) -> str:
    header = b"blob %d\0" % len(data)
    digest = hashlib.sha1(header, usedforsecurity=False)
    digest.update(data)
    hexsha = digest.hexdigest()
    folder = objects / hexsha[:2]
    target = folder / hexsha[2:]
    if target.exists():
        return hexsha
    folder.mkdir(mode=0o700, exist_ok=True)
    compressed = zlib.compress(header + data, 1)  # git reads any level; 1 is 3x faster than 6
    fd, temporary = tempfile.mkstemp(prefix="tmp_obj_", dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(compressed)
        os.chmod(temporary, 0o400)  # objects stay private (git itself makes them 0444)
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    return hexsha


def storage_error(error: OSError, path: Path) -> GitStoreError:
    """One line for a failed write under the repository (disk full, read-only, anything else)."""
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        return GitStoreError(f"no space left on device writing {error.filename or path}")
    if error.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return GitStoreError(f"repository {path} is read-only: {error.strerror}")
    return GitStoreError(f"cannot write to the repository {path}: {error.strerror or error}")


def _git_failure(command: str, path: Path, stderr: str, under: str = "") -> GitStoreError:
    lowered = " ".join(stderr.split()).lower()
    if any(words in lowered for words in _NO_SPACE):
        return GitStoreError(f"no space left on device writing {path / under if under else path}")
    if any(words in lowered for words in _READ_ONLY):
        return GitStoreError(
            f"repository {path} is read-only: git {command}: {_first_line(stderr)}"
        )
    return GitStoreError(f"git {command} failed in {path}: {_first_line(stderr)}")


def _first_line(stderr: str) -> str:
    # GitPython formats its stderr as "\n  stderr: '<text>'": keep git's own words.
    lines = [line.strip().removeprefix("stderr: '").rstrip("'") for line in stderr.splitlines()]
    lines = [line for line in lines if line]
    return lines[0] if lines else "no message"


_IDENTITY = {
    "GIT_AUTHOR_NAME": AUTHOR_NAME,
    "GIT_AUTHOR_EMAIL": AUTHOR_EMAIL,
    "GIT_COMMITTER_NAME": AUTHOR_NAME,
    "GIT_COMMITTER_EMAIL": AUTHOR_EMAIL,
}
