"""Inlay hints in a ``module.ceylon``.

- After a version that names a constant (``import ceylon.collection ceylonVersion;``): the
  constant's value.
- After an import's version: ``newest x.y.z`` when a newer version of the module is on disk.
"""

from __future__ import annotations

from balmod.ceylon.analysis import DescriptorContext, available_versions, resolve_import
from balmod.ceylon.versions import compare_versions
from balmod.service import InlayHint
from balmod.text import Span


def _overlaps(a: Span, b: Span) -> bool:
    return a.start <= b.end and b.start <= a.end


def inlay_hints(context: DescriptorContext, span: Span) -> list[InlayHint]:
    descriptor = context.descriptor
    if descriptor is None:
        return []
    hints: list[InlayHint] = []
    for item in descriptor.imports:
        if not _overlaps(item.span, span) or not item.module.written:
            continue
        constant = item.version_constant
        resolution = resolve_import(context, item)
        if constant is not None and resolution.version is not None:
            hints.append(
                InlayHint(
                    constant.span.end,
                    f" = {resolution.version.text}",
                    f"the value of the constant '{constant.value}'",
                )
            )
        wanted = resolution.usable_version
        end = item.version_span.end if item.version_span is not None else None
        if wanted is None or end is None or not item.module.is_ceylon or resolution.source:
            continue
        versions = available_versions(context, resolution)
        if versions and compare_versions(versions[0], wanted) > 0:
            hints.append(
                InlayHint(
                    end,
                    f" newest {versions[0]}",
                    f"{resolution.module} {versions[0]} is on disk; this import uses {wanted}",
                )
            )
    return hints
