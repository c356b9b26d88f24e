"""Spans and the line index: code points, every line-break form."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from balmod.text import LineIndex, Span


def test_span_rejects_negative_and_reversed() -> None:
    with pytest.raises(ValueError):
        Span(-1, 2)
    with pytest.raises(ValueError):
        Span(3, 2)


@pytest.mark.parametrize("eol", ["\n", "\r\n", "\r"])
def test_positions_with_each_line_break(eol: str) -> None:
    text = f"ab{eol}c😀d{eol}{eol}e"
    index = LineIndex(text)
    assert index.line_count == 4
    assert index.position(text.index("d")) == (1, 2)
    assert index.position(len(text)) == (3, 1)
    assert index.offset(1, 2) == text.index("d")
    assert index.offset(1, 99) == text.index("d") + 1 + len(eol)  # clamped to the next line start


@given(st.text(alphabet=st.sampled_from("ab\r\n😀"), max_size=60), st.data())
def test_position_and_offset_round_trip(text: str, data: st.DataObject) -> None:
    index = LineIndex(text)
    offset = data.draw(st.integers(min_value=0, max_value=len(text)))
    line, column = index.position(offset)
    if not (offset > 0 and text[offset - 1] == "\r" and text[offset : offset + 1] == "\n"):
        assert index.offset(line, column) == offset
