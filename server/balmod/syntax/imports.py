"""The import section of a Ballerina file: ``parse_imports(text) -> ImportSection``.

Only the imports go through the lark parser: a cheap scan finds where the section ends
(``import_scan``), each declaration in it is parsed on its own with error recovery
(``import_parser``), and imports written after other declarations are found by a
line-anchored search and parsed the same way, so they can be reported.
"""

from __future__ import annotations

from collections import deque

from balmod.syntax.import_model import ImportDecl, ImportSection, ImportSyntaxError, Name
from balmod.syntax.import_parser import parse_declaration
from balmod.syntax.import_scan import find_late_imports, scan_section, section_extent

__all__ = ["ImportDecl", "ImportSection", "ImportSyntaxError", "Name", "parse_imports"]


_Parsed = tuple[str, tuple[ImportDecl, ...], tuple[ImportSyntaxError, ...], int]

# Recently parsed sections, each with the text that decides it (see `section_extent`): a
# keystroke below the imports leaves that text as it was, and the section is taken over.
_recent: deque[_Parsed] = deque(maxlen=8)


def _section(text: str) -> _Parsed:
    for parsed in tuple(_recent):
        if text.startswith(parsed[0]):
            return parsed
    ranges, end = scan_section(text)
    imports = tuple(parse_declaration(text, r.start, r.end) for r in ranges)
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
