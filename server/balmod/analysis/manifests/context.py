"""Where the cursor is in a manifest being typed: a header, a key, or a key's value.

The text is usually not valid TOML while it is typed (``version = `` has no value yet), so
this does not parse the document: it reads the table headers above the cursor (to know the
table and its concrete path, ``("dependency", 2)``), the current table's lines (for the keys
already there), and the current line, following brackets and strings from the table's
header to the cursor so that a key inside an inline table (``dependencies = [{org = "``)
is seen as one.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum
from functools import lru_cache
from typing import Any

from balmod.manifest.keypath import KeyPath
from balmod.text import Span

_HEADER_LINE = re.compile(r"^[ \t]*\[[^\r\n]*", re.MULTILINE)
_HEADER_TYPED = re.compile(r"[ \t]*(\[\[?)[ \t]*([A-Za-z0-9_.\-]*)\Z")
_HEADER_REST = re.compile(r"[A-Za-z0-9_.\-]*[ \t]*\]{0,2}")
_KEY_TYPED = re.compile(r"[ \t]*([A-Za-z0-9_-]*)\Z")
_VALUE_TYPED = re.compile(r"[ \t]*([A-Za-z0-9_-]+)[ \t]*=[ \t]*(.*)\Z")
_WORD_AFTER = re.compile(r"[A-Za-z0-9_-]*")
_VALUE_REST = re.compile(r"[^\"\s,{}\[\]#]*")
_BARE_VALUE = re.compile(r"[A-Za-z0-9_.+:-]*")
_TABLE_KEY = re.compile(
    r"^[ \t]*([A-Za-z0-9_-]+|\"[^\"\r\n]*\"|'[^'\r\n]*')[ \t]*[=.]", re.MULTILINE
)
_STRING_PAIR = re.compile(r"([A-Za-z0-9_-]+)[ \t]*=[ \t]*\"([^\"\\\r\n]*)\"")
_KEY_BEFORE = re.compile(r"([A-Za-z0-9_-]+)[ \t]*=[ \t]*\Z")


_NOWHERE = Span(0, 0)


class Place(Enum):
    HEADER = "header"  # typing a table header: ``[[dep``
    KEY = "key"  # typing a key at the start of a line or in an inline table
    VALUE = "value"  # typing the value of ``key``
    NONE = "none"  # a comment, inside an array of strings, after a complete value...


@dataclass(frozen=True, slots=True)
class Cursor:
    place: Place
    table: KeyPath = ()  # the concrete path of the table the line belongs to
    inline: KeyPath = ()  # in an inline table: its path inside the table, ("dependencies", 0)
    key: str | None = None  # VALUE: whose value is typed
    typed: str = ""  # the part of the word typed so far
    replace: Span = _NOWHERE  # what a candidate replaces
    quoted: bool = False  # VALUE: the opening quote is typed already
    current: str = ""  # VALUE: the whole value under the cursor, as far as it goes
    array: bool = False  # HEADER: ``[[``
    present: frozenset[str] = frozenset()  # keys already in the (inline) table
    siblings: Mapping[str, str] = field(default_factory=dict)  # string values of the others
    tables: frozenset[tuple[str, ...]] = frozenset()  # HEADER: tables already opened

    @property
    def path(self) -> KeyPath:
        """The concrete path of the (inline) table the cursor is in."""
        return (*self.table, *self.inline)


@lru_cache(maxsize=256)
def _parse_header(line: str) -> tuple[tuple[str, ...], bool] | None:
    """``[a."b"]`` -> (("a", "b"), False); ``[[a.b]]`` -> (("a", "b"), True); else None."""
    try:
        node: Any = tomllib.loads(line)
    except (tomllib.TOMLDecodeError, RecursionError):
        return None
    keys: list[str] = []
    while isinstance(node, dict) and len(node) == 1:
        key, node = next(iter(node.items()))
        keys.append(key)
        if isinstance(node, list):
            return (tuple(keys), True) if node == [{}] else None
        if node == {}:
            return tuple(keys), False
    return None


@dataclass(frozen=True, slots=True)
class _Table:
    path: KeyPath
    body_start: int  # after the header's line
    body_end: int  # the next header line, or the end


def _table_at(text: str, line_start: int) -> tuple[_Table, frozenset[tuple[str, ...]]]:
    """The table holding the line at ``line_start``, and the plain tables opened anywhere."""
    counts: dict[KeyPath, int] = {}
    path: KeyPath = ()
    body_start = 0
    body_end = len(text)
    opened: set[tuple[str, ...]] = set()
    for match in _HEADER_LINE.finditer(text):
        parsed = _parse_header(match.group().rstrip("\r"))
        if parsed is None:
            continue
        keys, is_array = parsed
        if not is_array:
            opened.add(keys)
        if match.start() > line_start:
            body_end = min(body_end, match.start())
            continue
        if match.start() == line_start:
            continue
        concrete: KeyPath = ()
        for i, key in enumerate(keys):
            concrete = (*concrete, key)
            if i < len(keys) - 1:
                if concrete in counts:
                    concrete = (*concrete, counts[concrete] - 1)
            elif is_array:
                index = counts.get(concrete, 0)
                counts[concrete] = index + 1
                concrete = (*concrete, index)
        path = concrete
        body_start = min(match.end() + 1, len(text))
    return _Table(path, body_start, body_end), frozenset(opened)


@dataclass(slots=True)
class _Frame:
    bracket: str  # "[" or "{"
    start: int  # where the bracket is
    key: str | None  # ``key = [`` / ``key = {``; None for an item of an array
    separator: int  # where the current member or item starts (after "{", "[" or ",")


def _skip_string(text: str, i: int, end: int) -> int | None:
    """The offset after the string starting at ``i``, or None when it is still open at ``end``."""
    quote = text[i]
    triple = text.startswith(quote * 3, i)
    if triple:
        close = text.find(quote * 3, i + 3, end)
        return None if close < 0 else close + 3
    j = i + 1
    while j < end:
        char = text[j]
        if char == "\\" and quote == '"':
            j += 2
            continue
        if char == quote:
            return j + 1
        if char == "\n":
            return j  # an unterminated single-line string ends at its line
        j += 1
    return None


def _frames(text: str, start: int, end: int) -> list[_Frame] | None:
    """The open brackets between ``start`` and ``end``; None when ``end`` is in a comment."""
    stack: list[_Frame] = []
    i = start
    while i < end:
        char = text[i]
        if char == "#":
            newline = text.find("\n", i, end)
            if newline < 0:
                return None
            i = newline + 1
            continue
        if char in "\"'":
            after = _skip_string(text, i, end)
            if after is None:
                return stack  # the cursor is in this string: the line decides the rest
            i = after
            continue
        if char in "[{":
            before = _KEY_BEFORE.search(text, start, i)
            key = before.group(1) if before is not None and before.end() == i else None
            stack.append(_Frame(char, i, key, i + 1))
        elif char in "]}":
            if stack:
                stack.pop()
        elif char == "," and stack:
            stack[-1].separator = i + 1
        i += 1
    return stack


@dataclass(frozen=True, slots=True)
class _Typed:
    """What is being typed on the line: a key or a key's value."""

    place: Place
    typed: str
    replace: Span
    key: str | None = None
    quoted: bool = False
    current: str = ""


def _typed_value(key: str, value: str, offset: int, after: str) -> _Typed | None:
    quoted = value.startswith('"')
    typed = value[1:] if quoted else value
    if (quoted and '"' in typed) or (not quoted and not _BARE_VALUE.fullmatch(value)):
        return None  # after a complete string, or not a value this completes
    rest = _VALUE_REST.match(after)
    extra = len(rest.group()) if rest else 0
    return _Typed(
        Place.VALUE,
        typed,
        Span(offset - len(typed), offset + extra),
        key=key,
        quoted=quoted,
        current=typed + after[:extra],
    )


def _typed(segment: str, offset: int, after: str) -> _Typed | None:
    value = _VALUE_TYPED.fullmatch(segment)
    if value is not None:
        return _typed_value(value.group(1), value.group(2), offset, after)
    key = _KEY_TYPED.fullmatch(segment)
    if key is None:
        return None
    rest = _WORD_AFTER.match(after)
    extra = len(rest.group()) if rest else 0
    typed = key.group(1)
    return _Typed(Place.KEY, typed, Span(offset - len(typed), offset + extra))


def cursor_at(text: str, offset: int) -> Cursor:
    """The completion context at ``offset``. Never raises."""
    offset = min(max(offset, 0), len(text))
    line_start = text.rfind("\n", 0, offset) + 1
    line_end = text.find("\n", offset)
    if line_end < 0:
        line_end = len(text)
    before = text[line_start:offset]
    after = text[offset:line_end].rstrip("\r")
    table, opened = _table_at(text, line_start)

    header = _HEADER_TYPED.fullmatch(before)
    if header is not None:
        rest = _HEADER_REST.match(after)
        end = offset + (len(rest.group()) if rest else 0)
        return Cursor(
            Place.HEADER,
            typed=header.group(2),
            replace=Span(line_start + header.start(1), end),
            array=header.group(1) == "[[",
            tables=opened,
        )

    frames = _frames(text, table.body_start, offset)
    if frames is None:
        return Cursor(Place.NONE, table=table.path)
    if not frames:
        body = text[table.body_start : line_start] + text[line_end : table.body_end]
        present = {_unquote(m.group(1)) for m in _TABLE_KEY.finditer(body)}
        siblings = {
            m.group(1): m.group(2)
            for m in _STRING_PAIR.finditer(body)
            if _at_line_start(body, m.start())
        }
        segment = before
        inline: KeyPath = ()
    elif frames[-1].bracket == "{":
        frame = frames[-1]
        close = text.find("}", offset, line_end)
        members = text[frame.start : close if close >= 0 else line_end]
        segment = text[frame.separator : offset]
        siblings = {m.group(1): m.group(2) for m in _STRING_PAIR.finditer(members)}
        present = set(siblings)
        typing = _VALUE_TYPED.fullmatch(segment)
        if typing is not None:
            present.discard(typing.group(1))
        if frame.key is not None:
            inline = (frame.key,)
        elif len(frames) >= 2 and frames[-2].bracket == "[" and frames[-2].key is not None:
            inline = (frames[-2].key, 0)
        else:
            return Cursor(Place.NONE, table=table.path)
    else:
        return Cursor(Place.NONE, table=table.path)

    typed = _typed(segment, offset, after)
    if typed is None:
        return Cursor(Place.NONE, table=table.path)
    return Cursor(
        typed.place,
        table=table.path,
        inline=inline,
        key=typed.key,
        typed=typed.typed,
        replace=typed.replace,
        quoted=typed.quoted,
        current=typed.current,
        present=frozenset(present),
        siblings=siblings,
    )


def _unquote(key: str) -> str:
    return key[1:-1] if key[:1] in "\"'" else key


def _at_line_start(text: str, index: int) -> bool:
    line_start = text.rfind("\n", 0, index) + 1
    return not text[line_start:index].strip()
