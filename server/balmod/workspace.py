"""Finding and reading the files `balmod check` analyses.

Reading is capped and never raises on bad bytes: a file that is not UTF-8 is decoded with
replacement characters and reported, so one binary file cannot stop a whole run.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

# Build output, VCS metadata and dependency caches hold no sources of the package.
SKIPPED_DIRS = frozenset({"target", ".git", ".hg", ".svn", "node_modules", ".venv", "__pycache__"})
DEFAULT_MAX_FILE_BYTES = 8 * 1024 * 1024
SOURCE_SUFFIX = ".bal"
MANIFEST_NAMES = ("Ballerina.toml", "Dependencies.toml", "Ballerina.lock")


class UnreadableFile(Exception):
    """The file could not be read at all (missing, a directory, permissions, too large)."""


@dataclass(frozen=True, slots=True)
class SourceText:
    text: str
    # True when bytes had to be replaced: the file is not valid UTF-8 (binary, or another encoding).
    lossy: bool


def read_source(path: Path, max_bytes: int = DEFAULT_MAX_FILE_BYTES) -> SourceText:
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise UnreadableFile(f"{path}: file is larger than {max_bytes} bytes")
        data = path.read_bytes()
    except OSError as exc:
        raise UnreadableFile(f"{path}: {exc.strerror or exc}") from exc
    try:
        return SourceText(data.decode("utf-8-sig"), lossy=False)
    except UnicodeDecodeError:
        return SourceText(data.decode("utf-8", errors="replace"), lossy=True)


def _walk(directory: Path) -> Iterator[Path]:
    for root, dirs, files in os.walk(directory, onerror=None, followlinks=False):
        dirs[:] = sorted(d for d in dirs if d not in SKIPPED_DIRS and not d.startswith("."))
        for name in sorted(files):
            if name.endswith(SOURCE_SUFFIX) or name in MANIFEST_NAMES:
                yield Path(root, name)


def find_files(paths: Iterable[Path]) -> list[Path]:
    """Every .bal file and manifest named by ``paths`` (files as given, directories walked)."""
    seen: set[Path] = set()
    found: list[Path] = []
    for path in paths:
        candidates = _walk(path) if path.is_dir() else iter((path,))
        for candidate in candidates:
            key = candidate.resolve()
            if key not in seen:
                seen.add(key)
                found.append(candidate)
    return found
