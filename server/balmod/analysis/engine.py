"""The engine: repositories, projects and the resolver behind one object.

`balmod check` and the language server both hold one `Engine` and call `analyze`; that is
what makes their findings the same.
"""

from __future__ import annotations

import logging
import os
from collections import OrderedDict
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

from balmod.analysis.document import DocumentAnalysis, ResolvedImport
from balmod.analysis.import_names import ImportNames
from balmod.analysis.imports_check import import_findings
from balmod.analysis.manifests import ManifestService
from balmod.analysis.module_refs import PrefixTarget, prefix_target, symbol_findings
from balmod.analysis.prefixes import LANGLIB_ORG
from balmod.analysis.resolver import Resolution, Resolver
from balmod.extracted import locate
from balmod.findings import Finding
from balmod.legacy import LegacyEngine
from balmod.legacy.repositories import LegacyIndexView
from balmod.project.loader import ProjectLoader
from balmod.project.model import Project
from balmod.repository.index import RepositoryIndex
from balmod.repository.roots import RepositoryRoots
from balmod.symbols.index import ModuleSymbols, SymbolIndex
from balmod.syntax.imports import ImportDecl, parse_imports
from balmod.syntax.qualified import scan_body

log = logging.getLogger(__name__)


# Resolutions are cached per (project state, org, module) until the repositories change;
# beyond this many entries the cache starts over rather than grow without bound.
MAX_CACHED_RESOLUTIONS = 20_000
# Files whose prefix targets are kept for their next analysis (see `_prefix_targets`).
MAX_KEPT_TARGETS = 64


@dataclass(slots=True)
class _SteadyDisk:
    """What is kept while the files on disk are known not to change (see
    :meth:`Engine.steady_disk`): each is otherwise checked against the disk on every use."""

    projects: dict[Path, Project | None] = field(default_factory=dict)  # by directory
    modules: dict[Path, ModuleSymbols] = field(default_factory=dict)  # workspace modules


class Engine:
    def __init__(self, roots: RepositoryRoots) -> None:
        self.roots = roots
        self.index = RepositoryIndex(roots)
        self.projects = ProjectLoader()
        self.resolver = Resolver(self.index)
        self.symbols = SymbolIndex()
        # Ballerina 0.990 to 1.x projects: their own repositories, manifests and rules.
        self.legacy = LegacyEngine(roots, self.symbols)
        self._resolutions: dict[tuple[Project | None, str | None, str], Resolution] = {}
        self._repository_modules: dict[Path, ModuleSymbols] = {}
        self._import_names: dict[Project | None, ImportNames] = {}
        self._by_declaration: dict[
            tuple[Project | None, int], tuple[ImportDecl, Resolution | None]
        ] = {}
        self.manifests = ManifestService(self.index, self.projects, self.resolver)
        self._steady: _SteadyDisk | None = None
        self._targets: OrderedDict[
            Path | None,
            tuple[
                tuple[ImportDecl, ...],
                Project | None,
                tuple[Resolution | None, ...],
                dict[str, PrefixTarget | None],
            ],
        ] = OrderedDict()
        self._dependency_sources: dict[Path, bool] = {}

    @contextmanager
    def steady_disk(self) -> Iterator[None]:
        """A scope in which the files on disk do not change, as in one `balmod check` run.

        A file's project and a workspace module's symbols are then looked up once per
        directory instead of being checked against the disk (stats and listings) for every
        file: on 1,000 files in 20 modules that is most of what their lookups cost. The
        repositories are read once too (see :meth:`RepositoryIndex.steady_disk`), so what
        was resolved within rests on reads that no stat validates and the repository poller
        does not watch: it is forgotten when the scope ends, and resolved again if asked.
        """
        outer = self._steady
        if outer is None:
            self._steady = _SteadyDisk()
        try:
            with self.index.steady_disk():
                yield
        finally:
            self._steady = outer
            if outer is None:
                self._resolutions.clear()
                self._by_declaration.clear()
                self._targets.clear()
                self._import_names.clear()
                self.manifests.clear()

    def repositories_changed(self) -> bool:
        """Poll the repositories; on a change, forget cached resolutions and say so."""
        legacy_changed = self.legacy.repositories_changed()
        if legacy_changed:
            self._import_names.clear()
        if not self.index.has_changed():
            return legacy_changed
        self._import_names.clear()
        self._by_declaration.clear()
        self._targets.clear()
        self._dependency_sources.clear()
        self._resolutions.clear()
        self._repository_modules.clear()
        self.symbols.invalidate()
        self.manifests.clear()
        return True

    def module_symbols(
        self, resolution: Resolution, overlays: Mapping[Path, str] | None = None
    ) -> ModuleSymbols | None:
        """The symbols of a resolved module (unsaved buffers in ``overlays`` win over disk).

        A repository's modules change only when the repository does, which the poller sees
        (``repositories_changed``): they are kept until then, not re-listed per request.
        """
        if resolution.module_dir is None:
            return None
        if resolution.package is None:  # a module of the workspace: it may change any time
            steady = self._steady
            if steady is None or overlays:
                return self.symbols.module(resolution.module_dir, overlays)
            module = steady.modules.get(resolution.module_dir)
            if module is None:
                module = steady.modules[resolution.module_dir] = self.symbols.module(
                    resolution.module_dir
                )
            return module
        cached = self._repository_modules.get(resolution.module_dir)
        if cached is None:
            cached = self.symbols.module(resolution.module_dir)
            self._repository_modules[resolution.module_dir] = cached
        return cached

    def prefix_target(self, analysis: DocumentAnalysis, prefix: str) -> PrefixTarget | None:
        """The module ``prefix`` stands for in ``analysis``'s file, if it resolved."""
        return prefix_target(
            prefix,
            analysis.imports_by_prefix,
            lambda module: self.resolve_module(analysis.project, LANGLIB_ORG, module),
        )

    def resolve_module(self, project: Project | None, org: str | None, module: str) -> Resolution:
        if project is not None and project.legacy:
            return self.legacy.resolve_module(project, org, module)
        key = (project, org, module)
        cached = self._resolutions.get(key)
        if cached is None:
            if len(self._resolutions) >= MAX_CACHED_RESOLUTIONS:
                self._resolutions.clear()
            cached = self._resolutions[key] = self.resolver.resolve(project, org, module)
        return cached

    def project_for(self, path: Path | None) -> Project | None:
        if path is None:
            return None
        steady = self._steady
        if steady is None:
            return self._project_on_disk(path)
        directory = path if path.is_dir() else path.parent
        if directory not in steady.projects:
            steady.projects[directory] = self._project_on_disk(path)
        return steady.projects[directory]

    def _project_on_disk(self, path: Path) -> Project | None:
        legacy = self.legacy.project_for(path)
        if legacy is not None:
            return legacy.project
        return self.projects.project_for(path)

    def index_for(self, project: Project | None) -> RepositoryIndex | LegacyIndexView:
        """The repositories a project's imports come from (a 1.x project has its own)."""
        return (
            self.legacy.index_for(project) if project is not None and project.legacy else self.index
        )

    def import_names(self, project: Project | None) -> ImportNames:
        """What import completion offers in ``project`` (kept until the repositories change)."""
        key = project if project is not None and project.legacy else None
        names = self._import_names.get(key)
        if names is None:
            names = self._import_names[key] = ImportNames(self.index_for(project))
        return names

    def resolve(self, project: Project | None, decl: ImportDecl) -> Resolution | None:
        if project is not None and project.legacy:
            return self.legacy.resolve(project, decl)
        # A keystroke below the imports keeps their declarations (the same objects).
        key = (project, id(decl))
        known = self._by_declaration.get(key)
        if known is not None and known[0] is decl:
            return known[1]
        resolution = None
        if decl.module and all(part.value for part in decl.module):
            org = decl.org.value if decl.org is not None else None
            resolution = self.resolve_module(project, org, decl.module_name)
        if len(self._by_declaration) >= MAX_CACHED_RESOLUTIONS:
            self._by_declaration.clear()
        self._by_declaration[key] = (decl, resolution)
        return resolution

    def check_manifest(self, text: str, path: Path) -> list[Finding]:
        """Findings for Ballerina.toml or Dependencies.toml; other files have none.

        The manifest core's stages (syntax, structure, schema), then the resolution stage
        against the repositories and the package on disk (see ``analysis/manifests``).
        """
        legacy = self.legacy.check_manifest(text, path)
        if legacy is not None:
            return legacy
        return self.manifests.check(text, path)

    def is_dependency_source(self, path: Path | None) -> bool:
        """Whether ``path`` is a dependency's source inside a configured repository (or a
        member of an archive, see :mod:`balmod.extracted`): read-only code whose problems
        are not the user's."""
        if path is None:
            return False
        known = self._dependency_sources.get(path)
        if known is None:
            where = Path(os.path.abspath(path))
            roots = [repo.bala_root for repo in self.index.repositories()]
            inside = any(where.is_relative_to(os.path.abspath(root)) for root in roots)
            known = inside or locate(where) is not None
            if len(self._dependency_sources) >= MAX_CACHED_RESOLUTIONS:
                self._dependency_sources.clear()
            self._dependency_sources[path] = known
        return known

    def analyze(
        self, text: str, path: Path | None, overlays: Mapping[Path, str] | None = None
    ) -> DocumentAnalysis:
        """Analyse one .bal text; dependency sources get navigation but no findings."""
        analysis = self._analyze(text, path, overlays)
        if analysis.findings and self.is_dependency_source(path):
            return replace(analysis, findings=())
        return analysis

    def _prefix_targets(
        self,
        path: Path | None,
        project: Project | None,
        imports: tuple[ImportDecl, ...],
        resolutions: list[Resolution | None],
    ) -> dict[str, PrefixTarget | None]:
        """Where a file's prefixes lead, filled in as they are looked up, and taken over by
        the file's next analysis while its imports and their resolutions are the same objects
        (a keystroke below the imports): a file may use fifty prefixes."""
        kept = self._targets.get(path)
        if (
            kept is not None
            and kept[0] is imports
            and kept[1] is project
            and all(a is b for a, b in zip(kept[2], resolutions, strict=True))
        ):
            self._targets.move_to_end(path)
            return kept[3]
        targets: dict[str, PrefixTarget | None] = {}
        self._targets[path] = (imports, project, tuple(resolutions), targets)
        if len(self._targets) > MAX_KEPT_TARGETS:
            self._targets.popitem(last=False)
        return targets

    def _analyze(
        self, text: str, path: Path | None, overlays: Mapping[Path, str] | None = None
    ) -> DocumentAnalysis:
        """Analyse one .bal text; ``overlays`` are other files' unsaved editor buffers."""
        project = self.project_for(path)
        if project is not None and project.legacy:
            return self.legacy.analyze(text, path, overlays)
        section = parse_imports(text)
        body = scan_body(text, section.end)
        resolutions = [self.resolve(project, decl) for decl in section.imports]
        findings = import_findings(
            section, body, resolutions, project.org if project is not None else None
        )
        imports = tuple(
            ResolvedImport(decl, res)
            for decl, res in zip(section.imports, resolutions, strict=True)
        )
        partial = DocumentAnalysis(path, text, project, section, body, imports, ())
        targets = self._prefix_targets(path, project, section.imports, resolutions)

        def target(prefix: str) -> PrefixTarget | None:
            if prefix not in targets:
                targets[prefix] = self.prefix_target(partial, prefix)
            return targets[prefix]

        findings.extend(
            symbol_findings(text, body, target, lambda r: self.module_symbols(r, overlays))
        )
        findings.sort(key=lambda f: (f.span.start, f.code))
        return DocumentAnalysis(path, text, project, section, body, imports, tuple(findings))
