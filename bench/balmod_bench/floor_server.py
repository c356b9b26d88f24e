"""The floor: a bare pygls server that answers balmod's requests with canned results.

It registers the same features as balmod, keeps documents in sync the same way (pygls's own
incremental updates) and publishes diagnostics with the document's version, but computes
nothing: every answer is what balmod answered at the same place in the same run, read
from the JSON file named on the command line (loaded on `initialized`, so not counted in
start-up). What is left is the cost of Python, pygls, lsprotocol and JSON: no server built on
them can be faster.

Run as a script: ``python floor_server.py [CANNED.json]``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.protocol import default_converter

_converter = default_converter()  # type: ignore[no-untyped-call]


class FloorServer(LanguageServer):
    def __init__(self, canned: Path | None) -> None:
        super().__init__("balmod-floor", "0")
        self.canned_path = canned
        self.answers: dict[str, Any] = {}
        self.diagnostics: dict[str, list[types.Diagnostic]] = {}

    def load(self) -> None:
        if self.canned_path is None or not self.canned_path.exists():
            return
        data = json.loads(self.canned_path.read_text())
        types_by_method: dict[str, Any] = {
            types.TEXT_DOCUMENT_COMPLETION: types.CompletionList | None,
            types.TEXT_DOCUMENT_HOVER: types.Hover | None,
            types.TEXT_DOCUMENT_DEFINITION: list[types.Location] | None,
        }
        for key, result in data.get("answers", {}).items():
            method = key.split("|", 1)[0]
            self.answers[key] = _converter.structure(result, types_by_method[method])
        for uri, diagnostics in data.get("diagnostics", {}).items():
            self.diagnostics[uri] = _converter.structure(diagnostics, list[types.Diagnostic])

    def answer(self, method: str, uri: str, position: types.Position) -> Any:
        return self.answers.get(f"{method}|{uri}|{position.line}|{position.character}")

    def publish(self, uri: str) -> None:
        document = self.workspace.get_text_document(uri)
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(
                uri=uri, version=document.version, diagnostics=self.diagnostics.get(uri, [])
            )
        )


def create(canned: Path | None) -> FloorServer:
    server = FloorServer(canned)

    @server.feature(types.INITIALIZED)
    def initialized(ls: FloorServer, params: types.InitializedParams) -> None:
        ls.load()

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: FloorServer, params: types.DidOpenTextDocumentParams) -> None:
        ls.publish(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: FloorServer, params: types.DidChangeTextDocumentParams) -> None:
        ls.publish(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: FloorServer, params: types.DidSaveTextDocumentParams) -> None:
        return None

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: FloorServer, params: types.DidCloseTextDocumentParams) -> None:
        ls.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=params.text_document.uri, diagnostics=[])
        )

    @server.feature(
        types.TEXT_DOCUMENT_COMPLETION,
        types.CompletionOptions(trigger_characters=["/", ".", ":", " "], resolve_provider=True),
    )
    def completion(ls: FloorServer, params: types.CompletionParams) -> Any:
        return ls.answer(types.TEXT_DOCUMENT_COMPLETION, params.text_document.uri, params.position)

    @server.feature(types.COMPLETION_ITEM_RESOLVE)
    def resolve(ls: FloorServer, item: types.CompletionItem) -> types.CompletionItem:
        return item

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    def hover(ls: FloorServer, params: types.HoverParams) -> Any:
        return ls.answer(types.TEXT_DOCUMENT_HOVER, params.text_document.uri, params.position)

    @server.feature(types.TEXT_DOCUMENT_DEFINITION)
    def definition(ls: FloorServer, params: types.DefinitionParams) -> Any:
        return ls.answer(types.TEXT_DOCUMENT_DEFINITION, params.text_document.uri, params.position)

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(
            code_action_kinds=[
                types.CodeActionKind.QuickFix,
                types.CodeActionKind.SourceOrganizeImports,
            ]
        ),
    )
    def code_action(ls: FloorServer, params: types.CodeActionParams) -> None:
        return None

    @server.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)
    def did_change_configuration(
        ls: FloorServer, params: types.DidChangeConfigurationParams
    ) -> None:
        return None

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def did_change_watched_files(
        ls: FloorServer, params: types.DidChangeWatchedFilesParams
    ) -> None:
        return None

    return server


def main() -> None:
    canned = Path(sys.argv[1]) if len(sys.argv) > 1 else None
    create(canned).start_io()


if __name__ == "__main__":
    main()
