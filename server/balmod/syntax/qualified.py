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

Editors ask again on every keystroke, and one keystroke changes one declaration. So the body
is cut into top-level declarations (:func:`scan_body`), each scanned on its own and
remembered by its text; only what changed is scanned again. The result is the same as one
pass over the whole text (see :func:`_scan_chunk` for why, and the property tests).
"""

from __future__ import annotations

import re
import sys
import threading
from bisect import bisect_right
from collections import OrderedDict
from collections.abc import Sequence
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
# The same, and the end of the text (an empty slice), as `_Scanner._code` looks them up.
_FOLLOWERS = _EMPTY_NAME_FOLLOWERS | {""}
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


class BodyScan:
    """The qualified identifiers of a body, held as the pieces it was scanned in.

    A keystroke changes one piece; what later stages derive from a piece alone can be kept
    with it (:attr:`Piece.memo`) and taken over for every piece the keystroke did not touch,
    and ``refs`` (every reference, in text order) is assembled only when asked for.
    """

    __slots__ = ("_refs", "_used", "pieces", "xmlns_prefixes")

    def __init__(
        self,
        refs: tuple[QualifiedRef, ...] | None = None,
        xmlns_prefixes: frozenset[str] = frozenset(),
        pieces: tuple[Piece, ...] | None = None,
    ) -> None:
        if pieces is None:
            pieces = (Piece(0, 0, _Placed(refs or (), 0, True, False)),)
        self.pieces = pieces
        self.xmlns_prefixes = xmlns_prefixes
        self._refs = refs
        self._used: frozenset[str] | None = None

    @property
    def refs(self) -> tuple[QualifiedRef, ...]:
        """Every reference in text order; those of an ``xmlns`` prefix are uncertain."""
        if self._refs is None:
            refs: list[QualifiedRef] = []
            for piece in self.pieces:
                refs.extend(piece.refs)
            xmlns = self.xmlns_prefixes
            if xmlns and any(not xmlns.isdisjoint(p.certain_prefixes) for p in self.pieces):
                refs = [
                    QualifiedRef(r.prefix, r.name, r.prefix_span, r.name_span, False)
                    if r.certain and r.prefix in xmlns
                    else r
                    for r in refs
                ]
            self._refs = tuple(refs)
        return self._refs

    @property
    def used_prefixes(self) -> frozenset[str]:
        """Every prefix the body uses, certainly or not (what "unused import" must check)."""
        if self._used is None:
            self._used = frozenset().union(*(p.prefixes for p in self.pieces))
        return self._used

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, BodyScan):
            return NotImplemented
        return self.xmlns_prefixes == other.xmlns_prefixes and self.refs == other.refs

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"BodyScan(refs={self.refs!r}, xmlns_prefixes={self.xmlns_prefixes!r})"


# Kinds of open braces: what a `key:value` right inside them is.
_MAP = 0  # a mapping constructor: always a field
_BLOCK = 1  # a block or a type body: never a field
_UNSURE = 2  # either (`T {a:b} = x;` or `returns T {`): a field when `,` or `}` follows

# Stack entries that are not braces (a brace is its offset, >= 0).
_TEMPLATE_TEXT = -1
_INTERPOLATION = -2

# A stop beyond every text.
_NEVER = sys.maxsize


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


def _brace_kind(text: str, reversed_text: str, pos: int, j: int) -> int:
    """Whether the ``{`` at ``pos`` opens a mapping, a block, or cannot be told; ``j`` is
    :func:`_previous_significant` of ``pos``."""
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
    """One pass over the text: a stack of open braces and templates, and pending `?`s.

    With ``stops`` (increasing offsets of line starts), the pass ends at the first of them
    where the state is as at the start (:meth:`_clean_at`), and ``stopped_at`` says which.
    ``origin`` is added to the offsets of the references (where ``text`` lies in a bigger one).
    """

    def __init__(self, text: str, start: int, stops: Sequence[int] = (), origin: int = 0) -> None:
        self.text = text
        self.origin = origin
        self.reversed_text = text[::-1]
        self.start = start
        self.refs: list[QualifiedRef] = []
        # Offsets of open braces, or _TEMPLATE_TEXT / _INTERPOLATION.
        self.stack: list[int] = []
        # Per level (the stack's length), offsets of `?`s still waiting for their `:`.
        self.pending: dict[int, list[int]] = {}
        self.brace_kinds: dict[int, int] = {}
        # Whether a look backwards reached the start of the text: a scan of part of a text
        # then depends on what comes before that part.
        self.reached_start = False
        self.stops = stops
        self.stop_index = 0
        self.next_stop = stops[0] if stops else _NEVER
        self.stopped_at: int | None = None

    def _clean_at(self, stop: int) -> bool:
        """Whether the state before ``stop`` is as at the start: nothing open, no `?` still
        waiting (one with a `;` after it waits no more: :meth:`_pending_question`)."""
        text = self.text
        return not self.stack and all(
            not questions or text.find(";", questions[-1], stop) >= 0
            for questions in self.pending.values()
        )

    def _stop_before(self, limit: int) -> bool:
        """Whether to stop at one of the stops up to ``limit``; the state holds over them."""
        while self.next_stop <= limit:
            stop = self.next_stop
            self.stop_index += 1
            stops = self.stops
            self.next_stop = stops[self.stop_index] if self.stop_index < len(stops) else _NEVER
            if self._clean_at(stop):
                self.stopped_at = stop
                return True
        return False

    def _previous_significant(self, pos: int) -> int:
        j = _previous_significant(self.text, self.reversed_text, pos)
        if j < 0:
            self.reached_start = True
        return j

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
        stack, pending, text = self.stack, self.pending, self.text
        # Stops passed inside template text were inside something.
        while self.next_stop <= pos:
            self.stop_index += 1
            stops = self.stops
            self.next_stop = stops[self.stop_index] if self.stop_index < len(stops) else _NEVER
        next_stop = self.next_stop
        for m in _TOKEN.finditer(self.text, pos):
            at = m.start()
            if at >= next_stop:
                if self._stop_before(at):
                    return len(self.text)
                next_stop = self.next_stop
            token = m.group()
            first = token[0]
            if first == ":":
                # A colon with a blank or a value after it is a field's or a conditional's
                # (a third of all colons): it only matters while a `?` waits for its `:`.
                if token == ":" and not pending and text[at + 1 : at + 2] not in _FOLLOWERS:
                    continue
                self._colon(at, token)
            elif first == "{":
                stack.append(at)
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
                    self._question(at)
            elif first == "." or (first == "/" and token[1] != "/"):
                self._xml_step(m)
            # What is left are strings and comments.
        self._stop_before(len(self.text))
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
            before = self._previous_significant(brace)
            kind = self.brace_kinds[brace] = _brace_kind(text, reversed_text, brace, before)
        if kind == _BLOCK:
            return False
        j = self._previous_significant(pos)
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
        origin = self.origin
        self.refs.append(
            _made_ref(
                _unquote(text[prefix_start:colon]),
                _unquote(name),
                prefix_start + origin,
                colon + origin,
                end + origin,
                certain,
            )
        )

    def _xml_step(self, m: re.Match[str]) -> None:
        """Names in ``x.<ns:tag>`` are XML names: never certain module references."""
        opener = _XML_STEP_START.match(m.group())
        assert opener is not None
        base = m.start() + opener.end() + 1
        for x in _XML_NAME.finditer(self.text, base, m.end()):
            prefix_start, prefix_end = (i + self.origin for i in x.span("prefix"))
            self.refs.append(
                QualifiedRef(
                    prefix=_unquote(x.group("prefix")),
                    name=_unquote(x.group("name") or ""),
                    prefix_span=Span(prefix_start, prefix_end),
                    name_span=Span(prefix_end + 1, x.end() + self.origin),
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


def _scan_whole(text: str, start: int = 0) -> BodyScan:
    """:func:`scan_body` in one pass over the whole text, with nothing remembered."""
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


# --- Chunks ---------------------------------------------------------------------------------
#
# The body is cut into chunks at the top-level declarations, each scanned on its own as if it
# were the whole text. Why the pieces add up to one pass over the whole text: a chunk starts at
# a line start where that pass is in its initial state (the chunk before ended clean), no token
# spans a line break, and every look ahead stops at a line break, at a `;` or inside the chunk.
# A look backwards can pass the chunk's start only through blanks and comments, and
# `reached_start` says when it did (the chunk is then scanned together with the one before).
# Chunk scans are remembered by their text; a text is compared with the one scanned before it,
# so the chunks an edit did not touch are taken over without even being looked up.

# Where a chunk may start: a line that begins a top-level declaration, its annotations or its
# comments, right after a blank line (formatted code has one between declarations). Each
# keyword is followed by a blank, so no `word:` straddles a boundary.
_DECLARATION_START = (
    r"(?=(?:public|function|isolated|transactional|type|class|client|service|listener"
    r"|const|final|configurable|enum|annotation|xmlns|distinct|readonly|import)[ \t]|[@#]|//)"
)
_CHUNK_START = re.compile(rf"\n\n{_DECLARATION_START}")
_CHUNK_START_CRLF = re.compile(rf"\n\r?\n{_DECLARATION_START}")
# How far from a boundary the text decides whether it is one (the blank line before it, the
# keyword and blank after it).
_BOUNDARY_CONTEXT = 16

# How many chunk scans are remembered (a 5,000-line file has a few hundred chunks), and how
# many texts are kept to compare the next one with (one per document being edited).
MAX_CACHED_CHUNKS = 4096
MAX_RECENT_TEXTS = 8
# A shorter text seen for the first time is scanned in one pass: chunks cost a little more to
# scan, and pay off only when the text is edited (`balmod check` reads thousands of files).
CHUNKED_FROM = 16_384


# Moving a chunk's references makes three objects per reference, on every keystroke, for
# every chunk after the edit; filling the slots directly takes half the time of the
# dataclasses' __init__ (and of Span's check, which cannot fail for a span moved forward).
_new = object.__new__
_set_start, _set_end = (vars(Span)[name].__set__ for name in ("start", "end"))
_set_ref = tuple(
    vars(QualifiedRef)[name].__set__
    for name in ("prefix", "name", "prefix_span", "name_span", "certain")
)


def _made_ref(
    prefix: str, name: str, prefix_start: int, colon: int, end: int, certain: bool
) -> QualifiedRef:
    """``QualifiedRef(prefix, name, Span(prefix_start, colon), Span(colon + 1, end),
    certain)``, made as `_moved` makes its copies: a body has a reference every few lines,
    and the scanner's offsets are in order by construction."""
    set_prefix, set_name, set_prefix_span, set_name_span, set_certain = _set_ref
    prefix_span = _new(Span)
    _set_start(prefix_span, prefix_start)
    _set_end(prefix_span, colon)
    name_span = _new(Span)
    _set_start(name_span, colon + 1)
    _set_end(name_span, end)
    ref = _new(QualifiedRef)
    set_prefix(ref, prefix)
    set_name(ref, name)
    set_prefix_span(ref, prefix_span)
    set_name_span(ref, name_span)
    set_certain(ref, certain)
    return ref


def _moved(refs: tuple[QualifiedRef, ...], offset: int) -> tuple[QualifiedRef, ...]:
    """``refs`` with every offset increased by ``offset``."""
    set_prefix, set_name, set_prefix_span, set_name_span, set_certain = _set_ref
    moved: list[QualifiedRef] = []
    for ref in refs:
        old = ref.prefix_span
        prefix_span = _new(Span)
        _set_start(prefix_span, old.start + offset)
        _set_end(prefix_span, old.end + offset)
        old = ref.name_span
        name_span = _new(Span)
        _set_start(name_span, old.start + offset)
        _set_end(name_span, old.end + offset)
        new = _new(QualifiedRef)
        set_prefix(new, ref.prefix)
        set_name(new, ref.name)
        set_prefix_span(new, prefix_span)
        set_name_span(new, name_span)
        set_certain(new, ref.certain)
        moved.append(new)
    return tuple(moved)


# The records below are plain classes rather than dataclasses: a server starts faster.


class _Placed:
    """The scan of one chunk as if it were the whole text, and its references where the
    chunk was last found (an edit moves only the chunks after it, so most chunks are found
    where they were)."""

    __slots__ = ("_last", "certain_prefixes", "clean", "memo", "prefixes", "reached_start")

    def __init__(
        self, refs: tuple[QualifiedRef, ...], offset: int, clean: bool, reached_start: bool
    ) -> None:
        self.clean = clean  # the scanner ended in its initial state
        self.reached_start = reached_start  # a look backwards reached the chunk's start
        self.prefixes = frozenset(r.prefix for r in refs)
        # Prefixes of the certain references, which `xmlns` may make uncertain.
        self.certain_prefixes = frozenset(r.prefix for r in refs if r.certain)
        self.memo: dict[str, object] = {}
        # (offset, references there): replaced whole, so threads never see half of it.
        self._last = (offset, refs)

    def at(self, offset: int) -> tuple[QualifiedRef, ...]:
        last_offset, last_refs = self._last
        if offset == last_offset:
            return last_refs
        refs = _moved(last_refs, offset - last_offset)
        self._last = (offset, refs)
        return refs


class Piece:
    """A run of the body scanned on its own (a top-level declaration, mostly).

    ``prefixes``: every prefix it uses; ``certain_prefixes``: those of its certain
    references (``xmlns`` not applied); ``memo``: what a later stage derived from this
    piece's text alone, by stage, with offsets relative to :attr:`begin`, shared by every
    text in which the piece recurs. Plain attributes: every keystroke reads them for every
    piece.
    """

    __slots__ = ("_placed", "begin", "certain_prefixes", "end", "memo", "prefixes")

    def __init__(self, begin: int, end: int, placed: _Placed) -> None:
        self.begin = begin
        self.end = end
        self._placed = placed
        self.prefixes = placed.prefixes
        self.certain_prefixes = placed.certain_prefixes
        self.memo = placed.memo

    @property
    def refs(self) -> tuple[QualifiedRef, ...]:
        """Its references, at their offsets in the text (``xmlns`` not applied)."""
        return self._placed.at(self.begin)


_cache: OrderedDict[tuple[str, int], _Placed] = OrderedDict()
_cache_lock = threading.Lock()


def _remembered(chunk: str, start: int) -> _Placed | None:
    key = (chunk, start)
    with _cache_lock:
        placed = _cache.get(key)
        if placed is not None:
            _cache.move_to_end(key)
        return placed


def _remember(chunk: str, start: int, placed: _Placed) -> _Placed:
    with _cache_lock:
        _cache[(chunk, start)] = placed
        if len(_cache) > MAX_CACHED_CHUNKS:
            _cache.popitem(last=False)
    return placed


def _scan_chunk(
    text: str, start: int, origin: int, stops: Sequence[int] = ()
) -> tuple[_Placed, int]:
    """Scan ``text`` (found at ``origin``) from ``start`` up to the first of ``stops`` where
    the state is clean, or to its end: the chunk's scan, and where the chunk ends."""
    scanner = _Scanner(text, start, stops, origin)
    scanner.run()
    end = len(text) if scanner.stopped_at is None else scanner.stopped_at
    clean = scanner.stopped_at is not None or scanner._clean_at(end)
    return _Placed(tuple(scanner.refs), origin, clean, scanner.reached_start), end


class _Cut:
    """How one text was cut into pieces."""

    __slots__ = ("chunks", "start", "text")

    def __init__(self, text: str, start: int, chunks: tuple[Piece, ...]) -> None:
        self.text = text
        self.start = start
        self.chunks = chunks


_recent: list[_Cut] = []  # most recent last
_recent_lock = threading.Lock()


def _common_prefix(a: str, b: str) -> int:
    """The length of the longest common prefix (compared in blocks, in C)."""
    n = min(len(a), len(b))
    low, step = 0, 1024
    while low < n:
        high = min(low + step, n)
        if a[low:high] != b[low:high]:
            break
        low, step = high, step * 2
    high = min(low + step, n)
    while low < high:  # a[:low] == b[:low], and they differ before `high` (or end there)
        middle = (low + high + 1) // 2
        if a[low:middle] == b[low:middle]:
            low = middle
        else:
            high = middle - 1
    return low


def _common_suffix(a: str, b: str, limit: int) -> int:
    """The length of the longest common suffix, at most ``limit``."""
    la, lb = len(a), len(b)
    low, step = 0, 1024
    while low < limit:
        high = min(low + step, limit)
        if a[la - high : la - low] != b[lb - high : lb - low]:
            break
        low, step = high, step * 2
    high = min(low + step, limit)
    while low < high:
        middle = (low + high + 1) // 2
        if a[la - middle : la - low] == b[lb - middle : lb - low]:
            low = middle
        else:
            high = middle - 1
    return low


def _recent_cut(text: str, start: int) -> _Cut | None:
    """A recent cut of ``text`` itself (undone edits, documents analysed again), else of a
    text that is probably an earlier version of it."""
    with _recent_lock:
        recent = list(_recent)
    for cut in recent:
        if cut.start == start and len(cut.text) == len(text) and cut.text == text:
            return cut
    head, tail = text[:256], text[-256:]
    for cut in reversed(recent):
        old = cut.text
        if (
            cut.start == start
            and abs(len(old) - len(text)) <= 4096
            and (old.startswith(head) or old.endswith(tail))
        ):
            return cut
    return None


class _Boundaries:
    """Candidate chunk ends in ``text`` after ``start``, found as far as they are asked for;
    the text's end is the last."""

    def __init__(self, text: str, start: int) -> None:
        self.text = text
        self.pattern = _CHUNK_START_CRLF if "\r" in text else _CHUNK_START
        self.ends: list[int] = []
        self.searched = start  # every candidate up to here is in `ends`

    def _search(self, until: int) -> None:
        text, n = self.text, len(self.text)
        until = min(until, n)
        # A candidate is seen from its blank line before it to the blank after its keyword.
        found = self.pattern.finditer(
            text, max(self.searched - 2, 0), min(until + _BOUNDARY_CONTEXT, n)
        )
        self.ends.extend(m.end() for m in found if self.searched < m.end() <= until)
        self.searched = until
        if until == n:
            self.ends.append(n)

    def after(self, pos: int, hint: int) -> int:
        """The first candidate after ``pos``; ``hint``: how far to look at first."""
        n = len(self.text)
        while True:
            index = bisect_right(self.ends, pos)
            if index < len(self.ends):
                return self.ends[index]
            if self.searched >= n:
                return n
            self._search(max(hint, 2 * self.searched, pos + 4096))

    def all_after(self, pos: int) -> list[int]:
        """Every candidate after ``pos``."""
        if self.searched < len(self.text):
            self._search(len(self.text))
        return self.ends[bisect_right(self.ends, pos) :]


def _cut(text: str, start: int) -> _Cut:
    """Cut ``text`` into chunks and scan them, taking over what an earlier cut can give."""
    n = len(text)
    chunks: list[Piece] = []
    begin = 0
    # An earlier version's chunks after the edit, by where they begin in this text.
    later: dict[int, int] = {}
    previous = _recent_cut(text, start)
    if previous is not None and previous.text == text:
        _keep(previous)
        return previous
    if previous is None and n < CHUNKED_FROM:
        whole, _ = _scan_chunk(text, start, 0)
        return _assemble(text, start, [Piece(0, n, whole)], None, None)
    if previous is not None:
        old = previous.text
        same_head = _common_prefix(old, text)
        same_tail = _common_suffix(old, text, min(len(old), n) - same_head)
        for chunk in previous.chunks:
            if chunk.end + _BOUNDARY_CONTEXT > same_head:
                break
            chunks.append(chunk)
            begin = chunk.end
        shift = n - len(old)
        tail_from = len(old) - same_tail + _BOUNDARY_CONTEXT
        later = {
            chunk.begin + shift: index
            for index, chunk in enumerate(previous.chunks)
            if chunk.begin >= tail_from
        }
    boundaries = _Boundaries(text, max(begin, start))
    hint = min((b for b in later if b > begin), default=n) + _BOUNDARY_CONTEXT
    reach = 0  # after a merge backwards, the chunk must reach at least this far
    while begin < n or not chunks:
        if reach == 0 and begin in later:
            assert previous is not None
            return _assemble(text, start, chunks, previous, later[begin])
        end = boundaries.after(begin, hint)
        relative_start = start if begin == 0 else 0
        piece = text[begin:end]
        placed = _remembered(piece, relative_start) if end >= reach else None
        if placed is None and end >= reach:
            scanned, _ = _scan_chunk(piece, relative_start, begin)
            if scanned.clean or end == n:
                placed = _remember(piece, relative_start, scanned)
        if placed is None or (not placed.clean and end < n):
            # The chunk ends inside something: scan on to the first boundary where it ends.
            stops = [e - begin for e in boundaries.all_after(begin)[:-1] if e >= reach]
            scanned, stop = _scan_chunk(text[begin:], relative_start, begin, stops)
            end = begin + stop
            placed = _remember(text[begin:end], relative_start, scanned)
        if placed.reached_start and begin > 0:
            # It looked into the chunk before: scan the two as one.
            begin, reach = chunks.pop().begin, end
            continue
        chunks.append(Piece(begin, end, placed))
        begin, reach = end, 0
    return _assemble(text, start, chunks, previous, None)


def _assemble(
    text: str, start: int, chunks: list[Piece], previous: _Cut | None, rejoin: int | None
) -> _Cut:
    """The cut, from its first ``chunks`` and, from ``previous.chunks[rejoin]`` on, the
    chunks of an earlier version after the edit, moved by what the edit added."""
    if rejoin is not None:
        assert previous is not None
        shift = len(text) - len(previous.text)
        chunks.extend(
            Piece(chunk.begin + shift, chunk.end + shift, chunk._placed)
            for chunk in previous.chunks[rejoin:]
        )
    cut = _Cut(text, start, tuple(chunks))
    _keep(cut)
    return cut


def _keep(cut: _Cut) -> None:
    """Make ``cut`` the most recent one."""
    with _recent_lock:
        if cut in _recent:
            _recent.remove(cut)
        _recent.append(cut)
        if len(_recent) > MAX_RECENT_TEXTS:
            del _recent[0]


def scan_body(text: str, start: int = 0) -> BodyScan:
    """Every ``prefix:name`` from ``start`` on (normally ``ImportSection.end``); never raises."""
    start = min(max(start, 0), len(text))
    cut = _cut(text, start)
    return BodyScan(xmlns_prefixes=_xmlns_prefixes(text, start), pieces=cut.chunks)
