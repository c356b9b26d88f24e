"""Containment: whether a path of a repository tree is reached with no symbolic link
leading out of that tree.

A caller names the tree a path belongs to (``within``, a repository's bala root). A
directory is listed, and a file read, only when no symbolic link on the way from that root
leads outside it (:meth:`Containment.escapes`). A caller that has just gone through an
ancestor (listed it, or read a file in it) names it (``checked``), and only the components
below it are looked at again. Within :meth:`Containment.steady` (one answer reading
hundreds of packages), a directory seen to be no link, all the way from its tree, is not
looked at again for the paths below it.
"""

from __future__ import annotations

import contextlib
import os
import stat
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

from balmod.repository.snapshot import is_plain_root
from balmod.workspace import escapes

FsPath = Path | str
"""A path as a Path, or as the string of one (what hot callers build: it is cheaper)."""


class Seen:
    """What one thread saw of one tree within :meth:`Containment.steady`."""

    __slots__ = ("existing", "missing", "trusted")

    def __init__(self) -> None:
        # Directories seen to be no symbolic link, nor any directory on their way from the
        # tree (file names too, harmless: nothing is below them).
        self.trusted: set[str] = set()
        # Directories seen not to exist, and seen to exist (looked at only to know that).
        self.missing: set[str] = set()
        self.existing: set[str] = set()


class Containment:
    """The containment checks of one cache: what it finds leading outside is reported
    through ``report`` (path, problem), once per path and problem as the cache logs."""

    def __init__(self, report: Callable[[FsPath, str], None]) -> None:
        self._report = report
        # Per thread, within steady(): what was seen of each tree (see Seen).
        self._steady = threading.local()

    @contextlib.contextmanager
    def steady(self) -> Iterator[None]:
        """Within the block, this thread checks each directory's way from its tree once.

        For one answer that reads hundreds of packages (a manifest's check): the org and
        package directories above their versions are looked at once, not once per read. It
        sees one picture of the links, as :meth:`RepositoryIndex.pinned` sees one set of
        repositories.
        """
        outer: dict[str, Seen] | None = getattr(self._steady, "trees", None)
        if outer is None:
            self._steady.trees = {}
        try:
            yield
        finally:
            if outer is None:
                self._steady.trees = None

    def seen(self, within: str) -> Seen | None:
        trees: dict[str, Seen] | None = getattr(self._steady, "trees", None)
        if trees is None:
            return None
        seen = trees.get(within)
        if seen is None:
            seen = trees[within] = Seen()
        return seen

    def trusted(self, within: str) -> set[str] | None:
        seen = self.seen(within)
        return None if seen is None else seen.trusted

    def plain_way(self, target: str, root: str, seen: Seen | None) -> bool:
        """Whether no directory between ``root`` and ``target`` is a symbolic link (False
        also when the path is not ``root`` joined with plain names)."""
        if not (is_plain_root(root) and target.startswith(root + os.sep)):
            return False
        parts = target[len(root) + 1 :].split(os.sep)
        if "" in parts or "." in parts or ".." in parts:
            return False
        trusted = seen.trusted if seen is not None else None
        current = root
        for part in parts[:-1]:
            current = current + os.sep + part
            if trusted is not None and current in trusted:
                continue
            try:
                if stat.S_ISLNK(os.lstat(current).st_mode):
                    return False
            except OSError:
                return False
            if trusted is not None:
                trusted.add(current)
        if trusted is not None:
            trusted.add(target)
        return True

    def escapes(
        self,
        path: FsPath,
        within: FsPath | None,
        checked: FsPath | None = None,
        linked: bool = True,
        trusted: set[str] | None = None,
    ) -> bool:
        """Whether ``path`` leads outside ``within`` (reported). ``linked=False``: ``path``
        itself was just seen not to be a symbolic link. ``trusted``: ``within``'s set in
        :meth:`steady`, when the caller has it."""
        if within is None or not self.leads_outside(path, within, checked, linked, trusted):
            return False
        self._report(path, f"symbolic link leads outside {within}")
        return True

    def leads_outside(
        self,
        path: FsPath,
        within: FsPath,
        checked: FsPath | None,
        linked: bool = True,
        trusted: set[str] | None = None,
    ) -> bool:
        """:func:`balmod.workspace.escapes`, with fewer steps for the paths this cache sees.

        Those are ``within`` (absolute and normalised) joined with plain names (no empty,
        ``.`` or ``..`` part). For them it is the same check, one ``lstat`` per component
        below ``checked`` (or ``within``), done on strings, and none for the last one when
        the caller has just seen that it is no link (``linked=False``); any other path, or a
        link found on the way, goes to :func:`escapes`.
        """
        root, target = str(within), str(path)
        if trusted is None:
            trusted = self.trusted(root)
        if trusted is not None and not linked:
            # The usual case within steady(): the parent was seen to be no link, on its way.
            parent, _, last = target.rpartition(os.sep)
            if parent in trusted and last not in ("", ".", ".."):
                trusted.add(target)
                return False
        start = root if checked is None else str(checked)
        if not (
            is_plain_root(root)
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
            if trusted is not None and current in trusted:
                continue
            try:
                is_link = stat.S_ISLNK(os.lstat(current).st_mode)
            except OSError:
                return False  # nothing there: nothing to follow
            if is_link:
                return escapes(path, within)
            if trusted is not None:
                trusted.add(current)
        if trusted is not None and not linked:
            trusted.add(target)  # a file's name too: harmless, nothing is below it
        return False
