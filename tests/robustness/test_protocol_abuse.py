"""Protocol abuse against `balmod serve`: it answers every request and never dies.

Malformed frames go in as raw bytes (frames.py); everything else through pytest-lsp, once
per client capability set: unknown methods, documents never opened, odd URIs, positions
past the end of a line or of the file, versions out of order, changes to documents that
are not open, and the line breaks LSP does not count as line breaks.
"""

from __future__ import annotations

import pytest
from lsprotocol import types
from pygls.exceptions import JsonRpcMethodNotFound
from pytest_lsp import LanguageClient

from lsp.harness import Editor, World, codes, wait_until
from robustness.frames import RawServer, frame

HOVER = "textDocument/hover"
NOWHERE = {
    "textDocument": {"uri": "file:///nowhere/never.bal"},
    "position": {"line": 0, "character": 0},
}


@pytest.fixture
def raw() -> RawServer:
    server = RawServer()
    server.initialize()
    return server


def test_malformed_frames_are_survived(raw: RawServer) -> None:
    garbage = [
        frame(b"{not json"),
        frame(b"\xff\xfe\x00 not UTF-8"),
        frame(b"[1, 2, 3]"),
        frame(b'"a string"'),
        frame(b"null"),
        frame(b"{}"),
        frame({"jsonrpc": "1.0", "id": 90, "method": HOVER, "params": NOWHERE}),
        frame({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": 5}}),
        frame({"jsonrpc": "2.0", "id": {"an": "object"}, "method": HOVER, "params": NOWHERE}),
        frame({"jsonrpc": "2.0", "id": 91, "result": "a response to nothing"}),
        b"X-Unknown-Header: 1\r\n\r\n",
        b"Content-Length: abc\r\n\r\n",
        b"Content-Type: application/json\r\n\r\n",
        b"Content-Length: 99999999999999\r\n\r\n",  # refused, not allocated
        b"x" * 200_000 + b"\r\n\r\n",  # a "header" line longer than any header
    ]
    for data in garbage:
        raw.send(data)
    raw.request(1, HOVER, NOWHERE)
    assert raw.response(1) == {"jsonrpc": "2.0", "id": 1, "result": None}
    assert "refused a message of 99999999999999 bytes" in raw.log
    assert raw.close() == 0


def test_malformed_requests_get_an_error_not_silence(raw: RawServer) -> None:
    raw.send(frame({"id": 2, "method": HOVER, "params": NOWHERE}))  # no "jsonrpc"
    assert raw.response(2)["error"]["code"] == -32600
    raw.send(frame({"jsonrpc": "1.0", "id": 22, "method": HOVER, "params": NOWHERE}))
    assert raw.response(22)["error"]["code"] == -32600
    raw.request(3, HOVER, "not an object")
    assert raw.response(3)["error"]["code"] == -32602
    raw.request(
        4,
        HOVER,
        {"textDocument": {"uri": "file:///x.bal"}, "position": {"line": -1, "character": 0}},
    )
    assert raw.response(4)["error"]["code"] == -32602
    raw.request(5, "textDocument/completion", {"textDocument": {}})
    assert raw.response(5)["error"]["code"] == -32602
    raw.request("six", "balmod/noSuchMethod", {})
    assert raw.response("six")["error"]["code"] == -32601
    raw.request(7, HOVER, NOWHERE)
    assert raw.response(7)["result"] is None
    assert raw.close() == 0


def test_requests_before_initialize_are_answered() -> None:
    server = RawServer()
    server.request(1, HOVER, NOWHERE)
    early = server.response(1)
    assert "error" in early or early["result"] is None
    server.initialize()
    server.request(2, HOVER, NOWHERE)
    assert server.response(2)["result"] is None
    assert server.close() == 0


async def test_unknown_methods(client: LanguageClient) -> None:
    with pytest.raises(JsonRpcMethodNotFound):
        await client.protocol.send_request_async("balmod/noSuchMethod", {"x": 1})
    client.protocol.notify("$/balmod/noSuchNotification", {"x": 1})
    client.protocol.notify("balmod/noSuchNotification", {"x": 1})
    # Still answering.
    assert (
        await client.text_document_hover_async(hover_params("file:///nowhere/x.bal", 0, 0)) is None
    )


def hover_params(uri: str, line: int, character: int) -> types.HoverParams:
    return types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=uri),
        position=types.Position(line=line, character=character),
    )


async def ask_everything(
    client: LanguageClient, uri: str, line: int, character: int
) -> list[object]:
    """Every request balmod answers, at one place; the answers (errors would raise)."""
    document = types.TextDocumentIdentifier(uri=uri)
    position = types.Position(line=line, character=character)
    span = types.Range(start=types.Position(line=0, character=0), end=position)
    return [
        await client.text_document_hover_async(hover_params(uri, line, character)),
        await client.text_document_definition_async(
            types.DefinitionParams(text_document=document, position=position)
        ),
        await client.text_document_completion_async(
            types.CompletionParams(text_document=document, position=position)
        ),
        await client.text_document_code_action_async(
            types.CodeActionParams(
                text_document=document, range=span, context=types.CodeActionContext(diagnostics=[])
            )
        ),
        await client.text_document_inlay_hint_async(
            types.InlayHintParams(text_document=document, range=span)
        ),
    ]


NEVER_OPENED = [
    "file:///nowhere/never.bal",
    "file:///nowhere/Ballerina.toml",
    "file:///nowhere/module.ceylon",
    "untitled:Untitled-1",
    "untitled:Untitled-1.bal",
    "file:///nowhere/nul%00.bal",
    "file:",
    "http://example.com/x.bal",
]


async def test_documents_never_opened(client: LanguageClient, world: World) -> None:
    # Even one that exists on disk: balmod answers from open documents only.
    on_disk = (world.package / "main.bal").as_uri()
    for uri in [*NEVER_OPENED, on_disk]:
        hover, definition, _completion, actions, hints = await ask_everything(client, uri, 0, 7)
        assert (hover, definition, actions) == (None, None, None), uri
        assert not hints


async def test_odd_uris_that_are_opened(client: LanguageClient, world: World) -> None:
    for uri in ("untitled:Untitled-2.bal", "file:///nowhere/nul%00.bal", "file:relative.bal"):
        client.text_document_did_open(
            types.DidOpenTextDocumentParams(
                text_document=types.TextDocumentItem(
                    uri=uri, language_id="ballerina", version=1, text="import ballerina/io;\n"
                )
            )
        )
        await wait_until(client, lambda uri=uri: uri in client.diagnostics)
        await ask_everything(client, uri, 0, 10)


async def test_positions_past_the_end(client: LanguageClient, world: World) -> None:
    text = "import ballerina/io;\r\nimport ballerina/htpp;\n\npublic function main() {\n    io:println(1);\n}"
    doc = Editor(client, world.package / "main.bal", text)
    await wait_until(client, lambda: codes(client, doc.uri) == ["BCE2003"])
    for line, character in [
        (0, 500),
        (1, 10**6),
        (5, 2),
        (6, 0),
        (999, 999),
        (2**31 - 1, 2**31 - 1),
    ]:
        await ask_everything(client, doc.uri, line, character)
    # A ranged change past the end of a line and past the end of the text.
    doc.client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=doc.uri, version=2),
            content_changes=[
                types.TextDocumentContentChangePartial(
                    range=types.Range(
                        start=types.Position(line=1, character=400),
                        end=types.Position(line=1, character=900),
                    ),
                    text=" // tail",
                ),
                types.TextDocumentContentChangePartial(
                    range=types.Range(
                        start=types.Position(line=50, character=3),
                        end=types.Position(line=60, character=0),
                    ),
                    text="\nfunction g() {}\n",
                ),
            ],
        )
    )
    await wait_until(client, lambda: client.published_versions.get(doc.uri) == 2)  # type: ignore[attr-defined]
    hover = await client.text_document_hover_async(hover_params(doc.uri, 0, 10))
    assert hover is not None and "ballerina/io" in str(hover.contents)
    assert codes(client, doc.uri) == ["BCE2003"]


async def test_versions_out_of_order_are_applied_in_arrival_order(
    client: LanguageClient, world: World
) -> None:
    doc = Editor(client, world.package / "main.bal", "import ballerina/io;\n")
    await wait_until(client, lambda: codes(client, doc.uri) == ["BCE2002"])
    for version, (old, new) in ((7, ("io", "htpp")), (3, ("htpp", "log as _"))):
        start, end = doc.position(old), doc.position(old, len(old))
        doc.text = doc.text.replace(old, new, 1)
        client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=doc.uri, version=version),
                content_changes=[
                    types.TextDocumentContentChangePartial(
                        range=types.Range(start=start, end=end), text=new
                    )
                ],
            )
        )
    await wait_until(
        client,
        lambda: client.published_versions.get(doc.uri) == 3 and codes(client, doc.uri) == [],  # type: ignore[attr-defined]
    )
    hover = await client.text_document_hover_async(hover_params(doc.uri, 0, 10))
    assert hover is not None and "ballerina/log" in str(hover.contents)


async def test_changes_to_documents_that_are_not_open(client: LanguageClient, world: World) -> None:
    uri = (world.package / "closed.bal").as_uri()
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text="import x/y;\n")],
        )
    )
    client.text_document_did_close(
        types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    client.text_document_did_save(
        types.DidSaveTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    doc = Editor(client, world.package / "main.bal", "import ballerina/htpp;\n")
    doc.close()
    doc = Editor(client, world.package / "main.bal", "import ballerina/htpp;\n")
    await wait_until(client, lambda: codes(client, doc.uri) == ["BCE2003"])
    assert await client.text_document_hover_async(hover_params(uri, 0, 8)) is None


async def test_escaped_uris_name_the_same_document(client: LanguageClient, world: World) -> None:
    # VS Code writes spaces, non-ASCII letters and a Windows drive's colon escaped.
    folder = world.package / "modules" / "my util é"
    doc = Editor(client, folder / "util 2.bal", "import ballerina/htpp;\n")
    assert "%20" in doc.uri and "%C3%A9" in doc.uri
    await wait_until(client, lambda: codes(client, doc.uri) == ["BCE2003"])
    hover = await client.text_document_hover_async(hover_params(doc.uri, 0, 10))
    assert hover is not None
    doc.replace("htpp", "io as _")
    await wait_until(client, lambda: codes(client, doc.uri) == [])


async def test_line_separators_that_are_not_line_breaks(
    client: LanguageClient, world: World
) -> None:
    # LSP counts only LF, CRLF and CR; a form feed or U+2028 sits inside a line.
    text = "// a\u2028b\x0cc\x85d\nimport ballerina/io;\n"
    doc = Editor(client, world.package / "main.bal", text)
    await wait_until(client, lambda: codes(client, doc.uri) == ["BCE2002"])
    doc.replace("io;", "htpp;")
    await wait_until(client, lambda: codes(client, doc.uri) == ["BCE2003"])
    (finding,) = client.diagnostics[doc.uri]
    assert finding.range.start == types.Position(line=1, character=7)
