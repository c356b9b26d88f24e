"""Finding and reading the files balmod analyses, safely.

Every file balmod reads from disk goes through :func:`read_bytes`: regular files only (a
FIFO, a device or a socket is refused without being opened, so a read can never block or
run forever), and never more than ``max_bytes``, the ``maxFileBytes`` setting. Text is
decoded without ever raising: a file that is not UTF-8 is decoded with replacement
characters and reported, so one binary file cannot stop a whole run.

Symbolic links are followed only when they stay inside the tree they were found in
(:func:`escapes`): a repository's bala root, a package's root, or a directory given to
``balmod check``. See SECURITY.md.
"""

from __future__ import annotations

import codecs
import errno
import logging
import os
import stat
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

_log = logging.getLogger(__name__)

# Build output, VCS metadata and dependency caches hold no sources of the package.
SKIPPED_DIRS = frozenset({"target", ".git", ".hg", ".svn", "node_modules", ".venv", "__pycache__"})
# Generated Ballerina clients reach a few megabytes; nothing a person edits comes near this.
DEFAULT_MAX_FILE_BYTES = 8 * 1024 * 1024
SOURCE_SUFFIX = ".bal"
# Ballerina.lock is 1.x only; in a Swan Lake package it is no manifest and has no findings.
MANIFEST_NAMES = ("Ballerina.toml", "Dependencies.toml", "Ballerina.lock")

_READ_CHUNK = 1 << 20
# Opening must not wait for a FIFO's writer nor make a terminal the controlling one.
OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)


class UnreadableFile(Exception):
    """The file could not be read at all (missing, not a regular file, permissions, too large)."""


@dataclass(frozen=True, slots=True)
class SourceText:
    text: str
    # True when bytes had to be replaced: the file is not valid UTF-8 (binary, or another encoding).
    lossy: bool


def describe(exc: OSError) -> str:
    """A short, stable description of why a path could not be used."""
    if exc.errno == errno.ELOOP:
        return "symbolic link loop"
    if isinstance(exc, PermissionError):
        return "permission denied"
    return exc.strerror or str(exc)


def read_bytes(
    path: Path | str,
    max_bytes: int = DEFAULT_MAX_FILE_BYTES,
    *,
    listed: os.stat_result | None = None,
) -> bytes:
    """The content of the regular file at ``path``; raises :class:`UnreadableFile` otherwise.

    Refused: anything that is not a regular file (checked before opening and again on the
    open descriptor, in case it was swapped), and files over ``max_bytes`` (checked on the
    size, and while reading, for a file that grows). ``listed`` is what a directory listing
    just found at ``path`` (links followed): the check before opening is made on it, saving
    a ``stat``.
    """
    if listed is None:
        try:
            listed = os.stat(path)
        except (OSError, ValueError) as exc:  # ValueError: a NUL in the path
            raise UnreadableFile(f"{path}: {_reason(exc)}") from exc
    _check(path, listed, max_bytes)
    try:
        fd = os.open(path, OPEN_FLAGS)
    except (OSError, ValueError) as exc:
        raise UnreadableFile(f"{path}: {_reason(exc)}") from exc
    try:
        st = os.fstat(fd)
        _check(path, st, max_bytes)
        # As many bytes as fstat says and one more: a file of that size is then read whole
        # in one call. Only one that changed since, or has no size (as /proc files), is read
        # on to its end.
        data = os.read(fd, st.st_size + 1)
        if data and len(data) != st.st_size:
            data = _read_on(path, fd, data, max_bytes)
    except OSError as exc:
        raise UnreadableFile(f"{path}: {describe(exc)}") from exc
    finally:
        os.close(fd)
    return data


def _read_on(path: Path | str, fd: int, data: bytes, max_bytes: int) -> bytes:
    """``data`` and the rest of the file open as ``fd``, up to ``max_bytes`` in all."""
    chunks = [data]
    remaining = max_bytes + 1 - len(data)
    while remaining > 0:
        chunk = os.read(fd, min(remaining, _READ_CHUNK))
        if not chunk:
            break
        chunks.append(chunk)
        remaining -= len(chunk)
    if remaining <= 0:
        raise UnreadableFile(f"{path}: it grew past the {max_bytes}-byte limit")
    return b"".join(chunks)


def _reason(exc: OSError | ValueError) -> str:
    return describe(exc) if isinstance(exc, OSError) else "invalid path"


def _check(path: Path | str, st: os.stat_result, max_bytes: int) -> None:
    if not stat.S_ISREG(st.st_mode):
        raise UnreadableFile(f"{path}: not a regular file")
    if st.st_size > max_bytes:
        raise UnreadableFile(f"{path}: {st.st_size} bytes is more than the {max_bytes}-byte limit")


def decode(data: bytes) -> SourceText:
    """UTF-8 text (a byte-order mark dropped, as editors do); bad bytes become U+FFFD."""
    # What the `utf-8-sig` codec does, without its Python-level wrapper around the decoder.
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    try:
        return SourceText(data.decode("utf-8"), lossy=False)
    except UnicodeDecodeError:
        return SourceText(data.decode("utf-8", errors="replace"), lossy=True)


def read_source(path: Path, max_bytes: int = DEFAULT_MAX_FILE_BYTES) -> SourceText:
    return decode(read_bytes(path, max_bytes))


def _inside(real: str, real_root: str) -> bool:
    real, real_root = os.path.normcase(real), os.path.normcase(real_root)
    return real == real_root or real.startswith(real_root.rstrip(os.sep) + os.sep)


# Where paths are POSIX ones, an absolute path with no empty, `.` or `..` component and no
# trailing separator is its own `os.path.abspath`: checking that is cheaper than the work.
_POSIX_PATHS = os.sep == "/" and os.altsep is None


def _absolute(path: Path | str) -> str:
    text = os.fspath(path)
    if (
        _POSIX_PATHS
        and text[:1] == "/"
        and "//" not in text
        and "/./" not in text
        and "/../" not in text
        and not text.endswith(("/", "/.", "/.."))
    ):
        return text
    return os.path.abspath(text)


def escapes(path: Path | str, root: Path | str) -> bool:
    """Whether following the symbolic links in ``path`` leads outside ``root``.

    ``path`` is expected inside ``root`` as written. Only links at or below ``root`` count,
    so a root that is itself reached through a link (``~/.ballerina`` on another disk) is
    fine. Costs one ``lstat`` per component below ``root`` while none is a link.
    """
    path, root = _absolute(path), _absolute(root)
    if not _inside(path, root):
        return not _inside(os.path.realpath(path), os.path.realpath(root))
    current = root.rstrip(os.sep)
    # `_inside` held: ``path`` is ``root``, or ``root``, a separator and the components below.
    below = path[len(current) + 1 :]
    for part in below.split(os.sep) if len(path) > len(current) + 1 else ():
        current = current + os.sep + part
        try:
            linked = stat.S_ISLNK(os.lstat(current).st_mode)
        except OSError:
            return False  # nothing there: nothing to follow
        if linked:
            return not _inside(os.path.realpath(path), os.path.realpath(root))
    return False


def is_ballerina_file(path: Path) -> bool:
    return path.name.endswith(SOURCE_SUFFIX) or path.name in MANIFEST_NAMES


def _walk(directory: Path, wanted: Callable[[Path], bool]) -> Iterator[tuple[Path, str]]:
    """The wanted files under ``directory`` in name order, a directory's files before its
    subdirectories', each with its real path. Links leading out of ``directory`` are
    skipped, and a directory reached through a link is not entered (as `os.walk` does).

    One ``scandir`` per directory and no system call per file that is not a link: the real
    path of a file reached through no link is its directory's and its name."""
    top = os.fspath(directory)
    pending = [(top, os.path.realpath(top).rstrip(os.sep))]
    while pending:
        current, real = pending.pop()
        try:
            with os.scandir(current) as listing:
                entries = sorted(listing, key=lambda entry: entry.name)
        except OSError:
            continue
        subdirectories = []
        for entry in entries:
            name = entry.name
            try:
                is_directory = entry.is_dir()
            except OSError:
                is_directory = False
            if is_directory:
                if name not in SKIPPED_DIRS and not name.startswith(".") and not entry.is_symlink():
                    subdirectories.append(name)
                continue
            path = Path(current, name)
            if not wanted(path):
                continue
            if not entry.is_symlink():
                yield path, f"{real}{os.sep}{name}"
            elif escapes(path, directory):
                _log.warning("skipping %s: symbolic link leads outside %s", path, directory)
            else:
                yield path, os.path.realpath(path)
        # Popped last first: the first subdirectory's tree is walked next.
        for name in reversed(subdirectories):
            pending.append((os.path.join(current, name), f"{real}{os.sep}{name}"))


def find_files(
    paths: Iterable[Path], wanted: Callable[[Path], bool] = is_ballerina_file
) -> list[Path]:
    """Every wanted file named by ``paths`` (files as given, directories walked), each once
    however many ways it is named."""
    seen: set[str] = set()
    found: list[Path] = []
    for path in paths:
        candidates = (
            _walk(path, wanted) if path.is_dir() else iter(((path, os.path.realpath(path)),))
        )
        for candidate, key in candidates:
            if key not in seen:
                seen.add(key)
                found.append(candidate)
    return found
