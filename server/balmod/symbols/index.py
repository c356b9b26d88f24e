"""The module-level symbols of whole modules, built once per version of their files.

A module is the ``*.bal`` files directly in one directory: a repository module
(``.../modules/<module>/``), a module of the current package (the package root or
``modules/<sub>/``), or a langlib. Its ``tests/`` are not part of it. One ``scandir`` per
question tells whether any file was added, removed or changed (name, ``st_mtime_ns``,
size); only changed files are read and scanned again. A directory inside an archive (a
1.x balo's ``<archive>/src/<module>``) is read in memory by :mod:`balmod.extracted`.

Files are read through :func:`balmod.workspace.read_bytes` (regular files only, capped at
``max_file_bytes``). A module's files are read only when they lie, symbolic links followed,
inside the package the module belongs to: the directory holding ``modules/`` for
``<package>/modules/<name>``, else the module directory itself (a package's default module
is its root). A link in a workspace or a bala that leads anywhere else is skipped and
logged once.
"""

from __future__ import annotations

import difflib
import logging
import os
import threading
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from types import MappingProxyType
from typing import TypeVar, overload

from balmod.extracted import sources_in
from balmod.syntax.symbols import Symbol, extract_symbols
from balmod.workspace import DEFAULT_MAX_FILE_BYTES, UnreadableFile, decode, escapes, read_bytes

logger = logging.getLogger(__name__)

__all__ = [
    "DEFAULT_MAX_FILE_BYTES",
    "FileSymbols",
    "FirstDeclarations",
    "ModuleSymbol",
    "ModuleSymbols",
    "SymbolIndex",
    "read_source",
]

# One file's state as the cache sees it: (name, st_mtime_ns, size). Editor buffers given as
# overlays use mtime -1 and the hash of their text as the size, so they never equal a disk file.
FileKey = tuple[str, int, int]
# The mtime of a file that is listed but never read (a link leading out of its package): it
# counts as skipped, so callers know the module's symbols may be incomplete.
_REFUSED = -2


@dataclass(frozen=True, slots=True)
class ModuleSymbol:
    """A symbol and the file it was found in."""

    symbol: Symbol
    path: Path


_T = TypeVar("_T")

# A module's files read, in name order, each with the symbols declared in it.
FileSymbols = tuple[tuple[Path, tuple[Symbol, ...]], ...]


class FirstDeclarations(Mapping[str, ModuleSymbol]):
    """Each name of a module with its first declaration (files in name order, then source
    order). The `ModuleSymbol` is made when a name is first looked up: checking names looks
    up a few of each module, and `balmod check` reads thousands of modules."""

    __slots__ = ("_made", "_order", "_paths", "_symbols")

    def __init__(self, files: FileSymbols) -> None:
        names: list[str] = []
        symbols: list[Symbol] = []
        paths: list[Path] = []
        for path, found in files:
            names += [symbol.name for symbol in found]
            symbols += found
            paths += [path] * len(found)
        # In the order names are first declared: that of the keys of a dict built from the
        # last declaration back (where the first of each name wins), unless a name repeats.
        order = list(dict.fromkeys(names)) if len(set(names)) < len(names) else None
        names.reverse()
        symbols.reverse()
        paths.reverse()
        self._symbols = dict(zip(names, symbols, strict=True))
        self._paths = dict(zip(names, paths, strict=True))
        self._order = order
        self._made: dict[str, ModuleSymbol] = {}

    def __getitem__(self, name: str) -> ModuleSymbol:
        made = self._made.get(name)
        if made is None:
            made = self._made[name] = ModuleSymbol(self._symbols[name], self._paths[name])
        return made

    @overload
    def get(self, name: str, /) -> ModuleSymbol | None: ...

    @overload
    def get(self, name: str, /, default: ModuleSymbol | _T) -> ModuleSymbol | _T: ...

    def get(self, name: str, /, default: object = None) -> object:
        # Without the KeyError that `Mapping.get` goes through for an unknown name.
        return self[name] if name in self._symbols else default

    def __contains__(self, name: object) -> bool:
        return name in self._symbols

    def __iter__(self) -> Iterator[str]:
        return iter(self._order) if self._order is not None else reversed(self._symbols)

    def __len__(self) -> int:
        return len(self._symbols)


@dataclass(frozen=True)
class ModuleSymbols:
    module_dir: Path
    # By name, public and non-public; where a name is declared twice, the first declaration
    # (files in name order, then source order), as the compiler reports the later ones.
    symbols: Mapping[str, ModuleSymbol]
    # Files that could not be read or were too big, so a caller can say the list is partial.
    skipped: tuple[Path, ...] = ()
    # The files read, with their declarations.
    files: FileSymbols = ()

    # Worked out on first use: checking names needs none of these, and `balmod check` reads
    # thousands of modules.
    @cached_property
    def declarations(self) -> tuple[ModuleSymbol, ...]:
        """Every declaration, in file-name then source order (duplicates included)."""
        return tuple(ModuleSymbol(symbol, path) for path, found in self.files for symbol in found)

    @cached_property
    def _public(self) -> tuple[ModuleSymbol, ...]:
        return tuple(
            sorted(
                (s for s in self.symbols.values() if s.symbol.public), key=lambda s: s.symbol.name
            )
        )

    @cached_property
    def _public_by_folded(self) -> Mapping[str, tuple[str, ...]]:
        folded: dict[str, list[str]] = {}
        for item in self._public:
            folded.setdefault(item.symbol.name.casefold(), []).append(item.symbol.name)
        return {key: tuple(names) for key, names in folded.items()}

    def public(self) -> list[ModuleSymbol]:
        """The public symbols, sorted by name."""
        return list(self._public)

    def get(self, name: str) -> ModuleSymbol | None:
        return self.symbols.get(name)

    def closest_public(self, name: str, limit: int = 3) -> list[str]:
        """Public names that look like ``name`` (for "did you mean"), closest first.

        Names differing only in case come first; then difflib's similarity ratio, compared
        case-insensitively. ``name`` itself is never suggested.
        """
        if limit <= 0 or not name:
            return []
        key = name.casefold()
        out = [n for n in self._public_by_folded.get(key, ()) if n != name]
        candidates = [k for k in self._public_by_folded if k != key]
        for match in difflib.get_close_matches(key, candidates, n=limit, cutoff=0.6):
            out.extend(self._public_by_folded[match])
        return out[:limit]


def read_source(path: Path, max_bytes: int = DEFAULT_MAX_FILE_BYTES) -> str | None:
    """A ``.bal`` file's text as the symbol index reads it, or None (logged) when it cannot be
    read, is not a regular file, or is bigger than ``max_bytes``.

    A UTF-8 byte-order mark is dropped, as editors do, so offsets agree with an editor's
    text; bytes that are not UTF-8 become U+FFFD.
    """
    try:
        data = read_bytes(path, max_bytes)
    except UnreadableFile as exc:
        logger.warning("skipping %s", exc)
        return None
    source = decode(data)
    if source.lossy:
        logger.warning("%s is not valid UTF-8; reading it with replacements", path)
    return source.text


def package_root(module_dir: str) -> str:
    """The tree a module's sources must stay in: see the module docstring."""
    parent = os.path.dirname(module_dir)
    return os.path.dirname(parent) if os.path.basename(parent) == "modules" else module_dir


@dataclass(frozen=True, slots=True)
class _FileSymbols:
    key: FileKey
    symbols: tuple[Symbol, ...] | None  # None: skipped


@dataclass(frozen=True, slots=True)
class _Entry:
    key: tuple[FileKey, ...]
    files: Mapping[str, _FileSymbols]
    module: ModuleSymbols


class SymbolIndex:
    """Module symbols by module directory, cached per version of the module's files.

    Thread-safe: a module is built outside the lock (two threads may both build it; the
    results are equal) and published under it.
    """

    def __init__(self, max_file_bytes: int = DEFAULT_MAX_FILE_BYTES) -> None:
        self.max_file_bytes = max_file_bytes
        self._lock = threading.Lock()
        self._entries: dict[str, _Entry] = {}
        self._reported: set[str] = set()

    def module(self, module_dir: Path, overlays: Mapping[Path, str] | None = None) -> ModuleSymbols:
        """The symbols of the ``*.bal`` files directly in ``module_dir``.

        ``overlays`` maps files to text that replaces what is on disk (unsaved editor
        buffers); an overlay for a ``.bal`` file directly in ``module_dir`` that does not
        exist on disk adds it. A missing or unreadable directory is an empty module.
        """
        directory = os.path.abspath(module_dir)
        listing = self._list(directory)
        if listing is None:  # a directory inside a file: an archive's (balmod.extracted)
            listing, texts = _archived(directory)
        else:
            texts = _overlays_in(directory, overlays)
        for name, text in texts.items():
            listing[name] = (name, -1, hash(text))
        key = tuple(sorted(listing.values()))
        with self._lock:
            entry = self._entries.get(directory)
        if entry is not None and entry.key == key:
            return entry.module
        entry = self._build(Path(directory), key, texts, entry)
        with self._lock:
            self._entries[directory] = entry
        return entry.module

    def invalidate(self, module_dir: Path | None = None) -> None:
        """Forget one module's symbols, or every module's."""
        with self._lock:
            if module_dir is None:
                self._entries.clear()
            else:
                self._entries.pop(os.path.abspath(module_dir), None)

    def _report_escape(self, path: str, root: str) -> None:
        with self._lock:
            if path in self._reported:
                return
            self._reported.add(path)
        logger.warning("skipping %s: symbolic link leads outside %s", path, root)

    def _list(self, directory: str) -> dict[str, FileKey] | None:
        """The module's files; None when ``directory`` lies inside a file."""
        found: dict[str, FileKey] = {}
        root = package_root(directory)
        if escapes(directory, root):
            self._report_escape(directory, root)
            return found
        try:
            with os.scandir(directory) as entries:
                for entry in entries:
                    if not entry.name.endswith(".bal"):
                        continue
                    try:
                        if not entry.is_file():
                            continue
                        if entry.is_symlink() and escapes(entry.path, root):
                            self._report_escape(entry.path, root)
                            found[entry.name] = (entry.name, _REFUSED, 0)
                            continue
                        st = entry.stat()
                    except OSError as exc:
                        logger.warning("cannot stat %s: %s", entry.path, exc.strerror or exc)
                        continue
                    found[entry.name] = (entry.name, st.st_mtime_ns, st.st_size)
        except FileNotFoundError:
            pass
        except NotADirectoryError:
            return None
        except OSError as exc:
            logger.warning("cannot list module directory %s: %s", directory, exc.strerror or exc)
        return found

    def _build(
        self,
        directory: Path,
        key: tuple[FileKey, ...],
        texts: Mapping[str, str],
        previous: _Entry | None,
    ) -> _Entry:
        files: dict[str, _FileSymbols] = {}
        read: list[tuple[Path, tuple[Symbol, ...]]] = []
        skipped: list[Path] = []
        for file_key in key:
            name = file_key[0]
            path = directory / name
            old = previous.files.get(name) if previous is not None else None
            if old is not None and old.key == file_key:
                symbols = old.symbols
            elif file_key[1] == _REFUSED:
                symbols = None
            else:
                text = texts[name] if name in texts else read_source(path, self.max_file_bytes)
                symbols = None if text is None else extract_symbols(text)
            files[name] = _FileSymbols(file_key, symbols)
            if symbols is None:
                skipped.append(path)
            elif symbols:
                read.append((path, symbols))
        module = ModuleSymbols(
            module_dir=directory,
            symbols=FirstDeclarations(tuple(read)),
            skipped=tuple(skipped),
            files=tuple(read),
        )
        return _Entry(key, MappingProxyType(files), module)


def _archived(directory: str) -> tuple[dict[str, FileKey], dict[str, str]]:
    """The listing and texts of a module directory inside an archive, read in memory; its
    members too large to read count as skipped."""
    sources = sources_in(directory, ".bal")
    if sources is None:
        return {}, {}
    listing = {name: (name, _REFUSED, 0) for name in sources.skipped}
    return listing, dict(sources.texts)


def _overlays_in(directory: str, overlays: Mapping[Path, str] | None) -> dict[str, str]:
    """The overlays that are ``.bal`` files directly in ``directory``, by file name."""
    if not overlays:
        return {}
    found: dict[str, str] = {}
    for path, text in overlays.items():
        absolute = os.path.abspath(path)
        if os.path.dirname(absolute) == directory and absolute.endswith(".bal"):
            found[os.path.basename(absolute)] = text
    return found
