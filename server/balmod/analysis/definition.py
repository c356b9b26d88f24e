"""Go to definition: from an import to its module's sources, from a prefix to its import."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from balmod.analysis.document import DocumentAnalysis
from balmod.analysis.engine import Engine
from balmod.analysis.module_refs import lookup
from balmod.symbols.index import read_source
from balmod.text import Span


@dataclass(frozen=True, slots=True)
class Target:
    path: Path
    # None: the start of the file. A span is in the target file's text, given with it.
    span: Span | None = None
    text: str | None = None


def module_sources(module_dir: Path) -> list[Path]:
    """The module's .bal files, in name order (tests and other folders excluded)."""
    try:
        return sorted(p for p in module_dir.iterdir() if p.suffix == ".bal" and p.is_file())
    except OSError:
        return []


def definition(
    engine: Engine,
    analysis: DocumentAnalysis,
    offset: int,
    overlays: Mapping[Path, str] | None = None,
) -> list[Target]:
    item = analysis.import_at(offset)
    if item is not None:
        span = item.decl.name_span
        if span is None or not span.contains(offset) or item.resolution is None:
            return []
        module_dir = item.resolution.module_dir
        return [Target(p) for p in module_sources(module_dir)] if module_dir else []
    ref = analysis.ref_at(offset)
    if ref is not None and ref.name and ref.name_span.start <= offset <= ref.name_span.end:
        target = engine.prefix_target(analysis, ref.prefix)
        symbols = engine.module_symbols(target.resolution, overlays) if target else None
        entry = lookup(symbols, ref.name) if symbols is not None else None
        if entry is None:
            return []
        text = (overlays or {}).get(entry.path) or read_source(entry.path)
        return [Target(entry.path, entry.symbol.name_span, text)]
    if ref is not None and ref.prefix_span.contains(offset) and analysis.path is not None:
        bound = analysis.import_for_prefix(ref.prefix)
        if bound is not None:
            return [Target(analysis.path, bound.decl.span, analysis.text)]
    return []
