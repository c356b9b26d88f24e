"""Findings about a .bal file's import declarations and the module prefixes it uses.

Pure: it works on the parsed import section, the scanned body and the resolutions, and
touches no files. `balmod check` and the language server both call `import_findings`.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Sequence

from balmod.analysis.prefixes import PREDECLARED_PREFIXES
from balmod.analysis.resolver import Resolution, ResolutionStatus
from balmod.findings import Finding, Related, Tag, finding
from balmod.syntax.imports import ImportDecl, ImportSection
from balmod.syntax.qualified import BodyScan


def import_findings(
    section: ImportSection,
    body: BodyScan,
    resolutions: Sequence[Resolution | None],
    own_org: str | None,
) -> list[Finding]:
    """Every import-related finding of one file, in text order.

    ``resolutions[i]`` belongs to ``section.imports[i]`` (None where the declaration is too
    incomplete to resolve). ``own_org`` is the current package's org, so that
    ``import myorg/pkg.sub`` and ``import pkg.sub`` count as the same module.
    """
    found = list(_declaration_findings(section, resolutions, own_org, body.used_prefixes))
    found.extend(_undefined_prefix_findings(section.imports, body))
    found.sort(key=lambda f: (f.span.start, f.code))
    return found


# The findings about the declarations themselves, for the last few sections: a keystroke
# below the imports keeps the section, the resolutions and (mostly) the prefixes in use.
_recent: deque[tuple[tuple[object, ...], tuple[Finding, ...]]] = deque(maxlen=8)


def _declaration_findings(
    section: ImportSection,
    resolutions: Sequence[Resolution | None],
    own_org: str | None,
    used: frozenset[str],
) -> tuple[Finding, ...]:
    # The declarations and resolutions are compared by identity (they are kept while
    # unchanged); the prefixes in use, by value.
    key = (section.imports, section.errors, section.late_imports, *resolutions, own_org)
    for known, findings in _recent:
        if (
            len(known) == len(key) + 1
            and all(a is b for a, b in zip(known[:-1], key, strict=True))
            and known[-1] == used
        ):
            return findings
    findings = (
        *_syntax_findings(section),
        *_duplicate_findings(section.imports, own_org),
        *_resolution_findings(section.imports, resolutions),
        *_unused_findings(section.imports, resolutions, used),
    )
    _recent.append(((*key, used), findings))
    return findings


def _syntax_findings(section: ImportSection) -> Iterable[Finding]:
    for error in section.errors:
        yield finding("BMD0001", error.message, error.span)
    for late in section.late_imports:
        for error in late.errors:
            yield finding("BMD0001", error.message, error.span)
    for decl in (*section.imports, *section.late_imports):
        if decl.version is not None:
            yield finding(
                "BMD0002",
                "versions in import declarations are no longer supported",
                decl.version.span,
            )
    for decl in section.late_imports:
        yield finding(
            "BMD0003",
            "import declarations must come before all other declarations",
            decl.span,
        )


def _module_key(decl: ImportDecl, own_org: str | None) -> tuple[str, str]:
    org = decl.org.value if decl.org is not None else (own_org or "")
    return org, decl.module_name


def _duplicate_findings(imports: Sequence[ImportDecl], own_org: str | None) -> Iterable[Finding]:
    modules: dict[tuple[str, str], ImportDecl] = {}
    prefixes: dict[str, ImportDecl] = {}
    for decl in imports:
        if not decl.module:
            continue
        key = _module_key(decl, own_org)
        first = modules.get(key)
        if first is not None:
            yield finding(
                "BCE2004",
                f"redeclared import module '{decl.full_name}'",
                decl.name_span or decl.span,
                related=(Related("first imported here", span=first.span),),
                data={"import": decl.span.start},
            )
            continue
        modules[key] = decl
        prefix = decl.effective_prefix
        if prefix is None:
            continue
        first = prefixes.get(prefix)
        if first is not None:
            yield finding(
                "BCE2008",
                f"redeclared symbol '{prefix}'",
                decl.prefix_span or decl.span,
                related=(Related(f"'{prefix}' first bound here", span=first.span),),
                data={"import": decl.span.start},
            )
        else:
            prefixes[prefix] = decl


def _resolution_findings(
    imports: Sequence[ImportDecl], resolutions: Sequence[Resolution | None]
) -> Iterable[Finding]:
    for decl, resolution in zip(imports, resolutions, strict=True):
        if resolution is None:
            continue
        span = decl.name_span or decl.span
        if resolution.status is ResolutionStatus.UNRESOLVED:
            if resolution.distribution_missing:
                # Without a distribution balmod cannot know; a false error is worse than none.
                continue
            related = tuple(
                Related(f"looked in {label}: {path}", path=path)
                for label, path in resolution.searched
            )
            yield finding(
                "BCE2003",
                f"cannot resolve module '{decl.full_name}'",
                span,
                related=related,
                data={"import": decl.span.start, "org": resolution.org, "module": decl.module_name},
            )
        elif resolution.locked_missing is not None and resolution.package is not None:
            yield finding(
                "BMD0004",
                f"version {resolution.locked_missing} of '{resolution.package.org}/"
                f"{resolution.package.name}' locked in Dependencies.toml is in no repository; "
                f"using {resolution.package.version}",
                span,
            )


def used_prefixes(body: BodyScan) -> frozenset[str]:
    """Prefixes the body uses, certain or not: an uncertain use still keeps an import alive."""
    return body.used_prefixes


def _unused_findings(
    imports: Sequence[ImportDecl], resolutions: Sequence[Resolution | None], used: frozenset[str]
) -> Iterable[Finding]:
    for decl, resolution in zip(imports, resolutions, strict=True):
        prefix = decl.effective_prefix
        # An unresolved import already has its own finding; `as _` binds nothing.
        if prefix is None or not decl.is_complete or prefix in used:
            continue
        if resolution is None or resolution.status is ResolutionStatus.UNRESOLVED:
            continue
        yield finding(
            "BCE2002",
            f"unused module prefix '{prefix}'",
            decl.span,
            tags=(Tag.UNNECESSARY,),
            data={"import": decl.span.start},
        )


def _undefined_prefix_findings(imports: Sequence[ImportDecl], body: BodyScan) -> Iterable[Finding]:
    bound = {decl.effective_prefix for decl in imports if decl.effective_prefix}
    bound |= PREDECLARED_PREFIXES | body.xmlns_prefixes
    reported: set[tuple[int, int]] = set()
    for piece in body.pieces:
        # Most pieces use bound prefixes only: one set comparison instead of a look at each use.
        if piece.certain_prefixes <= bound:
            continue
        for ref in piece.refs:
            if not ref.certain or ref.prefix in bound:
                continue
            span = ref.prefix_span
            key = (span.start, span.end)
            if key in reported:
                continue
            reported.add(key)
            yield finding(
                "BCE2000", f"undefined module '{ref.prefix}'", span, data={"prefix": ref.prefix}
            )
