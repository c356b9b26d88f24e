"""Parsing a manifest with tomllib, fast enough for every keystroke.

tomllib is the judge of validity, but it reads a 300-package Dependencies.toml in tens of
milliseconds and an editor re-checks the file on every change. So the text is cut into
chunks at lines that look like table headers, each chunk is parsed on its own (cached on
its text), and the chunks are merged following TOML's table rules. An edit then costs one
chunk. Most chunk bodies are plain enough for :func:`~balmod.manifest.quick_toml.quick_loads`,
which gives tomllib's answer in a fraction of its time, and the bodies not read before are
read together (:func:`~balmod.manifest.quick_toml.quick_loads_many`: what a fresh server's
first reading, or a 2,000-package file, costs). Whenever the chunked reading could differ
from reading the whole text (a cut inside a multi-line value leaves its chunk unterminated;
a table defined twice, or in a way this merge does not model), the whole text is parsed
instead, so results are always tomllib's.

A syntax error comes with its offset in the original text: tomllib's message ends with
``(at line L, column C)`` counted on the text with CRLF turned into LF, which keeps line and
column numbers the same as in the original.

tomllib (and tomlkit) take time quadratic in the number of parts of one dotted key: a key
of a hundred thousand parts keeps them busy for minutes. No manifest needs more than a
handful, so a text holding a key of more than :data:`MAX_KEY_PARTS` parts is reported as
an error without being parsed (:func:`overlong_key` finds candidates cheaply; the locator,
which stops at such a key, confirms).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache
from typing import Any

from balmod.manifest.keypath import KeyPath
from balmod.manifest.locator import MAX_KEY_PARTS, OVERLONG_KEY, locate
from balmod.manifest.quick_toml import quick_loads_many


class ErrorKind(Enum):
    SYNTAX = "syntax"
    REDEFINITION = "redefinition"  # a key or table defined twice


@dataclass(frozen=True, slots=True)
class TomlError:
    offset: int  # code-point offset into the original text
    message: str  # tomllib's message without its position suffix
    kind: ErrorKind


@dataclass(frozen=True, slots=True)
class Chunk:
    """A piece of the text from one header line to the next, and the table it fills."""

    start: int
    end: int
    path: KeyPath  # the concrete path of its table: ("package", 3), () for the top


@dataclass(frozen=True, slots=True, eq=False)
class ParsedToml:
    """tomllib's reading of a text. ``data`` is shared between callers: never mutate it."""

    data: Mapping[str, Any] | None
    error: TomlError | None
    # The chunks, when the text was read in chunks; () when it was read whole.
    chunks: tuple[Chunk, ...] = ()


# One key part (bare, basic or literal), and runs of parts joined by dots. A bare part must
# not continue a word, so that the search never restarts inside one: it stays linear.
_PART = r"""(?:(?<![\w"'-])[A-Za-z0-9_-]++|"(?:[^"\\\r\n]|\\.)*+"|'[^'\r\n]*+')"""
_PART_RE = re.compile(_PART)
_DOTTED_RUN = re.compile(rf"{_PART}(?:[ \t]*+\.[ \t]*+{_PART})++")

# A line that may open a table: where the text is cut into chunks.
HEADER_LINE = re.compile(r"^[ \t]*\[", re.MULTILINE)
_HEADER_AFTER_NEWLINE = re.compile(r"\n[ \t]*+\[")
_POSITION = re.compile(r" \(at (?:line (\d+), column (\d+)|end of document)\)$")
_REDEFINITION = (
    "Cannot overwrite",
    "Cannot declare",
    "Cannot redefine",
    "Cannot mutate",
    "Duplicate inline table key",
)


@lru_cache(maxsize=8)
def parse_toml(text: str) -> ParsedToml:
    """Parse ``text`` with tomllib (by chunks when it can). Cached on the text; never raises."""
    chunked = _parse_chunked(text)
    if chunked is not None:
        return chunked
    if overlong_key(text) is not None:
        # Confirmed by the locator, which reads keys only (not strings or comments).
        stop = locate(text).error
        if stop is not None and stop.message == OVERLONG_KEY:
            return ParsedToml(None, TomlError(stop.offset, OVERLONG_KEY, ErrorKind.SYNTAX))
    try:
        return ParsedToml(tomllib.loads(text), None)
    except tomllib.TOMLDecodeError as exc:
        return ParsedToml(None, _error(text, str(exc)))
    except RecursionError:
        return ParsedToml(None, TomlError(0, "values are nested too deeply", ErrorKind.SYNTAX))


def overlong_key(text: str) -> int | None:
    """Where a dotted run of more than :data:`MAX_KEY_PARTS` parts starts, if there is one.

    Runs in strings and comments count too (a false alarm, which the caller confirms).
    """
    if text.count(".") < MAX_KEY_PARTS:
        return None
    for match in _DOTTED_RUN.finditer(text):
        run = match.group()
        if run.count(".") >= MAX_KEY_PARTS and len(_PART_RE.findall(run)) > MAX_KEY_PARTS:
            return match.start()
    return None


def _error(text: str, message: str) -> TomlError:
    match = _POSITION.search(message)
    offset = 0
    if match is not None:
        message = message[: match.start()]
        if match.group(1) is None:
            offset = len(text)
        else:
            offset = _offset(text, int(match.group(1)), int(match.group(2)))
    kind = ErrorKind.REDEFINITION if message.startswith(_REDEFINITION) else ErrorKind.SYNTAX
    return TomlError(offset, message, kind)


def _offset(text: str, line: int, column: int) -> int:
    start = 0
    for _ in range(line - 1):
        found = text.find("\n", start)
        if found < 0:
            return len(text)
        start = found + 1
    return min(start + max(column - 1, 0), len(text))


# --- chunks -------------------------------------------------------------------------------


# Table bodies read so far, by their text, for every text: an edit re-reads one chunk. Past
# the bound, only the bodies of the text being read are kept (the ones read next).
MAX_BODIES = 4096
_bodies: dict[str, dict[str, Any] | None] = {}
_UNREAD: Any = object()


def _parse_bodies(texts: list[str]) -> list[dict[str, Any] | None]:
    """Each body's table (``quick_loads``, else tomllib; None when it is not valid), the ones
    not read before all at once."""
    global _bodies
    cache = _bodies
    found = [cache.get(text, _UNREAD) for text in texts]
    unread = list(
        dict.fromkeys(text for text, data in zip(texts, found, strict=True) if data is _UNREAD)
    )
    if not unread:
        return found
    read = {
        text: plain if plain is not None else _slow_body(text)
        for text, plain in zip(unread, quick_loads_many(unread), strict=True)
    }
    found = [
        read[text] if data is _UNREAD else data for text, data in zip(texts, found, strict=True)
    ]
    if len(cache) + len(read) > MAX_BODIES:
        cache = _bodies = dict(zip(texts, found, strict=True))
    else:
        cache.update(read)
    return found


def _slow_body(body: str) -> dict[str, Any] | None:
    if overlong_key(body) is not None:
        return None
    try:
        return tomllib.loads(body)
    except (tomllib.TOMLDecodeError, RecursionError):
        return None


@lru_cache(maxsize=4096)
def _parse_header(line: str) -> tuple[tuple[str, ...], bool] | None:
    """``[a."b"]`` -> (("a", "b"), False); ``[[a.b]]`` -> (("a", "b"), True)."""
    if overlong_key(line) is not None:
        return None
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


class _Conflict(Exception):
    """Internal: the chunks cannot be merged safely; read the text whole."""


class _Merger:
    """Builds the document from chunks with TOML's rules for tables and arrays of tables."""

    def __init__(self) -> None:
        self.data: dict[str, Any] = {}
        # Identities of the containers this merge made. Tables that came out of a chunk's
        # body (dotted keys, inline tables) are not here, so headers never reopen them.
        self.tables: set[int] = {id(self.data)}
        self.explicit: set[int] = {id(self.data)}
        self.arrays: set[int] = set()

    def add(self, keys: tuple[str, ...], is_array: bool, body: dict[str, Any]) -> KeyPath:
        table, path = self._open(keys, is_array)
        if not table:
            table.update(body)  # the usual case: a new table
            return path
        for key, value in body.items():
            if key in table:
                raise _Conflict
            table[key] = value
        return path

    def add_top(self, body: dict[str, Any]) -> None:
        self.data.update(body)

    def _open(self, keys: tuple[str, ...], is_array: bool) -> tuple[dict[str, Any], KeyPath]:
        current = self.data
        path: list[str | int] = []
        for key in keys[:-1]:
            node = current.get(key)
            path.append(key)
            if node is None:
                node = {}
                current[key] = node
                self.tables.add(id(node))
            elif isinstance(node, list) and id(node) in self.arrays:
                path.append(len(node) - 1)
                node = node[-1]
            elif not (isinstance(node, dict) and id(node) in self.tables):
                raise _Conflict
            current = node
        last = keys[-1]
        node = current.get(last)
        path.append(last)
        if is_array:
            if node is None:
                node = []
                current[last] = node
                self.arrays.add(id(node))
            elif not (isinstance(node, list) and id(node) in self.arrays):
                raise _Conflict
            table: dict[str, Any] = {}
            path.append(len(node))
            node.append(table)
        elif node is None:
            table = {}
            current[last] = table
        elif isinstance(node, dict) and id(node) in self.tables and id(node) not in self.explicit:
            table = node
        else:
            raise _Conflict
        self.tables.add(id(table))
        self.explicit.add(id(table))
        return table, tuple(path)


def header_starts(text: str) -> list[int]:
    """Where the lines :data:`HEADER_LINE` matches start (found faster than it finds them)."""
    # A search for a newline first skips ahead in C; one for a line start tries everywhere.
    starts = [match.start() + 1 for match in _HEADER_AFTER_NEWLINE.finditer(text)]
    if HEADER_LINE.match(text):
        starts.insert(0, 0)
    return starts


def _parse_chunked(text: str) -> ParsedToml | None:
    starts = header_starts(text)
    bounds = [*starts, len(text)]
    lines: list[str] = []
    texts = [text[: bounds[0]]]
    for start, end in zip(starts, bounds[1:], strict=True):
        line_end = text.find("\n", start, end)
        if line_end < 0:
            lines.append(text[start:end])
            texts.append("")
        else:
            # Only a CR followed by LF ends a line; a lone CR is the header's problem.
            stop = line_end - 1 if text[line_end - 1] == "\r" else line_end
            lines.append(text[start:stop])
            texts.append(text[line_end + 1 : end])
    bodies = _parse_bodies(texts)
    top = bodies[0]
    if top is None:
        return None
    merger = _Merger()
    merger.add_top(top)
    chunks = [Chunk(0, bounds[0], ())]
    try:
        for start, end, line, body in zip(starts, bounds[1:], lines, bodies[1:], strict=True):
            header = _parse_header(line)
            if header is None or body is None:
                return None
            path = merger.add(header[0], header[1], body)
            chunks.append(Chunk(start, end, path))
    except _Conflict:
        return None
    return ParsedToml(merger.data, None, tuple(chunks))
