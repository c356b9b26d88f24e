"""textDocument/hover and textDocument/definition."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lsprotocol import types

from balmod.lsp.convert import location

if TYPE_CHECKING:
    from balmod.lsp.server import BalmodServer


def register(server: BalmodServer) -> None:
    @server.feature(types.TEXT_DOCUMENT_HOVER)
    def on_hover(ls: BalmodServer, params: types.HoverParams) -> types.Hover | None:
        from balmod.analysis.hover import hover  # with the engine, after `initialize`

        uri = params.text_document.uri
        analysis, mapper = ls.analysis(uri), ls.mapper(uri)
        if analysis is None or mapper is None:
            return None
        info = hover(ls.engine, analysis, mapper.offset(params.position), ls.overlays(uri))
        if info is None:
            return None
        return types.Hover(
            contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=info.markdown),
            range=mapper.range(info.span),
        )

    @server.feature(types.TEXT_DOCUMENT_DEFINITION)
    def on_definition(
        ls: BalmodServer, params: types.DefinitionParams
    ) -> list[types.Location] | None:
        from balmod.analysis.definition import definition  # with the engine, after `initialize`

        uri = params.text_document.uri
        analysis, mapper = ls.analysis(uri), ls.mapper(uri)
        if analysis is None or mapper is None:
            return None
        targets = definition(ls.engine, analysis, mapper.offset(params.position), ls.overlays(uri))
        return [location(t.path, t.span, t.text, ls.encoding) for t in targets] or None
