"""Reading 1.x module archives (``.balo`` and ``.zip``) in memory.

An archive is a zip file. What balmod reads from it (``BaloFileWriter``/``BaloToml``/
``Module`` in 1.x; ``ZipRepo``/``CacheRepo`` in 0.990):

- ``metadata/MODULE.toml``: ``module_organization``, ``module_name``, ``module_version``,
  ``platform``, ``ballerina_version`` (1.x balo only);
- ``metadata/BALO.toml``: ``balo_version``, ``built_by``;
- ``metadata/Ballerina.toml``: the manifest the module was built with (its
  ``[dependencies]``);
- the module's sources: ``src/<module>/**/*.bal`` in a 1.x balo, ``src/src/<module>/`` in
  the 1.2 distribution's balos (as ``LSStdLibCacheUtil`` reads them), ``src/**/*.bal`` in a
  0.990 zip; ``tests/`` and ``resources/`` below the module are not its sources.
  ``platform-libs/``, ``docs/``, ``obj/`` and ``bir/`` hold no sources and are ignored.

Everything is read from the bytes in memory, and nothing is ever written. The module's
sources are named by paths through the archive (``<archive>/src/<module>/a.bal``; see
:mod:`balmod.extracted`), which the symbol index, definition and the editor's
``balmod-archive:`` documents read from the archive. Archives are cached by file state
(inode, mtime, ctime, size); a corrupt or oversized archive is logged once per state and
read as None.
"""

from __future__ import annotations

import io
import logging
import threading
import tomllib
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from balmod.extracted import MAX_ARCHIVE_BYTES, Signature, file_signature, safe_member
from balmod.workspace import UnreadableFile, read_bytes

_log = logging.getLogger(__name__)

MAX_METADATA_BYTES = 4 * 1024 * 1024
MAX_ENTRIES = 10_000
METADATA_DIR = "metadata"
SKIPPED_MODULE_DIRS = frozenset({"tests", "resources"})
ARCHIVE_SUFFIXES = (".balo", ".zip")


@dataclass(frozen=True, slots=True)
class BaloMetadata:
    """What ``metadata/`` says (every field None when the archive has no metadata)."""

    org: str | None = None
    module: str | None = None
    version: str | None = None
    platform: str | None = None
    ballerina_version: str | None = None
    balo_version: str | None = None
    # (org, module, version) of each [dependencies] entry of metadata/Ballerina.toml.
    dependencies: tuple[tuple[str, str, str | None], ...] = ()


@dataclass(frozen=True, slots=True)
class BaloArchive:
    """One archive, read: its metadata and where its module's sources are."""

    path: Path
    metadata: BaloMetadata
    # The directory in the zip the module's sources are in (``src/<module>/``...), None
    # when it has none; and their names below it.
    source_prefix: str | None = None
    source_names: tuple[str, ...] = ()

    @property
    def module_dir(self) -> Path | None:
        """The module's directory as a path through the archive; None without sources."""
        if self.source_prefix is None:
            return None
        return self.path.joinpath(*self.source_prefix.strip("/").split("/"))


def _toml(archive: zipfile.ZipFile, name: str, where: Path) -> dict[str, Any] | None:
    try:
        info = archive.getinfo(name)
    except KeyError:
        return None
    if info.file_size > MAX_METADATA_BYTES:
        _log.warning("%s: %s is too large; ignored", where, name)
        return None
    try:
        return tomllib.loads(archive.read(info).decode("utf-8", errors="replace"))
    except (tomllib.TOMLDecodeError, zipfile.BadZipFile, OSError, RuntimeError) as exc:
        _log.warning("%s: %s is not readable TOML (%s); ignored", where, name, exc)
        return None


def _text(table: Mapping[str, Any] | None, key: str) -> str | None:
    value = None if table is None else table.get(key)
    return value if isinstance(value, str) else None


def _dependencies(manifest: Mapping[str, Any] | None) -> tuple[tuple[str, str, str | None], ...]:
    table = None if manifest is None else manifest.get("dependencies")
    if not isinstance(table, dict):
        return ()
    found: list[tuple[str, str, str | None]] = []
    for key, value in table.items():
        org, slash, module = str(key).partition("/")
        if not slash or not org or not module:
            continue
        version = (
            value
            if isinstance(value, str)
            else _text(value, "version")
            if isinstance(value, dict)
            else None
        )
        found.append((org, module, version))
    return tuple(found)


def _metadata(archive: zipfile.ZipFile, where: Path) -> BaloMetadata:
    module = _toml(archive, f"{METADATA_DIR}/MODULE.toml", where)
    balo = _toml(archive, f"{METADATA_DIR}/BALO.toml", where)
    manifest = _toml(archive, f"{METADATA_DIR}/Ballerina.toml", where)
    return BaloMetadata(
        org=_text(module, "module_organization"),
        module=_text(module, "module_name"),
        version=_text(module, "module_version"),
        platform=_text(module, "platform"),
        ballerina_version=_text(module, "ballerina_version"),
        balo_version=_text(balo, "balo_version"),
        dependencies=_dependencies(manifest),
    )


def _source_entries(names: list[str], module: str) -> tuple[str | None, list[str]]:
    """The prefix the module's ``.bal`` files sit under, and those entry names."""
    for prefix in (f"src/{module}/", f"src/src/{module}/", "src/"):
        found = []
        for name in names:
            if not name.startswith(prefix) or not name.endswith(".bal"):
                continue
            rest = name[len(prefix) :]
            first = rest.split("/", 1)[0]
            if "/" in rest and first in SKIPPED_MODULE_DIRS:
                continue
            found.append(name)
        if found:
            return prefix, sorted(found)
    return None, []


def read_archive(path: Path, module: str) -> BaloArchive | None:
    """Read ``path`` as the archive of ``module``; None (logged) when it is unusable."""
    try:
        data = read_bytes(path, MAX_ARCHIVE_BYTES)
    except UnreadableFile as exc:
        _log.warning("skipping %s", exc)
        return None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            if len(infos) > MAX_ENTRIES:
                _log.warning("skipping %s: more than %d entries", path, MAX_ENTRIES)
                return None
            names = [i.filename for i in infos if not i.is_dir() and safe_member(i.filename)]
            metadata = _metadata(archive, path)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, RuntimeError, ValueError) as exc:
        # RuntimeError: encrypted entries; ValueError: malformed headers.
        _log.warning("skipping %s: not a readable zip archive (%s)", path, exc)
        return None
    prefix, entries = _source_entries(names, module)
    relative = tuple(name[len(prefix or "") :] for name in entries)
    return BaloArchive(path, metadata, prefix, relative)


class ArchiveReader:
    """Archives by path and module, re-read when the file's state changes. Thread-safe."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._cache: dict[tuple[str, str], tuple[Signature, BaloArchive | None]] = {}

    def read(self, path: Path, module: str) -> BaloArchive | None:
        signature = file_signature(path)
        if signature is None:
            return None
        key = (str(path), module)
        with self._lock:
            cached = self._cache.get(key)
        if cached is not None and cached[0] == signature:
            return cached[1]
        archive = read_archive(path, module)
        with self._lock:
            self._cache[key] = (signature, archive)
        return archive

    def clear(self) -> None:
        with self._lock:
            self._cache.clear()
