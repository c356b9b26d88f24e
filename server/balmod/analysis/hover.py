"""Hover facts for imports and module prefixes."""

from __future__ import annotations

from dataclasses import dataclass

from balmod.analysis.document import DocumentAnalysis
from balmod.analysis.engine import Engine
from balmod.analysis.facts import resolution_markdown
from balmod.analysis.prefixes import LANGLIB_ORG, predeclared_module
from balmod.text import Span


@dataclass(frozen=True, slots=True)
class HoverInfo:
    markdown: str
    span: Span


def hover(engine: Engine, analysis: DocumentAnalysis, offset: int) -> HoverInfo | None:
    item = analysis.import_at(offset)
    if item is not None:
        if item.resolution is None:
            return None
        return HoverInfo(resolution_markdown(item.decl.full_name, item.resolution), item.decl.span)
    ref = analysis.ref_at(offset)
    if ref is None or not ref.prefix_span.contains(offset):
        return None
    bound = analysis.import_for_prefix(ref.prefix)
    if bound is not None and bound.resolution is not None:
        return HoverInfo(
            resolution_markdown(bound.decl.full_name, bound.resolution), ref.prefix_span
        )
    langlib = predeclared_module(ref.prefix)
    if bound is None and langlib is not None:
        resolution = engine.resolve_module(analysis.project, LANGLIB_ORG, langlib)
        text = f"Predeclared prefix for `{LANGLIB_ORG}/{langlib}`.\n\n" + resolution_markdown(
            f"{LANGLIB_ORG}/{langlib}", resolution
        )
        return HoverInfo(text, ref.prefix_span)
    return None
