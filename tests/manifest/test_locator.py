"""The locator: exact key and value spans for every TOML form a manifest may use."""

from __future__ import annotations

from typing import Any

import pytest
import tomlkit

from balmod.manifest.document import parse_toml
from balmod.manifest.keypath import KeyPath
from balmod.manifest.locator import NodeKind, locate, locate_window
from balmod.text import Span

from .helpers import at, toml_value


def spans(text: str, path: str) -> tuple[Span | None, Span | None]:
    node = locate(text).get(path)
    assert node is not None, f"{path} not located"
    return node.key, node.value


def test_plain_key_value() -> None:
    text = '[package]\norg = "ballerina"\n'
    assert spans(text, "package.org") == (at(text, "org"), at(text, '"ballerina"'))
    assert locate(text).get("package.org").kind is NodeKind.VALUE  # type: ignore[union-attr]


def test_dotted_key_makes_implicit_tables() -> None:
    text = "a.b.c = 1\n"
    assert spans(text, "a.b.c") == (at(text, "c"), at(text, "1"))
    assert spans(text, "a.b") == (at(text, "b"), None)
    assert spans(text, "a") == (at(text, "a"), None)
    assert locate(text).get("a.b").kind is NodeKind.IMPLICIT  # type: ignore[union-attr]


def test_dotted_key_with_spaces_around_dots() -> None:
    text = "a . b\t.  c = 1\n"
    assert spans(text, "a.b.c") == (at(text, "c"), at(text, "1"))
    statement = locate(text).statements[0]
    assert statement.key == Span(0, text.index(" ="))


def test_quoted_keys() -> None:
    text = '"a.b" = 1\n\'c d\' = 2\n"e\\u0066" = 3\n'
    assert spans(text, '"a.b"') == (at(text, '"a.b"'), at(text, "1"))
    assert spans(text, '"c d"') == (at(text, "'c d'"), at(text, "2"))
    # The path holds the key's value; the span is what is written.
    assert spans(text, "ef") == (at(text, '"e\\u0066"'), at(text, "3"))


def test_table_header_and_extent() -> None:
    text = "[platform.java21]\ngraalvmCompatible = true\n\n[other]\n"
    key, value = spans(text, "platform.java21")
    assert key == at(text, "java21")
    assert value == Span(0, text.index("true") + 4)
    assert spans(text, "platform") == (at(text, "platform"), None)
    assert spans(text, "platform.java21.graalvmCompatible") == (
        at(text, "graalvmCompatible"),
        at(text, "true"),
    )


def test_empty_table_extent_is_its_header() -> None:
    text = "[package]\n[other]\nx = 1\n"
    assert spans(text, "package") == (at(text, "package"), at(text, "[package]"))


def test_array_of_tables_and_nested_array_of_tables() -> None:
    text = (
        "[[platform.java21.dependency]]\n"
        'path = "a.jar"\n'
        "[[platform.java21.dependency]]\n"
        'path = "b.jar"\n'
        'groupId = "g"\n'
    )
    assert spans(text, "platform.java21.dependency[0].path") == (
        at(text, "path"),
        at(text, '"a.jar"'),
    )
    assert spans(text, "platform.java21.dependency[1].path") == (
        at(text, "path", 1),
        at(text, '"b.jar"'),
    )
    key, value = spans(text, "platform.java21.dependency[1]")
    assert key == at(text, "dependency", 1)
    assert value == Span(at(text, "[[", 1).start, len(text) - 1)
    array = locate(text).get("platform.java21.dependency")
    assert array is not None and array.kind is NodeKind.ARRAY_OF_TABLES
    assert array.value == Span(0, len(text) - 1)


def test_sub_table_of_an_array_element() -> None:
    text = '[[package]]\nname = "a"\n[[package.modules]]\nname = "a.b"\n[[package]]\nname = "c"\n'
    assert spans(text, "package[0].modules[0].name") == (at(text, "name", 1), at(text, '"a.b"'))
    assert spans(text, "package[1].name") == (at(text, "name", 2), at(text, '"c"'))


def test_inline_tables_and_arrays_spanning_lines() -> None:
    text = (
        "[[package]]\n"
        "dependencies = [\n"
        '\t{org = "ballerina", name = "io"},  # first\n'
        "\t# a comment line\n"
        '\t{org = "ballerina", name = "log"},\n'
        "]\n"
    )
    key, value = spans(text, "package[0].dependencies")
    assert key == at(text, "dependencies")
    assert value == Span(at(text, "= [").start + 2, len(text) - 1)
    assert spans(text, "package[0].dependencies[1]") == (
        None,
        at(text, '{org = "ballerina", name = "log"}'),
    )
    assert spans(text, "package[0].dependencies[1].name") == (
        at(text, "name", 1),
        at(text, '"log"'),
    )
    member = locate(text).get("package[0].dependencies[0].org")
    assert member is not None and member.kind is NodeKind.MEMBER


def test_multi_line_strings_of_both_kinds() -> None:
    text = 'a = """\nline "one"\n""two"" \\\n  end"""""\nb = \'\'\'\nraw \'\' \\n\'\'\'\'\nc = 1\n'
    assert spans(text, "a")[1] == Span(text.index('"""'), text.index("\nb ="))
    assert spans(text, "b")[1] == Span(text.index("'''"), text.index("\nc ="))
    c = text.index("c =")
    assert spans(text, "c") == (Span(c, c + 1), at(text, "1"))


def test_scalars_of_every_kind() -> None:
    text = (
        "s = 'lit'\n"
        "i = -1_000\n"
        "h = 0xDEAD_beef\n"
        "f = 6.02e+23\n"
        "n = -inf\n"
        "t = true\n"
        "d = 1979-05-27\n"
        "dt = 1979-05-27 07:32:00.999Z\n"
        "lt = 07:32:00\n"
    )
    for key, literal in [
        ("s", "'lit'"),
        ("i", "-1_000"),
        ("h", "0xDEAD_beef"),
        ("f", "6.02e+23"),
        ("n", "-inf"),
        ("t", "true"),
        ("d", "1979-05-27"),
        ("dt", "1979-05-27 07:32:00.999Z"),
        ("lt", "07:32:00"),
    ]:
        start = text.index(f"{key} = {literal}\n") + len(key) + 3
        assert spans(text, key)[1] == Span(start, start + len(literal)), key


def test_comments_after_values_and_headers() -> None:
    text = "[t] # table\nk = 1 # one\n# k = 2\n"
    assert spans(text, "t.k") == (at(text, "k"), at(text, "1"))
    assert locate(text).get("t.k2") is None
    assert [s.path for s in locate(text).statements] == [("t",), ("t", "k")]


def test_crlf_line_breaks() -> None:
    text = '[package]\r\norg = "a"\r\nlist = [\r\n  1,\r\n  2\r\n]\r\n'
    assert spans(text, "package.org") == (at(text, "org"), at(text, '"a"'))
    assert spans(text, "package.list")[1] == Span(text.index("= [") + 2, text.rindex("]") + 1)
    assert spans(text, "package.list[1]")[1] == at(text, "2")


def test_unicode_offsets_are_code_points() -> None:
    text = '# 😀 ünïcode\n[package]\ndescription = "καλημέρα 😀"\nname = "x"\n'
    assert spans(text, "package.name") == (at(text, "name"), at(text, '"x"'))
    assert spans(text, "package.description")[1] == at(text, '"καλημέρα 😀"')


def test_statements_give_each_top_level_line() -> None:
    text = 'a = 1\n[[p]]\nb.c = "x"\n'
    statements = locate(text).statements
    assert [(text[s.key.start : s.key.end], s.path) for s in statements] == [
        ("a", ("a",)),
        ("p", ("p", 0)),
        ("b.c", ("p", 0, "b", "c")),
    ]
    assert locate(text).statement_at(text.index('"x"')) == statements[2]
    assert locate(text).statement_at(0) == statements[0]


def test_redefinitions_are_recorded_with_the_second_key() -> None:
    text = "a = 1\nb = 2\na = 3\n[t]\n[t]\nx = {k = 1, k = 2}\n"
    redefined = [(node.path, node.key) for node in locate(text).redefinitions]
    assert redefined == [
        (("a",), at(text, "a", 1)),
        (("t",), at(text, "t", 1)),
        (("t", "x", "k"), at(text, "k", 1)),
    ]


def test_nearest_walks_up_to_a_located_ancestor() -> None:
    text = "[[package]]\norg = 'a'\n"
    node = locate(text).nearest("package[0].version")
    assert node is not None and node.path == ("package", 0)


@pytest.mark.parametrize(
    ("text", "offset", "kept"),
    [
        ('a = 1\nb = "open\nc = 3\n', 10, ["a"]),
        ("a = 1\nb = [1, 2\n", 16, ["a", "b[0]", "b[1]"]),
        ("a = 1\n[t\nx = 1\n", 8, ["a"]),
        ("a = 1\nb = 1 2\n", 11, ["a", "b"]),
        ("a = 1\nk\n", 7, ["a"]),
        ("a = {x = 1\n", 10, ["a.x"]),
        ("x = " + "[" * 200 + "]" * 200 + "\n", 69, []),
    ],
)
def test_stops_at_the_first_error_and_keeps_what_it_found(
    text: str, offset: int, kept: list[str]
) -> None:
    found = locate(text)
    assert found.error is not None and found.error.offset == offset
    for path in kept:
        assert found.get(path) is not None, path


def test_window_scan_of_a_chunk_matches_the_full_scan() -> None:
    text = (
        "[ballerina]\nv = '2'\n\n"
        '[[package]]\norg = "a"\nname = "b"\n\n'
        '[[package]]\norg = "c"\ndeps = [{org = "a", name = "b"}]\n'
        '[package.x]\ny = "z"\n'
    )
    parsed = parse_toml(text)
    full = locate(text)
    assert parsed.chunks
    for chunk in parsed.chunks:
        window = locate_window(text, chunk.start, chunk.end, chunk.path)
        assert window.error is None
        for node in window:
            if node.kind in (NodeKind.VALUE, NodeKind.MEMBER, NodeKind.ITEM, NodeKind.TABLE):
                assert full.get(node.path) == node, node.path
    chunk = next(c for c in parsed.chunks if c.path == ("package", 1))
    second = locate_window(text, chunk.start, chunk.end, chunk.path)
    assert second.get("package[1].deps[0].name") == full.get("package[1].deps[0].name")


def _tomlkit_value(document: Any, path: KeyPath) -> Any:
    node = document
    for segment in path:
        node = node[segment]
    return node.unwrap() if hasattr(node, "unwrap") else node


SAMPLE = """\
# A manifest with most forms in it.
[package]
org = "ballerina"   # org
name = 'http'
version = "2.16.4"
authors = ["Ballerina", "WSO2"]
"quoted.key" = { inner = [1, 2.5, true], deep = { x = "y" } }
description = \"\"\"
Multi-line "text"
with ünïcode 😀\"\"\"
raw = '''C:\\path'''

[[package.modules]]
name = "http.httpscerr"
export = true

[platform.java21]
graalvmCompatible = true

[[platform.java21.dependency]]
groupId = "io.netty"
path = "./lib/netty.jar"
when = 1979-05-27T07:32:00Z

[[dependency]]
org = "x"
name = "y"
nested = [
  [1, 2],  # inner arrays
  ["a", 'b'],
]
"""


def test_every_located_value_reparses_to_tomlkits_value() -> None:
    document = tomlkit.parse(SAMPLE)
    checked = 0
    for node in locate(SAMPLE):
        if node.kind in (NodeKind.VALUE, NodeKind.MEMBER, NodeKind.ITEM):
            assert node.value is not None
            written = SAMPLE[node.value.start : node.value.end]
            assert toml_value(written) == _tomlkit_value(document, node.path), node.path
            checked += 1
    assert checked >= 30
    assert locate(SAMPLE).error is None
