"""Changes on disk (repositories, manifests) reach open documents without a restart."""

from __future__ import annotations

from lsprotocol import types
from pytest_lsp import LanguageClient

from builders import make_bala
from lsp.harness import Editor, World, codes, wait_until


async def test_a_package_added_to_a_repository_is_seen_without_restart(
    client: LanguageClient, world: World
) -> None:
    doc = Editor(client, world.package / "main.bal", "import ballerina/uuid as _;\n")
    await wait_until(client, lambda: codes(client, doc.uri) == ["BCE2003"])
    make_bala(world.dirs.distribution, "ballerina", "uuid", "1.10.0")
    await wait_until(client, lambda: codes(client, doc.uri) == [])
    assert client.published_versions[doc.uri] == 1  # type: ignore[attr-defined]


async def test_a_manifest_change_reaches_open_documents(
    client: LanguageClient, world: World
) -> None:
    doc = Editor(client, world.package / "main.bal", "import mycompany/geo as _;\n")
    await wait_until(client, lambda: codes(client, doc.uri) == [])
    manifest = world.package / "Ballerina.toml"
    # Without repository = "local" the local repository is not searched.
    manifest.write_text(manifest.read_text().replace('repository = "local"\n', ""))
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(
            changes=[types.FileEvent(uri=manifest.as_uri(), type=types.FileChangeType.Changed)]
        )
    )
    await wait_until(client, lambda: codes(client, doc.uri) == ["BCE2003"])


async def test_watched_files_are_registered_when_the_client_allows(
    client: LanguageClient, world: World
) -> None:
    doc = Editor(client, world.package / "main.bal", "import ballerina/io as _;\n")
    await wait_until(client, lambda: doc.uri in client.diagnostics)
    registrations = client.registrations  # type: ignore[attr-defined]
    dynamic = (
        client.capabilities
        and client.capabilities.workspace
        and client.capabilities.workspace.did_change_watched_files
    )
    if dynamic and dynamic.dynamic_registration:
        (registration,) = registrations
        assert registration.method == types.WORKSPACE_DID_CHANGE_WATCHED_FILES
        globs = [w["globPattern"] for w in registration.register_options["watchers"]]
        assert "**/Ballerina.toml" in globs and "**/Dependencies.toml" in globs
    else:
        assert registrations == []
