"""Module-level symbols of one Ballerina source file: names, kinds, signatures, docs, ranges.

A hand-written scanner, not the lark grammar: it reads each declaration's header token by
token and jumps over bodies (function, class, service and enum blocks, initialisers, type
descriptors) with a regex search that only stops at braces, semicolons, string and template
starts and comments.

Reading a module is on the path of the first diagnostics and of `balmod check`, which reads
thousands, so the common shapes take shortcuts: one regex match reads a whole common
declaration (its doc lines, qualifiers, keyword, name, a simple function header, and its
body, initialiser or type descriptor). Each shortcut applies only where it gives the
token-by-token answer, which tests check by switching them off (``_FAST_PATHS``). What the
scan finds is kept as plain values (`SymbolTable`) until a `Symbol` is asked for, and its
signature, detail and documentation as ranges of the source, worked out when first asked
for (hover, completion): checking names needs none of them.

Broken text is read the way an editor needs it: an unclosed body or header ends where a line
starts with a word that can only begin a module-level declaration (``public``, ``type``,
``const``...), so one half-typed function does not hide every symbol after it.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from enum import Enum
from typing import cast, overload

from balmod.syntax.doc_comments import Documentation, parse_doc_text, parse_documentation
from balmod.syntax.keywords import RESERVED_KEYWORDS
from balmod.syntax.lexical import STRING, identifier_value
from balmod.text import Span

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

# Signatures longer than this (big record types, long initialisers) are cut and end in "…".
SIGNATURE_LIMIT = 400


class SymbolKind(Enum):
    FUNCTION = "function"
    CLASS = "class"
    TYPE = "type"
    CONSTANT = "constant"
    ENUM = "enum"
    ENUM_MEMBER = "enum member"
    VARIABLE = "variable"
    LISTENER = "listener"
    ANNOTATION = "annotation"


# What a lazy `Symbol` keeps until asked: a range of the source, or a finished value.
_Range = tuple[int, int]
# Documentation not parsed yet: a range of the source that holds its `#` lines after white
# space and other runs of doc lines (no `#` line when there is none), and whether a
# `@deprecated` annotation marks the declaration.
_PendingDoc = tuple[int, int, bool]


class Symbol:
    """One module-level declaration.

    ``name``, ``kind``, ``public`` and the spans are found by the scan; ``signature``,
    ``doc`` and ``detail`` are worked out from the source on first use and then kept.
    Checking names (the diagnostics, ``balmod check``) needs none of them, and parsing the
    documentation and normalising the headers of every declaration of every imported
    module was most of the cost of reading a module.

    Immutable (every field is a read-only property), compared and hashed by value like the
    frozen dataclass it replaces, and built from finished values the same way:
    ``Symbol(name=..., kind=..., public=..., signature=..., doc=..., span=..., ...)``.
    """

    __slots__ = (
        "_detail", "_doc", "_end", "_kind", "_name", "_name_end", "_name_start", "_public",
        "_sig", "_start", "_text",
    )  # fmt: skip

    _name: str
    _kind: SymbolKind
    _public: bool
    _start: int
    _end: int
    _name_start: int
    _name_end: int
    # The source the lazy fields are read from ("" when built from finished values).
    _text: str
    _sig: str | _Range
    _detail: str | _Range
    _doc: Documentation | _PendingDoc | None

    def __init__(
        self,
        name: str,
        kind: SymbolKind,
        public: bool,
        signature: str,
        doc: Documentation | None,
        span: Span,
        name_span: Span,
        detail: str = "",
    ) -> None:
        self._name = name
        self._kind = kind
        self._public = public
        self._start = span.start
        self._end = span.end
        self._name_start = name_span.start
        self._name_end = name_span.end
        self._text = ""
        self._sig = signature
        self._detail = detail
        self._doc = doc

    @property
    def name(self) -> str:
        return self._name

    @property
    def kind(self) -> SymbolKind:
        return self._kind

    @property
    def public(self) -> bool:
        return self._public

    @property
    def span(self) -> Span:
        """The whole declaration with its annotations (the doc comment excluded)."""
        return Span(self._start, self._end)

    @property
    def name_span(self) -> Span:
        return Span(self._name_start, self._name_end)

    @property
    def signature(self) -> str:
        """The declaration's header with whitespace normalised and comments dropped: up to
        the body for functions, classes and enums; the whole declaration (without `;`)
        otherwise."""
        value = self._sig
        if isinstance(value, str):
            return value
        value = self._sig = _normalise(self._text, value[0], value[1])
        return value

    @property
    def detail(self) -> str:
        """Functions: the return type; enum members: the enum's name; constants, variables,
        listeners and annotations: the declared type (if written)."""
        value = self._detail
        if isinstance(value, str):
            return value
        value = self._detail = _normalise(self._text, value[0], value[1])
        return value

    @property
    def doc(self) -> Documentation | None:
        """The ``#`` documentation (a `@deprecated` annotation counts as a deprecation)."""
        value = self._doc
        if not isinstance(value, tuple):
            return value
        start, end, deprecated = value
        # The range holds white space and runs of doc lines: the last run is the declaration's.
        last = -1
        for run in _DOC_RUN.finditer(self._text, start, end):
            last = run.start()
        doc: Documentation | None
        if last < 0:
            doc = Documentation("", (), None, "") if deprecated else None
        else:
            doc = parse_doc_text(_DOC_LINE_TEXT.findall(self._text, last, end))
            if deprecated and doc.deprecated is None:
                doc = replace(doc, deprecated="")
        self._doc = doc
        return doc

    def _values(self) -> tuple[object, ...]:
        return (
            self._name,
            self._kind,
            self._public,
            self.signature,
            self.doc,
            self.span,
            self.name_span,
            self.detail,
        )

    def __eq__(self, other: object) -> bool:
        if other is self:
            return True
        if not isinstance(other, Symbol):
            return NotImplemented
        return self._values() == other._values()

    def __hash__(self) -> int:
        return hash((self._name, self._kind, self._start, self._end, self._name_start))

    def __repr__(self) -> str:
        fields = ("name", "kind", "public", "signature", "doc", "span", "name_span", "detail")
        inner = ", ".join(f"{f}={v!r}" for f, v in zip(fields, self._values(), strict=True))
        return f"Symbol({inner})"

    def __reduce__(self) -> tuple[object, ...]:
        return (Symbol, self._values())


# A symbol as the scanner finds it, before a `Symbol` is made of it: `_WIDTH` values in a
# list that holds those of all the symbols of a source, one after the other: name, kind (an
# index into `_KINDS`), public, start, end, name start and end, signature start and end,
# detail (`_NO_DETAIL`, or `_ENUM_DETAIL - i` for the name of the enum at index i, or where
# its range starts) and where its range ends, documentation start and end, and deprecated
# by an annotation. Strings, numbers and booleans in one list: the garbage collector has
# one object to look at, where a `Symbol` each would be one more.
_WIDTH = 14
_NO_DETAIL = -1
_ENUM_DETAIL = -2
_KINDS = tuple(SymbolKind)
_KIND_CODES = {kind: code for code, kind in enumerate(_KINDS)}
_Found = list[str | int | bool]
_Row = tuple[str, int, bool, int, int, int, int, int, int, int, int, int, int, bool]


class _ScannedSymbol(Symbol):
    """A symbol as the scanner finds it: positions, and ranges of its source to read the
    signature, detail and documentation from when they are first asked for."""

    __slots__ = ()

    def __init__(self, text: str, found: _Found, index: int) -> None:
        at = index * _WIDTH
        (
            self._name, kind, self._public, self._start, self._end, self._name_start,
            self._name_end, sig_start, sig_end, detail, detail_end, doc_start, doc_end,
            deprecated,
        ) = cast(_Row, found[at : at + _WIDTH])  # fmt: skip
        self._kind = _KINDS[kind]
        self._text = text
        self._sig = (sig_start, sig_end)
        if detail >= 0:
            self._detail = (detail, detail_end)
        else:
            enum = found[(_ENUM_DETAIL - detail) * _WIDTH]  # the enum's name
            self._detail = "" if detail == _NO_DETAIL else cast(str, enum)
        self._doc = (doc_start, doc_end, deprecated)


class SymbolTable(Sequence[Symbol]):
    """The module-level symbols of one source, as `extract_symbols` finds them, each made
    into a `Symbol` when first asked for: checking names looks up a few of the symbols of
    each module it reads, and `balmod check` reads thousands."""

    __slots__ = ("_count", "_found", "_made", "_text")

    def __init__(self, text: str, found: _Found) -> None:
        self._text = text
        self._found = found
        self._count = len(found) // _WIDTH
        self._made: list[Symbol | None] | None = None

    def names(self) -> list[str]:
        """The symbols' names, in order, without making the symbols."""
        return cast(list[str], self._found[::_WIDTH])

    def __len__(self) -> int:
        return self._count

    @overload
    def __getitem__(self, index: int) -> Symbol: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[Symbol, ...]: ...

    def __getitem__(self, index: int | slice) -> Symbol | tuple[Symbol, ...]:
        count = self._count
        if isinstance(index, slice):
            return tuple(self[i] for i in range(*index.indices(count)))
        if not -count <= index < count:
            raise IndexError("symbol index out of range")
        if index < 0:
            index += count
        made = self._made
        if made is None:
            made = self._made = [None] * count
        symbol = made[index]
        if symbol is None:
            symbol = made[index] = _ScannedSymbol(self._text, self._found, index)
        return symbol

    def __iter__(self) -> Iterator[Symbol]:
        for index in range(self._count):
            yield self[index]

    def __repr__(self) -> str:
        return f"SymbolTable({list(self)!r})"


# --- Lexical pieces -------------------------------------------------------------------------

# Ballerina's whitespace (the import grammar's), plus a byte-order mark.
_WS_CHARS = " \t\f\r\n\ufeff"
_ID_INITIAL = r"[A-Za-z_]|[^\x00-\x7f\s\ufeff]"
_ID_FOLLOWING = r"[A-Za-z0-9_]|[^\x00-\x7f\s\ufeff]"
_ID_ESCAPE = r"\\u\{[0-9A-Fa-f]{1,6}\}|\\[^A-Za-z0-9_\s]"
# A Ballerina identifier, quoted (`'int`) or not, with `\` escapes (a regex source).
IDENTIFIER = (
    rf"'(?:{_ID_FOLLOWING}|{_ID_ESCAPE})+"
    rf"|(?:{_ID_INITIAL}|{_ID_ESCAPE})(?:{_ID_FOLLOWING}|{_ID_ESCAPE})*"
)

# One token of a declaration header. Every character starts some alternative, so `match`
# never fails inside the text. A backtick only opens a template; `_skip` reads the rest.
_TOKEN = re.compile(
    rf"(?P<ws>[{_WS_CHARS}]+)"
    r"|(?P<com>//[^\r\n]*)"
    r"|(?P<doc>#[^\r\n]*)"
    rf"|(?P<str>{STRING})"
    r"|(?P<tpl>`)"
    rf"|(?P<id>{IDENTIFIER})"
    r"|(?P<num>[0-9][0-9A-Za-z_.]*)"
    rf"|(?P<op>\.\.\.|=>|\{{\||\|\}}|[^{_WS_CHARS}])",
    re.DOTALL,
)
# The same tokens with the whitespace and comments before them, so that finding the next
# significant token is one match. No alternative matching means the end of the text.
_NEXT = re.compile(
    rf"[{_WS_CHARS}]*(?://[^\r\n]*[{_WS_CHARS}]*)*"
    r"(?:(?P<doc>#[^\r\n]*(?:(?:\r\n?|\n)[ \t\f]*#[^\r\n]*)*)"
    rf"|(?P<str>{STRING})"
    r"|(?P<tpl>`)"
    rf"|(?P<id>{IDENTIFIER})"
    r"|(?P<num>[0-9][0-9A-Za-z_.]*)"
    rf"|(?P<op>\.\.\.|=>|\{{\||\|\}}|[^{_WS_CHARS}]))?",
    re.DOTALL,
)

# Words that can only begin a module-level declaration or statement. One of them at the very
# start of a line, where a body or header is still open, means that body or header is broken.
_RECOVERY_WORDS = frozenset(
    {
        "public", "type", "class", "const", "enum", "listener", "annotation",
        "configurable", "import", "xmlns", "function", "isolated", "service", "final",
    }
)  # fmt: skip
# ...except these, which also begin members of an object type written without indentation.
_MEMBER_WORDS = frozenset({"public", "function", "isolated", "final"})
# The same idea for the fast body skipper: inside a function body or an initialiser, any
# module-level keyword or named function definition at column 0 ends it (`xmlns` is left
# out, being a statement too). This misreads only object constructors whose members are not
# indented, which formatted code never has, while a half-typed `if x {` is common.
_RECOVERY_LOOKAHEAD = (
    r"(?:(?:public|type|class|const|enum|listener|annotation|configurable|import)\b"
    r"|(?:isolated[ \t]+)?function[ \t]+[^\s(])"
)
# In class, service and object type bodies, where `public` and `function` start members at
# any indentation, only a declaration that no member can be.
_STRONG_RECOVERY_LOOKAHEAD = (
    r"(?:public[ \t]+)?(?:(?:isolated|client|distinct|readonly|service)[ \t]+)*"
    r"(?:type|class|const|enum|listener|annotation|configurable|import)\b"
)
_STRONG_RECOVERY = re.compile(_STRONG_RECOVERY_LOOKAHEAD)

# Events are matched whole where that is all there is to do: a string or a comment.
_BRACE_EVENTS = rf"[{{}}`]|{STRING}|(?://|#)[^\r\n]*"
_SEMICOLON_EVENTS = rf"[{{}}`;]|{STRING}|(?://|#)[^\r\n]*"
_ANY_RECOVERY = rf"[\r\n](?={_RECOVERY_LOOKAHEAD}|{_STRONG_RECOVERY_LOOKAHEAD})"
# Indexed by (stop at semicolons, recover at line-start keywords).
_CODE_EVENTS = {
    (False, False): re.compile(_BRACE_EVENTS),
    (True, False): re.compile(_SEMICOLON_EVENTS),
    (False, True): re.compile(rf"{_BRACE_EVENTS}|{_ANY_RECOVERY}"),
    (True, True): re.compile(rf"{_SEMICOLON_EVENTS}|{_ANY_RECOVERY}"),
}
_TEMPLATE_EVENTS = re.compile(r"`|\$\{")


# The common case of `_skip` in one regex match: code with no template, braces nested at
# most `_FAST_NESTING` deep and no line break before a lowercase letter (every recovery
# keyword is lowercase, so `_skip` cannot stop at one), ending where `_skip` ends it: after
# the brace closing the block, or a `;` outside braces. Formatted code indents what is inside
# a declaration, so this is nearly every body, initialiser and type descriptor. Each level's
# repetition is atomic, so a match takes linear time; where the regex does not match,
# `_skip` runs its event loop from the same place, and the answer is the same either way.
_FAST_NESTING = 4
# The regex shortcuts (these, and `_ITEMS` for the start of an item) can be switched off, so
# that tests can compare every answer with the token-by-token reading.
_FAST_PATHS = True


def _chars_except(excluded: str, ascii_text: bool) -> str:
    """A character class of every character but ``excluded``. For text that is all ASCII,
    the other characters below 256 written as ranges: the regex engine tests that class
    (a bitmap) about twice as fast as ``[^...]``, and it compiles quickly only without the
    characters above 255, which such text does not have."""
    if not ascii_text:
        return "[^" + "".join(re.escape(c) for c in excluded) + "]"
    ranges: list[str] = []
    low = 0
    for code in [*sorted({ord(c) for c in excluded}), 256]:
        if code > low:
            first, last = re.escape(chr(low)), re.escape(chr(code - 1))
            ranges.append(first if code - 1 == low else f"{first}-{last}")
        low = code + 1
    return f"[{''.join(ranges)}]"


# A template whose interpolations hold no brace, template or comment. `_skip` ends nothing
# inside a template (no `;`, no recovery keyword), so its text may hold anything else.
_SIMPLE_TEMPLATE = rf'`(?>[^`$]+|\$(?!\{{)|\$\{{(?>[^{{}}`"#/]+|{STRING}|/(?!/))*\}})*`'


# A possessive repetition takes a fifth less time than the same in an atomic group, but
# could match wrongly before Python 3.11.5 (gh-106052).
_POSSESSIVE = sys.version_info >= (3, 11, 5)


def _atomic_repeat(body: str, possessive: bool) -> str:
    """``body`` repeated as often as it matches, never given back."""
    return f"(?:{body})*+" if possessive else f"(?>(?:{body})*)"


def _code_piece(semicolon: bool, ascii_text: bool, possessive: bool) -> str:
    """One piece of code other than a brace (or a `;` when ``semicolon``): a line break not
    before a lowercase letter and the plain characters after it, a run of plain characters,
    a string, a simple template, a comment, or a `/`.

    The alternatives start with different characters (but the comment and the `/`, in that
    order), so which matches does not depend on their order: the commonest come first. A
    piece need not be atomic: inside the atomic repetition, nothing after it can fail."""
    plain = _chars_except('{}"`/#\r\n;' if semicolon else '{}"`/#\r\n', ascii_text)
    string_char = _chars_except('"\\\r\n', ascii_text)
    escapes = _atomic_repeat(rf"\\[^\r\n]{string_char}*", possessive)
    string = rf'"{string_char}*{escapes}"?'  # `lexical.STRING`
    rest_of_line = _chars_except("\r\n", ascii_text)
    return (
        rf"[\r\n](?![a-z]){plain}*|{plain}+|{string}|{_SIMPLE_TEMPLATE}"
        rf"|(?://|#){rest_of_line}*|/"
    )


def _fast_skip(semicolon: bool, ascii_text: bool, possessive: bool) -> str:
    """The regex for `_skip` from inside one brace (``semicolon`` False) or from depth 0 up
    to a `;` (``semicolon``), for text that is all ASCII or for any text."""
    inner = _code_piece(False, ascii_text, possessive)
    nested = _atomic_repeat(inner, possessive)
    for _ in range(_FAST_NESTING - 1):
        nested = _atomic_repeat(f"{inner}|\\{{{nested}\\}}", possessive)
    if not semicolon:
        return f"{nested}\\}}"
    return (
        _atomic_repeat(f"{_code_piece(True, ascii_text, possessive)}|\\{{{nested}\\}}", possessive)
        + ";"
    )


# `_fast_skip` compiled when first needed, by (``semicolon``, ``ascii_text``). The item
# regexes (`_items`) hold them too; these serve `_skip`.
_SKIPS: dict[tuple[bool, bool], re.Pattern[str]] = {}


def _fast_skip_regex(semicolon: bool, ascii_text: bool) -> re.Pattern[str]:
    key = (semicolon, ascii_text)
    pattern = _SKIPS.get(key)
    if pattern is None:
        pattern = _SKIPS[key] = re.compile(_fast_skip(semicolon, ascii_text, _POSSESSIVE))
    return pattern


_ANY_WS = re.compile(r"\s+")
_NEEDS_TOKENS = re.compile(r'[#"`]|//')
_WS_RUN = re.compile(f"[{_WS_CHARS}]+")
_TIGHT_SPACE = re.compile(r"(?<=[(\[]) | (?=[)\],;])")

_QUALIFIERS = frozenset(
    {
        "public", "isolated", "transactional", "distinct", "readonly", "client", "service",
        "final", "configurable",
    }
)  # fmt: skip
_OPENERS = frozenset({"(", "[", "{", "{|"})
_CLOSERS = frozenset({")", "]", "}", "|}"})
_TYPE_BRACE_KEYWORDS = frozenset({"record", "object"})

# Why `_skip` stopped.
_CLOSED = 0  # after the `}` (or backtick) that closed what it was skipping
_SEMI = 1  # after a `;` at depth 0
_STRAY = 2  # at an unbalanced `}` (not consumed)
_RECOVERED = 3  # at a line-start keyword (not consumed)
_EOF = 4


def _skip(
    text: str,
    pos: int,
    *,
    depth: int = 0,
    semicolon: bool = False,
    recover: int | None = None,
    strong_from: int | None = None,
    template: bool = False,
) -> tuple[int, int]:
    """Skip code from ``pos``; return (position, why it stopped).

    With ``depth`` > 0, ``pos`` is inside that many open braces and the skip ends after the
    brace closing the outermost. With ``semicolon``, it ends after a `;` at depth 0 (or at a
    stray `}`). With ``template``, ``pos`` is inside backtick text and the skip ends after the
    closing backtick. From depth ``recover`` on, a line-start declaration keyword ends the
    skip; from depth ``strong_from`` on (inside class, service and object type bodies) only
    one that no member can start.
    Strings, templates (with nested ``${...}``) and comments are skipped whole; an iterative
    stack keeps pathological nesting from exhausting Python's recursion limit.
    """
    if _FAST_PATHS and not template and depth == (0 if semicolon else 1):
        m = _fast_skip_regex(semicolon, text.isascii()).match(text, pos)
        if m is not None:
            return m.end(), _SEMI if semicolon else _CLOSED
    n = len(text)
    events = _CODE_EVENTS[semicolon, recover is not None]
    # Saved code depths (>= 0) to resume when a template closes, and -1 for "this code frame
    # is an interpolation: return to template text when its braces close".
    stack: list[int] = []
    in_template = template
    while pos < n:
        if in_template:
            m = _TEMPLATE_EVENTS.search(text, pos)
            if m is None:
                return n, _EOF
            pos = m.end()
            if m.group() == "`":
                if not stack:
                    return pos, _CLOSED
                depth = stack.pop()
                in_template = False
            else:
                stack.append(-1)
                depth = 1
                in_template = False
            continue
        m = events.search(text, pos)
        if m is None:
            return n, _EOF
        char = text[m.start()]
        pos = m.end()
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if stack:
                if depth == 0 and stack[-1] == -1:
                    stack.pop()
                    in_template = True
            elif semicolon:
                if depth < 0:
                    return m.start(), _STRAY
            elif depth <= 0:
                return pos, _CLOSED
        elif char == "`":
            stack.append(depth)
            in_template = True
        elif char == '"' or char == "#" or char == "/":
            pass  # a string or comment, already skipped whole
        elif char == ";":
            if not stack and depth == 0:
                return pos, _SEMI
        elif (
            not stack
            and recover is not None
            and depth >= recover
            and (strong_from is None or depth < strong_from or _STRONG_RECOVERY.match(text, pos))
        ):
            # A line break before a declaration keyword: stop at the keyword.
            return pos, _RECOVERED
    return n, _EOF


def _next(text: str, pos: int, docs: list[tuple[int, int]] | None = None) -> tuple[str, int, int]:
    """The next significant token from ``pos`` as (kind, start, end).

    Whitespace and comments are skipped; so are documentation lines, each run of consecutive
    ones appended to ``docs`` (as a range) when given. A template is one token. At the end: "eof".
    """
    match = _NEXT.match
    while True:
        m = match(text, pos)
        kind = m.lastgroup if m is not None else None
        if m is None or kind is None:
            return "eof", len(text), len(text)
        start = m.start(kind)
        if kind == "doc":
            if docs is not None:
                docs.append((start, m.end()))
            pos = m.end()
        elif kind == "tpl":
            end, _ = _skip(text, m.end(), template=True)
            return "tpl", start, end
        else:
            return kind, start, m.end()


def _at_line_start(text: str, pos: int) -> bool:
    return pos == 0 or text[pos - 1] in "\r\n"


def _rstrip(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1] in _WS_CHARS:
        end -= 1
    return end


def _normalise(text: str, start: int, end: int, limit: int = SIGNATURE_LIMIT) -> str:
    """The tokens of text[start:end] joined by single spaces where the source had any
    whitespace or comments between them (none just inside brackets or before `,`/`;`)."""
    chunk = text[start:end]
    if not _NEEDS_TOKENS.search(chunk):
        # No comments, strings or templates: only whitespace runs need collapsing.
        out = _TIGHT_SPACE.sub("", _WS_RUN.sub(" ", chunk)).strip(" ")
        return out if len(out) <= limit else out[:limit].rstrip() + " …"
    parts: list[str] = []
    size = 0
    pos = start
    prev_end = start
    prev = ""
    while pos < end and size <= limit:
        m = _TOKEN.match(text, pos)
        if m is None:
            break
        kind = m.lastgroup
        tok_start, tok_end = pos, m.end()
        if kind == "tpl":
            tok_end, _ = _skip(text, tok_end, template=True)
        pos = tok_end
        if kind == "ws" or kind == "com" or kind == "doc":
            continue
        tok_end = min(tok_end, end)
        token = text[tok_start:tok_end]
        if kind == "tpl":
            token = _ANY_WS.sub(" ", token)
        if (
            parts
            and tok_start > prev_end
            and prev not in ("(", "[")
            and token not in (")", "]", ",", ";")
        ):
            parts.append(" ")
            size += 1
        parts.append(token)
        size += len(token)
        prev = token
        prev_end = tok_end
    out = "".join(parts)
    if len(out) > limit:
        out = out[:limit].rstrip() + " …"
    return out


# --- Documentation --------------------------------------------------------------------------

_DOC_LINE_TEXT = re.compile(r"#([^\r\n]*)")
# A run of consecutive doc lines, as `_NEXT` reads one.
_DOC_RUN = re.compile(r"#[^\r\n]*(?:(?:\r\n?|\n)[ \t\f]*#[^\r\n]*)*")


# --- Declarations ---------------------------------------------------------------------------


# Most function headers have a parameter list without parentheses, braces, strings,
# comments, annotations or defaults, and a one-line return type without record or object
# types: for those one regex finds the body, instead of a token-by-token scan.
_FAST_HEADERS = True
_SIMPLE_FUNCTION_HEADER = re.compile(
    r"[ \t\f\r\n]*\([^(){}\"`#/;@=]*\)"
    # Greedy: `ret` cannot hold a stop character, so the stop is where a lazy match puts it.
    r"(?:[ \t\f\r\n]*returns[ \t\f]+(?P<ret>[^(){}\"`#/;@=\r\n]*))?"
    r"[ \t\f\r\n]*(?P<stop>=>|[{=;])"
)
_LINE_START_DECLARATION = re.compile(rf"[\r\n]{_RECOVERY_LOOKAHEAD}")


_SimpleHeader = tuple[str, int, int, int]


def _simple_function_header(
    text: str, pos: int, m: re.Match[str] | None = None
) -> _SimpleHeader | None:
    """(stop, stop start, stop end, return type start or -1) for a simple header at ``pos``
    (``m``: `_SIMPLE_FUNCTION_HEADER` matched there already, as part of `_HEAD`)."""
    if m is None:
        m = _SIMPLE_FUNCTION_HEADER.match(text, pos)
        if m is None:
            return None
    returns_start = m.start("ret")
    if returns_start >= 0:
        returns = m.group("ret")
        if "record" in returns or "object" in returns:
            return None
    stop = m.start("stop")
    # A header on one line (most are) has no line start to search.
    if (text.find("\n", pos, stop) >= 0 or text.find("\r", pos, stop) >= 0) and (
        _LINE_START_DECLARATION.search(text, pos, stop)
    ):
        return None
    return m.group("stop"), stop, m.end(), returns_start


class _Header:
    """What `_Parser._scan` found in a declaration header."""

    __slots__ = ("last_end", "name", "on_name", "returns_end", "stop", "stop_end", "stop_start")

    def __init__(self, pos: int) -> None:
        # "eof", "recover", "stray", "{" (a body) or the stopping operator ("=", ";", ...).
        self.stop = "eof"
        self.stop_start = pos
        self.stop_end = pos
        self.last_end = pos  # end of the last header token before the stop
        self.name: tuple[int, int] | None = None  # the depth-0 identifier just before the stop
        self.on_name: tuple[int, int] | None = None  # the identifier just before `on`
        self.returns_end = -1


@dataclass(slots=True)
class _Meta:
    """Everything before a declaration's keyword."""

    start: int  # first annotation, or the first qualifier/keyword
    sig_start: int  # first qualifier/keyword
    public: bool
    doc: _PendingDoc


_NO_DOC: _PendingDoc = (-1, -1, False)

_K_FUNCTION, _K_CONSTANT, _K_TYPE, _K_CLASS, _K_ENUM, _K_ENUM_MEMBER = (
    _KIND_CODES[kind]
    for kind in (
        SymbolKind.FUNCTION, SymbolKind.CONSTANT, SymbolKind.TYPE, SymbolKind.CLASS,
        SymbolKind.ENUM, SymbolKind.ENUM_MEMBER,
    )
)  # fmt: skip


# The start of a module-level item in one match, read as `_Parser._item` reads it token by
# token: doc lines and blank space, qualifiers, then a common declaration whole (see
# `_item_pattern`), or `function <name>` (with its header, when `_simple_function_header`
# would take it) or a declaration keyword. Anything else (comments, annotations, quoted or
# escaped names, other white space...) does not match, and `_item` reads the item token by
# token. The doc lines are kept as a range from the item's start: `Symbol.doc` takes the
# last run of consecutive lines in it, as `_Parser._doc` does. They are matched possessively,
# as `_next` never gives back what it consumed: a word inside a doc line is never read as a
# qualifier.


_WORD = r"[A-Za-z_][A-Za-z0-9_]*"
_WORD_RE = re.compile(_WORD)
# What `_SIMPLE_FUNCTION_HEADER` allows in a parameter list and a return type: all but these.
_PARAMETER_EXCLUDED = '(){}"`#/;@=\r\n'


def _item_pattern(cr: bool, fast_headers: bool, ascii_text: bool) -> str:
    """The start of an item as `_Parser._item` reads it, or a whole common declaration, for
    text with a `\\r` or not (without, `.` runs to the end of a line several times faster
    than `[^\\r\\n]`), with `_FAST_HEADERS` or not, for text that is all ASCII or not.

    The common declarations are tried first, each in a group that is the last one the match
    closes (`Match.lastindex` says which), then their body, initialiser or type descriptor
    as `_skip` would skip it, where `_fast_skip` can (else the
    match ends before it; those declarations sharing a tail, to keep the regex small). `head`
    is the start of any other item, for `_Parser._headed`. Each alternative starts with its
    keyword, which the regex engine checks before entering it.
    """
    rest_of_line = r"[^\r\n]*" if cr else ".*"
    # A function whose header `_simple_function_header` takes (`_Parser.run` checks the
    # return type for `record` and `object`). A line break in the header but outside the
    # parameters is never before a word, so only those are checked for a line starting with
    # a declaration keyword. Atomic: a body that does not match is tried once. `fn_head`
    # runs from the name to the brace.
    char = _chars_except(_PARAMETER_EXCLUDED, ascii_text)
    line = rf"[\r\n](?!{_RECOVERY_LOOKAHEAD}){char}*"
    function = (
        rf"function(?P<fn>(?>[ \t\r\n]+(?P<fn_head>(?P<fn_name>{_WORD})(?=[ \t\r\n(])"
        # The parameters; lines after the first are rare, and cost a test where they are not.
        rf"[ \t\f\r\n]*\({char}*(?:{line}{_atomic_repeat(line, _POSSESSIVE)}|)\)"
        rf"(?:[ \t\f\r\n]*returns[ \t\f]+(?P<fn_ret>{char}*)|)"
        r"[ \t\f\r\n]*)\{))"
        if fast_headers
        else "(?P<fn>(?!)(?P<fn_head>)(?P<fn_name>)(?P<fn_ret>))"  # the same groups, unused
    )
    qualifier = (
        r"(?:isolated|transactional|distinct|readonly|client|service|final|configurable)"
        r"[ \t\r\n]+"
    )
    # Documentation lines and the blank space around them (a group around them would make
    # each line cost more). Without `\\r`, lines that follow each other are read first,
    # which takes fewer steps.
    docs = _atomic_repeat(rf"#{rest_of_line}[ \t\r\n]*", _POSSESSIVE)
    if not cr:
        docs = _atomic_repeat(r"#.*\n", _POSSESSIVE) + r"[ \t\r\n]*" + docs
    return (
        # Then qualifiers, `public` first (in another order, `_item` reads them).
        rf"[ \t\r\n]*{docs}(?P<quals>(?:(?P<public>public)[ \t\r\n]+|)"
        rf"{_atomic_repeat(qualifier, _POSSESSIVE)})"
        # Declarations with a body: a function, or `class name {` (`{|` is not a body).
        rf"(?:(?:{function}"
        rf"|class(?P<cl>(?>[ \t\r\n]+(?P<cl_name>{_WORD})[ \t\r\n]*\{{(?!\|))))"
        rf"(?:{_fast_skip(False, ascii_text, _POSSESSIVE)}|)"
        # Declarations up to a `;`: `const [type] name =` on one line, both plain words;
        # `type name`; `import` and a space.
        rf"|(?:const(?P<cn>(?>[ \t]+(?!annotation(?![A-Za-z0-9_]))"
        rf"(?:{_WORD}[ \t]+)?(?P<cn_name>{_WORD})[ \t]*=(?!>)))"
        rf"|type(?P<ty>[ \t\r\n]+(?P<ty_name>{_WORD})(?=[ \t\r\n]))"
        r"|import(?P<imp>(?=[ \t\r\n])))"
        rf"(?:{_fast_skip(True, ascii_text, _POSSESSIVE)}|)"
        # `enum name {` and members that are bare names, each followed by a comma but the last.
        rf"|enum(?P<en>(?>[ \t\r\n]+(?P<en_name>{_WORD})[ \t\r\n]*\{{(?!\|)"
        rf"(?P<en_members>[ \t\r\n]*(?:{_WORD}[ \t\r\n]*,[ \t\r\n]*)*(?:{_WORD}[ \t\r\n]*)?)\}}))"
        # Nothing more to read.
        r"|(?P<eof>\Z)"
        # Otherwise the start of the item, for `_headed`.
        rf"|(?P<head>function[ \t\r\n]+(?P<fname>{_WORD})(?=[ \t\r\n(])"
        rf"(?P<header>{_SIMPLE_FUNCTION_HEADER.pattern})?"
        r"|(?P<kw>class|type|const|listener|annotation|enum)(?=[ \t\r\n])))"
    )


# Compiled when first needed, by the arguments of `_item_pattern`.
_ITEMS: dict[tuple[bool, bool, bool], re.Pattern[str]] = {}


def _items(cr: bool, fast_headers: bool, ascii_text: bool) -> re.Pattern[str]:
    key = (cr, fast_headers, ascii_text)
    pattern = _ITEMS.get(key)
    if pattern is None:
        pattern = _ITEMS[key] = re.compile(_item_pattern(*key))
    return pattern


# White space and comments, which `_item` skips before an item.
_COMMENTS = re.compile(r"[ \t\r\n]*(?://[^\r\n]*[ \t\r\n]*)+")
# Every variant has the same groups, numbered alike.
_GROUPS = _items(False, True, True).groupindex
_QUALS, _PUBLIC = _GROUPS["quals"], _GROUPS["public"]
_FN, _FN_HEAD, _FN_NAME, _FN_RET = (
    _GROUPS["fn"], _GROUPS["fn_head"], _GROUPS["fn_name"], _GROUPS["fn_ret"]
)  # fmt: skip
_CN, _CN_NAME = _GROUPS["cn"], _GROUPS["cn_name"]
_TY, _TY_NAME = _GROUPS["ty"], _GROUPS["ty_name"]
_CL, _CL_NAME = _GROUPS["cl"], _GROUPS["cl_name"]
_EN, _EN_NAME, _EN_MEMBERS = _GROUPS["en"], _GROUPS["en_name"], _GROUPS["en_members"]
_IMP, _EOF = _GROUPS["imp"], _GROUPS["eof"]


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.n = len(text)
        # The symbols found, as `SymbolTable` keeps them.
        self.found: _Found = []

    def run(self) -> _Found:
        text = self.text
        n = self.n
        pos = 0
        if not _FAST_PATHS:
            while pos < n:
                new = self._item(pos)
                pos = new if new > pos else pos + 1
            return self.found
        add = self.found.extend
        match = _items("\r" in text, _FAST_HEADERS, text.isascii()).match
        while pos < n:
            m = match(text, pos)
            # The documentation of the declarations read here is the last run of doc lines
            # between `pos` and `start` (see `Symbol.doc`).
            if m is None:
                comments = _COMMENTS.match(text, pos)
                if comments is not None:
                    # `_item` would skip them: start the item after them.
                    pos = comments.end()
                    continue
                new = self._item(pos)
            elif (which := m.lastindex) == _FN:
                # As `_headed` would read it, with `_simple_function_header` and the body.
                # Names matched as plain ASCII words: `identifier_value` would return them as
                # they are.
                start = m.start(_QUALS)
                name_start, sig_end = m.span(_FN_HEAD)
                new = m.end()
                name, returns, public = m.group(_FN_NAME, _FN_RET, _PUBLIC)
                name_end = name_start + len(name)
                simple = returns is None or ("record" not in returns and "object" not in returns)
                if simple and text[new - 1] == "}":  # the body matched
                    add(
                        (
                            name, _K_FUNCTION, public is not None, start, new, name_start, name_end,
                            start, sig_end, _NO_DETAIL if returns is None else m.start(_FN_RET),
                            sig_end, pos, start, False,
                        )
                    )  # fmt: skip
                else:
                    header = ("{", sig_end, new, m.start(_FN_RET)) if simple else None
                    new = self._function(self._meta(m), name_start, name_end, header)
            elif which in (_TY, _CN):
                new = m.end()
                keyword_end = m.end(_QUALS) + (4 if which == _TY else 5)
                if text[new - 1] != ";":  # the declaration's end did not match
                    meta = self._meta(m)
                    new = (self._type if which == _TY else self._const)(meta, keyword_end)
                else:
                    start = m.start(_QUALS)
                    name, public = m.group(_TY_NAME if which == _TY else _CN_NAME, _PUBLIC)
                    name_start = m.start(_TY_NAME if which == _TY else _CN_NAME)
                    add(
                        (
                            name, _K_TYPE if which == _TY else _K_CONSTANT, public is not None,
                            start, new, name_start, name_start + len(name), start, new - 1,
                            _NO_DETAIL if which == _TY else keyword_end, name_start, pos, start,
                            False,
                        )
                    )  # fmt: skip
            elif which == _CL:
                new = m.end()
                if text[new - 1] != "}":  # the body did not match
                    new = self._class(self._meta(m), m.end(_QUALS) + 5)
                else:
                    start = m.start(_QUALS)
                    name, public = m.group(_CL_NAME, _PUBLIC)
                    name_start = m.start(_CL_NAME)
                    name_end = name_start + len(name)
                    add(
                        (
                            name, _K_CLASS, public is not None, start, new, name_start, name_end,
                            start, name_end, _NO_DETAIL, 0, pos, start, False,
                        )
                    )  # fmt: skip
            elif which == _EN:
                new = self._simple_enum(m)
            elif which == _IMP:
                new = m.end()
                # `_item` reads `service import` as a service declaration.
                if text[new - 1] != ";" or m.start(_QUALS) != m.end(_QUALS):
                    new = self._item(pos)
            elif which == _EOF:
                break
            else:
                new = self._headed(m)
            pos = new if new > pos else pos + 1
        return self.found

    @staticmethod
    def _meta(m: re.Match[str]) -> _Meta:
        """What `_headed` knows before a declaration's keyword."""
        start = m.start(_QUALS)
        return _Meta(start, start, m.start(_PUBLIC) >= 0, (m.start(), start, False))

    def _simple_enum(self, m: re.Match[str]) -> int:
        """An enum whose members are bare names, as `_enum` reads it."""
        text = self.text
        meta = self._meta(m)
        members = list(_WORD_RE.finditer(text, *m.span(_EN_MEMBERS)))
        if any(member.group() in _RECOVERY_WORDS for member in members):
            # A member named like a declaration keyword may end the enum: `_enum` knows.
            return self._enum(meta, m.end(_QUALS) + 4)
        start, public = meta.start, meta.public
        docs_start, docs_end, _ = meta.doc
        name_start, name_end = m.span(_EN_NAME)
        end = m.end()
        found = self.found
        enum_detail = _ENUM_DETAIL - len(found) // _WIDTH
        found += (
            text[name_start:name_end], _K_ENUM, public, start, end, name_start, name_end, start,
            name_end, _NO_DETAIL, 0, docs_start, docs_end, False,
        )  # fmt: skip
        for member in members:
            member_start, member_end = member.span()
            found += (
                member.group(), _K_ENUM_MEMBER, public, member_start, member_end, member_start,
                member_end, member_start, member_end, enum_detail, 0, -1, -1, False,
            )  # fmt: skip
        return end

    # One module-level item: metadata, qualifiers, then a declaration or statement.
    def _item(self, pos: int) -> int:
        text = self.text
        docs: list[tuple[int, int]] = []
        kind, s, e = _next(text, pos, docs)
        if kind == "eof":
            return self.n
        start = s
        annotations: list[str] = []
        while kind == "op" and text[s] == "@":
            name, after = self._annotation_ref(e, docs)
            annotations.append(name)
            kind, s, e = _next(text, after, docs)
        sig_start = s
        qualifiers: set[str] = set()
        while kind == "id" and text[s:e] in _QUALIFIERS:
            qualifiers.add(text[s:e])
            kind, s, e = _next(text, e)
        if kind == "eof":
            return self.n
        word = text[s:e] if kind == "id" else ""
        meta = _Meta(start, sig_start, "public" in qualifiers, _NO_DOC)
        if word == "function":
            name_kind, ns, ne = _next(text, e)
            if name_kind == "id":
                meta.doc = self._doc(docs, annotations)
                return self._function(meta, ns, ne)
        if word in _DECLARATIONS:
            meta.doc = self._doc(docs, annotations)
            return _DECLARATIONS[word](self, meta, e)
        if "service" in qualifiers:
            return self._service(s)
        if kind == "op" and (text[s:e] in _CLOSERS or text[s:e] == ";"):
            return e  # stray: nothing to declare
        if word in ("import", "xmlns"):
            return _skip(text, e, semicolon=True, recover=0)[0]
        meta.doc = self._doc(docs, annotations)
        return self._variable(meta, s, SymbolKind.VARIABLE, after_keyword=False)

    def _headed(self, head: re.Match[str]) -> int:
        """An item whose start `_ITEMS` matched (`head`), but as no common declaration: goes
        on as `_item` would go on after reading that start token by token."""
        meta = self._meta(head)
        name_start = head.start("fname")
        if name_start >= 0:
            name_end = head.end("fname")
            simple = None
            if _FAST_HEADERS and head.start("header") >= 0:
                simple = _simple_function_header(self.text, name_end, head)
            return self._function(meta, name_start, name_end, simple)
        keyword = head.group("kw")
        # The keyword starts where the qualifiers (and the blank space after them) end.
        return _DECLARATIONS[keyword](self, meta, head.end(_QUALS) + len(keyword))

    def _annotation_ref(self, pos: int, docs: list[tuple[int, int]]) -> tuple[str, int]:
        """After `@`: the annotation's name and the position after its optional value."""
        text = self.text
        name = ""
        kind, s, e = _next(text, pos, docs)
        if kind == "id" and text[s:e] not in RESERVED_KEYWORDS:
            name = identifier_value(text[s:e])
            pos = e
            kind, s, e = _next(text, pos, docs)
            if kind == "op" and text[s:e] == ":":
                kind2, s2, e2 = _next(text, e, docs)
                if kind2 == "id":
                    name = f"{name}:{identifier_value(text[s2:e2])}"
                    pos = e2
                    kind, s, e = _next(text, pos, docs)
        if kind == "op" and text[s:e] == "{":
            pos, _ = _skip(text, e, depth=1)
        return name, pos

    @staticmethod
    def _doc(docs: list[tuple[int, int]], annotations: Sequence[str]) -> _PendingDoc:
        # Each entry is a run of consecutive doc lines; the one nearest the declaration is its.
        # It is parsed when `Symbol.doc` is first read.
        deprecated = "deprecated" in annotations
        if not docs:
            return (-1, -1, True) if deprecated else _NO_DOC
        start, end = docs[-1]
        return (start, end, deprecated)

    def _scan(
        self, pos: int, *, body: bool, stops: frozenset[str], first_is_keyword: bool = False
    ) -> _Header:
        """Read header tokens from ``pos`` until a depth-0 operator in ``stops``, a body brace
        (with ``body``), an unbalanced closer, a line-start declaration keyword (other than
        the first token, with ``first_is_keyword``), or the end."""
        text = self.text
        h = _Header(pos)
        depth = 0
        braces = 0  # how many of the open brackets are braces (record/object/annotation)
        p1 = p2 = p3 = p4 = ""
        prev_id: tuple[int, int] | None = None
        prev_end = -1
        while True:
            kind, s, e = _next(text, pos)
            h.stop_start = h.stop_end = s
            if kind == "eof":
                h.stop = "eof"
                break
            tok = text[s:e]
            if kind == "id":
                if (
                    tok in _RECOVERY_WORDS
                    and _at_line_start(text, s)
                    and not (first_is_keyword and prev_end < 0)
                    and (braces == 0 or tok not in _MEMBER_WORDS)
                ):
                    h.stop = "recover"
                    break
                if depth == 0:
                    if tok == "on" and h.on_name is None:
                        h.on_name = prev_id
                    elif tok == "returns" and h.returns_end < 0:
                        h.returns_end = e
            elif kind == "op":
                if depth == 0 and tok in stops:
                    h.stop, h.stop_end = tok, e
                    break
                if tok in _OPENERS:
                    if (
                        body
                        and tok == "{"
                        and depth == 0
                        and p1 not in _TYPE_BRACE_KEYWORDS
                        and p2 != "@"
                        and not (p2 == ":" and p4 == "@")
                    ):
                        h.stop, h.stop_end = "{", e
                        break
                    depth += 1
                    if tok[0] == "{":
                        braces += 1
                elif tok in _CLOSERS:
                    if depth == 0:
                        h.stop = "stray"
                        break
                    depth -= 1
                    if tok[-1] == "}" and braces > 0:
                        braces -= 1
            prev_id = (s, e) if kind == "id" and depth == 0 else None
            p4, p3, p2, p1 = p3, p2, p1, tok
            h.last_end = pos = prev_end = e
        h.name = prev_id
        return h

    def _to_semicolon(self, pos: int, strong_from: int | None = None) -> tuple[int, int]:
        """Skip an initialiser, expression body or type descriptor from ``pos``:
        (span end, signature end)."""
        end, why = _skip(self.text, pos, semicolon=True, recover=0, strong_from=strong_from)
        if why == _SEMI:
            return end, end - 1
        end = _rstrip(self.text, pos, end)
        return end, end

    def _add(
        self,
        meta: _Meta,
        name: tuple[int, int],
        kind: SymbolKind,
        end: int,
        sig_end: int,
        detail: str | _Range = "",
    ) -> None:
        detail_start, detail_end = (_NO_DETAIL, 0) if isinstance(detail, str) else detail
        self.found += (
            identifier_value(self.text[name[0] : name[1]]), _KIND_CODES[kind], meta.public,
            meta.start, max(end, name[1]), *name, meta.sig_start, max(sig_end, meta.sig_start),
            detail_start, detail_end, *meta.doc,
        )  # fmt: skip

    def _function(self, meta: _Meta, ns: int, ne: int, simple: _SimpleHeader | None = None) -> int:
        text = self.text
        if simple is None and _FAST_HEADERS:
            simple = _simple_function_header(text, ne)
        if simple is not None:
            stop, stop_start, stop_end, returns_start = simple
            last_end = stop_start
        else:
            h = self._scan(ne, body=True, stops=_FUNCTION_STOPS)
            stop, stop_start, stop_end = h.stop, h.stop_start, h.stop_end
            returns_start, last_end = h.returns_end, h.last_end
        if stop == "{":
            sig_end = stop_start
            end, _ = _skip(text, stop_end, depth=1, recover=1)
            if text[end - 1] != "}":
                end = _rstrip(text, stop_end, end)
        elif stop == ";":
            sig_end, end = stop_start, stop_end
        elif stop in ("=", "=>"):
            sig_end = stop_start
            end, _ = self._to_semicolon(stop_end)
        else:
            sig_end = end = last_end
        returns: str | _Range = ""
        if 0 <= returns_start <= sig_end:
            returns = (returns_start, sig_end)
        self._add(meta, (ns, ne), SymbolKind.FUNCTION, end, sig_end, returns)
        return end

    def _class(self, meta: _Meta, pos: int) -> int:
        text = self.text
        kind, ns, ne = _next(text, pos)
        if kind != "id":
            return pos
        end = ne
        kind, s, e = _next(text, ne)
        if kind == "op" and text[s:e] == "{":
            end, why = _skip(text, e, depth=1, recover=1, strong_from=1)
            if why != _CLOSED:
                end = _rstrip(text, e, end)
        self._add(meta, (ns, ne), SymbolKind.CLASS, end, ne)
        return end

    def _type(self, meta: _Meta, pos: int) -> int:
        kind, ns, ne = _next(self.text, pos)
        if kind != "id":
            return self._to_semicolon(pos, strong_from=1)[0]
        # Braces in a type descriptor hold record fields or object members.
        end, sig_end = self._to_semicolon(ne, strong_from=1)
        self._add(meta, (ns, ne), SymbolKind.TYPE, end, sig_end)
        return end

    def _const(self, meta: _Meta, pos: int) -> int:
        # `const annotation T name on source ...;` declares an annotation, not a constant.
        kind, start, end = _next(self.text, pos)
        if kind == "id" and self.text[start:end] == "annotation":
            return self._annotation(meta, end)
        return self._variable(meta, pos, SymbolKind.CONSTANT, after_keyword=True)

    def _listener(self, meta: _Meta, pos: int) -> int:
        return self._variable(meta, pos, SymbolKind.LISTENER, after_keyword=True)

    def _variable(self, meta: _Meta, pos: int, kind: SymbolKind, after_keyword: bool) -> int:
        """`[type] name [= init];` from ``pos``: after `const`/`listener` (the type is
        optional), or at a module variable's type."""
        h = self._scan(pos, body=False, stops=_VARIABLE_STOPS, first_is_keyword=not after_keyword)
        if h.stop == "=":
            end, sig_end = self._to_semicolon(h.stop_end)
        elif h.stop == ";":
            end, sig_end = h.stop_end, h.stop_start
        else:
            end = sig_end = h.last_end
        name = h.name
        # A module variable needs a type before its name; a lone word is not a declaration.
        if name is not None and (after_keyword or name[0] > pos):
            self._add(meta, name, kind, end, sig_end, (pos, name[0]))
        return end

    def _annotation(self, meta: _Meta, pos: int) -> int:
        h = self._scan(pos, body=False, stops=_SEMICOLON)
        if h.stop == ";":
            end, sig_end = h.stop_end, h.stop_start
        else:
            end = sig_end = h.last_end
        name = h.on_name or h.name
        if name is not None:
            self._add(meta, name, SymbolKind.ANNOTATION, end, sig_end, (pos, name[0]))
        return end

    def _enum(self, meta: _Meta, pos: int) -> int:
        text = self.text
        kind, ns, ne = _next(text, pos)
        if kind != "id":
            return pos
        kind, s, e = _next(text, ne)
        if not (kind == "op" and text[s:e] == "{"):
            self._add(meta, (ns, ne), SymbolKind.ENUM, ne, ne)
            return ne
        # The members are found first, and go after the enum.
        enum_detail = _ENUM_DETAIL - len(self.found) // _WIDTH
        members: _Found = []
        pos = end = e
        while True:
            docs: list[tuple[int, int]] = []
            kind, s, e = _next(text, pos, docs)
            if kind == "eof":
                break
            tok = text[s:e]
            if kind == "op" and tok == "}":
                end = e
                break
            if kind == "op" and tok == ",":
                pos = end = e
                continue
            member_start = s
            annotations: list[str] = []
            while kind == "op" and text[s] == "@":
                annotation, after = self._annotation_ref(e, docs)
                annotations.append(annotation)
                kind, s, e = _next(text, after, docs)
            if kind == "op" and text[s:e] == "}":
                end = e
                break
            if kind == "eof" or (
                kind == "id" and text[s:e] in _RECOVERY_WORDS and _at_line_start(text, s)
            ):
                break
            if kind != "id":
                pos = end = e  # not a member: skip the token
                continue
            h = self._scan(e, body=False, stops=_ENUM_MEMBER_STOPS)
            members += (
                identifier_value(text[s:e]), _K_ENUM_MEMBER, meta.public, member_start,
                h.last_end, s, e, s, h.last_end, enum_detail, 0, *self._doc(docs, annotations),
            )  # fmt: skip
            pos = end = h.last_end
            if h.stop == ",":
                pos = end = h.stop_end
            elif h.stop == "stray" and text[h.stop_start] == "}":
                end = h.stop_start + 1
                break
            elif h.stop == "stray":
                pos = end = h.stop_start + 1
            else:
                break
        self._add(meta, (ns, ne), SymbolKind.ENUM, end, ne)
        self.found += members
        return end

    def _service(self, pos: int) -> int:
        """A service declaration declares no module-level name: skip it whole."""
        text = self.text
        h = self._scan(pos, body=True, stops=_SEMICOLON)
        if h.stop != "{":
            return h.stop_end if h.stop == ";" else h.last_end
        end, why = _skip(text, h.stop_end, depth=1, recover=1, strong_from=1)
        if why != _CLOSED:
            return _rstrip(text, h.stop_end, end)
        kind, s, e = _next(text, end)
        return e if kind == "op" and text[s:e] == ";" else end


_FUNCTION_STOPS = frozenset({"=>", "=", ";"})
_VARIABLE_STOPS = frozenset({"=", ";"})
_SEMICOLON = frozenset({";"})
_ENUM_MEMBER_STOPS = frozenset({","})

_DECLARATIONS = {
    "class": _Parser._class,
    "type": _Parser._type,
    "const": _Parser._const,
    "listener": _Parser._listener,
    "annotation": _Parser._annotation,
    "enum": _Parser._enum,
}


def extract_symbols(text: str) -> tuple[Symbol, ...]:
    """The module-level symbols declared in ``text``, public and not, in source order.

    Enum members follow their enum. Never raises on any input; declarations too broken to
    name are left out.
    """
    found = _Parser(text).run()
    return tuple(_ScannedSymbol(text, found, index) for index in range(len(found) // _WIDTH))


def scan_symbols(text: str) -> SymbolTable:
    """`extract_symbols`, each symbol made when first asked for."""
    return SymbolTable(text, _Parser(text).run())
