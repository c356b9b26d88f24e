"""What a module-level symbol is: `Symbol` and `SymbolKind`, and `SymbolTable`, the symbols
of one source as the scanner packs them (one flat list, `_WIDTH` values a symbol), each made
into a `Symbol` when first asked for."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import replace
from enum import Enum
from typing import cast, overload

from balmod.syntax import symbol_patterns as rx
from balmod.syntax.doc_comments import Documentation, parse_doc_text
from balmod.syntax.symbol_tokens import _normalise
from balmod.text import Span

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
        value = self._sig = _normalise(self._text, value[0], value[1], SIGNATURE_LIMIT)
        return value

    @property
    def detail(self) -> str:
        """Functions: the return type; enum members: the enum's name; constants, variables,
        listeners and annotations: the declared type (if written)."""
        value = self._detail
        if isinstance(value, str):
            return value
        value = self._detail = _normalise(self._text, value[0], value[1], SIGNATURE_LIMIT)
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
        for run in rx.DOC_RUN.finditer(self._text, start, end):
            last = run.start()
        doc: Documentation | None
        if last < 0:
            doc = Documentation("", (), None, "") if deprecated else None
        else:
            doc = parse_doc_text(rx.DOC_LINE_TEXT.findall(self._text, last, end))
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
# list that holds those of all the symbols of a source, one after the other: name, public,
# and the rest. Most symbols are declarations that one match of the scan's item regex read
# whole: their rest is where that match starts (an int; ``-1 -`` that for the members of an
# enum read whole, which follow it), and the values are read again from a match there when
# the symbol is made (`symbol_scanner._read_again`), which checking names seldom does: the
# scan asks each match for two values instead of twelve, and keeps three.
# For the other symbols, the rest is a tuple (`_Rest`) of the values the scan found: kind
# (an index into `_KINDS`), start, end, name start and end, signature start and end, detail
# (`_NO_DETAIL`, or `_ENUM_DETAIL - i` for the name of the enum at index i, or where its
# range starts) and where its range ends, documentation start and end, and deprecated by an
# annotation. Strings, numbers, booleans and a few tuples in one list: the garbage collector
# has one object to look at, where a `Symbol` each would be one more.
_WIDTH = 3
_NO_DETAIL = -1
_ENUM_DETAIL = -2
_KINDS = tuple(SymbolKind)
_KIND_CODES = {kind: code for code, kind in enumerate(_KINDS)}
_K_FUNCTION, _K_CONSTANT, _K_TYPE, _K_CLASS, _K_ENUM, _K_ENUM_MEMBER, _K_VARIABLE = (
    _KIND_CODES[kind]
    for kind in (
        SymbolKind.FUNCTION, SymbolKind.CONSTANT, SymbolKind.TYPE, SymbolKind.CLASS,
        SymbolKind.ENUM, SymbolKind.ENUM_MEMBER, SymbolKind.VARIABLE,
    )
)  # fmt: skip
_Rest = tuple[int, int, int, int, int, int, int, int, int, int, int, bool]
_Found = list[str | bool | int | _Rest]


def _rest(text: str, found: _Found, index: int) -> _Rest:
    """The values of the symbol at ``index`` after its name and public flag."""
    rest = found[index * _WIDTH + 2]
    if isinstance(rest, tuple):
        return rest
    # Imported here: `symbol_scanner` imports this module.
    from balmod.syntax.symbol_scanner import _read_again

    return _read_again(text, found, index)


class _ScannedSymbol(Symbol):
    """A symbol as the scanner finds it: positions, and ranges of its source to read the
    signature, detail and documentation from when they are first asked for."""

    __slots__ = ()

    def __init__(self, text: str, found: _Found, index: int) -> None:
        at = index * _WIDTH
        self._name = cast(str, found[at])
        self._public = cast(bool, found[at + 1])
        (
            kind, self._start, self._end, self._name_start, self._name_end, sig_start, sig_end,
            detail, detail_end, doc_start, doc_end, deprecated,
        ) = _rest(text, found, index)  # fmt: skip
        self._kind = _KINDS[kind]
        self._text = text
        self._sig = (sig_start, sig_end)
        if detail >= 0:
            self._detail = (detail, detail_end)
        else:
            enum = found[(_ENUM_DETAIL - detail) * _WIDTH]  # the enum's name
            self._detail = "" if detail == _NO_DETAIL else cast(str, enum)
        self._doc = (doc_start, doc_end, deprecated)


def _made_symbols(text: str, found: _Found) -> tuple[Symbol, ...]:
    """Every symbol of ``found`` made at once."""
    return tuple(_ScannedSymbol(text, found, index) for index in range(len(found) // _WIDTH))


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

    def public_flags(self) -> list[bool]:
        """Whether each symbol is public, in order, without making the symbols."""
        return cast(list[bool], self._found[1::_WIDTH])

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
