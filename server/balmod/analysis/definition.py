"""Go to definition: from an import to its module's sources, from a prefix to its import.

A module in a 1.x balo has its sources inside the archive: its targets are paths through
the archive (see :mod:`balmod.extracted`), which the protocol layer hands to editors as
``balmod-archive:`` documents.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from balmod.analysis.document import DocumentAnalysis
from balmod.analysis.engine import Engine
from balmod.analysis.module_refs import lookup
from balmod.extracted import ARCHIVES, ArchiveError, locate, sources_in
from balmod.symbols.index import package_root, read_source
from balmod.text import Span
from balmod.workspace import escapes

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Target:
    # A file, or a member of an archive named by a path through the archive.
    path: Path
    # None: the start of the file. A span is in the target file's text, given with it.
    span: Span | None = None
    text: str | None = None


def module_sources(module_dir: Path) -> list[Path]:
    """The module's .bal files, in name order (tests and other folders excluded).

    The rule of the symbol index (SECURITY.md, guarantee 4): nothing is listed behind a
    symbolic link that leads out of the package the module belongs to.
    """
    archived = sources_in(module_dir, ".bal")
    if archived is not None:
        return [module_dir / name for name in archived.texts]
    directory = os.path.abspath(module_dir)
    root = package_root(directory)
    if escapes(directory, root):
        log.debug("not listing %s: symbolic link leads outside %s", directory, root)
        return []
    found = []
    try:
        with os.scandir(directory) as entries:
            for entry in entries:
                if not entry.name.endswith(".bal") or not entry.is_file():
                    continue
                if entry.is_symlink() and escapes(entry.path, root):
                    log.debug("not listing %s: symbolic link leads outside %s", entry.path, root)
                    continue
                found.append(module_dir / entry.name)
    except OSError:
        return []
    return sorted(found)


def source_text(path: Path, overlays: Mapping[Path, str] | None = None) -> str | None:
    """A target file's text: an unsaved buffer, an archive's member, or the file on disk."""
    if overlays and path in overlays:
        return overlays[path]
    member = locate(path)
    if member is None:
        return read_source(path)
    try:
        return ARCHIVES.text(member.archive, member.member)
    except ArchiveError as exc:
        log.warning("cannot read %s", exc)
        return None


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
        return [Target(entry.path, entry.symbol.name_span, source_text(entry.path, overlays))]
    if ref is not None and ref.prefix_span.contains(offset) and analysis.path is not None:
        bound = analysis.import_for_prefix(ref.prefix)
        if bound is not None:
            return [Target(analysis.path, bound.decl.span, analysis.text)]
    return []
