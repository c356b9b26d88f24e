"""Well-formed import declarations read by a regular expression, without the lark parser.

Nearly every declaration in real code is one of a few plain forms
(``import org/a.b.c version 1.2.3 as p;``, each clause optional). This reads those and
builds the very ``ImportDecl`` the grammar path (``import_parser``) builds for them, spans
included. It answers only where that is certain, and returns None for anything else, which
then goes to lark:

- names are plain ASCII identifiers (lark's ``IDENTIFIER`` tokenises them the same way),
  and none is a reserved word or ``version``: ``import``, ``as`` and ``version`` lex as
  keywords, and whether another reserved word may stand as a name is the grammar's call;
- tokens are separated by whitespace only where the lexer needs it to split two words
  (``import a``, ``b as p``, ``version 1.2``); no comments, quotes or escapes;
- the version number is the grammar's ``VERSION_NUMBER`` taken whole (an atomic group, as
  the lexer's greedy match takes it), followed by whitespace or ``;``;
- the declaration ends with its ``;``.

Such a text is a sentence of the grammar token for token, so lark parses it without errors
and the tree holds exactly these tokens at these offsets.
"""

from __future__ import annotations

import re
from functools import lru_cache

from balmod.syntax.import_model import ImportDecl, Name
from balmod.syntax.import_scan import MAX_ONE_LINE_LENGTH
from balmod.syntax.keywords import RESERVED_KEYWORDS
from balmod.syntax.lexical import COMMENT
from balmod.text import Span

# Words that are not plain names in a declaration: keywords, and `version`, which is a name
# or the 1.x clause's keyword depending on where it stands.
_NOT_PLAIN = RESERVED_KEYWORDS | {"version"}

_NAME = r"[A-Za-z_][A-Za-z0-9_]*+"
# grammar/imports.lark's VERSION_NUMBER in ASCII digits, atomic so that it takes what the
# lexer's greedy match takes (a Unicode digit after it fails the match: lark decides those).
_VERSION_NUMBER = r"(?>[0-9]+(?:\.[0-9]+)*(?:[-+][0-9A-Za-z.+-]*)?)"
# The same without a pre-release or build suffix (see _NEXT_ONE_LINE); what follows it in a
# match is a space or `;`, so the lexer's token ends there too.
_PLAIN_VERSION_NUMBER = r"(?>[0-9]+(?:\.[0-9]+)*)"


def _declaration(space: str, version_number: str, *, groups: bool) -> str:
    """A well-formed declaration whose tokens may be separated by ``space`` characters,
    with its parts as named groups, or with no groups where only its extent matters."""

    def group(name: str, pattern: str) -> str:
        return f"(?P<{name}>{pattern})" if groups else f"(?:{pattern})"

    org, slash = group("org", _NAME), group("slash", "/")
    first = group("first", _NAME)
    rest = group("rest", rf"(?:{space}*+\.{space}*+{_NAME})*+")
    keyword, version = group("version_keyword", "version"), group("version", version_number)
    prefix = group("prefix", _NAME)
    return (
        f"import{space}++"
        f"(?:{org}{space}*+{slash}{space}*+)?"
        f"{first}{rest}"
        f"(?:{space}++{keyword}{space}++{version})?"
        f"(?:{space}++as{space}++{prefix})?"
        f"{space}*+;"
    )


# Matched against one declaration's text as `import_scan` delimits it.
_DECLARATION = re.compile(_declaration(r"[ \t\f\r\n]", _VERSION_NUMBER, groups=True))

# Trivia, then (group 1) a declaration on one line whose characters
# `import_scan._ONE_LINE_DECL` accepts up to its `;` (no `\f`, no `-` or `+`, no `//`, no
# `import` word inside): for it, `declaration_end` is exactly this match's end, so the
# section scan can take it as read.
_ONE_LINE = _declaration(r"[ \t]", _PLAIN_VERSION_NUMBER, groups=False)
_NEXT_ONE_LINE = re.compile(rf"(?:[ \t\f\r\n]++|{COMMENT})*+({_ONE_LINE})")
_PART = re.compile(_NAME)


def _decl(m: re.Match[str], at: int) -> ImportDecl | None:
    """The ImportDecl a ``_DECLARATION`` match describes, its offsets moved by ``at``; None
    when one of its names is not plain."""
    first, rest, org_value, prefix_value, version_value = m.group(
        "first", "rest", "org", "prefix", "version"
    )
    if first in _NOT_PLAIN:
        return None
    start = m.start("first") + at
    first_name = Name(first, Span(start, start + len(first)))
    module: tuple[Name, ...] = (first_name,)
    if rest:
        parts = [first_name]
        for part in _PART.finditer(m.string, *m.span("rest")):
            value = part.group()
            if value in _NOT_PLAIN:
                return None
            start = part.start() + at
            parts.append(Name(value, Span(start, start + len(value))))
        module = tuple(parts)
    org: Name | None = None
    slash: Span | None = None
    if org_value is not None:
        if org_value in _NOT_PLAIN:
            return None
        start = m.start("org") + at
        org = Name(org_value, Span(start, start + len(org_value)))
        start = m.start("slash") + at
        slash = Span(start, start + 1)
    prefix: Name | None = None
    if prefix_value is not None:
        if prefix_value in _NOT_PLAIN:
            return None
        start = m.start("prefix") + at
        prefix = Name(prefix_value, Span(start, start + len(prefix_value)))
    version: Name | None = None
    version_clause: Span | None = None
    if version_value is not None:
        start = m.start("version") + at
        version = Name(version_value, Span(start, start + len(version_value)))
        version_clause = Span(m.start("version_keyword") + at, version.span.end)
    return ImportDecl(
        span=Span(at, at + len(m.string)),
        org=org,
        module=module,
        prefix=prefix,
        version=version,
        has_semicolon=True,
        slash=slash,
        has_as=prefix is not None,
        version_clause=version_clause,
    )


@lru_cache(maxsize=4096)
def _declaration_at(source: str, at: int) -> ImportDecl | None:
    """The plain declaration ``source`` written at offset ``at``, or None.

    Cached by both: a file being edited keeps its declarations where they were, and the
    files of a project repeat the same imports at the same offsets. The results are
    immutable, so sharing them is safe.
    """
    m = _DECLARATION.fullmatch(source)
    return _decl(m, at) if m is not None else None


def read_declaration(text: str, start: int, end: int) -> ImportDecl | None:
    """The declaration in ``text[start:end]`` if it is well-formed and plain, else None."""
    return _declaration_at(text[start:end], start)


def read_next_declaration(text: str, pos: int) -> ImportDecl | None:
    """The declaration after the whitespace and comments at ``pos``, if it is a plain
    well-formed one on one line; its span ends where the section scan would end it."""
    m = _NEXT_ONE_LINE.match(text, pos)
    if m is None:
        return None
    start = m.start(1)
    if m.end() - start >= MAX_ONE_LINE_LENGTH:
        return None
    return _declaration_at(m.group(1), start)
