"""Spans and positions in the core's own terms: code-point offsets into a str.

The protocol layer converts these to the client's position encoding; nothing in the core
assumes UTF-16.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from itertools import accumulate


@dataclass(frozen=True, slots=True, order=True)
class Span:
    """A half-open range [start, end) of code-point offsets."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if self.start < 0 or self.end < self.start:
            raise ValueError(f"invalid span {self.start}..{self.end}")

    def contains(self, offset: int) -> bool:
        """True when ``offset`` lies inside the span or just after its end (a cursor)."""
        return self.start <= offset <= self.end

    def slice(self, text: str) -> str:
        return text[self.start : self.end]


class LineIndex:
    """Maps offsets to 0-based (line, column) pairs in code points, and back.

    Built once per text; every line break form (LF, CRLF, CR) ends a line.
    """

    __slots__ = ("_length", "_starts")

    def __init__(self, text: str) -> None:
        self._length = len(text)
        if "\r" not in text:
            # The common case, in C: each line's start is the running sum of line lengths.
            self._starts = [0, *accumulate(len(line) + 1 for line in text.split("\n")[:-1])]
            return
        # The next LF and the next CR, each searched again only once passed: searching both
        # from every line start rescans the text up to a far-off one (quadratic).
        starts = [0]
        n = len(text)
        find = text.find
        lf = find("\n")
        cr = find("\r")
        while lf >= 0 or cr >= 0:
            if cr >= 0 and (lf < 0 or cr < lf):
                i = cr + 2 if cr + 1 < n and text[cr + 1] == "\n" else cr + 1
            else:
                i = lf + 1
            starts.append(i)
            if 0 <= lf < i:
                lf = find("\n", i)
            if 0 <= cr < i:
                cr = find("\r", i)
        self._starts = starts

    def edited(self, text: str, start: int, end: int, inserted: int) -> LineIndex:
        """The index of ``text``: this index's text with ``[start, end)`` replaced by
        ``inserted`` characters (now at ``text[start:start + inserted]``).

        A keystroke moves the line starts after it and adds those of what it typed: no
        re-reading of the whole text. Near a CR, which may pair with an LF across the edit,
        the text is indexed anew.
        """
        if "\r" in text[max(start - 1, 0) : start + inserted + 1]:
            return LineIndex(text)
        starts = self._starts
        kept = bisect_right(starts, start)  # line starts up to the edit stay where they are
        moved = bisect_right(starts, end)  # those after what it replaced move by `delta`
        new = starts[:kept]
        stop = start + inserted
        pos = text.find("\n", start, stop)
        while pos >= 0:
            new.append(pos + 1)
            pos = text.find("\n", pos + 1, stop)
        delta = inserted - (end - start)
        new.extend([s + delta for s in starts[moved:]] if delta else starts[moved:])
        index = LineIndex.__new__(LineIndex)
        index._starts = new
        index._length = len(text)
        return index

    @property
    def line_count(self) -> int:
        return len(self._starts)

    def line_start(self, line: int) -> int:
        return self._starts[min(max(line, 0), len(self._starts) - 1)]

    def position(self, offset: int) -> tuple[int, int]:
        offset = min(max(offset, 0), self._length)
        line = bisect_right(self._starts, offset) - 1
        return line, offset - self._starts[line]

    def offset(self, line: int, column: int) -> int:
        """The offset of a (line, column) pair, clamped into the text and its line."""
        if line < 0:
            return 0
        if line >= len(self._starts):
            return self._length
        start = self._starts[line]
        end = self._starts[line + 1] if line + 1 < len(self._starts) else self._length
        return min(start + max(column, 0), end)
