"""Inlay hints: resolved versions after imports, newer versions in manifests, the setting."""

from __future__ import annotations

import asyncio

from lsprotocol import types
from pytest_lsp import LanguageClient

from lsp.harness import Editor, World, wait_until
from lsp.test_manifests import text_of

MAIN = """\
import ballerina/http;
import mycompany/geo;
import app.util;
import ballerina/nope as _;

public function main() {
    http:Client c = new;
    geo:hello();
    util:shout("x");
}
"""


async def hints(client: LanguageClient, doc: Editor) -> list[types.InlayHint]:
    lines = doc.text.count("\n") + 1
    result = await client.text_document_inlay_hint_async(
        types.InlayHintParams(
            text_document=types.TextDocumentIdentifier(uri=doc.uri),
            range=types.Range(
                start=types.Position(line=0, character=0),
                end=types.Position(line=lines, character=0),
            ),
        )
    )
    return list(result or [])


async def test_each_resolved_import_shows_its_version(client: LanguageClient, world: World) -> None:
    doc = Editor(client, world.package / "main.bal", MAIN)
    found = [(h.position, h.label, h.padding_left) for h in await hints(client, doc)]
    assert found == [
        (doc.position("import ballerina/http;", 22), "2.15.0", True),
        (doc.position("import mycompany/geo;", 21), "0.3.0 local", True),
    ]


async def test_a_newer_compatible_version_shows_in_manifests(
    client: LanguageClient, world: World
) -> None:
    path = world.package / "Dependencies.toml"
    doc = Editor(client, path, text_of(path))
    (hint,) = await hints(client, doc)
    assert hint.label == "latest compatible 2.16.4"
    assert hint.position == doc.position('"2.15.0"', 8)
    doc.replace('"2.15.0"', '"2.16.4"')
    await wait_until(client, lambda: doc.uri in client.diagnostics)
    assert await hints(client, doc) == []


async def test_the_setting_switches_hints_and_asks_the_client_to_refresh(
    client: LanguageClient, world: World
) -> None:
    refreshed = asyncio.Event()

    def on_refresh(client: LanguageClient, params: None) -> None:
        refreshed.set()

    client.feature(types.WORKSPACE_INLAY_HINT_REFRESH)(on_refresh)

    doc = Editor(client, world.package / "main.bal", MAIN)
    await wait_until(client, lambda: doc.uri in client.diagnostics)
    assert await hints(client, doc) != []
    # The server re-publishes open documents once it has applied new settings.
    client.diagnostics.pop(doc.uri)
    client.set_configuration(world.options(inlayHints={"enable": False}), section="balmod")
    client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings=None))
    await wait_until(client, lambda: doc.uri in client.diagnostics)
    assert await hints(client, doc) == []
    capabilities = client.capabilities
    workspace = capabilities.workspace if capabilities else None
    if workspace and workspace.inlay_hint and workspace.inlay_hint.refresh_support:
        await asyncio.wait_for(refreshed.wait(), 15)
    else:
        assert not refreshed.is_set()
