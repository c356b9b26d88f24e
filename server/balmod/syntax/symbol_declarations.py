"""Module-level declarations read token by token: the reference reading of a Ballerina
source's symbols, which the scanner's regex shortcuts (`symbol_scanner`) must agree with, and
which reads whatever they leave: annotations, comments, quoted names, broken text."""

from __future__ import annotations

import re
from collections.abc import Sequence

from balmod.syntax import symbol_patterns as rx
from balmod.syntax.keywords import RESERVED_KEYWORDS
from balmod.syntax.lexical import identifier_value
from balmod.syntax.symbol_model import (
    _ENUM_DETAIL,
    _K_ENUM_MEMBER,
    _KIND_CODES,
    _NO_DETAIL,
    _WIDTH,
    SymbolKind,
    _Found,
    _PendingDoc,
    _Range,
)
from balmod.syntax.symbol_patterns import _MEMBER_WORDS, _RECOVERY_WORDS
from balmod.syntax.symbol_tokens import (
    _CLOSED,
    _SEMI,
    _at_line_start,
    _next,
    _rstrip,
    _skip,
)

_QUALIFIERS = frozenset(
    {
        "public", "isolated", "transactional", "distinct", "readonly", "client", "service",
        "final", "configurable",
    }
)  # fmt: skip
_OPENERS = frozenset({"(", "[", "{", "{|"})
_CLOSERS = frozenset({")", "]", "}", "|}"})
_TYPE_BRACE_KEYWORDS = frozenset({"record", "object"})


_SimpleHeader = tuple[str, int, int, int]


def _simple_function_header(
    text: str, pos: int, m: re.Match[str] | None = None
) -> _SimpleHeader | None:
    """(stop, stop start, stop end, return type start or -1) for a simple header at ``pos``
    (``m``: `SIMPLE_FUNCTION_HEADER` matched there already, as the `header` group of `_items`)."""
    if m is None:
        m = rx.SIMPLE_FUNCTION_HEADER.match(text, pos)
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
        rx.LINE_START_DECLARATION.search(text, pos, stop)
    ):
        return None
    return m.group("stop"), stop, m.end(), returns_start


class _Header:
    """What `_DeclarationReader._scan` found in a declaration header."""

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


class _Meta:
    """Everything before a declaration's keyword. (A plain class: a dataclass costs a
    millisecond more to import.)"""

    __slots__ = ("doc", "public", "sig_start", "start")

    def __init__(self, start: int, sig_start: int, public: bool, doc: _PendingDoc) -> None:
        self.start = start  # first annotation, or the first qualifier/keyword
        self.sig_start = sig_start  # first qualifier/keyword
        self.public = public
        self.doc = doc


_NO_DOC: _PendingDoc = (-1, -1, False)


class _DeclarationReader:
    """Reads the module-level items of one source token by token, into `found`."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.n = len(text)
        # The symbols found, as `SymbolTable` keeps them.
        self.found: _Found = []

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
            identifier_value(self.text[name[0] : name[1]]),
            meta.public,
            (
                _KIND_CODES[kind], meta.start, max(end, name[1]), *name, meta.sig_start,
                max(sig_end, meta.sig_start), detail_start, detail_end, *meta.doc,
            ),
        )  # fmt: skip

    def _function(self, meta: _Meta, ns: int, ne: int, simple: _SimpleHeader | None = None) -> int:
        text = self.text
        if simple is None and rx._FAST_HEADERS:
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
                identifier_value(text[s:e]),
                meta.public,
                (
                    _K_ENUM_MEMBER, member_start, h.last_end, s, e, s, h.last_end, enum_detail,
                    0, *self._doc(docs, annotations),
                ),
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
    "class": _DeclarationReader._class,
    "type": _DeclarationReader._type,
    "const": _DeclarationReader._const,
    "listener": _DeclarationReader._listener,
    "annotation": _DeclarationReader._annotation,
    "enum": _DeclarationReader._enum,
}
