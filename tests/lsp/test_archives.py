"""Sources inside archives end to end: definition answers ``balmod-archive:`` URIs, and
``balmod/archiveSource`` gives their text (or a proper error), with nothing extracted."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path
from typing import Any

import pytest
import pytest_lsp
from lsprotocol import types
from pygls.exceptions import JsonRpcException
from pytest_lsp import ClientServerConfig, LanguageClient

from balmod.extracted import archive_uri
from balmod.lsp.features.archives import ARCHIVE_SOURCE
from legacy.builders import balo_bytes
from lsp.harness import CLIENTS, Editor, make_client, start_session, wait_until
from lsp.test_navigation import definition_at

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
SERVER = ClientServerConfig(
    server_command=[sys.executable, "-m", "balmod", "serve"], client_factory=make_client
)


@pytest.fixture
def examples(tmp_path: Path) -> Path:
    base = tmp_path / "a dir with 100% ünïcode"
    shutil.copytree(EXAMPLES / "legacy", base / "legacy")
    shutil.copytree(EXAMPLES / "ceylon", base / "ceylon")
    return base


@pytest_lsp.fixture(config=SERVER, params=CLIENTS)
async def client(lsp_client: LanguageClient, request: pytest.FixtureRequest, examples: Path):
    options = {
        "ballerinaHome": str(examples / "legacy/ballerina-home"),
        "userHome": str(examples / "legacy/user-home"),
        "ceylonHome": str(examples / "ceylon/ceylon-home"),
        "ceylonUserDir": str(examples / "ceylon/user-home"),
    }
    await start_session(lsp_client, request.param, options)
    yield
    await lsp_client.shutdown_session()


async def source(client: LanguageClient, params: Any) -> str:
    result = await client.protocol.send_request_async(ARCHIVE_SOURCE, params)  # type: ignore[no-untyped-call]
    text = result["text"] if isinstance(result, dict) else getattr(result, "text", None)
    assert isinstance(text, str)
    return text


def listing(root: Path) -> list[Path]:
    return sorted(root.rglob("*"))


async def test_definition_into_a_1x_archive_and_its_text(
    client: LanguageClient, examples: Path
) -> None:
    before = listing(examples)
    path = examples / "legacy/greeter/greetings/greetings.bal"
    doc = Editor(client, path, path.read_text())
    (target,) = await definition_at(client, doc, doc.position("tw:shorten", 4))
    balo = examples / "legacy/user-home/balo_cache/wso2/twitter/0.10.0"
    balo /= "twitter-2020r1-java8-0.10.0.balo"
    assert target.uri == archive_uri(balo / "src/twitter/twitter_client.bal")
    text = await source(client, {"uri": target.uri})
    start = target.range.start
    line = text.splitlines()[start.line]
    assert line[start.character :].startswith("shorten(")
    # The same member however a client re-encodes the URI (VS Code drops the empty authority).
    assert await source(client, {"uri": target.uri.replace(":///", ":/", 1)}) == text
    # From the import: every source of the module, inside the archive.
    files = await definition_at(client, doc, doc.position("wso2/twitter", 6))
    assert [f.uri for f in files] == [target.uri]
    assert listing(examples) == before  # nothing extracted next to the archives


async def test_definition_into_a_ceylon_source_archive(
    client: LanguageClient, examples: Path
) -> None:
    path = examples / "ceylon/hello/source/com/example/hello/module.ceylon"
    doc = Editor(client, path, path.read_text())
    (target,) = await definition_at(client, doc, doc.position("ceylon.file", 3))
    src = examples / "ceylon/ceylon-home/repo/ceylon/file/1.3.3/ceylon.file-1.3.3.src"
    assert target.uri == archive_uri(src / "ceylon/file/module.ceylon")
    text = await source(client, {"uri": target.uri})
    start, end = target.range.start, target.range.end
    assert text.splitlines()[start.line][start.character : end.character] == "ceylon.file"


async def test_requests_the_server_refuses(client: LanguageClient, examples: Path) -> None:
    balo = examples / "legacy/user-home/balo_cache/wso2/twitter/0.10.0"
    balo /= "twitter-2020r1-java8-0.10.0.balo"
    refusals: list[tuple[Any, int, str]] = [
        ({"uri": archive_uri(balo / "src/twitter/nothing.bal")}, -32803, "no member"),
        ({"uri": archive_uri(balo / "metadata/BALO.toml")}, -32803, "not a source"),
        ({"uri": archive_uri(balo / "src/twitter") + "/../../../x.bal"}, -32602, "safely"),
        (
            {"uri": archive_uri(balo / "src/a.bal").replace("balo/src", "gone/src")},
            -32803,
            "no archive",
        ),
        ({"uri": (balo / "src/a.bal").as_uri()}, -32602, "not a balmod-archive URI"),
        ({"file": "x"}, -32602, "expects"),
        ([1, 2], -32602, "expects"),
    ]
    for params, code, words in refusals:
        with pytest.raises(JsonRpcException) as refused:
            await source(client, params)
        assert refused.value.code == code, params
        assert words in refused.value.message
    # A member that vanishes with its archive is an error too, and the server goes on.
    balo.unlink()
    with pytest.raises(JsonRpcException) as gone:
        await source(client, {"uri": archive_uri(balo / "src/twitter/twitter_client.bal")})
    assert gone.value.code == -32803 and "no archive on disk" in gone.value.message


async def test_an_opened_archive_document_gets_no_diagnostics(
    client: LanguageClient, tmp_path: Path
) -> None:
    balo = tmp_path / "libs" / "m.balo"
    balo.parent.mkdir()
    text = "import nobody/nowhere;\n\npublic function f() { _ = nope:x(); }\n"
    balo.write_bytes(balo_bytes("a", "m", "1.0.0", {"m.bal": text}))
    uri = archive_uri(balo / "src/m/m.bal")
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=uri, language_id="ballerina", version=1, text=text
            )
        )
    )
    # The same text in an ordinary file has findings: the archive's copy is not the user's.
    plain = Editor(client, tmp_path / "plain.bal", text)
    await wait_until(client, lambda: {uri, plain.uri} <= set(client.diagnostics))
    assert list(client.diagnostics[uri]) == []
    assert {"BCE2000", "BCE2003"} <= {str(d.code) for d in client.diagnostics[plain.uri]}
