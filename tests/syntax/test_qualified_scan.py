"""The scanner's regexes pass over what cannot change its result (strings, comments, most
colons, braces and templates on one line with nothing of interest in them); scanning every
token one by one must give exactly the same result, for any text and any chunk stops."""

from __future__ import annotations

import re
from unittest import mock

from hypothesis import example, given, settings
from hypothesis import strategies as st

from balmod.syntax import qualified_scan
from balmod.syntax.lexical import STRING
from balmod.syntax.qualified_scan import Scanned, scan

# Every colon, brace, backtick, `?` and XML step is a token; only strings, comments and
# characters that start nothing are passed over (the `/`, `.` or `?` of no token, too).
EVERY_TOKEN = re.compile(
    rf"(?:{qualified_scan._RUN}|{STRING}|//[^\r\n]*+|\#[^\r\n]*+|/(?!/|(?:\*\*/)?<)|\.(?!<)"
    rf"|\?[.:])*+(?:{qualified_scan._TOKEN})"
)

PIECES = [
    "a", "io", "x1", "_", "é", "'q", "1", ":", "::", ": ", " : ", ":)", ":\n", "?", "?.", "?:",
    " ? ", "{", "}", "{|", "|}", "(", ")", "[", "]", ",", ";", "=", "=>", "<", ">", ".", "..<",
    "/", "`", "${", "$", '"', '"s:t"', "\\", "//", "// a:b", "#", "# a:b", "\n", "\r\n", "\r",
    " ", "\t", ".<", "/<", "/**/<", "x.<ns:tag>", "return ", "check ", "returns T ", "else ",
    "match ", "if c ", "record ", "int? ", "error?", ")?", "]?", "T?[]", "c?a:b", "c ? a : b",
    "io:println", "a:b:c", "{a: 1, b:c}", "`t ${1} u`", "`t ${a:b}`", "`${`x`}`",
    'xmlns "u" as ns;', "\n\nfunction f() {\n", "\n\n// c\n",
]  # fmt: skip

TEXTS = st.one_of(
    st.lists(st.sampled_from(PIECES), max_size=60).map("".join),
    st.text(alphabet=st.sampled_from(list("ab1_:?{}`$\"'/#.<>()=;, \n\r")), max_size=80),
    st.text(max_size=60),
)


def line_starts(text: str) -> list[int]:
    return [
        i
        for i in range(1, len(text))
        if text[i - 1] == "\n" or (text[i - 1] == "\r" and text[i] != "\n")
    ]


def token_by_token(text: str, start: int, stops: list[int], origin: int) -> Scanned:
    with (
        mock.patch.object(qualified_scan, "_FEW_COLONS", EVERY_TOKEN),
        mock.patch.object(qualified_scan, "_ALL_COLONS", EVERY_TOKEN),
    ):
        return scan(text, start, stops, origin)


@settings(max_examples=600, deadline=None)
@given(
    TEXTS,
    st.integers(min_value=0, max_value=30),
    st.lists(st.integers(min_value=0, max_value=1000), max_size=6),
    st.sampled_from([0, 7]),
)
@example("{a: 1, b: [1, 2]} x:y", 0, [], 0)
@example("c ? `${1}` : x:y", 0, [], 0)
@example("f(c ? {a: 1} : a:b);", 0, [], 0)
@example("s = `a ${c ? 1 : 2} b`; x ? a:b : c", 0, [], 0)
@example("{\n\nfunction a:b() {}\n}\n\nfunction c:d() {}\n", 0, [1, 2, 3], 0)
@example("x = {a: `${1}`}\n\nfunction f() { io:x(); }", 0, [0], 0)
def test_passing_over_inert_text_changes_nothing(
    text: str, start: int, picks: list[int], origin: int
) -> None:
    start = min(start, len(text))
    starts = line_starts(text)
    stops = sorted({starts[p % len(starts)] for p in picks}) if starts else []
    assert scan(text, start, stops, origin) == token_by_token(text, start, stops, origin)


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_each_match_starts_where_the_last_one_ended(text: str) -> None:
    # A gap would be text no alternative matched, passed over unseen by the search.
    for regex in (qualified_scan._FEW_COLONS, qualified_scan._ALL_COLONS, EVERY_TOKEN):
        end = 0
        for m in regex.finditer(text):
            assert m.start() == end
            end = m.end()
        assert end == len(text)


def test_inert_braces_and_templates_are_passed_over() -> None:
    text = 'x = {id: "a", n: {a: 1}}; s = `t ${"u"} v`; io:println(s);'
    tokens = [m.group(1) for m in qualified_scan._FEW_COLONS.finditer(text) if m.group(1)]
    assert tokens == [":println"]
    assert [r.prefix for r in scan(text, 0).refs] == ["io"]
