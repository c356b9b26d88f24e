"""Where every key and value of a TOML document is: a small scanner of our own.

Neither tomllib nor tomlkit reports positions, so this module walks the text once and maps
every key path (``package.org``, ``dependency[2].version``,
``platform.java21.dependency[0].path``, ``package[3].dependencies[1].org``) to the spans of
its key and value, in code-point offsets. It knows bare, quoted and dotted keys, ``[table]``
and ``[[array]]`` headers, strings of all four kinds, numbers, booleans, dates, arrays,
inline tables and comments.

It does not decide whether a document is valid TOML; tomllib does that. It is lenient where
leniency costs nothing and stops at the first thing it cannot read, keeping everything it
located before. It never raises.
"""

from __future__ import annotations

import re
import tomllib
from bisect import bisect_right
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from enum import Enum
from functools import lru_cache
from types import MappingProxyType

from balmod.manifest.keypath import KeyPath, as_path
from balmod.text import Span


class NodeKind(Enum):
    TABLE = "table"  # opened by a [header], or one element of an [[array]]
    ARRAY_OF_TABLES = "array-of-tables"  # the [[array]] as a whole
    IMPLICIT = "implicit"  # a table made by a dotted key or a header's prefix
    VALUE = "value"  # key = value in a table
    MEMBER = "member"  # key = value inside an inline table
    ITEM = "item"  # an element of an array value


@dataclass(frozen=True, slots=True)
class Located:
    """One located node.

    ``key`` is the last key segment as written (quotes included); None for array items.
    ``value`` is the value's text for values, members and items; for a table, from its
    header's ``[`` to the end of its last statement; for an array of tables, from its first
    element to the end of its last; None for implicit tables.
    """

    path: KeyPath
    kind: NodeKind
    key: Span | None
    value: Span | None

    @property
    def span(self) -> Span:
        """The most useful single range: the value when there is one, else the key."""
        if self.value is not None:
            return self.value
        assert self.key is not None  # every node has at least one of the two
        return self.key


@dataclass(frozen=True, slots=True)
class Statement:
    """A top-level line of the document: a key/value pair or a header."""

    span: Span
    key: Span  # the whole key as written: ``a.b.c`` or the text inside ``[...]``
    path: KeyPath  # the full path it defines


@dataclass(frozen=True, slots=True)
class ScanError:
    offset: int
    message: str


@dataclass(frozen=True, slots=True, eq=False)
class Locations:
    """The locator's answer for one text. Read-only."""

    entries: Mapping[KeyPath, Located]
    statements: tuple[Statement, ...]
    # Second (and later) definitions of a path, in document order.
    redefinitions: tuple[Located, ...]
    error: ScanError | None

    def get(self, path: KeyPath | str) -> Located | None:
        return self.entries.get(as_path(path))

    def __iter__(self) -> Iterator[Located]:
        return iter(self.entries.values())

    def __len__(self) -> int:
        return len(self.entries)

    def nearest(self, path: KeyPath | str) -> Located | None:
        """The node at ``path``, or its closest located ancestor."""
        p = as_path(path)
        while p:
            found = self.entries.get(p)
            if found is not None:
                return found
            p = p[:-1]
        return None

    def statement_at(self, offset: int) -> Statement | None:
        """The last statement that starts at or before ``offset``."""
        index = bisect_right(self.statements, offset, key=lambda s: s.span.start)
        return self.statements[index - 1] if index else None


# --- tokens -------------------------------------------------------------------------------
# Possessive quantifiers keep a missing closing quote from backtracking (Python 3.11+).
_WS = re.compile(r"[ \t]*+")
_BLANK = re.compile(r"(?:[ \t\r\n]++|#[^\n]*+)*+")  # between statements and array items
_LINE_END = re.compile(r"[ \t]*+(?:#[^\r\n]*+)?(?:\r?\n|\Z)")
_BARE_KEY = re.compile(r"[A-Za-z0-9_-]++")
_BASIC = re.compile(r'"(?:[^"\\\r\n]++|\\.)*+"')
_LITERAL = re.compile(r"'[^'\r\n]*+'")
_ML_BASIC = re.compile(r'"""(?:[^"\\]++|\\[\s\S]|"(?!""))*+"""(?:""?)?')
_ML_LITERAL = re.compile(r"'''[\s\S]*?'''(?:''?)?")
_DATETIME = re.compile(
    r"\d{4}-\d{2}-\d{2}(?:[Tt ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:[Zz]|[+-]\d{2}:\d{2})?)?"
    r"|\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?"
)
_SCALAR = re.compile(r"[^\s,\[\]{}#=\"']++")
# The shape of nearly every line a build writes (``org = "ballerina"``), read in one match.
_SIMPLE_KEYVAL = re.compile(r'([A-Za-z0-9_-]++)[ \t]*+=[ \t]*+("(?:[^"\\\r\n]++|\\.)*+"(?!"))')

_MAX_DEPTH = 64  # deeper nesting than any manifest needs; tomllib decides validity
# Key paths are tuples, so a dotted key costs time and memory quadratic in its parts; no
# manifest needs more than a handful (see document.py, which refuses such texts too).
MAX_KEY_PARTS = 128
OVERLONG_KEY = f"a key has more than {MAX_KEY_PARTS} dotted parts"


class _Stop(Exception):
    """Internal: the scanner met something it cannot read."""

    def __init__(self, offset: int, message: str) -> None:
        super().__init__(message)
        self.offset = offset
        self.message = message


def _skip(pattern: re.Pattern[str], text: str, pos: int, end: int) -> int:
    match = pattern.match(text, pos, end)
    return pos if match is None else match.end()


def _decode_key(token: str) -> str:
    if token[0] == "'":
        return token[1:-1]
    if token[0] == '"':
        if "\\" not in token:
            return token[1:-1]
        try:
            value = tomllib.loads("k = " + token)["k"]
        except tomllib.TOMLDecodeError:
            return token[1:-1]
        return value if isinstance(value, str) else token[1:-1]
    return token


class _Scanner:
    """Scans ``text[start:end]``; with ``header_path``, the first header opens that table.

    The window form reads one chunk of a document whose table paths are already known
    (see document.py), so locating one finding does not cost a scan of the whole text.
    """

    def __init__(
        self, text: str, start: int = 0, end: int | None = None, header_path: KeyPath | None = None
    ) -> None:
        self.text = text
        self.start = start
        self.n = len(text) if end is None else end
        self.header_path = header_path
        self.entries: dict[KeyPath, Located] = {}
        self.redefinitions: list[Located] = []
        self.statements: list[Statement] = []
        self.aot_counts: dict[KeyPath, int] = {}
        # The table statements are currently added to, and where its text began and ends.
        self.table: KeyPath = ()
        self.table_start = 0
        self.table_end = 0

    # -- bookkeeping ---------------------------------------------------------------------
    def _add(self, node: Located) -> None:
        existing = self.entries.get(node.path)
        if existing is None:
            self.entries[node.path] = node
        elif existing.kind is NodeKind.IMPLICIT and node.kind is NodeKind.TABLE:
            # [a.b] then [a]: the explicit header now names the table.
            self.entries[node.path] = node
        elif node.kind is NodeKind.IMPLICIT and existing.kind in (
            NodeKind.IMPLICIT,
            NodeKind.TABLE,
            NodeKind.ARRAY_OF_TABLES,
        ):
            pass  # re-entering a table through a dotted key or a header prefix
        else:
            self.redefinitions.append(node)

    def _close_table(self) -> None:
        """Give the current header table its extent, now that its last statement is known."""
        node = self.entries.get(self.table)
        if node is None or node.kind is not NodeKind.TABLE or node.value is None:
            return
        if node.value.start != self.table_start:
            return  # an earlier definition of a redefined table; keep its own extent
        extent = Span(self.table_start, max(self.table_end, self.table_start))
        self.entries[self.table] = replace(node, value=extent)
        if self.table and isinstance(self.table[-1], int):
            array = self.entries.get(self.table[:-1])
            if array is not None and array.kind is NodeKind.ARRAY_OF_TABLES:
                start = array.value.start if array.value is not None else extent.start
                self.entries[array.path] = replace(array, value=Span(start, extent.end))

    # -- scanning ------------------------------------------------------------------------
    def run(self) -> ScanError | None:
        try:
            self._document()
        except _Stop as stop:
            self._close_table()
            return ScanError(min(stop.offset, self.n), stop.message)
        self._close_table()
        return None

    def _document(self) -> None:
        text = self.text
        pos = self.start
        while True:
            pos = _skip(_BLANK, text, pos, self.n)
            if pos >= self.n:
                return
            pos = self._header(pos) if text[pos] == "[" else self._keyval_statement(pos)
            end = _LINE_END.match(text, pos, self.n)
            if end is None:
                raise _Stop(pos, "expected the end of the line after a statement")
            pos = end.end()

    def _key(self, pos: int) -> tuple[list[tuple[str, Span]], int]:
        """A dotted key starting at ``pos``: its parts with their spans, and the end."""
        text = self.text
        parts: list[tuple[str, Span]] = []
        while True:
            pos = _skip(_WS, text, pos, self.n)
            char = text[pos] if pos < self.n else ""
            if char == '"':
                match = _BASIC.match(text, pos, self.n)
            elif char == "'":
                match = _LITERAL.match(text, pos, self.n)
            else:
                match = _BARE_KEY.match(text, pos, self.n)
            if match is None:
                raise _Stop(pos, "expected a key")
            if len(parts) == MAX_KEY_PARTS:
                raise _Stop(match.start(), OVERLONG_KEY)
            parts.append((_decode_key(match.group()), Span(match.start(), match.end())))
            pos = _skip(_WS, text, match.end(), self.n)
            if pos < self.n and text[pos] == ".":
                pos += 1
                continue
            return parts, pos

    def _header(self, start: int) -> int:
        text = self.text
        is_array = text.startswith("[[", start, self.n)
        parts, pos = self._key(start + (2 if is_array else 1))
        close = "]]" if is_array else "]"
        if not text.startswith(close, pos, self.n):
            raise _Stop(pos, f"expected '{close}' to close the table header")
        end = pos + len(close)

        self._close_table()
        known = self.header_path
        self.header_path = None
        if known is not None and self._known_header(known, parts, is_array, Span(start, end)):
            path = known
        else:
            path = self._resolve_header(parts, is_array, Span(start, end))
        key_span = Span(parts[0][1].start, parts[-1][1].end)
        self.statements.append(Statement(Span(start, end), key_span, path))
        self.table = path
        self.table_start = start
        self.table_end = end
        return end

    def _resolve_header(
        self, parts: list[tuple[str, Span]], is_array: bool, header: Span
    ) -> KeyPath:
        path: KeyPath = ()
        for i, (name, span) in enumerate(parts):
            path = (*path, name)
            if i < len(parts) - 1:
                self._add(Located(path, NodeKind.IMPLICIT, span, None))
                if path in self.aot_counts:
                    path = (*path, self.aot_counts[path] - 1)
                continue
            if is_array:
                existing = self.entries.get(path)
                if existing is None:
                    self.entries[path] = Located(path, NodeKind.ARRAY_OF_TABLES, span, header)
                elif existing.kind is not NodeKind.ARRAY_OF_TABLES:
                    self.redefinitions.append(Located(path, NodeKind.ARRAY_OF_TABLES, span, None))
                index = self.aot_counts.get(path, 0)
                self.aot_counts[path] = index + 1
                path = (*path, index)
            self._add(Located(path, NodeKind.TABLE, span, header))
        return path

    def _known_header(
        self, path: KeyPath, parts: list[tuple[str, Span]], is_array: bool, header: Span
    ) -> bool:
        """Record a header whose concrete path the caller knows; False if it does not fit."""
        names = [segment for segment in path if isinstance(segment, str)]
        if names != [name for name, _ in parts] or (is_array and not isinstance(path[-1], int)):
            return False
        spans = iter(span for _, span in parts)
        span = parts[0][1]
        for i, segment in enumerate(path):
            if isinstance(segment, int):
                continue
            span = next(spans)
            prefix = path[: i + 1]
            in_array = i + 1 < len(path) and isinstance(path[i + 1], int)
            kind = NodeKind.ARRAY_OF_TABLES if in_array else NodeKind.IMPLICIT
            if prefix != path:
                self.entries.setdefault(prefix, Located(prefix, kind, span, None))
        self._add(Located(path, NodeKind.TABLE, span, header))
        return True

    def _keyval_statement(self, start: int) -> int:
        parts, end = self._keyval(start, self.table, NodeKind.VALUE, depth=0)
        path = self.table + tuple(name for name, _ in parts)
        key_span = Span(parts[0][1].start, parts[-1][1].end)
        self.statements.append(Statement(Span(start, end), key_span, path))
        self.table_end = end
        return end

    def _keyval(
        self, pos: int, base: KeyPath, kind: NodeKind, depth: int
    ) -> tuple[list[tuple[str, Span]], int]:
        text = self.text
        simple = _SIMPLE_KEYVAL.match(text, pos, self.n)
        if simple is not None:
            name = simple.group(1)
            key_span = Span(simple.start(1), simple.end(1))
            self._add(Located((*base, name), kind, key_span, Span(simple.start(2), simple.end())))
            return [(name, key_span)], simple.end()
        parts, pos = self._key(pos)
        if pos >= self.n or text[pos] != "=":
            raise _Stop(pos, "expected '=' after a key")
        pos = _skip(_WS, text, pos + 1, self.n)
        path = base
        for name, span in parts[:-1]:
            path = (*path, name)
            self._add(Located(path, NodeKind.IMPLICIT, span, None))
        path = (*path, parts[-1][0])
        value, end = self._value(pos, path, depth)
        self._add(Located(path, kind, parts[-1][1], value))
        return parts, end

    def _value(self, pos: int, path: KeyPath, depth: int) -> tuple[Span, int]:
        if depth > _MAX_DEPTH:
            raise _Stop(pos, "values are nested too deeply")
        text = self.text
        char = text[pos] if pos < self.n else ""
        match: re.Match[str] | None
        if char == '"':
            if text.startswith('"""', pos, self.n):
                match = _ML_BASIC.match(text, pos, self.n)
            else:
                match = _BASIC.match(text, pos, self.n)
            if match is None:
                raise _Stop(pos, "unterminated string")
        elif char == "'":
            if text.startswith("'''", pos, self.n):
                match = _ML_LITERAL.match(text, pos, self.n)
            else:
                match = _LITERAL.match(text, pos, self.n)
            if match is None:
                raise _Stop(pos, "unterminated string")
        elif char == "[":
            return self._array(pos, path, depth)
        elif char == "{":
            return self._inline_table(pos, path, depth)
        else:
            match = _DATETIME.match(text, pos, self.n) or _SCALAR.match(text, pos, self.n)
            if match is None:
                raise _Stop(pos, "expected a value")
        return Span(pos, match.end()), match.end()

    def _array(self, start: int, path: KeyPath, depth: int) -> tuple[Span, int]:
        text = self.text
        pos = start + 1
        index = 0
        while True:
            pos = _skip(_BLANK, text, pos, self.n)
            if pos < self.n and text[pos] == "]":
                return Span(start, pos + 1), pos + 1
            item_path = (*path, index)
            value, pos = self._value(pos, item_path, depth + 1)
            self._add(Located(item_path, NodeKind.ITEM, None, value))
            index += 1
            pos = _skip(_BLANK, text, pos, self.n)
            char = text[pos] if pos < self.n else ""
            if char == ",":
                pos += 1
            elif char == "]":
                return Span(start, pos + 1), pos + 1
            else:
                raise _Stop(pos, "expected ',' or ']' in an array")

    def _inline_table(self, start: int, path: KeyPath, depth: int) -> tuple[Span, int]:
        text = self.text
        pos = _skip(_WS, text, start + 1, self.n)
        if pos < self.n and text[pos] == "}":
            return Span(start, pos + 1), pos + 1
        while True:
            _, pos = self._keyval(pos, path, NodeKind.MEMBER, depth + 1)
            pos = _skip(_WS, text, pos, self.n)
            char = text[pos] if pos < self.n else ""
            if char == ",":
                pos += 1
            elif char == "}":
                return Span(start, pos + 1), pos + 1
            else:
                raise _Stop(pos, "expected ',' or '}' in an inline table")


@lru_cache(maxsize=8)
def locate(text: str) -> Locations:
    """Locate every key and value of ``text``. Cached on the text; never raises."""
    return _locations(_Scanner(text))


# Each entry holds its whole text; a few dozen cover the chunks an editor's findings need.
@lru_cache(maxsize=64)
def locate_window(text: str, start: int, end: int, path: KeyPath) -> Locations:
    """Locate the chunk ``text[start:end]`` whose first header opens the table at ``path``.

    Offsets are into ``text``. Cached; never raises.
    """
    return _locations(_Scanner(text, start, end, path or None))


def _locations(scanner: _Scanner) -> Locations:
    error = scanner.run()
    return Locations(
        entries=MappingProxyType(scanner.entries),
        statements=tuple(scanner.statements),
        redefinitions=tuple(scanner.redefinitions),
        error=error,
    )
