"""Each manifest code action, applied as a client would, changes only its text and checks clean."""

from __future__ import annotations

from lsprotocol import types
from pytest_lsp import LanguageClient

from builders import make_bala, render_dependencies_toml
from lsp.harness import Editor, World, codes, wait_until
from lsp.test_manifests import actions_at, apply_text, edits_for, text_of

LOCK_WITH_LOG = render_dependencies_toml(
    [
        {
            "org": "acme",
            "name": "app",
            "version": "0.1.0",
            "dependencies": [
                {"org": "ballerina", "name": "http"},
                {"org": "ballerina", "name": "log"},
            ],
        },
        {"org": "ballerina", "name": "http", "version": "2.15.0"},
        {"org": "ballerina", "name": "log", "version": "2.17.0"},
        {"org": "ballerina", "name": "io", "version": "1.8.0"},
    ]
)


async def test_update_one_version_to_the_latest_compatible(
    client: LanguageClient, world: World
) -> None:
    path = world.package / "Dependencies.toml"
    doc = Editor(client, path, text_of(path))
    await wait_until(client, lambda: doc.uri in client.diagnostics)
    found = await actions_at(client, doc, doc.position("2.15.0"))
    update = found["Update 'ballerina/http' to 2.16.4, the latest compatible version"]
    assert update.kind == types.CodeActionKind.RefactorRewrite
    before = doc.text
    doc.apply(edits_for(update, doc.uri))
    assert doc.text == before.replace('"2.15.0"', '"2.16.4"')
    await wait_until(client, lambda: codes(client, doc.uri) == [])
    again = await actions_at(client, doc, doc.position("2.16.4"))
    assert not any(title.startswith("Update") for title in again)


async def test_update_all_versions(client: LanguageClient, world: World) -> None:
    make_bala(world.dirs.distribution, "ballerina", "io", "1.9.0")
    make_bala(world.dirs.distribution, "ballerina", "io", "2.0.0")  # not compatible
    path = world.package / "Dependencies.toml"
    doc = Editor(client, path, LOCK_WITH_LOG)
    await wait_until(client, lambda: doc.uri in client.diagnostics)
    assert codes(client, doc.uri) == []
    found = await actions_at(client, doc, types.Position(line=0, character=0))
    update = found["Update 2 versions to the latest compatible on disk"]
    doc.apply(edits_for(update, doc.uri))
    assert doc.text == LOCK_WITH_LOG.replace('"2.15.0"', '"2.16.4"').replace('"1.8.0"', '"1.9.0"')
    await wait_until(client, lambda: codes(client, doc.uri) == [])


async def test_remove_a_package_nothing_needs(client: LanguageClient, world: World) -> None:
    path = world.package / "Dependencies.toml"
    doc = Editor(client, path, LOCK_WITH_LOG)
    await wait_until(client, lambda: doc.uri in client.diagnostics)
    found = await actions_at(client, doc, doc.position('"log"', 1, occurrence=1))
    removal = found["Remove 'ballerina/log': nothing in the package needs it"]
    doc.apply(edits_for(removal, doc.uri))
    assert doc.text == LOCK_WITH_LOG.replace(
        '{org = "ballerina", name = "http"}, {org = "ballerina", name = "log"}',
        '{org = "ballerina", name = "http"}',
    ).replace('[[package]]\norg = "ballerina"\nname = "log"\nversion = "2.17.0"\n\n', "")
    await wait_until(client, lambda: codes(client, doc.uri) == [])


async def test_no_removal_for_a_package_that_is_imported_or_needed(
    client: LanguageClient, world: World
) -> None:
    (world.package / "modules" / "util" / "log.bal").write_text(
        'import ballerina/log;\n\npublic function note() {\n    log:printInfo("x");\n}\n'
    )
    needed = LOCK_WITH_LOG.replace(
        'name = "io"\nversion = "1.8.0"\n',
        'name = "io"\nversion = "1.8.0"\ndependencies = [{org = "ballerina", name = "http"}]\n',
    )
    path = world.package / "Dependencies.toml"
    doc = Editor(client, path, needed)
    await wait_until(client, lambda: doc.uri in client.diagnostics)
    on_log = await actions_at(client, doc, doc.position('"log"', 1, occurrence=1))
    assert not any(title.startswith("Remove") for title in on_log)
    on_http = await actions_at(client, doc, doc.position('"http"', 1, occurrence=1))
    assert not any(title.startswith("Remove") for title in on_http)
    on_io = await actions_at(client, doc, doc.position('"io"', 1))
    assert "Remove 'ballerina/io': nothing in the package needs it" in on_io


async def test_update_a_ballerina_toml_minimum(client: LanguageClient, world: World) -> None:
    make_bala(world.dirs.distribution, "ballerina", "io", "1.9.0")
    path = world.package / "Ballerina.toml"
    text = text_of(path) + '\n[[dependency]]\norg = "ballerina"\nname = "io"\nversion = "1.8.0"\n'
    doc = Editor(client, path, text)
    await wait_until(client, lambda: doc.uri in client.diagnostics)
    found = await actions_at(client, doc, doc.position('"1.8.0"'))
    doc.apply(
        edits_for(found["Update 'ballerina/io' to 1.9.0, the latest compatible version"], doc.uri)
    )
    assert doc.text == text.replace('"1.8.0"', '"1.9.0"')
    await wait_until(client, lambda: codes(client, doc.uri) == [])


async def test_an_import_only_the_local_repository_has_adds_a_dependency(
    client: LanguageClient, world: World
) -> None:
    make_bala(world.dirs.local, "mycompany", "maps", "1.0.0")
    make_bala(world.dirs.local, "mycompany", "maps", "1.1.0")
    manifest = world.package / "Ballerina.toml"
    original = text_of(manifest)
    main = Editor(client, world.package / "main.bal", "import mycompany/maps as _;\n")
    await wait_until(client, lambda: codes(client, main.uri) == ["BCE2003"])
    found = await actions_at(client, main, main.position("maps"))
    add = found["Add 'mycompany/maps' 1.1.0 from the local repository to Ballerina.toml"]
    assert add.kind == types.CodeActionKind.QuickFix
    assert add.diagnostics and add.diagnostics[0].code == "BCE2003"
    # The edit is on Ballerina.toml, which is not open: it applies to the file on disk.
    edits = edits_for(add, manifest.as_uri())
    encoding = str(getattr(client, "position_encoding", "utf-16"))
    changed = apply_text(original, edits, encoding)
    assert changed == original + (
        '\n[[dependency]]\norg = "mycompany"\nname = "maps"\nversion = "1.1.0"\n'
        'repository = "local"\n'
    )
    manifest.write_text(changed, encoding="utf-8")
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(
            changes=[types.FileEvent(uri=manifest.as_uri(), type=types.FileChangeType.Changed)]
        )
    )
    await wait_until(client, lambda: codes(client, main.uri) == [])
    toml = Editor(client, manifest, changed)
    await wait_until(client, lambda: toml.uri in client.diagnostics)
    assert codes(client, toml.uri) == []


async def test_the_local_dependency_fix_uses_the_open_manifest(
    client: LanguageClient, world: World
) -> None:
    make_bala(world.dirs.local, "mycompany", "maps", "1.0.0")
    manifest = world.package / "Ballerina.toml"
    unsaved = (
        text_of(manifest)
        + '\n[[dependency]]\norg = "mycompany"\nname = "maps"\nversion = "1.0.0"\n'
    )
    toml = Editor(client, manifest, text_of(manifest))
    toml.set_text(unsaved)
    main = Editor(client, world.package / "main.bal", "import mycompany/maps as _;\n")
    await wait_until(client, lambda: codes(client, main.uri) == ["BCE2003"])
    found = await actions_at(client, main, main.position("maps"))
    fix = found["Take 'mycompany/maps' from the local repository (Ballerina.toml)"]
    toml.apply(edits_for(fix, toml.uri))
    assert toml.text == unsaved + 'repository = "local"\n'
    await wait_until(client, lambda: codes(client, toml.uri) == [])
