"""Completion in imports (orgs, modules, half-typed names, `as`) and in the body."""

from __future__ import annotations

import attrs
from lsprotocol import types
from pytest_lsp import LanguageClient

from lsp.harness import Editor, World, codes, wait_until


async def complete(
    client: LanguageClient, doc: Editor, position: types.Position
) -> types.CompletionList:
    result = await client.text_document_completion_async(
        types.CompletionParams(
            text_document=types.TextDocumentIdentifier(uri=doc.uri), position=position
        )
    )
    assert isinstance(result, types.CompletionList)
    return with_defaults(result)


def with_defaults(result: types.CompletionList) -> types.CompletionList:
    """The list as a client shows it: every item completed from ``itemDefaults``."""
    defaults = result.item_defaults
    if defaults is None:
        return result
    items = []
    for item in result.items:
        edit = item.text_edit
        if edit is None and isinstance(defaults.edit_range, types.Range):
            edit = types.TextEdit(defaults.edit_range, item.text_edit_text or item.label)
        items.append(
            attrs.evolve(
                item,
                text_edit=edit,
                text_edit_text=None,
                insert_text_format=item.insert_text_format or defaults.insert_text_format,
                data=item.data if item.data is not None else defaults.data,
            )
        )
    return types.CompletionList(is_incomplete=result.is_incomplete, items=items)


def by_label(result: types.CompletionList) -> dict[str, types.CompletionItem]:
    return {item.label: item for item in result.items}


async def test_after_import_offers_orgs_modules_and_own_modules(
    client: LanguageClient, world: World
) -> None:
    doc = Editor(client, world.package / "main.bal", "import \n")
    items = by_label(await complete(client, doc, doc.position("import ", 7)))
    assert {"ballerina/", "ballerinax/", "tyler/", "mycompany/"} <= items.keys()
    assert {"ballerina/http", "ballerina/io", "ballerinax/mysql", "tyler/net.http"} <= items.keys()
    assert "app.util" in items  # the package's own module, without org
    assert "app" not in items  # a file cannot import its own module
    org = items["ballerina/"]
    assert org.kind == types.CompletionItemKind.Folder
    assert isinstance(org.text_edit, types.TextEdit)
    assert org.text_edit.new_text == "ballerina/"


async def test_after_org_slash_offers_that_orgs_modules_replacing_the_typed_name(
    client: LanguageClient, world: World
) -> None:
    doc = Editor(client, world.package / "main.bal", "import ballerina/ht\n")
    result = await complete(client, doc, doc.position("ht", 2))
    items = by_label(result)
    assert set(items) == {"ballerina/http", "ballerina/http.httpscerr"}
    edit = items["ballerina/http"].text_edit
    assert isinstance(edit, types.TextEdit)
    # The edit covers the whole typed name, org and slash included.
    assert edit.range.start == doc.position("ballerina/ht")
    assert edit.range.end == doc.position("ht", 2)
    assert edit.new_text == "ballerina/http"


async def test_dotted_names_quote_keyword_parts(client: LanguageClient, world: World) -> None:
    doc = Editor(client, world.package / "main.bal", "import ballerina/lang.\n")
    items = by_label(await complete(client, doc, doc.position("lang.", 5)))
    assert "ballerina/lang.int" in items
    edit = items["ballerina/lang.int"].text_edit
    assert isinstance(edit, types.TextEdit)
    assert edit.new_text == "ballerina/lang.'int"
    assert "ballerina/io" not in items


async def test_already_imported_modules_are_left_out(client: LanguageClient, world: World) -> None:
    doc = Editor(client, world.package / "main.bal", "import ballerina/io;\nimport ballerina/\n")
    items = by_label(await complete(client, doc, doc.position("ballerina/\n", 10)))
    assert "ballerina/io" not in items
    assert "ballerina/log" in items


async def test_the_same_items_asked_for_at_two_places_each_replace_their_own_name(
    client: LanguageClient, world: World
) -> None:
    # Items that do not depend on the position are made once and sent again: the range
    # each answer's items replace must still be that answer's.
    text = "import ballerina/ht\n\nimport ballerina/ht\n"
    doc = Editor(client, world.package / "main.bal", text)
    first = await complete(client, doc, types.Position(line=0, character=19))
    second = await complete(client, doc, types.Position(line=2, character=19))
    for line, result in ((0, first), (2, second)):
        edit = by_label(result)["ballerina/http"].text_edit
        assert isinstance(edit, types.TextEdit)
        assert edit.range == types.Range(
            types.Position(line=line, character=7), types.Position(line=line, character=19)
        )
        assert edit.new_text == "ballerina/http"
    assert [i.label for i in first.items] == [i.label for i in second.items]
    again = await complete(client, doc, types.Position(line=2, character=19))
    resolved = await client.completion_item_resolve_async(by_label(again)["ballerina/http"])
    assert resolved.detail == "ballerina/http 2.16.4 (distribution)"


async def test_after_a_complete_module_name_offers_as(client: LanguageClient, world: World) -> None:
    doc = Editor(client, world.package / "main.bal", "import ballerina/io \n")
    items = by_label(await complete(client, doc, doc.position("io ", 3)))
    assert list(items) == ["as"]
    assert items["as"].kind == types.CompletionItemKind.Keyword


async def test_resolve_adds_version_and_repository(client: LanguageClient, world: World) -> None:
    doc = Editor(client, world.package / "main.bal", "import ballerina/ht\n")
    item = by_label(await complete(client, doc, doc.position("ht", 2)))["ballerina/http"]
    resolved = await client.completion_item_resolve_async(item)
    assert resolved.detail == "ballerina/http 2.16.4 (distribution)"
    assert isinstance(resolved.documentation, types.MarkupContent)
    assert "2.15.0" in resolved.documentation.value  # the other version on disk


async def test_body_offers_prefixes_and_importable_modules_with_their_import(
    client: LanguageClient, world: World
) -> None:
    text = "import ballerina/io;\n\npublic function main() {\n    lo\n}\n"
    doc = Editor(client, world.package / "main.bal", text)
    items = by_label(await complete(client, doc, doc.position("    lo", 6)))
    log = items["log (import ballerina/log)"]
    assert log.additional_text_edits is not None
    (added,) = log.additional_text_edits
    assert added.new_text == "import ballerina/log;\n"
    assert added.range.start == types.Position(line=1, character=0)
    doc.apply([log.text_edit, added])  # type: ignore[list-item]
    assert doc.text.startswith("import ballerina/io;\nimport ballerina/log;\n")

    items = by_label(await complete(client, doc, types.Position(line=2, character=0)))
    assert "io" in items and "int" in items  # imported and predeclared prefixes


async def test_importable_module_gets_an_alias_when_its_prefix_is_taken(
    client: LanguageClient, world: World
) -> None:
    text = "import tyler/net.http;\n\npublic function main() {\n    http:f();\n    ht\n}\n"
    doc = Editor(client, world.package / "main.bal", text)
    items = by_label(await complete(client, doc, doc.position("    ht\n", 6)))
    item = items["http2 (import ballerina/http)"]
    assert item.additional_text_edits is not None
    assert item.additional_text_edits[0].new_text == "import ballerina/http as http2;\n"


async def test_no_module_completion_inside_comments_or_strings(
    client: LanguageClient, world: World
) -> None:
    text = 'public function main() {\n    // lo\n    string s = "lo";\n}\n'
    doc = Editor(client, world.package / "main.bal", text)
    assert not (await complete(client, doc, doc.position("// lo", 5))).items
    assert not (await complete(client, doc, doc.position('"lo', 3))).items
    await wait_until(client, lambda: codes(client, doc.uri) == [])
