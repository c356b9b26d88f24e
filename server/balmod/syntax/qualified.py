"""Qualified identifiers (``prefix:name``) in the body of a Ballerina file, in one pass.

A qualified identifier has no whitespace around its colon. Other colons look the same in
places, so every reference carries ``certain``: False where the text is ambiguous, and an
uncertain reference must never lead to an "undefined module" report (it still counts as a
use of its prefix). The ambiguous places:

- a field of a mapping constructor or binding pattern, ``{a:b}`` or ``{x: 1, y:z}``: a
  ``key:value`` right after ``{`` or ``,`` in braces that may be a mapping;
- a conditional expression written without spaces, ``c?a:b``, while a ``?`` is pending;
- a prefix bound by ``xmlns "..." as ns;``, and XML names in ``x.<ns:tag>``/``x/<ns:tag>``;
- a chain ``a:b:c``, and a name still being typed (``http:``).

The scanner skips comments, string literals and backtick templates (scanning inside their
``${...}`` interpolations, which may nest templates). One compiled regex finds the tokens
that matter (comments, strings, braces, backticks, colons, ``?``); everything between them
is passed over in C, and a little state (open braces and templates, pending ``?``s) is kept
in Python.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from balmod.syntax.lexical import COMMENT, STRING
from balmod.text import Span

_IDENT = r"'?[^\W\d]\w*"

# The tokens the scanner looks at in code; everything between them is passed over in C.
# Comments and strings are matched so that what they contain is never taken for code. The
# kind of a token is its first character; every alternative starts with a plain character
# and there are no groups, which lets the regex engine skip to candidates quickly.
_TOKEN = re.compile(
    rf"//[^\r\n]*|#[^\r\n]*|{STRING}|:(?:{_IDENT})?|[{{}}`]|\?[.:]?"
    r"|\.<[^<>\r\n]*>?|/(?:\*\*/)?<[^<>\r\n]*>?"
)
_XML_STEP_START = re.compile(r"\.|/(?:\*\*/)?")
# What follows a `?` that ends a type (`int? x`, `error?)`, `T?[]`), unless the next word is
# `prefix:`, which makes it a conditional (`c? a:b`).
_TYPE_SUFFIX_FOLLOWER = re.compile(rf"[)\]}},;>|=&{{]|\[\]|(?>[ \t\f\r\n]+)(?!{_IDENT}:)|\Z")
_TEMPLATE = re.compile(r"`|\$\{")
_XML_NAME = re.compile(rf"(?P<prefix>{_IDENT}):(?P<name>{_IDENT})?")
_XMLNS = re.compile(rf"""xmlns(?![\w'])\s*{STRING}\s*as\s+({_IDENT})""")
# Backward scans run forward over the reversed text.
_REVERSED_WORD = re.compile(r"\w*")
_REVERSED_SPACE = re.compile(r"[ \t\f\r\n]*")
_FIELD_END = re.compile(r"[ \t\f\r\n]*[,}]")
# Strings and comments of one line; only comments have a group name.
_LINE_TOKENS = re.compile(rf"(?P<comment>{COMMENT})|{STRING}")

# What may come right after `prefix:` while the name is being typed; after a space or a
# letter-less character the colon is a field's or a conditional's.
_EMPTY_NAME_FOLLOWERS = frozenset("\r\n),;]}")
# Words after which a `{` opens a mapping constructor, not a block.
_EXPRESSION_KEYWORDS = frozenset({"return", "select", "in", "check", "checkpanic", "yield"})
# Characters after which a `{` opens a mapping constructor (`= {`, `({`, `, {`, `: {`...).
_EXPRESSION_ENDS = frozenset("=(,[:!&|+-*%<")
# A line that opens a block, up to its `{`: `... returns T {`, `class C {`, `} else {`...
# (not `foreach`, `from`, `let` or `var`, which may be followed by a binding pattern).
_BLOCK_HEADER = re.compile(
    r"\b(?:returns|class|service|enum|worker|object|record|else|do|lock|transaction|retry|fork"
    r"|while|if|match|fail)\b[^{}=;]*\Z"
)


@dataclass(frozen=True, slots=True)
class QualifiedRef:
    """One ``prefix:name``; ``name`` is "" while it is being typed (``http:``)."""

    prefix: str
    name: str
    prefix_span: Span
    name_span: Span
    certain: bool

    @property
    def span(self) -> Span:
        return Span(self.prefix_span.start, self.name_span.end)


@dataclass(frozen=True, slots=True)
class BodyScan:
    refs: tuple[QualifiedRef, ...]
    xmlns_prefixes: frozenset[str]

    @property
    def used_prefixes(self) -> frozenset[str]:
        """Every prefix the body uses, certainly or not (what "unused import" must check)."""
        return frozenset(ref.prefix for ref in self.refs)


# Kinds of open braces: what a `key:value` right inside them is.
_MAP = 0  # a mapping constructor: always a field
_BLOCK = 1  # a block or a type body: never a field
_UNSURE = 2  # either (`T {a:b} = x;` or `returns T {`): a field when `,` or `}` follows

# Stack entries that are not braces (a brace is its offset, >= 0).
_TEMPLATE_TEXT = -1
_INTERPOLATION = -2


def _unquote(identifier: str) -> str:
    return identifier[1:] if identifier.startswith("'") else identifier


def _previous_significant(text: str, reversed_text: str, pos: int) -> int:
    """The offset of the last non-blank character before ``pos`` outside comments, or -1."""
    n = len(text)
    while True:
        blank = _REVERSED_SPACE.match(reversed_text, n - pos)
        assert blank is not None
        j = pos - 1 - (blank.end() - blank.start())
        # A comment runs to its line's end, so only a character on an earlier line can be in one.
        if j < 0 or not any(c in blank.group() for c in "\r\n"):
            return j
        line_start = max(text.rfind("\n", 0, j), text.rfind("\r", 0, j)) + 1
        if text.find("//", line_start, j + 1) < 0 and text.find("#", line_start, j + 1) < 0:
            return j
        # Strings on the line may hold `//` or `#` too.
        comment = next(
            (m.start() for m in _LINE_TOKENS.finditer(text, line_start, j + 1) if m.lastgroup),
            -1,
        )
        if comment < 0:
            return j
        pos = comment


def _brace_kind(text: str, reversed_text: str, pos: int) -> int:
    """Whether the ``{`` at ``pos`` opens a mapping, a block, or cannot be told."""
    j = _previous_significant(text, reversed_text, pos)
    if j < 0:
        return _UNSURE
    c = text[j]
    if c == ">" and j > 0 and text[j - 1] == "=":
        return _UNSURE  # `=>` opens a match clause's block or an arrow function's mapping
    if c in _EXPRESSION_ENDS:
        return _MAP
    if c in ");":
        return _BLOCK
    if c.isalnum() or c == "_":
        word = _REVERSED_WORD.match(reversed_text, len(text) - j - 1)
        assert word is not None
        if word.group()[::-1] in _EXPRESSION_KEYWORDS:
            return _MAP
    line_start = max(text.rfind("\n", 0, pos), text.rfind("\r", 0, pos)) + 1
    return _BLOCK if _BLOCK_HEADER.search(text, line_start, pos) else _UNSURE


class _Scanner:
    """One pass over the text: a stack of open braces and templates, and pending `?`s."""

    def __init__(self, text: str, start: int) -> None:
        self.text = text
        self.reversed_text = text[::-1]
        self.start = start
        self.refs: list[QualifiedRef] = []
        # Offsets of open braces, or _TEMPLATE_TEXT / _INTERPOLATION.
        self.stack: list[int] = []
        # Per level (the stack's length), offsets of `?`s still waiting for their `:`.
        self.pending: dict[int, list[int]] = {}
        self.brace_kinds: dict[int, int] = {}

    def run(self) -> None:
        text, stack = self.text, self.stack
        n = len(text)
        pos = self.start
        while pos < n:
            if stack and stack[-1] == _TEMPLATE_TEXT:
                m = _TEMPLATE.search(text, pos)
                if m is None:
                    return
                pos = m.end()
                if m.group() == "`":
                    stack.pop()
                else:
                    stack.append(_INTERPOLATION)
            else:
                pos = self._code(pos)

    def _code(self, pos: int) -> int:
        """Scan code from ``pos``; return where template text starts again, or the end."""
        stack, pending = self.stack, self.pending
        for m in _TOKEN.finditer(self.text, pos):
            token = m.group()
            first = token[0]
            if first == ":":
                self._colon(m.start(), token)
            elif first == "{":
                stack.append(m.start())
            elif first == "}":
                # An unbalanced `}` closes nothing; one closing `${` resumes its template.
                if stack:
                    pending.pop(len(stack), None)
                    if stack.pop() == _INTERPOLATION:
                        return m.end()
            elif first == "`":
                stack.append(_TEMPLATE_TEXT)
                return m.end()
            elif first == "?":
                if len(token) == 1:  # not `?.` or `?:`
                    self._question(m.start())
            elif first == "." or (first == "/" and token[1] != "/"):
                self._xml_step(m)
            # What is left are strings and comments.
        return len(self.text)

    def _question(self, pos: int) -> None:
        """A `?` may start a conditional, unless it ends a type (`int? x`, `error?)`)."""
        text = self.text
        after_type = pos > 0 and (text[pos - 1].isalnum() or text[pos - 1] in "_)]>")
        if after_type and _TYPE_SUFFIX_FOLLOWER.match(text, pos + 1):
            return
        self.pending.setdefault(len(self.stack), []).append(pos)

    def _answer_question(self, pos: int) -> None:
        """A conditional's colon at ``pos`` answers the level's last pending `?`."""
        if self.pending and self._pending_question(pos):
            self.pending[len(self.stack)].pop()

    def _pending_question(self, pos: int) -> bool:
        """Whether a `?` of this level still waits for its `:` (none once a `;` came)."""
        level = len(self.stack)
        questions = self.pending.get(level)
        while questions:
            if self.text.find(";", questions[-1], pos) < 0:
                return True
            questions.pop()
        self.pending.pop(level, None)
        return False

    def _in_field_position(self, pos: int, end: int) -> bool:
        """Whether a ``key:value`` at ``pos`` may be a mapping or binding-pattern field."""
        if not self.stack or self.stack[-1] < 0:
            return False
        text, reversed_text, brace = self.text, self.reversed_text, self.stack[-1]
        kind = self.brace_kinds.get(brace)
        if kind is None:
            kind = self.brace_kinds[brace] = _brace_kind(text, reversed_text, brace)
        if kind == _BLOCK:
            return False
        j = _previous_significant(text, reversed_text, pos)
        if j < 0 or text[j] not in "{,":
            return False
        if kind == _UNSURE:
            return _FIELD_END.match(text, end) is not None
        return kind == _MAP

    def _colon(self, colon: int, token: str) -> None:
        """A colon (``token`` is it and the identifier after it, if any): the middle of
        ``prefix:name``, or a field's or a conditional's colon."""
        text = self.text
        name = token[1:]
        end = colon + len(token)
        if (
            colon <= self.start
            or not (text[colon - 1].isalnum() or text[colon - 1] == "_")
            # `a: b`, `a:"x"`, `a:1`: only a line end or a closing character may follow a
            # prefix whose name is still being typed.
            or (not name and end < len(text) and text[end] not in _EMPTY_NAME_FOLLOWERS)
        ):
            self._answer_question(colon)
            return
        word = _REVERSED_WORD.match(self.reversed_text, len(text) - colon)
        assert word is not None
        prefix_start = max(colon - (word.end() - word.start()), self.start)
        if prefix_start > self.start and text[prefix_start - 1] == "'":
            prefix_start -= 1
        before = text[prefix_start - 1] if prefix_start > 0 else " "
        if text[prefix_start:colon].lstrip("'")[:1].isdigit() or before in ".'\\":
            self._answer_question(colon)  # `1:2`, `x.a:b`: not a qualified identifier
            return
        # A chain `a:b:c` has a field key or a conditional in it: neither half is certain.
        certain = bool(name) and before != ":" and not text.startswith(":", end)
        if self.pending and self._pending_question(prefix_start):
            # `c?a:b` may be a conditional; if it is, this colon answers the `?`.
            certain = False
            self.pending[len(self.stack)].pop()
        if certain and self._in_field_position(prefix_start, end):
            certain = False
        self.refs.append(
            QualifiedRef(
                prefix=_unquote(text[prefix_start:colon]),
                name=_unquote(name),
                prefix_span=Span(prefix_start, colon),
                name_span=Span(colon + 1, end),
                certain=certain,
            )
        )

    def _xml_step(self, m: re.Match[str]) -> None:
        """Names in ``x.<ns:tag>`` are XML names: never certain module references."""
        opener = _XML_STEP_START.match(m.group())
        assert opener is not None
        base = m.start() + opener.end() + 1
        for x in _XML_NAME.finditer(self.text, base, m.end()):
            prefix_start, prefix_end = x.span("prefix")
            self.refs.append(
                QualifiedRef(
                    prefix=_unquote(x.group("prefix")),
                    name=_unquote(x.group("name") or ""),
                    prefix_span=Span(prefix_start, prefix_end),
                    name_span=Span(prefix_end + 1, x.end()),
                    certain=False,
                )
            )


def _xmlns_prefixes(text: str, start: int) -> frozenset[str]:
    """Prefixes bound by ``xmlns "uri" as p;`` from ``start`` on.

    Comments are not skipped: a prefix found there only makes references uncertain.
    """
    found = set()
    for m in _XMLNS.finditer(text, start):
        before = text[m.start() - 1] if m.start() > 0 else " "
        if not (before.isalnum() or before in "_'"):
            found.add(_unquote(m.group(1)))
    return frozenset(found)


def scan_body(text: str, start: int = 0) -> BodyScan:
    """Every ``prefix:name`` from ``start`` on (normally ``ImportSection.end``); never raises."""
    start = min(max(start, 0), len(text))
    scanner = _Scanner(text, start)
    scanner.run()
    xmlns = _xmlns_prefixes(text, start)
    refs = tuple(
        QualifiedRef(r.prefix, r.name, r.prefix_span, r.name_span, False)
        if r.certain and r.prefix in xmlns
        else r
        for r in scanner.refs
    )
    return BodyScan(refs=refs, xmlns_prefixes=xmlns)
