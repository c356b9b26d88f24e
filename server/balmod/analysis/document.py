"""One .bal document analysed: its imports, their resolutions, prefix uses and findings.

A `DocumentAnalysis` is immutable; the server keeps one per (uri, version) and answers
completion, hover, definition and code actions from it.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from balmod.analysis.resolver import Resolution
from balmod.findings import Finding
from balmod.project.model import Project
from balmod.syntax.imports import ImportDecl, ImportSection
from balmod.syntax.qualified import BodyScan, QualifiedRef


def _ref_start(ref: QualifiedRef) -> int:
    return ref.offsets[0]


@dataclass(frozen=True, slots=True)
class ResolvedImport:
    decl: ImportDecl
    # None while the declaration is too incomplete to resolve (`import ballerina/`).
    resolution: Resolution | None


@dataclass(frozen=True)
class DocumentAnalysis:
    path: Path | None
    text: str
    project: Project | None
    section: ImportSection
    body: BodyScan
    imports: tuple[ResolvedImport, ...]
    findings: tuple[Finding, ...]

    @cached_property
    def imports_by_prefix(self) -> dict[str, ResolvedImport]:
        """Each bound prefix's import (the first one, as the compiler keeps it)."""
        bound: dict[str, ResolvedImport] = {}
        for item in self.imports:
            prefix = item.decl.effective_prefix
            if prefix is not None and prefix not in bound:
                bound[prefix] = item
        return bound

    def import_for_prefix(self, prefix: str) -> ResolvedImport | None:
        """The import binding ``prefix`` (the first one, as the compiler keeps it)."""
        return self.imports_by_prefix.get(prefix)

    def import_at(self, offset: int) -> ResolvedImport | None:
        for item in self.imports:
            if item.decl.span.contains(offset):
                return item
        return None

    def ref_at(self, offset: int) -> QualifiedRef | None:
        """The qualified identifier whose prefix or name holds ``offset``: the first, where
        two of a chain share a word (``a:b:c``)."""
        refs = self.body.refs
        # References are in text order and never nest: those holding ``offset`` are the
        # last that starts at or before it and the ones just before it that end at or after.
        found = None
        at = bisect_right(refs, offset, key=_ref_start) - 1
        while at >= 0 and refs[at].offsets[3] >= offset:
            found = refs[at]
            at -= 1
        return found
