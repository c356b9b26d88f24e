"""Directory listings and JSON files, cached and re-validated with one ``stat`` per use.

Each cached entry keeps the signature of what it was read from: inode, ``st_mtime_ns``,
``st_ctime_ns``, link count and size. A directory's mtime changes when entries are added or
removed; the link count also changes when a subdirectory comes or goes within the same
timestamp tick; ctime changes on chmod, so a directory made readable again is re-listed.
Problems (unreadable directories, files where a directory belongs, symlink loops, broken
JSON, files over the size limit, symbolic links leading out of the repository) are logged
once per path and state, and never raised.

Containment: a caller names the tree a path belongs to (``within``, a repository's bala
root). A directory is listed, and a file read, only when no symbolic link on the way from
that root leads outside it; the check runs when something is read, not on cache hits
(a retargeted link changes the signature, so it is read, and checked, again). A caller that
has just gone through an ancestor with this cache (listed it, or read a file in it) names
it (``checked``), and only the components below it are looked at again.
"""

from __future__ import annotations

import errno
import functools
import json
import logging
import os
import stat
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from balmod.workspace import DEFAULT_MAX_FILE_BYTES, UnreadableFile, describe, escapes, read_bytes

_log = logging.getLogger(__name__)

Signature = tuple[int, int, int, int, int]

FsPath = Path | str
"""A path as a Path, or as the string of one (what hot callers build: it is cheaper)."""


def _signature(st: os.stat_result) -> Signature:
    return (st.st_ino, st.st_mtime_ns, st.st_ctime_ns, st.st_nlink, st.st_size)


@functools.lru_cache(maxsize=64)
def _is_plain_root(root: str) -> bool:
    """Absolute and already normalised: what :func:`os.path.abspath` would leave alone."""
    return os.path.isabs(root) and os.path.normpath(root) == root and not root.startswith("//")


def _stat(path: FsPath) -> tuple[os.stat_result, bool]:
    """What ``os.stat`` says, and whether ``path`` itself is a symbolic link.

    ``lstat`` first: for what is not a link it is the same answer, and it tells the
    containment check that this last component needs no look of its own.
    """
    st = os.lstat(path)
    if stat.S_ISLNK(st.st_mode):
        return os.stat(path), True
    return st, False


def _is_absent(exc: OSError) -> bool:
    # ENOTDIR: an ancestor is a file; whoever lists that ancestor reports the file.
    return isinstance(exc, FileNotFoundError) or exc.errno == errno.ENOTDIR


_describe = describe


class FsCache:
    """Stat-validated caches shared by one repository index. Thread-safe."""

    def __init__(self, max_file_bytes: int = DEFAULT_MAX_FILE_BYTES) -> None:
        # The largest JSON file read (package.json); bigger ones are skipped and reported.
        self.max_file_bytes = max_file_bytes
        self._lock = threading.Lock()
        self._listings: dict[str, tuple[Signature, tuple[str, ...]]] = {}
        self._json: dict[str, tuple[Signature, dict[str, Any] | None]] = {}
        self._reported: set[tuple[str, str]] = set()
        # Counts re-reads of directories that changed (or went away), so a change that some
        # other reader picked up first is still reported to the poller once.
        self._changes = 0
        self._changes_seen = 0

    def clear(self) -> None:
        with self._lock:
            self._listings.clear()
            self._json.clear()
            self._reported.clear()

    def report(self, path: FsPath, problem: str, *, skipped: bool = True) -> None:
        """Log a problem once per (path, problem); ``skipped`` says the entry is left out."""
        key = (str(path), problem)
        with self._lock:
            if key in self._reported:
                return
            self._reported.add(key)
        _log.warning("skipping %s: %s" if skipped else "%s: %s", path, problem)

    def dir_signature(self, path: FsPath) -> Signature | None:
        """The directory's signature; None when it is missing, not a directory or unreadable."""
        return self._dir_stat(path)[0]

    def _dir_stat(self, path: FsPath) -> tuple[Signature | None, bool]:
        """:meth:`dir_signature`, and whether ``path`` itself is a symbolic link."""
        try:
            st, linked = _stat(path)
        except OSError as exc:
            if not _is_absent(exc):
                self.report(path, _describe(exc))
            return None, False
        except ValueError:  # a NUL in a configured path
            self.report(path, "invalid path")
            return None, False
        if not stat.S_ISDIR(st.st_mode):
            self.report(path, "a file where a directory belongs")
            return None, linked
        return _signature(st), linked

    def is_dir(self, path: FsPath) -> bool:
        return self.dir_signature(path) is not None

    def signature(self, path: FsPath) -> Signature | None:
        """The signature of whatever is at ``path`` (None when nothing is); never logs."""
        try:
            return _signature(os.stat(path))
        except (OSError, ValueError):
            return None

    def still_valid(self, consulted: Iterable[tuple[str, Signature | None]]) -> bool:
        """Whether every path still has the signature it had when a result was read."""
        return all(self.signature(path) == sig for path, sig in consulted)

    def listings_changed(self) -> bool:
        """Whether any directory listed so far has gained or lost entries since it was read.

        One stat per cached directory: cheap enough to poll, so a package added to or removed
        from a repository is noticed without a request touching it first.
        """
        with self._lock:
            cached = [(path, sig) for path, (sig, _) in self._listings.items()]
            seen_elsewhere = self._changes != self._changes_seen
            self._changes_seen = self._changes
        return seen_elsewhere or not self.still_valid(cached)

    def subdirs(
        self, path: FsPath, *, files_expected: bool = False, within: FsPath | None = None
    ) -> tuple[str, ...]:
        """Names of the subdirectories of ``path`` (sorted; hidden ones left out).

        Files are reported as misplaced unless ``files_expected``. With ``within``, a
        directory reached through a symbolic link leading outside that tree is not listed.
        """
        return self.listing(path, files_expected=files_expected, within=within)[1]

    def listing(
        self,
        path: FsPath,
        *,
        files_expected: bool = False,
        within: FsPath | None = None,
        checked: FsPath | None = None,
    ) -> tuple[Signature | None, tuple[str, ...]]:
        """:meth:`subdirs` with the directory's signature (None when it is not a directory).

        ``checked``: an ancestor of ``path`` inside ``within`` that this cache has just
        listed, or read a file in (so its own way from ``within`` was checked).
        """
        sig, linked = self._dir_stat(path)
        key = str(path)
        if sig is None:
            with self._lock:
                if self._listings.pop(key, None) is not None:
                    self._changes += 1
            return None, ()
        with self._lock:
            cached = self._listings.get(key)
        if cached is not None and cached[0] == sig:
            return sig, cached[1]
        escaped = self._escapes(path, within, checked, linked)
        names = () if escaped else self._scan(path, files_expected)
        with self._lock:
            if cached is not None:
                self._changes += 1
            self._listings[key] = (sig, names)
        return sig, names

    def _escapes(
        self,
        path: FsPath,
        within: FsPath | None,
        checked: FsPath | None = None,
        linked: bool = True,
    ) -> bool:
        """Whether ``path`` leads outside ``within`` (reported). ``linked=False``: ``path``
        itself was just seen not to be a symbolic link."""
        if within is None or not self._leads_outside(path, within, checked, linked):
            return False
        self.report(path, f"symbolic link leads outside {within}")
        return True

    def _leads_outside(
        self, path: FsPath, within: FsPath, checked: FsPath | None, linked: bool = True
    ) -> bool:
        """:func:`balmod.workspace.escapes`, with fewer steps for the paths this cache sees.

        Those are ``within`` (absolute and normalised) joined with plain names (no empty,
        ``.`` or ``..`` part). For them it is the same check, one ``lstat`` per component
        below ``checked`` (or ``within``), done on strings, and none for the last one when
        the caller has just seen that it is no link (``linked=False``); any other path, or a
        link found on the way, goes to :func:`escapes`.
        """
        root, target = str(within), str(path)
        start = root if checked is None else str(checked)
        if not (
            _is_plain_root(root)
            and (start == root or start.startswith(root + os.sep))
            and target.startswith(start + os.sep)
        ):
            return escapes(path, within)
        parts = target[len(start) + 1 :].split(os.sep)
        if "" in parts or "." in parts or ".." in parts:
            return escapes(path, within)
        current = start
        for part in parts if linked else parts[:-1]:
            current = current + os.sep + part
            try:
                is_link = stat.S_ISLNK(os.lstat(current).st_mode)
            except OSError:
                return False  # nothing there: nothing to follow
            if is_link:
                return escapes(path, within)
        return False

    def _scan(self, path: FsPath, files_expected: bool) -> tuple[str, ...]:
        names: list[str] = []
        try:
            with os.scandir(path) as entries:
                for entry in entries:
                    if entry.name.startswith("."):
                        continue
                    try:
                        is_dir = entry.is_dir()
                    except OSError as exc:
                        self.report(entry.path, _describe(exc))
                        continue
                    if is_dir:
                        names.append(entry.name)
                    elif entry.is_symlink() and not os.path.exists(entry.path):
                        self.report(entry.path, "broken symbolic link")
                    elif not files_expected:
                        self.report(entry.path, "a file where a directory belongs")
        except OSError as exc:
            self.report(path, _describe(exc))
            return ()
        return tuple(sorted(names))

    def json_object(self, path: FsPath, *, within: FsPath | None = None) -> dict[str, Any] | None:
        """The JSON object in ``path``; None when missing, unreadable or not a JSON object."""
        return self.json_file(path, within=within)[1]

    def json_file(
        self, path: FsPath, *, within: FsPath | None = None, checked: FsPath | None = None
    ) -> tuple[Signature | None, dict[str, Any] | None]:
        """:meth:`json_object` with the file's signature (None when there is no file).

        ``checked`` as for :meth:`listing`.
        """
        try:
            st, linked = _stat(path)
        except OSError as exc:
            if not _is_absent(exc):
                self.report(path, _describe(exc))
            return None, None
        except ValueError:
            self.report(path, "invalid path")
            return None, None
        sig = _signature(st)
        key = str(path)
        with self._lock:
            cached = self._json.get(key)
        if cached is not None and cached[0] == sig:
            return sig, cached[1]
        escaped = self._escapes(path, within, checked, linked)
        data = None if escaped else self._read_json(path)
        with self._lock:
            self._json[key] = (sig, data)
        return sig, data

    def _read_json(self, path: FsPath) -> dict[str, Any] | None:
        try:
            raw = read_bytes(path, self.max_file_bytes)
        except UnreadableFile as exc:
            self.report(path, str(exc).removeprefix(f"{path}: "))
            return None
        try:
            data = json.loads(raw)
        except (ValueError, UnicodeDecodeError, RecursionError) as exc:
            self.report(path, f"invalid JSON ({exc})")
            return None
        if not isinstance(data, dict):
            self.report(path, "invalid JSON (expected an object)")
            return None
        return data
