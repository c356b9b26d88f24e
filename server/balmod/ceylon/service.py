"""The Ceylon module system behind balmod's :class:`~balmod.service.LanguageService`.

Each request parses the descriptor (cached by text), finds its project (cached by the
state of ``.ceylon/config``), lists the project's other descriptors and reads them
(unsaved buffers first, files cached by their state), and answers from the repositories
through listings re-validated with one ``stat`` each. :meth:`CeylonService.
repositories_changed` polls every directory listed so far and drops the caches when one
changed.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Iterator
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path

from balmod.analysis.completion import Completions
from balmod.analysis.definition import Target
from balmod.analysis.fixes import Fix
from balmod.analysis.hover import HoverInfo
from balmod.ceylon.analysis import Claim, DescriptorContext, SourceModule
from balmod.ceylon.archives import ModuleInfoReader
from balmod.ceylon.checks import check
from balmod.ceylon.completion import complete
from balmod.ceylon.definition import definition
from balmod.ceylon.fixes import fixes_for
from balmod.ceylon.fsview import FsView, Signature, signature
from balmod.ceylon.hover import hover
from balmod.ceylon.index import CeylonIndex
from balmod.ceylon.inlay import inlay_hints
from balmod.ceylon.project import CONFIG, DESCRIPTOR, CeylonProject, find_project_root, load_project
from balmod.ceylon.roots import CeylonRoots, Repository
from balmod.findings import Finding
from balmod.service import InlayHint, Overlays
from balmod.text import Span

logger = logging.getLogger(__name__)

# Directories below a source directory looked at for descriptors, at most.
MAX_SOURCE_DIRS = 50_000


def _absolute(path: Path) -> Path:
    return Path(os.path.abspath(path))


def _overlaps(a: Span, b: Span) -> bool:
    return a.start <= b.end and b.start <= a.end


class CeylonService:
    """Diagnostics, completion, hover, definition, fixes and inlay hints for
    ``module.ceylon`` files. Thread-safe."""

    name = "ceylon"

    def __init__(self, roots: CeylonRoots) -> None:
        self.roots = roots
        self._fs = FsView()
        self._infos = ModuleInfoReader()
        self._lock = threading.Lock()
        self._projects: dict[Path, tuple[Signature | None, CeylonProject]] = {}
        self._texts: dict[Path, tuple[Signature, str]] = {}

    def handles(self, path: Path) -> bool:
        return path.name == DESCRIPTOR

    # The project and the repositories.

    def project_for(self, path: Path) -> CeylonProject | None:
        root = find_project_root(_absolute(path))
        if root is None:
            return None
        state = signature(root / CONFIG)
        with self._lock:
            cached = self._projects.get(root)
        if cached is not None and cached[0] == state:
            return cached[1]
        project = load_project(root, self.roots)
        with self._lock:
            self._projects[root] = (state, project)
        return project

    def repositories_for(self, project: CeylonProject | None) -> tuple[Repository, ...]:
        if project is not None:
            return project.repositories(self.roots)
        found = [self.roots.system(), self.roots.cache_repository(), self.roots.global_repository()]
        return tuple(r for r in found if r is not None)

    def index_for(self, project: CeylonProject | None) -> CeylonIndex:
        return CeylonIndex(self.repositories_for(project), self._fs)

    def _descriptor_files(self, project: CeylonProject) -> Iterator[Path]:
        """The project's descriptors, through cached listings (one ``stat`` per directory)."""
        budget = MAX_SOURCE_DIRS
        for source in project.source_dirs:
            pending = [source]
            while pending and budget > 0:
                directory = pending.pop()
                budget -= 1
                listing = self._fs.listing(directory)
                if DESCRIPTOR in listing.files:
                    yield directory / DESCRIPTOR
                pending.extend(directory / d for d in reversed(listing.dirs))

    def _read(self, path: Path, overlays: Overlays | None) -> str | None:
        if overlays is not None and path in overlays:
            return overlays[path]
        state = signature(path)
        if state is None:
            return None
        with self._lock:
            cached = self._texts.get(path)
        if cached is not None and cached[0] == state:
            return cached[1]
        try:
            text = path.read_text(encoding="utf-8", errors="replace")
        except OSError as exc:
            logger.warning("cannot read %s: %s", path, exc.strerror or exc)
            return None
        with self._lock:
            self._texts[path] = (state, text)
        return text

    def context(self, text: str, path: Path, overlays: Overlays | None = None) -> DescriptorContext:
        """Everything the features answer from, for ``text`` as the descriptor at ``path``."""
        path = _absolute(path)
        absolute_overlays = {_absolute(p): t for p, t in (overlays or {}).items()}
        project = self.project_for(path)
        sources: dict[str, SourceModule] = {}
        claims: list[Claim] = []
        if project is not None:
            for other in self._descriptor_files(project):
                other_text = text if other == path else self._read(other, absolute_overlays)
                if other_text is not None:
                    self._collect(other, other_text, other == path, sources, claims)
        from balmod.ceylon.parser import parse_descriptor  # loads lark: only once one is read

        return DescriptorContext(
            text=text,
            path=path,
            parsed=parse_descriptor(text),
            project=project,
            index=self.index_for(project),
            source_modules=sources,
            claims=tuple(claims),
            overlays=absolute_overlays,
        )

    @staticmethod
    def _collect(
        path: Path, text: str, this: bool, sources: dict[str, SourceModule], claims: list[Claim]
    ) -> None:
        from balmod.ceylon.parser import parse_descriptor  # loads lark: only once one is read

        descriptor = parse_descriptor(text).descriptor
        if descriptor is None or not descriptor.name:
            return
        literal = descriptor.version
        version = literal.value if literal is not None and literal.closed else None
        name = descriptor.module_name
        sources.setdefault(name, SourceModule(name, version, path, descriptor.name_span))
        if this:
            return
        if literal is not None and version:
            claims.append(Claim(name, version, path, literal.span, declared=True))
        for item in descriptor.imports:
            imported = descriptor.resolved_version(item)
            if not item.module.is_ceylon or imported is None or not imported.closed:
                continue
            if not imported.value or any(c.isspace() for c in imported.value):
                continue
            span = item.version_span or item.span
            claims.append(Claim(item.module.name, imported.value, path, span, declared=False))

    # LanguageService.

    def findings(self, text: str, path: Path, overlays: Overlays | None = None) -> list[Finding]:
        return check(self.context(text, path, overlays))

    def complete(
        self,
        text: str,
        path: Path,
        offset: int,
        overlays: Overlays | None = None,
        snippets: bool = False,
    ) -> Completions:
        # Module names and versions are plain text: snippets change nothing here.
        return complete(self.context(text, path, overlays), offset)

    def hover(
        self, text: str, path: Path, offset: int, overlays: Overlays | None = None
    ) -> HoverInfo | None:
        return hover(self.context(text, path, overlays), offset, self._infos)

    def definition(
        self, text: str, path: Path, offset: int, overlays: Overlays | None = None
    ) -> list[Target]:
        return definition(self.context(text, path, overlays), offset)

    def fixes(self, text: str, path: Path, span: Span) -> list[Fix]:
        context = self.context(text, path)
        found: list[Fix] = []
        for item in check(context):
            if _overlaps(item.span, span):
                found.extend(fixes_for(context, item))
        return found

    def inlay_hints(self, text: str, path: Path, span: Span) -> list[InlayHint]:
        return inlay_hints(self.context(text, path), span)

    def steady_disk(self) -> AbstractContextManager[None]:
        return nullcontext()  # every answer is already kept until the poller sees a change

    def repositories_changed(self) -> bool:
        if not self._fs.changed():
            return False
        self._fs.clear()
        self._infos.clear()
        with self._lock:
            self._projects.clear()
            self._texts.clear()
        return True
