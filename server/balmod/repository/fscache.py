"""Directory listings and JSON files, cached and re-validated with one ``stat`` per use.

Each cached entry keeps the signature of what it was read from: inode, ``st_mtime_ns``,
``st_ctime_ns``, link count and size. A directory's mtime changes when entries are added or
removed; the link count also changes when a subdirectory comes or goes within the same
timestamp tick; ctime changes on chmod, so a directory made readable again is re-listed.
Problems (unreadable directories, files where a directory belongs, symlink loops, broken
JSON, files over the size limit, symbolic links leading out of the repository) are logged
once per path and state, and never raised.

Containment (:mod:`balmod.repository.containment`): a directory is listed, and a file read,
only when no symbolic link on the way from its tree leads outside it. The check runs when
something is read, not on cache hits (a retargeted link changes the signature, so it is
read, and checked, again).

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
from collections.abc import Iterable
from enum import Enum
from typing import Any

from balmod.repository.containment import Containment, FsPath
from balmod.repository.snapshot import UNSTATED as UNSTATED
from balmod.repository.snapshot import Snapshots
from balmod.workspace import DEFAULT_MAX_FILE_BYTES, UnreadableFile, describe, read_bytes

_log = logging.getLogger(__name__)

Signature = tuple[int, int, int, int, int]


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
        self._containment = Containment(self.report)
        # Per thread, within snapshot(): what was read.
        self._snapshots = Snapshots()

    def snapshot(self) -> contextlib.AbstractContextManager[None]:
        """Within the block, this thread takes the disk not to change (see
        :mod:`balmod.repository.snapshot`): what it lists and reads is kept to the end of the
        block and answers again without a stat. Outside, everything is validated as before."""
        return self._snapshots.scope()

    def steady(self) -> contextlib.AbstractContextManager[None]:
        """Within the block, this thread checks each directory's way from its tree once
        (see :meth:`Containment.steady`)."""
        return self._containment.steady()

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

        Within :meth:`steady`, what was seen on the way is kept (see
        :class:`balmod.repository.containment.Seen`), and a missing parent too: the next
        package of an org a repository does not have costs no stat at all.
        """
        target = str(path)
        snapshot = self._snapshots.current
        if snapshot is not None:
            plain = snapshot.presence(target, str(within))
            if plain is not None:
                return Presence.PLAIN if plain else Presence.MISSING
        seen = self._containment.seen(str(within))
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
        if linked or not self._containment.plain_way(target, str(within), seen):
            return Presence.LINKED
        return Presence.PLAIN

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
        containment = self._containment
        trusted = containment.trusted(str(within)) if within is not None else None
        escaped = containment.escapes(path, within, checked, linked, trusted)
        if trusted is not None and (escaped or key not in trusted):
            trusted = None  # not known to be on a way without links
        names = () if escaped else self._scan(path, files_expected, trusted)
        with self._lock:
            if cached is not None:
                self._changes += 1
            self._listings[key] = (sig, names)
        return sig, names

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
        escaped = self._containment.escapes(path, within, checked, linked)
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
