"""Which imports of a package use which dependency: "why is this in my manifest?"

The package's sources are the ``.bal`` files of its default module (the root), of each
``modules/<sub>/``, and of their ``tests/``. Only each file's import section is parsed
(:func:`balmod.syntax.imports.parse_imports`), and a file's imports are kept until its state
(modification time, size) changes; unsaved editor buffers win over the files on disk.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from balmod.project.model import PackageKey
from balmod.symbols.index import read_source
from balmod.syntax.imports import parse_imports
from balmod.text import Span

log = logging.getLogger(__name__)

SOURCE_SUFFIX = ".bal"

_FileState = tuple[int, int]  # st_mtime_ns, size; an overlay uses (-1, hash of its text)


@dataclass(frozen=True, slots=True)
class ImportUse:
    """One import declaration of the package."""

    path: Path
    line: int  # 0-based
    span: Span
    org: str | None
    module: str

    @property
    def full_name(self) -> str:
        return f"{self.org}/{self.module}" if self.org else self.module


def package_of(use: ImportUse, names: Iterable[str]) -> str | None:
    """The package among ``names`` (of the import's org) that holds the imported module.

    The longest dotted prefix wins, as in resolution (BALLERINA.md section 3).
    """
    best: str | None = None
    for name in names:
        if (use.module == name or use.module.startswith(name + ".")) and (
            best is None or len(name) > len(best)
        ):
            best = name
    return best


def imports_of(
    uses: Iterable[ImportUse], package: PackageKey, known: Iterable[str]
) -> list[ImportUse]:
    """The imports that use ``package``; ``known`` are other package names of its org."""
    org, name = package
    names = {name, *known}
    return [u for u in uses if u.org == org and package_of(u, names) == name]


def _source_dirs(root: Path) -> list[Path]:
    dirs = [root, root / "tests"]
    try:
        with os.scandir(root / "modules") as entries:
            for entry in sorted(entries, key=lambda e: e.name):
                if not entry.name.startswith(".") and entry.is_dir():
                    dirs += [Path(entry.path), Path(entry.path) / "tests"]
    except OSError:
        pass
    return dirs


def _sources(directory: Path) -> dict[Path, _FileState]:
    found: dict[Path, _FileState] = {}
    try:
        with os.scandir(directory) as entries:
            for entry in entries:
                if not entry.name.endswith(SOURCE_SUFFIX):
                    continue
                try:
                    if entry.is_file():
                        st = entry.stat()
                        found[Path(entry.path)] = (st.st_mtime_ns, st.st_size)
                except OSError as exc:
                    log.warning("cannot stat %s: %s", entry.path, exc.strerror or exc)
    except FileNotFoundError:
        pass
    except OSError as exc:
        log.warning("cannot list %s: %s", directory, exc.strerror or exc)
    return found


def _scan(path: Path, text: str) -> tuple[ImportUse, ...]:
    uses = []
    for decl in parse_imports(text).imports:
        if not decl.module or any(not part.value for part in decl.module):
            continue
        line = text.count("\n", 0, decl.span.start)
        org = decl.org.value if decl.org is not None else None
        uses.append(ImportUse(path, line, decl.span, org, decl.module_name))
    return tuple(uses)


class ImportScanner:
    """The imports of every source file of a package, cached per file state. Thread-safe."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._files: dict[Path, tuple[_FileState, tuple[ImportUse, ...]]] = {}

    def clear(self) -> None:
        with self._lock:
            self._files.clear()

    def package_imports(
        self, root: Path, overlays: Mapping[Path, str] | None = None
    ) -> tuple[ImportUse, ...]:
        """Every import of the package at ``root``, files in path order."""
        root = Path(os.path.abspath(root))
        directories = _source_dirs(root)
        states: dict[Path, _FileState] = {}
        for directory in directories:
            states.update(_sources(directory))
        texts: dict[Path, str] = {}
        for path, text in (overlays or {}).items():
            absolute = Path(os.path.abspath(path))
            if absolute.suffix == SOURCE_SUFFIX and absolute.parent in directories:
                texts[absolute] = text
                states[absolute] = (-1, hash(text))
        uses: list[ImportUse] = []
        for path in sorted(states):
            uses.extend(self._file(path, states[path], texts.get(path)))
        return tuple(uses)

    def _file(self, path: Path, state: _FileState, text: str | None) -> tuple[ImportUse, ...]:
        with self._lock:
            cached = self._files.get(path)
        if cached is not None and cached[0] == state:
            return cached[1]
        if text is None:
            text = read_source(path)
        found = _scan(path, text) if text is not None else ()
        with self._lock:
            self._files[path] = (state, found)
        return found
