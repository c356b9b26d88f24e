"""Go to definition in a ``module.ceylon``.

- From an import's name: to the imported module's descriptor. A module of the project opens
  its ``module.ceylon`` in the source directory; a module in a repository opens the
  ``module.ceylon`` inside its ``.src`` archive, read in memory and named by a path through
  the archive (:mod:`balmod.extracted`; editors see a read-only ``balmod-archive:``
  document). The imported version's archive is used, else the newest version that has one.
- From a version that names a constant: to the constant's declaration.
"""

from __future__ import annotations

import logging
from pathlib import Path

from balmod.analysis.definition import Target
from balmod.ceylon.analysis import DescriptorContext, resolve_import
from balmod.ceylon.index import SRC, ModuleVersion
from balmod.extracted import ARCHIVES, ArchiveError, ArchiveMember

logger = logging.getLogger(__name__)

DESCRIPTOR = "module.ceylon"


def _descriptor_target(path: Path, text: str | None = None) -> Target | None:
    """The descriptor's module name in ``path`` (the start of the file if it has none)."""
    if text is None:
        try:
            text = path.read_text(encoding="utf-8", errors="replace")
        except OSError as exc:
            logger.warning("cannot read %s: %s", path, exc.strerror or exc)
            return None
    from balmod.ceylon.parser import parse_descriptor  # loads lark: only once a descriptor is read

    descriptor = parse_descriptor(text).descriptor
    span = descriptor.name_span if descriptor is not None else None
    return Target(path, span, text)


def _from_archive(versions: list[ModuleVersion]) -> Target | None:
    for version in versions:
        src = version.artifact(SRC)
        if src is None:
            continue
        member = ArchiveMember(src, "/".join([*version.name.split("."), DESCRIPTOR]))
        try:
            text = ARCHIVES.text(member.archive, member.member)
        except ArchiveError as exc:
            logger.debug("no descriptor: %s", exc)
            continue
        return _descriptor_target(member.path, text)
    return None


def definition(context: DescriptorContext, offset: int) -> list[Target]:
    descriptor = context.descriptor
    if descriptor is None:
        return []
    for item in descriptor.imports:
        constant_ref = item.version_constant
        if constant_ref is not None and constant_ref.span.contains(offset):
            constant = descriptor.constant(constant_ref.value)
            if constant is None:
                return []
            span = constant.name.span if constant.name is not None else constant.span
            return [Target(context.path, span, context.text)]
        name_span = item.module.name_span
        if name_span is None or not name_span.contains(offset) or not item.module.is_ceylon:
            continue
        resolution = resolve_import(context, item)
        if resolution.source is not None:
            path = resolution.source.path
            target = _descriptor_target(path, context.overlays.get(path))
            return [target] if target is not None else []
        candidates = list(resolution.found) + [
            mv for mv in context.index.versions(resolution.module) if mv not in resolution.found
        ]
        target = _from_archive(candidates)
        return [target] if target is not None else []
    return []
