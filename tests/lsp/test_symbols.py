"""Qualified identifiers end to end: member completion, hover docs, definition, unknown names."""

from __future__ import annotations

from lsprotocol import types
from pytest_lsp import LanguageClient

from lsp.harness import Editor, World, codes, wait_until
from lsp.test_completion import by_label, complete
from lsp.test_navigation import definition_at, hover_at

TEXT = """\
import ballerina/http;
import ballerina/io;
import app.util;

public function main() {
    http:Client c = check new ("x");
    io:println(util:shout("hi"));
    _ = int:abs(-1);
}
"""

UTIL = """\
# Shouts a message.
#
# + s - the message
# + return - the message, louder
public function shout(string s) returns string {
    return s;
}

function whisper(string s) returns string {
    return s;
}
"""


def write_util(world: World) -> None:
    (world.package / "modules/util/util.bal").write_text(UTIL)


async def test_completion_after_prefix_lists_public_symbols_with_kinds(
    client: LanguageClient, world: World
) -> None:
    doc = Editor(client, world.package / "main.bal", TEXT.replace("http:Client c", "http:Cl c"))
    items = by_label(await complete(client, doc, doc.position("http:Cl", 7)))
    assert set(items) == {"Client", "Listener"}
    assert items["Client"].kind == types.CompletionItemKind.Class
    assert items["Client"].detail == "public isolated client class Client"
    edit = items["Client"].text_edit
    assert isinstance(edit, types.TextEdit)
    assert edit.range.start == doc.position("Cl c")
    assert edit.range.end == doc.position("Cl c", 2)


async def test_a_symbol_list_shares_its_range_and_data_when_the_client_takes_defaults(
    client: LanguageClient, world: World
) -> None:
    doc = Editor(client, world.package / "main.bal", TEXT.replace("http:Client c", "http:C c"))
    result = await client.text_document_completion_async(
        types.CompletionParams(
            text_document=types.TextDocumentIdentifier(uri=doc.uri),
            position=doc.position("http:C", 6),
        )
    )
    assert isinstance(result, types.CompletionList) and len(result.items) > 1
    completion = client.capabilities.text_document.completion  # type: ignore[union-attr]
    listed = completion.completion_list if completion else None
    if listed is not None and {"editRange", "data"} <= set(listed.item_defaults or ()):
        assert result.item_defaults is not None
        assert result.item_defaults.edit_range == types.Range(
            doc.position("C c"), doc.position("C c", 1)
        )
        assert isinstance(result.item_defaults.data, dict)
        assert all(item.text_edit is None and item.data is None for item in result.items)
    else:
        assert result.item_defaults is None
        assert all(isinstance(item.text_edit, types.TextEdit) for item in result.items)


async def test_function_completion_inserts_a_call_snippet_and_resolves_docs(
    client: LanguageClient, world: World
) -> None:
    doc = Editor(client, world.package / "main.bal", TEXT.replace("io:println(", "io:(", 1))
    items = by_label(await complete(client, doc, doc.position("io:(", 3)))
    println = items["println"]
    assert println.kind == types.CompletionItemKind.Function
    assert println.detail == "public isolated function println(any... values)"
    snippets = client.capabilities.text_document.completion.completion_item.snippet_support  # type: ignore[union-attr]
    assert isinstance(println.text_edit, types.TextEdit)
    expected = "println($0)" if snippets else "println"
    assert println.text_edit.new_text == expected
    resolved = await client.completion_item_resolve_async(println)
    assert isinstance(resolved.documentation, types.MarkupContent)
    assert "Prints values to the standard output." in resolved.documentation.value


async def test_completion_in_current_package_module_sees_unsaved_buffers(
    client: LanguageClient, world: World
) -> None:
    util = Editor(client, world.package / "modules/util/util.bal", UTIL)
    util.replace("function whisper", "public function whisper")  # not saved to disk
    doc = Editor(client, world.package / "main.bal", TEXT.replace("util:shout", "util:"))
    items = by_label(await complete(client, doc, doc.position("util:", 5)))
    assert set(items) == {"shout", "whisper"}


async def test_hover_on_a_symbol_shows_signature_docs_and_module(
    client: LanguageClient, world: World
) -> None:
    write_util(world)
    doc = Editor(client, world.package / "main.bal", TEXT)
    text = await hover_at(client, doc, doc.position("println", 2))
    assert "```ballerina\npublic isolated function println(any... values)\n```" in text
    assert "Prints values to the standard output." in text
    assert "Module `ballerina/io` 1.8.0 (distribution)" in text
    own = await hover_at(client, doc, doc.position("shout", 1))
    assert "the message, louder" in own
    assert "(current package)" in own


async def test_definition_of_a_symbol_is_its_declaration(
    client: LanguageClient, world: World
) -> None:
    write_util(world)
    doc = Editor(client, world.package / "main.bal", TEXT)
    (location,) = await definition_at(client, doc, doc.position("Client", 1))
    http_bal = world.dirs.distribution / "ballerina/http/2.15.0/java21/modules/http/http.bal"
    assert location.uri == http_bal.as_uri()
    assert location.range.start == types.Position(
        line=1, character=29
    )  # `Client` in its class line
    (own,) = await definition_at(client, doc, doc.position("shout", 2))
    assert own.uri == (world.package / "modules/util/util.bal").as_uri()
    assert own.range.start == types.Position(line=4, character=16)


async def test_unknown_and_non_public_symbols_are_reported_and_clear(
    client: LanguageClient, world: World
) -> None:
    write_util(world)
    text = TEXT.replace("io:println(", "io:printn(").replace("util:shout", "util:whisper")
    doc = Editor(client, world.package / "main.bal", text)
    await wait_until(client, lambda: codes(client, doc.uri) == ["BCE2011", "BCE2037"])
    by_code = {d.code: d for d in client.diagnostics[doc.uri]}
    assert by_code["BCE2011"].message == (
        "undefined function 'printn' in module 'ballerina/io'; did you mean 'println'?"
    )
    assert by_code["BCE2011"].range.start == doc.position("printn")
    assert by_code["BCE2037"].message == "attempt to refer to non-accessible symbol 'whisper'"
    doc.replace("printn", "println")
    doc.replace("whisper", "shout")
    await wait_until(client, lambda: codes(client, doc.uri) == [])


async def test_unknown_type_reference_is_an_undefined_symbol(
    client: LanguageClient, world: World
) -> None:
    doc = Editor(client, world.package / "main.bal", TEXT.replace("http:Client", "http:Clinet"))
    await wait_until(client, lambda: codes(client, doc.uri) == ["BCE2010"])
    assert client.diagnostics[doc.uri][0].message == (
        "undefined symbol 'Clinet' in module 'ballerina/http'; did you mean 'Client'?"
    )


async def test_modules_that_cannot_be_read_are_never_reported(
    client: LanguageClient, world: World
) -> None:
    # tyler/net.http.exception has an empty source file: its names cannot be checked.
    text = "import tyler/net.http.exception;\n\npublic function main() {\n    _ = exception:anything();\n}\n"
    doc = Editor(client, world.package / "main.bal", text)
    await wait_until(client, lambda: doc.uri in client.diagnostics)
    assert codes(client, doc.uri) == []
