"""Text edits in the core's terms, and the helpers that keep them minimal.

Every change balmod proposes is a list of `TextEdit`s the client applies; nothing here
writes files. Edits never overlap, and each touches only the lines it must.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from balmod.text import Span


@dataclass(frozen=True, slots=True)
class TextEdit:
    span: Span
    new_text: str


def apply_edits(text: str, edits: Iterable[TextEdit]) -> str:
    """``text`` with ``edits`` applied (as a client would: all against the original text)."""
    ordered = sorted(edits, key=lambda e: (e.span.start, e.span.end))
    out: list[str] = []
    cursor = 0
    for edit in ordered:
        if edit.span.start < cursor:
            raise ValueError(f"overlapping edits at {edit.span.start}")
        out.append(text[cursor : edit.span.start])
        out.append(edit.new_text)
        cursor = edit.span.end
    out.append(text[cursor:])
    return "".join(out)


def _line_start(text: str, offset: int) -> int:
    return max(text.rfind("\n", 0, offset), text.rfind("\r", 0, offset)) + 1


def _line_end_after_break(text: str, offset: int) -> int:
    """The offset just past the line break that ends the line holding ``offset``."""
    n = len(text)
    i = offset
    while i < n and text[i] not in "\r\n":
        i += 1
    if i < n and text[i] == "\r":
        i += 1
    if i < n and text[i] == "\n":
        i += 1
    return i


def deletion(text: str, span: Span) -> TextEdit:
    """Delete ``span``; when it stands alone on its lines, delete those whole lines."""
    start = _line_start(text, span.start)
    end = _line_end_after_break(text, span.end)
    before = text[start : span.start]
    after = text[span.end : end]
    if not before.strip() and not after.strip():
        return TextEdit(Span(start, end), "")
    # Something else shares the line: remove only the declaration and the blanks after it.
    stop = span.end
    while stop < len(text) and text[stop] in " \t":
        stop += 1
    return TextEdit(Span(span.start, stop), "")


def line_break(text: str) -> str:
    """The file's own line break, so inserted lines match the rest of the file."""
    index = text.find("\n")
    if index > 0 and text[index - 1] == "\r":
        return "\r\n"
    if index < 0 and "\r" in text:
        return "\r"
    return "\n"


def insertion_after_line(text: str, offset: int, line: str) -> TextEdit:
    """Insert ``line`` as a new line after the line holding ``offset``."""
    end = _line_end_after_break(text, offset)
    eol = line_break(text)
    if end == len(text) and (not text or text[-1] not in "\r\n"):
        return TextEdit(Span(end, end), eol + line)
    return TextEdit(Span(end, end), line + eol)
