"""Issues: findings before they have a place in the text.

Checks work on tomllib's data and name what is wrong by key path; only then, and only when
there is something to report, are paths turned into spans. A clean manifest is therefore
never scanned for positions at all, and a dirty one only in the chunks that hold its issues.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum, IntEnum

from balmod.findings import Finding, Severity, finding
from balmod.manifest.document import HEADER_LINE, Chunk, ErrorKind, ParsedToml, TomlError
from balmod.manifest.keypath import KeyPath, format_path
from balmod.manifest.locator import Located, Locations, NodeKind, locate, locate_window
from balmod.text import Span


class Stage(IntEnum):
    """The order findings come in. A syntax error stops everything after it."""

    SYNTAX = 1  # not TOML; tomllib also rejects duplicate keys here
    STRUCTURE = 2  # a value or table of the wrong type (TVE0002)
    SCHEMA = 3  # the compiler's schema and manifest rules, and balmod's own
    RESOLUTION = 4  # against the repositories (added by callers, see check functions)


class Target(Enum):
    KEY = "key"  # the key (a table's header key); the value when there is no key
    VALUE = "value"  # the value; the key when the value has no text
    FIRST_STATEMENT = "first-statement"  # the first key or header of the file


@dataclass(frozen=True, slots=True)
class Issue:
    code: str
    message: str
    path: KeyPath
    target: Target
    stage: Stage
    severity: Severity | None = None  # None: the code's default


class SpanFinder:
    """Turns key paths into spans for one text, scanning only the chunks it needs."""

    def __init__(self, text: str, parsed: ParsedToml) -> None:
        self.text = text
        self.chunks: tuple[Chunk, ...] = parsed.chunks

    def node(self, path: KeyPath) -> Located | None:
        """The node at ``path`` or its nearest located ancestor."""
        return self._locations(path).nearest(path)

    def span(self, path: KeyPath, target: Target) -> Span:
        if target is Target.FIRST_STATEMENT:
            return self.first_statement()
        node = self.node(path)
        if node is None:
            return Span(0, 0)
        if node.path != path:
            # What is missing has no text: point at the table that should hold it.
            return node.key or node.span
        if target is Target.KEY or node.kind in (NodeKind.TABLE, NodeKind.ARRAY_OF_TABLES):
            # A table's own text runs to its last line: its header key is the place to mark.
            return node.key or node.span
        return node.span

    def first_statement(self) -> Span:
        for chunk in self.chunks or (Chunk(0, len(self.text), ()),):
            statements = self._scan(chunk).statements
            if statements:
                return statements[0].key
        return Span(0, 0)

    def _locations(self, path: KeyPath) -> Locations:
        best: Chunk | None = None
        for chunk in self.chunks:
            if path[: len(chunk.path)] == chunk.path and (
                best is None or len(chunk.path) > len(best.path)
            ):
                best = chunk
        if best is not None and best.path == () and path:
            # A path above every header (an [[array]] as a whole): its first chunk knows it.
            best = next((c for c in self.chunks if c.path[: len(path)] == path), best)
        return locate(self.text) if best is None else self._scan(best)

    def _scan(self, chunk: Chunk) -> Locations:
        if not self.chunks:
            return locate(self.text)
        return locate_window(self.text, chunk.start, chunk.end, chunk.path)


def incomplete(missing: list[str]) -> str:
    """``'name' is missing, ...`` for an entry the compiler skips (BMD1004)."""
    names = ", ".join(f"'{key}'" for key in missing)
    verb = "is" if len(missing) == 1 else "are"
    return f"{names} {verb} missing, so the compiler ignores this entry"


def to_findings(text: str, parsed: ParsedToml, issues: Iterable[Issue]) -> list[Finding]:
    """Place ``issues`` in ``text``, in stage order and then by position."""
    spans = SpanFinder(text, parsed)
    placed: list[tuple[Stage, Finding]] = []
    for issue in issues:
        data = {"stage": issue.stage.name.lower(), "path": format_path(issue.path)}
        extra = {} if issue.severity is None else {"severity": issue.severity}
        span = spans.span(issue.path, issue.target)
        placed.append((issue.stage, finding(issue.code, issue.message, span, data=data, **extra)))
    placed.sort(key=lambda item: (item[0], item[1].span.start, item[1].span.end, item[1].code))
    return [f for _, f in placed]


def syntax_finding(text: str, error: TomlError) -> Finding:
    """The one finding for a text tomllib rejects."""
    if error.kind is ErrorKind.REDEFINITION:
        return _redefinition(text, error)
    offset = error.offset
    end = offset + 1 if offset < len(text) and text[offset] not in "\r\n" else offset
    # tomllib points where it gave up (the end of the line, for an unclosed string); the
    # scanner stops where the trouble began. On the same line, mark from there.
    start = offset
    scanned = _scan_towards(text, offset).error
    if scanned is not None and scanned.offset < offset:
        between = text[scanned.offset : offset]
        if "\n" not in between and "\r" not in between:
            start = scanned.offset
    message = error.message[:1].lower() + error.message[1:]
    return finding(
        "BMD1001",
        f"invalid TOML: {message}",
        Span(start, end),
        data={"stage": Stage.SYNTAX.name.lower()},
    )


def _scan_towards(text: str, offset: int) -> Locations:
    """Scan from the last header line before ``offset``: enough to see its line's trouble."""
    start = 0
    for match in HEADER_LINE.finditer(text, 0, offset):
        start = match.start()
    return locate_window(text, start, len(text), ())


def _redefinition(text: str, error: TomlError) -> Finding:
    locations = locate(text)
    statement = locations.statement_at(error.offset)
    if statement is None:
        span = Span(error.offset, error.offset)
        path: KeyPath = ()
    else:
        span, path = statement.key, statement.path
        for node in locations.redefinitions:
            if node.key is not None and statement.span.start <= node.key.start <= error.offset:
                span, path = node.key, node.path
                break
    written = text[span.start : span.end]
    if error.message.startswith(("Cannot overwrite", "Duplicate inline table key")):
        message = f"duplicate key '{written}'"
    elif error.message.startswith("Cannot declare"):
        message = f"duplicate table '[{written}]'"
    else:
        message = f"'{written}' redefines a table or value defined earlier"
    data = {"stage": Stage.SYNTAX.name.lower(), "path": format_path(path)}
    return finding("BMD1002", message, span, data=data)
