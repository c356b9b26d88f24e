"""Hover in Ballerina.toml and Dependencies.toml.

On a key: what it means (and its shape). On a ``[[dependency]]`` or ``[[package]]`` entry or
one of its values: the package, every version on disk by repository, which one the project
resolves to and why, the latest compatible and the latest version, and why the package is
there at all: the imports of the package that use it, and the listed packages that depend
on it.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from balmod.analysis.manifests.entries import Entry, by_key, entries, entry_table
from balmod.analysis.manifests.keys import ManifestKind, key_info, table_info
from balmod.analysis.manifests.texts import file_text
from balmod.analysis.manifests.usage import ImportUse, imports_of
from balmod.manifest.document import parse_toml
from balmod.manifest.locator import Located, Locations, NodeKind, locate, locate_window
from balmod.manifest.reading import read
from balmod.project.model import DependencySpec, LockedPackage, PackageKey, Project
from balmod.repository.bala import PackageVersion
from balmod.repository.roots import Repository
from balmod.text import Span

if TYPE_CHECKING:
    from balmod.analysis.manifests.service import ManifestService

MAX_LISTED_IMPORTS = 20


@dataclass(frozen=True, slots=True)
class ManifestHover:
    markdown: str
    span: Span


def data_and_locations(text: str, offset: int) -> tuple[Mapping[str, Any], Locations]:
    """tomllib's data and the locations of the chunk holding ``offset`` (whole text if need be)."""
    parsed = parse_toml(text)
    if parsed.data is None:
        data, locations, _ = read(text)
        return data, locations
    for chunk in parsed.chunks:
        if chunk.start <= offset < chunk.end or (chunk.end == len(text) == offset):
            return parsed.data, locate_window(text, chunk.start, chunk.end, chunk.path)
    return parsed.data, locate(text)


def node_at(locations: Locations, offset: int) -> tuple[Located, bool] | None:
    """The deepest node whose key (True) or value holds ``offset``."""
    best: tuple[Located, bool] | None = None
    for node in locations:
        on_key = node.key is not None and node.key.start <= offset <= node.key.end
        if on_key and (best is None or len(node.path) > len(best[0].path)):
            best = (node, True)
    if best is not None:
        return best
    for node in locations:
        value = node.value
        is_value = node.kind in (NodeKind.VALUE, NodeKind.MEMBER, NodeKind.ITEM)
        on_value = value is not None and value.start <= offset <= value.end
        if is_value and on_value and (best is None or len(node.path) > len(best[0].path)):
            best = (node, False)
    return best


def hover(
    service: ManifestService,
    kind: ManifestKind,
    text: str,
    path: Path,
    offset: int,
    overlays: Mapping[Path, str],
) -> ManifestHover | None:
    data, locations = data_and_locations(text, offset)
    found = node_at(locations, offset)
    if found is None:
        return None
    node, on_key = found
    table = entry_table(kind, data)
    in_entry = len(node.path) >= 2 and node.path[0] == table and isinstance(node.path[1], int)
    is_header = node.kind is NodeKind.TABLE
    if in_entry and (not on_key or (is_header and len(node.path) == 2)):
        index = node.path[1]
        entry = next((e for e in entries(kind, data) if e.path == (table, index)), None)
        if entry is None or entry.key is None:
            return None
        span = node.key if on_key and node.key is not None else node.span
        markdown = package_markdown(service, kind, service.project(path), entry, data, overlays)
        return ManifestHover(markdown, span)
    if not on_key or node.key is None:
        return None
    return _key_hover(kind, data, node, node.key)


def _key_hover(
    kind: ManifestKind, data: Mapping[str, Any], node: Located, span: Span
) -> ManifestHover | None:
    old = kind is ManifestKind.DEPENDENCIES and entry_table(kind, data) == "dependency"
    if node.kind in (NodeKind.TABLE, NodeKind.ARRAY_OF_TABLES):
        table = table_info(kind, node.path, old_format=old)
        if table is None or not table.description:
            return None
        return ManifestHover(f"**`{table.header}`**\n\n{table.description}", span)
    info = key_info(kind, node.path, old_format=old)
    if info is None or not info.description:
        return None
    return ManifestHover(f"**`{info.name}`** ({info.shape.value})\n\n{info.description}", span)


# --- the package of an entry ---------------------------------------------------------------


def _dependencies_data(
    kind: ManifestKind, project: Project, data: Mapping[str, Any], overlays: Mapping[Path, str]
) -> Mapping[str, Any]:
    """Dependencies.toml's data: this text when it is the file, else its buffer or file."""
    if kind is ManifestKind.DEPENDENCIES:
        return data
    text = file_text(project.dependencies_toml, overlays)
    parsed = parse_toml(text) if text is not None else None
    return parsed.data if parsed is not None and parsed.data is not None else {}


def _relative(path: Path, root: Path) -> str:
    try:
        return os.path.relpath(path, root)
    except ValueError:
        return str(path)


def _why(
    uses: Sequence[ImportUse], dependents: Sequence[PackageKey], pinned: bool, root: Path
) -> list[str]:
    lines: list[str] = []
    if uses:
        lines += ["", "Imported by:"]
        for use in uses[:MAX_LISTED_IMPORTS]:
            lines.append(f"- `{_relative(use.path, root)}:{use.line + 1}` `{use.full_name}`")
        if len(uses) > MAX_LISTED_IMPORTS:
            lines.append(f"- and {len(uses) - MAX_LISTED_IMPORTS} more")
    if dependents:
        names = ", ".join(f"`{org}/{name}`" for org, name in dependents)
        lines += ["", f"Needed by: {names}"]
    if pinned:
        lines += ["", "Pinned by a `[[dependency]]` in Ballerina.toml."]
    if not uses and not dependents and not pinned:
        lines += ["", "Nothing in this package imports it, and no listed package depends on it."]
    return lines


def package_markdown(
    service: ManifestService,
    kind: ManifestKind,
    project: Project,
    entry: Entry,
    data: Mapping[str, Any],
    overlays: Mapping[Path, str],
) -> str:
    """The package of an entry: its versions and resolution, then why it is there."""
    assert entry.key is not None
    org, name = entry.key
    title = f"**{org}/{name}**"
    if (org, name) == (project.org, project.name):
        return f"{title}: this package itself (Dependencies.toml lists it with its modules)"
    if kind is ManifestKind.DEPENDENCIES:
        lock, spec = entry.as_lock(), project.dependencies.get(entry.key)
    else:
        lock, spec = project.locked.get(entry.key), entry.as_spec()
    if spec is not None and spec.path:
        return f"{title}: taken from the bala at `{spec.path}` (Ballerina.toml)"
    lines = [title, "", *_resolution(service, project, entry.key, lock, spec)]
    listed = entries(ManifestKind.DEPENDENCIES, _dependencies_data(kind, project, data, overlays))
    root = (project.org, project.name)
    dependents = [
        e.key
        for e in listed
        if e.key is not None and e.key not in (entry.key, root) and entry.key in e.dependencies
    ]
    known = {n for o, n in by_key(listed) if o == org} | set(service.index.packages(org))
    uses = imports_of(service.imports.package_imports(project.root, overlays), entry.key, known)
    pinned = kind is ManifestKind.DEPENDENCIES and spec is not None
    return "\n".join([*lines, *_why(uses, dependents, pinned, project.root)])


def _resolution(
    service: ManifestService,
    project: Project,
    key: PackageKey,
    lock: LockedPackage | None,
    spec: DependencySpec | None,
) -> list[str]:
    """Which version the project uses and why, the newest ones, and every version on disk."""
    org, name = key
    named = (spec.repository if spec else None) or (lock.repository if lock else None)
    facts = service.facts(org, name, named)
    resolution = service.resolve_package(project, org, name, lock, spec)
    package = resolution.package if resolution.package and resolution.package.name == name else None
    if package is not None:
        lines = [
            f"Resolves to `{package.version}` from the {package.repository.label} repository: "
            f"{resolution.reason}."
        ]
    elif facts.available:
        lines = [f"Does not resolve: {resolution.reason}."]
    else:
        lines = [f"Not in {facts.where()}."]
    lines.append("")
    compatible = facts.latest_compatible(package.parsed_version) if package else None
    if compatible is not None:
        lines.append(f"- Latest compatible: `{compatible.version}` ({compatible.repository.label})")
    newest = facts.newest()
    if newest is not None:
        lines.append(f"- Latest: `{newest.version}` ({newest.repository.label})")
    preview = facts.available[0] if facts.available else None
    if preview is not None and preview.parsed_version.prerelease and preview is not newest:
        lines.append(f"- Newest pre-release: `{preview.version}` ({preview.repository.label})")
    return lines + _on_disk(service, facts.on_disk, facts.allowed)


def _on_disk(
    service: ManifestService, on_disk: Sequence[PackageVersion], allowed: Sequence[Repository]
) -> list[str]:
    if not on_disk:
        return []
    lines = ["", "On disk:"]
    for repo in service.index.repositories():
        versions = [p for p in on_disk if p.repository == repo]
        if not versions:
            continue
        written = ", ".join(
            f"`{p.version}`" + (" (pre-release)" if p.parsed_version.prerelease else "")
            for p in versions
        )
        note = "" if repo in allowed else " (not searched)"
        lines.append(f"- {repo.label}{note}: {written}")
    return lines
