"""Edits through tomlkit: each changes exactly the intended text and leaves valid TOML."""

from __future__ import annotations

import tomllib
from typing import Any

import pytest

from balmod.edits import apply_edits
from balmod.manifest import (
    ManifestEditError,
    append_table,
    locate,
    remove_array_item,
    set_value,
    text_edit,
)

BALLERINA = """\
# Ballerina.toml, hand-written.
[package]
org = "a"   # the org
name = "b"
version = "1.0.0"

[[dependency]]
org = "x"
name = "y"
version = "1.0.0"

[[dependency]]
org = "x2"
name = "y2"
version = "2.0.0"   # pinned
repository = "local"

[platform.java21]
graalvmCompatible = true
"""

DEPENDENCIES = """\
[ballerina]
dependencies-toml-version = "2"

[[package]]
org = "ballerina"
name = "auth"
version = "2.14.0"
dependencies = [
\t{org = "ballerina", name = "crypto"},
\t{org = "ballerina", name = "log"}
]

[[package]]
org = "ballerina"
name = "log"
version = "2.0.0"
"""


def crlf(text: str) -> str:
    return text.replace("\n", "\r\n")


def replaced(text: str, path: str, new: str) -> str:
    """``text`` with the value at ``path`` replaced by ``new``, by the locator's span."""
    node = locate(text).get(path)
    assert node is not None and node.value is not None
    return text[: node.value.start] + new + text[node.value.end :]


@pytest.mark.parametrize("style", [str, crlf])
@pytest.mark.parametrize(
    ("text", "path", "value", "written"),
    [
        (BALLERINA, "package.version", "1.2.3", '"1.2.3"'),
        (BALLERINA, "dependency[1].version", "3.0.0", '"3.0.0"'),
        (BALLERINA, "platform.java21.graalvmCompatible", False, "false"),
        (DEPENDENCIES, "package[0].dependencies[1].name", "cache", '"cache"'),
        (DEPENDENCIES, "package[1].version", "2.1.0-beta.1", '"2.1.0-beta.1"'),
        ('a.b.c = 1 # x\nq = "é😀"\n', "a.b.c", 5, "5"),
        ('a.b.c = 1 # x\nq = "é😀"\n', "q", 'say "hi"', '"say \\"hi\\""'),
        ('x = """\nabc\n"""\ny = 1\n', "x", "q", '"q"'),
    ],
)
def test_set_value_changes_only_the_value(
    style: object, text: str, path: str, value: object, written: str
) -> None:
    source = style(text)  # type: ignore[operator]
    result = set_value(source, path, value)  # type: ignore[arg-type]
    assert result == replaced(source, path, written)
    node: Any = tomllib.loads(result)
    for segment in locate(result).get(path).path:  # type: ignore[union-attr]
        node = node[segment]
    assert node == value


@pytest.mark.parametrize("style", [str, crlf])
def test_set_value_adds_a_missing_key_after_the_tables_last_line(style: object) -> None:
    source = style(BALLERINA)  # type: ignore[operator]
    newline = "\r\n" if "\r\n" in source else "\n"
    result = set_value(source, "dependency[0].repository", "local")
    end = locate(source).get("dependency[0].version").value.end  # type: ignore[union-attr]
    line_end = source.index(newline, end) + len(newline)
    assert result == source[:line_end] + f'repository = "local"{newline}' + source[line_end:]
    assert tomllib.loads(result)["dependency"][0]["repository"] == "local"


@pytest.mark.parametrize("style", [str, crlf])
def test_remove_an_array_of_tables_element(style: object) -> None:
    source = style(BALLERINA)  # type: ignore[operator]
    first = locate(source).get("dependency[0]").value  # type: ignore[union-attr]
    second = locate(source).get("dependency[1]").value  # type: ignore[union-attr]
    assert first is not None and second is not None
    result = remove_array_item(source, "dependency", 0)
    # The element and the blank line that ends it go; nothing else changes.
    assert result == source[: first.start] + source[second.start :]
    assert [d["org"] for d in tomllib.loads(result)["dependency"]] == ["x2"]


def test_remove_the_last_element_keeps_the_previous_one_whole() -> None:
    result = remove_array_item(BALLERINA, "dependency", 1)
    second = locate(BALLERINA).get("dependency[1]").value  # type: ignore[union-attr]
    assert second is not None
    following = BALLERINA.index("[platform")
    assert result == BALLERINA[: second.start] + BALLERINA[following:]


@pytest.mark.parametrize("style", [str, crlf])
def test_remove_an_inline_array_item(style: object) -> None:
    source = style(DEPENDENCIES)  # type: ignore[operator]
    newline = "\r\n" if "\r\n" in source else "\n"
    result = remove_array_item(source, "package[0].dependencies", 0)
    gone = '\t{org = "ballerina", name = "crypto"},' + newline
    assert result == source.replace(gone, "", 1)
    assert tomllib.loads(result)["package"][0]["dependencies"] == [
        {"org": "ballerina", "name": "log"}
    ]


@pytest.mark.parametrize("style", [str, crlf])
def test_append_to_an_array_of_tables_sets_the_table_off(style: object) -> None:
    source = style(BALLERINA)  # type: ignore[operator]
    newline = "\r\n" if "\r\n" in source else "\n"
    entry = {"org": "n", "name": "m", "version": "1.0.0", "repository": "local"}
    result = append_table(source, "dependency", entry)
    point = source.index("[platform")
    block = newline.join(
        ["[[dependency]]", 'org = "n"', 'name = "m"', 'version = "1.0.0"', 'repository = "local"']
    )
    assert result == source[:point] + block + newline + newline + source[point:]
    assert tomllib.loads(result)["dependency"][-1] == entry


def test_append_at_the_end_of_a_file_without_a_final_line_break() -> None:
    source = '[package]\norg = "a"\n\n[[dependency]]\norg = "x"'
    result = append_table(source, "dependency", {"org": "n"})
    assert result == source + '\n\n[[dependency]]\norg = "n"\n'


def test_append_creates_a_new_array_of_tables() -> None:
    source = '[package]\norg = "a"\n'
    result = append_table(source, "dependency", {"org": "n", "name": "m"})
    assert result == source + '\n[[dependency]]\norg = "n"\nname = "m"\n'
    assert tomllib.loads(result)["dependency"] == [{"org": "n", "name": "m"}]


def test_append_to_a_nested_array_of_tables() -> None:
    source = '[package]\norg = "a"\n\n[[package.modules]]\nname = "a.b"\n\n[build-options]\n'
    result = append_table(source, "package.modules", {"name": "a.c"})
    assert tomllib.loads(result)["package"]["modules"] == [{"name": "a.b"}, {"name": "a.c"}]
    edit = text_edit(source, result)
    assert edit.span.start == edit.span.end  # an insertion only
    assert source.startswith(result[: edit.span.start])


def test_text_edit_is_the_minimal_replacement() -> None:
    before = 'version = "1.0.0"\n'
    after = 'version = "1.2.0"\n'
    edit = text_edit(before, after)
    assert (edit.span.start, edit.span.end, edit.new_text) == (13, 14, "2")
    assert apply_edits(before, [edit]) == after
    assert text_edit(before, before).new_text == ""


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: set_value("[package\n", "package.org", "x"), "not valid TOML"),
        (lambda: set_value(BALLERINA, "nothing.here", "x"), "nothing at 'nothing'"),
        (lambda: set_value(BALLERINA, "dependency[7].org", "x"), "nothing at 'dependency[7]'"),
        (lambda: set_value(BALLERINA, "package.org.deeper", "x"), "is not a table"),
        (lambda: set_value(BALLERINA, "", "x"), "needs a key path"),
        (lambda: remove_array_item(BALLERINA, "dependency", 5), "no item 5"),
        (lambda: remove_array_item(BALLERINA, "package", 0), "no item 0 in 'package'"),
        (lambda: append_table(BALLERINA, "package", {"a": 1}), "not an array of tables"),
        (lambda: append_table(BALLERINA, "dependency[0]", {"a": 1}), "needs the key"),
    ],
)
def test_impossible_edits_raise_a_clear_error(call: object, message: str) -> None:
    with pytest.raises(ManifestEditError, match=message.replace("[", r"\[").replace("]", r"\]")):
        call()  # type: ignore[operator]
