"""Ballerina as a `LanguageService`: .bal sources over the engine.

The service keeps the analysis of the last texts it saw, keyed by path and checked by text
identity, so an editor's completion, hover and code-action requests on one document version
share one analysis.
"""

from __future__ import annotations

from collections import OrderedDict
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING

from balmod.analysis.document import DocumentAnalysis
from balmod.analysis.engine import Engine
from balmod.findings import Finding
from balmod.service import Overlays
from balmod.text import Span
from balmod.workspace import MANIFEST_NAMES, SOURCE_SUFFIX

if TYPE_CHECKING:
    from balmod.analysis.completion import Candidate, Completions
    from balmod.analysis.definition import Target
    from balmod.analysis.fixes import Fix
    from balmod.analysis.hover import HoverInfo
    from balmod.analysis.manifests import ManifestAction, ManifestCandidate
    from balmod.service import InlayHint

# Enough for every document an editor has open; each entry holds one text and its analysis.
MAX_CACHED_ANALYSES = 64


# What only an editor asks for (completion, hover, definition, fixes) is imported by the
# method that answers it: `balmod check` never loads it, and the server loads it once
# `initialize` is answered (`BalmodServer.load`).


def _candidate(found: ManifestCandidate) -> Candidate:
    from balmod.analysis.completion import Candidate, CandidateKind
    from balmod.analysis.manifests.completion import CandidateKind as ManifestCandidateKind

    package = found.kind is ManifestCandidateKind.PACKAGE
    kind = CandidateKind.MODULE if package else CandidateKind(found.kind.value)
    return Candidate(
        label=found.label,
        kind=kind,
        replace=found.replace,
        insert=found.insert,
        filter_text=found.filter_text,
        detail=found.detail,
        documentation=found.documentation,
        sort_text=found.sort_text,
        snippet=found.snippet,
    )


def _fix(action: ManifestAction, path: Path) -> Fix:
    from balmod.analysis.fixes import Fix, OtherFileEdit

    here = tuple(e for change in action.changes if change.path == path for e in change.edits)
    others = tuple(OtherFileEdit(c.path, c.text, c.edits) for c in action.changes if c.path != path)
    return Fix(action.title, action.kind, here, action.finding, action.preferred, others)


class BallerinaService:
    name = "ballerina"

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._analyses: OrderedDict[Path, DocumentAnalysis] = OrderedDict()

    def handles(self, path: Path) -> bool:
        return path.suffix == SOURCE_SUFFIX or path.name in MANIFEST_NAMES

    def analysis(self, text: str, path: Path, overlays: Overlays | None = None) -> DocumentAnalysis:
        cached = self._analyses.get(path)
        if cached is not None and cached.text is text:
            self._analyses.move_to_end(path)
            return cached
        result = self.engine.analyze(text, path, overlays)
        self._analyses[path] = result
        if len(self._analyses) > MAX_CACHED_ANALYSES:
            self._analyses.popitem(last=False)
        return result

    def forget(self, path: Path | None = None) -> None:
        """Drop cached analyses (of one file, or all: manifests or repositories changed)."""
        if path is None:
            self._analyses.clear()
        else:
            self._analyses.pop(path, None)

    def findings(self, text: str, path: Path, overlays: Overlays | None = None) -> list[Finding]:
        if path.suffix != SOURCE_SUFFIX:
            return self.engine.check_manifest(text, path)
        return list(self.analysis(text, path, overlays).findings)

    def complete(
        self,
        text: str,
        path: Path,
        offset: int,
        overlays: Overlays | None = None,
        snippets: bool = False,
    ) -> Completions:
        from balmod.analysis import manifest_answers
        from balmod.analysis.completion import Completions, complete

        if path.suffix != SOURCE_SUFFIX:
            found = manifest_answers.complete(self.engine, text, path, offset, snippets)
            return Completions(tuple(_candidate(c) for c in found))
        analysis = self.analysis(text, path, overlays)
        return complete(self.engine, analysis, offset, overlays, snippets)

    def hover(
        self, text: str, path: Path, offset: int, overlays: Overlays | None = None
    ) -> HoverInfo | None:
        from balmod.analysis import manifest_answers
        from balmod.analysis.hover import HoverInfo, hover

        if path.suffix != SOURCE_SUFFIX:
            facts = manifest_answers.hover(self.engine, text, path, offset, overlays or {})
            return HoverInfo(facts.markdown, facts.span) if facts is not None else None
        return hover(self.engine, self.analysis(text, path, overlays), offset, overlays)

    def definition(
        self, text: str, path: Path, offset: int, overlays: Overlays | None = None
    ) -> list[Target]:
        from balmod.analysis.definition import definition

        if path.suffix != SOURCE_SUFFIX:
            return []  # manifests name packages; hover tells where they are
        return definition(self.engine, self.analysis(text, path, overlays), offset, overlays)

    def fixes(self, text: str, path: Path, span: Span) -> list[Fix]:
        from balmod.analysis import manifest_answers
        from balmod.analysis.fixes import fixes_for, organize, remove_all_unused

        if path.suffix != SOURCE_SUFFIX:
            actions = manifest_answers.actions(self.engine, text, path, span, {})
            return [_fix(a, path) for a in actions]
        analysis = self.analysis(text, path)
        found: list[Fix] = []
        for item in analysis.findings:
            if item.span.start <= span.end and span.start <= item.span.end:
                found.extend(fixes_for(self.engine, analysis, item))
        everything = remove_all_unused(analysis)
        if everything is not None and any(f.finding and f.finding.code == "BCE2002" for f in found):
            found.append(everything)
        organized = organize(analysis)
        if organized is not None:
            found.append(organized)
        return found

    def inlay_hints(self, text: str, path: Path, span: Span) -> list[InlayHint]:
        if path.suffix != SOURCE_SUFFIX:
            return self.engine.manifests.inlay_hints(text, path, span)
        return self.engine.manifests.import_hints(self.analysis(text, path), span)

    def steady_disk(self) -> AbstractContextManager[None]:
        return self.engine.steady_disk()

    def repositories_changed(self) -> bool:
        changed = self.engine.repositories_changed()
        if changed:
            self.forget()
        return changed
