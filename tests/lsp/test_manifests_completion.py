"""Completion in Ballerina.toml and Dependencies.toml: headers, keys and values."""

from __future__ import annotations

from lsprotocol import types
from pytest_lsp import LanguageClient

from builders import make_bala
from lsp.harness import Editor, World, codes, wait_until
from lsp.test_manifests import text_of


async def complete(
    client: LanguageClient, doc: Editor, position: types.Position
) -> list[types.CompletionItem]:
    result = await client.text_document_completion_async(
        types.CompletionParams(
            text_document=types.TextDocumentIdentifier(uri=doc.uri), position=position
        )
    )
    assert isinstance(result, types.CompletionList)
    return sorted(result.items, key=lambda item: (item.sort_text or item.label, item.label))


def labels(items: list[types.CompletionItem]) -> list[str]:
    return [item.label for item in items]


def snippets(client: LanguageClient) -> bool:
    capabilities = client.capabilities
    text = capabilities.text_document if capabilities else None
    item = text.completion.completion_item if text and text.completion else None
    return bool(item and item.snippet_support)


async def test_headers_leave_out_tables_already_there(client: LanguageClient, world: World) -> None:
    path = world.package / "Ballerina.toml"
    doc = Editor(client, path, text_of(path) + "\n[[dep\n")
    items = await complete(client, doc, doc.position("[[dep", 5))
    found = labels(items)
    assert "[[dependency]]" in found and "[build-options]" in found
    assert "[package]" not in found  # already there
    item = next(i for i in items if i.label == "[[dependency]]")
    assert isinstance(item.text_edit, types.TextEdit)
    assert item.text_edit.range.start == doc.position("[[dep")
    assert item.text_edit.new_text == "[[dependency]]"


async def test_keys_of_a_dependency_with_the_shape_of_their_values(
    client: LanguageClient, world: World
) -> None:
    path = world.package / "Ballerina.toml"
    doc = Editor(client, path, text_of(path) + '\n[[dependency]]\norg = "ballerina"\nve\n')
    items = await complete(client, doc, doc.position("\nve\n", 3))
    keys = [i.label for i in items if i.kind == types.CompletionItemKind.Property]
    assert keys == ["name", "version", "repository", "path"]  # org is there already
    version = next(i for i in items if i.label == "version")
    assert isinstance(version.text_edit, types.TextEdit)
    assert version.text_edit.range.start == doc.position("\nve\n", 1)
    if snippets(client):
        assert version.text_edit.new_text == 'version = "$1"'
        assert version.insert_text_format == types.InsertTextFormat.Snippet
    else:
        assert version.text_edit.new_text == 'version = ""'
    assert version.documentation is not None


async def test_org_and_name_values_come_from_the_repositories(
    client: LanguageClient, world: World
) -> None:
    path = world.package / "Ballerina.toml"
    doc = Editor(client, path, text_of(path) + '\n[[dependency]]\norg = "t"\nname = \n')
    orgs = labels(await complete(client, doc, doc.position('"t"', 2)))
    assert orgs == ["ballerina", "ballerinax", "mycompany", "tyler"]
    doc.replace('"t"', '"ballerina"')
    items = await complete(client, doc, doc.position("name = \n", 7))
    assert "http" in labels(items) and "log" in labels(items)
    http = next(i for i in items if i.label == "http")
    assert isinstance(http.text_edit, types.TextEdit)
    assert http.text_edit.new_text == '"http"'  # no quote typed yet: the value brings its own
    assert http.detail == "2.16.4 (distribution)"


async def test_versions_compatible_first_newest_first_with_their_repositories(
    client: LanguageClient, world: World
) -> None:
    make_bala(world.dirs.central, "ballerina", "http", "2.14.0")
    make_bala(world.dirs.distribution, "ballerina", "http", "3.0.0-beta.1")
    make_bala(world.dirs.local, "ballerina", "http", "2.17.0")
    path = world.package / "Dependencies.toml"
    doc = Editor(client, path, text_of(path))
    items = await complete(client, doc, doc.position('"2.15.0"', 1))
    found = [(i.label, i.detail) for i in items]
    assert found == [
        ("2.16.4", "distribution"),
        ("2.15.0", "distribution"),
        ("2.14.0", "Central cache"),
        ("3.0.0-beta.1", "distribution, pre-release"),
        ("2.17.0", 'local (not searched: needs repository = "local")'),
    ]
    edit = items[0].text_edit
    assert isinstance(edit, types.TextEdit)
    assert edit.new_text == "2.16.4"  # inside the quotes, replacing the version written
    assert edit.range.start == doc.position("2.15.0")
    assert edit.range.end == doc.position("2.15.0", 6)


async def test_repository_values_and_inline_dependencies(
    client: LanguageClient, world: World
) -> None:
    world.dirs.custom("inhouse")
    path = world.package / "Dependencies.toml"
    text = text_of(path).replace(
        'version = "2.15.0"\n',
        'version = "2.15.0"\nrepository = ""\ndependencies = [\n\t{org = "ballerina", name = "l"}\n]\n',
    )
    doc = Editor(client, path, text)
    assert labels(await complete(client, doc, doc.position('repository = "', 14))) == [
        "inhouse",
        "local",
    ]
    names = labels(await complete(client, doc, doc.position('name = "l"', 9)))
    assert {"log", "lang.int", "http"} <= set(names)


async def test_boolean_and_scope_values(client: LanguageClient, world: World) -> None:
    path = world.package / "Dependencies.toml"
    text = text_of(path).replace(
        'version = "2.15.0"\n', 'version = "2.15.0"\ntransitive = \nscope = "t"\n'
    )
    doc = Editor(client, path, text)
    assert labels(await complete(client, doc, doc.position("transitive = ", 13))) == [
        "false",
        "true",
    ]
    assert labels(await complete(client, doc, doc.position('scope = "t', 10))) == ["testOnly"]


async def test_completing_does_not_disturb_diagnostics(
    client: LanguageClient, world: World
) -> None:
    path = world.package / "Dependencies.toml"
    doc = Editor(client, path, text_of(path))
    await wait_until(client, lambda: doc.uri in client.diagnostics)
    doc.replace('version = "2.15.0"', 'version = "2.15.0"\nsc')
    await wait_until(client, lambda: codes(client, doc.uri) == ["BMD1001"])
    keys = labels(await complete(client, doc, doc.position("\nsc", 3)))
    assert "scope" in keys and "version" not in keys and "org" not in keys
