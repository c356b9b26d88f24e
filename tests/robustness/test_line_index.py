"""LineIndex on every mix of line breaks, stray carriage returns included."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from balmod.text import LineIndex

_BREAK = re.compile(r"\r\n|\r|\n")


def reference(text: str) -> list[int]:
    """Line starts as LSP defines lines: LF, CRLF and CR each end one."""
    return [0, *(m.end() for m in _BREAK.finditer(text))]


TEXT = st.lists(st.sampled_from(["a", "é", "\n", "\r", "\r\n", "\n\r", "x y", "\t"])).map("".join)


@settings(max_examples=500)
@given(TEXT)
def test_line_starts_match_the_definition(text: str) -> None:
    index = LineIndex(text)
    starts = reference(text)
    assert [index.line_start(line) for line in range(index.line_count)] == starts
    for offset in range(len(text) + 1):
        line, column = index.position(offset)
        assert index.offset(line, column) == offset


def test_stray_carriage_returns_in_a_long_text() -> None:
    # A carriage return far from the next line feed (and the reverse): the shapes that made
    # the index rescan the text from every line.
    line = "    string s = io:println(x);\n"
    for text in (line * 20_000 + "\r", line.replace("\n", "\r") * 20_000 + "\n", "\r" * 50_000):
        assert LineIndex(text)._starts == reference(text)
