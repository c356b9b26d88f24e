"""What a module's artifacts say about it, read in memory without extracting.

A ``.car``, ``.jar`` and ``.src`` are zip files. What balmod reads (``org.eclipse.ceylon.cmr``:
``PropertiesDependencyResolver``, ``ModulesDependencyResolver``, ``ArtifactContext``):

- ``<name as path>/module.ceylon`` in the ``.src``: the module's own descriptor (its doc
  string, license, authors and imports), parsed with balmod's own parser;
- ``module.properties`` next to the artifact, or inside a ``.jar``/``.car`` at
  ``META-INF/jbossmodules/<name as path>/<version>/module.properties``: one line per
  dependency, ``name=version``, ``+name`` for a shared one and ``name?`` for an optional
  one (Java properties syntax).

Everything is read from the bytes in memory and cached by file state (inode, mtime, ctime,
size); a corrupt or oversized archive is logged and read as nothing. Nothing is written:
go-to-definition opens the ``module.ceylon`` inside the ``.src`` as a path through the
archive (:mod:`balmod.extracted`, :mod:`balmod.ceylon.definition`).
"""

from __future__ import annotations

import io
import logging
import threading
import zipfile
from dataclasses import dataclass
from pathlib import Path

from balmod.ceylon.index import CAR, JAR, SRC, ModuleVersion
from balmod.extracted import MAX_ARCHIVE_BYTES, Signature, file_signature
from balmod.workspace import UnreadableFile, read_bytes

logger = logging.getLogger(__name__)

MAX_ENTRY_BYTES = 4 * 1024 * 1024
DESCRIPTOR = "module.ceylon"


@dataclass(frozen=True, slots=True)
class Dependency:
    name: str
    version: str
    shared: bool = False
    optional: bool = False


@dataclass(frozen=True, slots=True)
class ModuleInfo:
    """What a module version says about itself; ``source`` names where it was read."""

    source: str
    doc: str | None = None
    license: str | None = None
    authors: tuple[str, ...] = ()
    dependencies: tuple[Dependency, ...] = ()
    descriptor_text: str | None = None


def _read_bytes(path: Path) -> bytes | None:
    try:
        return read_bytes(path, MAX_ARCHIVE_BYTES)
    except UnreadableFile as exc:
        logger.warning("skipping %s", exc)
        return None


def _entry(data: bytes, member: str, where: Path) -> str | None:
    """One text entry of the zip in ``data``; None when absent or unreadable."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            try:
                info = archive.getinfo(member)
            except KeyError:
                return None
            if info.file_size > MAX_ENTRY_BYTES:
                logger.warning("%s: %s is too large; ignored", where, member)
                return None
            return archive.read(info).decode("utf-8-sig", errors="replace")
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, RuntimeError, ValueError) as exc:
        # RuntimeError: encrypted entries; ValueError: malformed headers.
        logger.warning("skipping %s: not a readable zip archive (%s)", where, exc)
        return None


_PROPERTY_ESCAPES = {"t": "\t", "n": "\n", "r": "\r", "f": "\f"}


def _property_text(raw: str, stop: str = "") -> tuple[str, int]:
    """Unescape ``raw`` until an unescaped character of ``stop``; (text, where it stopped)."""
    out: list[str] = []
    i = 0
    while i < len(raw):
        char = raw[i]
        if char == "\\" and i + 1 < len(raw):
            following = raw[i + 1]
            hex_digits = raw[i + 2 : i + 6]
            if (
                following == "u"
                and len(hex_digits) == 4
                and all(c in "0123456789abcdefABCDEF" for c in hex_digits)
            ):
                out.append(chr(int(hex_digits, 16)))
                i += 6
            else:
                out.append(_PROPERTY_ESCAPES.get(following, following))
                i += 2
            continue
        if char in stop:
            break
        out.append(char)
        i += 1
    return "".join(out), i


def _logical_lines(text: str) -> list[str]:
    """Lines with comments dropped and backslash-continued lines joined."""
    lines: list[str] = []
    pending: str | None = None
    for raw in text.splitlines():
        line = raw.lstrip(" \t\f")
        if pending is None and (not line or line[0] in "#!"):
            continue
        trailing = len(line) - len(line.rstrip("\\"))
        if trailing % 2 == 1:
            pending = (pending or "") + line[:-1]
            continue
        lines.append((pending or "") + line)
        pending = None
    if pending is not None:
        lines.append(pending)
    return lines


def parse_properties(text: str) -> dict[str, str]:
    """Java ``.properties``: ``key=value``, ``key: value`` or ``key value``; ``#``/``!``
    comments; a trailing backslash continues a line; backslash escapes (``\\:``, ``\\u00E9``)."""
    result: dict[str, str] = {}
    for line in _logical_lines(text):
        key, end = _property_text(line, "=: \t\f")
        rest = line[end:].lstrip(" \t\f")
        if rest[:1] in ("=", ":"):
            rest = rest[1:].lstrip(" \t\f")
        result[key] = _property_text(rest)[0]
    return result


def dependencies_from_properties(text: str) -> tuple[Dependency, ...]:
    """``PropertiesDependencyResolver``: ``+`` marks shared, a trailing ``?`` optional."""
    found = []
    for key, version in parse_properties(text).items():
        name = key
        shared = name.startswith("+")
        if shared:
            name = name[1:]
        optional = name.endswith("?")
        if optional:
            name = name[:-1]
        if name:
            found.append(Dependency(name, version.strip(), shared, optional))
    return tuple(found)


def _from_descriptor(text: str, where: str) -> ModuleInfo:
    from balmod.ceylon.parser import parse_descriptor  # loads lark: only once a descriptor is read

    parsed = parse_descriptor(text)
    descriptor = parsed.descriptor
    if descriptor is None:
        return ModuleInfo(where, descriptor_text=text)
    annotations = descriptor.annotations
    doc = annotations.doc.value if annotations.doc is not None else None
    docs = annotations.strings("doc")
    if doc is None and docs:
        doc = docs[0]
    licenses = annotations.strings("license")
    dependencies = []
    for item in descriptor.imports:
        version = descriptor.resolved_version(item)
        if item.module.written and version is not None:
            dependencies.append(
                Dependency(item.module.display, version.value, item.shared, item.optional)
            )
    return ModuleInfo(
        source=where,
        doc=doc,
        license=licenses[0] if licenses else None,
        authors=annotations.strings("by"),
        dependencies=tuple(dependencies),
        descriptor_text=text,
    )


def read_module_info(version: ModuleVersion) -> ModuleInfo | None:
    """The descriptor in the ``.src``, else a ``module.properties`` (beside the artifact,
    then inside the ``.jar``/``.car``); None when the module version says nothing."""
    parts = version.name.split(".")
    src = version.artifact(SRC)
    if src is not None:
        data = _read_bytes(src)
        text = _entry(data, "/".join([*parts, DESCRIPTOR]), src) if data is not None else None
        if text is not None:
            return _from_descriptor(text, src.name)
    properties = version.properties
    if properties is not None:
        try:
            raw = read_bytes(properties, MAX_ENTRY_BYTES)
        except UnreadableFile as exc:
            logger.warning("skipping %s", exc)
        else:
            text = raw.decode("utf-8", errors="replace")
            return ModuleInfo(properties.name, dependencies=dependencies_from_properties(text))
    inner = "/".join(["META-INF", "jbossmodules", *parts, version.version, "module.properties"])
    for suffix in (JAR, CAR):
        archive = version.artifact(suffix)
        data = _read_bytes(archive) if archive is not None else None
        if archive is None or data is None:
            continue
        text = _entry(data, inner, archive)
        if text is not None:
            return ModuleInfo(
                f"{archive.name}!/{inner}", dependencies=dependencies_from_properties(text)
            )
    return None


class ModuleInfoReader:
    """:func:`read_module_info` cached by the state of the files it reads. Thread-safe."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._cache: dict[Path, tuple[tuple[Signature | None, ...], ModuleInfo | None]] = {}

    def _state(self, version: ModuleVersion) -> tuple[Signature | None, ...]:
        paths = [version.artifact(s) for s in (SRC, JAR, CAR)] + [version.properties]
        return tuple(file_signature(p) if p is not None else None for p in paths)

    def read(self, version: ModuleVersion) -> ModuleInfo | None:
        state = self._state(version)
        with self._lock:
            cached = self._cache.get(version.directory)
        if cached is not None and cached[0] == state:
            return cached[1]
        info = read_module_info(version)
        with self._lock:
            self._cache[version.directory] = (state, info)
        return info

    def clear(self) -> None:
        with self._lock:
            self._cache.clear()
