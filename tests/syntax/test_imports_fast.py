"""The regular-expression fast path for plain import declarations (``import_fast``) against
the lark grammar: wherever the fast path answers, it answers exactly what lark does; it
answers for the plain common forms; and a section read with it is the section the scan and
lark find."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from balmod.syntax import import_parser, imports
from balmod.syntax.import_fast import read_declaration, read_next_declaration
from balmod.syntax.import_model import ImportDecl, Name
from balmod.syntax.import_scan import scan_section
from balmod.syntax.keywords import RESERVED_KEYWORDS
from balmod.text import Span

NOT_PLAIN = RESERVED_KEYWORDS | {"version"}


def lark_parse(text: str, start: int, end: int) -> ImportDecl:
    """What the grammar makes of ``text[start:end]``: the path every declaration took before."""
    return import_parser.parse_declaration(text, start, end)


def lark_section(text: str) -> tuple[tuple[ImportDecl, ...], int]:
    """The section as the token scan delimits it and lark parses it."""
    ranges, end = scan_section(text)
    return tuple(lark_parse(text, r.start, r.end) for r in ranges), end


# --- Generated declarations -------------------------------------------------------------

SPACE = st.sampled_from([" ", "\t", "\n", "\r\n", "\r", "\f"])
GAP = st.lists(SPACE, min_size=1, max_size=3).map("".join)  # where two words meet
OPTIONAL_GAP = st.one_of(st.just(""), GAP)  # around `/`, `.` and `;`
PLAIN = st.from_regex(r"[A-Za-z_][A-Za-z0-9_]{0,8}", fullmatch=True).filter(
    lambda w: w not in NOT_PLAIN
)
VERSION_NUMBER = st.from_regex(
    r"[0-9]{1,3}(\.[0-9]{1,3}){0,2}([-+][0-9A-Za-z.+-]{0,6})?", fullmatch=True
)

# Names the fast path must leave to lark, each for its own reason.
ODD_NAMES = [
    *sorted(RESERVED_KEYWORDS)[::7], "import", "as", "version", "int", "string", "map",
    "'int", "'service", "'x", "'", "é", "préfixe", "x\\u{41}", "\\u{41}", "1a", "a-b", "a$",
    "ab'", "_", "__", "importx", "asx", "version1", "٣",
]  # fmt: skip
# Text that may replace a separator: comments, odd spaces, nothing, junk.
ODD_GAPS = [
    "", " // c\n", "# doc\n", "//", "\v", "\u00a0", " /* c */ ", "\n\n", "\r", " ; ", " . ",
    " / ", "'", '"', "\x00",
]  # fmt: skip
ODD_TOKENS = [";", ".", "/", "as", "version", "1.2.3", "'a", "import", "$", "a", "@", "1.2."]


@dataclass(frozen=True)
class Plain:
    """A plain well-formed declaration and what it is made of."""

    org: str | None
    parts: tuple[str, ...]
    version: str | None
    prefix: str | None
    text: str


@st.composite
def plain_declarations(draw: st.DrawFn) -> Plain:
    org = draw(st.one_of(st.none(), PLAIN))
    parts = tuple(draw(st.lists(PLAIN, min_size=1, max_size=4)))
    version = draw(st.one_of(st.none(), VERSION_NUMBER))
    prefix = draw(st.one_of(st.none(), PLAIN))
    text = "import" + draw(GAP)
    if org is not None:
        text += org + draw(OPTIONAL_GAP) + "/" + draw(OPTIONAL_GAP)
    text += parts[0]
    for part in parts[1:]:
        text += draw(OPTIONAL_GAP) + "." + draw(OPTIONAL_GAP) + part
    if version is not None:
        text += draw(GAP) + "version" + draw(GAP) + version
    if prefix is not None:
        text += draw(GAP) + "as" + draw(GAP) + prefix
    text += draw(OPTIONAL_GAP) + ";"
    return Plain(org, parts, version, prefix, text)


@st.composite
def near_misses(draw: st.DrawFn) -> str:
    """A plain declaration with a few of its tokens or separators changed, dropped or added."""
    plain = draw(plain_declarations())
    # Split into words and separators, keeping both: every other piece is a separator.
    pieces: list[str] = []
    word = ""
    for ch in plain.text:
        if ch.isalnum() or ch in "_-+" or (ch == "." and word[:1].isdigit()):
            word += ch
            continue
        if word:
            pieces.append(word)
            word = ""
        pieces.append(ch)
    if word:
        pieces.append(word)
    # The scan hands the parser only text that starts with `import`: that word stays.
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(1, len(pieces)))
        change = draw(st.sampled_from(["name", "gap", "insert", "drop"]))
        if change == "name":
            words = [i for i, p in enumerate(pieces) if i and (p[:1].isalnum() or p[:1] == "_")]
            if words:
                pieces[draw(st.sampled_from(words))] = draw(st.sampled_from(ODD_NAMES))
        elif change == "gap":
            pieces.insert(at, draw(st.sampled_from(ODD_GAPS)))
        elif change == "insert":
            pieces.insert(at, draw(st.sampled_from([" ", ""])) + draw(st.sampled_from(ODD_TOKENS)))
        elif len(pieces) > 1:
            del pieces[min(at, len(pieces) - 1)]
    return "".join(pieces)


PADDING = st.sampled_from(["", "\n", "// header\n\n", "import a/b;\n", "é🎉\r\n", "x"])

# --- The fast path against lark ---------------------------------------------------------


def assert_agrees_where_it_answers(text: str, start: int, end: int) -> ImportDecl | None:
    fast = read_declaration(text, start, end)
    if fast is not None:
        assert fast == lark_parse(text, start, end)
    return fast


@settings(max_examples=400, deadline=None)
@given(plain_declarations(), PADDING, PADDING)
@example(Plain("ballerina", ("http",), None, None, "import ballerina/http;"), "", "")
@example(Plain(None, ("a",), "1.0.0-beta.1", "p", "import a version 1.0.0-beta.1 as p;"), "", "")
@example(Plain("a", ("b",), "1.2.3-", None, "import\fa\r\n/\tb\rversion\n1.2.3-\n;"), "", "")
@example(Plain("_", ("_",), None, "_", "import _/_ as _;"), "", "")
def test_plain_forms_are_answered_as_lark_answers(plain: Plain, before: str, after: str) -> None:
    text = before + plain.text + after
    start, end = len(before), len(before) + len(plain.text)
    fast = assert_agrees_where_it_answers(text, start, end)
    assert fast is not None
    assert fast.errors == ()
    assert fast.span == Span(start, end)
    assert (fast.org.value if fast.org else None) == plain.org
    assert tuple(part.value for part in fast.module) == plain.parts
    assert (fast.version.value if fast.version else None) == plain.version
    assert (fast.prefix.value if fast.prefix else None) == plain.prefix


@settings(max_examples=1500, deadline=None)
@given(near_misses(), PADDING, PADDING)
@example("import a/b version 1.2.3as p;", "", "")
@example("import a/b version 1.2.3-import;", "", "")
@example("import a/b version 1.2.;", "", "")
@example("import a/b version 1.2.3 1;", "", "")
@example("import a/b as p version 1;", "", "")
@example("import a/b.c.;", "", "")
@example("import a//b;", "", "")
@example("import a/b // c\n;", "", "")
@example("import version/b;", "", "")
@example("import a/b\u00a0;", "", "")
@example("import a/b١;", "", "")
def test_near_misses_are_answered_as_lark_answers_or_left_to_it(
    text: str, before: str, after: str
) -> None:
    whole = before + text + after
    assert_agrees_where_it_answers(whole, len(before), len(before) + len(text))


@pytest.mark.parametrize(
    "text",
    [
        "import ballerina/lang.'int;",  # quoted names
        "import 'foo/bar;",
        "import foo/bar as 'p;",
        "import foo/service;",  # reserved words as names: the grammar's to judge
        "import foo/bar.int;",
        "import foo/bar as int;",  # predeclared prefix
        "import as/b;",
        "import import;",
        "import a/version;",  # `version` as a name
        "import version;",
        "import a/b version;",  # clause without its number
        "import a/b version 1.2.3as p;",  # no space the lexer would need
        "import a // c\n/b;",  # comments inside
        "import a/b # d\n;",
        "import a/b",  # no `;`
        "import ;",
        "import a/;",
        "import a/b;;",
        "import a/\\u{62};",  # escapes
        "import a/bé;",  # non-ASCII
        "import a/b as préfixe;",
        "import a/b\v;",  # not whitespace in the grammar
        "import a/b version ١;",  # a non-ASCII digit
    ],
)
def test_unusual_declarations_go_to_lark(text: str) -> None:
    assert read_declaration(text, 0, len(text)) is None
    assert imports.parse_declaration(text, 0, len(text)) == lark_parse(text, 0, len(text))


@pytest.mark.parametrize(
    "text",
    [
        "import ballerina/http;",
        "import ballerinax/net.http.exception as ex;",
        "import hello_world.util;",
        "import a/b version 1.2.3 as c;",
        "import natasha/foo version 1.0.0-beta.1+build.5;",
        "import\r\n  a\r\n  /\r\n  b\r\n  .\r\n  c\r\n  as\r\n  d\r\n;",
        "import a/b as _;",
        "import important/imported;",
    ],
)
def test_common_declarations_are_read_without_lark(text: str) -> None:
    decl = read_declaration(text, 0, len(text))
    assert decl is not None
    assert decl == lark_parse(text, 0, len(text))
    assert decl.is_complete


def test_a_declaration_read_at_an_offset_has_spans_in_the_whole_text() -> None:
    text = "// é🎉\nimport ballerina/lang.array as arr;\n"
    start = text.index("import")
    decl = read_declaration(text, start, text.index(";") + 1)
    assert decl is not None
    assert decl.org == Name("ballerina", Span(start + 7, start + 16))
    assert decl.slash == Span(start + 16, start + 17)
    assert [part.span.slice(text) for part in decl.module] == ["lang", "array"]
    assert decl.prefix is not None and decl.prefix.span.slice(text) == "arr"
    assert decl == lark_parse(text, start, text.index(";") + 1)


# --- Sections ---------------------------------------------------------------------------

TRIVIA = st.sampled_from(["", "\n", "\r\n", "\n\n", "  ", "// c\n", "# doc\n", "\t", "\f"])
BODY = st.sampled_from(
    ["", "public function main() {}\n", "int x = 1;\n", "import", "\n// end", "xmlns 'a' as b;"]
)


@settings(max_examples=500, deadline=None)
@given(
    st.lists(
        st.tuples(TRIVIA, st.one_of(plain_declarations().map(lambda p: p.text), near_misses())),
        max_size=6,
    ),
    TRIVIA,
    BODY,
    st.booleans(),
)
@example([("", "import a/b;"), ("\n", "import c/d version 1-x;")], "\n", "int x = 1;\n", False)
@example([("", "import a/b;import c/d;")], "", "", True)
@example([("", "import a/b version 1.2.3-x.\nas p;")], "", "", False)
def test_a_section_read_fast_is_the_section_scan_and_lark_find(
    declarations: list[tuple[str, str]], tail: str, body: str, bom: bool
) -> None:
    text = ("\ufeff" if bom else "") + "".join(t + d for t, d in declarations) + tail + body
    assert imports._scan_and_parse(text) == lark_section(text)


def test_the_next_plain_declaration_is_read_across_comments() -> None:
    text = "// header\n# doc\n\nimport a/b.c as d;\nint x = 1;\n"
    decl = read_next_declaration(text, 0)
    assert decl is not None
    assert decl.span.slice(text) == "import a/b.c as d;"
    assert read_next_declaration(text, decl.span.end) is None


def test_a_declaration_over_several_lines_is_left_to_the_scan() -> None:
    # The token scan decides where a declaration spanning lines ends; it may end early.
    text = "import a/b\nas p;\n"
    assert read_next_declaration(text, 0) is None
    assert imports._scan_and_parse(text) == lark_section(text)
    assert imports._scan_and_parse(text)[0][0].prefix == Name("p", Span(14, 15))


# --- lark is loaded only when a declaration needs it ------------------------------------

LOADED = """
import sys
from balmod.syntax.imports import parse_imports
section = parse_imports(sys.argv[1])
print(len(section.imports), len(section.late_imports), "lark" in sys.modules)
"""


@pytest.mark.parametrize(
    ("text", "lark_loaded"),
    [
        ("import ballerina/http;\nimport a/b.c as d;\n\nint x = 1;\nimport e/f;\n", False),
        ("import ballerina/lang.'int;\n", True),
        ("import ballerina/\n", True),
    ],
)
def test_lark_is_loaded_only_when_a_declaration_needs_it(text: str, lark_loaded: bool) -> None:
    result = subprocess.run(
        [sys.executable, "-c", LOADED, text], capture_output=True, text=True, check=True
    )
    imported, late, loaded = result.stdout.split()
    assert int(imported) >= 1
    assert loaded == str(lark_loaded)
    if not lark_loaded:
        assert int(late) == 1
