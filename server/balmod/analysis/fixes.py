"""Code actions: quick fixes bound to findings, and organize imports.

Each fix is a list of minimal `TextEdit`s; the protocol layer only converts them.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from balmod.analysis.document import DocumentAnalysis
from balmod.analysis.engine import Engine
from balmod.analysis.import_edits import (
    add_import,
    choose_prefix,
    organize_imports,
    remove_import,
    taken_prefixes,
    unused_imports,
)
from balmod.edits import TextEdit
from balmod.findings import Finding
from balmod.legacy.features import import_actions as legacy_import_actions
from balmod.syntax.imports import ImportDecl
from balmod.syntax.keywords import quote_module
from balmod.text import Span

QUICKFIX = "quickfix"
ORGANIZE_IMPORTS = "source.organizeImports"


@dataclass(frozen=True, slots=True)
class OtherFileEdit:
    """Edits of another file than the one asked about; ``text`` is what they apply to."""

    path: Path
    text: str
    edits: tuple[TextEdit, ...]


@dataclass(frozen=True, slots=True)
class Fix:
    title: str
    kind: str
    edits: tuple[TextEdit, ...]
    finding: Finding | None = None
    preferred: bool = False
    # A fix may also edit other files (adding a [[dependency]] to Ballerina.toml).
    other_files: tuple[OtherFileEdit, ...] = ()


def _decl_at(analysis: DocumentAnalysis, finding: Finding) -> ImportDecl | None:
    for item in analysis.imports:
        if item.decl.span.start <= finding.span.start < item.decl.span.end or (
            item.decl.span == finding.span
        ):
            return item.decl
    return None


def _remove(analysis: DocumentAnalysis, finding: Finding, what: str) -> list[Fix]:
    decl = _decl_at(analysis, finding)
    if decl is None:
        return []
    edit = remove_import(analysis, decl)
    return [Fix(f"Remove {what} import '{decl.full_name}'", QUICKFIX, (edit,), finding, True)]


def _modules_named(
    engine: Engine, analysis: DocumentAnalysis, prefix: str
) -> list[tuple[str | None, str]]:
    """Every module on disk (and of this package) whose last name part is ``prefix``."""
    found: list[tuple[str | None, str]] = []
    if analysis.project is not None:
        found.extend(
            (None, m) for m in sorted(analysis.project.modules) if m.rsplit(".", 1)[-1] == prefix
        )
    index = engine.index_for(analysis.project)
    for org in index.orgs():
        for _package, module in index.modules(org):
            if module.rsplit(".", 1)[-1] == prefix:
                found.append((org, module))
    return found


def _import_for_prefix(engine: Engine, analysis: DocumentAnalysis, finding: Finding) -> list[Fix]:
    prefix = str(finding.data.get("prefix", ""))
    fixes = []
    taken = taken_prefixes(analysis)
    for org, module in _modules_named(engine, analysis, prefix):
        # The use is already written with this prefix, so the import must bind exactly it.
        alias = None if prefix not in taken else choose_prefix(module, taken)
        if alias is not None:
            continue
        name = f"{org}/{module}" if org else module
        edit = add_import(analysis, org, module, None)
        fixes.append(Fix(f"Import module '{name}'", QUICKFIX, (edit,), finding))
    if len(fixes) == 1:
        fixes[0] = Fix(fixes[0].title, QUICKFIX, fixes[0].edits, finding, True)
    return fixes


def _same(name: str) -> str:
    return name


def _did_you_mean(engine: Engine, analysis: DocumentAnalysis, finding: Finding) -> list[Fix]:
    decl = _decl_at(analysis, finding)
    if decl is None or decl.module_span is None:
        return []
    if decl.org is None:
        names = sorted(analysis.project.modules) if analysis.project else []
        target_span: Span = decl.module_span
        wanted = decl.module_name
        make: Callable[[str], str] = quote_module
    else:
        org = decl.org.value
        index = engine.index_for(analysis.project)
        orgs = index.orgs()
        if org not in orgs:
            names = orgs
            target_span, wanted = decl.org.span, org
            make = _same
        else:
            names = [module for _package, module in index.modules(org)]
            target_span, wanted = decl.module_span, decl.module_name
            make = quote_module
    fixes: list[Fix] = []
    for name in difflib.get_close_matches(wanted, names, n=3, cutoff=0.6):
        edit = TextEdit(target_span, make(name))
        fixes.append(Fix(f"Change to '{name}'", QUICKFIX, (edit,), finding, not fixes))
    return fixes


def fixes_for(engine: Engine, analysis: DocumentAnalysis, finding: Finding) -> list[Fix]:
    if finding.code == "BCE2002":
        return _remove(analysis, finding, "unused")
    if finding.code in ("BCE2004", "BCE2008"):
        return _remove(analysis, finding, "redeclared")
    if finding.code == "BCE2000":
        return _import_for_prefix(engine, analysis, finding)
    if finding.code == "BCE2003":
        return _did_you_mean(engine, analysis, finding)
    if finding.code in ("BMD2003", "BMD2004"):  # a 1.x import's version clause
        return [
            Fix(a.title, QUICKFIX, a.edits, a.finding, a.preferred)
            for a in legacy_import_actions(analysis, finding)
        ]
    return []


def remove_all_unused(analysis: DocumentAnalysis) -> Fix | None:
    """One fix for every unused import; None unless there are at least two."""
    unused = unused_imports(analysis)
    if len(unused) < 2:
        return None
    edits = tuple(remove_import(analysis, decl) for decl in unused)
    return Fix("Remove all unused imports", QUICKFIX, edits)


def organize(analysis: DocumentAnalysis) -> Fix | None:
    edits = organize_imports(analysis)
    return Fix("Organize imports", ORGANIZE_IMPORTS, tuple(edits)) if edits else None
