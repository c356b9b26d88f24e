"""Faults on disk and huge input while `balmod serve` runs (end to end, both clients)."""

from __future__ import annotations

import shutil
import sys

from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

from builders import make_bala
from lsp.harness import Editor, World, codes, make_client, wait_until


async def test_a_package_removed_and_restored_while_the_server_runs(
    client: LanguageClient, world: World
) -> None:
    doc = Editor(
        client,
        world.package / "main.bal",
        'import ballerina/log;\nfunction f() { log:printInfo("x"); }\n',
    )
    await wait_until(client, lambda: codes(client, doc.uri) == [])
    log_package = world.dirs.distribution / "ballerina" / "log"
    shutil.rmtree(log_package)
    await wait_until(client, lambda: codes(client, doc.uri) == ["BCE2003"])
    make_bala(
        world.dirs.distribution,
        "ballerina",
        "log",
        "2.17.0",
        modules={"log": {"log.bal": "public function printInfo(string msg) {\n}\n"}},
    )
    await wait_until(client, lambda: codes(client, doc.uri) == [])


async def test_a_very_large_document(client: LanguageClient, world: World) -> None:
    # A megabyte, twenty thousand lines: analysed, and edited, like any other.
    body = "".join(f"function f{i}() {{ io:println({i}); }}\n" for i in range(20_000))
    doc = Editor(client, world.package / "big.bal", f"import ballerina/io;\n{body}strings:x();\n")
    await wait_until(client, lambda: codes(client, doc.uri) == ["BCE2000"])
    (undefined,) = client.diagnostics[doc.uri]
    assert undefined.range.start == types.Position(line=20_001, character=0)
    hover = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=doc.uri),
            position=types.Position(line=20_000, character=22),
        )
    )
    assert hover is not None and "ballerina/io" in str(hover.contents)
    doc.replace("strings:x();", "io:println();")
    await wait_until(client, lambda: codes(client, doc.uri) == [])


async def hover_on_client(world: World, **options: object) -> str | None:
    """Start a session with ``options``, hover on `http:Client`, and say what came back."""
    config = ClientServerConfig(
        server_command=[sys.executable, "-m", "balmod", "serve"], client_factory=make_client
    )
    client = await config.start()
    try:
        await client.initialize_session(
            types.InitializeParams(
                capabilities=client_capabilities("neovim"),
                initialization_options=world.options(**options),
            )
        )
        client.position_encoding = "utf-16"  # type: ignore[attr-defined]
        doc = Editor(
            client, world.package / "main.bal", "import ballerina/http;\nhttp:Client c = new;\n"
        )
        await wait_until(client, lambda: doc.uri in client.diagnostics)
        hover = await client.text_document_hover_async(
            types.HoverParams(
                text_document=types.TextDocumentIdentifier(uri=doc.uri),
                position=doc.position("Client"),
            )
        )
        return None if hover is None else str(hover.contents)
    finally:
        await client.shutdown_session()


async def test_max_file_bytes_limits_what_is_read(world: World) -> None:
    # The http module's source is 160 bytes: read under the default limit, not under 100.
    assert "client class Client" in (await hover_on_client(world) or "")
    assert "client class Client" not in (await hover_on_client(world, maxFileBytes=100) or "")
