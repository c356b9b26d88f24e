"""Directory listings (subdirectories and files), cached and re-validated with one ``stat``.

Each listing keeps the signature of the directory it was read from (inode, ``st_mtime_ns``,
``st_ctime_ns``, link count, size); a directory's mtime changes when entries come or go, so
a module published into a repository is seen on the next use without a restart, and
:meth:`FsView.changed` notices it with one ``stat`` per directory read so far. Problems
(unreadable directories, symlink loops) are logged once per path and never raised.
"""

from __future__ import annotations

import errno
import logging
import os
import stat
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

logger = logging.getLogger(__name__)

Signature = tuple[int, int, int, int, int]


@dataclass(frozen=True, slots=True)
class Listing:
    dirs: tuple[str, ...] = ()
    files: tuple[str, ...] = ()


EMPTY = Listing()


def signature(path: Path | str) -> Signature | None:
    """What is at ``path`` now (None when nothing is); never logs."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_ino, st.st_mtime_ns, st.st_ctime_ns, st.st_nlink, st.st_size)


class FsView:
    """Cached listings for any number of directory trees. Thread-safe."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._listings: dict[str, tuple[Signature, Listing]] = {}
        self._reported: set[tuple[str, str]] = set()

    def clear(self) -> None:
        with self._lock:
            self._listings.clear()
            self._reported.clear()

    def _report(self, path: str, problem: str) -> None:
        key = (path, problem)
        with self._lock:
            if key in self._reported:
                return
            self._reported.add(key)
        logger.warning("skipping %s: %s", path, problem)

    def listing(self, path: Path) -> Listing:
        """The visible entries of directory ``path``; empty when it is not a readable one."""
        key = str(path)
        try:
            st = os.stat(key)
        except OSError as exc:
            if not isinstance(exc, FileNotFoundError) and exc.errno != errno.ENOTDIR:
                self._report(key, exc.strerror or str(exc))
            with self._lock:
                self._listings.pop(key, None)
            return EMPTY
        if not stat.S_ISDIR(st.st_mode):
            return EMPTY
        sig = (st.st_ino, st.st_mtime_ns, st.st_ctime_ns, st.st_nlink, st.st_size)
        with self._lock:
            cached = self._listings.get(key)
        if cached is not None and cached[0] == sig:
            return cached[1]
        found = self._scan(key)
        with self._lock:
            self._listings[key] = (sig, found)
        return found

    def _scan(self, path: str) -> Listing:
        dirs: list[str] = []
        files: list[str] = []
        try:
            with os.scandir(path) as entries:
                for entry in entries:
                    if entry.name.startswith("."):
                        continue
                    try:
                        if entry.is_dir():
                            dirs.append(entry.name)
                        elif entry.is_file():
                            files.append(entry.name)
                    except OSError as exc:
                        self._report(entry.path, exc.strerror or str(exc))
        except OSError as exc:
            self._report(path, exc.strerror or str(exc))
            return EMPTY
        return Listing(tuple(sorted(dirs)), tuple(sorted(files)))

    def changed(self) -> bool:
        """Whether any directory listed so far gained or lost entries since it was read."""
        with self._lock:
            cached = [(path, sig) for path, (sig, _) in self._listings.items()]
        return any(signature(path) != sig for path, sig in cached)

    def still_valid(self, consulted: Iterable[tuple[str, Signature | None]]) -> bool:
        return all(signature(path) == sig for path, sig in consulted)
