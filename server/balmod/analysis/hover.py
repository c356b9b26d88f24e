"""Hover facts for imports and module prefixes."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from balmod.analysis.document import DocumentAnalysis
from balmod.analysis.engine import Engine
from balmod.analysis.facts import resolution_markdown
from balmod.analysis.module_refs import PrefixTarget, lookup
from balmod.analysis.prefixes import LANGLIB_ORG, predeclared_module
from balmod.legacy.features import legacy_resolution_markdown
from balmod.symbols.index import ModuleSymbol
from balmod.text import Span


@dataclass(frozen=True, slots=True)
class HoverInfo:
    markdown: str
    span: Span


def symbol_markdown(entry: ModuleSymbol, target: PrefixTarget) -> str:
    """The signature in a code block, the documentation, and where the module comes from."""
    symbol = entry.symbol
    parts = [f"```ballerina\n{symbol.signature}\n```"]
    if symbol.doc is not None:
        parts.append(symbol.doc.to_markdown())
    package = target.resolution.package
    origin = f"`{target.name}`"
    if package is not None:
        origin += f" {package.version} ({package.repository.label})"
    elif target.resolution.module_dir is not None:
        origin += " (current package)"
    parts.append(f"Module {origin}")
    return "\n\n---\n\n".join(parts)


def hover(
    engine: Engine,
    analysis: DocumentAnalysis,
    offset: int,
    overlays: Mapping[Path, str] | None = None,
) -> HoverInfo | None:
    item = analysis.import_at(offset)
    if item is not None:
        if item.resolution is None:
            return None
        # A 1.x import names its version exactly: no compatible ranges to speak of.
        facts = legacy_resolution_markdown if analysis.project and analysis.project.legacy else None
        markdown = (facts or resolution_markdown)(item.decl.full_name, item.resolution)
        return HoverInfo(markdown, item.decl.span)
    ref = analysis.ref_at(offset)
    if ref is None:
        return None
    if ref.name and ref.name_span.contains(offset) and not ref.prefix_span.contains(offset):
        target = engine.prefix_target(analysis, ref.prefix)
        symbols = engine.module_symbols(target.resolution, overlays) if target else None
        entry = lookup(symbols, ref.name) if symbols is not None else None
        if target is None or entry is None:
            return None
        return HoverInfo(symbol_markdown(entry, target), ref.name_span)
    if not ref.prefix_span.contains(offset):
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
