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
from bisect import bisect_right
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from types import MappingProxyType
from typing import TypeVar, overload

from balmod.extracted import sources_in
from balmod.syntax.symbols import Symbol, SymbolTable, scan_symbols
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

# A module's files read, in name order, each with the symbols declared in it (a
# `SymbolTable` when the index read them: each symbol is made when first asked for).
FileSymbols = tuple[tuple[Path, Sequence[Symbol]], ...]


class FirstDeclarations(Mapping[str, ModuleSymbol]):
    """Each name of a module with its first declaration (files in name order, then source
    order). The `ModuleSymbol` (and, from a `SymbolTable`, the `Symbol`) is made when a name
    is first looked up: checking names looks up a few of each module, and `balmod check`
    reads thousands of modules."""

    __slots__ = ("_files", "_index", "_made", "_order", "_starts")

    def __init__(self, files: FileSymbols) -> None:
        self._files = files
        names: list[str] = []
        # Where each file's symbols start among all the module's.
        self._starts: list[int] = []
        for _, found in files:
            self._starts.append(len(names))
            names += found.names() if isinstance(found, SymbolTable) else [s.name for s in found]
        # Each name's first declaration, the names in the order they are first declared:
        # where no name repeats (most modules), each name's only declaration, in order.
        index = dict(zip(names, range(len(names)), strict=True))
        self._order: list[str] | None = None
        if len(index) < len(names):
            # Built from the last declaration back, the order kept apart.
            index = dict(zip(reversed(names), range(len(names) - 1, -1, -1), strict=True))
            self._order = list(dict.fromkeys(names))
        self._index = index
        self._made: dict[str, ModuleSymbol] = {}

    def __getitem__(self, name: str) -> ModuleSymbol:
        made = self._made.get(name)
        if made is None:
            index = self._index[name]
            file = bisect_right(self._starts, index) - 1 if len(self._starts) > 1 else 0
            path, found = self._files[file]
            symbol = found[index - self._starts[file]]
            made = self._made[name] = ModuleSymbol(symbol, path)
        return made

    @overload
    def get(self, name: str, /) -> ModuleSymbol | None: ...

    @overload
    def get(self, name: str, /, default: ModuleSymbol | _T) -> ModuleSymbol | _T: ...

    def get(self, name: str, /, default: object = None) -> object:
        # Without the KeyError that `Mapping.get` goes through for an unknown name.
        return self[name] if name in self._index else default

    def __contains__(self, name: object) -> bool:
        return name in self._index

    def public_names(self) -> frozenset[str]:
        """The names whose first declaration is public, without making their symbols."""
        flags: list[bool] = []
        for _, found in self._files:
            flags += (
                found.public_flags()
                if isinstance(found, SymbolTable)
                else [s.public for s in found]
            )
        return frozenset(name for name, index in self._index.items() if flags[index])

    def __iter__(self) -> Iterator[str]:
        return iter(self._order if self._order is not None else self._index)

    def __len__(self) -> int:
        return len(self._index)


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
    def public_names(self) -> frozenset[str]:
        """The names declared public (by their first declaration), as `get` finds them."""
        if isinstance(self.symbols, FirstDeclarations):
            return self.symbols.public_names()
        return frozenset(name for name, item in self.symbols.items() if item.symbol.public)

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


def read_source(
    path: Path | str,
    max_bytes: int = DEFAULT_MAX_FILE_BYTES,
    listed: os.stat_result | None = None,
) -> str | None:
    """A ``.bal`` file's text as the symbol index reads it, or None (logged) when it cannot be
    read, is not a regular file, or is bigger than ``max_bytes``. ``listed``: what a
    directory listing just found at ``path`` (see `read_bytes`).

    A UTF-8 byte-order mark is dropped, as editors do, so offsets agree with an editor's
    text; bytes that are not UTF-8 become U+FFFD.
    """
    try:
        data = read_bytes(path, max_bytes, listed=listed)
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


# A file as a module's listing found it: its path, and what `stat` said (links followed).
_Listed = tuple[str, os.stat_result]


@dataclass(frozen=True, slots=True)
class _FileSymbols:
    key: FileKey
    symbols: SymbolTable | None  # None: skipped


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
        # Each file on disk as the listing found it: its path and what `stat` said, to check
        # before reading it.
        stats: dict[str, _Listed] = {}
        listing = self._list(directory, stats)
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
        # The caller's `Path` when it names the directory as it is: making one again costs.
        same = isinstance(module_dir, Path) and os.fspath(module_dir) == directory
        path = module_dir if same else Path(directory)
        entry = self._build(path, directory, key, texts, stats, entry)
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

    def _list(self, directory: str, stats: dict[str, _Listed]) -> dict[str, FileKey] | None:
        """The module's files; None when ``directory`` lies inside a file. Each file's path
        and what its ``stat`` (links followed) found go into ``stats``."""
        found: dict[str, FileKey] = {}
        root = package_root(directory)
        if escapes(directory, root):
            self._report_escape(directory, root)
            return found
        try:
            with os.scandir(directory) as entries:
                for entry in entries:
                    name = entry.name
                    if not name.endswith(".bal"):
                        continue
                    try:
                        if not entry.is_file():
                            continue
                        if entry.is_symlink() and escapes(entry.path, root):
                            self._report_escape(entry.path, root)
                            found[name] = (name, _REFUSED, 0)
                            continue
                        st = entry.stat()
                    except OSError as exc:
                        logger.warning("cannot stat %s: %s", entry.path, exc.strerror or exc)
                        continue
                    found[name] = (name, st.st_mtime_ns, st.st_size)
                    stats[name] = (entry.path, st)
        except FileNotFoundError:
            pass
        except NotADirectoryError:
            return None
        except OSError as exc:
            logger.warning("cannot list module directory %s: %s", directory, exc.strerror or exc)
        return found

    def _build(
        self,
        module_dir: Path,
        directory: str,
        key: tuple[FileKey, ...],
        texts: Mapping[str, str],
        stats: Mapping[str, _Listed],
        previous: _Entry | None,
    ) -> _Entry:
        files: dict[str, _FileSymbols] = {}
        read: list[tuple[Path, Sequence[Symbol]]] = []
        skipped: list[Path] = []
        old_files = previous.files if previous is not None else None
        for file_key in key:
            name = file_key[0]
            old = old_files.get(name) if old_files is not None else None
            if old is not None and old.key == file_key:
                symbols = old.symbols
            elif file_key[1] == _REFUSED:
                symbols = None
            else:
                text = texts.get(name)
                if text is None:
                    # By the path's text: reading by the `Path` would spell it out again.
                    listed = stats.get(name)
                    text = (
                        read_source(os.path.join(directory, name), self.max_file_bytes)
                        if listed is None
                        else read_source(listed[0], self.max_file_bytes, listed[1])
                    )
                symbols = None if text is None else scan_symbols(text)
            files[name] = _FileSymbols(file_key, symbols)
            if symbols is None:
                skipped.append(module_dir / name)
            elif symbols:
                read.append((module_dir / name, symbols))
        found = tuple(read)
        module = ModuleSymbols(
            module_dir=module_dir,
            symbols=FirstDeclarations(found),
            skipped=tuple(skipped),
            files=found,
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
