"""Text synchronisation: analyse on open and change, clear on close."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lsprotocol import types

if TYPE_CHECKING:
    from balmod.lsp.server import BalmodServer


def register(server: BalmodServer) -> None:
    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: BalmodServer, params: types.DidOpenTextDocumentParams) -> None:
        ls.forget(params.text_document.uri)
        # As for a change: the new buffer's unsaved text may change its siblings' findings.
        ls.opened(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: BalmodServer, params: types.DidChangeTextDocumentParams) -> None:
        ls.changed(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: BalmodServer, params: types.DidSaveTextDocumentParams) -> None:
        # A saved manifest changes how every open document of its package resolves.
        if params.text_document.uri.endswith(".toml"):
            ls.refresh_all()

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: BalmodServer, params: types.DidCloseTextDocumentParams) -> None:
        ls.clear(params.text_document.uri)
