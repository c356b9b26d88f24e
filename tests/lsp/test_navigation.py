"""Hover and go-to-definition on imports and on module prefixes."""

from __future__ import annotations

from lsprotocol import types
from pytest_lsp import LanguageClient

from lsp.harness import Editor, World

TEXT = """\
import ballerina/http;
import app.util;
import mycompany/geo;
import ballerina/nope;

public function main() {
    http:Client c = check new ("x");
    _ = util:shout("a");
    _ = geo:hello();
    _ = int:abs(-1);
}
"""


async def hover_at(client: LanguageClient, doc: Editor, position: types.Position) -> str:
    result = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=doc.uri), position=position
        )
    )
    assert result is not None
    assert isinstance(result.contents, types.MarkupContent)
    return result.contents.value


async def definition_at(
    client: LanguageClient, doc: Editor, position: types.Position
) -> list[types.Location]:
    result = await client.text_document_definition_async(
        types.DefinitionParams(
            text_document=types.TextDocumentIdentifier(uri=doc.uri), position=position
        )
    )
    assert isinstance(result, list)
    return result  # type: ignore[return-value]


async def test_hover_on_an_import_gives_version_repository_reason_and_others(
    client: LanguageClient, world: World
) -> None:
    doc = Editor(client, world.package / "main.bal", TEXT)
    text = await hover_at(client, doc, doc.position("http;", 1))
    assert "**ballerina/http** `2.15.0`" in text
    assert "distribution" in text
    assert "locked in Dependencies.toml" in text
    assert "`2.16.4` (distribution), compatible" in text
    assert str(world.dirs.distribution / "ballerina" / "http" / "2.15.0") in text


async def test_hover_on_local_own_and_unresolved_imports(
    client: LanguageClient, world: World
) -> None:
    doc = Editor(client, world.package / "main.bal", TEXT)
    local = await hover_at(client, doc, doc.position("mycompany/geo"))
    assert "`0.3.0`" in local and "local" in local
    own = await hover_at(client, doc, doc.position("app.util"))
    assert "module of the current package" in own
    assert str(world.package / "modules" / "util") in own
    missing = await hover_at(client, doc, doc.position("ballerina/nope"))
    assert "cannot be resolved" in missing
    assert str(world.dirs.distribution) in missing


async def test_hover_on_a_prefix_describes_its_import(client: LanguageClient, world: World) -> None:
    doc = Editor(client, world.package / "main.bal", TEXT)
    text = await hover_at(client, doc, doc.position("http:Client", 2))
    assert "**ballerina/http** `2.15.0`" in text
    langlib = await hover_at(client, doc, doc.position("int:abs", 1))
    assert "Predeclared prefix for `ballerina/lang.int`" in langlib


async def test_definition_of_an_import_opens_the_module_sources(
    client: LanguageClient, world: World
) -> None:
    doc = Editor(client, world.package / "main.bal", TEXT)
    (location,) = await definition_at(client, doc, doc.position("http;", 1))
    expected = world.dirs.distribution / "ballerina/http/2.15.0/java21/modules/http/http.bal"
    assert location.uri == expected.as_uri()
    (own,) = await definition_at(client, doc, doc.position("app.util", 5))
    assert own.uri == (world.package / "modules/util/util.bal").as_uri()


async def test_definition_of_a_prefix_is_its_import(client: LanguageClient, world: World) -> None:
    doc = Editor(client, world.package / "main.bal", TEXT)
    (location,) = await definition_at(client, doc, doc.position("geo:hello", 1))
    assert location.uri == doc.uri
    assert location.range.start == types.Position(line=2, character=0)
    assert location.range.end == types.Position(line=2, character=21)
