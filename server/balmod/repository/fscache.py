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

Within :meth:`FsCache.snapshot` (one ``balmod check`` run, while the disk does not change),
what a listing shows as plain is answered without re-validation: see
:mod:`balmod.repository.snapshot`.
"""

from __future__ import annotations

import contextlib
import errno
import json
import logging
import os
import stat
import threading
from collections.abc import Iterable, Iterator
from enum import Enum
from pathlib import Path
from typing import Any

from balmod.repository.snapshot import UNSTATED as UNSTATED
from balmod.repository.snapshot import Snapshots, is_plain_root
from balmod.workspace import DEFAULT_MAX_FILE_BYTES, UnreadableFile, describe, escapes, read_bytes

_log = logging.getLogger(__name__)

Signature = tuple[int, int, int, int, int]

FsPath = Path | str
"""A path as a Path, or as the string of one (what hot callers build: it is cheaper)."""


def _signature(st: os.stat_result) -> Signature:
    return (st.st_ino, st.st_mtime_ns, st.st_ctime_ns, st.st_nlink, st.st_size)


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
        # Per thread, within snapshot(): what was read.
        self._snapshots = Snapshots()

    def snapshot(self) -> contextlib.AbstractContextManager[None]:
        """Within the block, this thread takes the disk not to change (see
        :mod:`balmod.repository.snapshot`): what it lists and reads is kept to the end of the
        block and answers again without a stat. Outside, everything is validated as before."""
        return self._snapshots.scope()

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
        self._snapshots.renew()  # what it read was read under other settings, perhaps

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
        snapshot = self._snapshots.current
        if snapshot is not None:
            plain = snapshot.presence(target, str(within))
            if plain is not None:
                return Presence.PLAIN if plain else Presence.MISSING
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
        snapshot = self._snapshots.current
        if snapshot is None:
            return self._validated_listing(path, files_expected, within, checked)
        key = path if isinstance(path, str) else str(path)
        known = snapshot.listing(key, within, files_expected, self._scan)
        if known is None:
            validated = self._validated_listing(path, files_expected, within, checked)
            known = snapshot.keep_listing(key, validated)
        return known

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
        snapshot = self._snapshots.current
        if snapshot is None:
            return self._validated_json(path, within, checked)
        key = path if isinstance(path, str) else str(path)
        known = snapshot.json_file(key, within, self.max_file_bytes, self._read_snapshot_json)
        if known is None:
            known = snapshot.keep_json(key, self._validated_json(path, within, checked))
        return known

    def _read_snapshot_json(
        self, path: str, st: os.stat_result, raw: bytes
    ) -> tuple[Signature | None, dict[str, Any] | None]:
        """The answer for a JSON file read within a snapshot (its problems reported)."""
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
