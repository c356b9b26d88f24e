"""Edits to a .bal file's import section: add, remove, organize.

Each returns minimal `TextEdit`s over the original text, so the rest of the file stays
byte for byte as it was.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from balmod.analysis.document import DocumentAnalysis, ResolvedImport
from balmod.analysis.imports_check import used_prefixes
from balmod.analysis.prefixes import PREDECLARED_PREFIXES
from balmod.analysis.resolver import ResolutionStatus
from balmod.edits import TextEdit, deletion, insertion_after_line, line_break
from balmod.syntax.imports import ImportDecl
from balmod.syntax.keywords import quote_module, quote_part
from balmod.text import Span


def import_line(org: str | None, module: str, prefix: str | None = None) -> str:
    name = quote_module(module)
    head = f"import {org}/{name}" if org else f"import {name}"
    return f"{head} as {quote_part(prefix)};" if prefix else f"{head};"


def choose_prefix(module: str, taken: Collection[str]) -> str | None:
    """None when the module's own last part is free as a prefix, else a free alias."""
    last = module.rsplit(".", 1)[-1]
    if last not in taken:
        return None
    n = 2
    while f"{last}{n}" in taken:
        n += 1
    return f"{last}{n}"


def taken_prefixes(analysis: DocumentAnalysis) -> set[str]:
    taken = {d.effective_prefix for d in analysis.section.imports if d.effective_prefix}
    # A predeclared prefix that the file uses cannot be rebound without breaking it.
    taken |= used_prefixes(analysis.body) & PREDECLARED_PREFIXES
    return taken


def add_import(
    analysis: DocumentAnalysis, org: str | None, module: str, prefix: str | None
) -> TextEdit:
    """Insert an import after the last one, or at the top of the file."""
    line = import_line(org, module, prefix)
    text = analysis.text
    if analysis.section.imports:
        last = analysis.section.imports[-1].span.end
        rest = text[last : _line_end(text, last)].strip()
        if rest and not rest.startswith("//"):
            # Code shares the last import's line: the new import goes right after the `;`,
            # on a line of its own, so it still comes before that code.
            return TextEdit(Span(last, last), line_break(text) + line)
        return insertion_after_line(text, last, line)
    eol = line_break(text)
    separator = eol if text.strip() else ""
    return TextEdit(Span(0, 0), line + eol + separator)


def _line_end(text: str, offset: int) -> int:
    while offset < len(text) and text[offset] not in "\r\n":
        offset += 1
    return offset


def remove_import(analysis: DocumentAnalysis, decl: ImportDecl) -> TextEdit:
    return deletion(analysis.text, decl.span)


def unused_imports(analysis: DocumentAnalysis) -> list[ImportDecl]:
    """Resolved, complete imports whose prefix the file never uses (BCE2002's set)."""
    used = used_prefixes(analysis.body)
    return [
        item.decl
        for item in analysis.imports
        if item.decl.is_complete
        and item.decl.effective_prefix is not None
        and item.decl.effective_prefix not in used
        and item.resolution is not None
        and item.resolution.status is not ResolutionStatus.UNRESOLVED
    ]


def _sort_key(decl: ImportDecl) -> tuple[str, str, str]:
    return (
        decl.org.value if decl.org else "",
        decl.module_name,
        decl.prefix.value if decl.prefix else "",
    )


def _units(text: str, imports: Sequence[ResolvedImport], block_start: int) -> list[str] | None:
    """Each import's text with the comment lines just above it; None if other code intervenes."""
    units: list[str] = []
    cursor = block_start
    for item in imports:
        gap = text[cursor : item.decl.span.start]
        lines = gap.splitlines(keepends=True)
        for line in lines:
            stripped = line.strip()
            if stripped and not stripped.startswith(("//", "#")):
                return None
        comments = "".join(line for line in lines if line.strip())
        end = item.decl.span.end
        line_end = end
        while line_end < len(text) and text[line_end] not in "\r\n":
            line_end += 1
        trailing = text[end:line_end]
        if trailing.strip() and not trailing.strip().startswith("//"):
            return None
        units.append(comments + text[item.decl.span.start : end] + trailing.rstrip())
        cursor = line_end
    return units


def organize_imports(analysis: DocumentAnalysis, drop_unused: bool = True) -> list[TextEdit]:
    """Sort imports by (org, module, prefix), dropping duplicates and unused ones.

    Returns no edit when the section is already organized, or when something other than
    imports and comments sits between them (it is left for the user to move).
    """
    imports = [item for item in analysis.imports if item.decl.is_complete]
    if not imports or len(imports) != len(analysis.imports):
        return []
    text = analysis.text
    first = imports[0].decl.span.start
    block_start = max(text.rfind("\n", 0, first), text.rfind("\r", 0, first)) + 1
    units = _units(text, imports, block_start)
    if units is None:
        return []
    last_end = imports[-1].decl.span.end
    block_end = last_end
    while block_end < len(text) and text[block_end] not in "\r\n":
        block_end += 1
    unused = {d.span.start for d in unused_imports(analysis)} if drop_unused else set()
    seen: set[tuple[str, str, str]] = set()
    kept: list[tuple[tuple[str, str, str], str]] = []
    for item, unit in zip(imports, units, strict=True):
        key = _sort_key(item.decl)
        if item.decl.span.start in unused or key in seen:
            continue
        seen.add(key)
        kept.append((key, unit))
    kept.sort(key=lambda pair: pair[0])
    new_block = line_break(text).join(unit for _, unit in kept)
    span = Span(block_start, block_end)
    if not kept:
        return [deletion(text, span)]
    if text[block_start:block_end] == new_block:
        return []
    return [TextEdit(span, new_block)]
