"""Inlay hints: the version each import resolves to, and newer compatible versions on disk.

- After each import of a ``.bal`` file: the resolved version (``2.16.4``), followed by the
  repository's id when it is not the distribution or the Central cache (``0.3.0 local``).
- In a manifest, after the version of a ``[[dependency]]`` or ``[[package]]``: ``latest
  compatible x.y.z`` when a newer compatible version is on disk.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from balmod.analysis.document import DocumentAnalysis
from balmod.analysis.manifests.entries import Entry, entries
from balmod.analysis.manifests.keys import ManifestKind
from balmod.analysis.resolver import ResolutionStatus
from balmod.manifest.document import parse_toml
from balmod.manifest.locator import Locations, locate, locate_window
from balmod.project.model import Project
from balmod.repository.bala import PackageVersion
from balmod.repository.roots import RepositoryKind
from balmod.text import Span
from balmod.versions import try_parse_version

if TYPE_CHECKING:
    from balmod.analysis.manifests.service import ManifestService

_DEFAULT_REPOSITORIES = (RepositoryKind.DISTRIBUTION, RepositoryKind.CENTRAL)


@dataclass(frozen=True, slots=True)
class Hint:
    offset: int
    label: str
    tooltip: str = ""


def _overlaps(a: Span, b: Span) -> bool:
    return a.start <= b.end and b.start <= a.end


def import_hints(analysis: DocumentAnalysis, span: Span) -> list[Hint]:
    hints = []
    for item in analysis.imports:
        resolution, decl = item.resolution, item.decl
        if resolution is None or resolution.status is not ResolutionStatus.RESOLVED:
            continue
        package = resolution.package
        if package is None or not _overlaps(decl.span, span):
            continue
        label = package.version
        if package.repository.kind not in _DEFAULT_REPOSITORIES:
            label += f" {package.repository.id}"
        tooltip = (
            f"{package.org}/{package.name} {package.version} from the "
            f"{package.repository.label} repository: {resolution.reason}"
        )
        hints.append(Hint(decl.span.end, label, tooltip))
    return hints


def newer_compatible(
    service: ManifestService, kind: ManifestKind, project: Project, entry: Entry
) -> PackageVersion | None:
    """The latest compatible version on disk when it is newer than the entry's version."""
    key = entry.key
    version = try_parse_version(entry.version) if entry.version is not None else None
    if key is None or version is None or key == (project.org, project.name):
        return None
    if entry.bala_path is not None:
        return None
    named = entry.repository
    if kind is ManifestKind.DEPENDENCIES:
        spec = project.dependencies.get(key)
        named = (spec.repository if spec is not None else None) or named
    latest = service.facts(key[0], key[1], named).latest_compatible(version)
    if latest is None or latest.parsed_version <= version:
        return None
    return latest


def _windows(text: str, span: Span) -> Iterator[Locations]:
    """The located chunks of ``text`` that overlap ``span``."""
    parsed = parse_toml(text)
    if not parsed.chunks:
        yield locate(text)
        return
    for chunk in parsed.chunks:
        if chunk.start <= span.end and span.start <= chunk.end and chunk.end > chunk.start:
            yield locate_window(text, chunk.start, chunk.end, chunk.path)


def manifest_hints(
    service: ManifestService, kind: ManifestKind, text: str, path: Path, span: Span
) -> list[Hint]:
    parsed = parse_toml(text)
    if parsed.data is None:
        return []
    project = service.project(path)
    by_path = {entry.path: entry for entry in entries(kind, parsed.data)}
    hints = []
    for locations in _windows(text, span):
        for path_, entry in by_path.items():
            node = locations.get((*path_, "version"))
            if node is None or node.value is None or not _overlaps(node.value, span):
                continue
            latest = newer_compatible(service, kind, project, entry)
            if latest is not None:
                hints.append(
                    Hint(
                        node.value.end,
                        f"latest compatible {latest.version}",
                        f"{latest.version} is in the {latest.repository.label} repository",
                    )
                )
    hints.sort(key=lambda hint: hint.offset)
    return hints
