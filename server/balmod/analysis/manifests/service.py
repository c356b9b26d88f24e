"""The manifest features behind one object, with the caches they share.

Every answer about a package on disk is cached until the repositories change (the engine's
``repositories_changed`` calls :meth:`ManifestService.clear`): what the repositories hold per
package and requested repository, each resolution per (project state, package, locked and
minimum versions), each bala's dependency graph, and the graph conflicts per set of claims.
Typing in a manifest therefore costs dictionary lookups, not file reads. A package that is
not on disk is looked for again each time, since the poller cannot watch what is not there.
"""

from __future__ import annotations

import os
from collections import OrderedDict
from collections.abc import Callable, Hashable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar, cast

from balmod.analysis.document import DocumentAnalysis
from balmod.analysis.manifests.checks import ballerina_stage, dependencies_stage
from balmod.analysis.manifests.facts import PackageFacts, Picked, package_facts
from balmod.analysis.manifests.graph import (
    BALLERINA_TOML,
    DEPENDENCIES_TOML,
    Claim,
    ClaimArgs,
    Conflict,
    find_conflicts,
    graph_claim_args,
    read_graph,
)
from balmod.analysis.manifests.keys import ManifestKind
from balmod.analysis.manifests.usage import ImportScanner
from balmod.analysis.resolver import Resolution, Resolver
from balmod.findings import Finding
from balmod.manifest import check_ballerina_toml, check_dependencies_toml
from balmod.manifest.document import parse_toml
from balmod.manifest.issues import to_findings
from balmod.manifest.keypath import format_path
from balmod.project.loader import ProjectLoader
from balmod.project.model import DependencySpec, LockedPackage, PackageKey, Project
from balmod.repository.index import RepositoryIndex
from balmod.text import Span
from balmod.versions import try_parse_version

if TYPE_CHECKING:
    from balmod.analysis.manifests.actions import ManifestAction
    from balmod.analysis.manifests.completion import ManifestCandidate
    from balmod.analysis.manifests.hover import ManifestHover
    from balmod.analysis.manifests.inlay import Hint

# Bounds on the caches; past them a cache starts over rather than grow.
MAX_CACHED = 20_000
MAX_CACHED_CONFLICTS = 16
MAX_MEMO = 8

T = TypeVar("T")

_ResolutionKey = tuple[Project, str, str, LockedPackage | None, DependencySpec | None]
_ConflictKey = tuple[
    Project,
    tuple[tuple[PackageKey, str | None, str | None, str | None], ...],
    tuple[tuple[PackageKey, str | None, str | None], ...],
]


class Pin(Protocol):
    """What a locked package says for resolution: a Dependencies.toml entry being checked,
    or the project's reading of the file (:class:`LockedPackage`)."""

    @property
    def version(self) -> str | None: ...

    @property
    def repository(self) -> str | None: ...


class ManifestService:
    """Manifests checked against the repositories, and the answers an editor asks for.

    Each answer's module (completion, hover, actions, hints) is imported by the method that
    gives it: `balmod check` only checks, and pays for every import on every run.
    """

    def __init__(self, index: RepositoryIndex, projects: ProjectLoader, resolver: Resolver) -> None:
        self.index = index
        self.projects = projects
        self.resolver = resolver
        self.imports = ImportScanner()
        self._facts: dict[tuple[str, str, str | None], PackageFacts] = {}
        self._resolutions: dict[_ResolutionKey, Resolution] = {}
        # By the bala directory's path.
        self._graphs: dict[str, tuple[tuple[str, str, str], ...]] = {}
        self._conflicts: OrderedDict[_ConflictKey, dict[PackageKey, Conflict]] = OrderedDict()
        self._memo: OrderedDict[Hashable, Any] = OrderedDict()

    def clear(self) -> None:
        """Forget everything learnt from the repositories (they changed on disk)."""
        self._facts.clear()
        self._resolutions.clear()
        self._graphs.clear()
        self._conflicts.clear()
        self._memo.clear()

    # -- what is on disk ------------------------------------------------------------------
    def project(self, manifest: Path) -> Project:
        """The package a manifest belongs to: the directory it is in."""
        return self.projects.load(Path(os.path.abspath(manifest)).parent)

    def facts(self, org: str, name: str, repository: str | None) -> PackageFacts:
        """What the repositories hold for ``org/name`` (versions are read as they are needed).

        What is known of a package or repository that is not there is not used again: the
        repository poller only watches directories that exist, and looking again for a
        missing one costs a stat. Nor is what is known of one whose versions all turned out
        unusable: a ``package.json`` repaired in place changes no directory the poller
        watches.
        """
        key = (org, name, repository)
        cached = self._facts.get(key)
        if cached is None or not cached.present or cached.exhausted:
            # Kept at once: whether the package is there is learnt as it is asked about.
            cached = package_facts(self.index, org, name, repository)
            if cached.allowed:
                if len(self._facts) >= MAX_CACHED:
                    self._facts.clear()
                self._facts[key] = cached
        return cached

    def resolve_package(
        self,
        project: Project,
        org: str,
        name: str,
        lock: LockedPackage | None,
        spec: DependencySpec | None,
    ) -> Resolution:
        """How the project resolves ``org/name`` given this lock and this minimum."""
        key = (project, org, name, lock, spec)
        cached = self._resolutions.get(key)
        if cached is None:
            view = replace(
                project,
                locked={(org, name): lock} if lock is not None else {},
                dependencies={(org, name): spec} if spec is not None else {},
            )
            cached = self.resolver.resolve(view, org, name)
            if cached.package is not None:  # as for facts, what is missing is looked for again
                if len(self._resolutions) >= MAX_CACHED:
                    self._resolutions.clear()
                self._resolutions[key] = cached
        return cached

    def resolved_package(
        self, org: str, name: str, lock: Pin | None, spec: DependencySpec | None
    ) -> Picked | None:
        """The package version the project uses for ``org/name`` (None for a bala path)."""
        if spec is not None and spec.path:
            return None
        named = (spec.repository if spec else None) or (lock.repository if lock else None)
        locked = try_parse_version(lock.version) if lock and lock.version else None
        minimum = try_parse_version(spec.version) if spec and spec.version else None
        return self.facts(org, name, named).pick(locked, minimum)

    def graph(self, bala_dir: str) -> tuple[tuple[str, str, str], ...]:
        cached = self._graphs.get(bala_dir)
        if cached is None:
            if len(self._graphs) >= MAX_CACHED:
                self._graphs.clear()
            cached = self._graphs[bala_dir] = read_graph(bala_dir)
        return cached

    def conflicts(
        self,
        project: Project,
        specs: Mapping[PackageKey, DependencySpec],
        locks: Mapping[PackageKey, Pin],
    ) -> dict[PackageKey, Conflict]:
        """Incompatible versions across the manifests and the graphs of what they resolve to.

        Cached on what the answer depends on, in order: so checking Ballerina.toml and then
        Dependencies.toml, whose locks come from the project's reading of the file and from
        the text, computes it once.
        """
        key: _ConflictKey = (
            project,
            tuple((k, s.version, s.repository, s.path) for k, s in specs.items()),
            tuple((k, lock.version, lock.repository) for k, lock in locks.items()),
        )
        cached = self._conflicts.get(key)
        if cached is not None:
            self._conflicts.move_to_end(key)
            return cached
        # Claims as their fields first: a package claimed once never conflicts, and most
        # are claimed only by their lock, so a Claim is made only for the others.
        pending: dict[PackageKey, list[ClaimArgs]] = {}
        root = (project.org, project.name)
        dependencies_toml, ballerina_toml = project.dependencies_toml, project.ballerina_toml
        manifests = [(locks, DEPENDENCIES_TOML, dependencies_toml)]
        manifests.append((specs, BALLERINA_TOML, ballerina_toml))
        for pins, source, file in manifests:
            for package, pin in pins.items():
                text = pin.version
                if package != root and text and (parsed := try_parse_version(text)) is not None:
                    pending.setdefault(package, []).append((parsed, text, source, None, file))
        for package in dict.fromkeys([*locks, *specs]):
            if package == root:
                continue
            resolved = self.resolved_package(
                package[0], package[1], locks.get(package), specs.get(package)
            )
            if resolved is None:
                continue
            graph = self.graph(resolved.bala_dir)
            bala_dir = resolved.bala_dir
            for claimed, args in graph_claim_args(package, resolved.version, bala_dir, graph):
                if claimed != root:
                    pending.setdefault(claimed, []).append(args)
        claims = {
            package: [Claim(*args) for args in found]
            for package, found in pending.items()
            if len(found) > 1
        }
        result = find_conflicts(claims)
        self._conflicts[key] = result
        if len(self._conflicts) > MAX_CACHED_CONFLICTS:
            self._conflicts.popitem(last=False)
        return result

    def memo(self, key: Hashable, compute: Callable[[], T]) -> T:
        """``compute()``, kept for the same ``key`` until the repositories change.

        For answers an editor asks again without the text changing (code actions on every
        cursor move); the few most recent are kept.
        """
        if key in self._memo:
            self._memo.move_to_end(key)
            return cast(T, self._memo[key])
        value = compute()
        self._memo[key] = value
        if len(self._memo) > MAX_MEMO:
            self._memo.popitem(last=False)
        return value

    # -- features -------------------------------------------------------------------------
    def check(self, text: str, path: Path) -> list[Finding]:
        """Findings for a manifest's text: the core's stages, then resolution against disk."""
        kind = ManifestKind.of(path.name)
        if kind is None:
            return []
        if kind is ManifestKind.BALLERINA:
            found = check_ballerina_toml(text)
        else:
            found = check_dependencies_toml(text)
        parsed = parse_toml(text)
        if parsed.data is None:
            return found
        project = self.project(path)
        stage = ballerina_stage if kind is ManifestKind.BALLERINA else dependencies_stage
        with self.index.pinned():
            result = stage(self, parsed.data, project)
        if not result.issues:
            return found
        placed = to_findings(text, parsed, result.issues)
        notes = {(code, format_path(at)): rel for (code, at), rel in result.related.items()}
        for index, item in enumerate(placed):
            related = notes.get((item.code, str(item.data.get("path"))))
            if related:
                placed[index] = replace(item, related=related)
        return [*found, *placed]

    def complete(
        self, text: str, path: Path, offset: int, snippets: bool
    ) -> list[ManifestCandidate]:
        kind = ManifestKind.of(path.name)
        if kind is None:
            return []
        from balmod.analysis.manifests.completion import complete

        with self.index.pinned():
            return complete(self, kind, text, path, offset, snippets)

    def hover(
        self, text: str, path: Path, offset: int, overlays: Mapping[Path, str] | None = None
    ) -> ManifestHover | None:
        kind = ManifestKind.of(path.name)
        if kind is None:
            return None
        from balmod.analysis.manifests.hover import hover

        with self.index.pinned():
            return hover(self, kind, text, path, offset, overlays or {})

    def actions(
        self, text: str, path: Path, span: Span, overlays: Mapping[Path, str] | None = None
    ) -> list[ManifestAction]:
        kind = ManifestKind.of(path.name)
        if kind is None:
            return []
        from balmod.analysis.manifests.actions import manifest_actions

        with self.index.pinned():
            return manifest_actions(self, kind, text, path, span, overlays or {})

    def inlay_hints(self, text: str, path: Path, span: Span) -> list[Hint]:
        kind = ManifestKind.of(path.name)
        if kind is None:
            return []
        from balmod.analysis.manifests.inlay import manifest_hints

        with self.index.pinned():
            return manifest_hints(self, kind, text, path, span)

    def local_dependency_actions(
        self,
        analysis: DocumentAnalysis,
        finding: Finding,
        overlays: Mapping[Path, str] | None = None,
    ) -> list[ManifestAction]:
        """For an unresolved import (BCE2003) whose package only the local repository has."""
        from balmod.analysis.manifests.actions import local_dependency_actions

        return local_dependency_actions(self, analysis, finding, overlays or {})

    def import_hints(self, analysis: DocumentAnalysis, span: Span) -> list[Hint]:
        from balmod.analysis.manifests.inlay import import_hints

        return import_hints(analysis, span)
