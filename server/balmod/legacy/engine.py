"""The legacy engine: what :class:`balmod.analysis.engine.Engine` delegates to for files of
1.x and 0.990 projects.

It answers the same questions as the Swan Lake engine, in the same types
(:class:`~balmod.analysis.document.DocumentAnalysis`,
:class:`~balmod.analysis.resolver.Resolution`, :class:`~balmod.findings.Finding`), so
completion, hover, definition, code actions, ``balmod check`` and ``balmod deps`` work on
its results unchanged; only the index they list orgs and modules from differs
(:meth:`LegacyEngine.index_for`).

How ``Engine`` delegates: it holds one ``LegacyEngine(roots, self.symbols)``; ``analyze``
hands over a path :meth:`LegacyEngine.owns`; ``project_for`` returns the legacy project's
``Project`` (``legacy=True``) first; ``resolve``, ``resolve_module`` and the index used for
completion and code actions go to the legacy side for such a project; ``check_manifest``
takes the legacy answer unless it is None; ``repositories_changed`` polls both.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from pathlib import Path

from balmod.analysis.document import DocumentAnalysis, ResolvedImport
from balmod.analysis.module_refs import PrefixTarget, prefix_target, symbol_findings
from balmod.analysis.prefixes import LANGLIB_ORG
from balmod.analysis.resolver import Resolution
from balmod.findings import Finding, finding
from balmod.legacy.checks import has_valid_names, legacy_import_findings
from balmod.legacy.manifest import (
    LegacyManifest,
    LockEntry,
    check_legacy_ballerina_toml,
    check_legacy_lock,
)
from balmod.legacy.project import (
    LOCK_FILE,
    MANIFEST,
    LegacyProject,
    LegacyProjectLoader,
)
from balmod.legacy.repositories import LegacyIndex, LegacyIndexView, LegacyRoots
from balmod.legacy.resolver import LegacyResolver
from balmod.project.model import Project
from balmod.repository.roots import RepositoryRoots, user_path
from balmod.symbols.index import ModuleSymbols, SymbolIndex
from balmod.syntax.imports import ImportDecl, parse_imports
from balmod.syntax.qualified import scan_body
from balmod.versions import try_parse_version

MAX_CACHED_RESOLUTIONS = 20_000

_Key = tuple[LegacyProject | None, str | None, str, str | None, str | None]


class LegacyEngine:
    """Projects, repositories and resolution for Ballerina 1.x and 0.990 projects."""

    def __init__(
        self,
        roots: RepositoryRoots | LegacyRoots,
        symbols: SymbolIndex | None = None,
    ) -> None:
        legacy_roots = roots if isinstance(roots, LegacyRoots) else LegacyRoots.from_roots(roots)
        self.roots = legacy_roots
        self.index = LegacyIndex(legacy_roots)
        self.projects = LegacyProjectLoader(legacy_roots.user_home)
        self.resolver = LegacyResolver(self.index)
        self.symbols = symbols if symbols is not None else SymbolIndex()
        self._resolutions: dict[_Key, Resolution] = {}

    # -- projects ----------------------------------------------------------------------------

    def project_for(self, path: Path | None) -> LegacyProject | None:
        """The legacy project holding ``path`` (a file or directory), or None."""
        return self.projects.project_for(path) if path is not None else None

    def owns(self, path: Path | None) -> bool:
        """Whether ``path`` lies in a legacy project (so this engine should answer for it)."""
        return self.project_for(path) is not None

    def legacy(self, project: Project | None) -> LegacyProject | None:
        """The legacy project behind a ``Project`` with ``legacy=True``."""
        return self.projects.legacy(project)

    def index_for(self, project: Project | None) -> LegacyIndexView:
        """Orgs and modules as completion and code actions list them for ``project``'s files:
        the project, home and system repositories."""
        legacy = self.legacy(project)
        return self.index.view(legacy.root if legacy is not None else None)

    def repositories_changed(self) -> bool:
        """Poll the repositories; on a change, forget cached resolutions and say so."""
        if not self.index.has_changed():
            return False
        self._resolutions.clear()
        return True

    # -- resolution ----------------------------------------------------------------------------

    def resolve_module(
        self,
        project: Project | LegacyProject | None,
        org: str | None,
        module: str,
        version: str | None = None,
        importer: str | None = None,
    ) -> Resolution:
        legacy = project if isinstance(project, LegacyProject) else self.legacy(project)
        key: _Key = (legacy, org, module, version, importer)
        cached = self._resolutions.get(key)
        if cached is None:
            if len(self._resolutions) >= MAX_CACHED_RESOLUTIONS:
                self._resolutions.clear()
            cached = self.resolver.resolve(legacy, org, module, version, importer)
            self._resolutions[key] = cached
        return cached

    def resolve(
        self,
        project: Project | LegacyProject | None,
        decl: ImportDecl,
        importer: str | None = None,
    ) -> Resolution | None:
        """An import's resolution; None while it is incomplete or its names are invalid."""
        if not decl.module or any(not part.value for part in decl.module):
            return None
        if not has_valid_names(decl):
            return None
        org = decl.org.value if decl.org is not None else None
        version = decl.version.value if decl.version is not None else None
        return self.resolve_module(project, org, decl.module_name, version, importer)

    def module_symbols(
        self, resolution: Resolution, overlays: Mapping[Path, str] | None = None
    ) -> ModuleSymbols | None:
        if resolution.module_dir is None:
            return None
        return self.symbols.module(resolution.module_dir, overlays)

    # -- documents -----------------------------------------------------------------------------

    def analyze(
        self, text: str, path: Path | None, overlays: Mapping[Path, str] | None = None
    ) -> DocumentAnalysis:
        """Analyse one .bal text of a legacy project (or a loose file: no project)."""
        legacy = self.project_for(path)
        importer = legacy.module_of(path) if legacy is not None and path is not None else None
        section = parse_imports(text)
        body = scan_body(text, section.end)
        resolutions = [self.resolve(legacy, decl, importer or None) for decl in section.imports]
        findings = legacy_import_findings(section, body, resolutions, legacy, path)
        imports = tuple(
            ResolvedImport(decl, res)
            for decl, res in zip(section.imports, resolutions, strict=True)
        )
        project = legacy.project if legacy is not None else None
        partial = DocumentAnalysis(path, text, project, section, body, imports, ())
        targets: dict[str, PrefixTarget | None] = {}

        def target(prefix: str) -> PrefixTarget | None:
            if prefix not in targets:
                targets[prefix] = self.prefix_target(partial, prefix)
            return targets[prefix]

        findings.extend(
            symbol_findings(text, body, target, lambda r: self.module_symbols(r, overlays))
        )
        findings.sort(key=lambda f: (f.span.start, f.code))
        return DocumentAnalysis(path, text, project, section, body, imports, tuple(findings))

    def prefix_target(self, analysis: DocumentAnalysis, prefix: str) -> PrefixTarget | None:
        return prefix_target(
            prefix,
            analysis.imports_by_prefix,
            lambda module: self.resolve_module(analysis.project, LANGLIB_ORG, module),
        )

    # -- manifests -----------------------------------------------------------------------------

    def check_manifest(self, text: str, path: Path) -> list[Finding] | None:
        """Findings for the Ballerina.toml or Ballerina.lock of a legacy project; None when
        ``path`` is neither (a Swan Lake manifest, or another file)."""
        if path.name not in (MANIFEST, LOCK_FILE):
            return None
        legacy = self.project_for(path)
        if legacy is None or Path(os.path.abspath(path)).parent != legacy.root:
            return None
        if path.name == MANIFEST:
            return check_legacy_ballerina_toml(text, later=(self._dependency_stage(legacy),))
        return check_legacy_lock(text, later=(self._lock_stage(legacy),))

    def _dependency_stage(self, legacy: LegacyProject) -> _DependencyStage:
        return _DependencyStage(self, legacy)

    def _lock_stage(self, legacy: LegacyProject) -> _LockStage:
        return _LockStage(self, legacy)

    # -- `balmod deps` ---------------------------------------------------------------------------

    def dependency_lines(self, path: Path) -> list[str] | None:
        """One line per distinct import (with its version clause) in the project of ``path``,
        as ``balmod deps`` prints them; None when ``path`` is in no legacy project."""
        # Imported here: balmod.deps imports the engine, which will import this module.
        from balmod.deps import describe

        legacy = self.project_for(path)
        if legacy is None:
            return None
        seen: dict[str, str] = {}
        for file in _sources(legacy.root):
            try:
                text = file.read_text(encoding="utf-8-sig", errors="replace")
            except OSError:
                continue
            importer = legacy.module_of(file) or None
            for decl in parse_imports(text).imports:
                name = decl.full_name + (f" version {decl.version.value}" if decl.version else "")
                if name in seen:
                    continue
                resolution = self.resolve(legacy, decl, importer)
                if resolution is not None:
                    seen[name] = describe(name, resolution)
        return [seen[name] for name in sorted(seen)]


def _sources(root: Path) -> Iterable[Path]:
    for directory, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d != "target")
        for name in sorted(files):
            if name.endswith(".bal"):
                yield Path(directory, name)


class _DependencyStage:
    """Resolution stage of Ballerina.toml: a dependency's version or path is on no disk."""

    def __init__(self, engine: LegacyEngine, legacy: LegacyProject) -> None:
        self.engine = engine
        self.legacy = legacy

    def __call__(self, manifest: LegacyManifest) -> list[Finding]:
        found: list[Finding] = []
        for entry in manifest.dependencies:
            if entry.module is None:
                continue
            org, module = entry.module
            if entry.path is not None:
                target = self.legacy.root / user_path(entry.path.value)
                if not target.is_file():
                    found.append(
                        finding(
                            "BMD2007",
                            f"the balo '{entry.path.value}' of '{entry.written}' does not exist",
                            entry.path.span,
                        )
                    )
                continue
            version = entry.version
            if version is None or try_parse_version(version.value.strip()) is None:
                continue  # "*" means no version; an invalid one has its schema finding
            resolution = self.engine.resolver.resolve(
                self.legacy, org, module, version.value.strip(), version_from="Ballerina.toml"
            )
            if not resolution.resolved and not resolution.distribution_missing:
                found.append(
                    finding(
                        "BMD2007",
                        resolution.reason,
                        version.span,
                        data={"org": org, "module": module},
                    )
                )
        return found


class _LockStage:
    """Resolution stage of Ballerina.lock: a locked version is in no repository."""

    def __init__(self, engine: LegacyEngine, legacy: LegacyProject) -> None:
        self.engine = engine
        self.legacy = legacy

    def __call__(self, entries: list[LockEntry]) -> list[Finding]:
        found: list[Finding] = []
        seen: set[tuple[str, str, str]] = set()
        for entry in entries:
            key = (entry.org, entry.module, entry.version.value)
            own = entry.org == self.legacy.org and entry.module in self.legacy.modules
            if key in seen or own:
                continue
            seen.add(key)
            resolution = self.engine.resolver.resolve(
                self.legacy,
                entry.org,
                entry.module,
                entry.version.value,
                version_from="Ballerina.lock",
            )
            if not resolution.resolved and not resolution.distribution_missing:
                found.append(
                    finding(
                        "BMD2008",
                        f"version {entry.version.value} of '{entry.org}/{entry.module}' locked "
                        "in Ballerina.lock is in no repository",
                        entry.version.span,
                        data={"org": entry.org, "module": entry.module},
                    )
                )
        return found
