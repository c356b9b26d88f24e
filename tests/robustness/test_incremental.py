"""The incremental path equals the from-scratch path.

In the core: an engine that has analysed every intermediate text of an editing session
(its caches warm with them: resolutions, parsed declarations, module symbols, unsaved
buffers of other modules) gives the same findings for the final text as a new engine.

At the protocol's edge: a ranged change is applied where LSP says it goes, for every line
break LSP knows (LF, CRLF, CR) and the ones it does not (form feed, U+2028, NEL...: not
line breaks), in each position encoding, past the end of a line or of the text included.
The end-to-end version of both is the storm (test_storm.py).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from lsprotocol import types

from balmod.analysis.engine import Engine
from balmod.lsp.convert import PositionMapper
from balmod.text import LineIndex
from builders import make_bala, make_dirs, make_langlibs, make_package

SETTINGS = settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

PIECES = [
    "import ballerina/io;\n", "import ballerina/http;\n", "import ballerina/htpp;\n",
    "import app.util;\n", "import ballerina/io as _;\n", "import ", "ballerina/", "as x",
    "io:println(1);\n", "util:shout(s);\n", "util:gone();\n", "http:Client", "strings:x",
    "int:abs(1)", "{a:b}", "`${", "\"", "//", "#", "\n", "\r\n", "\r", ";", "{", "}", "é",
    "public function f() {}\n", "public const C = 1;\n",
]  # fmt: skip
UTIL_VERSIONS = [
    "public function shout(string s) returns string => s;\n",
    "public function gone() {}\n",
    "function shout(string s) returns string => s;\n",  # not public any more
    "",
]


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> tuple[Engine, Path, Path]:
    base = tmp_path_factory.mktemp("incremental")
    dirs = make_dirs(base)
    make_langlibs(dirs.distribution)
    make_bala(
        dirs.distribution,
        "ballerina",
        "io",
        "1.0.0",
        modules={"io": {"io.bal": "public function println(any... v) {}\n"}},
    )
    make_bala(
        dirs.distribution,
        "ballerina",
        "http",
        "1.0.0",
        modules={"http": {"http.bal": "public client class Client {}\n"}},
    )
    package = make_package(
        base / "app",
        "acme",
        "app",
        modules={"": {"main.bal": ""}, "util": {"util.bal": UTIL_VERSIONS[0]}},
    )
    return Engine(dirs.roots()), package / "main.bal", package / "modules" / "util" / "util.bal"


@st.composite
def sessions(draw: st.DrawFn) -> list[tuple[str, str]]:
    """Successive (main.bal, util.bal buffer) states of an editing session."""
    text = draw(st.sampled_from(["", "import ballerina/io;\n\npublic function main() {\n}\n"]))
    util = UTIL_VERSIONS[0]
    states = [(text, util)]
    for _ in range(draw(st.integers(1, 25))):
        if draw(st.integers(0, 5)) == 0:
            util = draw(st.sampled_from(UTIL_VERSIONS))
        else:
            start = draw(st.integers(0, len(text)))
            end = draw(st.integers(start, min(len(text), start + 12)))
            text = text[:start] + draw(st.sampled_from([*PIECES, ""])) + text[end:]
        states.append((text, util))
    return states


def key(findings: object) -> list[tuple[object, ...]]:
    return sorted((f.code, f.span, f.message, f.severity) for f in findings)  # type: ignore[attr-defined]


@SETTINGS
@given(sessions())
def test_findings_after_a_session_equal_a_fresh_engines(
    world: tuple[Engine, Path, Path], states: list[tuple[str, str]]
) -> None:
    warm, main, util = world
    for text, buffer in states:
        warm.analyze(text, main, {util: buffer})
    text, buffer = states[-1]
    fresh = Engine(warm.roots)
    assert key(warm.analyze(text, main, {util: buffer}).findings) == key(
        fresh.analyze(text, main, {util: buffer}).findings
    )


# --- ranged changes ------------------------------------------------------------------------

BREAK = re.compile(r"\r\n|\r|\n")


def units(text: str, encoding: str) -> int:
    if encoding == "utf-8":
        return len(text.encode())
    if encoding == "utf-16":
        return len(text.encode("utf-16-le")) // 2
    return len(text)


def lsp_offset(text: str, line: int, character: int, encoding: str) -> int:
    """An oracle written from the LSP specification, independent of balmod's code."""
    starts = [0] + [m.end() for m in BREAK.finditer(text)]
    if line >= len(starts):
        return len(text)
    end = starts[line + 1] if line + 1 < len(starts) else len(text)
    content = BREAK.sub("", text[starts[line] : end])
    for index in range(len(content) + 1):
        if units(content[:index], encoding) >= character:
            return starts[line] + index
    return starts[line] + len(content)


def on_boundary(text: str, line: int, character: int, encoding: str) -> bool:
    """Whether a position falls between characters (a client never splits one)."""
    starts = [0] + [m.end() for m in BREAK.finditer(text)]
    if line >= len(starts):
        return True
    offset = lsp_offset(text, line, character, encoding)
    return units(text[starts[line] : offset], encoding) in (
        character,
        units(
            BREAK.sub(
                "", text[starts[line] : starts[line + 1] if line + 1 < len(starts) else len(text)]
            ),
            encoding,
        ),
    )


texts = st.lists(
    st.sampled_from(
        [
            "a",
            "é",
            "😀",
            "漢",
            "\n",
            "\r\n",
            "\r",
            "\x0c",
            "\u2028",
            "\u2029",
            "\x85",
            "\x0b",
            "\x1e",
            " ",
        ]
    ),
    max_size=30,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(
    texts,
    st.sampled_from(["utf-8", "utf-16", "utf-32"]),
    st.tuples(st.integers(0, 12), st.integers(0, 12)),
    st.tuples(st.integers(0, 12), st.integers(0, 12)),
    st.sampled_from(["", "X", "\n", "\r\n", "😀"]),
)
def test_a_ranged_change_lands_where_lsp_says(
    text: str,
    encoding: str,
    start: tuple[int, int],
    end: tuple[int, int],
    new: str,
) -> None:
    assume(on_boundary(text, *start, encoding) and on_boundary(text, *end, encoding))
    a = lsp_offset(text, *start, encoding)
    b = lsp_offset(text, *end, encoding)
    change = types.TextDocumentContentChangePartial(
        range=types.Range(
            start=types.Position(line=start[0], character=start[1]),
            end=types.Position(line=end[0], character=end[1]),
        ),
        text=new,
    )
    low, high = min(a, b), max(a, b)
    changed = PositionMapper(text, encoding).apply(change)
    assert changed.text == text[:low] + new + text[high:]
    # The line index moved along with the change is the one of the new text.
    assert changed.lines._starts == LineIndex(changed.text)._starts


def test_a_whole_document_change_replaces_the_text() -> None:
    change = types.TextDocumentContentChangeWholeDocument(text="new\u2028text")
    assert PositionMapper("old", "utf-16").apply(change).text == "new\u2028text"


@settings(max_examples=500, deadline=None)
@given(
    st.text(alphabet="ab\n\r", max_size=30),
    st.lists(
        st.tuples(st.integers(0, 40), st.integers(0, 5), st.text(alphabet="xy\n\r", max_size=4)),
        max_size=8,
    ),
)
def test_a_line_index_moved_by_edits_is_the_index_of_the_result(
    text: str, edits: list[tuple[int, int, str]]
) -> None:
    index = LineIndex(text)
    for at, removed, inserted in edits:
        start = min(at, len(text))
        end = min(start + removed, len(text))
        text = text[:start] + inserted + text[end:]
        index = index.edited(text, start, end, len(inserted))
        assert index._starts == LineIndex(text)._starts
        assert index.position(len(text)) == LineIndex(text).position(len(text))
