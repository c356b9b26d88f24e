"""Hover in a ``module.ceylon``: for an import, where its version comes from and every
version on disk (with the repositories holding it); for the module's own name, what the
project expects there."""

from __future__ import annotations

from balmod.analysis.hover import HoverInfo
from balmod.ceylon.analysis import DescriptorContext, ImportResolution, resolve_import
from balmod.ceylon.archives import ModuleInfo, ModuleInfoReader
from balmod.ceylon.index import ModuleVersion
from balmod.ceylon.model import ImportModule
from balmod.text import Span

_MAX_DOC = 600


def _describe_info(info: ModuleInfo) -> list[str]:
    parts = []
    if info.doc:
        doc = info.doc.strip()
        parts.append(doc if len(doc) <= _MAX_DOC else doc[: _MAX_DOC - 3] + "...")
    facts = []
    if info.license:
        facts.append(f"License: {info.license}")
    if info.authors:
        facts.append("By: " + ", ".join(info.authors))
    if info.dependencies:
        listed = ", ".join(
            ("shared " if d.shared else "")
            + ("optional " if d.optional else "")
            + f"`{d.name}/{d.version}`"
            for d in info.dependencies
        )
        facts.append(f"Imports: {listed}")
    if facts:
        parts.append("  \n".join(facts) + f"  \n_(from {info.source})_")
    return parts


def _versions_table(versions: list[ModuleVersion], wanted: str | None) -> str:
    by_version: dict[str, list[ModuleVersion]] = {}
    for mv in versions:
        by_version.setdefault(mv.version, []).append(mv)
    lines = ["Versions on disk, newest first:", ""]
    for version, copies in by_version.items():
        where = ", ".join(
            f"{mv.repository.label} ({', '.join(mv.kinds) or 'no artifact'})" for mv in copies
        )
        mark = " ← imported" if version == wanted else ""
        lines.append(f"- `{version}`: {where}{mark}")
    return "\n".join(lines)


def import_markdown(
    context: DescriptorContext, resolution: ImportResolution, reader: ModuleInfoReader
) -> str:
    item = resolution.item
    module = item.module
    wanted = resolution.usable_version
    title = f"**{module.display}**" + (f" `{wanted}`" if wanted else "")
    if not module.is_ceylon:
        kind = module.namespace.value if module.namespace is not None else "maven"
        return f"{title}\n\nA `{kind}:` module: balmod reads only Ceylon repositories."
    parts = [title]
    if resolution.source is not None:
        source = resolution.source
        parts.append(
            f"A module of this project: `{source.path}`"
            + (f", version `{source.version}`" if source.version else "")
        )
    elif resolution.found:
        first = resolution.found[0]
        artifact = next((first.artifact(s) for s in first.kinds), first.directory)
        others = ", ".join(mv.repository.label for mv in resolution.found[1:])
        parts.append(
            f"Resolved from the {first.repository.label}: `{artifact}`"
            + (f" (also in: {others})" if others else "")
        )
    elif resolution.checked:
        parts.append("**Not found** in any repository.")
    versions = context.index.versions(module.name)
    chosen = resolution.found[0] if resolution.found else (versions[0] if versions else None)
    if chosen is not None:
        info = reader.read(chosen)
        if info is not None:
            parts.extend(_describe_info(info))
    if versions:
        parts.append(_versions_table(versions, wanted))
    elif resolution.source is None:
        parts.append("No version of this module is on disk.")
    searched = "\n".join(f"- {repo.label}: `{repo.root}`" for repo in context.index.repositories)
    parts.append(f"Repositories, in search order:\n\n{searched}")
    return "\n\n---\n\n".join(parts)


def _own_markdown(context: DescriptorContext) -> str:
    descriptor = context.descriptor
    assert descriptor is not None
    version = f" `{descriptor.version.value}`" if descriptor.version is not None else ""
    parts = [f"**module {descriptor.module_name}**{version}"]
    if descriptor.annotations.doc is not None:
        parts.append(descriptor.annotations.doc.value.strip())
    if context.project is not None:
        expected = context.project.expected_module_name(context.path)
        facts = [f"Project: `{context.project.root}`"]
        if expected:
            facts.append(f"Expected name for this location: `{expected}`")
        output = context.project.output
        if output is not None:
            facts.append(f"Output repository: `{output}`")
        parts.append("  \n".join(facts))
    return "\n\n---\n\n".join(parts)


def _hovered(item: ImportModule, offset: int) -> Span | None:
    for span in (item.module.span, item.version_span):
        if span is not None and span.contains(offset):
            return span
    return None


def hover(context: DescriptorContext, offset: int, reader: ModuleInfoReader) -> HoverInfo | None:
    descriptor = context.descriptor
    if descriptor is None:
        return None
    for item in descriptor.imports:
        span = _hovered(item, offset)
        if span is not None and item.module.written:
            resolution = resolve_import(context, item)
            return HoverInfo(import_markdown(context, resolution, reader), span)
    name_span = descriptor.name_span
    if name_span is not None and name_span.contains(offset):
        return HoverInfo(_own_markdown(context), name_span)
    return None
