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
it (``checked``), and only the components below it are looked at again. Within
:meth:`FsCache.steady` (one answer reading hundreds of packages), a directory seen to be
no link, all the way from its tree, is not looked at again for the paths below it.

Snapshot: within :meth:`FsCache.snapshot` (one ``balmod check`` run, while the disk does not
change) nothing is re-validated: each directory is listed once, each file read once, and
what is below a listed directory is known from its entries (a name not among them is not
there; one listed as a directory, no link, is reached without a link). Only what a listing
shows as plain (no link, no file where a directory belongs, no error) is answered so; the
rest takes the stat-validated way, with its checks and reports. Nothing read in a snapshot
goes into the caches above, which are as they were when it ends.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import json
import logging
import os
import stat
import threading
from collections.abc import Iterable, Iterator
from enum import Enum
from pathlib import Path
from typing import Any

from balmod.workspace import DEFAULT_MAX_FILE_BYTES, UnreadableFile, describe, escapes, read_bytes

_log = logging.getLogger(__name__)

Signature = tuple[int, int, int, int, int]

FsPath = Path | str
"""A path as a Path, or as the string of one (what hot callers build: it is cheaper)."""

UNSTATED: Signature = (-1, -1, -1, -1, -1)
"""The signature of a directory listed within :meth:`FsCache.snapshot` without a stat of
its own: equal to that of nothing on disk, so what it validates is read again outside."""

# A file opened as read_bytes opens one (no waiting on a FIFO, no controlling terminal), and
# so that a symbolic link put in its place is refused, not followed.
_OPEN_FILE = (
    os.O_RDONLY
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_CLOEXEC", 0)
)
_SEARCH_IDS = os.access in os.supports_effective_ids


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


def loads_json(raw: bytes) -> Any:
    """``json.loads(raw)``, without its look at the encoding for the usual UTF-8 object
    (what that look decides for a text that starts so)."""
    if raw[:1] == b"{" and raw[1:2] != b"\x00":
        return json.loads(raw.decode("utf-8", "surrogatepass"))
    return json.loads(raw)


def _is_absent(exc: OSError) -> bool:
    # ENOTDIR: an ancestor is a file; whoever lists that ancestor reports the file.
    return isinstance(exc, FileNotFoundError) or exc.errno == errno.ENOTDIR


_describe = describe


class Presence(Enum):
    """What :meth:`FsCache.presence` finds at a path."""

    MISSING = "missing"  # nothing there, or no directory
    PLAIN = "plain"  # a directory, and no symbolic link on its way from the tree
    LINKED = "linked"  # a directory, reached through a symbolic link


class _Seen:
    """What one thread saw of one tree within :meth:`FsCache.steady`."""

    __slots__ = ("existing", "missing", "trusted")

    def __init__(self) -> None:
        # Directories seen to be no symbolic link, nor any directory on their way from the
        # tree (file names too, harmless: nothing is below them).
        self.trusted: set[str] = set()
        # Directories seen not to exist, and seen to exist (looked at only to know that).
        self.missing: set[str] = set()
        self.existing: set[str] = set()


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
        # A visible entry that is no plain directory: listing() leaves it to _scan to report.
        self.irregular = any(not name.startswith(".") for name in others)
        # What listing() answers otherwise: _scan's answer.
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


class _Snapshot:
    """What one thread read within :meth:`FsCache.snapshot`."""

    __slots__ = ("json", "listings", "trees")

    def __init__(self) -> None:
        self.listings: dict[str, tuple[Signature | None, tuple[str, ...]]] = {}
        self.json: dict[str, tuple[Signature | None, dict[str, Any] | None]] = {}
        # Per tree (its root): what is known of each path below it.
        self.trees: dict[str, dict[str, _Dir | _State] | None] = {}

    def tree(self, root: str, path: str) -> dict[str, _Dir | _State] | None:
        """``root``'s knowledge, when ``path`` is below it joined with plain names (and not
        the root itself, whose own problems the validated way reports)."""
        tree = self.trees.get(root)
        if tree is None:
            if root in self.trees:
                return None
            tree = self.trees[root] = {} if _is_plain_root(root) else None
            if tree is None:
                return None
        if not path.startswith(root + os.sep):
            return None
        parts = path[len(root) + 1 :].split(os.sep)
        if "" in parts or "." in parts or ".." in parts:
            return None
        return tree


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
        # Per thread, within steady(): what was seen of each tree (see _Seen).
        self._steady = threading.local()
        # Per thread, within snapshot(): what was read (see _Snapshot).
        self._snapshots = threading.local()

    @contextlib.contextmanager
    def snapshot(self) -> Iterator[None]:
        """Within the block, this thread takes the disk not to change (see the module's
        notes): what it lists and reads is kept to the end of the block and answers again
        without a stat. Outside, everything is validated as before."""
        outer: _Snapshot | None = getattr(self._snapshots, "current", None)
        if outer is None:
            self._snapshots.current = _Snapshot()
        try:
            yield
        finally:
            if outer is None:
                self._snapshots.current = None

    @contextlib.contextmanager
    def steady(self) -> Iterator[None]:
        """Within the block, this thread checks each directory's way from its tree once.

        For one answer that reads hundreds of packages (a manifest's check): the org and
        package directories above their versions are looked at once, not once per read. It
        sees one picture of the links, as :meth:`RepositoryIndex.pinned` sees one set of
        repositories.
        """
        outer: dict[str, _Seen] | None = getattr(self._steady, "trees", None)
        if outer is None:
            self._steady.trees = {}
        try:
            yield
        finally:
            if outer is None:
                self._steady.trees = None

    def _seen(self, within: str) -> _Seen | None:
        trees: dict[str, _Seen] | None = getattr(self._steady, "trees", None)
        if trees is None:
            return None
        seen = trees.get(within)
        if seen is None:
            seen = trees[within] = _Seen()
        return seen

    def _trusted(self, within: str) -> set[str] | None:
        seen = self._seen(within)
        return None if seen is None else seen.trusted

    def clear(self) -> None:
        with self._lock:
            self._listings.clear()
            self._json.clear()
            self._reported.clear()
        if getattr(self._snapshots, "current", None) is not None:
            self._snapshots.current = _Snapshot()  # read under other settings, perhaps

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

    def presence(self, path: FsPath, within: FsPath) -> Presence:
        """Whether ``path`` is a directory of the tree ``within``, and whether it is reached
        without any symbolic link (``path`` and every directory between: each looked at).

        Within :meth:`steady`, what was seen on the way is kept (see :class:`_Seen`), and a
        missing parent too: the next package of an org a repository does not have costs no
        stat at all.
        """
        target = str(path)
        snapshot: _Snapshot | None = getattr(self._snapshots, "current", None)
        if snapshot is not None:
            root = str(within)
            tree = snapshot.tree(root, target)
            if tree is not None:
                state = self._look(tree, target, root, False)
                if state is _ABSENT:
                    return Presence.MISSING
                if state is not _UNKNOWN:
                    return Presence.PLAIN
        seen = self._seen(str(within))
        parent = target.rpartition(os.sep)[0]
        if seen is not None and parent in seen.missing:
            return Presence.MISSING
        sig, linked = self._dir_stat(path)
        if sig is None:
            if seen is not None and parent not in seen.existing:
                try:
                    os.lstat(parent)
                    seen.existing.add(parent)
                except FileNotFoundError:
                    seen.missing.add(parent)
                except (OSError, ValueError):
                    pass  # whoever lists it reports it
            return Presence.MISSING
        if linked or not self._plain_way(target, str(within), seen):
            return Presence.LINKED
        return Presence.PLAIN

    def _plain_way(self, target: str, root: str, seen: _Seen | None) -> bool:
        """Whether no directory between ``root`` and ``target`` is a symbolic link (False
        also when the path is not ``root`` joined with plain names)."""
        if not (_is_plain_root(root) and target.startswith(root + os.sep)):
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
        snapshot: _Snapshot | None = getattr(self._snapshots, "current", None)
        if snapshot is None:
            return self._validated_listing(path, files_expected, within, checked)
        key = path if isinstance(path, str) else str(path)
        known = snapshot.listings.get(key)
        if known is None:
            known = self._snapshot_listing(snapshot, key, files_expected, within)
            if known is None:
                known = self._validated_listing(path, files_expected, within, checked)
            snapshot.listings[key] = known
        return known

    def _snapshot_listing(
        self, snapshot: _Snapshot, path: str, files_expected: bool, within: FsPath | None
    ) -> tuple[Signature | None, tuple[str, ...]] | None:
        """:meth:`listing` from what the snapshot knows, or None for the validated way."""
        if within is None:
            return None
        root = within if isinstance(within, str) else str(within)
        tree = snapshot.tree(root, path)
        if tree is None:
            return None
        state = self._listed(tree, path, root)
        if state is _ABSENT:
            return None, ()
        if not isinstance(state, _Dir):
            return None
        # Something other than plain directories in it: _scan reports it, as ever.
        return UNSTATED, self._scan(path, files_expected) if state.irregular else state.names

    def _look(
        self, tree: dict[str, _Dir | _State], path: str, root: str, scan: bool
    ) -> _Dir | _State:
        """What is at ``path`` (``root`` or below it): known from its parent's entries, the
        parent listed for it (and so on up). ``scan``: list ``path`` too, if a directory."""
        state = tree.get(path)
        if state is None:
            if path == root:
                state = self._list_root(root)
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

    @staticmethod
    def _list_root(root: str) -> _Dir | _State:
        try:
            return _list_quietly(root)
        except (FileNotFoundError, NotADirectoryError):
            return _ABSENT  # as a stat below it finds: nothing there, nothing to report
        except OSError:
            return _UNKNOWN

    def _validated_listing(
        self,
        path: FsPath,
        files_expected: bool,
        within: FsPath | None,
        checked: FsPath | None,
    ) -> tuple[Signature | None, tuple[str, ...]]:
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
        trusted = self._trusted(str(within)) if within is not None else None
        escaped = self._escapes(path, within, checked, linked, trusted)
        if trusted is not None and (escaped or key not in trusted):
            trusted = None  # not known to be on a way without links
        names = () if escaped else self._scan(path, files_expected, trusted)
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
        trusted: set[str] | None = None,
    ) -> bool:
        """Whether ``path`` leads outside ``within`` (reported). ``linked=False``: ``path``
        itself was just seen not to be a symbolic link. ``trusted``: ``within``'s set in
        :meth:`steady`, when the caller has it."""
        if within is None or not self._leads_outside(path, within, checked, linked, trusted):
            return False
        self.report(path, f"symbolic link leads outside {within}")
        return True

    def _leads_outside(
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
            trusted = self._trusted(root)
        if trusted is not None and not linked:
            # The usual case within steady(): the parent was seen to be no link, on its way.
            parent, _, last = target.rpartition(os.sep)
            if parent in trusted and last not in ("", ".", ".."):
                trusted.add(target)
                return False
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

    def _scan(
        self, path: FsPath, files_expected: bool, trusted: set[str] | None = None
    ) -> tuple[str, ...]:
        """The subdirectories' names; those that are no link join ``trusted`` (the set of
        ``path``'s tree, when ``path`` is in it)."""
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
                        if trusted is not None and not entry.is_symlink():
                            trusted.add(entry.path)
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
        snapshot: _Snapshot | None = getattr(self._snapshots, "current", None)
        if snapshot is None:
            return self._validated_json(path, within, checked)
        key = path if isinstance(path, str) else str(path)
        known = snapshot.json.get(key)
        if known is None:
            known = self._snapshot_json(snapshot, key, within)
            if known is None:
                known = self._validated_json(path, within, checked)
            snapshot.json[key] = known
        return known

    def _snapshot_json(
        self, snapshot: _Snapshot, path: str, within: FsPath | None
    ) -> tuple[Signature | None, dict[str, Any] | None] | None:
        """:meth:`json_file` from what the snapshot knows, or None for the validated way."""
        if within is None:
            return None
        root = within if isinstance(within, str) else str(within)
        tree = snapshot.tree(root, path)
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
        if not stat.S_ISREG(st.st_mode) or st.st_size > self.max_file_bytes:
            return None
        raw = _read_regular(path, st, self.max_file_bytes)
        if raw is None:
            return None
        return _signature(st), self._parse_json(path, raw)

    def _validated_json(
        self, path: FsPath, within: FsPath | None, checked: FsPath | None
    ) -> tuple[Signature | None, dict[str, Any] | None]:
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
        return self._parse_json(path, raw)

    def _parse_json(self, path: FsPath, raw: bytes) -> dict[str, Any] | None:
        try:
            data = loads_json(raw)
        except (ValueError, UnicodeDecodeError, RecursionError) as exc:
            self.report(path, f"invalid JSON ({exc})")
            return None
        if not isinstance(data, dict):
            self.report(path, "invalid JSON (expected an object)")
            return None
        return data
