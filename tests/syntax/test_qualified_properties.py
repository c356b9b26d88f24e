"""Properties of scan_body over generated text."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from balmod.syntax.keywords import RESERVED_KEYWORDS
from balmod.syntax.qualified import BodyScan, scan_body

SOUP = [
    "a", "io", ":", "::", " : ", "?", "?.", "?:", " ? ", "{", "}", "(", ")", "[", "]", ",", ";",
    "`", "${", '"', "\\", "'", "'from", "//", "#", "\n", "\r\n", "\r", " ", "\t", ".<", "/<",
    "/**/<", ">", "xmlns \"u\" as ns;", "ns", "x.y", "1", "é", "🎉", "\x00", "return ", "=",
    "=>", "record ", "returns ", "|",
]  # fmt: skip

WORD = st.from_regex(r"[a-z_][a-z0-9_]{0,8}", fullmatch=True).filter(
    lambda w: w not in RESERVED_KEYWORDS and w != "_"
)


def check_invariants(text: str, start: int, scan: BodyScan) -> None:
    previous = -1
    for ref in scan.refs:
        prefix, name = ref.prefix_span, ref.name_span
        assert max(start, 0) <= prefix.start < prefix.end < name.start <= name.end <= len(text)
        assert name.start == prefix.end + 1
        assert text[prefix.end] == ":"
        assert prefix.slice(text).removeprefix("'") == ref.prefix
        assert name.slice(text).removeprefix("'") == ref.name
        if not ref.name or ref.prefix in scan.xmlns_prefixes:
            assert not ref.certain
        assert prefix.start > previous  # in text order, each once
        previous = prefix.start
    assert scan.used_prefixes == frozenset(r.prefix for r in scan.refs)


@settings(max_examples=300, deadline=None)
@given(st.text(), st.integers(min_value=-3, max_value=50))
def test_any_text_never_raises(text: str, start: int) -> None:
    check_invariants(text, start, scan_body(text, start))


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(SOUP), max_size=40).map("".join))
@example("`${`${a:b")
@example("{a:b:c:d}")
@example("x ? ? a:b : : c:d")
def test_code_like_token_soup_never_raises(text: str) -> None:
    check_invariants(text, 0, scan_body(text))


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.tuples(WORD, WORD), min_size=1, max_size=6),
    st.sampled_from(["", "    ", "\t"]),
    st.sampled_from(["\n", "\r\n", "\r"]),
)
def test_qualified_calls_in_statements_are_found_certain(
    pairs: list[tuple[str, str]], indent: str, line_break: str
) -> None:
    body = "".join(f'{line_break}{indent}{p}:{n}("s:t", {{k: 1}}); // {p}:x' for p, n in pairs)
    text = f"function main() returns error? {{{body}{line_break}}}{line_break}"
    scan = scan_body(text)
    assert [(r.prefix, r.name, r.certain) for r in scan.refs] == [(p, n, True) for p, n in pairs]
    position = 0
    for ref, (p, n) in zip(scan.refs, pairs, strict=True):
        position = text.index(f"{p}:{n}(", position)
        assert ref.prefix_span.start == position
        assert ref.name_span.end == position + len(p) + 1 + len(n)
        position = ref.name_span.end
