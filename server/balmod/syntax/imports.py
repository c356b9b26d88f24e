"""The import section of a Ballerina file: ``parse_imports(text) -> ImportSection``.

Only the imports go through the lark parser: a cheap scan finds where the section ends
(``import_scan``), each declaration in it is parsed on its own with error recovery
(``import_parser``), and imports written after other declarations are found by a
line-anchored search and parsed the same way, so they can be reported.
"""

from __future__ import annotations

from balmod.syntax.import_model import ImportDecl, ImportSection, ImportSyntaxError, Name
from balmod.syntax.import_parser import parse_declaration
from balmod.syntax.import_scan import find_late_imports, scan_section

__all__ = ["ImportDecl", "ImportSection", "ImportSyntaxError", "Name", "parse_imports"]


def parse_imports(text: str) -> ImportSection:
    """Parse the import section of ``text``; never raises, whatever the text."""
    ranges, end = scan_section(text)
    imports = tuple(parse_declaration(text, r.start, r.end) for r in ranges)
    late = tuple(parse_declaration(text, r.start, r.end) for r in find_late_imports(text, end))
    errors = tuple(error for decl in imports for error in decl.errors)
    return ImportSection(imports=imports, errors=errors, end=end, late_imports=late)
