"""Diagnostics appear on open, follow each edit, honour settings, and clear on close."""

from __future__ import annotations

from lsprotocol import types
from pytest_lsp import LanguageClient

from lsp.harness import Editor, World, assert_agrees_with_check, codes, wait_until

MAIN = """\
import ballerina/http;
import ballerina/htpp;
import ballerina/io;

public function main() {
    http:Client c = check new ("x");
    io:println(c);
}
"""


async def test_each_import_finding_appears_and_clears_as_the_user_types(
    client: LanguageClient, world: World
) -> None:
    doc = Editor(client, world.package / "main.bal", MAIN)
    await wait_until(client, lambda: codes(client, doc.uri) == ["BCE2003"])
    unresolved = client.diagnostics[doc.uri][0]
    assert unresolved.message == "cannot resolve module 'ballerina/htpp'"
    assert unresolved.source == "balmod"
    assert unresolved.range == types.Range(
        start=types.Position(line=1, character=7), end=types.Position(line=1, character=21)
    )

    doc.replace("htpp", "log")  # now resolved, but its prefix is unused
    await wait_until(client, lambda: codes(client, doc.uri) == ["BCE2002"])
    unused = client.diagnostics[doc.uri][0]
    assert unused.message == "unused module prefix 'log'"
    assert list(unused.tags or []) == [types.DiagnosticTag.Unnecessary]

    doc.replace("io:println(c);", 'io:println(c);\n    log:printInfo(strs:trim(""));')
    await wait_until(client, lambda: codes(client, doc.uri) == ["BCE2000"])
    assert client.diagnostics[doc.uri][0].message == "undefined module 'strs'"

    doc.replace('strs:trim("")', '"ok"')
    await wait_until(client, lambda: codes(client, doc.uri) == [])
    assert client.published_versions[doc.uri] == doc.version  # type: ignore[attr-defined]


async def test_redeclared_imports_and_prefixes(client: LanguageClient, world: World) -> None:
    text = (
        "import ballerina/io;\nimport ballerina/io;\nimport ballerina/log as io;\n\n"
        "public function main() {\n    io:println();\n}\n"
    )
    doc = Editor(client, world.package / "main.bal", text)
    await wait_until(client, lambda: codes(client, doc.uri) == ["BCE2004", "BCE2008"])
    by_code = {d.code: d for d in client.diagnostics[doc.uri]}
    assert by_code["BCE2004"].message == "redeclared import module 'ballerina/io'"
    assert by_code["BCE2004"].range.start == types.Position(line=1, character=7)
    assert by_code["BCE2008"].message == "redeclared symbol 'io'"
    assert by_code["BCE2008"].range.start == types.Position(line=2, character=24)


async def test_half_typed_import_reports_syntax_error_then_clears(
    client: LanguageClient, world: World
) -> None:
    doc = Editor(
        client, world.package / "main.bal", "import ballerina/\n\npublic function main() {\n}\n"
    )
    await wait_until(client, lambda: "BMD0001" in codes(client, doc.uri))
    doc.replace("import ballerina/", "import ballerina/io as _;")
    await wait_until(client, lambda: codes(client, doc.uri) == [])


async def test_non_ascii_line_before_an_import_gives_utf16_positions(
    client: LanguageClient, world: World
) -> None:
    text = '// 🎉 こんにちは\nimport ballerina/nope;\npublic function main() { string s = "😀"; _ = s; }\n'
    doc = Editor(client, world.package / "main.bal", text + "function g() returns int => zz:f();\n")
    await wait_until(client, lambda: codes(client, doc.uri) == ["BCE2000", "BCE2003"])
    by_code = {d.code: d for d in client.diagnostics[doc.uri]}
    assert by_code["BCE2003"].range.start == types.Position(line=1, character=7)
    assert by_code["BCE2000"].range == types.Range(
        start=types.Position(line=3, character=28), end=types.Position(line=3, character=30)
    )


async def test_emoji_on_the_same_line_shifts_utf16_columns(
    client: LanguageClient, world: World
) -> None:
    text = 'public function main() { string s = "😀"; _ = zz:f(); }\n'
    doc = Editor(client, world.package / "main.bal", text)
    await wait_until(client, lambda: codes(client, doc.uri) == ["BCE2000"])
    # "😀" is one code point, two UTF-16 units and four UTF-8 bytes: `zz` is at code point 45.
    start = client.diagnostics[doc.uri][0].range.start
    assert start == doc.position("zz:")
    assert start.character == {"utf-16": 46, "utf-8": 48, "utf-32": 45}[doc.encoding]


async def test_closing_a_document_clears_its_diagnostics(
    client: LanguageClient, world: World
) -> None:
    doc = Editor(client, world.package / "main.bal", "import ballerina/nope;\n")
    await wait_until(client, lambda: codes(client, doc.uri) == ["BCE2003"])
    doc.close()
    await wait_until(client, lambda: codes(client, doc.uri) == [])


async def test_disabled_codes_are_hidden_after_configuration_change(
    client: LanguageClient, world: World
) -> None:
    doc = Editor(
        client, world.package / "main.bal", "import ballerina/nope;\nimport ballerina/io;\n"
    )
    await wait_until(client, lambda: codes(client, doc.uri) == ["BCE2002", "BCE2003"])
    client.set_configuration(world.options(diagnostics={"disable": ["BCE2003"]}), section="balmod")
    client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings=None))
    await wait_until(client, lambda: codes(client, doc.uri) == ["BCE2002"])


async def test_standalone_file_outside_any_package(client: LanguageClient, world: World) -> None:
    doc = Editor(
        client,
        world.package.parent / "scratch" / "hello.bal",
        "import ballerina/io;\nimport util;\n\npublic function main() { io:println(); util:f(); }\n",
    )
    await wait_until(client, lambda: codes(client, doc.uri) == ["BCE2003"])
    assert client.diagnostics[doc.uri][0].message == "cannot resolve module 'util'"


async def test_server_findings_equal_balmod_check(client: LanguageClient, world: World) -> None:
    path = world.package / "main.bal"
    doc = Editor(
        client,
        path,
        MAIN.replace("import ballerina/io;", "import ballerina/io;\nimport ballerina/log;"),
    )
    await wait_until(client, lambda: codes(client, doc.uri) == ["BCE2002", "BCE2003"])
    assert_agrees_with_check(client, world, doc)
