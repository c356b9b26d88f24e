"""Manifest diagnostics against the repositories: they appear, follow edits and clear.

Also the helpers the other manifest tests share (code actions, applying workspace edits).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from lsprotocol import types
from pytest_lsp import LanguageClient

from builders import make_bala
from lsp.harness import Editor, World, assert_agrees_with_check, codes, units, wait_until

GRAPH_ON_OLD_HTTP = {
    "packages": [
        {
            "org": "acme",
            "name": "legacy",
            "version": "1.0.0",
            "dependencies": [{"org": "ballerina", "name": "http", "version": "1.4.0"}],
        },
        {"org": "ballerina", "name": "http", "version": "1.4.0", "dependencies": []},
    ],
    "modules": [],
}


def text_of(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def apply_text(text: str, edits: list[types.TextEdit], encoding: str) -> str:
    """``text`` with LSP edits applied, as a client would (positions in ``encoding``)."""
    lines = text.split("\n")

    def offset(pos: types.Position) -> int:
        start = sum(len(line) + 1 for line in lines[: pos.line])
        line = lines[pos.line] if pos.line < len(lines) else ""
        count = 0
        for i, char in enumerate(line):
            if count >= pos.character:
                return start + i
            count += units(char, encoding)
        return start + len(line)

    spans = sorted(
        ((offset(e.range.start), offset(e.range.end), e.new_text) for e in edits), reverse=True
    )
    for start, end, new in spans:
        text = text[:start] + new + text[end:]
    return text


async def actions_at(
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


def edits_for(action: types.CodeAction, uri: str) -> list[types.TextEdit]:
    assert action.edit is not None and action.edit.changes is not None
    assert set(action.edit.changes) == {uri}, action.edit.changes.keys()
    return list(action.edit.changes[uri])


def save(client: LanguageClient, doc: Editor) -> None:
    doc.path.write_text(doc.text, encoding="utf-8")
    client.text_document_did_save(
        types.DidSaveTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=doc.uri))
    )


async def test_the_worlds_manifests_are_clean(client: LanguageClient, world: World) -> None:
    docs = [
        Editor(client, world.package / name, text_of(world.package / name))
        for name in ("Ballerina.toml", "Dependencies.toml")
    ]
    await wait_until(client, lambda: all(doc.uri in client.diagnostics for doc in docs))
    assert [codes(client, doc.uri) for doc in docs] == [[], []]


async def test_a_package_in_no_repository_appears_and_clears(
    client: LanguageClient, world: World
) -> None:
    path = world.package / "Dependencies.toml"
    original = text_of(path)
    doc = Editor(client, path, original)
    await wait_until(client, lambda: doc.uri in client.diagnostics)
    doc.set_text(original + '\n[[package]]\norg = "nobody"\nname = "nothing"\nversion = "1.0.0"\n')
    await wait_until(client, lambda: codes(client, doc.uri) == ["BCE5202"])
    (found,) = client.diagnostics[doc.uri]
    assert found.message == (
        "package 'nobody/nothing' not found in the distribution or Central cache repositories"
    )
    assert found.severity == types.DiagnosticSeverity.Error
    assert found.range.start == doc.position('"nothing"')
    doc.replace('"nothing"', '"io"')
    doc.replace('"nobody"', '"ballerina"')
    await wait_until(client, lambda: codes(client, doc.uri) == ["BMD0004"])  # io 1.0.0
    doc.replace('"1.0.0"', '"1.8.0"')
    await wait_until(client, lambda: codes(client, doc.uri) == [])


async def test_a_package_only_in_the_local_repository_says_so(
    client: LanguageClient, world: World
) -> None:
    make_bala(world.dirs.local, "mycompany", "maps", "1.0.0")
    path = world.package / "Dependencies.toml"
    extra = '\n[[package]]\norg = "mycompany"\nname = "maps"\nversion = "1.0.0"\n'
    doc = Editor(client, path, text_of(path) + extra)
    await wait_until(client, lambda: codes(client, doc.uri) == ["BCE5202"])
    assert client.diagnostics[doc.uri][0].message.endswith(
        'it is only in the local repository (add repository = "local")'
    )
    doc.replace('version = "1.0.0"\n', 'version = "1.0.0"\nrepository = "local"\n')
    await wait_until(client, lambda: codes(client, doc.uri) == [])


async def test_a_locked_version_removed_from_disk_shows_on_the_manifest_and_the_imports(
    client: LanguageClient, world: World
) -> None:
    main = Editor(
        client,
        world.package / "main.bal",
        "import ballerina/http;\n\npublic function main() {\n    http:Client c = new;\n}\n",
    )
    lock_path = world.package / "Dependencies.toml"
    lock = Editor(client, lock_path, text_of(lock_path))
    await wait_until(
        client, lambda: main.uri in client.diagnostics and lock.uri in client.diagnostics
    )
    assert codes(client, main.uri) == [] and codes(client, lock.uri) == []

    shutil.rmtree(world.dirs.distribution / "ballerina" / "http" / "2.15.0")
    await wait_until(
        client,
        lambda: codes(client, main.uri) == ["BMD0004"] and codes(client, lock.uri) == ["BMD0004"],
    )
    (on_lock,) = client.diagnostics[lock.uri]
    assert on_lock.message == (
        "version 2.15.0 of 'ballerina/http' is in no repository; "
        "the closest compatible version on disk, 2.16.4, is used"
    )
    assert on_lock.range.start == lock.position('"2.15.0"')

    found = await actions_at(client, lock, lock.position("2.15.0"))
    fix = found["Change 'ballerina/http' to 2.16.4, the closest compatible version on disk"]
    assert fix.kind == types.CodeActionKind.QuickFix
    assert fix.diagnostics and fix.diagnostics[0].code == "BMD0004"
    before = lock.text
    lock.apply(edits_for(fix, lock.uri))
    assert lock.text == before.replace('version = "2.15.0"', 'version = "2.16.4"')
    await wait_until(client, lambda: codes(client, lock.uri) == [])
    save(client, lock)
    await wait_until(client, lambda: codes(client, main.uri) == [])


async def test_incompatible_versions_in_the_dependency_graph(
    client: LanguageClient, world: World
) -> None:
    make_bala(world.dirs.central, "acme", "legacy", "1.0.0", dependency_graph=GRAPH_ON_OLD_HTTP)
    path = world.package / "Dependencies.toml"
    extra = '\n[[package]]\norg = "acme"\nname = "legacy"\nversion = "1.0.0"\n'
    doc = Editor(client, path, text_of(path) + extra)
    await wait_until(client, lambda: codes(client, doc.uri) == ["BCE5201"])
    (found,) = client.diagnostics[doc.uri]
    assert found.message == (
        "Two incompatible versions exist in the dependency graph: "
        "ballerina/http versions: 2.15.0, 1.4.0"
    )
    assert found.range.start == doc.position('"2.15.0"')
    assert found.related_information is not None
    notes = [r.message for r in found.related_information]
    assert notes == [
        "version 2.15.0 in Dependencies.toml",
        "version 1.4.0 in the dependency graph of acme/legacy 1.0.0",
    ]
    doc.replace(extra, "")
    await wait_until(client, lambda: codes(client, doc.uri) == [])


async def test_ballerina_toml_dependencies_and_modules(
    client: LanguageClient, world: World
) -> None:
    path = world.package / "Ballerina.toml"
    original = text_of(path)
    doc = Editor(client, path, original)
    await wait_until(client, lambda: doc.uri in client.diagnostics)
    assert codes(client, doc.uri) == []
    doc.set_text(
        original
        + '\n[[dependency]]\norg = "ballerina"\nname = "io"\nversion = "1.9.0"\n'
        + '\n[[dependency]]\norg = "acme"\nname = "nowhere"\nversion = "1.0.0"\n'
        + '\n[[package.modules]]\nname = "app.util"\n'
        + '\n[[package.modules]]\nname = "app.gone"\n'
    )
    await wait_until(client, lambda: codes(client, doc.uri) == ["BCE5202", "BCE5202", "BMD1008"])
    by_code = sorted((d.code, d.severity, d.message) for d in client.diagnostics[doc.uri])
    assert by_code == [
        (
            "BCE5202",
            types.DiagnosticSeverity.Error,
            "package 'acme/nowhere' not found in the distribution or Central cache repositories",
        ),
        (
            "BCE5202",
            types.DiagnosticSeverity.Warning,
            "Dependency version (1.9.0) cannot be found in the distribution or Central cache "
            "repositories. org: `ballerina` name: io (versions on disk: 1.8.0)",
        ),
        (
            "BMD1008",
            types.DiagnosticSeverity.Warning,
            "module 'app.gone' does not exist: there is no directory 'modules/gone'",
        ),
    ]
    make_bala(world.dirs.central, "acme", "legacy", "1.0.0")
    doc.replace('"nowhere"', '"legacy"')
    await wait_until(client, lambda: codes(client, doc.uri) == ["BCE5202", "BMD1008"])
    # Seen through the repository poller and the project's modules/ directory.
    make_bala(world.dirs.distribution, "ballerina", "io", "1.9.2")
    (world.package / "modules" / "gone").mkdir()
    doc.replace('"app.gone"', '"app.gone"')
    await wait_until(client, lambda: codes(client, doc.uri) == [])


async def test_a_missing_custom_repository(client: LanguageClient, world: World) -> None:
    path = world.package / "Ballerina.toml"
    doc = Editor(
        client,
        path,
        text_of(path)
        + '\n[[dependency]]\norg = "acme"\nname = "tools"\nversion = "1.0.0"\nrepository = "inhouse"\n',
    )
    await wait_until(client, lambda: codes(client, doc.uri) == ["BCE5205"])
    assert client.diagnostics[doc.uri][0].range.start == doc.position('"inhouse"')
    make_bala(world.dirs.custom("inhouse"), "acme", "tools", "1.0.0")
    await wait_until(client, lambda: codes(client, doc.uri) == [])  # the poller sees it


async def test_manifest_findings_equal_balmod_check(client: LanguageClient, world: World) -> None:
    path = world.package / "Dependencies.toml"
    text = text_of(path) + '\n[[package]]\norg = "nobody"\nname = "nothing"\nversion = "1.0.0"\n'
    doc = Editor(client, path, text)
    await wait_until(client, lambda: codes(client, doc.uri) == ["BCE5202"])
    assert_agrees_with_check(client, world, doc)
