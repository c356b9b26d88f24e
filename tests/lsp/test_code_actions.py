"""Each quick fix and organize imports, applied as a client would, then re-checked."""

from __future__ import annotations

from lsprotocol import types
from pytest_lsp import LanguageClient

from lsp.harness import Editor, World, codes, wait_until


async def actions(
    client: LanguageClient,
    doc: Editor,
    start: types.Position,
    end: types.Position | None = None,
    only: list[str] | None = None,
) -> dict[str, types.CodeAction]:
    result = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=doc.uri),
            range=types.Range(start=start, end=end or start),
            context=types.CodeActionContext(
                diagnostics=list(client.diagnostics.get(doc.uri, [])), only=only
            ),
        )
    )
    return {a.title: a for a in result or [] if isinstance(a, types.CodeAction)}


def edits_of(action: types.CodeAction, uri: str) -> list[types.TextEdit]:
    assert action.edit is not None and action.edit.changes is not None
    return list(action.edit.changes[uri])


async def test_remove_unused_import_touches_only_its_line(
    client: LanguageClient, world: World
) -> None:
    text = "// header\nimport ballerina/io;\nimport ballerina/log;\n\npublic function main() {\n    io:println();\n}\n"
    doc = Editor(client, world.package / "main.bal", text)
    await wait_until(client, lambda: codes(client, doc.uri) == ["BCE2002"])
    found = await actions(client, doc, doc.position("log;"))
    fix = found["Remove unused import 'ballerina/log'"]
    assert fix.kind == types.CodeActionKind.QuickFix
    assert fix.diagnostics and fix.diagnostics[0].code == "BCE2002"
    doc.apply(edits_of(fix, doc.uri))
    assert doc.text == text.replace("import ballerina/log;\n", "")
    await wait_until(client, lambda: codes(client, doc.uri) == [])


async def test_remove_all_unused_imports(client: LanguageClient, world: World) -> None:
    text = "import ballerina/io;\nimport ballerina/log;\nimport ballerinax/mysql;\n\npublic function main() {\n}\n"
    doc = Editor(client, world.package / "main.bal", text)
    await wait_until(client, lambda: codes(client, doc.uri) == ["BCE2002"] * 3)
    found = await actions(client, doc, doc.position("log;"))
    doc.apply(edits_of(found["Remove all unused imports"], doc.uri))
    assert doc.text == "\npublic function main() {\n}\n"
    await wait_until(client, lambda: codes(client, doc.uri) == [])


async def test_remove_redeclared_import(client: LanguageClient, world: World) -> None:
    text = "import ballerina/io;\nimport ballerina/io;\n\npublic function main() {\n    io:println();\n}\n"
    doc = Editor(client, world.package / "main.bal", text)
    await wait_until(client, lambda: codes(client, doc.uri) == ["BCE2004"])
    found = await actions(client, doc, doc.position("io;", occurrence=1))
    doc.apply(edits_of(found["Remove redeclared import 'ballerina/io'"], doc.uri))
    await wait_until(client, lambda: codes(client, doc.uri) == [])
    assert doc.text == text.replace("import ballerina/io;\n", "", 1)


async def test_import_a_module_for_an_undefined_prefix(
    client: LanguageClient, world: World
) -> None:
    text = "import ballerina/io;\n\npublic function main() {\n    io:println(exception:f());\n}\n"
    doc = Editor(client, world.package / "main.bal", text)
    await wait_until(client, lambda: codes(client, doc.uri) == ["BCE2000"])
    found = await actions(client, doc, doc.position("exception:"))
    fix = found["Import module 'tyler/net.http.exception'"]
    doc.apply(edits_of(fix, doc.uri))
    assert doc.text.startswith("import ballerina/io;\nimport tyler/net.http.exception;\n\n")
    await wait_until(client, lambda: codes(client, doc.uri) == [])


async def test_did_you_mean_for_an_unresolved_import(client: LanguageClient, world: World) -> None:
    text = "import ballerina/htpp;\n\npublic function main() {\n    htpp:f();\n}\n"
    doc = Editor(client, world.package / "main.bal", text)
    await wait_until(client, lambda: codes(client, doc.uri) == ["BCE2003"])
    found = await actions(client, doc, doc.position("htpp;"))
    fix = found["Change to 'http'"]
    assert fix.is_preferred
    doc.apply(edits_of(fix, doc.uri))
    assert doc.text.startswith("import ballerina/http;\n")
    await wait_until(client, lambda: codes(client, doc.uri) == ["BCE2000", "BCE2002"])


async def test_organize_imports_sorts_dedupes_drops_unused_and_keeps_comments(
    client: LanguageClient, world: World
) -> None:
    text = (
        "// header stays\n\n"
        "import ballerina/log;\n"
        "// the HTTP client\n"
        "import ballerina/http; // trailing note\n"
        "import ballerina/io;\n"
        "import ballerina/http;\n"
        "import ballerinax/mysql;\n"
        '\npublic function main() {\n    http:Client c; io:println(); log:printInfo("");\n}\n'
    )
    doc = Editor(client, world.package / "main.bal", text)
    await wait_until(client, lambda: codes(client, doc.uri) == ["BCE2002", "BCE2004"])
    found = await actions(
        client,
        doc,
        types.Position(line=0, character=0),
        only=[types.CodeActionKind.SourceOrganizeImports],
    )
    assert list(found) == ["Organize imports"]
    doc.apply(edits_of(found["Organize imports"], doc.uri))
    assert doc.text == (
        "// header stays\n\n"
        "// the HTTP client\n"
        "import ballerina/http; // trailing note\n"
        "import ballerina/io;\n"
        "import ballerina/log;\n"
        '\npublic function main() {\n    http:Client c; io:println(); log:printInfo("");\n}\n'
    )
    await wait_until(client, lambda: codes(client, doc.uri) == [])
    again = await actions(
        client,
        doc,
        types.Position(line=0, character=0),
        only=[types.CodeActionKind.SourceOrganizeImports],
    )
    assert again == {}
