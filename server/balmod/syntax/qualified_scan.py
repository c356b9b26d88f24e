"""The one-pass scanner of qualified identifiers (``prefix:name``); see :mod:`.qualified`.

The scanner skips comments, string literals and backtick templates (scanning inside their
``${...}`` interpolations, which may nest templates), and keeps a little state in Python:
open braces and templates, and the ``?``s still waiting for their ``:``.

It is fast by how few matches reach Python. One regex match passes over everything that
cannot change the result, in C, and ends at the next token that can: a brace, a backtick, a
``?`` that may start a conditional, an XML step, or a colon with a word right before it and
something like a name after it. While a ``?`` waits, every colon may answer it, and a second
regex stops at all of them. Braces and templates that open and close on one line with
nothing of interest in them are passed over whole: they leave the state as they found it,
and no chunk boundary (a line start) can fall inside them.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence
from dataclasses import FrozenInstanceError, dataclass

from balmod.syntax.lexical import COMMENT, STRING
from balmod.text import Span

# An identifier; a leading quote (`'int`) is not part of its name (`unquote`).
IDENT = r"'?[^\W\d]\w*"
# What may follow the colon of `prefix:name`, or of `prefix:` while the name is being typed.
_NAME_START = r"(?:'?[^\W\d]|[\r\n),;\]}]|\Z)"
# A `?` that ends a type (`int? x`, `error?)`, `T?[]`) rather than starting a conditional,
# unless the next word is `prefix:` (`c? a:b`); `_Scanner._question` decides the same.
_TYPE_QUESTION = rf"\?(?<=[\w)\]>]\?)(?=[)\]}},;>|=&{{]|\[\]|[ \t\f\r\n]++(?!{IDENT}:)|\Z)"
# What never changes the state, one alternative per turn of the regex engine's loop: strings,
# comments, a `/` or `.` that is neither a comment nor an XML step, `?.`, `?:`, the `?` of a
# type, and runs of characters that start nothing (words and blanks; line breaks too, but
# not on one line). Each alternative starts with a character, which lets the engine pass
# over those that cannot match without trying them.
_INERT = rf"{STRING}|//[^\r\n]*+|\#[^\r\n]*+|/(?!/|(?:\*\*/)?<)|\.(?!<)|\?[.:]|{_TYPE_QUESTION}"
_RUN = r"[^\"/#:{}`?.]++"
_RUN_IN_LINE = r"[^\"/#:{}`?.\r\n]++"
# A colon that cannot be a qualified identifier's: no word before it, or nothing like a name
# after it. Unless a `?` waits for its `:`, it changes nothing either.
_NO_REF_COLON = rf":(?<!\w:)|:(?!{_NAME_START})"
# Braces on one line holding only what changes nothing (nested up to two deep), and
# templates on one line whose interpolations hold only that. Nothing waits inside them, so
# their colons change nothing either, whatever waits outside.
_IN_LINE = rf"{_RUN_IN_LINE}|{_INERT}|{_NO_REF_COLON}"
_INNER_BRACES = rf"\{{(?:{_IN_LINE})*+\}}"
_INERT_BRACES = rf"\{{(?:{_IN_LINE}|{_INNER_BRACES})*+\}}"
_INERT_TEMPLATE = rf"`(?:[^`$\r\n]++|\$(?!\{{)|\$\{{(?:{_IN_LINE}|{_INERT_BRACES})*+\}})*+`"
# Group 1 is the token the scanner looks at; the kind of a token is its first character.
# At the end of the text the match is empty, so that no search passes over the tail again.
_TOKEN = rf"(:(?:{IDENT})?|[{{}}`?]|\.<[^<>\r\n]*+>?|/(?:\*\*/)?<[^<>\r\n]*+>?)|\Z"
# While no `?` waits for its `:`, and while one does (every colon is a token then).
_FEW_COLONS = re.compile(
    rf"(?:{_RUN}|{_INERT}|{_NO_REF_COLON}|{_INERT_BRACES}|{_INERT_TEMPLATE})*+(?:{_TOKEN})"
)
_ALL_COLONS = re.compile(rf"(?:{_RUN}|{_INERT}|{_INERT_BRACES}|{_INERT_TEMPLATE})*+(?:{_TOKEN})")

_XML_STEP_START = re.compile(r"\.|/(?:\*\*/)?")
# What follows a `?` that ends a type, as in `_TYPE_QUESTION`.
_TYPE_SUFFIX_FOLLOWER = re.compile(rf"[)\]}},;>|=&{{]|\[\]|(?>[ \t\f\r\n]+)(?!{IDENT}:)|\Z")
_TEMPLATE = re.compile(r"`|\$\{")
_XML_NAME = re.compile(rf"(?P<prefix>{IDENT}):(?P<name>{IDENT})?")
# Backward scans run forward over the reversed text.
_REVERSED_WORD = re.compile(r"\w*")
_BLANKS = " \t\f\r\n"
_REVERSED_SPACE = re.compile(rf"[{_BLANKS}]*")
_REVERSED_LINE = re.compile(r"[^\r\n]*")
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
# Words after which, on the line of a `{` and with none of `{}=;` between, the `{` opens a
# block: `... returns T {`, `class C {`, `} else {`... (not `foreach`, `from`, `let` or
# `var`, which may be followed by a binding pattern). Looked for backwards from the `{`.
_BLOCK_WORDS = (
    r"returns|class|service|enum|worker|object|record|else|do|lock|transaction|retry|fork"
    r"|while|if|match|fail"
)
# Tried at each word's start, from the `{` back.
_REVERSED_BLOCK_HEADER = re.compile(
    rf"[^\w{{}}=;\r\n]*+(?:\w++[^\w{{}}=;\r\n]*+)*?(?:{_BLOCK_WORDS[::-1]})\b"
)


class QualifiedRef:
    """One ``prefix:name``; ``name`` is "" while it is being typed (``http:``).

    Built, read, compared, hashed, printed and pickled like the frozen dataclass it replaces:
    ``QualifiedRef(prefix, name, prefix_span, name_span, certain)``. A body has a reference
    every few lines, and every chunk after an edit moves its references: so the offsets are
    kept as one tuple, and the spans are made when read (most references are never asked
    for theirs). ``prefix``, ``name`` and ``certain`` stay plain slots: they are read for
    every reference.
    """

    __slots__ = ("_at", "certain", "name", "prefix")
    __match_args__ = ("prefix", "name", "prefix_span", "name_span", "certain")

    prefix: str
    name: str
    certain: bool
    # The prefix's start and end, the name's start and end.
    _at: tuple[int, int, int, int]

    def __init__(
        self, prefix: str, name: str, prefix_span: Span, name_span: Span, certain: bool
    ) -> None:
        _set_prefix(self, prefix)
        _set_name(self, name)
        _set_at(self, (prefix_span.start, prefix_span.end, name_span.start, name_span.end))
        _set_certain(self, certain)

    @property
    def offsets(self) -> tuple[int, int, int, int]:
        """The prefix's start and end and the name's start and end, with no span made."""
        return self._at

    @property
    def prefix_span(self) -> Span:
        start, end, _, _ = self._at
        span = _new(Span)
        _set_start(span, start)
        _set_end(span, end)
        return span

    @property
    def name_span(self) -> Span:
        _, _, start, end = self._at
        span = _new(Span)
        _set_start(span, start)
        _set_end(span, end)
        return span

    @property
    def span(self) -> Span:
        at = self._at
        span = _new(Span)
        _set_start(span, at[0])
        _set_end(span, at[3])
        return span

    def _fields(self) -> tuple[str, str, Span, Span, bool]:
        return (self.prefix, self.name, self.prefix_span, self.name_span, self.certain)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        assert isinstance(other, QualifiedRef)
        return (
            self.prefix == other.prefix
            and self.name == other.name
            and self._at == other._at
            and self.certain == other.certain
        )

    def __hash__(self) -> int:
        return hash(self._fields())

    def __repr__(self) -> str:
        prefix, name, prefix_span, name_span, certain = self._fields()
        return (
            f"QualifiedRef(prefix={prefix!r}, name={name!r}, prefix_span={prefix_span!r}, "
            f"name_span={name_span!r}, certain={certain!r})"
        )

    def __setattr__(self, name: str, value: object) -> None:
        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise FrozenInstanceError(f"cannot delete field {name!r}")

    def __reduce__(self) -> tuple[object, ...]:
        return (QualifiedRef, self._fields())


# References and spans are made by filling their slots directly: that takes a fraction of the
# time of the classes' own checks (Span's cannot fail here: the scanner's offsets are in order
# by construction, and moving a span keeps it in order).
_new = object.__new__
_set_start, _set_end = (vars(Span)[name].__set__ for name in ("start", "end"))
_set_prefix, _set_name, _set_at, _set_certain = (
    vars(QualifiedRef)[name].__set__ for name in ("prefix", "name", "_at", "certain")
)


def moved_refs(refs: tuple[QualifiedRef, ...], offset: int) -> tuple[QualifiedRef, ...]:
    """``refs`` with every offset increased by ``offset``."""
    new, set_prefix, set_name, set_at, set_certain = (
        _new, _set_prefix, _set_name, _set_at, _set_certain
    )  # fmt: skip
    moved: list[QualifiedRef] = []
    append = moved.append
    for ref in refs:
        prefix_start, prefix_end, name_start, name_end = ref._at
        copy = new(QualifiedRef)
        set_prefix(copy, ref.prefix)
        set_name(copy, ref.name)
        set_at(
            copy,
            (prefix_start + offset, prefix_end + offset, name_start + offset, name_end + offset),
        )
        set_certain(copy, ref.certain)
        append(copy)
    return tuple(moved)


def uncertain(ref: QualifiedRef) -> QualifiedRef:
    """``ref`` made uncertain (as the references of an ``xmlns`` prefix are)."""
    copy = _new(QualifiedRef)
    _set_prefix(copy, ref.prefix)
    _set_name(copy, ref.name)
    _set_at(copy, ref._at)
    _set_certain(copy, False)
    return copy


# Kinds of open braces: what a `key:value` right inside them is.
_MAP = 0  # a mapping constructor: always a field
_BLOCK = 1  # a block or a type body: never a field
_UNSURE = 2  # either (`T {a:b} = x;` or `returns T {`): a field when `,` or `}` follows
_UNKNOWN = 3  # not told yet (it is told only when it matters)

# Stack entries that are not braces (a brace is its offset, >= 0).
_TEMPLATE_TEXT = -1
_INTERPOLATION = -2

# A stop beyond every text.
_NEVER = sys.maxsize


def unquote(identifier: str) -> str:
    return identifier[1:] if identifier.startswith("'") else identifier


def _previous_significant(text: str, reversed_text: str, pos: int) -> int:
    """The offset of the last non-blank character before ``pos`` outside comments, or -1."""
    n = len(text)
    while True:
        # Mostly the character right before, or the one before a space.
        if pos > 0 and text[pos - 1] not in _BLANKS:
            return pos - 1
        if pos > 1 and text[pos - 1] == " " and text[pos - 2] not in _BLANKS:
            return pos - 2
        blank = _REVERSED_SPACE.match(reversed_text, n - pos)
        assert blank is not None
        j = n - 1 - blank.end()
        if j < 0:
            return j
        # A comment runs to its line's end, so only a character on an earlier line can be in one.
        blanks = text[j + 1 : pos]
        if "\n" not in blanks and "\r" not in blanks:
            return j
        line = _REVERSED_LINE.match(reversed_text, n - j)
        assert line is not None
        line_start = n - line.end()
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
    header = _REVERSED_BLOCK_HEADER.match(reversed_text, len(text) - pos)
    return _UNSURE if header is None else _BLOCK


@dataclass(frozen=True, slots=True)
class Scanned:
    """What :func:`scan` found: the references, where it stopped (one of the ``stops``, or
    None at the end of the text), whether it ended in its initial state, and whether a look
    backwards reached the start of the text (a scan of part of a text then depends on what
    comes before that part)."""

    refs: tuple[QualifiedRef, ...]
    stopped_at: int | None
    clean: bool
    reached_start: bool


def scan(text: str, start: int, stops: Sequence[int] = (), origin: int = 0) -> Scanned:
    """Scan ``text`` from ``start``, in one pass.

    With ``stops`` (increasing offsets of line starts), the pass ends at the first of them
    where the state is as at the start. ``origin`` is added to the offsets of the references
    (where ``text`` lies in a bigger one).
    """
    scanner = _Scanner(text, start, stops, origin)
    scanner.run()
    stopped_at = scanner.stopped_at
    end = len(text) if stopped_at is None else stopped_at
    clean = stopped_at is not None or scanner.clean_at(end)
    return Scanned(tuple(scanner.refs), stopped_at, clean, scanner.reached_start)


class _Scanner:
    """One pass over the text: a stack of open braces and templates, and pending `?`s."""

    def __init__(self, text: str, start: int, stops: Sequence[int], origin: int) -> None:
        self.text = text
        self.origin = origin
        # Backward looks run forward over the reversed text.
        self.reversed_text = text[::-1]
        self.start = start
        self.refs: list[QualifiedRef] = []
        # Offsets of open braces, or _TEMPLATE_TEXT / _INTERPOLATION.
        self.stack: list[int] = []
        # Per level (the stack's length), offsets of `?`s still waiting for their `:`. Only
        # levels up to the current one have entries (closing a level drops its entry).
        self.pending: dict[int, list[int]] = {}
        # By offset, for each brace a reference was found right inside of: what it opens
        # (told only when that matters), and the significant character before it.
        self.brace_kinds: dict[int, int] = {}
        self.brace_before: dict[int, int] = {}
        self.reached_start = False
        self.stops = stops
        self.stop_index = 0
        self.next_stop = stops[0] if stops else _NEVER
        self.stopped_at: int | None = None

    def clean_at(self, stop: int) -> bool:
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
            if self.clean_at(stop):
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
        text, stack, pending, refs = self.text, self.stack, self.pending, self.refs
        start, origin, brace_kinds = self.start, self.origin, self.brace_kinds
        reversed_text = self.reversed_text
        n = len(text)
        # Stops passed inside template text were inside something.
        while self.next_stop <= pos:
            self.stop_index += 1
            stops = self.stops
            self.next_stop = stops[self.stop_index] if self.stop_index < len(stops) else _NEVER
        next_stop = self.next_stop
        # Whether a `?` waits for its `:`; each round of the loop runs until that changes.
        waiting = any(pending.values())
        while pos < n:
            for m in (_ALL_COLONS if waiting else _FEW_COLONS).finditer(text, pos):
                at, end = m.span(1)
                if at < 0:
                    pos = n  # the end of the text
                    break
                # A token lies on one line, so no stop falls inside it: comparing its end
                # with a stop is comparing its start.
                if end >= next_stop:
                    if self._stop_before(end):
                        return n
                    next_stop = self.next_stop
                first = text[at]
                if first == ":":
                    # The colon of `prefix:name` has a word right before it, and after it a
                    # name, or a line end or a closing character while the name is being
                    # typed: not `a: b`, `a:"x"`, `a:1`, `1:2` or `x.a:b`.
                    if (
                        at > start
                        and (text[at - 1].isalnum() or text[at - 1] == "_")
                        and (end > at + 1 or end == n or text[end] in _EMPTY_NAME_FOLLOWERS)
                    ):
                        word = _REVERSED_WORD.match(reversed_text, n - at)
                        assert word is not None
                        word_start = n - word.end()
                        if word_start < start:
                            word_start = start
                        prefix_start = word_start
                        if word_start > start and text[word_start - 1] == "'":
                            prefix_start -= 1
                        before = text[prefix_start - 1] if prefix_start > 0 else " "
                        if not (text[word_start].isdigit() or before in ".'\\"):
                            # A chain `a:b:c` has a field key or a conditional in it.
                            certain = end > at + 1 and before != ":" and text[end : end + 1] != ":"
                            if waiting and self._pending_question(prefix_start):
                                # `c?a:b` may be a conditional, whose `:` this is.
                                certain = False
                                pending[len(stack)].pop()
                            if (
                                certain
                                and stack
                                and (brace := stack[-1]) >= 0
                                and brace_kinds.get(brace) != _BLOCK
                            ):
                                certain = not self._in_field(prefix_start, end)
                            name = text[at + 1 : end]
                            ref = _new(QualifiedRef)
                            _set_prefix(ref, text[word_start:at])
                            _set_name(ref, name[1:] if name[:1] == "'" else name)
                            _set_at(
                                ref,
                                (prefix_start + origin, at + origin, at + 1 + origin, end + origin),
                            )
                            _set_certain(ref, certain)
                            refs.append(ref)
                            if waiting and not any(pending.values()):
                                waiting = False
                                pos = end
                                break
                            continue
                    # Not a qualified identifier's colon: it only matters while a `?` waits.
                    if waiting:
                        self._answer_question(at)
                        if not any(pending.values()):
                            waiting = False
                            pos = end
                            break
                elif first == "{":
                    stack.append(at)
                elif first == "}":
                    # An unbalanced `}` closes nothing; one closing `${` resumes its template.
                    if stack:
                        if pending:
                            pending.pop(len(stack), None)
                        if stack.pop() == _INTERPOLATION:
                            return end
                        if waiting and not any(pending.values()):
                            waiting = False
                            pos = end
                            break
                elif first == "`":
                    stack.append(_TEMPLATE_TEXT)
                    return end
                elif first == "?":
                    if self._question(at) and not waiting:
                        waiting = True
                        pos = end
                        break
                else:
                    self._xml_step(at, end)
            else:
                pos = n  # not reached: the last match is the one at the end
        self._stop_before(n)
        return n

    def _question(self, pos: int) -> bool:
        """A `?` may start a conditional, unless it ends a type (`int? x`, `error?)`);
        whether it now waits for its `:`."""
        text = self.text
        after_type = pos > 0 and (text[pos - 1].isalnum() or text[pos - 1] in "_)]>")
        if after_type and _TYPE_SUFFIX_FOLLOWER.match(text, pos + 1):
            return False
        self.pending.setdefault(len(self.stack), []).append(pos)
        return True

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

    def _in_field(self, pos: int, end: int) -> bool:
        """Whether a ``key:value`` at ``pos`` (ending at ``end``) right inside the brace on
        top of the stack may be a mapping or binding-pattern field."""
        text, brace, kinds = self.text, self.stack[-1], self.brace_kinds
        kind = kinds.get(brace)
        if kind is None:
            # What comes before the brace may lie before the start of the text.
            before = _previous_significant(text, self.reversed_text, brace)
            if before < 0:
                self.reached_start = True
            self.brace_before[brace] = before
            kind = kinds[brace] = _UNKNOWN
        # A field's key comes after `{` or `,`. Mostly that is told by the character right
        # before the reference, or the one before a space, and then what the brace opens
        # does not matter.
        c = text[pos - 1]
        if (
            c not in _BLANKS or (c == " " and pos > 1 and (c := text[pos - 2]) not in _BLANKS)
        ) and c not in "{,":
            return False
        if kind == _UNKNOWN:
            before = self.brace_before[brace]
            kind = kinds[brace] = _brace_kind(text, self.reversed_text, brace, before)
        if kind == _BLOCK:
            return False
        j = self._previous_significant(pos)
        if j < 0 or text[j] not in "{,":
            return False
        if kind == _UNSURE:
            return _FIELD_END.match(text, end) is not None
        return kind == _MAP

    def _xml_step(self, start: int, end: int) -> None:
        """Names in ``x.<ns:tag>`` are XML names: never certain module references."""
        opener = _XML_STEP_START.match(self.text, start)
        assert opener is not None
        origin = self.origin
        for x in _XML_NAME.finditer(self.text, opener.end() + 1, end):
            prefix_start, prefix_end = (i + origin for i in x.span("prefix"))
            self.refs.append(
                QualifiedRef(
                    prefix=unquote(x.group("prefix")),
                    name=unquote(x.group("name") or ""),
                    prefix_span=Span(prefix_start, prefix_end),
                    name_span=Span(prefix_end + 1, x.end() + origin),
                    certain=False,
                )
            )
