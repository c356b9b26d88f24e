"""The import section of a Ballerina file: ``parse_imports(text) -> ImportSection``.

A cheap scan finds where the section ends (``import_scan``) and each declaration in it is
parsed on its own; imports written after other declarations are found by a line-anchored
search and parsed the same way, so they can be reported. A plain well-formed declaration is
read by a regular expression (``import_fast``); any other goes through the lark grammar with
error recovery (``import_parser``), which is loaded only when a declaration needs it.
"""

from __future__ import annotations

from collections import deque

from balmod.syntax.import_fast import read_declaration, read_next_declaration
from balmod.syntax.import_model import ImportDecl, ImportSection, ImportSyntaxError, Name
from balmod.syntax.import_scan import (
    declaration_end,
    find_late_imports,
    is_import_at,
    section_extent,
    section_start,
    skip_trivia,
)

__all__ = ["ImportDecl", "ImportSection", "ImportSyntaxError", "Name", "parse_imports"]


_Parsed = tuple[str, tuple[ImportDecl, ...], tuple[ImportSyntaxError, ...], int]

# Recently parsed sections, each with the text that decides it (see `section_extent`): a
# keystroke below the imports leaves that text as it was, and the section is taken over.
_recent: deque[_Parsed] = deque(maxlen=8)


def parse_declaration(text: str, start: int, end: int) -> ImportDecl:
    """The declaration in ``text[start:end]`` (from ``import`` to its last token)."""
    decl = read_declaration(text, start, end)
    if decl is not None:
        return decl
    # Imported here so that lark is loaded only when some declaration needs the grammar.
    from balmod.syntax import import_parser

    return import_parser.parse_declaration(text, start, end)


def _scan_and_parse(text: str) -> tuple[tuple[ImportDecl, ...], int]:
    """The declarations of the section at the top of ``text`` and where it ends.

    The same declarations as ``scan_section`` delimits, parsed; a plain one-line
    declaration is delimited and read in one step.
    """
    imports: list[ImportDecl] = []
    pos = section_start(text)
    while True:
        decl = read_next_declaration(text, pos)
        if decl is None:
            pos = skip_trivia(text, pos)
            if not is_import_at(text, pos):
                return tuple(imports), pos
            end = declaration_end(text, pos)
            decl = parse_declaration(text, pos, end)
        imports.append(decl)
        pos = decl.span.end


def _section(text: str) -> _Parsed:
    for parsed in tuple(_recent):
        if text.startswith(parsed[0]):
            return parsed
    imports, end = _scan_and_parse(text)
    errors = tuple(error for decl in imports for error in decl.errors)
    parsed = (text, imports, errors, end)
    extent = section_extent(text, end)
    if extent is not None:
        parsed = (text[:extent], imports, errors, end)
        _recent.append(parsed)
    return parsed


def parse_imports(text: str) -> ImportSection:
    """Parse the import section of ``text``; never raises, whatever the text."""
    _, imports, errors, end = _section(text)
    late = tuple(parse_declaration(text, r.start, r.end) for r in find_late_imports(text, end))
    return ImportSection(imports=imports, errors=errors, end=end, late_imports=late)
