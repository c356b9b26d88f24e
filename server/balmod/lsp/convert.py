"""Conversions between the core's code-point spans and LSP positions.

pygls's TextDocument re-splits the whole text for every conversion; a `PositionMapper` builds
its line index once per text version, which matters on 5,000-line files.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from cattrs import Converter
from lsprotocol import types
from pygls.protocol import default_converter

from balmod.extracted import document_uri
from balmod.findings import Finding
from balmod.text import LineIndex, Span


def _units(text: str, encoding: str) -> int:
    """The length of ``text`` in the client's position units."""
    if encoding == types.PositionEncodingKind.Utf32:
        return len(text)
    if encoding == types.PositionEncodingKind.Utf8:
        return len(text.encode("utf-8", errors="surrogatepass"))
    if text.isascii():
        return len(text)
    return len(text.encode("utf-16-le", errors="surrogatepass")) // 2


class PositionMapper:
    def __init__(
        self,
        text: str,
        encoding: str = types.PositionEncodingKind.Utf16,
        lines: LineIndex | None = None,
    ) -> None:
        self.text = text
        self.encoding = encoding
        self.lines = LineIndex(text) if lines is None else lines

    def apply(self, change: types.TextDocumentContentChangeEvent) -> PositionMapper:
        """The text after one didChange content change, with its line index.

        Positions past the end of a line or of the text are clamped to it, as LSP says; a
        range given end first is taken in order.
        """
        if not isinstance(change, types.TextDocumentContentChangePartial):
            return PositionMapper(change.text, self.encoding)
        start, end = sorted((self.offset(change.range.start), self.offset(change.range.end)))
        text = self.text[:start] + change.text + self.text[end:]
        lines = self.lines.edited(text, start, end, len(change.text))
        return PositionMapper(text, self.encoding, lines)

    def position(self, offset: int) -> types.Position:
        line, column = self.lines.position(offset)
        start = self.lines.line_start(line)
        return types.Position(
            line=line, character=_units(self.text[start : start + column], self.encoding)
        )

    def range(self, span: Span) -> types.Range:
        return types.Range(start=self.position(span.start), end=self.position(span.end))

    def offset(self, position: types.Position) -> int:
        """The offset of a client position, clamped into its line (and the text)."""
        if position.line >= self.lines.line_count:
            return len(self.text)
        start = self.lines.line_start(position.line)
        line_end = self.lines.offset(position.line, len(self.text))
        line_text = self.text[start:line_end].rstrip("\r\n")
        return start + _column(line_text, position.character, self.encoding)


def _column(line_text: str, character: int, encoding: str) -> int:
    """The code-point column of ``character`` client units into a line, clamped to it."""
    if encoding == types.PositionEncodingKind.Utf32 or line_text.isascii():
        return min(character, len(line_text))
    units = 0
    for index, char in enumerate(line_text):
        if units >= character:
            return index
        units += _units(char, encoding)
    return len(line_text)


def _origin() -> types.Range:
    zero = types.Position(line=0, character=0)
    return types.Range(start=zero, end=zero)


def diagnostic(item: Finding, mapper: PositionMapper, uri: str) -> types.Diagnostic:
    """An LSP diagnostic for a finding in the document at ``uri``."""
    related = []
    for note in item.related:
        if note.path is not None:
            where = types.Location(uri=document_uri(note.path), range=_origin())
        elif note.span is not None:
            where = types.Location(uri=uri, range=mapper.range(note.span))
        else:
            continue
        related.append(types.DiagnosticRelatedInformation(location=where, message=note.message))
    return types.Diagnostic(
        range=mapper.range(item.span),
        message=item.message,
        severity=types.DiagnosticSeverity(int(item.severity)),
        code=item.code,
        source=item.source,
        tags=[types.DiagnosticTag(int(tag)) for tag in item.tags] or None,
        related_information=related or None,
        data=item.data or None,
    )


def location(path: Path, span: Span | None, text: str | None, encoding: str) -> types.Location:
    """A location in a file on disk or in an archive (a ``balmod-archive:`` URI); ``text``
    (the file's content) places ``span`` in it."""
    uri = document_uri(path)
    if span is None or text is None:
        return types.Location(uri=uri, range=_origin())
    return types.Location(uri=uri, range=PositionMapper(text, encoding).range(span))


# Completion items made once are sent again and again (see `features/completion.py`); their
# JSON form is kept with them, by identity, instead of being unstructured per answer.
_MAX_SENT_ITEMS = 4096


def wire_converter() -> Converter:
    """pygls's converter, with completion items' JSON form kept per item object."""
    converter: Converter = default_converter()  # type: ignore[no-untyped-call]
    plain: Callable[[Any], Any] = converter.get_unstructure_hook(types.CompletionItem)
    sent: dict[int, tuple[types.CompletionItem, Any]] = {}

    def unstructure_item(item: types.CompletionItem) -> Any:
        known = sent.get(id(item))
        if known is not None and known[0] is item:
            return known[1]
        if len(sent) >= _MAX_SENT_ITEMS:
            sent.clear()
        value = plain(item)
        sent[id(item)] = (item, value)
        return value

    converter.register_unstructure_hook(types.CompletionItem, unstructure_item)
    return converter
