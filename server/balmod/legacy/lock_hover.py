"""Hover in the Ballerina.lock of a 1.x or 0.990 project.

:func:`lock_hover`: for an entry, what it resolves to (repository, version, archive) and
how it stands with Ballerina.toml; for a header, the project module it is locked for;
for a top-level key, what it means.

As for Ballerina.toml, built on the helpers and types of :mod:`balmod.legacy.features`;
Ballerina.toml's pins come from :mod:`balmod.legacy.lock_pins`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from balmod.legacy import lock_pins
from balmod.legacy.engine import LegacyEngine
from balmod.legacy.features import (
    ManifestHover,
    legacy_resolution_markdown,
    line_bounds,
    versions_markdown,
    versions_on_disk,
)
from balmod.legacy.lock_pins import Pin
from balmod.legacy.manifest import (
    LOCK_0990_PACKAGE_KEYS,
    LOCK_0990_PROJECT_KEYS,
    LOCK_KEYS,
    LockEntry,
    parse_lock_entries,
)
from balmod.legacy.project import LegacyProject
from balmod.manifest.locator import Located, locate
from balmod.text import Span


def lock_hover(
    engine: LegacyEngine,
    legacy: LegacyProject,
    text: str,
    offset: int,
    manifest_text: str | None = None,
) -> ManifestHover | None:
    """Hover facts at ``offset`` in the Ballerina.lock of ``legacy``."""
    entries = parse_lock_entries(text)
    entry = next((e for e in entries if e.span.contains(offset)), None)
    locations = locate(text)
    if entry is not None:
        header_end = line_bounds(text, entry.span.start)[1]
        if entry.path[0] == "imports" and offset <= header_end:
            node = locations.get(entry.path)
            span = node.key if node is not None and node.key is not None else entry.span
            return ManifestHover(_importer_markdown(legacy, entry, entries), span)
        pins = lock_pins.pins(legacy, manifest_text)
        markdown = _entry_markdown(engine, legacy, entry, pins.get((entry.org, entry.module)))
        return ManifestHover(markdown, _field_span(locations, entry, offset))
    for node in locations:
        if node.key is None or not node.key.contains(offset) or not node.path:
            continue
        name = node.path[-1]
        docs: Mapping[str, str] = {}
        if len(node.path) == 1:
            docs = LOCK_KEYS
        elif node.path[:-1] == ("project",):
            docs = LOCK_0990_PROJECT_KEYS
        elif len(node.path) == 3 and node.path[0] == "package":
            docs = LOCK_0990_PACKAGE_KEYS
        doc = docs.get(name) if isinstance(name, str) else None
        if doc:
            return ManifestHover(f"**{name}** (Ballerina.lock)\n\n{doc}", node.key)
    return None


def _field_span(locations: Iterable[Located], entry: LockEntry, offset: int) -> Span:
    """The ``key = value`` of ``entry`` under the cursor, else the whole entry."""
    depth = len(entry.path) + 1
    for node in locations:
        if len(node.path) != depth or node.path[:-1] != entry.path:
            continue
        start = node.key.start if node.key is not None else node.span.start
        if start <= offset <= node.span.end:
            return Span(start, node.span.end)
    return entry.span


def _entry_markdown(
    engine: LegacyEngine, legacy: LegacyProject, entry: LockEntry, pin: Pin | None
) -> str:
    org, module, version = entry.org, entry.module, entry.version.value.strip()
    resolution = engine.resolver.resolve(
        legacy, org, module, version, version_from="Ballerina.lock"
    )
    parts = [legacy_resolution_markdown(f"{org}/{module}", resolution)]
    versions = versions_on_disk(engine, legacy, org, module)
    if versions and not resolution.resolved:
        parts += ["", "Versions on disk, newest first:", *versions_markdown(versions)]
    parts += ["", _locked_for(legacy, entry)]
    if pin is not None and pin.path:
        parts += ["", f"Ballerina.toml takes it from the balo `{pin.path}` instead."]
    elif pin is not None and pin.version is not None:
        if pin.version == version:
            parts += ["", "Ballerina.toml names the same version."]
        else:
            parts += [
                "",
                f"Ballerina.toml names `{pin.version}`; while this entry is here, builds "
                f"use the locked `{version}`.",
            ]
    return "\n".join(parts)


def _locked_for(legacy: LegacyProject, entry: LockEntry) -> str:
    module = entry.importer_module
    if module is None or module not in legacy.modules:
        return f"Locked for `{entry.importer}`, which names no module of this project."
    return f"Locked for module `{module}` of this project (`{entry.importer}`)."


def _importer_markdown(
    legacy: LegacyProject, entry: LockEntry, entries: Sequence[LockEntry]
) -> str:
    importer = entry.importer
    lines = [f"**{importer}**", ""]
    module = entry.importer_module
    directory = legacy.modules.get(module) if module is not None else None
    if module is None or directory is None:
        available = ", ".join(sorted(legacy.modules)) or "none"
        lines.append(f"- Names no module of this project (its modules: {available})")
    else:
        lines.append(f"- Module `{module}` of this project: `{directory}`")
        current = legacy.module_id(module)
        if current != importer:
            lines.append(
                f"- The project's modules are now `{current}`: builds do not use these entries"
            )
    locked = [e for e in entries if e.importer == importer]
    lines += ["", f"Locks {len(locked)} import{'s' * (len(locked) != 1)}:"]
    lines += [f"- `{e.org}/{e.module}` `{e.version.value}`" for e in locked]
    return "\n".join(lines)
