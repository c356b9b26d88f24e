"""Hover in manifests: a package's versions, resolution and users; a key's meaning."""

from __future__ import annotations

from lsprotocol import types
from pytest_lsp import LanguageClient

from builders import make_bala
from lsp.harness import Editor, World
from lsp.test_manifests import text_of


async def hover_at(client: LanguageClient, doc: Editor, position: types.Position) -> types.Hover:
    result = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=doc.uri), position=position
        )
    )
    assert result is not None
    assert isinstance(result.contents, types.MarkupContent)
    return result


async def test_a_locked_package_its_versions_resolution_and_users(
    client: LanguageClient, world: World
) -> None:
    make_bala(world.dirs.central, "ballerina", "http", "2.14.0")
    make_bala(world.dirs.distribution, "ballerina", "http", "3.0.0-beta.1")
    (world.package / "modules" / "util" / "client.bal").write_text(
        "import ballerina/http.httpscerr as _;\n"
    )
    # An unsaved buffer counts, not what is on disk.
    Editor(client, world.package / "main.bal", "// header\nimport ballerina/http as _;\n")
    path = world.package / "Dependencies.toml"
    text = text_of(path) + (
        '\n[[package]]\norg = "tyler"\nname = "net.http"\nversion = "1.2.0"\n'
        'dependencies = [{org = "ballerina", name = "http"}]\n'
    )
    doc = Editor(client, path, text)
    result = await hover_at(client, doc, doc.position('"http"', 2))
    assert isinstance(result.contents, types.MarkupContent)
    markdown = result.contents.value
    assert markdown.startswith("**ballerina/http**\n")
    assert (
        "Resolves to `2.15.0` from the distribution repository: locked in Dependencies.toml."
        in markdown
    )
    assert "- Latest compatible: `2.16.4` (distribution)" in markdown
    assert "- Latest: `2.16.4` (distribution)" in markdown
    assert "- Newest pre-release: `3.0.0-beta.1` (distribution)" in markdown
    assert "- distribution: `3.0.0-beta.1` (pre-release), `2.16.4`, `2.15.0`" in markdown
    assert "- Central cache: `2.14.0`" in markdown
    assert "- `main.bal:2` `ballerina/http`" in markdown
    assert "- `modules/util/client.bal:1` `ballerina/http.httpscerr`" in markdown
    assert "Needed by: `tyler/net.http`" in markdown
    assert result.range == types.Range(start=doc.position('"http"'), end=doc.position('"http"', 6))


async def test_a_package_nothing_uses_says_so(client: LanguageClient, world: World) -> None:
    path = world.package / "Ballerina.toml"
    doc = Editor(client, path, text_of(path))
    result = await hover_at(client, doc, doc.position("[[dependency]]", 3))
    assert isinstance(result.contents, types.MarkupContent)
    markdown = result.contents.value
    assert markdown.startswith("**mycompany/geo**")
    assert (
        "Resolves to `0.3.0` from the local repository: minimum 0.3.0 from Ballerina.toml."
        in markdown
    )
    assert "- local: `0.3.0`" in markdown
    assert "Nothing in this package imports it, and no listed package depends on it." in markdown


async def test_keys_and_tables_say_what_they_mean(client: LanguageClient, world: World) -> None:
    path = world.package / "Ballerina.toml"
    doc = Editor(client, path, text_of(path))
    version = await hover_at(client, doc, doc.position("version", 2, occurrence=1))
    assert isinstance(version.contents, types.MarkupContent)
    assert version.contents.value.startswith("**`version`** (string)\n\nThe minimum version")
    assert version.range == types.Range(
        start=doc.position("version", occurrence=1), end=doc.position("version", 7, occurrence=1)
    )
    package = await hover_at(client, doc, doc.position("[package]", 2))
    assert isinstance(package.contents, types.MarkupContent)
    assert package.contents.value.startswith("**`[package]`**\n\nThe package in this directory")
