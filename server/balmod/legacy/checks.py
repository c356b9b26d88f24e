"""Findings for the imports of a .bal file in a 1.x or 0.990 project.

The Swan Lake checks (:func:`balmod.analysis.imports_check.import_findings`) apply as they
are, except one: the ``version`` clause is valid in 1.x, so BMD0002 is dropped. On top:

- BMD2001 / BMD2002: an org or module name that breaks the 1.x name rules (section 9). Such
  an import is not resolved at all (its resolution is None), so it gets no BCE2003 too;
- BMD2002 at the top of a file whose directory would be a module but is not validly named;
- BMD2003: a ``version`` clause on an import of a module of the same project (the 1.x
  project specification: "Specifying a version for modules in the same project will
  result in an error");
- BMD2004: a ``version`` clause that differs from the version Ballerina.toml gives the
  module (the 0.990 compiler stops: "dependency version in Ballerina.toml mismatches with
  the version in the source for module ...");
- BMD2005: a ``version`` clause that is not a SemVer version.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from balmod.analysis.imports_check import import_findings
from balmod.analysis.resolver import Resolution
from balmod.findings import Finding, Related, finding
from balmod.legacy.names import module_problem, org_problem
from balmod.legacy.project import LegacyProject
from balmod.syntax.imports import ImportDecl, ImportSection
from balmod.syntax.qualified import BodyScan
from balmod.text import Span
from balmod.versions import try_parse_version

DROPPED_CODES = frozenset({"BMD0002"})


def name_findings(decl: ImportDecl) -> list[Finding]:
    """BMD2001/BMD2002 for an import whose org or module name breaks the 1.x rules."""
    found: list[Finding] = []
    if decl.org is not None and decl.org.value:
        problem = org_problem(decl.org.value)
        if problem:
            found.append(
                finding(
                    "BMD2001",
                    f"invalid organization name '{decl.org.value}': {problem}",
                    decl.org.span,
                )
            )
    if decl.module and all(part.value for part in decl.module):
        problem = module_problem(decl.module_name)
        if problem:
            span = decl.module_span or decl.span
            found.append(
                finding("BMD2002", f"invalid module name '{decl.module_name}': {problem}", span)
            )
    return found


def has_valid_names(decl: ImportDecl) -> bool:
    return not name_findings(decl)


def _is_own_module(decl: ImportDecl, project: LegacyProject | None) -> bool:
    if decl.org is None:
        return True
    return (
        project is not None
        and decl.org.value == project.org
        and decl.module_name in project.modules
    )


def version_findings(decl: ImportDecl, project: LegacyProject | None) -> list[Finding]:
    """BMD2003/BMD2004/BMD2005 for an import's ``version`` clause."""
    if decl.version is None or not decl.module:
        return []
    span = decl.version_clause or decl.version.span
    if _is_own_module(decl, project):
        return [
            finding(
                "BMD2003",
                f"a version cannot be given for '{decl.full_name}', a module of the same "
                "project: its sources are always used",
                span,
                data={"import": decl.span.start},
            )
        ]
    version = decl.version.value
    if try_parse_version(version) is None:
        return [
            finding(
                "BMD2005",
                f"invalid version '{version}' in the import: expected MAJOR.MINOR.PATCH",
                decl.version.span,
            )
        ]
    if project is None or decl.org is None:
        return []
    dependency = project.dependencies.get((decl.org.value, decl.module_name))
    pinned = dependency.version.strip() if dependency and dependency.version else None
    if pinned and pinned != "*" and try_parse_version(pinned) != try_parse_version(version):
        return [
            finding(
                "BMD2004",
                "dependency version in Ballerina.toml mismatches with the version in the "
                f"source for module '{decl.full_name}' ({pinned} there, {version} here)",
                decl.version.span,
                related=(Related(f"'{decl.full_name}' = \"{pinned}\"", project.ballerina_toml),),
                data={"import": decl.span.start, "manifest_version": pinned},
            )
        ]
    return []


def file_findings(project: LegacyProject | None, path: Path | None) -> list[Finding]:
    """BMD2002 at the top of a file in a directory that is not validly named as a module."""
    if project is None or path is None:
        return []
    name = project.invalid_module_of(path)
    if name is None:
        return []
    problem = module_problem(name) or "not a valid module name"
    return [
        finding(
            "BMD2002",
            f"invalid module name '{name}': {problem}; this directory is not a module, so "
            "its files are not compiled",
            Span(0, 0),
        )
    ]


def legacy_import_findings(
    section: ImportSection,
    body: BodyScan,
    resolutions: Sequence[Resolution | None],
    project: LegacyProject | None,
    path: Path | None,
) -> list[Finding]:
    """Every import-related finding of one file in a legacy project, in text order.

    ``resolutions[i]`` belongs to ``section.imports[i]``; it is None where the declaration is
    too incomplete to resolve or its names break the rules.
    """
    own_org = project.org if project is not None else None
    found = [
        f
        for f in import_findings(section, body, resolutions, own_org)
        if f.code not in DROPPED_CODES
    ]
    for decl in section.imports:
        found.extend(name_findings(decl))
        found.extend(version_findings(decl, project))
    found.extend(file_findings(project, path))
    found.sort(key=lambda f: (f.span.start, f.code))
    return found
