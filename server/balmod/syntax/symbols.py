"""Module-level symbols of one Ballerina source file: names, kinds, signatures, docs, ranges.

The public face of the symbol scanner, which lives in modules of one job each:

- `symbol_model`: `Symbol`, `SymbolKind`, `SymbolTable` and how a scan packs its symbols;
- `symbol_patterns`: the regexes, compiled when a scan first needs them;
- `symbol_tokens`: tokens, skipping code whole, normalising a header into a signature;
- `symbol_declarations`: declarations read token by token (the reference reading);
- `symbol_scanner`: the scan, common declarations read whole by one regex match.

A hand-written scanner, not the lark grammar: it reads each declaration's header token by
token and jumps over bodies (function, class, service and enum blocks, initialisers, type
descriptors) with a regex search that only stops at braces, semicolons, string and template
starts and comments.

Reading a module is on the path of the first diagnostics and of `balmod check`, which reads
thousands, so the common shapes take shortcuts: one regex match reads a whole common
declaration (its doc lines, qualifiers, keyword, name, a simple function header, and its
body, initialiser or type descriptor). Each shortcut applies only where it gives the
token-by-token answer, which tests check by switching them off
(``symbol_patterns._FAST_PATHS``). What the scan finds is kept as plain values
(`SymbolTable`) until a `Symbol` is asked for, and its signature, detail and documentation
as ranges of the source, worked out when first asked for (hover, completion): checking names
needs none of them.

Broken text is read the way an editor needs it: an unclosed body or header ends where a line
starts with a word that can only begin a module-level declaration (``public``, ``type``,
``const``...), so one half-typed function does not hide every symbol after it.
"""

from __future__ import annotations

from balmod.syntax.doc_comments import Documentation, parse_documentation
from balmod.syntax.lexical import identifier_value
from balmod.syntax.symbol_model import (
    SIGNATURE_LIMIT,
    Symbol,
    SymbolKind,
    SymbolTable,
    _made_symbols,
)
from balmod.syntax.symbol_patterns import IDENTIFIER
from balmod.syntax.symbol_scanner import _Parser

__all__ = [
    "IDENTIFIER",
    "SIGNATURE_LIMIT",
    "Documentation",
    "Symbol",
    "SymbolKind",
    "SymbolTable",
    "extract_symbols",
    "identifier_value",
    "parse_documentation",
    "scan_symbols",
]


def extract_symbols(text: str) -> tuple[Symbol, ...]:
    """The module-level symbols declared in ``text``, public and not, in source order.

    Enum members follow their enum. Never raises on any input; declarations too broken to
    name are left out.
    """
    return _made_symbols(text, _Parser(text).run())


def scan_symbols(text: str) -> SymbolTable:
    """`extract_symbols`, each symbol made when first asked for."""
    return SymbolTable(text, _Parser(text).run())
