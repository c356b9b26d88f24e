"""Findings for a ``module.ceylon``, in the Ceylon typechecker's words.

Stages, each on what the previous one established:

1. syntax (CYL0001), from the parser;
2. the descriptor itself, as the typechecker's ``ModuleVisitor`` checks it: versions
   (CYL0005: "missing version", "module version should be double-quoted", "empty module
   version", "module version may not contain whitespace", "constant not defined"), reserved
   names and ``ceylon.language`` (CYL0006), the name against the descriptor's directory
   (CYL0002), duplicate imports (CYL0007), old-style Maven imports (CYL0008);
3. the repositories, as ``ModuleValidator`` and ``ModuleHelper`` word it: an import whose
   artifact is in no repository (CYL0003, "cannot find module artifact
   'com.example.bar-3.4.1(.car|.jar)'"), and a module the project's descriptors name in
   two versions (CYL0004, "source code imports two different versions of module 'x':
   version 'a' and version 'b'", ordered by ``VersionComparator.orderVersions``).

Only Ceylon modules are looked up (no namespace, or ``ceylon:``); Maven and npm imports
are parsed and left alone.
"""

from __future__ import annotations

from balmod.ceylon.analysis import (
    LANGUAGE_MODULE,
    DescriptorContext,
    ImportResolution,
    artifact_name,
    available_versions,
    resolve_import,
)
from balmod.ceylon.model import ImportModule, Literal, ModuleDescriptor
from balmod.ceylon.versions import order_versions
from balmod.findings import Finding, Related, finding
from balmod.text import Span

DEFAULT_MODULE = "default"


def _version_problem(literal: Literal) -> str | None:
    """``ModuleVisitor.toVersionString``: what is wrong with a written version, if anything."""
    if not literal.closed:
        return None  # the syntax error says it
    if any(c.isspace() for c in literal.value):
        return "module version may not contain whitespace"
    if literal.quote == "'":
        return "module version should be double-quoted"
    if not literal.value:
        return "empty module version"
    return None


def _version_findings(
    descriptor: ModuleDescriptor, literal: Literal | None, item: ImportModule | None
) -> list[Finding]:
    """``ModuleVisitor.getVersionString`` for the module (``item`` None) or an import."""
    if item is not None and item.version_constant is not None:
        constant = descriptor.constant(item.version_constant.value)
        if constant is None:
            return [finding("CYL0005", "constant not defined", item.version_constant.span)]
        value = constant.value
        if value is None or not value.closed:
            return []
        if value.quote == "'":
            return [finding("CYL0005", "not a string literal", value.span)]
        # The typechecker checks the constant's value where the constant is used.
        problem = _version_problem(value)
        return [finding("CYL0005", problem, item.version_constant.span)] if problem else []
    if literal is None:
        if item is not None:
            where = item.module.span or item.keyword
            if not item.module.written:
                return []  # "missing module name" already says the import is unfinished
        else:
            where = descriptor.name_span or descriptor.keyword
            if not descriptor.name:
                return []
        return [finding("CYL0005", "missing version", where)]
    problem = _version_problem(literal)
    if problem is None:
        return []
    data = {"fix": "double-quote"} if literal.quote == "'" else {}
    return [finding("CYL0005", problem, literal.span, data=data)]


def _module_findings(context: DescriptorContext, descriptor: ModuleDescriptor) -> list[Finding]:
    found = _version_findings(descriptor, descriptor.version, None)
    name = descriptor.module_name
    span = descriptor.name_span
    if span is None:
        return found
    first = descriptor.name[0].value
    if first == DEFAULT_MODULE:
        found.append(finding("CYL0006", "reserved module name: 'default'", span))
    elif len(descriptor.name) == 1 and first == "ceylon":
        found.append(finding("CYL0006", "reserved module name: 'ceylon'", span))
    if context.project is None:
        return found
    expected = context.project.expected_module_name(context.path)
    if expected == "":
        found.append(
            finding(
                "CYL0002",
                "module descriptor encountered in root source directory",
                descriptor.keyword,
            )
        )
    elif expected is not None and expected != name:
        message = f"module name does not match descriptor location: '{name}' should be '{expected}'"
        found.append(finding("CYL0002", message, span, data={"expected": expected}))
    return found


def _import_name_findings(item: ImportModule) -> list[Finding]:
    module = item.module
    span = module.name_span or item.keyword
    found: list[Finding] = []
    if module.namespace is None and module.quoted is not None and module.is_maven_name:
        message = "use of old style Maven imports is deprecated, prefix with 'maven:'"
        found.append(finding("CYL0008", message, module.quoted.span))
    if not module.is_ceylon:
        return found
    parts = module.name.split(".")
    if parts[0] == DEFAULT_MODULE:
        found.append(finding("CYL0006", "reserved module name: 'default'", span))
    elif len(parts) == 1 and parts[0] == "ceylon":
        found.append(finding("CYL0006", "reserved module name: 'ceylon'", span))
    elif module.name == LANGUAGE_MODULE or module.name.startswith(LANGUAGE_MODULE + "."):
        found.append(
            finding(
                "CYL0006",
                "the language module is imported implicitly",
                span,
                data={"fix": "remove"},
            )
        )
    return found


def _duplicate_key(item: ImportModule) -> str:
    """What ``ModuleVisitor`` compares: the name with artifact and classifier, no namespace."""
    module = item.module
    extra = [x.value for x in (module.artifact, module.classifier) if x is not None]
    return ":".join([module.name, *extra])


def _missing_artifact(
    context: DescriptorContext, descriptor: ModuleDescriptor, resolution: ImportResolution
) -> Finding:
    item = resolution.item
    version = resolution.usable_version
    assert version is not None and resolution.suffixes is not None
    namespace = item.module.namespace.value if item.module.namespace is not None else None
    name = artifact_name(namespace, resolution.module, version, resolution.suffixes)
    # As ModuleHelper.buildDependencyString prints it; a missing version reads as "0".
    own_version = descriptor.version.value if descriptor.version is not None else "0"
    own = f"'{descriptor.module_name}/{own_version}'"
    related = [Related(f"dependency tree: {own} -> '{resolution.module}/{version}'")]
    related.extend(
        Related(f"searched {repo.label}: {repo.root}") for repo in context.index.repositories
    )
    span = item.module.name_span or item.span
    return finding(
        "CYL0003",
        f"cannot find module artifact '{name}'",
        span,
        related=tuple(related),
        data={
            "module": resolution.module,
            "version": version,
            "available": available_versions(context, resolution),
        },
    )


def _conflicts(
    context: DescriptorContext, descriptor: ModuleDescriptor, resolutions: list[ImportResolution]
) -> list[Finding]:
    """Versions of one module that the project's descriptors disagree on."""
    found: list[Finding] = []
    mine: list[tuple[str, str, Span]] = []
    for resolution in resolutions:
        version = resolution.usable_version
        if version is not None and resolution.item.module.is_ceylon:
            mine.append(
                (resolution.module, version, resolution.item.version_span or resolution.item.span)
            )
    if descriptor.name and descriptor.version is not None and descriptor.version.closed:
        mine.append((descriptor.module_name, descriptor.version.value, descriptor.version.span))
    for module, version, span in mine:
        others: dict[str, list[Related]] = {}
        for claim in context.claims:
            if claim.module == module and claim.version != version:
                what = "declares" if claim.declared else "imports"
                note = f"{claim.path} {what} '{module}' version '{claim.version}'"
                others.setdefault(claim.version, []).append(Related(note, claim.path, claim.span))
        for other, related in sorted(others.items()):
            low, high = order_versions(version, other)
            message = (
                f"source code imports two different versions of module '{module}': "
                f"version '{low}' and version '{high}'"
            )
            found.append(
                finding(
                    "CYL0004",
                    message,
                    span,
                    related=tuple(related),
                    data={"module": module, "version": version, "other": other},
                )
            )
    return found


def check(context: DescriptorContext) -> list[Finding]:
    """Every finding for the descriptor, in text order."""
    found = [finding("CYL0001", e.message, e.span) for e in context.parsed.errors]
    descriptor = context.descriptor
    if descriptor is None:
        return found
    found.extend(_module_findings(context, descriptor))
    seen: set[str] = set()
    resolutions = []
    for item in descriptor.imports:
        if not item.module.written:
            continue
        found.extend(_version_findings(descriptor, item.version, item))
        found.extend(_import_name_findings(item))
        key = _duplicate_key(item)
        if key in seen:
            found.append(
                finding(
                    "CYL0007",
                    f"duplicate module import: '{key}'",
                    item.module.span or item.span,
                    data={"fix": "remove"},
                )
            )
        seen.add(key)
        resolution = resolve_import(context, item)
        resolutions.append(resolution)
        if resolution.missing:
            found.append(_missing_artifact(context, descriptor, resolution))
    found.extend(_conflicts(context, descriptor, resolutions))
    found.sort(key=lambda f: (f.span.start, f.span.end, f.code))
    return found
