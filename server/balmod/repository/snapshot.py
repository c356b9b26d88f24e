"""What one ``balmod check`` run reads of a repository, each directory listed once, each file
read once: the mode of :class:`~balmod.repository.fscache.FsCache` within
:meth:`~balmod.repository.fscache.FsCache.snapshot`.

While the disk does not change nothing is re-validated: each directory is listed once, each
file read once, and what is below a listed directory is known from its entries (a name not
among them is not there; one listed as a directory, no link, is reached without a link).
Only what a listing shows as plain (no link, no file where a directory belongs, no error) is
answered so; for the rest :class:`Snapshot` answers None, and the cache takes the
stat-validated way, with its checks and reports. Nothing is reported here: a problem is
left to that way (or to the cache's ``scan`` and ``read`` given to :class:`Snapshot`).
Nothing read in a snapshot goes into the cache's own caches, which are as they were when it
ends.
"""

from __future__ import annotations

import contextlib
import functools
import os
import stat
import threading
from collections.abc import Callable, Iterator
from enum import Enum
from typing import TYPE_CHECKING, Any

from balmod.workspace import OPEN_FLAGS

if TYPE_CHECKING:
    from balmod.repository.containment import FsPath
    from balmod.repository.fscache import Signature

    Listing = tuple[Signature | None, tuple[str, ...]]
    JsonFile = tuple[Signature | None, dict[str, Any] | None]

UNSTATED: Signature = (-1, -1, -1, -1, -1)
"""The signature of a directory listed within a snapshot without a stat of its own: equal to
that of nothing on disk, so what it validates is read again outside."""

# A file opened as read_bytes opens one (no waiting on a FIFO, no controlling terminal), and
# so that a symbolic link put in its place is refused, not followed.
_OPEN_FILE = OPEN_FLAGS | getattr(os, "O_NOFOLLOW", 0)
_SEARCH_IDS = os.access in os.supports_effective_ids


@functools.lru_cache(maxsize=64)
def is_plain_root(root: str) -> bool:
    """Absolute and already normalised: what :func:`os.path.abspath` would leave alone."""
    return os.path.isabs(root) and os.path.normpath(root) == root and not root.startswith("//")


class _State(Enum):
    """What a snapshot knows of a path that it has not listed (see :class:`_Dir`)."""

    ABSENT = "absent"  # nothing there (or no directory on the way to it)
    UNKNOWN = "unknown"  # a link, a file, an error: for the stat-validated way to answer
    PLAIN = "plain"  # a directory reached without a link, not listed yet


_ABSENT, _UNKNOWN, _PLAIN = _State.ABSENT, _State.UNKNOWN, _State.PLAIN


class _Dir:
    """A directory listed within a snapshot, reached without a link from its tree."""

    __slots__ = ("_folded", "_plain", "entries", "irregular", "names", "searchable")

    def __init__(self, plain: list[str], others: list[str]) -> None:
        # Entries that are directories and no link, and the rest (files, links, hidden ones).
        self.entries = (plain, others)
        # A visible entry that is no plain directory: listing() leaves it to the cache's
        # scan to report.
        self.irregular = any(not name.startswith(".") for name in others)
        # What listing() answers otherwise: the cache's scan's answer.
        plain.sort()
        self.names = tuple(name for name in plain if not name.startswith("."))
        self._plain: frozenset[str] | None = None
        self._folded: frozenset[str] | None = None
        self.searchable: bool | None = None

    def child(self, name: str, path: str) -> _State:
        """What is at ``name`` in this directory (whose path is ``path``).

        A name among no entries is absent only when it is ASCII and no entry's name folds to
        it (a file system may ignore case, or normalise Unicode), and when the directory may
        be searched (else a stat below it fails, and the validated way reports that).
        """
        plain, others = self.entries
        if self._plain is None:
            self._plain = frozenset(plain)
        if name in self._plain:
            return _PLAIN
        if not name.isascii():
            return _UNKNOWN
        if self._folded is None:
            self._folded = frozenset(entry.lower() for entry in (*plain, *others))
        if name.lower() in self._folded:
            return _UNKNOWN
        if self.searchable is None:
            self.searchable = os.access(path, os.X_OK, effective_ids=_SEARCH_IDS)
        return _ABSENT if self.searchable else _UNKNOWN


def _list_quietly(path: str) -> _Dir:
    """The entries of a directory, reporting nothing; raises OSError."""
    plain: list[str] = []
    others: list[str] = []
    with os.scandir(path) as entries:
        for entry in entries:
            try:
                if entry.is_dir(follow_symlinks=False):
                    plain.append(entry.name)
                    continue
            except OSError:
                pass
            others.append(entry.name)
    return _Dir(plain, others)


def _stat_and_list(path: str) -> _Dir | _State:
    """A directory whose parent is known to be plain but was not listed (a bala's
    ``modules/``: its platform directory, which holds files, is never listed)."""
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return _ABSENT
    except (OSError, ValueError):
        return _UNKNOWN
    if not stat.S_ISDIR(st.st_mode):  # a link or a file: the validated way reports it
        return _UNKNOWN
    try:
        return _list_quietly(path)
    except OSError:
        return _UNKNOWN


def _list_root(root: str) -> _Dir | _State:
    try:
        return _list_quietly(root)
    except (FileNotFoundError, NotADirectoryError):
        return _ABSENT  # as a stat below it finds: nothing there, nothing to report
    except OSError:
        return _UNKNOWN


def _read_regular(path: str, seen: os.stat_result, max_bytes: int) -> bytes | None:
    """The content of the regular file ``seen`` at ``path`` (opened without following a
    link); None on anything unexpected, for the validated way to read and report."""
    try:
        fd = os.open(path, _OPEN_FILE)
    except OSError:
        return None
    try:
        st = os.fstat(fd)
        if (
            not stat.S_ISREG(st.st_mode)
            or (st.st_ino, st.st_dev) != (seen.st_ino, seen.st_dev)
            or st.st_size > max_bytes
        ):
            return None
        raw = os.read(fd, st.st_size + 1)
        return raw if len(raw) == st.st_size else None  # grown or shrunk: read it again
    except OSError:
        return None
    finally:
        os.close(fd)


class Snapshot:
    """What one thread read within :meth:`FsCache.snapshot`, and the answers kept.

    Each method answers a question of :class:`~balmod.repository.fscache.FsCache` (the same
    name), or None when the stat-validated way is to answer it; an answer of that way is
    kept with :meth:`keep_listing` / :meth:`keep_json`, so it too is found once.
    """

    __slots__ = ("json", "listings", "trees")

    def __init__(self) -> None:
        self.listings: dict[str, Listing] = {}
        self.json: dict[str, JsonFile] = {}
        # Per tree (its root): what is known of each path below it.
        self.trees: dict[str, dict[str, _Dir | _State] | None] = {}

    def listing(
        self,
        path: str,
        within: FsPath | None,
        files_expected: bool,
        scan: Callable[[str, bool], tuple[str, ...]],
    ) -> Listing | None:
        """The directory's (unstated) signature and its subdirectories' names, kept or
        known from listings; None for the validated way. ``scan(path, files_expected)``
        lists, and reports, a directory with something other than plain directories in it."""
        known = self.listings.get(path)
        if known is None:
            known = self._listing(path, within, files_expected, scan)
            if known is not None:
                self.listings[path] = known
        return known

    def keep_listing(self, path: str, answer: Listing) -> Listing:
        """``answer``, kept as :meth:`listing`'s for ``path``."""
        self.listings[path] = answer
        return answer

    def json_file(
        self,
        path: str,
        within: FsPath | None,
        max_bytes: int,
        read: Callable[[str, os.stat_result, bytes], JsonFile],
    ) -> JsonFile | None:
        """The file's signature and JSON object, kept or read once; None for the validated
        way. ``read(path, st, raw)`` makes the answer of what was read (and reports a
        problem in it)."""
        known = self.json.get(path)
        if known is None:
            known = self._json_file(path, within, max_bytes, read)
            if known is not None:
                self.json[path] = known
        return known

    def keep_json(self, path: str, answer: JsonFile) -> JsonFile:
        """``answer``, kept as :meth:`json_file`'s for ``path``."""
        self.json[path] = answer
        return answer

    def presence(self, path: str, within: str) -> bool | None:
        """Whether ``path`` is a directory reached without a link from ``within`` (True) or
        nothing (False), as its parent's entries show; None for the validated way."""
        tree = self._tree(within, path)
        if tree is None:
            return None
        state = self._look(tree, path, within, False)
        if state is _ABSENT:
            return False
        return None if state is _UNKNOWN else True

    def _tree(self, root: str, path: str) -> dict[str, _Dir | _State] | None:
        """``root``'s knowledge, when ``path`` is below it joined with plain names (and not
        the root itself, whose own problems the validated way reports)."""
        tree = self.trees.get(root)
        if tree is None:
            if root in self.trees:
                return None
            tree = self.trees[root] = {} if is_plain_root(root) else None
            if tree is None:
                return None
        if not path.startswith(root + os.sep):
            return None
        parts = path[len(root) + 1 :].split(os.sep)
        if "" in parts or "." in parts or ".." in parts:
            return None
        return tree

    def _listing(
        self,
        path: str,
        within: FsPath | None,
        files_expected: bool,
        scan: Callable[[str, bool], tuple[str, ...]],
    ) -> Listing | None:
        if within is None:
            return None
        root = within if isinstance(within, str) else str(within)
        tree = self._tree(root, path)
        if tree is None:
            return None
        state = self._listed(tree, path, root)
        if state is _ABSENT:
            return None, ()
        if not isinstance(state, _Dir):
            return None
        # Something other than plain directories in it: scan reports it, as ever.
        return UNSTATED, scan(path, files_expected) if state.irregular else state.names

    def _json_file(
        self,
        path: str,
        within: FsPath | None,
        max_bytes: int,
        read: Callable[[str, os.stat_result, bytes], JsonFile],
    ) -> JsonFile | None:
        if within is None:
            return None
        root = within if isinstance(within, str) else str(within)
        tree = self._tree(root, path)
        if tree is None:
            return None
        parent, _, name = path.rpartition(os.sep)
        above = self._look(tree, parent, root, False)
        if isinstance(above, _Dir):
            entry = above.child(name, parent)
            if entry is _ABSENT:
                return None, None
            if entry is _PLAIN:
                return None  # a directory: the validated way reports it
        elif above is _ABSENT:
            return None, None
        elif above is _UNKNOWN:
            return None
        try:
            st = os.lstat(path)
        except FileNotFoundError:
            return None, None
        except (OSError, ValueError):
            return None
        if not stat.S_ISREG(st.st_mode) or st.st_size > max_bytes:
            return None
        raw = _read_regular(path, st, max_bytes)
        if raw is None:
            return None
        return read(path, st, raw)

    def _look(
        self, tree: dict[str, _Dir | _State], path: str, root: str, scan: bool
    ) -> _Dir | _State:
        """What is at ``path`` (``root`` or below it): known from its parent's entries, the
        parent listed for it (and so on up). ``scan``: list ``path`` too, if a directory."""
        state = tree.get(path)
        if state is None:
            if path == root:
                state = _list_root(root)
            else:
                parent, _, name = path.rpartition(os.sep)
                above = self._look(tree, parent, root, True)
                state = above.child(name, parent) if isinstance(above, _Dir) else above
            tree[path] = state
        if scan and state is _PLAIN:
            try:
                state = _list_quietly(path)
            except OSError:
                state = _UNKNOWN
            tree[path] = state
        return state

    def _listed(self, tree: dict[str, _Dir | _State], path: str, root: str) -> _Dir | _State:
        """:meth:`_look` listing ``path`` (below ``root``), without listing its parent when
        that is known to be plain already (see :func:`_stat_and_list`)."""
        state = tree.get(path)
        if state is None:
            parent, _, name = path.rpartition(os.sep)
            above = self._look(tree, parent, root, False)
            if above is _PLAIN:
                state = _stat_and_list(path)
            else:
                state = above.child(name, parent) if isinstance(above, _Dir) else above
        if state is _PLAIN:
            try:
                state = _list_quietly(path)
            except OSError:
                state = _UNKNOWN
        tree[path] = state
        return state


class Snapshots(threading.local):
    """Each thread's :class:`Snapshot`: ``current`` is None outside :meth:`scope`."""

    current: Snapshot | None = None

    @contextlib.contextmanager
    def scope(self) -> Iterator[None]:
        """Within the block, this thread reads through one :class:`Snapshot` (the one of an
        enclosing block, if any), dropped when the outermost block ends."""
        outer = self.current
        if outer is None:
            self.current = Snapshot()
        try:
            yield
        finally:
            if outer is None:
                self.current = None

    def renew(self) -> None:
        """Forget what this thread's snapshot read, if it is within :meth:`scope`."""
        if self.current is not None:
            self.current = Snapshot()
