"""Sources inside archives (1.x balos, Ceylon ``.src``), read in memory and never extracted.

A member of an archive is named by a *path through the archive*: the archive's own path
followed by the member's name, as :mod:`zipimport` names modules inside a zip
(``/repo/foo/1.0.0/foo.balo/src/foo/a.bal``). Such a path names nothing on disk;
:func:`locate` splits it where the archive is (the deepest part that exists, which must be a
regular file). Module directories, symbol locations and definition targets inside archives
are such paths, so the rest of balmod handles them like any other.

Editors get them as ``balmod-archive:`` URIs (:func:`archive_uri`) and ask the server for
the member's text (the ``balmod/archiveSource`` request). Members are read with
:mod:`zipfile` from the archive's bytes in memory, cached by the archive's state
(:func:`file_signature`); balmod writes nothing, not even to the temp directory.
"""

from __future__ import annotations

import errno
import io
import logging
import os
import re
import stat
import threading
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath
from types import MappingProxyType
from urllib.parse import unquote, urlsplit

from balmod.workspace import UnreadableFile, decode, read_bytes

log = logging.getLogger(__name__)

ARCHIVE_SCHEME = "balmod-archive"
MAX_ARCHIVE_BYTES = 64 * 1024 * 1024
MAX_MEMBER_BYTES = 4 * 1024 * 1024
MAX_MEMBERS = 20_000
# Decoded text kept for all cached archives together; the least recently used go first.
MAX_CACHED_CHARS = 64 * 1024 * 1024
# Unreadable archives remembered (so that one is neither read nor reported again until it
# changes); beyond this many, they are forgotten all at once.
MAX_REMEMBERED_FAILURES = 10_000
# Members balmod reads the text of: sources it indexes or opens.
SOURCE_SUFFIXES = (".bal", ".ceylon")

Signature = tuple[int, int, int, int]

_DRIVE = re.compile(r"^/[A-Za-z]:")


def file_signature(path: Path) -> Signature | None:
    """What identifies a file's state (inode, times, size); None when it is gone."""
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return None
    return (st.st_ino, st.st_mtime_ns, st.st_ctime_ns, st.st_size)


def safe_member(name: str) -> bool:
    """A zip entry name that stays inside the archive: relative, no ``..``, no drive."""
    if not name or name.startswith(("/", "\\")) or "\\" in name or "\0" in name:
        return False
    parts = name.split("/")
    return ".." not in parts and not (len(parts[0]) == 2 and parts[0][1] == ":")


@dataclass(frozen=True, slots=True)
class ArchiveMember:
    """A member (``/``-separated, ``""`` for the whole archive) of the archive at ``archive``."""

    archive: Path
    member: str

    @property
    def path(self) -> Path:
        """The path through the archive that names the member."""
        parts = [p for p in self.member.split("/") if p]
        return self.archive.joinpath(*parts) if parts else self.archive


def locate(path: Path | str) -> ArchiveMember | None:
    """The archive ``path`` goes through and the member it names; None for a path that is
    not inside a file (an ordinary file or directory, or nothing at all).

    Like :mod:`zipimport`: the deepest part of ``path`` that exists must be a regular file.
    A member that could leave the archive (``..``) is refused.
    """
    absolute = os.path.abspath(path)
    if "\0" in absolute:
        return None
    rest: list[str] = []
    current = absolute
    while True:
        try:
            st = os.stat(current)
        except OSError as exc:
            if exc.errno not in (errno.ENOENT, errno.ENOTDIR):
                return None
        except ValueError:
            return None
        else:
            if not rest or not stat.S_ISREG(st.st_mode):
                return None
            member = "/".join(reversed(rest))
            return ArchiveMember(Path(current), member) if safe_member(member) else None
        parent, name = os.path.split(current)
        if parent == current or not name:
            return None
        rest.append(name)
        current = parent


def archive_uri(path: Path) -> str:
    """The ``balmod-archive:`` URI of a path through an archive (see :func:`locate`).

    It is the path's ``file:`` URI under balmod's scheme, so every character a file name
    may hold (spaces, ``%``, ``#``, non-ASCII) is percent-encoded and comes back intact.
    """
    return ARCHIVE_SCHEME + ":" + Path(os.path.abspath(path)).as_uri().removeprefix("file:")


def uri_path(uri: str) -> Path | None:
    """The path through an archive a ``balmod-archive:`` URI names; None for any other URI.

    Accepts the forms clients rewrite it to (``balmod-archive:/x``, ``balmod-archive:///x``,
    other percent-encodings of the same characters). Refuses ``.`` and ``..`` segments,
    which no member's name has.
    """
    try:
        parts = urlsplit(uri)
    except ValueError:
        return None
    if parts.scheme.lower() != ARCHIVE_SCHEME or parts.query or parts.fragment:
        return None
    path = unquote(parts.path)
    if any(part in (".", "..") for part in path.replace("\\", "/").split("/")):
        return None  # a member's name never has them: it would leave its directory
    if parts.netloc:  # a UNC path: //server/share/...
        path = f"//{unquote(parts.netloc)}{path}"
    if os.name == "nt":
        windows = PureWindowsPath(path[1:] if _DRIVE.match(path) else path)
        if not windows.is_absolute():
            return None
        path = str(windows)
    elif not PurePosixPath(path).is_absolute():
        return None
    if "\0" in path:
        return None
    return Path(path)


@dataclass(frozen=True, slots=True)
class ArchiveSources:
    """Members of one directory in an archive: their text by name, and the names of those
    whose text balmod does not read (too large), so a caller knows the list is partial."""

    texts: Mapping[str, str]
    skipped: tuple[str, ...]


class ArchiveError(Exception):
    """Why a member cannot be read; the message names the archive and the member."""


@dataclass(frozen=True, slots=True)
class _Archive:
    signature: Signature
    sizes: Mapping[str, int]  # every safe file member, by name
    texts: Mapping[str, str]  # the source members' text
    chars: int


def _load(archive: Path, signature: Signature) -> _Archive:
    import zipfile  # with its compressors: not needed before an archive is opened

    try:
        data = read_bytes(archive, MAX_ARCHIVE_BYTES)
    except UnreadableFile as exc:
        raise ArchiveError(f"cannot read {exc}") from exc
    sizes: dict[str, int] = {}
    texts: dict[str, str] = {}
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as opened:
            infos = opened.infolist()
            if len(infos) > MAX_MEMBERS:
                raise ArchiveError(f"{archive}: more than {MAX_MEMBERS} members")
            for info in infos:
                name = info.filename
                if info.is_dir() or not safe_member(name):
                    continue
                sizes[name] = info.file_size
                if name.endswith(SOURCE_SUFFIXES) and info.file_size <= MAX_MEMBER_BYTES:
                    source = decode(opened.read(info))
                    if source.lossy:
                        log.warning("%s: %s is not valid UTF-8; read with replacements",
                                    archive, name)  # fmt: skip
                    texts[name] = source.text
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, RuntimeError, ValueError,
            EOFError) as exc:  # fmt: skip
        # RuntimeError: encrypted members; ValueError, EOFError: malformed headers or data.
        raise ArchiveError(f"{archive}: not a readable zip archive ({exc})") from exc
    chars = sum(len(t) for t in texts.values())
    return _Archive(signature, MappingProxyType(sizes), MappingProxyType(texts), chars)


class ArchiveFiles:
    """Members of archives, read in memory and kept until the archive's file changes.

    Thread-safe. Only the text of source members (:data:`SOURCE_SUFFIXES`, at most
    :data:`MAX_MEMBER_BYTES` each) is kept, for at most :data:`MAX_CACHED_CHARS` in all.
    """

    def __init__(self, max_chars: int = MAX_CACHED_CHARS) -> None:
        self.max_chars = max_chars
        self._lock = threading.Lock()
        self._cache: OrderedDict[str, _Archive] = OrderedDict()
        self._failed: dict[str, tuple[Signature, str]] = {}

    def _archive(self, archive: Path) -> _Archive:
        signature = file_signature(archive)
        if signature is None:
            raise ArchiveError(f"{archive}: the archive is gone")
        key = os.path.abspath(archive)
        with self._lock:
            cached = self._cache.get(key)
            if cached is not None and cached.signature == signature:
                self._cache.move_to_end(key)
                return cached
            failed = self._failed.get(key)
        if failed is not None and failed[0] == signature:
            raise ArchiveError(failed[1])
        try:
            loaded = _load(archive, signature)
        except ArchiveError as exc:
            with self._lock:
                if len(self._failed) >= MAX_REMEMBERED_FAILURES:
                    self._failed.clear()
                self._failed[key] = (signature, str(exc))
            log.warning("skipping %s", exc)
            raise
        with self._lock:
            self._failed.pop(key, None)
            self._cache[key] = loaded
            self._cache.move_to_end(key)
            total = sum(a.chars for a in self._cache.values())
            while total > self.max_chars and len(self._cache) > 1:
                _, dropped = self._cache.popitem(last=False)
                total -= dropped.chars
        return loaded

    def members(self, archive: Path) -> Mapping[str, int]:
        """Every member of ``archive`` that is a file with a safe name, with its size."""
        return self._archive(archive).sizes

    def text(self, archive: Path, member: str) -> str:
        """The text of one source member; :class:`ArchiveError` says why there is none."""
        if not safe_member(member):
            raise ArchiveError(f"{archive}: '{member}' is not a member name balmod reads")
        loaded = self._archive(archive)
        text = loaded.texts.get(member)
        if text is not None:
            return text
        size = loaded.sizes.get(member)
        if size is None:
            raise ArchiveError(f"{archive} has no member '{member}'")
        if not member.endswith(SOURCE_SUFFIXES):
            raise ArchiveError(f"{archive}: '{member}' is not a source balmod reads")
        raise ArchiveError(f"{archive}: '{member}' has {size} bytes, more than {MAX_MEMBER_BYTES}")

    def sources_in(self, archive: Path, directory: str, suffix: str) -> ArchiveSources:
        """The members directly in ``directory`` of ``archive`` whose names end with
        ``suffix``, by name within it; empty when the archive cannot be read."""
        prefix = directory.strip("/") + "/" if directory.strip("/") else ""
        try:
            loaded = self._archive(archive)
        except ArchiveError:
            return ArchiveSources({}, ())
        texts: dict[str, str] = {}
        skipped: list[str] = []
        for name in sorted(loaded.sizes):
            rest = name[len(prefix) :]
            if not name.startswith(prefix) or "/" in rest or not rest.endswith(suffix):
                continue
            text = loaded.texts.get(name)
            if text is None:
                skipped.append(rest)
            else:
                texts[rest] = text
        return ArchiveSources(texts, tuple(skipped))

    def clear(self) -> None:
        with self._lock:
            self._cache.clear()
            self._failed.clear()


# One reader for the process: what it keeps depends only on the archives' files.
ARCHIVES = ArchiveFiles()


def read_member(path: Path) -> str:
    """The text of the archive member ``path`` names (see :func:`locate`).

    Raises :class:`ArchiveError` when ``path`` is in no archive, or the member is missing,
    unsafe, not a source or too large, or the archive unreadable.
    """
    found = locate(path)
    if found is None:
        raise ArchiveError(f"{path} is in no archive on disk (removed, or never one)")
    return ARCHIVES.text(found.archive, found.member)


def sources_in(directory: Path | str, suffix: str) -> ArchiveSources | None:
    """The ``suffix`` members directly in ``directory`` when it is a directory inside an
    archive (see :func:`locate`); None when it is not."""
    found = locate(directory)
    if found is None:
        return None
    return ARCHIVES.sources_in(found.archive, found.member, suffix)


def document_uri(path: Path) -> str:
    """The URI an editor opens ``path`` by: ``balmod-archive:`` for a member of an archive,
    ``file:`` for anything else."""
    return archive_uri(path) if locate(path) is not None else path.as_uri()
