"""Parsing with tomllib by chunks: always tomllib's answer, with error offsets."""

from __future__ import annotations

import tomllib

import pytest

from balmod.manifest.document import ErrorKind, parse_toml

VALID = [
    "",
    "# only a comment\n",
    'a = 1\n[t]\nb = "x"\n',
    '[[package]]\norg = "a"\n[[package.modules]]\nname = "m"\n[[package]]\norg = "b"\n',
    "[a.b]\nx = 1\n[a]\ny = 2\n",  # an implicit table made explicit later
    "[a]\nb.c = 1\n[a.b.d]\ne = 2\n",  # a sub-table of a dotted-key table
    'x = """\n[not.a.header]\n"""\n[t]\n',  # a header-like line inside a string
    "x = [\n  [1, 2],\n  [3],\n]\n[t]\ny = 1\n",  # array lines that start with '['
    "x = '''\n[[also.not]]\n'''\n",
    '[package]\r\norg = "a"\r\n\r\n[[dependency]]\r\nname = "b"\r\n',
    '  [ indented . "quoted key" ]  # comment\nk = 1\n',
    "[[a]]\n[[a.b]]\n[[a.b]]\n[[a]]\n[[a.b]]\n",
]


@pytest.mark.parametrize("text", VALID)
def test_chunked_reading_equals_tomllib(text: str) -> None:
    parsed = parse_toml(text)
    assert parsed.error is None
    assert parsed.data == tomllib.loads(text)


def test_chunks_know_their_table_paths() -> None:
    text = '[[package]]\nname = "a"\n[[package.modules]]\n[[package]]\n[package.x]\n'
    chunks = parse_toml(text).chunks
    assert [c.path for c in chunks] == [
        (),
        ("package", 0),
        ("package", 0, "modules", 0),
        ("package", 1),
        ("package", 1, "x"),
    ]
    assert [text[c.start : c.end].split("\n")[0] for c in chunks[1:]] == [
        "[[package]]",
        "[[package.modules]]",
        "[[package]]",
        "[package.x]",
    ]


@pytest.mark.parametrize(
    ("text", "offset", "message", "kind"),
    [
        ("a = 1\na = 2\n", 11, "Cannot overwrite a value", ErrorKind.REDEFINITION),
        ("[a]\nx = 1\n[a]\n", 12, "Cannot declare ('a',) twice", ErrorKind.REDEFINITION),
        (
            "a = 1\r\nb = 1 2\r\n",
            13,
            "Expected newline or end of document after a statement",
            ErrorKind.SYNTAX,
        ),
        ('a = "x\n', 6, "Illegal character '\\n'", ErrorKind.SYNTAX),
        ("x = [1,\n2", 9, "Unclosed array", ErrorKind.SYNTAX),
        ("a = 1\na = 2", 11, "Cannot overwrite a value", ErrorKind.REDEFINITION),
        ("x = {a = 1, a = 2}\n", 17, "Duplicate inline table key 'a'", ErrorKind.REDEFINITION),
        ("é = 1\n", 0, "Invalid statement", ErrorKind.SYNTAX),
    ],
)
def test_errors_carry_offsets_into_the_original_text(
    text: str, offset: int, message: str, kind: ErrorKind
) -> None:
    parsed = parse_toml(text)
    assert parsed.data is None
    assert parsed.error is not None
    assert (parsed.error.offset, parsed.error.message, parsed.error.kind) == (
        offset,
        message,
        kind,
    )


@pytest.mark.parametrize(
    "text",
    [
        "a = 1\n[a]\n",  # a value reopened as a table
        "a.b = 1\n[a.b]\n",  # a dotted-key table reopened by a header
        "[a.b]\nx = 1\n[a]\nb.y = 2\n",  # a header table extended by a dotted key
        "[[p]]\n[p]\n",
        "[t]\nx = 1\n[t]\n",
        "x = [\n[1]\n",  # unterminated: the chunk before the '[' line does not close
        "[0]\r",  # a lone CR after a header is not a line break
    ],
)
def test_anything_the_chunks_cannot_settle_goes_to_tomllib(text: str) -> None:
    parsed = parse_toml(text)
    with pytest.raises(tomllib.TOMLDecodeError):
        tomllib.loads(text)
    assert parsed.data is None and parsed.error is not None
    assert parsed.chunks == ()


def test_deep_nesting_is_an_error_not_a_crash() -> None:
    text = "x = " + "[" * 5000 + "]" * 5000 + "\n"
    parsed = parse_toml(text)
    assert parsed.data is None and parsed.error is not None
