"""Cheap scans that find import declarations without parsing the whole file.

The import section is found token by token from the top of the file: while the next token
is ``import``, the declaration runs to its ``;``, or stops before the first token on a new
line that cannot continue it (so a half-typed ``import ballerina/`` followed by
``public function main()`` ends before ``public``). Imports written after other
declarations are found by a line-anchored search over the rest of the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum, auto

from balmod.syntax.keywords import RESERVED_KEYWORDS
from balmod.syntax.lexical import COMMENT, LINE_BREAKS, template_text_spans

# Tokens as the import grammar sees them, coarsely: words (identifiers, quoted identifiers,
# keywords, numbers) and single other characters, with whitespace and comments apart.
_TOKEN = re.compile(
    rf"(?P<space>[ \t\f\r\n]+)|(?P<comment>{COMMENT})|(?P<word>'?\w+)|(?P<other>.)",
    re.DOTALL,
)
_TRIVIA = re.compile(rf"(?:[ \t\f\r\n]+|{COMMENT})*")
_IMPORT_KEYWORD = re.compile(r"(?<![\w'])import(?![\w'])")
# A declaration on one line without comments, ending in `;`: the common case, whose end
# needs no token-by-token walk (it has no line start where the walk could stop early).
# `import_fast` reads such declarations in one step and relies on this end: keep them in step.
_ONE_LINE_DECL = re.compile(r"import[ \t]+(?:[\w'. \t]|/(?!/))*;")

# Words that begin a module-level declaration or statement: one of these at the start of a
# line never continues an import, not even as a prefix (`as int` is a prefix, but `int x`
# starts a declaration).
DECLARATION_KEYWORDS = frozenset(
    {
        "annotation", "class", "client", "configurable", "const", "distinct", "enum",
        "final", "function", "isolated", "listener", "private", "public", "readonly",
        "remote", "resource", "service", "transactional", "type", "var", "worker", "xmlns",
    }
)  # fmt: skip


class _State(Enum):
    NAME = auto()  # after `import`, `/` or `.`: an org or module name part is expected
    PREFIX = auto()  # after `as`
    VERSION = auto()  # after `version`
    AFTER = auto()  # after a name, prefix or version number


# Tokens that continue a declaration from a new line, in the states after a name.
_CONTINUATIONS = frozenset({".", "/", "as", "version", ";"})
# Real declarations have a dozen tokens; past this many, the text is not an import (a long
# pasted line, say), and the parser is spared it.
MAX_DECLARATION_TOKENS = 256
MAX_ONE_LINE_LENGTH = 4 * MAX_DECLARATION_TOKENS


@dataclass(frozen=True, slots=True)
class DeclarationRange:
    """Where one declaration's text lies: ``start`` at ``import``, ``end`` after its last token."""

    start: int
    end: int


def skip_trivia(text: str, pos: int) -> int:
    """Past the whitespace and comments at ``pos``."""
    m = _TRIVIA.match(text, pos)
    return m.end() if m else pos


def is_import_at(text: str, pos: int) -> bool:
    """Whether the keyword ``import`` (not a longer word) starts at ``pos``."""
    return _IMPORT_KEYWORD.match(text, pos) is not None


def _continues(state: _State, kind: str, token: str) -> bool:
    """Whether ``token``, first on its line, can still belong to the declaration."""
    if token == ";":
        return True
    if state is _State.NAME:
        # An org or module name part that is a keyword must be quoted (`lang.'int`).
        return kind == "word" and token not in RESERVED_KEYWORDS
    if state is _State.PREFIX:
        return kind == "word" and token not in DECLARATION_KEYWORDS
    if state is _State.VERSION and token[:1].isdigit():
        return True
    return token in _CONTINUATIONS


def _next_state(state: _State, kind: str, token: str) -> _State:
    if token in ("/", "."):
        return _State.NAME
    if kind != "word":
        return state
    if token == "as":
        return _State.PREFIX
    if token == "version" and state is _State.AFTER:
        return _State.VERSION
    if state in (_State.NAME, _State.PREFIX, _State.VERSION):
        return _State.AFTER
    return state


def declaration_end(text: str, start: int) -> int:
    """The end of the declaration whose ``import`` keyword is at ``start``.

    That is just after its ``;``, or after its last token when the ``;`` is missing.
    Tokens on the ``import``'s lines that cannot continue it (garbage) stay in it, so the
    parser reports them inside the declaration.
    """
    m = _ONE_LINE_DECL.match(text, start)
    if (
        m is not None
        and m.end() - start < MAX_ONE_LINE_LENGTH
        and not _IMPORT_KEYWORD.search(m.group(), len("import"))
    ):
        return m.end()
    pos = end = start + len("import")
    state = _State.NAME
    new_line = False
    tokens = 1
    while tokens < MAX_DECLARATION_TOKENS:
        m = _TOKEN.match(text, pos)
        if m is None:
            return end
        kind = m.lastgroup or ""
        token = m.group()
        if kind == "space":
            new_line = new_line or any(c in token for c in LINE_BREAKS)
            pos = m.end()
            continue
        if kind == "comment":
            pos = m.end()
            continue
        if (kind == "word" and token == "import") or (
            new_line and not _continues(state, kind, token)
        ):
            return end
        pos = end = m.end()
        tokens += 1
        if token == ";":
            return end
        state = _next_state(state, kind, token)
        new_line = False
    return end


def section_start(text: str) -> int:
    """Where the text's first token may start: a byte-order mark may survive decoding."""
    return 1 if text.startswith("\ufeff") else 0


def scan_section(text: str) -> tuple[list[DeclarationRange], int]:
    """The import declarations at the top of ``text`` and the offset where the section ends.

    ``imports.parse_imports`` walks the section the same way, reading a plain one-line
    declaration and finding its end in one step.
    """
    ranges: list[DeclarationRange] = []
    pos = skip_trivia(text, section_start(text))
    while is_import_at(text, pos):
        end = declaration_end(text, pos)
        ranges.append(DeclarationRange(pos, end))
        pos = skip_trivia(text, end)
    return ranges, pos


def section_extent(text: str, end: int) -> int | None:
    """How much of ``text`` decides its import section, which ends at ``end``: up to the
    token after the section and one character more. None when the text ends first, since
    more text could still continue the section."""
    m = _TOKEN.match(text, end)
    if m is None or m.end() >= len(text):
        return None
    return m.end() + 1


def _first_on_line(text: str, pos: int) -> bool:
    i = pos - 1
    while i >= 0 and text[i] in " \t\f":
        i -= 1
    return i < 0 or text[i] in LINE_BREAKS


def find_late_imports(text: str, start: int) -> list[DeclarationRange]:
    """Import declarations that begin a line at or after ``start`` (after other declarations).

    An ``import`` inside a comment or string never begins a line; one inside a multi-line
    backtick template does, so those are left out.
    """
    candidates = []
    pos = text.find("import", start)
    # A plain substring search first: the word is rare outside the import section.
    while pos >= 0:
        if is_import_at(text, pos) and _first_on_line(text, pos):
            candidates.append(pos)
        pos = text.find("import", pos + len("import"))
    if not candidates:
        return []
    templates = template_text_spans(text, start)
    ranges: list[DeclarationRange] = []
    t = 0
    for pos in candidates:
        while t < len(templates) and templates[t][1] <= pos:
            t += 1
        if t < len(templates) and templates[t][0] <= pos:
            continue
        if ranges and pos < ranges[-1].end:
            continue
        ranges.append(DeclarationRange(pos, declaration_end(text, pos)))
    return ranges
