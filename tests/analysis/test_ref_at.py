"""`DocumentAnalysis.ref_at`: the reference at an offset, found by bisection, is the first
in text order whose prefix or name holds it, as a walk over every reference finds it."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from balmod.analysis.document import DocumentAnalysis
from balmod.syntax.imports import parse_imports
from balmod.syntax.qualified import QualifiedRef, scan_body

PIECES = [
    "io", "http", "a", "b", ":", "x:y", "a:b:c", "p:q:r:s", "io:", " ", "\n", "(", ")", "{", "}",
    ",", ";", "?", "'q", "'io:'x", "// c:d\n", '"s:t"', "`t${u:v}`", "x.<ns:tag>", "=",
]  # fmt: skip


def _analysis(text: str) -> DocumentAnalysis:
    section = parse_imports(text)
    return DocumentAnalysis(None, text, None, section, scan_body(text, section.end), (), ())


def _walked(refs: tuple[QualifiedRef, ...], offset: int) -> QualifiedRef | None:
    for ref in refs:
        if ref.prefix_span.start <= offset <= ref.name_span.end:
            return ref
        if ref.prefix_span.start > offset:
            break
    return None


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40).map("".join))
def test_ref_at_is_the_first_reference_holding_the_offset(text: str) -> None:
    analysis = _analysis(text)
    for offset in range(-1, len(text) + 2):
        assert analysis.ref_at(offset) == _walked(analysis.body.refs, offset), offset


def test_in_a_chain_the_shared_word_belongs_to_the_first_reference() -> None:
    text = "function f() { a:b:c; }\n"
    analysis = _analysis(text)
    first, second = analysis.body.refs
    shared = text.index("b:c")
    assert analysis.ref_at(shared) is first
    assert analysis.ref_at(text.index("c;")) is second
    assert analysis.ref_at(text.index("a:")) is first
    assert analysis.ref_at(text.index("function")) is None
