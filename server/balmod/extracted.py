"""Read-only copies of sources taken out of archives (1.x balos, Ceylon `.src`), so that an
editor can open a dependency's declaration as a file.

A copy is written under a staging name and renamed into place with a marker inside, so a
half-written copy is never used and concurrent writers agree. Its directory is named by the
archive's digest, so identical archives share one copy. Nothing else in balmod writes files.
"""

from __future__ import annotations

import contextlib
import logging
import os
import posixpath
import tempfile
from collections.abc import Iterable
from pathlib import Path

log = logging.getLogger(__name__)

READY = ".balmod-complete"

Signature = tuple[int, int, int, int]


def file_signature(path: Path) -> Signature | None:
    """What identifies a file's state (inode, times, size); None when it is gone."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_ino, st.st_mtime_ns, st.st_ctime_ns, st.st_size)


def safe_member(name: str) -> bool:
    """A zip entry name that stays inside the directory it is extracted to."""
    if not name or name.startswith(("/", "\\")) or "\\" in name or "\0" in name:
        return False
    parts = name.split("/")
    return ".." not in parts and not (len(parts[0]) == 2 and parts[0][1] == ":")


def temp_dir(kind: str) -> Path:
    """A per-user directory for one kind of copies under the system temp directory."""
    user = str(os.getuid()) if hasattr(os, "getuid") else os.environ.get("USERNAME", "user")
    return Path(tempfile.gettempdir()) / f"balmod-{kind}-{user}"


def is_ready(target: Path) -> bool:
    return (target / READY).is_file()


def write_read_only(target: Path, files: Iterable[tuple[str, bytes]], origin: Path) -> bool:
    """Write ``files`` (safe relative path, content) as a read-only copy at ``target``.

    True when a complete copy is there afterwards (this one, or another writer's).
    """
    if is_ready(target):
        return True
    staging: Path | None = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=target.parent))
        for relative, content in files:
            destination = staging / posixpath.normpath(relative)
            destination.parent.mkdir(parents=True, exist_ok=True)
            destination.write_bytes(content)
            os.chmod(destination, 0o444)
        (staging / READY).write_text(str(origin), encoding="utf-8")
        try:
            os.replace(staging, target)
        except OSError:
            remove_tree(staging)  # another writer put a complete copy there first: use it
    except OSError as exc:
        log.warning("cannot extract the sources of %s to %s: %s", origin, target.parent, exc)
        if staging is not None:
            remove_tree(staging)
        return False
    return is_ready(target)


def remove_tree(directory: Path) -> None:
    """Remove a (read-only) copy, whatever is left of it."""
    for root, dirs, files in os.walk(directory, topdown=False):
        for name in files:
            path = os.path.join(root, name)
            with contextlib.suppress(OSError):
                os.chmod(path, 0o644)
                os.remove(path)
        for name in dirs:
            with contextlib.suppress(OSError):
                os.rmdir(os.path.join(root, name))
    with contextlib.suppress(OSError):
        os.rmdir(directory)
