"""One import declaration through the lark grammar, with error recovery, into an ImportDecl.

The parse runs on the declaration's text alone (found by ``import_scan``), so an error never
spills into the next declaration. Recovery is lark's LALR ``on_error`` hook (``_Recovery``):
an unexpected character or token is skipped and reported; where a name, a version or the
``;`` is missing, a zero-width token is inserted and reported as missing. Inserted tokens
have an empty value, which is how the tree walk tells them from written ones.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from functools import lru_cache

from lark import Lark, Token, Tree
from lark.exceptions import LarkError, UnexpectedCharacters, UnexpectedInput, UnexpectedToken
from lark.parsers.lalr_interactive_parser import InteractiveParser

from balmod.syntax.grammar import load_grammar
from balmod.syntax.import_model import ImportDecl, ImportSyntaxError, Name
from balmod.syntax.lexical import WHITESPACE
from balmod.text import Span

logger = logging.getLogger(__name__)

_MESSAGE_TEXT_LIMIT = 40

# What the parser is missing, by the token it last shifted, when it needs a name.
_MISSING_NAME = {
    "IMPORT": "missing module name",
    "SLASH": "missing module name",
    "DOT": "missing identifier after '.'",
    "AS": "missing prefix after 'as'",
}


def _parser() -> Lark:
    return load_grammar("imports", lexer="basic")


@dataclass(slots=True)
class _Problem:
    """An error as recovery records it; unexpected runs are merged before reporting."""

    start: int
    end: int
    missing: str | None = None  # the message of a "missing X" error
    what: str = "token"  # for unexpected text: "token" or "character"


def _end_of(value: object) -> int:
    """The end offset of a value on lark's parse stack (a token or a positioned subtree)."""
    if isinstance(value, Token):
        return value.end_pos if value.end_pos is not None else 0
    if isinstance(value, Tree) and not value.meta.empty:
        end: int = value.meta.end_pos
        return end
    return 0


def _accepts(parser: InteractiveParser) -> set[str]:
    """The terminals the parser can take next."""
    accepts: set[str] = parser.accepts()  # type: ignore[no-untyped-call]
    return accepts


class _Recovery:
    """lark ``on_error`` handler: repairs the parse and records what it repaired."""

    # Enough insertions to complete a declaration from any state (name, version, `;`).
    _MAX_INSERTIONS = 4

    def __init__(self) -> None:
        self.problems: list[_Problem] = []

    def __call__(self, error: UnexpectedInput) -> bool:
        if isinstance(error, UnexpectedCharacters):
            # lark skips the character when this returns True.
            pos = error.pos_in_stream or 0
            self.problems.append(_Problem(pos, pos + 1, what="character"))
            return True
        if not isinstance(error, UnexpectedToken) or error.interactive_parser is None:
            return False
        parser = error.interactive_parser
        token = error.token
        if token.type == "$END":
            # lark feeds the end again when this returns; it must be acceptable by then.
            return self._insert_until(parser, "$END")
        if token.type == "SEMICOLON":
            if not self._insert_until(parser, "SEMICOLON"):
                return False
            parser.feed_token(token)
            return True
        start = token.start_pos if token.start_pos is not None else 0
        end = token.end_pos if token.end_pos is not None else start
        self.problems.append(_Problem(start, end))
        return True

    def _insert_until(self, parser: InteractiveParser, wanted: str) -> bool:
        """Insert missing tokens before the current one until ``wanted`` is acceptable."""
        for _ in range(self._MAX_INSERTIONS):
            accepts = _accepts(parser)
            if wanted in accepts:
                return True
            stack = parser.parser_state.value_stack
            last = stack[-1] if stack else None
            at = _end_of(last)
            if "SEMICOLON" in accepts:
                kind, message = "SEMICOLON", "missing ';'"
            elif "IDENTIFIER" in accepts:
                last_type = last.type if isinstance(last, Token) else ""
                kind, message = "IDENTIFIER", _MISSING_NAME.get(last_type, "missing identifier")
            elif "VERSION_NUMBER" in accepts:
                kind, message = "VERSION_NUMBER", "missing version number"
            else:
                return False
            parser.feed_token(Token(kind, "", start_pos=at, end_pos=at))
            self.problems.append(_Problem(at, at, missing=message))
        return wanted in _accepts(parser)


def _quote(text: str) -> str:
    """``text`` quoted for a message: shortened, and escaped where it is not plain."""
    shown = text if len(text) <= _MESSAGE_TEXT_LIMIT else text[: _MESSAGE_TEXT_LIMIT - 3] + "..."
    plain = "'" not in shown and all(c.isprintable() for c in shown)
    return f"'{shown}'" if plain else repr(shown)


def _report(problems: list[_Problem], text: str) -> tuple[ImportSyntaxError, ...]:
    """Errors in text order; adjacent unexpected tokens and characters become one error."""
    errors: list[ImportSyntaxError] = []
    run: list[_Problem] = []

    def flush() -> None:
        if not run:
            return
        start, end = run[0].start, run[-1].end
        what = run[0].what if len(run) == 1 else "text"
        message = f"unexpected {what} {_quote(text[start:end])}"
        errors.append(ImportSyntaxError(message, Span(start, end)))
        run.clear()

    for problem in sorted(problems, key=lambda p: (p.start, p.end)):
        if problem.missing is not None:
            flush()
            span = Span(problem.start, problem.end)
            errors.append(ImportSyntaxError(problem.missing, span))
            continue
        if run and text[run[-1].end : problem.start].strip(WHITESPACE):
            flush()
        run.append(problem)
    flush()
    return tuple(errors)


def _token_span(token: Token) -> Span:
    start = token.start_pos or 0
    return Span(start, token.end_pos if token.end_pos is not None else start)


def _name(token: Token) -> Name | None:
    """The Name a token writes, or None for a token recovery inserted."""
    if not token.value:
        return None
    value = token.value[1:] if token.type == "QUOTED_IDENTIFIER" else token.value
    return Name(value, _token_span(token))


def _subtree(value: object) -> Tree[Token] | None:
    return value if isinstance(value, Tree) else None


def _clause_name(clause: Tree[Token]) -> Name | None:
    """The name in ``org`` or ``prefix_clause``: the ``name`` subtree's token, if written."""
    name = clause.children[-1]
    assert isinstance(name, Tree) and isinstance(name.children[0], Token)
    return _name(name.children[0])


def _to_decl(tree: Tree[Token]) -> ImportDecl:
    """The ImportDecl a parse tree describes (a direct walk: the tree's shape is fixed).

    ``import_decl`` has seven children, optional ones as None:
    IMPORT, org, SLASH, module_name, version_clause, prefix_clause, SEMICOLON.
    """
    decl = tree.children[0]
    assert isinstance(decl, Tree)
    _, org, slash, module, version, prefix, semicolon = decl.children
    assert isinstance(module, Tree) and isinstance(semicolon, Token)
    parts = (
        _name(child.children[0])
        for child in module.children
        if isinstance(child, Tree) and isinstance(child.children[0], Token)
    )
    version_tree = _subtree(version)
    version_name: Name | None = None
    version_span: Span | None = None
    if version_tree is not None:
        keyword, number = version_tree.children
        assert isinstance(keyword, Token) and isinstance(number, Token)
        version_name = _name(number)
        end = version_name.span.end if version_name else _token_span(keyword).end
        version_span = Span(_token_span(keyword).start, end)
    org_tree = _subtree(org)
    prefix_tree = _subtree(prefix)
    return ImportDecl(
        span=Span(0, 0),  # the caller knows the declaration's extent
        org=_clause_name(org_tree) if org_tree is not None else None,
        module=tuple(part for part in parts if part is not None),
        prefix=_clause_name(prefix_tree) if prefix_tree is not None else None,
        version=version_name,
        has_semicolon=bool(semicolon.value),
        slash=_token_span(slash) if isinstance(slash, Token) else None,
        has_as=prefix_tree is not None,
        version_clause=version_span,
    )


def _moved(span: Span, delta: int) -> Span:
    return Span(span.start + delta, span.end + delta)


def _moved_name(name: Name, delta: int) -> Name:
    return Name(name.value, _moved(name.span, delta))


def _shifted(decl: ImportDecl, delta: int) -> ImportDecl:
    """``decl`` parsed from a slice, with every span moved to where the slice starts."""
    if delta == 0:
        return decl
    return ImportDecl(
        span=_moved(decl.span, delta),
        org=_moved_name(decl.org, delta) if decl.org else None,
        module=tuple(_moved_name(part, delta) for part in decl.module),
        prefix=_moved_name(decl.prefix, delta) if decl.prefix else None,
        version=_moved_name(decl.version, delta) if decl.version else None,
        has_semicolon=decl.has_semicolon,
        slash=_moved(decl.slash, delta) if decl.slash else None,
        has_as=decl.has_as,
        errors=tuple(ImportSyntaxError(e.message, _moved(e.span, delta)) for e in decl.errors),
        version_clause=_moved(decl.version_clause, delta) if decl.version_clause else None,
    )


@lru_cache(maxsize=4096)
def _parse_source(source: str) -> ImportDecl:
    """One declaration's text (``import`` through its last token), spans relative to it.

    Cached by text: while a file is edited its declarations are mostly unchanged.
    """
    span = Span(0, len(source))
    recovery = _Recovery()
    try:
        decl = _to_decl(_parser().parse(source, on_error=recovery))
    except LarkError:
        # Recovery completes every declaration this grammar can start; keep a marker if not.
        logger.warning("import declaration could not be recovered: %r", source[:80])
        error = ImportSyntaxError("invalid import declaration", span)
        return ImportDecl(span=span, org=None, module=(), errors=(error,))
    return replace(decl, span=span, errors=_report(recovery.problems, source))


def parse_declaration(text: str, start: int, end: int) -> ImportDecl:
    """Parse the declaration in ``text[start:end]`` (from ``import`` to its last token)."""
    return _shifted(_parse_source(text[start:end]), start)
